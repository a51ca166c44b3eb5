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
    // someone else gave the same line ("Maybe. Father Jan said almost the same. 'Dark night of the soul.' I know about it.
    // Thank you for answering." after a reframe; sessions fresh57, read once in the twenty-ninth session)
    "said almost the same", "said the same thing", "said exactly the same", "says the same thing", "told me the same",
    "said much the same",
];

/// The line is what the client tells themselves already.
pub(crate) static TELL_MYSELF: &[&str] = &["what i tell myself", "what i keep telling myself", "i keep telling myself that", "i tell myself that"];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    if !c.after_miss || c.n.len() > 40 {
        return None;
    }
    // (alone: the only sentence but for lead words, "Yeah. The leaflet said that too.")
    const LEAD: &[&str] = &["pause", "mm", "yeah", "yes", "ok", "okay", "well", "right", "ya"];
    let alone = || c.sentences().iter().filter(|(_, n)| !n.words.iter().all(|w| LEAD.contains(&w.as_str()))).count() == 1;
    let said_that = || {
        let alone = alone();
        c.sentences().iter().any(|(_, n)| someone_said_that(&n.words, alone))
    };
    if c.n.first_of(EVERYONE_SAYS).is_some() || someone_said_it(&c.n.words) || said_that() {
        return Some(MarkerSubtype::RejectingIntervention);
    }
    c.n.first_of(TELL_MYSELF).is_some().then_some(MarkerSubtype::DeferentialAgreement)
}

/// A sentence that is only "<someone> said that" ("Mm. [pause] Yeah, the consultant said that." after "at least she
/// didn't have a long, drawn-out illness"; fresh32, read once in the twenty-fourth session): as below, in the other
/// order.
fn someone_said_that(words: &[String], alone: bool) -> bool {
    let lead = words.iter().take_while(|w| matches!(w.as_str(), "pause" | "mm" | "yeah" | "yes" | "ok" | "okay" | "well" | "right" | "ya")).count();
    // (and said before, as the whole turn: "yeah the leaflet said that too" after a peer's "lots of women miscarry in the
    // first trimester"; sessions fresh81, studied from the forty-sixth session's start. Followed by more, "Yes, the nurse
    // said that too. I'll ask at the clinic. Anyway, it's fine, I'll manage.", the rest names the marker)
    let tail = if alone { words.iter().rev().take_while(|w| matches!(w.as_str(), "too" | "also" | "already" | "aswell")).count() } else { 0 };
    let tail = if alone && tail == 0 && words.len() >= 2 && words[words.len() - 2..].join(" ") == "as well" { 2 } else { tail };
    let Some(w) = words.get(lead..words.len() - tail) else { return false };
    (3..=5).contains(&w.len())
        && matches!(w[0].as_str(), "the" | "my" | "your" | "ur" | "his" | "her" | "their" | "our" | "everyone" | "everybody")
        && matches!(w[w.len() - 2].as_str(), "said" | "says" | "told")
        && w[w.len() - 1] == "that"
}

/// "That's what <someone> said": the line is one somebody else has already given the client ("yeah thats what the
/// audiologist said. 'you'll habituate'." after "most people find they barely notice it after a few months"; fresh27,
/// read once in the twenty-third session). A word or a determiner and up to two more name the someone; the client's
/// own words ("that's what I said") are agreement, not this.
fn someone_said_it(words: &[String]) -> bool {
    words.windows(2).enumerate().any(|(i, w)| {
        matches!(w[0].as_str(), "that's" | "thats") && w[1] == "what" && {
            let rest = &words[i + 2..words.len().min(i + 6)];
            let said = rest.iter().position(|x| matches!(x.as_str(), "said" | "says" | "told" | "tells" | "keeps"));
            // one word names them ("that's what john said"), or a determiner starts the name ("the audiologist")
            said.is_some_and(|k| {
                (k == 1 || (k <= 3 && matches!(rest[0].as_str(), "the" | "my" | "your" | "ur" | "his" | "her" | "their" | "our" | "every" | "all")))
                    && !matches!(rest[0].as_str(), "i" | "i've" | "ive" | "we")
            })
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn someone_else_said_it() {
        let w = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert!(super::someone_said_it(&w("yeah thats what the audiologist said")));
        assert!(super::someone_said_it(&w("that's what my mum keeps saying")));
        assert!(!super::someone_said_it(&w("yes that's what i said")));
        assert!(!super::someone_said_it(&w("that's what")));
        assert!(!super::someone_said_it(&w("that's what happened and he said sorry later")));
    }

    #[test]
    fn someone_else_said_that_too() {
        let w = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert!(super::someone_said_that(&w("yeah the leaflet said that too"), true));
        assert!(super::someone_said_that(&w("the consultant said that"), false));
        assert!(super::someone_said_that(&w("my mum said that as well"), true));
        assert!(!super::someone_said_that(&w("my mum said that as well"), false));
        assert!(!super::someone_said_that(&w("too"), true));
        assert!(!super::someone_said_that(&w("yeah"), true));
    }

    #[test]
    fn the_phrases_are_lower_case_words() {
        for p in super::EVERYONE_SAYS.iter().chain(super::TELL_MYSELF) {
            assert_eq!(*p, p.to_lowercase());
            assert!(!p.contains("  ") && p.trim() == *p);
        }
    }
}
