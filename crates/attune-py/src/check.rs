//! `check_many`: a table of contexts and responses in, a table of judgements out. The rows are read
//! out of the Arrow batches, checked in parallel with the GIL released, and written back as batches
//! that line up with the input's (its `id` column is passed through without a copy).

use crate::arrow::{is_string, str_at, str_list_at, Columns};
use arrow_array::{Array, ArrayRef, ListArray, RecordBatch, StringArray, StructArray};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{ArrowError, DataType, Field, Fields};
use attune::{CheckResult, Pipeline};
use attune_assess::parse_context;
use rayon::prelude::*;
use std::sync::Arc;

/// Where the inputs are in the caller's table.
pub struct CheckColumns<'a> {
    pub context: &'a str,
    pub response: &'a str,
    pub id: Option<&'a str>,
}

type Job = Result<(Vec<attune::Turn>, String), String>;

/// The rows of one batch as checks to run; a bad column (missing, wrong type) fails the whole call, a
/// bad cell (null response, null inside a context list) fails only its row.
fn jobs_of(batch: &RecordBatch, cols: &CheckColumns<'_>) -> Result<Vec<Job>, String> {
    let column = |name: &str| {
        batch.column_by_name(name).ok_or_else(|| {
            let have: Vec<String> = batch.schema().fields().iter().map(|f| f.name().clone()).collect();
            format!("the table has no column `{name}` (it has: {})", have.join(", "))
        })
    };
    let response = column(cols.response)?;
    if !is_string(response.data_type()) {
        return Err(format!("column `{}` must hold strings, not {}", cols.response, response.data_type()));
    }
    let context = match batch.column_by_name(cols.context) {
        Some(c) => Some(c),
        // a table of responses alone is fine when the caller left the default name
        None if cols.context == "context" => None,
        None => return Err(format!("the table has no column `{}`", cols.context)),
    };
    if let Some(c) = context {
        let t = c.data_type();
        let ok = is_string(t) || matches!(t, DataType::List(f) | DataType::LargeList(f) if is_string(f.data_type()));
        if !ok {
            return Err(format!(
                "column `{}` must hold a list of strings (earlier turns, ending with the client's) or one string (the client's message), not {t}",
                cols.context
            ));
        }
    }
    Ok((0..batch.num_rows())
        .map(|i| {
            let r = str_at(response.as_ref(), i).ok_or("`response` is null")?;
            let ctx = match context {
                None => serde_json::Value::Null,
                Some(c) if is_string(c.data_type()) => str_at(c.as_ref(), i).map(|s| serde_json::Value::String(s.to_string())).unwrap_or_default(),
                Some(c) => match str_list_at(c.as_ref(), i)? {
                    Some(v) => serde_json::Value::Array(v.into_iter().map(serde_json::Value::String).collect()),
                    None => serde_json::Value::Null,
                },
            };
            Ok((parse_context(&ctx)?, r.to_string()))
        })
        .collect())
}

/// Runs the checks of every batch (in parallel over all rows; `threads` caps the workers) and builds
/// the output batches.
pub fn check_batches(pipeline: &Pipeline, batches: &[RecordBatch], cols: &CheckColumns<'_>, threads: Option<usize>) -> Result<Vec<RecordBatch>, String> {
    let mut jobs = Vec::new();
    let mut sizes = Vec::with_capacity(batches.len());
    for b in batches {
        let j = jobs_of(b, cols)?;
        sizes.push(j.len());
        jobs.extend(j);
    }
    let run = |j: &Job| -> Result<CheckResult, String> {
        let (ctx, resp) = j.as_ref().map_err(Clone::clone)?;
        Ok(pipeline.check(ctx, resp))
    };
    let results: Vec<Result<CheckResult, String>> = match threads {
        Some(1) => jobs.iter().map(run).collect(),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| format!("cannot start {n} worker threads: {e}"))?
            .install(|| jobs.par_iter().map(run).collect()),
        None => jobs.par_iter().map(run).collect(),
    };
    let mut out = Vec::with_capacity(batches.len());
    let mut at = 0;
    for (b, n) in batches.iter().zip(sizes) {
        let id = match cols.id {
            Some(name) => Some(b.column_by_name(name).ok_or_else(|| format!("the table has no column `{name}`"))?.clone()),
            None => None,
        };
        out.push(results_batch(&results[at..at + n], at, id).map_err(|e| e.to_string())?);
        at += n;
    }
    Ok(out)
}

