//! Pitch (F0) by the autocorrelation method of Boersma (1993), as Praat's "To Pitch (ac)".
//!
//! Implemented from the paper and Praat's manual:
//! 1. frames on a grid centred in the signal (`n = floor((duration − window)/step) + 1`);
//! 2. per frame: subtract the local mean, multiply by a Hanning window of three periods of the
//!    pitch floor, autocorrelate via FFT, divide by the window's own normalized autocorrelation;
//! 3. candidates: local maxima of r(τ) for lags between 1/ceiling and 1/floor, each refined to
//!    the maximum of r's windowed sin(x)/x interpolation between its two neighbouring lags
//!    (Brent's method, as the paper prescribes; interpolation depth 70, or 700 when
//!    `very_accurate`); strength above 1 is reflected (1/r);
//! 4. one unvoiced candidate per frame, its strength from the local and global absolute peaks;
//! 5. a Viterbi path search with octave cost, octave-jump cost and voiced/unvoiced cost, in which
//!    a candidate at or above the ceiling counts as unvoiced (the paper considers only maxima that
//!    yield a pitch between floor and ceiling; the refinement can move a maximum found at the
//!    shortest lag past the ceiling).
//!
//! Two spans the published descriptions leave open are fixed as follows (`Analyzer::prepare`):
//! the local mean is taken over one longest period (1/floor) on either side of the frame's
//! centre, and the local absolute peak over one longest period centred on it (half a period on
//! either side) of the windowed frame. On the Praat reference (3 × 6,420 frames) these are the
//! only spans that reproduce every voicing decision: 0.9× or 1.1× either span already changes 1
//! to 30 decisions, and the peak of the whole segment before windowing (as the paper's order of
//! steps suggests) 10 to 104.

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
    /// Maximum number of candidates per frame, the unvoiced one included (15; at most
    /// [`MAX_CANDIDATES`] are used).
    pub max_candidates: usize,
    /// Praat's "very accurate": a Gaussian window of physical length 6 / floor (effective length
    /// 3 periods, as the Hanning window's) instead of a Hanning window of 3 / floor, and sin(x)/x
    /// interpolation of depth 700 instead of 70 (false). Not covered by the Praat reference
    /// data (which uses Praat's default, off); tested for internal consistency only.
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
    /// Depth of the sin(x)/x interpolation of the autocorrelation: 70, or 700 when very accurate.
    pub fn sinc_depth(&self) -> usize {
        if self.very_accurate { 700 } else { 70 }
    }
}

/// Most candidates per frame that are used, the unvoiced one included (the path search stores
/// candidate indices in a byte).
pub const MAX_CANDIDATES: usize = 256;

/// Most frames per window length (window / time step) that are analysed; a smaller time step
/// gives an empty track. Praat's defaults use 4 (pitch) and 8 (intensity); the bound keeps the
/// work linear in the signal's length, at most this many windows per window length.
pub const MAX_FRAMES_PER_WINDOW: f64 = 1000.0;

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
/// signal is shorter than one window, or the time step is shorter than one sample or than
/// window / [`MAX_FRAMES_PER_WINDOW`] (frames closer than a sample repeat each other; the bound
/// keeps the work linear in the signal's length).
pub fn frame_grid(n_samples: usize, rate: f64, window: f64, step: f64) -> Option<(usize, f64)> {
    let dx = 1.0 / rate;
    let x1 = 0.5 * dx;
    let duration = n_samples as f64 * dx;
    if !(rate > 0.0 && rate.is_finite() && window.is_finite() && step.is_finite()) {
        return None;
    }
    if window > duration || !(step >= dx) || window / step > MAX_FRAMES_PER_WINDOW {
        return None;
    }
    let n = ((duration - window) / step + 1e-9).floor() as usize + 1;
    let mid = x1 - 0.5 * dx + 0.5 * duration;
    let t1 = mid - 0.5 * (n as f64 * step) + 0.5 * step;
    Some((n, t1))
}

/// A pitch candidate: frequency (0 = unvoiced), its log2, and strength.
#[derive(Clone, Copy, Debug)]
struct Cand {
    f: f64,
    lf: f64,
    s: f64,
}

/// Sinc interpolation depth of the default method (Boersma 1993 interpolates with a
/// Hanning-windowed sin(x)/x; Praat uses depth 70, and 700 for "very accurate").
#[cfg(test)]
const SINC_DEPTH: usize = 70;

