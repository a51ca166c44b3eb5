//! Having already done what the listener advised, said briefly right after the advice ("Yeah. I've done the pacing
//! course."): it turns the advice down.
use super::MarkerCtx;
use crate::text::{self, Norm};
use crate::types::MarkerSubtype;

/// The turn's first sentence of three words or more: "Yeah. Right. Hypervigilance." echo and nod before it ("[pause]
/// I've read the VA pamphlets, I know the words."; fresh40, read once in the twenty-fifth session).
fn first_said<'c>(c: &'c MarkerCtx) -> Option<&'c Norm> {
    c.sentences().iter().map(|(_, n)| n).find(|n| n.len() >= 3)
}

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // or opening a longer turn with it, in a short sentence ("ive done all of that. its fine. its probably just one of
    // those things…" to a chatbot's checklist; fresh21, studied; "Yes, my daughter has done all of that with the bank."
    // to a list of what to do after a scam, fresh27, read once: twelve words, someone else's doing)
    let opens = || {
        c.n.len() <= 40
            && first_said(c).is_some_and(|f| f.len() <= 12 && f.first_of(text::ALREADY_DONE).is_some())
    };
    // or knowing already the very thing offered, named in a short first sentence ("Yes, I know the EPDS. I did it at my
    // six-week check…" after a list of symptoms and the screening tool's name; fresh35, read once in the twenty-fourth
    // session): "I know" and, within the next three words, a content word of the listener's turn
    // (the listener's stems are content words' already: stopwords never reach them)
    let knows_it = || {
        c.sentences().first().is_some_and(|(_, f)| {
            f.len() <= 12
                && f.words.windows(2).enumerate().any(|(k, w)| {
                    w[0] == "i" && w[1] == "know" && f.words[k + 2..].iter().take(3).any(|x| c.th.stems.contains(&text::stem(x)))
                })
        })
    };
    // (after a flagged reframe too: "yeah i know its the illness" to "Something carers often find helps is holding on to
    // the fact that it's the illness"; sessions fresh86, studied from the forty-seventh session's start)
    if (c.th_fixing || c.after_miss) && c.n.len() <= 60 && knows_it() && c.n.first_of(&["helped", "helps", "thank", "thanks", "worked", "feeling"]).is_none() {
        return Some(MarkerSubtype::RejectingIntervention);
    }
    // (after a miss too: "I've read the VA pamphlets, I know the words." turns down a label as it turns down advice)
    // A thank-you takes the help up, except after a flagged miss, where it is the courtesy before the turning down ("ok.
    // thanks. i've done the eap thing before", "Thanks. I already know TELL. I will look at the others."; sessions
    // studied, marked before as a minimal response and a deferential agreement)
    let thanks_not_uptake = || c.after_miss || c.n.first_of(&["thank", "thanks"]).is_none();
    // after a miss, in any short sentence of a short turn that takes up a word of the listener's, wherever it stands (often
    // after a hedge: "Mm.
    // Maybe. [pause] The dark night of the soul, yeah. I've, em — I've preached on it, actually." to a chaplain's reframe
    // of his lost faith as a dark night; sessions fresh72, read once at the forty-first session's end; "Thanks, that's
    // helpful. We've already done the RCA and the incident report went in the same day." after five steps for a clinic's
    // error, "1,783 cM. No X match. I already looked up the reference chart. …" after an overview of DNA matches; sessions
    // studied)
    // (not where the client takes the help up: "I think I'm going to try to start with your podcast that you recommended. I
    // already listen to podcasts daily…", a good dev session)
    const TRIES: &[&str] = &["going to try", "gonna try", "i'll try", "i will try", "going to start", "i'll start", "you recommended", "you suggested"];
    let said_later = || {
        c.after_miss
            && c.n.first_of(TRIES).is_none()
            && c.n.len() <= 40
            && c.sentences().iter().any(|(_, s)| s.len() <= 16 && s.first_of(text::ALREADY_DONE).is_some())
            && c.n.words.iter().any(|w| c.th.stems.contains(&text::stem(w)))
    };
    ((c.th_fixing || c.after_miss)
        && c.n.first_of(text::ALREADY_DONE).is_some()
        && (c.n.len() <= 12 || opens() || said_later())
        && c.n.first_of(&["helped", "helps", "worked"]).is_none()
        && thanks_not_uptake())
    .then_some(MarkerSubtype::RejectingIntervention)
}
