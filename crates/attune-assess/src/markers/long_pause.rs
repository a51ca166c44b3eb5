//! A long silence written into a short reply right after a miss ("[pause] Mm. Maybe. [long pause] Yeah, she's... Kemi's
//! fine. She's good." after the listener turned a stillbirth's anniversary toward the living child; fresh38, read once
//! in the twenty-fifth session): the transcriber heard the client go quiet on it, 3RS's withdrawal. A plain "[pause]" is
//! how spoken turns breathe, so only a long pause or a silence counts, and only after a miss.
use super::{MarkerCtx, TAKES_UP_STRONG};
use crate::types::MarkerSubtype;

const SILENCES: &[&str] = &["long pause", "long silence", "silence", "lengthy pause", "very long pause"];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    if !c.after_miss || c.n.len() > 24 || c.n.first_of(TAKES_UP_STRONG).is_some() {
        return None;
    }
    let t = c.p.text.to_lowercase();
    let written = SILENCES.iter().any(|s| t.match_indices(s).any(|(at, _)| at > 0 && matches!(t.as_bytes()[at - 1], b'[' | b'(' | b'*')));
    written.then_some(MarkerSubtype::MinimalResponse)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_silences_are_lower_case() {
        for s in super::SILENCES {
            assert_eq!(*s, s.to_lowercase());
        }
    }
}
