//! Confronting: the listener argues with, judges or blames the client in words that cannot be read another way ("Okay,
//! I'm going to stop you there, because six pints isn't really 'a few', is it?", "And you're telling me you know what
//! you're doing. Those two don't really fit together, do they?", "that's just an excuse"). The judge reads such turns
//! too calmly (0.29 and 0.03 for those two: its training data holds few), so these phrases flag on their own; the
//! longer list of `attune_text::rules::CONFRONT`, where defending and polite correction can be read more than one
//! way, stays evidence for the judge. A phrase the client said first, or one said inside a reflection ("It sounds like
//! part of you thinks it's your own fault"), confronts no one. Besides the phrases, the client asked to see it from the
//! other party's side (`other_side_asked`).

use super::{FlagDraft, TurnCtx};
use crate::types::{FlagKind, Severity};

/// Phrases that argue, blame or judge whatever surrounds them.
pub(crate) static UNMISTAKABLE: &[&str] = &[
    "going to stop you there", "let me stop you there", "stop you right there", "you're not quite seeing",
    "you're not seeing how", "you don't seem to see", "don't really fit together",
    "don't quite fit together", "doesn't really add up", "doesn't quite add up", "you're in denial", "you are in denial",
    "that's denial", "that's your denial", "denial talking", "classic denial", "you're making excuses", "making excuses",
    "that's just an excuse", "your own fault", "what did you expect", "you should have known", "you brought this on",
    "stop blaming", "face the facts", "you know better than that", "until you admit", "until you actually admit",
    "admit it's a problem", "admit you have a problem", "exactly the kind of thinking", "you're not trying",
    "you're not putting in", "it only works if you", "it won't work unless you", "you only have yourself to blame",
    // a verdict on the client's effort ("two or three hours isn't really going to cut it, Dennis"; fresh26, read once in
    // the twenty-second session)
    "isn't really going to cut it", "isn't going to cut it", "not going to cut it", "won't cut it", "isn't gonna cut it",
    // turning a complaint back on the client ("I'd also gently point out that you have cancelled sessions yourself in
    // the past." to a client whose sessions were cancelled twice; vignettes-fresh26, read once in the twenty-third
    // session), and the prelude that announces a verdict ("With all due respect, …")
    "point out that you have", "point out that you've", "point out that you also", "with all due respect",
    // the client's slip held against them ("And where was the plan in all of that? … You knew it was going to be
    // high-risk." to a client telling of a relapse; fresh31, read once in the twenty-fourth session)
    "where was the plan", "you knew it was going to", "you knew this was going to", "you knew that was going to",
    "you knew it would",
    // defending the reply against the client's complaint ("I'm sorry you feel that way, I was only trying to help.";
    // fresh33, read once in the twenty-fourth session)
    "only trying to help", "just trying to help", "sorry you feel that way",
    // a verdict with an order ("Honestly, yelling at a 6-year-old over juice isn't okay, and I think you know that. … then
    // stop feeling sorry for yourself afterwards and actually take responsibility."; vignettes-fresh44, read once in the
    // twenty-sixth session, flagged but named advice)
    "stop feeling sorry for yourself", "quit feeling sorry for yourself", "stop feeling so sorry for yourself",
    "and i think you know that", "and you know it", "and deep down you know it",
    // a warning held over a slip ("but u said it urself, using right after an od funeral... u know better than anyone
    // where that road goes" to a client who used after a cousin's overdose; vignettes-fresh51, read once in the
    // twenty-seventh session)
    "where that road goes", "where that road leads", "where this road goes", "where this road leads", "down that road again",
    "you know where that leads", "u know where that leads", "you know where this ends", "you know how this ends",
    // the client's own words held against them, blame handed back, hindsight, and the listener's defence of themselves
    // ("dude you literally said you were cutting back", "ngl if u keep yelling at them thats kinda on u", "yeah u really
    // shouldve checked first", "im a volunteer and im doing my best here, no need to be rude", "i mean i was trying to
    // validate u, thats literally what we're trained to do on here", "if you're not going to take this seriously then
    // we're wasting each other's time"; vignettes studied): every labelled reply of attune's own sets holding one is
    // misattuned ("you should've been able to help a friend" is the client's due, so only these forms of hindsight)
    "literally said", "kinda on u", "kinda on you", "thats on u", "that's on u", "that's on you", "no need to be rude",
    "trying to validate", "not gonna sugarcoat", "not going to sugarcoat", "wasting each other's time", "u shouldve",
    "u really shouldve", "you really should've", "you should've come",
    // pushing back, a verdict announced, the client's effort or fairness judged, and the slip held up ("But I have to
    // push back a little — she didn't reject you. Isn't it possible you're being a bit unfair to her…", "Okay, I'm going
    // to be straight with you, Dev. … I'd say it's not working because you're not really doing it.", "not trying to be
    // harsh but…", "why would you go without a plan?", "you do realise a vape can deliver as much nicotine…"; studied
    // vignettes, judged 0.14–0.56): each phrase stands in labelled misattuned replies of attune's own sets (1–7 each)
    // and in no attuned one
    // (not "i think you know that", "you do realise" nor "being a bit unfair to": "I think you know that she'd be proud of
    // you", "I hope you do realise none of this is your fault", "you're being a bit unfair to yourself" are kind)
    "push back a little", "i have to push back", "not trying to be harsh", "you know that deep down",
    "going to be straight with you", "gonna be straight with you", "you're not really doing it", "why would you go without",
    "could have come clean", "being a bit unfair to her", "being a bit unfair to him", "being a bit unfair to them",
    "isn't it possible you're being", "need you to do the work", "also need you to do the work",
    // the critic's side taken first ("yeah tbh your mum's got a point there. kids pick up on everything" to a mother
    // ashamed that her child heard her call his father a coward; sessions fresh71, read once at the fortieth session's
    // end): `attune_text::sides` reads "has a point" for the judge; this spoken form of it is a verdict on its own
    "mum's got a point", "mom's got a point", "dad's got a point", "mum has got a point", "mom has got a point",
    "wife's got a point", "husband's got a point", "partner's got a point", "sister's got a point", "brother's got a point",
    "boss's got a point", "friend's got a point", "ex's got a point",
    // the listener's defence of their honesty against the client's hurt, and a verdict on self-pity ("That isn't what I
    // said. … I think you deserve honesty rather than only hearing what you'd like to hear.", "I think it's more
    // important that I'm honest with you than that I tell you what you want to hear.", "Sounds like you're feeling sorry
    // for yourself. … you can't expect a medal."; sessions studied): each stands in labelled misattuned replies of
    // attune's own sets (2–4 each) and in no attuned one (not a bare "what you want to hear": "Can you tell me what you
    // want to hear from your dad?")
    "that isn't what i said", "that's not what i said", "that is not what i said", "tell you what you want to hear",
    "only hearing what you'd like to hear", "be told what you want to hear", "can't expect a medal",
    // the client sent to look at their own part ("It might be worth reflecting on your own part
    // in this before Thursday.", "Before judging the community, look at your own part.", "And I want to put something to
    // you, gently: … What do you think your part in this has been?" to a head chef in tears that the girl he trained
    // called him a bully; vignettes-fresh82, studied from the forty-sixth session's start, judged 0.26): these stand in
    // 4 labelled misattuned replies of attune's own sets and in no attuned one (not "your own part in it", which a repair
    // names: "I answered by pointing you to your own part in it")
    "what do you think your part", "what was your part", "your own part in this", "your part in this has been",
    "reflecting on your own part", "reflected on your own part", "look at your own part",
    // ("What would it look like to fully own your part in this…?" to a woman whose sister stopped speaking to her, from a
    // skills coach; sessions fresh81, studied from the forty-sixth session's start)
    "own your part in", "fully own your part",
    // ("not saying it's your fault at all, just wondering what your part in it might be" to a nurse too tired after four
    // short-staffed nights to drive home; vignettes-fresh89, studied from the forty-seventh session's start)
    "what your part in it", "what your part in this", "what your own part",
    // the client's silence judged unfair to someone else ("i think you do need to tell him tbh. keeping it from his dad
    // isn't really fair on him" to a mother who asked whether to tell her son's father about the cannabis first; sessions
    // fresh84, studied from the forty-seventh session's start): 7 labelled listener replies of attune's own sets judge
    // so, all misattuned (not "fair on you", which takes the client's side)
    "isn't fair on him", "isn't fair on her", "isn't fair on them", "isn't fair to him", "isn't fair to her", "isn't fair to them",
    "not fair on him", "not fair on her", "not fair on them", "not fair to him", "not fair to her", "not fair to them",
    "isn't really fair on", "not really fair on",
    // hindsight held against the client ("Honestly, you should have seen this coming."): the one labelled listener reply
    // of attune's own sets that says it of the client is misattuned, and the attuned one quotes the client's own words
    // back (not "could have seen this coming", which comforts as often: "No one could have seen this coming")
    "should have seen this coming", "should have seen it coming", "should've seen this coming", "should've seen it coming",
    // the driver's speed put in question ("How fast were you going as you came round the van, and had you checked the
    // cycle lane in your mirror…?" to a bus driver whose bus killed a cyclist who swerved out; "you said you weren't going
    // fast, … but on a roundabout in the wet the back doesn't usually go unless there's a bit of speed on" to a boy who
    // crashed his dad's car; vignettes-fresh97 and -fresh90, studied from the forty-eighth session's start, judged 0.24)
    "how fast were you going", "how fast were u going", "were you going too fast", "unless there's a bit of speed on",
    // the client told they did not hear ("what do u think she was trying to tell u that u weren't hearing?" to a girl
    // whose sister left her off the wedding list; "she may have been telling you something for a while that, um, maybe you
    // weren't quite able to hear"; vignettes-fresh101 and -fresh93, studied from the forty-eighth session's start): both
    // labelled replies that say so are misattuned
    // (not "you weren't able to hear": "It's so painful that you weren't able to hear his voice one last time")
    "that you weren't hearing", "you weren't quite able to hear",
    // the listener's role given as the reason ("…it would be irresponsible of me not to make sure the practical safety
    // side's covered. That's part of my job, I'm afraid." to a son who said he had done the forms and was not an idiot;
    // sessions fresh95, studied from the forty-eighth session's start): the 9 labelled listener turns of attune's own
    // sets that hold these are misattuned
    "that's part of my job", "irresponsible of me not to", "it would be irresponsible of me",
    // honesty announced before a verdict ("I want to be honest with you, because I think that will be more useful than
    // simple reassurance. Putting your pension into the business a second time… was a significant decision" to a
    // restaurateur whose place closed; sessions fresh95, studied from the forty-eighth session's start): of the labelled
    // listener turns of attune's own sets that announce it so, 7 are misattuned and 1 either (not "I'll be honest with
    // you, as you've asked", nor "honest with you about what I have to share", which are attuned)
    "i'm going to be honest with you", "i want to be honest with you because",
    // ("I've got to be straight with you — that's not dropping a speaker back." to a man two weeks clean who told of
    // sitting in his dealer's kitchen; sessions fresh97, studied from the forty-eighth session's start: the 6 labelled
    // listener turns of attune's own sets that say these are misattuned)
    "have to be straight with you", "got to be straight with you", "need to be straight with you",
    // ("I want to be straight with you, because I think you'd want me to be. Four jobs, and every time it ends the same
    // way, with you walking off." to a veteran; "I think it's worth being honest with yourself here, because he may have a
    // point." to a man who must tell his boyfriend of an STI; sessions fresh131 and fresh132, studied from the fifty-first
    // session on): the 18 labelled listener replies of attune's own sets that urge the client to be honest with
    // themselves are misattuned, as are the 2 that want to be straight
    "want to be straight with you", "worth being honest with yourself", "important to be honest with yourself",
    "need to be honest with yourself", "be honest with yourself here",
    // (chat's "urself": "i do think its worth being honest with urself about what the £40 actually does tho" to a mother
    // who gives her son money; and the straight talk announced on a condition, "If I'm being straight with you, though, some
    // of what you've written may help explain…"; vignettes-fresh160 and -fresh163, studied from the fifty-second session on)
    "worth being honest with urself", "important to be honest with urself", "need to be honest with urself",
    "be honest with urself here", "if i'm being straight with you", "if i am being straight with you",
    // the client's own role in a harm done to them ("Wondering about your own role is natural, and reflection can genuinely
    // be useful here. … What were your tone and body language at pick-up?" to a teacher a father pushed into a door frame;
    // vignettes-fresh105, studied from the forty-eighth session's start, judged 0.30; not "your own role" alone, "your own
    // role as his carer")
    "wondering about your own role", "your tone and body language",
    // pushing announced ("But I do want to gently push on this, because — washing it and saying nothing, that's quite a big
    // thing to have done." to a grandmother of 73 who washed her grandson's bloodied sleeve; vignettes-fresh106, studied
    // from the forty-eighth session's start; "I'd be doing you a disservice if I didn't push on that a little"): the
    // labelled listener turns of attune's own sets that say these are misattuned (not "you're right to push on that", the
    // client's pushing owned, nor "I'd gently push back on the idea that you should be feeling anything", which lifts a
    // demand)
    "gently push on this", "gently push on that", "if i didn't push on that",
    // the client told to rise above it ("Sometimes we have to be the bigger person, even when it isn't fair." to a woman
    // left out of her family's ceremony; "Be the bigger man here"; sessions fresh101 and vignettes-fresh104, studied from
    // the forty-eighth session's start: the 3 labelled listener replies of attune's own sets that say so are misattuned,
    // and the attuned one quotes it as what others told the client, "being told to be 'the bigger person'")
    "have to be the bigger person", "has to be the bigger person", "be the bigger man here", "be the bigger woman here",
    "more useful than simple reassurance",
    // firmness announced, and the client's keeping or going over it called unfair on someone ("But I'm going to be firm
    // now, because I think someone needs to be. You have to stop this. … it isn't fair on Bill's memory either" to a
    // retired nurse going over her husband's last weekend; sessions fresh104, studied from the forty-ninth session on):
    // the labelled listener replies of attune's own sets that say these are misattuned (6)
    "going to be firm", "be firm with you", "you have to stop this", "isn't fair on", "is not fair on",
    // the client stopped for a hard truth ("I have to stop you there, because I think you need to hear it. That 'one
    // decent win' is exactly the thinking that got you to £14,300." to a man with gambling debts; sessions fresh112,
    // studied from the forty-ninth session on; "ok honestly u need to hear this. ur the one who keeps going back to him"):
    // the labelled listener replies of attune's own sets that say "you need to hear it/this" are misattuned (3), and the
    // attuned one says who else needs to ("the people who need to hear it will")
    // (not a bare "you need to hear this", which can bring a release: "And you need to hear this: none of it is your fault")
    "i think you need to hear it", "because you need to hear it", "honestly you need to hear", "i have to stop you there because i think",
    // the hard question announced, and the client told they will have to answer for it ("Then let me ask the hard question
    // now, because I think the panel will. … what stopped you going over the registrar's head? That's the part you're going
    // to have to account for." to a midwife whose baby died in labour; sessions fresh129, studied from the fifty-second
    // session on): no labelled attuned listener reply of attune's own sets says these (a "hard question to sit with" is
    // the client's, not announced)
    "let me ask the hard question", "ask you the hard question", "going to have to account for", "you'll have to account for",
    "you will have to account for",
];

