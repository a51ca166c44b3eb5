//! A short deferential agreement ("I guess you're right", "whatever you think"): 3RS's deferential withdrawal.
use super::MarkerCtx;
use crate::text;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    (c.n.len() <= 10 && c.n.first_of(text::DEFERENTIAL).is_some()).then_some(MarkerSubtype::DeferentialAgreement)
}