/// One output batch: the row number in the whole input, the caller's `id` column if any, the
/// judgement, and `error` for a row that could not be checked (its other columns are null).
pub fn results_batch(rs: &[Result<CheckResult, String>], first_row: usize, id: Option<ArrayRef>) -> Result<RecordBatch, ArrowError> {
    let ok = |i: usize| rs[i].as_ref().ok();
    let n = rs.len();
    let mut cols = Columns::default().i64("row", (0..n).map(|i| Some((first_row + i) as i64)));
    if let Some(id) = id {
        cols = cols.array("id", id);
    }
    let cols = cols
        .str("code", (0..n).map(|i| ok(i).map(|r| r.code.as_str())))
        .f64("confidence", (0..n).map(|i| ok(i).map(|r| r.confidence as f64)))
        .bool("feeling", (0..n).map(|i| ok(i).map(|r| r.feeling)))
        .f64("score", (0..n).map(|i| ok(i).map(|r| (r.score * 10.0).round() / 10.0)))
        .i64("empathy_reactions", (0..n).map(|i| ok(i).map(|r| r.empathy.reactions as i64)))
        .i64("empathy_interpretations", (0..n).map(|i| ok(i).map(|r| r.empathy.interpretations as i64)))
        .i64("empathy_explorations", (0..n).map(|i| ok(i).map(|r| r.empathy.explorations as i64)))
        .f64("p_misattuned", (0..n).map(|i| ok(i).and_then(|r| r.p_misattuned).map(|p| ((p * 1000.0).round() / 1000.0) as f64)))
        .str("likely_kind", (0..n).map(|i| ok(i).and_then(|r| r.likely_kind.as_deref())))
        .str("language", (0..n).map(|i| ok(i).and_then(|r| r.language.as_deref())))
        .str("client_emotion", (0..n).map(|i| ok(i).and_then(|r| r.client_affect.as_ref()).map(|a| a.emotion.as_str())))
        .f64("client_distress", (0..n).map(|i| ok(i).and_then(|r| r.client_affect.as_ref()).map(|a| a.distress as f64)))
        .f64("client_hardship", (0..n).map(|i| ok(i).and_then(|r| r.client_affect.as_ref()).map(|a| a.hardship as f64)))
        .i64("n_flags", (0..n).map(|i| ok(i).map(|r| r.flags.len() as i64)))
        .array("flags", Arc::new(flags_column(rs)?))
        .str("error", rs.iter().map(|r| r.as_ref().err()));
    cols.finish()
}

fn severity(s: attune_assess::Severity) -> &'static str {
    match s {
        attune_assess::Severity::Low => "low",
        attune_assess::Severity::Medium => "medium",
        attune_assess::Severity::High => "high",
    }
}

/// One flag: `struct<kind, severity, quote, explanation, alternative>`.
pub fn flag_fields() -> Fields {
    ["kind", "severity", "quote", "explanation", "alternative"].iter().map(|n| Field::new(*n, DataType::Utf8, false)).collect()
}

/// `list<flag>`, empty for a row without flags, null for a row that failed.
fn flags_column(rs: &[Result<CheckResult, String>]) -> Result<ListArray, ArrowError> {
    let all: Vec<&attune::Flag> = rs.iter().filter_map(|r| r.as_ref().ok()).flat_map(|r| r.flags.iter()).collect();
    let text = |f: fn(&attune::Flag) -> String| -> ArrayRef { Arc::new(all.iter().map(|x| Some(f(x))).collect::<StringArray>()) };
    let children = vec![
        text(|f| f.kind.as_str().to_string()),
        text(|f| severity(f.severity).to_string()),
        text(|f| f.quote.clone()),
        text(|f| f.explanation.clone()),
        text(|f| f.alternative.text.clone()),
    ];
    let values = StructArray::try_new(flag_fields(), children, None)?;
    let offsets = OffsetBuffer::from_lengths(rs.iter().map(|r| r.as_ref().map(|r| r.flags.len()).unwrap_or(0)));
    let valid = arrow_buffer::NullBuffer::from(rs.iter().map(|r| r.is_ok()).collect::<Vec<bool>>());
    let item = Arc::new(Field::new("item", DataType::Struct(flag_fields()), false));
    ListArray::try_new(item, offsets, Arc::new(values), Some(valid))
}
