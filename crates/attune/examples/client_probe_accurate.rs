//! Prints the accurate-tier client model's reading of each line of standard input (MiniLM embeds each line), beside
//! the fast tier's, for studying where the tiers disagree:
//! `cargo run --release -p attune --example client_probe_accurate < lines.txt` (needs `bash scripts/setup.sh`).
use std::io::BufRead;

fn main() {
    let lines: Vec<String> = std::io::stdin().lock().lines().map_while(Result::ok).filter(|l| !l.trim().is_empty()).collect();
    let texts: Vec<&str> = lines.iter().map(String::as_str).collect();
    let (fast, accurate) = match (attune::attune_text::ClientModel::bundled(), attune::attune_text::ClientModel::bundled_accurate()) {
        (Ok(f), Ok(a)) => (f, a),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("client_probe_accurate: {e}");
            std::process::exit(2);
        }
    };
    let vectors = match attune::tier::Encoder::default().embed(&texts, &mut |_| {}) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("client_probe_accurate: {e}");
            std::process::exit(2);
        }
    };
    for (t, v) in texts.iter().zip(&vectors) {
        let (f, a) = (fast.predict(t, None), accurate.predict(t, Some(v)));
        println!("fast d {:.2} hard {:.2} sev {:.2} {:<8} | accurate d {:.2} hard {:.2} sev {:.2} {:<8} | {t}", f.distress, f.hardship, f.severity, f.emotion.as_str(), a.distress, a.hardship, a.severity, a.emotion.as_str());
    }
}
