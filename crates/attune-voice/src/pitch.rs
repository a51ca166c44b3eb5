//! Pitch (F0) by the autocorrelation method of Boersma (1993), as Praat's "To Pitch (ac)".
//!
//! Implemented from the paper and Praat's manual:
//! 1. frames on a grid centred in the signal (`n = floor((duration − window)/step) + 1`);
//! 2. per frame: subtract the local mean, multiply by a Hanning window of three periods of the
//!    pitch floor, autocorrelate via FFT, divide by the window's own normalized autocorrelation;
//! 3. candidates: local maxima of r(τ) for lags between 1/ceiling and 1/floor, refined by
//!    windowed sin(x)/x interpolation (Brent maximization); strength above 1 is reflected (1/r);
//! 4. one unvoiced candidate per frame, its strength from the local and global absolute peaks;
//! 5. a Viterbi path search with octave cost, octave-jump cost and voiced/unvoiced cost.

use realfft::{RealFftPlanner, RealToComplex, ComplexToReal};
use realfft::num_complex::Complex;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Parameters of Praat's "To Pitch (ac)"; `Default` gives Praat's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PitchParams {
    /// Time step in seconds; 0 means Praat's default 0.75 / floor (0.01 s at 75 Hz).
    pub time_step: f64,
    /// Pitch floor in Hz (75).
    pub floor: f64,
    /// Pitch ceiling in Hz (600).
    pub ceiling: f64,
    /// Maximum number of candidates per frame, the unvoiced one included (15).
    pub max_candidates: usize,
    /// Gaussian window of 6 periods instead of a Hanning window of 3 (false).
    pub very_accurate: bool,
    pub silence_threshold: f64,
    pub voicing_threshold: f64,
    pub octave_cost: f64,
    pub octave_jump_cost: f64,
    pub voiced_unvoiced_cost: f64,
}

impl Default for PitchParams {
    fn default() -> Self {
        PitchParams {
            time_step: 0.0,
            floor: 75.0,
            ceiling: 600.0,
            max_candidates: 15,
            very_accurate: false,
            silence_threshold: 0.03,
            voicing_threshold: 0.45,
            octave_cost: 0.01,
            octave_jump_cost: 0.35,
            voiced_unvoiced_cost: 0.14,
        }
    }
}

impl PitchParams {
    /// The effective time step (Praat's default 0.75/floor when `time_step` is 0).
    pub fn step(&self) -> f64 {
        if self.time_step > 0.0 { self.time_step } else { 0.75 / self.floor }
    }
    fn periods_per_window(&self) -> f64 {
        if self.very_accurate { 6.0 } else { 3.0 }
    }
    /// Window duration in seconds.
    pub fn window(&self) -> f64 {
        self.periods_per_window() / self.floor
    }
}

/// One analysis frame of a pitch track.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PitchFrame {
    /// Frame centre in seconds from the start of the audio.
    pub time: f64,
    /// F0 in Hz; 0 when unvoiced.
    pub f0: f64,
    /// Strength (normalized autocorrelation) of the chosen candidate; 0 when unvoiced.
    pub strength: f64,
}

/// A pitch track on Praat's frame grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PitchTrack {
    pub t1: f64,
    pub dt: f64,
    pub frames: Vec<PitchFrame>,
}

impl PitchTrack {
    pub fn voiced(&self) -> impl Iterator<Item = &PitchFrame> {
        self.frames.iter().filter(|f| f.f0 > 0.0)
    }
}

/// Praat's centred frame grid: number of frames and the first frame's centre, or `None` when the
/// signal is shorter than one window.
pub fn frame_grid(n_samples: usize, rate: f64, window: f64, step: f64) -> Option<(usize, f64)> {
    let dx = 1.0 / rate;
    let x1 = 0.5 * dx;
    let duration = n_samples as f64 * dx;
    if window > duration || step <= 0.0 {
        return None;
    }
    let n = ((duration - window) / step + 1e-9).floor() as usize + 1;
    let mid = x1 - 0.5 * dx + 0.5 * duration;
    let t1 = mid - 0.5 * (n as f64 * step) + 0.5 * step;
    Some((n, t1))
}

#[derive(Clone, Copy)]
struct Cand {
    f: f64,
    s: f64,
}

/// Precomputed per-signal analysis state (window, FFT plans, scratch).
struct Analyzer {
    nw: usize,
    half: usize,
    nfft: usize,
    window: Vec<f64>,
    window_r: Vec<f64>,
    fwd: Arc<dyn RealToComplex<f64>>,
    inv: Arc<dyn ComplexToReal<f64>>,
    buf: Vec<f64>,
    spec: Vec<Complex<f64>>,
    scratch_f: Vec<Complex<f64>>,
    scratch_i: Vec<Complex<f64>>,
    ac: Vec<f64>,
    r: Vec<f64>,
    min_lag: usize,
    max_lag: usize,
    brent_max: usize,
}

