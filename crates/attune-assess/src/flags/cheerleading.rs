//! Cheerleading: reassurance or cheering over the client's distress rather than staying with it.

use super::{severity_for, FlagDraft, TurnCtx};
use crate::text;
use crate::types::FlagKind;
use attune_core::Code;

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    if !(c.distress && c.aff.intensity >= 0.3) {
        return None;
    }
    let minimized = earlier.iter().any(|d| d.kind == FlagKind::Minimizing);
    let thr = c.cfg.intensity_threshold;
    for (k, (s, n, code)) in c.p.sents.iter().enumerate() {
        let lex = n.first_of(text::REASSURE);
        let coded = code.map(|c| c == Code::Reassure).unwrap_or(false) || (c.p.sents.len() == 1 && c.primary == Some(Code::Reassure));
        if (lex.is_some() || coded) && !(minimized && n.first_of(text::MINIMIZE).is_some()) {
            let validated = c.first_attuning_sent.map(|f| f < k).unwrap_or(false);
            return Some(FlagDraft {
                kind: FlagKind::Cheerleading,
                turn: c.t,
                quote: s.to_string(),
                explanation: format!(
                    "Reassures or cheers over the client's {} ({}) rather than staying with it.",
                    c.aff.emotion.as_str(),
                    lex.map(|l| format!("\"{l}\"")).unwrap_or_else(|| "coded reassure".into())
                ),
                severity: severity_for(c.aff.intensity, thr, validated),
                extra_turns: vec![],
                firm: false,
            });
        }
    }
    (c.primary == Some(Code::Reassure) && !minimized).then(|| FlagDraft {
        kind: FlagKind::Cheerleading,
        turn: c.t,
        quote: c.p.text.trim().to_string(),
        explanation: format!("Coded as reassurance over the client's {}.", c.aff.emotion.as_str()),
        severity: severity_for(c.aff.intensity, thr, c.first_attuning_sent.is_some()),
        extra_turns: vec![],
        firm: false,
    })
}
