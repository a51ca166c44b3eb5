//! After the listener spoke to feelings, a long turn about people in general with no "I" in it: the client moves
//! from their own experience to abstractions (3RS's abstract communication).
use super::MarkerCtx;
use crate::assess::FEELING_WORDS;
use crate::text;
use crate::types::MarkerSubtype;

/// The client announcing that they are thinking about it from outside ("I have been thinking about the situation more
/// analytically, which helps. From a systems perspective the failure was predictable…"; "statistically guilds lose like
/// a third of their members every year"; fresh22 and fresh21, studied): intellectualising, said in so many words.
const DETACHING: &[&str] = &[
    "analytically", "more rationally", "rationally speaking", "logically speaking", "objectively speaking", "statistically",
    "from a systems perspective", "from a practical perspective", "from a logical perspective", "in safety terms",
    "in theory", "on paper", "intellectually",
];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    let n = c.n;
    let spoke_to_feelings = c.th.attuning || c.th.norm.words.iter().any(|w| FEELING_WORDS.contains(&w.as_str()));
    if spoke_to_feelings && n.len() >= 15 && n.first_of(DETACHING).is_some() {
        return Some(MarkerSubtype::AbstractTalk);
    }
    (n.len() >= 15
        && !n.words.iter().any(|w| text::FIRST_PERSON.contains(&w.as_str()))
        && n.words.iter().filter(|w| matches!(w.as_str(), "people" | "everyone" | "everybody" | "anyone" | "one" | "society" | "generally")).count() >= 2
        && (c.th.attuning || c.th.norm.words.iter().any(|w| FEELING_WORDS.contains(&w.as_str()))))
    .then_some(MarkerSubtype::AbstractTalk)
}