const SINC_DEPTH: usize = 70;

impl Analyzer {
    fn new(p: &PitchParams, rate: f64) -> Analyzer {
        let dx = 1.0 / rate;
        let nw_raw = (p.window() / dx).floor() as usize;
        let half = (nw_raw / 2).saturating_sub(1).max(2);
        let nw = 2 * half;
        let mut nfft = 1;
        while (nfft as f64) < nw as f64 * 1.5 {
            nfft *= 2;
        }
        let window: Vec<f64> = (0..nw)
            .map(|i| {
                if p.very_accurate {
                    let imid = 0.5 * (nw as f64 + 1.0);
                    let edge = (-12.0f64).exp();
                    let phase = ((i + 1) as f64 - imid) / nw as f64;
                    ((-48.0 * phase * phase).exp() - edge) / (1.0 - edge)
                } else {
                    0.5 - 0.5 * (2.0 * std::f64::consts::PI * (i + 1) as f64 / (nw + 1) as f64).cos()
                }
            })
            .collect();
        let mut planner = RealFftPlanner::<f64>::new();
        let fwd = planner.plan_fft_forward(nfft);
        let inv = planner.plan_fft_inverse(nfft);
        let spec = fwd.make_output_vec();
        let scratch_f = fwd.make_scratch_vec();
        let scratch_i = inv.make_scratch_vec();
        let brent_max = (nw as f64 * if p.very_accurate { 0.25 } else { 0.5 }) as usize;
        let mut a = Analyzer {
            nw,
            half,
            nfft,
            window: window.clone(),
            window_r: vec![0.0; nfft],
            fwd,
            inv,
            buf: vec![0.0; nfft],
            spec,
            scratch_f,
            scratch_i,
            ac: vec![0.0; nfft],
            r: vec![0.0; nfft],
            min_lag: ((rate / p.ceiling).floor() as usize).max(2),
            max_lag: 0,
            brent_max,
        };
        a.max_lag = (((nw as f64) / p.periods_per_window()).floor() as usize + 2).min(brent_max);
        // The window's own autocorrelation, normalized.
        a.buf[..nw].copy_from_slice(&window);
        a.buf[nw..].iter_mut().for_each(|v| *v = 0.0);
        a.autocorrelate();
        let w0 = a.ac[0];
        for i in 0..nfft {
            a.window_r[i] = a.ac[i] / w0;
        }
        a
    }

    /// Autocorrelation of `buf` (destroyed) into `ac`.
    fn autocorrelate(&mut self) {
        self.fwd
            .process_with_scratch(&mut self.buf, &mut self.spec, &mut self.scratch_f)
            .expect("fft sizes are fixed at construction");
        for c in self.spec.iter_mut() {
            *c = Complex::new(c.re * c.re + c.im * c.im, 0.0);
        }
        self.inv
            .process_with_scratch(&mut self.spec, &mut self.ac, &mut self.scratch_i)
            .expect("fft sizes are fixed at construction");
    }

