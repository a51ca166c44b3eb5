//! The client's rupture markers (3RS: Eubanks, Muran & Safran 2015): one rule per file, tried in the order of
//! [`RULES`] on every client turn; the first that fires names the turn's marker. Confrontation comes before
//! withdrawal, and within each the plain phrases before what the learned client act or the turn's shape suggests.
//! A new marker is a file here and a row in [`RULES`]; study it with `cargo run --release -p attune-eval --example
//! rupture_table -- sessions eval/sessions.jsonl SPLIT` and keep it quiet on good sessions (`… good FILE dev`).
use crate::assess::Prep;
use crate::text::{self, Norm};
use crate::types::*;
use attune_core::{Code, Role};

mod abstract_talk;
mod agreeing_with_miss;
mod apologising;
mod already_done;
mod bare_fine;
mod bare_no;
mod caretaking;
mod clipped_answer;
mod closing_thanks;
mod complaint;
mod content_affect_split;
mod correction;
mod deferential;
mod denial;
mod denied_word;
mod emphatic;
mod formal_reply;
mod hands_back;
mod hedged_anyway;
mod heard_it_before;
mod hedged_plan;
mod leaving;
mod long_pause;
mod lukewarm;
mod minimal;
mod noncommittal;
mod only_wanted_to_be_heard;
mod polite_pivot;
mod pushback_act;
mod pushback_phrase;
mod quiet_after_rupture;
mod quoted_denial;
mod rejecting;
mod sarcasm;
mod sentence_anyway;
mod stepping_away;
mod shrug;
mod signing_off;
mod small_talk;
mod noted;
mod passed_on;
mod errand_only;
mod thanks_for_the_list;
mod thanks_then_anyway;
mod topic_shift;
mod trailing_anyway;
mod turns_back;
mod whatever_opener;
mod withdrawing_drop;

/// What every marker rule may read about client turn `i` and the listener turn before it.
pub(crate) struct MarkerCtx<'s, 'a> {
    pub prep: &'s [Prep<'a>],
    pub flags: &'s [Flag],
    /// A written register (chat, forum, chatbot): no back-channels there.
    pub chat: bool,
    pub i: usize,
    pub p: &'s Prep<'a>,
    pub n: &'s Norm,
    /// The listener's turn before it.
    pub tp: usize,
    pub th: &'s Prep<'a>,
    pub th_question: bool,
    /// The listener's turn gives advice or information (a fixing code or an advice phrase).
    pub th_fixing: bool,
    /// The listener's turn was flagged.
    pub after_miss: bool,
    /// The client's turn before this one carried a marker other than a minimal response.
    pub after_marker: bool,
    /// The client takes up what was offered (`TAKES_UP`).
    pub takes_up: bool,
    /// The listener's turn met the client (attuning: a reflection or validation) and neither a flag nor the judge
    /// holds it a miss: a soft "anyway" after it is the client moving on, not away.
    pub met: bool,
    /// The client turn's sentences with their words, split once on first use (`prepare` splits listener turns only).
    sents: std::cell::OnceCell<Vec<(&'a str, Norm)>>,
}

/// Whether one of the last `k` listener turns before this client turn was flagged.
fn recent_miss(c: &MarkerCtx, k: usize) -> bool {
    (0..c.i).rev().filter(|&j| c.prep[j].role == Role::Therapist).take(k).any(|j| c.flags.iter().any(|f| f.turn == j))
}

impl<'a> MarkerCtx<'_, 'a> {
    /// The client turn's sentences and their normalized words, in order.
    pub fn sentences(&self) -> &[(&'a str, Norm)] {
        self.sents.get_or_init(|| attune_text::tokens::sentences(self.p.text).into_iter().map(|s| (s, Norm::new(s))).collect())
    }

    /// After a flagged turn, the client's turn asks nothing and names no feeling: the shape of a letter's quiet withdrawal
    /// (`formal_reply`, `small_talk`; each reads the letter's form itself).
    pub fn quiet_after_miss(&self) -> bool {
        self.after_miss && !self.p.text.contains('?') && !text::names_emotion(self.n)
    }

    /// The client's first words say the listener got it ("yeah thats it exactly", "Yes. Exactly."); after a turn that
    /// met them (`met`), moving on is then the client's choice.
    pub fn affirms(&self) -> bool {
        says_got_it(self.n)
    }
}

