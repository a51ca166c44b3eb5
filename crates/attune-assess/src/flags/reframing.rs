//! Reframing too soon: a silver lining or a reason offered for what the client is going through ("these things
//! happen for a reason", "maybe this is the push you needed") while the client is in distress or telling a hardship.
//! Only the unmistakable phrases count ("at least" is the minimizing rule's); the judge read such turns as mild
//! when the words around them were kind (dev vignettes: "You know, maybe this is the push you needed. These things
//! often happen for a reason…" after a layoff, p 0.26).

use super::{severity_for, FlagDraft, TurnCtx};
use crate::types::FlagKind;

/// Silver linings and reasons that reframe a loss, whatever else the turn says.
pub(crate) static SILVER_LINING: &[&str] = &[
    "happens for a reason", "happen for a reason", "happened for a reason", "everything happens for", "silver lining",
    "blessing in disguise", "look on the bright side", "on the bright side", "the push you needed", "a wake-up call",
    "what doesn't kill you", "count your blessings", "could have been worse", "could be worse", "everything works out",
    "it was meant to be", "meant to happen", "god's plan", "a door to something", "opens a door", "when one door closes",
    // fate offered as comfort ("maybe its a sign ur meant for something else?", "perhaps in time you'll come to see this
    // as a sign … the child who is truly meant for you is still out there"; vignettes-fresh20, studied)
    "meant for something else", "meant for something better", "meant for something bigger", "meant for bigger things",
    "a sign you're meant", "a sign ur meant", "a sign that you're meant", "a sign you were meant", "come to see this as",
    "truly meant for you", "is meant for you", "meant to be with",
    // the pain read as proof of something good ("in a way the fact that walking in there is so hard kind of shows how
    // close you two were, doesn't it?"; fresh25, read once in the twenty-second session)
    "in a way the fact that",
    // the loss set against those who never had what was lost ("Forty-odd years of a full kitchen — a lot of people never
    // get that. That's something to hold on to, isn't it."; fresh35, read once in the twenty-fourth session)
    "a lot of people never get", "lots of people never get", "many people never get", "most people never get",
    // (said as the listener's own comfort, not named as what the client reaches for: "I can hear you reaching for something
    // to hold onto" is attuned; vignettes-fresh36, read once in the twenty-fifth session)
    "some people never get", "that's something to hold on to", "that's something to hold onto", "it's something to hold on to",
    "it's something to hold onto", "thats something to hold on to", "that's something to be grateful for",
    "it's something to be grateful for", "lucky to have had", "there's something to hold onto", "there's something to hold on to",
    // a loss read as a new start ("Maybe this could open up a whole new way of seeing for you. Your right eye still works,
    // after all." to a painter losing an eye; vignettes-fresh39, read once in the twenty-fifth session)
    "open up a whole new", "opens up a whole new", "a whole new way of seeing", "still works after all",
    // the loss read as proof of a virtue, then as room for better ("Well, um, at least it shows what a good trainer you
    // are, right? … And maybe it means there's something, er, even better out there for you." to a nurse passed over
    // for the woman she trained; vignettes-fresh46, read once in the twenty-sixth session)
    "at least it shows", "at least that shows", "at least it proves", "at least it means", "at least that means",
    "even better out there", "something better out there", "better out there for you", "something better is coming",
    "better things are coming", "better things are on the way",
    // the reframe announced ("I wonder if we could look at this another way. Your mother put you in that car because she
    // wanted one of her children to be safe — you are the fulfilment of her hope, not a thief." to a translator who feels
    // she stole her visa; vignettes-fresh74, read once at the fortieth session's end, judged 0.33): each of these stands
    // in 20 labelled misattuned replies of attune's own sets and in no attuned one
    "look at this another way", "look at it another way", "look at that another way", "see it another way",
    "see this another way", "look at it from a different angle", "look at this from a different angle",
    "look at it from another angle", "looking at it from a different angle", "another way of looking at",
    "different way of looking at", "another way of seeing", "different way of seeing",
    // good news found in it, going back read as letting go ("The good news is that this is very repairable." after a
    // client's "i feel sick"; "Sometimes going back is part of letting go." to a widow who walked past her repossessed
    // house; sessions fresh72, read once at the forty-first session's end): "the good news is" stands in 30 labelled
    // misattuned replies of attune's own sets and in no attuned one. ("a fresh start" and "says a lot about your
    // strength", as often labelled cheerleading, are left to that rule and the judge: as a reframe they took the
    // cheer's name.)
    "the good news is", "the good news here is", "part of letting go",
    // the loss as a chance or an opening ("In a way this could be a chance to start fresh", "I wonder if there's a way of
    // seeing this as a chance for a fresh start?", "maybe this could turn out to be an opportunity"): the wider forms
    // of these stand in 47 labelled misattuned replies of attune's own sets and in no attuned one, but "an opportunity
    // to", "this could be the start" and a bare "way of seeing it" also name a loss or a reading ("He took away the
    // opportunity to say goodbye", "Your way of seeing it makes sense to me"), so only these forms
    "could be a chance", "might be a chance", "may be a chance", "a chance to start fresh", "way of seeing this as",
    "way of seeing it as", "could be an opportunity", "turn out to be an opportunity",
    // the loss as the way to something better ("There's a version of this where you draw the pieces and someone else is
    // on the machine. That might end up being the part you love most." to a tattooist with a tremor; "this might end up
    // being the best thing that could've happened"; studied vignettes, judged 0.62 and held as a reflection): in 2
    // labelled misattuned replies of attune's own sets and in no attuned one ("there's a version of this where" alone
    // also opens a reflection: "There's a version of this where you blame yourself for all of it")
    "might end up being the best", "might end up being the part you love", "could end up being the best",
    "may end up being the best",
    // the good in it held up as a wonder, or as what to keep ("At the same time, isn't it something that he has such a big
    // heart at 11? … Maybe that's the thing to hold onto tonight." to a father whose dying son let him off a lie; sessions
    // fresh75, read once at the forty-fourth session's end): these stand in 2 labelled misattuned replies of attune's own
    // sets and in no attuned one
    // (not "hold on to that hope", a cheer, nor "the thing to hold on to is tinnitus is really common", a shrinking)
    // (put as a question, the wonder asserts: `WONDERS`)
    "isn't it something that", "isn't that something", "that's the thing to hold onto", "that's the thing to hold on to",
    "try to hold on to that", "try to hold onto that",
    // the setback as a turning point ("it could turn out to be a real turning point 🙂" to a student failing the course
    // her visa hangs on; "a lot of us on here look back on the 'right fit' email as a turning point"; sessions fresh80,
    // studied from the forty-sixth session's start, and fresh72): 3 labelled misattuned replies of attune's own sets, and
    // the one attuned reply that names it quotes the listener's own miss ("i gave you a website and a 'turning point'.
    // i'm sorry.", which `owns_in_words` spares)
    "be a turning point", "be a real turning point", "as a turning point",
    // the hard part set aside for what goes well ("It can help to zoom out a little when one part of university life is
    // difficult… Focusing on the parts of uni that are going well can give you more energy for the harder ones." to a
    // Deaf student who found out from Instagram that her flatmates held a party; vignettes-fresh80, read once at the
    // forty-sixth session's end, judged 0.41): no labelled listener reply of attune's own sets but that one holds these
    "help to zoom out", "helps to zoom out", "helpful to zoom out", "good to zoom out", "that are going well can",
    "focus on what's going well", "focusing on what's going well", "focus on what is going well",
    // what others would give for what is left ("A lot of families I've worked with would give a great deal for that.
    // She's safe, she's well looked after, and you've still got her." to a man whose wife of fifty-one years no longer
    // knows him; vignettes-fresh97, studied from the forty-eighth session's start, judged 0.30), and the loss as a gift
    // ("space from a difficult dynamic can end up being a gift" to a daughter her mother shut out for a new husband;
    // vignettes-fresh98): the 8 labelled listener replies of attune's own sets that say so are misattuned
    "would give anything for that", "would give a great deal for that", "would give anything to have", "would give anything for what",
    "turn out to be a gift", "end up being a gift",
    // ("And do try to hold on to the positives."; "try to focus on the positives"; the 3 labelled listener replies of
    // attune's own sets that say so are misattuned)
    "hold on to the positives", "hold onto the positives", "focus on the positives",
    // the loss as the making of something ("This might turn out to be the thing that makes you a longer-lasting dancer." to
    // a dancer whose ACL tore nineteen days before her first contract; vignettes-fresh105, studied from the forty-eighth
    // session's start, judged 0.43; "this could turn out to be the start of a new chapter", "a bit of a gift in disguise",
    // "the push toward something"): of the labelled listener replies of attune's own sets that say "could" or "might turn
    // out to be", every one is misattuned (13), but the words carry no good outcome on their own ("It might turn out to
    // be nothing serious"), so only with one
    "turn out to be the thing that", "turn out to be the start of", "turn out to be a bit of a gift", "turn out to be a real gift",
    "turn out to be the push", "turn out to be something you treasure", "turn out to be more of an opening",
    "turn out to be a genuinely important", "turn out to be the best", "turn out to be a blessing",
    // the diagnosis as an opening ("many musicians in your position discover that a diagnosis like this opens doors
    // they'd never have considered… Sometimes the end of one chapter is what lets us write the next." to a cellist with a
    // tremor who asked for her real options; vignettes-fresh94, studied from the forty-ninth session on, judged 0.57):
    // the labelled listener replies of attune's own sets that say so are misattuned (3); a bare "open doors" is left
    // out ("a union rep can open doors for you"), and so is "opens doors to" ("a formal diagnosis opens doors to
    // reasonable adjustments")
    "opens doors they'd never", "opens doors you'd never", "opens doors they never", "opens doors you never", "opens new doors",
    "open new doors", "opens up new doors", "opened new doors", "the end of one chapter is", "lets us write the next",
    // the ordeal as the finding of a strength ("Experiences like this, hard as they are, often show us strengths we never
    // knew we had — and I think this one has shown you yours." to a post office worker held at knifepoint three weeks
    // before; vignettes-fresh116, studied from the forty-ninth session on, judged 0.52)
    "strengths we never knew we had", "strength we never knew we had", "strengths you never knew you had",
    "strength you never knew you had",
    // the loss to be seen as an opportunity ("It may also help to see this whole process as an opportunity: many people say
    // their diagnosis became a turning point" to a woman who asked how to get a second opinion on her cancer; sessions
    // fresh119, studied from the fiftieth session on): the 8 labelled listener replies of attune's own sets that hold "as an
    // opportunity" so are misattuned, and the 3 that say it "became" or "could become" a turning point
    // (not "let's use this time as an opportunity to plan")
    "this as an opportunity", "it as an opportunity", "process as an opportunity", "letter as an opportunity",
    "change as an opportunity", "became a turning point", "become a turning point",
    // the bond said to change and not end ("the relationship is changing, not ending"; vignettes-fresh128)
    "changing not ending",
];

