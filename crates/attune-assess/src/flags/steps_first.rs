//! Premature fixing, in chat's way: "ok so" and the steps ("ok screenshot them and send to urself before he wakes up.
//! then stay at a friends tmrw…" to a woman lying awake beside the husband whose eight-month affair she has just found;
//! "no ur not being dramatic at all ❤️ ok so what id do: 1st change ur passcode tonight…"; "oof that sounds stressful 😕
//! ok so: phone down, try 4-7-8 breathing…"; "ok. first thing – don't send anything else…" to a girl of sixteen who
//! cannot stop shaking; studied vignettes and sessions, judged 0.37 to 0.52). The client asked for nothing; the reply
//! turns to what to do with a word that closes the telling. The client model read most of these turns calm ("i cant
//! stop shaking tbh" as neutral), so the premature-fixing rule, which needs an intense feeling, let them through. Of the
//! labelled listener turns of attune's own sets that turn so, nearly all are misattuned; the attuned ones answer a
//! question or give what was asked for, which this rule leaves alone. It stands where the judge leans toward a miss at
//! all (within [`BELOW`] of its threshold) but flags nothing: where it flags, the kind it names stands.

use super::{invited, FlagDraft, TurnCtx};
use crate::text::Norm;
use crate::types::{FlagKind, Severity};
use attune_core::ClientAct;

/// Turns to steps, whatever follows (chat's "id" is a word of its own here).
const STEPS: &[&str] = &[
    "ok so what i'd do", "ok so what id do", "first thing id do", "ok first thing", "ok so first thing", "okay first thing", "okay so first thing", "ok so for tonight",
    "okay so for tonight", "first thing i'd do", "ok step one", "ok so step one",
];

/// What may come before "ok" as it turns to steps: nothing, an interjection, or a short acknowledgement ending in one
/// of these ("oof that sounds stressful 😕 ok so: phone down…", "no ur not being dramatic at all ❤️ ok so…"). Not
/// "that's ok", "it's ok so", "i'm ok", "you're ok": there "ok" is a judgement.
const NOT_LEAD: &[&str] = &[
    "it's", "its", "it", "that's", "thats", "that", "i'm", "im", "you're", "youre", "ur", "is", "be", "was", "are", "am",
    "feel", "feels", "seem", "seems", "sound", "sounds", "look", "looks", "not", "totally", "completely",
    "perfectly", "gonna", "being",
];

/// Words by which a client asks for steps.
const ASKS: &[&str] = &["what do i do", "what should i", "what can i", "advice", "help me", "what now", "tips", "where do i start", "how do i"];

/// How far below its threshold the judge may read the turn.
const BELOW: f32 = 0.3;

/// The sentence, among the reply's first two, that turns to steps: a phrase of [`STEPS`], or "ok (so)" as a lead
/// before advice in the same sentence or the next ("ok screenshot them… then stay at a friends tmrw", "ok. first thing –
/// don't send anything else"); where the lead stands alone ("ok so."), the advice after it is quoted.
fn turns_to_steps<'a>(sents: &[(&'a str, Norm, Option<attune_core::Code>)]) -> Option<&'a str> {
    let advice = |k: usize| sents.get(k).is_some_and(|(s, _, _)| attune_text::advice::sentence_advice(s).is_some());
    sents.iter().take(2).enumerate().find_map(|(k, (s, n, _))| {
        if n.first_of(STEPS).is_some() {
            return Some(*s);
        }
        let w = &n.words;
        let alone = !w.is_empty() && w.iter().all(|x| matches!(x.as_str(), "ok" | "okay" | "k" | "so" | "right"));
        let lead = (0..w.len()).any(|i| matches!(w[i].as_str(), "ok" | "okay" | "k") && (i == 0 || !NOT_LEAD.contains(&w[i - 1].as_str())) && i + 2 < w.len());
        if alone && advice(k + 1) {
            return sents.get(k + 1).map(|x| x.0);
        }
        (lead && (advice(k) || advice(k + 1))).then_some(*s)
    })
}

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    if c.p.block.is_empty() || !earlier.is_empty() || c.p.judgement.as_ref().is_some_and(|j| j.flagged) || !super::judge_leans(c, BELOW) {
        return None;
    }
    if !(c.aff.act == ClientAct::Disclosing || super::block_hard(c, 0.4)) {
        return None;
    }
    // the steps begin within the reply's first two sentences: later they follow whatever came first
    let s = turns_to_steps(&c.p.sents)?;
    if super::block_asks(c, ASKS) || invited(c.p, c.prep) {
        return None;
    }
    Some(FlagDraft {
        kind: FlagKind::PrematureFixing,
        turn: c.t,
        quote: s.to_string(),
        explanation: "Turns straight to steps the client did not ask for, before staying with what they just told.".into(),
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: true,
    })
}

#[cfg(test)]
mod tests {
    use super::turns_to_steps;
    use crate::text::Norm;

    #[test]
    fn ok_so_before_steps_turns_to_them() {
        let t = |text: &str| {
            let sents: Vec<_> = crate::text::sentences(text).into_iter().map(|s| (s, Norm::new(s), None)).collect();
            turns_to_steps(&sents).is_some()
        };
        assert!(t("ok screenshot them and send to urself before he wakes up. then stay at a friends tmrw so u can think straight"));
        assert!(t("ok. first thing – don't send anything else and don't reply to him at all."));
        assert!(t("no ur not being dramatic at all ❤️ ok so what id do: 1st change ur passcode tonight"));
        assert!(!t("ok so when u picture telling her, what do u think she'd say?"));
        assert!(!t("it's ok so take all the time you need."));
        assert!(!t("That's okay, you don't have to decide anything tonight — maybe just try to get some sleep."));
        assert!(!t("Right, so tonight is the first night he's not home."));
    }
}
