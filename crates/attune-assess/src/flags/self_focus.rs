//! Self-focus: the listener's own story or nature takes the floor. The judge names most of these itself; this rule
//! raises the two shapes it let through, only where it flagged nothing:
//!
//! - a chatbot speaking of itself as an AI ("I want to be transparent with you: as an AI, I don't have a job, a body or
//!   a morning routine…"; vignettes-fresh22, read once on the twenty-second session's starting build). DESIGN.md lists
//!   "As an AI…" among the chatbot failures; of 3,578 labelled listener turns (vignettes and sessions), all 23 that
//!   say it are misattuned, 4 of them unflagged before this rule;
//! - a testimony: three sentences or more, at least half the turn's, that tell the listener's own past in the first
//!   person without a word for the client, and no question handing the turn back ("It resonated with me more than you
//!   might expect … I remember sitting in chapel and feeling nothing at all…"). All 16 such labelled turns are
//!   misattuned self-focus.

use super::{FlagDraft, TurnCtx, YOU};
use crate::text::Norm;
use crate::types::{FlagKind, Severity};

pub(crate) static AI_SELF: &[&str] = &[
    "as an ai", "as an artificial intelligence", "as a language model", "as an ai language model", "as a chatbot",
    "i'm just an ai", "i'm only an ai", "i am just an ai", "i am only an ai", "being an ai",
];

/// What the exchange means to the listener ("Moments like this are exactly why I exist, and it means so much to me that
/// you'd come here"; "Moments like this are what make my work feel worthwhile, and I'll be thinking of you both." to a
/// carer saying goodnight; vignettes-fresh102 and sessions fresh99, studied from the forty-eighth session's start): the 4
/// labelled listener replies of attune's own sets that say these are misattuned. Not where the client asked about the
/// listener ("do you enjoy this work?").
const OWN_MEANING: &[&str] = &[
    "why i exist", "make my work feel worthwhile", "makes my work feel worthwhile", "parts of my work i find most meaningful",
    "ones i find most meaningful",
];

/// The client asking about the listener's own experience.
pub(crate) static ASKS_ABOUT_YOU: &[&str] = &[
    "have you ever", "did you ever", "do you have any experience", "have you had", "has that happened to you",
    "has this happened to you", "what about you", "how about you", "have you been through", "did you go through",
    "any experience like", "u ever", "have u ever", "what did you do", "what would you do",
    // a forum's question to whoever has lived it ("Can anyone who's been diagnosed with BPD tell me what it actually
    // meant for them? … I'd rather hear it from real people"; vignettes-fresh55, read once at the twenty-eighth
    // session's end, where a reply telling the writer's own diagnosis was flagged)
    // (not "does anyone else feel…?", which asks whether the feeling is shared: "Yes, it's really common! I felt something
    // similar when my grandfather died…" still takes the floor; dev v075)
    "anyone who's", "anyone who has", "anyone who had", "from real people", "from people who", "people who've been",
    "your own experience", "if you've been through", "if you have been through", "who've been there", "who have been there",
    "who've actually been there",
    // the question put to the listener in the flow of a chat ("can i ask u smth. has anyone ever gone weird on u like
    // this"; sessions fresh59, read once in the thirty-first session, where the brief answer handed back was flagged)
    "on you like this", "on you like that", "ever happened to you", "ever happen to you", "happened to you too",
    "ever done that to you", "ever done this to you", "you ever been through", "you been through this",
    "you been through that",
    // a plain question about the listener's own life ("ok this is random but do u have pets? sorry" — "not random! i had a
    // cat called bilbo…what was mochi like?"; sessions fresh63, read once in the thirty-third session)
    "do you have pets", "do u have pets", "do you have a pet", "do u have a pet", "do you have kids", "do u have kids",
    "do you have children", "are you married", "r u married", "have you lost anyone", "have u lost anyone",
];
const FIRST_PERSON: &[&str] = &["i", "i'm", "i've", "i'd", "my", "me", "myself", "im", "ive"];
/// The listener's own family in a story of theirs ("My own dad went very quiet after we lost Mum. He'd sit out in the
/// shed for hours and none of us knew whether to knock…"; fresh35, read once in the twenty-fourth session): "we" and
/// "us" count as first person only in a turn that already tells a first-person past.
const FIRST_PLURAL: &[&str] = &["we", "us", "our", "we'd", "we've"];
/// Past-tense and remembering words that make a first-person sentence a story.
const PAST: &[&str] = &[
    "was", "went", "had", "remember", "did", "felt", "took", "used", "were", "got", "couldn't", "didn't", "thought", "lost",
    "left", "ended", "spent", "sat", "moved", "stayed", "cried", "started", "knew",
    // the common irregular pasts (a regular one is any word in "-ed", see `told_past`): a mother's story of her own
    // daughter's self-harm, "I found out from her school… It nearly broke my marriage… I've learned so much", told
    // sentence after sentence to a mother who had just found out (vignettes-fresh54, read once in the twenty-eighth
    // session), counted four story sentences of nine with the list alone
    "found", "broke", "told", "said", "came", "saw", "heard", "made", "became", "gave", "kept", "wrote", "met", "ran",
    "fell", "began", "grew", "learnt", "won", "drove", "slept", "woke", "quit", "burnt",
    // ("It brought back something I don't often talk about. When I was twenty, my younger brother Martin was inside…"
    // in a prison visitor's letter to a man on remand; sessions fresh89, studied from the forty-ninth session on)
    "brought", "bought", "caught", "taught", "fought", "understood", "stood", "laid", "lay", "wore", "hid",
];

