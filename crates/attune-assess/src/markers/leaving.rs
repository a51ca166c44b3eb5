//! Leaving right after a miss ("maybe. idk. i gtg anyway… whatever. bye", "Okay. I think I'll leave it there for
//! now."): the conversation is closed on the listener. A thank-you is manners here, not taking the help up
//! ("Thanks for taking the time to reply, I think I'll leave it there.").
use super::{MarkerCtx, TAKES_UP_STRONG};
use crate::text;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // (in a short turn, a bare "need to go" leaves as well: "ok. need to go hes back at 6" after steps for leaving an
    // abusive partner; sessions fresh86, studied from the forty-seventh session's start; longer, it is often an errand
    // told: "I need to go to the GP about it but…")
    const SHORT_LEAVING: &[&str] = &["need to go", "have to go", "got to go", "gotta go"];
    // (not an errand: "I need to go to the GP", "got to go back", "have to go and…")
    let errand = |ph: &str| c.n.followed_by(ph, &["to", "back", "and", "through", "for", "in", "into"]);
    let short = c.n.len() <= 8 && c.n.first_of(SHORT_LEAVING).is_some_and(|ph| !errand(ph));
    (c.after_miss && c.n.len() >= 3 && (short || c.n.first_of(text::LEAVING).is_some()) && c.n.first_of(TAKES_UP_STRONG).is_none()).then_some(MarkerSubtype::TopicShift)
}
