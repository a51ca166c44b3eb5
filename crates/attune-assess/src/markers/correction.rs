//! The client corrects what the listener told them ("I'm not worried about being disciplined. I'm worried I'm
//! not safe anymore." after reassurance about discipline). Only after a statement that is not a reflection: a
//! client refining a reflection ("I'm not angry. I'm hurt.") is the ordinary work of being understood, unless the
//! reflection was itself a miss ("you're avoiding crowded places because of a panic disorder").
use super::MarkerCtx;
use crate::assess::Prep;
use crate::text::Norm;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    ((!c.th.reflective || c.after_miss) && !c.th_question && corrects(c.p, c.th)).then_some(MarkerSubtype::PushingBack)
}

/// The reply opens by denying something in the listener's turn, in the listener's own words, and goes on to say
/// what is so instead.
fn corrects(p: &Prep, th: &Prep) -> bool {
    const OPENS: &[&[&str]] = &[
        &["i'm", "not"], &["im", "not"], &["i", "am", "not"], &["it's", "not"], &["its", "not"], &["it", "isn't"],
        &["that's", "not"], &["thats", "not"], &["that", "isn't"], &["it", "wasn't"], &["i", "wasn't"], &["i", "didn't"], &["i", "never"],
        &["i", "don't"], &["i", "haven't"],
    ];
    const COMMON: &[&str] = &["about", "being", "really", "think", "there", "their", "going", "would", "could", "should", "thing", "things", "because", "anything", "something"];
    if p.norm.len() > 35 {
        return false;
    }
    // a client turn's sentences are not split in `prepare` (only the listener's are)
    let sents = attune_text::tokens::sentences(p.text);
    let Some(first) = sents.first() else { return false };
    let fnorm = Norm::new(first);
    if sents.len() < 2 && !fnorm.words.iter().any(|w| w == "but") {
        return false;
    }
    // "ok but im not dropping out??": the opening words before the denial say nothing
    let lead = fnorm.words.iter().take_while(|w| matches!(w.as_str(), "ok" | "okay" | "but" | "well" | "no" | "yeah" | "um" | "so" | "erm" | "like")).count();
    let w = &fnorm.words[lead..];
    let Some(open) = OPENS.iter().find(|o| o.len() <= w.len() && o.iter().zip(w.iter()).all(|(a, b)| *a == b)) else {
        return false;
    };
    // the denial's own words are no echo ("I don't know. It's been fun" after "I don't know.")
    let stem = |s: &str| s.chars().take(5).collect::<String>();
    let said: std::collections::HashSet<String> = th.norm.words.iter().filter(|x| x.len() > 4 && !COMMON.contains(&x.as_str())).map(|x| stem(x)).collect();
    w[open.len()..].iter().filter(|x| x.len() > 4 && !COMMON.contains(&x.as_str())).any(|x| said.contains(&stem(x)))
}
