//! Right after a miss, a courteous close and then a practical question or another subject ("Thanks, that's a kind way
//! of looking at it. On a practical note — does anyone know whether I have any say over his things?"; "Thank you, I
//! hope so. Does anyone know if I can bring an interpreter to a school meeting…"; sessions fresh54 and fresh57, the
//! second read once in the twenty-ninth session): the client thanks the listener for what missed them and leaves it
//! (3RS: a topic shift that defers). Quiet by design, so only after a flagged turn, and only when the courtesy opens
//! the turn and the question comes after it.
use super::MarkerCtx;
use crate::types::MarkerSubtype;

/// Courtesies that close what was offered without taking it up.
const COURTESY: &[&str] = &[
    "thanks", "thank you", "thankyou", "of course", "that makes sense", "that's kind", "thats kind", "that is kind",
    "i hope so", "fair enough", "i suppose so", "i suppose", "maybe", "perhaps", "that's true", "that is true",
    // ("Sure. Thanks. Different question, does this mean I lose my CDL"; sessions studied)
    "sure",
];

/// Fillers a courtesy may follow ("Oh. Thank you…", "Ok thanks").
const LEAD: &[&str] = &["oh", "ok", "okay", "right", "well", "yes", "yeah", "mm", "um", "ah"];

/// What turns to another matter: a pivot in so many words, or a practical question put to the listener or the room.
const PIVOTS: &[&str] = &[
    "on a practical note", "practically speaking", "on another note", "on a different note", "in other news", "separately", "changing the subject",
    // ("Sure. Thanks. Different question, does this mean I lose my CDL" after a reassurance; sessions studied)
    "different question", "another question", "random question", "unrelated question", "unrelated but", "quick question",
];
const PRACTICAL_ASKS: &[&str] = &[
    "does anyone know", "does anybody know", "do you know if", "do you know whether", "do you know how", "does anyone have",
    "is there a way", "is there somewhere", "is there anyone", "who do i", "where do i", "how do i", "can i bring", "can i ask for",
    "how long does", "how long do", "how long will", "how long should",
];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    if !c.after_miss || c.n.len() > 60 {
        return None;
    }
    let sents = c.sentences();
    let (_, first) = sents.first()?;
    let lead = first.words.iter().take_while(|w| LEAD.contains(&w.as_str())).count();
    let rest = &first.words[lead..];
    // the courtesy is the whole of a short first sentence ("Thank you, I hope so."), not the start of a disclosure; or a
    // bare "ok." ("ok. / how long does bleeding usually last after a natural miscarriage? it's been 8 days." after a
    // chatbot's cheer; sessions fresh131, studied from the fifty-first session on)
    // (only "ok", and not as the answer to a question the listener put: "Yes." answers)
    let bare = rest.is_empty() && (1..=2).contains(&lead) && first.words[..lead].iter().all(|w| w == "ok" || w == "okay") && !c.th_question;
    if !bare && (rest.is_empty() || rest.len() > 9 || !crate::text::words_start_with_any(rest, COURTESY)) {
        return None;
    }
    sents[1..]
        .iter()
        .any(|(_, n)| {
            let lead = n.words.iter().take_while(|w| LEAD.contains(&w.as_str()) || w.as_str() == "but" || w.as_str() == "so").count();
            let rest = &n.words[lead..];
            crate::text::words_start_with_any(rest, PIVOTS) || crate::text::words_start_with_any(rest, PRACTICAL_ASKS)
        })
        .then_some(MarkerSubtype::TopicShift)
}