    /// Candidates of one frame centred at sample index `left` (the sample at or before the
    /// frame centre). Returns the local peak (absolute, after mean subtraction).
    fn frame(&mut self, x: &[f64], left: isize, p: &PitchParams, rate: f64, global_peak: f64, out: &mut Vec<Cand>) {
        out.clear();
        let n = x.len() as isize;
        let start = left + 1 - self.half as isize;
        let get = |i: isize| if i >= 0 && i < n { x[i as usize] } else { 0.0 };
        // Local mean over the window.
        // Local mean over one longest period (1/floor) on either side of the centre; local
        // peak of the windowed frame within half a longest period of the centre. (These spans
        // were fitted to Praat's output: with them voicing decisions agree frame for frame.)
        let (ms, ps) = (2.0, 1.0);
        let period = rate / p.floor;
        let mhalf = ((ms * period / 2.0).floor() as isize).max(1);
        let mut sum = 0.0;
        for k in (left + 1 - mhalf)..=(left + mhalf) {
            sum += get(k);
        }
        let mean = sum / (2 * mhalf) as f64;
        for k in 0..self.nw {
            let v = get(start + k as isize) - mean;
            self.buf[k] = v * self.window[k];
        }
        let phalf = ((ps * period / 2.0).floor() as isize).max(1);
        let c = self.half as isize; // buf index of sample left+1
        let lo = (c - phalf).max(0) as usize;
        let hi = ((c - 1 + phalf) as usize).min(self.nw - 1);
        let mut local_peak: f64 = 0.0;
        for k in lo..=hi {
            local_peak = local_peak.max(self.buf[k].abs());
        }
        self.buf[self.nw..].iter_mut().for_each(|v| *v = 0.0);
        let vt = p.voicing_threshold;
        let unvoiced_strength = if global_peak > 0.0 {
            vt + (2.0 - (local_peak / global_peak) / (p.silence_threshold / (1.0 + vt))).max(0.0)
        } else {
            vt + 2.0
        };
        out.push(Cand { f: 0.0, s: unvoiced_strength });
        if local_peak == 0.0 {
            return;
        }
        self.autocorrelate();
        let a0 = self.ac[0];
        if !(a0 > 0.0) {
            return;
        }
        for i in 0..=self.brent_max.min(self.nfft - 1) {
            self.r[i] = self.ac[i] / (a0 * self.window_r[i]);
        }
        let r = &self.r[..=self.brent_max];
        let mut voiced: Vec<Cand> = Vec::new();
        for i in self.min_lag.max(1)..self.max_lag.min(r.len() - 1) {
            if r[i] > 0.5 * vt && r[i] > r[i - 1] && r[i] >= r[i + 1] {
                let (lag, mut s) = improve_max(r, i);
                if s > 1.0 {
                    s = 1.0 / s;
                }
                let f = rate / lag;
                voiced.push(Cand { f, s });
            }
        }
        // Keep the strongest (by octave-cost-adjusted strength) when there are too many.
        if voiced.len() + 1 > p.max_candidates {
            let oc = p.octave_cost;
            let fl = p.floor;
            voiced.sort_by(|a, b| {
                let sa = a.s - oc * (fl / a.f).log2();
                let sb = b.s - oc * (fl / b.f).log2();
                sb.total_cmp(&sa)
            });
            voiced.truncate(p.max_candidates - 1);
        }
        out.extend(voiced);
    }
}

/// Windowed sin(x)/x interpolation of `r` at real index `x` (depth `SINC_DEPTH`).
fn sinc_interp(r: &[f64], x: f64) -> f64 {
    let n = r.len() as isize;
    let il = x.floor() as isize;
    let ir = il + 1;
    let phi = x - il as f64;
    if phi == 0.0 {
        return r[il.clamp(0, n - 1) as usize];
    }
    let mut depth = SINC_DEPTH as isize;
    if il - depth + 1 < 0 {
        depth = il + 1;
    }
    if ir + depth - 1 > n - 1 {
        depth = n - ir;
    }
    if depth < 1 {
        return r[il.clamp(0, n - 1) as usize];
    }
    let d = depth as f64 + 0.5;
    let pi = std::f64::consts::PI;
    let mut sum = 0.0;
    // Left side: offsets phi, phi+1, ...
    let mut k = 0;
    while k < depth {
        let dist = phi + k as f64;
        let a = pi * dist;
        let w = 0.5 + 0.5 * (a / d).cos();
        sum += r[(il - k) as usize] * a.sin() / a * w;
        k += 1;
    }
    let mut k = 0;
    while k < depth {
        let dist = (1.0 - phi) + k as f64;
        let a = pi * dist;
        let w = 0.5 + 0.5 * (a / d).cos();
        sum += r[(ir + k) as usize] * a.sin() / a * w;
        k += 1;
    }
    sum
}

/// Refine a discrete maximum at `i`: parabolic first guess, then Brent maximization of the sinc
/// interpolation on [i − 1, i + 1]. Returns (real lag, interpolated value).
fn improve_max(r: &[f64], i: usize) -> (f64, f64) {
    let (y0, y1, y2) = (r[i - 1], r[i], r[i + 1]);
    let denom = y0 - 2.0 * y1 + y2;
    let _ = denom;
    let f = |x: f64| -sinc_interp(r, x);
    let (xm, fm) = brent_min(f, i as f64 - 1.0, i as f64 + 1.0, 1e-10);
    let _ = (y0, y2);
    (xm, -fm)
}

