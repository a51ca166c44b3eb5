//! Taking advice non-committally or bowing out politely after advice or a miss ("I'll look into it", "thanks
//! anyway"): the client goes along on the surface and drops the thread (3RS: deferential withdrawal).
use super::{MarkerCtx, TAKES_UP_STRONG};
use crate::text;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // (a letter's courtesy may come first and run it longer, the put-off in its last sentence: "Thank you Ruth, the balloons
    // sound like a really special day, and I'm glad Amira was there with you. I'll see how I feel nearer the time." after a
    // bereaved mother's forum friend told of her own day; sessions fresh111, studied from the forty-ninth session on)
    let closes_on_it = || c.p.raw.contains('\n') && c.n.len() <= 40 && c.sentences().last().is_some_and(|(_, n)| n.first_of(text::NONCOMMITTAL).is_some());
    ((c.th_fixing || c.after_miss)
        && c.n.first_of(text::NONCOMMITTAL).is_some()
        && (c.n.len() <= 25 || closes_on_it())
        && c.n.first_of(TAKES_UP_STRONG).is_none_or(|p| flat_ok(c, p)))
    .then_some(MarkerSubtype::DeferentialAgreement)
}

/// After a miss, a short turn that opens on a bare "ok." as its own sentence: the praise after it (`uptake`, the
/// uptake phrase found) is manners ("ok.
/// thanks, this is helpful. i'll look into the ICC thing" after a list of procedures answered a woman who froze when
/// her manager touched her; sessions fresh73, read once at the forty-second session's end). Of attune's studied client
/// turns that open "ok. thanks" after a flagged reply, all but one that goes on to tell more are withdrawals.
fn flat_ok(c: &MarkerCtx, uptake: &str) -> bool {
    // (only praise of the help, with thanks: "Okay. That makes sense, I'll look into the forms tomorrow." takes it up)
    c.after_miss
        && matches!(uptake, "helpful" | "helps" | "helped")
        && (c.n.has("thanks") || c.n.has("thank"))
        && c.n.len() <= 15
        && !c.p.text.contains('?')
        && c.sentences().first().is_some_and(|(_, n)| !n.words.is_empty() && n.words.iter().all(|w| matches!(w.as_str(), "ok" | "okay" | "k" | "alright")))
}
