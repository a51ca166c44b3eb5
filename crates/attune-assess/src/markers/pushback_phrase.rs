//! The client disagrees in so many words ("that's not the point", "I don't agree"); a very short answer to a
//! question ("I don't think so.") is an answer. "I didn't say" only of the listener's reading, not of the client's own
//! silence; after a miss, the question put again ("I asked if…").
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
    // (the first phrase found decides unless it is the client's own silence; then the others are read)
    let silent = |ph: &str| matches!(ph, "i didn't say" | "i never said") && c.sentences().iter().filter(|(_, n)| n.has(ph)).all(|(_, n)| own_silence(n, ph));
    let phrase = c.n.first_of(text::PUSHBACK).is_some_and(|f| !silent(f) || text::PUSHBACK.iter().any(|ph| *ph != f && c.n.has(ph) && !silent(ph)));
    // the question put again after a miss, in a sentence of its own ("i asked if she was pretending in lisbon, not how to get
    // more matches. jesus" after tips for moving on; "I asked if the price was a mistake."; sessions fresh112 and fresh109,
    // studied from the forty-ninth session on: every client turn of attune's own sessions with a sentence that opens so
    // after a labelled miss is a confrontation, 3; told as a story it opens otherwise, "When I asked if he was ok…", and
    // "I asked my GP about it" asks someone else)
    let asked_again = c.after_miss && c.sentences().iter().any(|(_, n)| n.len() <= 20 && asks_again(n));
    let dared = c.after_miss && c.sentences().iter().any(|(_, n)| dares(n));
    ((phrase && !(c.th_question && c.n.len() <= 5)) || misread || incredulous || stopped || asked_again || dared).then_some(MarkerSubtype::PushingBack)
}

/// A sentence that opens by daring the listener to live it, or throwing back what the listener must think ("A cop-out.
/// [pause] Right. Well — you try it. You try waking up every day being the one that's left."; "My part. [pause] Right.
/// [pause] You think I want to sit in a car park shaking? You think I do that for a laugh?"; sessions fresh131 and fresh133,
/// studied from the fifty-first session on). At a sentence's start only: "Did you try it?" and "Do you think I want to…?"
/// ask.
fn dares(n: &crate::text::Norm) -> bool {
    const DARES: &[&str] = &["you try it", "you try waking", "you try living", "you think i want to", "you think i do that for", "you think i do this for"];
    const LEAD: &[&str] = &["well", "right", "so", "no", "oh", "and", "pause"];
    crate::text::words_start_with_any(n.after_lead(LEAD), DARES)
}

/// A sentence that opens by putting the client's question again: "I asked if…", "But I asked whether…", "I asked you…".
fn asks_again(n: &crate::text::Norm) -> bool {
    const AGAIN: &[&str] = &["i asked if", "i asked whether", "i asked you", "i asked what", "i asked how", "i asked about", "i asked for"];
    n.starts_with_any(AGAIN) || (n.words.first().is_some_and(|w| w == "but") && crate::text::words_start_with_any(&n.words[1..], AGAIN))
}

/// "I didn't say" of the client's own silence, not of the listener's reading ("i didnt say anything to her. i just went to
/// work." from a mother who found cuts on her daughter's arm; "The part I didn't say is that…", "It's the things I didn't
/// say."; vignettes-fresh112, studied from the forty-ninth session on): of the client turns of attune's own sessions
/// that say it, the 7 labelled confrontations go on with what they did not say ("I didn't say I had anorexia", "i didnt
/// say they were treating me badly", "I didn't say there was a delay"); the 10 others, none a confrontation, do not.
/// Read in the phrase's sentence (`n`): the sentence ends there, or goes on with the words of saying nothing ("anything",
/// "a word", "it properly", "this out loud"); any other clause is what was not said ("I didn't say you're a bad
/// listener", "I didn't say it like that").
fn own_silence(n: &crate::text::Norm, ph: &str) -> bool {
    // ("I never said yes. I just never said no either."; "They asked what I saw and I said the rail. I never said about
    // the tea."; studied sessions, neither a rupture)
    const NOTHING: &[&str] = &["anything", "nothing", "much", "goodbye", "sorry", "is", "was", "this", "no", "yes", "a", "about"];
    n.after(ph).all(|rest| match rest {
        [] => true,
        [w, ..] if NOTHING.contains(&w.as_str()) => true,
        // ("I haven't told anyone that… I never said that out loud", "i didnt say it bc…"; not "I never said that to you")
        [w, next, ..] => {
            matches!(w.as_str(), "it" | "that")
                && (matches!(next.as_str(), "properly" | "out" | "aloud" | "bc" | "because" | "before" | "anymore") || (w == "it" && next == "to"))
        }
        [w] => w == "it" || w == "that",
    })
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
        assert!(silence("i didnt say anything to her."));
        assert!(silence("The part I didn't say is that this is not the first time."));
        assert!(silence("It's the things I didn't say."));
        assert!(silence("Maybe I didn't say it properly."));
        assert!(!silence("I didn't say I had anorexia."));
        assert!(!silence("i didnt say they were treating me badly i said i was sad"));
        assert!(!silence("I didn't say it was your fault."));
        assert!(!silence("I didn't say you're a bad listener."));
        assert!(!silence("I didn't say it like that."));
    }

    #[test]
    fn the_question_put_again_and_a_question_asked_of_someone_else() {
        let again = |s: &str| super::asks_again(&crate::text::Norm::new(s));
        assert!(again("i asked if she was pretending in lisbon, not how to get more matches."));
        assert!(again("But I asked whether anyone else felt like this."));
        assert!(!again("I asked my GP about it last week and she said it's normal."));
        assert!(!again("When I asked if he was ok he said go back to sleep."));
    }
}
