//! Checking one response against its context (`attune check`, `POST /api/check`).
use crate::config::AssessConfig;
use crate::types::{CheckResult, Severity};
use attune_core::{Code, Role, Session, Turn};
use attune_text::Coder;

/// Codes `response` as a therapist turn answering `context` (turns in order; the last is usually the client's)
/// and returns its code, flags (each with an example alternative), empathy levels and a 0..100 score.
///
/// Score: 100 × (1 − the learned probability that the response is misattuned to this client), the same
/// judgement whose calibrated threshold raises the flags (attune-judge).
pub fn check_response(context: &[Turn], response: &str, coder: &Coder) -> CheckResult {
    // a reply that opens by quoting the message it answers ("> My dog died on Saturday…" then the reply), as forum and
    // email replies do, brings its own context: the quote is read as the client's turn (the twenty-fifth session's helper
    // vignettes wrote such replies with no context; read as the reply's own words, a quoted "i'm gonna drop out" was
    // taken for advice)
    if context.is_empty() {
        if let Some((quoted, rest)) = quoted_post(response) {
            let mut r = check_response(&[Turn::new(Role::Client, "client", &quoted)], &rest, coder);
            r.evidence.insert(0, "opens by quoting the message it answers (\"> …\"): the quote is read as the client's turn".into());
            return r;
        }
    }
    let mut s = Session::new("check");
    s.turns.extend(context.iter().cloned());
    let mut t = Turn::new(Role::Therapist, "response", response);
    t.start = None;
    s.turns.push(t);
    let coded = coder.code_session(&s);
    let last = s.turns.len() - 1;
    let cfg = AssessConfig::default();
    // one preparation and one judgement of every turn serve the flags, the score and the evidence
    let prep = crate::assess::prepare_judged(&coded, &cfg);
    let coding = coded.turns[last].coding.clone().unwrap_or(attune_core::TurnCoding {
        code: Code::Other,
        feeling: false,
        permission: false,
        confidence: 0.0,
        evidence: vec![],
        empathy: Default::default(),
        sentences: vec![],
    });
    let register = attune_text::register_of(&coded.session);
    let (all, _) = crate::assess::flags_and_markers(&coded, &prep, &cfg, register == attune_text::Register::Spoken, register == attune_text::Register::Chat);
    let mut flags: Vec<_> = all.into_iter().filter(|f| f.turn == last).collect();
    // attune reads English only: a flag on a reply or a client turn in another language would be a guess, and its
    // alternative would echo the client's words into English grammar
    let client_text = context.iter().rev().find(|t| t.role == Role::Client).map_or("", |t| t.text.as_str());
    let language = attune_text::lang::other_language(response).or_else(|| attune_text::lang::other_language(client_text)).map(str::to_string);
    if language.is_some() {
        flags.clear();
    }
    let attuning = prep[last].attuning;
    let mut evidence = coding.evidence.clone();
    if let Some(l) = &language {
        evidence.push(format!("not in English ({l}): attune reads English only, so no flag is raised and the score is a guess"));
    }
    let judgement = prep[last].judgement.clone();
    let score = match &judgement {
        // one judgement orders responses and raises flags: the score is 100 × (1 − p(misattuned))
        Some(j) => {
            evidence.push(format!(
                "judged {:.0} % likely misattuned (flag threshold {:.0} %){}",
                100.0 * j.p_misattuned,
                100.0 * crate::assess::judge_threshold(!prep[last].block.is_empty()).unwrap_or(0.5),
                if j.p_misattuned >= 0.5 { format!("; most like {}", j.kind.as_str()) } else { String::new() }
            ));
            if j.advice_floor {
                evidence.push(format!(
                    "gives advice without asking and there is no client turn: MITI codes it non-adherent, so it is judged at least {:.0} % likely misattuned",
                    100.0 * attune_judge::UNASKED_ADVICE_FLOOR
                ));
            }
            let reasons = crate::assess::judge_reasons(&prep, last, &cfg, 4);
            if !reasons.is_empty() {
                let r: Vec<String> = reasons.iter().map(|(n, w)| format!("{n} {}{w:.2}", if *w >= 0.0 { "+" } else { "" })).collect();
                evidence.push(format!("strongest signals (+ toward misattuned): {}", r.join(", ")));
            }
            j.score()
        }
        None => legacy_score(attuning, &flags, &coding, &mut evidence),
    };
    // a response that raises a flag scores no higher than one the judge itself flags: a rule flag stands where the judge
    // read the words as calm ("You need to tell your sister no." scored 61 with its flag), and a flagged reply scored
    // above an unflagged one to the same client misorders them (helper-written vignette pairs, attuned scored higher:
    // 2,340 → 2,343 of 2,346; dev exchanges-empathy 0.027 → 0.025)
    let score = if flags.is_empty() {
        score
    } else {
        score.min(100.0 * (1.0 - crate::assess::judge_threshold(!prep[last].block.is_empty()).unwrap_or(0.5) as f64))
    };
    let client_affect = prep[..last].iter().rev().find(|p| p.role == Role::Client).map(|p| p.affect.clone());
    CheckResult {
        code: coding.code,
        confidence: coding.confidence,
        feeling: coding.feeling,
        flags,
        empathy: coding.empathy,
        score: f64::clamp(score, 0.0, 100.0),
        evidence,
        client_affect,
        p_misattuned: judgement.as_ref().map(|j| j.p_misattuned),
        likely_kind: judgement.as_ref().filter(|j| j.p_misattuned >= 0.5).map(|j| j.kind.as_str().to_string()),
        language,
    }
}

