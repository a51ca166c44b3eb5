//! Detached: a run of emotional client turns met only with facts or closed questions (consecutive therapist
//! turns answering the same client block count once).

use super::{echoes_client, FlagDraft};
use crate::assess::{block_affect, is_closed_question, is_negative_emotion, Prep};
use crate::config::AssessConfig;
use crate::types::{FlagKind, Severity};
use attune_core::{Code, CodedSession, Emotion, Role};

pub(super) fn check(_coded: &CodedSession, prep: &[Prep], cfg: &AssessConfig, drafts: &mut Vec<FlagDraft>) {
    let mut run: Vec<usize> = Vec::new();
    let flush = |run: &mut Vec<usize>, drafts: &mut Vec<FlagDraft>| {
        if let (true, Some(&last)) = (run.len() >= cfg.detached_run.max(1), run.last()) {
            let mut extra: Vec<usize> = Vec::new();
            for &t in run.iter() {
                extra.extend(prep[t].block.iter().copied());
                extra.push(t);
            }
            drafts.push(FlagDraft {
                kind: FlagKind::Detached,
                turn: last,
                quote: prep[last].text.trim().to_string(),
                explanation: format!(
                    "{} client turns in a row expressed emotion and were met only with facts or closed questions.",
                    run.len()
                ),
                severity: if run.len() > cfg.detached_run + 1 { Severity::High } else { Severity::Medium },
                extra_turns: extra,
            });
        }
        run.clear();
    };
    for (t, p) in prep.iter().enumerate() {
        if p.role != Role::Therapist {
            continue;
        }
        let Some((_, aff)) = block_affect(prep, t) else { continue };
        if let Some(&prev) = run.last() {
            if prep[prev].answers == p.answers {
                let detached_kind = !p.attuning && matches!(p.coding.map(|c| c.code), Some(Code::Inform) | Some(Code::QuestionClosed));
                let facilitator = p.coding.map(|c| c.code == Code::Other).unwrap_or(false) && p.words <= 3;
                if !(detached_kind || facilitator) {
                    run.clear();
                }
                continue;
            }
        }
        let emotional = aff.emotion != Emotion::Neutral && aff.intensity >= 0.3 && is_negative_emotion(aff);
        let code = p.coding.map(|c| c.code);
        let facts = matches!(code, Some(Code::Inform))
            || matches!(code, Some(Code::QuestionClosed))
            || (matches!(code, Some(Code::QuestionOpen))
                && is_closed_question(&p.norm, p.text)
                && p.coding.map(|c| c.confidence < 0.6).unwrap_or(true));
        if emotional && facts && !p.attuning && !echoes_client(prep, p) {
            run.push(t);
        } else {
            flush(&mut run, drafts);
        }
    }
    flush(&mut run, drafts);
}
