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
        // (or denied for all of them at the sentence's head: "Neither fear is being dramatic." after two fears told at
        // 2am; sessions studied, labelled attuned)
        // (not past a "but": "Neither of you is wrong, but you're overreacting")
        let denied_all = n.words.first().is_some_and(|w| matches!(w.as_str(), "neither" | "none" | "nor")) && !n.words.iter().any(|w| w == "but");
        // (a load the listener offers to carry is no label: "Here's the list, in order, so you don't have to hold it all in
        // your head." to a shopkeeper who asked for one; vignettes studied, labelled attuned)
        let held = ph.ends_with("in your head") && ["hold it all", "keep it all", "carry it all", "hold all of it", "keep all of it", "juggle it all"].iter().any(|h| n.has(h));
        if theirs || denied_all || held || owns_the_label(n) || quoted(s, ph) || reported(n, ph) || n.first_of(super::reframing::DISOWNED).is_some() {
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
    .or_else(|| pattern_label(c))
    .or_else(|| diagnosing(c))
    .or_else(|| sent_for_assessment(c))
}

/// Whether the term is the word "diagnosis" itself and the client spoke of their diagnosis ("I was diagnosed with…"): the
/// listener names the client's own news, no label of its own (a named condition, "a recognised condition", still is).
fn block_says_root(c: &TurnCtx, s: &str, term: &str) -> bool {
    // (the label found is the sentence's earliest-listed term: the sentence without its "diagnos…" words must hold no other,
    // "that constant checking can be a sign of hypervigilance, a diagnosis worth exploring")
    let other_term = || {
        let rest: Vec<&str> = s.split_whitespace().filter(|w| !w.to_lowercase().trim_start_matches(|ch: char| !ch.is_alphabetic()).starts_with("diagnos")).collect();
        attune_text::diagnosis::diagnoses(&rest.join(" ")).is_some()
    };
    term.starts_with("diagnos") && c.p.block.iter().any(|&b| c.prep[b].norm.words.iter().any(|w| w.starts_with("diagnos"))) && !other_term()
}

/// The client's reaction sent to be assessed, a label implied without a name ("that pattern tends to point to something
/// more than a hard few months… it's worth getting properly assessed, through your GP or occupational health, so it can
/// be named and treated." to a trainee solicitor who cries in the same cubicle every day; vignettes-fresh91, studied from
/// the forty-seventh session's start, judged 0.51): of the labelled listener replies of attune's own sets that say so, 32
/// are misattuned and none attuned ("She'll be assessed and started on treatment" speaks of someone else). Only after a
/// hardship told, where the client asked nothing.
const ASSESSED: &[&str] = &[
    "get assessed", "getting assessed", "get properly assessed", "getting properly assessed", "get yourself assessed",
    "named and treated", "point to something more", "points to something more",
    // a measure proposed ("Next week I'd like to do a proper screening questionnaire with you, so we know exactly what
    // we're dealing with." to a ferry worker who saw a man go overboard; sessions fresh92, studied from the forty-eighth
    // session's start): 10 labelled listener turns of attune's own sets propose one, all misattuned, and the one attuned
    // turn that names it owns having gone "straight to symptoms and screening tools"
    "screening questionnaire", "screening tool", "screening measure", "proper screening",
];

fn sent_for_assessment(c: &TurnCtx) -> Option<FlagDraft> {
    c.p.norm.first_of(ASSESSED)?;
    // said to the client of the client ("you", "your"; the two phrases that name no one imply them), not asked about
    // someone else ("Has your dad been able to get assessed yet?"), not denied ("I'm not saying you need to get
    // assessed"), not the client's own words given back ("my GP said I should get assessed")
    let to_client = |n: &crate::text::Norm, ph: &str| {
        matches!(ph, "named and treated" | "point to something more" | "points to something more") || n.words.iter().any(|w| super::YOU.contains(&w.as_str()))
    };
    let denied = |n: &crate::text::Norm| n.has("not saying") || n.has("don't need to") || n.has("no need to");
    let (s, ph) = c.p.sents.iter().find_map(|(s, n, _)| {
        n.first_affirmed(ASSESSED).filter(|ph| !s.trim_end().ends_with('?') && to_client(n, ph) && !denied(n)).map(|ph| (*s, ph))
    })?;
    let theirs = c.prep[..c.t].iter().any(|q| q.role == attune_core::Role::Client && q.norm.has(ph));
    if theirs || super::block_asks(c, super::ASKS_HELP) || !super::hardship_told(c.prep, c.t) || super::owns_in_words(&c.p.norm) {
        return None;
    }
    Some(FlagDraft {
        kind: FlagKind::Pathologizing,
        turn: c.t,
        quote: s.to_string(),
        explanation: format!("Sends what the client describes to be assessed (\"{ph}\"), a disorder implied, instead of first understanding it."),
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: true,
    })
}

