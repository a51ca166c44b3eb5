//! Taking advice non-committally or bowing out politely after advice or a miss ("I'll look into it", "thanks
//! anyway"): the client goes along on the surface and drops the thread (3RS: deferential withdrawal).
use super::{MarkerCtx, TAKES_UP_STRONG};
use crate::text;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    ((c.th_fixing || c.after_miss) && c.n.len() <= 25 && c.n.first_of(text::NONCOMMITTAL).is_some() && c.n.first_of(TAKES_UP_STRONG).is_none())
        .then_some(MarkerSubtype::DeferentialAgreement)
}
