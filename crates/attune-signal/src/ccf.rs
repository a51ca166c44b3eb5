//! Windowed cross-lagged correlation (WCLC) with the semantics of rMEA's `MEAccf`.
//!
//! Geometry (N samples, W = window, L = max lag, I = increment, all in samples):
//! * number of windows = ceil((N - W - L + 1) / I); window `w` is the block of rows
//!   `w*I .. w*I + W + L` (0-based, end exclusive);
//! * lag `k` in `-L..=L`: for `k >= 0` the pairs are `(s1[b + i], s2[b + k + i])`, for `k < 0`
//!   `(s1[b + |k| + i], s2[b + i])`, `i in 0..W`. Positive lag = s1 leads. Lag 0 uses the first
//!   W samples of the block (not its centre), as rMEA does;
//! * each cell is Pearson's r over the complete pairs; NA (NaN) when fewer than 2 pairs, when x and
//!   y differ at fewer than 2 positions, or when either side is constant;
//! * optional Fisher z (`atanh`, clipped to ±10) and absolute value;
//! * a window whose block has more than (W+L)/2 missing samples in either series is an all-NA row
//!   (rMEA crashes there).
//!
//! Speed: integer-valued inputs (MEA counts) take an exact path: all sums of x, x², y, y², xy are
//! integers held exactly in f64 (checked bound), summed in blocks of gcd(W, I) samples per lag and
//! combined in i128, so every cell is the correctly rounded r of the exact sums regardless of the
//! increment. Other inputs take a two-pass path per cell (mean first, then centred products).

use crate::error::SignalError;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Parameters of a windowed cross-lagged correlation, in seconds (rMEA's `MEAccf` arguments).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CcfConfig {
    /// Maximum lag in seconds (each side).
    pub lag_s: f64,
    /// Window length in seconds.
    pub window_s: f64,
    /// Step between window starts in seconds.
    pub increment_s: f64,
    /// Fisher r-to-z (atanh, clipped to ±10).
    pub r_to_z: bool,
    /// Absolute value of each cell (after z).
    pub abs: bool,
}

impl Default for CcfConfig {
    fn default() -> Self {
        CcfConfig { lag_s: 5.0, window_s: 60.0, increment_s: 30.0, r_to_z: true, abs: true }
    }
}

/// Sample geometry derived from a [`CcfConfig`] and a rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Geometry {
    /// Window length W in samples.
    pub window: usize,
    /// Maximum lag L in samples.
    pub lag: usize,
    /// Increment I in samples.
    pub increment: usize,
    /// Number of windows.
    pub n_windows: usize,
}

impl Geometry {
    /// Number of lag columns (2L+1).
    pub fn n_lags(&self) -> usize {
        2 * self.lag + 1
    }
}

/// Largest correlation matrix (windows × lags) one analysis may ask for: 2^27 cells, 1 GiB of
/// f64. (A 50-minute session at 30 Hz with a 1 s increment and ±5 s lags has 2,935 × 301.)
pub const MAX_CELLS: usize = 1 << 27;

/// Most multiply-adds [`ccf`] does for non-integer data, whose cells are computed one by one
/// (windows × lags × window length): 2^37, a minute or two on two cores. Integer data take the
/// exact route, O(N · lags) whatever the increment, and are not limited.
pub const MAX_DIRECT_WORK: u128 = 1 << 37;

fn to_samples(sec: f64, rate: f64, what: &str) -> Result<usize, SignalError> {
    let v = sec * rate;
    if !v.is_finite() || !(0.0..=1e12).contains(&v) {
        return Err(SignalError::config(format!("{what} of {sec} s at {rate} Hz is not a usable number of samples")));
    }
    Ok(v.round() as usize)
}

impl CcfConfig {
    /// Geometry for `n` samples at `rate_hz`.
    pub fn geometry(&self, n: usize, rate_hz: f64) -> Result<Geometry, SignalError> {
        if !(rate_hz.is_finite() && rate_hz > 0.0) {
            return Err(SignalError::config(format!("sample rate {rate_hz} Hz must be positive; pass --rate")));
        }
        let window = to_samples(self.window_s, rate_hz, "window")?;
        let lag = to_samples(self.lag_s, rate_hz, "lag")?;
        let increment = to_samples(self.increment_s, rate_hz, "increment")?;
        if window < 2 {
            return Err(SignalError::config(format!(
                "window of {} s is fewer than 2 samples at {rate_hz} Hz; use a longer --window",
                self.window_s
            )));
        }
        if increment < 1 {
            return Err(SignalError::config(format!(
                "increment of {} s is less than one sample at {rate_hz} Hz; use a longer --increment",
                self.increment_s
            )));
        }
        if n < window + lag {
            return Err(SignalError::config(format!(
                "the series has {n} samples ({:.1} s) but one window plus the lag needs {} ({:.1} s); use a shorter --window or --lag",
                n as f64 / rate_hz,
                window + lag,
                (window + lag) as f64 / rate_hz
            )));
        }
        let span = n - window - lag + 1;
        let n_windows = span.div_ceil(increment);
        let cells = n_windows.saturating_mul(2 * lag + 1);
        if cells > MAX_CELLS {
            return Err(SignalError::config(format!(
                "{n_windows} windows × {} lags = {cells} correlations is more than the {MAX_CELLS} attune computes in one matrix (8 bytes each); use a longer --increment or a shorter --lag",
                2 * lag + 1
            )));
        }
        Ok(Geometry { window, lag, increment, n_windows })
    }
}

