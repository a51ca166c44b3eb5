//! attune-assess: the assessment, a pure function of a [`CodedSession`]. See README.md for every rule,
//! formula and citation.
//!
//! * [`assess`]: misattunement flags (premature fixing, pathologizing, minimizing, cheerleading, subject change,
//!   detached, interrupting, over-talking) each with an example of an attuned alternative; client withdrawal
//!   and confrontation markers (3RS), rupture episodes and their repair; MITI 4.2.1 summary scores; pacing;
//!   language style matching (LSM, rLSM); and the attunement index with its sub-scores.
//! * [`session_index`]: the attunement index alone (for `attune eval`).
//! * [`check_response`]: one response checked against its context (for `attune check`).
//!
//! ```
//! use attune_core::{Role, Session, Turn};
//! use attune_text::Coder;
//! let mut s = Session::new("demo");
//! s.turns.push(Turn::new(Role::Client, "C", "I'm so anxious about my exams, I can't sleep."));
//! s.turns.push(Turn::new(Role::Therapist, "T", "You should make a study plan."));
//! let coded = Coder::bundled().code_session(&s);
//! let a = attune_assess::assess(&coded, &attune_assess::AssessConfig::default());
//! assert_eq!(a.schema, "attune.assessment/1");
//! for f in &a.flags {
//!     println!("turn {}: {} — e.g. {}", f.turn, f.kind, f.alternative.text);
//! }
//! assert!((0.0..=100.0).contains(&a.index.value));
//! ```

mod alternative;
mod assess;
mod check;
mod config;
mod flags;
mod index;
mod markers;
mod style;
mod text;
mod types;
#[cfg(test)]
mod tests;

pub use alternative::alternative;
pub use assess::use_judge_model;
pub use check::{check_response, parse_context};
pub use config::*;
pub use style::{lsm_category, CATEGORIES as LSM_CATEGORIES};
pub use types::*;

use attune_core::CodedSession;

/// Assesses a coded session. Pure: no I/O; the word lists are built once (`LazyLock`).
pub fn assess(coded: &CodedSession, cfg: &AssessConfig) -> Assessment {
    let prep = assess::prepare_judged(coded, cfg);
    // the coder's reading of the register, so that coding and assessment agree
    let chat = attune_text::coder::register_of(&coded.session) == attune_text::Register::Chat;
    let (flags, markers) = assess::flags_and_markers(coded, &prep, cfg, !chat, chat);
    let ruptures = assess::find_ruptures(&prep, &markers, &flags, cfg);
    let scores = assess::miti_scores(&prep, cfg);
    let pacing = assess::pacing(&prep, cfg);
    let style = assess::style(&prep);
    let subs = index::subscores(&prep, &flags, &ruptures, &pacing, &style, chat, cfg);
    let index = index::index(subs);
    let per_turn = assess::per_turn(coded, &prep, &flags, &markers, &style);
    Assessment {
        schema: ASSESSMENT_SCHEMA.into(),
        session_id: coded.session.id.clone(),
        model: coded.model.clone(),
        flags,
        markers,
        ruptures,
        scores,
        pacing,
        style,
        index,
        per_turn,
    }
}

/// The attunement index (0..100) of a session under the default configuration.
pub fn session_index(coded: &CodedSession) -> f64 {
    assess(coded, &AssessConfig::default()).index.value
}
