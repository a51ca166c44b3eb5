//! `attune bench code`: fast-tier coding speed on one core, memory as the corpus grows, and the
//! Python TF-IDF pipeline run side by side.

use anyhow::Context as _;
use attune_text::{Coder, Context, Register};
use serde_json::json;
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  attune bench code --turns 200000 --compare-python\n  attune bench code --turns 20000 --accurate 2000")]
pub struct Args {
    /// Therapist turns to code per measurement.
    #[arg(long, default_value_t = 200_000)]
    turns: usize,
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// Also run bench/tfidf_baseline.py (needs python3 with scikit-learn) on the same turns.
    #[arg(long)]
    compare_python: bool,
    #[arg(long)]
    json: bool,
    /// Also time the accurate tier end to end on this many turns (each turn and its client turn embedded
    /// afresh, no cache; all cores).
    #[arg(long, default_value_t = 0)]
    accurate: usize,
}

/// Peak resident memory of this process in KiB (Linux), 0 elsewhere.
pub fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

fn load_pool(data: &std::path::Path) -> anyhow::Result<Vec<(String, String)>> {
    let mut pool = Vec::new();
    for f in ["annomi/annomi.jsonl", "esconv/esconv.jsonl"] {
        let p = data.join(f);
        for s in attune_io::read_jsonl_path(&p, None).with_context(|| format!("reading {}", p.display()))? {
            for (i, t) in s.turns.iter().enumerate() {
                if t.role == attune_core::Role::Therapist {
                    let ctx = s.answered_client_turn(i).map(|j| s.turns[j].text.clone()).unwrap_or_default();
                    pool.push((ctx, t.text.clone()));
                }
            }
        }
    }
    anyhow::ensure!(!pool.is_empty(), "no therapist turns found under {}", data.display());
    Ok(pool)
}

/// Codes `n` turns cycling through the pool; nothing is kept, so memory should not grow with `n`.
fn run_once(coder: &Coder, pool: &[(String, String)], n: usize) -> f64 {
    let t0 = Instant::now();
    let mut checksum = 0usize;
    for k in 0..n {
        let (ctx, text) = &pool[k % pool.len()];
        let c = coder.code_turn_in(text, &Context::new(ctx, Register::Spoken));
        checksum = checksum.wrapping_add(c.code.index());
    }
    std::hint::black_box(checksum);
    t0.elapsed().as_secs_f64()
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    // One core: the fast tier's figure is per core, so keep rayon out of it.
    let pool = load_pool(&args.data)?;
    let mut coder = Coder::try_bundled().map_err(|e| anyhow::anyhow!(e))?;
    coder.explain = false;
    run_once(&coder, &pool, 2_000); // warm-up
    let rss0 = peak_rss_kib();
    let dt = run_once(&coder, &pool, args.turns);
    let rss1 = peak_rss_kib();
    let dt4 = run_once(&coder, &pool, args.turns * 4);
    let rss4 = peak_rss_kib();
    let mut explained = coder.clone();
    explained.explain = true;
    let n_explain = (args.turns / 10).max(1000);
    let dte = run_once(&explained, &pool, n_explain);
    let fast = args.turns as f64 / dt;
    let mut out = json!({
        "bench": "code",
        "threads": 1,
        "turns": args.turns,
        "fast_turns_per_s": fast,
        "fast_turns_per_s_4x": (args.turns * 4) as f64 / dt4,
        "explained_turns_per_s": n_explain as f64 / dte,
        "peak_rss_kib": {"after_warmup": rss0, "after_n": rss1, "after_4n": rss4},
    });
    if args.accurate > 0 {
        let sample: Vec<&(String, String)> = pool.iter().step_by((pool.len() / args.accurate).max(1)).take(args.accurate).collect();
        let t0 = Instant::now();
        let texts: Vec<&str> = sample.iter().flat_map(|(c, t)| [c.as_str(), t.as_str()]).collect();
        let table = attune::tier::table_for(&attune::tier::Encoder::default(), &texts, None, &mut |_, _| {})?;
        let t_embed = t0.elapsed().as_secs_f64();
        let mut acc = Coder::try_bundled_accurate().map_err(|e| anyhow::anyhow!(e))?.with_embeddings(std::sync::Arc::new(table));
        acc.explain = false;
        let owned: Vec<(String, String)> = sample.iter().map(|p| (*p).clone()).collect();
        let t_code = run_once(&acc, &owned, owned.len());
        out["accurate"] = json!({
            "turns": owned.len(),
            "embed_s": t_embed,
            "code_s": t_code,
            "turns_per_s": owned.len() as f64 / (t_embed + t_code),
        });
    }
    if args.compare_python {
        let script = PathBuf::from("bench/tfidf_baseline.py");
        let o = std::process::Command::new("python3")
            .arg(&script)
            .arg(&args.data)
            .arg(args.turns.to_string())
            .output()
            .context("running python3 bench/tfidf_baseline.py")?;
        anyhow::ensure!(o.status.success(), "python baseline failed: {}", String::from_utf8_lossy(&o.stderr));
        let py: serde_json::Value = serde_json::from_slice(&o.stdout).context("python baseline output")?;
        let py_rate = py["turns_per_s"].as_f64().unwrap_or(f64::NAN);
        out["python"] = py;
        out["ratio_vs_python"] = json!(fast / py_rate);
    }
    if args.json {
        println!("{out}");
    } else {
        println!("fast tier, 1 thread: {:.0} turns/s ({} turns in {:.3} s); {:.0} turns/s over 4x the turns", fast, args.turns, dt, (args.turns * 4) as f64 / dt4);
        println!("with evidence and sentence codes: {:.0} turns/s", n_explain as f64 / dte);
        println!("peak RSS: {} KiB after warm-up, {} KiB after {} turns, {} KiB after {} turns", rss0, rss1, args.turns, rss4, args.turns * 4);
        if let Some(a) = out.get("accurate") {
            println!(
                "accurate tier (embedding turn + client turn, all cores): {:.0} turns/s ({} turns: embed {:.2} s, code {:.3} s)",
                a["turns_per_s"].as_f64().unwrap_or(0.0),
                a["turns"],
                a["embed_s"].as_f64().unwrap_or(0.0),
                a["code_s"].as_f64().unwrap_or(0.0)
            );
        }
        if let Some(r) = out.get("ratio_vs_python") {
            println!("python TF-IDF+LR: {:.0} turns/s; attune is {:.1}x faster", out["python"]["turns_per_s"].as_f64().unwrap_or(0.0), r.as_f64().unwrap_or(0.0));
        }
    }
    Ok(0)
}
