//! Minimizing: shrinking or dismissing the client's feeling ("at least", "it's not that bad"), by phrase
//! over distress, or where the coder coded the sentence or the turn `minimize`.

use super::{severity_for, FlagDraft, TurnCtx};
use crate::text;
use crate::types::{FlagKind, Severity};
use attune_core::Code;

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    let coder_minimize = c.p.codes.contains(&Code::Minimize);
    for (k, (s, n, code)) in c.p.sents.iter().enumerate() {
        let lex = n.first_of(text::MINIMIZE);
        let coded_here = code.map(|c| c == Code::Minimize).unwrap_or(false) && n.first_affirmed(text::PATHOLOGIZE).is_none();
        if (lex.is_some() && c.distress) || coded_here || (coder_minimize && lex.is_some()) {
            let validated = c.first_attuning_sent.map(|f| f < k).unwrap_or(false);
            return Some(FlagDraft {
                kind: FlagKind::Minimizing,
                turn: c.t,
                quote: s.to_string(),
                explanation: format!(
                    "Shrinks or dismisses the client's {} ({}).",
                    if c.emotional { c.aff.emotion.as_str() } else { "feeling" },
                    lex.map(|l| format!("\"{l}\"")).unwrap_or_else(|| "coded minimize".into())
                ),
                severity: if validated { Severity::Low } else { severity_for(c.aff.intensity, c.cfg.intensity_threshold, false) },
                extra_turns: vec![],
            });
        }
    }
    let pathologized = earlier.iter().any(|d| d.kind == FlagKind::Pathologizing);
    (!pathologized && c.primary == Some(Code::Minimize)).then(|| FlagDraft {
        kind: FlagKind::Minimizing,
        turn: c.t,
        quote: c.p.text.trim().to_string(),
        explanation: "Coded as minimizing: shrinks or dismisses the client's feeling.".into(),
        severity: Severity::Medium,
        extra_turns: vec![],
    })
}
