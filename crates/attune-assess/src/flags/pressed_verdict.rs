//! A verdict pressed on the client: "I want you to really hear that it wasn't your fault", "I want you to hear this
//! clearly: there was nothing you could have done" (to firefighters who could not reach a child, before either had said
//! what they felt; sessions fresh75 and vignettes-fresh78, read once at the forty-fourth session's end, the first judged
//! 0.32). The listener settles what the client is to conclude, and the client's own reading is never asked: a fix
//! before the feeling was heard. The frame stands in 5 labelled listener replies of attune's own sets, all misattuned
//! (named a fix, a cheer or a reframe by their writers); the judge reads the kind words around it. Only over a hardship
//! told, where no earlier rule drafted the turn and the judge flags nothing, whose kind then names it, and where no later
//! rule names it by a firm draft of advice or a change of subject (the caller checks).

use super::{FlagDraft, TurnCtx};
use crate::types::{FlagKind, Severity};

/// The frame that presses a verdict.
const PRESSES: &[&str] = &[
    "i want you to hear this", "i want you to hear that", "i want you to really hear", "i need you to hear this", "i need you to hear that",
    "i want you to know this clearly", "i want you to hear me", "i need you to really hear",
];

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    if c.p.block.is_empty() || !earlier.is_empty() || c.p.norm.first_of(PRESSES).is_none() || c.p.judgement.as_ref().is_some_and(|j| j.flagged) {
        return None;
    }
    // over a hardship told, and not an apology pressed home ("I want you to hear that I'm sorry")
    if !super::block_hard(c, 0.4) {
        return None;
    }
    let (s, _, _) = c.p.sents.iter().find(|(s, n, _)| n.first_of(PRESSES).is_some() && !s.trim_end().ends_with('?') && !n.has("sorry") && !super::owns_in_words(n))?;
    Some(FlagDraft {
        kind: FlagKind::PrematureFixing,
        turn: c.t,
        quote: s.to_string(),
        explanation: "Tells the client what to conclude before hearing how it is for them.".into(),
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: true,
    })
}
