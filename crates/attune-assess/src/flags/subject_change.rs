//! Subject change: the first reply to a distressed client that takes up none of their words or feeling and
//! opens a new topic (or opens with a topic-shift marker such as "anyway"); or, after a hardship, picks up an older
//! thread, asks after work the client did not bring, asks out of curiosity how they came to a detail of the telling,
//! asks after a side detail of it or delights in one, asks after the client's pastimes, asks after someone else (or
//! someone named in passing, pointed back to), announces curiosity about something else, points to another forum
//! thread, turns to a reminder of the service's own business, or offers something lighter.

use super::{FlagDraft, TurnCtx};
use crate::assess::BACK_REFERENCE;
use crate::text;
use crate::types::{FlagKind, Severity};
use attune_core::Role;

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    let (p, prep) = (c.p, c.prep);
    let first_reply = c.t > 0 && prep[c.t - 1].role == Role::Client;
    // (a kept question also past a gated draft, which the judge may yet drop: "I'm sure you'll find the right words on the
    // day." before it was drafted as a cheer)
    let kept = p.text.contains('?') && p.norm.first_of(KEPT_QUESTION).is_some();
    if !(first_reply && (earlier.is_empty() || (kept && !super::stands(earlier))) && p.words >= 4) {
        return None;
    }
    // a loss told plainly reads as calm to the distress head ("It said I failed, basically." 0.11): for the pivot below
    // a told hardship is context enough, as for a silver lining
    let distressed = c.distress && c.aff.intensity >= 0.3;
    let hard = c.aff.distress >= 0.5 || c.aff.hardship >= 0.5 || c.aff.act.tells();
    // a turn announced as a new topic ("haha 🙂 random q but what car u sat in?", "Slightly off topic but was it the flu
    // that was going round…?") after a hardship told an exchange earlier, where the client's last words were a quiet
    // "idk maybe another time" or a thanks (studied sessions; of the 59 labelled listener turns of attune's own sets that
    // hold "by the way", "btw", "random q", "off topic", "unrelated" or the like, 55 are misattuned)
    // (the marker is read last: most turns answer a calm client whose turn before told nothing hard either. Not
    // `hardship_told` for the marker, which reaches two client turns back and flagged one more turn of AnnoMI's good dev
    // sessions)
    let passing = p.text.contains('?') && p.norm.starts_with_any(PASSING_THREAD);
    let thread = p.text.contains('?') && another_thread(p, prep);
    let reminder = p.norm.first_of(REMINDER).is_some();
    let lighter = to_something_lighter(p, prep);
    // (the client pointed elsewhere: another thread, the service's business, something lighter)
    let elsewhere = thread || reminder || lighter;
    // (an older thread asked after in passing may follow the hardship by two exchanges, as in the tinnitus chat: "maybe.
    // idk", then "yeah", then the thread. `hardship_told` reads the block and the two client turns before it; it is kept
    // to this opening, which no good dev session's listener turn holds)
    // (chat's own markers likewise, which no AnnoMI session says, unlike the shared list's: "ye nothing i can do anyway.
    // its happening friday" — "yeah. random q but what do you do to chill when stuff gets like this?" to a boy in care
    // being moved away from his dog and his mate; sessions fresh83, studied from the forty-seventh session's start; not
    // "otherwise", which asks after the rest of a life)
    let chat_marker = || chat_shift(p).is_some_and(|m| CHAT_SHIFTS.contains(&m));
    // (read once each, and only where a turn gets this far)
    let (side, another, delight) = (std::cell::OnceCell::new(), std::cell::OnceCell::new(), std::cell::OnceCell::new());
    let told_earlier = || prep[..c.t].iter().any(|k| k.role == attune_core::Role::Client && (k.affect.distress >= 0.5 || k.affect.hardship >= 0.5));
    // (these three only after something hard, not after any telling: "Cool! How did it go?" to "last week i attended a job
    // interview with tesla", "Aww that is great! What breed?" of a new puppy, rated 4 and 5 for empathy in
    // EmpatheticExchanges' dev split)
    // (where the judge flags the turn, its kind names the miss: an intake's questions are detachment)
    let judged = p.judgement.as_ref().is_some_and(|j| j.flagged);
    let grave = || !judged && (c.aff.distress >= 0.5 || c.aff.hardship >= 0.5 || super::hardship_told(prep, c.t) || told_earlier());
    // (pastimes only right after the hard part itself, not after a thanks later on: "Anytime! Do you do anything for fun? Any
    // hobbies?" after "Thanks!", in an ESConv session its seeker rated helpful)
    let now_hard = c.aff.distress >= 0.5 || c.aff.hardship >= 0.5;
    let side = || *side.get_or_init(|| grave() && (side_detail(p, prep) || (now_hard && pastimes_asked(p, prep))));
    let another = || *another.get_or_init(|| grave() && ((!p.attuning && asks_after_another(p)) || asks_after_a_side_person(p)) && !asks_how_client_is(p));
    // (and delight only where the client pulls back: glad with a client who tells a story, hard or not, it meets them
    // (the client model read this one as fear, 0.90): "I found my old elementary school. I hear it was going to be torn down next month, so I toured
    // the inside." — "Wow, cool! Did they let you in?", rated 5 there)
    let pulls_back = c.aff.rupture_act() == attune_core::ClientAct::Withdrawing;
    let delight = || *delight.get_or_init(|| grave() && pulls_back && delight_in_a_detail(p, prep));
    // (a side detail or delight in one also after a client who went quiet or deflected, which the client model reads as
    // calm, where something hard was told earlier in the session: "Dunno. It's fine." … "S'pose. He's got a new flat.
    // Got a PS5 there, so. [shrugs]" — "Oh nice, a PS5! What are you playing on it at the minute?"; vignettes-fresh134,
    // studied from the fiftieth session on. Not with nothing hard told: "Oh cool! What kind of music?" to a quiet teenager
    // in a first session builds rapport)
    let withdrawn = || pulls_back && (side() || delight()) && told_earlier();
    let recent_hard = !(distressed || hard)
        && ((earlier_block_hard(p, prep) && announced(p))
            || (super::hardship_told(prep, c.t) && (passing || elsewhere || side() || another() || delight() || chat_marker()))
            || withdrawn());
    if !(distressed || hard || recent_hard) {
        return None;
    }
    // a repair goes back to what the client said, whatever it opens with ("She's fine, thank you — and I don't want to
    // make this about her. I think I just did, actually. … I jumped in with my own story. I'm sorry."; fresh52, read
    // once in the twenty-seventh session)
    if super::owns_in_words(&p.norm) {
        return None;
    }
    let shift_marker = attune_text::rules::topic_shift(p.text).or_else(|| chat_shift(p)).or_else(|| brighter_note(p));
    // an acknowledgement then "…, though?" turns away whatever the acknowledgement said (`rules::topic_shift`), unless
    // the question hands the client's own words back ("the 'lol whatever' kinda sounds like it stung more than that
    // tho?"; vignettes-fresh24, read once in the twenty-second session)
    let shift_marker = shift_marker.filter(|&m| m != "though" || !quotes_client(p, prep));
    // chat's "random but" after an "im sorry" turns away as a "though" does, and so does a marker opening a later
    // sentence after a short acknowledgement ("That sounds like a lot for both of you. On a practical note, before I
    // forget — did your PIP assessment date come through?"; fresh34, read once in the twenty-fourth session)
    let pivot = shift_marker == Some("though")
        || shift_marker.is_some_and(|m| CHAT_SHIFTS.contains(&m) || BRIGHTER.contains(&m) || m == "otherwise")
        || shift_after_acknowledging(p)
        // (after distress or a hardship read clearly, not a telling alone: "Not much to report, the week was fine." tells,
        // hardship 0.55; the carer's shame over the chair, 0.75)
        || ((c.aff.distress >= 0.5 || c.aff.hardship >= 0.6) && shift_marker.is_some_and(|m| ELSEWHERE.contains(&m)) && opens_elsewhere(p));
    // curiosity about a detail and work asked after stand with the older threads (`CURIOUS`, `WORK_CHECK`)
    let curious = p.sents.iter().any(|(s, n, _)| s.trim_end().ends_with('?') && curious_about_a_detail(n)) || curious_aside(p);
    let intake = p.sents.iter().any(|(s, n, _)| s.trim_end().ends_with('?') && n.first_of(INTAKE_ASKED).is_some());
    let work = asks_after_work(p, prep);
    // a thread from an earlier session picked up after a disclosure ("Mm, that must have been hard. And, um, you
    // mentioned last time your granddaughter was starting in Galway. How's she getting on with the course?")
    // (the moves that stand without the overlap test: each asks after a detail, a person or a thread, not the hard part)
    let named_move = curious || intake || side() || another() || delight() || work || kept;
    let older_thread = passing || elsewhere || named_move || (p.text.contains('?') && p.norm.first_of(OLDER_THREAD).is_some());
    if !((distressed || recent_hard || ((pivot || older_thread) && hard)) && (!p.attuning || pivot || older_thread || recent_hard)) {
        return None;
    }
    // the client's content words over this block and the one before it
    let mut ctx: Vec<usize> = p.block.clone();
    if let Some(&first) = p.block.first() {
        if let Some(prev_t) = crate::assess::therapist_before(prep, first) {
            ctx.extend(prep[prev_t].block.iter().copied());
        }
    }
    let client_stems: Vec<&String> = ctx.iter().flat_map(|&c| prep[c].stems.iter()).collect();
    let overlap = p.stems.iter().any(|s| client_stems.contains(&s));
    // (the block's own stems come first in `client_stems`)
    let block_stems = &client_stems[..p.block.iter().map(|&c| prep[c].stems.len()).sum::<usize>()];
    let overlap_now = p.stems.iter().any(|s| block_stems.contains(&s));
    let back_ref = p.norm.words.iter().take(8).any(|w| BACK_REFERENCE.contains(&w.as_str()));
    let feeling_word = crate::assess::has_feeling_word(&p.norm);
    let new_content = p.stems.iter().filter(|s| !client_stems.contains(s)).count();
    let opens = p.text.trim_end().ends_with('?')
        || p.codes.iter().any(|c| c.is_question() || c.is_fixing())
        || p.norm.first_of(text::ADVISE).is_some();
    // (an older thread shares words with the earlier block it points back to, "You mentioned in your first letter that
    // it was Mairéad who encouraged you to write": only the block it answers counts; sessions fresh74, read once at the
    // forty-third session's end)
    let older = older_thread && (named_move || elsewhere || !overlap_now);
    if !(shift_marker.is_some() || older || (!overlap && !back_ref && !feeling_word && new_content >= 3 && opens)) {
        return None;
    }
    Some(FlagDraft {
        kind: FlagKind::SubjectChange,
        turn: c.t,
        quote: p.text.trim().to_string(),
        explanation: match shift_marker {
            None if intake => "Asks an intake's question (someone's age, who someone is) right after the client told of something hard, and leaves the hard part.".to_string(),
            None if another() => "Asks after someone else right after the client told of something hard of their own, and leaves it.".to_string(),
            None if delight() => "Delights in a detail of the telling and asks about it right after the client told of something hard, and leaves the hard part.".to_string(),
            None if side() && !side_detail(p, prep) => "Asks after the client's pastimes right after they told of something hard, and leaves the hard part.".to_string(),
            None if side() => "Asks about a side detail (what kind, how many, which one) right after the client told of something hard, and leaves the hard part.".to_string(),
            None if work => "Asks after work or school right after the client told of something hard that was not about it.".to_string(),
            None if kept => "Asks a question the listener had been keeping right after the client told of something hard, and leaves it.".to_string(),
            None if curious && curious_aside(p) => "Announces curiosity about something else right after the client told of something hard, and asks about it.".to_string(),
            None if curious => "Asks, out of curiosity, how the client came to a detail of what they told, right after something hard, and leaves the hard part.".to_string(),
            None if thread => "Points the client to another thread, on a topic they did not raise, and leaves what they told.".to_string(),
            None if reminder => "Turns to a reminder of the service's own business right after the client told of something hard.".to_string(),
            None if lighter => "Turns to something lighter right after the client told of something hard, and leaves the hard part.".to_string(),
            None if older => "Picks up a thread from an earlier session right after the client told of something hard, taking up none of it.".to_string(),
            Some(m) => format!("Opens a new topic (\"{m}\") right after the client expressed {}.", c.aff.emotion.as_str()),
            None => format!("Takes up none of the client's words or {} and opens a new topic.", c.aff.emotion.as_str()),
        },
        severity: if shift_marker.is_some() && c.aff.intensity >= c.cfg.intensity_threshold { Severity::Medium } else { Severity::Low },
        extra_turns: vec![],
        // (the judge reads a question about the client's life as attuned: the older thread is the miss here)
        // ("otherwise" too: the judge read the praise before it as warmth, 0.33)
        firm: older || shift_marker == Some("otherwise"),
    })
}