/// Words of the secret kept, without which "not fair to her" takes the client's side ("That's just not fair to her" of
/// a bullied daughter).
const KEEPING: &[&str] = &["keeping", "keep", "kept", "hiding", "telling", "tell", "told", "secret", "secrets", "lying", "dark"];

/// Sentence openings that reflect the client's own view rather than assert the listener's.
pub(super) const REFLECTING: &[&str] = &[
    "it sounds like", "sounds like", "so you", "you feel", "you're feeling", "you felt", "you're saying", "you said",
    "part of you", "you wonder", "you think", "you worry", "you're worried", "you're afraid", "i hear", "it seems like",
];

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    unmistakable(c, earlier).or_else(|| super::yes_but::check(c, earlier, FlagKind::Confronting)).or_else(|| other_side_asked(c, earlier))
}

/// The client asked to see it from the other party's side ("What might it have been like for her, on the other side of
/// that?" to a man whose girlfriend left saying he was never "present"; "I'm wondering, though, what it might have been
/// like on Kaz's side." to a woman who learned from Instagram that her best friend married her ex; vignettes-fresh93 and
/// -fresh98, studied from the forty-eighth session's start, judged 0.21 and 0.28): a question, or a wondering, of how it
/// looked or felt from the other's side, after a hardship told. The 4 labelled listener replies of attune's own sets that
/// ask so are misattuned ("on his side" said of support, "the other side of the door" of a place, and "on her side of the
/// bed" are no such question).
fn other_side_asked(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    if !c.p.norm.words.iter().any(|w| w == "side") || super::stands(earlier) || super::owns_in_words(&c.p.norm) || !super::hardship_told(c.prep, c.t) {
        return None;
    }
    // (not a reflection of the client's own wondering: "You keep wondering what it looked like from her side?")
    let wonders = |n: &crate::text::Norm| n.words.iter().any(|w| matches!(w.as_str(), "wonder" | "wondering" | "wondered"));
    let (s, _, _) = c
        .p
        .sents
        .iter()
        .find(|(s, n, _)| (s.contains('?') || wonders(n)) && !n.starts_with_any(REFLECTING) && !n.has("you keep") && asks_other_side(&n.words))?;
    Some(FlagDraft {
        kind: FlagKind::Confronting,
        turn: c.t,
        quote: s.to_string(),
        explanation: "Asks the client to see it from the other party's side while they are still hurting from it.".into(),
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: true,
    })
}

