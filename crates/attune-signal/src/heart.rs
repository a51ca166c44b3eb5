//! Heart and breath: RR intervals → heart rate on a uniform grid, HRV time domain (RMSSD, SDNN),
//! R-peaks from ECG, breathing rate from a respiration belt. Implemented from the published
//! method descriptions (NeuroKit2's documented defaults), not from any tool's source.

use crate::error::SignalError;
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------------------------
// HRV

/// Time-domain HRV of a list of RR intervals in ms.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Hrv {
    /// Number of intervals.
    pub n: usize,
    /// Mean RR, ms.
    pub mean_nn: f64,
    /// SDNN: standard deviation of RR (n − 1), ms.
    pub sdnn: f64,
    /// RMSSD: sqrt(mean(diff(RR)²)), ms.
    pub rmssd: f64,
    /// Mean heart rate, bpm (60000 / RR averaged).
    pub mean_hr: f64,
}

/// RMSSD, SDNN and means of RR intervals (ms). Needs at least 3 intervals.
pub fn hrv_time(rr_ms: &[f64]) -> Result<Hrv, SignalError> {
    if rr_ms.len() < 3 || rr_ms.iter().any(|v| !(v.is_finite() && *v > 0.0)) {
        return Err(SignalError::config("HRV needs at least 3 positive RR intervals"));
    }
    let n = rr_ms.len() as f64;
    let mean = rr_ms.iter().sum::<f64>() / n;
    let sdnn = (rr_ms.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0)).sqrt();
    let d: Vec<f64> = rr_ms.windows(2).map(|w| w[1] - w[0]).collect();
    let rmssd = (d.iter().map(|v| v * v).sum::<f64>() / d.len() as f64).sqrt();
    let mean_hr = rr_ms.iter().map(|v| 60000.0 / v).sum::<f64>() / n;
    Ok(Hrv { n: rr_ms.len(), mean_nn: mean, sdnn, rmssd, mean_hr })
}

/// RR intervals (ms) from R-peak sample indices.
pub fn rr_from_peaks(peaks: &[usize], rate_hz: f64) -> Vec<f64> {
    peaks.windows(2).map(|w| (w[1] as f64 - w[0] as f64) / rate_hz * 1000.0).collect()
}

// ---------------------------------------------------------------------------------------------
// monotone cubic interpolation (Fritsch–Carlson as SciPy's PchipInterpolator)

/// PCHIP interpolation of (x, y) at `xq`; outside [x0, xn] the first / last y is held.
/// `x` must be strictly increasing.
pub fn pchip(x: &[f64], y: &[f64], xq: &[f64]) -> Result<Vec<f64>, SignalError> {
    let n = x.len();
    if n != y.len() || n < 2 {
        return Err(SignalError::config("interpolation needs at least two points"));
    }
    if x.windows(2).any(|w| w[1].partial_cmp(&w[0]) != Some(std::cmp::Ordering::Greater)) {
        return Err(SignalError::config("interpolation points must be strictly increasing in time"));
    }
    let h: Vec<f64> = x.windows(2).map(|w| w[1] - w[0]).collect();
    let del: Vec<f64> = (0..n - 1).map(|i| (y[i + 1] - y[i]) / h[i]).collect();
    let mut d = vec![0.0; n];
    if n == 2 {
        d[0] = del[0];
        d[1] = del[0];
    } else {
        for k in 1..n - 1 {
            if del[k - 1] * del[k] <= 0.0 {
                d[k] = 0.0;
            } else {
                let w1 = 2.0 * h[k] + h[k - 1];
                let w2 = h[k] + 2.0 * h[k - 1];
                d[k] = (w1 + w2) / (w1 / del[k - 1] + w2 / del[k]);
            }
        }
        let edge = |h0: f64, h1: f64, m0: f64, m1: f64| -> f64 {
            let dd = ((2.0 * h0 + h1) * m0 - h0 * m1) / (h0 + h1);
            if dd.signum() != m0.signum() {
                0.0
            } else if m0.signum() != m1.signum() && dd.abs() > 3.0 * m0.abs() {
                3.0 * m0
            } else {
                dd
            }
        };
        d[0] = edge(h[0], h[1], del[0], del[1]);
        d[n - 1] = edge(h[n - 2], h[n - 3], del[n - 2], del[n - 3]);
    }
    let mut out = Vec::with_capacity(xq.len());
    let mut k = 0usize;
    for &t in xq {
        if t <= x[0] {
            out.push(y[0]);
            continue;
        }
        if t >= x[n - 1] {
            out.push(y[n - 1]);
            continue;
        }
        // queries usually ascend: step forward; otherwise (or on a long jump) bisect, so any
        // order of queries costs O(log n) each at worst
        if t < x[k] || (k + 8 < n - 1 && t >= x[k + 8]) {
            k = x[..n - 1].partition_point(|v| *v <= t).saturating_sub(1);
        }
        while k + 1 < n - 1 && t >= x[k + 1] {
            k += 1;
        }
        let hk = h[k];
        let s = (t - x[k]) / hk;
        let (h00, h10, h01, h11) =
            (2.0 * s * s * s - 3.0 * s * s + 1.0, s * s * s - 2.0 * s * s + s, -2.0 * s * s * s + 3.0 * s * s, s * s * s - s * s);
        out.push(h00 * y[k] + h10 * hk * d[k] + h01 * y[k + 1] + h11 * hk * d[k + 1]);
    }
    Ok(out)
}