/// Questions of [`SILVER_LINING`] that assert the good they ask after ("At the same time, isn't it something that he has
/// such a big heart at 11?"), as a tag question does.
const WONDERS: &[&str] = &["isn't it something that", "isn't that something"];

/// The client's feeling set aside to make room for another reading ("I know it doesn't feel like it right now, but I
/// think under all this there's going to be some real relief too" to a mother whose autistic son moves into a group
/// home; vignettes-fresh76, read once at the forty-second session's end, judged 0.31): these openings stand in 7
/// labelled misattuned replies of attune's own sets and in no attuned one ("even if it doesn't feel like it right now"
/// after praise is left out: it closes an affirmation labelled attuned). The reading that follows is a reframe unless
/// the sentence shrinks the loss instead (`shrinks_instead`).
static FEELS_OTHERWISE: &[&str] = &[
    "know it doesn't feel like it", "know it doesnt feel like it", "know it does not feel like it", "know it may not feel like it",
    "know it might not feel like it", "while it may not feel like it", "while it might not feel like it",
    "while it doesn't feel like it", "although it doesn't feel like it", "though it doesn't feel like it",
    "although it may not feel like it",
];

/// "At least" said of someone, as consolation ("But at least she's somewhere safe now", "At least you did get to say
/// goodbye, though", "at least she's still here"; vignettes-fresh25, fresh24 and fresh13, the first two read once in the
/// twenty-second session): the silver lining the judge read as calm in speech (0.20). Not "at least for this hour", nor
/// "at least it would be something you could fix", the client's own logic reflected: a person and a verb must follow.
fn consoling_at_least(n: &crate::text::Norm) -> Option<&'static str> {
    // ("Mm. And you know, at least you've still got your child." to a father mourning the daughter his son once was;
    // sessions, studied)
    const WHO: &[&str] = &["you", "she", "he", "they", "we", "you're", "she's", "he's", "they're", "we're", "u", "ur", "you've", "we've", "they've"];
    const VERB: &[&str] = &[
        "did", "got", "get", "had", "have", "has", "is", "are", "was", "were", "can", "could", "still", "know", "knew",
        "went", "lived", "made",
        // ("But at least you caught it before it showed" to a tattooist whose needle jumped on a memorial piece;
        // fresh52, read once in the twenty-seventh session)
        "caught", "found", "saw", "kept", "said", "told", "heard", "gave", "came", "managed", "noticed", "spotted",
    ];
    // or someone of theirs ("at least your dad reached out at all, right?"; vignettes-fresh31, read once in the
    // twenty-fourth session), with a verb after: a tense-bearing one of the list, or a past in -ed
    const THEIRS: &[&str] = &["your", "ur", "his", "her", "their"];
    let w = &n.words;
    (0..w.len().saturating_sub(3)).find_map(|i| {
        if !(w[i] == "at" && w[i + 1] == "least") {
            return None;
        }
        // (a span of time qualified is no consolation: "For a second at least, she was still going to be at the door,
        // and then she wasn't." to a man who called his dead dog's name; vignettes-fresh89, studied from the
        // forty-seventh session's start; not "now": "Even if she doesn't know your name right now, at least…" consoles)
        if i > 0 && matches!(w[i - 1].as_str(), "second" | "moment" | "minute" | "instant" | "while") {
            return None;
        }
        // (nor this place offered as one where it can be said: "Here, at least, you can say the angry things out loud." to
        // a mother angry at her son for the overdose everyone calls brave; vignettes-fresh100, studied from the
        // forty-eighth session's start: the 5 labelled listener replies of attune's own sets that say "at least here" or
        // "here, at least" are attuned)
        // (only a place offered to speak in, "you" within the next three words: "At least here she's safe now" of a care
        // home consoles)
        let here = |x: Option<&String>| x.is_some_and(|x| x == "here");
        let you_next = w[i + 2..].iter().take(4).any(|x| x == "you");
        if (here(i.checked_sub(1).map(|k| &w[k])) || here(w.get(i + 2))) && you_next {
            return None;
        }
        let (who, next) = (w[i + 2].as_str(), w.get(i + 3).map_or("", String::as_str));
        let contracted = who.ends_with("'s") || who.ends_with("'re") || who.ends_with("'ve");
        let person = WHO.contains(&who) && (contracted || VERB.contains(&next));
        let theirs = THEIRS.contains(&who) && {
            let (noun, verb) = (next, w.get(i + 4).map_or("", String::as_str));
            noun.ends_with("'s") || VERB.contains(&verb) || (verb.len() > 4 && verb.ends_with("ed"))
        };
        (person || theirs).then_some("at least")
    })
}

