//! Vocal synchrony through attune-signal's windowed cross-lagged correlation engine (rMEA's
//! `MEAccf` semantics). Exploratory: vocal pitch synchrony's published link to empathy did not
//! replicate, so nothing here enters the attunement index.
//!
//! Series. Two people rarely voice at the same instant, so frame-level F0 of the two speakers
//! hardly ever overlaps and raw frame series would leave almost every window more than half
//! missing. Each speaker's series is therefore their **vocal level**: on a grid of `rate_hz`
//! (2 Hz), the mean of the speaker's own voiced frames over the trailing `level_span_s` (10 s)
//! — F0 in semitones re 100 Hz, loudness in dB (non-silent intensity frames in the bins where
//! the speaker is voiced) — held while the speaker is silent for up to `hold_s` (30 s), then
//! missing (NaN). Both speakers' levels are delayed alike by the trailing mean, so lags keep
//! their meaning. With a diarized transcript only frames inside the speaker's own turns count.
//!
//! Engine. `attune_signal::ccf(client, therapist, 2 Hz, lag 5 s, window 30 s, increment 5 s,
//! plain signed r: no Fisher z, no absolute value)`. Positive lag = the client leads (the
//! therapist follows). The grand average is the mean signed r over all windows and lags: positive
//! = levels move together. Signed r (not |z|) because matching has a direction and a constant or
//! two-level held series can reach r = ±1, whose clipped z (±10) would dominate the mean.
//! Segment-shuffle surrogates (30 s segments, 200 draws, seed 42) when the session holds at least
//! 10 segments.

use attune_signal::{surrogate, CcfConfig, CcfResult};
use serde::{Deserialize, Serialize};

/// How vocal synchrony is computed (all times in seconds).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct VocalSyncConfig {
    /// Grid of the level series, Hz.
    pub rate_hz: f64,
    /// Trailing span over which a speaker's voiced frames are averaged.
    pub level_span_s: f64,
    /// How long a silent speaker's last level is held before it counts as missing.
    pub hold_s: f64,
    /// The windowed cross-lagged correlation (attune-signal).
    pub ccf: CcfConfig,
    /// Number of segment-shuffle surrogates (0: none).
    pub surrogates: usize,
    /// Segment length of the shuffle.
    pub segment_s: f64,
    /// Fewest segments in the session for a surrogate test.
    pub min_segments: usize,
    /// Seed of the surrogate draws (ChaCha8).
    pub seed: u64,
}

impl Default for VocalSyncConfig {
    fn default() -> Self {
        VocalSyncConfig {
            rate_hz: 2.0,
            level_span_s: 10.0,
            hold_s: 30.0,
            ccf: CcfConfig { lag_s: 5.0, window_s: 30.0, increment_s: 5.0, r_to_z: false, abs: false },
            surrogates: 200,
            segment_s: 30.0,
            min_segments: 10,
            seed: 42,
        }
    }
}

/// One speaker's voiced frames: F0 `(time s, Hz)` of voiced pitch frames and loudness
/// `(time s, dB)` of non-silent intensity frames.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpeakerFrames {
    pub name: String,
    pub f0: Vec<(f64, f64)>,
    pub db: Vec<(f64, f64)>,
}

/// Who leads whom, from the peak nearest lag 0 in each window (attune-signal's lead/lag).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VocalLeadLag {
    /// Windows whose peak is at a positive lag (the client, s1, leads).
    pub peaks_client_leads: usize,
    /// Windows whose peak is at a negative lag (the therapist, s2, leads).
    pub peaks_therapist_leads: usize,
    pub peaks_zero: usize,
    /// Mean lag of the peaks, seconds (positive = the client leads).
    pub mean_peak_lag_s: Option<f64>,
    /// Two-sided sign test of the two peak counts.
    pub sign_test_p: f64,
    /// The leader's name when the sign test gives p < .05.
    pub leader: Option<String>,
    pub summary: String,
}

/// The real grand average against segment-shuffle surrogates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VocalSurrogate {
    pub n: usize,
    pub seed: u64,
    pub segment_s: f64,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    /// Percentage of surrogates below the real grand average (ties count half).
    pub percentile: Option<f64>,
    /// One-sided permutation p.
    pub p_value: Option<f64>,
    pub cohens_d: Option<f64>,
}

/// Synchrony of one feature (F0 or loudness).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureSynchrony {
    /// Mean signed r over all windows and lags (None when no cell could be computed).
    pub grand_average: Option<f64>,
    /// Mean over windows of the lag-0 r.
    pub lag_zero: Option<f64>,
    pub windows: usize,
    /// Windows with at least one computed cell.
    pub windows_used: usize,
    /// Share of grid points where each speaker's level is defined (client, therapist).
    pub coverage: (f64, f64),
    pub lead_lag: Option<VocalLeadLag>,
    pub surrogate: Option<VocalSurrogate>,
    /// Why a part is missing (no surrogate test, no computable window), if it is.
    pub note: Option<String>,
}