/// "… like from her side", "how it looks from Declan's side" (a word of how it seemed within four words before "from" or
/// "on", with no person between, and no "of" after "side"), or "like for her, on the other side of that". ("Did it feel
/// like she was on his side?" asks whether the client felt alone.)
fn asks_other_side(w: &[String]) -> bool {
    const SEEMING: &[&str] = &["like", "look", "looks", "looked", "felt", "feel", "seem", "seems", "seemed", "seen"];
    let theirs = |x: &str| matches!(x, "her" | "his" | "their") || (x.ends_with("'s") && !matches!(x, "it's" | "that's" | "what's" | "there's" | "he's" | "she's"));
    let from_their_side = (2..w.len()).any(|i| {
        const PEOPLE: &[&str] = &["she", "he", "they", "she's", "he's", "they're"];
        let window = &w[i.saturating_sub(6)..i - 2];
        w[i] == "side"
            && theirs(&w[i - 1])
            && matches!(w[i - 2].as_str(), "from" | "on")
            && w.get(i + 1).is_none_or(|x| x != "of")
            && window.iter().any(|x| SEEMING.contains(&x.as_str()))
            && !window.iter().any(|x| PEOPLE.contains(&x.as_str()))
    });
    let like_for_them = w.windows(3).any(|x| x[0] == "like" && x[1] == "for" && matches!(x[2].as_str(), "her" | "him" | "them")) && w.iter().any(|x| x == "side");
    from_their_side || like_for_them
}

