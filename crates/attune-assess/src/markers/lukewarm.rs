//! A lukewarm yes to advice or a miss, then something else asked ("Mm. Could do. Um— is it the same time next week,
//! or...?" after advice about a routine; fresh16, studied after its one read): the client goes along on the surface
//! and drops the thread (3RS: deferential withdrawal). A question about what was offered ("Maybe. How would that
//! work?") takes it up: the question must point back at nothing the listener said ("it" is left out: "is it the same
//! time next week?" points at nothing).
use super::MarkerCtx;
use crate::assess::BACK_REFERENCE;
use crate::text::Norm;
use crate::types::MarkerSubtype;

/// Words a lukewarm yes is made of; it must hold one of [`HEDGED_YES`].
const LUKEWARM: &[&str] = &[
    "could", "do", "might", "maybe", "perhaps", "possibly", "i", "suppose", "guess", "mm", "um", "er", "erm", "yeah", "ok", "okay",
    "we'll", "see", "s'pose", "spose", "hm", "hmm",
];
pub(crate) static HEDGED_YES: &[&str] = &["could do", "might do", "maybe", "perhaps", "possibly", "i suppose", "i guess", "we'll see", "spose", "s'pose"];

/// Every word of the sentence is one a lukewarm yes is made of ("Mm. Could do.", "Okay.").
pub(super) fn lukewarm_words(n: &Norm) -> bool {
    n.words.iter().all(|w| LUKEWARM.contains(&w.as_str()))
}

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    if !(c.th_fixing || c.after_miss) || c.n.len() > 25 || !c.p.text.contains('?') {
        return None;
    }
    let sents: Vec<Norm> = attune_text::tokens::sentences(&c.p.text.replace(['—', '–'], ". ")).into_iter().map(Norm::new).filter(|n| !n.words.is_empty()).collect();
    let (last, before) = sents.split_last()?;
    let lukewarm = before.iter().any(|s| lukewarm_words(s) && s.first_of(HEDGED_YES).is_some());
    let said: Vec<&String> = c.th.norm.words.iter().filter(|w| w.len() > 3).collect();
    let points_back = last.words.iter().any(|w| (w != "it" && BACK_REFERENCE.contains(&w.as_str())) || said.contains(&w));
    (lukewarm && !points_back).then_some(MarkerSubtype::DeferentialAgreement)
}
