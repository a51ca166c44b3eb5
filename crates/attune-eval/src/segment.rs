//! Training and measuring the sentence-end model ([`attune_text::segment`]): every line of the train splits' turns,
//! read without its punctuation, teaches after which words its writer ended a sentence; the dev splits choose the
//! threshold and give the figures.

use attune_core::Session;
use attune_text::linear::{Example, Head, TrainConfig};
use attune_text::segment::{gap_features, line_words, writes_capitals, LineWords, Segmenter};

/// A hash of a text: a choice that depends on the text alone, the same on every machine and run.
fn text_hash(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = attune_core::hash::Fnv::default();
    h.write(text.as_bytes());
    h.finish()
}

/// The lines of the sessions' turns that have at least two words and end in a sentence end, each with whether its
/// writer uses capitals ([`writes_capitals`]); half the turns, chosen by a hash of their text, are read in lower case
/// instead, since chat writers who leave out full stops often leave out capitals too (turn by turn, one speaker of a
/// dialogue would always be the lower-case one).
pub fn lines(sessions: &[Session]) -> Vec<(LineWords, bool)> {
    let mut out = Vec::new();
    for t in sessions.iter().flat_map(|s| &s.turns) {
        let lower = text_hash(&t.text) % 2 == 1;
        let cased = !lower && writes_capitals(&t.text);
        for l in t.text.lines() {
            let lw = line_words(l);
            // a line whose writer did not end its last sentence may have left out others: its gold is unsure
            if lw.words.len() >= 2 && lw.written.last() == Some(&true) {
                let caps = if lower { vec![false; lw.words.len()] } else { lw.caps };
                out.push((LineWords { caps, ..lw }, cased));
            }
        }
    }
    out
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct SegmentSettings {
    /// At most this many gaps are read (every n-th line, spread over the data).
    pub max_gaps: usize,
    pub epochs: usize,
    pub learning_rate: f32,
    pub l2: f32,
    pub min_count: usize,
}

impl Default for SegmentSettings {
    fn default() -> Self {
        SegmentSettings { max_gaps: 1_500_000, epochs: 4, learning_rate: 0.2, l2: 1e-6, min_count: 3 }
    }
}

fn examples(lines: &[(LineWords, bool)], max_gaps: usize) -> Vec<Example> {
    let total: usize = lines.iter().map(|(l, _)| l.words.len() - 1).sum();
    let every = total.div_ceil(max_gaps.max(1)).max(1);
    let mut out = Vec::new();
    let mut feats = Vec::new();
    for (n, (l, cased)) in lines.iter().enumerate() {
        if n % every != 0 {
            continue;
        }
        let mut since = 0;
        for i in 0..l.words.len() - 1 {
            since += 1;
            gap_features(&l.words, &l.caps, *cased, i, since, &mut feats);
            out.push(Example { feats: feats.clone(), labels: vec![l.written[i] as usize], weight: 1.0 });
            if l.written[i] {
                since = 0;
            }
        }
    }
    out
}

/// Precision, recall and F1 of the sentence ends read in lines given without any of their marks.
#[derive(Debug, Clone, Copy, Default)]
pub struct EndScores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub gold: usize,
}

/// Scores a model on lines read as one unpunctuated run each (`cased`: those with capitals, else the lower-case
/// ones).
pub fn score(m: &Segmenter, lines: &[&(LineWords, bool)], cased: bool) -> EndScores {
    let (mut tp, mut fp, mut gold) = (0usize, 0usize, 0usize);
    for (l, c) in lines.iter().copied().filter(|(_, c)| *c == cased) {
        let n = l.words.len();
        let none = vec![false; n];
        let ends = m.ends(&l.words, &l.caps, &none, *c);
        let g = l.written[..n - 1].iter().filter(|e| **e).count();
        gold += g;
        for j in ends {
            if l.written[j] {
                tp += 1;
            } else {
                fp += 1;
            }
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / gold.max(1) as f64;
    EndScores { precision: p, recall: r, f1: if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 }, gold }
}

/// Trains the model on the train lines and chooses its threshold on the dev lines (the mean F1 of the cased and the
/// lower-case lines); returns it with a log of what was chosen.
pub fn train_segmenter(train: &[(LineWords, bool)], dev: &[(LineWords, bool)], st: &SegmentSettings) -> (Segmenter, Vec<String>) {
    let ex = examples(train, st.max_gaps);
    let cfg = TrainConfig { epochs: st.epochs, learning_rate: st.learning_rate, l2: st.l2, min_count: st.min_count, seed: 17, average: 1 };
    let head = Head::train("sentence_end", vec!["goes_on".into(), "ends".into()], &ex, &cfg);
    let mut log = vec![format!("{} gaps from {} train lines", ex.len(), train.len())];
    // every dev line of 8 words or more: the runs the model is used on
    let long: Vec<&(LineWords, bool)> = dev.iter().filter(|(l, _)| l.words.len() >= attune_text::segment::MIN_RUN).collect();
    let mut best = (f64::MIN, 0.5f32);
    for t in [0.3f32, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7] {
        let m = Segmenter::new(head.clone(), t);
        let (a, b) = (score(&m, &long, true), score(&m, &long, false));
        let f = (a.f1 + b.f1) / 2.0;
        log.push(format!("threshold {t:.2}: cased P {:.3} R {:.3} F1 {:.3} | lower case P {:.3} R {:.3} F1 {:.3}", a.precision, a.recall, a.f1, b.precision, b.recall, b.f1));
        if f > best.0 {
            best = (f, t);
        }
    }
    let m = Segmenter::new(head, best.1);
    log.push(format!("chose threshold {:.2} on {} dev lines of {}+ words", best.1, long.len(), attune_text::segment::MIN_RUN));
    (m, log)
}
