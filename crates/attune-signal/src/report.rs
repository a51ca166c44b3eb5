//! One call from a dyad to everything the report and `attune sync --json` show: the windowed
//! cross-lagged correlation, surrogates, SUSY, lead/lag, Marci's concordance index and an honest
//! evidence grade.

use crate::ccf::{self, CcfConfig, CcfResult, Preprocess};
use crate::error::SignalError;
use crate::series::Dyad;
use crate::surrogate::{self, SurrogateResult};
use crate::susy::{self, Susy};
use serde::{Deserialize, Serialize};

/// What the series measure; sets the published reference effect in the evidence sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Motion energy (MEA) or other movement.
    Movement,
    /// Heart rate, breathing, skin conductance.
    Physiology,
    /// Anything else.
    Other,
}

impl Modality {
    /// Meta-analytic typical effect (r) for this kind of synchrony, if known.
    pub fn published_r(&self) -> Option<f64> {
        match self {
            Modality::Movement => Some(0.2),
            Modality::Physiology => Some(0.3),
            Modality::Other => None,
        }
    }
}

/// Options of a synchrony analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncOptions {
    /// Lag, window, increment, z, abs.
    pub config: CcfConfig,
    /// Smoothing / scaling before the correlation.
    pub preprocess: Preprocess,
    /// Number of segment-shuffle surrogates (0 = none).
    pub surrogates: usize,
    /// Segment length of the shuffle, seconds.
    pub segment_s: f64,
    /// Seed of the surrogate draws.
    pub seed: u64,
    /// SUSY with (segment s, max lag s), if wanted.
    pub susy: Option<(f64, f64)>,
    /// What the series measure.
    pub modality: Modality,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            config: CcfConfig::default(),
            preprocess: Preprocess::default(),
            surrogates: 0,
            segment_s: 30.0,
            seed: 42,
            susy: None,
            modality: Modality::Movement,
        }
    }
}

/// Who leads whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadLag {
    /// Mean over windows of the positive-lag (s1 leads) means.
    pub s1_lead: f64,
    /// Mean over windows of the negative-lag (s2 leads) means.
    pub s2_lead: f64,
    /// Windows whose peak (nearest lag 0) is at a positive lag.
    pub peaks_s1_leads: usize,
    /// Windows whose peak is at a negative lag.
    pub peaks_s2_leads: usize,
    /// Windows whose peak is at lag 0.
    pub peaks_zero: usize,
    /// Mean lag of the peaks, seconds (positive = s1 leads).
    pub mean_peak_lag_s: f64,
    /// Two-sided sign-test p of peaks_s1_leads vs peaks_s2_leads.
    pub sign_test_p: f64,
    /// Name of the leader, or None when the peaks do not favour one side (p ≥ .05).
    pub leader: Option<String>,
    /// One sentence.
    pub summary: String,
}

/// Evidence grade of the synchrony finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// "above chance", "suggestive", "not above chance" or "untested".
    pub grade: String,
    /// One honest sentence for the report.
    pub sentence: String,
}

/// Everything the report section and `attune sync --json` show for one dyad.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportData {
    /// Dyad identifier.
    pub id: String,
    /// Name of s1 (positive lags: s1 leads).
    pub s1_name: String,
    /// Name of s2.
    pub s2_name: String,
    /// What was measured.
    pub modality: Modality,
    /// Start of the series on the transcript's clock, seconds.
    pub start_s: f64,
    /// The windowed cross-lagged correlation.
    pub ccf: CcfResult,
    /// Segment-shuffle surrogates, if requested.
    pub surrogate: Option<SurrogateResult>,
    /// SUSY, if requested.
    pub susy: Option<Susy>,
    /// Who leads whom.
    pub lead_lag: LeadLag,
    /// Marci's concordance index over the lag-0 window correlations.
    pub concordance: f64,
    /// Evidence grade.
    pub evidence: Evidence,
    /// Data-quality notes (missing samples, negative counts, gaps).
    pub quality_notes: Vec<String>,
}

/// Marci et al. (2007) concordance index: ln(Σ positive r / |Σ negative r|) over the window
/// correlations, clipped to ±10. NaN when there is no non-zero r.
pub fn marci_concordance(r: &[f64]) -> f64 {
    let pos: f64 = r.iter().filter(|v| **v > 0.0).sum();
    let neg: f64 = r.iter().filter(|v| **v < 0.0).sum::<f64>().abs();
    if pos == 0.0 && neg == 0.0 {
        return f64::NAN;
    }
    if neg == 0.0 {
        return 10.0;
    }
    if pos == 0.0 {
        return -10.0;
    }
    (pos / neg).ln().clamp(-10.0, 10.0)
}

fn binom_two_sided(k: usize, n: usize) -> f64 {
    if n == 0 {
        return 1.0;
    }
    // exact: P(X <= min(k, n-k)) * 2 with p = 1/2, in log space; ln C(n, i) is updated term by
    // term (ln C(n, i+1) = ln C(n, i) + ln(n − i) − ln(i + 1)), O(n) in all
    let lo = k.min(n - k);
    let ln_half_n = n as f64 * std::f64::consts::LN_2;
    let mut ln_c = 0.0f64;
    let mut s = 0.0;
    for i in 0..=lo {
        if i > 0 {
            ln_c += ((n - i + 1) as f64).ln() - (i as f64).ln();
        }
        s += (ln_c - ln_half_n).exp();
    }
    (2.0 * s).min(1.0)
}

