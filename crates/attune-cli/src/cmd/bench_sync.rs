//! `attune bench sync`: the synchrony engine timed on rMEA's 50-minute inputs, side by side with
//! rMEA's and SUSY's recorded times (read from the reference folder).

use anyhow::Context;
use attune_signal::bench::{self, BenchCase};
use attune_signal::series;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Folder with the reference data (rmea/, susy/).
    #[arg(long, default_value = "../shared/reference", env = "ATTUNE_REFERENCE")]
    reference: PathBuf,
    /// Timed repeats per case (median reported; one warm-up run first).
    #[arg(long, default_value_t = 5)]
    repeats: usize,
    /// Number of segment-shuffle surrogates in the surrogate case.
    #[arg(long, default_value_t = 1000)]
    surrogates: usize,
    /// Threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Machine-readable output.
    #[arg(long)]
    json: bool,
}

struct Row {
    case: BenchCase,
    cpu_s: f64,
    reference_s: Option<f64>,
    reference_value: Option<f64>,
    target: String,
    pass: Option<bool>,
}

/// CPU time of this process (all threads) in seconds, from /proc (Linux); NaN elsewhere.
fn load(p: &Path, rate: f64) -> anyhow::Result<(Vec<f64>, Vec<f64>)> {
    let t = std::fs::read_to_string(p).with_context(|| format!("cannot read {} (set --reference)", p.display()))?;
    let d = series::read_mea(&t, &p.display().to_string(), &series::MeaOptions { rate_hz: rate, ..Default::default() })?;
    Ok((d.s1.values, d.s2.values))
}

/// (rate, lag, win, inc) and rMEA's recorded (seconds, grandAver).
type Recorded = ((f64, f64, f64, f64), (f64, f64));

/// A CSV file as a header and rows (the csv crate: quoted headers and fields as R writes them).
fn read_table(p: &Path) -> anyhow::Result<(Vec<String>, Vec<Vec<String>>)> {
    let mut r = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_path(p).with_context(|| format!("cannot read {}", p.display()))?;
    let head = r.headers().with_context(|| format!("{}: no header", p.display()))?.iter().map(str::to_string).collect();
    let mut rows = Vec::new();
    for rec in r.records() {
        rows.push(rec.with_context(|| format!("{}: not readable as CSV", p.display()))?.iter().map(str::to_string).collect());
    }
    Ok((head, rows))
}

/// rMEA's recorded times.
fn rmea_times(p: &Path) -> anyhow::Result<Vec<Recorded>> {
    let (head, rows) = read_table(p)?;
    let col = |n: &str| head.iter().position(|h| h == n).with_context(|| format!("{}: no column {n}", p.display()));
    let (cr, cl, cw, ci, ct, cg) =
        (col("sampRate")?, col("lagSec")?, col("winSec")?, col("incSec")?, col("median_elapsed_s")?, col("grandAver")?);
    let mut out = vec![];
    for row in rows.iter().filter(|r| r.len() == head.len()) {
        let f: Vec<f64> = row.iter().map(|s| s.parse().unwrap_or(f64::NAN)).collect();
        out.push(((f[cr], f[cl], f[cw], f[ci]), (f[ct], f[cg])));
    }
    Ok(out)
}

fn susy_time(p: &Path) -> anyhow::Result<(f64, f64)> {
    let (head, rows) = read_table(p)?;
    let row = rows.first().cloned().unwrap_or_default();
    let get = |n: &str| -> f64 {
        head.iter().position(|h| h == n).and_then(|i| row.get(i)).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN)
    };
    Ok((get("elapsed_s"), get("Z")))
}