/// Per-signal analysis state: window, its autocorrelation, FFT plans, scratch buffers.
struct Analyzer {
    nw: usize,
    nfft: usize,
    half: usize,
    /// Local mean: this many samples (one longest period) on either side of the frame's centre.
    mhalf: usize,
    /// Local peak: this many samples (half a longest period) on either side of the centre.
    phalf: usize,
    window: Vec<f64>,
    window_r: Vec<f64>,
    fwd: Arc<dyn RealToComplex<f32>>,
    inv: Arc<dyn ComplexToReal<f32>>,
    buf: Vec<f32>,
    spec: Vec<Complex<f32>>,
    scratch_f: Vec<Complex<f32>>,
    scratch_i: Vec<Complex<f32>>,
    ac: Vec<f32>,
    r: Vec<f64>,
    r_rev: Vec<f64>,
    min_lag: usize,
    max_lag: usize,
    brent_max: usize,
    /// Frames whose unvoiced strength exceeds this can never be voiced on the best path.
    skip_above: f64,
    tmp: Vec<Cand>,
    /// Two windowed frames awaiting their (paired) FFT.
    fr: [Vec<f32>; 2],
    /// Their autocorrelations (lags 0..=brent_max).
    acs: [Vec<f32>; 2],
    cfft: Arc<dyn rustfft::Fft<f32>>,
    cifft: Arc<dyn rustfft::Fft<f32>>,
    cbuf: Vec<Complex<f32>>,
    cspec: Vec<Complex<f32>>,
    cscratch: Vec<Complex<f32>>,
    /// Frames analysed but not yet emitted: (unvoiced strength, frame buffer + 1 or 0).
    pending: Vec<(f64, u8)>,
    n_fft_pending: usize,
    tabs: SincTables,
    inv_window_r: Vec<f64>,
}

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
        let mut planner = RealFftPlanner::<f32>::new();
        let fwd = planner.plan_fft_forward(nfft);
        let inv = planner.plan_fft_inverse(nfft);
        let mut cplanner = rustfft::FftPlanner::<f32>::new();
        let cfft = cplanner.plan_fft_forward(nfft);
        let cifft = cplanner.plan_fft_inverse(nfft);
        let spec = fwd.make_output_vec();
        let scratch_f = fwd.make_scratch_vec();
        let scratch_i = inv.make_scratch_vec();
        // r is needed up to half the window (a quarter for the Gaussian window, whose effective
        // length is half its physical length)
        let brent_max = ((nw as f64 * if p.very_accurate { 0.25 } else { 0.5 }) as usize).max(3);
        let period = rate / p.floor;
        let min_lag = ((rate / p.ceiling).floor() as usize).max(2);
        let max_lag = ((nw as f64 / p.periods_per_window()).floor() as usize + 2).min(brent_max);
        // Largest local score a voiced candidate can have: r ≤ 1 (reflected above 1) and, below
        // the ceiling, an octave term ≤ 0 (candidates at or above the ceiling are unvoiced).
        let bound = 1.0;
        let corr = 0.01 / p.step();
        let skip_above = bound + 2.0 * p.voiced_unvoiced_cost * corr + 1e-9;
        let mut a = Analyzer {
            nw,
            nfft,
            half,
            mhalf: (period.floor() as usize).max(1),
            phalf: ((0.5 * period).floor() as usize).max(1),
            window: window.clone(),
            window_r: vec![0.0; nfft],
            fwd,
            inv,
            buf: vec![0.0; nfft],
            spec,
            scratch_f,
            scratch_i,
            ac: vec![0.0; nfft],
            r: vec![0.0; brent_max + 1],
            r_rev: vec![0.0; brent_max + 1],
            min_lag,
            max_lag,
            brent_max,
            skip_above,
            tmp: Vec::with_capacity(64),
            fr: [vec![0.0; nw], vec![0.0; nw]],
            acs: [vec![0.0; brent_max + 1], vec![0.0; brent_max + 1]],
            cfft: cfft.clone(),
            cifft: cifft.clone(),
            cbuf: vec![Complex::new(0.0, 0.0); nfft],
            cspec: vec![Complex::new(0.0, 0.0); nfft],
            cscratch: vec![Complex::new(0.0, 0.0); cfft.get_inplace_scratch_len().max(cifft.get_inplace_scratch_len())],
            pending: Vec::with_capacity(64),
            n_fft_pending: 0,
            tabs: SincTables::new(p.sinc_depth().min(brent_max.div_ceil(2) + 1)),
            inv_window_r: Vec::new(),
        };
        // The window's own autocorrelation, normalized.
        for (b, &w) in a.buf[..nw].iter_mut().zip(&window) {
            *b = w as f32;
        }
        a.buf[nw..].iter_mut().for_each(|v| *v = 0.0);
        a.autocorrelate();
        let w0 = a.ac[0] as f64;
        for i in 0..nfft {
            a.window_r[i] = a.ac[i] as f64 / w0;
        }
        a.inv_window_r = a.window_r[..=brent_max].iter().map(|&w| if w != 0.0 { 1.0 / w } else { 0.0 }).collect();
        a
    }

    /// Autocorrelation of `buf` (destroyed) into `ac` (unnormalized).
    fn autocorrelate(&mut self) {
        // Sizes are fixed at construction, so these cannot fail.
        let _ = self.fwd.process_with_scratch(&mut self.buf, &mut self.spec, &mut self.scratch_f);
        for c in self.spec.iter_mut() {
            *c = Complex::new(c.re * c.re + c.im * c.im, 0.0);
        }
        let _ = self.inv.process_with_scratch(&mut self.spec, &mut self.ac, &mut self.scratch_i);
    }

    /// Window the frame whose centre lies between samples `left` and `left + 1` into frame
    /// buffer `slot`; returns the unvoiced strength and whether the frame needs candidates.
    #[inline(always)]
    fn prepare(&mut self, x: &[f32], left: isize, p: &PitchParams, global_peak: f64, slot: usize) -> (f64, bool) {
        let n = x.len() as isize;
        let get = |i: isize| if i >= 0 && i < n { x[i as usize] as f64 } else { 0.0 };
        // Boersma (1993) subtracts the "local average" and compares the frame's "local absolute
        // peak" with the signal's global one, without fixing the spans. The local average here
        // spans two longest periods (1/floor on either side of the centre), so that a component
        // at the pitch floor averages out over whole periods; the local peak is the largest
        // windowed sample within one longest period centred on the frame, the shortest span that
        // holds a whole cycle of any pitch the analysis admits, where the window weighs most.
        // Praat's output pins both: on the reference (3 × 6,420 frames) 0.9× or 1.1× either
        // span changes 1–30 voicing decisions, the peak of the whole segment before windowing
        // (as the paper's order of steps suggests) 10–104; these spans change none.
        let mh = self.mhalf as isize;
        let mut sum = 0.0;
        if left + 1 - mh >= 0 && left + mh < n {
            let xs = &x[(left + 1 - mh) as usize..=(left + mh) as usize];
            let mut acc = [0.0f64; 8];
            let mut ch = xs.chunks_exact(8);
            for q in &mut ch {
                for j in 0..8 {
                    acc[j] += q[j] as f64;
                }
            }
            sum = acc.iter().sum::<f64>() + ch.remainder().iter().map(|&v| v as f64).sum::<f64>();
        } else {
            for k in (left + 1 - mh)..=(left + mh) {
                sum += get(k);
            }
        }
        let mean = sum / (2 * mh) as f64;
        let start = left + 1 - self.half as isize;
        if start >= 0 && start + self.nw as isize <= n {
            let xs = &x[start as usize..start as usize + self.nw];
            for ((b, &v), &w) in self.fr[slot].iter_mut().zip(xs).zip(&self.window) {
                *b = ((v as f64 - mean) * w) as f32;
            }
        } else {
            for k in 0..self.nw {
                self.fr[slot][k] = ((get(start + k as isize) - mean) * self.window[k]) as f32;
            }
        }
        let c = self.half;
        let lo = c.saturating_sub(self.phalf);
        let hi = (c - 1 + self.phalf).min(self.nw - 1);
        let local_peak = self.fr[slot][lo..=hi].iter().fold(0.0f32, |m, &v| m.max(v.abs())) as f64;
        let vt = p.voicing_threshold;
        let unvoiced_strength = if global_peak > 0.0 {
            vt + (2.0 - (local_peak / global_peak) / (p.silence_threshold / (1.0 + vt))).max(0.0)
        } else {
            vt + 2.0
        };
        let need = local_peak > 0.0 && unvoiced_strength <= self.skip_above;
        (unvoiced_strength, need)
    }

    /// Autocorrelation of frame buffer 0 alone (real FFT) into `ac[0]`.
    fn ac_single(&mut self) {
        self.buf[..self.nw].copy_from_slice(&self.fr[0]);
        self.buf[self.nw..].iter_mut().for_each(|v| *v = 0.0);
        self.autocorrelate();
        let m = self.acs[0].len();
        self.acs[0].copy_from_slice(&self.ac[..m]);
    }

    /// Autocorrelations of frame buffers 0 and 1 with one complex FFT pair: frame a in the real
    /// part, frame b in the imaginary part; A = (Z_k + conj Z_{N−k})/2, B = (Z_k − conj Z_{N−k})/2i;
    /// the inverse of |A|² + i|B|² is ac_a + i·ac_b (both power spectra are real and even).
    fn ac_pair(&mut self) {
        let n = self.nfft;
        for k in 0..self.nw {
            self.cbuf[k] = Complex::new(self.fr[0][k], self.fr[1][k]);
        }
        self.cbuf[self.nw..].iter_mut().for_each(|c| *c = Complex::new(0.0, 0.0));
        self.cfft.process_with_scratch(&mut self.cbuf, &mut self.cscratch);
        self.cspec[0] = {
            let z = self.cbuf[0];
            Complex::new(z.re * z.re, z.im * z.im)
        };
        for k in 1..n {
            let z = self.cbuf[k];
            let c = self.cbuf[n - k].conj();
            let (sa, sb) = (z + c, z - c);
            self.cspec[k] = Complex::new(0.25 * (sa.re * sa.re + sa.im * sa.im), 0.25 * (sb.re * sb.re + sb.im * sb.im));
        }
        self.cifft.process_with_scratch(&mut self.cspec, &mut self.cscratch);
        let m = self.acs[0].len();
        for k in 0..m {
            self.acs[0][k] = self.cspec[k].re;
            self.acs[1][k] = self.cspec[k].im;
        }
    }

    /// Candidates from the autocorrelation in `acs[slot]`.
    #[inline(always)]
    fn candidates(&mut self, slot: usize, p: &PitchParams, rate: f64, out: &mut Vec<Cand>) {
        let vt = p.voicing_threshold;
        let a0 = self.acs[slot][0] as f64;
        if !(a0 > 0.0) || !a0.is_finite() {
            return;
        }
        let bm = self.brent_max;
        let inv_a0 = 1.0 / a0;
        for ((r, &ac), &iw) in self.r.iter_mut().zip(&self.acs[slot][..=bm]).zip(&self.inv_window_r) {
            *r = ac as f64 * inv_a0 * iw;
        }
        for (d, &v) in self.r_rev.iter_mut().zip(self.r.iter().rev()) {
            *d = v;
        }
        let r = &self.r;
        let tmp = &mut self.tmp;
        tmp.clear();
        let lo = self.min_lag.max(1);
        let hi = self.max_lag.min(bm - 1);
        for i in lo..hi {
            if r[i] > 0.5 * vt && r[i] > r[i - 1] && r[i] >= r[i + 1] {
                let (lag, mut s) = refine_peak(r, &self.r_rev, i, &self.tabs);
                if s > 1.0 {
                    s = 1.0 / s;
                }
                let f = rate / lag;
                tmp.push(Cand { f, lf: f.log2(), s });
            }
        }
        let max_c = p.max_candidates.min(MAX_CANDIDATES);
        if tmp.len() + 1 > max_c {
            let oc = p.octave_cost;
            let key = |c: &Cand| c.s + oc * c.lf;
            tmp.sort_by(|a, b| key(b).total_cmp(&key(a)));
            tmp.truncate(max_c.saturating_sub(1));
        }
        // A candidate at or above the ceiling is unvoiced in the path search: its local score is
        // the frame's unvoiced strength and its transitions are those of the unvoiced candidate,
        // so it can never win over that candidate (ties keep the first) and is left out. It has
        // taken its place among the strongest candidates above, as it does in Praat.
        let ceiling = p.ceiling;
        out.extend(tmp.iter().filter(|c| c.f < ceiling));
    }
}

