//! A turn that trails off on a bare "Anyway." ("Maybe. [pause] I don't know. I'm just tired, I think. Work's been
//! crazy. [pause] Anyway. Yeah." after a diagnosis offered unasked; "Yeah. I suppose. Anyway."; sessions fresh59, read
//! once in the thirty-first session): the thread is closed and nothing new is opened, 3RS's withdrawal by topic shift
//! with the new topic left unsaid. The client turns of sessions rated good (AnnoMI high quality and low, ESConv: 20,865)
//! hold none; attune's own sessions hold four, each a labelled rupture. A clause-final "anyway" ("I am fine anyway",
//! "thanks for listening anyway") is another word and does not count.
use super::MarkerCtx;
use crate::text::Norm;
use crate::types::MarkerSubtype;

/// What may follow the bare "Anyway." before the turn ends.
const TAIL: &[&str] = &["yeah", "yea", "ya", "yep", "so", "whatever", "um", "erm", "mm"];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    if !c.p.text.as_bytes().windows(6).any(|w| w.eq_ignore_ascii_case(b"anyway")) {
        return None;
    }
    let sents = super::sentence_anyway::said_sentences(c.p.text);
    let bare = |n: &Norm| matches!(n.words.iter().map(String::as_str).collect::<Vec<_>>()[..], ["anyway" | "anyways"] | ["so", "anyway" | "anyways"]);
    let tail = |n: &Norm| n.words.len() == 1 && TAIL.contains(&n.words[0].as_str());
    let k = sents.len();
    let trails = match k {
        0 | 1 => false,
        _ => bare(&sents[k - 1]) || (k >= 3 && bare(&sents[k - 2]) && tail(&sents[k - 1])),
    };
    trails.then_some(MarkerSubtype::TopicShift)
}
