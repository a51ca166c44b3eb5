//! A sentence opening on "anyway" after a few words that close the matter, then something else ("So. It's in
//! hand, really. Um. Anyway — the wife says the dog's off his food."; "It was fine, really. He was polite.
//! Anyway, I'm probably overthinking all this at my age. Can I ask something practical?"; fresh15, studied after
//! its one read): 3RS's topic shift. In the client turns of sessions rated good (AnnoMI high quality, ESConv:
//! 20,576) a sentence opens so only before a thank-you at the close, which is left out.
use super::MarkerCtx;
use crate::text::Norm;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // ("yeah. yeah thats it exactly. anyway can we talk about something else" after a reflection that met the client;
    // fresh21, studied)
    (anyway_shift(c.p.text) && !(c.met && c.affirms())).then_some(MarkerSubtype::TopicShift)
}

/// Does a sentence after the first open on "anyway", with at most twelve words before it and at least four after,
/// not a thank-you? (A dash ends a sentence here too: "Um. Anyway — the wife says…".)
fn anyway_shift(text: &str) -> bool {
    // stage directions are no words said ("[pause] Anyway, the, uh, the committee want to know by March…"; fresh32, read
    // once in the twenty-fourth session)
    // most turns hold no "anyway" at all: nothing to split or read then
    if !text.as_bytes().windows(6).any(|w| w.eq_ignore_ascii_case(b"anyway")) {
        return false;
    }
    let sents = said_sentences(text);
    let mut before = 0;
    for (i, n) in sents.iter().enumerate() {
        if i > 0 && matches!(n.words[0].as_str(), "anyway" | "anyways") {
            let after: usize = n.words.len() - 1 + sents[i + 1..].iter().map(|m| m.words.len()).sum::<usize>();
            let next = n.words.get(1).or_else(|| sents.get(i + 1).and_then(|m| m.words.first()));
            return (1..=12).contains(&before) && after >= 4 && !next.is_some_and(|w| matches!(w.as_str(), "thanks" | "thank" | "thx" | "ty"));
        }
        before += n.words.len();
    }
    false
}

/// The sentences said, stage directions out (a dash ends a sentence too), with their words; none without words.
pub(super) fn said_sentences(text: &str) -> Vec<Norm> {
    without_stage_directions(text).split(['—', '–']).flat_map(attune_text::tokens::sentences).map(Norm::new).filter(|n| !n.words.is_empty()).collect()
}

/// The text with bracketed stage directions ("[pause]", "[laughs]") taken out.
fn without_stage_directions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for ch in text.chars() {
        match ch {
            '[' => depth += 1,
            ']' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    out
}
