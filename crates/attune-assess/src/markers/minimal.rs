//! A bare "okay" right after a flagged turn is the client going quiet on it, however short that turn was ("That
//! sounds like textbook self-medication." — "Okay."). In writing there are no back-channels: a bare "ok" to a real
//! message is a minimal response. In speech it must follow a long or flagged turn from a client who had been
//! saying more.
use super::{is_minimal, mean_recent_client_words, MarkerCtx};
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    let n = c.n;
    // a bare "great. thanks 👍" to a cheer over a worry (fresh21, studied) from a client who had been writing at length
    let bare_thanks = || {
        c.after_miss
            && n.words.iter().all(|w| super::is_minimal_word(w) || matches!(w.as_str(), "great" | "thanks" | "thank" | "you" | "thx" | "ty" | "cheers" | "cool"))
            && mean_recent_client_words(c.prep, c.i).is_some_and(|m| m >= 15.0)
    };
    let quiet = if c.chat {
        n.len() <= 3 && (c.th.words >= 8 || c.after_miss) && (is_minimal(n) || bare_thanks())
    } else {
        n.len() <= 6 && (c.th.words >= 15 || c.after_miss) && is_minimal(n) && mean_recent_client_words(c.prep, c.i).is_some_and(|m| m >= 8.0)
    };
    quiet.then_some(MarkerSubtype::MinimalResponse)
}