/// Tables for [`sinc_fast`]: the interpolation depth, and for every depth d ≤ it (the depth
/// shrinks near the ends of r) cos and sin of π·k/(d + ½).
pub(crate) struct SincTables {
    depth: usize,
    cos: Vec<f64>,
    sin: Vec<f64>,
    kf: Vec<f64>,
    sg: Vec<f64>,
    /// The CPU has AVX2 and FMA.
    avx: bool,
}

impl SincTables {
    /// Tables for interpolation depth `depth` (at most half the length of r is ever used).
    pub(crate) fn new(depth: usize) -> SincTables {
        let depth = depth.max(1);
        let n = depth + 1;
        let mut cos = vec![0.0; n * depth];
        let mut sin = vec![0.0; n * depth];
        for d in 1..n {
            let a = std::f64::consts::PI / (d as f64 + 0.5);
            for k in 0..d {
                cos[d * depth + k] = (a * k as f64).cos();
                sin[d * depth + k] = (a * k as f64).sin();
            }
        }
        let kf = (0..depth).map(|k| k as f64).collect();
        let sg = (0..depth).map(|k| if k % 2 == 0 { 1.0 } else { -1.0 }).collect();
        #[cfg(target_arch = "x86_64")]
        let avx = std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma");
        #[cfg(not(target_arch = "x86_64"))]
        let avx = false;
        SincTables { depth, cos, sin, kf, sg, avx }
    }
}

