//! The client pushed back or turned the listener down, the listener missed again, and the client goes quiet: a
//! rupture carried on, however short the reply ("ok. yeah. thanks" after a second minimizing turn). After a bare
//! back-channel it is not ("Yeah." — flagged turn — "Yeah." is how speech goes). Bare facts handed over for a list of
//! questions carry the rupture on as well.
use super::{is_minimal, is_minimal_word, MarkerCtx, TAKES_UP_STRONG};
use crate::types::MarkerSubtype;
use attune_core::ClientAct;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    let n = c.n;
    (c.after_miss
        && c.after_marker
        && ((n.len() <= 6
            && (c.p.affect.rupture_act() == ClientAct::Withdrawing
                || is_minimal(n)
                || n.words.iter().all(|w| is_minimal_word(w) || matches!(w.as_str(), "thanks" | "thank" | "you" | "thx" | "ty"))))
            || bare_answers(c))
        && n.first_of(TAKES_UP_STRONG).is_none())
    .then_some(MarkerSubtype::MinimalResponse)
}

/// A battery of fact questions answered with bare facts and nothing of the client's own ("Police report filed on
/// the 3rd. Roughly £180k over four years. It's a limited company." after pushing back, then being asked for the
/// paperwork; fresh30, read once in the twenty-fourth session): the client complies and keeps the rest back.
fn bare_answers(c: &MarkerCtx) -> bool {
    c.th.text.matches('?').count() >= 2
        && !c.p.text.contains('?')
        && c.n.len() <= 20
        && c.sentences().len() >= 2
        && c.sentences().iter().all(|(_, n)| n.len() <= 8)
        && c.p.affect.distress < 0.5
        && !c.n.words.iter().any(|w| crate::assess::FEELING_WORDS.contains(&w.as_str()) || matches!(w.as_str(), "but" | "i" | "me" | "my"))
}