/// Something good found in the loss ("There's something fitting in that, for a lighthouse man." after the widow's
/// oilskins were read as keeping someone warm on a boat; vignettes-fresh77, read once at the forty-third session's
/// end, judged 0.51): "there's something <good> in/about it" stands in 8 labelled misattuned replies of attune's own
/// sets and in no attuned one, while the same frame with a hard word ("There's something very lonely in that",
/// "something tender in that smile") names the client's feeling and stands in 10 attuned ones. Only goods a loss is
/// not: "tender", "moving" and "meaningful" are left out.
fn something_good_in_it(n: &crate::text::Norm) -> Option<&'static str> {
    static GOOD: &[&str] = &[
        "something fitting", "something hopeful", "something beautiful", "something lovely", "something precious",
        "something protective", "something strong", "something comforting", "something reassuring", "something healthy",
        "something positive", "something wonderful", "something freeing", "something liberating", "something poetic",
    ];
    const SOFT: &[&str] = &["quite", "rather", "really", "very", "so", "oddly", "strangely", "actually", "deeply", "kind", "of"];
    let w = &n.words;
    (0..w.len()).find_map(|i| {
        // ("there is also something…", "there's still something…")
        let also = |k: usize| usize::from(w.get(k).is_some_and(|x| x == "also" || x == "still"));
        let after = match (w[i].as_str(), w.get(i + 1).map(String::as_str)) {
            ("there's", _) if w.get(i + 1 + also(i + 1)).is_some_and(|x| x == "something") => i + 2 + also(i + 1),
            ("there", Some("is")) if w.get(i + 2 + also(i + 2)).is_some_and(|x| x == "something") => i + 3 + also(i + 2),
            _ => return None,
        };
        let mut j = after;
        while j < w.len() && j < after + 2 && SOFT.contains(&w[j].as_str()) {
            j += 1;
        }
        let good = GOOD.iter().copied().find(|g| g.strip_prefix("something ") == w.get(j).map(String::as_str))?;
        // said of what happened ("in that", "about it"), not of the client ("something really strong in you telling her
        // yourself" affirms), and not denied ("I don't think there's something hopeful in it yet"); or of what someone said
        // ("There is also something rather beautiful in what Margaret said." to a husband his wife with Alzheimer's called
        // "the nice gentleman"; vignettes-fresh128, studied from the fiftieth session on, judged 0.31: the 2 labelled listener
        // replies of attune's own sets that say so are misattuned)
        let k = j + 1 + usize::from(w.get(j + 1).is_some_and(|x| x == "hidden"));
        // (what someone else said, not the client: "There's something hopeful in what you just said" reflects change talk)
        let of_another = || w.get(k + 2).is_some_and(|x| !matches!(x.as_str(), "you" | "you've" | "you're" | "you'd" | "we" | "i"));
        let of_it = w.get(k).is_some_and(|x| x == "in" || x == "about")
            && w.get(k + 1).is_some_and(|x| matches!(x.as_str(), "that" | "it" | "this") || (x == "what" && of_another()));
        let denied = attune_text::rules::negated_before(&n.padded[..n.padded.match_indices(' ').nth(i).map_or(0, |(at, _)| at + 1)]);
        (of_it && !denied).then_some(good)
    })
}