#[inline(always)]
fn sin_poly(z: f64) -> f64 {
    // sin on [−π/2, π/2], Taylor to z^15 (error < 1e-12).
    let z2 = z * z;
    let p = -1.0 / 1_307_674_368_000.0;
    let p = p * z2 + 1.0 / 6_227_020_800.0;
    let p = p * z2 - 1.0 / 39_916_800.0;
    let p = p * z2 + 1.0 / 362_880.0;
    let p = p * z2 - 1.0 / 5040.0;
    let p = p * z2 + 1.0 / 120.0;
    let p = p * z2 - 1.0 / 6.0;
    z + z * z2 * p
}

#[inline(always)]
fn cos_poly(z: f64) -> f64 {
    // cos on [−π/2, π/2], Taylor to z^18 (error < 1e-12).
    let z2 = z * z;
    let p = -1.0 / 6_402_373_705_728_000.0;
    let p = p * z2 + 1.0 / 20_922_789_888_000.0;
    let p = p * z2 - 1.0 / 87_178_291_200.0;
    let p = p * z2 + 1.0 / 479_001_600.0;
    let p = p * z2 - 1.0 / 3_628_800.0;
    let p = p * z2 + 1.0 / 40_320.0;
    let p = p * z2 - 1.0 / 720.0;
    let p = p * z2 + 1.0 / 24.0;
    let p = p * z2 - 0.5;
    1.0 + z2 * p
}

/// Hanning-windowed sin(x)/x interpolation of `r` at real lag `x` (depth `t.depth`, truncated at
/// the ends of `r`). `r_rev` is `r` reversed. No trigonometry in the loop:
/// sin(π·dist) alternates in sign, and the window's cos(a·(φ + k)) comes from tables of
/// cos(a·k), sin(a·k) by the angle-sum rule; the loop vectorizes.
#[inline(always)]
fn sinc_fast(r: &[f64], r_rev: &[f64], x: f64, t: &SincTables) -> f64 {
    let n = r.len();
    let il = x.floor();
    let phi = x - il;
    let il = il as isize;
    if il < 0 || il as usize >= n - 1 {
        return r[(il.max(0) as usize).min(n - 1)];
    }
    let il = il as usize;
    if phi == 0.0 {
        return r[il];
    }
    let ir = il + 1;
    let depth = t.depth.min(il + 1).min(n - ir);
    let pi = std::f64::consts::PI;
    let a = pi / (depth as f64 + 0.5);
    let q = 1.0 - phi;
    // a·φ and a·q lie in [0, π/1.5]: shift into the polynomials' range.
    let (sa, ca) = (sin_poly(a * phi), cos_poly(a * phi));
    let (sb, cb) = (sin_poly(a * q), cos_poly(a * q));
    let sp = cos_poly(pi * (phi - 0.5)); // sin(π·φ)
    let left = &r_rev[n - 1 - il..n - 1 - il + depth];
    let right = &r[ir..ir + depth];
    let ct = &t.cos[depth * t.depth..depth * t.depth + depth];
    let st = &t.sin[depth * t.depth..depth * t.depth + depth];
    let kf = &t.kf[..depth];
    let sg = &t.sg[..depth];
    let full = depth / 4 * 4;
    let mut sum = sinc_sum(t.avx, &left[..full], &right[..full], &ct[..full], &st[..full], &kf[..full], &sg[..full], phi, q, ca, sa, cb, sb);
    for k in full..depth {
        let wl = 0.5 + 0.5 * (ca * ct[k] - sa * st[k]);
        let wr = 0.5 + 0.5 * (cb * ct[k] - sb * st[k]);
        sum += sg[k] * (left[k] * wl / (phi + kf[k]) + right[k] * wr / (q + kf[k]));
    }
    sp / pi * sum
}