/// Per-window summaries, as rMEA's `ccfRes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WindowSummary {
    /// 0-based window index.
    pub index: usize,
    /// Window start in seconds from the series start.
    pub start_s: f64,
    /// Window end (start + window length) in seconds.
    pub end_s: f64,
    /// Mean over all lags (NA cells ignored).
    pub all_lags: f64,
    /// Mean over positive lags (s1 leads).
    pub s1_lead: f64,
    /// Mean over negative lags (s2 leads).
    pub s2_lead: f64,
    /// Value at lag 0.
    pub lag_zero: f64,
    /// Mean over lags >= 0.
    pub s1_lead_0: f64,
    /// Mean over lags <= 0.
    pub s2_lead_0: f64,
    /// Lag (s) of the first maximum of the row; NaN for an all-NA row.
    pub best_lag_s: f64,
    /// Peak nearest lag 0 (Boker et al. 2002), if the row has a local maximum.
    pub peak: Option<Peak>,
    /// True when the row is all NA because more than half the block was missing.
    pub too_much_missing: bool,
}

/// A peak of one window's cross-correlation row.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Peak {
    /// Lag of the peak in seconds (positive = s1 leads).
    pub lag_s: f64,
    /// Value of the cell at the peak.
    pub value: f64,
}

/// Result of a windowed cross-lagged correlation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CcfResult {
    /// Configuration used.
    pub config: CcfConfig,
    /// Sample rate in Hz.
    pub rate_hz: f64,
    /// Sample geometry.
    pub geometry: Geometry,
    /// Lag of each column in seconds, `-L..=L` samples divided by the rate.
    pub lags_s: Vec<f64>,
    /// Row-major matrix, rows = windows, cols = lags; NaN = NA.
    pub matrix: Vec<f64>,
    /// Per-window summaries.
    pub windows: Vec<WindowSummary>,
    /// Mean of all non-NA cells (rMEA's grandAver).
    pub grand_average: f64,
}

impl CcfResult {
    /// Row `w` of the matrix.
    pub fn row(&self, w: usize) -> &[f64] {
        let nl = self.geometry.n_lags();
        &self.matrix[w * nl..(w + 1) * nl]
    }
    /// Number of windows.
    pub fn n_windows(&self) -> usize {
        self.geometry.n_windows
    }
    /// Mean of each lag column over windows (NA ignored).
    pub fn lag_profile(&self) -> Vec<f64> {
        let nl = self.geometry.n_lags();
        (0..nl)
            .map(|j| mean_finite((0..self.n_windows()).map(|w| self.matrix[w * nl + j])))
            .collect()
    }
}

/// Mean of the non-NaN values (NaN when there are none).
pub fn mean_finite_pub(it: impl Iterator<Item = f64>) -> f64 {
    mean_finite(it)
}

pub(crate) fn mean_finite(it: impl Iterator<Item = f64>) -> f64 {
    let (mut s, mut n) = (0.0f64, 0usize);
    for v in it {
        if !v.is_nan() {
            s += v;
            n += 1;
        }
    }
    if n == 0 { f64::NAN } else { s / n as f64 }
}

/// Fisher z as rMEA applies it: atanh(r) clipped to [-10, 10].
pub fn fisher_z_clipped(r: f64) -> f64 {
    if r.is_nan() {
        return r;
    }
    r.atanh().clamp(-10.0, 10.0)
}

/// Windowed cross-lagged correlation of two series sampled at `rate_hz` (NaN = missing).
/// Series of different lengths are cut to the shorter one.
pub fn ccf(s1: &[f64], s2: &[f64], rate_hz: f64, config: &CcfConfig) -> Result<CcfResult, SignalError> {
    let n = s1.len().min(s2.len());
    let clean = |s: &[f64]| -> Vec<f64> { s[..n].iter().map(|v| if v.is_finite() { *v } else { f64::NAN }).collect() };
    let (s1, s2) = (clean(s1), clean(s2));
    let g = config.geometry(n, rate_hz)?;
    let used = (g.n_windows - 1) * g.increment + g.window + g.lag;
    let cells = (g.n_windows * g.n_lags()) as u128;
    if cells * g.window as u128 > MAX_DIRECT_WORK && !integer_bound_ok(&s1[..used], &s2[..used]) {
        return Err(SignalError::config(format!(
            "non-integer data take the per-cell route, {} windows × {} lags × {} samples: too much work for one analysis; use a longer --increment or a shorter --window",
            g.n_windows,
            g.n_lags(),
            g.window
        )));
    }
    let r = raw_matrix(&s1, &s2, &g);
    Ok(finish(r, &s1, &s2, rate_hz, config, g))
}

/// The matrix of plain Pearson r (before z/abs), NaN = NA, including all-NA rows.
pub fn raw_matrix(s1: &[f64], s2: &[f64], g: &Geometry) -> Vec<f64> {
    let n = s1.len().min(s2.len());
    let (s1, s2) = (&s1[..n], &s2[..n]);
    let used = (g.n_windows - 1) * g.increment + g.window + g.lag;
    let exact = integer_bound_ok(&s1[..used], &s2[..used]);
    let mut m = if exact { exact_matrix(s1, s2, g) } else { direct_matrix(s1, s2, g) };
    // rows with more than (W+L)/2 missing in either series are all NA
    let nl = g.n_lags();
    if s1[..used].iter().any(|v| v.is_nan()) || s2[..used].iter().any(|v| v.is_nan()) {
        let c1 = nan_prefix(s1);
        let c2 = nan_prefix(s2);
        let bl = g.window + g.lag;
        for w in 0..g.n_windows {
            let a = w * g.increment;
            let m1 = c1[a + bl] - c1[a];
            let m2 = c2[a + bl] - c2[a];
            if 2 * m1 > bl || 2 * m2 > bl {
                m[w * nl..(w + 1) * nl].iter_mut().for_each(|v| *v = f64::NAN);
            }
        }
    }
    m
}

fn nan_prefix(s: &[f64]) -> Vec<usize> {
    let mut c = Vec::with_capacity(s.len() + 1);
    c.push(0);
    let mut acc = 0;
    for v in s {
        acc += v.is_nan() as usize;
        c.push(acc);
    }
    c
}

