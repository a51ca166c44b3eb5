//! Diagnosing: the listener puts a clinical label on what the client describes ("What you're describing is consistent
//! with post-traumatic stress disorder", "thats ptsd. classic", "can be a sign of an underlying mood disorder"). DESIGN.md
//! counts labelling a reaction as disorder as pathologizing; the phrase list of [`crate::rules::PATHOLOGIZE`] holds
//! the dismissive forms ("you're overreacting"), and on our vignettes these replies were named premature fixing (28
//! of 59 flagged pathologizing replies) because the coder reads them as interpretation.
//!
//! A sentence diagnoses when it holds a clinical term and a frame that applies it ("sounds like", "a sign of",
//! "consistent with", "what we'd call"). A term the client used first, a denial ("that doesn't mean you have a
//! disorder") or a term said with permission is left alone; the caller decides what the client said.

use crate::rules::normalize;
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// Clinical terms, matched as whole words, or with a plural "s" ("disorders").
const TERMS: &[&str] = &[
    "disorder", "ptsd", "c-ptsd", "cptsd", "ocd", "adhd", "bipolar", "bpd", "borderline", "depression", "depressed",
    "depressive", "clinically", "clinical", "dissociation", "dissociating", "dissociative", "dysregulation", "dysphoria",
    "burnout", "trauma response", "trauma symptoms", "complicated grief", "prolonged grief", "somatic", "psychosomatic",
    "enmeshment", "codependency", "codependent", "symptom", "symptoms", "dsm", "dsm-5", "diagnosis", "diagnosed",
    "mental health condition", "mood disorder", "hoarding", "emotional blunting", "hypervigilance", "manic", "mania",
    "psychosis", "psychotic", "panic attacks", "anxiety disorder", "an anxiety thing", "a trauma thing", "a hoarding thing",
    // the helper's own trade named as a condition ("very consistent with secondary traumatic stress, sometimes called
    // vicarious trauma"; fresh21, studied)
    "traumatic stress", "vicarious trauma", "secondary trauma", "compassion fatigue", "emotional numbing",
];

/// Frames that apply a term to the client.
const FRAMES: &[&str] = &[
    "sounds like", "sounds a lot like", "sound like", "consistent with", "a sign of", "signs of", "a symptom of", "symptoms of",
    "hallmark of", "classic", "textbook", "what we'd call", "what we would call", "what we call", "has a name", "could be",
    "may be", "might be", "you may be", "you might be", "you're describing", "you are describing", "youre describing",
    "you have", "you've got", "suffering from", "meet the criteria", "criteria for", "is called", "it's called",
    "known as", "linked to", "a form of", "typical of", "indicative of", "that's", "thats", "this is", "is a", "get diagnosed",
    "get checked", "assessed for", "an assessment for", "screened for", "threshold for", "a diagnosis of",
    "recognised symptoms", "recognized symptoms", "we would understand as", "we'd understand as",
    // the listener's clinical eye ("those are things I'd also see in depression"; sessions fresh59, read once in the
    // thirty-first session)
    "i'd see in", "i'd also see in", "i would see in", "we see in", "we'd see in", "i often see in", "often seen in",
    "often see in", "associated with",
    // a label named as the listener's trade would name it, or as what the trouble "can be" ("There's a pattern there that
    // we'd probably call complicated grief"; "tbh that can be depression quietly creeping in on top of the long covid";
    // sessions fresh60 and fresh61, read in the thirty-second session): about 60 sentences of attune's own labelled
    // replies hold a term with one of these, every one of them misattuned
    "we'd call", "we would call", "we'd probably call", "can be",
];

/// Said this way the label is taken back ("that doesn't mean you have a disorder").
const DENIALS: &[&str] = &[
    "doesn't mean", "does not mean", "not a disorder", "isn't a disorder", "not a sign", "isn't a sign", "nothing wrong with",
    "not a symptom", "isn't a symptom", "not something wrong", "doesn't make you", "does not make you", "not broken",
];

/// One automaton per list, over the space-padded phrases (terms also with a plural "s").
struct Lists {
    terms: AhoCorasick,
    /// Which term each pattern of `terms` is.
    term_of: Vec<&'static str>,
    frames: AhoCorasick,
    denials: AhoCorasick,
}

static LISTS: LazyLock<Lists> = LazyLock::new(|| {
    let pad = |l: &[&str]| l.iter().map(|p| format!(" {p} ")).collect::<Vec<_>>();
    let mut pats = Vec::new();
    let mut term_of = Vec::new();
    for t in TERMS {
        pats.push(format!(" {t} "));
        pats.push(format!(" {t}s "));
        term_of.extend([*t, *t]);
    }
    let build = |p: &[String]| AhoCorasick::new(p).unwrap_or_else(|e| panic!("diagnosis phrases do not compile: {e}"));
    Lists { terms: build(&pats), term_of, frames: build(&pad(FRAMES)), denials: build(&pad(DENIALS)) }
});

/// Does a normalized text (`rules::normalize`) hold a clinical term at all? One pass, so the sentences of the many
/// turns that hold none are not read again.
pub fn mentions_term(normalized: &str) -> bool {
    LISTS.terms.is_match(normalized)
}

/// The clinical term by which a sentence diagnoses what the client describes, if it does.
pub fn diagnoses(sentence: &str) -> Option<&'static str> {
    let n = normalize(sentence);
    let l = &*LISTS;
    // overlapping: padded phrases share their spaces with neighbours, and the earliest-listed term names the label
    let term = l.terms.find_overlapping_iter(&n).map(|m| m.pattern().as_usize()).min()?;
    if !l.frames.is_match(&n) || l.denials.is_match(&n) {
        return None;
    }
    Some(l.term_of[term])
}

#[cfg(test)]
mod tests {
    use super::diagnoses;

    #[test]
    fn a_label_put_on_the_client_is_found() {
        assert_eq!(diagnoses("What you're describing is consistent with post-traumatic stress disorder (PTSD)."), Some("disorder"));
        assert_eq!(diagnoses("thats ptsd. classic"), Some("ptsd"));
        assert_eq!(
            diagnoses("Feeling nothing at Mass, food tasting of nothing, alongside the sleep: those are things I'd also see in depression."),
            Some("depression")
        );
        assert_eq!(diagnoses("Persistent resentment like this can be a sign of an underlying mood disorder, though."), Some("disorder"));
        assert_eq!(diagnoses("babe that sounds like it could be a hoarding thing?? maybe get checked out"), Some("hoarding"));
        assert_eq!(diagnoses("There's a pattern there that we'd probably call complicated grief."), Some("complicated grief"));
        assert_eq!(diagnoses("tbh that can be depression quietly creeping in on top of the long covid, it happens a lot."), Some("depression"));
    }

    #[test]
    fn a_denial_a_bare_mention_and_an_everyday_word_are_not() {
        assert_eq!(diagnoses("Feeling this low after a loss doesn't mean you have a disorder."), None);
        assert_eq!(diagnoses("Your GP mentioned depression, and you weren't sure what to make of it."), None);
        assert_eq!(diagnoses("It sounds like you've added up every mistake from the whole year."), None);
        assert_eq!(diagnoses("That sounds like a really lonely place to be."), None);
    }
}
