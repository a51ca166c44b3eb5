//! Interrupting: a therapist turn that starts before the client's turn just before it has ended (needs times).

use super::FlagDraft;
use crate::assess::Prep;
use crate::config::AssessConfig;
use crate::types::{FlagKind, Severity};
use attune_core::{CodedSession, Role};

pub(super) fn check(coded: &CodedSession, prep: &[Prep], cfg: &AssessConfig, drafts: &mut Vec<FlagDraft>) {
    let turns = &coded.session.turns;
    for (t, p) in prep.iter().enumerate() {
        if p.role != Role::Therapist {
            continue;
        }
        let (Some(s), Some(prev)) = (p.start, (0..t).rev().find(|&j| prep[j].role == Role::Client)) else { continue };
        let Some(pe) = turns[prev].end else { continue };
        if prev + 1 == t && pe - s >= cfg.overlap_min_s && turns[prev].start.map(|ps| ps < s).unwrap_or(true) {
            drafts.push(FlagDraft {
                kind: FlagKind::Interrupting,
                turn: t,
                quote: p.text.trim().to_string(),
                explanation: format!("Starts {:.1} s before the client finished.", pe - s),
                severity: if pe - s > 2.0 { Severity::Medium } else { Severity::Low },
                extra_turns: vec![prev],
                firm: false,
            });
        }
    }
}
