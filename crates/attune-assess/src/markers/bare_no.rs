//! A bare "No." as the reply's first sentence, then more, answering a statement: the client rejects what the
//! listener said ("No. You've got it the wrong way round. It isn't a gift." after a reframe; fresh13, studied).
//! Only after a miss: after a question "No." is an answer, and real transcripts drop the question mark often
//! enough ("No. No, I don't. I see them once a fortnight.", AnnoMI train); a turn that goes on to agree ("No,
//! no. It is an individual but you're right.", AnnoMI dev) is a correction taken in good part.
use super::MarkerCtx;
use crate::text::Norm;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    (!c.th_question
        && c.after_miss
        && opens_with_bare_no(c.p.text)
        && c.n.first_of(&["you're right", "you are right", "youre right", "ur right", "that's right", "exactly", "true"]).is_none()
        && !c.takes_up)
    .then_some(MarkerSubtype::PushingBack)
}

/// The text's first sentence is a bare "No." (or "Nah.", "No, no.") and more follows.
fn opens_with_bare_no(text: &str) -> bool {
    let sents = attune_text::tokens::sentences(text);
    sents.len() >= 2 && {
        let first = Norm::new(sents[0]);
        !first.words.is_empty() && first.words.iter().all(|w| matches!(w.as_str(), "no" | "nah" | "nope"))
    }
}
