//! Reads any transcript attune understands and prints it as attune JSON, JSON Lines, WebVTT or ELAN.
//!
//! `cargo run -p attune-io --example convert -- FILE [json|jsonl|vtt|eaf] [--therapist NAME] [--client NAME]`
use attune_io::{ReadOptions, read_path_report, to_attune_json, to_eaf, to_vtt, write_jsonl};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.first() else {
        eprintln!("usage: convert FILE [json|jsonl|vtt|eaf] [--therapist NAME] [--client NAME]");
        return ExitCode::from(2);
    };
    let mut to = "json".to_string();
    let mut opts = ReadOptions::default();
    let mut i = 1;
    while i < args.len() {
        match args[i].as_str() {
            "--therapist" => {
                opts.therapist = args.get(i + 1).cloned();
                i += 1;
            }
            "--client" => {
                opts.client = args.get(i + 1).cloned();
                i += 1;
            }
            other => to = other.to_string(),
        }
        i += 1;
    }
    let report = match read_path_report(file, &opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    for w in &report.warnings {
        eprintln!("{w}");
    }
    for s in &report.sessions {
        let out = match to.as_str() {
            "json" => to_attune_json(s),
            "vtt" => to_vtt(s),
            "eaf" => to_eaf(s),
            _ => {
                let mut buf = Vec::new();
                match write_jsonl(std::slice::from_ref(s), &mut buf) {
                    Ok(()) => Ok(String::from_utf8_lossy(&buf).into_owned()),
                    Err(e) => Err(e),
                }
            }
        };
        match out {
            Ok(text) => print!("{text}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        }
    }
    ExitCode::SUCCESS
}