/// Apply z/abs and compute the summaries.
fn finish(mut m: Vec<f64>, s1: &[f64], s2: &[f64], rate_hz: f64, config: &CcfConfig, g: Geometry) -> CcfResult {
    if config.r_to_z || config.abs {
        m.par_chunks_mut(4096).for_each(|c| {
            for v in c.iter_mut() {
                if config.r_to_z {
                    *v = fisher_z_clipped(*v);
                }
                if config.abs {
                    *v = v.abs();
                }
            }
        });
    }
    let lags_s: Vec<f64> = (-(g.lag as i64)..=(g.lag as i64)).map(|k| k as f64 / rate_hz).collect();
    let nl = g.n_lags();
    let bl = g.window + g.lag;
    let any_nan = s1.iter().any(|v| v.is_nan()) || s2.iter().any(|v| v.is_nan());
    // missing counts per block from prefix counts: O(N) however much the windows overlap
    let (c1, c2) = if any_nan { (nan_prefix(s1), nan_prefix(s2)) } else { (vec![], vec![]) };
    let windows = (0..g.n_windows)
        .into_par_iter()
        .map(|w| {
            let row = &m[w * nl..(w + 1) * nl];
            let a = w * g.increment;
            let too_much = any_nan && {
                let m1 = c1[a + bl] - c1[a];
                let m2 = c2[a + bl] - c2[a];
                2 * m1 > bl || 2 * m2 > bl
            };
            summarize_row(w, row, &lags_s, g, rate_hz, too_much)
        })
        .collect();
    let grand_average = mean_finite(m.iter().copied());
    CcfResult { config: *config, rate_hz, geometry: g, lags_s, matrix: m, windows, grand_average }
}

fn summarize_row(w: usize, row: &[f64], lags_s: &[f64], g: Geometry, rate_hz: f64, too_much: bool) -> WindowSummary {
    let l = g.lag;
    let mut best = f64::NAN;
    let mut best_j = None;
    for (j, &v) in row.iter().enumerate() {
        if !v.is_nan() && (best_j.is_none() || v > best) {
            best = v;
            best_j = Some(j);
        }
    }
    let start_s = (w * g.increment) as f64 / rate_hz;
    WindowSummary {
        index: w,
        start_s,
        end_s: start_s + g.window as f64 / rate_hz,
        all_lags: mean_finite(row.iter().copied()),
        s1_lead: mean_finite(row[l + 1..].iter().copied()),
        s2_lead: mean_finite(row[..l].iter().copied()),
        lag_zero: row[l],
        s1_lead_0: mean_finite(row[l..].iter().copied()),
        s2_lead_0: mean_finite(row[..=l].iter().copied()),
        best_lag_s: best_j.map_or(f64::NAN, |j| lags_s[j]),
        peak: peak_nearest_zero(row, lags_s),
        too_much_missing: too_much,
    }
}

