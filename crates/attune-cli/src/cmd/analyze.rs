//! `attune analyze FILE`: read a transcript, code it, assess it, write the HTML report and/or JSON.
//!
//! Also home of the analysis pipeline shared by `demo`, `batch` and `bench analyze`.

use anyhow::{Context, bail};
use attune_assess::{AssessConfig, Assessment};
use attune_core::{CodedSession, Session};
use attune_report::{Fragment, ReportInput, ReportMeta};
use attune_text::Coder;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  attune analyze session.vtt                      # writes session-report.html here\n  \
attune analyze session.vtt -o report.html --json report.json\n  \
attune analyze zoom.vtt --therapist \"Dr. Lee\" --redact -o report.html\n  \
attune analyze corpus.jsonl --session esconv-train-0000 -o one.html")]
pub struct Args {
    /// The transcript: .vtt, .srt, .txt, .csv, attune .json, or .jsonl (with --session).
    pub file: PathBuf,
    /// Coder tier: `fast` (default) or `accurate` (adds MiniLM sentence embeddings; slower, more accurate).
    #[arg(long, value_enum, default_value_t)]
    pub tier: super::embed::Tier,
    /// The therapist's speaker name as written in the transcript (otherwise roles are inferred).
    #[arg(long, value_name = "NAME")]
    pub therapist: Option<String>,
    /// The client's speaker name as written in the transcript.
    #[arg(long, value_name = "NAME")]
    pub client: Option<String>,
    /// Force the input format (vtt, srt, txt, csv, json, jsonl, whisper) instead of detecting it.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Which session of a multi-session file (JSON Lines, JSON array) to analyze, by id.
    #[arg(long, value_name = "ID")]
    pub session: Option<String>,
    /// Write the HTML report here (`-` for standard output). Default: FILE's name + `-report.html`
    /// in the current directory, unless only --json is given.
    #[arg(short = 'o', long = "output", value_name = "report.html")]
    pub output: Option<PathBuf>,
    /// Also write the assessment and the coded turns as JSON (`-` for standard output).
    #[arg(long, value_name = "out.json")]
    pub json: Option<PathBuf>,
    /// Replace names, contacts, places, dates and ages before anything is coded or written.
    #[arg(long)]
    pub redact: bool,
    /// Print a short summary to standard error.
    #[arg(short, long)]
    pub verbose: bool,
    /// Movement (MEA .txt), heart (RR list, ECG CSV) or breathing signals of both people, for synchrony.
    #[arg(long, value_name = "FILE")]
    pub signal: Option<PathBuf>,
    /// Seconds to add to the signal's clock to put it on the transcript's clock.
    #[arg(long, default_value_t = 0.0, allow_hyphen_values = true)]
    pub signal_offset: f64,
    /// Sample rate of the signal, when the file does not say (MEA default 25 Hz).
    #[arg(long, value_name = "HZ")]
    pub signal_rate: Option<f64>,
    /// Segment-shuffle surrogates for the synchrony test.
    #[arg(long, default_value_t = 200)]
    pub surrogates: usize,
    /// Session audio (wav, flac, mp3, ogg; stereo = one speaker per channel) for the voice track.
    #[arg(long, value_name = "FILE")]
    pub audio: Option<PathBuf>,
}

/// Schema tag of the `--json` output.
pub const ANALYSIS_SCHEMA: &str = "attune.analysis/1";

/// The `--json` document: the coded session (turns with codes and affect) and its assessment.
#[derive(Serialize)]
pub struct AnalysisJson<'a> {
    pub schema: &'static str,
    pub generator: String,
    pub redacted: bool,
    pub coded: &'a CodedSession,
    pub assessment: &'a Assessment,
}

/// One analyzed session.
pub struct Analysis {
    pub coded: CodedSession,
    pub assessment: Assessment,
}

