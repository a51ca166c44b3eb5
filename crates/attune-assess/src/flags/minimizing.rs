//! Minimizing: shrinking or dismissing the client's feeling ("at least", "it's not that bad"), by phrase
//! over distress, or where the coder coded the sentence or the turn `minimize`; perspective offered; the one who hurt
//! the client excused after harm told (`harm_excused`); and the client's hard day made one that everyone in their place
//! has (`one_of_many`).

use super::{severity_for, FlagDraft, TurnCtx};
use crate::text;
use crate::types::{FlagKind, Severity};
use attune_core::Code;

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    super::yes_but::check(c, earlier, FlagKind::Minimizing)
        .or_else(|| perspective(c, earlier))
        .or_else(|| harm_excused(c, earlier))
        .or_else(|| one_of_many(c, earlier))
        .or_else(|| what_matters_most(c, earlier))
        .or_else(|| by_phrase_or_code(c, earlier))
}

/// What matters is said to be something else ("sounds like you handled it brilliantly though, and the main thing is nobody
/// got hurt." to a pharmacist threatened at the counter; "The main thing is you've got an answer now."; "The important thing
/// is that everyone is safe."; sessions fresh129 and studied vignettes): of the 31 labelled listener replies of attune's own
/// sets that say "the main / important / most important thing is", all are misattuned, and 3 were unflagged. Said of the
/// hardship it leaves the rest of what the client told aside. Not a step ("the most important thing is to ring your
/// insurer", the advice rules' matter), nor what the client feels or wants ("the main thing is how you feel about it").
fn what_matters_most(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    const MATTERS: &[&str] = &["the main thing is", "the important thing is", "the most important thing is", "the main thing now is"];
    const THEIRS: &[&str] = &["to", "not", "how", "what", "whatever", "whether", "for"];
    c.p.norm.first_of(MATTERS)?;
    if super::stands(earlier) || super::owns_in_words(&c.p.norm) || !super::hardship_told(c.prep, c.t) {
        return None;
    }
    // (nor in a reply that advises, "The important thing is you stand up for your rights now", "the main thing now is
    // getting her a GP appointment": the advice rules' matter)
    if c.primary == Some(Code::Advise) || c.p.sents.iter().any(|(_, n, code)| *code == Some(Code::Advise) || n.first_of(text::ADVISE).is_some()) {
        return None;
    }
    let (s, ph) = c.p.sents.iter().find_map(|(s, n, _)| {
        let ph = said_as_own(n, MATTERS)?;
        let step = |w: &String| THEIRS.contains(&w.as_str()) || w.ends_with("ing");
        let theirs = n.after(ph).any(|rest| rest.iter().find(|w| *w != "that").is_none_or(step));
        (!theirs && !super::block_says(c, ph)).then_some((*s, ph))
    })?;
    Some(FlagDraft {
        kind: FlagKind::Minimizing,
        turn: c.t,
        quote: s.to_string(),
        explanation: format!("Says what matters is something else (\"{ph}\"), which sets the rest of what the client told aside."),
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: true,
    })
}

/// The client's hard day made one that everyone in the job has ("Every surgeon who operates long enough has a case like
/// this" to a surgeon whose patient died on the table; "Most lifeguards who stay in the role long enough have a day like
/// this somewhere along the way"; "Every nurse I respect has a night like this somewhere in her past"; "most officers
/// have a call like this at some point"; vignettes-fresh94, studied from the forty-ninth session on, judged 0.50): the
/// labelled listener replies of attune's own sets that say so are misattuned (4), and the judge reads them as
/// reflections of the work. Firm: the words hold no meeting.
fn one_of_many(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    if super::stands(earlier) || !super::hardship_told(c.prep, c.t) {
        return None;
    }
    // (not what others keep telling the client, "People keep telling you 'every nurse goes through it'", nor the client's
    // own words given back)
    let (s, _, _) = c.p.sents.iter().find(|(_, n, _)| everyone_has_one(n) && said_as_own(n, &["every", "most"]).is_some())?;
    Some(FlagDraft {
        kind: FlagKind::Minimizing,
        turn: c.t,
        quote: s.to_string(),
        explanation: "Makes what happened to the client one that everyone in their place has, which shrinks it.".into(),
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: true,
    })
}

