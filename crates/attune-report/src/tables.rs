//! Tidy tables: one row per turn and one row per session, streamed to CSV, JSON Lines or Parquet.
//!
//! Naming: for `--out results.csv` the rows go to `results.turns.csv` and `results.sessions.csv`
//! (see [`output_paths`]). Writers append whole sessions at a time and report their byte positions
//! after each, so a batch run can be resumed exactly (see [`TableWriter::positions`]).

use attune_assess::Assessment;
use attune_core::{CodedSession, Role};
use serde::Serialize;
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// One row per turn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TurnRecord {
    pub session_id: String,
    pub source: String,
    /// 0-based index in the session.
    pub turn: u32,
    pub role: &'static str,
    pub speaker: String,
    pub start: Option<f64>,
    pub end: Option<f64>,
    pub words: u32,
    /// Therapist turns: the primary code.
    pub code: Option<&'static str>,
    pub confidence: Option<f32>,
    pub feeling: Option<bool>,
    pub permission: Option<bool>,
    pub empathy_reactions: Option<u8>,
    pub empathy_interpretations: Option<u8>,
    pub empathy_explorations: Option<u8>,
    /// Client turns: affect.
    pub emotion: Option<&'static str>,
    pub intensity: Option<f32>,
    pub valence: Option<f32>,
    pub arousal: Option<f32>,
    /// Flag kinds on this turn, `;`-separated (empty when none).
    pub flags: String,
    /// 3RS marker subtypes on this turn, `;`-separated.
    pub markers: String,
    pub in_rupture: bool,
    pub repair: bool,
    pub rlsm: Option<f64>,
}

/// One row per session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionRecord {
    pub session_id: String,
    pub source: String,
    pub model: String,
    pub turns: u32,
    pub therapist_turns: u32,
    pub client_turns: u32,
    pub duration_s: Option<f64>,
    pub attunement_index: f64,
    pub reflective_listening: Option<f64>,
    pub emotional_responsiveness: Option<f64>,
    pub fix_orientation: Option<f64>,
    pub pacing: Option<f64>,
    pub rupture_repair: Option<f64>,
    pub style_matching: Option<f64>,
    pub synchrony: Option<f64>,
    pub rq_ratio: Option<f64>,
    pub pct_complex_reflections: Option<f64>,
    pub reflections: u32,
    pub complex_reflections: u32,
    pub questions: u32,
    pub mi_adherent: u32,
    pub mi_non_adherent: u32,
    pub flags: u32,
    pub flags_premature_fixing: u32,
    pub ruptures: u32,
    pub ruptures_repaired: u32,
    pub talk_share_words: Option<f64>,
    pub talk_share_time: Option<f64>,
    pub turn_length_ratio: Option<f64>,
    pub latency_after_disclosures: Option<f64>,
    pub lsm: Option<f64>,
    pub rlsm_therapist: Option<f64>,
    pub rlsm_client: Option<f64>,
}