/// Instantaneous heart rate (bpm) at each R-peak, as NeuroKit2's `signal_rate`: the interval
/// before each peak, and for the first peak the mean of the others.
pub fn instantaneous_hr(peak_times_s: &[f64]) -> Vec<f64> {
    let n = peak_times_s.len();
    if n < 2 {
        return vec![f64::NAN; n];
    }
    let mut per: Vec<f64> = vec![0.0; n];
    for i in 1..n {
        per[i] = peak_times_s[i] - peak_times_s[i - 1];
    }
    per[0] = per[1..].iter().sum::<f64>() / (n - 1) as f64;
    per.iter().map(|p| 60.0 / p).collect()
}

/// Heart rate on a uniform grid of `grid_hz` (default use: 4 Hz) from R-peak times (s), by
/// monotone cubic interpolation of the instantaneous rate; `duration_s` sets the grid length.
pub fn hr_uniform(peak_times_s: &[f64], grid_hz: f64, duration_s: f64) -> Result<crate::series::Series, SignalError> {
    if peak_times_s.len() < 3 {
        return Err(SignalError::config("heart rate needs at least 3 R-peaks"));
    }
    if !(grid_hz > 0.0 && grid_hz.is_finite() && duration_s.is_finite() && duration_s > 0.0 && duration_s * grid_hz < 2e8) {
        return Err(SignalError::config("grid rate and duration must be positive"));
    }
    let hr = instantaneous_hr(peak_times_s);
    let n = (duration_s * grid_hz).round() as usize;
    let tq: Vec<f64> = (0..n).map(|i| i as f64 / grid_hz).collect();
    let v = pchip(peak_times_s, &hr, &tq)?;
    Ok(crate::series::Series::new("hr", grid_hz, v))
}

/// Peak times (s) from RR intervals (ms), the first beat at `first_s`.
pub fn peak_times_from_rr(rr_ms: &[f64], first_s: f64) -> Vec<f64> {
    let mut t = vec![first_s];
    let mut acc = first_s;
    for r in rr_ms {
        acc += r / 1000.0;
        t.push(acc);
    }
    t
}

// ---------------------------------------------------------------------------------------------
// filters

/// Second-order sections [b0, b1, b2, a0(=1), a1, a2].
pub type Sos = Vec<[f64; 6]>;

#[derive(Clone, Copy, Debug)]
struct C(f64, f64);
impl C {
    fn add(self, o: C) -> C {
        C(self.0 + o.0, self.1 + o.1)
    }
    fn sub(self, o: C) -> C {
        C(self.0 - o.0, self.1 - o.1)
    }
    fn mul(self, o: C) -> C {
        C(self.0 * o.0 - self.1 * o.1, self.0 * o.1 + self.1 * o.0)
    }
    fn div(self, o: C) -> C {
        let d = o.0 * o.0 + o.1 * o.1;
        C((self.0 * o.0 + self.1 * o.1) / d, (self.1 * o.0 - self.0 * o.1) / d)
    }
}

