//! The accurate tier (MiniLM sentence embeddings) end to end, through the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{text, tmp};

fn attune(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_attune"));
    c.current_dir(dir).args(args).env("NO_COLOR", "1");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run attune")
}

fn weights_present() -> bool {
    let dir = std::env::var("ATTUNE_MINILM_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/minilm"));
    let ok = dir.join("model.safetensors").is_file();
    assert!(ok || std::env::var_os("ATTUNE_REQUIRE_MINILM").is_none(), "MiniLM weights missing in {}: run scripts/setup.sh", dir.display());
    if !ok {
        eprintln!("skipping: no MiniLM weights in {}", dir.display());
    }
    ok
}

fn codes(json: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(json).expect("coded JSON");
    v["turns"].as_array().unwrap().iter().filter_map(|t| t["coding"]["code"].as_str().map(String::from)).collect()
}

#[test]
fn accurate_tier_codes_and_reports_the_demo() {
    if !weights_present() {
        return;
    }
    let d = tmp("acc-demo");
    let o = attune(&d, &["demo", "--transcript", "demo.vtt", "-o", "demo.html"], &[]);
    assert!(o.status.success(), "{}", text(&o));
    let fast = attune(&d, &["code", "demo.vtt", "--therapist", "Therapist", "--json"], &[]);
    let acc = attune(&d, &["code", "demo.vtt", "--therapist", "Therapist", "--json", "--tier", "accurate"], &[]);
    assert!(acc.status.success(), "{}", text(&acc));
    let (f, a) = (codes(&String::from_utf8_lossy(&fast.stdout)), codes(&String::from_utf8_lossy(&acc.stdout)));
    assert_eq!(f.len(), a.len());
    assert!(f.len() >= 20);
    // Two tiers of one codebook: they agree on most turns of a clear session, but not by copying each other.
    let same = f.iter().zip(&a).filter(|(x, y)| x == y).count();
    assert!(same * 10 >= f.len() * 6, "tiers agree on only {same} of {} turns", f.len());
    let model = |o: &Output| serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["model"].as_str().unwrap().to_string();
    assert_ne!(model(&fast), model(&acc));
    let o = attune(&d, &["analyze", "demo.vtt", "--therapist", "Therapist", "--tier", "accurate", "-o", "r.html"], &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(std::fs::read_to_string(d.join("r.html")).unwrap().contains("id=\"timeline-svg\""));
    // Batch: the accurate tier per session, past a bad file, which is listed.
    std::fs::create_dir_all(d.join("corpus")).unwrap();
    std::fs::copy(d.join("demo.vtt"), d.join("corpus/demo.vtt")).unwrap();
    std::fs::write(d.join("corpus/empty.vtt"), "").unwrap();
    let o = attune(&d, &["batch", "corpus", "--out", "out.csv", "--therapist", "Therapist", "--tier", "accurate", "--quiet"], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("empty.vtt"), "{}", text(&o));
    let sessions = std::fs::read_to_string(d.join("out.sessions.csv")).unwrap_or_else(|_| std::fs::read_to_string(d.join("out.csv")).unwrap());
    assert!(sessions.contains("demo.vtt"), "{sessions}");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn missing_weights_fail_with_a_hint() {
    let d = tmp("acc-missing");
    std::fs::write(d.join("t.txt"), "Client: I can't sleep.\nTherapist: That sounds exhausting.\n").unwrap();
    let o = attune(&d, &["code", "t.txt", "--therapist", "Therapist", "--tier", "accurate"], &[("ATTUNE_MINILM_DIR", "/nonexistent/minilm")]);
    assert!(!o.status.success());
    let t = text(&o);
    assert!(t.contains("/nonexistent/minilm") && t.contains("scripts/setup.sh"), "{t}");
    std::fs::remove_dir_all(&d).ok();
}
