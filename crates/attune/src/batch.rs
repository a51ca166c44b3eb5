//! Batch analysis of a corpus into tidy tables, with flat memory and exact resume.
//!
//! One reader thread walks the inputs and sends jobs (a transcript file, or one line of a JSON Lines corpus)
//! into a small bounded queue; rayon workers analyze them with the [`Pipeline`]; the calling thread streams
//! the rows to disk and records each finished job in a sidecar `<out>.done` (`key \t turns-bytes \t
//! sessions-bytes`), so `resume` skips finished work and cuts away any rows of a job that was interrupted
//! mid-write. Failures are collected and returned; the batch goes on past them.

use crate::input::ReadSpec;
use crate::tables::{self, Format, SessionRecord, TableWriter, TurnRecord};
use crate::{Error, Pipeline, Result};
use attune_core::Session;
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::{Instant, UNIX_EPOCH};

/// File extensions read when walking a directory.
pub const EXTENSIONS: [&str; 8] = ["vtt", "srt", "txt", "csv", "tsv", "json", "jsonl", "ndjson"];

/// One unit of work; its `key` identifies it across runs for `--resume`.
enum Job {
    File { path: PathBuf, key: String },
    Line { path: PathBuf, line: usize, text: String, key: String },
}

impl Job {
    fn key(&self) -> &str {
        match self {
            Job::File { key, .. } | Job::Line { key, .. } => key,
        }
    }
    fn label(&self) -> String {
        match self {
            Job::File { path, .. } => path.display().to_string(),
            Job::Line { path, line, .. } => format!("{}:{line}", path.display()),
        }
    }
}

/// What a worker sends to the writer.
enum Done {
    Ok { key: String, rows: Vec<(Vec<TurnRecord>, SessionRecord)> },
    Failed { label: String, message: String },
    /// A session skipped without error (e.g. another split); counts for progress only.
    Skipped,
}

/// Totals of a batch run.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Totals {
    pub sessions: u64,
    pub turns: u64,
    pub jobs_done: u64,
    pub jobs_skipped_resume: u64,
    pub failures: Vec<(String, String)>,
    pub seconds: f64,
    pub outputs: Vec<String>,
}

fn is_jsonl(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).as_deref(), Some("jsonl" | "ndjson"))
}

fn has_known_ext(p: &Path) -> bool {
    p.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let ft = std::fs::symlink_metadata(&p)?.file_type();
        if ft.is_dir() {
            if p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')) {
                continue;
            }
            walk(&p, out)?;
        } else if has_known_ext(&p) {
            out.push(p);
        }
    }
    Ok(())
}

/// Expands the inputs into files (directories walked, globs expanded), in a stable order, without the
/// batch's own outputs.
pub fn expand_inputs(inputs: &[String], exclude: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for inp in inputs {
        let p = Path::new(inp);
        if p.is_dir() {
            walk(p, &mut files).map_err(|e| Error::io(p, e))?;
        } else if p.exists() {
            files.push(p.to_path_buf());
        } else if inp.contains(['*', '?', '[']) {
            let mut n = 0;
            for entry in glob::glob(inp).map_err(|e| Error::input(inp.as_str(), format!("bad glob pattern: {e}")))? {
                let e = entry.map_err(|e| Error::io(e.path().to_path_buf(), std::io::Error::other(e.to_string())))?;
                if e.is_file() {
                    files.push(e);
                    n += 1;
                }
            }
            if n == 0 {
                return Err(Error::input(inp.as_str(), "no file matches this pattern"));
            }
        } else {
            return Err(Error::input(inp.as_str(), "no such file or directory"));
        }
    }
    let excl: Vec<PathBuf> = exclude.iter().map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone())).collect();
    files.retain(|f| !excl.contains(&std::path::absolute(f).unwrap_or_else(|_| f.clone())));
    let mut seen = HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    Ok(files)
}

fn file_stamp(p: &Path) -> String {
    match std::fs::metadata(p) {
        Ok(m) => {
            let mtime = m.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map(|d| d.as_nanos()).unwrap_or(0);
            format!("{}\t{}", m.len(), mtime)
        }
        Err(_) => "0\t0".into(),
    }
}

fn done_path(out: &Path) -> PathBuf {
    let mut s = out.as_os_str().to_owned();
    s.push(".done");
    PathBuf::from(s)
}