/// "(every / most …) has / have a case like this": "like this" after a day, case, call… that the many of the sentence
/// have; or every one of the client's kind going through it ("every nurse goes through it", "nearly every lifeguard
/// faces at some point", "every nurse has their first one", "Every minister I've known has been through a dry patch
/// like this"; the 14 labelled listener replies of attune's own sets that say so are misattuned). Not "most" there
/// ("Most people who go through what you did would be shaken" validates), nor everyone in their own way ("everyone goes
/// through it differently").
fn everyone_has_one(n: &text::Norm) -> bool {
    const MANY: &[&str] = &["every", "most", "everyone", "everybody", "all"];
    const ONES: &[&str] = &["case", "day", "night", "call", "shift", "patient", "job", "death", "loss", "moment", "one"];
    const HAVE: &[&str] = &["has", "have", "had", "gets", "get"];
    const THROUGH: &[&str] = &[
        "goes through", "go through", "has been through", "have been through", "faces", "makes one", "make one", "has their first",
        "have their first", "has that one", "have that one", "gets one",
    ];
    const OWN_WAY: &[&str] = &["differently", "own way", "own time", "own pace"];
    // (not denied, "Most people will never have a day like this", "Not every nurse goes through this")
    const DENIED: &[&str] = &["never", "not", "no", "isn't", "doesn't", "don't", "won't", "hasn't", "haven't"];
    const WHEN: &[&str] = &["time", "day", "night", "week", "morning", "evening", "hour", "minute", "moment", "year", "part", "bit", "word", "step"];
    let w = &n.words;
    let denied = |from: usize, to: usize| w[from..to].iter().any(|x| DENIED.contains(&x.as_str()));
    let like_this = n.starts_of("like this").any(|i| {
        let one = i >= 2 && ONES.contains(&w[i - 1].as_str());
        let had = one && (HAVE.contains(&w[i - 2].as_str()) || (i >= 3 && w[i - 2] == "a" && HAVE.contains(&w[i - 3].as_str())));
        had && w[..i].iter().position(|x| MANY.contains(&x.as_str())).is_some_and(|m| !denied(m.saturating_sub(1), i))
    });
    // "every" (or "every single") and a noun of the client's kind, then the going through within a few words, with no
    // "you" between ("Every morning you go through it again" tells the client's own days)
    let every_one = n.starts_of("every").any(|i| {
        let at = if w.get(i + 1).is_some_and(|x| x == "single") { i + 2 } else { i + 1 };
        let kind = w.get(at).is_some_and(|x| !WHEN.contains(&x.as_str()));
        kind && THROUGH.iter().any(|ph| n.starts_of(ph).any(|k| k > at && k <= at + 6 && !w[at..k].iter().any(|x| super::YOU.contains(&x.as_str())) && !denied(i.saturating_sub(1), k)))
    });
    like_this || (every_one && n.first_of(OWN_WAY).is_none())
}

/// Excuses for the one who hurt the client (chat's spellings are read as these: `text::words`).
const EXCUSES: &[&str] = &[
    "doesn't mean he doesn't love", "doesn't mean she doesn't love", "doesn't mean they don't love", "sometimes they lose it",
    "parents get stressed", "parents lose it", "he didn't mean it", "she didn't mean it", "didn't mean to hurt you",
    "went further than it should have", "heat of the moment",
];

/// The one who hurt the client excused ("parents get stressed and sometimes they lose it, it doesnt mean he doesnt love
/// u" to a child whose dad hit him across the face at dinner; vignettes-fresh96, studied from the forty-eighth session's
/// start, judged 0.21): after harm told as present danger (`text::own_danger`) in the client's last two turns, an excuse
/// for it shrinks the harm, whatever warmth surrounds it. Not an excuse set aside in the same sentence ("Hitting you is
/// never okay, even in the heat of the moment.", "Even if he didn't mean it, it's not okay.").
fn harm_excused(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    const SET_ASIDE: &[&str] = &["even if", "even in", "even though", "even when", "not okay", "never okay", "not ok", "never ok", "no excuse", "not your fault", "isn't okay"];
    let ph = c.p.norm.first_of(EXCUSES)?;
    if super::stands(earlier) || super::block_says(c, ph) {
        return None;
    }
    let mut recent = (0..c.t).rev().filter(|&k| c.prep[k].role == attune_core::Role::Client).take(2);
    if !recent.any(|k| text::own_danger(&c.prep[k].norm).is_some()) {
        return None;
    }
    let (s, ph) = c.p.sents.iter().find_map(|(s, n, _)| said_as_own(n, EXCUSES).filter(|_| n.first_of(SET_ASIDE).is_none()).map(|ph| (*s, ph)))?;
    Some(FlagDraft {
        kind: FlagKind::Minimizing,
        turn: c.t,
        quote: s.to_string(),
        explanation: format!("Excuses the one who hurt the client (\"{ph}\"), which shrinks the harm they told of."),
        severity: Severity::High,
        extra_turns: vec![],
        firm: true,
    })
}