/// Pointers back to an earlier session's thread. After a session's opening they set the agenda ("So, um, last week you
/// said the hearing appointment was coming up. Where would you like to start today?", attuned in fresh sessions);
/// right after a disclosure that takes up none of its words, they change the subject (vignettes-fresh22 and -fresh24,
/// read once in the twenty-second session: all such labelled replies after a disclosure are misattuned).
pub(crate) static OLDER_THREAD: &[&str] = &[
    "last time you said", "last time you mentioned", "last week you said", "last week you mentioned", "you mentioned last time",
    "you said last time", "you mentioned last week", "you said last week", "last session you said", "last session you mentioned",
    "you mentioned earlier", "you mentioned before",
    // in writing, the thread of an earlier letter or post ("I've been wondering how things are at home. You mentioned in
    // your first letter that it was Mairéad who encouraged you to write. How are the two of you getting on…?" to a
    // farmer writing of the herd taken; sessions fresh74, read once at the forty-third session's end: 4 labelled
    // replies of attune's own sets point back so after a disclosure, all misattuned)
    "you mentioned in your first", "you mentioned in your last", "you mentioned in your other", "in your first letter",
    "in your first post", "in your first email", "in your first message", "from your first letter", "from your first post",
    "from your first email", "from your first message", "in your other post", "you mentioned last month",
];

