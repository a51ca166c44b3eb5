//! The client denies feeling anything ("I'm fine", "it's nothing") after recent negative feeling, or after the
//! listener met them: 3RS's denial.
use super::{MarkerCtx, TAKES_UP_STRONG};
use crate::assess::{is_negative_emotion, Prep};
use crate::text::{self, Norm};
use crate::types::MarkerSubtype;
use attune_core::{Emotion, Role};

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // "im ok tonight" answers "are u safe tonight?" (a safety check after a self-harm disclosure; fresh28, read once in
    // the twenty-third session): an answer to the listener's question, not a feeling denied; so does "no im ok" answer
    // "Are you hurt at all?" (sessions fresh86, studied from the forty-seventh session's start)
    const HURT_ASKED: &[&str] = &["are you hurt", "did she hurt you", "did he hurt you", "did they hurt you", "are you injured", "are you hurt at all"];
    if !c.after_miss && c.th.text.contains('?') && (c.th.norm.first_of(text::RISK_UPTAKE).is_some() || c.th.norm.first_of(HURT_ASKED).is_some()) {
        return None;
    }
    let recent_neg = (0..c.i)
        .rev()
        .filter(|&j| c.prep[j].role == Role::Client)
        .take(4)
        .any(|j| is_negative_emotion(&c.prep[j].affect) && c.prep[j].affect.emotion != Emotion::Neutral);
    // a thank-you closes the door after a rupture ("its fine honestly. im ok. thanks for ur time" after "yeah maybe. shes
    // not gonna calm down u dont know her"; fresh19, studied): only help taken up in earnest answers the denial then
    let taken_up = c.takes_up && !(c.after_marker && c.n.first_of(TAKES_UP_STRONG).is_none());
    let retracts = c.n.len() <= 60 && c.n.first_of(RETRACTS).is_some();
    ((denies(c.p) && (recent_neg || (c.th.attuning && c.i >= 3)) || (retracts && recent_neg)) && !taken_up).then_some(MarkerSubtype::Denial)
}

/// Taking back what was told ("I'm not sure really. It's probably not as bad as I made it sound. I'm quite busy with the
/// lab, so it's fine most of the time." to an open question about a lonely first email; fresh37, read once in the
/// twenty-fifth session): the disclosure withdrawn, whatever came before, so long as it was a hard one.
pub(crate) static RETRACTS: &[&str] = &[
    "not as bad as i made it sound", "not as bad as i made out", "not as bad as it sounds", "not as bad as it sounded",
    "making it sound worse than", "made it sound worse than", "made it sound worse", "i'm exaggerating", "im exaggerating",
    "i was exaggerating", "i'm probably exaggerating", "i'm making too much of",
];

/// A short turn that denies feeling anything, or a longer one that ends on such a sentence ("Yes, the GP mentioned
/// the assessment. I'll look into it. Anyway, it's fine, I'll manage. I always do.").
fn denies(p: &Prep) -> bool {
    let n = &p.norm;
    if n.len() <= 12 {
        return n.first_of(text::DENIAL).is_some();
    }
    if n.len() > 30 || n.first_of(text::DENIAL).is_none() {
        return false;
    }
    let sents = attune_text::tokens::sentences(p.text);
    // or opens on one ("It's fine. Honestly. It's ICU, people die. Part of the job."; fresh17, studied)
    let opens = sents.first().is_some_and(|s| {
        let sn = Norm::new(s);
        sn.len() <= 4 && sn.first_of(text::DENIAL).is_some()
    });
    opens
        || sents.iter().rev().take(2).any(|s| {
            let sn = Norm::new(s);
            sn.len() <= 8 && sn.first_of(text::DENIAL).is_some()
        })
}
