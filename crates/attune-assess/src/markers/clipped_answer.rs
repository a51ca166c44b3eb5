//! The listener's question took the conversation somewhere else (a flagged change of subject or a detached run of
//! questions) and the client, who had been telling at length, answers it in a few words and no more ("idk. like
//! 10ish. it was my own cup" to a list of questions about times and drinks; "She is ok. My sister-in-law is staying
//! with her this week." to a question about the husband's mother; sessions fresh70, read once at the thirty-ninth
//! session's end): the client goes along with the question and withholds the rest (3RS: minimal response). Over the
//! studied sessions, 35 of 36 replies of this shape after such a flag were labelled ruptures, 5 of them found by no
//! other rule. Real help-seekers answer questions briefly as a matter of course: without the long telling before it
//! (`MIN_TELLING`) and with an answer that takes the question up ("It might be, that's a good idea."), the rule marked
//! 13 more client turns of the good dev sessions (ESConv, AnnoMI), 2 with them.
use super::{mean_recent_client_words, MarkerCtx, TAKES_UP_STRONG};
use crate::types::{FlagKind, MarkerSubtype};

/// At most this many words, and at most this share of the client's recent turns.
const MAX_WORDS: usize = 15;
const MAX_SHARE: f64 = 0.5;
/// The client's recent turns were at least this long on average (words): the few words are a drop.
const MIN_TELLING: f64 = 25.0;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    let elsewhere = c.flags.iter().any(|f| f.turn == c.tp && matches!(f.kind, FlagKind::SubjectChange | FlagKind::Detached));
    (elsewhere
        && c.th.text.contains('?')
        && c.p.words <= MAX_WORDS
        && c.n.first_of(TAKES_UP_STRONG).is_none()
        && mean_recent_client_words(c.prep, c.i).is_some_and(|m| m >= MIN_TELLING && c.p.words as f64 <= MAX_SHARE * m))
    .then_some(MarkerSubtype::MinimalResponse)
}

#[cfg(test)]
mod tests {
    use crate::tests::assess_bundled;
    use attune_core::Role;

    #[test]
    fn a_few_words_to_a_question_that_went_elsewhere_is_a_withdrawal() {
        let client = "I keep going over the kitchen bit, trying to find the gap. One minute I was with my flatmates and the next I woke up on someone's bathroom floor and I can't stop shaking whenever I think about it.";
        let a = assess_bundled(&[
            (Role::Client, client),
            (Role::Therapist, "That sounds frightening."),
            (Role::Client, "It is. I keep thinking if I can just remember the next five minutes I'd know what happened, and then I'd know whether it was my fault or not."),
            (Role::Therapist, "Anyway, how is your coursework going this term? Have you handed in your dissertation plan yet?"),
            (Role::Client, "Next Friday, I think."),
        ]);
        assert!(a.flags.iter().any(|f| f.turn == 3), "the change of subject is flagged: {:?}", a.flags);
        assert!(a.markers.iter().any(|m| m.turn == 4), "{:?}", a.markers);
    }
}
