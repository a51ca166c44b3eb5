//! Pseudo-synchrony: surrogate dyads whose real-time coupling is destroyed, and how the real
//! synchrony compares with them.
//!
//! * Within-dyad segment shuffle (rMEA's `shuffle`, Ramseyer & Tschacher): both series are cut into
//!   segments of `segment_s` seconds and each is reassembled in its own random order (two
//!   independent permutations per surrogate). A remainder shorter than a segment is dropped.
//! * Between-dyad shuffle: s1 of one dyad paired with a series of another dyad (cut to the
//!   shorter length).
//!
//! Every surrogate is rebuildable from explicit permutations ([`SegmentPermutation`]), so results
//! from other tools can be reproduced without their random number generators. Our own draws use
//! ChaCha8 seeded with a fixed `u64`.

use crate::ccf::{self, CcfConfig};
use crate::error::SignalError;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// One within-dyad segment shuffle: slot i of the surrogate takes segment `s1[i]` of series 1 and
/// segment `s2[i]` of series 2 (0-based segment indices).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentPermutation {
    /// Segment order for series 1.
    pub s1: Vec<usize>,
    /// Segment order for series 2.
    pub s2: Vec<usize>,
}

/// Reassemble `x` from segments of `seg` samples in the order `perm` (remainder dropped).
pub fn reorder_segments(x: &[f64], seg: usize, perm: &[usize]) -> Result<Vec<f64>, SignalError> {
    let n_seg = x.len().checked_div(seg).unwrap_or(0);
    let mut out = Vec::with_capacity(perm.len() * seg);
    for &p in perm {
        if p >= n_seg {
            return Err(SignalError::config(format!("segment {} does not exist; the series has {n_seg} segments", p + 1)));
        }
        out.extend_from_slice(&x[p * seg..(p + 1) * seg]);
    }
    Ok(out)
}

/// `n` random segment permutations of `n_seg` segments, reproducible from `seed`.
pub fn random_permutations(n_seg: usize, n: usize, seed: u64) -> Vec<SegmentPermutation> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n)
        .map(|_| {
            let mut a: Vec<usize> = (0..n_seg).collect();
            let mut b: Vec<usize> = (0..n_seg).collect();
            a.shuffle(&mut rng);
            b.shuffle(&mut rng);
            SegmentPermutation { s1: a, s2: b }
        })
        .collect()
}

/// Comparison of the real synchrony with its surrogates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurrogateResult {
    /// "segment-shuffle" or "between-dyad".
    pub kind: String,
    /// Number of surrogates.
    pub n: usize,
    /// Seed of the draws (None when permutations were given).
    pub seed: Option<u64>,
    /// Segment length in seconds (segment shuffle).
    pub segment_s: Option<f64>,
    /// The real grand average.
    pub real: f64,
    /// grandAver of each surrogate.
    pub grand_averages: Vec<f64>,
    /// Mean of the surrogates' grandAver.
    pub mean: f64,
    /// Standard deviation (n − 1) of the surrogates' grandAver.
    pub sd: f64,
    /// Effect size of the real value against the surrogate distribution: (real − mean) / sd.
    pub cohens_d: f64,
    /// Percentage of surrogates below the real value (ties count half).
    pub percentile: f64,
    /// One-sided permutation p: (1 + #surrogates ≥ real) / (n + 1).
    pub p_value: f64,
    /// Per lag: 2.5th percentile of the surrogates' lag profiles (mean over windows).
    pub band_lo: Vec<f64>,
    /// Per lag: 97.5th percentile of the surrogates' lag profiles.
    pub band_hi: Vec<f64>,
    /// Per lag: mean of the surrogates' lag profiles.
    pub band_mean: Vec<f64>,
}

/// grandAver and lag profile of a pair, computed with the CCF engine.
pub fn grand_average_and_profile(x: &[f64], y: &[f64], rate_hz: f64, cfg: &CcfConfig) -> Result<(f64, Vec<f64>), SignalError> {
    let r = ccf::ccf(x, y, rate_hz, cfg)?;
    let prof = r.lag_profile();
    Ok((r.grand_average, prof))
}