/// Perspective offered ("I also want to offer a little perspective, which I hope is helpful. GPs are seeing an enormous
/// number of patients at the moment…" to a woman whose mother's GP waved her off; sessions fresh84, studied from the
/// forty-seventh session's start, judged calm): each of these stands in labelled misattuned replies of attune's own sets
/// (18 in all) and in no attuned one, so it stands whatever the judge says ("put it in perspective" is the shared list's,
/// `rules::REFRAME`). Said of the listener's own earlier reply it is a defence, the confronting rule's ("I was only
/// trying to give you a bit of perspective").
const PERSPECTIVE: &[&str] = &[
    "keep it in perspective", "keep things in perspective", "keeping it in perspective", "keeping things in perspective",
    "a bit of perspective", "a little perspective", "keeping some perspective", "a sense of perspective",
    // ("And it might help to keep it in proportion — with the way the bank holidays fall, it's really only two sessions
    // we'll miss." to a client dreading a therapist's break; sessions fresh88, studied from the forty-seventh session's
    // start; not "completely in proportion to what was taken from you", which validates)
    "keep it in proportion", "keep things in proportion", "keeping it in proportion",
    // a heading of it ("**Keep perspective** It may help you both to know that miscarriage is very common" to a husband who
    // asked what to do for his wife; vignettes-fresh106, studied from the forty-eighth session's start)
    "keep perspective", "keeping perspective",
];

fn perspective(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    let ph_in_turn = c.p.norm.first_of(PERSPECTIVE)?;
    if super::stands(earlier) || super::owns_in_words(&c.p.norm) || !super::hardship_told(c.prep, c.t) {
        return None;
    }
    // the client's own words given back ("I'm trying to keep things in perspective") are theirs
    if super::block_says(c, ph_in_turn) {
        return None;
    }
    // (the listener's defence of their own reply is left to the judge, which names it confronting: "I was trying to give
    // you a bit of perspective"; and one denied is none: "You don't have to keep it in perspective tonight")
    let (s, ph) = c
        .p
        .sents
        .iter()
        .find_map(|(s, n, _)| said_as_own(n, PERSPECTIVE).filter(|ph| !n.has("trying to") && n.has_affirmed(ph) && !n.has("don't have to")).map(|ph| (*s, ph)))?;
    Some(FlagDraft {
        kind: FlagKind::Minimizing,
        turn: c.t,
        quote: s.to_string(),
        explanation: format!("Offers perspective (\"{ph}\") on what the client is going through, which shrinks it."),
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: true,
    })
}