/// With no client turn before it (`check` with no context, a session's opening): MITI codes a sentence that argues,
/// blames or judges as Confront whatever it answers, so the unmistakable phrases flag here too.
pub(super) fn without_context(p: &crate::assess::Prep, t: usize) -> Option<FlagDraft> {
    if !p.block.is_empty() || p.norm.first_of(UNMISTAKABLE).is_none() || super::owns_in_words(&p.norm) {
        return None;
    }
    p.sents.iter().find_map(|(s, n, _)| {
        let ph = n.first_affirmed(UNMISTAKABLE)?;
        (!n.starts_with_any(REFLECTING) && !felt_as(n, ph) && !spared(n, ph)).then(|| FlagDraft {
            kind: FlagKind::Confronting,
            turn: t,
            quote: s.to_string(),
            explanation: format!("Argues with, judges or blames the client (\"{ph}\"): MITI codes this Confront, whatever it answers."),
            severity: Severity::High,
            extra_turns: vec![],
            firm: true,
        })
    })
}

/// Words just before a phrase that make it the client's felt sense rather than the listener's verdict ("it's sitting in
/// your chest like you should have known"; vignettes-fresh73's attuned chat reply, read once at the thirty-ninth
/// session's end, flagged by this rule and judged 0.14): a simile or a feeling holds the blame at one remove.
const FELT_AS: &[&str] = &["like", "if", "though", "feel", "feels", "felt", "feeling", "wondering", "whether"];