/// A question the listener has been keeping, asked now ("I've been meaning to ask — what was St Aidan's like in your years
/// as head?" to a retired headmistress who wrote she cannot sleep for rehearsing how to tell her son of her fall; "Anyway, I
/// meant to ask: how is Leo sleeping?"; sessions fresh141, studied from the fifty-second session on, and studied sessions):
/// the 4 labelled listener replies of attune's own sets that say so are misattuned. The question is the listener's own, so
/// it stands without the overlap test (the headmistress's "twenty-two years" and the listener's "your years as head").
const KEPT_QUESTION: &[&str] = &["i've been meaning to ask", "ive been meaning to ask", "i have been meaning to ask", "i meant to ask", "i've meant to ask"];

/// In chat, an older thread asked after in passing, as the reply's opening ("oh did you ever get the pillow speaker
/// working with the rain app?" after a "yeah" from a man worn down by tinnitus; sessions fresh75, read once at the
/// forty-fourth session's end; "btw did u end up going to that 5 a side thing…?"): 3 labelled replies of attune's own
/// sets open so, all misattuned. Like a topic-shift marker, it turns away from a hardship told an exchange earlier.
/// (Chat's "u" is read as "you": `text::words`.)
const PASSING_THREAD: &[&str] = &["oh did you ever", "btw did you ever", "oh did you end up", "btw did you end up"];

/// Curiosity about how the client came to a detail of the telling ("A museum commission — that's impressive, actually.
/// How did you get into taxidermy in the first place?" to a man whose wife left him over his work, who could not touch
/// the owl on his bench; "I didn't know you did the flowers — how did you get into that?"; vignettes-fresh49 and
/// -fresh54, studied): the detail becomes the topic and the loss is left. Both labelled replies of attune's own sets that
/// ask so after a hardship are misattuned; no good dev session's listener turn asks it. It may share the client's words
/// (the detail is theirs), so it stands without the overlap test. Not the way into a place or a state ("How did you get
/// into the flat after they changed the locks?", "…into debt in the first place?"): `curious_about_a_detail`.
const CURIOUS: &[&str] = &["how did you get into", "how'd you get into", "what got you into", "what got you interested in", "how did you get started in"];

/// An intake's question asked right after something hard, the hard part left: the age of someone the client named
/// ("you've obviously got a lot on your plate with the two kids as well. how old are they?" to a mother hiding a
/// bailiff's letter who said "i feel sick"; vignettes-fresh89, studied from the forty-seventh session's start, judged
/// 0.47), or who someone is. The 8 labelled listener replies of attune's own sets that ask these are all misattuned.
const INTAKE_ASKED: &[&str] = &[
    "how old are they", "how old is she", "how old is he", "how old are the kids", "how old are your", "how old is your",
    "how old are ur", "how old is ur", "how old was she", "how old was he",
    // who someone is ("Leeds — is that your son or your daughter down there?" to a man of eighty whose wife died last
    // week and who cannot boil an egg; "And the boy — do you know much about him, is he from a Punjabi family as well?"
    // to a mother checking at night that her eloped daughter's phone is still on; sessions fresh90 and
    // vignettes-fresh95, studied from the forty-eighth session's start): both labelled replies asking so are misattuned
    "is that your son or your daughter", "is that your son or daughter", "is that your daughter or your son",
    "do you know much about him", "do you know much about her",
];

