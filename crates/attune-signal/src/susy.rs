//! Surrogate Synchrony (SUSY; Tschacher & Meier 2020), implemented from the published method.
//!
//! Both series (rows with a missing value removed first) are cut into non-overlapping segments of
//! `segment_s` seconds (a remainder is dropped). For every pair of segments (i, h) the biased
//! cross-correlation (R's `ccf`: each segment centred on its own mean, sums over the overlap divided
//! by the segment length, normalised by the 1/n standard deviations) is taken for lags
//! `-maxlag..=maxlag` samples; lag k correlates s1[t + k] with s2[t], so a positive lag means s2
//! leads. Each r becomes Fisher's z = atanh(r) (not clipped). Pairs i = h are real, i ≠ h
//! surrogates. Per lag the z values are averaged over segments (real) or over all surrogate pairs;
//! Z is the mean over lags of |z| (real), Z-Pseudo the same for the surrogates, and
//! ES = (Z − Z-Pseudo) / SD over lags of the surrogates' |z|. The signed ("noAbs") variants average
//! z instead of |z|; lead1 / lead2 summarise the negative / positive lag halves.
//!
//! Cross-correlations are computed with real FFTs (zero padded, no wrap-around).

use crate::error::SignalError;
use rayon::prelude::*;
use realfft::RealFftPlanner;
use realfft::num_complex::Complex;
use serde::{Deserialize, Serialize};

/// Summary of a SUSY analysis (field names follow SUSY's output columns).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Susy {
    /// Samples used (complete rows).
    pub n_data: usize,
    /// Segment length in samples.
    pub segment: usize,
    /// Number of segments.
    pub n_segments: usize,
    /// Max lag in samples.
    pub max_lag: usize,
    /// Z: mean over lags of the real |z| per lag.
    pub z: f64,
    /// Z-Pseudo.
    pub z_pseudo: f64,
    /// SD(Z): sd over lags of the real per-lag |z|.
    pub sd_z: f64,
    /// SD(Z-Pseudo).
    pub sd_z_pseudo: f64,
    /// Percentage of lags whose real |z| exceeds the surrogates'.
    pub pct_gt_pseudo: f64,
    /// ES = (Z − Z-Pseudo) / SD(Z-Pseudo).
    pub es: f64,
    /// Z over the negative lags (s1 leads in SUSY's convention: Var1 before Var2).
    pub z_lead1: f64,
    /// Z over the positive lags.
    pub z_lead2: f64,
    /// ES over the negative lags.
    pub es_lead1: f64,
    /// ES over the positive lags.
    pub es_lead2: f64,
    /// Mean of the positive per-lag signed real z.
    pub mean_z_in_phase: f64,
    /// Mean of the negative per-lag signed real z.
    pub mean_z_anti_phase: f64,
    /// Number of lags with positive signed real z.
    pub n_in_phase: usize,
    /// Number of lags with negative signed real z.
    pub n_anti_phase: usize,
    /// Z(noAbs): mean over lags of signed real z.
    pub z_no_abs: f64,
    /// Z(Pseudo-noAbs).
    pub z_pseudo_no_abs: f64,
    /// %>Pseudo(noAbs).
    pub pct_gt_pseudo_no_abs: f64,
    /// ES(noAbs).
    pub es_no_abs: f64,
    /// Per lag (−maxlag..=maxlag): mean real |r|, pseudo |r|, real |z|, real z, pseudo |z|, pseudo z.
    pub per_lag: Vec<SusyLag>,
    /// Per segment: mean over lags of the real |r| and of the surrogate |r| (all pairs with that
    /// s1 segment), as SUSY's per-segment table.
    pub per_segment: Vec<(f64, f64)>,
    /// Per segment: the same with |z|.
    pub per_segment_z: Vec<(f64, f64)>,
}

/// One lag of a SUSY analysis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SusyLag {
    /// Lag in samples.
    pub lag: i64,
    /// Mean real |r|.
    pub real_r: f64,
    /// Mean surrogate |r|.
    pub pseudo_r: f64,
    /// Mean real |z|.
    pub real_z: f64,
    /// Mean real signed z.
    pub real_z_no_abs: f64,
    /// Mean surrogate |z|.
    pub pseudo_z: f64,
    /// Mean surrogate signed z.
    pub pseudo_z_no_abs: f64,
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