/// Σ_k sg·(l·wl/(φ+k) + r·wr/(q+k)) over slices whose length is a multiple of 4.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn sinc_sum(avx: bool, l: &[f64], r: &[f64], ct: &[f64], st: &[f64], kf: &[f64], sg: &[f64], phi: f64, q: f64, ca: f64, sa: f64, cb: f64, sb: f64) -> f64 {
    let _ = avx;
    #[cfg(target_arch = "x86_64")]
    {
        if avx {
            // SAFETY: `avx` is true only when the CPU has AVX2 and FMA (see `SincTables::new`).
            return unsafe { sinc_sum_avx2(l, r, ct, st, kf, sg, phi, q, ca, sa, cb, sb) };
        }
    }
    let mut acc = [0.0f64; 4];
    for k in (0..l.len()).step_by(4) {
        for j in 0..4 {
            let i = k + j;
            let wl = 0.5 + 0.5 * (ca * ct[i] - sa * st[i]);
            let wr = 0.5 + 0.5 * (cb * ct[i] - sb * st[i]);
            acc[j] += sg[i] * (l[i] * wl / (phi + kf[i]) + r[i] * wr / (q + kf[i]));
        }
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[allow(clippy::too_many_arguments)]
unsafe fn sinc_sum_avx2(l: &[f64], r: &[f64], ct: &[f64], st: &[f64], kf: &[f64], sg: &[f64], phi: f64, q: f64, ca: f64, sa: f64, cb: f64, sb: f64) -> f64 {
    use std::arch::x86_64::*;
    let n = l.len() / 4 * 4;
    assert!(r.len() >= n && ct.len() >= n && st.len() >= n && kf.len() >= n && sg.len() >= n);
    let half = _mm256_set1_pd(0.5);
    let (vca, vsa, vcb, vsb) = (_mm256_set1_pd(ca), _mm256_set1_pd(sa), _mm256_set1_pd(cb), _mm256_set1_pd(sb));
    let (vphi, vq) = (_mm256_set1_pd(phi), _mm256_set1_pd(q));
    let mut acc = _mm256_setzero_pd();
    let mut k = 0;
    while k < n {
        // SAFETY: k + 4 <= n <= every slice's length (asserted above).
        let (c, s, kk, g, lv, rv) = unsafe {
            (
                _mm256_loadu_pd(ct.as_ptr().add(k)),
                _mm256_loadu_pd(st.as_ptr().add(k)),
                _mm256_loadu_pd(kf.as_ptr().add(k)),
                _mm256_loadu_pd(sg.as_ptr().add(k)),
                _mm256_loadu_pd(l.as_ptr().add(k)),
                _mm256_loadu_pd(r.as_ptr().add(k)),
            )
        };
        // w = 0.5 + 0.5·(c·cos − s·sin)
        let wl = _mm256_fmadd_pd(half, _mm256_fmsub_pd(vca, c, _mm256_mul_pd(vsa, s)), half);
        let wr = _mm256_fmadd_pd(half, _mm256_fmsub_pd(vcb, c, _mm256_mul_pd(vsb, s)), half);
        let dl = _mm256_add_pd(vphi, kk);
        let dr = _mm256_add_pd(vq, kk);
        // l·wl/dl + r·wr/dr = (l·wl·dr + r·wr·dl) / (dl·dr): one division.
        let num = _mm256_fmadd_pd(_mm256_mul_pd(lv, wl), dr, _mm256_mul_pd(_mm256_mul_pd(rv, wr), dl));
        let t = _mm256_div_pd(num, _mm256_mul_pd(dl, dr));
        acc = _mm256_fmadd_pd(g, t, acc);
        k += 4;
    }
    let mut out = [0.0f64; 4];
    // SAFETY: `out` holds four f64.
    unsafe { _mm256_storeu_pd(out.as_mut_ptr(), acc) };
    (out[0] + out[1]) + (out[2] + out[3])
}

/// Refine the discrete maximum of `r` at lag `i`: parabolic first guess from the integer lags,
/// then parabolas through three sinc-interpolated values ±0.02 lag around the current estimate
/// until the vertex falls between them (the interpolant is smooth at that scale, so the vertex
/// equals Brent's maximum to ~1e-6 lag; the unit test checks this); Brent's method on the
/// interpolation when that does not settle. Returns (lag, interpolated value).
#[inline(always)]
fn refine_peak(r: &[f64], r_rev: &[f64], i: usize, t: &SincTables) -> (f64, f64) {
    let (y0, y1, y2) = (r[i - 1], r[i], r[i + 1]);
    let den = y0 - 2.0 * y1 + y2;
    let mut p = i as f64;
    if den < 0.0 {
        p += (0.5 * (y0 - y2) / den).clamp(-1.0, 1.0);
    }
    // Sharpen the first guess with the quartic through five integer lags (Newton on its
    // derivative), so that one round of sinc evaluations usually suffices.
    if i >= 2 && i + 2 < r.len() {
        let (ym2, yp2) = (r[i - 2], r[i + 2]);
        let c1 = (ym2 - 8.0 * y0 + 8.0 * y2 - yp2) / 12.0;
        let c2 = (-ym2 + 16.0 * y0 - 30.0 * y1 + 16.0 * y2 - yp2) / 24.0;
        let c3 = (-ym2 + 2.0 * y0 - 2.0 * y2 + yp2) / 12.0;
        let c4 = (ym2 - 4.0 * y0 + 6.0 * y1 - 4.0 * y2 + yp2) / 24.0;
        let mut t = p - i as f64;
        let mut ok = true;
        for _ in 0..3 {
            let d1 = c1 + t * (2.0 * c2 + t * (3.0 * c3 + t * 4.0 * c4));
            let d2 = 2.0 * c2 + t * (6.0 * c3 + t * 12.0 * c4);
            if !(d2 < 0.0) {
                ok = false;
                break;
            }
            t -= d1 / d2;
        }
        if ok && t.abs() <= 1.0 {
            p = i as f64 + t;
        }
    }
    let h = 0.02;
    let lo = i as f64 - 1.0;
    let hi = i as f64 + 1.0;
    let mut p = p.clamp(lo + h, hi - h);
    for _ in 0..4 {
        let a = sinc_fast(r, r_rev, p - h, t);
        let b = sinc_fast(r, r_rev, p, t);
        let c = sinc_fast(r, r_rev, p + h, t);
        let den = a - 2.0 * b + c;
        if !(den < 0.0) {
            break;
        }
        let off = 0.5 * h * (a - c) / den;
        if off.abs() <= h {
            // The maximum lies between the sampled points, where a parabola is exact to
            // third order in h.
            return (p + off, b - (a - c) * (a - c) / (8.0 * den));
        }
        let next = (p + off).clamp(lo + h, hi - h);
        if next == p {
            break;
        }
        p = next;
    }
    // An irregular peak: maximize the interpolation itself.
    let (x, y) = brent_min(|x| -sinc_fast(r, r_rev, x, t), lo, hi, 1e-10);
    (x, -y)
}

/// Praat's "To Pitch (ac)" on mono samples at `rate` Hz. An empty track when the signal is
/// shorter than one analysis window (3 periods of the floor). Non-finite samples must have been
/// rejected by the caller (see [`crate::audio`]); they are treated as silence here.
pub fn pitch_ac(x: &[f32], rate: f64, p: &PitchParams) -> PitchTrack {
    let dt = p.step();
    if !(rate > 0.0) || !(p.floor > 0.0) || !(p.ceiling > p.floor) || p.max_candidates < 2 {
        return PitchTrack { t1: 0.0, dt, frames: Vec::new() };
    }
    let Some((n_frames, t1)) = frame_grid(x.len(), rate, p.window(), dt) else {
        return PitchTrack { t1: 0.0, dt, frames: Vec::new() };
    };
    let (_mean, global_peak) = mean_and_peak(x);
    let mut an = Analyzer::new(p, rate);
    let mut cands: Vec<Cand> = Vec::with_capacity(n_frames * 4);
    let mut offsets: Vec<u32> = Vec::with_capacity(n_frames + 1);
    offsets.push(0);
    run_frames(&mut an, x, 0, rate, p, t1, dt, 0..n_frames, global_peak, &mut cands, &mut offsets);
    an.flush_final(p, rate, &mut cands, &mut offsets);
    finish_track(&cands, &offsets, p, t1, dt)
}

fn finish_track(cands: &[Cand], offsets: &[u32], p: &PitchParams, t1: f64, dt: f64) -> PitchTrack {
    let n_frames = offsets.len() - 1;
    let path = viterbi(cands, offsets, p, dt);
    let frames = (0..n_frames)
        .map(|i| {
            let c = cands[offsets[i] as usize + path[i] as usize];
            PitchFrame { time: t1 + i as f64 * dt, f0: c.f, strength: if c.f > 0.0 { c.s } else { 0.0 } }
        })
        .collect();
    PitchTrack { t1, dt, frames }
}

/// Index of the sample at or before the centre of frame `i` (0-based).
#[inline(always)]
fn frame_left(t1: f64, dt: f64, i: usize, rate: f64) -> isize {
    let dx = 1.0 / rate;
    let t = t1 + i as f64 * dt;
    ((t - 0.5 * dx) / dx).floor() as isize
}

/// Pitch computed while samples stream in: memory is one analysis window plus a chunk, plus the
/// candidate lists (about 90 bytes per frame). Given the same samples, the global peak of the
/// whole signal (a first pass, see [`mean_and_peak`]) and the total length, the result is
/// identical to [`pitch_ac`]. [`PitchStream::parts`] splits the work between threads: each part
/// is fed every sample and analyses every k-th block of [`PITCH_BLOCK`] frames.
pub struct PitchStream {
    p: PitchParams,
    rate: f64,
    n_total: usize,
    n_frames: usize,
    t1: f64,
    dt: f64,
    gp: f64,
    an: Option<Analyzer>,
    buf: Vec<f32>,
    base: usize,
    next: usize,
    parts: usize,
    cands: Vec<Cand>,
    offsets: Vec<u32>,
    /// For each block analysed, in order: where its candidates and offsets end.
    ends: Vec<(usize, usize)>,
}

impl PitchStream {
    /// `n_samples`: the signal's total length; `global_peak`: the largest |x − mean| over it.
    pub fn new(n_samples: usize, rate: f64, global_peak: f64, p: &PitchParams) -> PitchStream {
        Self::part(n_samples, rate, global_peak, p, 0, 1)
    }

    /// `parts` streams over the same signal (each to be fed all of it, typically on a thread of its own),
    /// to be joined by [`PitchStream::join`].
    pub fn parts(n_samples: usize, rate: f64, global_peak: f64, p: &PitchParams, parts: usize) -> Vec<PitchStream> {
        let parts = parts.max(1);
        (0..parts).map(|k| Self::part(n_samples, rate, global_peak, p, k, parts)).collect()
    }

    fn part(n_samples: usize, rate: f64, global_peak: f64, p: &PitchParams, part: usize, parts: usize) -> PitchStream {
        let dt = p.step();
        let ok = rate > 0.0 && p.floor > 0.0 && p.ceiling > p.floor && p.max_candidates >= 2;
        let grid = if ok { frame_grid(n_samples, rate, p.window(), dt) } else { None };
        let (n_frames, t1) = grid.unwrap_or((0, 0.0));
        PitchStream {
            p: *p,
            rate,
            n_total: n_samples,
            n_frames,
            t1,
            dt,
            gp: global_peak,
            an: (n_frames > part * PITCH_BLOCK).then(|| Analyzer::new(p, rate)),
            buf: Vec::new(),
            base: 0,
            next: (part * PITCH_BLOCK).min(n_frames),
            parts,
            cands: Vec::new(),
            offsets: vec![0],
            ends: Vec::new(),
        }
    }

    /// Feed the next samples.
    pub fn push(&mut self, x: &[f32]) {
        self.buf.extend_from_slice(x);
        self.process(false);
    }

    fn process(&mut self, last: bool) {
        let Some(an) = self.an.as_mut() else { return };
        let received = self.base + self.buf.len();
        let half = an.half.max(an.mhalf) as isize;
        while self.next < self.n_frames {
            let block_end = ((self.next / PITCH_BLOCK + 1) * PITCH_BLOCK).min(self.n_frames);
            let mut end = self.next;
            while end < block_end {
                let left = frame_left(self.t1, self.dt, end, self.rate);
                let need_hi = (left + half).min(self.n_total as isize - 1);
                if !last && need_hi >= received as isize {
                    break;
                }
                end += 1;
            }
            if end > self.next {
                run_frames(an, &self.buf, self.base, self.rate, &self.p, self.t1, self.dt, self.next..end, self.gp, &mut self.cands, &mut self.offsets);
                self.next = end;
            }
            if end < block_end {
                break;
            }
            // The block is complete: emit what is pending and go on to this part's next block.
            an.flush_final(&self.p, self.rate, &mut self.cands, &mut self.offsets);
            self.ends.push((self.cands.len(), self.offsets.len()));
            self.next = (block_end + (self.parts - 1) * PITCH_BLOCK).min(self.n_frames);
        }
        // Drop samples no later frame needs.
        if self.next < self.n_frames {
            let left = frame_left(self.t1, self.dt, self.next, self.rate);
            let keep_from = (left + 1 - half).max(0) as usize;
            if keep_from > self.base + 65536 {
                self.buf.drain(..(keep_from - self.base).min(self.buf.len()));
                self.base = keep_from.min(received);
            }
        } else {
            self.buf = Vec::new();
            self.base = received;
        }
    }

    /// All samples are in: run the path search.
    pub fn finish(self) -> PitchTrack {
        Self::join(vec![self])
    }

    /// All samples are in, every part fed: join the parts' candidates and run the path search.
    pub fn join(mut parts: Vec<PitchStream>) -> PitchTrack {
        for s in parts.iter_mut() {
            s.process(true);
        }
        let Some(first) = parts.first() else { return PitchTrack { t1: 0.0, dt: 0.0, frames: Vec::new() } };
        let (p, t1, dt, n_frames) = (first.p, first.t1, first.dt, first.n_frames);
        if n_frames == 0 {
            return PitchTrack { t1: 0.0, dt, frames: Vec::new() };
        }
        if parts.len() == 1 {
            return finish_track(&parts[0].cands, &parts[0].offsets, &p, t1, dt);
        }
        let k = parts.len();
        let mut cands: Vec<Cand> = Vec::with_capacity(parts.iter().map(|s| s.cands.len()).sum());
        let mut offsets: Vec<u32> = Vec::with_capacity(n_frames + 1);
        offsets.push(0);
        let mut from = vec![(0usize, 1usize); k];
        for b in 0..n_frames.div_ceil(PITCH_BLOCK) {
            let s = &parts[b % k];
            let (c0, o0) = from[b % k];
            let (c1, o1) = s.ends[b / k];
            let shift = cands.len() as i64 - c0 as i64;
            cands.extend_from_slice(&s.cands[c0..c1]);
            offsets.extend(s.offsets[o0..o1].iter().map(|&o| (o as i64 + shift) as u32));
            from[b % k] = (c1, o1);
        }
        finish_track(&cands, &offsets, &p, t1, dt)
    }
}

/// Mean and largest absolute deviation from it, over the finite samples.
pub fn mean_and_peak(x: &[f32]) -> (f64, f64) {
    let mut acc = [0.0f64; 8];
    let mut mx = [f32::NEG_INFINITY; 8];
    let mut mn = [f32::INFINITY; 8];
    let mut n_bad = 0usize;
    let mut ch = x.chunks_exact(8);
    for q in &mut ch {
        for j in 0..8 {
            // Non-finite samples are rejected upstream; here they are skipped (counted once).
            let v = if q[j].is_finite() { q[j] } else { 0.0 };
            acc[j] += v as f64;
            mx[j] = mx[j].max(v);
            mn[j] = mn[j].min(v);
        }
    }
    let mut sum: f64 = acc.iter().sum();
    let mut hi = mx.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
    let mut lo = mn.iter().fold(f32::INFINITY, |a, &b| a.min(b));
    for &v in ch.remainder() {
        if v.is_finite() {
            sum += v as f64;
            hi = hi.max(v);
            lo = lo.min(v);
        } else {
            n_bad += 1;
        }
    }
    let _ = n_bad;
    if x.is_empty() {
        return (0.0, 0.0);
    }
    let mean = sum / x.len() as f64;
    (mean, (hi as f64 - mean).max(mean - lo as f64).max(0.0))
}

#[allow(clippy::too_many_arguments)]
fn run_frames(an: &mut Analyzer, x: &[f32], base: usize, rate: f64, p: &PitchParams, t1: f64, dt: f64, frames: std::ops::Range<usize>, gp: f64, cands: &mut Vec<Cand>, offsets: &mut Vec<u32>) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
            // SAFETY: the CPU supports the features the function was compiled for.
            unsafe { run_frames_avx2(an, x, base, rate, p, t1, dt, frames, gp, cands, offsets) };
            return;
        }
    }
    run_frames_generic(an, x, base, rate, p, t1, dt, frames, gp, cands, offsets)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[allow(clippy::too_many_arguments)]
