//! `attune prosody`: pitch, intensity and per-turn prosody of session audio (Praat-faithful).

use anyhow::Context;
use attune_voice::{analyze_file, intensity_csv, pitch_csv, turns_csv, SpeakerTrack, VoiceOptions};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  attune prosody session.wav --transcript turns.csv\n  \
attune prosody stereo.wav --pitch-csv f0.csv --intensity-csv db.csv\n  attune prosody session.flac --channel 0 --json\n\n\
Audio: WAV (PCM 8/16/24/32-bit, float), FLAC, MP3, Ogg Vorbis. A stereo file is read as one speaker per channel \
(each speaker is matched to the channel where their turns are loudest); --mix analyzes the channel average, \
--channel N one channel. Transcript: CSV `speaker,start,end[,text]` (header optional; `turn,speaker,start_s,end_s` \
works too), a pyannote RTTM (speakers and times are enough), or any transcript format attune reads with timestamps (VTT, SRT, ...). Speakers T/therapist and \
C/client get roles, which the vocal-matching figures need.\n\n\
Pitch: Praat's To Pitch (ac), 10 ms, 75-600 Hz, default costs; CSV `time,f0_hz` with 0 for unvoiced, on Praat's \
frame grid. Intensity: Praat's To Intensity (100 Hz, 8 ms, mean subtracted); CSV `time,db`, -300 = digital silence \
(excluded from every mean). With several channels the CSVs are written once per channel (NAME_ch0.csv, ...).\n\
Voice measures are exploratory: pitch synchrony's link to empathy did not replicate.")]
pub struct Args {
    /// Audio file.
    file: PathBuf,
    /// Analyze only this channel (0-based).
    #[arg(long)]
    channel: Option<usize>,
    /// Analyze the average of all channels as one track.
    #[arg(long, conflicts_with = "channel")]
    mix: bool,
    /// Timed turns: CSV `speaker,start,end[,text]` or a timestamped transcript.
    #[arg(long)]
    transcript: Option<PathBuf>,
    /// Write the pitch frame table (`time,f0_hz`) here.
    #[arg(long, value_name = "OUT")]
    pitch_csv: Option<PathBuf>,
    /// Write the intensity frame table (`time,db`) here.
    #[arg(long, value_name = "OUT")]
    intensity_csv: Option<PathBuf>,
    /// Write the per-turn table here (it is also printed unless --json).
    #[arg(long, value_name = "OUT")]
    turns_csv: Option<PathBuf>,
    /// Pitch floor in Hz.
    #[arg(long, default_value_t = 75.0)]
    pitch_floor: f64,
    /// Pitch ceiling in Hz.
    #[arg(long, default_value_t = 600.0)]
    pitch_ceiling: f64,
    /// Print the voice report as JSON (per speaker, per turn, arousal, matching).
    #[arg(long)]
    json: bool,
}

