//! Checking single responses (`attune check`, a chatbot's test suite, the server's check endpoint): the
//! JSON Lines input form and the JSON output form, one place for both.

use crate::Pipeline;
use attune_assess::{parse_context, CheckResult};
use attune_core::{Role, Turn};
use rayon::prelude::*;

/// The context of a single check: earlier turns, oldest first, alternating and ending with the
/// supporter's, then the client's message.
pub fn context(earlier: &[String], client: &str) -> Vec<Turn> {
    let n = earlier.len();
    let mut out: Vec<Turn> = earlier
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let role = if (n - 1 - k) % 2 == 0 { Role::Therapist } else { Role::Client };
            Turn::new(role, role.as_str(), t.as_str())
        })
        .collect();
    out.push(Turn::new(Role::Client, "client", client));
    out
}

/// A checked line: the result and the caller's `id`, if the line had one.
pub type Checked = (CheckResult, Option<serde_json::Value>);

/// Checks one JSON line `{"context": [...], "response": "...", "id": ...}`; the error says what is wrong
/// with the line.
pub fn check_line(pipeline: &Pipeline, line: &str) -> Result<Checked, String> {
    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("not valid JSON: {e}"))?;
    let obj = v.as_object().ok_or("expected a JSON object {\"context\": [...], \"response\": \"...\"}")?;
    let response = obj.get("response").ok_or("missing `response`")?.as_str().ok_or("`response` must be a string")?;
    let context = parse_context(obj.get("context").unwrap_or(&serde_json::Value::Null))?;
    Ok((pipeline.check(&context, response), obj.get("id").cloned()))
}

/// One outcome per numbered input line: `None` for a blank line, else the check or why it failed.
pub type LineResult = (usize, Option<Result<Checked, String>>);

/// Checks numbered lines in parallel, keeping their order.
pub fn check_lines(pipeline: &Pipeline, lines: Vec<(usize, std::io::Result<String>)>) -> Vec<LineResult> {
    lines
        .into_par_iter()
        .map(|(lineno, line)| {
            let line = match line {
                Ok(l) => l,
                Err(e) => return (lineno, Some(Err(format!("cannot read the line: {e}")))),
            };
            let l = line.trim().trim_start_matches('\u{feff}');
            if l.is_empty() {
                return (lineno, None);
            }
            (lineno, Some(check_line(pipeline, l)))
        })
        .collect()
}

/// The JSON form of a result (one line of `attune check --jsonl`'s output).
pub fn to_json(r: &CheckResult, line: Option<usize>, id: Option<serde_json::Value>) -> serde_json::Value {
    let flags: Vec<serde_json::Value> = r
        .flags
        .iter()
        .map(|f| {
            serde_json::json!({
                "kind": f.kind,
                "severity": f.severity,
                "quote": f.quote,
                "explanation": f.explanation,
                "alternative": f.alternative,
            })
        })
        .collect();
    let mut v = serde_json::json!({
        "code": r.code,
        "confidence": r.confidence,
        "feeling": r.feeling,
        "flags": flags,
        "empathy": r.empathy,
        "score": (r.score * 10.0).round() / 10.0,
        "evidence": r.evidence,
    });
    if let Some(a) = &r.client_affect {
        v["client_emotion"] = serde_json::json!({"emotion": a.emotion, "intensity": a.intensity, "distress": a.distress, "hardship": a.hardship, "act": a.act});
    }
    if let Some(p) = r.p_misattuned {
        v["p_misattuned"] = serde_json::json!((p * 1000.0).round() / 1000.0);
    }
    if let Some(k) = &r.likely_kind {
        v["likely_kind"] = k.clone().into();
    }
    if let Some(l) = &r.language {
        v["language"] = l.clone().into();
    }
    if let Some(l) = line {
        v["line"] = l.into();
    }
    if let Some(id) = id {
        v["id"] = id;
    }
    v
}
