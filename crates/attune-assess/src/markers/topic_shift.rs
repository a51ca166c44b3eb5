//! The client changes the subject in so many words ("anyway…", "can we talk about something else").
use super::MarkerCtx;
use crate::assess::CLIENT_SHIFT;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // "yeah. yeah thats it exactly. anyway can we talk about something else" after a reflection that met the client
    // (fresh21, studied): moving on once heard is the client's choice
    if c.met && affirms(c) {
        return None;
    }
    (c.n.starts_with_any(&["anyway", "anyways", "moving on", "never mind", "nevermind", "forget it"]) || c.n.first_of(CLIENT_SHIFT).is_some())
        .then_some(MarkerSubtype::TopicShift)
}

/// The client's first words say the listener got it ("yeah thats it exactly", "Yes. Exactly.").
fn affirms(c: &MarkerCtx) -> bool {
    const GOT_IT: &[&str] = &["exactly", "precisely", "that's it", "thats it", "that's right", "thats right", "spot on", "you got it", "that's exactly"];
    let head: String = c.n.words.iter().take(8).cloned().collect::<Vec<_>>().join(" ");
    GOT_IT.iter().any(|g| format!(" {head} ").contains(&format!(" {g} ")))
}