/// Digital Butterworth filter as second-order sections (bilinear transform with prewarping).
/// `highpass` = true for high-pass, else low-pass; `fc` in Hz.
pub fn butter(order: usize, fc: f64, fs: f64, highpass: bool) -> Result<Sos, SignalError> {
    if order == 0 || order > 20 || !(fc > 0.0 && fc < fs / 2.0) {
        return Err(SignalError::config(format!("Butterworth cutoff {fc} Hz must lie between 0 and {} Hz", fs / 2.0)));
    }
    let fs2 = 2.0 * fs;
    let wc = fs2 * (std::f64::consts::PI * fc / fs).tan();
    let n = order;
    // analog prototype poles (left half plane)
    let proto: Vec<C> = (0..n)
        .map(|k| {
            let th = std::f64::consts::PI * (2 * k + n + 1) as f64 / (2 * n) as f64;
            C(th.cos(), th.sin())
        })
        .collect();
    let poles_a: Vec<C> = proto.iter().map(|p| if highpass { C(wc, 0.0).div(*p) } else { p.mul(C(wc, 0.0)) }).collect();
    // bilinear
    let poles: Vec<C> = poles_a.iter().map(|p| C(fs2, 0.0).add(*p).div(C(fs2, 0.0).sub(*p))).collect();
    let zero = if highpass { 1.0 } else { -1.0 };
    // gain so that |H| = 1 at DC (low-pass) or Nyquist (high-pass)
    let zref = if highpass { C(-1.0, 0.0) } else { C(1.0, 0.0) };
    let mut sos: Sos = Vec::new();
    let mut used = vec![false; n];
    for i in 0..n {
        if used[i] {
            continue;
        }
        used[i] = true;
        let p = poles[i];
        if p.1.abs() > 1e-12 {
            // find its conjugate
            let j = (0..n).find(|&j| !used[j] && (poles[j].0 - p.0).abs() < 1e-9 && (poles[j].1 + p.1).abs() < 1e-9);
            if let Some(j) = j {
                used[j] = true;
            }
            let a1 = -2.0 * p.0;
            let a2 = p.0 * p.0 + p.1 * p.1;
            sos.push([1.0, -2.0 * zero, 1.0, 1.0, a1, a2]);
        } else {
            sos.push([1.0, -zero, 0.0, 1.0, -p.0, 0.0]);
        }
    }
    // normalise each section at the reference frequency
    for s in sos.iter_mut() {
        let z1 = C(1.0, 0.0).div(zref);
        let z2 = z1.mul(z1);
        let num = C(s[0], 0.0).add(C(s[1], 0.0).mul(z1)).add(C(s[2], 0.0).mul(z2));
        let den = C(s[3], 0.0).add(C(s[4], 0.0).mul(z1)).add(C(s[5], 0.0).mul(z2));
        let g = (den.0 * den.0 + den.1 * den.1).sqrt() / (num.0 * num.0 + num.1 * num.1).sqrt();
        s[0] *= g;
        s[1] *= g;
        s[2] *= g;
    }
    Ok(sos)
}

/// Steady-state initial conditions of a filter (b, a) for a unit step, as SciPy's `lfilter_zi`
/// defines them: the direct-form-II-transposed state that a constant input 1 settles into.
/// Closed form, O(m) for m = max(len(b), len(a)) − 1 state variables: at steady state the output
/// is the DC gain y = Σb / Σa and, from the state update z_k = b_{k+1}·x − a_{k+1}·y + z_{k+1},
/// z_k = Σ_{j>k} (b_j − a_j·y). This is the solution of SciPy's linear system (I − Aᵀ) zi = B
/// without forming the m×m matrix. A filter with Σa = 0 (a pole at z = 1) has no steady state:
/// zeros, as a singular solve gave before.
fn lfilter_zi(b: &[f64], a: &[f64]) -> Vec<f64> {
    let n = a.len().max(b.len());
    if n <= 1 {
        return vec![];
    }
    let a0 = a.first().copied().unwrap_or(1.0);
    let coef = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(0.0) / a0;
    let sa: f64 = (0..n).map(|i| coef(a, i)).sum();
    let sb: f64 = (0..n).map(|i| coef(b, i)).sum();
    if sa == 0.0 || !(sa.is_finite() && sb.is_finite()) {
        return vec![0.0; n - 1];
    }
    let y = sb / sa;
    let mut zi = vec![0.0; n - 1];
    let mut acc = 0.0;
    for k in (0..n - 1).rev() {
        acc += coef(b, k + 1) - coef(a, k + 1) * y;
        zi[k] = acc;
    }
    zi
}

/// Direct form II transposed filter with initial state `z`.
fn lfilter(b: &[f64], a: &[f64], x: &[f64], z: &mut [f64]) -> Vec<f64> {
    let n = a.len().max(b.len());
    let coef = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(0.0);
    let mut y = Vec::with_capacity(x.len());
    for &xi in x {
        let yi = coef(b, 0) * xi + z.first().copied().unwrap_or(0.0);
        for k in 0..n - 1 {
            let next = if k + 1 < n - 1 { z[k + 1] } else { 0.0 };
            z[k] = coef(b, k + 1) * xi - coef(a, k + 1) * yi + next;
        }
        y.push(yi);
    }
    y
}

fn odd_ext(x: &[f64], pad: usize) -> Vec<f64> {
    let n = x.len();
    let mut e = Vec::with_capacity(n + 2 * pad);
    for i in (1..=pad).rev() {
        e.push(2.0 * x[0] - x[i]);
    }
    e.extend_from_slice(x);
    for i in 1..=pad {
        e.push(2.0 * x[n - 1] - x[n - 1 - i]);
    }
    e
}