/// Names for a family's way of loving that make it a pathology ("what you are describing … is a very common pattern in
/// families of gamblers, it is called enabling"; vignettes-fresh73, read once at the thirty-ninth session's end, judged
/// 0.42). Every listener's use in attune's own sets (nine replies) is labelled misattuned; the judge, which reads the
/// rule lists of `attune_text`, is not retrained for a list kept here.
/// (single words: the sentence's words are matched one by one)
const PATTERN_LABELS: &[&str] = &["enabling", "enabler", "enablers", "codependent", "codependency"];

/// Words just before a label that make it someone else's ("Joy says you are enabling him").
/// A naming verb counts too unless the listener names it ("it is called enabling", "what we call enabling").
const SAID_BY: &[&str] = &["says", "said", "told", "tells", "thinks", "accused", "accuses"];
const CALLS: &[&str] = &["calls", "called", "call", "calling"];
const NAMER: &[&str] = &["is", "it's", "its", "was", "be", "we", "i", "that's", "thats", "sometimes", "often", "usually", "professionals"];

/// A pattern label the client did not bring, said as the listener's own.
fn pattern_label(c: &TurnCtx) -> Option<FlagDraft> {
    if c.p.block.is_empty() || c.p.norm.first_of(PATTERN_LABELS).is_none() {
        return None;
    }
    c.p.sents.iter().find_map(|(s, n, _)| {
        let (k, term) = n.words.iter().enumerate().find(|(_, w)| PATTERN_LABELS.contains(&w.as_str()))?;
        // "enabling" as the everyday verb ("what's enabling you to stay home with him") names nothing
        let everyday = term == "enabling" && n.words[k + 1..].iter().take(3).any(|w| w == "to");
        let theirs = c.prep[..c.t].iter().any(|q| q.role == attune_core::Role::Client && q.norm.has(term));
        let before = &n.words[k.saturating_sub(4)..k];
        let said_by = before.iter().enumerate().any(|(i, w)| {
            SAID_BY.contains(&w.as_str()) || (CALLS.contains(&w.as_str()) && !before[..i].last().is_some_and(|b| NAMER.contains(&b.as_str())))
        });
        if everyday || theirs || said_by || quoted(s, term) || n.first_of(super::reframing::DISOWNED).is_some() {
            return None;
        }
        Some(FlagDraft {
            kind: FlagKind::Pathologizing,
            turn: c.t,
            quote: s.to_string(),
            explanation: format!("Names the client's care for someone as a pathology (\"{term}\") instead of understanding what it means to them."),
            severity: Severity::Medium,
            extra_turns: vec![],
            firm: false,
        })
    })
}

/// The phrase as what someone told the client ("…and then being told you're 'too sensitive' on top of it has left you
/// doubting your own reaction" to "My boyfriend says I'm 'too sensitive'…"; vignettes-fresh35, read once in the
/// twenty-fifth session): the reply names what was said to them, it does not say it. Only a phrase that opens on
/// "you" (or chat's "ur"), so the teller's words come just before it.
fn reported(n: &crate::text::Norm, ph: &str) -> bool {
    const TOLD: &[&str] = &["told", "tells", "tell", "telling", "says", "said", "saying", "call", "calls", "called", "calling"];
    let first = ph.split(' ').next().unwrap_or("");
    let len = ph.split(' ').count();
    // any label after a verb of others' labelling ("without being publicly accused of attention-seeking" to a client whose
    // aunt said it; vignettes-fresh3's attuned written reply, flagged by this rule at a judged 0.02)
    // ("called" only where someone else calls it: "what's called attention seeking" is the listener naming it)
    const ACCUSED: &[&str] = &["accused", "accusing", "accuses", "labelled", "labeled", "branded", "called"];
    n.words.windows(len).enumerate().any(|(k, w)| {
        let before = &n.words[k.saturating_sub(3)..k];
        // ("I've told you, you're overreacting" is the listener's own, and so is "what we'd call attention seeking")
        let own = before.iter().any(|b| matches!(b.as_str(), "i" | "i've" | "i'm" | "ive" | "im" | "we" | "we'd" | "i'd"));
        w.join(" ") == ph
            && !own
            && (((first.starts_with("you") || first == "ur" || first == "u") && n.words[k.saturating_sub(2)..k].iter().any(|b| TOLD.contains(&b.as_str())))
                || before.iter().enumerate().any(|(i, b)| {
                    ACCUSED.contains(&b.as_str()) && !(b == "called" && n.words[..k.saturating_sub(3) + i].last().is_some_and(|x| NAMER.contains(&x.as_str()) || x == "what's" || x == "whats"))
                }))
    })
}

