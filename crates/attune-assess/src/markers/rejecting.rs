//! The client turns down what was offered ("I've tried that", "that won't work"). "Yeah but" counts only after
//! advice; a reply that also takes something up ("that helped, thanks") does not.
use super::MarkerCtx;
use crate::text;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    let ph = c.n.first_of(text::REJECTING)?;
    let positive = c.n.first_of(&["helped", "helps", "good idea", "great idea", "thank", "thanks", "i will", "i'll try", "worked"]).is_some();
    // ("Yes. That's exactly what I'm trying to avoid." agrees with a reflection: only after advice)
    let only_after_advice = matches!(ph, "yeah but" | "yes but") || ph.starts_with("exactly what i");
    ((c.th_fixing || !only_after_advice) && !positive).then_some(MarkerSubtype::RejectingIntervention)
}
