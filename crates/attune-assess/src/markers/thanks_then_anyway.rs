//! "haha ok thanks 🙂 anyway did u see theres meant to be a massive storm tmrw lol": a thank-you that turns away.
//! In speech the same turn opens on a noncommittal back-channel ("Mm. Yeah. I suppose. Anyway, er, the social
//! worker rang about the day centre", fresh11, studied after its one read).
use super::MarkerCtx;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    let n = c.n;
    (n.len() <= 25
        && n.words.iter().take(4).any(|w| matches!(w.as_str(), "ok" | "okay" | "thanks" | "thank" | "cool" | "haha" | "lol" | "suppose" | "guess"))
        && n.words.iter().position(|w| matches!(w.as_str(), "anyway" | "anyways")).is_some_and(|k| k >= 1 && n.len() >= k + 4))
    .then_some(MarkerSubtype::TopicShift)
}
