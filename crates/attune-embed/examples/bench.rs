//! Time `Embedder::embed_all` on a file of texts (one per line), as the accurate tier calls it (batch 32).
//!
//!     python3 scripts/bench/texts.py 4000 > /tmp/texts.txt
//!     cargo run --release -p attune-embed --example bench -- /tmp/texts.txt [--runs 3] [--batch 32] [--threads N] [--out vecs.f32]
//!
//! Prints JSON: texts, threads, the wall seconds of each run (after a warm-up batch), texts per second (best and
//! median). `--out` writes the vectors of the last run as little-endian f32, input order (for comparisons).

use attune_embed::{default_dir, Embedder};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let Some(path) = args.first().filter(|a| !a.starts_with("--")) else {
        eprintln!("usage: bench TEXTS.txt [--runs N] [--batch N] [--threads N] [--out FILE]");
        std::process::exit(2);
    };
    let runs: usize = flag("--runs").and_then(|v| v.parse().ok()).unwrap_or(3);
    let batch: usize = flag("--batch").and_then(|v| v.parse().ok()).unwrap_or(32);
    let text = std::fs::read_to_string(path).expect("readable texts file");
    let texts: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let t_load = Instant::now();
    let mut e = Embedder::load(&default_dir()).unwrap_or_else(|err| panic!("{err}"));
    if let Some(n) = flag("--threads").and_then(|v| v.parse().ok()) {
        e = e.with_threads(n);
    }
    let load_s = t_load.elapsed().as_secs_f64();
    e.embed(&texts[..batch.min(texts.len())]).expect("warm-up");
    let mut secs = Vec::new();
    let mut vecs = Vec::new();
    for _ in 0..runs.max(1) {
        let t0 = Instant::now();
        vecs = e.embed_all(&texts, batch, |_| {}).expect("embed");
        secs.push(t0.elapsed().as_secs_f64());
    }
    if let Some(out) = flag("--out") {
        let bytes: Vec<u8> = vecs.iter().flatten().flat_map(|v| v.to_le_bytes()).collect();
        std::fs::write(out, bytes).expect("writable --out");
    }
    let mut sorted = secs.clone();
    sorted.sort_by(f64::total_cmp);
    let n = texts.len() as f64;
    println!(
        "{}",
        serde_json::json!({
            "tool": "attune-embed",
            "texts": texts.len(),
            "threads": e.threads(),
            "batch": batch,
            "load_s": (load_s * 1e4).round() / 1e4,
            "seconds": secs.iter().map(|s| (s * 1e4).round() / 1e4).collect::<Vec<_>>(),
            "texts_per_s_best": (n / sorted[0] * 10.0).round() / 10.0,
            "texts_per_s_median": (n / sorted[sorted.len() / 2] * 10.0).round() / 10.0,
        })
    );
}