/// A side detail of the telling asked after, its kind, make or count ("Yeah. [pause] What sort of car was it she had?" to a
/// widower who has not the heart to sell his wife's car; "You and your uncle — what sort of stuff are you fixing up under
/// the vans?" to an Irish traveller boy excluded from school, after "So what."; sessions fresh120, studied from the
/// fiftieth session on, and vignettes-fresh111, judged 0.22 and 0.35): the thing becomes the topic and the loss is left
/// ([`side_detail`]). "What sort of …" only of a thing: "What kind of thoughts are you having?", "What sort of problems
/// …?", "What kind of alcohol do you drink at parties?" explore, in the dev sessions of ESConv their seekers rated
/// helpful and of AnnoMI rated high. Not a count of the client's own days or times, nor where the client asked for help
/// in words, nor a count after words of suicide ("how many have you saved?").
const SIDE_ASKED: &[&str] = &[
    "what sort of car", "what kind of car", "what sort of stuff", "what kind of stuff", "what kind of music", "what sort of music",
    "what kind of art", "what sort of art", "what make", "what model", "what breed", "how many",
    "what year are you in", "what year is he in", "what year is she in", "which school", "what did he study", "what did she study",
    "what's he studying", "what's she studying",
];

/// Someone else asked after, right after the client told of something hard of their own ("You mentioned it was Mark who
/// suggested you write — how is he getting on? Partners often grieve in very different ways" to a mother whose baby died;
/// "How are they getting on at school these days?" to a mother worn out by one child's needs, of the others; sessions
/// fresh120, studied from the fiftieth session on, and studied vignettes): of the 17 labelled listener replies of
/// attune's own sets that ask so, 14 are misattuned (3 were unflagged); of the others one also asks how the client is
/// ("How is your dad doing — and how are you doing with all of it?"), which is left out, and one is labelled either.
/// Not in a reply that meets the client first: "That sounds really frightening. How is he doing now?" after a father's
/// stroke asks after the one the hardship is about.
const ANOTHER_ASKED: &[&str] = &[
    "how is he getting on", "how is she getting on", "how are they getting on", "how's he getting on", "how's she getting on",
    "how is he doing", "how is she doing", "how's he doing", "how's she doing", "how is he coping", "how is she coping",
    "how are they coping", "how's he coping", "how's she coping",
    // how things are with someone else ("how are things with his mum? do you two get on?" to a widow of October handed his
    // ashes last week; "How are things with your adoptive parents?"; vignettes-fresh143 and studied): the 7 labelled
    // listener replies of attune's own sets that ask so are misattuned but the one that also asks how the client is
    "how are things with his", "how are things with her", "how are things with your", "how are things with ur",
    "how are things with their",
    // (chat's "hows", which is not read as "how's")
    "hows he getting on", "hows she getting on", "hows he doing", "hows she doing", "hows he coping", "hows she coping",
];

/// Someone the client named in passing pointed back to ("You said your mum was there with him at the end.", "can i go back
/// to your mum for a sec.", "I found myself wondering about Graham in all this.", "you mentioned it was Mark who suggested you
/// write"), then a question after them, not after the client ("How's she doing, with all of this?", "has she always been like
/// that…?"), right after something hard of the client's own: the client's feeling is
/// left for someone else's (vignettes-fresh126 and -fresh149, studied from the fifty-first session on, judged 0.45 and
/// lower). Of the 18 labelled listener replies of attune's own sets that do so, 15 are misattuned; of the three attuned,
/// one opens a session and two ask about the one who died or the one the client came about ("What was he like?", "Were
/// they close, the two of them?"), which the questions here leave out.
const POINTS_BACK: &[&str] = &[
    "you said your", "you said that your", "you mentioned your", "you mentioned that your", "go back to your", "come back to your",
    "something you mentioned about", "what you said about your", "can i ask about your", "you mentioned earlier that his",
    "you mentioned earlier that her", "you said at your",
];

/// A sentence that opens on someone else of the client's ("Refused. [pause] That must be so hard to hear. And your brother —
/// he's still in Asmara? Is he safe there?" to a refugee refused asylum; vignettes-fresh149, studied from the fifty-first
/// session on); not inside a sentence ("are you and your daughter safe right now? Is he nearby?").
const OPENS_ON_ANOTHER: &[&str] = &[
    "and your brother", "and your sister", "and your mum", "and your mother", "and your dad", "and your father", "and your husband",
    "and your wife", "and your partner", "and your son", "and your daughter",
];

/// A question's opening that asks after a third person as they are now (not "did he…", "was she…", which ask of the one
/// who died; not "how's your…", which asks of the client's own sleep or chest as often).
const ASKS_AFTER_THEM: &[&str] = &[
    "how's she", "how's he", "hows she", "hows he", "how is she", "how is he", "how are they", "is she", "is he", "has she",
    "has he", "does she", "does he", "are they", "do they", "how often do you two",
];

