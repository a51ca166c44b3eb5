//! Agreeing with a miss by scolding oneself for the feeling ("ur right. i should be grateful. theyve done a lot
//! for me. anyway…" after minimizing; "You're right, I should be counting my blessings."; fresh8 and fresh13,
//! studied): 3RS's deferential withdrawal, the complaint swallowed. Or agreeing and complying in a turn the client
//! model reads as withdrawing ("Yes. Yes, of course. You are quite right, I should have done all of that already. I
//! will write it down.", "Yes, I know, you are right. I will book it again."; fresh14 and fresh5, studied). Or
//! apologising and scolding oneself in one breath ("Sorry. Maybe I'm too sensitive.").
use super::{MarkerCtx, TAKES_UP_STRONG};
use crate::types::MarkerSubtype;
use attune_core::ClientAct;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    let n = c.n;
    let agrees = n.words.iter().take(8).any(|w| w == "right") && n.first_of(AGREES).is_some();
    (c.after_miss
        && ((n.words.iter().take(4).any(|w| matches!(w.as_str(), "right" | "true" | "suppose" | "guess" | "sorry")) && n.first_of(SELF_DISMISSAL).is_some())
            || (agrees
                && (n.first_of(SELF_DISMISSAL).is_some()
                    // "You're right, that makes sense. I'll ring them tomorrow." takes the help up, whatever the act head reads
                    || (c.p.affect.rupture_act() == ClientAct::Withdrawing && n.first_of(TAKES_UP_STRONG).is_none())))))
    .then_some(MarkerSubtype::DeferentialAgreement)
    .or_else(|| yields(c))
}

/// A flat yes that hands the listener's own word back and gives in ("Ok. Maybe it is just my perfectionism. I will try
/// to think more positive." after a label; "Sure. I'm proud of him. Everybody is." after a cheer over a grandson's
/// deployment; fresh47, read once in the twenty-sixth session). Help taken up ("Ok. I'll try the app tonight." after
/// advice) is not giving in.
fn yields(c: &MarkerCtx) -> Option<MarkerSubtype> {
    const FLAT: &[&str] = &["ok", "okay", "sure", "fine", "yes", "yeah", "right", "alright", "mm"];
    // ("Yeah. [pause] Yeah, I expect it's the same for everybody." after a chaplain's own story of the night before her
    // surgery; sessions fresh109, studied from the forty-ninth session on)
    const YIELDS: &[&str] = &[
        "maybe it is just", "maybe it's just", "maybe its just", "everybody is", "everyone is", "if you say so", "i suppose so", "i guess so",
        "same for everybody", "same for everyone",
    ];
    const TRIES: &[&str] = &["i will try to", "i'll try to", "ill try to"];
    let n = c.n;
    if !c.after_miss || n.words.len() > 25 || !n.words.first().is_some_and(|w| FLAT.contains(&w.as_str())) {
        return None;
    }
    // trying what was advised is taking it up; trying after a label or a cheer is giving in
    let gives_in = n.first_of(YIELDS).is_some() || (n.first_of(TRIES).is_some() && !(c.th_fixing && n.first_of(TAKES_UP_STRONG).is_some()));
    if !gives_in {
        return None;
    }
    // the listener's word, handed back
    c.p.stems.iter().any(|s| c.th.stems.contains(s)).then_some(MarkerSubtype::DeferentialAgreement)
}

/// The client telling the listener they are right.
pub(crate) static AGREES: &[&str] = &[
    "you're right", "you are right", "youre right", "ur right", "you're quite right", "you are quite right",
    "you're absolutely right", "you are absolutely right", "you're probably right", "you are probably right",
];

/// A client scolding themselves for the feeling they brought, or for not having done it already.
pub(crate) static SELF_DISMISSAL: &[&str] = &[
    "should have done", "should've done", "should have known", "should have already", "should already have",
    "should be grateful", "should be thankful", "should be happy", "counting my blessings", "count my blessings",
    "shouldn't complain", "should not complain", "shouldnt complain", "shouldn't be upset", "shouldnt be upset",
    "should just get over it", "should get over it", "i'm overreacting", "im overreacting", "being silly", "being dramatic",
    // an apology, then the fault put in the client's own nature ("OK. Sorry. Maybe I'm too sensitive. We can… go on."
    // after the listener defended a comparison; fresh30, read once in the twenty-fourth session)
    "i'm too sensitive", "im too sensitive", "i am too sensitive", "i'm oversensitive", "i'm being oversensitive",
    "i'm being too sensitive", "i'm so sensitive", "i'm making a big deal", "im making a big deal", "making too much of it",
    "i'm being ridiculous", "im being ridiculous", "i'm being stupid", "im being stupid",
    // luck taken on after the loss was made small ("yeah true. im lucky i guess" after "silence isn't the worst reaction
    // tho"; sessions fresh105, studied from the forty-ninth session on; "I know I'm lucky."): the client turns of attune's
    // own sessions that say it after a labelled miss are withdrawals (3)
    "i'm lucky", "im lucky", "i am lucky",
];
