//! Prints the client model's reading of each line of standard input, for studying its errors:
//! `cargo run --release -p attune-text --example client_probe [MODEL.bin] < lines.txt`
//! (the bundled fast-tier model unless a model file from `attune train --only client` is given). A line
//! `LISTENER<TAB>CLIENT` reads the client turn as the answer to the listener's (`\n` in the listener's text
//! stands for a line break).
use std::io::BufRead;
use std::sync::Arc;

fn main() {
    let model = match std::env::args().nth(1) {
        Some(p) => std::fs::read(&p)
            .map_err(|e| format!("{p}: {e}"))
            .and_then(|b| attune_text::client::ClientModel::from_bytes(&b).map(Arc::new)),
        None => attune_text::client::ClientModel::bundled(),
    };
    let m = match model {
        Ok(m) => m,
        Err(e) => {
            eprintln!("client_probe: {e}");
            std::process::exit(2);
        }
    };
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let (listener, text) = line
            .split_once('\t')
            .map(|(l, t)| (l.replace("\\n", "\n"), t.to_string()))
            .unwrap_or_default();
        let s = if text.is_empty() {
            m.predict(&line, None)
        } else {
            m.predict_after(&listener, &text, None)
        };
        let probs: Vec<f32> = s
            .emotion_probs
            .iter()
            .map(|p| (p * 100.0).round())
            .collect();
        let acts: Vec<f32> = s.act_probs.iter().map(|p| (p * 100.0).round()).collect();
        println!(
            "d {:.2} hard {:.2} sev {:.2} {:?} {:?} act {} {:?}  {}",
            s.distress,
            s.hardship,
            s.severity,
            s.emotion,
            probs,
            s.act.as_str(),
            acts,
            line
        );
    }
}
