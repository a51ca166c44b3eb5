//! `attune analyze FILE`: arguments → `attune::Pipeline` → the HTML report and/or the JSON document.

use super::common::{summary, transcribe_recording, write_out, TierArg};
use attune::input::ReadSpec;
use attune::sections::SignalSpec;
use attune::{Extras, Options, Pipeline, Redaction};
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  attune analyze session.vtt                      # writes session-report.html here\n  \
attune analyze session.vtt -o report.html --json report.json\n  \
attune analyze zoom.vtt --therapist \"Dr. Lee\" --redact -o report.html\n  \
attune analyze corpus.jsonl --session esconv-train-0000 -o one.html\n  \
attune analyze session.wav --therapist left    # stereo recording, one person per channel: transcribed here\n  \
attune analyze mono.m4a --rttm mono.rttm       # mono recording with a diarization")]
pub struct Args {
    /// The transcript: .vtt, .srt, .txt, .csv, attune .json, or .jsonl (with --session); or a recording
    /// (.wav, .flac, .mp3, .m4a, .ogg; video through ffmpeg), transcribed on this machine first.
    pub file: PathBuf,
    /// Coder tier: `fast` (default) or `accurate` (adds MiniLM sentence embeddings; slower, more accurate).
    #[arg(long, value_enum, default_value_t)]
    pub tier: TierArg,
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
    /// Also write the transcript as an ELAN annotation file (.eaf) for review (timed turns needed).
    #[arg(long, value_name = "out.eaf")]
    pub eaf: Option<PathBuf>,
    /// Replace names, contacts, places, dates and ages before anything is coded or written.
    #[arg(long)]
    pub redact: bool,
    /// With --redact: kinds of identifier to keep, comma-separated (e.g. `date,age`; kinds: person, org,
    /// place, address, postcode, date, age, phone, email, url, id, ip). Speakers' names are always taken out.
    #[arg(long, value_name = "KINDS", requires = "redact")]
    pub redact_keep: Option<String>,
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
    /// Session audio (wav, flac, mp3, ogg; stereo = one speaker per channel) for the voice track. A
    /// recording given as FILE is its own audio.
    #[arg(long, value_name = "FILE")]
    pub audio: Option<PathBuf>,
    /// A recording: speakers of a mono recording from a diarization (pyannote RTTM).
    #[arg(long, value_name = "FILE")]
    pub rttm: Option<PathBuf>,
    /// A recording: beam width of speech-to-text (1: greedy, faster).
    #[arg(long, default_value_t = 5)]
    pub beam: usize,
    /// A recording: its language code (the bundled model takes `en`).
    #[arg(long, value_name = "CODE")]
    pub language: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let spec = ReadSpec {
        therapist: args.therapist.clone(),
        client: args.client.clone(),
        format: args.format.clone(),
        session: args.session.clone(),
        rttm: None,
    };
    let recording = attune::speech::is_recording(&args.file);
    let (session, warnings) = if recording {
        let t = transcribe_recording(
            &args.file,
            &attune::speech::TranscribeSpec {
                language: args.language.clone(),
                beam: args.beam,
                rttm: args.rttm.clone(),
                therapist: args.therapist.clone(),
                client: args.client.clone(),
                ..Default::default()
            },
            !args.verbose,
        )?;
        (t.session, t.warnings)
    } else {
        let (s, w) = attune::input::read_one(&args.file, &spec)?;
        (s, w.iter().map(|w| w.to_string()).collect())
    };
    if args.verbose || recording {
        for w in &warnings {
            eprintln!("{w}");
        }
    }
    // said whatever the verbosity: the figures of such a session are not what they seem
    if let Some(n) = attune::input::language_notice(&session) {
        eprintln!("warning: {n}");
    }
    let redaction = if args.redact { Redaction::On } else { Redaction::Off };
    let redact_keep = attune::attune_redact::Policy::keeping(args.redact_keep.as_deref().unwrap_or("")).map_err(|e| anyhow::anyhow!("--redact-keep: {e}"))?;
    let pipeline = Pipeline::new(Options { tier: args.tier.into(), redaction, redact_keep, ..Options::default() })?;
    let extras = Extras {
        signal: args.signal.as_ref().map(|p| SignalSpec {
            path: p.clone(),
            rate_hz: args.signal_rate,
            offset_s: args.signal_offset,
            surrogates: args.surrogates,
        }),
        // A recording in an audio container is also the voice track (video is not decoded twice).
        audio: args.audio.clone().or_else(|| (recording && attune::speech::is_audio(&args.file)).then(|| args.file.clone())),
    };
    let a = pipeline.analyze_with(session, &extras)?;
    for n in &a.notes {
        eprintln!("{n}");
    }

    let default_html = args.output.is_none() && args.json.is_none() && args.eaf.is_none();
    let html_path = match &args.output {
        Some(p) => Some(p.clone()),
        None if default_html => Some(PathBuf::from(format!("{}-report.html", redaction.file_stem(&args.file)))),
        None => None,
    };
    if let Some(p) = &html_path {
        let mut meta = a.report_meta();
        meta.therapist = args.therapist.clone();
        write_out(p, &a.to_html_with(meta))?;
    }
    if let Some(p) = &args.json {
        write_out(p, &a.to_json()?)?;
    }
    if let Some(p) = &args.eaf {
        write_out(p, &a.to_eaf()?)?;
    }
    if args.verbose {
        eprintln!("{}", summary(&a));
    }
    if let (true, Some(p)) = (default_html, &html_path) {
        // The user did not name the output: say where it went.
        eprintln!("wrote {}", p.display());
    } else if args.verbose {
        for p in html_path.iter().chain(args.json.iter()).chain(args.eaf.iter()).filter(|p| p.as_os_str() != "-") {
            eprintln!("wrote {}", p.display());
        }
    }
    Ok(0)
}
