//! A procedure set going over what the client just told: a technique ("That's a really important one, and well done
//! for catching it… Let's grab a thought record while it's fresh." to a student who said "I'm just thick and everyone's
//! going to find out") or a questionnaire ("What I'm going to do, if that's all right, is go through a couple of the
//! standard questions we use…" to a man who cannot stop crying since his redundancy; sessions fresh81, studied from the
//! forty-sixth session's start). The school's method comes before the person: a fix too soon for a technique, detached
//! for a questionnaire. Of the labelled listener turns of attune's own sets that set one going now, every one is
//! misattuned; those that put it off ("Can we stay with that for a bit before we get to the thought record?", "The
//! questionnaire can wait") are attuned. Only over a hardship told, where the client asked for no technique, and where
//! the judge flags nothing.

use super::{FlagDraft, TurnCtx};
use crate::types::{FlagKind, Severity};

/// A school's techniques.
const TECHNIQUES: &[&str] = &[
    "thought record", "worksheet", "mood diary", "sleep diary", "breathing exercise", "grounding exercise", "chain analysis",
    "behavioural experiment", "behavioral experiment",
];

/// A clinic's screening.
const SCREENING: &[&str] = &["standard questions", "screening questions", "questionnaire", "the usual questions"];

/// Words that set it going now.
const NOW: &[&str] = &["let's", "let us", "what i'm going to do", "i'm going to go through", "we'll go through", "i'd like to go through", "shall we"];

/// Words that put it off.
const LATER: &[&str] = &["before we get to", "before we do", "later", "can wait", "next time", "leave the", "set aside", "no questionnaire"];

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    let p = c.p;
    // most turns name no procedure: one look at the whole turn first
    let named = |n: &crate::text::Norm| n.first_of(TECHNIQUES).map(|_| FlagKind::PrematureFixing).or_else(|| n.first_of(SCREENING).map(|_| FlagKind::Detached));
    if p.block.is_empty() || named(&p.norm).is_none() || super::stands(earlier) || p.judgement.as_ref().is_some_and(|j| j.flagged) {
        return None;
    }
    const ASKS: &[&str] = &["thought record", "worksheet", "exercise", "technique", "questionnaire", "help me", "what can i do", "tips"];
    if !super::hardship_told(c.prep, c.t) || super::block_asks(c, ASKS) || super::owns_in_words(&p.norm) {
        return None;
    }
    let (s, kind) = p.sents.iter().find_map(|(s, n, _)| {
        let kind = named(n)?;
        (n.first_of(NOW).is_some() && n.first_of(LATER).is_none()).then_some((*s, kind))
    })?;
    Some(FlagDraft {
        kind,
        turn: c.t,
        quote: s.to_string(),
        explanation: match kind {
            FlagKind::Detached => "Sets a questionnaire going over what the client just told: the clinic's procedure before the person.".into(),
            _ => "Sets a technique going over what the client just told, before the feeling was heard.".into(),
        },
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: true,
    })
}

#[cfg(test)]
mod tests {
    use crate::tests::assess_bundled;
    use crate::types::FlagKind;
    use attune_core::Role;

    const CLIENT: &str = "I turned the paper over and my mind just went white. All I could think was, I'm just thick and everyone's going to find out. I walked out after twenty minutes and sat in the toilets crying.";

    fn kinds(reply: &str) -> Vec<FlagKind> {
        assess_bundled(&[(Role::Client, CLIENT), (Role::Therapist, reply)]).flags.iter().map(|f| f.kind).collect()
    }

    #[test]
    fn a_technique_set_going_over_a_hardship_is_a_fix_too_soon_and_one_put_off_is_not() {
        let now = kinds("That's a really important one, and well done for catching it. Let's grab a thought record while it's fresh. So, situation: exam hall.");
        assert!(!now.is_empty(), "{now:?}");
        let later = kinds("Sitting in the toilets crying, with that thought going round. Can we stay with that for a bit before we get to the thought record?");
        assert!(later.is_empty(), "{later:?}");
    }
}
