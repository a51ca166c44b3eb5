//! Right after a miss, the client says they will step away from the help for a while ("I think I'll leave the
//! letters for a while. Things are busy here", "I'm probably going to be a bit quiet on here for a while anyway";
//! sessions fresh70, read once at the thirty-ninth session's end): a polite reason often comes with it, and the
//! door is closed on the listener all the same (3RS: withdrawal by leaving). The phrase lists of [`crate::text::LEAVING`]
//! hold the fixed goodbyes; this reads the general shape: an intention, a pulling away, and a while.
use super::{MarkerCtx, TAKES_UP_STRONG};
use crate::text::Norm;
use crate::types::MarkerSubtype;

/// The client's own intention, not a past fact ("I've been off work for a while" tells of what happened).
const INTENDS: &[&str] = &[
    "i'll", "ill", "i will", "i'm going to", "im going to", "i am going to", "going to", "gonna", "i might", "i may",
    "i think i'll", "i'd rather", "i want to", "i need to",
];

/// Pulling away from the conversation or the place it happens.
const AWAY: &[&str] = &[
    "leave the letters", "leave the emails", "leave the messages", "leave writing", "leave it", "leave this", "leave things",
    "be quiet", "be a bit quiet", "be a little quiet", "quiet on here", "quiet here", "stay off", "keep off", "come off",
    "log off", "stop writing", "stop posting", "stop messaging", "stop coming", "not write", "not post", "take a break",
    "have a break", "take a step back", "step back", "step away", "pause", "hold off", "give it a rest", "give this a rest",
    "not be on here", "be off here", "be away",
];

/// For a while: the pulling away has a length, which turns it from a goodbye for tonight into a pause in the help.
const A_WHILE: &[&str] = &["for a while", "for a bit", "for a little while", "for the time being", "for some time", "for now", "for a few weeks", "for a few days"];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    if !c.after_miss || c.n.first_of(TAKES_UP_STRONG).is_some() {
        return None;
    }
    let away = |n: &Norm| n.first_of(INTENDS).is_some() && n.first_of(AWAY).is_some() && n.first_of(A_WHILE).is_some();
    c.sentences().iter().any(|(_, n)| away(n)).then_some(MarkerSubtype::TopicShift)
}

#[cfg(test)]
mod tests {
    use crate::tests::marker_after;
    use crate::types::MarkerSubtype;

    const CLIENT: &str = "Daddy fell again on Tuesday and I couldn't lift him. I sat on the floor with him for an hour waiting for the ambulance and he cried, and I have never seen him cry.";
    const LIST: &str = "There are a few things I'd urge you to do this week: ring the public health nurse and ask for a home support assessment, ask about respite, and write to your brother with a concrete request.";

    #[test]
    fn a_pause_in_the_help_after_a_miss_is_a_withdrawal() {
        let (flagged, m) = marker_after(CLIENT, LIST, "Thank you for the list. I'll see about the nurse. I think I'll leave the letters for a while. Things are busy here between the physio and everything.");
        assert!(flagged, "the list is flagged");
        assert_eq!(m, Some(MarkerSubtype::TopicShift));
        assert_eq!(marker_after(CLIENT, LIST, "Yeah I've read it. Thanks. I'm probably going to be a bit quiet on here for a while anyway, work is mad.").1, Some(MarkerSubtype::TopicShift));
    }

    #[test]
    fn a_pause_told_of_is_not() {
        let m = marker_after(CLIENT, LIST, "I've been off work for a while now and my brother has been quiet on here too, he never writes to anyone. The nurse came once last year and never again, and the respite place had a waiting list.").1;
        assert_ne!(m, Some(MarkerSubtype::TopicShift));
    }
}
