//! `attune demo`, `attune analyze` and `attune batch` end to end, through the binary.

use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{text, tmp};

fn attune(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attune")).current_dir(dir).args(args).env("NO_COLOR", "1").output().expect("run attune")
}

#[test]
fn demo_writes_report_and_says_where() {
    let d = tmp("demo");
    let o = attune(&d, &["demo", "--json", "--transcript", "demo.vtt"]);
    assert!(o.status.success(), "{}", text(&o));
    let html = std::fs::read_to_string(d.join("attune-demo-report.html")).unwrap();
    assert!(html.contains("<title>Attunement report: demo session</title>"));
    assert!(text(&o).contains("attune-demo-report.html"), "prints where the report went");
    let j: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(d.join("attune-demo-report.json")).unwrap()).unwrap();
    assert_eq!(j["schema"], "attune.analysis/1");
    assert_eq!(j["coded"]["session"]["turns"].as_array().unwrap().len(), 42);
    assert!(j["assessment"]["index"]["value"].is_number());
    // The exported transcript analyzes like any file, quietly when -o is given.
    let o = attune(&d, &["analyze", "demo.vtt", "--therapist", "Therapist", "-o", "r.html", "--json", "r.json"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(o.stdout.is_empty() && o.stderr.is_empty(), "quiet on success: {}", text(&o));
    assert!(std::fs::read_to_string(d.join("r.html")).unwrap().contains("id=\"timeline-svg\""));
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn analyze_default_output_and_errors() {
    let d = tmp("analyze");
    std::fs::write(d.join("s1.vtt"), "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Dr Lee>How have you been?\n\n00:00:03.500 --> 00:00:06.000\n<v Sam>Not great, honestly. I feel so alone.\n").unwrap();
    let o = attune(&d, &["analyze", "s1.vtt"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(d.join("s1-report.html").exists());
    assert!(text(&o).contains("s1-report.html"));
    let o = attune(&d, &["analyze", "missing.vtt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("missing.vtt"));
    // Each error is said once (a cause both in the message and in the printed chain would repeat it).
    std::fs::write(d.join("cut.vtt"), "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v A>Hi.\n\n00:00:04.000 --> 00:00:05.000\n").unwrap();
    let o = attune(&d, &["analyze", "cut.vtt"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(text(&o).matches("cut.vtt:6").count(), 1, "{}", text(&o));
    let o = attune(&d, &["analyze", "s1.vtt", "--audio", "x.wav"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("x.wav"), "{}", text(&o));
    std::fs::write(d.join("bad.txt"), "\"pat\" \"th\"\n1 2\nNaN x\n").unwrap();
    let o = attune(&d, &["analyze", "s1.vtt", "--signal", "bad.txt"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("bad.txt"), "{}", text(&o));
    assert_eq!(text(&o).matches("bad.txt").count(), 1, "{}", text(&o));
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn redact_keeps_names_out_of_every_output() {
    let d = tmp("redact");
    let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Therapist>Hi Margaret, how was the week?\n\n\
00:00:05.000 --> 00:00:12.000\n<v Client>Awful. My husband Reginald left and I'm so scared. Call me on 555-867-5309.\n";
    std::fs::write(d.join("margaret_smith.vtt"), vtt).unwrap();
    let o = attune(&d, &["analyze", "margaret_smith.vtt", "--redact", "-o", "r.html", "--json", "r.json"]);
    assert!(o.status.success(), "{}", text(&o));
    for f in ["r.html", "r.json"] {
        let s = std::fs::read_to_string(d.join(f)).unwrap();
        for secret in ["Margaret", "Reginald", "867-5309", "margaret_smith"] {
            assert!(!s.contains(secret), "{f} leaks {secret}");
        }
    }
    assert!(std::fs::read_to_string(d.join("r.html")).unwrap().contains(">redacted<"));
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn batch_continues_past_bad_files_and_resumes() {
    let d = tmp("batch");
    let corpus = d.join("in");
    std::fs::create_dir_all(corpus.join("sub")).unwrap();
    let vtt = |w: &str| format!("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Therapist>What brings you in?\n\n00:00:03.500 --> 00:00:06.000\n<v Client>I feel {w}.\n\n00:00:07.000 --> 00:00:09.000\n<v Therapist>You feel {w}.\n");
    std::fs::write(corpus.join("a.vtt"), vtt("lost")).unwrap();
    std::fs::write(corpus.join("sub/b.vtt"), vtt("tired")).unwrap();
    std::fs::write(corpus.join("bad.vtt"), [0u8, 159, 146, 150, 0, 0, 1]).unwrap();
    std::fs::write(corpus.join("ignored.png"), "x").unwrap();
    let lines: Vec<String> = (0..5)
        .map(|i| format!(r#"{{"id":"c{i}","source":"t","split":"dev","meta":{{}},"turns":[{{"speaker":"client","text":"I am scared {i}"}},{{"speaker":"therapist","text":"That sounds frightening."}}]}}"#))
        .collect();
    std::fs::write(corpus.join("corpus.jsonl"), lines.join("\n") + "\n{not json\n").unwrap();

    let o = attune(&d, &["batch", "in", "--out", "res.csv", "-j", "2"]);
    assert_eq!(o.status.code(), Some(1), "exit 1 when some inputs failed: {}", text(&o));
    let t = text(&o);
    assert!(t.contains("bad.vtt") && t.contains("corpus.jsonl:6"), "failures listed: {t}");
    let sessions = std::fs::read_to_string(d.join("res.sessions.csv")).unwrap();
    assert_eq!(sessions.lines().count(), 1 + 7, "header + 2 files + 5 lines: {sessions}");
    let turns = std::fs::read_to_string(d.join("res.turns.csv")).unwrap();
    assert_eq!(turns.lines().count(), 1 + 2 * 3 + 5 * 2);

    // Resume: nothing new to do, nothing duplicated.
    let o = attune(&d, &["batch", "in", "--out", "res.csv", "--resume", "--quiet"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(d.join("res.sessions.csv")).unwrap(), sessions);
    // A new file is picked up on resume and appended once.
    std::fs::write(corpus.join("c.vtt"), vtt("angry")).unwrap();
    std::fs::remove_file(corpus.join("bad.vtt")).unwrap();
    let mut lines2 = lines.clone();
    lines2.truncate(5);
    let _ = attune(&d, &["batch", "in", "--out", "res.csv", "--resume", "--quiet"]);
    let s2 = std::fs::read_to_string(d.join("res.sessions.csv")).unwrap();
    assert_eq!(s2.lines().count(), 1 + 8, "{s2}");
    assert_eq!(s2.matches("session_id").count(), 1);

    // JSON Lines output and a glob input.
    let o = attune(&d, &["batch", "in/*.vtt", "--out", "g.jsonl", "--quiet"]);
    assert!(o.status.success(), "{}", text(&o));
    let g = std::fs::read_to_string(d.join("g.sessions.jsonl")).unwrap();
    assert_eq!(g.lines().count(), 2);
    serde_json::from_str::<serde_json::Value>(g.lines().next().unwrap()).unwrap();

    // Parquet: written with the feature, a clear error without.
    let o = attune(&d, &["batch", "in/a.vtt", "--out", "p.parquet", "--quiet"]);
    if cfg!(feature = "parquet") {
        assert!(o.status.success(), "{}", text(&o));
        assert!(d.join("p.turns.parquet").exists());
    } else {
        assert_eq!(o.status.code(), Some(2));
        assert!(text(&o).contains("--features parquet"), "{}", text(&o));
    }
    std::fs::remove_dir_all(&d).ok();
}

/// Synchrony and voice join the report when signals and audio are given (reference inputs of ../shared).
#[test]
fn analyze_with_signal_and_audio_adds_sections() {
    let reference = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference");
    assert!(reference.is_dir(), "this test needs ../shared/reference beside the repository ({})", reference.display());
    let d = tmp("sections");
    let mea = reference.join("rmea/input/normal/200_01.txt");
    let wav = reference.join("praat/dialogue_stereo_T_left_C_right.wav");
    std::fs::write(d.join("s.vtt"), "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Dr Lee>How have you been?\n\n00:00:03.500 --> 00:00:06.000\n<v Sam>Not great, honestly. I feel so alone.\n").unwrap();
    let o = attune(&d, &["analyze", "s.vtt", "--therapist", "Dr Lee", "-o", "r.html", "--surrogates", "50", "--signal", mea.to_str().unwrap(), "--audio", wav.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let html = std::fs::read_to_string(d.join("r.html")).unwrap();
    assert!(html.contains("id=\"sync\""), "synchrony section missing");
    assert!(html.contains("id=\"voice\""), "voice section missing");
    assert!(html.contains("xploratory"), "the voice track must be marked exploratory");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn check_with_and_without_a_client_turn() {
    let d = tmp("check");
    // no context: a directive is MI non-adherent on its own
    let o = attune(&d, &["check", "--response", "You need to stop drinking right now before it ruins your life.", "--json"]);
    assert!(o.status.success(), "{}", text(&o));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(j["client_emotion"].is_null(), "no client turn, no client state: {j}");
    // (a directive with a warning: MITI's Direct and Warn; attune names it advice without permission or confronting)
    assert!(j["flags"].as_array().unwrap().iter().any(|f| f["kind"] == "advice_without_permission" || f["kind"] == "confronting"), "{j}");
    // a reflection alone is not flagged
    let o = attune(&d, &["check", "--response", "It sounds like you've been carrying this on your own for a long time.", "--json"]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(j["flags"].as_array().unwrap().is_empty(), "{j}");
    // --context needs the client turn it comes before
    let o = attune(&d, &["check", "--response", "ok", "--context", "hi"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    std::fs::remove_dir_all(&d).ok();
}
