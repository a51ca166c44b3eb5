//! Having already done what the listener advised, said briefly right after the advice ("Yeah. I've done the pacing
//! course."): it turns the advice down.
use super::MarkerCtx;
use crate::text;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    (c.th_fixing
        && c.n.len() <= 12
        && c.n.first_of(text::ALREADY_DONE).is_some()
        && c.n.first_of(&["helped", "helps", "thank", "thanks", "worked"]).is_none())
    .then_some(MarkerSubtype::RejectingIntervention)
}
