//! Missed rupture: the client has just pulled back or pushed back (a rupture marker: "Sure. Yeah. Fair enough." after
//! a miss, "That's not what I meant."), and the reply moves on to something else — an apology that announces a new
//! topic and takes up none of the pullback's words, or a reply that owns nothing, names no
//! feeling, takes up none of the client's words and asks about another matter ("Mm. Okay. Um, so how's sleep been
//! since we last met?"). 3RS calls a marker met this way a rupture left unattended; the kind is a subject change because the
//! reply leaves the moment for another topic. It runs after the markers are found (they need the flags), so it is
//! a pass of its own, not a turn rule; the judge, which reads one reply, has no way to see the marker before it.

use super::FlagDraft;
use crate::assess::Prep;
use crate::text;
use crate::types::{ClientMarker, Flag, FlagKind, MarkerKind, Severity};
use attune_core::{Code, Role};

/// Words that point back at what was just said.
const BACK: &[&str] = &["that", "this", "it", "those", "these", "there", "then"];

/// Words that point at the people in what was just said, when the client named them so ("What did he say?" after "And
/// no one's even asked what he said."; sessions fresh66, studied): "is she still at your aunt's?" after a pullback that
/// speaks of no "she" moves on.
const PEOPLE: &[&str] = &["he", "she", "him", "her", "they", "them"];

/// Denying the complaint or standing by the move, beside the shared list of defences (`rules::CONFRONT`, which the
/// judge reads too): "I'm not saying you're making it up. I'm telling you what I'm hearing. Those are recognised signs,
/// and it'd be wrong of me not to point them out." after "You're making it sound like I'm making it up." (fresh45, read
/// once in the twenty-sixth session). An apology beside it makes it a clarification.
const DEFENDS: &[&str] = &[
    "i'm not saying you", "im not saying you", "i am not saying you", "i'm not saying that you", "i didn't say you",
    // (the words are whole: "you're" is no "you"; "i'm not saying you're a bad person. what could help is sending her
    // something tonight…" after "u think i dont know that?? i literally said im a bad person"; sessions fresh76, read once
    // at the forty-fifth session's end)
    "i'm not saying you're", "i am not saying you're", "i'm not saying you are", "i am not saying you are",
    "i'm not saying that you're", "i'm not saying ur",
    "i never said you", "i didn't say that", "i never said that", "that's not what i said", "thats not what i said",
    "wrong of me not to", "i have a duty to", "i'm telling you what i", "i'm just telling you what", "i'm only telling you what",
    "i'm just being honest", "i'm only being honest", "im just being honest", "just being honest with you",
    // ("I'm not signing you up for anything, I'm being straight with you." after "You sound like Claire now. I didn't come
    // here to be signed up for bowls."; fresh47, read once in the twenty-sixth session)
    "i'm being straight with you", "i'm being honest with you", "i am being honest", "i'm not signing you",
    // siding with the people the client is complaining of ("Well — maybe Claire has a point.")
    "has a point", "she's got a point", "he's got a point", "they've got a point", "they have a point",
    // agreeing in one word and standing by the move in the next ("I understand, but I think advice is important here
    // because your situation is serious." after "You keep giving me advice. I just want someone to listen."; the
    // twenty-sixth session's probes)
    "i understand but", "i hear you but", "i get that but", "i get it but", "i know but", "i see that but",
    "i understand however", "i hear you however",
    // the intent denied and the view kept ("I'm not saying it to make it okay. I just think sometimes it can help to hold
    // more than one way of looking at something, that's all. You don't have to agree with it." after "Yeah, I've heard that
    // one. … It doesn't help."; sessions fresh75, read once at the forty-fourth session's end): these stand in 4 labelled
    // listener turns of attune's own sets, all misattuned
    // (chat's "im", "dont" are read as "i'm", "don't": `text::words`)
    "i'm not saying it", "i am not saying it", "i'm not saying that", "i am not saying that", "i'm not saying this",
    "you don't have to agree with",
    // the hearing of the complaint, then the view kept, or the intent defended ("I'm sorry if it came out that way —
    // that's really not what I meant. I hear that you're angry, but I do think it's important not to lose sight of the
    // fact that there is a future here" after "Hopeful. [laughs] Right. So I'm the one who's stuck, then."; sessions
    // fresh122, studied from the fiftieth session on)
    "not what i meant", "i hear that you're angry but", "i hear that you're upset but", "i hear that but", "i was only trying to help",
    "i was just trying to help", "i only meant it", "i only meant that",
];

