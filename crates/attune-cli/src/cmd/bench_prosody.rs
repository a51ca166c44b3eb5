//! `attune bench prosody`: pitch and intensity speed against Praat's recorded times
//! (../shared/reference/praat/summary.json: To Pitch (ac) 0.1709 s and To Intensity 0.02187 s per
//! audio minute on this kind of machine, one core).

use attune_voice::audio::{decode_file, resample, Channel};
use attune::bench::{median, thread_cpu_seconds};
use attune_voice::intensity::{intensity, IntensityParams};
use attune_voice::pitch::{pitch_ac, PitchParams};
use std::path::PathBuf;
use std::time::Instant;

/// Praat 6.1.38 seconds per audio minute (pitch ac 10 ms; intensity default), single core.
const PRAAT_PITCH_S_PER_MIN: f64 = 0.170_924_929_5;
const PRAAT_INTENSITY_S_PER_MIN: f64 = 0.021_865_245;

#[derive(clap::Args)]
#[command(after_help = "Builds a MINUTES-long signal at RATE Hz from INPUT (default: the reference dialogue \
../shared/reference/praat/dialogue_mono.wav, resampled and repeated; a synthetic two-voice signal when absent), \
then times pitch and intensity on one core (median of --runs). Reports wall seconds and the thread's CPU seconds \
(the machine is shared, so wall time is noisy) and the speed-up over Praat's recorded times.\n\n\
Example: cargo build --release -p attune-cli && target/release/attune bench prosody --minutes 60 --rate 16000")]
pub struct Args {
    /// Length of the benchmark signal in minutes.
    #[arg(long, default_value_t = 60.0)]
    minutes: f64,
    /// Sample rate of the benchmark signal.
    #[arg(long, default_value_t = 16000)]
    rate: u32,
    /// Audio to repeat (mono mix is used).
    #[arg(long)]
    input: Option<PathBuf>,
    /// Timed runs (the median is reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn synth(rate: u32, secs: f64) -> Vec<f32> {
    // Two alternating "voices": harmonic complexes with gliding F0, syllable envelopes, pauses.
    let n = (rate as f64 * secs) as usize;
    let mut st: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut phase = 0.0f64;
    (0..n)
        .map(|i| {
            let t = i as f64 / rate as f64;
            let turn = (t / 6.0) as u64;
            let in_turn = t % 6.0;
            let base = if turn.is_multiple_of(2) { 100.0 } else { 220.0 };
            let f0 = base * (1.0 + 0.15 * (t * 0.7).sin());
            phase += 2.0 * std::f64::consts::PI * f0 / rate as f64;
            let syll = (std::f64::consts::PI * (in_turn * 4.0).fract()).sin().max(0.0);
            let on = if in_turn < 5.4 { syll } else { 0.0 };
            st = st.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let noise = ((st >> 40) as f64 / (1u64 << 24) as f64 - 0.5) * 0.002;
            let v: f64 = (1..=8).map(|k| (k as f64 * phase).sin() / k as f64).sum();
            (0.2 * on * v + noise) as f32
        })
        .collect()
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    anyhow::ensure!(args.minutes > 0.0 && args.rate >= 8000, "--minutes must be positive and --rate at least 8000");
    let default_input = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/reference/praat/dialogue_mono.wav"));
    let input = args.input.clone().or_else(|| default_input.is_file().then_some(default_input));
    let (one, source) = match &input {
        Some(p) => {
            let a = decode_file(p, Channel::Mix)?;
            (resample(&a.samples, a.rate, args.rate)?, p.display().to_string())
        }
        None => (synth(args.rate, 60.0), "synthetic two-voice signal".to_string()),
    };
    let total = (args.minutes * 60.0 * args.rate as f64) as usize;
    let x: Vec<f32> = one.iter().copied().cycle().take(total).collect();
    let rate = args.rate as f64;
    let (mut pw, mut pc, mut iw, mut ic) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut frames = (0, 0, 0);
    for _ in 0..args.runs.max(1) {
        let (c0, t0) = (thread_cpu_seconds(), Instant::now());
        let p = pitch_ac(&x, rate, &PitchParams::default());
        let (c1, t1) = (thread_cpu_seconds(), Instant::now());
        let it = intensity(&x, rate, &IntensityParams::default());
        let (c2, t2) = (thread_cpu_seconds(), Instant::now());
        pw.push((t1 - t0).as_secs_f64());
        iw.push((t2 - t1).as_secs_f64());
        if let (Some(a), Some(b), Some(c)) = (c0, c1, c2) {
            pc.push(b - a);
            ic.push(c - b);
        }
        frames = (p.frames.len(), p.voiced().count(), it.frames.len());
    }
    let (pw, iw) = (median(&pw), median(&iw));
    let (pc, ic) = (if pc.is_empty() { None } else { Some(median(&pc)) }, if ic.is_empty() { None } else { Some(median(&ic)) });
    let praat_p = PRAAT_PITCH_S_PER_MIN * args.minutes;
    let praat_i = PRAAT_INTENSITY_S_PER_MIN * args.minutes;
    let load = std::fs::read_to_string("/proc/loadavg").ok().and_then(|s| s.split_whitespace().next().map(String::from));
    if args.json {
        let j = serde_json::json!({
            "source": source, "minutes": args.minutes, "rate": args.rate, "runs": args.runs,
            "pitch": {"frames": frames.0, "voiced": frames.1, "wall_s": pw, "cpu_s": pc, "praat_s": praat_p,
                      "speedup_wall": praat_p / pw, "speedup_cpu": pc.map(|c| praat_p / c)},
            "intensity": {"frames": frames.2, "wall_s": iw, "cpu_s": ic, "praat_s": praat_i,
                          "speedup_wall": praat_i / iw, "speedup_cpu": ic.map(|c| praat_i / c)},
            "load_average_1min": load, "threads": 1,
        });
        println!("{}", serde_json::to_string_pretty(&j)?);
        return Ok(0);
    }
    let f = |v: Option<f64>| v.map(|x| format!("{x:.3}")).unwrap_or_else(|| "n/a".into());
    let r = |p: f64, v: Option<f64>| v.map(|x| format!("{:.1}x", p / x)).unwrap_or_else(|| "n/a".into());
    println!("{:.0} min at {} Hz from {source}; one core, median of {} run(s); load average {}", args.minutes, args.rate, args.runs, load.unwrap_or_default());
    println!("{:<10} {:>9} {:>9} {:>9} {:>11} {:>10}", "", "wall s", "cpu s", "Praat s", "speedup", "(wall)");
    println!("{:<10} {:>9.3} {:>9} {:>9.2} {:>11} {:>10}", "pitch", pw, f(pc), praat_p, r(praat_p, pc), format!("{:.1}x", praat_p / pw));
    println!("{:<10} {:>9.3} {:>9} {:>9.2} {:>11} {:>10}", "intensity", iw, f(ic), praat_i, r(praat_i, ic), format!("{:.1}x", praat_i / iw));
    println!("pitch: {} frames ({} voiced); intensity: {} frames", frames.0, frames.1, frames.2);
    Ok(0)
}