fn asks_after_a_side_person(p: &crate::assess::Prep) -> bool {
    const LEAD: &[&str] = &["and", "so", "um", "oh", "mm", "pause", "i", "wonder", "wondering"];
    if !p.text.contains('?') {
        return false;
    }
    // a name pointed back to ("you said Karen made you come", "wondering about Graham in all this"): the word after the
    // pointer capitalised, and not "I", "I'm", "I'd"
    let names = |s: &str| {
        let toks: Vec<&str> = s.split_whitespace().collect();
        let low = |i: usize| toks[i].trim_matches(|ch: char| !ch.is_alphanumeric()).to_lowercase();
        (1..toks.len().saturating_sub(1)).any(|i| {
            let pointer = (low(i - 1) == "you" && matches!(low(i).as_str(), "said" | "mentioned")) || (low(i - 1) == "wondering" && low(i) == "about");
            let next = toks[i + 1];
            pointer && next.starts_with(|ch: char| ch.is_uppercase()) && next != "I" && !next.starts_with("I'") && !next.starts_with("I\u{2019}")
        })
    };
    let asks_after_them = |n: &crate::text::Norm| crate::text::words_start_with_any(n.after_lead(LEAD), ASKS_AFTER_THEM);
    p.sents.iter().enumerate().any(|(i, (s, n, _))| {
        (n.first_of(POINTS_BACK).is_some() || n.starts_with_any(OPENS_ON_ANOTHER) || names(s))
            && p.sents[i..].iter().take(3).any(|(q, qn, _)| q.trim_end().ends_with('?') && asks_after_them(qn))
    })
}

/// Whether a question of the turn asks after someone else ([`ANOTHER_ASKED`]).
fn asks_after_another(p: &crate::assess::Prep) -> bool {
    p.sents.iter().any(|(s, n, _)| s.trim_end().ends_with('?') && n.first_of(ANOTHER_ASKED).is_some())
}

/// Whether the turn also asks how the client is: asking after someone else then stays with the client too.
fn asks_how_client_is(p: &crate::assess::Prep) -> bool {
    // (chat's "how r u" too, and a question that closes on "and you?")
    const YOU_TOO: &[&str] = &["how are you", "how you're", "how you are", "what about you", "how about you", "how r you", "how r u"];
    let and_you = || p.sents.iter().any(|(s, n, _)| s.trim_end().ends_with('?') && n.words.ends_with(&["and".to_string(), "you".to_string()]));
    p.norm.first_of(YOU_TOO).is_some() || and_you()
}

/// Delight in a detail of the telling, then a question about it ("Oh nice, a PS5! What are you playing on it at the minute?"
/// to a boy of fourteen whose dad moved out, who shrugged; "omg ur own flat!! 🏠🎉 thats so exciting, have u got to decorate
/// it yet?" to a care leaver who spent her eighteenth birthday there alone; "Wow, a remote control helicopter! Have you ever
/// flown one of those before?"; vignettes-fresh134 and -fresh138, studied from the fiftieth session on, and studied
/// vignettes): the 13 labelled listener replies of attune's own sets that open so and ask, with no word of feeling, are
/// misattuned (4 were unflagged). The opening exclaims: a word of delight ("nice", "cool", "exciting"…), or an
/// interjection and a short phrase of the client's own ("Oh, Hamamatsu!"), not one of sympathy ("Oh no!", "Oh god!").
fn delight_in_a_detail(p: &crate::assess::Prep, prep: &[crate::assess::Prep]) -> bool {
    const LEAD: &[&str] = &["oh", "ooh", "oooh", "ohh", "omg", "wow", "aw", "aww", "ah"];
    const DELIGHT: &[&str] = &[
        "nice", "cool", "amazing", "exciting", "so exciting", "how exciting", "great choice", "love that", "lovely", "how lovely", "awesome", "fab",
    ];
    // (any word of sympathy in the exclamation makes it one: "Oh, your poor dad!")
    const SYMPATHY: &[&str] = &[
        "no", "god", "dear", "gosh", "man", "my", "mate", "hun", "love", "that", "that's", "i", "you", "your", "ok", "okay", "sorry", "noooo",
        "nooo", "poor", "bless", "jeez", "heck", "hell", "christ", "goodness", "lord",
    ];
    let Some((first, n, _)) = p.sents.first() else { return false };
    if !first.contains('!') || !p.text.contains('?') {
        return false;
    }
    let lead = n.words.iter().take_while(|w| LEAD.contains(&w.as_str())).count();
    let rest = &n.words[lead..];
    let delights = crate::text::words_start_with_any(rest, DELIGHT)
        || (lead > 0
            && !rest.is_empty()
            && rest.len() <= 6
            && !rest.iter().any(|w| SYMPATHY.contains(&w.as_str()))
            && rest.iter().any(|w| said_by_client(p, prep, w)));
    delights && !crate::assess::has_feeling_word(&p.norm)
}

/// Whether word `w` (by its stem) is one of the client block's.
fn said_by_client(p: &crate::assess::Prep, prep: &[crate::assess::Prep], w: &str) -> bool {
    let stem = crate::text::stem(w);
    p.block.iter().any(|&c| prep[c].stems.contains(&stem))
}

/// Pastimes asked after, right after something hard ("sounds so tiring 😕 do u have stuff outside home that gives u a
/// break? like r u into any sports or clubs at school?" to a young carer; "noo bailey 😢 are ur family around today? what r u
/// all doing to keep busy?" to a boy whose dog died; vignettes-fresh157, studied from the fifty-first session on): the 4
/// labelled listener replies of attune's own sets that ask so are misattuned. Not where the client asked for help in
/// words.
const PASTIMES_ASKED: &[&str] = &[
    "are you into any", "r you into any", "any hobbies", "what do you do for fun", "what do you like doing", "something you enjoy doing",
    "to keep busy", "sports or clubs",
];

fn pastimes_asked(p: &crate::assess::Prep, prep: &[crate::assess::Prep]) -> bool {
    // (not a pastime asked after as help for the trouble told: "That is quite a ways. Do you have any hobbies that could
    // help you meet new people?" to "I feel far from home", rated 4 for empathy in EmpatheticExchanges' train split)
    p.sents.iter().any(|(s, n, _)| s.trim_end().ends_with('?') && n.first_of(PASTIMES_ASKED).is_some() && !n.words.iter().any(|w| w == "help"))
        && !super::asked_in_words(p, prep)
}

