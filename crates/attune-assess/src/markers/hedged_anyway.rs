//! Only back-channels and hedges, then "anyway" and something else ("Mm. Aye. Maybe. (pause) Anyway, the wife's
//! getting her hip done next month"; fresh13, studied): the thread is dropped without a word against it.
use super::{is_minimal_word, MarkerCtx};
use crate::types::MarkerSubtype;

/// Hedges that may stand before a client's "anyway" besides back-channels ("Mm. Aye. Maybe. Anyway, …").
const HEDGES: &[&str] = &[
    "aye", "hm", "mmm", "er", "erm", "maybe", "perhaps", "suppose", "guess", "i", "dunno", "idk", "well", "ok", "okay", "k", "thanks", "thank", "you", "ty",
    "thx", "cool", "haha", "lol", "pause", "sighs", "whatever", "fair", "enough",
];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    let n = c.n;
    n.words
        .iter()
        .position(|w| matches!(w.as_str(), "anyway" | "anyways"))
        .is_some_and(|k| k >= 1 && n.len() >= k + 4 && n.words[..k].iter().all(|w| is_minimal_word(w) || HEDGES.contains(&w.as_str())))
        .then_some(MarkerSubtype::TopicShift)
}
