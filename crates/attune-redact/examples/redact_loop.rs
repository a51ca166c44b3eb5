//! Finds identifiers in every line of a file, many times over, for profiling:
//! `cargo run --release -p attune-redact --example redact_loop FILE [ROUNDS]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: redact_loop FILE [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(100);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
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
