//! Right after a miss, the turn ends on the client going off to something else ("Thank you. It is very late. I will try
//! to sleep now."; "sure. thanks for the chat. gonna head off"; "Yes. I know. I was a bad father to him. Ok I have to
//! get ready for work now."; sessions studied): the goodbye is not in [`crate::text::LEAVING`]'s fixed phrases but has
//! their shape, an intention and somewhere else to be, and it comes last. 3RS reads it as withdrawal by leaving.
use super::{MarkerCtx, TAKES_UP_STRONG};
use crate::text::{starts_with_phrase, Norm};
use crate::types::MarkerSubtype;

/// The client's intention or need.
const INTENT: &[&str] = &[
    "gonna", "going to", "i should", "should prob", "should probably", "i'd better", "i better", "i'd best", "i ought to",
    "i have to", "i've got to", "ive got to", "i got to", "gotta", "i need to", "i will", "i'll", "i might", "might",
];

/// Intentions said without their "I" ("gonna head off"): the client's only at the sentence's start or after the
/// client's own "I'm" or a filler ("He's going to bed at seven now" is someone else's).
const PRONOUNLESS: &[&str] = &["gonna", "going to", "should prob", "should probably", "gotta", "might"];
const OWN_LEAD: &[&str] = &["i", "i'm", "im", "ok", "okay", "so", "well", "anyway", "yeah", "ya", "and", "then", "probably", "prob", "maybe"];

/// Somewhere else to be. "go" counts only last in its sentence or before "now" ("I'll go to the GP" is a plan).
const ELSEWHERE: &[&str] = &[
    "head off", "head out", "sleep", "kip", "bed", "get ready for work", "get ready", "get supper on", "get the supper on",
    "get dinner on", "get the dinner on", "get tea on", "get the tea on", "check on them", "check on her", "check on him",
    "get my head down", "get some rest", "crash", "go study", "go do", "get back to work", "start work", "go now",
    "go then", "go for now", "log off", "sign off", "shower",
];

/// Whether a sentence holds an intention with somewhere else to be within the five words after its first word.
fn goes_off(n: &Norm) -> bool {
    let w = &n.words;
    let ends_on_go = w.last().is_some_and(|l| l == "go");
    let own = |k: usize| k == 0 || OWN_LEAD.contains(&w[k - 1].as_str());
    (0..w.len()).any(|k| {
        INTENT.iter().any(|p| starts_with_phrase(&w[k..], p) && (!PRONOUNLESS.contains(p) || own(k))) && {
            let after = &w[k + 1..(k + 6).min(w.len())];
            // ("I'll never sleep tonight", "I'll never let it go" are distress, not goodbyes)
            !after.iter().any(|x| matches!(x.as_str(), "never" | "not" | "no" | "barely" | "hardly"))
                && ((0..after.len()).any(|j| ELSEWHERE.iter().any(|e| starts_with_phrase(&after[j..], e))) || (ends_on_go && w.len() - k <= 5))
        }
    })
}

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    if !(c.after_miss || hedged_first(c)) {
        return None;
    }
    // the last two sentences: the goodbye may come before a last courtesy ("… I'll go and check on them. Do you want a tea?")
    let said: Vec<&Norm> = c.sentences().iter().rev().map(|(_, n)| n).filter(|n| !n.words.is_empty()).take(2).collect();
    // taking the help up says otherwise, but not the goodbye's own words ("I will try to sleep now" holds "i will try")
    let takes_up = c.n.first_of(TAKES_UP_STRONG).is_some() && c.sentences().iter().any(|(_, n)| n.first_of(TAKES_UP_STRONG).is_some() && !goes_off(n));
    (!takes_up && said.iter().any(|n| goes_off(n))).then_some(MarkerSubtype::TopicShift)
}

/// A short turn after a fix or a cheer that opens on a doubt before it goes off ("yeah maybe. ok I should try and sleep.
/// thanks" after a chatbot's advice on a dead dog's blanket; "ha. yeah hopefully. shes stirring i better go" after "ull
/// be back to feeling like urself in no time"; "yeah maybe. gonna try and get some kip i think"; sessions studied, all
/// labelled withdrawals after misses no rule or judgement flagged): the help is let stand, not taken up, and the client
/// leaves. Where the turn before was no fix, a doubt and a goodbye are only the end of the talk.
fn hedged_first(c: &MarkerCtx) -> bool {
    const HEDGE: &[&str] = &["maybe", "hopefully", "i hope so", "we'll see", "might check it out", "might try", "perhaps"];
    // (the fix in the advice grammar's reading too, "I'd seal her blanket in an airtight bag", and a cheer by its words)
    // (the turn's own words first: the listener's advice is read only for the few turns that doubt)
    let hedged = c.n.len() <= 15 && c.sentences().iter().take(2).any(|(_, n)| n.len() <= 4 && n.first_of(HEDGE).is_some());
    hedged
        && (c.th_fixing || !c.th.advice().is_empty() || c.th.norm.first_of(crate::text::REASSURE).is_some() || c.th.norm.first_of(crate::flags::CHEERS).is_some())
}

#[cfg(test)]
mod tests {
    use super::goes_off;
    use crate::text::Norm;

    #[test]
    fn an_intention_with_somewhere_else_to_be_goes_off() {
        for s in ["I will try to sleep now.", "gonna head off", "Ok I have to get ready for work now.", "Well, I ought to get supper on.", "ya maybe gonna try n sleep", "shes stirring i better go"] {
            assert!(goes_off(&Norm::new(s)), "{s}");
        }
    }

    #[test]
    fn a_plan_or_a_past_night_does_not() {
        for s in ["I'll go to the GP on Monday and ask about it.", "I couldn't sleep at all last night.", "I might ask my sister to come with me.", "I'll never sleep tonight.", "I'll never let it go", "He's going to bed at seven now.", "I've been ill in bed all week."] {
            assert!(!goes_off(&Norm::new(s)), "{s}");
        }
    }
}
