//! Distilling the fast tier's static word vectors ([`attune_text::wordvec`]) from the sentence encoder.
//!
//! The vocabulary is every word that occurs at least `min_count` times in the train splits' turns (no labels
//! are read). Each word's encoder vector is centred on the vocabulary's mean (the direction every short input
//! shares), projected on the top principal components, and scaled by `a / (a + p(word))` with `p` the word's
//! share of the corpus (Arora et al.'s smooth inverse frequency), so a text's mean vector is carried by its
//! rarer, meaningful words.

use attune_core::Session;
use attune_text::tokens::Tokens;
use attune_text::wordvec::WordVectors;
use std::collections::HashMap;

/// The files whose train-split words make the static vectors' vocabulary, relative to `--data`.
pub const WORD_FILES: [&str; 10] = [
    "annomi/annomi.jsonl",
    "esconv/esconv.jsonl",
    "esconv_failed/esconv_failed.jsonl",
    "epitome/epitome.jsonl",
    "counsel_chat/counsel_chat.jsonl",
    "empathetic_dialogues/empathetic_dialogues.jsonl",
    "empathetic_exchanges/empathetic_exchanges.jsonl",
    "goemotions/goemotions.jsonl",
    "sad_stress/sad_stress.jsonl",
    "mi_advise_pairs/mi_advise_pairs.jsonl",
];

/// How the table is built.
#[derive(Debug, Clone)]
pub struct WordSettings {
    pub min_count: u64,
    pub max_words: usize,
    /// Principal components kept.
    pub dim: usize,
    /// The smooth-inverse-frequency constant.
    pub sif: f64,
}

impl Default for WordSettings {
    fn default() -> Self {
        WordSettings { min_count: 2, max_words: 40_000, dim: 128, sif: 1e-3 }
    }
}

/// Words (lower-cased as [`Tokens`] reads them, with at least one letter) and their counts over the
/// sessions' turns and EmpatheticDialogues' situations, the most frequent first (ties by spelling).
pub fn vocabulary(sessions: &[Session], st: &WordSettings) -> (Vec<(String, u64)>, u64) {
    let mut counts: HashMap<String, u64> = HashMap::new();
    let mut toks = Tokens::default();
    let mut total = 0u64;
    let mut count = |text: &str, counts: &mut HashMap<String, u64>| {
        toks.fill(text);
        let mut words = Vec::new();
        toks.slices(&mut words);
        for w in &words {
            total += 1;
            if w.chars().any(char::is_alphabetic) && w.len() <= 40 {
                *counts.entry(w.to_string()).or_default() += 1;
            }
        }
    };
    for s in sessions {
        for t in &s.turns {
            count(&t.text, &mut counts);
        }
        if let Some(sit) = s.meta.get("situation").and_then(|v| v.as_str()) {
            count(sit, &mut counts);
        }
    }
    let mut v: Vec<(String, u64)> = counts.into_iter().filter(|(_, c)| *c >= st.min_count).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(st.max_words);
    (v, total)
}

