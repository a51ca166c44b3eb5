//! Detached, a document's way: the reply opens with a markdown heading and is a fact sheet ("## Post-COVID Smell and
//! Taste Loss: Key Facts / **Overview** Olfactory dysfunction is one of the most common persistent symptoms…" to a man
//! who cooked for his family every night and could not tell whether his wife's birthday risotto was any good;
//! vignettes-fresh81, studied from the forty-sixth session's start, judged 0.38). A person who told something hard is
//! answered with a leaflet, whatever they asked: of the labelled listener replies of attune's own sets that open with a
//! heading, every one (11) is misattuned; the attuned replies that give the same information meet the person first and
//! put their headings after. Only where a hardship stands among the client's last turns (`hardship_told`) or the client
//! is telling (the act head), nothing in
//! the reply's first sentences meets the client, and no other rule named the turn.

use super::FlagDraft;
use crate::assess::Prep;
use crate::types::{FlagKind, Severity};
use attune_core::Role;

/// The reply's first line, when it is a markdown heading ("# …" to "#### …").
fn heading(raw: &str) -> Option<&str> {
    let line = raw.lines().map(str::trim).find(|l| !l.is_empty())?;
    let rest = line.trim_start_matches('#');
    (line.len() - rest.len() <= 4 && rest.len() < line.len() && rest.starts_with(' ') && !rest.trim().is_empty()).then_some(line)
}

pub(super) fn check(prep: &[Prep], drafts: &mut Vec<FlagDraft>) {
    for (t, p) in prep.iter().enumerate() {
        if p.role != Role::Therapist || p.block.is_empty() || drafts.iter().any(|d| d.turn == t) {
            continue;
        }
        let Some(line) = heading(p.raw) else { continue };
        // (the client model read that chef's telling as calm, hardship 0.19: a turn the act head reads as telling is
        // enough here)
        let told = super::hardship_told(prep, t) || p.block.iter().any(|&c| prep[c].affect.act.tells());
        // (past the heading itself; and by the words, not the coder, which reads a title or "It may present as:" as a
        // reflection of the client's topic)
        let meets = |s: &str, n: &crate::text::Norm| {
            n.first_of(crate::text::VALIDATE_CUE).is_some() || (n.first_of(crate::text::REFLECT_CUE).is_some() && !s.ends_with('?')) || crate::assess::has_feeling_word(n)
        };
        let body = p.sents.iter().skip_while(|(s, _, _)| s.trim_start().starts_with('#'));
        if body.take(3).any(|(s, n, _)| meets(s, n)) || !told {
            continue;
        }
        drafts.push(FlagDraft {
            kind: FlagKind::Detached,
            turn: t,
            quote: line.to_string(),
            explanation: "Answers what the client told with a fact sheet under a heading: information where the person needed to be met first.".into(),
            severity: Severity::Medium,
            extra_turns: vec![],
            firm: true,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::tests::assess_bundled;
    use attune_core::Role;

    const CLIENT: &str = "I caught covid in January and lost my sense of smell. I used to cook every night, my kids called me the chef. I made a risotto for my wife's birthday and couldn't tell if it was any good. Is there anything that actually helps?";
    const FACTS: &str = "Olfactory dysfunction is one of the most common persistent symptoms after COVID-19. Most patients show some recovery within 12 months.\n\n1. **Olfactory training** twice a day.\n2. **ENT referral** to exclude other causes.";

    fn detached(reply: &str) -> bool {
        assess_bundled(&[(Role::Client, CLIENT), (Role::Therapist, reply)]).flags.iter().any(|f| f.kind == crate::types::FlagKind::Detached)
    }

    #[test]
    fn a_fact_sheet_under_a_heading_is_detached_and_the_same_facts_after_meeting_the_person_are_not() {
        assert!(detached(&format!("## Post-COVID Smell Loss: Key Facts\n\n**Overview**\n{FACTS}")));
        assert!(!detached(&format!("Eight months is a long time, and it sounds like you've lost far more than a sense: cooking was how you looked after people.\n\n## What helps\n{FACTS}")));
    }

    #[test]
    fn a_markdown_heading_opens_a_document() {
        assert_eq!(super::heading("\n## Post-COVID Smell Loss: Key Facts\n\n**Overview**"), Some("## Post-COVID Smell Loss: Key Facts"));
        assert_eq!(super::heading("# Plan"), Some("# Plan"));
        assert_eq!(super::heading("#hashtag life"), None);
        assert_eq!(super::heading("##### too deep"), None);
        assert_eq!(super::heading("Eight months is a long time.\n\n## What helps"), None);
        assert_eq!(super::heading("## "), None);
    }
}
