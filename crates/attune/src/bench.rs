//! Helpers every benchmark shares: the median of repeated timings, the calling thread's CPU time, the
//! process's peak memory and the load average (wall time on a shared machine is only comparable at low
//! load, so each benchmark reports both).

/// The median (the mean of the two middle values for an even count); NaN for no values.
pub fn median(v: &[f64]) -> f64 {
    attune_signal::bench::median(v.to_vec())
}

/// The q-quantile (0..1) by the nearest-rank method; NaN for no values.
pub fn quantile(v: &[f64], q: f64) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    if s.is_empty() {
        return f64::NAN;
    }
    let rank = (q.clamp(0.0, 1.0) * s.len() as f64).ceil() as usize;
    s[rank.saturating_sub(1).min(s.len() - 1)]
}

/// Seconds of CPU time the calling thread has used (user + system), where the platform tells.
pub fn thread_cpu_seconds() -> Option<f64> {
    #[cfg(target_os = "linux")]
    {
        // Fields after the command name (in parentheses, which may hold spaces): utime is the 12th, stime the
        // 13th, in clock ticks (USER_HZ = 100 on Linux).
        let s = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
        let rest = s.get(s.rfind(')')? + 2..)?;
        let f: Vec<&str> = rest.split_whitespace().collect();
        let ut: f64 = f.get(11)?.parse().ok()?;
        let st: f64 = f.get(12)?.parse().ok()?;
        Some((ut + st) / 100.0)
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

/// Seconds of CPU time all threads of this process have run (from the scheduler's per-task counters, in
/// nanoseconds), where the platform tells; NaN elsewhere.
pub fn process_cpu_seconds() -> f64 {
    let Ok(rd) = std::fs::read_dir("/proc/self/task") else { return f64::NAN };
    let ns: u64 = rd
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    ns as f64 * 1e-9
}

/// Peak resident memory of this process (VmHWM), MiB; NaN where the platform does not tell.
pub fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// The 1-minute load average; NaN where the platform does not tell.
pub fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg").ok().and_then(|s| s.split_whitespace().next()?.parse().ok()).unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_quantile_agree_with_hand_values() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(&[]).is_nan());
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], 0.9), 9.0);
        assert_eq!(quantile(&[5.0], 0.9), 5.0);
    }

    #[test]
    fn cpu_time_advances_with_work() {
        let Some(a) = thread_cpu_seconds() else { return };
        let mut x = 0u64;
        let t = std::time::Instant::now();
        while t.elapsed().as_millis() < 60 {
            x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
        let b = thread_cpu_seconds().unwrap_or(a);
        assert!(b >= a, "CPU time went backwards: {a} then {b}");
    }
}