/// Whether every place `ph` stands in `n` follows one of [`FELT_AS`] within the three words before it (six past an aside
/// of "of all people"), said of the client: the listener's own "I'd like to push back a little" or "I feel you're being a bit unfair to her" is a verdict.
fn felt_as(n: &crate::text::Norm, ph: &str) -> bool {
    let needle = format!(" {ph} ");
    let mut at = n.padded.match_indices(&needle).map(|(i, _)| i).peekable();
    at.peek().is_some()
        && at.all(|i| {
            let before: Vec<&str> = n.padded[..i].split_whitespace().rev().take(7).collect();
            // ("what would it look like to fully own your part in this?" asks no simile; "just wondering what your part
            // in it might be" is the listener's own wondering, the "I'm" dropped)
            // (an aside may stand between: "makes it feel like you, of all people, should have seen it coming"; sessions
            // fresh92, studied from the forty-eighth session's start)
            let aside = before.len() >= 3 && before[..3] == ["people", "all", "of"];
            (0..before.len().min(if aside { 6 } else { 3 })).any(|j| {
                // ("you just feel it's your own fault" stays the client's)
                let listeners_just = before.get(j + 1) == Some(&"just") && !before.get(j + 2).is_some_and(|w| matches!(*w, "you" | "you're" | "u"));
                FELT_AS.contains(&before[j]) && !before.get(j + 1).is_some_and(|w| matches!(*w, "i" | "i'd" | "id" | "look" | "looks")) && !listeners_just
            })
        })
}

