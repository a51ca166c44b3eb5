//! The listener told their own story and the client hands it back and moves on ("Glad it worked out for you.
//! Quick practical one while I'm here —", "cool, glad it worked out for you. I should probably go"; "I'm very glad
//! your microphone story had a happy ending. Mine might go a bit differently.", fresh12; "… Glad it worked out for
//! your uncle, any road.", fresh14; both studied): the same hand-back at the turn's end.
use super::MarkerCtx;
use crate::types::{FlagKind, MarkerSubtype};

/// Words that hand the listener's story back: glad for them, or sorry for them ("oh wow. sorry that happened to you"
/// after a peer's own story of a client's death; fresh26, read once in the twenty-second session): the client looks
/// after the listener and their own grief is put down.
pub(crate) static HANDS_BACK: &[&str] = &[
    "glad it worked out", "glad that worked out", "glad it went well for", "good for your", "sorry that happened to you",
    "sorry that happened to u", "sorry about your", "sorry about ur", "sorry abt ur", "sorry to hear about your",
    "sorry for your loss", "that must have been hard for you",
    // ("I am sorry for your mother. [pause] Yes. Well." after a hospice worker's own mother; "damn. sorry bout ur squad
    // leader" after a peer's own story; sessions fresh64, read at the thirty-third session's end)
    "sorry for your", "sorry for ur", "sorry bout ur", "sorry bout your",
    // ("Mm. Sorry to hear that. [pause] So ten-thirty." after a chaplain's story of his own mother's funeral; "Sorry to
    // hear that, Gary, and glad Lucy is doing well." after a widower's story of his daughter; sessions fresh65, read at
    // the thirty-fourth session's end)
    "sorry to hear that", "sorry to hear about that", "sorry 2 hear that",
    // ("Mm. That must've been hard on you. [pause] Your sister sounds good." after a hospice nurse's own father; sessions
    // studied)
    "must've been hard on you", "must have been hard on you", "must've been hard for you", "must've been hard on u",
    // ("Right. [pause] Well, that's — good that it worked out for you." after a counsellor's own lost faith; sessions
    // fresh72, read once at the forty-first session's end)
    "good that it worked out", "good it worked out", "good that that worked out",
    // ("That's good that you found a way back. Thanks, Pete." after a moderator's story of his own drum kit, to a piano
    // teacher whose tinnitus has shut the lid; sessions fresh79, studied from the forty-sixth session's start)
    "good that you found", "glad you found", "glad that you found",
    // ("ok thanks rohit bhai. good to know it worked out for you." after a forum member's own failed modules; sessions
    // fresh83, studied from the forty-seventh session's start)
    "it worked out for you",
    // Scots ("Right. [pause] Sorry aboot yer da, hen." after a counsellor's own father; sessions fresh90, studied from the
    // forty-eighth session's start)
    "sorry aboot yer", "sorry aboot your", "sorry about yer",
];

/// Sympathy for the listener's story in a turn that says nothing else ("oh wow. that sounds rough" after a peer's
/// story of their own parents' separation; fresh50, read once in the twenty-seventh session).
const SYMPATHY: &[&str] = &[
    "sounds rough", "sounds tough", "sounds hard", "sounds awful", "sounds like a lot", "must have been rough",
    "must have been tough", "must have been hard", "must've been hard", "must've been rough", "that sucks",
];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    let n = c.n;
    let short_sympathy = n.len() <= 8 && n.first_of(SYMPATHY).is_some();
    let after_self_focus = c.flags.iter().any(|f| f.turn == c.tp && f.kind == FlagKind::SelfFocus);
    (after_self_focus
        && ((n.words.iter().take(4).any(|w| matches!(w.as_str(), "glad" | "good" | "nice" | "cool" | "great")) && (n.has("for you") || n.has("glad your") || n.has("mine")))
            || n.first_of(HANDS_BACK).is_some()
            || short_sympathy))
    .then_some(MarkerSubtype::TopicShift)
}