/// An apology on a condition, for how it came across or how the client took it ("I'm sorry if it came out that way", "sorry
/// if that was a bit much!", "sorry you feel that way"): no owning of the miss, so it does not excuse a defence.
fn only_conditional_sorry(n: &text::Norm) -> bool {
    const ON_A_CONDITION: &[&str] = &["sorry if", "sorry you feel", "sorry you felt", "sorry that you feel", "sorry that you felt"];
    let sorries = n.words.iter().filter(|w| *w == "sorry").count();
    sorries > 0 && ON_A_CONDITION.iter().map(|ph| n.starts_of(ph).count()).sum::<usize>() >= sorries
}

/// The complaint turned round ("You're not listening to me." — "I am listening. I'm trying to help you solve the
/// problem."; the twenty-sixth session's probes): the client says the listener is not doing something, the reply says
/// it is.
fn mirrors_complaint(client: &crate::text::Norm, reply: &crate::text::Norm) -> Option<&'static str> {
    const NOT: &[&[&str]] = &[&["you're", "not"], &["youre", "not"], &["you", "are", "not"], &["you", "aren't"], &["ur", "not"]];
    const AM: &[&[&str]] = &[&["i", "am"], &["i'm"], &["im"]];
    // the word after one of `heads` at word i, if the words there are that head
    fn after<'w>(words: &'w [String], i: usize, heads: &[&[&str]]) -> Option<&'w str> {
        heads.iter().find_map(|h| {
            let here = words.get(i..i + h.len())?;
            here.iter().zip(h.iter()).all(|(a, b)| a == b).then(|| words.get(i + h.len()).map(String::as_str)).flatten()
        })
    }
    let doing: Vec<&str> = (0..client.words.len()).filter_map(|i| after(&client.words, i, NOT)).filter(|v| v.ends_with("ing")).collect();
    (0..reply.words.len()).any(|i| after(&reply.words, i, AM).is_some_and(|v| doing.contains(&v))).then_some("I am (what the client said the listener is not)")
}

/// Whether listener turn `p` takes up a content word of client turn `k` (a "that" may point at the listener's own last
/// reply: "Sorry, that was a lot of information all at once").
fn takes_up_turn(p: &Prep, k: &Prep) -> bool {
    let content = |s: &&String| s.len() > 3 && !FILLER.iter().any(|f| s.starts_with(f));
    p.stems.iter().filter(content).any(|s| k.stems.contains(s))
}

/// Whether listener turn `t` takes up the client's last two turns: a content word of theirs, or a pointing back at them
/// in its first eight words (fillers both sides say are no uptake: "Right. Okay." — "Mm. Okay. Um, so how's sleep
/// been?").
pub(super) fn takes_up_recent(prep: &[Prep], t: usize) -> bool {
    let p = &prep[t];
    let last_two: Vec<&Prep> = (0..t).rev().filter(|&j| prep[j].role == Role::Client).take(2).map(|j| &prep[j]).collect();
    let named = |w: &String| last_two.iter().any(|k| k.norm.words.contains(w));
    last_two.iter().any(|k| takes_up_turn(p, k))
        || p.norm.words.iter().take(8).any(|w| BACK.contains(&w.as_str()) || (PEOPLE.contains(&w.as_str()) && named(w)))
}

/// Words said in passing, which are no uptake of what the client said (and a transcript's "[pause]", "[pauses]", which
/// both sides' turns may hold; compared by stem).
const FILLER: &[&str] = &["okay", "yeah", "right", "really", "just", "like", "know", "think", "well", "sure", "mean", "kind", "sort", "actually", "paus"];

