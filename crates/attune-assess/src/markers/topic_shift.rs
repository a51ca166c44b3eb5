//! The client changes the subject in so many words ("anyway…", "can we talk about something else").
use super::MarkerCtx;
use crate::assess::CLIENT_SHIFT;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // "yeah. yeah thats it exactly. anyway can we talk about something else" after a reflection that met the client
    // (fresh21, studied): moving on once heard is the client's choice
    let shifts = c.n.starts_with_any(&["anyway", "anyways", "moving on", "never mind", "nevermind", "forget it"]) || c.n.first_of(CLIENT_SHIFT).is_some();
    (shifts && !(c.met && c.affirms())).then_some(MarkerSubtype::TopicShift).or_else(|| asks_to_move(c))
}


/// Right after a miss, a sentence that asks to talk about something else by name ("Um. No, it's — it's Hither Green,
/// it's twenty minutes. It's fine. [pause] Actually, can we talk about my mum coming over in December?" after questions
/// about the cemetery's distance and days off; fresh38, read once in the twenty-fifth session). Asking to talk about
/// "that" or "it" goes on with the listener's topic; without a miss before it, naming the next topic is the client's
/// agenda.
fn asks_to_move(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // (or the next question named as the client's own: "Maybe. I'll think about that. Actually, the other thing I wanted
    // to ask: does your group meet in person?" after the illness was read as a chance to start fresh; sessions studied)
    const ASKS: &[&str] = &[
        "can we talk about", "could we talk about", "can i talk about", "can we move on to", "can we get on to", "can we talk abt",
        "the other thing i wanted to ask", "another thing i wanted to ask",
    ];
    const LEAD: &[&str] = &["actually", "um", "erm", "uh", "so", "but", "and", "sorry", "ok", "okay", "pause"];
    const SAME: &[&str] = &["it", "that", "this", "what", "how", "why", "the", "those", "these"];
    if !c.after_miss {
        return None;
    }
    c.sentences()
        .iter()
        .any(|(_, n)| {
            let lead = n.words.iter().take_while(|w| LEAD.contains(&w.as_str())).count();
            let rest = &n.words[lead..];
            ASKS.iter().any(|a| {
                let k = a.split(' ').count();
                rest.len() > k && rest[..k].join(" ") == *a && !SAME.contains(&rest[k].as_str())
            })
        })
        .then_some(MarkerSubtype::TopicShift)
}