fn timed<F: FnOnce() -> anyhow::Result<BenchCase>>(f: F) -> anyhow::Result<(BenchCase, f64)> {
    let c0 = attune::bench::process_cpu_seconds();
    let case = f()?;
    let runs = case.times_s.len() as f64 + 1.0; // + warm-up
    Ok((case, (attune::bench::process_cpu_seconds() - c0) / runs))
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    if let Some(t) = args.threads {
        let _ = rayon::ThreadPoolBuilder::new().num_threads(t).build_global();
    }
    let base = &args.reference;
    let times = rmea_times(&base.join("rmea/expected/T1_timing_MEAccf_50min.csv"))?;
    let (susy_s, susy_z) = susy_time(&base.join("susy/susy_T_input_50min_25Hz_seg30_maxlag5_summary_and_timing.csv"))?;
    let mut rows: Vec<Row> = vec![];
    for rate in [25.0, 30.0] {
        let (x, y) = load(&base.join(format!("rmea/input/T_input_50min_{rate}Hz.txt")), rate)?;
        for (lag, win, inc) in [(5.0, 60.0, 30.0), (5.0, 30.0, 10.0), (5.0, 60.0, 1.0)] {
            let (case, cpu) = timed(|| Ok(bench::time_ccf(&x, &y, rate, lag, win, inc, args.repeats)?))?;
            let rec = times.iter().find(|(k, _)| *k == (rate, lag, win, inc)).map(|(_, v)| *v);
            let need = if inc == 1.0 { 250.0 } else { 100.0 };
            let pass = rec.map(|(t, _)| t / case.median_s >= need);
            rows.push(Row {
                case,
                cpu_s: cpu,
                reference_s: rec.map(|v| v.0),
                reference_value: rec.map(|v| v.1),
                target: format!(">= {need}x rMEA"),
                pass,
            });
        }
        if rate == 25.0 {
            let (case, cpu) = timed(|| Ok(bench::time_susy(&x, &y, rate, 30.0, 5.0, args.repeats)?))?;
            let pass = Some(susy_s / case.median_s >= 100.0);
            rows.push(Row { case, cpu_s: cpu, reference_s: Some(susy_s), reference_value: Some(susy_z), target: ">= 100x SUSY".into(), pass });
            let (case, cpu) =
                timed(|| Ok(bench::time_surrogates(&x, &y, rate, 5.0, 60.0, 30.0, args.surrogates, args.repeats.min(3))?))?;
            let pass = Some(case.median_s <= 2.0);
            rows.push(Row { case, cpu_s: cpu, reference_s: None, reference_value: None, target: "<= 2 s".into(), pass });
        }
    }
    let threads = rayon::current_num_threads();
    if args.json {
        let v: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "case": r.case.name,
                    "attune_median_s": r.case.median_s,
                    "attune_min_s": r.case.times_s.iter().cloned().fold(f64::INFINITY, f64::min),
                    "attune_cpu_s_per_run": r.cpu_s,
                    "reference_s": r.reference_s,
                    "ratio": r.reference_s.map(|t| t / r.case.median_s),
                    "value": r.case.value,
                    "reference_value": r.reference_value,
                    "target": r.target,
                    "pass": r.pass,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "threads": threads, "repeats": args.repeats, "cases": v }))?);
    } else {
        println!("attune bench sync — {threads} threads, median of {} runs after a warm-up; rMEA/SUSY times are recorded (R is not installed here, so not re-run; 1 core)", args.repeats);
        println!(
            "{:<48} {:>10} {:>10} {:>10} {:>10} {:>9}  {:<14} {:>5}  value check",
            "case", "attune s", "min s", "cpu s/run", "recorded s", "ratio", "target", "pass"
        );
        for r in &rows {
            let min = r.case.times_s.iter().cloned().fold(f64::INFINITY, f64::min);
            let ratio = r.reference_s.map(|t| format!("{:.0}x", t / r.case.median_s)).unwrap_or_else(|| "-".into());
            let refs = r.reference_s.map(|t| format!("{t:.3}")).unwrap_or_else(|| "-".into());
            let check = match r.reference_value {
                Some(v) => format!("{} vs ref {} (|d| {:.1e})", r.case.value, v, (r.case.value - v).abs()),
                None => format!("{}", r.case.value),
            };
            println!(
                "{:<48} {:>10.4} {:>10.4} {:>10.4} {:>9} {:>9}  {:<14} {:>5}  {}",
                r.case.name,
                r.case.median_s,
                min,
                r.cpu_s,
                refs,
                ratio,
                r.target,
                match r.pass {
                    Some(true) => "yes",
                    Some(false) => "NO",
                    None => "-",
                },
                check
            );
        }
        println!("note: wall times depend on machine load; 'cpu s/run' is this process's CPU time per run (all threads).");
    }
    Ok(0)
}