/// A phrase of [`UNMISTAKABLE`] that its sentence spares: unfairness named of no keeping, or said for the client's sake ("It
/// isn't fair on you to have to keep all this to yourself"), and straightness announced before a duty of care ("One thing
/// I do need to be straight with you about: if I ever thought you weren't safe, I'd have to talk to our club welfare
/// officer." to a boy whose father shouts at him after matches; vignettes-fresh121, studied from the forty-ninth session
/// on); not "I have to be straight with you: you're not safe to drive like this".
fn spared(n: &crate::text::Norm, ph: &str) -> bool {
    // (for the client's sake: "It isn't fair on you to have to keep all this to yourself"; not "keeping his secrets isnt
    // really fair on u or ur mam")
    let for_them = ["fair on you to have to", "fair on yourself to have to", "fair on you that you have to"].iter().any(|f| n.has(f));
    let fair = ph.contains(" fair ") && (!n.words.iter().any(|w| KEEPING.contains(&w.as_str())) || for_them);
    let duty = ph.contains("straight with you")
        && n.words.iter().any(|w| w == "if")
        && n.words.iter().any(|w| matches!(w.as_str(), "safe" | "safety" | "safeguarding" | "welfare"));
    // honesty the client asked for, said so in the sentence ("I want to be honest with you, because I think honesty is part
    // of what you're asking for." to a ward sister who covered for a colleague who drinks; vignettes-fresh150, studied
    // from the fifty-first session on)
    // (of the listener's honesty with the client only, never the client's with themselves, and not "isn't what you're asking
    // for")
    let asked = ph.contains("honest with you") && n.first_of(HONESTY_ASKED).is_some() && !n.has("not what you're asking") && !n.has("isn't what you're asking");
    fair || duty || asked
}