unsafe fn run_frames_avx2(an: &mut Analyzer, x: &[f32], base: usize, rate: f64, p: &PitchParams, t1: f64, dt: f64, frames: std::ops::Range<usize>, gp: f64, cands: &mut Vec<Cand>, offsets: &mut Vec<u32>) {
    run_frames_generic(an, x, base, rate, p, t1, dt, frames, gp, cands, offsets)
}

/// Frames per block. Frames are paired for the FFT (two real frames in one complex transform), and the
/// pairing starts afresh at every block, so whole blocks can be analysed apart — on other threads, see
/// [`PitchStream::parts`] — with a result identical to the whole signal's.
pub const PITCH_BLOCK: usize = 1024;

#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn run_frames_generic(an: &mut Analyzer, x: &[f32], base: usize, rate: f64, p: &PitchParams, t1: f64, dt: f64, frames: std::ops::Range<usize>, gp: f64, cands: &mut Vec<Cand>, offsets: &mut Vec<u32>) {
    for i in frames {
        if i % PITCH_BLOCK == 0 {
            an.flush_final(p, rate, cands, offsets);
        }
        let left = frame_left(t1, dt, i, rate) - base as isize;
        let slot = an.n_fft_pending;
        let (uv, need) = an.prepare(x, left, p, gp, slot);
        an.pending.push((uv, if need { slot as u8 + 1 } else { 0 }));
        if need {
            an.n_fft_pending += 1;
            if an.n_fft_pending == 2 {
                an.ac_pair();
                an.flush(p, rate, cands, offsets);
            }
        }
    }
}