/// After "I know it doesn't feel like it", a time ("right now", "yet", "today") and then another reading in the same
/// sentence: not a reflection ("I know it doesn't feel like it will ever stop hurting") nor an affirmation's closer
/// ("You did everything you could. I know it doesn't feel like it right now.").
fn reading_follows(n: &crate::text::Norm, phrase: &str) -> bool {
    const WHEN: &[&str] = &["now", "right", "yet", "today", "at", "in", "tonight", "this"];
    let needle = format!(" {phrase} ");
    let Some(at) = n.padded.find(&needle) else { return false };
    let rest: Vec<&str> = n.padded[at + needle.len()..].split_whitespace().collect();
    rest.first().is_some_and(|w| WHEN.contains(w)) && rest.len() >= 5
}

/// The sentence makes the loss small or usual rather than good ("…but it honestly is very common, like one in four"):
/// the judge's to name, as a minimizing reply.
fn shrinks_instead(s: &str, n: &crate::text::Norm) -> bool {
    attune_text::rules::scan(s).minimize.is_some() || n.first_of(super::SHRINKS).is_some() || n.words.iter().any(|w| matches!(w.as_str(), "common" | "normal" | "usual"))
}

/// The sentence's "at least" opens a quotation.
fn quoted_at_least(s: &str) -> bool {
    crate::text::opens_quotation(&s.to_lowercase(), "at least")
}