/// A client turn's first words say the listener got it ("Yeah. Exactly that.").
pub(crate) fn says_got_it(n: &Norm) -> bool {
    const GOT_IT: &[&str] = &["exactly", "precisely", "that's it", "thats it", "that's right", "thats right", "spot on", "you got it", "that's exactly"];
    let head = Norm::new(&n.words.iter().take(8).cloned().collect::<Vec<_>>().join(" "));
    head.first_of(GOT_IT).is_some()
}

pub(crate) use agreeing_with_miss::{AGREES, SELF_DISMISSAL};
pub(crate) use apologising::TAKING_SPACE;
pub(crate) use deferential::first_concession;
pub(crate) use denial::RETRACTS;
pub(crate) use hands_back::HANDS_BACK;
pub(crate) use heard_it_before::{EVERYONE_SAYS, TELL_MYSELF};
pub(crate) use lukewarm::HEDGED_YES;
pub(crate) use only_wanted_to_be_heard::HEARD;

type Rule = fn(&MarkerCtx) -> Option<MarkerSubtype>;

/// The rules in the order they are tried: (name, rule). The order is the precedence, kept from the one function they
/// came from, not a grouping by kind: some withdrawal rules (non-committal and lukewarm answers, a thank-you then
/// "anyway") come before the pushback phrases.
pub(crate) const RULES: &[(&str, Rule)] = &[
    ("complaint", complaint::check),
    ("rejecting", rejecting::check),
    ("heard_it_before", heard_it_before::check),
    ("already_done", already_done::check),
    ("noncommittal", noncommittal::check),
    ("lukewarm", lukewarm::check),
    ("thanks_then_anyway", thanks_then_anyway::check),
    ("polite_pivot", polite_pivot::check),
    ("caretaking", caretaking::check),
    ("pushback_phrase", pushback_phrase::check),
    ("emphatic", emphatic::check),
    ("only_wanted_to_be_heard", only_wanted_to_be_heard::check),
    ("bare_no", bare_no::check),
    ("pushback_act", pushback_act::check),
    ("correction", correction::check),
    ("quoted_denial", quoted_denial::check),
    ("denied_word", denied_word::check),
    ("turns_back", turns_back::check),
    ("sarcasm", sarcasm::check),
    ("denial", denial::check),
    ("topic_shift", topic_shift::check),
    ("deferential", deferential::check),
    ("formal_reply", formal_reply::check),
    ("small_talk", small_talk::check),
    ("noted", noted::check),
    ("passed_on", passed_on::check),
    ("thanks_for_the_list", thanks_for_the_list::check),
    ("errand_only", errand_only::check),
    ("apologising", apologising::check),
    ("hedged_anyway", hedged_anyway::check),
    ("sentence_anyway", sentence_anyway::check),
    ("trailing_anyway", trailing_anyway::check),
    ("bare_fine", bare_fine::check),
    ("agreeing_with_miss", agreeing_with_miss::check),
    ("content_affect_split", content_affect_split::check),
    ("abstract_talk", abstract_talk::check),
    ("leaving", leaving::check),
    ("stepping_away", stepping_away::check),
    ("signing_off", signing_off::check),
    ("closing_thanks", closing_thanks::check),
    ("hands_back", hands_back::check),
    ("withdrawing_drop", withdrawing_drop::check),
    ("clipped_answer", clipped_answer::check),
    ("quiet_after_rupture", quiet_after_rupture::check),
    ("shrug", shrug::check),
    ("long_pause", long_pause::check),
    ("whatever_opener", whatever_opener::check),
    ("hedged_plan", hedged_plan::check),
    ("minimal", minimal::check),
];

pub(crate) fn find_markers(prep: &[Prep], flags: &[Flag], chat: bool) -> Vec<ClientMarker> {
    let mut out: Vec<ClientMarker> = Vec::new();
    for i in 0..prep.len() {
        if let Some(m) = marker_at(prep, flags, chat, i, &out) {
            out.push(m);
        }
    }
    out
}

