//! Prints the fast tier's judgement of each `{"client", "response"}` JSON line of standard input with the
//! features that moved it most, for studying a judge model file before it ships:
//! `cargo run --release -p attune --example judge_probe -- [JUDGE.bin] < pairs.jsonl`.
use std::io::BufRead;

fn main() {
    if let Some(path) = std::env::args().nth(1) {
        let m = std::fs::read(&path).map_err(|e| e.to_string()).and_then(|b| attune_judge::JudgeModel::from_bytes(&b));
        match m {
            Ok(m) => {
                attune::attune_assess::use_judge_model(std::sync::Arc::new(m));
            }
            Err(e) => {
                eprintln!("judge_probe: {path}: {e}");
                std::process::exit(2);
            }
        }
    }
    let pipeline = match attune::Pipeline::fast() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("judge_probe: {e}");
            std::process::exit(2);
        }
    };
    for (i, line) in std::io::stdin().lock().lines().map_while(Result::ok).enumerate() {
        let v: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("line {}: {e}", i + 1);
                continue;
            }
        };
        let client = v["client"].as_str().unwrap_or("");
        let response = v["response"].as_str().unwrap_or("");
        let r = pipeline.check(&attune::check::context(&[], client), response);
        let kinds: Vec<&str> = r.flags.iter().map(|f| f.kind.as_str()).collect();
        println!("p {:.2} {:?} | {}", r.p_misattuned.unwrap_or(f32::NAN), kinds, response.chars().take(90).collect::<String>());
        for e in r.evidence.iter().filter(|e| e.starts_with("strongest")) {
            println!("    {e}");
        }
    }
}