/// The last two words of a tag question.
const TAGS: &[&str] = &["doesn't it", "isn't it", "wasn't it", "didn't it", "hasn't it", "don't you", "aren't you", "don't they", "isn't that", "isn't there"];

/// A tag question inside the sentence, set off by a comma and closed by a dash or a comma before the lining is spelt out
/// ("There's something quite freeing in that, potentially, isn't there — getting your time back after all those
/// years?" to a lock-keeper whose canal is closing; vignettes-fresh79, read once at the forty-fifth session's end,
/// judged 0.57): it asserts as a closing tag does.
fn tag_inside(s: &str) -> bool {
    let s = s.to_lowercase().replace('\u{2019}', "'");
    TAGS.iter().any(|t| ["—", "–", "-", ","].iter().any(|close| s.contains(&format!(", {t} {close}")) || s.contains(&format!(", {t}{close}"))))
}

/// Words before the phrase that disown it ("I won't say it happened for a reason").
pub(super) const DISOWNED: &[&str] = &["won't say", "not going to say", "wouldn't say", "don't want to say", "not going to tell", "won't tell", "people say", "people tell", "hate it when"];

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    if earlier.iter().any(|d| d.kind == FlagKind::Minimizing) {
        return None;
    }
    silver_lining(c).or_else(|| super::yes_but::check(c, earlier, FlagKind::Reframing))
}