/// The listener's own label owned in a repair ("I turned ordinary grief into a list of symptoms, and that's not what you
/// came here for."; sessions fresh91, studied from the forty-eighth session's start): what the listener made of it,
/// not a label.
fn owns_the_label(n: &text::Norm) -> bool {
    n.first_of(&["i turned", "i've turned", "i made", "i've made"]).is_some() && n.words.iter().any(|w| w == "into")
}

/// The phrase in quotation marks, named as what others say ("Hearing 'you're being dramatic' from friends can leave you
/// even more alone with it."; vignettes-fresh28, read once in the twenty-third session): the reply names the label,
/// it does not apply it.
fn quoted(s: &str, ph: &str) -> bool {
    text::opens_quotation(&s.to_lowercase().replace('\u{2019}', "'"), ph)
}

/// "Clinical" said of the work, not of the client ("Eat, drink and sit down when you can. My sister swears this is the
/// most important clinical skill there is." in a teacher's letter to a former pupil starting nursing at 41; vignettes
/// studied, labelled attuned and flagged as a label).
fn clinical_work(s: &str, term: &str) -> bool {
    const WORK: &[&str] = &[
        "skill", "skills", "placement", "placements", "setting", "settings", "experience", "practice", "team", "teams", "trial",
        "trials", "work", "role", "roles", "training", "staff", "supervisor", "supervision", "lead", "nurse", "nurses", "years",
        // ("This is your chance to explain your clinical reasoning." to a dentist a patient is suing; vignettes-fresh108,
        // studied from the forty-eighth session's start)
        "reasoning", "judgement", "judgment", "decision", "decisions", "notes", "records", "governance",
    ];
    if term != "clinical" {
        return false;
    }
    let n = crate::text::Norm::new(s);
    n.words.windows(2).any(|w| w[0] == "clinical" && WORK.contains(&w[1].as_str()))
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
        // (by its root too: "A diagnosis like this, a month on…" to a man who wrote "I was diagnosed with Parkinson's disease
        // last month" and asked what to expect; vignettes-fresh120, studied from the forty-ninth session on)
        .filter(|(s, term)| !super::block_says(c, term) && !block_says_root(c, s, term))
        .filter(|(s, term)| !clinical_work(s, term) && !owns_the_label(&text::Norm::new(s)))
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

#[cfg(test)]
mod tests {
    use crate::tests::assess_bundled;
    use crate::types::FlagKind;
    use attune_core::Role;

    const CLIENT: &str = "My son owes money everywhere from the betting. I still give him twenty pounds every week for phone credit and food, even after he took my savings. I don't know what else a mother is supposed to do.";

    fn pathologizing(reply: &str) -> bool {
        assess_bundled(&[(Role::Client, CLIENT), (Role::Therapist, reply)]).flags.iter().any(|f| f.turn == 1 && f.kind == FlagKind::Pathologizing)
    }

    #[test]
    fn a_family_pattern_named_as_pathology_is_flagged() {
        // (the judge read this one 0.18)
        assert!(pathologizing("good evening. what you describe, still giving him money even after, happens in many families of gamblers, it is called enabling. part of you is protecting him and that can keep it going. it is not your fault but it is good to be aware of 🙏"));
    }

    #[test]
    fn a_label_someone_else_put_on_the_client_is_reported_not_said() {
        let n = crate::text::Norm::new("Being in pain at your sister's wedding is hard enough without being publicly accused of attention-seeking.");
        assert!(super::reported(&n, "attention seeking"));
        assert!(!super::reported(&crate::text::Norm::new("Honestly that sounds like attention seeking."), "attention seeking"));
        assert!(!super::reported(&crate::text::Norm::new("It is what we'd called attention seeking."), "attention seeking"));
        assert!(!super::reported(&crate::text::Norm::new("This is what's called attention seeking."), "attention seeking"));
        assert!(super::reported(&crate::text::Norm::new("Your aunt called it attention seeking at the wedding."), "attention seeking"));
    }

    #[test]
    fn the_label_as_someone_elses_word_is_not() {
        let a = assess_bundled(&[
            (Role::Client, "My daughter says I am enabling him. She says I am the reason he never hits bottom."),
            (Role::Therapist, "Hearing your own daughter call it enabling, when to you it's just keeping him fed, must sting."),
        ]);
        assert!(!a.flags.iter().any(|f| f.turn == 1 && f.kind == FlagKind::Pathologizing), "{:?}", a.flags);
        assert!(!pathologizing("Your daughter calls it enabling; to you it is twenty pounds so he can ring his mother."));
        assert!(!pathologizing("The twenty pounds is what's enabling him to ring his mother, and you want him to have that."));
    }
}
