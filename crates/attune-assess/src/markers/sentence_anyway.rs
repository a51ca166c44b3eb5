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
    let sents: Vec<Norm> = text
        .split(['—', '–'])
        .flat_map(attune_text::tokens::sentences)
        .map(Norm::new)
        .filter(|n| !n.words.is_empty())
        .collect();
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
