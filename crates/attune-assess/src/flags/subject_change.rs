//! Subject change: the first reply to a distressed client that takes up none of their words or feeling and
//! opens a new topic (or opens with a topic-shift marker such as "anyway").

use super::{FlagDraft, TurnCtx};
use crate::assess::{BACK_REFERENCE, FEELING_WORDS};
use crate::text;
use crate::types::{FlagKind, Severity};
use attune_core::Role;

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    let (p, prep) = (c.p, c.prep);
    let first_reply = c.t > 0 && prep[c.t - 1].role == Role::Client;
    if !(first_reply && earlier.is_empty() && p.words >= 4) {
        return None;
    }
    // a loss told plainly reads as calm to the distress head ("It said I failed, basically." 0.11): for the pivot below
    // a told hardship is context enough, as for a silver lining
    let distressed = c.distress && c.aff.intensity >= 0.3;
    let hard = c.aff.distress >= 0.5 || c.aff.hardship >= 0.5 || c.aff.act.tells();
    if !(distressed || hard) {
        return None;
    }
    let shift_marker = attune_text::rules::topic_shift(p.text);
    // an acknowledgement then "…, though?" turns away whatever the acknowledgement said (`rules::topic_shift`)
    let pivot = shift_marker == Some("though");
    if !((distressed || (pivot && hard)) && (!p.attuning || pivot)) {
        return None;
    }
    // the client's content words over this block and the one before it
    let mut ctx: Vec<usize> = p.block.clone();
    if let Some(&first) = p.block.first() {
        if let Some(prev_t) = crate::assess::therapist_before(prep, first) {
            ctx.extend(prep[prev_t].block.iter().copied());
        }
    }
    let client_stems: Vec<&String> = ctx.iter().flat_map(|&c| prep[c].stems.iter()).collect();
    let overlap = p.stems.iter().any(|s| client_stems.contains(&s));
    let back_ref = p.norm.words.iter().take(8).any(|w| BACK_REFERENCE.contains(&w.as_str()));
    let feeling_word = p.norm.words.iter().any(|w| FEELING_WORDS.contains(&w.as_str()));
    let new_content = p.stems.iter().filter(|s| !client_stems.contains(s)).count();
    let opens = p.text.trim_end().ends_with('?')
        || p.codes.iter().any(|c| c.is_question() || c.is_fixing())
        || p.norm.first_of(text::ADVISE).is_some();
    if !(shift_marker.is_some() || (!overlap && !back_ref && !feeling_word && new_content >= 3 && opens)) {
        return None;
    }
    Some(FlagDraft {
        kind: FlagKind::SubjectChange,
        turn: c.t,
        quote: p.text.trim().to_string(),
        explanation: match shift_marker {
            Some(m) => format!("Opens a new topic (\"{m}\") right after the client expressed {}.", c.aff.emotion.as_str()),
            None => format!("Takes up none of the client's words or {} and opens a new topic.", c.aff.emotion.as_str()),
        },
        severity: if shift_marker.is_some() && c.aff.intensity >= c.cfg.intensity_threshold { Severity::Medium } else { Severity::Low },
        extra_turns: vec![],
        firm: false,
    })
}