/// The loss set against others who had less: "than a lot of …" and "ever get" in one sentence ("forty-one years side by
/// side, that's more than a lot of brothers ever get"; fresh40, read once in the twenty-fifth session).
fn more_than_others(n: &crate::text::Norm) -> Option<&'static str> {
    (n.has("ever get") && ["than a lot of", "than most", "than many", "than plenty of"].iter().any(|p| n.has(p))).then_some("more than others ever get")
}

/// A new reading promised for later: "come to see" and "as" within five words after it ("I wonder whether, in time, you
/// might come to see that moment of relief as almost her last gift to you" to a widower ashamed of his relief when his
/// wife died; "you'll come to see this letter as a beginning"; sessions fresh96 and studied, read at the forty-eighth
/// session's start): the 3 labelled listener replies of attune's own sets that say so are misattuned.
/// What "at least" says, past its subject: up to two words after the word that follows it ("At least you had the clock"
/// → "had the", "at least he's alive" → "alive"). The client's own consolation given back, in the listener's person, is
/// the client's ("At least I had the clock, I suppose." — "At least you had the clock... and Derek, keeping you company";
/// vignettes-fresh101), where another "at least" of the client's ("at least I got the dog out") leaves the listener's
/// own ("at least she's somewhere safe now") the listener's.
fn at_least_clause(n: &crate::text::Norm) -> Option<String> {
    let rest = n.after("at least").next()?;
    (rest.len() >= 2).then(|| rest[1..rest.len().min(3)].join(" "))
}

/// Only as promised for later, by a modal or "in time" just before it ("you've come to see yourself as a burden"
/// reflects; "You don't have to come to see it as anything" lifts a demand).
fn come_to_see_as(n: &crate::text::Norm) -> Option<&'static str> {
    const LATER: &[&str] = &["will", "you'll", "might", "may", "could", "time", "eventually", "day"];
    let w = &n.words;
    n.starts_of("come to see")
        // (or "differently": "I do wonder, though, whether you might come to see it a little differently in time: sixty-one
        // years is a whole lifetime of being there for her" to a widower in a care home who was not there at the end;
        // sessions fresh103, studied from the forty-ninth session on)
        .any(|i| i >= 1 && LATER.contains(&w[i - 1].as_str()) && w[i + 3..].iter().take(5).any(|x| x == "as" || x == "differently"))
        .then_some("come to see it as")
}