/// Whether the turn's first question is a [`SIDE_ASKED`] one, in a short reply with no word of feeling (the questions after
/// it follow the detail: "How many have you got in the loft now? … is she one of your good ones, the hen that's
/// sitting?" to a miner whose wife left, who said "Birds need feeding whatever"; vignettes-fresh138, studied from the
/// fiftieth session on: the 20 labelled listener replies of attune's own sets that ask so are misattuned).
fn side_detail(p: &crate::assess::Prep, prep: &[crate::assess::Prep]) -> bool {
    // (not a count of the client's own days or times, of people or of what they take: "how many times…", "How many
    // people have you told?" explores a disclosure, "how many drinks…" assesses)
    const STATE: &[&str] = &[
        "times", "days", "nights", "weeks", "months", "years", "hours", "people", "of", "drinks", "pills", "tablets", "units", "falls",
    ];
    const LEAD: &[&str] = &["and", "so", "oh", "ah", "ok", "okay", "yeah", "right", "um", "mm", "pause"];
    if p.words > 60 || !p.text.contains('?') {
        return false;
    }
    let side = |n: &crate::text::Norm| {
        let rest = n.after_lead(LEAD);
        SIDE_ASKED.iter().any(|ph| {
            let len = ph.split(' ').count();
            crate::text::words_start_with_any(rest, &[ph]) && rest.get(len).is_none_or(|x| !STATE.contains(&x.as_str()))
        })
    };
    p.sents.iter().find(|(s, _, _)| s.trim_end().ends_with('?')).is_some_and(|(_, n, _)| side(n))
        && !crate::assess::has_feeling_word(&p.norm)
        && !super::asked_in_words(p, prep)
        && !p.block.iter().any(|&c| crate::text::own_risk(&prep[c].norm).is_some())
}

/// A reminder of the service's own business ("thanks for sharing 🙏 just a gentle reminder that we keep identifying details
/// out of the main room for everyones safety" to a survivor of childhood abuse who named her abuser in a peer chat;
/// "Just a reminder that we're collecting £5 for the end-of-term dinner"; sessions fresh115 and studied vignettes, from the
/// forty-ninth session on: the 4 labelled listener replies of attune's own sets that say so are misattuned). Not a
/// reminder read into the loss ("the fading could be a gentle reminder that her recipes live on", a reframe).
const REMINDER: &[&str] = &[
    "just a reminder that", "just a gentle reminder", "just a quick reminder", "just a friendly reminder", "a quick reminder that",
    "a friendly reminder that",
];

/// Something lighter offered in place of what the client told ("That's a really big thing to hear, and it makes total sense
/// that your focus is shot today. 💙 So let's make this easier on your brain and switch to something lighter. Here's a
/// 20-minute plan: …" to a pupil whose parents told her last night they are divorcing; "Sometimes it helps to start with
/// something lighter, so let's try a few fun questions"; vignettes-fresh89, studied, and -fresh128, studied from the
/// fiftieth session on, judged 0.29 and 0.01): the 2 labelled listener replies of attune's own sets that offer it are
/// misattuned, and the one attuned reply that names it owns it as its own miss ("I… reached for something lighter. That wasn't fair to
/// you"). Not where the client asked for it ("can we talk about something lighter?").
fn to_something_lighter(p: &crate::assess::Prep, prep: &[crate::assess::Prep]) -> bool {
    const LIGHTER: &[&str] = &[
        "switch to something lighter", "start with something lighter", "talk about something lighter", "move on to something lighter",
        "focus on something lighter", "try something lighter", "a few fun questions", "some fun questions",
    ];
    const ASKED: &[&str] = &["lighter", "something else", "change the subject", "talk about anything else"];
    p.norm.first_of(LIGHTER).is_some() && !p.block.iter().any(|&c| prep[c].norm.first_of(ASKED).is_some())
}

/// Another thread of a forum pointed to in a question, on a topic the client did not raise ("While you're thinking ahead,
/// have you seen the diversification thread? A couple of members on hill farms have done really well with glamping pods"
/// to a hill farmer who asked how to challenge the valuation of his culled herd; sessions fresh89, studied from the
/// forty-ninth session on, judged 0.25 as advice asked for; "On a different note, have you seen the monthly meetup
/// thread?"): both labelled listener turns of attune's own sets that ask so are misattuned. Not the board the client
/// named or asked about ("have you seen the valuation thread?" after "does anyone know about valuations?").
fn another_thread(p: &crate::assess::Prep, prep: &[crate::assess::Prep]) -> bool {
    const SEEN: &[&str] = &["have you seen the", "have you read the", "have you looked at the", "have you checked out the", "did you see the"];
    // (not "board": "the notice board at the community centre", "the parole board")
    const PLACES: &[&str] = &["thread", "subforum", "forum"];
    let client = |w: &String| said_by_client(p, prep, w);
    p.sents.iter().any(|(s, n, _)| {
        s.trim_end().ends_with('?')
            && n.first_of(SEEN).is_some_and(|ph| {
                n.after(ph).any(|rest| {
                    let at = rest.iter().take(4).position(|w| PLACES.contains(&w.as_str()));
                    at.is_some_and(|k| k > 0 && !rest[..k].iter().any(client))
                })
            })
    })
}

