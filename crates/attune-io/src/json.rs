//! attune JSON (one [`Session`], or an array of them) and JSON Lines (attune sessions or the normalized
//! `../shared/data` form).

use crate::build::{Ctx, assign_roles, id_from_label, role_from_name};
use attune_core::{IngestError, Role, Session, Turn};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// One line of the normalized data form (or an attune session written as a line).
#[derive(Deserialize)]
struct Row {
    #[serde(default)]
    schema: Option<String>,
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    split: Option<String>,
    #[serde(default)]
    meta: BTreeMap<String, Value>,
    #[serde(default)]
    roles_inferred: bool,
    turns: Vec<RowTurn>,
}

#[derive(Deserialize)]
struct RowTurn {
    speaker: String,
    #[serde(default)]
    role: Option<Role>,
    text: String,
    #[serde(default)]
    start_s: Option<f64>,
    #[serde(default)]
    end_s: Option<f64>,
    #[serde(default)]
    start: Option<f64>,
    #[serde(default)]
    end: Option<f64>,
    #[serde(default)]
    labels: BTreeMap<String, Value>,
    #[serde(default)]
    utterance_id: Option<Value>,
    #[serde(default)]
    source_line: Option<usize>,
}

fn json_err(label: &str, line_base: usize, e: &serde_json::Error, what: &str) -> IngestError {
    // serde_json counts lines from 1 within the parsed text.
    let line = if e.line() > 0 { line_base + e.line() - 1 } else { line_base };
    let msg = if e.is_eof() {
        format!("{what} ends early (truncated?): {e}")
    } else if e.is_syntax() {
        format!("invalid JSON in {what}: {e}")
    } else {
        format!("{what} does not have the expected shape: {e}")
    };
    IngestError::new(label, Some(line), msg)
}

fn row_to_session(row: Row, label: &str, line: usize) -> Result<Session, IngestError> {
    let id = match row.id {
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(IngestError::new(label, Some(line), format!("`id` must be a string, found {other}"))
                .with_hint("write the conversation id as a JSON string"));
        }
        None => format!("{}-{line}", id_from_label(label)),
    };
    let attune_form = row.schema.is_some();
    if let Some(schema) = &row.schema
        && !schema.starts_with("attune.session/1") {
            return Err(IngestError::new(label, Some(line), format!("schema `{schema}` is not supported"))
                .with_hint("this attune reads attune.session/1; upgrade attune or re-export the file"));
        }
    let mut s = Session::new(id);
    s.meta = row.meta;
    s.roles_inferred = row.roles_inferred;
    if attune_form {
        s.source = row.source;
    } else {
        if let Some(src) = row.source {
            s.meta.insert("source".into(), Value::String(src));
        }
        s.source = Some(label.to_string());
    }
    if let Some(split) = row.split {
        s.meta.insert("split".into(), Value::String(split));
    }
    s.turns.reserve(row.turns.len());
    for (k, t) in row.turns.into_iter().enumerate() {
        let role = match t.role {
            Some(r) => r,
            None => match role_from_name(&t.speaker) {
                Some(r) => r,
                None if t.speaker.eq_ignore_ascii_case("other") => Role::Other,
                None => {
                    return Err(IngestError::new(
                        label,
                        Some(line),
                        format!("turn {} has unknown speaker `{}`", k + 1, t.speaker),
                    )
                    .with_hint("in normalized JSON Lines `speaker` must be \"therapist\" or \"client\" (or give each turn a \"role\")"));
                }
            },
        };
        let start = t.start_s.or(t.start);
        let end = t.end_s.or(t.end);
        for (name, v) in [("start", start), ("end", end)] {
            if let Some(v) = v
                && !(v.is_finite() && v >= 0.0) {
                    return Err(IngestError::new(label, Some(line), format!("turn {} has a negative {name} time ({v})", k + 1))
                        .with_hint("times are seconds from the session start"));
                }
        }
        if let (Some(a), Some(b)) = (start, end)
            && b < a {
                return Err(IngestError::new(
                    label,
                    Some(line),
                    format!("turn {} timestamps run backwards: ends at {b} s before it starts at {a} s", k + 1),
                )
                .with_hint("fix the turn's end time"));
            }
        let mut turn = Turn::new(role, t.speaker, t.text).with_times(start, end);
        turn.labels = t.labels;
        if let Some(u) = t.utterance_id {
            turn.labels.entry("utterance_id".into()).or_insert(u);
        }
        turn.source_line = t.source_line.or(if attune_form { None } else { Some(line) });
        s.turns.push(turn);
    }
    Ok(s)
}

