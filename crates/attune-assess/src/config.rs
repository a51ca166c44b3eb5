//! Configuration of the assessment: MITI thresholds, flag thresholds and index weights.
use crate::types::{Threshold, MITI_SOURCE};
use serde::{Deserialize, Serialize};

/// MITI summary-score thresholds, labelled with the manual version they come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MitiThresholds {
    /// Reflection-to-question ratio: fair 1.0, good 2.0 (MITI 4.2.1).
    pub rq_fair: f64,
    pub rq_good: f64,
    /// % complex reflections: fair 40, good 50 (MITI 4.2.1).
    pub pct_cr_fair: f64,
    pub pct_cr_good: f64,
    /// The manual version the numbers come from.
    pub source: String,
}

impl Default for MitiThresholds {
    fn default() -> Self {
        MitiThresholds { rq_fair: 1.0, rq_good: 2.0, pct_cr_fair: 40.0, pct_cr_good: 50.0, source: MITI_SOURCE.into() }
    }
}

impl MitiThresholds {
    pub fn rq(&self) -> Threshold {
        Threshold { fair: self.rq_fair, good: self.rq_good, source: self.source.clone() }
    }
    pub fn pct_cr(&self) -> Threshold {
        Threshold { fair: self.pct_cr_fair, good: self.pct_cr_good, source: self.source.clone() }
    }
}

/// Weights of the attunement index sub-scores (relative; normalized over the available ones).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexWeights {
    pub reflective_listening: f64,
    pub emotional_responsiveness: f64,
    pub fix_orientation: f64,
    pub pacing: f64,
    pub rupture_repair: f64,
    pub style_matching: f64,
    pub synchrony: f64,
}

impl Default for IndexWeights {
    /// Tuned on the train splits of AnnoMI (high vs low MI quality) and ESConv vs FailedESConv; see README.md.
    fn default() -> Self {
        IndexWeights {
            reflective_listening: 0.05,
            emotional_responsiveness: 0.25,
            fix_orientation: 0.10,
            pacing: 0.15,
            rupture_repair: 0.40,
            style_matching: 0.05,
            synchrony: 0.10,
        }
    }
}

/// Everything the assessment can be tuned with. `AssessConfig::default()` is what `attune` uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessConfig {
    pub miti: MitiThresholds,
    /// Client emotional intensity (0..1) at or above which fixing is premature (DESIGN § premature fixing).
    pub intensity_threshold: f32,
    /// How many earlier therapist turns are searched for a reflection/validation of the emotion.
    pub lookback: usize,
    /// Minimum run of emotional client turns met only by facts or closed questions for `detached`.
    pub detached_run: usize,
    /// Therapist share of talk time above which long turns are `over_talking`.
    pub talk_share_high: f64,
    /// A therapist turn at least this long (seconds) can be `over_talking`.
    pub long_turn_s: f64,
    /// Minimum overlap (seconds) counted as an interruption.
    pub overlap_min_s: f64,
    /// Therapist turns after a rupture's start searched for a repair.
    pub repair_window: usize,
    /// Physiological/movement synchrony on 0..1 when signals exist (from attune-signal); None otherwise.
    pub synchrony: Option<f64>,
    pub weights: IndexWeights,
    /// Judge each therapist turn with the learned model (attune-judge); its calibrated threshold gates flags.
    #[serde(default = "yes")]
    pub learned_judge: bool,
    /// A phrase rule's flag is kept only when the learned judgement is within this margin below the judge's
    /// flag threshold: the rule then explains a judgement, it does not override it.
    #[serde(default = "rule_margin")]
    pub rule_margin: f32,
}

fn yes() -> bool {
    true
}

/// 0: a rule's flag stands only where the judge flags the turn. At 0.1 (the default until 2026-12-02) the rules
/// kept one more misattuned dev vignette per tier and flagged one more attuned one fast, three more accurate
/// (0.044 -> 0.037 and 0.074 -> 0.044 at 0), and 0.7 / 0.9 points more of the turns of good sessions.
fn rule_margin() -> f32 {
    0.0
}

impl Default for AssessConfig {
    fn default() -> Self {
        AssessConfig {
            miti: MitiThresholds::default(),
            intensity_threshold: 0.4,
            lookback: 2,
            detached_run: 3,
            talk_share_high: 0.6,
            long_turn_s: 45.0,
            overlap_min_s: 0.3,
            repair_window: 3,
            synchrony: None,
            weights: IndexWeights::default(),
            learned_judge: true,
            rule_margin: rule_margin(),
        }
    }
}