/// Codes and assesses one session (already redacted if it should be).
pub fn analyze_session(coder: &Coder, session: &Session, cfg: &AssessConfig) -> Analysis {
    let coded = coder.code_session(session);
    let assessment = attune_assess::assess(&coded, cfg);
    Analysis { coded, assessment }
}

/// Redacts a session (names, contacts, places, dates, ages) with attune-redact.
pub fn redact(session: &Session) -> Session {
    attune_redact::redact_session(session)
}

/// Renders the HTML report of an analysis.
pub fn render(a: &Analysis, meta: ReportMeta) -> String {
    render_with(a, meta, vec![])
}

/// The HTML report with extra sections (synchrony, voice).
pub fn render_with(a: &Analysis, meta: ReportMeta, fragments: Vec<Fragment>) -> String {
    attune_report::render_html(&ReportInput { coded: &a.coded, assessment: &a.assessment, meta, fragments })
}

/// The `--json` text of an analysis.
pub fn to_json(a: &Analysis, redacted: bool) -> anyhow::Result<String> {
    let doc = AnalysisJson {
        schema: ANALYSIS_SCHEMA,
        generator: format!("attune {}", env!("CARGO_PKG_VERSION")),
        redacted,
        coded: &a.coded,
        assessment: &a.assessment,
    };
    Ok(serde_json::to_string_pretty(&doc)?)
}

