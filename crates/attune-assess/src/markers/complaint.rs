//! The client complains about the listener or the work ("you're not listening", "this isn't helping").
use super::MarkerCtx;
use crate::text;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    c.n.first_of(text::COMPLAINT).map(|_| MarkerSubtype::Complaint)
}
