//! Right after a miss, the client the client model reads as withdrawing ends the turn on a closing thank-you ("It's
//! ok. I think I will just try to be there for him. Thank you for your help."; "… You've been very kind. Bríd";
//! sessions fresh70, read once at the thirty-ninth session's end): the thanks ends the help rather than taking it up
//! (3RS: deferential withdrawal). A thank-you that opens a turn and goes on is read by `thanks_then_anyway` and
//! `polite_pivot`; here the thanks is the last word. Both the learned act and the miss are needed: a client who
//! thanks a listener who met them is closing a good conversation.
use super::{MarkerCtx, TAKES_UP_STRONG};
use crate::text::Norm;
use crate::types::MarkerSubtype;
use attune_core::ClientAct;

/// Thanks that close: for the help or time as a whole, not for something said that landed.
const CLOSING_THANKS: &[&str] = &[
    "thank you for your help", "thanks for your help", "thank you for the help", "thanks for the help", "thanks for helping",
    "thank you for your time", "thanks for your time", "thank you for the replies", "thanks for the replies",
    "cheers for the replies", "cheers for the help", "thanks for the advice", "thank you for the advice",
    "cheers for the advice", "thank you for your advice", "thanks for your advice", "you've been very kind",
    "you have been very kind", "you've been kind",
    "thanks for the suggestions", "thank you for the suggestions", "thanks for trying", "thank you for trying",
    // (sessions fresh71, read once at the fortieth session's end)
    "you've been very good to me", "you have been very good to me", "you've been good to me", "you've been so good to me",
    // thanks for what was handed over, as the last word ("yeah maybe. ok ive got a shift at 6 so ill go. thanks for the
    // list" after a peer's pep talk; sessions fresh84, studied from the forty-seventh session's start)
    "thanks for the list", "thank you for the list", "thanks for the links", "thanks for the info", "thanks for the information",
    "thank you for the information", "thanks for the leaflet", "thank you for the leaflet",
    // (chat's "ur", which is read as written)
    "thanks for ur time", "thank you for ur time", "thanks for ur help", "thank you for ur help",
];

/// A sign-off a letter or post ends on after its last sentence ("Bríd", "Kind regards, Tom", "Kind regards, Dermot
/// Keane"): a line of a few words and no full stop.
fn is_signature(s: &str, n: &Norm) -> bool {
    n.len() <= 4 && !s.contains(['.', '?', '!'])
}

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    if !c.after_miss || c.p.affect.rupture_act() != ClientAct::Withdrawing || c.n.first_of(TAKES_UP_STRONG).is_some() {
        return None;
    }
    let last = c.sentences().iter().rev().find(|(s, n)| !n.words.is_empty() && !is_signature(s, n))?;
    last.1.first_of(CLOSING_THANKS).is_some().then_some(MarkerSubtype::DeferentialAgreement)
}

#[cfg(test)]
mod tests {
    use super::is_signature;
    use crate::tests::marker_after;
    use crate::text::Norm;

    #[test]
    fn thanks_that_end_the_help_after_a_miss_are_a_withdrawal() {
        let client = "My husband's younger brother died by suicide three weeks ago. My husband has not cried once. Last night I found him sitting in his brother's old room in the dark at three in the morning.";
        let questions = "Understood. To help plan the conversation, a few questions: 1. Is there a time of day when he is usually more relaxed? 2. Does he have a close friend he trusts? 3. Has he seen a doctor? Your answers will help me suggest an approach.";
        let (flagged, m) = marker_after(client, questions, "Sunday mornings maybe. No, no doctor. I don't think he will agree to counsellor.\n\nIt's ok. I think I will just try to be there for him. Thank you for your help.");
        assert!(flagged, "the run of questions is flagged");
        assert_eq!(m, Some(crate::types::MarkerSubtype::DeferentialAgreement));
    }

    #[test]
    fn a_name_on_its_own_line_is_a_signature_and_a_sentence_is_not() {
        assert!(is_signature("Bríd", &Norm::new("Bríd")));
        assert!(is_signature("Kind regards, Dermot Keane", &Norm::new("Kind regards, Dermot Keane")));
        assert!(!is_signature("Thank you for your help.", &Norm::new("Thank you for your help.")));
    }
}