/// The client's own asking for honesty, named.
const HONESTY_ASKED: &[&str] = &[
    "what you're asking for", "what you are asking for", "you asked me to be honest", "you asked for honesty", "since you asked",
    "as you've asked", "as you asked",
];

fn unmistakable(c: &TurnCtx, _earlier: &[FlagDraft]) -> Option<FlagDraft> {
    // most turns hold none of the phrases: one look at the whole turn says so before any sentence is read
    if c.p.block.is_empty() || c.p.norm.first_of(UNMISTAKABLE).is_none() {
        return None;
    }
    // a turn that owns the listener's own miss ("I jumped straight to what next, and you're telling me about…") is a
    // repair, whatever its words
    if super::owns_in_words(&c.p.norm) {
        return None;
    }
    c.p.sents.iter().find_map(|(s, n, _)| {
        let ph = n.first_affirmed(UNMISTAKABLE)?;
        if n.starts_with_any(REFLECTING) || felt_as(n, ph) || super::block_says(c, ph) || crate::text::in_script(c.p.text, s) {
            return None;
        }
        if spared(n, ph) {
            return None;
        }
        Some(FlagDraft {
            kind: FlagKind::Confronting,
            turn: c.t,
            quote: s.to_string(),
            explanation: format!("Argues with, judges or blames the client (\"{ph}\") instead of understanding where they stand."),
            severity: Severity::High,
            extra_turns: vec![],
            firm: false,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::felt_as;
    use crate::text::Norm;

    #[test]
    fn unfairness_for_the_clients_sake_and_a_duty_of_care_are_spared() {
        let spared = |s: &str, ph: &str| super::spared(&Norm::new(s), ph);
        assert!(spared("It isn't fair on you to have to keep all this to yourself.", "isn't fair on"));
        assert!(!spared("keeping his secrets isnt really fair on u or ur mam", "isn't fair on"));
        assert!(spared("One thing I need to be straight with you about: if I ever thought you weren't safe, I'd have to talk to our welfare officer.", "need to be straight with you"));
        assert!(!spared("I need to be straight with you: you're not safe to drive like this.", "need to be straight with you"));
    }

    #[test]
    fn blame_held_as_a_feeling_is_not_a_verdict() {
        assert!(felt_as(&Norm::new("and now its sitting in your chest like you should have known"), "you should have known"));
        assert!(felt_as(&Norm::new("you keep wondering whether it was your own fault"), "your own fault"));
        assert!(!felt_as(&Norm::new("honestly you should have known, it was right there"), "you should have known"));
        // every place it stands must be held so
        assert!(!felt_as(&Norm::new("it feels like you should have known and you should have known"), "you should have known"));
        // the listener's own feeling is the listener's verdict
        assert!(!felt_as(&Norm::new("i'd like to push back a little on that"), "push back a little"));
        assert!(!felt_as(&Norm::new("honestly i feel you're being a bit unfair to her"), "being a bit unfair to her"));
    }
    #[test]
    fn what_it_would_look_like_is_no_simile() {
        assert!(!felt_as(&Norm::new("what would it look like to fully own your part in this"), "own your part in"));
        assert!(felt_as(&Norm::new("makes it feel like you, of all people, should have seen it coming"), "should have seen it coming"));
    }

    #[test]
    fn the_other_side_asked_after_and_a_side_that_is_a_place() {
        let asks = |s: &str| super::asks_other_side(&Norm::new(s).words);
        assert!(asks("What might it have been like for her, on the other side of that?"));
        assert!(asks("I'm wondering, though, what it might have been like on Kaz's side."));
        assert!(asks("I do wonder, though, how it looks from Declan's side."));
        assert!(!asks("you're on his side, and he knows it"));
        assert!(!asks("She sleeps on her side of the bed still?"));
        assert!(!asks("What did Mr Hale say it was about, from his end?"));
        assert!(!asks("Did it feel like she was on his side?"));
        assert!(asks("what it was like from her side, being married to you all this time?"));
    }

}