/// The table from the words' encoder vectors (`vectors[i]` embeds `vocab[i].0` alone).
pub fn distill(vocab: &[(String, u64)], total: u64, vectors: &[Vec<f32>], st: &WordSettings) -> Result<WordVectors, String> {
    let n = vocab.len();
    let width = vectors.first().map(Vec::len).unwrap_or(0);
    if n == 0 || vectors.len() != n || vectors.iter().any(|v| v.len() != width) {
        return Err(format!("word distillation: {} words but {} vectors of uneven width", n, vectors.len()));
    }
    let mut mean = vec![0f64; width];
    for v in vectors {
        for (m, x) in mean.iter_mut().zip(v) {
            *m += *x as f64 / n as f64;
        }
    }
    let mut cov = vec![0f64; width * width];
    let mut c = vec![0f64; width];
    for v in vectors {
        for (k, x) in c.iter_mut().enumerate() {
            *x = v[k] as f64 - mean[k];
        }
        for i in 0..width {
            let ci = c[i] / n as f64;
            let row = &mut cov[i * width..(i + 1) * width];
            for j in i..width {
                row[j] += ci * c[j];
            }
        }
    }
    for i in 0..width {
        for j in 0..i {
            cov[i * width + j] = cov[j * width + i];
        }
    }
    let (values, vecs) = symmetric_eigen(&mut cov, width);
    let mut order: Vec<usize> = (0..width).collect();
    order.sort_by(|a, b| values[*b].total_cmp(&values[*a]));
    let dim = st.dim.min(width);
    let axes: Vec<Vec<f64>> = order[..dim].iter().map(|&k| (0..width).map(|i| vecs[i * width + k]).collect()).collect();
    let rows: Vec<Vec<f32>> = vocab
        .iter()
        .zip(vectors)
        .map(|((_, count), v)| {
            let p = *count as f64 / total.max(1) as f64;
            let w = st.sif / (st.sif + p);
            axes.iter().map(|a| (w * a.iter().enumerate().map(|(i, x)| x * (v[i] as f64 - mean[i])).sum::<f64>()) as f32).collect()
        })
        .collect();
    let words: Vec<String> = vocab.iter().map(|(w, _)| w.clone()).collect();
    Ok(WordVectors::new(&words, &rows))
}

/// Eigenvalues and eigenvectors (columns of the returned row-major matrix) of the symmetric `n`×`n` matrix
/// `a` (destroyed), by cyclic Jacobi rotations: slow for large `n` but exact and short, and `n` is the
/// encoder's width.
pub fn symmetric_eigen(a: &mut [f64], n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0f64; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    for _sweep in 0..60 {
        let off: f64 = (0..n).flat_map(|i| (0..n).filter(move |j| *j != i).map(move |j| (i, j))).map(|(i, j)| a[i * n + j] * a[i * n + j]).sum();
        let diag: f64 = (0..n).map(|i| a[i * n + i] * a[i * n + i]).sum();
        if off <= 1e-22 * diag.max(1e-300) {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q]);
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (v[k * n + p], v[k * n + q]);
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i * n + i]).collect(), v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A·v = λ·v for every pair the solver returns, on random symmetric matrices.
        #[test]
        fn eigenpairs_satisfy_the_definition(vals in proptest::collection::vec(-3.0f64..3.0, 36)) {
            let n = 6;
            let mut a = vec![0f64; n * n];
            for i in 0..n {
                for j in 0..n {
                    a[i * n + j] = vals[i * n + j] + vals[j * n + i];
                }
            }
            let orig = a.clone();
            let (l, v) = symmetric_eigen(&mut a, n);
            for k in 0..n {
                for i in 0..n {
                    let av: f64 = (0..n).map(|j| orig[i * n + j] * v[j * n + k]).sum();
                    prop_assert!((av - l[k] * v[i * n + k]).abs() < 1e-8, "pair {k}: {av} vs {}", l[k] * v[i * n + k]);
                }
            }
        }
    }

    #[test]
    fn distill_keeps_the_main_axis_and_weighs_rare_words_more() {
        let vocab = vec![("the".to_string(), 1000u64), ("grief".to_string(), 2), ("loss".to_string(), 2)];
        let vectors = vec![vec![0.0, 1.0, 0.0], vec![1.0, 0.0, 0.0], vec![0.9, 0.1, 0.0]];
        let st = WordSettings { dim: 1, ..Default::default() };
        let wv = distill(&vocab, 10_000, &vectors, &st).expect("distilled");
        assert_eq!(wv.dim(), 1);
        let (mut a, mut b) = (vec![0f32], vec![0f32]);
        wv.add("the", &mut a);
        wv.add("grief", &mut b);
        assert!(b[0].abs() > 10.0 * a[0].abs(), "{a:?} {b:?}");
        assert!(distill(&vocab, 10, &vectors[..2], &st).is_err());
    }
}
