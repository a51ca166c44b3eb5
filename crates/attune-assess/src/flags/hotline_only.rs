//! Detached, a chatbot's way: a crisis line or emergency number given in place of a reply ("If you are having thoughts
//! of harming yourself, please contact emergency services or reach out to a crisis line such as Samaritans…" to a
//! father saying his daughter might be better off with her mother; fresh32, read once in the twenty-fourth session).
//! DESIGN.md names "a hotline with no acknowledgement" among the chatbot failures. Giving the number is right where
//! there is risk; giving nothing else leaves the client unmet, so the rule looks only at replies that take up nothing
//! the client said.

use super::FlagDraft;
use crate::assess::{has_feeling_word, Prep};
use crate::text::{self, content_stems};
use crate::types::{FlagKind, Severity};
use attune_core::Role;

/// Words that point to a crisis service (not a hospital's: "so she doesn't need to go to the emergency room" is about
/// a child's asthma in an AnnoMI session).
const CRISIS_LINES: &[&str] = &[
    "samaritans", "crisis line", "crisis text line", "crisis helpline", "helpline", "hotline", "lifeline", "emergency services",
    "call 999", "call 911", "call 112", "116 123", "988", "text shout", "85258", "crisis team",
];

/// The chatbot's stock lines of sympathy, which name nothing the client said.
const STOCK: &[&str] = &[
    "going through a difficult time", "going through a tough time", "going through a hard time", "going through a lot",
    "sorry you're feeling this way", "sorry that you're feeling this way", "sorry to hear you're feeling",
    "have to go through this alone", "have to face this alone", "you're not alone", "you are not alone",
];

pub(super) fn check(prep: &[Prep], drafts: &mut Vec<FlagDraft>) {
    for (t, p) in prep.iter().enumerate() {
        if p.role != Role::Therapist || p.block.is_empty() || p.norm.first_of(CRISIS_LINES).is_none() {
            continue;
        }
        // a reflection or validation anywhere in the reply, or two of the client's own words, takes the client up; a stock
        // line does not, nor a sentence the coder reads as reflecting that names neither a word of theirs nor a feeling
        // ("It sounds like you may be going through a difficult time. I'm an AI and I'm not able to provide crisis
        // support. If you are in danger, please contact…"; "Your safety and your baby's safety are the top priority." to
        // a mother whose turn told of pictures of dropping "her" down the stairs and never said "baby"; studied
        // vignettes, judged 0.26 and 0.31)
        let client: Vec<&String> = p.block.iter().flat_map(|&b| prep[b].stems.iter()).collect();
        let met = p.sents.iter().any(|(s, n, code)| {
            let names = || content_stems(n).iter().any(|st| client.contains(&st)) || has_feeling_word(n) || text::names_emotion(n);
            let stock = n.first_of(STOCK).is_some();
            (!stock && code.is_some_and(|c| c.is_reflection() || c == attune_core::Code::Affirm) && names())
                || n.first_of(text::VALIDATE_CUE).is_some()
                || (!stock && !s.ends_with('?') && n.first_of(text::REFLECT_CUE).is_some())
        });
        let taken_up = p.stems.iter().filter(|s| client.contains(s)).count() >= 2;
        if met || taken_up || drafts.iter().any(|d| d.turn == t && d.kind == FlagKind::Detached) {
            continue;
        }
        drafts.push(FlagDraft {
            kind: FlagKind::Detached,
            turn: t,
            quote: p.sents.iter().find(|(_, n, _)| n.first_of(CRISIS_LINES).is_some()).map(|(s, _, _)| s.trim().to_string()).unwrap_or_else(|| p.text.trim().to_string()),
            explanation: "Gives a crisis line in place of a reply: nothing the client said is taken up. Where there is risk, the number belongs after a few words that show they were heard.".to_string(),
            severity: Severity::Medium,
            extra_turns: vec![],
            firm: true,
        });
    }
}
