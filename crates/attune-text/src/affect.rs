//! Client affect from a lexicon (placeholder until the VADER-based analyzer lands).
use attune_core::Affect;

/// Affect of one client utterance.
pub fn affect(_text: &str) -> Affect {
    Affect::neutral()
}
