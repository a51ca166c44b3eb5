//! After the listener spoke to feelings, a long turn about people in general with no "I" in it: the client moves
//! from their own experience to abstractions (3RS's abstract communication).
use super::MarkerCtx;
use crate::assess::FEELING_WORDS;
use crate::text;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    let n = c.n;
    (n.len() >= 15
        && !n.words.iter().any(|w| text::FIRST_PERSON.contains(&w.as_str()))
        && n.words.iter().filter(|w| matches!(w.as_str(), "people" | "everyone" | "everybody" | "anyone" | "one" | "society" | "generally")).count() >= 2
        && (c.th.attuning || c.th.norm.words.iter().any(|w| FEELING_WORDS.contains(&w.as_str()))))
    .then_some(MarkerSubtype::AbstractTalk)
}
