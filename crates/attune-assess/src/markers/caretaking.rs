//! After the listener's own distress or story takes the floor, the client looks after the listener ("Oh — no, I'm
//! sorry, I didn't know. Are you okay? We don't have to, we can talk about something else, honestly."; sessions
//! fresh70, read once at the thirty-ninth session's end): the roles have turned and the client's own matter is put
//! down to spare the listener (3RS: a deferential, appeasing withdrawal). Only after a flagged turn: a client asking
//! "are you ok?" of a listener who was not off course is being kind, not leaving.
use super::MarkerCtx;
use crate::types::MarkerSubtype;

/// The client asks after the listener, or offers to drop their own matter for the listener's sake.
const CARES_FOR_LISTENER: &[&str] = &[
    "are you okay", "are you ok", "are you alright", "are you all right", "r u ok", "r u okay", "are u ok", "are u okay",
    "you okay", "you ok", "u ok", "are you sure you're okay", "are you sure you're ok",
    // (not "can we talk about something else?": asking to move on is `topic_shift`'s)
    "we don't have to", "we dont have to", "we can talk about something else", "i didn't mean to upset you", "i didnt mean to upset you", "didn't mean to upset you",
    // the listener's apology waved off and their feelings tended ("No, you're alright, you're alright. Sorry, I shouldn't
    // have gone into that much detail."; "Ach, hen, you're all right. Don't you be apologising."; sessions studied)
    "you're alright", "you're all right", "youre alright", "don't you be apologising", "don't be apologising",
    "no need to apologise", "no need to apologize", "don't apologise", "don't apologize", "dont apologise", "dont apologize",
    "i shouldn't have gone into", "i shouldn't have said all that",
    // the listener's time set above the client's matter ("Ha. Yes. Well, I'm sure you've better things to do than listen
    // to an old man go on at this time of night." after a companion app's story of its own; sessions fresh81, studied
    // from the forty-sixth session's start)
    "better things to do than listen", "you've better things to do", "you have better things to do", "you've got better things to do",
    // the listener comforted ("Oh, sweetheart. [pause] Don't you get upset. [pause] Your poor mum. [pause] You go and get
    // yourself a cup of tea if you need to" from a dying woman to a hospice counsellor who told of her own mother's death;
    // sessions fresh93, studied from the forty-eighth session's start)
    // (not "don't get upset" alone, as often what someone else said: "Mum kept saying don't get upset")
    "don't you get upset", "go and get yourself a cup of tea",
];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    (c.after_miss && c.n.first_of(CARES_FOR_LISTENER).is_some()).then_some(MarkerSubtype::DeferentialAgreement)
}

#[cfg(test)]
mod tests {
    use crate::tests::marker_after;
    use crate::types::MarkerSubtype;

    const CLIENT: &str = "She rang triage on the Tuesday with less movement and somebody told her to have a cold drink and lie on her left side. By Thursday there was no heartbeat.";
    const OWN: &str = "God. Sorry, I'm finding that really hard to hear, actually. My sister lost her little boy at thirty-seven weeks. I remember sitting with her in that hospital, and I still think about it every single day. I was a mess for months after it.";

    #[test]
    fn looking_after_the_listener_after_their_own_story_is_a_withdrawal() {
        let (flagged, m) = marker_after(CLIENT, OWN, "Oh, no, I'm sorry, I didn't know. Are you okay? We don't have to, we can talk about something else, honestly.");
        assert!(flagged, "the listener's own story is flagged");
        assert_eq!(m, Some(MarkerSubtype::DeferentialAgreement));
    }

    #[test]
    fn asking_after_a_listener_who_was_with_the_client_is_not() {
        let met = "No heartbeat, after she had rung and been sent away. And you were the one in the room with her.";
        assert_eq!(marker_after(CLIENT, met, "Yes. You look tired, are you okay? I keep hearing myself say it to her.").1, None);
    }
}