/// The markers again after flags were added on the listener turns `added`, as [`find_markers`] would find them with
/// every flag. A client turn's marker reads the flags of the last three listener turns before it ([`recent_miss`]) and
/// the marker of the client turn before the listener turn it answers (`after_miss`, `after_marker`), so only the client
/// turns within three listener turns after an added flag, and those after a marker that changed, are read again. A
/// session where the later passes added a flag was read twice over before (find_markers 95 → 193 million instructions
/// on the 600-turn bench).
pub(crate) fn find_markers_again(prep: &[Prep], flags: &[Flag], chat: bool, old: Vec<ClientMarker>, added: &[usize]) -> Vec<ClientMarker> {
    // how many listener turns may stand between a change and a client turn that reads it
    const REACH: usize = 3;
    let mut before: Vec<Option<ClientMarker>> = vec![None; prep.len()];
    for m in old {
        let t = m.turn;
        before[t] = Some(m);
    }
    let mut dirty = vec![false; prep.len()];
    let mark_after = |dirty: &mut [bool], t: usize| {
        let mut listeners = 0;
        for (i, p) in prep.iter().enumerate().skip(t + 1) {
            if p.role == Role::Therapist {
                listeners += 1;
                if listeners >= REACH {
                    break;
                }
            } else {
                dirty[i] = true;
            }
        }
    };
    for &t in added {
        mark_after(&mut dirty, t);
    }
    let mut out: Vec<ClientMarker> = Vec::new();
    for i in 0..prep.len() {
        if prep[i].role != Role::Client {
            continue;
        }
        let m = if dirty[i] {
            let m = marker_at(prep, flags, chat, i, &out);
            if m != before[i] {
                mark_after(&mut dirty, i);
            }
            m
        } else {
            before[i].take()
        };
        out.extend(m);
    }
    out
}

/// The marker of client turn `i`, if any, given the markers found on the turns before it (`earlier`).
pub(crate) fn marker_at(prep: &[Prep], flags: &[Flag], chat: bool, i: usize, earlier: &[ClientMarker]) -> Option<ClientMarker> {
    let p = &prep[i];
    if p.role != Role::Client {
        return None;
    }
    let tp = crate::assess::therapist_before(prep, i)?;
    let th = &prep[tp];
    let n = &p.norm;
    let ctx = MarkerCtx {
        prep,
        flags,
        chat,
        i,
        p,
        n,
        tp,
        th,
        th_question: th.text.trim_end().ends_with('?'),
        // shrinking it is the righting reflex too, as reassuring is ("I'd try not to let your mind run too far ahead…
        // what may turn out to be a bad patch" — "A bad patch? He slashed my tyres…"; dev s54)
        th_fixing: th.codes.iter().any(|c| c.is_fixing() || *c == Code::Minimize) || th.norm.first_of(text::ADVISE).is_some(),
        after_miss: flags.iter().any(|f| f.turn == tp),
        after_marker: (0..tp)
            .rev()
            .find(|&j| prep[j].role == Role::Client)
            .is_some_and(|j| earlier.iter().any(|m| m.turn == j && m.subtype != MarkerSubtype::MinimalResponse)),
        takes_up: takes_up(n, p.text),
        met: th.attuning && !flags.iter().any(|f| f.turn == tp) && th.judgement.as_ref().is_none_or(|j| !j.flagged),
        sents: std::cell::OnceCell::new(),
    };
    RULES.iter().find_map(|(_, rule)| rule(&ctx)).map(|sub| ClientMarker { turn: i, kind: sub.kind(), subtype: sub, quote: p.text.trim().to_string(), time: p.start })
}

/// Words by which a client takes up what the listener offered.
pub(crate) static TAKES_UP: &[&str] = &[
    "helped", "helps", "helping", "helpful", "good idea", "great idea", "thank", "thanks", "i will", "i'll try", "worked",
    "makes sense", "make sense", "would be nice", "sounds good", "sounds nice", "that's true", "good point", "i can try",
    "smart", "didn't think of that", "didnt think of that", "good call", "that is true", "so true", "absolutely", "hope so",
];

