//! Finds identifiers in every line of standard input, many times over, for profiling:
//! `cargo run --release -p attune-redact --example redact_loop [ROUNDS] < lines.txt`.
//! With 0 rounds it prints every line's spans instead, one line each: a speed change must leave that output as
//! it was (`diff` the two runs).
use std::io::Read;

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|r| r.parse().ok()).unwrap_or(100);
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("redact_loop: standard input: {e}");
        std::process::exit(2);
    }
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if rounds == 0 {
        use std::io::Write;
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        for l in &lines {
            let spans: Vec<String> = attune_redact::find_pii(l, &[]).iter().map(|(k, s, e)| format!("{k:?} {s}..{e}")).collect();
            let _ = writeln!(out, "{}", spans.join("; "));
        }
        return;
    }
    let t0 = std::time::Instant::now();
    let mut found = 0;
    for _ in 0..rounds {
        for l in &lines {
            found += attune_redact::find_pii(l, &[]).len();
        }
    }
    let per = t0.elapsed().as_secs_f64() * 1e6 / (rounds * lines.len()).max(1) as f64;
    println!("{} lines x {rounds}: {per:.2} us per line, {found} spans", lines.len());
}
