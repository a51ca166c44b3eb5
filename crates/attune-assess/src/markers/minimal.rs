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
            && n.words.iter().all(|w| super::is_minimal_word(w) || THANKS.contains(&w.as_str()) || matches!(w.as_str(), "great" | "cool"))
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
    const TRY: &[&str] = &["i will try", "i'll try", "ill try", "will try", "i can try"];
    if !(c.after_miss && c.th_fixing) || c.n.len() > 10 || !mean_recent_client_words(c.prep, c.i).is_some_and(|m| m >= 15.0) {
        return false;
    }
    // one promise to try, the rest minimal words and thanks, in any order and with or without full stops ("ok thanks i
    // will try", "I'll try. Thanks."); "try" followed by what to try is not bare
    let w = &c.n.words;
    let filler = |x: &String| super::is_minimal_word(x) || THANKS.contains(&x.as_str());
    (0..w.len()).any(|k| {
        TRY.iter().any(|t| {
            let len = t.split(' ').count();
            crate::text::starts_with_phrase(&w[k..], t) && w[..k].iter().all(filler) && w[k + len..].iter().all(filler)
        })
    })
}

/// Thanks that make up a bare reply with minimal words ("great. thanks 👍", "Ok. Thank you. I will try.").
const THANKS: &[&str] = &["thanks", "thank", "you", "thx", "ty", "cheers"];

#[cfg(test)]
mod tests {
    use crate::tests::marker_after;
    use crate::types::MarkerSubtype;

    const CLIENT: &str = "My son of 19 told me on the phone yesterday that he is gay. I did not react well. I said some things. Now he is not picking up my calls and my wife is not talking to me either. I have not slept. How do I talk to him";
    const LIST: &str = "It's great that you want to reconnect with your son. Here are some steps that can help:\n\n1. Acknowledge your reaction. Own how you responded.\n2. Give him space. A short text may feel less pressured.\n3. Listen more than you speak.\n4. Learn more. Organisations such as FFLAG offer support.\n5. Be patient.";

    #[test]
    fn a_bare_promise_to_try_after_a_flagged_list_is_going_quiet() {
        let (flagged, m) = marker_after(CLIENT, LIST, "Ok. Thank you. I will try.");
        assert!(flagged, "the list is flagged");
        assert_eq!(m, Some(MarkerSubtype::MinimalResponse));
        // with or without full stops, the thanks before or after
        assert_eq!(marker_after(CLIENT, LIST, "ok thanks i will try").1, Some(MarkerSubtype::MinimalResponse));
        assert_eq!(marker_after(CLIENT, LIST, "I'll try. Thanks.").1, Some(MarkerSubtype::MinimalResponse));
        // what to try named takes it up
        assert_ne!(marker_after(CLIENT, LIST, "Ok. Thank you. I will try the text tonight.").1, Some(MarkerSubtype::MinimalResponse));
    }
}
