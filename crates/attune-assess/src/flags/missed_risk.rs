//! Missed risk: the client spoke of suicide or self-harm, plainly or in passing ("I think about how easy it would
//! be"), or of danger from someone else ("I'm scared to go home"), and the first reply neither names it, asks
//! about it nor makes safety the subject.
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
    let own = p.block.iter().find_map(|&k| text::own_risk_in(prep[k].text, &prep[k].norm));
    let (said, explanation) = match own {
        Some(said) => {
            // only naming it or asking about it counts: a reply can take up the client's words and still agree with
            // the plan ("Yes I agree it would be easier. Suddenly the pain will end…", a FailedESConv reply)
            if p.norm.first_of(text::RISK_UPTAKE).is_some() || p.norm.first_of(text::RISK).is_some() {
                return None;
            }
            (said, "which may be thoughts of suicide or self-harm, and the reply moves on without asking about it")
        }
        None => {
            let said = p.block.iter().find_map(|&k| text::own_danger(&prep[k].norm))?;
            if p.norm.first_of(text::DANGER_UPTAKE).is_some() {
                return None;
            }
            (said, "which may mean someone is hurting or threatening them, and the reply moves on without asking whether they are safe")
        }
    };
    Some(FlagDraft {
        kind: FlagKind::MissedRisk,
        turn: c.t,
        quote: p.text.trim().to_string(),
        explanation: format!("The client said \"{said}\", {explanation}."),
        severity: Severity::High,
        extra_turns: vec![],
        firm: false,
    })
}

#[cfg(test)]
mod tests {
    use crate::text::{own_danger, own_risk, Norm};

    #[test]
    fn denied_risk_and_the_ease_of_a_task_are_not_risk() {
        let risk = |t: &str| own_risk(&Norm::new(t));
        assert_eq!(risk("Honestly I just want to die."), Some("want to die"));
        assert_eq!(risk("I think about how easy it would be."), Some("how easy it would be"));
        assert_eq!(risk("I'm not suicidal at all, I'm just tired."), None);
        assert_eq!(risk("and I don't want to die now"), None);
        assert_eq!(risk("it helped, since I don't hurt myself anymore"), None);
        assert_eq!(risk("I've been thinking about how easy it would be to deal again."), None);
        // passive wishes count (the Columbia scale's first question: wishing to be dead or not to wake up)
        assert_eq!(risk("Nobody would even notice if I disappeared."), Some("if i disappeared"));
        assert_eq!(risk("Some mornings I don't want to wake up."), Some("don't want to wake up"));
        // hope of getting better lost, with its own denial inside the phrase
        assert!(risk("if the answer is no, I honestly don't know what the point of getting better is").is_some());
        assert!(risk("there's no point in going on").is_some());
        assert!(risk("I don't see the point of going on").is_some());
        assert!(risk("i dont see the point of going on").is_some());
        // the hurt of going over something, not harm done to the body; said alone it stays a risk
        assert_eq!(risk("I'm hurting myself going over it, I know I am."), None);
        assert_eq!(risk("I know I'm hurting myself but I can't stop."), Some("hurting myself"));
        assert_eq!(risk("I hurt myself thinking it would help."), Some("hurt myself"));
        let in_sentences = |t: &str| crate::text::own_risk_in(t, &Norm::new(t));
        assert_eq!(in_sentences("I've been hurting myself. Going over it all is too much."), Some("hurting myself"));
        assert_eq!(in_sentences("I keep hurting myself going over the notes."), None);
        // dying of a feeling is a figure of speech; wanting to die is not
        assert_eq!(risk("everyone is going to find out and i literally want to die of embarrassment"), None);
        assert_eq!(risk("I want to die. Of all of it, honestly."), Some("want to die"));
        assert_eq!(risk("some days i just want to die"), Some("want to die"));
    }

    #[test]
    fn danger_from_someone_else_unless_denied() {
        let danger = |t: &str| own_danger(&Norm::new(t));
        assert_eq!(danger("He yells when he's drunk and I'm scared to go home."), Some("scared to go home"));
        assert_eq!(danger("Last night he hit me in front of the kids."), Some("he hit me"));
        assert_eq!(danger("He has never hit me, he just goes quiet."), None);
        assert_eq!(danger("My boss is going to kill me if I'm late again."), None);
        assert_eq!(danger("my dad hit me last night bc i was on my phone late"), Some("dad hit me"));
    }
}
