//! The listener's own plan handed over, or the client's orders, unasked ("that makes so much sense, you don't want
//! anyone to get hurt ❤️ what i'd do is tell the court lady exactly what you just told me… and maybe write mum and dad
//! a letter each" to a girl of twelve asked to choose a parent; vignettes-fresh79, read once at the forty-fifth session's end, judged 0.50). "What
//! I'd do is…" is advice whatever warmth comes before it: the phrase stands in 5 labelled misattuned listener turns of
//! attune's own sets and in none attuned, and the one attuned "if I were you" answers a client who asked for a straight
//! answer. It stands after a hardship told and where the client asked nothing; the judge, which reads the warm opening,
//! let it through (a turn the judge flags keeps the judge's kind).

use super::{FlagDraft, TurnCtx};
use crate::types::{FlagKind, Severity};

/// How a listener hands over what they would do ("What I'd do is get yourself down the GP this week"), or what the client
/// is to do ("Oh no, this is really important — an employer is NOT allowed to keep your passport… What you need to do is
/// ring the Modern Slavery Helpline…" to a cleaner whose employer keeps her passport, who said she is scared to ask
/// again; vignettes-fresh83, studied from the forty-sixth session's start, judged 0.58 against 0.58): "what you need to
/// do is" and its kin stand in 20 labelled listener replies of attune's own sets, all misattuned.
const MY_PLAN: &[&str] = &[
    "what i'd do is", "what id do is", "what i would do is", "here's what i'd do", "heres what id do", "here's what i would do",
    "what i'd do in your place", "what i'd do in your shoes", "what i'd do if i were you", "what i'd do if i was you",
    "what you need to do is", "here's what you need to do", "heres what you need to do", "what you should do is",
    "what you have to do is", "here's what you should do",
];

/// The phrase opens its sentence, after fillers at most ("Okay, so what you need to do is…"), or a break in the
/// sentence just before it ("…you don't want anyone to get hurt ❤️ what i'd do is…", "Here's the thing: what you need
/// to do is…"): "Working out what you need to do is the hard part" names no order.
fn opens_clause(s: &str, n: &crate::text::Norm, ph: &str) -> bool {
    const FILLERS: &[&str] = &["so", "ok", "okay", "right", "well", "honestly", "and", "um", "then", "but", "look", "listen", "oh", "yeah", "mm", "pause"];
    let first = ph.split(' ').next().unwrap_or("");
    let after_fillers = n.words.iter().enumerate().any(|(i, w)| {
        w == first && n.words[i..].join(" ").starts_with(ph) && n.words[..i].iter().all(|x| FILLERS.contains(&x.as_str()))
    });
    let low = s.to_lowercase().replace('\u{2019}', "'");
    let after_break = low.find(ph).is_some_and(|at| {
        // (an emoji ends a chat clause as a comma does)
        low[..at]
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, ',' | ':' | ';' | '—' | '–' | '-' | '.' | '!' | '?') || (!c.is_alphanumeric() && !c.is_ascii()))
    });
    after_fillers || after_break
}

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    let p = c.p;
    if super::stands(earlier) || p.judgement.as_ref().is_none_or(|j| j.flagged) {
        return None;
    }
    let plan = |s: &str, n: &crate::text::Norm| !s.trim_end().ends_with('?') && n.first_of(MY_PLAN).is_some_and(|ph| opens_clause(s, n, ph));
    let (quote, _, _) = p.sents.iter().find(|(s, n, _)| plan(s, n))?;
    // (the listener's view asked for: "idk who to pick. what would u do")
    const ASKS_VIEW: &[&str] = &["what would you do", "if you were me", "what you'd do", "what you would do"];
    if super::block_asks(c, super::bare_order::ASKS)
        || p.block.iter().any(|&b| c.prep[b].norm.first_of(ASKS_VIEW).is_some())
        || !super::hardship_told(c.prep, c.t)
        || super::invited(p, c.prep)
        || attune_text::rules::scan(p.text).permission
    {
        return None;
    }
    Some(FlagDraft {
        kind: FlagKind::AdviceWithoutPermission,
        turn: c.t,
        quote: quote.to_string(),
        explanation: "Hands over a plan (\"what I'd do is…\", \"what you need to do is…\") that the client did not ask for.".into(),
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: true,
    })
}

#[cfg(test)]
mod tests {
    use crate::tests::assess_bundled;
    use attune_core::Role;

    const CLIENT: &str = "mum and dad are getting divorced and the lady from court said i can say who i want to live with. if i pick mum dad will be sad and if i pick dad mum will cry. she already cries every night";

    fn flags(reply: &str, client: &str) -> Vec<&'static str> {
        assess_bundled(&[(Role::Client, client), (Role::Therapist, reply)]).flags.iter().map(|f| f.kind.as_str()).collect()
    }

    #[test]
    fn the_listeners_own_plan_after_a_hardship_is_advice_unasked() {
        let reply = "that makes so much sense, you don't want anyone to get hurt ❤️ what i'd do is tell the court lady exactly what you just told me - that you don't want to pick. and maybe write mum and dad a letter each";
        assert!(flags(reply, CLIENT).contains(&"advice_without_permission"));
    }

    #[test]
    fn the_phrase_as_a_subject_names_no_order() {
        let n = |s: &str| crate::text::Norm::new(s);
        let s = "Working out what you need to do is the hard part, and you don't have to do it tonight.";
        assert!(!super::opens_clause(s, &n(s), "what you need to do is"));
        let s = "Okay, so what you need to do is screenshot everything tonight.";
        assert!(super::opens_clause(s, &n(s), "what you need to do is"));
        let s = "that makes so much sense ❤️ what i'd do is tell the court lady";
        assert!(super::opens_clause(s, &n(s), "what i'd do is"));
    }

    #[test]
    fn asked_for_it_is_no_miss() {
        let asked = format!("{CLIENT}. what would you do?");
        let reply = "that makes so much sense, you don't want anyone to get hurt ❤️ what i'd do is tell the court lady exactly what you just told me - that you don't want to pick.";
        assert!(!flags(reply, &asked).contains(&"advice_without_permission"));
    }
}