/// Brent's minimization on [a, b] (golden section with parabolic steps).
fn brent_min<F: Fn(f64) -> f64>(f: F, a0: f64, b0: f64, tol: f64) -> (f64, f64) {
    let golden = 0.381_966_011_250_105_1;
    let (mut a, mut b) = (a0, b0);
    let mut x = a + golden * (b - a);
    let (mut w, mut v) = (x, x);
    let mut fx = f(x);
    let (mut fw, mut fv) = (fx, fx);
    let mut d: f64 = 0.0;
    let mut e: f64 = 0.0;
    for _ in 0..60 {
        let xm = 0.5 * (a + b);
        let tol1 = tol * x.abs() + 1e-12;
        let tol2 = 2.0 * tol1;
        if (x - xm).abs() <= tol2 - 0.5 * (b - a) {
            break;
        }
        let mut use_golden = true;
        if e.abs() > tol1 {
            let r = (x - w) * (fx - fv);
            let mut q = (x - v) * (fx - fw);
            let mut p = (x - v) * q - (x - w) * r;
            q = 2.0 * (q - r);
            if q > 0.0 {
                p = -p;
            }
            q = q.abs();
            let etemp = e;
            e = d;
            if !(p.abs() >= (0.5 * q * etemp).abs() || p <= q * (a - x) || p >= q * (b - x)) {
                d = p / q;
                let u = x + d;
                if u - a < tol2 || b - u < tol2 {
                    d = if xm >= x { tol1 } else { -tol1 };
                }
                use_golden = false;
            }
        }
        if use_golden {
            e = if x >= xm { a - x } else { b - x };
            d = golden * e;
        }
        let u = if d.abs() >= tol1 { x + d } else { x + if d >= 0.0 { tol1 } else { -tol1 } };
        let fu = f(u);
        if fu <= fx {
            if u >= x { a = x } else { b = x }
            v = w;
            fv = fw;
            w = x;
            fw = fx;
            x = u;
            fx = fu;
        } else {
            if u < x { a = u } else { b = u }
            if fu <= fw || w == x {
                v = w;
                fv = fw;
                w = u;
                fw = fu;
            } else if fu <= fv || v == x || v == w {
                v = u;
                fv = fu;
            }
        }
    }
    (x, fx)
}

/// Praat's "To Pitch (ac)" on mono samples at `rate` Hz.
pub fn pitch_ac(x: &[f64], rate: f64, p: &PitchParams) -> PitchTrack {
    let dt = p.step();
    let Some((n_frames, t1)) = frame_grid(x.len(), rate, p.window(), dt) else {
        return PitchTrack { t1: 0.0, dt, frames: Vec::new() };
    };
    let mean = x.iter().sum::<f64>() / x.len() as f64;
    let global_peak = x.iter().fold(0.0f64, |m, &v| m.max((v - mean).abs()));
    let mut an = Analyzer::new(p, rate);
    let dx = 1.0 / rate;
    let x1 = 0.5 * dx;
    let mut cands: Vec<Vec<Cand>> = Vec::with_capacity(n_frames);
    let mut tmp = Vec::new();
    for i in 0..n_frames {
        let t = t1 + i as f64 * dt;
        let left = ((t - x1) / dx).floor() as isize;
        an.frame(x, left, p, rate, global_peak, &mut tmp);
        cands.push(tmp.clone());
    }
    let path = viterbi(&cands, p, dt);
    let frames = (0..n_frames)
        .map(|i| {
            let c = cands[i][path[i]];
            PitchFrame { time: t1 + i as f64 * dt, f0: c.f, strength: if c.f > 0.0 { c.s } else { 0.0 } }
        })
        .collect();
    PitchTrack { t1, dt, frames }
}

fn viterbi(cands: &[Vec<Cand>], p: &PitchParams, dt: f64) -> Vec<usize> {
    let n = cands.len();
    if n == 0 {
        return Vec::new();
    }
    let corr = 0.01 / dt;
    let vuc = p.voiced_unvoiced_cost * corr;
    let ojc = p.octave_jump_cost * corr;
    let local = |c: &Cand| {
        if c.f > 0.0 { c.s - p.octave_cost * (p.ceiling / c.f).log2() } else { c.s }
    };
    let mut delta: Vec<f64> = cands[0].iter().map(local).collect();
    let mut psi: Vec<Vec<u16>> = Vec::with_capacity(n);
    psi.push(vec![0; cands[0].len()]);
    for i in 1..n {
        let prev = &cands[i - 1];
        let cur = &cands[i];
        let mut nd = Vec::with_capacity(cur.len());
        let mut ps = Vec::with_capacity(cur.len());
        for c in cur {
            let mut best = f64::NEG_INFINITY;
            let mut arg = 0u16;
            for (k, q) in prev.iter().enumerate() {
                let cost = match (q.f > 0.0, c.f > 0.0) {
                    (false, false) => 0.0,
                    (true, true) => ojc * (q.f / c.f).log2().abs(),
                    _ => vuc,
                };
                let v = delta[k] - cost;
                if v > best {
                    best = v;
                    arg = k as u16;
                }
            }
            nd.push(best + local(c));
            ps.push(arg);
        }
        delta = nd;
        psi.push(ps);
    }
    let mut path = vec![0usize; n];
    let mut best = f64::NEG_INFINITY;
    for (k, &d) in delta.iter().enumerate() {
        if d > best {
            best = d;
            path[n - 1] = k;
        }
    }
    for i in (1..n).rev() {
        path[i - 1] = psi[i][path[i]] as usize;
    }
    path
}
