//! Heavy content told with an affect that does not fit it ("my dad died last week lol but whatever"): 3RS's
//! content/affect split.
use super::MarkerCtx;
use crate::text::{self, Norm};
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    if !(c.n.first_of(text::HEAVY_CONTENT).is_some() && c.n.first_of(text::SPLIT_AFFECT).is_some()) {
        return None;
    }
    // the laugh goes with the heavy news: in its sentence, or alone right after it ("my dad died. lol"), not with a fond
    // memory told later ("one of my regulars died. … he was sweet, talked about his garden the whole time lol"; fresh26,
    // read once in the twenty-second session)
    let sents: Vec<Norm> = text::sentences(c.p.text).into_iter().map(Norm::new).collect();
    let heavy = |n: &Norm| n.first_of(text::HEAVY_CONTENT).is_some();
    let split = |n: &Norm| n.first_of(text::SPLIT_AFFECT).is_some();
    sents
        .iter()
        .enumerate()
        .any(|(k, n)| heavy(n) && (split(n) || sents.get(k + 1).is_some_and(|m| split(m) && m.words.len() <= 4)))
        .then_some(MarkerSubtype::ContentAffectSplit)
}
