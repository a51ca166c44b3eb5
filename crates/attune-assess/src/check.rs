//! Checking one response against its context (`attune check`, `POST /api/check`).
use crate::config::AssessConfig;
use crate::types::{CheckResult, Severity};
use attune_core::{Code, Role, Session, Turn};
use attune_text::Coder;

/// Codes `response` as a therapist turn answering `context` (turns in order; the last is usually the client's)
/// and returns its code, flags (each with an example alternative), empathy levels and a 0..100 score.
///
/// Score: 60 base; + 20 if the response reflects or validates (code or `feeling`) and has no flag, + 5 per empathy level
/// (EPITOME, 0..6); − 30/20/10 per high/medium/low flag; clamped to 0..100.
pub fn check_response(context: &[Turn], response: &str, coder: &Coder) -> CheckResult {
    let mut s = Session::new("check");
    s.turns.extend(context.iter().cloned());
    let mut t = Turn::new(Role::Therapist, "response", response);
    t.start = None;
    s.turns.push(t);
    let coded = coder.code_session(&s);
    let last = s.turns.len() - 1;
    let a = crate::assess(&coded, &AssessConfig::default());
    let coding = coded.turns[last].coding.clone().unwrap_or(attune_core::TurnCoding {
        code: Code::Other,
        feeling: false,
        permission: false,
        confidence: 0.0,
        evidence: vec![],
        empathy: Default::default(),
        sentences: vec![],
    });
    let flags: Vec<_> = a.flags.into_iter().filter(|f| f.turn == last).collect();
    let prep = crate::assess::prepare(&coded);
    let attuning = prep[last].attuning;
    let mut score = 60.0;
    let mut evidence = coding.evidence.clone();
    if attuning && flags.is_empty() {
        score += 20.0;
        evidence.push("+20 reflects or validates the client's experience".into());
    }
    let emp = coding.empathy.total() as f64;
    if emp > 0.0 {
        score += 5.0 * emp;
        evidence.push(format!("+{} empathy levels (reactions {}, interpretations {}, explorations {})", 5.0 * emp, coding.empathy.reactions, coding.empathy.interpretations, coding.empathy.explorations));
    }
    for f in &flags {
        let pen = match f.severity {
            Severity::High => 30.0,
            Severity::Medium => 20.0,
            Severity::Low => 10.0,
        };
        score -= pen;
        evidence.push(format!("-{pen} {} ({:?})", f.kind, f.severity).to_lowercase());
    }
    if !attuning && flags.is_empty() && matches!(coding.code, Code::QuestionOpen) {
        evidence.push("open question: invites the client to say more".into());
    }
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
    }
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
