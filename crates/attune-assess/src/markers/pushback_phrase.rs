//! The client disagrees in so many words ("that's not the point", "I don't agree"); a very short answer to a
//! question ("I don't think so.") is an answer.
use super::MarkerCtx;
use crate::text;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    (c.n.first_of(text::PUSHBACK).is_some() && !(c.th_question && c.n.len() <= 5)).then_some(MarkerSubtype::PushingBack)
}
