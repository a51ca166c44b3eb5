//! The client model reads the reply to a flagged turn as withdrawing, and the client, who had been telling at
//! length, says a third as much or less ("Oh. I'm — sorry, I didn't know you'd, um. Yeah." after the listener's
//! own story; "cool, glad it worked out for you. I should probably go do some homework anyway lol"). The head
//! alone fired on back-channels in good sessions ("Yeah.", "Mm-hmm."): four words at least, and the drop.
//! A thank-you alone does not save it: "ok. thank you for the list." after a list given to grief, "Thanks. I've
//! got a TENS machine. I'll look at the groups." (fresh8 and fresh10, studied); taking the help up does ("I will.
//! Thanks for letting it be true.").
use super::{mean_recent_client_words, MarkerCtx, TAKES_UP};
use crate::types::MarkerSubtype;
use attune_core::ClientAct;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // or opens on a flat "Understood." / "Noted." ("Dear Helen, Understood. I've attached the questionnaire." after a
    // defensive reply, from a client who had written pages; fresh21, studied)
    // (a letter's salutation may come first: "Dear Ms de Wit, Understood.")
    let flat = c.n.words.iter().take(6).any(|w| matches!(w.as_str(), "understood" | "noted"));
    (c.after_miss
        && (c.p.affect.rupture_act() == ClientAct::Withdrawing || flat)
        && c.p.words >= 4
        && !TAKES_UP.iter().any(|w| !matches!(*w, "thank" | "thanks") && c.n.has(w))
        && mean_recent_client_words(c.prep, c.i).is_some_and(|m| (c.p.words as f64) <= 0.35 * m))
    .then_some(MarkerSubtype::MinimalResponse)
}
