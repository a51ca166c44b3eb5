//! Timing of the synchrony engine on given inputs (the CLI reads the files and rMEA's recorded
//! times; this module only computes and times).

use crate::ccf::{self, CcfConfig};
use crate::error::SignalError;
use crate::surrogate;
use crate::susy;
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// One timed case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchCase {
    /// Short name, e.g. "MEAccf 25 Hz 5/60/30".
    pub name: String,
    /// Sample rate of the input.
    pub rate_hz: f64,
    /// Median wall time over the repeats, seconds.
    pub median_s: f64,
    /// All repeat times, seconds.
    pub times_s: Vec<f64>,
    /// A result figure to check against the reference (grandAver, SUSY Z, surrogate mean).
    pub value: f64,
}

/// The median (mean of the two middle values for an even count); NaN for none. The one median of the
/// workspace's benchmarks (`attune::bench::median` uses it).
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return f64::NAN;
    }
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { 0.5 * (v[n / 2 - 1] + v[n / 2]) }
}

fn time<F: FnMut() -> Result<f64, SignalError>>(repeats: usize, mut f: F) -> Result<(f64, Vec<f64>, f64), SignalError> {
    let mut times = Vec::new();
    let mut value = f64::NAN;
    // one warm-up run (page faults, thread pool start)
    f()?;
    for _ in 0..repeats.max(1) {
        let t = Instant::now();
        value = f()?;
        times.push(t.elapsed().as_secs_f64());
    }
    Ok((median(times.clone()), times, value))
}

/// Time `MEAccf`-equivalent runs (raw data, r2Z and ABS as rMEA's defaults).
pub fn time_ccf(s1: &[f64], s2: &[f64], rate_hz: f64, lag: f64, win: f64, inc: f64, repeats: usize) -> Result<BenchCase, SignalError> {
    let cfg = CcfConfig { lag_s: lag, window_s: win, increment_s: inc, r_to_z: true, abs: true };
    let (m, t, v) = time(repeats, || Ok(ccf::ccf(s1, s2, rate_hz, &cfg)?.grand_average))?;
    Ok(BenchCase { name: format!("MEAccf {rate_hz} Hz {lag}/{win}/{inc}"), rate_hz, median_s: m, times_s: t, value: v })
}

/// Time SUSY (segment `seg` s, max lag `lag` s); value = Z.
pub fn time_susy(s1: &[f64], s2: &[f64], rate_hz: f64, seg: f64, lag: f64, repeats: usize) -> Result<BenchCase, SignalError> {
    let (m, t, v) = time(repeats, || Ok(susy::susy(s1, s2, rate_hz, seg, lag)?.z))?;
    Ok(BenchCase { name: format!("SUSY {rate_hz} Hz seg {seg} s maxlag {lag} s"), rate_hz, median_s: m, times_s: t, value: v })
}

/// Time `n` segment-shuffle surrogates at lag/win/inc (raw data, z, abs); value = surrogate mean.
#[allow(clippy::too_many_arguments)]
pub fn time_surrogates(
    s1: &[f64],
    s2: &[f64],
    rate_hz: f64,
    lag: f64,
    win: f64,
    inc: f64,
    n: usize,
    repeats: usize,
) -> Result<BenchCase, SignalError> {
    let cfg = CcfConfig { lag_s: lag, window_s: win, increment_s: inc, r_to_z: true, abs: true };
    let (m, t, v) = time(repeats, || Ok(surrogate::segment_shuffle(s1, s2, rate_hz, &cfg, 30.0, n, 1)?.mean))?;
    Ok(BenchCase {
        name: format!("{n} segment-shuffle surrogates {rate_hz} Hz {lag}/{win}/{inc}"),
        rate_hz,
        median_s: m,
        times_s: t,
        value: v,
    })
}
