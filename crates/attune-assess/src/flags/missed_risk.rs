//! Missed risk: the client spoke of suicide or self-harm, plainly or in passing ("I think about how easy it would
//! be"), and the first reply moves on without naming it, asking about it or making safety the subject.
//!
//! Not gated by the judge: a clinician, a supervisor or a chatbot's safety review wants every such moment, and the
//! judge, which learned from conversations that rarely hold one, can read a calm follow-up question as attuned.

use super::{FlagDraft, TurnCtx};
use crate::text;
use crate::types::{FlagKind, Severity};
use attune_core::Role;

pub(super) fn check(c: &TurnCtx, _earlier: &[FlagDraft]) -> Option<FlagDraft> {
    let (p, prep) = (c.p, c.prep);
    if c.t == 0 || prep[c.t - 1].role != Role::Client {
        return None;
    }
    let (k, said) = p.block.iter().find_map(|&k| prep[k].norm.first_of(text::RISK).map(|w| (k, w)))?;
    if p.norm.first_of(text::RISK_UPTAKE).is_some() || p.norm.first_of(text::RISK).is_some() {
        return None;
    }
    // a reflection of the words around it takes it up too ("On the bridge, thinking how easy it would be.")
    let taken_up = p.stems.iter().filter(|s| prep[k].stems.contains(s)).count();
    if taken_up >= 2 {
        return None;
    }
    Some(FlagDraft {
        kind: FlagKind::MissedRisk,
        turn: c.t,
        quote: p.text.trim().to_string(),
        explanation: format!(
            "The client said \"{said}\", which may be thoughts of suicide or self-harm, and the reply moves on without asking about it."
        ),
        severity: Severity::High,
        extra_turns: vec![],
    })
}