/// Surrogates by within-dyad segment shuffle from explicit permutations.
pub fn segment_shuffle_with(
    s1: &[f64],
    s2: &[f64],
    rate_hz: f64,
    cfg: &CcfConfig,
    segment_s: f64,
    perms: &[SegmentPermutation],
) -> Result<SurrogateResult, SignalError> {
    let seg = (segment_s * rate_hz).round();
    if !(seg.is_finite() && seg >= 1.0) {
        return Err(SignalError::config(format!("segment of {segment_s} s is shorter than one sample")));
    }
    let seg = seg as usize;
    let real = ccf::ccf(s1, s2, rate_hz, cfg)?.grand_average;
    let outs: Vec<(f64, Vec<f64>)> = perms
        .par_iter()
        .map(|p| {
            let x = reorder_segments(s1, seg, &p.s1)?;
            let y = reorder_segments(s2, seg, &p.s2)?;
            grand_average_and_profile(&x, &y, rate_hz, cfg)
        })
        .collect::<Result<_, _>>()?;
    let mut r = summarize("segment-shuffle", real, outs);
    r.segment_s = Some(segment_s);
    Ok(r)
}

/// `n` segment-shuffle surrogates drawn with ChaCha8 from `seed`.
pub fn segment_shuffle(
    s1: &[f64],
    s2: &[f64],
    rate_hz: f64,
    cfg: &CcfConfig,
    segment_s: f64,
    n: usize,
    seed: u64,
) -> Result<SurrogateResult, SignalError> {
    let len = s1.len().min(s2.len());
    let seg = (segment_s * rate_hz).round();
    if !(seg.is_finite() && seg >= 1.0) {
        return Err(SignalError::config(format!("segment of {segment_s} s is shorter than one sample")));
    }
    let n_seg = len / seg as usize;
    if n_seg < 2 {
        return Err(SignalError::config(format!(
            "the series holds {n_seg} segment(s) of {segment_s} s; a shuffle needs at least 2 (use a shorter --segment)"
        )));
    }
    let perms = random_permutations(n_seg, n, seed);
    let mut r = segment_shuffle_with(&s1[..len], &s2[..len], rate_hz, cfg, segment_s, &perms)?;
    r.seed = Some(seed);
    Ok(r)
}

/// A between-dyad pseudo pair: indices into a list of series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PseudoPair {
    /// Index of the series taking the s1 role.
    pub s1: usize,
    /// Index of the series taking the s2 role.
    pub s2: usize,
}

/// grandAver of each between-dyad pseudo pair built from `series` (each cut to the shorter).
pub fn between_dyads_with(series: &[&[f64]], pairs: &[PseudoPair], rate_hz: f64, cfg: &CcfConfig) -> Result<Vec<(f64, Vec<f64>)>, SignalError> {
    pairs
        .par_iter()
        .map(|p| {
            let (a, b) = match (series.get(p.s1), series.get(p.s2)) {
                (Some(a), Some(b)) => (a, b),
                _ => return Err(SignalError::config("pseudo pair refers to a series that does not exist")),
            };
            grand_average_and_profile(a, b, rate_hz, cfg)
        })
        .collect()
}

/// Random between-dyad pairs: s1 of dyad i with s2 of dyad j ≠ i, `n` of them, from `seed`.
pub fn random_between_pairs(n_dyads: usize, n: usize, seed: u64) -> Vec<(usize, usize)> {
    use rand::Rng;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    if n_dyads < 2 {
        return vec![];
    }
    (0..n)
        .map(|_| {
            let i = rng.gen_range(0..n_dyads);
            let mut j = rng.gen_range(0..n_dyads - 1);
            if j >= i {
                j += 1;
            }
            (i, j)
        })
        .collect()
}