/// The per-turn rows of one assessed session, in turn order.
pub fn turn_records(coded: &CodedSession, a: &Assessment, source: &str) -> Vec<TurnRecord> {
    let s = &coded.session;
    let n = s.turns.len();
    let mut flags: Vec<String> = vec![String::new(); n];
    for f in &a.flags {
        if let Some(x) = flags.get_mut(f.turn) {
            if !x.is_empty() {
                x.push(';');
            }
            x.push_str(f.kind.as_str());
        }
    }
    let mut markers: Vec<String> = vec![String::new(); n];
    for m in &a.markers {
        if let Some(x) = markers.get_mut(m.turn) {
            if !x.is_empty() {
                x.push(';');
            }
            x.push_str(m.subtype.as_str());
        }
    }
    let mut in_rupture = vec![false; n];
    let mut repair = vec![false; n];
    for r in &a.ruptures {
        for x in in_rupture.iter_mut().take(r.end.saturating_add(1)).skip(r.start) {
            *x = true;
        }
        if let Some(x) = r.repair.as_ref().and_then(|rep| repair.get_mut(rep.therapist_turn)) {
            *x = true;
        }
    }
    let mut rlsm = vec![None; n];
    for p in &a.style.rlsm {
        if p.turn < n {
            rlsm[p.turn] = Some(p.value);
        }
    }
    s.turns
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let an = coded.turns.get(i);
            let c = an.and_then(|x| x.coding.as_ref());
            let af = an.and_then(|x| x.affect.as_ref());
            TurnRecord {
                session_id: s.id.clone(),
                source: source.to_string(),
                turn: i as u32,
                role: t.role.as_str(),
                speaker: t.speaker.clone(),
                start: t.start,
                end: t.end,
                words: t.word_count() as u32,
                code: c.map(|c| c.code.as_str()),
                confidence: c.map(|c| c.confidence),
                feeling: c.map(|c| c.feeling),
                permission: c.map(|c| c.permission),
                empathy_reactions: c.map(|c| c.empathy.reactions),
                empathy_interpretations: c.map(|c| c.empathy.interpretations),
                empathy_explorations: c.map(|c| c.empathy.explorations),
                emotion: af.map(|a| a.emotion.as_str()),
                intensity: af.map(|a| a.intensity),
                valence: af.map(|a| a.valence),
                arousal: af.map(|a| a.arousal),
                flags: std::mem::take(&mut flags[i]),
                markers: std::mem::take(&mut markers[i]),
                in_rupture: in_rupture[i],
                repair: repair[i],
                rlsm: rlsm[i],
            }
        })
        .collect()
}

/// The per-session row of one assessed session.
pub fn session_record(coded: &CodedSession, a: &Assessment, source: &str) -> SessionRecord {
    let s = &coded.session;
    let sub = |name: &str| a.index.subscores.iter().find(|x| x.name == name).and_then(|x| x.value);
    let first = s.turns.iter().find_map(|t| t.start);
    let last = s.turns.iter().rev().find_map(|t| t.end.or(t.start));
    let duration_s = match (first, last) {
        (Some(a), Some(b)) if b >= a => Some(b - a),
        _ => None,
    };
    let sc = &a.scores;
    SessionRecord {
        session_id: s.id.clone(),
        source: source.to_string(),
        model: coded.model.clone(),
        turns: s.turns.len() as u32,
        therapist_turns: s.turns.iter().filter(|t| t.role == Role::Therapist).count() as u32,
        client_turns: s.turns.iter().filter(|t| t.role == Role::Client).count() as u32,
        duration_s,
        attunement_index: a.index.value,
        reflective_listening: sub("reflective_listening"),
        emotional_responsiveness: sub("emotional_responsiveness"),
        fix_orientation: sub("fix_orientation"),
        pacing: sub("pacing"),
        rupture_repair: sub("rupture_repair"),
        style_matching: sub("style_matching"),
        synchrony: sub("synchrony"),
        rq_ratio: sc.reflection_to_question.value,
        pct_complex_reflections: sc.percent_complex_reflections.value,
        reflections: sc.reflections.value as u32,
        complex_reflections: sc.complex_reflections.value as u32,
        questions: sc.questions.value as u32,
        mi_adherent: sc.mi_adherent.value as u32,
        mi_non_adherent: sc.mi_non_adherent.value as u32,
        flags: a.flags.len() as u32,
        flags_premature_fixing: a
            .flags
            .iter()
            .filter(|f| f.kind == attune_assess::FlagKind::PrematureFixing)
            .count() as u32,
        ruptures: a.ruptures.len() as u32,
        ruptures_repaired: a.ruptures.iter().filter(|r| r.repair.is_some()).count() as u32,
        talk_share_words: a.pacing.talk_share_words.value,
        talk_share_time: a.pacing.talk_share_time.value,
        turn_length_ratio: a.pacing.turn_length_ratio.value,
        latency_after_disclosures: a.pacing.latency_after_disclosures.value,
        lsm: a.style.lsm,
        rlsm_therapist: a.style.rlsm_therapist,
        rlsm_client: a.style.rlsm_client,
    }
}

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
    Parquet(Box<crate::tables::pq::ParquetSink>),
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
