//! A turn that opens on a bare "Whatever." right after a miss ("Whatever. [pause] Can we just do the food diary sheet
//! thing. Then I can go." after a defence of the label the client had just refused; fresh35, read once in the
//! twenty-fourth session): the client stops contesting and shuts the exchange down, 3RS's withdrawal. The word inside a
//! sentence ("whatever you think", "… or whatever") is other rules' reading; here it must stand as the turn's first
//! sentence, with at most a filler beside it.
use super::MarkerCtx;
use crate::types::MarkerSubtype;

/// What may stand beside "whatever" in the opening sentence.
const BESIDE: &[&str] = &["whatever", "fine", "ok", "okay", "yeah", "right", "sure", "cool", "pause", "sighs", "um", "uh", "mm", "so"];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    if !c.after_miss {
        return None;
    }
    let (_, n) = c.sentences().first()?;
    let bare = n.words.iter().any(|w| w == "whatever") && n.words.len() <= 3 && n.words.iter().all(|w| BESIDE.contains(&w.as_str()));
    bare.then_some(MarkerSubtype::MinimalResponse)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_lower_case_words_stand_beside_it() {
        for w in super::BESIDE {
            assert_eq!(*w, w.to_lowercase());
            assert!(!w.contains(' '));
        }
    }
}