/// Shrinking phrases the shared list (`rules::MINIMIZE`, read by the coder and the judge too, so a change there means
/// retraining both) does not hold.
pub(crate) static SHRINKS: &[&str] = &[
    // the pain said to pass on its own ("Most lifeguards who stay in the role long enough have a day like this somewhere
    // along the way, and the replaying tends to settle after a few weeks." to a lifeguard of nineteen whose swimmer died;
    // vignettes-fresh91, studied from the forty-seventh session's start, judged 0.50): these stand in 19 labelled
    // misattuned listener replies of attune's own sets and in 2 attuned ones
    "tends to settle", "tend to settle", "usually settles", "tends to ease", "tend to ease", "usually eases", "tends to fade",
    "usually fades",
    // what happens to everyone shrinks what happened to this client ("When people move, friendships kind of fade, it
    // happens to basically everyone your age. You'll make new friends too"; vignettes-fresh33, read once in the
    // twenty-fourth session, judged 0.60 and let through as a reflection)
    "happens to everyone", "happens to basically everyone", "happens to all of us", "part of growing up", "just part of life",
    "everyone your age", "everybody your age", "you'll make new friends", "you'll find someone else", "plenty more fish",
    // the fear talked down ("Good idea, and try not to spiral about the wheelchair stuff. … It's really not the life
    // sentence it used to be, you'll probably barely notice it day to day." to a woman told of her MS the day before;
    // fresh36, read once in the twenty-fifth session)
    "try not to spiral", "don't spiral", "not the life sentence", "not a life sentence", "barely notice", "hardly notice",
    "won't even notice", "wont even notice",
    // a comparison down with no "have it worse" in it ("tbh it sounds like it could have gone way worse? a lot of ppl get
    // screamed at or kicked out. a weird dinner is pretty mild all things considered" to a client whose coming out was
    // met with silence; fresh45, read once in the twenty-sixth session)
    "could have gone worse", "could have gone way worse", "could have gone a lot worse", "could've gone worse",
    "could've gone way worse", "could've gone a lot worse", "couldve gone", "coulda gone", "pretty mild", "fairly mild",
    "all things considered",
    // the loss talked away ("It's completely normal for friends to move away — it happens to almost everyone at some
    // point! … so you haven't really lost her at all." to a client whose best friend of ten years had emigrated;
    // vignettes-fresh44, read once in the twenty-sixth session)
    "happens to almost everyone", "happens to nearly everyone", "happens to most people", "haven't really lost",
    "havent really lost", "not really lost", "you haven't lost",
    "rough for everyone", "hard for everyone", "tough for everyone",
    // a worry about oneself talked down ("A bottle of wine isn't that much really, lots of people do that on a Friday."
    // to "I think my drinking is getting out of hand"; the twenty-sixth session's probes)
    "isn't that much", "isnt that much", "is not that much", "lots of people do that", "loads of people do that",
    "everyone does that", "everybody does that", "we all do that",
    // a loss made one of many ("Outliving friends is, sadly, one of the most common experiences for people in their
    // eighties, so please know you're far from alone … A great many people your age are quietly going through the very
    // same thing." to a widower of 88; sessions fresh61, read once in the thirty-second session)
    "people your age", "far from alone", "most common experiences", "the very same thing",
    // told not to make much of it, and that time or the years will see to it ("Anger at someone we've lost is a very
    // normal part of grief, and I wouldn't give it too much weight — … it usually softens as time passes.", "one careless
    // comment is very unlikely to undo a friendship that's lasted this long … Give it a little time."; sessions fresh72,
    // read once at the forty-first session's end): "read too much into" stands in 27 labelled misattuned replies of
    // attune's own sets and in no attuned one
    // (not "too much weight", "doesn't undo" nor "give it time", which validate as often: "You've been carrying too much
    // weight on your own", "His apology doesn't undo that", "be gentle with yourself and give it time")
    "give it too much weight", "read too much into", "softens as time passes", "softens with time", "usually softens",
    "unlikely to undo", "give it a little time",
    // the loss said not to be one and the way back said to be short ("so it's not as if he's really gone. And the cane,
    // um, that's just rusty skills. You had them before, they'll come back quicker than you think. A year goes by fast"
    // to a blind man whose guide dog retired; vignettes-fresh76, read once at the forty-second session's end, judged
    // 0.53): "quicker / sooner / faster than you think" stands in 6 labelled misattuned replies of attune's own sets
    // and in no attuned one, "will fly by" in 2
    "not as if he's really gone", "not as if she's really gone", "not like he's really gone", "not like she's really gone",
    "quicker than you think", "quicker than you'd think", "sooner than you think", "sooner than you'd think",
    "sooner than you expect", "faster than you think", "faster than you'd think", "will fly by", "goes by fast",
    "go by fast", "goes by quickly",
    // the feeling said to be bigger than what it is about ("So it's probably not as big as it feels right now." after
    // "lots of carers feel exactly that"; "one slip in 41 days isn't the end of the road for either of u"; sessions
    // studied): in 7 and 2 labelled misattuned replies of attune's own sets and in no attuned one
    "not as big as it feels", "not as bad as it feels", "not as serious as it feels", "not as big a deal as it feels",
    "not the end of the road", "isn't the end of the road",
    // the loss said to be the passing kind ("group chats come and go at your age, um, it's probably not as big a deal as
    // it feels right now"; "managers come and go"; studied vignettes): said of the thing lost, not of a feeling ("the
    // waves of grief come and go" reflects)
    "chats come and go", "friends come and go", "friendships come and go", "managers come and go", "jobs come and go",
    "relationships come and go", "come and go at your age",
    // the shock said to pass, and the others back to themselves ("What you've got left is mostly shock, and shock does
    // settle. Most drivers I've seen after an incident are back to themselves within a few months." to a tram driver whose
    // tram killed a woman; sessions fresh98, studied from the forty-eighth session's start)
    "shock does settle", "things will settle", "back to themselves within",
    // ("for most people it settles down by itself in a few weeks"; the 3 labelled listener replies of attune's own sets
    // that say it are misattuned)
    "settles down by itself", "settles by itself", "settle by itself",
];

