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
const LATER: &[&str] = &[
    "before we get to", "before we do", "later", "can wait", "next time", "leave the", "set aside", "no questionnaire", "let's not",
    "let us not", "no need", "don't need to", "do not need to", "don't have to", "skip", "forget the",
];

/// The procedure a sentence sets going now, by its kind: a technique (a fix too soon) or a questionnaire (detached).
fn set_going(n: &crate::text::Norm) -> Option<FlagKind> {
    let kind = n.first_of(TECHNIQUES).map(|_| FlagKind::PrematureFixing).or_else(|| n.first_of(SCREENING).map(|_| FlagKind::Detached))?;
    (n.first_of(NOW).is_some() && n.first_of(LATER).is_none()).then_some(kind)
}

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    let p = c.p;
    // most turns name no procedure: one look at the whole turn first
    if p.block.is_empty()
        || (p.norm.first_of(TECHNIQUES).is_none() && p.norm.first_of(SCREENING).is_none())
        || super::stands(earlier)
        || p.judgement.as_ref().is_some_and(|j| j.flagged)
    {
        return None;
    }
    const ASKS: &[&str] = &["thought record", "worksheet", "exercise", "technique", "questionnaire", "help me", "what can i do", "tips"];
    if !super::hardship_told(c.prep, c.t) || super::block_asks(c, ASKS) || super::owns_in_words(&p.norm) {
        return None;
    }
    let (s, kind) = p.sents.iter().find_map(|(s, n, _)| set_going(n).map(|k| (*s, k)))?;
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
    use super::set_going;
    use crate::tests::assess_bundled;
    use crate::text::Norm;
    use crate::types::FlagKind;
    use attune_core::Role;

    #[test]
    fn a_procedure_set_going_now_and_one_put_off() {
        let going = |s: &str| set_going(&Norm::new(s));
        assert_eq!(going("Let's grab a thought record while it's fresh."), Some(FlagKind::PrematureFixing));
        assert_eq!(going("What I'm going to do is go through a couple of the standard questions we use."), Some(FlagKind::Detached));
        assert_eq!(going("Can we stay with that for a bit before we get to the thought record?"), None);
        assert_eq!(going("Let's not worry about the thought record today."), None);
        assert_eq!(going("We don't need to do the questionnaire today, let's just talk."), None);
    }

    /// The turns that brought the rule (sessions fresh81, `s659` turn 5 and `s660` turn 3), with what came before them:
    /// shorter versions are flagged by the judge itself, which leaves the rule nothing to do.
    #[test]
    fn the_sessions_that_brought_the_rule_are_flagged_by_it() {
        for (id, at, said) in [("s659", 5, "Sets a technique going"), ("s660", 3, "Sets a questionnaire going")] {
            let session: serde_json::Value = include_str!("../../../../eval/sessions.jsonl")
                .lines()
                .filter_map(|l| serde_json::from_str(l).ok())
                .find(|v: &serde_json::Value| v["id"] == id)
                .unwrap_or_default();
            let turns: Vec<(Role, &str)> = session["turns"]
                .as_array()
                .map(|t| t.iter().take(at + 1).map(|x| (if x["speaker"] == "client" { Role::Client } else { Role::Therapist }, x["text"].as_str().unwrap_or(""))).collect())
                .unwrap_or_default();
            assert_eq!(turns.len(), at + 1, "{id} is in eval/sessions.jsonl");
            let flags = assess_bundled(&turns).flags;
            assert!(flags.iter().any(|f| f.turn == at && f.explanation.starts_with(said)), "{id}: {flags:?}");
        }
    }
}
