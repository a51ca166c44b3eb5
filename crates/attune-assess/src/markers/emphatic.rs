//! A word of insistence written in capitals ("Wow. Okay. Yeah, I KNOW I had a plan." after being asked where the
//! plan was; fresh31, read once in the twenty-fourth session): the client raises their voice against what the listener
//! just put to them, a confrontation however mild the rest. Only after a miss: after a warm question the same capitals
//! insist against someone else ("like i KNOW i missed school" of a mother's tears) or against oneself ("I know it's
//! good, I KNOW, but she's got this smile"; fresh17 and fresh21). And only a few words in capitals in a turn that is
//! not all capitals (a shouted turn or an acronym says something else).
use super::MarkerCtx;
use crate::types::MarkerSubtype;

/// The words whose capitals insist on what the client did, knows or is.
const INSISTING: &[&str] = &[
    "KNOW", "KNEW", "DID", "DO", "TRIED", "HAVE", "HAD", "AM", "WAS", "SAID", "NOT", "NEVER", "CAN'T", "DON'T", "DIDN'T",
    "WASN'T", "ISN'T", "AREN'T", "WON'T", "HAVEN'T", "ASKED", "TOLD",
];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    if !c.after_miss {
        return None;
    }
    let words: Vec<&str> = c.p.text.split(|ch: char| !(ch.is_alphabetic() || ch == '\'' || ch == '’')).filter(|w| !w.is_empty()).collect();
    let caps = words.iter().filter(|w| w.len() >= 2 && w.chars().all(|ch| !ch.is_lowercase())).count();
    let insists = words.iter().any(|w| INSISTING.contains(&w.replace('’', "'").as_str()));
    (insists && caps <= 3 && words.len() >= 4).then_some(MarkerSubtype::PushingBack)
}