/// Zero-phase filtering of second-order sections, with odd-extension padding and steady-state
/// initial conditions (as SciPy's `sosfiltfilt`).
pub fn sosfiltfilt(sos: &Sos, x: &[f64]) -> Vec<f64> {
    let nz = sos.iter().filter(|s| s[2] == 0.0).count().min(sos.iter().filter(|s| s[5] == 0.0).count());
    let pad = (3 * (2 * sos.len() + 1 - nz)).min(x.len().saturating_sub(1));
    if x.len() < 2 {
        return x.to_vec();
    }
    let ext = odd_ext(x, pad);
    let zis: Vec<Vec<f64>> = {
        let mut scale = 1.0;
        sos.iter()
            .map(|s| {
                let zi: Vec<f64> = lfilter_zi(&s[..3], &s[3..]).iter().map(|v| v * scale).collect();
                scale *= (s[0] + s[1] + s[2]) / (s[3] + s[4] + s[5]);
                zi
            })
            .collect()
    };
    let run = |input: &[f64]| -> Vec<f64> {
        let x0 = input[0];
        let mut y = input.to_vec();
        for (s, zi) in sos.iter().zip(&zis) {
            let mut z: Vec<f64> = zi.iter().map(|v| v * x0).collect();
            y = lfilter(&s[..3], &s[3..], &y, &mut z);
        }
        y
    };
    // the backward pass uses the forward output's last value for its initial state
    let fwd = run(&ext);
    let mut rev: Vec<f64> = fwd.into_iter().rev().collect();
    rev = run(&rev);
    rev.reverse();
    rev[pad..pad + x.len()].to_vec()
}

/// Zero-phase FIR/IIR filtering (b, a), odd padding of 3·max(len) samples (SciPy's `filtfilt`).
pub fn filtfilt(b: &[f64], a: &[f64], x: &[f64]) -> Vec<f64> {
    let a0 = a.first().copied().unwrap_or(1.0);
    let (b, a): (Vec<f64>, Vec<f64>) = (b.iter().map(|v| v / a0).collect(), a.iter().map(|v| v / a0).collect());
    let pad = (3 * a.len().max(b.len())).min(x.len().saturating_sub(1));
    if x.len() < 2 {
        return x.to_vec();
    }
    let ext = odd_ext(x, pad);
    let zi = lfilter_zi(&b, &a);
    let mut z: Vec<f64> = zi.iter().map(|v| v * ext[0]).collect();
    let f = lfilter(&b, &a, &ext, &mut z);
    let rev: Vec<f64> = f.into_iter().rev().collect();
    let mut z: Vec<f64> = zi.iter().map(|v| v * rev[0]).collect();
    let mut out = lfilter(&b, &a, &rev, &mut z);
    out.reverse();
    out[pad..pad + x.len()].to_vec()
}

