//! Pathologizing: labelling the client's reaction as disorder, irrational or wrong. The dismissive phrases
//! ("you're overreacting") are always a flag; a clinical label put on what the client describes ("What you're
//! describing is consistent with PTSD", `attune_text::diagnosis`) is one where the judge also leans toward a miss,
//! for naming a condition can be psychoeducation the client asked for.

use super::{FlagDraft, TurnCtx};
use crate::assess::judge_threshold;
use crate::text;
use crate::types::{FlagKind, Severity};

pub(super) fn check(c: &TurnCtx, _earlier: &[FlagDraft]) -> Option<FlagDraft> {
    c.p.sents.iter().find_map(|(s, n, _)| {
        let ph = n.first_affirmed(text::PATHOLOGIZE)?;
        // the client's own word given back ("swinging between 'maybe I'm being dramatic' and…") reflects, it
        // does not label
        // (or earlier: "my mom keeps saying im too sensitive", two client turns back, then "what's it like when she says ur
        // too sensitive?" in a repair; vignettes-fresh38, read once in the twenty-fifth session)
        let theirs = c.prep[..c.t].iter().any(|q| q.role == attune_core::Role::Client && q.norm.has(ph));
        // (and a label disowned in the same sentence is none: "I'm not going to tell you that means you shouldn't feel
        // behind — the feeling sounds very real"; vignettes-fresh58, read once in the twenty-ninth session)
        if theirs || quoted(s, ph) || reported(n, ph) || n.first_of(super::reframing::DISOWNED).is_some() {
            return None;
        }
        let mild = ph.contains("feel") || ph.starts_with("no reason");
        Some(FlagDraft {
            kind: FlagKind::Pathologizing,
            turn: c.t,
            quote: s.to_string(),
            explanation: format!(
                "Labels the client's reaction as disorder, irrational or wrong (\"{ph}\") instead of understanding it as a meaningful response."
            ),
            severity: if mild { Severity::Medium } else { Severity::High },
            extra_turns: vec![],
            firm: false,
        })
    })
    .or_else(|| diagnosing(c))
}

/// The phrase as what someone told the client ("…and then being told you're 'too sensitive' on top of it has left you
/// doubting your own reaction" to "My boyfriend says I'm 'too sensitive'…"; vignettes-fresh35, read once in the
/// twenty-fifth session): the reply names what was said to them, it does not say it. Only a phrase that opens on
/// "you" (or chat's "ur"), so the teller's words come just before it.
fn reported(n: &crate::text::Norm, ph: &str) -> bool {
    const TOLD: &[&str] = &["told", "tells", "tell", "telling", "says", "said", "saying", "call", "calls", "called", "calling"];
    let first = ph.split(' ').next().unwrap_or("");
    let len = ph.split(' ').count();
    n.words.windows(len).enumerate().any(|(k, w)| {
        let before = &n.words[k.saturating_sub(3)..k];
        // ("I've told you, you're overreacting" is the listener's own)
        w.join(" ") == ph
            && (first.starts_with("you") || first == "ur" || first == "u")
            && n.words[k.saturating_sub(2)..k].iter().any(|b| TOLD.contains(&b.as_str()))
            && !before.iter().any(|b| matches!(b.as_str(), "i" | "i've" | "i'm" | "ive" | "im"))
    })
}

/// The phrase in quotation marks, named as what others say ("Hearing 'you're being dramatic' from friends can leave you
/// even more alone with it."; vignettes-fresh28, read once in the twenty-third session): the reply names the label,
/// it does not apply it.
fn quoted(s: &str, ph: &str) -> bool {
    text::opens_quotation(&s.to_lowercase().replace('\u{2019}', "'"), ph)
}

/// A clinical label the client did not bring, said without asking ("can I share something?") and where the judge
/// leans toward a miss: on our vignettes such replies were named premature fixing, for the coder reads them as
/// interpretation.
fn diagnosing(c: &TurnCtx) -> Option<FlagDraft> {
    let j = c.p.judgement.as_ref()?;
    // the turn's scan already says whether any sentence diagnoses; only then are the sentences read one by one
    let h = attune_text::rules::scan(c.p.text);
    if h.permission || h.diagnosis.is_none() {
        return None;
    }
    // a term the client brought ("my GP thinks it's depression") is theirs to explore, not a label put on them
    let labels: Vec<(&str, &str)> = c
        .p
        .sents
        .iter()
        .filter_map(|(s, _, _)| attune_text::diagnosis::diagnoses(s).map(|t| (*s, t)))
        .filter(|(_, term)| !c.p.block.iter().any(|&b| c.prep[b].norm.has(term)))
        .collect();
    // two sentences of labels make a formulation the client did not ask for, however warm the words around them (a
    // long, kind email that reads the client's message as "recognised symptoms" and sends a questionnaire; fresh21,
    // studied): the judge, which reads length as care, gave it 0.20
    let threshold = judge_threshold(!c.p.block.is_empty()).unwrap_or(0.5);
    let asked = c.p.block.iter().any(|&b| c.prep[b].text.contains('?'));
    if j.p_misattuned < threshold - c.cfg.rule_margin && (labels.len() < 2 || asked) {
        return None;
    }
    // a pattern the client asked about, named and handed back (see `names_what_was_asked`)
    if super::names_what_was_asked(c.p, c.prep, j.p_misattuned) {
        return None;
    }
    labels.first().map(|&(s, term)| FlagDraft {
        kind: FlagKind::Pathologizing,
        turn: c.t,
        quote: s.to_string(),
        explanation: format!(
            "Puts a clinical label (\"{term}\") on what the client describes instead of first understanding what it is like for them."
        ),
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: false,
    })
}
