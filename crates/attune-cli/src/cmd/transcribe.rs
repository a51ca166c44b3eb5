//! `attune transcribe REC`: arguments → `attune::speech` → a timed, diarized transcript (attune JSON, VTT or
//! Whisper JSON) and its RTTM. Nothing is written until the whole recording is transcribed.

use super::common::{transcribe_recording_saving, write_out, SavedProgress};
use attune::speech::TranscribeSpec;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  attune transcribe session.wav                         # writes session.json and session.rttm here\n  \
attune transcribe session.flac -o session.vtt --therapist left\n  \
attune transcribe mono.wav --speakers 2 -o mono.json      # one channel: voices told apart here (CAM++)\n  \
attune transcribe mono.wav --rttm mono.rttm -o mono.json   # speakers from another tool's diarization\n  \
attune transcribe session.mp4 --beam 1                     # video through ffmpeg; greedy decoding\n  \
attune transcribe long.wav -o long.json --resume           # go on after an interruption (long.json.partial)\n\n\
A stereo recording with one person per channel is split by channel (speakers `Left` and `Right`); a mono\n\
recording is diarized (speakers `Speaker 1`, `Speaker 2`, … in order of first speech). The models (Whisper\n\
tiny.en, Silero VAD, CAM++) are installed by `bash scripts/setup.sh`; nothing leaves this machine.")]
pub struct Args {
    /// The recording: .wav, .flac, .mp3, .m4a, .ogg (or a video through ffmpeg).
    pub file: PathBuf,
    /// Write the transcript here: .json (attune session), .vtt (WebVTT with speakers), or .whisper.json
    /// (OpenAI Whisper's JSON with a speaker per segment). The RTTM goes beside it (same stem, .rttm).
    #[arg(short = 'o', long = "output", value_name = "session.json")]
    pub output: Option<PathBuf>,
    /// How many people speak in a mono recording (default: as many as the voices suggest; 1: no diarization).
    #[arg(long, value_name = "N")]
    pub speakers: Option<usize>,
    /// Language code (`en`; the bundled English-only model takes only `en`).
    #[arg(long, value_name = "CODE")]
    pub language: Option<String>,
    /// Beam width (1: greedy, faster).
    #[arg(long, default_value_t = 5)]
    pub beam: usize,
    /// Speakers of a mono recording from a diarization (pyannote RTTM).
    #[arg(long, value_name = "FILE")]
    pub rttm: Option<PathBuf>,
    /// The therapist's speaker (`Left`, `Right`, or an RTTM speaker); otherwise roles are inferred.
    #[arg(long, value_name = "NAME")]
    pub therapist: Option<String>,
    /// The client's speaker.
    #[arg(long, value_name = "NAME")]
    pub client: Option<String>,
    /// The Whisper model folder (default: models/whisper-tiny.en or ATTUNE_WHISPER_DIR).
    #[arg(long, value_name = "DIR")]
    pub model: Option<PathBuf>,
    /// Decode the silences too (no voice-activity step; slower, and Whisper may invent text in long silence).
    #[arg(long)]
    pub no_vad: bool,
    /// Go on from where an interrupted run stopped (its progress is saved after every 30-second window in
    /// OUTPUT.partial, removed when the transcript is complete).
    #[arg(long)]
    pub resume: bool,
    /// No progress bar and no warnings.
    #[arg(short, long)]
    pub quiet: bool,
}

fn spec(a: &Args) -> TranscribeSpec {
    TranscribeSpec {
        speakers: a.speakers,
        language: a.language.clone(),
        beam: a.beam,
        rttm: a.rttm.clone(),
        therapist: a.therapist.clone(),
        client: a.client.clone(),
        model_dir: a.model.clone(),
        no_vad: a.no_vad,
    }
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let out = match &args.output {
        Some(p) => p.clone(),
        None => PathBuf::from(format!("{}.json", args.file.file_stem().and_then(|s| s.to_str()).unwrap_or("transcript"))),
    };
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    if !(name.ends_with(".json") || name.ends_with(".vtt")) && out.as_os_str() != "-" {
        anyhow::bail!("{}: the transcript is written as .json, .whisper.json or .vtt", out.display());
    }
    let partial = partial_path(&out, &args.file);
    let t = transcribe_recording_saving(&args.file, &spec(&args), args.quiet, Some(SavedProgress { file: &partial, resume: args.resume }))?;
    if !args.quiet {
        for w in &t.warnings {
            eprintln!("warning: {w}");
        }
    }
    let text = if name.ends_with(".whisper.json") {
        attune::speech::whisper_json(&t.segments)
    } else if name.ends_with(".vtt") {
        attune::attune_io::to_vtt(&t.session)?
    } else {
        attune::attune_io::to_attune_json(&t.session)?
    };
    write_out(&out, &text)?;
    if out.as_os_str() != "-" {
        let rttm = rttm_path(&out);
        write_out(&rttm, &t.rttm)?;
        if args.output.is_none() {
            eprintln!("wrote {} and {}", out.display(), rttm.display());
        }
    }
    Ok(0)
}

/// Where the progress is kept: `OUTPUT.partial` (standard output: `RECORDING-STEM.partial` here).
fn partial_path(out: &Path, recording: &Path) -> PathBuf {
    if out.as_os_str() == "-" {
        return PathBuf::from(format!("{}.partial", recording.file_stem().and_then(|s| s.to_str()).unwrap_or("transcript")));
    }
    let mut s = out.as_os_str().to_owned();
    s.push(".partial");
    PathBuf::from(s)
}

/// `x.json`, `x.whisper.json`, `x.vtt` → `x.rttm`.
fn rttm_path(out: &Path) -> PathBuf {
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("transcript");
    let stem = name.strip_suffix(".whisper.json").or_else(|| name.rsplit_once('.').map(|p| p.0)).unwrap_or(name);
    out.with_file_name(format!("{stem}.rttm"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn rttm_beside_the_transcript() {
        use std::path::Path;
        assert_eq!(super::rttm_path(Path::new("a/s.json")), Path::new("a/s.rttm"));
        assert_eq!(super::rttm_path(Path::new("s.whisper.json")), Path::new("s.rttm"));
        assert_eq!(super::rttm_path(Path::new("s.vtt")), Path::new("s.rttm"));
    }
}
