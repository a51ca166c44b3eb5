//! After advice, the client says all they wanted was to be heard ("maybe. tbh i think i just wanted to tell someone
//! about him. not like. do a thing about it", fresh18, studied after its one read): the advice is turned down. Only
//! after advice or a miss: the same words open many a conversation ("I just wanted to talk about my recent
//! heartbreak", ESConv).
use super::MarkerCtx;
use crate::types::MarkerSubtype;

pub(crate) static HEARD: &[&str] = &[
    "just wanted to tell someone", "just wanted to tell somebody", "just wanted to vent", "just needed to vent",
    "wanted someone to listen", "needed someone to listen", "just wanted to talk", "just needed to talk",
    "just wanted to say it", "just needed to say it", "just wanted someone to know", "not do a thing", "not like do a thing",
    // ("Thanks, but I know about the Equality Act — I've read every leaflet going. I wasn't really after resources. I just
    // needed someone to hear that it was humiliating."; fresh37, read once in the twenty-fifth session)
    "needed someone to hear", "wanted someone to hear", "wasn't really after", "wasn't after resources", "not after advice",
    "wasn't looking for advice", "not looking for advice", "didn't ask for advice", "didn't want advice", "wasnt looking for advice",
];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // (an answer to the listener's offer is no pushback: "Would that be useful at some point, or would you rather just keep
    // talking for now?" — "Maybe tomorrow. Tonight I think I just needed someone to hear that I'm not the bad guy."; fresh40,
    // read once in the twenty-fifth session)
    // More help offered after advice already given is no choice offered, unless talking is one of the choices ("Something
    // that can really help with guilt is writing him a letter … would it help if I sent you the details?" — "maybe. tbh i
    // think i just wanted to tell someone about him"; fresh18, studied)
    // ("…or would you rather just keep talking for now?"; not "Would you rather I emailed it?")
    const OR_TALK: &[&str] = &["rather just keep", "rather just talk", "or just keep", "or just talk", "prefer to just talk"];
    let offered = c.th.text.contains('?')
        && c.th.norm.first_of(crate::flags::OFFERS).is_some()
        && (!c.th_fixing || c.th.norm.first_of(OR_TALK).is_some());
    ((c.th_fixing || c.after_miss) && !offered && c.n.first_of(HEARD).is_some()).then_some(MarkerSubtype::PushingBack)
}