/// A reply that opens with quoted lines ("> …", as forum and email replies quote the post they answer), split into the
/// quoted text (its quotation marks taken off) and the rest; `None` unless both are there.
pub(crate) fn quoted_post(response: &str) -> Option<(String, String)> {
    let lines: Vec<&str> = response.trim_start().lines().collect();
    let quoted: Vec<&str> = lines.iter().take_while(|l| l.trim_start().starts_with('>')).map(|l| l.trim_start()[1..].trim()).collect();
    if quoted.is_empty() {
        return None;
    }
    let rest = lines[quoted.len()..].join("\n").trim().to_string();
    let q = quoted.join(" ");
    let q = q.trim().trim_matches(|c| matches!(c, '"' | '\u{201c}' | '\u{201d}' | '\'')).trim().to_string();
    (!q.is_empty() && !rest.is_empty()).then_some((q, rest))
}

/// The rule-based score, used only when no judge model is available: 60 base; + 20 if the response reflects
/// or validates and has no flag, + 5 per empathy level; − 30/20/10 per high/medium/low flag.
fn legacy_score(attuning: bool, flags: &[crate::types::Flag], coding: &attune_core::TurnCoding, evidence: &mut Vec<String>) -> f64 {
    let mut score = 60.0;
    if attuning && flags.is_empty() {
        score += 20.0;
        evidence.push("+20 reflects or validates the client's experience".into());
    }
    let emp = coding.empathy.total() as f64;
    if emp > 0.0 {
        score += 5.0 * emp;
    }
    for f in flags {
        score -= match f.severity {
            Severity::High => 30.0,
            Severity::Medium => 20.0,
            Severity::Low => 10.0,
        };
    }
    score
}

fn role_of(s: &str) -> Option<Role> {
    match s.trim().to_ascii_lowercase().as_str() {
        "client" | "user" | "seeker" | "patient" | "speaker" | "human" | "usr" | "help_seeker" => Some(Role::Client),
        "therapist" | "assistant" | "bot" | "supporter" | "counselor" | "counsellor" | "listener" | "system" | "ai"
        | "model" | "helper" | "sys" => Some(Role::Therapist),
        "other" => Some(Role::Other),
        _ => None,
    }
}

/// Parses a `context` value: a list of strings (alternating, the last one the client's) or of objects
/// `{"speaker"|"role": ..., "text"|"content": ...}`. Errors say what is wrong with which item.
pub fn parse_context(v: &serde_json::Value) -> Result<Vec<Turn>, String> {
    let arr = match v {
        serde_json::Value::Null => return Ok(vec![]),
        serde_json::Value::String(s) => return Ok(vec![Turn::new(Role::Client, "client", s.as_str())]),
        serde_json::Value::Array(a) => a,
        _ => return Err("`context` must be a list of strings or of {speaker|role, text} objects".into()),
    };
    let n = arr.len();
    let mut out = Vec::with_capacity(n);
    for (k, item) in arr.iter().enumerate() {
        match item {
            serde_json::Value::String(s) => {
                // alternate backwards from the last item, which is the client's
                let role = if (n - 1 - k) % 2 == 0 { Role::Client } else { Role::Therapist };
                out.push(Turn::new(role, role.as_str(), s.as_str()));
            }
            serde_json::Value::Object(o) => {
                let who = o.get("role").or_else(|| o.get("speaker")).and_then(|x| x.as_str());
                let text = o.get("text").or_else(|| o.get("content")).and_then(|x| x.as_str());
                let Some(text) = text else {
                    return Err(format!("context[{k}] has no string `text`"));
                };
                let role = match who {
                    Some(w) => role_of(w).ok_or_else(|| {
                        format!("context[{k}]: unknown speaker `{w}` (use client/user/seeker or therapist/assistant/supporter)")
                    })?,
                    None => {
                        if (n - 1 - k) % 2 == 0 { Role::Client } else { Role::Therapist }
                    }
                };
                out.push(Turn::new(role, who.unwrap_or(role.as_str()), text));
            }
            _ => return Err(format!("context[{k}] must be a string or an object")),
        }
    }
    Ok(out)
}