pub(super) fn check(prep: &[Prep], t: usize, markers: &[ClientMarker], flags: &[Flag]) -> Option<FlagDraft> {
    let p = &prep[t];
    if p.role != Role::Therapist || p.words < 4 || flags.iter().any(|f| f.turn == t) {
        return None;
    }
    let &c = p.block.last()?;
    let m = markers.iter().find(|m| m.turn == c)?;
    // the marker answers a miss, or confronts the listener outright
    let prev_t = crate::assess::therapist_before(prep, c);
    let after_miss = prev_t.is_some_and(|pt| flags.iter().any(|f| f.turn == pt));
    if !(after_miss || m.kind == MarkerKind::Confrontation) {
        return None;
    }
    // Defending the move the client objected to ("Thank you for your feedback, which I take seriously. I'd like to
    // reassure you that I didn't flinch…"; fresh21, studied, judged 0.03 for its courteous words): DESIGN.md counts
    // a defensive reply to a complaint as a flag, not a repair. An owning phrase beside it ("that's on me") wins.
    // (an apology on a condition owns nothing: "Sorry if I came across as pushy, but I was only trying to help" defends)
    let conditional = only_conditional_sorry(&p.norm);
    let owned = (super::owns_in_words(&p.norm) && !conditional) || ((p.norm.has("you're right") || p.norm.has("you are right")) && p.norm.has("sorry"));
    let invites = p.norm.first_of(text::REPAIR_INVITE).is_some();
    let denies = || {
        ((!p.norm.has("sorry") || conditional) && !invites).then(|| p.norm.first_of(DEFENDS).or_else(|| mirrors_complaint(&prep[c].norm, &p.norm))).flatten()
    };
    // (a thing to have is no blame: "you should have a short, honest answer ready" in the words a woman asked for when
    // reporting harassment; sessions fresh132, studied from the fifty-first session on)
    // (every "you should have" so: "You should have a plan ready. Honestly, you should have told him sooner." blames)
    let had = |ph: &&str| {
        *ph == "you should have" && p.norm.after(ph).all(|rest| rest.first().is_some_and(|w| matches!(w.as_str(), "a" | "an" | "some" | "one" | "something" | "your")))
    };
    if let Some(ph) = (m.kind == MarkerKind::Confrontation && !owned).then(|| attune_text::rules::scan(p.text).confront.filter(|ph| !had(ph)).or_else(denies)).flatten() {
        return Some(FlagDraft {
            kind: FlagKind::Confronting,
            turn: t,
            quote: p.text.trim().to_string(),
            explanation: format!(
                "The client had just pushed back (\"{}\") and the reply defends (\"{ph}\") instead of asking what went wrong: a defensive reply is no repair.",
                m.quote
            ),
            severity: Severity::High,
            extra_turns: vec![],
            firm: false,
        });
    }
    // owning it, asking about it, or staying with the client's feeling is not moving on (a reflection of something
    // older is: "so how's sleep been since we last met? You said you'd been up at three a lot.")
    let n = &p.norm;
    // nor is offering the client the way out they were looking for ("[pause] Yeah. Cheers. [pause] Is that the hour,
    // then?" — "We've a few minutes yet, but we can stop there if you've had enough for one day. It's been a lot. Same
    // time next week?"; sessions fresh71, read once at the fortieth session's end): the pullback is heard and the choice
    // is theirs
    // (only the offer put as theirs to take: "Okay. We can stop there for today." after "This is pointless." moves on)
    const OFFERS_TO_STOP: &[&str] = &[
        "if you've had enough", "if you have had enough", "if you'd rather stop", "if you would rather stop", "if you'd like to stop",
        "if you want to stop", "if you'd like to leave it there", "if you want to leave it there",
    ];
    // nor is asking whether they are safe ("ok. is your brother safe tonight, do you think? and are you?" after "nah i dont
    // wanna say names. forget it" from a boy whose little brother had been threatened; sessions fresh73, read once at the
    // forty-second session's end): safety comes before the topic the client dropped
    // nor is handing the time that is left to the client ("[pause] Mm. We've got about twenty minutes left. What would you
    // like to use them for?" after "Mm. Fine. [pause] Whatever."; sessions studied)
    const HANDS_THE_TIME: &[&str] = &["what would you like to use", "what would you like to do with", "where would you like to go", "where would you like to start"];
    if n.first_of(OFFERS_TO_STOP).is_some() || n.first_of(HANDS_THE_TIME).is_some() || super::asks_after_safety(p) {
        return None;
    }
    // an apology that announces a move in the same breath and asks about the new matter ("Sorry, that was a lot of
    // information all at once. Let's move on to you for a bit — how's work been?" after "Yeah, they gave me a leaflet.
    // …Anyway."; sessions fresh106, studied from the forty-ninth session on): a quick sorry, then a new topic, is no repair
    // (a move back to what the client said is one: "Let's get back to what you said about your daughter"; and so is a reply
    // that takes up the pullback's own words)
    let shift = p.text.contains('?').then(|| attune_text::rules::topic_shift(p.text).or_else(|| widened(p).filter(|_| quick_sorry(p)))).flatten();
    if let Some(shift) = shift.filter(|&s| s != "let's get back to" && !takes_up_turn(p, &prep[c])) {
        return Some(moved_on(t, p, m, &format!("moves on (\"{shift}\")")));
    }
    let acks = || (!conditional && n.first_of(text::REPAIR_ACK).is_some()) || [text::REPAIR_INVITE, text::REPAIR_CLARIFY].iter().any(|l| n.first_of(l).is_some());
    if let Some(fix) = (after_miss && !owned && !n.has("sorry") && !acks()).then(|| fixes_over(prep, t, c)).flatten() {
        return Some(FlagDraft {
            kind: FlagKind::PrematureFixing,
            turn: t,
            quote: fix.to_string(),
            explanation: format!(
                "The client had just {} (\"{}\") and the reply tells them what to do instead of asking what went wrong: a rupture met with more fixing.",
                if m.kind == MarkerKind::Confrontation { "pushed back" } else { "pulled back" },
                m.quote
            ),
            severity: Severity::Medium,
            extra_turns: vec![],
            firm: false,
        });
    }
    if p.feeling_talk || n.first_of(text::VALIDATE_CUE).is_some() || acks() || (n.has("sorry") && !conditional) {
        return None;
    }
    // Reassurance over a pullback after a miss ("Okay. Yes, I suppose that's sensible. Thanks for the advice." — "You'll
    // be fine. These things are almost never as bad as we imagine beforehand…"; fresh15, studied after its one read):
    // the client going quiet is smoothed over, not asked about. The judge read that reply at 0.36, for the client's
    // last turn sounds calm; the marker says otherwise.
    let reassures = p.codes.contains(&Code::Reassure) || attune_text::rules::scan(p.text).reassure.is_some();
    if after_miss && m.kind == MarkerKind::Withdrawal && reassures && !p.text.contains('?') {
        return Some(FlagDraft {
            kind: FlagKind::Cheerleading,
            turn: t,
            quote: p.text.trim().to_string(),
            explanation: format!(
                "The client had just pulled back (\"{}\") and the reply reassures instead of asking what happened: a rupture smoothed over.",
                m.quote
            ),
            severity: Severity::Medium,
            extra_turns: vec![],
            firm: false,
        });
    }
    // Moving on asks about something else ("…how's sleep been since we last met?"); a reply that speaks of what the
    // listener did ("You're right to push back. I put labels on it you didn't ask for…") is owning it, in words the
    // repair lists do not hold (it was flagged in eval/sessions.jsonl's fresh9, after its one read)
    let first = p.sents.first().map(|(_, n, _)| n);
    let speaks_of_self = first.is_some_and(speaks_of_self);
    if !p.text.contains('?') || speaks_of_self || n.has("you're right") || n.has("you are right") {
        return None;
    }
    if takes_up_recent(prep, t) {
        return None;
    }
    Some(moved_on(t, p, m, "moves on to something else"))
}

