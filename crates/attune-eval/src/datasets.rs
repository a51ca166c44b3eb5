//! What the annotated data sets of `../shared/data` say, in attune's terms: gold labels for the
//! evaluation tasks (DESIGN.md § Evaluation) and the label sets the coder trains on.

use attune_core::{Code, Role, Session, Turn};

/// The data set a session came from, by `meta.source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    AnnoMI,
    ESConv,
    FailedESConv,
    Epitome,
    Other,
}

pub fn source_of(s: &Session) -> Source {
    match s.meta.get("source").and_then(|v| v.as_str()).unwrap_or("") {
        "AnnoMI" => Source::AnnoMI,
        "ESConv" => Source::ESConv,
        "FailedESConv" => Source::FailedESConv,
        x if x.starts_with("EPITOME") => Source::Epitome,
        _ => Source::Other,
    }
}

fn label<'a>(t: &'a Turn, key: &str) -> Option<&'a str> {
    t.labels.get(key).and_then(|v| v.as_str()).filter(|s| *s != "n/a" && !s.is_empty())
}

pub const BEHAVIOUR: [&str; 4] = ["reflection", "question", "therapist_input", "other"];

/// AnnoMI's main behaviour of a therapist turn, as an index into [`BEHAVIOUR`].
pub fn annomi_behaviour(t: &Turn) -> Option<usize> {
    let b = label(t, "main_therapist_behaviour")?;
    BEHAVIOUR.iter().position(|x| *x == b)
}

/// Our code → AnnoMI behaviour (DESIGN.md § Evaluation).
pub fn code_to_behaviour(c: Code) -> usize {
    if c.is_reflection() {
        0
    } else if c.is_question() {
        1
    } else if matches!(c, Code::Advise | Code::Inform) {
        2
    } else {
        3
    }
}

pub const STRATEGY: [&str; 8] = [
    "Question",
    "Restatement or Paraphrasing",
    "Reflection of feelings",
    "Self-disclosure",
    "Affirmation and Reassurance",
    "Providing Suggestions",
    "Information",
    "Others",
];

/// ESConv strategy (FailedESConv's raw variants folded in) as an index into [`STRATEGY`].
pub fn esconv_strategy(t: &Turn) -> Option<usize> {
    let s = label(t, "strategy")?;
    let canon = match s {
        "Questions" => "Question",
        "Other" => "Others",
        "Direct Guidance" => "Providing Suggestions",
        "Approval and Reassurance" => "Affirmation and Reassurance",
        "Restatement" => "Restatement or Paraphrasing",
        x => x,
    };
    STRATEGY.iter().position(|x| *x == canon)
}

/// Our code and `feeling` → ESConv strategy (DESIGN.md § Evaluation).
pub fn code_to_strategy(c: Code, feeling: bool) -> usize {
    use Code::*;
    match c {
        QuestionOpen | QuestionClosed => 0,
        ReflectionSimple | ReflectionComplex => {
            if feeling {
                2
            } else {
                1
            }
        }
        Disclose => 3,
        Affirm | Reassure | Reframe | Minimize => 4,
        Advise => 5,
        Inform => 6,
        Other | Interpret | Confront | Autonomy => 7,
    }
}

pub const MITI: [&str; 11] = [
    "inform", "advise", "confront", "affirm", "autonomy", "disclose", "reflection.simple", "reflection.complex",
    "question.open", "question.closed", "other",
];

/// A sentence's MITI label mapped into [`MITI`] (our code names).
pub fn miti_label(t: &Turn) -> Option<usize> {
    let l = label(t, "miti_label")?;
    let c = match l {
        "Give Information" => "inform",
        "Advise without Permission" | "Advise with Permission" | "Direct" => "advise",
        "Confront" | "Warn" => "confront",
        "Affirm" | "Support" => "affirm",
        "Emphasize Autonomy" => "autonomy",
        "Self-Disclose" => "disclose",
        "Simple Reflection" => "reflection.simple",
        "Complex Reflection" => "reflection.complex",
        "Open Question" => "question.open",
        "Closed Question" => "question.closed",
        _ => "other",
    };
    MITI.iter().position(|x| *x == c)
}

pub fn code_to_miti(c: Code) -> usize {
    MITI.iter().position(|x| *x == c.as_str()).unwrap_or(MITI.len() - 1)
}

/// The codes a labelled therapist turn may carry, for partial-label training; `None` if unlabelled.
/// Also returns the `feeling` label where the data set has one.
pub fn training_codes(src: Source, t: &Turn) -> Option<(Vec<Code>, Option<bool>)> {
    use Code::*;
    if t.role != Role::Therapist {
        return None;
    }
    match src {
        Source::AnnoMI => {
            let b = label(t, "main_therapist_behaviour")?;
            let codes = match b {
                "reflection" => match label(t, "reflection_subtype") {
                    Some("simple") => vec![ReflectionSimple],
                    Some("complex") => vec![ReflectionComplex],
                    _ => vec![ReflectionSimple, ReflectionComplex],
                },
                "question" => match label(t, "question_subtype") {
                    Some("open") => vec![QuestionOpen],
                    Some("closed") => vec![QuestionClosed],
                    _ => vec![QuestionOpen, QuestionClosed],
                },
                "therapist_input" => match label(t, "therapist_input_subtype") {
                    Some("information") => vec![Inform],
                    Some("advice") => vec![Advise],
                    _ => vec![Advise, Inform],
                },
                "other" => vec![Other, Affirm],
                _ => return None,
            };
            Some((codes, None))
        }
        Source::ESConv | Source::FailedESConv => {
            let s = esconv_strategy(t)?;
            Some(match s {
                0 => (vec![QuestionOpen, QuestionClosed], None),
                1 => (vec![ReflectionSimple, ReflectionComplex], Some(false)),
                2 => (vec![ReflectionSimple, ReflectionComplex], Some(true)),
                3 => (vec![Disclose], None),
                4 => (vec![Affirm, Reassure], None),
                5 => (vec![Advise], None),
                6 => (vec![Inform], None),
                _ => (vec![Other], None),
            })
        }
        _ => None,
    }
}

pub const EMPATHY_KEYS: [&str; 3] = ["emotional_reactions", "interpretations", "explorations"];

/// EPITOME level (0/1/2) of one mechanism on a therapist turn.
pub fn empathy_level(t: &Turn, mech: usize) -> Option<usize> {
    let v = t.labels.get(EMPATHY_KEYS[mech])?;
    let n = v.as_u64().or_else(|| v.as_str().and_then(|s| s.parse().ok()))?;
    (n <= 2).then_some(n as usize)
}

/// The text of the client turn a therapist turn answers ("" if none).
pub fn context_of(s: &Session, i: usize) -> &str {
    s.answered_client_turn(i).map(|j| s.turns[j].text.as_str()).unwrap_or("")
}
