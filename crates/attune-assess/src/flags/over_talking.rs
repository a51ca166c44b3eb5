//! Over-talking: long therapist turns while the therapist holds more than its share of the talk time.

use super::{first_words, FlagDraft};
use crate::assess::{talk_times, Prep};
use crate::config::AssessConfig;
use crate::types::{FlagKind, Severity};
use attune_core::{CodedSession, Role};

pub(super) fn check(coded: &CodedSession, prep: &[Prep], cfg: &AssessConfig, drafts: &mut Vec<FlagDraft>) {
    let (t_time, c_time) = talk_times(prep, true);
    if t_time + c_time <= 0.0 {
        return;
    }
    let share = t_time / (t_time + c_time);
    for (t, p) in prep.iter().enumerate() {
        if p.role != Role::Therapist {
            continue;
        }
        let Some(d) = coded.session.turns[t].duration() else { continue };
        if share > cfg.talk_share_high && d >= cfg.long_turn_s {
            drafts.push(FlagDraft {
                kind: FlagKind::OverTalking,
                turn: t,
                quote: first_words(p.text, 40),
                explanation: format!(
                    "A {d:.0} s therapist turn while the therapist holds {:.0} % of the talk time (over {:.0} %).",
                    share * 100.0,
                    cfg.talk_share_high * 100.0
                ),
                severity: Severity::Low,
                extra_turns: vec![],
                firm: false,
            });
        }
    }
}