fn sd(v: &[f64]) -> f64 {
    let m = mean(v);
    (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (v.len() as f64 - 1.0)).sqrt()
}

/// Most segment-pair FFT points ([`susy`] refuses more): n_segments² × FFT length ≤ 2^33.
pub const MAX_PAIR_POINTS: u128 = 1 << 33;

/// Run SUSY on two series at `rate_hz` with segments of `segment_s` seconds and lags up to
/// `max_lag_s` seconds.
pub fn susy(s1: &[f64], s2: &[f64], rate_hz: f64, segment_s: f64, max_lag_s: f64) -> Result<Susy, SignalError> {
    let seg = (segment_s * rate_hz).round();
    let ml = (max_lag_s * rate_hz).round();
    if !(seg.is_finite() && ml.is_finite() && seg >= 2.0 && ml >= 0.0) {
        return Err(SignalError::config("SUSY needs a segment of at least 2 samples and a non-negative max lag"));
    }
    let (seg, ml) = (seg as usize, ml as usize);
    if ml >= seg {
        return Err(SignalError::config(format!("max lag ({max_lag_s} s) must be shorter than the segment ({segment_s} s)")));
    }
    let (x, y): (Vec<f64>, Vec<f64>) = s1.iter().zip(s2).filter(|(a, b)| a.is_finite() && b.is_finite()).map(|(a, b)| (*a, *b)).unzip();
    let n_seg = x.len() / seg;
    if n_seg < 2 {
        return Err(SignalError::config(format!(
            "SUSY needs at least 2 segments of {segment_s} s; the data hold {} complete samples",
            x.len()
        )));
    }
    let m = (seg + ml).next_power_of_two();
    // SUSY correlates every pair of segments: n_seg² inverse FFTs of m points, quadratic in the
    // data's length for a fixed segment. Refuse work beyond ~2^33 point-pairs (about 10 s).
    let work = (n_seg as u128) * (n_seg as u128) * (m as u128);
    if work > MAX_PAIR_POINTS {
        return Err(SignalError::config(format!(
            "SUSY would correlate {n_seg} × {n_seg} segment pairs of {m} points, more than attune does in one analysis; use longer segments (about {} s or more here)",
            (2.0 * (x.len() as f64).powi(2) / MAX_PAIR_POINTS as f64 / rate_hz).ceil()
        )));
    }
    let mut planner = RealFftPlanner::<f64>::new();
    let fwd = planner.plan_fft_forward(m);
    let inv = planner.plan_fft_inverse(m);
    // normalised segments -> spectra
    let spectra = |v: &[f64]| -> Vec<Option<Vec<Complex<f64>>>> {
        (0..n_seg)
            .into_par_iter()
            .map(|i| {
                let s = &v[i * seg..(i + 1) * seg];
                let mu = s.iter().sum::<f64>() / seg as f64;
                let mu = mu + s.iter().map(|a| a - mu).sum::<f64>() / seg as f64;
                let ss: f64 = s.iter().map(|a| (a - mu) * (a - mu)).sum();
                if ss <= 0.0 {
                    return None;
                }
                let k = 1.0 / ss.sqrt();
                let mut buf = vec![0.0; m];
                for (b, a) in buf.iter_mut().zip(s) {
                    *b = (a - mu) * k;
                }
                let mut out = fwd.make_output_vec();
                fwd.process(&mut buf, &mut out).ok()?;
                Some(out)
            })
            .collect()
    };
    let fx = spectra(&x);
    let fy = spectra(&y);
    let nl = 2 * ml + 1;
    // per s1-segment i: sums over h of z, |z|, |r| per lag for real (h = i) and pseudo (h != i)
    struct Acc {
        real_r: Vec<f64>,
        real_z: Vec<f64>,
        real_zs: Vec<f64>,
        ps_r: Vec<f64>,
        ps_z: Vec<f64>,
        ps_zs: Vec<f64>,
        n_ps: usize,
        real_ok: bool,
    }
    let accs: Vec<Acc> = (0..n_seg)
        .into_par_iter()
        .map(|i| {
            let mut a = Acc {
                real_r: vec![0.0; nl],
                real_z: vec![0.0; nl],
                real_zs: vec![0.0; nl],
                ps_r: vec![0.0; nl],
                ps_z: vec![0.0; nl],
                ps_zs: vec![0.0; nl],
                n_ps: 0,
                real_ok: false,
            };
            let mut prod = inv.make_input_vec();
            let mut out = inv.make_output_vec();
            let mut scratch = inv.make_scratch_vec();
            let Some(xi) = &fx[i] else { return a };
            for (h, yh) in fy.iter().enumerate() {
                let Some(yh) = yh else { continue };
                for ((p, a_), b_) in prod.iter_mut().zip(xi).zip(yh) {
                    *p = a_ * b_.conj();
                }
                // the imaginary parts of DC and Nyquist must be zero for the inverse real FFT
                if let Some(p) = prod.first_mut() {
                    p.im = 0.0;
                }
                if let Some(p) = prod.last_mut() {
                    p.im = 0.0;
                }
                if inv.process_with_scratch(&mut prod, &mut out, &mut scratch).is_err() {
                    continue;
                }
                let scale = 1.0 / m as f64;
                let (rr, zz, zs) = if h == i {
                    a.real_ok = true;
                    (&mut a.real_r, &mut a.real_z, &mut a.real_zs)
                } else {
                    a.n_ps += 1;
                    (&mut a.ps_r, &mut a.ps_z, &mut a.ps_zs)
                };
                for j in 0..nl {
                    let k = j as i64 - ml as i64;
                    let idx = if k >= 0 { k as usize } else { m - (-k) as usize };
                    let r = (out[idx] * scale).clamp(-1.0, 1.0);
                    let z = r.atanh();
                    rr[j] += r.abs();
                    zz[j] += z.abs();
                    zs[j] += z;
                }
            }
            a
        })
        .collect();
    let n_real = accs.iter().filter(|a| a.real_ok).count();
    let n_ps: usize = accs.iter().map(|a| a.n_ps).sum();
    if n_real == 0 || n_ps == 0 {
        return Err(SignalError::config("SUSY: every segment of one series is constant; nothing to correlate"));
    }
    let col = |f: &dyn Fn(&Acc) -> &Vec<f64>, j: usize, d: usize| accs.iter().map(|a| f(a)[j]).sum::<f64>() / d as f64;
    let per_lag: Vec<SusyLag> = (0..nl)
        .map(|j| SusyLag {
            lag: j as i64 - ml as i64,
            real_r: col(&|a| &a.real_r, j, n_real),
            pseudo_r: col(&|a| &a.ps_r, j, n_ps),
            real_z: col(&|a| &a.real_z, j, n_real),
            real_z_no_abs: col(&|a| &a.real_zs, j, n_real),
            pseudo_z: col(&|a| &a.ps_z, j, n_ps),
            pseudo_z_no_abs: col(&|a| &a.ps_zs, j, n_ps),
        })
        .collect();
    let per_segment_z = accs
        .iter()
        .map(|a| (a.real_z.iter().sum::<f64>() / nl as f64, if a.n_ps > 0 { a.ps_z.iter().sum::<f64>() / (nl * a.n_ps) as f64 } else { f64::NAN }))
        .collect();
    let per_segment = accs
        .iter()
        .map(|a| (a.real_r.iter().sum::<f64>() / nl as f64, if a.n_ps > 0 { a.ps_r.iter().sum::<f64>() / (nl * a.n_ps) as f64 } else { f64::NAN }))
        .collect();
    let rz: Vec<f64> = per_lag.iter().map(|l| l.real_z).collect();
    let pz: Vec<f64> = per_lag.iter().map(|l| l.pseudo_z).collect();
    let rs: Vec<f64> = per_lag.iter().map(|l| l.real_z_no_abs).collect();
    let ps: Vec<f64> = per_lag.iter().map(|l| l.pseudo_z_no_abs).collect();
    let pct = |a: &[f64], b: &[f64]| 100.0 * a.iter().zip(b).filter(|(x, y)| x > y).count() as f64 / a.len() as f64;
    let es = |a: &[f64], b: &[f64]| (mean(a) - mean(b)) / sd(b);
    let (l1, l2) = (0..ml, ml + 1..nl);
    let inph: Vec<f64> = rs.iter().copied().filter(|v| *v > 0.0).collect();
    let anti: Vec<f64> = rs.iter().copied().filter(|v| *v < 0.0).collect();
    Ok(Susy {
        n_data: x.len(),
        segment: seg,
        n_segments: n_seg,
        max_lag: ml,
        z: mean(&rz),
        z_pseudo: mean(&pz),
        sd_z: sd(&rz),
        sd_z_pseudo: sd(&pz),
        pct_gt_pseudo: pct(&rz, &pz),
        es: es(&rz, &pz),
        z_lead1: mean(&rz[l1.clone()]),
        z_lead2: mean(&rz[l2.clone()]),
        es_lead1: es(&rz[l1.clone()], &pz[l1]),
        es_lead2: es(&rz[l2.clone()], &pz[l2]),
        mean_z_in_phase: if inph.is_empty() { f64::NAN } else { mean(&inph) },
        mean_z_anti_phase: if anti.is_empty() { f64::NAN } else { mean(&anti) },
        n_in_phase: inph.len(),
        n_anti_phase: anti.len(),
        z_no_abs: mean(&rs),
        z_pseudo_no_abs: mean(&ps),
        pct_gt_pseudo_no_abs: pct(&rs, &ps),
        es_no_abs: es(&rs, &ps),
        per_lag,
        per_segment,
        per_segment_z,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fft_ccf_matches_direct() {
        let x: Vec<f64> = (0..400).map(|i| ((i * 7919) % 97) as f64 + (i as f64 * 0.1).sin() * 5.0).collect();
        let y: Vec<f64> = (0..400).map(|i| ((i * 104729) % 89) as f64 + (i as f64 * 0.1 + 0.5).sin() * 5.0).collect();
        let s = susy(&x, &y, 1.0, 100.0, 10.0).unwrap();
        // direct real ccf for segment 0 at lag 3: sum x[t+3] y[t] / n / (sdx sdy)
        let seg = |v: &[f64], i: usize| v[i * 100..(i + 1) * 100].to_vec();
        let mut zsum = 0.0;
        for i in 0..4 {
            let (a, b) = (seg(&x, i), seg(&y, i));
            let (ma, mb) = (mean(&a), mean(&b));
            let sa = (a.iter().map(|v| (v - ma).powi(2)).sum::<f64>() / 100.0).sqrt();
            let sb = (b.iter().map(|v| (v - mb).powi(2)).sum::<f64>() / 100.0).sqrt();
            let c: f64 = (0..97).map(|t| (a[t + 3] - ma) * (b[t] - mb)).sum::<f64>() / 100.0;
            zsum += (c / (sa * sb)).atanh();
        }
        let l = s.per_lag.iter().find(|l| l.lag == 3).unwrap();
        assert!((l.real_z_no_abs - zsum / 4.0).abs() < 1e-12);
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(64))]

        #[test]
        fn never_panics(x in proptest::collection::vec(-1e6f64..1e6, 0..300), y in proptest::collection::vec(-1e6f64..1e6, 0..300),
                        seg in -5.0f64..100.0, lag in -2.0f64..20.0) {
            if let Ok(s) = susy(&x, &y, 1.0, seg, lag) {
                proptest::prop_assert!(s.per_lag.iter().all(|l| l.real_r.is_nan() || l.real_r <= 1.0));
            }
        }
    }

    #[test]
    fn quadratic_work_is_refused() {
        // 200,000 samples in 2-sample segments: 10^10 segment pairs
        let x: Vec<f64> = (0..200_000).map(|i| (i % 13) as f64).collect();
        let e = susy(&x, &x, 1.0, 2.0, 0.0).unwrap_err().to_string();
        assert!(e.contains("longer segments"), "{e}");
    }

    #[test]
    fn bad_input_is_error() {
        assert!(susy(&[1.0; 10], &[1.0; 10], 1.0, 5.0, 1.0).is_err());
        assert!(susy(&[], &[], 1.0, 5.0, 1.0).is_err());
        assert!(susy(&[1.0; 10], &[2.0; 10], 1.0, 5.0, 7.0).is_err());
    }
}
