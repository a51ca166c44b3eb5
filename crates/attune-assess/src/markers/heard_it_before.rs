//! The comfort has been heard before: after a miss, the client says the listener's line is what everyone says or what
//! they tell themselves already ("Yeah, I know. That's what I tell myself." after "At least you did get to say
//! goodbye", "why everybody tell me kids bounce back" after "kids that age … bounce back super fast"; fresh24 and
//! fresh25, read once in the twenty-second session). 3RS: the intervention did not land. Said against everyone it is
//! a rejection of the line (confrontation); said of oneself it is going along on the surface (withdrawal).
use super::MarkerCtx;
use crate::types::MarkerSubtype;

/// The line is what everyone else says.
pub(crate) static EVERYONE_SAYS: &[&str] = &[
    "what everyone says", "what everybody says", "everyone keeps saying", "everybody keeps saying", "everyone keeps telling me",
    "everybody keeps telling me", "why everybody tell me", "why does everyone tell me", "why does everybody tell me",
    "why do people keep telling me", "everyone tells me that", "everybody tells me that", "what everyone tells me",
    "what people keep saying", "heard that before", "heard it all before",
];

/// The line is what the client tells themselves already.
pub(crate) static TELL_MYSELF: &[&str] = &["what i tell myself", "what i keep telling myself", "i keep telling myself that", "i tell myself that"];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    if !c.after_miss || c.n.len() > 40 {
        return None;
    }
    if c.n.first_of(EVERYONE_SAYS).is_some() {
        return Some(MarkerSubtype::RejectingIntervention);
    }
    c.n.first_of(TELL_MYSELF).is_some().then_some(MarkerSubtype::DeferentialAgreement)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_phrases_are_lower_case_words() {
        for p in super::EVERYONE_SAYS.iter().chain(super::TELL_MYSELF) {
            assert_eq!(*p, p.to_lowercase());
            assert!(!p.contains("  ") && p.trim() == *p);
        }
    }
}
