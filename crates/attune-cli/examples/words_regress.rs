//! Dev tool: fit the fast tier's static word vectors to whole sentences (the idea of model2vec's tokenlearn, done
//! here by least squares). The shipped table embeds each word alone; here each train text's MiniLM sentence embedding
//! is mapped into the table's space (a least-squares map fitted on the current table's sentence means), and the rows
//! are moved, by SGD with a pull back to where they started, so that a text's mean of rows lands near it. Prints, for
//! the old and the new table, what a ridge probe on the mean vector alone reaches on GoEmotions distress (AUC) and
//! SAD severity (Spearman ρ), dev splits; writes the new table to OUT.
//!
//! cargo run --release -p attune-cli --example words_regress -- DATA_DIR OUT [N] [EPOCHS] [LAMBDA] [LR]
use attune_eval::client_data::GOEMOTIONS_DISTRESS;
use attune_eval::metrics::{roc_auc, spearman};
use attune_text::tokens::Tokens;
use attune_text::wordvec::WordVectors;
use std::collections::HashMap;


/// The shipped table's words and dequantized rows, read from its file format.
fn read_table(bytes: &[u8]) -> (Vec<String>, Vec<Vec<f32>>) {
    let u32_at = |p: usize| u32::from_le_bytes([bytes[p], bytes[p + 1], bytes[p + 2], bytes[p + 3]]) as usize;
    let (dim, n) = (u32_at(8), u32_at(12));
    let (mut words, mut rows) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let mut p = 16;
    for _ in 0..n {
        let l = bytes[p] as usize;
        words.push(String::from_utf8_lossy(&bytes[p + 1..p + 1 + l]).into_owned());
        p += 1 + l;
        let s = f32::from_le_bytes([bytes[p], bytes[p + 1], bytes[p + 2], bytes[p + 3]]);
        p += 4;
        rows.push(bytes[p..p + dim].iter().map(|q| s * (*q as i8) as f32).collect());
        p += dim;
    }
    (words, rows)
}

fn word_ids(text: &str, toks: &mut Tokens, index: &HashMap<String, usize>) -> Vec<usize> {
    toks.fill(text);
    let mut words = Vec::new();
    toks.slices(&mut words);
    words.iter().filter_map(|w| index.get(&w.to_lowercase()).copied()).collect()
}

/// Solves (A + eps·I) x = b for symmetric positive `a` (n×n, row-major) by Cholesky; `b` holds `m` right-hand sides
/// as columns (n×m, row-major).
fn solve(a: &[f64], b: &[f64], n: usize, m: usize, eps: f64) -> Vec<f64> {
    let mut l = vec![0f64; n * n];
    for i in 0..n {
        for j in 0..=i {
            let mut s = a[i * n + j] + if i == j { eps } else { 0.0 };
            for k in 0..j {
                s -= l[i * n + k] * l[j * n + k];
            }
            l[i * n + j] = if i == j { s.max(1e-12).sqrt() } else { s / l[j * n + j] };
        }
    }
    let mut x = b.to_vec();
    for c in 0..m {
        for i in 0..n {
            let mut s = x[i * m + c];
            for k in 0..i {
                s -= l[i * n + k] * x[k * m + c];
            }
            x[i * m + c] = s / l[i * n + i];
        }
        for i in (0..n).rev() {
            let mut s = x[i * m + c];
            for k in i + 1..n {
                s -= l[k * n + i] * x[k * m + c];
            }
            x[i * m + c] = s / l[i * n + i];
        }
    }
    x
}

/// Ridge regression of `y` on `x` (with an intercept), returning the weights.
fn ridge(x: &[Vec<f32>], y: &[f64], w: &[f64], eps: f64) -> Vec<f64> {
    let d = x[0].len() + 1;
    let (mut a, mut b) = (vec![0f64; d * d], vec![0f64; d]);
    for ((xi, yi), wi) in x.iter().zip(y).zip(w) {
        let v: Vec<f64> = xi.iter().map(|&q| q as f64).chain([1.0]).collect();
        for i in 0..d {
            b[i] += wi * v[i] * yi;
            for j in 0..d {
                a[i * d + j] += wi * v[i] * v[j];
            }
        }
    }
    solve(&a, &b, d, 1, eps)
}

