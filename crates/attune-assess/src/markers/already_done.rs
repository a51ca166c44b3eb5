//! Having already done what the listener advised, said briefly right after the advice ("Yeah. I've done the pacing
//! course."): it turns the advice down.
use super::MarkerCtx;
use crate::text::{self, Norm};
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // or opening a longer turn with it, in a short sentence ("ive done all of that. its fine. its probably just one of
    // those things…" to a chatbot's checklist; fresh21, studied; "Yes, my daughter has done all of that with the bank."
    // to a list of what to do after a scam, fresh27, read once: twelve words, someone else's doing)
    let opens = || {
        c.n.len() <= 40
            && attune_text::tokens::sentences(c.p.text).first().is_some_and(|s| {
                let f = Norm::new(s);
                f.len() <= 12 && f.first_of(text::ALREADY_DONE).is_some()
            })
    };
    (c.th_fixing
        && c.n.first_of(text::ALREADY_DONE).is_some()
        && (c.n.len() <= 12 || opens())
        && c.n.first_of(&["helped", "helps", "thank", "thanks", "worked"]).is_none())
    .then_some(MarkerSubtype::RejectingIntervention)
}