/// Curiosity announced about something else, marked as a turn by "actually" ("Mm. [pause] I'm curious about Dr Hale,
/// actually. You said his name with a bit of, um, an edge. What's it been like with him…?" to a man whose wife was
/// misdiagnosed; "I'm curious about the continuing bonds idea, actually"; studied vignettes, judged 0.19 and lower): both
/// labelled listener replies of attune's own sets that say it are misattuned. The turn asks about it too.
fn curious_aside(p: &crate::assess::Prep) -> bool {
    const LEAD: &[&str] = &["mm", "um", "pause", "and", "so", "but"];
    p.text.contains('?')
        && p.sents.iter().any(|(_, n, _)| {
            // (not curiosity about the client's own word or way: "I'm curious about that word, actually — what does it mean for
            // you?")
            let rest = n.after_lead(LEAD);
            crate::text::words_start_with_any(rest, &["i'm curious about", "im curious about", "i am curious about"])
                && !rest.get(3).is_some_and(|w| matches!(w.as_str(), "that" | "what" | "how" | "your" | "you"))
                && !crate::text::words_start_with_any(&rest[3.min(rest.len())..], &["the word"])
                && n.words.iter().any(|w| w == "actually")
        })
}

/// Whether a sentence asks [`CURIOUS`] about a detail, not about a way in or a trouble.
fn curious_about_a_detail(n: &crate::text::Norm) -> bool {
    const NOT_A_DETAIL: &[&str] = &["the", "a", "an", "debt", "trouble", "difficulty", "difficulties", "arrears", "bed", "there", "here", "this", "it"];
    n.first_of(CURIOUS).is_some_and(|ph| {
        let len = ph.split(' ').count();
        n.words.windows(len).position(|w| w.join(" ") == ph).is_some_and(|i| n.words.get(i + len).is_none_or(|x| !NOT_A_DETAIL.contains(&x.as_str())))
    })
}

/// Work asked after when the client spoke of something else ("that's a really scary picture to have in your head 😟 how's
/// work been about it all? have they said anything about your rota…" to a driver who fell asleep at the wheel and keeps
/// seeing children at the school wall he hit; "ah that's such a hard moment… how are you finding restricted duties? …
/// how the work side of things has been" to a police officer who lied to his son about the man he shot; vignettes-fresh79
/// and -fresh82, studied): of the labelled replies of attune's own sets that ask after work so, every one is misattuned
/// (4), and the one attuned reply that names "the work side" offers it to a chef who had told of faking it at work. Only
/// where the client's block says nothing of work (`WORK_WORDS`).
const WORK_CHECK: &[&str] = &[
    "how's work", "hows work", "how is work", "how's the job", "how is the job", "how are you finding work", "how are things at work",
    "how are things with work", "how's it going at work", "work side of things",
    // ("Above a bookies 😅 dangerous spot to live, that! Are you still working, or has all this knocked that on the head
    // as well?" to a man whose wife left in March; sessions fresh86, studied from the forty-seventh session's start)
    "are you still working", "are you working at the moment", "are you working at all", "are you still in work",
];

/// Words by which a client brings work up themselves (compared by stem: "job's", "works", "colleagues").
const WORK_WORDS: &[&str] = &["work", "job", "shift", "boss", "office", "duty", "duties", "rota", "manager", "colleague", "workplace", "employer", "nights"];

/// School asked after when the client spoke of something else ("that makes sense. can i ask how things are at school at the
/// moment? do you have friends there you can talk to when stuff feels hard?" to a girl of fourteen angry that her dad forgot
/// her birthday; sessions fresh129, studied from the fifty-second session on): the 14 labelled listener replies of attune's
/// own sets that ask so are misattuned (one was unflagged). Only where the client's block says nothing of school.
const SCHOOL_CHECK: &[&str] = &[
    "how's school", "hows school", "how is school", "how has school been", "how are things at school", "how things are at school",
    "how are you finding school", "how's uni", "hows uni", "how is uni", "how are things at uni", "how things are at uni",
    "how's college", "hows college", "how is college", "how are things at college", "how things are at college",
];

/// Words by which a client brings school up themselves (compared by stem).
const SCHOOL_WORDS: &[&str] = &["school", "class", "teacher", "uni", "college", "lesson", "exam", "mocks", "homework", "gcse"];

/// The turn asks after work or school (see [`WORK_CHECK`], [`SCHOOL_CHECK`]) and the client block it answers did not bring
/// it up.
fn asks_after_work(p: &crate::assess::Prep, prep: &[crate::assess::Prep]) -> bool {
    // (a task is no job: "Are you still working on the letter?")
    let on_a_task = |ph: &str| p.norm.followed_by(ph, &["on", "through", "at", "out", "with", "towards"]);
    let unasked = |words: &[&str]| !p.block.iter().any(|&c| words.iter().any(|x| prep[c].stems.contains(&crate::text::stem(x))));
    p.text.contains('?')
        && ((p.norm.first_of(WORK_CHECK).is_some_and(|ph| !on_a_task(ph)) && unasked(WORK_WORDS))
            || (p.norm.first_of(SCHOOL_CHECK).is_some() && unasked(SCHOOL_WORDS)))
}

/// The reply quotes the client's own words back ("the 'lol whatever' kinda sounds like…"): a quotation mark that is not
/// an apostrophe inside a word opens or closes a quote.
fn quotes_client(p: &crate::assess::Prep, prep: &[crate::assess::Prep]) -> bool {
    // compared as words, so "lol. whatever" is quoted as 'lol whatever'
    let client: Vec<&crate::text::Norm> = p.block.iter().map(|&c| &prep[c].norm).collect();
    let chars: Vec<char> = p.text.chars().collect();
    let is_mark = |i: usize| {
        let quote = matches!(chars[i], '\'' | '"' | '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}');
        let inside_word = i > 0 && i + 1 < chars.len() && chars[i - 1].is_alphanumeric() && chars[i + 1].is_alphanumeric();
        quote && !inside_word
    };
    let marks: Vec<usize> = (0..chars.len()).filter(|&i| is_mark(i)).collect();
    marks.chunks(2).filter(|m| m.len() == 2).any(|m| {
        let q = crate::text::Norm::new(&chars[m[0] + 1..m[1]].iter().collect::<String>());
        q.words.len() >= 2 && client.iter().any(|n| n.has(&q.words.join(" ")))
    })
}

