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

/// Asking for the help itself is no errand ("can you tell me what I'm supposed to say to her?").
const ASKS_HELP: &[&str] = &["what to do", "what i should", "what should i", "how to", "supposed to say", "what to say"];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // (a letter's lines: a salutation or a sign-off on a line of its own, as `small_talk` reads a letter)
    (c.after_miss && c.p.raw.contains('\n') && errand_only(c.n) && c.n.first_of(super::TAKES_UP_STRONG).is_none()).then_some(MarkerSubtype::TopicShift)
}

/// A short turn (70 words or fewer) whose business is a practical question put politely, with no feeling named and no
/// help asked for.
fn errand_only(n: &crate::text::Norm) -> bool {
    n.len() <= 70 && n.first_of(ASKS_ERRAND).is_some() && n.first_of(ASKS_HELP).is_none() && !crate::text::names_emotion(n)
}

#[cfg(test)]
mod tests {
    use crate::tests::marker_after;
    use crate::types::MarkerSubtype;

    const CLIENT: &str = "My husband was sentenced to four years for fraud. I keep being ashamed that I miss him, and I can't tell anyone at work.";
    const CHALLENGE: &str = "I want to gently challenge you on one thing. You keep calling your feelings shameful, but he is the one who chose to take that money. You have nothing to be ashamed of, and you need to stop punishing yourself.";

    #[test]
    fn an_errand_and_a_request_for_help() {
        let errand = |s: &str| super::errand_only(&crate::text::Norm::new(s));
        assert!(errand("Dear Ruth, Could you tell me what I'm allowed to take in on a visit? Helen"));
        assert!(errand("Thank you for your letter. Could you let me know whether the course is still on Thursday evenings?"));
        assert!(!errand("Could you tell me what I'm supposed to say to her?"));
        assert!(!errand("Could you tell me what I'm allowed to take in? I'm frightened of seeing him."));
    }

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
