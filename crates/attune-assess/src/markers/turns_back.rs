//! Right after a flagged turn, a short reply that turns back on it with a negation or a negative tone ("That's
//! really not what I needed to hear.", "it doesn't help") rejects it whatever its words: the phrase lists hold only
//! the commonest phrasings, and the ones they missed in our dev sessions were all of this shape.
use super::MarkerCtx;
use crate::text::Norm;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    (c.after_miss && c.n.len() <= 25 && turns_back(c.n) && (negated(c.n) || c.p.affect.valence <= -0.3)).then_some(MarkerSubtype::PushingBack)
}

/// The reply points back at what the listener said: it opens on "that", "it", "you", "no", "wow"..., or speaks to
/// the listener.
fn turns_back(n: &Norm) -> bool {
    const OPENERS: &[&str] = &[
        "that", "that's", "thats", "this", "it", "it's", "its", "you", "you're", "youre", "your", "no", "nah", "wow", "seriously",
        "um", "well", "yeah", "ok", "okay", "sure", "right", "great", "thanks",
    ];
    n.words.first().is_some_and(|w| OPENERS.contains(&w.as_str())) || n.words.iter().any(|w| matches!(w.as_str(), "you" | "your" | "you're" | "youre"))
}

/// A negation anywhere in the reply.
fn negated(n: &Norm) -> bool {
    n.words.iter().any(|w| matches!(w.as_str(), "not" | "no" | "never" | "nothing" | "nah") || w.ends_with("n't") || matches!(w.as_str(), "dont" | "doesnt" | "didnt" | "isnt" | "wont" | "cant"))
}
