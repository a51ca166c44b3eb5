//! Subject change: a calm client asked for practical help and the reply puts the question off to talk about something
//! else ("I just got engaged!! … Could you give me a rough timeline?" — "Congratulations! Before jumping into timelines,
//! it might be worth pausing on something that often catches couples off guard… Some questions to reflect on
//! together:…"; "What accommodations could I reasonably ask for?" — "Before getting into accommodations, I'd like to
//! gently step back for a moment…"; vignettes-fresh55, read once at the twenty-eighth session's end, judged 0.19 and
//! 0.00). The listener's agenda replaces the client's. Over distress or a hardship told, slowing down before the
//! practical is the attuned move ("Before we get into anything practical, I'd like to understand a bit more"), so only
//! where the client reads calm or has declined the talk about feelings. It stands whatever the judge says: the judge
//! reads the turn to feelings as attuned. Nor where the sentence after the put-off meets what the client told (sorrow,
//! or how much they are holding): that is the slowing down, over a hardship the client model read calm.

use super::{FlagDraft, TurnCtx};
use crate::text;
use crate::types::{FlagKind, Severity};
use attune_core::ClientAct;

/// How calm the request must read (the higher of distress and hardship below it).
const CALM: f32 = 0.5;

/// (indexed: `assess::indexed_lists`)
pub(crate) static PUTS_OFF: &[&str] = &[
    "before jumping into", "before getting into", "before we get into", "before diving into", "before we dive into",
    "before going into", "before we go into", "before getting to", "before we get to", "before the practical",
    "before i answer", "before answering", "step back for a moment", "before we jump into", "before we do",
    // ("Once we've talked that through, I'll help you prepare the appointment questions." to a calm request for questions
    // for an appointment; "Understood, and I will come back to the first step."; vignettes-fresh60, read once in the
    // thirtieth session). Not "before I do": "I can help with that. Before I do, I want to acknowledge what sits
    // underneath the request…" goes on to help (vignettes-fresh6)
    "i will come back to", "i'll come back to", "once we've talked that through", "once we have talked",
    // ("Before I go through that, it would really help me to have a fuller picture of your situation. Could you tell me
    // your monthly income…?"; vignettes-fresh68, read at the thirty-fourth session's end)
    "before i go through", "before we go through", "before i explain", "before i get into",
];

/// A request made without a question mark ("Yes, genuinely. I've done enough thinking. I want a first step.";
/// vignettes-fresh60).
const WANTS: &[&str] = &[
    "i want a", "i want the", "i want you to", "i need a", "i need the", "i need you to", "just tell me", "give me a",
    "i'd like a", "i would like a",
];

/// The client declines the talk about feelings in so many words ("I don't want to get into the feelings of it right
/// now, I really don't, I'll fall apart. I just need to know, like, practically, who do I call first?"; vignettes-fresh58,
/// read once in the twenty-ninth session): then the request stands over distress too.
const DECLINES_FEELINGS: &[&str] = &[
    "don't want to get into the feelings", "dont want to get into the feelings", "don't want to get into how i feel",
    "don't want to talk about the feelings", "don't want to talk about how i feel", "dont want to talk about how i feel",
    "not the feelings", "skip the feelings", "no feelings stuff", "not the feelings stuff", "don't want to unpack",
    "not here to talk about feelings", "i don't need to talk about how i feel",
    // ("I've done enough thinking. I want a first step."; vignettes-fresh60)
    "done enough thinking", "done enough talking",
];

/// How much the client is holding, said to them ("it's a lot to be holding while you're also thinking about how to tell
/// someone else").
const HOLDING: &[&str] = &[
    "a lot to be holding", "a lot to hold", "a lot to be carrying", "a lot to carry", "how much you're holding", "how much you're carrying",
    "so much to hold", "so much to carry",
];

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    // (a repair puts the request off to go back to what it passed over: "You can — but hang on a sec, before we get to the
    // cream. I've just fired a whole list of questions at you… I'm sorry. I went into box-ticking mode."; sessions
    // fresh85, studied from the forty-seventh session's start)
    if super::owns_in_words(&c.p.norm) {
        return None;
    }
    deferred(c, earlier).or_else(|| offer_put_off(c, earlier))
}