/// Reads JSON Lines: one conversation per line, either the normalized form of `../shared/data`
/// (`{"id","source","split","meta","turns":[{"speaker":"therapist"|"client","text","start_s"?,"labels"}]}`)
/// or attune sessions as written by [`crate::write_jsonl`]. Blank lines are skipped. With
/// `split_filter`, only conversations whose `split` equals it are returned (every line is still checked).
/// A bad line is an error naming its line number.
pub fn read_jsonl_str(text: &str, label: &str, split_filter: Option<&str>) -> Result<Vec<Session>, IngestError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut out = Vec::new();
    let mut any = false;
    for (i, raw) in text.split('\n').enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        any = true;
        if let Some(s) = read_jsonl_line(raw, label, i + 1, split_filter)? {
            out.push(s);
        }
    }
    if !any {
        return Err(IngestError::new(label, None, "the file has no conversations (only blank lines)"));
    }
    Ok(out)
}

/// Reads one line of a JSON Lines file, `line` being its 1-based number in `label` (for callers that
/// split the file themselves, e.g. to parallelize). `Ok(None)` for a blank line or another split.
pub fn read_jsonl_line(text: &str, label: &str, line: usize, split_filter: Option<&str>) -> Result<Option<Session>, IngestError> {
    let l = text.trim().trim_start_matches('\u{FEFF}');
    if l.is_empty() {
        return Ok(None);
    }
    if !l.starts_with('{') {
        return Err(IngestError::new(label, Some(line), "expected a JSON object (one conversation per line)")
            .with_hint("each line of a .jsonl file must be one complete JSON object"));
    }
    let row: Row = serde_json::from_str(l).map_err(|e| json_err(label, line, &e, "this line"))?;
    if let Some(f) = split_filter
        && row.split.as_deref() != Some(f)
    {
        return Ok(None);
    }
    row_to_session(row, label, line).map(Some)
}

