//! Detached: the client's "fine" taken at its word. Asked how they are, the client deflects in a short turn ("fine.
//! all is fine", "nothing. dont know. nothing", "all good. all good thank you. my family is still in kabul but all
//! good") and the reply opens glad ("good to hear 🙂", "no problem!", "Great, I'm glad to hear that!") and moves on to a
//! leaflet, a line's number or the task, with no question after the "fine" and no word of feeling (vignettes-fresh134
//! and -fresh143, studied from the fiftieth session on, judged 0.02 to 0.16). Of the labelled listener turns of
//! attune's own sets that answer a deflection so, 9 are misattuned and one is labelled either; the one turn of the good
//! dev sessions (AnnoMI's high-quality, ESConv's) that does closes the session ("Great. I'll see you then."), which is
//! left out, as is a reply that asks after the "fine" or names a feeling.

use super::FlagDraft;
use crate::assess::Prep;
use crate::text;
use crate::types::{FlagKind, Severity};
use attune_core::Role;

/// Words by which a client deflects ("fine", "all good", "nothing", "we manage", "i guess"), said as their own (not "not
/// fine").
const DEFLECTS: &[&str] = &["fine", "all good", "nothing", "not bad", "we manage", "managing", "grand", "i guess", "whatever"];

/// Glad openings that take the deflection at its word (a first word matches its longer forms: "good to hear", "great to
/// hear"). Not "that's fine", which can leave the client their pace ("That's totally fine, there's no pressure to talk").
const GLAD: &[&str] = &[
    "great", "good", "brilliant", "lovely", "perfect", "no problem", "that's great", "that's good", "glad to hear", "happy to hear",
    "i'm glad to hear", "i'm so glad to hear", "so glad to hear",
];

/// A greeting or a wish, not gladness ("Good morning", "Good luck").
const NOT_GLAD: &[&str] = &["good morning", "good afternoon", "good evening", "good night", "good luck"];

/// The listener's question that asked how the client is, which the deflection answers (not "Would Tuesday work?", whose
/// "Tuesday's fine" agrees).
const ASKED_AFTER: &[&str] = &[
    "how are", "how's", "hows", "how is", "how have you", "how has", "how was", "how things", "how you're", "how you are", "what made you",
    "what's been", "whats been", "what brings you", "what's going on", "whats going on",
];

/// The longest client turn read as a deflection, in words.
const SHORT: usize = 25;

pub(super) fn check(prep: &[Prep], drafts: &mut Vec<FlagDraft>) {
    for (t, p) in prep.iter().enumerate() {
        // a deflection answering a listener turn that asked after the client: the client's single turn since it, short,
        // with a word of it said as their own
        let [c] = p.block[..] else { continue };
        if p.role != Role::Therapist || prep[c].words > SHORT || prep[c].norm.first_affirmed(DEFLECTS).is_none() || drafts.iter().any(|d| d.turn == t) {
            continue;
        }
        let asked = crate::assess::therapist_before(prep, c).is_some_and(|k| prep[k].text.contains('?') && prep[k].norm.first_of(ASKED_AFTER).is_some());
        let Some((s, n, _)) = p.sents.first() else { continue };
        let rest = n.after_lead(&["oh", "ok", "okay", "ah"]);
        let glad = text::words_start_with_any(rest, GLAD) && !text::words_start_with_any(rest, NOT_GLAD);
        if !asked || !glad {
            continue;
        }
        // (not a close of the session, nor a reply that asks after the "fine" or names a feeling)
        let asks_after = p.sents.iter().any(|(s, n, _)| s.trim_end().ends_with('?') && (n.first_of(DEFLECTS).is_some() || n.has("really")));
        if p.norm.first_of(text::SESSION_CLOSE).is_some() || asks_after || crate::assess::has_feeling_word(&p.norm) {
            continue;
        }
        drafts.push(FlagDraft {
            kind: FlagKind::Detached,
            turn: t,
            quote: s.to_string(),
            explanation: "Takes the client's deflection at its word (\"fine\", \"nothing\") and moves on, without asking what lies under it.".into(),
            severity: Severity::Medium,
            extra_turns: vec![],
            firm: true,
        });
    }
}