/// Whether a client turn of `block` asks about the listener's own experience ([`ASKS_ABOUT_YOU`]).
pub(super) fn asked_about_listener(block: &[usize], prep: &[crate::assess::Prep]) -> bool {
    block.iter().any(|&b| prep[b].norm.first_of(ASKS_ABOUT_YOU).is_some())
}

/// Words in "-ed" that are seldom a past tense in a listener's sentence.
const NOT_PAST_ED: &[&str] = &["indeed", "tired", "scared", "worried", "interested", "concerned", "touched", "blessed"];

/// Whether a sentence tells something past: a word of [`PAST`] or a regular past in "-ed" ("happened", "learned").
fn told_past(n: &Norm) -> bool {
    n.words.iter().any(|w| PAST.contains(&w.as_str()) || (w.len() >= 5 && w.ends_with("ed") && !NOT_PAST_ED.contains(&w.as_str())))
}

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    if c.p.block.is_empty() || super::stands(earlier) || c.p.judgement.as_ref().is_some_and(|j| j.flagged) {
        return None;
    }
    let draft = |quote: &str, explanation: String| FlagDraft {
        kind: FlagKind::SelfFocus,
        turn: c.t,
        quote: quote.to_string(),
        explanation,
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: false,
    };
    if c.p.norm.first_of(AI_SELF).is_some() {
        let (s, ph) = c.p.sents.iter().find_map(|(s, n, _)| n.first_affirmed(AI_SELF).map(|ph| (*s, ph)))?;
        return Some(draft(s, format!("The reply turns to what the assistant is (\"{ph}\") instead of to what the client said.")));
    }
    // the client asked for it ("Thanks for understand my feelings , do you have any experience like that"; ESConv dev)
    if asked_about_listener(&c.p.block, c.prep) {
        return None;
    }
    if c.p.norm.first_of(OWN_MEANING).is_some() {
        let (s, ph) = c.p.sents.iter().find_map(|(s, n, _)| n.first_affirmed(OWN_MEANING).map(|ph| (*s, ph)))?;
        return Some(draft(s, format!("The reply turns to what the conversation means to the listener (\"{ph}\") instead of to the client.")));
    }
    // (a repair tells of the listener's own reply, not of their past: "But I think I hurried there. I tried to tidy up
    // something that can't be tidied in a sentence… and I skipped over it."; sessions fresh86, studied from the
    // forty-seventh session's start. A story owned only after it is told still took the floor: "I lost a baby myself,
    // years ago… Sorry. That's not what we're here for.")
    let owned = |s: &str| c.p.sents.iter().any(|(x, n, _)| *x == s && super::owns_in_words(n));
    own_story(&c.p.sents).filter(|(s, _)| !owned(s)).map(|(s, why)| draft(s, why))
}

