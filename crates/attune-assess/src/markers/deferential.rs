//! A short deferential agreement ("I guess you're right", "whatever you think"), or not being ready for what the listener
//! just proposed: 3RS's deferential withdrawal.
use super::MarkerCtx;
use crate::text::{self, Norm};
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // up to 25 words after a fix or a miss, where a plan handed over is taken with a shrug ("… or whatever") or with
    // thanks all round ("Yes, I expect you're right. Thank you all for your replies, you've been very helpful. I'll let
    // you know how I get on."; fresh52, read once in the twenty-seventh session)
    let limit = if c.th_fixing || c.after_miss { 25 } else { 10 };
    // a letter may go on at length about other things once the point is conceded ("Thank you for your letter. I'm sure
    // you're right that there are still good times to be had. We went for a walk on the prom on Sunday…" after a
    // widow's loneliness was reframed; "Thank you. I am sure that is sensible. The weather has turned here…"; sessions
    // studied): after a miss, conceded in the first two sentences counts at any length (after help the client asked for,
    // "Thank you, that's very sensible. I rang the surgery and they can see me Thursday…" takes it up)
    // (sentence by sentence: a denial in the sentence before is not this one's, "I don't know. I guess you're right.")
    let deferential = first_concession(c.sentences().iter().map(|(_, n)| n), |_| true).is_some_and(|k| c.n.len() <= limit || (c.after_miss && k < 2))
        || ((c.after_miss || c.th_fixing) && taken_as_told(c));
    // not ready for what was just pressed on them ("i could try that i guess. not really there yet tho" after a list of
    // how to tell him; fresh19, studied): said of the listener's plan, not of a wish of the client's own ("I want to
    // forgive him but I'm not there yet"), so only after a fix or a miss; and short: a longer turn goes on to say what
    // it is like instead ("i'm not there yet lol. right now i just want to get through the afternoon without crying")
    let not_ready = (c.th_fixing || c.after_miss) && c.n.len() <= 12 && c.n.first_of(text::NOT_READY).is_some();
    (deferential || not_ready).then_some(MarkerSubtype::DeferentialAgreement)
}

/// The listener's line taken on as told, in the first three sentences ("Thank you for the information. It is good to
/// know that it is normal. I will try to be patient, as you say." after a letter that read a father's fear for his son
/// as normal; sessions fresh62, studied): a concession only after a miss or a fix, as the same words thank an answer the
/// client asked for ("is it normal to be angry at him?" … "Good to know it's normal, thank you.").
fn taken_as_told(c: &MarkerCtx) -> bool {
    const TOLD: &[&str] = &[
        "try to be patient as you say", "as you say i will try", "as you said i will try", "i will try as you say",
        "i'll try as you say", "i will try as you said", "i'll try as you said", "good to know that it is normal",
        "good to know it is normal", "good to know that it's normal", "good to know it's normal",
    ];
    c.sentences().iter().take(3).any(|(_, n)| n.first_of(TOLD).is_some())
}

/// The index of the first sentence that concedes in words: a deferential phrase, not denied within its own sentence,
/// that `counts` accepts (the marker above; `flags::confirmed_by_reaction` leaves out "you're probably right").
pub(crate) fn first_concession<'n>(sents: impl IntoIterator<Item = &'n Norm>, counts: impl Fn(&str) -> bool) -> Option<usize> {
    sents.into_iter().position(|n| n.first_affirmed(text::DEFERENTIAL).is_some_and(&counts))
}
