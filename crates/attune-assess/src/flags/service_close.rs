//! Detached, a service's way: "Is there anything else I can help you with today?" after a hardship told ("That's good
//! to hear. The assessment is definitely worth doing. In the meantime, is there anything else I can help you with
//! today?" to a daughter who had just said she would manage, as she always does; "You're welcome! Is there anything
//! else I can help you with today?" to a widow who said it will be strange to see only her new name on the statement;
//! studied sessions). The script closes the matter the client is in and offers the next ticket. The frame stands in 12
//! labelled listener turns of attune's own sets, all misattuned; the rule looks only at replies where a hardship stands
//! among the client's last turns (`hardship_told`), the client is not winding down with thanks, and no other rule named
//! the turn.

use super::FlagDraft;
use crate::assess::Prep;
use crate::types::{FlagKind, Severity};
use attune_core::Role;

/// The script that offers the next matter.
const NEXT_TICKET: &[&str] = &[
    "anything else i can help you with", "anything else i can help with", "anything else i can do for you", "anything else i can assist",
    "anything else we can help you with", "anything else you need help with", "anything else you'd like help with",
];

pub(super) fn check(prep: &[Prep], drafts: &mut Vec<FlagDraft>) {
    for (t, p) in prep.iter().enumerate() {
        if p.role != Role::Therapist || p.block.is_empty() || drafts.iter().any(|d| d.turn == t) {
            continue;
        }
        let Some((s, _, _)) = p.sents.iter().find(|(s, n, _)| s.trim_end().ends_with('?') && n.first_of(NEXT_TICKET).is_some()) else { continue };
        // (not to a client winding down with thanks, where a helper's "anything else?" closes well: ESConv's helpful
        // sessions end so)
        let winding = p.block.last().is_some_and(|&c| super::says_goodbye_with_thanks(&prep[c]));
        if winding || !super::hardship_told(prep, t) {
            continue;
        }
        drafts.push(FlagDraft {
            kind: FlagKind::Detached,
            turn: t,
            quote: s.to_string(),
            explanation: "Closes what the client is in with a service's script and offers to help with something else.".into(),
            severity: Severity::Medium,
            extra_turns: vec![],
            firm: true,
        });
    }
}
