//! `attune batch DIR|GLOB|FILE... --out results.csv`: arguments → `attune::batch::run_batch` → tidy per-turn
//! and per-session tables, with a progress bar and the failures listed at the end (exit 1).

use super::common::TierArg;
use attune::batch::{failure_line, run_batch, BatchSpec, Event};
use attune::input::ReadSpec;
use attune::{Options, Pipeline, Redaction};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::path::PathBuf;

#[derive(clap::Args, Clone)]
#[command(after_help = "Outputs: --out results.csv writes results.turns.csv and results.sessions.csv \
(.jsonl and .parquet likewise), plus results.csv.done for --resume.\n\n\
Examples:\n  attune batch transcripts/ --out results.csv\n  attune batch 'sessions/**/*.vtt' --out results.parquet --resume\n  \
attune batch ../shared/data/esconv/esconv.jsonl --split dev --out esconv.jsonl --threads 2\n  \
attune batch corpus/ --shard $SLURM_ARRAY_TASK_ID/16 --out out/part-$SLURM_ARRAY_TASK_ID.parquet   # one job of 16")]
pub struct Args {
    /// Directories (walked recursively for .vtt .srt .txt .csv .tsv .json .jsonl), glob patterns, or files.
    /// A .jsonl file is a corpus: one session per line.
    #[arg(required = true, value_name = "DIR|GLOB|FILE")]
    pub inputs: Vec<String>,
    /// Output base path; its extension picks the format: .csv, .jsonl or .parquet.
    #[arg(long, value_name = "results.csv")]
    pub out: PathBuf,
    /// Skip sessions already written by an earlier run with the same --out (and append to its files).
    #[arg(long)]
    pub resume: bool,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// The therapist's speaker name in the transcripts.
    #[arg(long, value_name = "NAME")]
    pub therapist: Option<String>,
    /// For JSON Lines corpora: keep only this split (train, dev, test).
    #[arg(long, value_name = "SPLIT")]
    pub split: Option<String>,
    /// Analyze only share i of N (0-based): the sessions whose position in the inputs is i modulo N. N jobs
    /// with 0/N .. N-1/N cover the corpus exactly once (a Slurm array: --shard $SLURM_ARRAY_TASK_ID/N, each
    /// with its own --out).
    #[arg(long, value_name = "i/N", value_parser = attune::batch::Shard::parse)]
    pub shard: Option<attune::batch::Shard>,
    /// Redact every session before coding (names, contacts, places, dates, ages).
    #[arg(long)]
    pub redact: bool,
    /// With --redact: kinds of identifier to keep, comma-separated (e.g. `date,age`; kinds: person, org,
    /// place, address, postcode, date, age, phone, email, url, id, ip). Speakers' names are always taken out.
    #[arg(long, value_name = "KINDS", requires = "redact")]
    pub redact_keep: Option<String>,
    /// No progress bar and no summary (failures are still listed).
    #[arg(short, long)]
    pub quiet: bool,
    /// Coder tier: `fast` (default) or `accurate` (MiniLM sentence embeddings; about 60 turns/s on 2 cores).
    #[arg(long, value_enum, default_value_t)]
    pub tier: TierArg,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let redaction = if args.redact { Redaction::On } else { Redaction::Off };
    let redact_keep = attune::attune_redact::Policy::keeping(args.redact_keep.as_deref().unwrap_or("")).map_err(|e| anyhow::anyhow!("--redact-keep: {e}"))?;
    let pipeline = Pipeline::new(Options { tier: args.tier.into(), redaction, redact_keep, ..Options::default() })?;
    let spec = BatchSpec {
        inputs: args.inputs.clone(),
        out: args.out.clone(),
        resume: args.resume,
        threads: args.threads.unwrap_or(0),
        read: ReadSpec { therapist: args.therapist.clone(), ..ReadSpec::default() },
        split: args.split.clone(),
        shard: args.shard,
    };
    let pb = if args.quiet { ProgressBar::hidden() } else { ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(8)) };
    pb.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} sessions  {per_sec}  eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let t = run_batch(&spec, &pipeline, &|e| match e {
        Event::Planned(n) => pb.set_length(n),
        Event::Advanced(n) => pb.inc(n),
        Event::Failed { label, message } => {
            if !args.quiet {
                pb.suspend(|| eprintln!("failed: {}", failure_line(label, message)));
            }
        }
    })?;
    pb.finish_and_clear();
    if !args.quiet {
        eprintln!(
            "{} session(s), {} turn(s) in {:.1} s ({:.0} sessions/s){} → {} and {}",
            t.sessions,
            t.turns,
            t.seconds,
            t.sessions as f64 / t.seconds.max(1e-9),
            if t.jobs_skipped_resume > 0 { format!("; {} already done, skipped", t.jobs_skipped_resume) } else { String::new() },
            t.outputs[0],
            t.outputs[1]
        );
    }
    if t.failures.is_empty() {
        return Ok(0);
    }
    eprintln!("\n{} input(s) failed and were skipped (fix them and rerun with --resume):", t.failures.len());
    for (label, msg) in &t.failures {
        eprintln!("  {}", failure_line(label, msg));
    }
    Ok(1)
}