/// Finished job keys, and the output byte lengths after the last finished job.
type DoneRecord = (HashSet<String>, Option<(u64, u64)>);

/// Reads the `.done` sidecar: finished keys and the output lengths after the last finished job.
fn read_done(path: &Path) -> Result<DoneRecord> {
    let mut keys = HashSet::new();
    let mut last = None;
    let f = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((keys, None)),
        Err(e) => return Err(Error::io(path, e)),
    };
    for line in BufReader::new(f).lines() {
        let line = line.map_err(|e| Error::io(path, e))?;
        // key fields are tab-separated; the last two are the byte positions.
        let mut it = line.rsplitn(3, '\t');
        let (Some(s), Some(t), Some(k)) = (it.next(), it.next(), it.next()) else { continue };
        let (Ok(t), Ok(s)) = (t.parse::<u64>(), s.parse::<u64>()) else { continue };
        keys.insert(k.to_string());
        last = Some((t, s));
    }
    Ok((keys, last))
}

fn analyze_job(job: Job, pipeline: &Pipeline, spec: &BatchSpec) -> Done {
    let label = job.label();
    let sessions: Vec<Session> = match &job {
        Job::File { path, .. } => {
            let opts = match spec.read.options() {
                Ok(o) => o,
                Err(e) => return Done::Failed { label, message: e.to_string() },
            };
            match attune_io::read_path(path, &opts) {
                Ok(s) => s,
                Err(e) => return Done::Failed { label, message: e.to_string() },
            }
        }
        Job::Line { text, path, line, .. } => match attune_io::read_jsonl_line(text, &path.display().to_string(), *line, spec.split.as_deref()) {
            Ok(None) => return Done::Skipped,
            Ok(Some(s)) => vec![s],
            Err(e) => return Done::Failed { label, message: e.to_string() },
        },
    };
    let source = match &job {
        Job::File { path, .. } => path.display().to_string(),
        Job::Line { path, .. } => path.display().to_string(),
    };
    let work = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut rows = Vec::with_capacity(sessions.len());
        for s in sessions {
            if s.turns.is_empty() {
                continue;
            }
            let a = pipeline.analyze(s)?;
            rows.push(a.table_rows(&source));
        }
        Ok::<_, Error>(rows)
    }));
    match work {
        Ok(Err(e)) => Done::Failed { label, message: e.to_string() },
        Ok(Ok(rows)) if rows.is_empty() => Done::Failed { label, message: "no session with turns".into() },
        Ok(Ok(rows)) => Done::Ok { key: job.key().to_string(), rows },
        Err(p) => {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".into());
            Done::Failed { label, message: format!("internal error while analyzing (please report): {msg}") }
        }
    }
}

/// Counts the sessions the inputs will give (JSON Lines: non-blank lines), for the progress bar.
fn count_units(files: &[PathBuf]) -> u64 {
    files
        .iter()
        .map(|f| {
            if is_jsonl(f) {
                File::open(f)
                    .map(|fh| BufReader::with_capacity(1 << 16, fh).split(b'\n').filter(|l| l.as_ref().is_ok_and(|l| !l.trim_ascii().is_empty())).count() as u64)
                    .unwrap_or(1)
            } else {
                1
            }
        })
        .sum()
}

fn produce(files: Vec<PathBuf>, shard: Option<Shard>, skip: &HashSet<String>, tx: SyncSender<Job>, skipped: &std::sync::atomic::AtomicU64, fail: &SyncSender<Done>) {
    // position of the next session in the inputs, counted the same way in every share
    let mut unit: u64 = 0;
    let mut mine = || {
        let k = unit;
        unit += 1;
        shard.is_none_or(|s| s.keeps(k))
    };
    for path in files {
        let stamp = file_stamp(&path);
        if is_jsonl(&path) {
            let f = match File::open(&path) {
                Ok(f) => f,
                Err(e) => {
                    if !mine() {
                        continue;
                    }
                    let _ = fail.send(Done::Failed { label: path.display().to_string(), message: format!("cannot read the file: {e}") });
                    continue;
                }
            };
            let mut rd = BufReader::with_capacity(1 << 16, f);
            let mut buf = Vec::new();
            let mut line = 0usize;
            loop {
                buf.clear();
                match rd.read_until(b'\n', &mut buf) {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(e) => {
                        let _ = fail.send(Done::Failed { label: format!("{}:{}", path.display(), line + 1), message: e.to_string() });
                        break;
                    }
                }
                line += 1;
                if buf.trim_ascii().is_empty() || !mine() {
                    continue;
                }
                let key = format!("{}:{line}\t{stamp}", path.display());
                if skip.contains(&key) {
                    skipped.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    continue;
                }
                let text = match String::from_utf8(std::mem::take(&mut buf)) {
                    Ok(t) => t,
                    Err(_) => {
                        let _ = fail.send(Done::Failed { label: format!("{}:{line}", path.display()), message: "the line is not valid UTF-8".into() });
                        continue;
                    }
                };
                if tx.send(Job::Line { path: path.clone(), line, text, key }).is_err() {
                    return;
                }
            }
        } else {
            if !mine() {
                continue;
            }
            let key = format!("{}\t{stamp}", path.display());
            if skip.contains(&key) {
                skipped.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                continue;
            }
            if tx.send(Job::File { path, key }).is_err() {
                return;
            }
        }
    }
}

