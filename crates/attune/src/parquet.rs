//! Parquet output for the tables (feature `parquet`): the `parquet` crate's low-level column writer,
//! no Arrow. Rows are buffered per column and written as row groups of `GROUP_ROWS` rows, so memory
//! stays flat however many sessions are written.

use attune_report::tables::{SessionRecord, TurnRecord};
use parquet::basic::Compression;
use parquet::column::writer::ColumnWriter;
use parquet::data_type::ByteArray;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use serde::Serialize;
use serde_json::Value;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const GROUP_ROWS: usize = 16_384;

#[derive(Clone, Copy)]
enum Kind {
    Str,
    F64,
    I64,
    Bool,
}

enum Col {
    Str(Vec<ByteArray>),
    F64(Vec<f64>),
    I64(Vec<i64>),
    Bool(Vec<bool>),
}

struct Table {
    names: Vec<String>,
    kinds: Vec<Kind>,
    cols: Vec<Col>,
    defs: Vec<Vec<i16>>,
    rows: usize,
    writer: SerializedFileWriter<File>,
}

fn perr(e: parquet::errors::ParquetError) -> io::Error {
    io::Error::other(e)
}

fn kind_of(v: &Value) -> Kind {
    match v {
        Value::Bool(_) => Kind::Bool,
        Value::Number(n) if n.is_i64() || n.is_u64() => Kind::I64,
        Value::Number(_) => Kind::F64,
        _ => Kind::Str,
    }
}

impl Table {
    /// Creates the file with a schema taken from the field names and a sample row's types, with
    /// `float_fields` forced to DOUBLE (fields that may hold whole numbers or be null in the sample).
    fn create(path: &Path, sample: &serde_json::Map<String, Value>, float_fields: &[&str], str_fields: &[&str]) -> io::Result<Table> {
        let mut names = Vec::new();
        let mut kinds = Vec::new();
        let mut msg = String::from("message attune {\n");
        for (k, v) in sample {
            let kind = if float_fields.contains(&k.as_str()) {
                Kind::F64
            } else if str_fields.contains(&k.as_str()) {
                Kind::Str
            } else {
                kind_of(v)
            };
            let (ty, ann) = match kind {
                Kind::Str => ("BYTE_ARRAY", " (UTF8)"),
                Kind::F64 => ("DOUBLE", ""),
                Kind::I64 => ("INT64", ""),
                Kind::Bool => ("BOOLEAN", ""),
            };
            msg.push_str(&format!("  OPTIONAL {ty} {k}{ann};\n"));
            names.push(k.clone());
            kinds.push(kind);
        }
        msg.push('}');
        let schema = Arc::new(parse_message_type(&msg).map_err(perr)?);
        let props = Arc::new(WriterProperties::builder().set_compression(Compression::SNAPPY).build());
        let writer = SerializedFileWriter::new(File::create(path)?, schema, props).map_err(perr)?;
        let cols = kinds
            .iter()
            .map(|k| match k {
                Kind::Str => Col::Str(Vec::new()),
                Kind::F64 => Col::F64(Vec::new()),
                Kind::I64 => Col::I64(Vec::new()),
                Kind::Bool => Col::Bool(Vec::new()),
            })
            .collect();
        let n = names.len();
        Ok(Table { names, kinds, cols, defs: vec![Vec::new(); n], rows: 0, writer })
    }

    fn push(&mut self, row: &serde_json::Map<String, Value>) -> io::Result<()> {
        for (i, name) in self.names.iter().enumerate() {
            let v = row.get(name).unwrap_or(&Value::Null);
            let present = match (&mut self.cols[i], v) {
                (_, Value::Null) => false,
                (Col::Str(c), Value::String(s)) => {
                    c.push(ByteArray::from(s.as_str()));
                    true
                }
                (Col::Str(c), other) => {
                    c.push(ByteArray::from(other.to_string().as_str()));
                    true
                }
                (Col::F64(c), Value::Number(n)) => {
                    c.push(n.as_f64().unwrap_or(f64::NAN));
                    true
                }
                (Col::I64(c), Value::Number(n)) => {
                    c.push(n.as_i64().unwrap_or(0));
                    true
                }
                (Col::Bool(c), Value::Bool(b)) => {
                    c.push(*b);
                    true
                }
                _ => false,
            };
            self.defs[i].push(i16::from(present));
        }
        self.rows += 1;
        if self.rows >= GROUP_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut rg = self.writer.next_row_group().map_err(perr)?;
        let mut i = 0;
        while let Some(mut cw) = rg.next_column().map_err(perr)? {
            let defs = &self.defs[i];
            match (cw.untyped(), &mut self.cols[i]) {
                (ColumnWriter::ByteArrayColumnWriter(w), Col::Str(v)) => {
                    w.write_batch(v, Some(defs), None).map_err(perr)?;
                    v.clear();
                }
                (ColumnWriter::DoubleColumnWriter(w), Col::F64(v)) => {
                    w.write_batch(v, Some(defs), None).map_err(perr)?;
                    v.clear();
                }
                (ColumnWriter::Int64ColumnWriter(w), Col::I64(v)) => {
                    w.write_batch(v, Some(defs), None).map_err(perr)?;
                    v.clear();
                }
                (ColumnWriter::BoolColumnWriter(w), Col::Bool(v)) => {
                    w.write_batch(v, Some(defs), None).map_err(perr)?;
                    v.clear();
                }
                _ => return Err(io::Error::other("parquet column type mismatch")),
            }
            cw.close().map_err(perr)?;
            self.defs[i].clear();
            i += 1;
        }
        rg.close().map_err(perr)?;
        self.rows = 0;
        let _ = &self.kinds;
        Ok(())
    }