/// Peak picking after Boker et al. (2002): the local maximum nearest lag 0 (ties: the one on the
/// s1-leads side is not preferred; the earlier column wins). A local maximum is a non-NA cell not
/// smaller than its non-NA neighbours and larger than at least one of them; the row ends count
/// only when the row is monotone towards them.
pub fn peak_nearest_zero(row: &[f64], lags_s: &[f64]) -> Option<Peak> {
    let n = row.len();
    if n == 0 {
        return None;
    }
    let c = n / 2;
    let is_peak = |j: usize| -> bool {
        let v = row[j];
        if v.is_nan() {
            return false;
        }
        let left = if j > 0 { row[j - 1] } else { f64::NAN };
        let right = if j + 1 < n { row[j + 1] } else { f64::NAN };
        let ge_l = left.is_nan() || v >= left;
        let ge_r = right.is_nan() || v >= right;
        let gt_any = (!left.is_nan() && v > left) || (!right.is_nan() && v > right);
        ge_l && ge_r && gt_any
    };
    for d in 0..=c {
        for j in [c.checked_sub(d), Some(c + d)].into_iter().flatten() {
            if j < n && is_peak(j) {
                return Some(Peak { lag_s: lags_s[j], value: row[j] });
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// exact integer path

/// True when every finite value is an integer and all sums (over the whole series) of squares
/// and products stay below 2^52, so f64 sums are exact.
pub(crate) fn integer_bound_ok(s1: &[f64], s2: &[f64]) -> bool {
    // branch-free scan: NaN is skipped; anything else must be an integer below 2^31 in magnitude
    let scan = |s: &[f64]| -> (bool, f64) {
        let mut bad = false;
        let mut m = 0.0f64;
        for &v in s {
            let present = !v.is_nan();
            let a = v.abs();
            bad |= present & ((a >= 2147483648.0) | ((v as i64) as f64 != v));
            m = if present && a > m { a } else { m };
        }
        (bad, m)
    };
    let (b1, m1) = scan(s1);
    let (b2, m2) = scan(s2);
    if b1 || b2 {
        return false;
    }
    let m = m1.max(m2);
    let n = s1.len().max(s2.len()) as f64;
    n * m * m < 4.5e15
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Sum of `a[i] * b[i]` with 4 independent accumulators (exact for the integer path).
#[inline]
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0.0f64; 4];
    let ca = a.chunks_exact(4);
    let cb = b.chunks_exact(4);
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        acc[0] += x[0] * y[0];
        acc[1] += x[1] * y[1];
        acc[2] += x[2] * y[2];
        acc[3] += x[3] * y[3];
    }
    let mut s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for (x, y) in ra.iter().zip(rb) {
        s += x * y;
    }
    s
}

struct Prep {
    x: Vec<f64>,  // NaN -> 0
    xx: Vec<f64>, // squares
    mx: Vec<f64>, // 1 where present
}

fn prep(s: &[f64]) -> Prep {
    let x: Vec<f64> = s.iter().map(|v| if v.is_nan() { 0.0 } else { *v }).collect();
    let xx = x.iter().map(|v| v * v).collect();
    let mx = s.iter().map(|v| if v.is_nan() { 0.0 } else { 1.0 }).collect();
    Prep { x, xx, mx }
}

fn prefix(v: &[f64]) -> Vec<f64> {
    let mut p = Vec::with_capacity(v.len() + 1);
    let mut acc = 0.0;
    p.push(0.0);
    for x in v {
        acc += x;
        p.push(acc);
    }
    p
}

#[inline]
fn to_i(x: f64) -> i128 {
    (x as i64) as i128
}

#[inline]
fn to_f(x: i128) -> f64 {
    match i64::try_from(x) {
        Ok(v) => v as f64,
        Err(_) => x as f64,
    }
}

/// Correctly rounded Pearson r from exact integer sums.
#[inline]
pub(crate) fn r_from_sums(n: f64, sx: f64, sy: f64, sxx: f64, syy: f64, sxy: f64) -> f64 {
    if n < 2.0 {
        return f64::NAN;
    }
    // all products below 2^53: exact in f64 (same value as the i128 route, faster)
    const LIM: f64 = 9.0e15;
    let (a, b, c, d, e, f) = (n * sxx, sx * sx, n * syy, sy * sy, n * sxy, sx * sy);
    if a < LIM && b < LIM && c < LIM && d < LIM && e.abs() < LIM && f.abs() < LIM {
        let (dx, dy, num) = (a - b, c - d, e - f);
        if dx <= 0.0 || dy <= 0.0 {
            return f64::NAN;
        }
        return (num / (dx.sqrt() * dy.sqrt())).clamp(-1.0, 1.0);
    }
    let (n, sx, sy, sxx, syy, sxy) = (to_i(n), to_i(sx), to_i(sy), to_i(sxx), to_i(syy), to_i(sxy));
    let dx = n * sxx - sx * sx;
    let dy = n * syy - sy * sy;
    if dx <= 0 || dy <= 0 {
        return f64::NAN;
    }
    let num = n * sxy - sx * sy;
    let r = to_f(num) / (to_f(dx).sqrt() * to_f(dy).sqrt());
    r.clamp(-1.0, 1.0)
}

/// Number of complete pairs at which x and y differ, counting from 0 up to `cap`.
fn differ_count(x: &[f64], y: &[f64], cap: usize) -> usize {
    let mut c = 0;
    for (a, b) in x.iter().zip(y) {
        if !a.is_nan() && !b.is_nan() && a != b {
            c += 1;
            if c >= cap {
                break;
            }
        }
    }
    c
}


/// Lag-group width of the correlation kernel.
const G: usize = 8;

/// `acc[j] += Σ_t a[t] * b[t + j]` for `j in 0..G`; `b` must hold `a.len() + G - 1` values.
#[inline]
fn xcorr_group(a: &[f64], b: &[f64], acc: &mut [f64; G]) {
    let n = a.len();
    if b.len() < n + G - 1 {
        return;
    }
    let mut s = [0.0f64; G];
    for t in 0..n {
        let av = a[t];
        let bs: &[f64; G] = match b[t..t + G].try_into() {
            Ok(v) => v,
            Err(_) => return,
        };
        for j in 0..G {
            s[j] += av * bs[j];
        }
    }
    for j in 0..G {
        acc[j] += s[j];
    }
}

/// Exact prefix sums of a complete integer-valued pair of series.
pub(crate) struct Prefixes {
    px: Vec<f64>,
    pxx: Vec<f64>,
    py: Vec<f64>,
    pyy: Vec<f64>,
}

impl Prefixes {
    pub(crate) fn new(s1: &[f64], s2: &[f64]) -> Self {
        // one pass, four independent accumulation chains
        let n = s1.len().min(s2.len());
        let (mut px, mut pxx, mut py, mut pyy) =
            (Vec::with_capacity(n + 1), Vec::with_capacity(n + 1), Vec::with_capacity(n + 1), Vec::with_capacity(n + 1));
        let (mut a, mut b, mut c, mut d) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
        px.push(0.0);
        pxx.push(0.0);
        py.push(0.0);
        pyy.push(0.0);
        for (x, y) in s1[..n].iter().zip(&s2[..n]) {
            a += x;
            b += x * x;
            c += y;
            d += y * y;
            px.push(a);
            pxx.push(b);
            py.push(c);
            pyy.push(d);
        }
        Prefixes { px, pxx, py, pyy }
    }

    /// r of window `w` at lag `k` given the exact cross sum `sxy`.
    #[inline]
    pub(crate) fn cell(&self, s1: &[f64], s2: &[f64], g: &Geometry, w: usize, k: i64, sxy: f64) -> f64 {
        let w_ = g.window;
        let a1 = if k < 0 { (-k) as usize } else { 0 };
        let a2 = if k > 0 { k as usize } else { 0 };
        let s = w * g.increment;
        let (x0, y0) = (s + a1, s + a2);
        let sx = self.px[x0 + w_] - self.px[x0];
        let sxx = self.pxx[x0 + w_] - self.pxx[x0];
        let sy = self.py[y0 + w_] - self.py[y0];
        let syy = self.pyy[y0 + w_] - self.pyy[y0];
        let r = r_from_sums(w_ as f64, sx, sy, sxx, syy, sxy);
        if !r.is_nan() && needs_differ_check(sx, sy, sxx, syy, sxy) && differ_count(&s1[x0..x0 + w_], &s2[y0..y0 + w_], 2) < 2 {
            return f64::NAN;
        }
        r
    }
}

/// Exact path without missing values: lag-vectorised block sums, shared prefix sums.
fn exact_matrix_complete(s1: &[f64], s2: &[f64], g: &Geometry) -> Vec<f64> {
    let (w_, l_, i_) = (g.window, g.lag, g.increment);
    let nw = g.n_windows;
    let nl = g.n_lags();
    let blk = gcd(w_, i_);
    let t_len = (nw - 1) * i_ + w_;
    let n_blocks = t_len.div_ceil(blk);
    let per_win = w_ / blk;
    let step = i_ / blk;
    let pad = |s: &[f64]| -> Vec<f64> {
        let mut v = s.to_vec();
        v.resize(s.len() + l_ + 2 * G + blk, 0.0);
        v
    };
    let (xp, yp) = (pad(s1), pad(s2));
    let pre = Prefixes::new(s1, s2);
    // groups: (positive?, first lag magnitude)
    let mut groups: Vec<(bool, usize)> = (0..=l_).step_by(G).map(|k0| (true, k0)).collect();
    groups.extend((1..=l_).step_by(G).map(|m0| (false, m0)));
    let cols: Vec<Vec<(usize, Vec<f64>)>> = groups
        .par_iter()
        .map(|&(pos, k0)| {
            // block sums for G lags
            let mut bs = vec![[0.0f64; G]; n_blocks];
            for (b, acc) in bs.iter_mut().enumerate() {
                let t0 = b * blk;
                let t1 = ((b + 1) * blk).min(t_len);
                if pos {
                    xcorr_group(&xp[t0..t1], &yp[t0 + k0..t1 + k0 + G - 1], acc);
                } else {
                    xcorr_group(&yp[t0..t1], &xp[t0 + k0..t1 + k0 + G - 1], acc);
                }
            }
            let mut out = Vec::with_capacity(G);
            for jj in 0..G {
                let mag = k0 + jj;
                if mag > l_ || (!pos && mag == 0) {
                    continue;
                }
                let k: i64 = if pos { mag as i64 } else { -(mag as i64) };
                let mut p = Vec::with_capacity(n_blocks + 1);
                let mut acc = 0.0;
                p.push(0.0);
                for b in &bs {
                    acc += b[jj];
                    p.push(acc);
                }
                let col: Vec<f64> = (0..nw)
                    .map(|w| {
                        let b0 = w * step;
                        pre.cell(s1, s2, g, w, k, p[b0 + per_win] - p[b0])
                    })
                    .collect();
                out.push(((k + l_ as i64) as usize, col));
            }
            out
        })
        .collect();
    let mut m = vec![f64::NAN; nw * nl];
    for (j, col) in cols.into_iter().flatten() {
        for (w, v) in col.into_iter().enumerate() {
            m[w * nl + j] = v;
        }
    }
    m
}

fn exact_matrix(s1: &[f64], s2: &[f64], g: &Geometry) -> Vec<f64> {
    let (w_, l_, i_) = (g.window, g.lag, g.increment);
    let nw = g.n_windows;
    let nl = g.n_lags();
    let has_nan = s1.iter().any(|v| v.is_nan()) || s2.iter().any(|v| v.is_nan());
    if !has_nan {
        return exact_matrix_complete(s1, s2, g);
    }
    let p1 = prep(s1);
    let p2 = prep(s2);
    let blk = gcd(w_, i_);
    // t runs over pair index relative to the lag's offsets: 0 .. (nw-1)*I + W
    let t_len = (nw - 1) * i_ + w_;
    let n_blocks = t_len.div_ceil(blk);
    let per_win = w_ / blk;
    let step = i_ / blk;
    // global prefixes for the no-NaN case
    let (px, pxx, py, pyy) = if has_nan {
        (vec![], vec![], vec![], vec![])
    } else {
        (prefix(&p1.x), prefix(&p1.xx), prefix(&p2.x), prefix(&p2.xx))
    };
    let cols: Vec<Vec<f64>> = (0..nl)
        .into_par_iter()
        .map(|j| {
            let k = j as i64 - l_ as i64;
            let a1 = if k < 0 { (-k) as usize } else { 0 };
            let a2 = if k > 0 { k as usize } else { 0 };
            let mut col = vec![f64::NAN; nw];
            // block-prefix sums of the needed streams
            let block_prefix = |f: &dyn Fn(usize, usize) -> f64| -> Vec<f64> {
                let mut p = Vec::with_capacity(n_blocks + 1);
                let mut acc = 0.0;
                p.push(0.0);
                for b in 0..n_blocks {
                    let t0 = b * blk;
                    let t1 = ((b + 1) * blk).min(t_len);
                    acc += f(t0, t1);
                    p.push(acc);
                }
                p
            };
            let bxy = block_prefix(&|t0, t1| dot(&p1.x[a1 + t0..a1 + t1], &p2.x[a2 + t0..a2 + t1]));
            if !has_nan {
                let nf = w_ as f64;
                for (w, c) in col.iter_mut().enumerate() {
                    let b0 = w * step;
                    let sxy = bxy[b0 + per_win] - bxy[b0];
                    let s = w * i_;
                    let (x0, y0) = (s + a1, s + a2);
                    let sx = px[x0 + w_] - px[x0];
                    let sxx = pxx[x0 + w_] - pxx[x0];
                    let sy = py[y0 + w_] - py[y0];
                    let syy = pyy[y0 + w_] - pyy[y0];
                    let mut r = r_from_sums(nf, sx, sy, sxx, syy, sxy);
                    if !r.is_nan() && needs_differ_check(sx, sy, sxx, syy, sxy) {
                        let x = &s1[x0..x0 + w_];
                        let y = &s2[y0..y0 + w_];
                        if differ_count(x, y, 2) < 2 {
                            r = f64::NAN;
                        }
                    }
                    *c = r;
                }
            } else {
                let bn = block_prefix(&|t0, t1| dot(&p1.mx[a1 + t0..a1 + t1], &p2.mx[a2 + t0..a2 + t1]));
                let bx = block_prefix(&|t0, t1| dot(&p1.x[a1 + t0..a1 + t1], &p2.mx[a2 + t0..a2 + t1]));
                let bxx = block_prefix(&|t0, t1| dot(&p1.xx[a1 + t0..a1 + t1], &p2.mx[a2 + t0..a2 + t1]));
                let by = block_prefix(&|t0, t1| dot(&p1.mx[a1 + t0..a1 + t1], &p2.x[a2 + t0..a2 + t1]));
                let byy = block_prefix(&|t0, t1| dot(&p1.mx[a1 + t0..a1 + t1], &p2.xx[a2 + t0..a2 + t1]));
                for (w, c) in col.iter_mut().enumerate() {
                    let b0 = w * step;
                    let b1 = b0 + per_win;
                    let d = |p: &Vec<f64>| p[b1] - p[b0];
                    let (nn, sx, sy, sxx, syy, sxy) = (d(&bn), d(&bx), d(&by), d(&bxx), d(&byy), d(&bxy));
                    let mut r = r_from_sums(nn, sx, sy, sxx, syy, sxy);
                    if !r.is_nan() && needs_differ_check(sx, sy, sxx, syy, sxy) {
                        let s = w * i_;
                        let x = &s1[s + a1..s + a1 + w_];
                        let y = &s2[s + a2..s + a2 + w_];
                        if differ_count(x, y, 2) < 2 {
                            r = f64::NAN;
                        }
                    }
                    *c = r;
                }
            }
            col
        })
        .collect();
    let mut m = vec![f64::NAN; nw * nl];
    for (j, col) in cols.iter().enumerate() {
        for (w, v) in col.iter().enumerate() {
            m[w * nl + j] = *v;
        }
    }
    m
}

/// With exact integer sums: Σ(x−y)² = Sxx + Syy − 2Sxy. If it is 0 nothing differs; if exactly one
/// pair differs by d, then (Sx − Sy)² = d² = Σ(x−y)². Only in those cases is a count needed.
#[inline]
pub(crate) fn needs_differ_check(sx: f64, sy: f64, sxx: f64, syy: f64, sxy: f64) -> bool {
    // quick f64 screen: far from both conditions -> no count needed
    let ssd_f = sxx + syy - 2.0 * sxy;
    let d_f = sx - sy;
    if ssd_f > 1.0 && (d_f * d_f - ssd_f).abs() > 1e-6 * ssd_f + 4.0 {
        return false;
    }
    let ssd = to_i(sxx) + to_i(syy) - 2 * to_i(sxy);
    let d = to_i(sx) - to_i(sy);
    ssd == 0 || d * d == ssd
}

// ---------------------------------------------------------------------------------------------
// direct (float) path

/// Pearson r over complete pairs, two-pass (mean, then centred sums), with rMEA's NA rules.
pub fn pearson_complete(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    let (x, y) = (&x[..n], &y[..n]);
    let mut cnt = 0usize;
    let (mut sx, mut sy) = (0.0f64, 0.0f64);
    let mut differ = 0usize;
    for (a, b) in x.iter().zip(y) {
        if !a.is_nan() && !b.is_nan() {
            cnt += 1;
            sx += a;
            sy += b;
            if a != b {
                differ += 1;
            }
        }
    }
    if cnt < 2 || differ < 2 {
        return f64::NAN;
    }
    let nf = cnt as f64;
    let (mut mx, mut my) = (sx / nf, sy / nf);
    // one correction step, as R's mean does
    let (mut cx, mut cy) = (0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        if !a.is_nan() && !b.is_nan() {
            cx += a - mx;
            cy += b - my;
        }
    }
    mx += cx / nf;
    my += cy / nf;
    let (mut sxx, mut syy, mut sxy) = (0.0f64, 0.0f64, 0.0f64);
    for (a, b) in x.iter().zip(y) {
        if !a.is_nan() && !b.is_nan() {
            let (dx, dy) = (a - mx, b - my);
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
    }
    if sxx == 0.0 || syy == 0.0 || is_constant(x, y, true) || is_constant(y, x, true) {
        return f64::NAN;
    }
    (sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0)
}

/// Whether `a` is constant over the complete pairs with `b`.
fn is_constant(a: &[f64], b: &[f64], _complete: bool) -> bool {
    let mut first = None;
    for (u, v) in a.iter().zip(b) {
        if u.is_nan() || v.is_nan() {
            continue;
        }
        match first {
            None => first = Some(*u),
            Some(f) if f != *u => return false,
            _ => {}
        }
    }
    true
}

fn direct_matrix(s1: &[f64], s2: &[f64], g: &Geometry) -> Vec<f64> {
    let nl = g.n_lags();
    let l = g.lag as i64;
    let rows: Vec<Vec<f64>> = (0..g.n_windows)
        .into_par_iter()
        .map(|w| {
            let b = w * g.increment;
            (0..nl)
                .map(|j| {
                    let k = j as i64 - l;
                    let a1 = if k < 0 { (-k) as usize } else { 0 };
                    let a2 = if k > 0 { k as usize } else { 0 };
                    pearson_complete(&s1[b + a1..b + a1 + g.window], &s2[b + a2..b + a2 + g.window])
                })
                .collect()
        })
        .collect();
    rows.concat()
}

// ---------------------------------------------------------------------------------------------
// preprocessing as rMEA

/// rMEA's `MEAsmooth`: centred moving average over `moving_s` seconds. With n = moving_s × rate
/// (12.5 at 25 Hz), sample i averages `x[i - floor(n/2) ..= i + floor(n) - floor(n/2) - 1]`
/// (clipped at the start), always divided by n; samples whose window runs past the end are 0.
/// NaN inside a window makes that output NaN.
pub fn smooth(x: &[f64], rate_hz: f64, moving_s: f64) -> Vec<f64> {
    let n = moving_s * rate_hz;
    if !(n.is_finite() && n >= 1.0) {
        return x.to_vec();
    }
    smooth_sums(x, rate_hz, moving_s).into_iter().map(|v| v / n).collect()
}

/// Preprocessing before the correlation, as rMEA's `MEAsmooth` and `MEAscale`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Preprocess {
    /// Moving-average length in seconds (rMEA default 0.5 s); None = no smoothing.
    pub smooth_s: Option<f64>,
    /// Divide by the series' own standard deviation.
    pub scale: bool,
}

/// The preprocessed series exactly as rMEA produces it (for display and export).
pub fn preprocess(x: &[f64], rate_hz: f64, p: &Preprocess) -> Vec<f64> {
    let mut v = match p.smooth_s {
        Some(s) => smooth(x, rate_hz, s),
        None => x.to_vec(),
    };
    if p.scale {
        v = scale(&v);
    }
    v
}

/// A series proportional (by a positive factor) to [`preprocess`]'s output, for the correlation
/// only: Pearson r is invariant to positive scaling, so smoothing sums are kept undivided and
/// scaling is skipped. Integer counts then stay integers and take the exact fast path.
pub fn preprocess_for_ccf(x: &[f64], rate_hz: f64, p: &Preprocess) -> Vec<f64> {
    match p.smooth_s {
        Some(s) => smooth_sums(x, rate_hz, s),
        None => x.to_vec(),
    }
}

/// [`smooth`] without the final division by n.
///
/// O(N) whatever the window: windows of up to 64 samples are summed directly (left to right,
/// as before), longer ones with a drift-free sliding sum that agrees with the direct sum to its
/// own rounding (integer data, such as MEA counts, are exact either way).
pub fn smooth_sums(x: &[f64], rate_hz: f64, moving_s: f64) -> Vec<f64> {
    let n = moving_s * rate_hz;
    if !(n.is_finite() && n >= 1.0) {
        return x.to_vec();
    }
    let len = (n.floor() as usize).min(x.len().max(1));
    let back = (n / 2.0).floor() as usize;
    let fwd = len.saturating_sub(back.saturating_add(1));
    let mut out = vec![0.0; x.len()];
    if fwd >= x.len() {
        return out;
    }
    // output i sums x[i − back ..= i + fwd] (clipped at 0), for i + fwd < N
    let widest = back.saturating_add(fwd).saturating_add(1).min(x.len());
    if widest <= 64 {
        for (i, o) in out.iter_mut().enumerate() {
            if i.saturating_add(fwd) >= x.len() {
                continue;
            }
            let lo = i.saturating_sub(back);
            *o = x[lo..=i + fwd].iter().sum();
        }
        return out;
    }
    let mut s = crate::sum::SlidingSum::for_data(x, widest);
    for &v in &x[..=fwd] {
        s.add(v);
    }
    out[0] = s.value();
    for i in 1..x.len() - fwd {
        s.add(x[i + fwd]);
        if i > back {
            s.remove(x[i - back - 1]);
        }
        out[i] = s.value();
    }
    out
}

/// rMEA's `MEAscale`: divide by the series' own standard deviation (n − 1), no centring.
/// A constant or empty series is returned unchanged.
pub fn scale(x: &[f64]) -> Vec<f64> {
    let sd = sd_finite(x);
    if !(sd.is_finite() && sd > 0.0) {
        return x.to_vec();
    }
    x.iter().map(|v| v / sd).collect()
}

/// Sample standard deviation (n − 1) of the finite values.
pub fn sd_finite(x: &[f64]) -> f64 {
    let v: Vec<f64> = x.iter().copied().filter(|v| !v.is_nan()).collect();
    if v.len() < 2 {
        return f64::NAN;
    }
    let n = v.len() as f64;
    let mut m = v.iter().sum::<f64>() / n;
    m += v.iter().map(|a| a - m).sum::<f64>() / n;
    (v.iter().map(|a| (a - m) * (a - m)).sum::<f64>() / (n - 1.0)).sqrt()
}

/// Percentage of samples above 0 (rMEA's "% of time in motion").
pub fn percent_moving(x: &[f64]) -> f64 {
    if x.is_empty() {
        return f64::NAN;
    }
    100.0 * x.iter().filter(|v| **v > 0.0).count() as f64 / x.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn brute(s1: &[f64], s2: &[f64], g: &Geometry) -> Vec<f64> {
        direct_matrix(s1, s2, g)
    }

    #[test]
    fn geometry_matches_rmea() {
        let c = CcfConfig::default();
        let g = c.geometry(15000, 25.0).unwrap();
        assert_eq!((g.window, g.lag, g.increment, g.n_windows), (1500, 125, 750, 18));
        assert!(c.geometry(100, 25.0).is_err());
        assert!(CcfConfig { window_s: 0.0, ..c }.geometry(15000, 25.0).is_err());
        // a matrix past MAX_CELLS is an error, not an allocation of gigabytes
        let huge = CcfConfig { lag_s: 5_000.0, window_s: 10.0, increment_s: 1.0, ..c };
        let e = huge.geometry(20_000_000, 1.0).unwrap_err().to_string();
        assert!(e.contains("--increment"), "{e}");
    }

    #[test]
    fn float_work_is_bounded() {
        // float data, a window of half the series at every sample: ~N²/4 work, refused
        let x: Vec<f64> = (0..800_000).map(|i| (i as f64 * 0.1).sin()).collect();
        let y: Vec<f64> = (0..800_000).map(|i| (i as f64 * 0.1 + 1.0).sin()).collect();
        let cfg = CcfConfig { lag_s: 0.0, window_s: 400_000.0, increment_s: 1.0, r_to_z: false, abs: false };
        match ccf(&x, &y, 1.0, &cfg) {
            Err(e) => assert!(e.to_string().contains("too much work"), "{e}"),
            Ok(_) => panic!("{}² float work accepted", x.len()),
        }
        // the same geometry on integer data takes the exact route, O(N · lags)
        let xi: Vec<f64> = x.iter().map(|v| (v * 10.0).round()).collect();
        let yi: Vec<f64> = y.iter().map(|v| (v * 10.0).round()).collect();
        let r = ccf(&xi, &yi, 1.0, &cfg).map(|r| r.n_windows());
        assert_eq!(r.ok(), Some(400_001));
    }

    #[test]
    fn sliding_smooth_equals_direct_sums() {
        let x: Vec<f64> = (0..3000)
            .map(|i| ((i as f64) * 0.37).sin() * 100.0 + if i % 501 == 0 { 1e6 } else { 0.0 } + if i == 1234 { f64::NAN } else { 0.0 })
            .collect();
        for (rate, secs) in [(25.0, 3.0), (25.0, 10.0), (10.0, 20.05), (25.0, 100.0), (1.0, 1e9)] {
            let fast = smooth_sums(&x, rate, secs);
            let n = secs * rate;
            let len = (n.floor() as usize).min(x.len());
            let back = (n / 2.0).floor() as usize;
            let fwd = len.saturating_sub(back.saturating_add(1));
            for (i, v) in fast.iter().enumerate() {
                if i + fwd >= x.len() {
                    assert_eq!(*v, 0.0);
                    continue;
                }
                let w = &x[i.saturating_sub(back)..=i + fwd];
                let direct: f64 = w.iter().sum();
                if direct.is_nan() {
                    assert!(v.is_nan(), "{rate} {secs} {i}");
                } else {
                    // the direct sum's own error bound: (len − 1)·u·Σ|w|
                    let tol = w.len() as f64 * f64::EPSILON * w.iter().map(|a| a.abs()).sum::<f64>();
                    assert!((v - direct).abs() <= tol, "{rate} {secs} {i}: {v} vs {direct}");
                }
            }
        }
    }

    #[test]
    fn identical_but_one_is_na() {
        let x = vec![0.0, 0.0, 0.0, 5.0, 0.0, 0.0];
        let y = vec![0.0, 0.0, 0.0, 7.0, 0.0, 0.0];
        assert!(pearson_complete(&x, &y).is_nan());
        let g = Geometry { window: 6, lag: 0, increment: 1, n_windows: 1 };
        assert!(exact_matrix(&x, &y, &g)[0].is_nan());
    }

    proptest! {
        // numeric work per case: modest counts keep the suite quick (each case is milliseconds)
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn preprocessing_never_panics(x in proptest::collection::vec(proptest::num::f64::ANY, 0..50), m in proptest::num::f64::ANY, r in proptest::num::f64::ANY) {
            let _ = smooth(&x, r, m);
            let _ = preprocess_for_ccf(&x, r, &Preprocess { smooth_s: Some(m), scale: true });
            let _ = scale(&x);
        }

        #[test]
        fn exact_equals_direct(v1 in proptest::collection::vec(0u16..50, 40..120),
                               v2 in proptest::collection::vec(0u16..50, 40..120),
                               w in 4usize..20, l in 0usize..5, i in 1usize..7, nan_at in proptest::option::of(0usize..40)) {
            let n = v1.len().min(v2.len());
            let mut s1: Vec<f64> = v1[..n].iter().map(|v| *v as f64).collect();
            let s2: Vec<f64> = v2[..n].iter().map(|v| *v as f64).collect();
            if let Some(p) = nan_at { s1[p] = f64::NAN; }
            let cfg = CcfConfig { lag_s: l as f64, window_s: w as f64, increment_s: i as f64, r_to_z: false, abs: false };
            let g = cfg.geometry(n, 1.0).unwrap();
            let a = exact_matrix(&s1, &s2, &g);
            let b = brute(&s1, &s2, &g);
            for (x, y) in a.iter().zip(&b) {
                prop_assert!((x.is_nan() && y.is_nan()) || (x - y).abs() < 1e-12, "{x} vs {y}");
                prop_assert!(x.is_nan() || (-1.0..=1.0).contains(x));
            }
        }

        #[test]
        fn swapping_mirrors_lags(v1 in proptest::collection::vec(-100.0f64..100.0, 60),
                                 v2 in proptest::collection::vec(-100.0f64..100.0, 60)) {
            let cfg = CcfConfig { lag_s: 3.0, window_s: 20.0, increment_s: 5.0, r_to_z: false, abs: false };
            let a = ccf(&v1, &v2, 1.0, &cfg).unwrap();
            let b = ccf(&v2, &v1, 1.0, &cfg).unwrap();
            // lag k of (s1,s2) in window w uses s1[b..], s2[b+k..]; lag -k of (s2,s1) the same pairs
            for w in 0..a.n_windows() {
                let ra = a.row(w);
                let rb = b.row(w);
                let nl = ra.len();
                for j in 0..nl {
                    let (x, y) = (ra[j], rb[nl - 1 - j]);
                    prop_assert!((x.is_nan() && y.is_nan()) || (x - y).abs() < 1e-12);
                }
            }
        }

        #[test]
        fn never_panics(v1 in proptest::collection::vec(proptest::num::f64::ANY, 0..80),
                        v2 in proptest::collection::vec(proptest::num::f64::ANY, 0..80),
                        lag in prop_oneof![-2.0f64..5.0, proptest::num::f64::ANY], win in prop_oneof![-1.0f64..30.0, proptest::num::f64::ANY], inc in prop_oneof![-1.0f64..10.0, proptest::num::f64::ANY]) {
            let cfg = CcfConfig { lag_s: lag, window_s: win, increment_s: inc, r_to_z: true, abs: false };
            if let Ok(r) = ccf(&v1, &v2, 1.0, &cfg) {
                for v in &r.matrix { prop_assert!(v.is_nan() || (-10.0..=10.0).contains(v)); }
            }
        }
    }
}
