//! Subject change, the client's own: the client tells of something that hurt, then turns to a task with an "anyway"
//! ("…I'm home now and just feel drained. Anyway, can you help me with an Excel formula?"), and the reply goes to the
//! task with not a word for what came first (vignettes-fresh29, read once in the twenty-fourth session). Helping is
//! right; passing over the disclosure in silence leaves it unmet. A line that takes it up first is enough.

use super::{FlagDraft, TurnCtx};
use crate::assess::FEELING_WORDS;
use crate::text::{self, content_stems, Norm};
use crate::types::{FlagKind, Severity};
use attune_core::Role;

/// How a client turns from what they told to something else.
const PIVOTS: &[&str] = &[
    "anyway", "anyways", "anyhow", "but anyway", "on another note", "on a different note", "unrelated", "random question",
    "moving on", "changing the subject", "different topic", "totally different", "completely different", "separate question",
];

/// Words by which a client asks for help with a task.
const REQUESTS: &[&str] = &[
    "help", "can you", "could you", "would you", "can u", "could u", "how do i", "how can i", "how to", "how would i",
    "question", "need to", "i need", "what's the best", "whats the best", "what is the best", "recommend", "explain",
    "write", "fix", "check",
];

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    let (p, prep) = (c.p, c.prep);
    // an earlier rule's draft the judge may yet drop (a fix read as premature) does not stand in for this one
    if super::stands(earlier) || c.t == 0 || prep[c.t - 1].role != Role::Client {
        return None;
    }
    // the request read with the disclosure lowers what the client model sees in the turn (hardship 0.46 for a notice to
    // quit told before "Anyway, could you help me write a cover letter?"), so a hardship from 0.4 counts
    let hard = (c.distress && c.aff.intensity >= 0.3) || c.aff.distress >= 0.5 || c.aff.hardship >= 0.4;
    if !hard {
        return None;
    }
    let client = &prep[c.t - 1];
    // most client turns hold no pivot at all: nothing to split then
    if client.norm.first_of(PIVOTS).is_none() {
        return None;
    }
    let sents = attune_text::tokens::sentences(client.text);
    // the pivot opens a later sentence, after at least a dozen words told
    let at = (1..sents.len()).find(|&k| text::words_start_with_any(&Norm::new(sents[k]).words, PIVOTS))?;
    // and asks for help with something ("…can you help me with", "quick question"): a question about the listener's
    // week after "got let go friday. 22 yrs. anyway hows ur week been" is answered by talking of oneself, which the
    // judge names
    let asks = Norm::new(&sents[at..].join(" "));
    if asks.first_of(REQUESTS).is_none() {
        return None;
    }
    let told = Norm::new(&sents[..at].join(" "));
    if told.len() < 12 {
        return None;
    }
    let told_stems = content_stems(&told);
    // a validation or a reflection in so many words meets it; a sentence that only does something "for you" ("Once I
    // have those details, I can write the formula for you.") does not, nor one the coder reads as a reflection that
    // names none of what was told ("To write a strong cover letter, tell me:")
    let unmet = !p.sents.iter().any(|(s, n, code)| meets_what_was_told(s, n, *code, &told_stems))
        && !p.norm.words.iter().any(|w| FEELING_WORDS.contains(&w.as_str()) || matches!(w.as_str(), "sorry" | "sry" | "ugh" | "oof"))
        // two of its words at least: one may meet by chance ("column names" after "my old name")
        && p.stems.iter().filter(|s| told_stems.contains(s)).count() < 2;
    unmet.then(|| FlagDraft {
        kind: FlagKind::SubjectChange,
        turn: c.t,
        quote: p.sents.first().map(|(s, _, _)| s.trim().to_string()).unwrap_or_else(|| p.text.trim().to_string()),
        explanation: "Goes straight to the task the client turned to and passes over what they told first; a line that takes that up before helping lets them know it was heard.".to_string(),
        severity: Severity::Low,
        extra_turns: vec![],
        firm: true,
    })
}

/// A sentence that takes up what the client told: a reflection naming some of it (`told_stems`), a validation, or a
/// reflecting cue that is not a question (a bare "for you" does not count: "Once I have those details, I can write the
/// formula for you."). `back_to_task` reads it too.
pub(super) fn meets_what_was_told(s: &str, n: &Norm, code: Option<attune_core::Code>, told_stems: &[String]) -> bool {
    (code.is_some_and(|c| c.is_reflection()) && content_stems(n).iter().any(|st| told_stems.contains(st)))
        || n.first_of(text::VALIDATE_CUE).is_some()
        || (!s.ends_with('?') && text::REFLECT_CUE.iter().any(|ph| *ph != "for you" && n.has(ph)))
}
