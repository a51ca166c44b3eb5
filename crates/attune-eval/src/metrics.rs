//! Metrics with bootstrap intervals over conversations.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::collections::BTreeMap;

/// Fixed seed so that every run of `attune eval` prints the same interval.
pub const BOOTSTRAP_SEED: u64 = 20_261_121;
pub const BOOTSTRAP_ROUNDS: usize = 1000;

/// One scored item: which conversation it belongs to, gold and predicted label indices.
#[derive(Debug, Clone, Copy)]
pub struct Item {
    pub group: usize,
    pub gold: usize,
    pub pred: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassStats {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Confusion {
    /// Row = gold, column = predicted.
    pub labels: Vec<String>,
    pub matrix: Vec<Vec<usize>>,
}

/// The `--json` object of one task.
#[derive(Debug, Clone, Serialize)]
pub struct TaskResult {
    pub task: String,
    pub metric: String,
    pub value: f64,
    pub ci95: [f64; 2],
    pub n: usize,
    pub per_class: BTreeMap<String, ClassStats>,
    pub confusion: Option<Confusion>,
    /// Conversations the interval resamples.
    pub groups: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

fn confusion(items: &[Item], k: usize) -> Vec<Vec<usize>> {
    let mut m = vec![vec![0usize; k]; k];
    for it in items {
        m[it.gold][it.pred] += 1;
    }
    m
}

fn per_class(m: &[Vec<usize>]) -> Vec<(f64, f64, f64, usize)> {
    let k = m.len();
    (0..k)
        .map(|c| {
            let tp = m[c][c] as f64;
            let support: usize = m[c].iter().sum();
            let predicted: usize = (0..k).map(|r| m[r][c]).sum();
            let p = if predicted > 0 { tp / predicted as f64 } else { 0.0 };
            let r = if support > 0 { tp / support as f64 } else { 0.0 };
            let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
            (p, r, f, support)
        })
        .collect()
}

/// Macro-F1 over the classes that occur in gold (classes absent from gold are left out, as
/// scikit-learn does with `labels` set to the gold classes).
pub fn macro_f1(items: &[Item], k: usize) -> f64 {
    let m = confusion(items, k);
    let pc = per_class(&m);
    let present: Vec<f64> = pc.iter().filter(|c| c.3 > 0).map(|c| c.2).collect();
    if present.is_empty() {
        return 0.0;
    }
    present.iter().sum::<f64>() / present.len() as f64
}

/// ROC AUC with ties counted half (the Mann-Whitney form). `scores[i]`, `positive[i]`.
pub fn roc_auc(scores: &[f64], positive: &[bool]) -> f64 {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let mut ranks = vec![0.0; scores.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && scores[idx[j + 1]] == scores[idx[i]] {
            j += 1;
        }
        let r = (i + j) as f64 / 2.0 + 1.0;
        for t in i..=j {
            ranks[idx[t]] = r;
        }
        i = j + 1;
    }
    let np = positive.iter().filter(|p| **p).count() as f64;
    let nn = positive.len() as f64 - np;
    if np == 0.0 || nn == 0.0 {
        return f64::NAN;
    }
    let rsum: f64 = ranks.iter().zip(positive).filter(|(_, p)| **p).map(|(r, _)| r).sum();
    (rsum - np * (np + 1.0) / 2.0) / (np * nn)
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Percentile bootstrap over groups: `stat` is recomputed on resampled groups.
pub fn bootstrap<F: Fn(&[usize]) -> f64>(n_groups: usize, stat: F) -> [f64; 2] {
    let mut rng = ChaCha8Rng::seed_from_u64(BOOTSTRAP_SEED);
    let mut vals = Vec::with_capacity(BOOTSTRAP_ROUNDS);
    let mut sample = vec![0usize; n_groups];
    for _ in 0..BOOTSTRAP_ROUNDS {
        for s in sample.iter_mut() {
            *s = rng.gen_range(0..n_groups);
        }
        let v = stat(&sample);
        if v.is_finite() {
            vals.push(v);
        }
    }
    vals.sort_by(|a, b| a.total_cmp(b));
    [percentile(&vals, 0.025), percentile(&vals, 0.975)]
}

/// Macro-F1 with its bootstrap interval, per-class figures and the confusion matrix.
pub fn classification_result(task: &str, labels: &[&str], items: &[Item], n_groups: usize) -> TaskResult {
    let k = labels.len();
    let m = confusion(items, k);
    let pc = per_class(&m);
    let mut by_group: Vec<Vec<Item>> = vec![Vec::new(); n_groups];
    for it in items {
        by_group[it.group].push(*it);
    }
    let ci = bootstrap(n_groups, |sample| {
        let its: Vec<Item> = sample.iter().flat_map(|&g| by_group[g].iter().copied()).collect();
        macro_f1(&its, k)
    });
    TaskResult {
        task: task.to_string(),
        metric: "macro_f1".into(),
        value: macro_f1(items, k),
        ci95: ci,
        n: items.len(),
        per_class: labels
            .iter()
            .zip(pc)
            .map(|(l, (p, r, f, s))| (l.to_string(), ClassStats { precision: p, recall: r, f1: f, support: s }))
            .collect(),
        confusion: Some(Confusion { labels: labels.iter().map(|s| s.to_string()).collect(), matrix: m }),
        groups: n_groups,
        notes: vec![],
    }
}

/// A one-number result (AUC, ρ, a share) with its interval; no per-class table or confusion matrix.
fn scalar_result(task: &str, metric: &str, value: f64, ci95: [f64; 2], n: usize, groups: usize) -> TaskResult {
    TaskResult { task: task.to_string(), metric: metric.into(), value, ci95, n, per_class: BTreeMap::new(), confusion: None, groups, notes: vec![] }
}

/// ROC AUC with a bootstrap interval over conversations (one score per conversation).
pub fn auc_result(task: &str, scores: &[f64], positive: &[bool]) -> TaskResult {
    let n = scores.len();
    let ci = bootstrap(n, |sample| {
        let s: Vec<f64> = sample.iter().map(|&i| scores[i]).collect();
        let p: Vec<bool> = sample.iter().map(|&i| positive[i]).collect();
        roc_auc(&s, &p)
    });
    scalar_result(task, "roc_auc", roc_auc(scores, positive), ci, n, n)
}

/// Average ranks (ties share their mean rank), 1-based.
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            r[idx[k]] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rank correlation (Pearson on average ranks); NaN when either side is constant.
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let (rx, ry) = (ranks(x), ranks(y));
    let n = rx.len() as f64;
    if n < 2.0 {
        return f64::NAN;
    }
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(&ry) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    sxy / (sxx * syy).sqrt()
}

/// Spearman's ρ with a bootstrap interval over items (one item per conversation).
pub fn spearman_result(task: &str, x: &[f64], y: &[f64]) -> TaskResult {
    let n = x.len();
    let ci = bootstrap(n, |sample| {
        let a: Vec<f64> = sample.iter().map(|&i| x[i]).collect();
        let b: Vec<f64> = sample.iter().map(|&i| y[i]).collect();
        spearman(&a, &b)
    });
    scalar_result(task, "spearman_rho", spearman(x, y), ci, n, n)
}

/// A share (0..1) with a bootstrap interval over groups; `hits[g]` and `totals[g]` count per group.
pub fn share_result(task: &str, metric: &str, hits: &[usize], totals: &[usize]) -> TaskResult {
    let n = hits.len();
    let share = |idx: &mut dyn Iterator<Item = usize>| {
        let (mut h, mut t) = (0usize, 0usize);
        for g in idx {
            h += hits[g];
            t += totals[g];
        }
        if t == 0 { f64::NAN } else { h as f64 / t as f64 }
    };
    let ci = bootstrap(n, |sample| share(&mut sample.iter().copied()));
    scalar_result(task, metric, share(&mut (0..n)), ci, totals.iter().sum(), n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn macro_f1_worked_example() {
        // gold 0 0 1 1, pred 0 1 1 1: class0 p=1 r=.5 f=.667; class1 p=.667 r=1 f=.8
        let items: Vec<Item> = [(0, 0), (0, 1), (1, 1), (1, 1)].iter().map(|&(g, p)| Item { group: 0, gold: g, pred: p }).collect();
        assert!((macro_f1(&items, 2) - (2.0 / 3.0 + 0.8) / 2.0).abs() < 1e-12);
    }

    #[test]
    fn spearman_known_values() {
        assert!((spearman(&[1.0, 2.0, 3.0, 4.0], &[10.0, 20.0, 30.0, 40.0]) - 1.0).abs() < 1e-12);
        assert!((spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        // ties share ranks: x ranks 1.5 1.5 3, y ranks 1 2 3 → r = 0.866
        assert!((spearman(&[5.0, 5.0, 7.0], &[1.0, 2.0, 3.0]) - 0.75f64.sqrt()).abs() < 1e-9);
    }

    #[test]
    fn auc_known_values() {
        assert_eq!(roc_auc(&[0.1, 0.4, 0.35, 0.8], &[false, false, true, true]), 0.75);
        assert_eq!(roc_auc(&[1.0, 1.0], &[true, false]), 0.5);
    }

    proptest! {
        #[test]
        fn metrics_stay_in_unit_interval(v in proptest::collection::vec((0usize..3, 0usize..3, 0.0f64..1.0), 2..60)) {
            let items: Vec<Item> = v.iter().map(|&(g, p, _)| Item { group: 0, gold: g, pred: p }).collect();
            let f = macro_f1(&items, 3);
            prop_assert!((0.0..=1.0).contains(&f));
            let s: Vec<f64> = v.iter().map(|x| x.2).collect();
            let pos: Vec<bool> = v.iter().map(|x| x.0 == 0).collect();
            let a = roc_auc(&s, &pos);
            prop_assert!(a.is_nan() || (0.0..=1.0).contains(&a));
            // Flipping scores mirrors the AUC.
            let neg: Vec<f64> = s.iter().map(|x| -x).collect();
            let b = roc_auc(&neg, &pos);
            prop_assert!(a.is_nan() || (a + b - 1.0).abs() < 1e-9);
        }
    }
}
