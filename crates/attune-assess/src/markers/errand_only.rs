//! A short letter after a miss that only asks a practical question ("Dear Ruth, Could you tell me what I'm allowed to
//! take in on a visit? The prison website mentions ID and a locker but not much more…" after a letter that challenged a
//! prisoner's wife for calling her feelings shameful; "Dear Pastor Neil, Thank you for your letter. Could you let me know
//! whether the church is running the marriage course again this autumn…"; sessions fresh82 and studied, read at the
//! forty-eighth session's start): the writer answers only the practical part and leaves the rest. Every client turn of
//! attune's own sessions that does so after a flagged turn is a labelled withdrawal (3).
use super::MarkerCtx;
use crate::types::MarkerSubtype;

/// A practical question put politely, the turn's business.
const ASKS_ERRAND: &[&str] = &[
    "could you let me know", "can you let me know", "would you let me know", "could you tell me whether", "can you tell me whether",
    "could you tell me what", "can you tell me what", "could you tell me if", "can you tell me if", "could you confirm",
    "can you confirm", "could you please let me know", "could you please tell me",
];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    (c.after_miss
        && c.n.len() <= 70
        && c.n.first_of(ASKS_ERRAND).is_some()
        && !crate::text::names_emotion(c.n)
        && c.n.first_of(super::TAKES_UP_STRONG).is_none())
    .then_some(MarkerSubtype::TopicShift)
}

#[cfg(test)]
mod tests {
    use crate::tests::marker_after;
    use crate::types::MarkerSubtype;

    const CLIENT: &str = "My husband was sentenced to four years for fraud. I keep being ashamed that I miss him, and I can't tell anyone at work.";
    const CHALLENGE: &str = "I want to gently challenge you on one thing. You keep calling your feelings shameful, but he is the one who chose to take that money. You have nothing to be ashamed of, and you need to stop punishing yourself.";

    #[test]
    fn a_letter_that_only_asks_a_practical_question_after_a_miss() {
        let reply = "Dear Ruth, Could you tell me what I'm allowed to take in on a visit? The prison website mentions ID and a locker but not much more. Helen";
        let (flagged, m) = marker_after(CLIENT, CHALLENGE, reply);
        assert!(flagged, "the challenge is flagged");
        // (the client model may name it first, as pushing back: a rupture either way)
        assert!(m.is_some(), "{m:?}");
    }

    #[test]
    fn the_same_question_with_the_feeling_in_it_is_not() {
        let reply = "Dear Ruth, Could you tell me what I'm allowed to take in on a visit? I'm frightened of seeing him and ashamed that I want to. Helen";
        assert_ne!(marker_after(CLIENT, CHALLENGE, reply).1, Some(MarkerSubtype::TopicShift));
    }
}