/// Continuous vocal synchrony of the two speakers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VocalSynchrony {
    /// s1 of the engine (positive lags: s1 leads): the client when roles are known.
    pub s1: String,
    /// s2: the therapist when roles are known.
    pub s2: String,
    pub config: VocalSyncConfig,
    pub f0: FeatureSynchrony,
    pub loudness: FeatureSynchrony,
    /// How the series were built and what the figures mean.
    pub note: String,
}

fn opt(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// Level series on the grid: for each of `n` bins of 1/rate s, the mean of `frames` values over
/// the trailing `level_span_s` (bins b − span + 1 ..= b), else the last such level held for up to
/// `hold_s`, else NaN. `mask`, when given, drops frames in bins where it is false.
pub fn level_series(frames: &[(f64, f64)], n: usize, cfg: &VocalSyncConfig, mask: Option<&[bool]>) -> Vec<f64> {
    let mut sum = vec![0.0f64; n];
    let mut cnt = vec![0usize; n];
    for &(t, v) in frames {
        if !(t.is_finite() && v.is_finite() && t >= 0.0) {
            continue;
        }
        let b = (t * cfg.rate_hz).floor() as usize;
        if b < n && mask.is_none_or(|m| m.get(b).copied().unwrap_or(false)) {
            sum[b] += v;
            cnt[b] += 1;
        }
    }
    let span = ((cfg.level_span_s * cfg.rate_hz).round() as usize).max(1);
    let hold = (cfg.hold_s * cfg.rate_hz).round().max(0.0) as usize;
    let (mut ps, mut pc) = (vec![0.0f64; n + 1], vec![0usize; n + 1]);
    for b in 0..n {
        ps[b + 1] = ps[b] + sum[b];
        pc[b + 1] = pc[b] + cnt[b];
    }
    let mut out = vec![f64::NAN; n];
    let mut last: Option<(usize, f64)> = None;
    for b in 0..n {
        let a = (b + 1).saturating_sub(span);
        let c = pc[b + 1] - pc[a];
        if c > 0 {
            let v = (ps[b + 1] - ps[a]) / c as f64;
            out[b] = v;
            last = Some((b, v));
        } else if let Some((lb, v)) = last
            && b - lb <= hold
        {
            out[b] = v;
        }
    }
    out
}

/// Semitones re 100 Hz.
pub fn semitones(hz: f64) -> f64 {
    12.0 * (hz / 100.0).log2()
}

fn lead_lag(res: &CcfResult, s1: &str, s2: &str) -> VocalLeadLag {
    let l = attune_signal::report::lead_lag(res, s1, s2);
    VocalLeadLag {
        peaks_client_leads: l.peaks_s1_leads,
        peaks_therapist_leads: l.peaks_s2_leads,
        peaks_zero: l.peaks_zero,
        mean_peak_lag_s: opt(l.mean_peak_lag_s),
        sign_test_p: l.sign_test_p,
        leader: l.leader,
        summary: l.summary,
    }
}

/// Synchrony of two level series already on the grid (NaN = missing). Err: why it cannot be
/// computed (e.g. too short for one window plus the lag).
pub fn feature_synchrony(x: &[f64], y: &[f64], s1: &str, s2: &str, cfg: &VocalSyncConfig) -> Result<FeatureSynchrony, String> {
    let n = x.len().min(y.len());
    let (x, y) = (&x[..n], &y[..n]);
    let res = attune_signal::ccf(x, y, cfg.rate_hz, &cfg.ccf).map_err(|e| e.to_string())?;
    let windows_used = (0..res.n_windows()).filter(|&w| res.row(w).iter().any(|v| v.is_finite())).count();
    let lag_zero = attune_signal::ccf::mean_finite_pub(res.windows.iter().map(|w| w.lag_zero));
    let cov = |s: &[f64]| if n == 0 { 0.0 } else { s.iter().filter(|v| v.is_finite()).count() as f64 / n as f64 };
    let mut note = None;
    let grand_average = opt(res.grand_average);
    if grand_average.is_none() {
        note = Some("no window had enough overlapping speech from both speakers for a correlation".to_string());
    }
    let n_seg = if cfg.segment_s > 0.0 { (n as f64 / (cfg.segment_s * cfg.rate_hz).round().max(1.0)) as usize } else { 0 };
    let surrogate = if cfg.surrogates == 0 || grand_average.is_none() {
        None
    } else if n_seg < cfg.min_segments {
        note = Some(format!(
            "no surrogate test: the session holds {n_seg} segment(s) of {} s; the test needs {}",
            cfg.segment_s, cfg.min_segments
        ));
        None
    } else {
        match surrogate::segment_shuffle(x, y, cfg.rate_hz, &cfg.ccf, cfg.segment_s, cfg.surrogates, cfg.seed) {
            Ok(s) => Some(VocalSurrogate {
                n: s.n,
                seed: cfg.seed,
                segment_s: cfg.segment_s,
                mean: opt(s.mean),
                sd: opt(s.sd),
                percentile: opt(s.percentile),
                p_value: opt(s.p_value),
                cohens_d: opt(s.cohens_d),
            }),
            Err(e) => {
                note = Some(format!("no surrogate test: {e}"));
                None
            }
        }
    };
    Ok(FeatureSynchrony {
        grand_average,
        lag_zero: opt(lag_zero),
        windows: res.n_windows(),
        windows_used,
        coverage: (cov(x), cov(y)),
        lead_lag: (windows_used > 0).then(|| lead_lag(&res, s1, s2)),
        surrogate,
        note,
    })
}

/// Vocal synchrony of two speakers (s1 = client, s2 = therapist when roles are known) over a
/// session of `duration` seconds. Err: a note saying why there is none (never panics).
pub fn vocal_synchrony(s1: &SpeakerFrames, s2: &SpeakerFrames, duration: f64, cfg: &VocalSyncConfig) -> Result<VocalSynchrony, String> {
    if !(cfg.rate_hz.is_finite() && cfg.rate_hz > 0.0) {
        return Err(format!("vocal synchrony: grid rate {} Hz must be positive", cfg.rate_hz));
    }
    let need = cfg.ccf.window_s + cfg.ccf.lag_s;
    if !(duration.is_finite() && duration >= need) {
        return Err(format!(
            "no vocal synchrony: the session lasts {:.1} s; one {} s window plus the {} s lag needs {need} s",
            duration.max(0.0),
            cfg.ccf.window_s,
            cfg.ccf.lag_s
        ));
    }
    let n = (duration * cfg.rate_hz).floor() as usize;
    let st = |v: &[(f64, f64)]| -> Vec<(f64, f64)> { v.iter().filter(|p| p.1 > 0.0).map(|&(t, f)| (t, semitones(f))).collect() };
    let voiced_bins = |v: &[(f64, f64)]| -> Vec<bool> {
        let mut m = vec![false; n];
        for &(t, f) in v {
            let b = (t * cfg.rate_hz).floor();
            if f > 0.0 && b >= 0.0 && (b as usize) < n {
                m[b as usize] = true;
            }
        }
        m
    };
    let (m1, m2) = (voiced_bins(&s1.f0), voiced_bins(&s2.f0));
    let f0 = feature_synchrony(
        &level_series(&st(&s1.f0), n, cfg, None),
        &level_series(&st(&s2.f0), n, cfg, None),
        &s1.name,
        &s2.name,
        cfg,
    )?;
    let loudness = feature_synchrony(
        &level_series(&s1.db, n, cfg, Some(&m1)),
        &level_series(&s2.db, n, cfg, Some(&m2)),
        &s1.name,
        &s2.name,
        cfg,
    )?;
    Ok(VocalSynchrony {
        s1: s1.name.clone(),
        s2: s2.name.clone(),
        config: *cfg,
        f0,
        loudness,
        note: format!(
            "Each speaker's vocal level (F0 in semitones re 100 Hz; loudness in dB while voiced) on a {} Hz grid: mean of their own voiced \
             frames over the last {} s, held up to {} s while they are silent. attune-signal's windowed cross-lagged correlation \
             (rMEA MEAccf): window {} s, increment {} s, lags ±{} s, plain signed r; grand average = mean r over all windows and lags \
             (positive = levels move together). Positive lag = {} leads.",
            cfg.rate_hz, cfg.level_span_s, cfg.hold_s, cfg.ccf.window_s, cfg.ccf.increment_s, cfg.ccf.lag_s, s1.name
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic pseudo-random numbers in [-1, 1).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> f64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((self.0 >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
        }
    }

    /// Alternating 5 s turns (client, then therapist) for `secs` seconds, 100 voiced frames per
    /// second. The client's pitch per turn is random; the therapist's is the client's preceding
    /// turn (follow) or independent.
    fn dialogue(secs: f64, follow: bool, seed: u64) -> (SpeakerFrames, SpeakerFrames) {
        let mut r = Lcg(seed);
        let mut r2 = Lcg(seed ^ 0x9e37_79b9);
        let (mut c, mut t) = (SpeakerFrames { name: "C".into(), ..Default::default() }, SpeakerFrames { name: "T".into(), ..Default::default() });
        let mut k = 0;
        while (k as f64 + 1.0) * 10.0 <= secs {
            let cl = 220.0 * 2f64.powf(3.0 * r.next() / 12.0);
            let th = if follow { 110.0 * (cl / 220.0) } else { 110.0 * 2f64.powf(3.0 * r2.next() / 12.0) };
            let db_c = 65.0 + 4.0 * r.next();
            let db_t = if follow { db_c - 3.0 } else { 62.0 + 4.0 * r2.next() };
            for i in 0..450 {
                let tc = k as f64 * 10.0 + i as f64 * 0.01;
                c.f0.push((tc, cl * (1.0 + 0.01 * r.next())));
                c.db.push((tc, db_c + 0.5 * r.next()));
                let tt = tc + 5.0;
                t.f0.push((tt, th * (1.0 + 0.01 * r2.next())));
                t.db.push((tt, db_t + 0.5 * r2.next()));
            }
            k += 1;
        }
        (c, t)
    }

    #[test]
    fn co_varying_speakers_score_higher_than_independent() {
        let cfg = VocalSyncConfig::default();
        let (mut fol, mut ind) = ((0.0, 0.0), (0.0, 0.0));
        for seed in 1..=4 {
            let (c, t) = dialogue(600.0, true, seed);
            let s = vocal_synchrony(&c, &t, 600.0, &cfg).unwrap();
            let (c2, t2) = dialogue(600.0, false, seed);
            let i = vocal_synchrony(&c2, &t2, 600.0, &cfg).unwrap();
            let g = |f: &FeatureSynchrony| f.grand_average.unwrap();
            assert!(g(&s.f0) > 0.25 && g(&s.loudness) > 0.25, "seed {seed}: {} {}", g(&s.f0), g(&s.loudness));
            assert!(g(&i.f0).abs() < 0.25 && g(&i.loudness).abs() < 0.25, "seed {seed}: {} {}", g(&i.f0), g(&i.loudness));
            fol = (fol.0 + g(&s.f0) / 4.0, fol.1 + g(&s.loudness) / 4.0);
            ind = (ind.0 + g(&i.f0) / 4.0, ind.1 + g(&i.loudness) / 4.0);
        }
        assert!(fol.0 > ind.0 + 0.3 && fol.1 > ind.1 + 0.3, "follow {fol:?} vs independent {ind:?}");
        let (c, t) = dialogue(600.0, true, 7);
        let s = vocal_synchrony(&c, &t, 600.0, &cfg).unwrap();
        // The surrogate test runs (600 s = 20 segments) and puts the follower far above chance.
        let sur = s.f0.surrogate.as_ref().expect("surrogate test");
        assert_eq!(sur.n, cfg.surrogates);
        assert!(sur.percentile.unwrap() > 95.0, "{sur:?}");
        assert!(s.f0.windows_used > 0 && s.f0.lead_lag.is_some());
        // The client leads: peaks sit at positive lags more often than at negative ones.
        let ll = s.f0.lead_lag.as_ref().unwrap();
        assert!(ll.peaks_client_leads >= ll.peaks_therapist_leads, "{ll:?}");
        // Serializes and round-trips (no NaN in the JSON).
        let j = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<VocalSynchrony>(&j).unwrap(), s);
    }

    #[test]
    fn too_short_gives_a_note_not_a_panic() {
        let cfg = VocalSyncConfig::default();
        let (c, t) = dialogue(20.0, true, 1);
        let e = vocal_synchrony(&c, &t, 20.0, &cfg).unwrap_err();
        assert!(e.contains("needs 35 s"), "{e}");
        assert!(vocal_synchrony(&c, &t, f64::NAN, &cfg).is_err());
        let empty = SpeakerFrames::default();
        assert!(vocal_synchrony(&empty, &empty, 0.0, &cfg).is_err());
        // Long enough but silent: Some, with no grand average and a note.
        let s = vocal_synchrony(&empty, &empty, 100.0, &cfg).unwrap();
        assert!(s.f0.grand_average.is_none() && s.f0.note.is_some());
        // One minute: windows, but no surrogate test (2 segments).
        let (c, t) = dialogue(60.0, true, 2);
        let s = vocal_synchrony(&c, &t, 60.0, &cfg).unwrap();
        assert!(s.f0.windows > 0 && s.f0.surrogate.is_none());
    }

    #[test]
    fn level_series_holds_then_drops() {
        let cfg = VocalSyncConfig { level_span_s: 1.0, hold_s: 2.0, ..Default::default() };
        let frames = vec![(0.1, 10.0), (0.6, 20.0)];
        let l = level_series(&frames, 12, &cfg, None);
        assert_eq!(l[0], 10.0);
        assert_eq!(l[1], 15.0);
        assert_eq!(l[2], 20.0); // bins 1..=2 of the trailing span
        assert_eq!(l[6], 20.0); // held 2 s after bin 2
        assert!(l[7].is_nan());
    }
}