fn by_phrase_or_code(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    stacked(c).or_else(|| by_phrase_or_code_once(c, earlier))
}

/// Two sentences or more that shrink it, over distress or a hardship ("It's very common to feel regret …, but please
/// try not to be too hard on yourself. In the end, it's only a dessert."; fresh23, read once on the twenty-second
/// session's starting build): one warm opening carried the judge below its threshold, which gates a single phrase;
/// a second one says the turn is dismissing, not slipping.
fn stacked(c: &TurnCtx) -> Option<FlagDraft> {
    // the hardship may have been told turns before ("Today is my wife's birthday. She would have been 77." … then a
    // fond memory of her, which reads calm)
    // (or a disclosure, as for a silver lining: "Nine years Bran's been my eyes. Black Lab, great daft lump. [laughs] … A
    // woman had to take my arm. I'm forty-eight." read as joy, hardship 0.05, to the end of a blind man's guide dog;
    // vignettes-fresh76, read once at the forty-second session's end)
    let hard = |a: &attune_core::Affect| a.distress >= 0.5 || a.hardship >= 0.5;
    if !(c.distress || hard(c.aff) || c.aff.act == attune_core::ClientAct::Disclosing || c.prep[..c.t].iter().any(|p| p.role == attune_core::Role::Client && hard(&p.affect))) {
        return None;
    }
    // (not `first_affirmed`: "try not to be too hard on yourself" holds its own "not")
    let shrinks = |n: &text::Norm| said_as_own(n, text::MINIMIZE).or_else(|| said_as_own(n, SHRINKS));
    let mut hits = c.p.sents.iter().filter_map(|(s, n, _)| shrinks(n).map(|l| (*s, l)));
    let (s, first) = hits.next()?;
    // chat runs its sentences together with commas ("but srsly the 3 week mark is rough for everyone, feeling nothing is
    // totally normal, its not a big deal. itll click"; fresh47, read once in the twenty-sixth session): the clauses of
    // a sentence that holds one count apart
    let second = hits.next().map(|(_, l)| l).or_else(|| second_in_clauses(s, first, shrinks))?;
    Some(FlagDraft {
        kind: FlagKind::Minimizing,
        turn: c.t,
        quote: s.to_string(),
        explanation: format!("Shrinks or dismisses what the client is going through, more than once (\"{first}\", \"{second}\")."),
        severity: severity_for(c.aff.intensity.max(c.aff.hardship), c.cfg.intensity_threshold, false),
        extra_turns: vec![],
        firm: true,
    })
}

/// A second phrase `find` reads in another clause of sentence `s`, whose first phrase was `first` (clauses split at
/// commas, semicolons and dashes).
pub(super) fn second_in_clauses(s: &str, first: &'static str, find: impl Fn(&text::Norm) -> Option<&'static str>) -> Option<&'static str> {
    let clauses: Vec<&str> = s.split([',', ';', '—']).filter(|k| !k.trim().is_empty()).collect();
    let found: Vec<&str> = clauses.iter().filter_map(|k| find(&text::Norm::new(k))).collect();
    (found.len() >= 2).then(|| found[1]).filter(|l| *l != first || found[0] != first)
}

