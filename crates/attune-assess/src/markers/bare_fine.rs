//! A sentence of nothing but "Fine." (with a "yes", "okay" or "aye" before it) after a miss that asked nothing ("Yes,
//! yes. Fine. My daughter will ask if I used it. I'll tell her I did." after the listener defended a statistic; "Fine.
//! Aye. I'll give it a go." after a plan pressed; sessions fresh61, read once in the thirty-second session): the client
//! stops arguing and goes along, 3RS's deferential withdrawal. After a question "Fine." answers it ("How's work?" —
//! "Fine. Work's fine."), and "fine?" asks, so neither counts.
use super::MarkerCtx;
use crate::types::MarkerSubtype;

/// What may come before "fine" in the sentence.
const LEAD: &[&str] = &["yes", "yeah", "ok", "okay", "oh", "well", "right", "aye", "sure", "mm"];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    if !c.after_miss || c.th_question || !c.n.words.iter().any(|w| w == "fine") {
        return None;
    }
    c.sentences()
        .iter()
        .any(|(s, n)| {
            !s.trim_end().ends_with('?')
                && n.words.last().is_some_and(|w| w == "fine")
                && n.words[..n.words.len() - 1].iter().all(|w| LEAD.contains(&w.as_str()))
        })
        .then_some(MarkerSubtype::DeferentialAgreement)
}