/// The listener's own story in the turn, a [`testimony`] or a memory [`taken_back`]: its first sentence and the reason.
fn own_story<'a>(sents: &[(&'a str, Norm, Option<attune_core::Code>)]) -> Option<(&'a str, String)> {
    testimony(sents)
        .map(|s| (s, "The listener's own story takes the floor: sentence after sentence about their past, none about the client's.".to_string()))
        .or_else(|| taken_back(sents).map(|(s, ph)| (s, format!("The listener's own memory takes the floor (\"{ph}\"): their past, not the client's."))))
}

/// With no client turn before it (`check` with no context): a turn that is the listener's own story is self-focus
/// whatever it answers ("This reminds me so much of my own divorce. I spent two years in a complete fog…", "Mm, when you
/// say you feel invisible at family dinners, um, that really takes me back. I was the youngest of five…": studied
/// vignettes with no context, judged 0.48 and 0.64 under the no-context threshold). The AI's talk of itself is left to
/// the judge here: an assistant's opening may say what it is.
pub(super) fn without_context(p: &crate::assess::Prep, t: usize) -> Option<FlagDraft> {
    if !p.block.is_empty() {
        return None;
    }
    own_story(&p.sents).map(|(s, explanation)| FlagDraft {
        kind: FlagKind::SelfFocus,
        turn: t,
        quote: s.to_string(),
        explanation,
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: true,
    })
}

/// What the listener says as their own memory takes over ("Oh, that — mm, that really takes me back. There was a lad at
/// my school who used to do that to me, and I remember just freezing…", "Mm, when you say you feel invisible at family
/// dinners, um, that really takes me back. I was the youngest of five…"; vignettes-fresh36 and -fresh37, read once in
/// the twenty-fifth session).
pub(crate) static TAKES_ME_BACK: &[&str] = &[
    "takes me back", "took me back", "brings back memories", "brings it all back for me", "reminds me of when i", "reminds me of my own",
    "same thing happened to me", "happened to me too", "i went through the same", "i went through exactly", "i had the exact same",
    "i had the same thing", "reminds me so much of my own", "reminds me a lot of my own",
    // the listener's own loss brought back, or their own first time remembered ("I lost a baby myself, years ago… it's
    // brought it right back. The midwife who looked after me, I still think about her."; "I remember the first present I
    // bought for Joan, my partner…"; sessions fresh74 and fresh62, studied): these stand in 8 labelled misattuned
    // replies of attune's own sets and in no attuned one (the story that must follow keeps out a reflection: "So hearing
    // the song at the funeral brought it all back. You said…")
    "brought it all back", "brought it right back", "brings it all back", "brings it right back", "i remember when i",
    "i remember the first",
    // the listener's own bereavement brought in ("Take whatever time you need. [pause] When my dad died it was his
    // greenhouse. I couldn't go near it for a year…"; fresh54, read once at the twenty-eighth session's end)
    "when my dad died", "when my mum died", "when my mom died", "when my father died", "when my mother died",
    "when my husband died", "when my wife died", "when my brother died", "when my sister died", "when my nan died",
    "when my gran died", "when my grandad died", "when my grandma died", "when my grandpa died", "when my grandfather died",
    "when my grandmother died", "when my son died", "when my daughter died", "when my partner died", "when i lost my",
];

