//! "Yes, but": the listener's own view, turned to on "though" ("I think, though, what I was actually trying to do was
//! offer a bit of perspective…", "i guess tho, and i dont mean this harshly, u did know the rules when u left",
//! "It may help to look at it from your mum's side, though:", "tbh tho it sounds like she's trying?"). The warm words
//! around it carry the judge toward attuned (vignettes-fresh22, read once on the twenty-second session's starting
//! build: five such replies unflagged); the pivot is the miss. What it turns to names the kind: the client themself
//! (a challenge: confronting), the other person's side (reframing), or a shrinking phrase (minimizing).
//!
//! A stance must come before the "though" ("I think", "honestly", "I do want to…"): a bare "though" is as often the
//! listener siding with the client ("it doesnt sound fine tho, it sounds really hard", "It's not 'just stuff' though,
//! is it."), and a curious one asks ("I'm curious, though — what happens in those five minutes?"). "I wonder, though"
//! is a stance only where it wonders about someone else's side ("I wonder though if she was struggling with it too"),
//! not about the client or about who might help ("I wonder, though, whether there is one person… who could know the
//! whole story"; fresh27, read once in the twenty-third session). Of 3,578 labelled
//! listener turns (vignettes and sessions, studied), no attuned one holds such a stance before its "though".

use super::{FlagDraft, TurnCtx, YOU};
use crate::text::{self, Norm};
use crate::types::{FlagKind, Severity};

/// The listener's own view, said before the "though".
const STANCE: &[&str] = &[
    "i think", "i guess", "i suppose", "i'd say", "i would say", "honestly", "tbh", "to be honest", "i wonder",
    "i would gently", "i'd gently", "i would invite", "i'd invite", "i would ask you", "i do want to", "i want to gently",
    "i have to", "i've got to", "i must", "it may help to", "it might help to", "it could help to", "i don't buy",
    "i'm not sure i agree", "i'd push back", "i'd challenge", "i'd question",
];


/// Sentence openings that take the other person's part, a pivot with no "though" ("In fairness to your manager, moving
/// a nurse away from a hostile relative is fairly standard practice…"; fresh24, read once in the twenty-second session).
pub(crate) static FAIRNESS: &[&str] = &[
    "in fairness to", "to be fair to", "in her defence", "in his defence", "in their defence", "in her defense", "in his defense",
    "in their defense",
];

/// Where the pivot is on a "though" (not "as though", "even though"), the words before it.
fn before_though(n: &Norm) -> Option<&[String]> {
    let at = n.words.iter().position(|w| w == "though" || w == "tho")?;
    let prev = at.checked_sub(1).map(|i| n.words[i].as_str());
    (!matches!(prev, Some("as" | "even"))).then(|| &n.words[..at])
}