/// What a batch does.
#[derive(Clone, Debug)]
pub struct BatchSpec {
    /// Directories (walked recursively), glob patterns, or files. A .jsonl file is a corpus: one session a line.
    pub inputs: Vec<String>,
    /// Output base path; its extension picks the format: .csv, .jsonl or .parquet.
    pub out: PathBuf,
    /// Skip sessions already written by an earlier run with the same `out` (and append to its files).
    pub resume: bool,
    /// Worker threads (0: all cores).
    pub threads: usize,
    /// How to read the transcripts (therapist's name...).
    pub read: ReadSpec,
    /// For JSON Lines corpora: keep only this split (train, dev, test).
    pub split: Option<String>,
    /// Analyze only this share of the sessions (a job of a Slurm array, say).
    pub shard: Option<Shard>,
}

/// Share `index` of `count` (0-based): the sessions whose position in the inputs (files in their stable
/// order, then the non-blank lines of each JSON Lines corpus) is `index` modulo `count`. Every share
/// of the same inputs is disjoint from the others and together they are the whole corpus, so N jobs
/// with `--shard 0/N` .. `--shard N-1/N` analyze everything exactly once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Parses `i/N` with 0 <= i < N.
    pub fn parse(s: &str) -> std::result::Result<Shard, String> {
        let (i, n) = s.split_once('/').ok_or_else(|| format!("`{s}` is not of the form i/N (e.g. 0/8)"))?;
        let index: u64 = i.trim().parse().map_err(|_| format!("`{i}` in `{s}` is not a whole number"))?;
        let count: u64 = n.trim().parse().map_err(|_| format!("`{n}` in `{s}` is not a whole number"))?;
        if count == 0 || index >= count {
            return Err(format!("`{s}`: need 0 <= i < N (shards are numbered from 0, as SLURM_ARRAY_TASK_ID with --array=0-{})", count.max(1) - 1));
        }
        Ok(Shard { index, count })
    }
    /// Does this share take the session at position `unit`?
    pub fn keeps(self, unit: u64) -> bool {
        unit % self.count == self.index
    }
    /// How many of `total` sessions this share takes.
    pub fn share_of(self, total: u64) -> u64 {
        total / self.count + u64::from(total % self.count > self.index)
    }
}

/// What a running batch tells its caller (for a progress bar and a failure list as it goes).
pub enum Event<'a> {
    /// The number of sessions the inputs will give (JSON Lines: non-blank lines; one per other file).
    Planned(u64),
    /// Sessions finished (written, skipped as another split, or failed).
    Advanced(u64),
    /// An input that could not be analyzed; the batch goes on.
    Failed { label: &'a str, message: &'a str },
}