impl Analyzer {
    /// Emit the pending frames' candidates, in order.
    fn flush(&mut self, p: &PitchParams, rate: f64, cands: &mut Vec<Cand>, offsets: &mut Vec<u32>) {
        let pending = std::mem::take(&mut self.pending);
        for &(uv, slot) in &pending {
            cands.push(Cand { f: 0.0, lf: 0.0, s: uv });
            if slot > 0 {
                self.candidates(slot as usize - 1, p, rate, cands);
            }
            offsets.push(cands.len() as u32);
        }
        self.pending = pending;
        self.pending.clear();
        self.n_fft_pending = 0;
    }

    /// After the last frame: an unpaired frame gets a real FFT of its own.
    fn flush_final(&mut self, p: &PitchParams, rate: f64, cands: &mut Vec<Cand>, offsets: &mut Vec<u32>) {
        if self.n_fft_pending == 1 {
            self.ac_single();
        }
        self.flush(p, rate, cands, offsets);
    }
}

fn viterbi(cands: &[Cand], offsets: &[u32], p: &PitchParams, dt: f64) -> Vec<u8> {
    let n = offsets.len() - 1;
    if n == 0 {
        return Vec::new();
    }
    let corr = 0.01 / dt;
    let vuc = p.voiced_unvoiced_cost * corr;
    let ojc = p.octave_jump_cost * corr;
    let lceil = p.ceiling.log2();
    let local = |c: &Cand| if c.f > 0.0 { c.s - p.octave_cost * (lceil - c.lf) } else { c.s };
    let frame = |i: usize| &cands[offsets[i] as usize..offsets[i + 1] as usize];
    let mut delta: Vec<f64> = frame(0).iter().map(local).collect();
    let mut nd: Vec<f64> = Vec::with_capacity(32);
    let mut psi: Vec<u8> = vec![0; cands.len()];
    for i in 1..n {
        let prev = frame(i - 1);
        let cur = frame(i);
        nd.clear();
        let base = offsets[i] as usize;
        for (j, c) in cur.iter().enumerate() {
            let mut best = f64::NEG_INFINITY;
            let mut arg = 0u8;
            for (k, q) in prev.iter().enumerate() {
                let cost = match (q.f > 0.0, c.f > 0.0) {
                    (false, false) => 0.0,
                    (true, true) => ojc * (q.lf - c.lf).abs(),
                    _ => vuc,
                };
                let v = delta[k] - cost;
                if v > best {
                    best = v;
                    arg = k as u8;
                }
            }
            nd.push(best + local(c));
            psi[base + j] = arg;
        }
        std::mem::swap(&mut delta, &mut nd);
    }
    let mut path = vec![0u8; n];
    let mut best = f64::NEG_INFINITY;
    for (k, &d) in delta.iter().enumerate() {
        if d > best {
            best = d;
            path[n - 1] = k as u8;
        }
    }
    for i in (1..n).rev() {
        path[i - 1] = psi[offsets[i] as usize + path[i] as usize];
    }
    path
}

