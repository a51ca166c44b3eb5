//! Right after a miss, the client says they will step away from the help for a while ("I think I'll leave the
//! letters for a while. Things are busy here", "I'm probably going to be a bit quiet on here for a while anyway";
//! sessions fresh70, read once at the thirty-ninth session's end): a polite reason often comes with it, and the
//! door is closed on the listener all the same (3RS: withdrawal by leaving). The phrase lists of [`crate::text::LEAVING`]
//! hold the fixed goodbyes; this reads the general shape: an intention, a pulling away, and a while.
use super::{MarkerCtx, TAKES_UP_STRONG};
use crate::text::{starts_with_phrase, Norm};
use crate::types::MarkerSubtype;

/// The client's own intention, not a past fact ("I've been off work for a while" tells of what happened).
/// ("Mum's going to be away for a while" is someone else's: the "I" is said.)
const INTENDS: &[&str] = &[
    "i'll", "i will", "i'm going to", "im going to", "i am going to", "i'm probably going to", "im probably going to",
    "i'm gonna", "im gonna", "i'm probably gonna", "i might", "i may", "i think i'll", "i'd rather", "i need to",
];

/// Pulling away from the conversation or the place it happens, in so many words.
const AWAY_FROM_HELP: &[&str] = &[
    "leave the letters", "leave the emails", "leave the messages", "leave writing", "quiet on here", "quiet here",
    "stay off here", "stay off the forum", "keep off here", "come off here", "not be on here", "be off here",
];

/// Pulling away in general words: it is from the help only when the while follows at once ("I'll leave it for a
/// while") or the help is named ("take a break from here for a bit").
/// ("I'm going to stop posting on Instagram for a while" names another place: only "here" and the like count.)
const AWAY: &[&str] = &[
    "leave it", "leave this", "leave things", "be quiet", "be a bit quiet", "be a little quiet", "take a break", "have a break",
    "take a step back", "step back", "step away", "pause", "hold off", "give it a rest", "give this a rest", "be away",
    "stop writing", "stop posting", "stop messaging", "stop coming", "not write", "not post", "log off",
];
const THE_HELP: &[&str] = &["here", "forum", "group", "chat", "letters", "writing", "sessions"];

/// For a while: the pulling away has a length, which turns it from a goodbye for tonight into a pause in the help.
const A_WHILE: &[&str] = &["for a while", "for a bit", "for a little while", "for the time being", "for some time", "for now", "for a few weeks", "for a few days"];

/// Whether a sentence says the client will pull away from the help for a while.
fn steps_away(n: &Norm) -> bool {
    if n.first_of(INTENDS).is_none() || n.first_of(A_WHILE).is_none() {
        return false;
    }
    if n.first_of(AWAY_FROM_HELP).is_some() {
        return true;
    }
    if n.first_of(AWAY).is_none() {
        return false;
    }
    let w = &n.words;
    AWAY.iter().any(|a| {
        let len = a.split(' ').count();
        (0..w.len()).filter(|&k| starts_with_phrase(&w[k..], a)).any(|k| {
            let rest = k + len;
            let until = (rest..w.len()).find(|&j| A_WHILE.iter().any(|p| starts_with_phrase(&w[j..], p))).map(|j| j - rest);
            until.is_some_and(|d| d == 0 || (d <= 4 && w[rest..rest + d].iter().any(|x| THE_HELP.contains(&x.as_str()))))
        })
    })
}

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    if !c.after_miss || c.n.first_of(TAKES_UP_STRONG).is_some() {
        return None;
    }
    c.sentences().iter().any(|(_, n)| steps_away(n)).then_some(MarkerSubtype::TopicShift)
}

#[cfg(test)]
mod tests {
    use crate::tests::marker_after;
    use crate::types::MarkerSubtype;

    const CLIENT: &str = "Daddy fell again on Tuesday and I couldn't lift him. I sat on the floor with him for an hour waiting for the ambulance and he cried, and I have never seen him cry.";
    const LIST: &str = "There are a few things I'd urge you to do this week: ring the public health nurse and ask for a home support assessment, ask about respite, and write to your brother with a concrete request.";

    #[test]
    fn a_pause_in_the_help_after_a_miss_is_a_withdrawal() {
        let (flagged, m) = marker_after(CLIENT, LIST, "I think I'll leave the letters for a while. Things are busy here between the physio and everything.");
        assert!(flagged, "the list is flagged");
        assert_eq!(m, Some(MarkerSubtype::TopicShift));
        // a thanks for the list is its own marker, tried first
        assert_eq!(marker_after(CLIENT, LIST, "Thank you for the list. I'll see about the nurse.").1, Some(MarkerSubtype::DeferentialAgreement));
        assert_eq!(marker_after(CLIENT, LIST, "Yeah I've read it. Thanks. I'm probably going to be a bit quiet on here for a while anyway, work is mad.").1, Some(MarkerSubtype::TopicShift));
    }

    #[test]
    fn the_help_must_be_what_is_left() {
        use super::steps_away;
        use crate::text::Norm;
        assert!(steps_away(&Norm::new("I think I'll leave it for a while.")));
        assert!(steps_away(&Norm::new("I might take a break from here for a bit.")));
        assert!(!steps_away(&Norm::new("I'm going to take a break from work for a while.")));
        assert!(steps_away(&Norm::new("I need to take a break from here for a while.")));
        assert!(!steps_away(&Norm::new("I need to take a break from work for a while.")));
        assert!(!steps_away(&Norm::new("Mum's going to be away for a while.")));
        assert!(!steps_away(&Norm::new("I'm going to stop posting on Instagram for a while.")));
        assert!(!steps_away(&Norm::new("I need to step back from this friendship for a while.")));
    }

    #[test]
    fn a_pause_told_of_is_not() {
        let m = marker_after(CLIENT, LIST, "I've been off work for a while now and my brother has been quiet on here too, he never writes to anyone. The nurse came once last year and never again, and the respite place had a waiting list.").1;
        assert_ne!(m, Some(MarkerSubtype::TopicShift));
    }
}
