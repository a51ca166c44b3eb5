//! The client changes the subject in so many words ("anyway…", "can we talk about something else").
use super::MarkerCtx;
use crate::assess::CLIENT_SHIFT;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // "yeah. yeah thats it exactly. anyway can we talk about something else" after a reflection that met the client
    // (fresh21, studied): moving on once heard is the client's choice
    let shifts = c.n.starts_with_any(&["anyway", "anyways", "moving on", "never mind", "nevermind", "forget it"]) || c.n.first_of(CLIENT_SHIFT).is_some();
    (shifts && !(c.met && c.affirms())).then_some(MarkerSubtype::TopicShift)
}

