//! Pathologizing: labelling the client's reaction as disorder, irrational or wrong. Always a flag.

use super::{FlagDraft, TurnCtx};
use crate::text;
use crate::types::{FlagKind, Severity};

pub(super) fn check(c: &TurnCtx, _earlier: &[FlagDraft]) -> Option<FlagDraft> {
    c.p.sents.iter().find_map(|(s, n, _)| {
        let ph = n.first_affirmed(text::PATHOLOGIZE)?;
        // the client's own word given back ("swinging between 'maybe I'm being dramatic' and…") reflects, it
        // does not label
        if c.p.block.iter().any(|&b| c.prep[b].norm.has(ph)) {
            return None;
        }
        let mild = ph.contains("feel") || ph.starts_with("no reason");
        Some(FlagDraft {
            kind: FlagKind::Pathologizing,
            turn: c.t,
            quote: s.to_string(),
            explanation: format!(
                "Labels the client's reaction as disorder, irrational or wrong (\"{ph}\") instead of understanding it as a meaningful response."
            ),
            severity: if mild { Severity::Medium } else { Severity::High },
            extra_turns: vec![],
        })
    })
}
