//! Leaving right after a miss ("maybe. idk. i gtg anyway… whatever. bye", "Okay. I think I'll leave it there for
//! now."): the conversation is closed on the listener. A thank-you is manners here, not taking the help up
//! ("Thanks for taking the time to reply, I think I'll leave it there.").
use super::{MarkerCtx, TAKES_UP_STRONG};
use crate::text;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    (c.after_miss && c.n.len() >= 3 && c.n.first_of(text::LEAVING).is_some() && c.n.first_of(TAKES_UP_STRONG).is_none()).then_some(MarkerSubtype::TopicShift)
}
