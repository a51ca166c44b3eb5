//! Tidy tables written to disk: per-turn and per-session rows (built by `attune_report::tables`) streamed
//! to CSV, JSON Lines or (feature `parquet`) Parquet.
//!
//! Naming: for `--out results.csv` the rows go to `results.turns.csv` and `results.sessions.csv`
//! (see [`output_paths`]). Writers append whole sessions at a time and report their byte positions
//! after each, so a batch run can be resumed exactly (see [`TableWriter::positions`]).

pub use attune_report::tables::{session_record, turn_records, SessionRecord, TurnRecord};
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Output format of the tables, chosen by the `--out` extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
    Parquet,
}

impl Format {
    /// From a path's extension: `.csv`, `.jsonl` / `.ndjson`, `.parquet`.
    pub fn from_path(p: &Path) -> Option<Format> {
        match p.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "parquet" | "pq" => Some(Format::Parquet),
            _ => None,
        }
    }
    pub fn ext(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Parquet => "parquet",
        }
    }
    /// Whether this build can write the format (Parquet needs the `parquet` feature).
    pub fn available(self) -> bool {
        self != Format::Parquet || cfg!(feature = "parquet")
    }
}

/// `results.csv` → (`results.turns.csv`, `results.sessions.csv`).
pub fn output_paths(out: &Path, format: Format) -> (PathBuf, PathBuf) {
    let stem = out.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "results".into());
    let dir = out.parent().unwrap_or(Path::new(""));
    (
        dir.join(format!("{stem}.turns.{}", format.ext())),
        dir.join(format!("{stem}.sessions.{}", format.ext())),
    )
}

#[allow(clippy::large_enum_variant)] // one per batch run
enum Sink {
    Csv { turns: csv::Writer<File>, sessions: csv::Writer<File> },
    Jsonl { turns: BufWriter<File>, sessions: BufWriter<File> },
    #[cfg(feature = "parquet")]
    Parquet(Box<pq::ParquetSink>),
}

/// Streams per-turn and per-session rows to two files.
pub struct TableWriter {
    sink: Sink,
    paths: (PathBuf, PathBuf),
    rows: (u64, u64),
}

fn open_at(path: &Path, truncate_to: Option<u64>) -> io::Result<File> {
    match truncate_to {
        Some(len) => {
            let f = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path)?;
            f.set_len(len)?;
            let mut f = f;
            use std::io::Seek;
            f.seek(io::SeekFrom::End(0))?;
            Ok(f)
        }
        None => File::create(path),
    }
}

impl TableWriter {
    /// Creates (or truncates) the two output files for `out`.
    pub fn create(out: &Path, format: Format) -> io::Result<TableWriter> {
        TableWriter::open(out, format, None)
    }

    /// Opens the two output files. With `resume_at = Some((turns_len, sessions_len))` the files are cut
    /// to those byte lengths (the positions recorded after the last completed session) and appended to.
    /// Parquet files cannot be appended: resuming writes to new numbered part files instead.
    pub fn open(out: &Path, format: Format, resume_at: Option<(u64, u64)>) -> io::Result<TableWriter> {
        let paths = output_paths(out, format);
        let sink = match format {
            Format::Csv => {
                let (tl, sl) = match resume_at {
                    Some((a, b)) => (Some(a), Some(b)),
                    None => (None, None),
                };
                let tf = open_at(&paths.0, tl)?;
                let sf = open_at(&paths.1, sl)?;
                Sink::Csv {
                    turns: csv::WriterBuilder::new().has_headers(tl.unwrap_or(0) == 0).from_writer(tf),
                    sessions: csv::WriterBuilder::new().has_headers(sl.unwrap_or(0) == 0).from_writer(sf),
                }
            }
            Format::Jsonl => {
                let (tl, sl) = match resume_at {
                    Some((a, b)) => (Some(a), Some(b)),
                    None => (None, None),
                };
                Sink::Jsonl {
                    turns: BufWriter::with_capacity(1 << 16, open_at(&paths.0, tl)?),
                    sessions: BufWriter::with_capacity(1 << 16, open_at(&paths.1, sl)?),
                }
            }
            #[cfg(feature = "parquet")]
            Format::Parquet => {
                let paths = if resume_at.is_some() { pq::next_part_paths(&paths) } else { paths.clone() };
                let s = pq::ParquetSink::create(&paths)?;
                return Ok(TableWriter { sink: Sink::Parquet(Box::new(s)), paths, rows: (0, 0) });
            }
            #[cfg(not(feature = "parquet"))]
            Format::Parquet => {
                return Err(io::Error::new(
                    io::ErrorKind::Unsupported,
                    "Parquet output needs attune built with the `parquet` feature \
                     (cargo build --release --features parquet); use --out results.csv or results.jsonl",
                ));
            }
        };
        Ok(TableWriter { sink, paths, rows: (0, 0) })
    }