/// Reads an attune JSON document: one session, or an array of sessions. With `--therapist`/`--client`
/// the roles are re-assigned by speaker name.
pub(crate) fn read_attune_json(ctx: &mut Ctx, text: &str) -> Result<Vec<Session>, IngestError> {
    let t = text.trim_start_matches('\u{FEFF}').trim_start();
    let lead = text.len() - t.len();
    let base = 1 + text[..lead].matches('\n').count();
    let rows: Vec<Row> = if t.starts_with('[') {
        serde_json::from_str(t).map_err(|e| json_err(ctx.label, base, &e, "the JSON document"))?
    } else {
        vec![serde_json::from_str(t).map_err(|e| json_err(ctx.label, base, &e, "the JSON document"))?]
    };
    if rows.is_empty() {
        return Err(ctx.err(None, "the JSON array holds no sessions"));
    }
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut s = row_to_session(row, ctx.label, base)?;
        if s.turns.is_empty() {
            return Err(ctx.err(None, format!("session `{}` has no turns", s.id)));
        }
        if s.source.is_none() {
            s.source = Some(ctx.label.to_string());
        }
        if ctx.opts.therapist.is_some() || ctx.opts.client.is_some() {
            s.roles_inferred = false;
            s.meta.remove("role_inference");
            assign_roles(ctx, &mut s)?;
        }
        out.push(s);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ReadOptions;

    const SAMPLE: &str = r#"{"id": "annomi-0", "source": "AnnoMI", "split": "train", "meta": {"mi_quality": "high"}, "turns": [{"speaker": "therapist", "text": "Is it okay if I take a look?", "start_s": 13.0, "utterance_id": 0, "labels": {"main_therapist_behaviour": "question"}}, {"speaker": "client", "text": "Sure.", "start_s": 20.0, "labels": {"client_talk_type": "neutral"}}]}

{"id": "esconv-1", "source": "ESConv", "split": "dev", "meta": {}, "turns": [{"speaker": "client", "text": "Hey", "labels": {}}, {"speaker": "therapist", "text": "Hi, how are you?", "labels": {"strategy": "Question"}}]}
"#;

    #[test]
    fn reads_normalized_lines() {
        let v = read_jsonl_str(SAMPLE, "d.jsonl", None).unwrap();
        assert_eq!(v.len(), 2);
        let s = &v[0];
        assert_eq!(s.id, "annomi-0");
        assert_eq!(s.meta["source"], "AnnoMI");
        assert_eq!(s.meta["split"], "train");
        assert_eq!(s.meta["mi_quality"], "high");
        assert_eq!(s.turns[0].role, Role::Therapist);
        assert_eq!(s.turns[0].start, Some(13.0));
        assert_eq!(s.turns[0].labels["main_therapist_behaviour"], "question");
        assert_eq!(s.turns[0].labels["utterance_id"], 0);
        assert_eq!(s.turns[1].role, Role::Client);
        assert_eq!(v[1].turns[1].source_line, Some(3));
        let one = read_jsonl_line(SAMPLE.lines().nth(2).unwrap_or(""), "d.jsonl", 42, None).unwrap().unwrap();
        assert_eq!(one.turns[0].source_line, Some(42));
        let e = read_jsonl_line("{\"id\": 1", "d.jsonl", 42, None).unwrap_err();
        assert!(e.to_string().starts_with("d.jsonl:42:"), "{e}");
        assert!(read_jsonl_line(SAMPLE.lines().next().unwrap_or(""), "d.jsonl", 1, Some("dev")).unwrap().is_none());
        let dev = read_jsonl_str(SAMPLE, "d.jsonl", Some("dev")).unwrap();
        assert_eq!(dev.len(), 1);
        assert_eq!(dev[0].id, "esconv-1");
    }

    #[test]
    fn bad_lines_name_their_line() {
        let bad = SAMPLE.replace("\"Hey\"", "\"Hey");
        let e = read_jsonl_str(&bad, "d.jsonl", None).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.to_string().starts_with("d.jsonl:3:"), "{e}");
        let e = read_jsonl_str(&SAMPLE.replace("\"client\", \"text\": \"Hey\"", "\"nurse\", \"text\": \"Hey\""), "d.jsonl", None)
            .unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("nurse"));
        let e = read_jsonl_str("{\"id\":\"x\"}", "d.jsonl", None).unwrap_err();
        assert!(e.message.contains("turns"), "{e}");
        let trunc = &SAMPLE[..60];
        let e = read_jsonl_str(trunc, "d.jsonl", None).unwrap_err();
        assert!(e.message.contains("truncated"), "{e}");
        assert!(read_jsonl_str("\n\n", "d.jsonl", None).is_err());
        let e = read_jsonl_str("WEBVTT\n", "d.jsonl", None).unwrap_err();
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn attune_json_array_and_role_override() {
        let mut a = Session::new("one");
        a.turns.push(Turn::new(Role::Therapist, "Dr Lee", "How are you?"));
        a.turns.push(Turn::new(Role::Client, "Sam", "Tired."));
        let doc = format!("[{}]", a.to_json().unwrap());
        let opts = ReadOptions { therapist: Some("sam".into()), ..Default::default() };
        let mut ctx = Ctx::new("x.json", &opts);
        let v = read_attune_json(&mut ctx, &doc).unwrap();
        assert_eq!(v[0].turns[1].role, Role::Therapist);
        assert_eq!(v[0].turns[0].role, Role::Client);
        let mut ctx = Ctx::new("x.json", &opts);
        let e = read_attune_json(&mut ctx, "{\n  \"id\": \"x\",\n  \"turns\": [\n    {\"speaker\": 3}\n  ]\n}").unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
    }
}