/// The first phrase of `list` the sentence says as its own: not the client's word given back ("You say you are fine
/// mostly.") nor doubted ("I am not sure you are fine, and with me you do not have to be."; a letter to a niece who
/// watched her mother's burial on a phone, vignettes-fresh72, read once at the thirty-eighth session's end, flagged as
/// shrinking it twice). A report or a doubt comes within a few words of what it reports.
fn said_as_own(n: &text::Norm, list: &'static [&'static str]) -> Option<&'static str> {
    const REPORTS: &[&str] = &[
        " you say ", " you said ", " you keep saying ", " you tell me ", " you told me ", " you write ", " you wrote ",
        " you're telling me ", " you are telling me ", " not sure ", " i don't think ", " i dont think ", " i do not think ",
        " i doubt ", " wonder if ", " wonder whether ", " i don't believe ", " i do not believe ",
        // what others keep saying ("Everyone keeps saying it's not the end of the road, but…")
        " keep telling you ", " keeps telling you ", " everyone says ", " people say ", " everyone keeps saying ",
        " people keep saying ", " everyone's saying ",
        // what someone else believes or says, in the third person ("You said your husband thinks you're fine — what
        // would you want him to know?"; sessions fresh74, read once at the forty-third session's end): the listener's
        // own "I think you're fine" and "like I told you, it's not the end of the road" stay theirs
        " thinks ", " believes ",
    ];
    n.first_of(list)?;
    list.iter().copied().find(|p| {
        let needle = format!(" {p} ");
        n.padded.match_indices(&needle).any(|(at, _)| {
            let before = &n.padded[..at + 1];
            let from = before.trim_end().rmatch_indices(' ').nth(3).map_or(0, |(i, _)| i);
            !REPORTS.iter().any(|r| before[from..].contains(r))
        })
    })
}

/// "Only" that sets a condition, not a size ("But it's only valid if your landlord has followed certain rules." answering a
/// father's question whether a section 21 notice is legal; "It was only when Grace went into remission…"; sessions
/// fresh91, studied from the forty-eighth session's start): "if", "when", "once", "until", "after" or "because" within
/// the two words after it. Or "only" inside a condition, which sizes what is offered, not the client's trouble ("Give your
/// days a small shape, even if it's only a walk", a forum reply with the tips a suspended teacher asked for;
/// vignettes-fresh94, studied from the forty-ninth session on).
/// And "it's nothing" inside a condition ("She'll hear it if the letter is pretending, and she'll hear it if it's nothing
/// but goodbye." in a letter drafted for a dying mother; vignettes-fresh103, studied from the forty-ninth session on).
/// (Not "It's nothing but nerves", "it's nothing to worry about", which shrink.) Nor "it was only" of a day ("it was only
/// Saturday", "it was only last week"), which says how recent the loss is: "only" that sizes no trouble.
pub(super) fn only_on_condition(n: &text::Norm, phrase: &str) -> bool {
    const CONDITION: &[&str] = &["if", "when", "once", "until", "after", "because"];
    let in_condition = || n.starts_of(phrase).any(|i| i > 0 && n.words[i - 1] == "if");
    // (nor how recent the loss is, by its day: "Your brother was 34, it was sudden, and it was only Saturday." to a man
    // answering work emails since; vignettes-fresh152, studied from the fifty-first session on)
    // (only "it was only", the day right after it, or "last" week or night: "it's only for tonight" shrinks)
    const RECENT: &[&str] = &["yesterday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    let recent = || {
        phrase == "it was only"
            && n.after(phrase).any(|rest| {
                rest.first().is_some_and(|x| RECENT.contains(&x.as_str()))
                    || (rest.first().is_some_and(|x| x == "last") && rest.get(1).is_some_and(|x| x == "week" || x == "night"))
            })
    };
    let only = phrase.ends_with("only") && (n.after(phrase).any(|rest| rest.iter().take(2).any(|x| CONDITION.contains(&x.as_str()))) || in_condition() || recent());
    only || (phrase.ends_with("nothing") && in_condition())
}