/// Boxcar smoothing as NeuroKit2's `signal_smooth(kernel="boxcar")`: edges extended with the
/// first/last value, centred moving mean of `size` samples (for even sizes the window is
/// `i - size/2 ..= i + size/2 - 1`).
pub fn boxcar(x: &[f64], size: usize) -> Vec<f64> {
    let n = x.len();
    if n == 0 || size <= 1 {
        return x.to_vec();
    }
    // beyond this the padded edges dominate anyway; keeps absurd sizes from running for ever
    let size = size.min(4 * n + 1);
    let back = size / 2;
    let fwd = size - 1 - back;
    let at = |i: i64| -> f64 { x[i.clamp(0, n as i64 - 1) as usize] };
    let mut out = Vec::with_capacity(n);
    let mut s: f64 = (-(back as i64)..=fwd as i64).map(at).sum();
    for i in 0..n as i64 {
        out.push(s / size as f64);
        s += at(i + fwd as i64 + 1) - at(i - back as i64);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// ECG

/// ECG cleaning as NeuroKit2's default: 5th-order Butterworth high-pass at 0.5 Hz (zero phase)
/// then a 50 Hz powerline moving average (zero phase).
pub fn ecg_clean(ecg: &[f64], fs: f64) -> Result<Vec<f64>, SignalError> {
    if !(10.0..1e6).contains(&fs) {
        return Err(SignalError::config(format!("ECG sample rate {fs} Hz is not usable (10 Hz to 1 MHz)")));
    }
    if ecg.len() < 10 || ecg.iter().any(|v| !v.is_finite()) {
        return Err(SignalError::config("ECG needs at least 10 finite samples (fill or cut missing stretches first)"));
    }
    let sos = butter(5, 0.5, fs, true)?;
    let hp = sosfiltfilt(&sos, ecg);
    let m = if fs >= 100.0 { (fs / 50.0) as usize } else { 2 };
    Ok(moving_average_filtfilt(&hp, m.max(1)))
}

/// Windows up to this length take the direct-form filter (O(n·m)); longer ones the O(n)
/// sliding sum, whose results agree to ~1e-15 relative (tested).
const DIRECT_MAX: usize = 64;

/// `filtfilt(ones(m), [m], x)`: zero-phase m-sample moving average with SciPy's odd padding of
/// 3·m samples and steady-state initial conditions. The steady state of a moving average is "the
/// input held at its first value for ever", so each pass is a causal running mean whose window is
/// extended to the left with the pass's first sample; for m > [`DIRECT_MAX`] that is computed
/// with a sliding sum in O(n) (the work of `filtfilt` is O(n·m)).
pub fn moving_average_filtfilt(x: &[f64], m: usize) -> Vec<f64> {
    let m = m.max(1);
    if m <= DIRECT_MAX || x.len() < 2 {
        let b = vec![1.0; m];
        return filtfilt(&b, &[m as f64], x);
    }
    let pad = (3 * m).min(x.len() - 1);
    let ext = odd_ext(x, pad);
    let pass = |e: &[f64]| -> Vec<f64> {
        let first = e[0];
        let mut s = crate::sum::SlidingSum::for_data(e, m);
        for _ in 0..m {
            s.add(first);
        }
        let mf = m as f64;
        let mut out = Vec::with_capacity(e.len());
        for (i, &v) in e.iter().enumerate() {
            s.add(v);
            s.remove(if i >= m { e[i - m] } else { first });
            out.push(s.value() / mf);
        }
        out
    };
    let fwd = pass(&ext);
    let rev: Vec<f64> = fwd.into_iter().rev().collect();
    let mut out = pass(&rev);
    out.reverse();
    out[pad..pad + x.len()].to_vec()
}

/// Most prominent local maximum of `d` (SciPy-style peaks and prominences); None if no peak.
/// A peak is a sample (the middle one of a plateau) higher than its neighbours; its prominence
/// is its height above the higher of the two minima between it and the nearest strictly higher
/// sample on each side (or the end). Those minima come from monotone stacks, O(n) in all.
fn most_prominent(d: &[f64]) -> Option<usize> {
    let n = d.len();
    if n < 3 {
        return None;
    }
    // lmin[i]: min of d over (j, i], j the nearest index left of i with d[j] > d[i] (or the start).
    let base = |order: &mut dyn Iterator<Item = usize>| -> Vec<f64> {
        let mut out = vec![0.0; n];
        let mut stack: Vec<(f64, f64)> = Vec::new(); // (value, min of the span it closes)
        for i in order {
            if d[i].is_nan() {
                // never a peak, never a higher sample, never a minimum: transparent
                continue;
            }
            let mut m = d[i];
            while let Some(&(v, sm)) = stack.last() {
                if v > d[i] {
                    break;
                }
                m = m.min(sm);
                stack.pop();
            }
            out[i] = m;
            stack.push((d[i], m));
        }
        out
    };
    let lmin = base(&mut (0..n));
    let rmin = base(&mut (0..n).rev());
    let mut best: Option<(usize, f64)> = None;
    let mut i = 1;
    while i + 1 < n {
        if d[i - 1] < d[i] {
            // plateau handling: find the end of equal values
            let mut j = i;
            while j + 1 < n && d[j + 1] == d[i] {
                j += 1;
            }
            if j + 1 < n && d[j + 1] < d[i] {
                let peak = (i + j) / 2;
                let prom = d[peak] - lmin[peak].max(rmin[peak]);
                if best.is_none_or(|(_, p)| prom > p) {
                    best = Some((peak, prom));
                }
            }
            i = j + 1;
            continue;
        }
        i += 1;
    }
    best.map(|b| b.0)
}

/// R-peaks (sample indices) with NeuroKit2's default "neurokit" method on a cleaned ECG: the
/// absolute gradient smoothed with a 0.1 s boxcar, compared with 1.5 × its 0.75 s boxcar average;
/// QRS regions shorter than 0.4 × the mean region length are skipped; in each region the most
/// prominent local maximum of the cleaned signal is the peak; peaks closer than 0.3 s to the
/// previous one are dropped.
pub fn ecg_peaks(clean: &[f64], fs: f64) -> Vec<usize> {
    let n = clean.len();
    if n < 3 || !(fs.is_finite() && fs > 0.0 && fs < 1e6) {
        return vec![];
    }
    let mut grad = vec![0.0; n];
    grad[0] = clean[1] - clean[0];
    grad[n - 1] = clean[n - 1] - clean[n - 2];
    for i in 1..n - 1 {
        grad[i] = (clean[i + 1] - clean[i - 1]) / 2.0;
    }
    let absg: Vec<f64> = grad.iter().map(|v| v.abs()).collect();
    let smooth_k = round_half_even(0.1 * fs) as usize;
    let avg_k = round_half_even(0.75 * fs) as usize;
    let sg = boxcar(&absg, smooth_k);
    let avg = boxcar(&sg, avg_k);
    let qrs: Vec<bool> = sg.iter().zip(&avg).map(|(s, a)| *s > 1.5 * a).collect();
    let beg: Vec<usize> = (0..n - 1).filter(|&i| !qrs[i] && qrs[i + 1]).collect();
    let Some(&b0) = beg.first() else { return vec![] };
    let end: Vec<usize> = (0..n - 1).filter(|&i| qrs[i] && !qrs[i + 1] && i > b0).collect();
    let nq = beg.len().min(end.len());
    if nq == 0 {
        return vec![];
    }
    let min_len = (0..nq).map(|i| end[i] as f64 - beg[i] as f64).sum::<f64>() / nq as f64 * 0.4;
    let min_delay = round_half_even(0.3 * fs) as i64;
    let mut peaks: Vec<i64> = vec![0];
    for i in 0..nq {
        let (b, e) = (beg[i], end[i]);
        if e <= b || ((e - b) as f64) < min_len {
            continue;
        }
        if let Some(loc) = most_prominent(&clean[b..e]) {
            let p = (b + loc) as i64;
            if p - peaks[peaks.len() - 1] > min_delay {
                peaks.push(p);
            }
        }
    }
    peaks.into_iter().skip(1).map(|p| p as usize).collect()
}

fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 && r % 2.0 != 0.0 { r - x.signum() } else { r }
}

// ---------------------------------------------------------------------------------------------
// breathing

/// Breathing analysis of a respiration belt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breathing {
    /// Trough sample indices (start of inhalation).
    pub troughs: Vec<usize>,
    /// Peak sample indices (end of inhalation).
    pub peaks: Vec<usize>,
    /// Breathing rate per sample (breaths per minute), monotone cubic between troughs.
    pub rate: Vec<f64>,
    /// Mean rate, breaths per minute.
    pub mean_rate: f64,
}