/// Between-dyad surrogates for dyad `target` of `dyads` (pairs of (s1, s2)): its s1 with every
/// other dyad's s2 and every other s1 with its s2.
pub fn between_dyads(dyads: &[(&[f64], &[f64])], target: usize, rate_hz: f64, cfg: &CcfConfig) -> Result<SurrogateResult, SignalError> {
    let (t1, t2) = *dyads.get(target).ok_or_else(|| SignalError::config("no such dyad"))?;
    let real = ccf::ccf(t1, t2, rate_hz, cfg)?.grand_average;
    let jobs: Vec<(&[f64], &[f64])> = dyads
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != target)
        .flat_map(|(_, (a, b))| [(t1, *b), (*a, t2)])
        .collect();
    let outs: Vec<(f64, Vec<f64>)> = jobs.par_iter().map(|(a, b)| grand_average_and_profile(a, b, rate_hz, cfg)).collect::<Result<_, _>>()?;
    Ok(summarize("between-dyad", real, outs))
}

fn summarize(kind: &str, real: f64, outs: Vec<(f64, Vec<f64>)>) -> SurrogateResult {
    let ga: Vec<f64> = outs.iter().map(|o| o.0).collect();
    let fin: Vec<f64> = ga.iter().copied().filter(|v| !v.is_nan()).collect();
    let n = fin.len();
    let mean = if n > 0 { fin.iter().sum::<f64>() / n as f64 } else { f64::NAN };
    let sd = crate::ccf::sd_finite(&fin);
    let below = fin.iter().filter(|v| **v < real).count() as f64 + 0.5 * fin.iter().filter(|v| **v == real).count() as f64;
    let ge = fin.iter().filter(|v| **v >= real).count() as f64;
    let nl = outs.first().map_or(0, |o| o.1.len());
    let (mut lo, mut hi, mut mid) = (vec![f64::NAN; nl], vec![f64::NAN; nl], vec![f64::NAN; nl]);
    for j in 0..nl {
        let mut col: Vec<f64> = outs.iter().filter_map(|o| o.1.get(j).copied()).filter(|v| !v.is_nan()).collect();
        if col.is_empty() {
            continue;
        }
        col.sort_by(|a, b| a.total_cmp(b));
        lo[j] = quantile(&col, 0.025);
        hi[j] = quantile(&col, 0.975);
        mid[j] = col.iter().sum::<f64>() / col.len() as f64;
    }
    SurrogateResult {
        kind: kind.to_string(),
        n: ga.len(),
        seed: None,
        segment_s: None,
        real,
        grand_averages: ga,
        mean,
        sd,
        cohens_d: if sd > 0.0 { (real - mean) / sd } else { f64::NAN },
        percentile: if n > 0 { 100.0 * below / n as f64 } else { f64::NAN },
        p_value: (1.0 + ge) / (n as f64 + 1.0),
        band_lo: lo,
        band_hi: hi,
        band_mean: mid,
    }
}

/// Quantile of sorted data, linear interpolation (R type 7).
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Cohen's d of two groups with the pooled standard deviation (n − 1 weights).
pub fn cohens_d(a: &[f64], b: &[f64]) -> f64 {
    let m = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    if a.len() < 2 || b.len() < 2 {
        return f64::NAN;
    }
    let (ma, mb) = (m(a), m(b));
    let va = a.iter().map(|x| (x - ma) * (x - ma)).sum::<f64>();
    let vb = b.iter().map(|x| (x - mb) * (x - mb)).sum::<f64>();
    let pooled = ((va + vb) / (a.len() + b.len() - 2) as f64).sqrt();
    (ma - mb) / pooled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reorder() {
        let x: Vec<f64> = (0..7).map(|v| v as f64).collect();
        assert_eq!(reorder_segments(&x, 2, &[2, 0, 1]).unwrap(), vec![4.0, 5.0, 0.0, 1.0, 2.0, 3.0]);
        assert!(reorder_segments(&x, 2, &[3]).is_err());
        assert!(reorder_segments(&x, 0, &[0]).is_err());
    }

    #[test]
    fn perms_are_permutations_and_seeded() {
        let a = random_permutations(20, 5, 7);
        assert_eq!(a, random_permutations(20, 5, 7));
        for p in &a {
            let mut s = p.s1.clone();
            s.sort();
            assert_eq!(s, (0..20).collect::<Vec<_>>());
        }
    }

    #[test]
    fn d_pooled() {
        let d = cohens_d(&[1.0, 2.0, 3.0], &[2.0, 3.0, 4.0]);
        assert!((d + 1.0).abs() < 1e-12);
    }
}