/// Checks the kind `want` only: the rules of the three kinds call it, each keeping its own row. Where the judge or an
/// earlier rule already flags the turn, they name it: "Honestly though, you need to…" is advice, "honestly tho ur
/// literally amazing!!" a cheer.
pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft], want: FlagKind) -> Option<FlagDraft> {
    // most turns hold no "though": nothing to read then
    if c.p.block.is_empty()
        || super::stands(earlier)
        || !(c.p.norm.words.iter().any(|w| w == "though" || w == "tho") || c.p.norm.first_of(FAIRNESS).is_some())
        || c.p.judgement.as_ref().is_some_and(|j| j.flagged)
        || super::owns_in_words(&c.p.norm)
    {
        return None;
    }
    let sents = &c.p.sents;
    for (k, (s, n, _)) in sents.iter().enumerate() {
        // the other person's part taken: reframing (or minimizing, by its words), whoever else the sentence names
        if k > 0 && n.starts_with_any(FAIRNESS) {
            let kind = if n.first_of(text::MINIMIZE).is_some() { FlagKind::Minimizing } else { FlagKind::Reframing };
            if kind != want {
                return None;
            }
            return Some(FlagDraft {
                kind,
                turn: c.t,
                quote: s.to_string(),
                explanation: "The reply takes the other person's part (\"in fairness to…\") while the client is still telling what it did to them.".into(),
                severity: Severity::Medium,
                extra_turns: vec![],
                firm: true,
            });
        }
        let Some(before) = before_though(n) else { continue };
        // the stance opens the clause the "though" sits in, a few words before it at most
        let tail = Norm::new(&before[before.len().saturating_sub(14)..].join(" "));
        // ("as honestly as I can" says how the listener will answer, not what they hold: "I will answer as honestly as I
        // can, though you know Anil and I do not." to a mother who asked what her listener would do; sessions fresh80,
        // studied from the forty-sixth session's start)
        let Some(stance) = STANCE.iter().copied().find(|st| tail.has(st) && !(*st == "honestly" && tail.has("as honestly"))) else { continue };
        if n.starts_with_any(&["it sounds like", "sounds like", "so you", "you feel", "part of you"]) {
            continue;
        }
        // a concession to the client after the "though" takes their side ("being made redundant isn't the same as
        // failing, though I understand why it feels that way right now"; vignettes-fresh27, read once in the
        // twenty-third session): the listener questions the client's verdict on themself and then meets the feeling
        let conceded = text::words_start_with_any(
            &n.words[before.len() + 1..],
            &["i understand", "i can understand", "i can see why", "i can see how", "i get why", "i know why", "it makes sense", "that makes sense"],
        );
        if conceded {
            continue;
        }
        let next = sents.get(k + 1).map(|(_, m, _)| m);
        // a "though" that closes the turn agrees in passing ("It definitely is. I guess thats what makes us human
        // though.", ESConv dev): the pivot needs something said after it
        let after = n.words.len() - before.len() - 1;
        if next.is_none() && after < 4 {
            continue;
        }
        let you = n.words.iter().chain(next.into_iter().flat_map(|m| m.words.iter())).any(|w| YOU.contains(&w.as_str()));
        let minimizing = n.first_affirmed(text::MINIMIZE).is_some();
        let kind = if minimizing {
            FlagKind::Minimizing
        } else if stance == "i wonder" {
            // wondering about the client is exploring; about someone else, it offers their side ("if she was…")
            let rest = &n.words[before.len() + 1..];
            let at = usize::from(rest.first().is_some_and(|w| matches!(w.as_str(), "if" | "whether")));
            let at = at + usize::from(rest.get(at).is_some_and(|w| w == "maybe" || w == "perhaps"));
            let other = rest.get(at).is_some_and(|w| matches!(w.as_str(), "she" | "he" | "they" | "your" | "his" | "her" | "their"));
            if you || at == 0 || !other {
                continue;
            }
            FlagKind::Reframing
        } else if you {
            FlagKind::Confronting
        } else {
            FlagKind::Reframing
        };
        if kind != want {
            return None;
        }
        let what = match kind {
            FlagKind::Minimizing => "shrinks what the client feels",
            FlagKind::Reframing => "turns to another way of seeing it",
            _ => "turns to challenging the client",
        };
        return Some(FlagDraft {
            kind,
            turn: c.t,
            quote: s.to_string(),
            explanation: format!("After meeting the client, the reply turns on \"though\" (\"{stance} … though\") and {what}: a \"yes, but\"."),
            severity: Severity::Medium,
            extra_turns: vec![],
            firm: true,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_though_after_as_or_even_is_no_pivot() {
        assert!(before_though(&Norm::new("It feels as though nobody sees it.")).is_none());
        assert!(before_though(&Norm::new("You went even though you were scared.")).is_none());
        assert_eq!(before_though(&Norm::new("I think, though, you knew.")).map(|b| b.len()), Some(2));
    }

    #[test]
    fn the_phrases_are_lower_case_words() {
        for p in STANCE.iter().chain(YOU) {
            assert_eq!(*p, p.to_lowercase());
            assert!(!p.contains("  ") && p.trim() == *p);
        }
    }
}
