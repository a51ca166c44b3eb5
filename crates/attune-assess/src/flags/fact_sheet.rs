//! Detached, a document's way: the reply opens with a markdown heading (or a short line wholly in bold) and is a fact sheet ("## Post-COVID Smell and
//! Taste Loss: Key Facts / **Overview** Olfactory dysfunction is one of the most common persistent symptoms…" to a man
//! who cooked for his family every night and could not tell whether his wife's birthday risotto was any good;
//! vignettes-fresh81, studied from the forty-sixth session's start, judged 0.38). A person who told something hard is
//! answered with a leaflet, whatever they asked: of the labelled listener replies of attune's own sets that open with a
//! heading, every one (11) is misattuned; the attuned replies that give the same information meet the person first and
//! put their headings after. Only where a hardship stands among the client's last turns (`hardship_told`) or the client
//! is telling (the act head), nothing in the reply's first sentences meets the client, and no other rule named the turn.

use super::FlagDraft;
use crate::assess::Prep;
use crate::types::{FlagKind, Severity};
use attune_core::Role;

/// The reply's first line, when it is a markdown heading ("# …" to "#### …").
/// A line wholly in bold of a few words and no sentence's end is a heading too ("**Sole-name accounts: overview**" over
/// a widow's bank statements; sessions fresh84, studied from the forty-seventh session's start): "**Short answer: this
/// is very common, and no, you're not losing it.**" is a sentence.
fn heading(raw: &str) -> Option<&str> {
    let line = raw.lines().map(str::trim).find(|l| !l.is_empty())?;
    is_heading(line).then_some(line)
}

/// Whether a line (or a sentence) is a markdown heading or a few words wholly in bold with no sentence's end.
pub(super) fn is_heading(line: &str) -> bool {
    let line = line.trim();
    let rest = line.trim_start_matches('#');
    let marked = line.len() - rest.len() <= 4 && rest.len() < line.len() && rest.starts_with(' ') && !rest.trim().is_empty();
    let bold = line.strip_prefix("**").and_then(|l| l.strip_suffix("**")).is_some_and(|inner| {
        !inner.contains("**") && !inner.trim_end().ends_with(['.', '?', '!']) && (1..=8).contains(&inner.split_whitespace().count())
    });
    marked || bold
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
        if !told {
            continue;
        }
        // (past a bold heading too: "**Sole-name accounts: overview**")
        let body = p.sents.iter().skip_while(|(s, _, _)| s.trim_start().starts_with('#') || line.contains(s.trim()));
        if body.take(3).any(|(s, n, _)| super::meets_client(s, n, None) || crate::assess::has_feeling_word(n)) {
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

    /// The pair that brought the rule (vignettes-fresh81 `zAO019`): the context, the misattuned reply, the attuned one.
    fn pair() -> (String, String, String) {
        let lines: Vec<serde_json::Value> = include_str!("../../../../eval/vignettes-fresh81.jsonl")
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .filter(|v: &serde_json::Value| v["pair"] == "zAO019")
            .collect();
        let reply = |e: &str| lines.iter().find(|v| v["expect"] == e).and_then(|v| v["response"].as_str()).unwrap_or_default().to_string();
        let client = lines.first().and_then(|v| v["context"][0]["text"].as_str()).unwrap_or_default().to_string();
        (client, reply("misattuned"), reply("attuned"))
    }

    #[test]
    fn a_fact_sheet_under_a_heading_is_detached_and_the_same_facts_after_meeting_the_person_are_not() {
        let (client, sheet, met) = pair();
        let flags = |reply: &str| assess_bundled(&[(Role::Client, client.as_str()), (Role::Therapist, reply)]).flags;
        assert!(flags(&sheet).iter().any(|f| f.explanation.contains("a fact sheet under a heading")), "{:?}", flags(&sheet));
        assert!(flags(&met).is_empty(), "{:?}", flags(&met));
    }

    #[test]
    fn a_markdown_heading_opens_a_document() {
        assert_eq!(super::heading("\n## Post-COVID Smell Loss: Key Facts\n\n**Overview**"), Some("## Post-COVID Smell Loss: Key Facts"));
        assert_eq!(super::heading("# Plan"), Some("# Plan"));
        assert_eq!(super::heading("#hashtag life"), None);
        assert_eq!(super::heading("##### too deep"), None);
        assert_eq!(super::heading("Eight months is a long time.\n\n## What helps"), None);
        assert_eq!(super::heading("## "), None);
        assert_eq!(super::heading("**Sole-name accounts: overview**\n\nFunds held…"), Some("**Sole-name accounts: overview**"));
        assert_eq!(super::heading("**Short answer: this is very common, and no, you're not losing it.**"), None);
    }
}
