//! A bare order: the reply tells a client in distress what to do, unasked, and nothing in it meets what they are going
//! through ("You need to tell your sister no. She has to sort out her own rent." to "…now she wants another five
//! hundred for her rent. I feel sick every time she texts."). MITI codes it advice without permission whatever it
//! answers. The judge, which reads the client's own words in a reply as uptake, put that one at 0.39 (twenty-sixth
//! session's probes); where it flags such a turn its kind stands, so this rule speaks only where it does not.

use super::{FlagDraft, TurnCtx};
use crate::types::{FlagKind, Severity};
use attune_text::advice::{advice_cues, AdviceCue};

/// Words that make a suggestion of it ("I'm wondering — and tell me if this isn't useful — whether it might help…").
const TENTATIVE: &[&str] = &["wonder", "wondering", "might", "maybe", "perhaps", "may", "if this isn't", "if that's not", "could"];

/// What a modal can carry that is no order: the choice left to the client ("You have to do what's right for you") or
/// blame lifted ("One thing you need to assure yourself of is that it wasn't your fault"; both ESConv dev sessions
/// their seekers rated helpful).
const NOT_AN_ORDER: &[&str] = &[
    "right for you", "what feels right", "up to you", "your choice", "your decision", "your call", "not your fault",
    "wasn't your fault", "wasnt your fault", "isn't your fault", "isnt your fault",
];

/// Words by which a client asks what to do.
pub(super) const ASKS: &[&str] = &["advice", "what to do", "what should i", "what do i do", "help me", "tips", "suggestions", "ideas", "what can i do", "tell me what"];

/// The phrase starts within the sentence's first four words, as its main clause ("Not whether you ought to tell the
/// bees." is not an order). What the client is now facing ("and now u have to sit with it all night", an attuned chat
/// reply in vignettes-fresh45) is no modal cue at all: the advice grammar reads it as a burden (`advice::burden`).
fn opens_with(n: &crate::text::Norm, phrase: &str) -> bool {
    let first = phrase.split_whitespace().next().unwrap_or("");
    n.words.iter().take(4).position(|w| w == first).is_some_and(|i| {
        !n.words[..i].iter().any(|w| matches!(w.as_str(), "not" | "whether" | "if" | "when" | "that" | "what"))
            && n.words[i..].join(" ").starts_with(phrase)
    })
}

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    let p = c.p;
    // (a gated phrase rule's draft may yet be dropped by the judge, which lets this turn through)
    if super::stands(earlier) || p.judgement.as_ref().is_none_or(|j| j.flagged) {
        return None;
    }
    // a turn the coder reads as a reflection is more than an order
    if c.primary.is_some_and(|code| code.is_reflection()) {
        return None;
    }
    // asked in so many words (the act head also reads "I have the meeting with the debt adviser on Monday and I can't
    // stop shaking about it." as asking for help)
    let asked = p.block.iter().any(|&b| {
        let k = &c.prep[b];
        // (or a question the listener passed by, asked again without a mark: "ok but thats not really what i asked lol.
        // drop out or not." answered "honest take, if i was u: i wouldnt drop out right now"; sessions fresh84, studied
        // from the forty-seventh session's start)
        k.text.contains('?') || k.norm.first_of(ASKS).is_some() || k.norm.first_of(super::QUESTION_UNANSWERED).is_some()
    });
    let hard = p.block.iter().any(|&b| c.prep[b].affect.distress >= 0.5 || c.prep[b].affect.hardship >= 0.5);
    if asked || !hard || super::invited(p, c.prep) || attune_text::rules::scan(p.text).permission {
        return None;
    }
    // the order opens the reply: a first or second sentence that directs, not one that asks or exclaims ("wait that's
    // huge!! 2 yrs 🥹 how did it feel?" opens on a verb and is delight)
    // "you need to…", "u should…", "honestly you have to…": the modal is the sentence's business ("All eight — and on
    // the same day you have to sit down to dinner with the people you told." describes)
    let directs = |s: &str, n: &crate::text::Norm, plain: bool| {
        let s = s.trim_end();
        !s.ends_with('?')
            && !s.ends_with('!')
            && n.first_of(TENTATIVE).is_none()
            && n.first_of(NOT_AN_ORDER).is_none()
            // (an unfairness named, "You shouldn't have to face the very thing that frightens you just to ask for help
            // with it." in a GP's email to a woman who cannot face the 8am phone line; vignettes-fresh133, studied from the
            // fiftieth session on)
            && !super::releases(s, n)
            && advice_cues(s).iter().any(|cue| match cue {
                AdviceCue::Modal(ph) => opens_with(n, ph),
                AdviceCue::Imperative(_) | AdviceCue::Prohibition(_) => plain,
                _ => false,
            })
    };
    // or a run of instructions from the first sentence on ("First, don't confront him while he's half asleep… Pick a calm
    // moment… Then book a GP appointment…" to a parent who had just found cuts on her son's arm; vignettes-fresh46, read
    // once in the twenty-sixth session, judged 0.41): one imperative alone is often kindness ("Please don't apologise.",
    // "Go and see that house.")
    let run = p.sents.len() >= 3 && p.sents.iter().take(3).all(|(s, n, _)| directs(s, n, true));
    // talk of feelings is more than one order (inside a run of them it is what to say: "tell him … you're not angry")
    let k = if run {
        0
    } else if p.feeling_talk {
        return None;
    } else {
        p.sents.iter().take(2).position(|(s, n, _)| directs(s, n, false))?
    };
    // nothing before the order meets the client (what follows it may be read as a reflection: "She has to sort out her
    // own rent." takes up the client's words)
    if c.first_attuning_sent.is_some_and(|f| f < k) {
        return None;
    }
    let quote = p.sents[k].0;
    Some(FlagDraft {
        kind: FlagKind::AdviceWithoutPermission,
        turn: c.t,
        quote: quote.to_string(),
        explanation: "Tells the client what to do, unasked, with nothing that meets what they are going through first.".into(),
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: true,
    })
}
