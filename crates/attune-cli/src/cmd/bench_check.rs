//! `attune bench check`: responses judged per second, the whole job of `attune check --jsonl` (parse each
//! JSON line, code the context and the response, read the client's state, judge, serialize the result), on all
//! cores, with the response set of `eval/vignettes.jsonl` repeated.

use anyhow::Context as _;
use rayon::prelude::*;
use serde_json::json;
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  attune bench check\n  attune bench check --responses 50000 --json")]
pub struct Args {
    /// Responses to check per measurement.
    #[arg(long, default_value_t = 20_000)]
    responses: usize,
    /// JSON Lines of {"context", "response"} to draw from.
    #[arg(long, default_value = "eval/vignettes.jsonl")]
    from: PathBuf,
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let text = std::fs::read_to_string(&args.from).with_context(|| format!("reading {}", args.from.display()))?;
    let pool: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| -> anyhow::Result<String> {
            let v: serde_json::Value = serde_json::from_str(l)?;
            Ok(json!({"context": v["context"], "response": v["response"]}).to_string())
        })
        .collect::<anyhow::Result<_>>()?;
    anyhow::ensure!(!pool.is_empty(), "{} holds no responses", args.from.display());
    let lines: Vec<&str> = (0..args.responses).map(|i| pool[i % pool.len()].as_str()).collect();
    let pipeline = attune::Pipeline::fast()?;
    // The work of one line of `check --jsonl`: parse, check, serialize.
    let job = |l: &&str| -> usize {
        match attune::check::check_line(&pipeline, l) {
            Ok((r, id)) => attune::check::to_json(&r, None, id).to_string().len(),
            Err(e) => e.len(),
        }
    };
    // warm-up (models load lazily)
    let _: usize = lines.iter().take(200).map(job).sum();
    let t = Instant::now();
    let bytes: usize = lines.par_iter().map(job).sum();
    let all = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let one: usize = lines.iter().take(args.responses / 4).map(job).sum();
    let single = t.elapsed().as_secs_f64();
    let threads = rayon::current_num_threads();
    let rate = args.responses as f64 / all;
    let rate1 = (args.responses / 4) as f64 / single;
    if args.json {
        println!("{}", json!({"responses": args.responses, "threads": threads, "per_second": rate, "per_second_one_thread": rate1, "bytes_out": bytes + one}));
    } else {
        println!("check: {} responses in {:.2} s on {threads} threads: {:.0} responses/s ({:.0}/s on one thread); target ≥ 1,000/s", args.responses, all, rate, rate1);
    }
    Ok(0)
}
