//! Premature fixing: advice, a plan or information while the client's negative feeling is intense and
//! neither this turn (before the fix) nor the last few therapist turns reflected or validated it.

use super::{severity_for, FlagDraft, TurnCtx};
use crate::assess::{is_negative_emotion, Prep};
use crate::text;
use crate::types::FlagKind;
use attune_core::{Code, Emotion, Role};

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    let thr = c.cfg.intensity_threshold;
    if !(c.emotional && c.aff.intensity >= thr && is_negative_emotion(c.aff)) {
        return None;
    }
    let cheered = earlier.iter().any(|d| d.kind == FlagKind::Cheerleading);
    let p = c.p;
    // the fixing sentence: a coded fixing sentence, lexical advice, or the whole turn when the primary code fixes
    let mut fix_at: Option<(usize, String, &'static str)> = None;
    for (k, (s, n, code)) in p.sents.iter().enumerate() {
        // time given is no fix ("Take a second, get your breath." to a client late and flustered; "Sit, take a breath.
        // There's no rush on my end"; sessions fresh93 and studied, labelled attuned): a short sentence of pace
        // (nor a demand lifted: "You should never have to apologise for crying in here."; vignettes-fresh156, studied from
        // the fifty-first session on)
        if gives_time(n) || super::releases(s, n) {
            continue;
        }
        if let Some(code) = code.filter(|code| code.is_fixing() && !(cheered && *code == Code::Reassure)) {
            fix_at = Some((k, s.to_string(), code.as_str()));
            break;
        }
        if c.primary.map(|code| !code.is_reflection()).unwrap_or(true) && n.first_of(text::ADVISE).is_some() {
            fix_at = Some((k, s.to_string(), "advise"));
            break;
        }
    }
    // (a turn of greeting, pace and a question has nothing to fix with, whatever its code: "Hi Dev. Take a second, get
    // your breath. [pause] When you're ready, shall we … set the agenda together…?"; only where it gives time: "Have you
    // tried ringing the GP? Or the out-of-hours line?" fixes)
    let paced = p.norm.first_of(PACE).is_some();
    let says = !paced || p.sents.iter().any(|(s, n, _)| n.len() > 3 && !s.trim_end().ends_with('?') && !gives_time(n) && !super::releases(s, n));
    if fix_at.is_none() && says {
        if let Some(code) = c.primary.filter(|code| code.is_fixing() && !(cheered && *code == Code::Reassure)) {
            let k = p.sents.iter().position(|(_, n, _)| n.first_of(text::ADVISE).is_some()).unwrap_or(0);
            let q = p.sents.get(k).map(|x| x.0.to_string()).unwrap_or_else(|| p.text.trim().to_string());
            fix_at = Some((if c.first_attuning_sent == Some(0) { p.sents.len() } else { k }, q, code.as_str()));
        }
    }
    let (k, quote, what) = fix_at?;
    let validated_here = c.first_attuning_sent.map(|f| f < k).unwrap_or(false);
    if validated_here || validated_before(c.prep, c.t, c.aff.emotion, &p.block, c.cfg.lookback) || super::asked_after_meeting(p, c.prep) {
        return None;
    }
    Some(FlagDraft {
        kind: FlagKind::PrematureFixing,
        turn: c.t,
        quote,
        explanation: format!(
            "Moves to fix ({what}) while the client's {} is intense ({:.2} ≥ {:.2}) and none of the last {} therapist turns reflected or validated it.",
            c.aff.emotion.as_str(),
            c.aff.intensity,
            thr,
            c.cfg.lookback
        ),
        severity: severity_for(c.aff.intensity, thr, false),
        extra_turns: vec![],
        firm: false,
    })
}

/// A short sentence (eight words or fewer) that only gives time: [`PACE`], no "but", no advice ("No rush, but ring the bank
/// today." fixes).
pub(super) fn gives_time(n: &text::Norm) -> bool {
    n.len() <= 8 && n.first_of(PACE).is_some() && !n.words.iter().any(|w| w == "but") && n.first_of(text::ADVISE).is_none()
}

/// Time given to the client: of the 128 labelled listener turns of attune's own sets that hold one, 116 are attuned.
const PACE: &[&str] = &[
    "take a second", "take a moment", "take your time", "get your breath", "catch your breath", "no rush", "no hurry",
    "take a breath",
];

/// Does an earlier therapist turn (within `lookback`) reflect or validate this emotion?
fn validated_before(prep: &[Prep], t: usize, emotion: Emotion, block: &[usize], lookback: usize) -> bool {
    let mut seen = 0;
    for j in (0..t).rev() {
        if prep[j].role != Role::Therapist {
            continue;
        }
        seen += 1;
        if seen > lookback {
            break;
        }
        if !prep[j].attuning {
            continue;
        }
        let answered_in_block = prep[j].answers.map(|a| block.contains(&a)).unwrap_or(false);
        let same_emotion =
            crate::assess::block_affect(prep, j).map(|(_, a)| a.emotion == emotion && emotion != Emotion::Neutral).unwrap_or(false);
        if answered_in_block || same_emotion {
            return true;
        }
    }
    false
}