    /// The two files written: (turns, sessions).
    pub fn paths(&self) -> &(PathBuf, PathBuf) {
        &self.paths
    }

    /// Rows written by this writer so far: (turn rows, session rows).
    pub fn rows(&self) -> (u64, u64) {
        self.rows
    }

    /// Writes one session's rows.
    pub fn write_session(&mut self, turns: &[TurnRecord], session: &SessionRecord) -> io::Result<()> {
        match &mut self.sink {
            Sink::Csv { turns: tw, sessions: sw } => {
                for t in turns {
                    tw.serialize(t).map_err(csv_err)?;
                }
                sw.serialize(session).map_err(csv_err)?;
            }
            Sink::Jsonl { turns: tw, sessions: sw } => {
                for t in turns {
                    serde_json::to_writer(&mut *tw, t)?;
                    tw.write_all(b"\n")?;
                }
                serde_json::to_writer(&mut *sw, session)?;
                sw.write_all(b"\n")?;
            }
            #[cfg(feature = "parquet")]
            Sink::Parquet(p) => p.write_session(turns, session)?,
        }
        self.rows.0 += turns.len() as u64;
        self.rows.1 += 1;
        Ok(())
    }

    /// Flushes both files and returns their byte lengths (for CSV and JSON Lines; Parquet returns (0, 0)
    /// because its rows only become readable when the file is finished).
    pub fn positions(&mut self) -> io::Result<(u64, u64)> {
        match &mut self.sink {
            Sink::Csv { turns, sessions } => {
                turns.flush()?;
                sessions.flush()?;
                Ok((turns.get_ref().metadata()?.len(), sessions.get_ref().metadata()?.len()))
            }
            Sink::Jsonl { turns, sessions } => {
                turns.flush()?;
                sessions.flush()?;
                Ok((turns.get_ref().metadata()?.len(), sessions.get_ref().metadata()?.len()))
            }
            #[cfg(feature = "parquet")]
            Sink::Parquet(_) => Ok((0, 0)),
        }
    }

    /// Flushes and closes the files (Parquet: writes the footer).
    pub fn finish(self) -> io::Result<()> {
        match self.sink {
            Sink::Csv { mut turns, mut sessions } => {
                turns.flush()?;
                sessions.flush()?;
            }
            Sink::Jsonl { mut turns, mut sessions } => {
                turns.flush()?;
                sessions.flush()?;
            }
            #[cfg(feature = "parquet")]
            Sink::Parquet(p) => p.finish()?,
        }
        Ok(())
    }
}

fn csv_err(e: csv::Error) -> io::Error {
    io::Error::other(e)
}

#[cfg(feature = "parquet")]
#[path = "parquet.rs"]
pub(crate) mod pq;

/// The tidy tables of several analyses as files' bytes, (turns, sessions), in `format`: for a download. The
/// rows are those `attune batch` writes; `source` labels each analysis's rows.
pub fn tables_bytes<'a>(analyses: impl IntoIterator<Item = (&'a crate::Analysis, &'a str)>, format: Format) -> io::Result<(Vec<u8>, Vec<u8>)> {
    let dir = std::env::temp_dir().join(format!("attune-tables-{}-{:?}", std::process::id(), std::thread::current().id()));
    std::fs::create_dir_all(&dir)?;
    let out = dir.join(format!("export.{}", format.ext()));
    let result = (|| {
        let mut w = TableWriter::create(&out, format)?;
        for (a, source) in analyses {
            let (turns, session) = a.table_rows(source);
            w.write_session(&turns, &session)?;
        }
        w.finish()?;
        let (t, s) = output_paths(&out, format);
        Ok((std::fs::read(t)?, std::fs::read(s)?))
    })();
    std::fs::remove_dir_all(&dir).ok();
    result
}
