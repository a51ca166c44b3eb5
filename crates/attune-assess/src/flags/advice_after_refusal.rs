//! Advice after refusal: the client has just complained about the help or turned a suggestion down ("This isn't
//! helping. You keep giving me tips.", "I've tried that"), and the reply gives more advice without asking or owning
//! the miss. The client has said no to this move in so many words, so the flag does not wait for the judge, which
//! learned from exchanges that rarely hold such a complaint (it put "Another thing you could try is a gratitude
//! journal." at 0.29 there). A rupture marker met by more of the same is what 3RS calls a missed rupture; the
//! kind is advice without permission because the permission was just withheld.

use super::{FlagDraft, TurnCtx};
use crate::text;
use crate::types::{FlagKind, Severity};

pub(super) fn check(c: &TurnCtx, _earlier: &[FlagDraft]) -> Option<FlagDraft> {
    let (p, prep) = (c.p, c.prep);
    let refusal = p.block.iter().find_map(|&k| {
        let n = &prep[k].norm;
        n.first_of(text::COMPLAINT).or_else(|| n.first_of(text::REJECTING).filter(|ph| !matches!(*ph, "yeah but" | "yes but")))
    })?;
    let (k, quote) = p
        .sents
        .iter()
        .enumerate()
        .find(|(_, (s, _, code))| *code == Some(attune_core::Code::Advise) || attune_text::advice::sentence_advice(s).is_some())
        .map(|(k, (s, _, _))| (k, s.to_string()))?;
    // asking first, or owning the miss before the suggestion, is a different move
    let owns = |n: &text::Norm| [text::REPAIR_ACK, text::REPAIR_INVITE, text::REPAIR_CLARIFY].iter().any(|l| n.first_of(l).is_some());
    let asks_or_owns = attune_text::rules::scan(p.text).permission || p.sents.iter().take(k + 1).any(|(_, n, _)| owns(n));
    if asks_or_owns {
        return None;
    }
    Some(FlagDraft {
        kind: FlagKind::AdviceWithoutPermission,
        turn: c.t,
        quote,
        explanation: format!(
            "The client had just turned the help down (\"{refusal}\") and the reply gives more advice instead of asking what went wrong."
        ),
        severity: Severity::High,
        extra_turns: vec![],
    })
}
