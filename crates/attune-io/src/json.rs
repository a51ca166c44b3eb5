//! attune JSON (one [`Session`], or an array of them) and JSON Lines (attune sessions or the normalized
//! `../shared/data` form). Also: several JSON values one after another in one file (concatenated JSON,
//! JSON Lines saved as `.json`), read as sessions or as one session's turns, or refused with a message
//! that says what the file holds.

use crate::build::{
    Ctx, Merge, Utt, assign_roles, build_session_with_role_hints, id_from_label, line_of_offset, lines_any, role_from_name,
    squash,
};
use crate::Format;
use crate::timecode::parse_time;
use attune_core::{IngestError, Role, Session, Turn};
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;
use serde_json::value::RawValue;
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
    for (i, raw) in lines_any(text).enumerate() {
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
///
/// Also read: several JSON values one after another (concatenated JSON, or JSON Lines saved as `.json`)
/// when every one is a session, or when every one is a turn (`speaker`/`name`/`role` and `text`, see
/// [`read_turn_objects`]); an array of turn objects. Anything else made of several values is refused with
/// a message saying what the file holds and the line where the second value starts.
pub(crate) fn read_attune_json(ctx: &mut Ctx, text: &str) -> Result<Vec<Session>, IngestError> {
    let values = top_level_values(ctx.label, text)?;
    let Some(&(base, first)) = values.first() else {
        return Err(ctx.err(None, "the file holds no JSON value").with_hint("export the transcript again"));
    };
    if values.len() > 1 {
        return read_several(ctx, &values, false);
    }
    let t = first.get();
    let rows: Vec<Row> = if t.starts_with('[') {
        let items: Vec<&RawValue> =
            serde_json::from_str(t).map_err(|e| json_err(ctx.label, base, &e, "the JSON document"))?;
        if !items.is_empty() && items.iter().all(|v| shape_of(v) == Shape::Turn) {
            let lines: Vec<(usize, &RawValue)> = items.iter().map(|v| (line_in(text, v), *v)).collect();
            return read_turn_objects(ctx, &lines).map(|s| vec![s]);
        }
        serde_json::from_str(t).map_err(|e| json_err(ctx.label, base, &e, "the JSON document"))?
    } else {
        if shape_of(first) == Shape::Turn {
            return read_turn_objects(ctx, &values).map(|s| vec![s]);
        }
        vec![serde_json::from_str(t).map_err(|e| json_err(ctx.label, base, &e, "the JSON document"))?]
    };
    if rows.is_empty() {
        return Err(ctx.err(None, "the JSON array holds no sessions"));
    }
    rows_to_sessions(ctx, rows.into_iter().map(|r| (base, r)).collect())
}

fn rows_to_sessions(ctx: &mut Ctx, rows: Vec<(usize, Row)>) -> Result<Vec<Session>, IngestError> {
    let mut out = Vec::with_capacity(rows.len());
    for (line, row) in rows {
        let mut s = row_to_session(row, ctx.label, line)?;
        if s.turns.is_empty() {
            return Err(ctx
                .err(Some(line), format!("session `{}` has no turns", s.id))
                .with_hint("a session needs at least one turn with a `speaker` and a `text`"));
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

/// The top-level JSON values of `text`, one after another, each with the line where it starts.
fn top_level_values<'a>(label: &str, text: &'a str) -> Result<Vec<(usize, &'a RawValue)>, IngestError> {
    let t = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut out = Vec::new();
    for v in serde_json::Deserializer::from_str(t).into_iter::<&RawValue>() {
        let v = v.map_err(|e| {
            let what = if out.is_empty() { "the JSON document" } else { "the JSON value after the first" };
            json_err(label, 1, &e, what)
        })?;
        out.push((line_in(text, v), v));
    }
    Ok(out)
}

/// 1-based line in `text` where `part` (a slice of it) begins.
fn line_in(text: &str, part: &RawValue) -> usize {
    let off = (part.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize).min(text.len());
    line_of_offset(text.as_bytes(), off)
}

const SPEAKER_KEYS: &[&str] = &["speaker", "speaker_name", "name", "who", "participant", "role"];
const TEXT_KEYS: &[&str] = &["text", "utterance", "content", "transcript", "message"];
const START_KEYS: &[&str] = &["start", "start_s", "start_time", "begin"];
const END_KEYS: &[&str] = &["end", "end_s", "end_time", "stop"];

#[derive(Debug, Clone, PartialEq)]
enum Shape {
    /// An object with `turns`: a session (attune or normalized form).
    Session,
    /// An object with a speaker (or role) and a text, and no `turns`: one turn.
    Turn,
    /// An object of another kind, with these keys.
    Object(Vec<String>),
    /// An array.
    Array,
    /// A string, number, boolean or null.
    Scalar,
}

fn shape_of(v: &RawValue) -> Shape {
    let t = v.get();
    if t.starts_with('[') {
        return Shape::Array;
    }
    if !t.starts_with('{') {
        return Shape::Scalar;
    }
    let keys: Vec<String> = match serde_json::from_str::<BTreeMap<String, IgnoredAny>>(t) {
        Ok(m) => m.into_keys().collect(),
        Err(_) => return Shape::Object(Vec::new()),
    };
    let has = |names: &[&str]| keys.iter().any(|k| names.contains(&k.as_str()));
    if has(&["turns"]) {
        Shape::Session
    } else if has(SPEAKER_KEYS) && has(TEXT_KEYS) {
        Shape::Turn
    } else {
        Shape::Object(keys)
    }
}

/// Several values one after another: sessions are read as sessions, turns as one session's turns;
/// anything else is refused, saying what the file holds. `jsonl`: the file was read as JSON Lines, where
/// values one after another are the norm (no warning about turns, another hint).
fn read_several(ctx: &mut Ctx, values: &[(usize, &RawValue)], jsonl: bool) -> Result<Vec<Session>, IngestError> {
    let n = values.len();
    let second = values[1].0;
    let shapes: Vec<Shape> = values.iter().map(|(_, v)| shape_of(v)).collect();
    if shapes.iter().all(|s| *s == Shape::Session) {
        let mut rows = Vec::with_capacity(n);
        for &(line, v) in values {
            let row: Row = serde_json::from_str(v.get()).map_err(|e| json_err(ctx.label, line, &e, "this session"))?;
            rows.push((line, row));
        }
        return rows_to_sessions(ctx, rows);
    }
    if shapes.iter().all(|s| *s == Shape::Turn) {
        if jsonl {
            return read_turn_objects(ctx, values).map(|s| vec![s]);
        }
        ctx.warn(
            Some(values[0].0),
            format!("the file holds {n} JSON objects one after another, one turn each (JSON Lines); read as the turns of one session"),
        );
        return read_turn_objects(ctx, values).map(|s| vec![s]);
    }
    let count = |f: &dyn Fn(&Shape) -> bool| shapes.iter().filter(|s| f(s)).count();
    let sessions = count(&|s| *s == Shape::Session);
    let turns = count(&|s| *s == Shape::Turn);
    let objects = count(&|s| matches!(s, Shape::Session | Shape::Turn | Shape::Object(_)));
    let kind = if objects == n { "JSON objects" } else { "JSON values" };
    let mut holds = Vec::new();
    if sessions > 0 {
        holds.push(format!("{sessions} session(s) (with `turns`)"));
    }
    if turns > 0 {
        holds.push(format!("{turns} turn(s) (`speaker` and `text`)"));
    }
    if let Some((k, keys)) = shapes.iter().enumerate().find_map(|(k, s)| match s {
        Shape::Object(keys) => Some((k, keys)),
        _ => None,
    }) {
        let shown: Vec<String> = keys.iter().take(8).map(|k| format!("`{k}`")).collect();
        let more = if keys.len() > 8 { ", …" } else { "" };
        holds.push(format!(
            "other objects (the one at line {} has keys {}{more})",
            values[k].0,
            if shown.is_empty() { "none".to_string() } else { shown.join(", ") }
        ));
    }
    let arrays = count(&|s| *s == Shape::Array);
    if arrays > 0 {
        holds.push(format!("{arrays} array(s)"));
    }
    let scalars = count(&|s| *s == Shape::Scalar);
    if scalars > 0 {
        holds.push(format!("{scalars} string(s), number(s) or other plain value(s)"));
    }
    let (not, hint) = if jsonl {
        (
            "neither all conversations nor all turns",
            "each line of a JSON Lines file must be one conversation (with `turns`), or each line one turn (with a \
             `speaker` and a `text`); split the file into one of each kind",
        )
    } else {
        (
            "not one attune session",
            "if each object is one conversation (with `turns`), rename the file .jsonl and write one per line, or put \
             them in one [ … ] array; if each is one turn, give every object a `speaker` and a `text`",
        )
    };
    Err(ctx
        .err(
            Some(second),
            format!(
                "{} holds {n} {kind} one after another (the second starts on this line), {not}: {}",
                ctx.label,
                holds.join(", ")
            ),
        )
        .with_hint(hint))
}

/// A string or number field of a JSON object.
fn field_str(m: &serde_json::Map<String, Value>, keys: &[&str]) -> Option<(String, String)> {
    keys.iter().find_map(|k| match m.get(*k) {
        Some(Value::String(s)) => Some((k.to_string(), s.clone())),
        Some(Value::Number(n)) => Some((k.to_string(), n.to_string())),
        _ => None,
    })
}

/// Turn objects one after another (or in an array) as the turns of one session: the speaker from
/// `speaker`/`speaker_name`/`name`/`who`/`participant` (or `role` when none of those is given), the text
/// from `text`/`utterance`/`content`/`transcript`/`message`, times (seconds or clock strings) from
/// `start`/`start_s`/`start_time`/`begin` and `end`/`end_s`/`end_time`/`stop`. A `role` beside a name
/// says who is the therapist, as a CSV `role` column does. Consecutive turns by one speaker are merged
/// unless `keep_cues`.
pub(crate) fn read_turn_objects(ctx: &mut Ctx, values: &[(usize, &RawValue)]) -> Result<Session, IngestError> {
    let mut utts = Vec::with_capacity(values.len());
    let mut hints: Vec<(Role, String)> = Vec::new();
    for (k, &(line, v)) in values.iter().enumerate() {
        let what = format!("JSON object {} (a turn)", k + 1);
        let m: serde_json::Map<String, Value> = serde_json::from_str(v.get()).map_err(|e| {
            json_err(ctx.label, line, &e, &what)
                .with_hint("every object must be one turn with a `speaker` and a `text`")
        })?;
        let name = field_str(&m, &SPEAKER_KEYS[..SPEAKER_KEYS.len() - 1]);
        let role = field_str(&m, &["role"]);
        let Some((_, speaker)) = name.clone().or_else(|| role.clone()) else {
            return Err(ctx
                .err(Some(line), format!("{what} has no speaker"))
                .with_hint("give every turn a `speaker` (or `name`, or `role`)"));
        };
        let speaker = squash(&speaker);
        let Some((_, text)) = field_str(&m, TEXT_KEYS) else {
            return Err(ctx.err(Some(line), format!("{what} has no `text`")).with_hint("give every turn a `text`"));
        };
        if speaker.is_empty() {
            return Err(ctx.err(Some(line), format!("{what} has an empty speaker")).with_hint("fill in every turn's speaker"));
        }
        if let (Some(_), Some((_, r))) = (&name, &role)
            && let Some(r) = role_from_name(r)
            && !hints.iter().any(|(hr, hn)| *hr == r && *hn == speaker)
        {
            hints.push((r, speaker.clone()));
        }
        let time = |keys: &[&str], which: &str| -> Result<Option<f64>, IngestError> {
            let Some(key) = keys.iter().find(|k| m.get(**k).is_some_and(|v| !v.is_null())) else {
                return Ok(None);
            };
            let v = &m[*key];
            let secs = match v {
                Value::Number(n) => n.as_f64().filter(|x| x.is_finite() && *x >= 0.0),
                Value::String(s) => parse_time(s),
                _ => None,
            };
            secs.map(Some).ok_or_else(|| {
                ctx.err(Some(line), format!("{what}: its {which} time `\"{key}\": {v}` is not a time"))
                    .with_hint("write times as seconds (12.5) or clock times (\"00:00:12.500\")")
            })
        };
        let start = time(START_KEYS, "start")?;
        let end = time(END_KEYS, "end")?;
        utts.push(Utt::new(Some(speaker), squash(&text), start, end, line));
    }
    let merge = if ctx.opts.keep_cues { Merge::Keep } else { Merge::Consecutive };
    build_session_with_role_hints(ctx, utts, &hints, merge, "turns")
}

/// JSON Lines read through [`crate::parse`]: conversations one per line ([`read_jsonl_str`]), or, when
/// the first object is a turn rather than a conversation, turn objects one per line ([`read_turn_objects`]).
pub(crate) fn read_jsonl_any(ctx: &mut Ctx, text: &str) -> Result<Vec<Session>, IngestError> {
    let first = lines_any(text.strip_prefix('\u{FEFF}').unwrap_or(text)).find(|l| !l.trim().is_empty());
    let first_is_turn = first
        .and_then(|l| serde_json::from_str::<&RawValue>(l.trim()).ok())
        .is_some_and(|v| shape_of(v) == Shape::Turn);
    if !first_is_turn {
        return read_jsonl_str(text, ctx.label, None);
    }
    let values = top_level_values(ctx.label, text)?;
    if values.len() > 1 {
        // Saved as `.json`, this is JSON Lines by content only: speak of it as the JSON file it is.
        let jsonl = Format::from_extension(ctx.label) == Some(Format::Jsonl);
        return read_several(ctx, &values, jsonl);
    }
    read_turn_objects(ctx, &values).map(|s| vec![s])
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