fn silver_lining(c: &TurnCtx) -> Option<FlagDraft> {
    // a loss told plainly is read as calm by distress and sometimes by hardship ("They let me go. Friday. Eleven
    // years…" 0.24): a disclosure is context enough for these phrases
    let hard = c.aff.distress >= 0.5 || c.aff.hardship >= 0.5 || c.aff.act.tells();
    if !(c.distress || hard) {
        return None;
    }
    let mut found: Option<FlagDraft> = None;
    for (k, (s, n, _)) in c.p.sents.iter().enumerate() {
        // (an "at least" in quotation marks is what others said, named: "People keep reaching for 'at least he's alive'")
        // (a lining denied is none: "There isn't a silver lining to find this morning; there's a loss." in a repair;
        // fresh28, read once in the twenty-third session)
        let Some(phrase) =
            n.first_affirmed(SILVER_LINING)
                .or_else(|| consoling_at_least(n).filter(|_| !quoted_at_least(s)))
                .or_else(|| more_than_others(n))
                .or_else(|| come_to_see_as(n))
                .or_else(|| something_good_in_it(n))
                .or_else(|| n.first_affirmed(FEELS_OTHERWISE).filter(|p| reading_follows(n, p) && !shrinks_instead(s, n)))
        else {
            continue;
        };
        // (nor one drafted for the client to say, or named as what not to say: "- "It wasn't meant to be" / "Everything
        // happens for a reason" among the sayings a man asked to avoid after his partner's miscarriage; sessions fresh132)
        if crate::text::scripted_or_quoted(c.p.text, s, Some(phrase)) {
            continue;
        }
        // a question explores ("Do you think it happened for a reason?"); one that opens on "maybe" offers the reading
        // ("but maybe its a sign ur meant for something else?")
        let offered = n.words.iter().any(|w| matches!(w.as_str(), "maybe" | "perhaps"));
        // a tag question asserts ("…shows how close you two were, doesn't it?", "…at least your dad reached out at all,
        // right?")
        // (read only for a sentence that asks: the tag inside it is built from the raw text)
        let tagged = || {
            (n.words.len() >= 2 && TAGS.contains(&n.words[n.words.len() - 2..].join(" ").as_str()))
                || [", right?", ", yeah?", ", eh?", ", no?"].iter().any(|t| s.trim_end().ends_with(t))
                || tag_inside(s)
        };
        // (the listener naming the lining as their own miss is owning it: "You're right, and I'm sorry. I reached for a
        // silver lining in something that is costing you your sleep…"; sessions fresh55, read once in the
        // twenty-eighth session)
        let wondered = n.first_of(WONDERS).is_some();
        // (nor the client's own words thrown back in disbelief: "'look on the bright side' 😳 with a SMILEY." of a mother's
        // text; vignettes-fresh98, studied from the forty-eighth session's start)
        if (s.trim_end().ends_with('?') && !offered && !wondered && !tagged())
            || n.first_of(DISOWNED).is_some()
            || super::owns_in_words(n)
            || (SILVER_LINING.contains(&phrase) && super::block_says(c, phrase))
            || (phrase == "at least" && super::block_says(c, "at least") && at_least_clause(n).is_some_and(|cl| super::block_says(c, &cl)))
        {
            continue;
        }
        // a second lining in another sentence says the turn is reframing, not slipping: it stands whatever the judge
        // says (the judge read the nurse's reply above as calm, 0.14)
        if let Some(d) = found.as_mut() {
            d.firm = true;
            d.explanation = format!("{} And again (\"{phrase}\").", d.explanation);
            break;
        }
        let validated = c.first_attuning_sent.is_some_and(|f| f < k);
        found = Some(FlagDraft {
            kind: FlagKind::Reframing,
            turn: c.t,
            quote: s.to_string(),
            explanation: format!("Offers a silver lining or a reason (\"{phrase}\") while the client is still in it."),
            severity: severity_for(c.aff.intensity.max(c.aff.hardship), c.cfg.intensity_threshold, validated),
            extra_turns: vec![],
            firm: false,
        });
    }
    found
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_reading_promised_differently_and_doors_never_considered_reframe() {
        use crate::text::Norm;
        assert!(super::come_to_see_as(&Norm::new("I do wonder whether you might come to see it a little differently in time.")).is_some());
        assert!(super::come_to_see_as(&Norm::new("You don't have to come to see it differently.")).is_none());
        let lining = |s: &str| Norm::new(s).first_affirmed(super::SILVER_LINING);
        assert!(lining("Many musicians discover that a diagnosis like this opens doors they'd never have considered.").is_some());
        assert!(lining("A formal diagnosis opens doors to reasonable adjustments at work.").is_none());
        assert!(lining("Experiences like this often show us strengths we never knew we had.").is_some());
    }

    #[test]
    fn a_reading_promised_for_later_and_one_the_client_holds() {
        let later = |t: &str| super::come_to_see_as(&crate::text::Norm::new(t));
        assert!(later("I wonder whether, in time, you might come to see that moment of relief as almost her last gift to you").is_some());
        assert!(later("It sounds like you've come to see yourself as a burden.").is_none());
        assert!(later("You don't have to come to see it as anything.").is_none());
        let clause = |t: &str| super::at_least_clause(&crate::text::Norm::new(t));
        assert_eq!(clause("At least you had the clock, and Derek").as_deref(), Some("had the"));
        assert_eq!(clause("at least he's alive").as_deref(), Some("alive"));
    }

    #[test]
    fn the_phrases_are_lower_case_words() {
        for p in super::SILVER_LINING.iter().chain(super::DISOWNED).chain(super::FEELS_OTHERWISE) {
            assert_eq!(*p, p.to_lowercase());
            assert!(!p.contains("  ") && p.trim() == *p);
        }
    }

    #[test]
    fn something_good_found_in_a_loss_reframes_it() {
        let good = |s: &str| super::something_good_in_it(&crate::text::Norm::new(s));
        assert_eq!(good("There's something fitting in that, for a lighthouse man."), Some("something fitting"));
        assert_eq!(good("I wonder if there's something precious hidden in it too."), Some("something precious"));
        assert_eq!(good("honestly i think theres something really strong in that"), Some("something strong"));
        assert_eq!(good("There's something very lonely in that."), None);
        assert_eq!(good("There's something tender in that smile."), None);
        assert_eq!(good("There's nothing beautiful about it."), None);
        assert_eq!(good("There's something really strong in you telling her yourself."), None);
        assert_eq!(good("I don't think there's something hopeful in it yet."), None);
    }

    #[test]
    fn a_tag_inside_the_sentence_asserts() {
        assert!(super::tag_inside("There's something quite freeing in that, potentially, isn't there — getting your time back?"));
        assert!(super::tag_inside("It shows how close you were, doesn't it, after all those years?"));
        assert!(!super::tag_inside("Isn't there something freeing in that?"));
    }

    #[test]
    fn at_least_said_of_what_the_client_still_has_consoles() {
        let at = |s: &str| super::consoling_at_least(&crate::text::Norm::new(s));
        assert_eq!(at("Mm. And you know, at least you've still got your child."), Some("at least"));
        assert_eq!(at("At least she's still here with you."), Some("at least"));
        assert_eq!(at("We've met at least twice, and at least for this hour it's yours."), None);
        assert_eq!(at("Give it at least a week."), None);
        assert_eq!(at("For a second at least, she was still going to be at the door, and then she wasn't."), None);
    }
}
