//! The listener told their own story and the client hands it back and moves on ("Glad it worked out for you.
//! Quick practical one while I'm here —", "cool, glad it worked out for you. I should probably go"; "I'm very glad
//! your microphone story had a happy ending. Mine might go a bit differently.", fresh12; "… Glad it worked out for
//! your uncle, any road.", fresh14; both studied): the same hand-back at the turn's end.
use super::MarkerCtx;
use crate::types::{FlagKind, MarkerSubtype};

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    let n = c.n;
    let after_self_focus = c.flags.iter().any(|f| f.turn == c.tp && f.kind == FlagKind::SelfFocus);
    (after_self_focus
        && ((n.words.iter().take(4).any(|w| matches!(w.as_str(), "glad" | "good" | "nice" | "cool" | "great")) && (n.has("for you") || n.has("glad your") || n.has("mine")))
            || n.first_of(&["glad it worked out", "glad that worked out", "glad it went well for", "good for your"]).is_some()))
    .then_some(MarkerSubtype::TopicShift)
}
