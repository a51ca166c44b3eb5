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
    (quiet || bare_try(c)).then_some(MarkerSubtype::MinimalResponse)
}

/// "Ok. Thank you. I will try." to a flagged list of steps, from a client who had been writing at length (a father
/// whose son had just come out, to a chatbot's five headed steps; sessions fresh71, read once at the fortieth
/// session's end): a promise to try with nothing named to try is going along, not taking up ("I'll try the app
/// tonight" names it). Only minimal words and thanks around it.
fn bare_try(c: &MarkerCtx) -> bool {
    const TRY: &[&[&str]] = &[&["i", "will", "try"], &["i'll", "try"], &["ill", "try"], &["will", "try"], &["i", "can", "try"]];
    const THANKS: &[&str] = &["thanks", "thank", "you", "thx", "ty", "cheers"];
    if !(c.after_miss && c.th_fixing) || c.n.len() > 10 || !mean_recent_client_words(c.prep, c.i).is_some_and(|m| m >= 15.0) {
        return false;
    }
    let sents = c.sentences();
    let bare = |n: &crate::text::Norm| TRY.iter().any(|t| n.words.iter().map(String::as_str).eq(t.iter().copied()));
    let filler = |n: &crate::text::Norm| n.words.iter().all(|w| super::is_minimal_word(w) || THANKS.contains(&w.as_str()));
    sents.last().is_some_and(|(_, n)| bare(n)) && sents.iter().rev().skip(1).all(|(_, n)| filler(n))
}
