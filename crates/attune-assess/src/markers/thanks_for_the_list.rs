//! Thanks for the list after a miss ("Fiona, Thank you for the list. The insurance man has been already and I have the
//! number for the council. Regards," to a forum reply that sent a crofter whose house burned down to his insurer; "Dear
//! Miss Helen, Thank you for the leaflet and the Age UK paper."; sessions fresh95 and studied, read at the forty-eighth
//! session's start): the client thanks the listener for the thing handed over and takes none of it up. Every client
//! turn of attune's own sessions that thanks for a list, a leaflet, the information or the tips after a flagged turn is
//! a labelled rupture (10).
use super::MarkerCtx;
use crate::types::MarkerSubtype;

/// The thing handed over, thanked for.
const THANKED: &[&str] = &[
    "thank you for the list", "thanks for the list", "thank you for the leaflet", "thanks for the leaflet",
    "thank you for the information", "thanks for the information", "thank you for the info", "thanks for the info",
    "thank you for the tips", "thanks for the tips", "thank you for the steps", "thanks for the steps",
    "thank you for the link", "thanks for the link", "thank you for the links", "thanks for the links",
    // ("Dear Mr Hale, Thank you for the referrals. … Please can you take me off the transfer list. I just want the wall
    // fixed."; sessions fresh96)
    "thank you for the referrals", "thanks for the referrals", "thank you for the referral", "thanks for the referral",
];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    (c.after_miss && c.n.first_of(THANKED).is_some() && c.n.first_of(super::TAKES_UP_STRONG).is_none()).then_some(MarkerSubtype::DeferentialAgreement)
}

#[cfg(test)]
mod tests {
    use crate::tests::marker_after;
    use crate::types::MarkerSubtype;

    const CLIENT: &str = "The house went up on the Tuesday night. I got myself and the dog out and nothing else. Morag's things were all in the back bedroom, her tin of letters, the lot.";
    const LIST: &str = "So sorry to hear that. Here's what to do next: 1. Ring your insurer today. 2. Ask the council about emergency housing. 3. Keep every receipt.";

    #[test]
    fn thanks_for_the_list_after_a_list_is_a_withdrawal() {
        let (flagged, m) = marker_after(CLIENT, LIST, "Thank you for the list. The insurance man has been already and I have the number for the council.");
        assert!(flagged, "the list is flagged");
        assert_eq!(m, Some(MarkerSubtype::DeferentialAgreement));
    }

    #[test]
    fn thanks_after_a_reply_that_met_the_client_is_not() {
        let met = "Her tin of letters. And you got the dog out, and then stood and watched the rest go. That's a terrible night.";
        assert_eq!(marker_after(CLIENT, met, "Thank you for the list you sent last week as well. It was the letters I minded most.").1, None);
    }
}