/// Breathing rate from a respiration signal: clean with zero-phase 2nd-order Butterworth high-pass
/// 0.05 Hz and low-pass 3 Hz (after NeuroKit2's default band), alternate peaks and troughs at the extremes
/// between zero crossings, drop cycles with an amplitude under 30 % of the median, and take the
/// rate from successive troughs.
pub fn breathing(rsp: &[f64], fs: f64) -> Result<Breathing, SignalError> {
    if !(fs.is_finite() && fs > 0.0 && fs < 1e6) || rsp.len() < (10.0 * fs) as usize || rsp.iter().any(|v| !v.is_finite()) {
        return Err(SignalError::config("breathing needs at least 10 s of finite samples"));
    }
    // cleaning as NeuroKit2's default (Khodadad et al. 2018): 2nd-order Butterworth 0.05-3 Hz
    let hp = sosfiltfilt(&butter(2, 0.05, fs, true)?, rsp);
    let lp = sosfiltfilt(&butter(2, 3.0_f64.min(fs / 2.0 * 0.9), fs, false)?, &hp);
    let mu = lp.iter().sum::<f64>() / lp.len() as f64;
    let x: Vec<f64> = lp.iter().map(|v| v - mu).collect();
    // extremes between zero crossings
    let mut ext: Vec<(usize, bool)> = vec![]; // (index, is_peak)
    let mut start = 0usize;
    for i in 1..x.len() {
        let cross = (x[i - 1] < 0.0) != (x[i] < 0.0);
        if cross || i == x.len() - 1 {
            let seg = &x[start..i];
            if !seg.is_empty() {
                let pos = seg.iter().sum::<f64>() > 0.0;
                let k = if pos {
                    seg.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map(|v| v.0)
                } else {
                    seg.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1)).map(|v| v.0)
                };
                if let Some(k) = k {
                    ext.push((start + k, pos));
                }
            }
            start = i;
        }
    }
    // amplitude filter: merge small excursions
    let amps: Vec<f64> = ext.windows(2).map(|w| (x[w[1].0] - x[w[0].0]).abs()).collect();
    let mut sorted = amps.clone();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let med = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
    let mut kept: Vec<(usize, bool)> = vec![];
    for e in ext {
        if let Some(last) = kept.last().copied() {
            if last.1 == e.1 {
                // same kind: keep the more extreme
                let better = if e.1 { x[e.0] > x[last.0] } else { x[e.0] < x[last.0] };
                if better {
                    kept.pop();
                    kept.push(e);
                }
                continue;
            }
            if (x[e.0] - x[last.0]).abs() < 0.3 * med {
                continue;
            }
        }
        kept.push(e);
    }
    let troughs: Vec<usize> = kept.iter().filter(|e| !e.1).map(|e| e.0).collect();
    let peaks: Vec<usize> = kept.iter().filter(|e| e.1).map(|e| e.0).collect();
    if troughs.len() < 3 {
        return Err(SignalError::config("fewer than 3 breaths found; check the respiration channel"));
    }
    let tt: Vec<f64> = troughs.iter().map(|t| *t as f64 / fs).collect();
    let inst = instantaneous_hr(&tt); // 60 / period: breaths per minute
    let tq: Vec<f64> = (0..rsp.len()).map(|i| i as f64 / fs).collect();
    let rate = pchip(&tt, &inst, &tq)?;
    let mean_rate = rate.iter().sum::<f64>() / rate.len() as f64;
    Ok(Breathing { troughs, peaks, rate, mean_rate })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pchip_monotone_and_exact_at_knots() {
        let x = [0.0, 1.0, 2.0, 3.0];
        let y = [0.0, 1.0, 1.0, 2.0];
        let v = pchip(&x, &y, &[0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0]).unwrap();
        assert_eq!(v[0], 0.0);
        assert_eq!(v[2], 1.0);
        assert!((v[3] - 1.0).abs() < 1e-12); // flat segment stays flat
        assert_eq!(v[7], 2.0);
        for w in v.windows(2) {
            assert!(w[1] >= w[0] - 1e-12);
        }
    }

    #[test]
    fn butter_lowpass_dc_gain() {
        let sos = butter(2, 1.0, 50.0, false).unwrap();
        let x = vec![1.0; 500];
        let y = sosfiltfilt(&sos, &x);
        assert!((y[250] - 1.0).abs() < 1e-9);
        let sos = butter(5, 0.5, 250.0, true).unwrap();
        let y = sosfiltfilt(&sos, &x);
        assert!(y[250].abs() < 1e-6);
    }

    #[test]
    fn hrv_formulas() {
        let h = hrv_time(&[800.0, 810.0, 790.0, 800.0]).unwrap();
        assert!((h.rmssd - ((100.0 + 400.0 + 100.0) / 3.0f64).sqrt()).abs() < 1e-12);
        assert!(hrv_time(&[800.0]).is_err());
    }

    /// The dense solve of SciPy's system (I − Aᵀ) zi = B that `lfilter_zi` used to do (O(m³)).
    #[allow(clippy::needless_range_loop)]
    fn lfilter_zi_dense(b: &[f64], a: &[f64]) -> Vec<f64> {
        let n = a.len().max(b.len());
        let (mut aa, mut bb) = (a.to_vec(), b.to_vec());
        aa.resize(n, 0.0);
        bb.resize(n, 0.0);
        let m = n - 1;
        let mut mat = vec![vec![0.0; m]; m];
        for i in 0..m {
            mat[i][i] = 1.0;
            mat[i][0] += aa[i + 1];
            if i + 1 < m {
                mat[i][i + 1] -= 1.0;
            }
        }
        let mut rhs: Vec<f64> = (0..m).map(|i| bb[i + 1] - aa[i + 1] * bb[0]).collect();
        for c in 0..m {
            let piv = (c..m).max_by(|&i, &j| mat[i][c].abs().total_cmp(&mat[j][c].abs())).unwrap();
            mat.swap(c, piv);
            rhs.swap(c, piv);
            let d = mat[c][c];
            for r in 0..m {
                if r != c {
                    let f = mat[r][c] / d;
                    for k in c..m {
                        mat[r][k] -= f * mat[c][k];
                    }
                    rhs[r] -= f * rhs[c];
                }
            }
        }
        (0..m).map(|i| rhs[i] / mat[i][i]).collect()
    }

    #[test]
    fn lfilter_zi_closed_form_equals_dense_solve() {
        let mut filters: Vec<(Vec<f64>, Vec<f64>)> = vec![];
        for (order, fc, fs, hp) in [(5, 0.5, 250.0, true), (2, 0.05, 50.0, true), (2, 3.0, 50.0, false), (5, 0.5, 10_000.0, true), (4, 40.0, 1000.0, false)] {
            for sec in butter(order, fc, fs, hp).unwrap() {
                filters.push((sec[..3].to_vec(), sec[3..].to_vec()));
            }
        }
        for m in [1usize, 2, 5, 20, 64, 200] {
            filters.push((vec![1.0 / m as f64; m], vec![1.0]));
        }
        // a few stable IIR filters of higher order: poles 0.5·e^(±iθ) multiplied out
        let mut a = vec![1.0];
        for th in [0.3, 1.1, 2.0] {
            let (c1, c2) = (-2.0 * 0.5 * f64::cos(th), 0.25);
            let mut next = vec![0.0; a.len() + 2];
            for (i, v) in a.iter().enumerate() {
                next[i] += v;
                next[i + 1] += c1 * v;
                next[i + 2] += c2 * v;
            }
            a = next;
            filters.push((vec![0.3, -0.1, 0.7, 0.2], a.clone()));
        }
        for (b, a) in &filters {
            let fast = lfilter_zi(b, a);
            let dense = lfilter_zi_dense(b, a);
            assert_eq!(fast.len(), dense.len());
            // The dense solve carries rounding error of order eps · cond(I − Aᵀ) ~ eps / |Σa|
            // (large for the 0.5 Hz high-pass, whose poles sit near z = 1); the closed form is
            // exact where Σb = 0 (high-pass sections). Agreement is therefore checked relative
            // to that condition number: ≤ 2.9e-12 on the high-pass, ≤ 1e-15 elsewhere.
            let cond = 1.0 + 1.0 / a.iter().sum::<f64>().abs();
            let scale = dense.iter().fold(1.0f64, |m, v| m.max(v.abs()));
            for (x, y) in fast.iter().zip(&dense) {
                assert!((x - y).abs() <= 1e-14 * cond * scale, "b {b:?} a {a:?}: {fast:?} vs {dense:?}");
            }
        }
    }

    #[test]
    fn sliding_moving_average_equals_filtfilt() {
        let x: Vec<f64> = (0..6000).map(|i| ((i as f64) * 0.013).sin() * 2.0 + ((i * 7919) % 1000) as f64 * 1e-3).collect();
        for m in [65usize, 100, 333, 5000, 20_000] {
            let fast = moving_average_filtfilt(&x, m);
            let direct = filtfilt(&vec![1.0; m], &[m as f64], &x);
            let worst = fast.iter().zip(&direct).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
            assert!(worst < 1e-12, "m {m}: {worst:e}");
        }
        // short inputs: the padding is cut to the input
        for n in [2usize, 3, 70] {
            let fast = moving_average_filtfilt(&x[..n], 100);
            let direct = filtfilt(&[1.0; 100], &[100.0], &x[..n]);
            for (a, b) in fast.iter().zip(&direct) {
                assert!((a - b).abs() < 1e-12);
            }
        }
    }

    /// The O(n²) prominence scan `most_prominent` used to do.
    fn most_prominent_scan(d: &[f64]) -> Option<usize> {
        let n = d.len();
        let mut best: Option<(usize, f64)> = None;
        let mut i = 1;
        while i + 1 < n {
            if d[i - 1] < d[i] {
                let mut j = i;
                while j + 1 < n && d[j + 1] == d[i] {
                    j += 1;
                }
                if j + 1 < n && d[j + 1] < d[i] {
                    let peak = (i + j) / 2;
                    let v = d[peak];
                    let (mut lmin, mut rmin) = (v, v);
                    let mut k = peak;
                    while k > 0 {
                        k -= 1;
                        if d[k] > v {
                            break;
                        }
                        lmin = lmin.min(d[k]);
                    }
                    let mut k = peak;
                    while k + 1 < n {
                        k += 1;
                        if d[k] > v {
                            break;
                        }
                        rmin = rmin.min(d[k]);
                    }
                    let prom = v - lmin.max(rmin);
                    if best.is_none_or(|(_, p)| prom > p) {
                        best = Some((peak, prom));
                    }
                }
                i = j + 1;
                continue;
            }
            i += 1;
        }
        best.map(|b| b.0)
    }

    #[test]
    fn ecg_at_the_highest_rate_is_linear() {
        // The case that once ran for ever: ~1 MHz gives a 19,999-tap moving average.
        let x: Vec<f64> = (0..20_000).map(|i| ((i as f64) * 0.001).sin()).collect();
        let c = ecg_clean(&x, 999_999.0).unwrap();
        assert_eq!(c.len(), x.len());
        assert!(c.iter().all(|v| v.is_finite()));
        let _ = ecg_peaks(&c, 999_999.0);
        assert!(ecg_clean(&x, 1e6).is_err());
    }

    #[test]
    fn pchip_any_query_order() {
        let x: Vec<f64> = (0..50).map(|i| i as f64 * 0.7 + (i % 3) as f64 * 0.1).collect();
        let y: Vec<f64> = x.iter().map(|v| v.sin()).collect();
        let q: Vec<f64> = (0..200).map(|i| ((i * 37) % 200) as f64 * 0.18 - 1.0).collect();
        let all = pchip(&x, &y, &q).unwrap();
        for (t, v) in q.iter().zip(&all) {
            assert_eq!(pchip(&x, &y, &[*t]).unwrap()[0], *v);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn prominence_stack_equals_scan(d in proptest::collection::vec(prop_oneof![4 => (0i8..6).prop_map(|v| v as f64), 1 => Just(f64::NAN)], 0..60)) {
            prop_assert_eq!(most_prominent(&d), most_prominent_scan(&d));
        }

        /// Every accepted rate, the highest included, cleans in linear time and gives finite output.
        #[test]
        fn ecg_any_accepted_rate(x in proptest::collection::vec(-5.0f64..5.0, 10..3000), fs in prop_oneof![10.0f64..1000.0, 1000.0f64..1e6]) {
            let c = ecg_clean(&x, fs).unwrap();
            prop_assert_eq!(c.len(), x.len());
            prop_assert!(c.iter().all(|v| v.is_finite()));
            let p = ecg_peaks(&c, fs);
            prop_assert!(p.windows(2).all(|w| w[0] < w[1]) && p.iter().all(|&i| i < x.len()));
            if fs <= 300.0 {
                let _ = breathing(&x, fs);
            }
        }

        #[test]
        fn never_panics(x in proptest::collection::vec(-1e3f64..1e3, 0..400), fs in proptest::num::f64::ANY) {
            let _ = ecg_clean(&x, fs).map(|c| ecg_peaks(&c, fs));
            let _ = breathing(&x, fs);
            let _ = hrv_time(&x);
            let _ = pchip(&x, &x, &x);
            let _ = boxcar(&x, 7);
        }
    }
}