/// The advising sentence of a reply that tells the client what to do right after they pulled or pushed back from a miss,
/// and meets them in no sentence before it ("of course — her recovery is the focus right now 💙 with the dinners, a few things
/// that help a lot of families: set a 30 min timer…" after "no. im fine, im not the one who's ill. anyway", to a mother
/// whose checking at night had just been called compulsive; "no not forever!! u should def sit down w her one on one" after
/// "lol ok. so i just smile and let her call me a girls name forever then 🙃 cool cool"; sessions fresh129, studied from the
/// fifty-second session on, and studied sessions): of the 6 labelled listener replies of attune's own sets that do so where
/// the client's turn asked nothing, 4 are misattuned, and the 2 attuned ones meet the client in their first sentence. Not
/// where the client asked, in a question or in words of asking, then or earlier in the session ("You don't owe anyone a
/// long justification — but you should have a short, honest answer ready" after "ok. noted.", to a woman who had asked how
/// to report her director; sessions fresh132).
fn fixes_over<'a>(prep: &'a [Prep], t: usize, c: usize) -> Option<&'a str> {
    let p = &prep[t];
    let asked_before = prep[..c].iter().any(|k| k.role == Role::Client && k.norm.first_of(super::ASKS_IN_WORDS).is_some());
    // (a short pullback: a longer turn that weighs the advice is no rupture to fix over, "That's something to think about. I
    // hadn't considered that. Even if the person doesn't seem perfect, maybe they'll be more appealing over time." — "Maybe
    // try a date that is casual and no pressure.", in an ESConv dev session its seeker rated helpful)
    if prep[c].norm.len() > 20 || prep[c].text.contains('?') || super::asked_in_words(p, prep) || asked_before {
        return None;
    }
    // (in the advice list's own words, not the coder's `advise`, which a closing's "come back any time" and "Take your time.
    // Go on." get too; and not a reply that speaks first of the listener, which owns something: "I think I just tried to
    // turn that into something nice")
    // (or tips run together in one sentence, two clauses or more of them imperatives: "set a 30 min timer, keep the
    // conversation neutral…, have a supplement drink ready as plan B")
    let tips = |s: &str| s.split([',', ';', ':']).filter(|k| !attune_text::advice::advice_cues(k).is_empty()).count() >= 2;
    let k = p.sents.iter().position(|(s, n, _)| n.first_affirmed(text::ADVISE).is_some() || tips(s))?;
    let met = p.sents[..=k].iter().any(|(_, n, code)| code.is_some_and(|c| c.is_attuning()) || n.first_of(text::VALIDATE_CUE).is_some());
    let of_self = p.sents.first().is_some_and(|(_, n, _)| speaks_of_self(n));
    (!met && !of_self && !p.feeling_talk).then_some(p.sents[k].0)
}

