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