/// Runs a batch: reads every input, analyzes it with `pipeline` on a pool of workers, and streams the
/// rows to the tables; a bad input is listed in [`Totals::failures`] and the batch goes on.
pub fn run_batch(spec: &BatchSpec, pipeline: &Pipeline, events: &(dyn Fn(Event<'_>) + Sync)) -> Result<Totals> {
    let t0 = Instant::now();
    let format = Format::from_path(&spec.out).ok_or_else(|| {
        Error::input(spec.out.display().to_string(), "the output must end in .csv, .jsonl or .parquet")
    })?;
    if !format.available() {
        return Err(Error::input(
            spec.out.display().to_string(),
            "this attune was built without Parquet (--no-default-features); rebuild with `cargo build --release` or use results.csv or results.jsonl",
        ));
    }
    let done_file = done_path(&spec.out);
    let (turns_path, sessions_path) = tables::output_paths(&spec.out, format);
    let files = expand_inputs(&spec.inputs, &[turns_path.clone(), sessions_path.clone(), done_file.clone(), spec.out.clone()])?;
    if files.is_empty() {
        return Err(Error::input(spec.inputs.join(" "), format!("no transcript found (looked for .{})", EXTENSIONS.join(" ."))));
    }
    let (skip, resume_at) = if spec.resume { read_done(&done_file)? } else { (HashSet::new(), None) };
    let resume_at = if spec.resume && format != Format::Parquet {
        // Without a record, resume from empty files (nothing was finished).
        Some(resume_at.unwrap_or((0, 0)))
    } else if spec.resume {
        Some((0, 0))
    } else {
        None
    };
    if !spec.resume && std::fs::metadata(&done_file).is_ok() {
        std::fs::remove_file(&done_file).map_err(|e| Error::io(&done_file, e))?;
    }
    let mut writer = TableWriter::open(&spec.out, format, resume_at).map_err(|e| Error::io(&spec.out, e))?;
    let mut done_w = std::io::BufWriter::new(
        std::fs::OpenOptions::new().create(true).append(true).open(&done_file).map_err(|e| Error::io(&done_file, e))?,
    );
    let planned = count_units(&files);
    events(Event::Planned(spec.shard.map_or(planned, |sh| sh.share_of(planned))));

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(spec.threads)
        .build()
        .map_err(|e| Error::io("worker threads", std::io::Error::other(e.to_string())))?;
    let workers = pool.current_num_threads();
    let (job_tx, job_rx) = sync_channel::<Job>(workers * 4);
    let (done_tx, done_rx) = sync_channel::<Done>(workers * 4);
    let skipped = std::sync::atomic::AtomicU64::new(0);

    let mut totals = Totals::default();
    let write_result: std::io::Result<()> = std::thread::scope(|sc| {
        let fail_tx = done_tx.clone();
        let skip_ref = &skip;
        let skipped_ref = &skipped;
        let shard = spec.shard;
        sc.spawn(move || produce(files, shard, skip_ref, job_tx, skipped_ref, &fail_tx));
        let wtx = done_tx;
        sc.spawn(move || {
            pool.install(|| {
                let rx: Receiver<Job> = job_rx;
                rx.into_iter().par_bridge().for_each_with(wtx, |tx, job| {
                    let _ = tx.send(analyze_job(job, pipeline, spec));
                });
            })
        });
        // The writer: this thread.
        for d in done_rx {
            match d {
                Done::Ok { key, rows } => {
                    let n = rows.len() as u64;
                    for (turns, session) in &rows {
                        writer.write_session(turns, session)?;
                        totals.turns += turns.len() as u64;
                    }
                    totals.sessions += n;
                    totals.jobs_done += 1;
                    let (tp, sp) = writer.positions()?;
                    writeln!(done_w, "{key}\t{tp}\t{sp}")?;
                    done_w.flush()?;
                    events(Event::Advanced(n));
                }
                Done::Failed { label, message } => {
                    events(Event::Advanced(1));
                    events(Event::Failed { label: &label, message: &message });
                    totals.failures.push((label, message));
                }
                Done::Skipped => events(Event::Advanced(1)),
            }
        }
        Ok(())
    });
    let paths = writer.paths().clone();
    write_result.map_err(|e| Error::io(&paths.0, e))?;
    writer.finish().map_err(|e| Error::io(&paths.0, e))?;
    done_w.flush().map_err(|e| Error::io(&done_file, e))?;
    totals.jobs_skipped_resume = skipped.load(std::sync::atomic::Ordering::Relaxed);
    totals.seconds = t0.elapsed().as_secs_f64();
    totals.outputs = vec![paths.0.display().to_string(), paths.1.display().to_string()];
    Ok(totals)
}

/// "file: message", without repeating the file when the reader's message already starts with it.
pub fn failure_line(label: &str, message: &str) -> String {
    if message.starts_with(label) { message.to_string() } else { format!("{label}: {message}") }
}