/// Writes `text` to `path`, or to standard output for `-`.
pub fn write_out(path: &Path, text: &str) -> anyhow::Result<()> {
    if path.as_os_str() == "-" {
        let mut so = std::io::stdout().lock();
        so.write_all(text.as_bytes())?;
        so.flush()?;
        return Ok(());
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Whether to colour messages on standard error (a terminal, and `NO_COLOR` unset or empty).
pub fn colour() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// A one-screen summary of an analysis, for `--verbose` and `demo`.
pub fn summary(a: &Analysis) -> String {
    let x = &a.assessment;
    let (b, r) = if colour() { ("\x1b[1m", "\x1b[0m") } else { ("", "") };
    let mut s = format!("attunement index {b}{:.0}{r}/100", x.index.value);
    for sub in &x.index.subscores {
        if let Some(v) = sub.value {
            s += &format!(", {} {v:.0}", sub.name.replace('_', " "));
        }
    }
    let rq = x.scores.reflection_to_question.value.map(|v| format!("{v:.2}")).unwrap_or_else(|| "–".into());
    let cr = x.scores.percent_complex_reflections.value.map(|v| format!("{v:.0} %")).unwrap_or_else(|| "–".into());
    s += &format!(
        "\n{} turns; R:Q {rq}, complex reflections {cr}; {} flag(s), {} rupture(s), {} repaired",
        a.coded.session.turns.len(),
        x.flags.len(),
        x.ruptures.len(),
        x.ruptures.iter().filter(|r| r.repair.is_some()).count()
    );
    s
}

fn read_session(args: &Args) -> anyhow::Result<Session> {
    let mut opts = attune_io::ReadOptions { therapist: args.therapist.clone(), client: args.client.clone(), ..Default::default() };
    if let Some(f) = &args.format {
        opts.format = Some(
            attune_io::Format::from_name(f)
                .with_context(|| format!("unknown --format `{f}` (use vtt, srt, txt, csv, json, jsonl or whisper)"))?,
        );
    }
    let report = attune_io::read_path_report(&args.file, &opts).map_err(|e| anyhow::anyhow!("{e}"))?;
    if args.verbose {
        for w in &report.warnings {
            eprintln!("{w}");
        }
    }
    let mut sessions = report.sessions;
    let s = match (&args.session, sessions.len()) {
        (Some(id), _) => {
            let i = sessions.iter().position(|s| &s.id == id).with_context(|| {
                format!("{}: no session with id `{id}` (the file holds {} session(s))", args.file.display(), sessions.len())
            })?;
            sessions.swap_remove(i)
        }
        (None, 1) => sessions.pop().unwrap(),
        (None, 0) => bail!("{}: the file holds no session", args.file.display()),
        (None, n) => bail!(
            "{}: the file holds {n} sessions; pick one with --session ID (first: `{}`) or analyze them all with `attune batch`",
            args.file.display(),
            sessions[0].id
        ),
    };
    if s.turns.is_empty() {
        bail!("{}: the session has no turns", args.file.display());
    }
    Ok(s)
}

/// Synchrony of the signal file, as a report section and a 0..1 value for the attunement index.
fn synchrony(args: &Args, path: &Path) -> anyhow::Result<(Fragment, f64)> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let label = path.display().to_string();
    let input = attune_signal::SignalInput { format: None, rate_hz: args.signal_rate, offset_s: args.signal_offset, columns: vec![], time_col: None };
    let (dyad, modality) = attune_signal::load_dyad(&text, &label, &input)?;
    for n in &dyad.quality.notes {
        eprintln!("{label}: warning: {n}");
    }
    let opts = attune_signal::SyncOptions { surrogates: args.surrogates, modality, ..Default::default() };
    let r = attune_signal::report::analyze(&dyad, &opts).with_context(|| format!("synchrony of {label}"))?;
    // For the index: how far the real synchrony stands above its own surrogates (0.5 = chance).
    let value = r.surrogate.as_ref().map(|s| s.percentile / 100.0).unwrap_or(0.5);
    Ok((Fragment { id: "sync".into(), title: "Synchrony".into(), html: attune_report::sync::section(&r) }, value))
}

/// The voice track of the audio file, as a report section.
fn voice(path: &Path, session: &Session) -> anyhow::Result<Fragment> {
    let spans = attune_voice::turns_from_session(&session.turns);
    let spans = (!spans.is_empty()).then_some(spans);
    let v = attune_voice::analyze_file(path, spans.as_deref(), &attune_voice::VoiceOptions::default())?;
    Ok(Fragment { id: "voice".into(), title: "Voice (exploratory)".into(), html: attune_report::voice::section(&v.report) })
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let mut session = read_session(&args)?;
    if args.redact {
        session = redact(&session);
        // File names and ids often carry the client's name: keep them out of every redacted output.
        session.source = None;
        session.id = "redacted".into();
    }
    let mut fragments = Vec::new();
    let mut cfg = AssessConfig::default();
    if let Some(p) = &args.signal {
        let (frag, value) = synchrony(&args, p)?;
        cfg.synchrony = Some(value);
        fragments.push(frag);
    }
    if let Some(p) = &args.audio {
        fragments.push(voice(p, &session)?);
    }
    let coder = super::embed::for_session(&super::embed::bundled(args.tier)?, &session)?;
    let a = analyze_session(&coder, &session, &cfg);

    let mut meta = ReportMeta::for_session(&a.coded.session);
    meta.therapist = args.therapist.clone();
    meta.redacted = args.redact;
    if args.redact {
        meta.title = "Attunement report (redacted)".into();
        meta.source = None;
        meta.therapist = None;
    }

    let default_html = args.output.is_none() && args.json.is_none();
    let html_path = match &args.output {
        Some(p) => Some(p.clone()),
        None if default_html => {
            let stem = args.file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "session".into());
            let stem = if args.redact { "redacted".to_string() } else { stem };
            Some(PathBuf::from(format!("{stem}-report.html")))
        }
        None => None,
    };
    if let Some(p) = &html_path {
        write_out(p, &render_with(&a, meta, fragments))?;
    }
    if let Some(p) = &args.json {
        let mut j = to_json(&a, args.redact)?;
        j.push('\n');
        write_out(p, &j)?;
    }
    if args.verbose {
        eprintln!("{}", summary(&a));
    }
    if default_html {
        // The user did not name the output: say where it went.
        eprintln!("wrote {}", html_path.as_ref().unwrap().display());
    } else if args.verbose {
        for p in html_path.iter().chain(args.json.iter()).filter(|p| p.as_os_str() != "-") {
            eprintln!("wrote {}", p.display());
        }
    }
    Ok(0)
}