/// Whether the client takes up what was offered ([`TAKES_UP`]). A thank-you whose sentence turns on "but" to the client's
/// own point is manners before a complaint, not uptake ("Thanks for replying Gary, but I don't think you've read what I
/// wrote. It isn't about the farm."; sessions fresh64, read at the thirty-third session's end; "Thanks, but I know about
/// the Equality Act"): of attune's studied client turns whose first sentence thanks and then says "but I…", "but it…",
/// both answer a miss and are ruptures; "Thank you, this made me cry a little but in a good way" is not one of them.
fn takes_up(n: &Norm, raw: &str) -> bool {
    match n.first_of(TAKES_UP) {
        None => false,
        Some("thank" | "thanks") => {
            // (in the first sentence, where the thanks is: a "but I…" further on is the client's own story going on; a
            // "but" that opens the next line goes on from the thanks: "Thanks for replying\nbut I don't think…")
            let sents = text::sentences(raw);
            let Some(first) = sents.first().map(|s| match sents.get(1) {
                Some(next) if next.trim_start().to_lowercase().starts_with("but ") && raw.contains(&format!("{}\n", s.trim_end())) => Norm::new(&format!("{s} {next}")),
                _ => Norm::new(s),
            }) else {
                return true;
            };
            let turns_on = first.words.windows(2).any(|w| {
                w[0] == "but" && matches!(w[1].as_str(), "i" | "i'm" | "i've" | "i'd" | "you" | "you've" | "it" | "it's" | "that" | "that's" | "this")
            });
            !turns_on
        }
        Some(_) => true,
    }
}

/// Taking the help up in earnest (a polite "thanks" alone is not: "Thanks. I'll have a look at that.").
pub(crate) static TAKES_UP_STRONG: &[&str] = &[
    "helpful", "helped", "helps", "good idea", "great idea", "sounds good", "makes sense", "will do", "love that", "i'll try that",
    "i will try", "smart", "good call",
];

/// The mean length in words of up to three client turns before turn `i` (`None` when there is none).
fn mean_recent_client_words(prep: &[Prep], i: usize) -> Option<f64> {
    let prev: Vec<usize> = (0..i).rev().filter(|&j| prep[j].role == Role::Client).take(3).map(|j| prep[j].words).collect();
    (!prev.is_empty()).then(|| prev.iter().sum::<usize>() as f64 / prev.len() as f64)
}

fn is_minimal(n: &Norm) -> bool {
    // every word belongs to a minimal-response phrase
    let joined = n.words.join(" ");
    if text::MINIMAL.contains(&joined.as_str()) {
        return true;
    }
    n.words.iter().all(|w| is_minimal_word(w))
}

fn is_minimal_word(w: &str) -> bool {
    matches!(
        w,
        // "wow ok" after a miss: going quiet on it, with an edge
        "yeah" | "yes" | "yep" | "ye" | "yea" | "yeh" | "ya" | "yh" | "ok" | "okay" | "sure" | "fine" | "maybe" | "i" | "guess" | "don't" | "know" | "wow" | "right" | "alright" | "lol" | "haha" | "k" | "kk"
            | "dunno" | "mm" | "mhm" | "hmm" | "whatever" | "nvm" | "nevermind" | "suppose" | "s'pose" | "spose" | "not" | "really" | "no" | "nope" | "uh" | "huh" | "um"
            // a transcript's stage directions ("[pause] Okay." after a miss; fresh47, read once in the twenty-sixth session)
            | "pause" | "silence" | "sighs" | "sigh" | "shrugs"
            // yielding in a word ("ok. ya probably" after "ur prob worrying more than u need to"; fresh49, read once in the
            // twenty-sixth session)
            | "probably" | "prob" | "probs" | "perhaps"
            // a short laugh and a filing nod ("ha yeah. probs" after a cheer; "ok noted 👍" after a chatbot's instructions;
            // sessions studied)
            | "ha" | "hah" | "heh" | "noted"
            // ("maybe. idk" after a worry named a disorder; sessions fresh75, read once at the forty-fourth session's end)
            | "idk"
    )
}
