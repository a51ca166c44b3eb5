//! The client disagrees in so many words ("that's not the point", "I don't agree"); a very short answer to a
//! question ("I don't think so.") is an answer.
use super::MarkerCtx;
use crate::text;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    let misread = c.after_miss && (c.n.first_of(MISREAD_AS_RISK).is_some() || c.n.first_of(AS_THEORY).is_some());
    // "Seriously?" thrown back at a miss (fresh47, read once in the twenty-sixth session); after good news it is delight,
    // so only after a flagged turn and only as the whole first sentence
    let incredulous = c.after_miss
        && c.n.words.first().is_some_and(|w| matches!(w.as_str(), "seriously" | "really" | "wow"))
        && crate::text::sentences(c.p.text).first().is_some_and(|s| s.trim_end().ends_with('?') && s.split_whitespace().count() <= 2);
    // "Hang on." opening the turn after a miss, the listener stopped ("Whoa, whoa. Hang on a minute. Ah come in here tae
    // talk aboot ma lassie… an' noo Ah'm the wan that's depressed an' an alky?"; sessions fresh80, studied from the
    // forty-sixth session's start): every client turn of attune's own sessions that opens so after a labelled miss is
    // a labelled confrontation (5), and no other opens so; nor Scots' "Haud on." ("Haud on. Ah'm no' a — ah'm no' a
    // nutter, hen." after post-traumatic stress named to a bus driver; sessions fresh90, studied from the forty-eighth
    // session's start: 2 labelled confrontations open so)
    let stopped = c.after_miss && c.n.starts_with_any(&["hang on", "no hang on", "whoa", "woah", "wait wait", "hold on hold on", "haud on", "hud on"]);
    let phrase = c.n.first_of(text::PUSHBACK).is_some() && text::PUSHBACK.iter().any(|ph| c.n.has(ph) && !own_silence(c.n, ph));
    // the question put again after a miss, in a sentence of its own ("i asked if she was pretending in lisbon, not how to get
    // more matches. jesus" after tips for moving on; "I asked if the price was a mistake."; sessions fresh112 and fresh109,
    // studied from the forty-ninth session on: every client turn of attune's own sessions with a sentence that opens so
    // after a labelled miss is a confrontation, 3; told as a story it opens otherwise, "When I asked if he was ok…")
    let asked_again = c.after_miss && c.sentences().iter().any(|(_, n)| n.len() <= 20 && n.starts_with_any(&["i asked", "but i asked"]));
    ((phrase && !(c.th_question && c.n.len() <= 5)) || misread || incredulous || stopped || asked_again).then_some(MarkerSubtype::PushingBack)
}

/// "I didn't say" of the client's own silence, not of the listener's reading ("i didnt say anything to her. i just went to
/// work." from a mother who found cuts on her daughter's arm; "The part I didn't say is that…", "It's the things I didn't
/// say."; vignettes-fresh112, studied from the forty-ninth session on): of the client turns of attune's own sessions
/// that say it, the 7 labelled confrontations go on with what they did not say ("I didn't say I had anorexia", "i didnt
/// say they were treating me badly", "I didn't say there was a delay"); the 10 others, none a confrontation, do not.
fn own_silence(n: &crate::text::Norm, ph: &str) -> bool {
    // (what follows is a clause: "it" only with its verb, "Maybe I didn't say it properly" is the client's own telling)
    const SAID: &[&str] = &["i", "i'd", "i'm", "that", "there", "he", "she", "they", "you", "we", "it's"];
    let clause = |rest: &[String]| match rest {
        [w, ..] if SAID.contains(&w.as_str()) => true,
        [it, verb, ..] => it == "it" && matches!(verb.as_str(), "was" | "is" | "would" | "will"),
        _ => false,
    };
    matches!(ph, "i didn't say" | "i never said") && !n.after(ph).any(clause)
}

/// The listener's reading set aside as theory ("Right. I suppose that's the textbook explanation. Delayed response,
/// protective mechanism. Makes sense from a theoretical standpoint." to a chatbot's account of grief's numbness; sessions
/// studied): said of the client's own field it is a fact, so only after a miss.
const AS_THEORY: &[&str] = &[
    "the textbook explanation", "the textbook answer", "the textbook response", "from a theoretical standpoint",
    "from a theoretical point of view", "in theory, yes", "on paper, yes",
];

/// The client setting a misread of risk straight after a missed reply ("I'm not going to hurt myself. … I said I want
/// to drive away for a bit, not that I want to die." after a crisis line; fresh32 and fresh33, read once in the
/// twenty-fourth session). Said to a safety question that met them, the same words answer it, so only after a miss.
const MISREAD_AS_RISK: &[&str] = &[
    "i'm not going to hurt myself", "im not going to hurt myself", "i am not going to hurt myself",
    "i'm not going to do anything to myself", "im not going to do anything to myself", "not that i want to die",
    "i'm not suicidal", "im not suicidal", "i am not suicidal", "didn't say i wanted to die", "never said i wanted to die",
];

#[cfg(test)]
mod tests {
    #[test]
    fn i_didnt_say_of_the_clients_own_silence_is_no_pushback() {
        let silence = |s: &str| super::own_silence(&crate::text::Norm::new(s), "i didn't say");
        assert!(silence("i feel sick. i didnt say anything to her. i just went to work."));
        assert!(silence("The part I didn't say is that this is not the first time."));
        assert!(silence("Maybe I didn't say it properly."));
        assert!(!silence("I didn't say I had anorexia. I said I skip meals sometimes."));
        assert!(!silence("i didnt say they were treating me badly i said i was sad"));
        assert!(!silence("I didn't say it was your fault."));
    }
}