/// Lead/lag from the per-window summaries and peaks.
pub fn lead_lag(res: &CcfResult, s1: &str, s2: &str) -> LeadLag {
    let s1_lead = ccf::mean_finite_pub(res.windows.iter().map(|w| w.s1_lead));
    let s2_lead = ccf::mean_finite_pub(res.windows.iter().map(|w| w.s2_lead));
    let peaks: Vec<f64> = res.windows.iter().filter_map(|w| w.peak.map(|p| p.lag_s)).collect();
    let a = peaks.iter().filter(|l| **l > 0.0).count();
    let b = peaks.iter().filter(|l| **l < 0.0).count();
    let z = peaks.len() - a - b;
    let mean_peak = if peaks.is_empty() { f64::NAN } else { peaks.iter().sum::<f64>() / peaks.len() as f64 };
    let p = binom_two_sided(a, a + b);
    let leader = if p < 0.05 { Some(if a > b { s1.to_string() } else { s2.to_string() }) } else { None };
    let summary = match &leader {
        Some(l) => format!(
            "{l} tends to lead: in {} of {} windows with a peak off lag 0 the peak nearest lag 0 has {l} ahead (sign test p = {p:.3}; mean peak lag {mean_peak:+.2} s).",
            a.max(b),
            a + b
        ),
        None => format!(
            "Neither leads consistently: peaks nearest lag 0 put {s1} ahead in {a} windows and {s2} in {b} (sign test p = {p:.2}); {z} windows peak at lag 0."
        ),
    };
    LeadLag {
        s1_lead,
        s2_lead,
        peaks_s1_leads: a,
        peaks_s2_leads: b,
        peaks_zero: z,
        mean_peak_lag_s: mean_peak,
        sign_test_p: p,
        leader,
        summary,
    }
}

/// Evidence grade from the surrogate comparison, with the published effect for context.
pub fn evidence(sur: Option<&SurrogateResult>, modality: Modality) -> Evidence {
    let context = match modality.published_r() {
        Some(r) => format!(
            " Published {} synchrony effects are small (meta-analytic r ≈ {r:.1}), so one session's value is a noisy signal, not a verdict on the relationship.",
            if modality == Modality::Movement { "movement" } else { "physiological" }
        ),
        None => " No meta-analytic reference effect is known for this signal.".to_string(),
    };
    match sur {
        None => Evidence {
            grade: "untested".into(),
            sentence: format!("Not tested against surrogates (run with surrogates to tell synchrony from chance alignment).{context}"),
        },
        Some(s) => {
            let (grade, what) = if s.p_value <= 0.05 && s.cohens_d >= 0.5 {
                ("above chance", "is above")
            } else if s.p_value <= 0.10 {
                ("suggestive", "is only marginally above")
            } else {
                ("not above chance", "is not distinguishable from")
            };
            Evidence {
                grade: grade.into(),
                sentence: format!(
                    "Synchrony (grand average {:.3}) {what} pseudo-synchrony of {} {} surrogates (mean {:.3}, sd {:.3}; d = {:.2}, percentile {:.1}, p = {:.3}).{context}",
                    s.real, s.n, s.kind, s.mean, s.sd, s.cohens_d, s.percentile, s.p_value
                ),
            }
        }
    }
}

/// Analyse one dyad (series already aligned, same rate).
pub fn analyze(dyad: &Dyad, opts: &SyncOptions) -> Result<ReportData, SignalError> {
    let d = dyad.aligned()?;
    let rate = d.s1.rate_hz;
    let x = ccf::preprocess_for_ccf(&d.s1.values, rate, &opts.preprocess);
    let y = ccf::preprocess_for_ccf(&d.s2.values, rate, &opts.preprocess);
    let res = ccf::ccf(&x, &y, rate, &opts.config)?;
    let surrogate = if opts.surrogates > 0 {
        Some(surrogate::segment_shuffle(&x, &y, rate, &opts.config, opts.segment_s, opts.surrogates, opts.seed)?)
    } else {
        None
    };
    let susy = match opts.susy {
        Some((seg, ml)) => Some(susy::susy(&x, &y, rate, seg, ml)?),
        None => None,
    };
    let lag0 = CcfConfig { lag_s: 0.0, r_to_z: false, abs: false, ..opts.config };
    let r0 = ccf::ccf(&x, &y, rate, &lag0)?;
    let concordance = marci_concordance(&r0.matrix);
    let lead_lag = lead_lag(&res, &d.s1.name, &d.s2.name);
    let evidence = evidence(surrogate.as_ref(), opts.modality);
    Ok(ReportData {
        id: d.id.clone(),
        s1_name: d.s1.name.clone(),
        s2_name: d.s2.name.clone(),
        modality: opts.modality,
        start_s: d.s1.start_s,
        ccf: res,
        surrogate,
        susy,
        lead_lag,
        concordance,
        evidence,
        quality_notes: d.quality.notes.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marci() {
        assert!((marci_concordance(&[0.2, 0.2, -0.1]) - (4.0f64).ln()).abs() < 1e-12);
        assert_eq!(marci_concordance(&[0.2]), 10.0);
        assert_eq!(marci_concordance(&[-0.2, f64::NAN]), -10.0);
        assert!(marci_concordance(&[]).is_nan());
    }

    #[test]
    fn sign_test() {
        assert!((binom_two_sided(5, 10) - 1.0).abs() < 1e-12);
        assert!((binom_two_sided(0, 5) - 0.0625).abs() < 1e-12);
        // exact values from integer binomial sums
        assert!((binom_two_sided(40, 100) - 0.05688793364098079).abs() < 1e-12);
        assert!((binom_two_sided(1450, 3001) - 0.06791718465371623).abs() < 1e-11);
        // linear in n: a million windows is instant
        assert!(binom_two_sided(499_000, 1_000_000) < 0.05);
    }
}