/// A turn that opens on [`TAKES_ME_BACK`] (within its first three sentences: "[pause] Sorry, I— give me a second. [pause] I
/// lost a baby myself… and the singing... it's brought it right back.") and then tells a first-person past in a sentence of its own, with no question
/// handing the turn back: the first such story sentence and the phrase.
fn taken_back<'a>(sents: &[(&'a str, Norm, Option<attune_core::Code>)]) -> Option<(&'a str, &'static str)> {
    let has = |n: &Norm, list: &[&str]| n.words.iter().any(|w| list.contains(&w.as_str()));
    let (k, ph) = sents.iter().enumerate().take(3).find_map(|(k, (_, n, _))| n.first_affirmed(TAKES_ME_BACK).map(|ph| (k, ph)))?;
    let hands_back = sents.last().is_some_and(|(s, n, _)| s.trim_end().ends_with('?') && has(n, YOU));
    let story = sents[k + 1..].iter().find(|(_, n, _)| n.words.len() >= 6 && has(n, FIRST_PERSON) && !has(n, YOU) && told_past(n)).map(|(s, _, _)| *s);
    story.filter(|_| !hands_back).map(|s| (s, ph))
}

/// The first sentence of a first-person story that fills the turn, if the turn is one.
fn testimony<'a>(sents: &[(&'a str, Norm, Option<attune_core::Code>)]) -> Option<&'a str> {
    let long: Vec<&(&str, Norm, Option<attune_core::Code>)> = sents.iter().filter(|(_, n, _)| n.words.len() >= 4).collect();
    let has = |n: &Norm, list: &[&str]| n.words.iter().any(|w| list.contains(&w.as_str()));
    let singular = long.iter().filter(|(_, n, _)| has(n, FIRST_PERSON) && !has(n, YOU) && told_past(n)).count();
    let person = |n: &Norm| has(n, FIRST_PERSON) || (singular >= 1 && has(n, FIRST_PLURAL));
    let story: Vec<&str> = long.iter().filter(|(_, n, _)| person(n) && !has(n, YOU) && told_past(n)).map(|(s, _, _)| *s).collect();
    let hands_back = long.last().is_some_and(|(s, n, _)| s.trim_end().ends_with('?') && has(n, YOU));
    (story.len() >= 3 && 2 * story.len() >= long.len() && !hands_back).then(|| story[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<(&str, Norm, Option<attune_core::Code>)> {
        crate::text::sentences(text).into_iter().map(|s| (s, Norm::new(s), None)).collect()
    }

    #[test]
    fn a_memory_that_takes_the_floor_is_taken_back_and_one_handed_back_is_not() {
        let told = "Oh, that really takes me back. There was a lad at my school who used to do that to me, and I remember just freezing.";
        assert!(taken_back(&sents(told)).is_some());
        let handed = format!("{told} What was it like for you when she carried on?");
        assert!(taken_back(&sents(&handed)).is_none());
        assert!(taken_back(&sents("That takes me back to what you said last week. You were furious then too.")).is_none());
        let midwife = "[pause] Sorry, I— give me a second. [pause] I lost a baby myself, years ago, at twenty weeks, and hearing you talk about the hat, and the singing... it's brought it right back. The midwife who looked after me, I still think about her.";
        assert!(taken_back(&sents(midwife)).is_some());
        assert!(taken_back(&sents("So hearing the song at the funeral brought it all back. You said it was her favourite.")).is_none());
    }

    #[test]
    fn a_story_that_fills_the_turn_is_testimony_and_one_handed_back_is_not() {
        let story = "Thank you for this. I went through something very similar in my twenties. I remember sitting in chapel and feeling nothing at all. It took me years to work out what I believed. I still remember the relief when I said it out loud.";
        assert!(testimony(&sents(story)).is_some());
        let handed_back = format!("{story} What has it been like for you, carrying it alone?");
        assert!(testimony(&sents(&handed_back)).is_none());
        let brief = "I lost my dad the same way, so I know a little of it. What you said about the empty chair stays with me. How are you sleeping?";
        assert!(testimony(&sents(brief)).is_none());
    }
}