fn by_phrase_or_code_once(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    let coder_minimize = c.p.codes.contains(&Code::Minimize);
    for (k, (s, n, code)) in c.p.sents.iter().enumerate() {
        let own = said_as_own(n, text::MINIMIZE);
        let lex = own.filter(|l| !only_on_condition(n, l));
        let coded_here = code.map(|c| c == Code::Minimize).unwrap_or(false)
            && n.first_affirmed(text::PATHOLOGIZE).is_none()
            && !own.is_some_and(|l| only_on_condition(n, l));
        if (lex.is_some() && c.distress) || coded_here || (coder_minimize && lex.is_some()) {
            let validated = c.first_attuning_sent.map(|f| f < k).unwrap_or(false);
            return Some(FlagDraft {
                kind: FlagKind::Minimizing,
                turn: c.t,
                quote: s.to_string(),
                explanation: format!(
                    "Shrinks or dismisses the client's {} ({}).",
                    if c.emotional { crate::assess::felt_name(c.aff) } else { "feeling" },
                    lex.map(|l| format!("\"{l}\"")).unwrap_or_else(|| "coded minimize".into())
                ),
                severity: if validated { Severity::Low } else { severity_for(c.aff.intensity, c.cfg.intensity_threshold, false) },
                extra_turns: vec![],
                firm: false,
            });
        }
    }
    let pathologized = earlier.iter().any(|d| d.kind == FlagKind::Pathologizing);
    (!pathologized && c.primary == Some(Code::Minimize)).then(|| FlagDraft {
        kind: FlagKind::Minimizing,
        turn: c.t,
        quote: c.p.text.trim().to_string(),
        explanation: "Coded as minimizing: shrinks or dismisses the client's feeling.".into(),
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: false,
    })
}

#[cfg(test)]
mod tests {
    use crate::text::Norm;

    #[test]
    fn harm_excused_and_an_excuse_set_aside() {
        use crate::tests::assess_bundled;
        use attune_core::Role;
        let client = "my dad hit me again tonight. across the face. because i said something back at dinner";
        let flags = |reply: &str| -> Vec<&'static str> {
            assess_bundled(&[(Role::Client, client), (Role::Therapist, reply)]).flags.iter().map(|f| f.kind.as_str()).collect()
        };
        assert!(flags("parents get stressed and sometimes they lose it, it doesnt mean he doesnt love u").contains(&"minimizing"));
        assert!(!flags("Hitting you is never okay, even in the heat of the moment. Are you safe in your room right now?").contains(&"minimizing"));
    }

    #[test]
    fn everyone_in_the_job_has_one() {
        let has = |s: &str| super::everyone_has_one(&Norm::new(s));
        assert!(has("Every surgeon who operates long enough has a case like this, it's the cost of the work."));
        assert!(has("Most lifeguards who stay in the role long enough have a day like this somewhere along the way."));
        assert!(has("Honestly, most officers have a call like this at some point."));
        assert!(!has("I don't think anyone should have to have a day like this."));
        assert!(!has("Every time I think of a day like this I think of you."));
        assert!(has("oh hun that's so sad but it's kinda part of the job isn't it, every nurse goes through it."));
        assert!(has("Sadly it's part of the role that nearly every lifeguard faces at some point."));
        assert!(!has("Every family goes through it differently, and yours is allowed to take its time."));
        assert!(!has("Every time you go through it in your head, you end up at the same place."));
        assert!(!has("Most people will never have a day like this."));
        assert!(!has("Not every nurse goes through this, and it's not a test you failed."));
        assert!(!has("Every morning you go through it again."));
        assert!(has("honestly, every single expat goes through this phase."));
    }

    #[test]
    fn only_on_a_condition_is_no_size() {
        let cond = |s: &str| super::only_on_condition(&Norm::new(s), "it's only");
        assert!(cond("But it's only valid if your landlord has followed certain rules."));
        assert!(cond("Give your days a small shape, even if it's only a walk."));
        assert!(!cond("In the end, it's only a dessert."));
        let nothing = |s: &str| super::only_on_condition(&Norm::new(s), "it's nothing");
        assert!(nothing("She'll hear it if it's nothing but goodbye."));
        assert!(!nothing("It's nothing to worry about."));
        assert!(!nothing("It's nothing but nerves, you'll be fine."));
        // a day says how recent the loss is; a night to get through is sized
        assert!(super::only_on_condition(&Norm::new("Your brother was 34, it was sudden, and it was only Saturday."), "it was only"));
        assert!(super::only_on_condition(&Norm::new("it was only last week"), "it was only"));
        assert!(!cond("it's only for tonight, you'll be fine"));
        assert!(!nothing("Honestly, it's nothing, you'll forget it by Monday."));
        assert!(cond("It's only when you stop that it hits you."));
        assert!(!cond("It's only a job, you'll find another."));
    }
}