    fn finish(mut self) -> io::Result<()> {
        self.flush()?;
        self.writer.close().map_err(perr)?;
        Ok(())
    }
}

fn to_map<T: Serialize>(r: &T) -> io::Result<serde_json::Map<String, Value>> {
    match serde_json::to_value(r)? {
        Value::Object(m) => Ok(m),
        _ => Err(io::Error::other("row is not an object")),
    }
}

/// Fields that are numbers with decimals even when a sample holds a whole number or null.
const TURN_FLOATS: &[&str] = &["start", "end", "confidence", "intensity", "valence", "arousal", "rlsm"];
const TURN_STRS: &[&str] = &["code", "emotion"];
const TURN_BOOLS_INTS: &[(&str, Kind)] = &[
    ("feeling", Kind::Bool),
    ("permission", Kind::Bool),
    ("empathy_reactions", Kind::I64),
    ("empathy_interpretations", Kind::I64),
    ("empathy_explorations", Kind::I64),
];
const SESSION_FLOATS: &[&str] = &[
    "duration_s", "attunement_index", "reflective_listening", "emotional_responsiveness", "fix_orientation",
    "pacing", "rupture_repair", "style_matching", "synchrony", "rq_ratio", "pct_complex_reflections",
    "talk_share_words", "talk_share_time", "turn_length_ratio", "latency_after_disclosures", "lsm",
    "rlsm_therapist", "rlsm_client",
];

/// A sample row with every optional field filled, so the schema never depends on which values are null.
fn turn_sample() -> serde_json::Map<String, Value> {
    let t = TurnRecord {
        session_id: String::new(),
        source: String::new(),
        turn: 0,
        role: "",
        speaker: String::new(),
        start: Some(0.5),
        end: Some(0.5),
        words: 0,
        code: Some(""),
        confidence: Some(0.5),
        feeling: Some(false),
        permission: Some(false),
        empathy_reactions: Some(0),
        empathy_interpretations: Some(0),
        empathy_explorations: Some(0),
        emotion: Some(""),
        intensity: Some(0.5),
        valence: Some(0.5),
        arousal: Some(0.5),
        flags: String::new(),
        markers: String::new(),
        in_rupture: false,
        repair: false,
        rlsm: Some(0.5),
    };
    let m = to_map(&t).expect("sample row serializes");
    debug_assert!(TURN_BOOLS_INTS.iter().all(|(k, _)| m.contains_key(*k)));
    m
}

pub(crate) struct ParquetSink {
    turns: Table,
    sessions: Option<Table>,
    sessions_path: PathBuf,
}

impl ParquetSink {
    pub(crate) fn create(paths: &(PathBuf, PathBuf)) -> io::Result<ParquetSink> {
        let turns = Table::create(&paths.0, &turn_sample(), TURN_FLOATS, TURN_STRS)?;
        Ok(ParquetSink { turns, sessions: None, sessions_path: paths.1.clone() })
    }

    pub(crate) fn write_session(&mut self, turns: &[TurnRecord], session: &SessionRecord) -> io::Result<()> {
        for t in turns {
            self.turns.push(&to_map(t)?)?;
        }
        let row = to_map(session)?;
        if self.sessions.is_none() {
            self.sessions = Some(Table::create(&self.sessions_path, &row, SESSION_FLOATS, &[])?);
        }
        self.sessions.as_mut().expect("created above").push(&row)
    }

    pub(crate) fn finish(self) -> io::Result<()> {
        self.turns.finish()?;
        if let Some(s) = self.sessions {
            s.finish()?;
        }
        Ok(())
    }
}

/// `results.turns.parquet` → the first free `results.turns.N.parquet` (same N for both files).
pub(crate) fn next_part_paths(paths: &(PathBuf, PathBuf)) -> (PathBuf, PathBuf) {
    let with_n = |p: &Path, n: usize| {
        let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        p.with_file_name(format!("{stem}.{n}.parquet"))
    };
    let mut n = 1;
    loop {
        let c = (with_n(&paths.0, n), with_n(&paths.1, n));
        if !c.0.exists() && !c.1.exists() {
            return c;
        }
        n += 1;
    }
}