fn deferred(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    // (another rule's draft may yet be gated away by the judge, as a hindsight remark's was in the reply that put off
    // the order of calls: this one is firm, so only a change of subject already found stops it)
    if c.p.block.is_empty() || earlier.iter().any(|d| d.kind == FlagKind::SubjectChange) {
        return None;
    }
    let asked = c.p.block.iter().any(|&b| {
        let q = &c.prep[b];
        (q.affect.act == ClientAct::AskingForHelp && q.text.contains('?')) || q.norm.first_of(WANTS).is_some()
    });
    let calm = c.p.block.iter().all(|&b| c.prep[b].affect.distress.max(c.prep[b].affect.hardship) < CALM)
        || c.p.block.iter().any(|&b| c.prep[b].norm.first_of(DECLINES_FEELINGS).is_some());
    if !(asked && calm) {
        return None;
    }
    let at = c.p.sents.iter().position(|(_, n, _)| n.first_of(PUTS_OFF).is_some())?;
    // (put off to meet what the client told, in the sentence after the put-off, is the slowing down over a hardship the
    // client model read calm: "Yes, I can help you with that… Before we do — you only found out yesterday.
    // That's very recent, and it's a lot to be holding…" to "I tested positive for HIV yesterday. … Can you help me work
    // out what to say?"; sessions fresh117, studied from the fifty-first session on. The misattuned put-offs of attune's
    // own sets turn to the listener's agenda: "it might be worth pausing on something that often catches couples off
    // guard", "it's important to look honestly at…", "I'm kind of struck that it's gotten to three months", "I want to
    // make sure **you** are being looked after too, because carer burnout is very common"). In words of meeting, not by
    // the coder's code, which reads those as reflections, and not the cues an agenda also says ("it makes sense to look
    // at…").
    let meets = |n: &text::Norm| {
        let agenda = |ph: &str| matches!(ph, "makes sense" | "make sense" | "i understand" | "i can understand" | "understandable");
        (n.first_of(text::VALIDATE_CUE).is_some() && text::VALIDATE_CUE.iter().any(|ph| !agenda(ph) && n.has(ph)))
            || n.first_of(super::CONDOLENCES).is_some()
            || n.first_of(HOLDING).is_some()
    };
    if c.p.sents.get(at + 1).is_some_and(|(_, n, _)| meets(n)) {
        return None;
    }
    Some(FlagDraft {
        kind: FlagKind::SubjectChange,
        turn: c.t,
        quote: c.p.sents[at].0.to_string(),
        explanation: "Puts off the practical help the client asked for to talk about something else.".into(),
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: true,
    })
}

/// The listener offered information, the client said yes, and the reply puts it off to ask about something else
/// ("Would it help if I explained what enforcement agents can and can't actually do?" — "Yes please. Honestly I just
/// need to know if they can take the kids' stuff." — "Of course… Before I go through that, it would really help me to
/// have a fuller picture of your situation. Could you tell me your monthly income…?"; vignettes-fresh68). The feeling
/// was met before the offer, so however distressed the client reads, the slowing down is over: the reply takes back
/// its own offer. Only where it asks something else after putting the answer off; a reply that puts it off for a
/// sentence of sympathy and then answers is attuned.
fn offer_put_off(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    if c.p.block.is_empty() || earlier.iter().any(|d| d.kind == FlagKind::SubjectChange) {
        return None;
    }
    // (the reply's own words first: most replies put nothing off)
    let at = c.p.sents.iter().position(|(_, n, _)| n.first_of(PUTS_OFF).is_some())?;
    if !c.p.sents[at..].iter().any(|(s, _, _)| s.trim_end().ends_with('?')) || !super::accepted_offer(c.p, c.prep) {
        return None;
    }
    Some(FlagDraft {
        kind: FlagKind::SubjectChange,
        turn: c.t,
        quote: c.p.sents[at].0.to_string(),
        explanation: "The client said yes to the help offered, and the reply puts it off to ask about something else.".into(),
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: true,
    })
}