fn out_path(base: &Path, track: &SpeakerTrack, several: bool) -> PathBuf {
    if !several {
        return base.to_path_buf();
    }
    let stem = base.file_stem().and_then(|s| s.to_str()).unwrap_or("out");
    let ext = base.extension().and_then(|s| s.to_str()).unwrap_or("csv");
    let tag = track.channel.map(|c| format!("ch{c}")).unwrap_or_else(|| "mix".into());
    base.with_file_name(format!("{stem}_{tag}.{ext}"))
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let turns = match args.transcript.as_deref() {
        Some(path) => {
            let (turns, warnings) = attune::sections::voice_turns(path)?;
            for w in warnings {
                eprintln!("{w}");
            }
            Some(turns)
        }
        None => None,
    };
    let mut opts = VoiceOptions { channel: args.channel, mix: args.mix, ..Default::default() };
    anyhow::ensure!(
        args.pitch_floor > 0.0 && args.pitch_ceiling > args.pitch_floor,
        "--pitch-floor must be positive and below --pitch-ceiling"
    );
    opts.pitch.floor = args.pitch_floor;
    opts.pitch.ceiling = args.pitch_ceiling;
    let an = analyze_file(&args.file, turns.as_deref(), &opts)?;
    let several = an.tracks.len() > 1;
    // Formatting a frame table is most of the time after analysis on long audio; the tables are
    // independent, so each is formatted and written on its own thread.
    let mut jobs: Vec<(PathBuf, Box<dyn Fn() -> String + Send + Sync + '_>, String)> = Vec::new();
    for tr in &an.tracks {
        if let Some(p) = &args.pitch_csv {
            let note = format!("{} frames, {}", tr.pitch.frames.len(), tr.speaker);
            jobs.push((out_path(p, tr, several), Box::new(move || pitch_csv(&tr.pitch)), note));
        }
        if let Some(p) = &args.intensity_csv {
            let note = format!("{} frames, {}", tr.intensity.frames.len(), tr.speaker);
            jobs.push((out_path(p, tr, several), Box::new(move || intensity_csv(&tr.intensity)), note));
        }
    }
    let written: Vec<anyhow::Result<()>> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|(path, table, _)| {
                scope.spawn(move || std::fs::write(path, table()).with_context(|| format!("{}: cannot write", path.display())))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(anyhow::anyhow!("a table writer failed")))).collect()
    });
    for ((path, _, note), result) in jobs.iter().zip(written) {
        result?;
        eprintln!("wrote {} ({note})", path.display());
    }
    if let Some(p) = &args.turns_csv {
        std::fs::write(p, turns_csv(&an.report.turns)).with_context(|| format!("{}: cannot write", p.display()))?;
    }
    let r = &an.report;
    if args.json {
        println!("{}", serde_json::to_string_pretty(r)?);
        return Ok(0);
    }
    let o = |v: Option<f64>, d: usize| v.map(|x| format!("{x:.d$}")).unwrap_or_else(|| "-".into());
    println!("{}: {:.1} s at {} Hz; voice measures are exploratory", r.source, r.duration, r.rate);
    for s in &r.speakers {
        println!(
            "  {:<12} F0 {} ± {} Hz ({} voiced frames), loudness {} dB",
            s.speaker,
            o(s.f0_mean, 1),
            o(s.f0_sd, 1),
            s.n_voiced,
            o(s.db_mean, 1)
        );
    }
    if !r.turns.is_empty() {
        println!();
        print!("{}", turns_csv(&r.turns));
    }
    if let Some(m) = &r.matching {
        println!();
        println!(
            "vocal matching (client turn -> next therapist turn, {} pairs): F0 r = {}, loudness r = {}; \
             proximity F0 {} (baseline {}), loudness {} (baseline {})",
            m.f0.pairs,
            o(m.f0.synchrony_r, 2),
            o(m.loudness.synchrony_r, 2),
            o(m.f0.proximity, 2),
            o(m.f0.baseline_proximity, 2),
            o(m.loudness.proximity, 2),
            o(m.loudness.baseline_proximity, 2)
        );
    }
    match (&r.synchrony, &r.synchrony_note) {
        (Some(sy), _) => {
            let c = &sy.config.ccf;
            println!();
            println!(
                "vocal synchrony ({} leads at positive lags; lag {} s, window {} s, increment {} s, signed r): F0 {} ({} of {} windows), loudness {} ({} of {} windows)",
                sy.s1,
                c.lag_s,
                c.window_s,
                c.increment_s,
                o(sy.f0.grand_average, 3),
                sy.f0.windows_used,
                sy.f0.windows,
                o(sy.loudness.grand_average, 3),
                sy.loudness.windows_used,
                sy.loudness.windows
            );
        }
        (None, Some(note)) => {
            println!();
            println!("vocal synchrony: not computed ({note})");
        }
        (None, None) => {}
    }
    Ok(0)
}
