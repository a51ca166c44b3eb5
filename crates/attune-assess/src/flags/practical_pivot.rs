//! Subject change to the practical: the client tells something hard and asks for nothing, and the reply turns to "the
//! practical side" ("Your dad's silence must be hard to sit with. Since you're 19, it could be helpful to think about
//! the practical side too: - **Living situation:** … - **Healthcare:** …" to a young man waiting on his father's text
//! after coming out; vignettes-fresh68, read at the thirty-fourth session's end, judged 0.58). The listener's agenda
//! replaces what the client brought, however warm the sentence before it. The same words offering the practical for
//! later, or given because the client asked, are attuned ("if and when you want, I can help with the practical side";
//! "since you asked for the practical side"): the sentence must not offer, and the client must not have asked. It
//! stands where the judge leans toward a miss at all (within [`BELOW`] of its threshold): the warm sentence before it
//! carries the judgement toward attuned.

use super::{invited, FlagDraft, TurnCtx};
use crate::types::{FlagKind, Severity};

/// How a reply turns to the practical (indexed: `assess::indexed_lists`).
pub(crate) static PIVOTS: &[&str] = &[
    "the practical side", "on a practical note", "practically speaking", "practical things first", "a few practical things",
    "a couple of practical things", "some practical things", "in practical terms", "from a practical point of view",
    "from a practical standpoint", "the practical stuff", "the practical bits", "practical matters", "on the practical front",
    // one practical side named ("the solicitor calls must be so overwhelming on top of everything. on the legal side, it's
    // really common for companies to get in touch early…" to a scaffolder's widow; "On the sleep side, one more thing that
    // can make a real difference…" after a widower spoke of his son; vignettes-fresh164 and sessions fresh140, studied from
    // the fifty-second session on)
    "on the legal side", "on the legal front", "legally speaking", "on the sleep side", "on the visa side", "on the financial side",
];

/// What makes the same words an offer, or an answer to what was asked.
const OFFERED: &[&str] = &[
    "if", "when you", "whenever", "we can", "we could", "i can", "i could", "would you", "happy to", "ready", "later",
    "at some point", "you asked", "can wait", "no rush", "want to", "wanna",
];

/// Words by which a client asks for the practical.
/// (a plan asked for holds its practical side: "Can you give me an actual structured plan for deciding, with a deadline?
/// I need something outside my own head." from a nurse thinking of leaving, answered with weeks of steps and "Look at the
/// practical side: finances, pension…"; vignettes-fresh85, studied from the forty-sixth session's start)
const ASKS: &[&str] = &[
    "what do i do", "what should i", "what can i", "advice", "help me", "practical", "what now", "tips", "where do i start",
    "can you give me", "could you give me", "give me a plan", "need a plan", "structured plan", "what would you do",
];

/// How far below its threshold the judge may read the turn.
const BELOW: f32 = 0.3;

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    if c.p.block.is_empty() || super::stands(earlier) {
        return None;
    }
    if !super::judge_leans(c, BELOW) || !super::block_hard(c, 0.4) {
        return None;
    }
    let (s, _, _) = c.p.sents.iter().find(|(_, n, _)| n.first_of(PIVOTS).is_some() && n.first_of(OFFERED).is_none())?;
    if super::block_asks(c, ASKS) || invited(c.p, c.prep) {
        return None;
    }
    Some(FlagDraft {
        kind: FlagKind::SubjectChange,
        turn: c.t,
        quote: s.to_string(),
        explanation: "Turns from what the client told to practical matters they did not ask about.".into(),
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: true,
    })
}
