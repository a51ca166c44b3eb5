//! The client pushed back or turned the listener down, the listener missed again, and the client goes quiet: a
//! rupture carried on, however short the reply ("ok. yeah. thanks" after a second minimizing turn). After a bare
//! back-channel it is not ("Yeah." — flagged turn — "Yeah." is how speech goes).
use super::{is_minimal, is_minimal_word, MarkerCtx, TAKES_UP_STRONG};
use crate::types::MarkerSubtype;
use attune_core::ClientAct;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    let n = c.n;
    (c.after_miss
        && c.after_marker
        && n.len() <= 6
        && (c.p.affect.rupture_act() == ClientAct::Withdrawing
            || is_minimal(n)
            || n.words.iter().all(|w| is_minimal_word(w) || matches!(w.as_str(), "thanks" | "thank" | "you" | "thx" | "ty")))
        && n.first_of(TAKES_UP_STRONG).is_none())
    .then_some(MarkerSubtype::MinimalResponse)
}
