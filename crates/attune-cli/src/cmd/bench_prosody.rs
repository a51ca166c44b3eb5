//! `attune bench prosody`: the whole job a user runs — `attune prosody X.wav --pitch-csv --intensity-csv` as a
//! fresh process — side by side with Praat doing the same through parselmouth (scripts/bench/praat_prosody.py),
//! on the same WAV, alternating, in the same run.

use attune::bench::{load_average, median};
use attune_voice::audio::{decode_file, resample, Channel};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[derive(clap::Args)]
#[command(after_help = "Builds a MINUTES-long 16-bit mono WAV at RATE Hz from INPUT (default: the reference dialogue \
../shared/reference/praat/dialogue_mono.wav, repeated) in a temporary folder, then runs, alternately and --rounds \
times each, every run a fresh process writing both frame tables:\n  \
attune prosody X.wav --pitch-csv p.csv --intensity-csv i.csv\n  \
PYTHON scripts/bench/praat_prosody.py X.wav --pitch-csv p.csv --intensity-csv i.csv   (Praat 6.1.38 via parselmouth)\n\
Reports wall seconds (min and median) and the children's CPU seconds. Praat runs only where PYTHON can import \
parselmouth (`pip install praat-parselmouth`); otherwise attune runs alone and no ratio is given.\n\n\
Examples:\n  attune bench prosody\n  attune bench prosody --python /opt/venv/bin/python --rounds 5 --json")]
pub struct Args {
    /// Length of the benchmark recording in minutes.
    #[arg(long, default_value_t = 60.0)]
    minutes: f64,
    /// Sample rate of the benchmark recording.
    #[arg(long, default_value_t = 22050)]
    rate: u32,
    /// Audio to repeat (mixed to mono).
    #[arg(long)]
    input: Option<PathBuf>,
    /// Runs of each tool (alternating).
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// The Python interpreter that has parselmouth.
    #[arg(long, default_value = "python3")]
    python: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn write_wav(path: &Path, samples: &[f32], rate: u32) -> anyhow::Result<()> {
    let spec = hound::WavSpec { channels: 1, sample_rate: rate, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
    let mut w = hound::WavWriter::create(path, spec)?;
    for &s in samples {
        w.write_sample((s.clamp(-1.0, 1.0) * 32767.0).round() as i16)?;
    }
    w.finalize()?;
    Ok(())
}

/// Children's CPU seconds (user + system) so far.
fn children_cpu() -> f64 {
    // SAFETY: getrusage writes into the zeroed struct we pass and reads nothing else.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru) } != 0 {
        return f64::NAN;
    }
    let s = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    s(ru.ru_utime) + s(ru.ru_stime)
}

struct Tool {
    name: &'static str,
    cmd: Vec<String>,
    wall: Vec<f64>,
    cpu: Vec<f64>,
}

fn run_once(t: &mut Tool) -> anyhow::Result<()> {
    let c0 = children_cpu();
    let t0 = Instant::now();
    let out = Command::new(&t.cmd[0]).args(&t.cmd[1..]).output()?;
    t.wall.push(t0.elapsed().as_secs_f64());
    t.cpu.push(children_cpu() - c0);
    anyhow::ensure!(out.status.success(), "{} failed: {}", t.name, String::from_utf8_lossy(&out.stderr).trim());
    Ok(())
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    anyhow::ensure!(args.minutes > 0.0 && args.rate >= 8000, "--minutes must be positive and --rate at least 8000");
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let input = args.input.clone().unwrap_or_else(|| root.join("../shared/reference/praat/dialogue_mono.wav"));
    let input = input.canonicalize().unwrap_or(input);
    let a = decode_file(&input, Channel::Mix)?;
    let one = resample(&a.samples, a.rate, args.rate)?;
    anyhow::ensure!(!one.is_empty(), "{}: no samples", input.display());
    let total = (args.minutes * 60.0 * args.rate as f64) as usize;
    let x: Vec<f32> = one.iter().copied().cycle().take(total).collect();
    let dir = std::env::temp_dir().join(format!("attune-bench-prosody-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let wav = dir.join("recording.wav");
    write_wav(&wav, &x, args.rate)?;
    drop(x);
    let (p_csv, i_csv) = (dir.join("p.csv"), dir.join("i.csv"));
    let s = |p: &Path| p.display().to_string();
    let job = |prefix: Vec<String>| {
        let mut v = prefix;
        v.extend([s(&wav), "--pitch-csv".into(), s(&p_csv), "--intensity-csv".into(), s(&i_csv)]);
        v
    };
    let exe = std::env::current_exe()?;
    let mut tools = vec![Tool { name: "attune prosody", cmd: job(vec![s(&exe), "prosody".into()]), wall: vec![], cpu: vec![] }];
    let script = root.join("scripts/bench/praat_prosody.py");
    let has_praat = Command::new(&args.python)
        .args(["-c", "import parselmouth"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if has_praat {
        tools.push(Tool { name: "Praat via parselmouth", cmd: job(vec![args.python.clone(), s(&script)]), wall: vec![], cpu: vec![] });
    }
    let result = (|| {
        for _ in 0..args.rounds.max(1) {
            for t in tools.iter_mut() {
                run_once(t)?;
            }
        }
        anyhow::Ok(())
    })();
    std::fs::remove_dir_all(&dir).ok();
    result?;
    let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    let ratio = tools.get(1).map(|p| (min(&p.wall) / min(&tools[0].wall), median(&p.wall) / median(&tools[0].wall)));
    if args.json {
        let j = serde_json::json!({
            "minutes": args.minutes, "rate": args.rate, "rounds": args.rounds, "input": s(&input),
            "load_average_1min": load_average(),
            "tools": tools.iter().map(|t| serde_json::json!({
                "name": t.name, "command": t.cmd.join(" "), "wall_s": t.wall, "cpu_s": t.cpu,
                "wall_min_s": min(&t.wall), "wall_median_s": median(&t.wall), "cpu_median_s": median(&t.cpu)})).collect::<Vec<_>>(),
            "speedup_wall_min": ratio.map(|r| r.0), "speedup_wall_median": ratio.map(|r| r.1),
            "praat": if has_praat { "run side by side" } else { "not run: this Python cannot import parselmouth" },
        });
        println!("{}", serde_json::to_string_pretty(&j)?);
        return Ok(0);
    }
    println!(
        "{:.0} min of {} at {} Hz, mono 16-bit; {} alternating round(s), each a fresh process writing both CSVs; load average {:.2}",
        args.minutes,
        input.display(),
        args.rate,
        args.rounds,
        load_average()
    );
    println!("{:<24} {:>10} {:>10} {:>8}", "", "wall min s", "median s", "cpu s");
    for t in &tools {
        println!("{:<24} {:>10.3} {:>10.3} {:>8.3}", t.name, min(&t.wall), median(&t.wall), median(&t.cpu));
    }
    match ratio {
        Some((a, b)) => println!("attune is {a:.1}x faster than Praat (min wall), {b:.1}x (median)"),
        None => println!(
            "Praat not run: `{}` cannot import parselmouth (pip install praat-parselmouth, or --python PATH)",
            args.python
        ),
    }
    Ok(0)
}