// Reference (slow) refinement, used by tests to check the fast one.
#[cfg(test)]
/// Windowed sin(x)/x interpolation of `r` at real index `x` (depth `depth`).
fn sinc_interp(r: &[f64], x: f64, depth: usize) -> f64 {
    let n = r.len() as isize;
    let il = x.floor() as isize;
    let ir = il + 1;
    let phi = x - il as f64;
    if phi == 0.0 {
        return r[il.clamp(0, n - 1) as usize];
    }
    let mut depth = depth as isize;
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

#[cfg(test)]
/// Refine a discrete maximum at `i`: parabolic first guess, then Brent maximization of the sinc
/// interpolation on [i − 1, i + 1]. Returns (real lag, interpolated value).
fn improve_max_exact(r: &[f64], i: usize, depth: usize) -> (f64, f64) {
    let (y0, y1, y2) = (r[i - 1], r[i], r[i + 1]);
    let denom = y0 - 2.0 * y1 + y2;
    let _ = denom;
    let f = |x: f64| -sinc_interp(r, x, depth);
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


#[cfg(test)]
mod tests {
    use super::*;

    /// The fast refinement agrees with Brent maximization of the full sinc interpolation, at the
    /// default depth (70) and the very accurate one (700).
    #[test]
    fn fast_refinement_matches_brent() {
        let rate = 16000.0;
        for (depth, len) in [(SINC_DEPTH, 320usize), (700, 1601)] {
            let tabs = SincTables::new(depth.min(len / 2 + 1));
            for &f0 in &[80.0, 123.4, 220.0, 351.7, 480.0] {
                // A normalized autocorrelation-like curve: decaying cosine plus a harmonic.
                let r: Vec<f64> = (0..len)
                    .map(|i| {
                        let t = i as f64 / rate;
                        (0.9f64).powf(t * 100.0) * (0.7 * (2.0 * std::f64::consts::PI * f0 * t).cos() + 0.3 * (4.0 * std::f64::consts::PI * f0 * t).cos())
                    })
                    .collect();
                let rr: Vec<f64> = r.iter().rev().copied().collect();
                for i in 20..len - 2 {
                    if r[i] > 0.2 && r[i] > r[i - 1] && r[i] >= r[i + 1] {
                        let (xe, ye) = improve_max_exact(&r, i, depth);
                        let (xf, yf) = refine_peak(&r, &rr, i, &tabs);
                        assert!((xe - xf).abs() < 1e-4, "depth {depth} f0 {f0} lag {i}: {xe} vs {xf}");
                        assert!((ye - yf).abs() < 1e-7, "depth {depth} f0 {f0} lag {i}: {ye} vs {yf}");
                        assert!((sinc_interp(&r, xe, depth) - sinc_fast(&r, &rr, xe, &tabs)).abs() < 1e-10);
                    }
                }
            }
        }
    }

    /// Very accurate: the window is a Gaussian of twice the physical length, the interpolation
    /// deeper; a sine is found as precisely as with the default method.
    #[test]
    fn very_accurate_is_praats_method() {
        let p = PitchParams { very_accurate: true, ..Default::default() };
        assert_eq!((p.window(), p.sinc_depth()), (6.0 / 75.0, 700));
        assert_eq!((PitchParams::default().window(), PitchParams::default().sinc_depth()), (3.0 / 75.0, 70));
        let rate = 22050.0;
        let an = Analyzer::new(&p, rate);
        // Gaussian: exp(−48 (t/T − ½)²) lifted to 0 at the edges, peak 1 in the middle
        assert!(an.window[0] < 1e-3 && (an.window[an.nw / 2] - 1.0).abs() < 1e-3);
        assert_eq!(an.tabs.depth, 700.min(an.brent_max.div_ceil(2) + 1));
        for f in [97.3, 211.0, 455.5] {
            let x: Vec<f32> = (0..22050).map(|i| (0.5 * (2.0 * std::f64::consts::PI * f * i as f64 / rate).sin()) as f32).collect();
            let tr = pitch_ac(&x, rate, &p);
            let mid: Vec<_> = tr.frames.iter().filter(|fr| fr.time > 0.2 && fr.time < 0.8).collect();
            assert!(!mid.is_empty());
            for fr in mid {
                assert!((fr.f0 - f).abs() < 1e-3, "{f}: {}", fr.f0);
            }
        }
    }
}

