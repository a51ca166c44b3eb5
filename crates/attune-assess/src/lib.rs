//! attune-assess: the assessment, a pure function of a [`CodedSession`]. See README.md.
//!
//! * [`assess`]: flags (premature fixing, minimizing, cheerleading, ...), client rupture markers (3RS),
//!   ruptures and repairs, MITI 4.2.1 summary scores, pacing, language style matching and the attunement index.
//! * [`session_index`]: the attunement index alone (for `attune eval`).
//! * [`check_response`]: one response checked against its context (for `attune check`).

mod config;
mod types;

pub use config::*;
pub use types::*;

use attune_core::CodedSession;

/// Assesses a coded session. Pure: no I/O, no global state beyond immutable word lists.
pub fn assess(coded: &CodedSession, cfg: &AssessConfig) -> Assessment {
    let _ = cfg;
    Assessment {
        schema: ASSESSMENT_SCHEMA.into(),
        session_id: coded.session.id.clone(),
        model: coded.model.clone(),
        flags: vec![],
        markers: vec![],
        ruptures: vec![],
        scores: todo!(),
        pacing: todo!(),
        style: todo!(),
        index: todo!(),
        per_turn: vec![],
    }
}

/// The attunement index (0..100) of a session under the default configuration.
pub fn session_index(coded: &CodedSession) -> f64 {
    assess(coded, &AssessConfig::default()).index.value
}
