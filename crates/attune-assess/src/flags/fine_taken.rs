//! Detached: the client's "fine" taken at its word. After a listener turn, the client deflects in a short turn ("fine.
//! all is fine", "nothing. dont know. nothing", "all good. all good thank you. my family is still in kabul but all
//! good") and the reply opens glad ("good to hear 🙂", "no problem!", "Great, I'm glad to hear that!") and moves on to a
//! leaflet, a goodbye or the task (vignettes-fresh134 and -fresh143, studied from the fiftieth session on, judged 0.02
//! to 0.16). Of the labelled listener turns of attune's own sets that answer a deflection so, 9 are misattuned and one is
//! labelled either; the one turn of the good dev sessions (AnnoMI's high-quality, ESConv's) that does closes the session
//! ("Great. I'll see you then."), which is left out, as is a reply that asks after the "fine" or names a feeling.

use super::FlagDraft;
use crate::assess::Prep;
use crate::text;
use crate::types::{FlagKind, Severity};
use attune_core::Role;

/// Words by which a client deflects ("fine", "all good", "nothing", "we manage", "i guess").
const DEFLECTS: &[&str] = &["fine", "all good", "nothing", "not bad", "we manage", "managing", "grand", "i guess", "whatever", "no problem"];

/// Glad openings that take the deflection at its word.
const GLAD: &[&str] = &[
    "great", "good", "brilliant", "lovely", "perfect", "no problem", "that's great", "that's good", "that's fine", "that's totally fine",
    "good to hear", "glad to hear", "great to hear", "happy to hear", "i'm glad to hear", "i'm so glad to hear", "so glad to hear",
    "that's good to hear", "that's great to hear",
];

/// The longest client turn read as a deflection, in words.
const SHORT: usize = 25;

pub(super) fn check(prep: &[Prep], drafts: &mut Vec<FlagDraft>) {
    for (t, p) in prep.iter().enumerate() {
        if p.role != Role::Therapist || drafts.iter().any(|d| d.turn == t) {
            continue;
        }
        // a deflection answering a listener turn: the client's single turn since it, short, with a word of it
        let [c] = p.block[..] else { continue };
        if crate::assess::therapist_before(prep, c).is_none() || prep[c].words > SHORT || prep[c].norm.first_of(DEFLECTS).is_none() {
            continue;
        }
        let Some((s, n, _)) = p.sents.first() else { continue };
        let lead = n.words.iter().take_while(|w| matches!(w.as_str(), "oh" | "ok" | "okay" | "ah")).count();
        if !text::words_start_with_any(&n.words[lead..], GLAD) {
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
