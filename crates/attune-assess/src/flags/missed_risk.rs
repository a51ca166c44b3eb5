//! Missed risk: the client spoke of suicide or self-harm, plainly or in passing ("I think about how easy it would
//! be"), and the first reply neither names it, asks about it nor makes safety the subject.
//!
//! Not gated by the judge: a clinician, a supervisor or a chatbot's safety review wants every such moment, and the
//! judge, which learned from conversations that rarely hold one, can read a calm follow-up question as attuned.

use super::{FlagDraft, TurnCtx};
use crate::text;
use crate::types::{FlagKind, Severity};
use attune_core::Role;

pub(super) fn check(c: &TurnCtx, _earlier: &[FlagDraft]) -> Option<FlagDraft> {
    let (p, prep) = (c.p, c.prep);
    if c.t == 0 || prep[c.t - 1].role != Role::Client {
        return None;
    }
    let said = p.block.iter().find_map(|&k| own_risk(&prep[k].norm))?;
    // only naming it or asking about it counts: a reply can take up the client's words and still agree with the
    // plan ("Yes I agree it would be easier. Suddenly the pain will end…", a FailedESConv reply)
    if p.norm.first_of(text::RISK_UPTAKE).is_some() || p.norm.first_of(text::RISK).is_some() {
        return None;
    }
    Some(FlagDraft {
        kind: FlagKind::MissedRisk,
        turn: c.t,
        quote: p.text.trim().to_string(),
        explanation: format!(
            "The client said \"{said}\", which may be thoughts of suicide or self-harm, and the reply moves on without asking about it."
        ),
        severity: Severity::High,
        extra_turns: vec![],
    })
}

/// Words that, just before a risk phrase, deny it ("I'm not suicidal", "I don't want to die", "I don't hurt myself
/// anymore").
const NEGATORS: &[&str] = &["not", "never", "no", "don't", "dont", "didn't", "didnt", "won't", "wouldn't", "isn't", "wasn't", "nor", "longer"];

/// The first risk phrase said as the client's own and not denied: no negation in the three words before it, and
/// "how easy it would be" not followed by "to" (the ease of a task, not of dying).
fn own_risk(norm: &text::Norm) -> Option<&'static str> {
    // most turns hold none: the indexed whole-word search says so before any position is looked at
    norm.first_of(text::RISK)?;
    let words = &norm.words;
    for i in 0..words.len() {
        for p in text::RISK {
            let n = p.split(' ').count();
            if i + n > words.len() || !p.split(' ').zip(&words[i..]).all(|(a, b)| a == b) {
                continue;
            }
            let denied = words[i.saturating_sub(3)..i].iter().any(|w| NEGATORS.contains(&w.as_str()));
            let task = *p == "how easy it would be" && words.get(i + n).is_some_and(|w| w == "to");
            if !denied && !task {
                return Some(p);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::own_risk;
    use crate::text::Norm;

    #[test]
    fn denied_risk_and_the_ease_of_a_task_are_not_risk() {
        let risk = |t: &str| own_risk(&Norm::new(t));
        assert_eq!(risk("Honestly I just want to die."), Some("want to die"));
        assert_eq!(risk("I think about how easy it would be."), Some("how easy it would be"));
        assert_eq!(risk("I'm not suicidal at all, I'm just tired."), None);
        assert_eq!(risk("and I don't want to die now"), None);
        assert_eq!(risk("it helped, since I don't hurt myself anymore"), None);
        assert_eq!(risk("I've been thinking about how easy it would be to deal again."), None);
    }
}
