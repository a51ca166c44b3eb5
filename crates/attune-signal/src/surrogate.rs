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
    if let Some(fast) = fast::SegmentTable::try_new(s1, s2, rate_hz, cfg, seg) {
        let outs: Vec<(f64, Vec<f64>)> = perms.par_iter().map(|p| fast.surrogate(p)).collect::<Result<_, _>>()?;
        let mut r = summarize("segment-shuffle", real, outs);
        r.segment_s = Some(segment_s);
        return Ok(r);
    }
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

mod fast {
    //! Fast exact segment-shuffle surrogates. When the segment length S divides both the window and
    //! the increment and the lag is shorter than a segment, every window's cross sums are sums of
    //! per-slot sums, and each slot sum is a (within-pair) cross-correlation of one s1 segment with
    //! one s2 segment plus a tail term with the next slot's segment. All those cross-correlations
    //! are computed once for every segment pair by FFT; for integer data they are integers, so
    //! rounding the FFT result recovers them exactly (checked error bound). Each surrogate then
    //! costs only table look-ups and the per-cell r.
    use super::*;
    use crate::ccf::{Geometry, integer_bound_ok};
    use realfft::RealFftPlanner;

    pub(super) struct SegmentTable<'a> {
        s1: &'a [f64],
        s2: &'a [f64],
        rate_hz: f64,
        cfg: CcfConfig,
        seg: usize,
        n_seg: usize,
        lag: usize,
        stride: usize,
        data: Vec<f64>,
        // per segment prefix sums (S + 1 values each) of x, x^2, y, y^2
        hx: Vec<f64>,
        hxx: Vec<f64>,
        hy: Vec<f64>,
        hyy: Vec<f64>,
    }

    impl<'a> SegmentTable<'a> {
        #[allow(clippy::needless_range_loop)]
        pub(super) fn try_new(s1: &'a [f64], s2: &'a [f64], rate_hz: f64, cfg: &CcfConfig, seg: usize) -> Option<Self> {
            let n = s1.len().min(s2.len());
            let n_seg = n / seg;
            if n_seg < 2 {
                return None;
            }
            let used = n_seg * seg;
            let (s1, s2) = (&s1[..used], &s2[..used]);
            let g = cfg.geometry(used, rate_hz).ok()?;
            if g.window % seg != 0 || g.increment % seg != 0 || g.lag >= seg {
                return None;
            }
            if s1.iter().chain(s2).any(|v| !v.is_finite()) || !integer_bound_ok(s1, s2) {
                return None;
            }
            // table of n_seg^2 * (4L + 1) values; keep it under ~400 MB
            let stride = 4 * g.lag + 1;
            if (n_seg * n_seg).checked_mul(stride)? > 50_000_000 {
                return None;
            }
            let m = (2 * seg).next_power_of_two();
            let mut planner = RealFftPlanner::<f64>::new();
            let fwd = planner.plan_fft_forward(m);
            let inv = planner.plan_fft_inverse(m);
            let spec = |v: &[f64]| -> Option<Vec<Vec<realfft::num_complex::Complex<f64>>>> {
                (0..n_seg)
                    .map(|i| {
                        let mut buf = vec![0.0; m];
                        buf[..seg].copy_from_slice(&v[i * seg..(i + 1) * seg]);
                        let mut out = fwd.make_output_vec();
                        fwd.process(&mut buf, &mut out).ok()?;
                        Some(out)
                    })
                    .collect()
            };
            let (fx, fy) = (spec(s1)?, spec(s2)?);
            // FFT error bound: must stay well below 0.5 to round to the exact integer
            let norm = |v: &[f64], i: usize| v[i * seg..(i + 1) * seg].iter().map(|a| a * a).sum::<f64>().sqrt();
            let maxx = (0..n_seg).map(|i| norm(s1, i)).fold(0.0, f64::max);
            let maxy = (0..n_seg).map(|i| norm(s2, i)).fold(0.0, f64::max);
            if maxx * maxy * (m as f64).log2() * 1e-14 > 0.05 {
                return None;
            }
            let l = g.lag;
            let rows: Option<Vec<Vec<f64>>> = (0..n_seg)
                .into_par_iter()
                .map(|i| {
                    let mut row = vec![0.0; n_seg * stride];
                    let mut prod = inv.make_input_vec();
                    let mut out = inv.make_output_vec();
                    let mut scratch = inv.make_scratch_vec();
                    for h in 0..n_seg {
                        for ((p, a), b) in prod.iter_mut().zip(&fx[i]).zip(&fy[h]) {
                            *p = a.conj() * b;
                        }
                        if let Some(p) = prod.first_mut() {
                            p.im = 0.0;
                        }
                        if let Some(p) = prod.last_mut() {
                            p.im = 0.0;
                        }
                        inv.process_with_scratch(&mut prod, &mut out, &mut scratch).ok()?;
                        let sc = 1.0 / m as f64;
                        // xcorr(d) = sum_t X_i[t] Y_h[t + d] at index d (d >= 0) or m + d (d < 0)
                        let at = |d: i64| -> f64 { (out[if d >= 0 { d as usize } else { (m as i64 + d) as usize }] * sc).round() };
                        let r = &mut row[h * stride..(h + 1) * stride];
                        for j in 0..=2 * l {
                            r[j] = at(j as i64 - l as i64);
                        }
                        for k in 1..=l {
                            // tail for lag +k: sum_{t >= S-k} X_i[t] Y_next[t + k - S]
                            r[2 * l + k] = at(k as i64 - seg as i64);
                            // tail for lag -k: sum_{u >= S-k} X_next[u + k - S] Y_h[u] = xcorr_{next,h}(S - k)
                            r[3 * l + k] = at(seg as i64 - k as i64);
                        }
                    }
                    Some(row)
                })
                .collect();
            let data = rows?.concat();
            let heads = |v: &[f64], sq: bool| -> Vec<f64> {
                let mut h = Vec::with_capacity(n_seg * (seg + 1));
                for i in 0..n_seg {
                    let mut a = 0.0;
                    h.push(0.0);
                    for x in &v[i * seg..(i + 1) * seg] {
                        a += if sq { x * x } else { *x };
                        h.push(a);
                    }
                }
                h
            };
            let (hx, hxx, hy, hyy) = (heads(s1, false), heads(s1, true), heads(s2, false), heads(s2, true));
            Some(SegmentTable { s1, s2, rate_hz, cfg: *cfg, seg, n_seg, lag: l, stride, data, hx, hxx, hy, hyy })
        }

        #[inline]
        fn t(&self, i: usize, h: usize, idx: usize) -> f64 {
            self.data[(i * self.n_seg + h) * self.stride + idx]
        }

        /// grandAver and lag profile of one surrogate.
        pub(super) fn surrogate(&'a self, p: &SegmentPermutation) -> Result<(f64, Vec<f64>), SignalError> {
            if p.s1.len() != self.n_seg || p.s2.len() != self.n_seg || p.s1.iter().chain(&p.s2).any(|v| *v >= self.n_seg) {
                // not a full permutation of the table's segments: take the generic route
                let x = reorder_segments(self.s1, self.seg, &p.s1)?;
                let y = reorder_segments(self.s2, self.seg, &p.s2)?;
                return grand_average_and_profile(&x, &y, self.rate_hz, &self.cfg);
            }
            let sg = self.seg;
            let g: Geometry = self.cfg.geometry(self.n_seg * sg, self.rate_hz)?;
            let l = self.lag;
            let nl = 2 * l + 1;
            let ns = self.n_seg;
            // slot sums per lag
            let mut q = vec![0.0f64; ns * nl];
            for b in 0..ns {
                let (i, h) = (p.s1[b], p.s2[b]);
                let qb = &mut q[b * nl..(b + 1) * nl];
                for (j, v) in qb.iter_mut().enumerate() {
                    *v = self.t(i, h, j);
                }
                if b + 1 < ns {
                    let (i2, h2) = (p.s1[b + 1], p.s2[b + 1]);
                    for k in 1..=l {
                        qb[l + k] += self.t(i, h2, 2 * l + k);
                        qb[l - k] += self.t(i2, h, 3 * l + k);
                    }
                }
            }
            // cumulative slot totals of x, x^2, y, y^2
            let cum = |perm: &[usize], tot: &dyn Fn(usize) -> f64| -> Vec<f64> {
                let mut c = Vec::with_capacity(ns + 1);
                let mut a = 0.0;
                c.push(0.0);
                for &i in perm {
                    a += tot(i);
                    c.push(a);
                }
                c
            };
            let sp1 = sg + 1;
            let cx = cum(&p.s1, &|i| self.hx[i * sp1 + sg]);
            let cxx = cum(&p.s1, &|i| self.hxx[i * sp1 + sg]);
            let cy = cum(&p.s2, &|i| self.hy[i * sp1 + sg]);
            let cyy = cum(&p.s2, &|i| self.hyy[i * sp1 + sg]);
            let per_win = g.window / sg;
            let step = g.increment / sg;
            let (mut sum, mut cnt) = (0.0f64, 0usize);
            let mut prof = vec![0.0f64; nl];
            let mut prof_n = vec![0usize; nl];
            let wf = g.window as f64;
            let zeros = vec![0.0f64; sp1];
            let head = |h: &'a [f64], perm: &[usize], b: usize| -> &[f64] {
                if b < ns { &h[perm[b] * sp1..(perm[b] + 1) * sp1] } else { &zeros[..] }
            };
            for w in 0..g.n_windows {
                let b0 = w * step;
                let b1 = b0 + per_win;
                // sums over [b0*S + a, b1*S + a) = slot totals - head(b0, a) + head(b1, a)
                let (bx, bxx, by, byy) = (cx[b1] - cx[b0], cxx[b1] - cxx[b0], cy[b1] - cy[b0], cyy[b1] - cyy[b0]);
                let (hx0, hx1) = (head(&self.hx, &p.s1, b0), head(&self.hx, &p.s1, b1));
                let (hxx0, hxx1) = (head(&self.hxx, &p.s1, b0), head(&self.hxx, &p.s1, b1));
                let (hy0, hy1) = (head(&self.hy, &p.s2, b0), head(&self.hy, &p.s2, b1));
                let (hyy0, hyy1) = (head(&self.hyy, &p.s2, b0), head(&self.hyy, &p.s2, b1));
                for j in 0..nl {
                    let mut sxy = 0.0;
                    for b in b0..b1 {
                        sxy += q[b * nl + j];
                    }
                    let k = j as i64 - l as i64;
                    let a1 = if k < 0 { (-k) as usize } else { 0 };
                    let a2 = if k > 0 { k as usize } else { 0 };
                    let sx = bx - hx0[a1] + hx1[a1];
                    let sxx = bxx - hxx0[a1] + hxx1[a1];
                    let sy = by - hy0[a2] + hy1[a2];
                    let syy = byy - hyy0[a2] + hyy1[a2];
                    let mut v = ccf::r_from_sums(wf, sx, sy, sxx, syy, sxy);
                    if !v.is_nan() && ccf::needs_differ_check(sx, sy, sxx, syy, sxy) {
                        let at = |src: &[f64], perm: &[usize], u: usize| src[perm[u / sg] * sg + u % sg];
                        let s0 = w * g.increment;
                        let differ = (0..g.window)
                            .filter(|&t| at(self.s1, &p.s1, s0 + a1 + t) != at(self.s2, &p.s2, s0 + a2 + t))
                            .take(2)
                            .count();
                        if differ < 2 {
                            v = f64::NAN;
                        }
                    }
                    if self.cfg.r_to_z {
                        v = ccf::fisher_z_clipped(v);
                    }
                    if self.cfg.abs {
                        v = v.abs();
                    }
                    if !v.is_nan() {
                        sum += v;
                        cnt += 1;
                        prof[j] += v;
                        prof_n[j] += 1;
                    }
                }
            }
            let ga = if cnt > 0 { sum / cnt as f64 } else { f64::NAN };
            let prof = prof.iter().zip(&prof_n).map(|(s, n)| if *n > 0 { s / *n as f64 } else { f64::NAN }).collect();
            Ok((ga, prof))
        }
    }
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
    fn fast_path_equals_generic() {
        let n = 600;
        let x: Vec<f64> = (0..n).map(|i| ((i * 7919 + 13) % 101) as f64).collect();
        let y: Vec<f64> = (0..n).map(|i| ((i * 104729 + 7) % 89) as f64 + if i % 7 == 0 { 40.0 } else { 0.0 }).collect();
        let cfg = CcfConfig { lag_s: 5.0, window_s: 60.0, increment_s: 30.0, r_to_z: true, abs: false };
        let perms = random_permutations(20, 6, 3);
        let fast = fast::SegmentTable::try_new(&x, &y, 1.0, &cfg, 30).expect("fast path applies");
        for p in &perms {
            let (a, pa) = fast.surrogate(p).unwrap();
            let xs = reorder_segments(&x, 30, &p.s1).unwrap();
            let ys = reorder_segments(&y, 30, &p.s2).unwrap();
            let (b, pb) = grand_average_and_profile(&xs, &ys, 1.0, &cfg).unwrap();
            assert!((a - b).abs() < 1e-13, "{a} vs {b}");
            for (u, v) in pa.iter().zip(&pb) {
                assert!((u - v).abs() < 1e-13);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(64))]

        #[test]
        fn shuffles_never_panic(x in proptest::collection::vec(0u8..20, 0..200), perm in proptest::collection::vec(0usize..30, 0..12),
                                seg in 0.0f64..40.0, n in 0usize..4) {
            let v: Vec<f64> = x.iter().map(|a| *a as f64).collect();
            let cfg = CcfConfig { lag_s: 2.0, window_s: 20.0, increment_s: 10.0, r_to_z: true, abs: false };
            let p = vec![SegmentPermutation { s1: perm.clone(), s2: perm }];
            let _ = segment_shuffle_with(&v, &v, 1.0, &cfg, seg, &p);
            let _ = segment_shuffle(&v, &v, 1.0, &cfg, seg, n, 1);
        }
    }

    #[test]
    fn d_pooled() {
        let d = cohens_d(&[1.0, 2.0, 3.0], &[2.0, 3.0, 4.0]);
        assert!((d + 1.0).abs() < 1e-12);
    }
}