fn predict(wts: &[f64], x: &[f32]) -> f64 {
    x.iter().zip(wts).map(|(a, b)| *a as f64 * b).sum::<f64>() + wts[wts.len() - 1]
}

fn mean_vec(ids: &[usize], rows: &[Vec<f32>], unit: bool) -> Vec<f32> {
    let d = rows[0].len();
    let mut m = vec![0f32; d];
    for &i in ids {
        for (a, b) in m.iter_mut().zip(&rows[i]) {
            *a += b;
        }
    }
    if unit {
        let n = m.iter().map(|x| x * x).sum::<f32>().sqrt();
        if n > 0.0 {
            m.iter_mut().for_each(|x| *x /= n);
        }
    } else if !ids.is_empty() {
        m.iter_mut().for_each(|x| *x /= ids.len() as f32);
    }
    m
}

/// What a ridge probe on the unit mean vector alone reaches: GoEmotions distress AUC and SAD severity ρ (dev).
fn probe(data: &str, rows: &[Vec<f32>], index: &HashMap<String, usize>) -> (f64, f64) {
    let mut toks = Tokens::default();
    let read = |f: &str| std::fs::read_to_string(format!("{data}/{f}")).expect("data");
    let (mut xtr, mut ytr, mut xdv, mut ydv) = (vec![], vec![], vec![], vec![]);
    for l in read("goemotions/goemotions.jsonl").lines() {
        let v: serde_json::Value = serde_json::from_str(l).expect("json");
        let t = v["turns"][0]["text"].as_str().unwrap_or("");
        let labels: Vec<&str> = v["turns"][0]["labels"]["emotions"].as_array().map(|a| a.iter().filter_map(|x| x.as_str()).collect()).unwrap_or_default();
        let d = labels.iter().any(|l| GOEMOTIONS_DISTRESS.contains(l));
        if !d && labels != ["neutral"] {
            continue;
        }
        let x = mean_vec(&word_ids(t, &mut toks, index), rows, true);
        match v["split"].as_str() {
            Some("train") => {
                xtr.push(x);
                ytr.push(d as u8 as f64)
            }
            Some("dev") => {
                xdv.push(x);
                ydv.push(d)
            }
            _ => {}
        }
    }
    let w = ridge(&xtr, &ytr, &vec![1.0; ytr.len()], 1.0);
    let s: Vec<f64> = xdv.iter().map(|x| predict(&w, x)).collect();
    let auc = roc_auc(&s, &ydv);
    let (mut xtr, mut ytr, mut xdv, mut ydv) = (vec![], vec![], vec![], vec![]);
    for l in read("sad_stress/sad_stress.jsonl").lines() {
        let v: serde_json::Value = serde_json::from_str(l).expect("json");
        let Some(g) = v["turns"][0]["labels"]["severity"].as_f64() else { continue };
        let x = mean_vec(&word_ids(v["turns"][0]["text"].as_str().unwrap_or(""), &mut toks, index), rows, true);
        match v["split"].as_str() {
            Some("train") => {
                xtr.push(x);
                ytr.push(g)
            }
            Some("dev") => {
                xdv.push(x);
                ydv.push(g)
            }
            _ => {}
        }
    }
    let w = ridge(&xtr, &ytr, &vec![1.0; ytr.len()], 1.0);
    let s: Vec<f64> = xdv.iter().map(|x| predict(&w, x)).collect();
    (auc, spearman(&s, &ydv))
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let data = args.get(1).cloned().unwrap_or("../shared/data".into());
    let out = args.get(2).cloned().unwrap_or("/tmp/words-regress.bin".into());
    let cap: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(120_000);
    let epochs: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(5);
    let lambda: f32 = args.get(5).and_then(|s| s.parse().ok()).unwrap_or(0.01);
    let lr0: f32 = args.get(6).and_then(|s| s.parse().ok()).unwrap_or(0.5);
    let (words, rows0) = read_table(&std::fs::read("models/attune-words-v1.bin")?);
    let index: HashMap<String, usize> = words.iter().enumerate().map(|(i, w)| (w.clone(), i)).collect();
    let d = rows0[0].len();
    let (a0, s0) = probe(&data, &rows0, &index);
    println!("shipped table: probe goemotions-distress {a0:.3} sad-severity {s0:.3}");
    // the train texts, deduplicated, every k-th kept up to the cap
    let mut texts: Vec<String> = Vec::new();
    for f in attune_eval::words::WORD_FILES {
        for s in attune_io::read_jsonl_path(std::path::Path::new(&format!("{data}/{f}")), Some("train"))? {
            for t in &s.turns {
                texts.push(t.text.clone());
            }
            if let Some(sit) = s.meta.get("situation").and_then(|v| v.as_str()) {
                texts.push(sit.to_string());
            }
        }
    }
    texts.retain(|t| t.split_whitespace().count() >= 3);
    texts.sort_unstable();
    texts.dedup();
    let step = texts.len().div_ceil(cap).max(1);
    let texts: Vec<&str> = texts.iter().step_by(step).map(|s| s.as_str()).collect();
    eprintln!("{} train texts", texts.len());
    let table = attune::tier::table_for(&attune::tier::Encoder::default(), &texts, Some(&attune::tier::data_cache()), &mut |done, total| {
        if done % 8192 < 32 {
            eprintln!("embedded {done}/{total}");
        }
    })?;
    let mut toks = Tokens::default();
    let items: Vec<(Vec<usize>, &[f32])> = texts
        .iter()
        .filter_map(|t| {
            let ids = word_ids(t, &mut toks, &index);
            (!ids.is_empty()).then_some(()).and(table.get(t)).map(|e| (ids, e))
        })
        .collect();
    // the map from sentence embeddings into the table's space: least squares on the current means
    let e = items[0].1.len();
    let (mut ata, mut atb) = (vec![0f64; e * e], vec![0f64; e * d]);
    for (ids, emb) in &items {
        let m = mean_vec(ids, &rows0, false);
        for i in 0..e {
            let ei = emb[i] as f64;
            for j in 0..e {
                ata[i * e + j] += ei * emb[j] as f64;
            }
            for j in 0..d {
                atb[i * d + j] += ei * m[j] as f64;
            }
        }
    }
    let b = solve(&ata, &atb, e, d, 1e-3 * items.len() as f64 / e as f64);
    let targets: Vec<Vec<f32>> = items
        .iter()
        .map(|(_, emb)| (0..d).map(|j| (0..e).map(|i| emb[i] as f64 * b[i * d + j]).sum::<f64>() as f32).collect())
        .collect();
    let fit = |rows: &[Vec<f32>]| -> f64 {
        items.iter().zip(&targets).map(|((ids, _), y)| mean_vec(ids, rows, false).iter().zip(y).map(|(p, t)| ((p - t) * (p - t)) as f64).sum::<f64>()).sum::<f64>() / items.len() as f64
    };
    eprintln!("start: mean squared error {:.6}", fit(&rows0));
    let mut rows = rows0.clone();
    let mut g2 = vec![1e-8f32; rows.len()];
    let mut order: Vec<usize> = (0..items.len()).collect();
    let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(7);
    for ep in 0..epochs {
        rand::seq::SliceRandom::shuffle(order.as_mut_slice(), &mut rng);
        for &k in &order {
            let (ids, _) = &items[k];
            let m = mean_vec(ids, &rows, false);
            let r: Vec<f32> = m.iter().zip(&targets[k]).map(|(p, t)| p - t).collect();
            let inv = 1.0 / ids.len() as f32;
            for &w in ids {
                let g: Vec<f32> = (0..d).map(|j| 2.0 * inv * r[j] + 2.0 * lambda * (rows[w][j] - rows0[w][j])).collect();
                g2[w] += g.iter().map(|x| x * x).sum::<f32>() / d as f32;
                let step = lr0 / g2[w].sqrt();
                for j in 0..d {
                    rows[w][j] -= step * g[j];
                }
            }
        }
        let (a, s) = probe(&data, &rows, &index);
        println!("epoch {}: mean squared error {:.6}; probe goemotions-distress {a:.3} sad-severity {s:.3}", ep + 1, fit(&rows));
    }
    let wv = WordVectors::new(&words, &rows);
    std::fs::write(&out, wv.to_bytes())?;
    let check = WordVectors::from_bytes(&std::fs::read(&out)?).map_err(|e| anyhow::anyhow!(e))?;
    eprintln!("wrote {} ({} words x {})", out, check.len(), check.dim());
    Ok(())
}