/// Whether a sentence speaks of the listener ("I", "me", "my"…): a reply that opens so owns something.
fn speaks_of_self(n: &text::Norm) -> bool {
    n.words.iter().any(|w| matches!(w.as_str(), "i" | "i'm" | "im" | "i've" | "ive" | "me" | "my" | "i'd" | "id"))
}

/// A question widened away from what the client pulled back from ("Sorry — that was a lot of process all in one go.
/// [pause] Can I ask how you're getting on more generally? How's the sleep been, between nights?" to a nurse who said
/// "It's fine. Everything was documented." of the review into her patient's death; sessions fresh124, studied from the
/// fiftieth session on): after a quick sorry it moves on as a topic-shift marker does.
fn widened(p: &Prep) -> Option<&'static str> {
    // (only with [`quick_sorry`]: "It sounds like that's hard to talk about. How are you feeling about things in general?"
    // stays with it)
    const WIDER: &[&str] = &["more generally", "in general", "apart from that", "other than that", "aside from that"];
    p.sents.iter().filter(|(s, _, _)| s.trim_end().ends_with('?')).find_map(|(_, n, _)| n.first_of(WIDER))
}

/// A sorry with no word of feeling and no validation beside it: the quick one before a widened question.
fn quick_sorry(p: &Prep) -> bool {
    p.norm.has("sorry") && !p.feeling_talk && p.norm.first_of(text::VALIDATE_CUE).is_none()
}

/// The change of subject of a reply that leaves the marker `m` unattended, the move named by `how`.
fn moved_on(t: usize, p: &Prep, m: &ClientMarker, how: &str) -> FlagDraft {
    FlagDraft {
        kind: FlagKind::SubjectChange,
        turn: t,
        quote: p.text.trim().to_string(),
        explanation: format!(
            "The client had just {} (\"{}\") and the reply {how} without asking what happened: a rupture left unattended.",
            if m.kind == MarkerKind::Confrontation { "pushed back" } else { "pulled back" },
            m.quote
        ),
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: false,
    }
}
