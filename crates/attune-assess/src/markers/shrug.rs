//! A shrug written into the transcript ("[shrugs] Depends, I suppose. [pause] Here, did I tell you the car failed its
//! MOT?"; fresh22, studied) after a miss or right after another marker: the transcriber saw the client give up on the
//! question, and 3RS counts the non-verbal pulling away as withdrawal. Alone, a shrug can be a shrug, so it needs the
//! miss or the marker before it.
use super::MarkerCtx;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    if !(c.after_miss || c.after_marker) || !c.p.text.contains("hrug") {
        return None;
    }
    let t = c.p.text.to_lowercase();
    let shrugs = ["[shrug", "(shrug", "*shrug", "<shrug"].iter().any(|s| t.contains(s));
    (shrugs && (c.after_miss || c.after_marker)).then_some(MarkerSubtype::MinimalResponse)
}
