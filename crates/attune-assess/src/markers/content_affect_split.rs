//! Heavy content told with an affect that does not fit it ("my dad died last week lol but whatever"): 3RS's
//! content/affect split.
use super::MarkerCtx;
use crate::text;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    (c.n.first_of(text::HEAVY_CONTENT).is_some() && c.n.first_of(text::SPLIT_AFFECT).is_some()).then_some(MarkerSubtype::ContentAffectSplit)
}
