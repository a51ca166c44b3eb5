//! Parquet output for the tables (feature `parquet`): the `parquet` crate's low-level column writer,
//! no Arrow. Rows are buffered per column and written as row groups of `GROUP_ROWS` rows, so memory
//! stays flat however many sessions are written.

use attune_report::tables::{ColumnType, SessionRecord, TurnRecord, SESSION_COLUMNS, TURN_COLUMNS};
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

enum Col {
    Str(Vec<ByteArray>),
    F64(Vec<f64>),
    I64(Vec<i64>),
    Bool(Vec<bool>),
}

struct Table {
    names: Vec<String>,
    cols: Vec<Col>,
    defs: Vec<Vec<i16>>,
    rows: usize,
    writer: SerializedFileWriter<File>,
}

fn perr(e: parquet::errors::ParquetError) -> io::Error {
    io::Error::other(e)
}

impl Table {
    /// Creates the file with the declared columns of a table (attune-report's `TURN_COLUMNS`, ...).
    fn create(path: &Path, columns: &[(&str, ColumnType)]) -> io::Result<Table> {
        let mut msg = String::from("message attune {\n");
        for (name, ty) in columns {
            let (ty, ann) = match ty {
                ColumnType::Str => ("BYTE_ARRAY", " (UTF8)"),
                ColumnType::F64 => ("DOUBLE", ""),
                ColumnType::I64 => ("INT64", ""),
                ColumnType::Bool => ("BOOLEAN", ""),
            };
            msg.push_str(&format!("  OPTIONAL {ty} {name}{ann};\n"));
        }
        msg.push('}');
        let schema = Arc::new(parse_message_type(&msg).map_err(perr)?);
        let props = Arc::new(WriterProperties::builder().set_compression(Compression::SNAPPY).build());
        let writer = SerializedFileWriter::new(File::create(path)?, schema, props).map_err(perr)?;
        let cols = columns
            .iter()
            .map(|(_, ty)| match ty {
                ColumnType::Str => Col::Str(Vec::new()),
                ColumnType::F64 => Col::F64(Vec::new()),
                ColumnType::I64 => Col::I64(Vec::new()),
                ColumnType::Bool => Col::Bool(Vec::new()),
            })
            .collect();
        let names = columns.iter().map(|c| c.0.to_string()).collect();
        Ok(Table { names, cols, defs: vec![Vec::new(); columns.len()], rows: 0, writer })
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

pub(crate) struct ParquetSink {
    turns: Table,
    sessions: Table,
}

impl ParquetSink {
    pub(crate) fn create(paths: &(PathBuf, PathBuf)) -> io::Result<ParquetSink> {
        let turns = Table::create(&paths.0, TURN_COLUMNS)?;
        let sessions = Table::create(&paths.1, SESSION_COLUMNS)?;
        Ok(ParquetSink { turns, sessions })
    }

    pub(crate) fn write_session(&mut self, turns: &[TurnRecord], session: &SessionRecord) -> io::Result<()> {
        for t in turns {
            self.turns.push(&to_map(t)?)?;
        }
        self.sessions.push(&to_map(session)?)
    }

    pub(crate) fn finish(self) -> io::Result<()> {
        self.turns.finish()?;
        self.sessions.finish()
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