/// Whether the client block answered by the listener turn before `p` told a hardship or distress.
fn earlier_block_hard(p: &crate::assess::Prep, prep: &[crate::assess::Prep]) -> bool {
    let Some(&first) = p.block.first() else { return false };
    let Some(prev) = crate::assess::therapist_before(prep, first) else { return false };
    prep[prev].block.iter().any(|&c| prep[c].affect.distress >= 0.5 || prep[c].affect.hardship >= 0.5)
}

/// Whether the turn opens a new topic with a marker ("anyway", "on another note", chat's "random but").
pub(super) fn announced(p: &crate::assess::Prep) -> bool {
    attune_text::rules::topic_shift(p.text).is_some() || chat_shift(p).is_some() || brighter_note(p).is_some()
}

/// Turns to something cheerier in so many words, which the shared list holds only as "on a lighter note" ("I'm sorry
/// the nights are so broken — that must be wearing. On a happier note, I finally finished the Hilary Mantel you
/// recommended…" to a woman serving life who had stopped writing to her son; sessions fresh82, read once at the
/// forty-seventh session's end): every labelled listener turn of attune's own sets holding one is misattuned. Only
/// opening a sentence ("let's end on a positive note" closes a session).
const BRIGHTER: &[&str] = &[
    "on a happier note", "on a brighter note", "on a cheerier note", "on a more cheerful note", "on a cheerful note",
    "on a more positive note", "on a positive note", "on a happier subject", "on a brighter subject", "on a nicer note",
    "on a more upbeat note", "on an upbeat note",
];

fn brighter_note(p: &crate::assess::Prep) -> Option<&'static str> {
    p.sents.iter().find_map(|(_, n, _)| {
        let lead = n.words.iter().take_while(|w| matches!(w.as_str(), "and" | "but" | "so" | "now" | "oh" | "anyway")).count();
        BRIGHTER.iter().copied().find(|m| crate::text::words_start_with_any(&n.words[lead..], &[m]))
    })
}

/// Chat's ways of turning to another topic, which the shared list (`attune_text::rules::TOPIC_SHIFT`, read by the coder
/// and the judge as well) does not hold: "oh no im sorry. hey random but did u ever hear back about that apartment on
/// elm st?" to a grandson the night his grandfather died (vignettes-fresh30, read once in the twenty-fourth session).
/// Only opening a sentence that asks.
fn chat_shift(p: &crate::assess::Prep) -> Option<&'static str> {
    p.sents.iter().filter(|(s, _, _)| s.trim_end().ends_with('?')).find_map(|(s, n, _)| {
        // (a laugh may lead too: "haha 🙂 random q but what car u sat in?"; sessions, studied)
        let lead = n.words.iter().take_while(|w| matches!(w.as_str(), "hey" | "oh" | "ok" | "okay" | "so" | "um" | "also" | "haha" | "lol" | "hehe")).count();
        CHAT_SHIFTS.iter().copied().find(|m| crate::text::words_start_with_any(&n.words[lead..], &[m])).or_else(|| otherwise(s, n))
    })
}

/// "How is X going otherwise?": the rest of the client's life asked after, the hard part left behind ("u did the
/// recitals, thats huge and she knows it. how is the wedding planning going otherwise, is it a big one?" to a father
/// who must smile at his daughter's wedding; vignettes-fresh51, read once in the twenty-seventh session). Only where
/// "otherwise" closes the question's clause after a word of how things go, not "what would you do otherwise?".
fn otherwise(s: &str, n: &crate::text::Norm) -> Option<&'static str> {
    let at = n.words.iter().position(|w| w == "otherwise")?;
    let before = at.checked_sub(1).map(|i| n.words[i].as_str())?;
    let closes = at + 1 == n.words.len() || s.to_lowercase().contains("otherwise,");
    (closes && matches!(before, "going" | "doing" | "things" | "been" | "life" | "everything" | "else" | "apart")).then_some("otherwise")
}

const CHAT_SHIFTS: &[&str] = &["random but", "random q", "random question but", "unrelated but", "totally random but", "btw"];

/// Topic-shift markers ([`attune_text::rules::TOPIC_SHIFT`]) that leave the topic in so many words.
const ELSEWHERE: &[&str] = &[
    "on a different note", "on another note", "changing the subject", "to change the subject", "on a lighter note", "in other news",
    "off topic", "slightly off topic", "totally unrelated", "unrelated", "random question", "switching gears", "different topic",
    "on a side note", "side note",
];

/// The reply opens on a marker that leaves the topic in so many words ("On a different note, have you looked into
/// whether you're getting Carer's Allowance?" to a carer ashamed of the chair she puts under her husband's door handle;
/// "Slightly off topic but was it the flu…?"; studied sessions). Not "anyway" nor "let's talk about", which also open
/// the work's agenda in a session.
fn opens_elsewhere(p: &crate::assess::Prep) -> bool {
    p.sents.first().and_then(|(s, _, _)| attune_text::rules::topic_shift(s)).is_some_and(|m| ELSEWHERE.contains(&m))
}

/// A short first sentence (ten words or fewer), then a later sentence that opens on a topic-shift marker, in a turn
/// that asks something.
fn shift_after_acknowledging(p: &crate::assess::Prep) -> bool {
    p.sents.len() >= 2
        && p.sents[0].1.len() <= 10
        && p.text.contains('?')
        && p.sents[1..].iter().any(|(s, _, _)| attune_text::rules::topic_shift(s).is_some_and(|m| m != "though"))
}
