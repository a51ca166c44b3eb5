//! From a recording to a report: `attune transcribe` and `attune analyze REC` on our own two-voice stereo
//! dialogue (tests/audio/dialogue-stereo.flac, spoken by espeak-ng; the truth in tests/audio/dialogue.json),
//! and the errors a user meets. Needs the Whisper model (`bash scripts/setup.sh`): skipped with a note when
//! it is missing, unless ATTUNE_REQUIRE_WHISPER is set (as scripts/test.sh does).

mod common;
use common::{text, tmp};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn attune(dir: &Path, args: &[&str]) -> Output {
    attune_with(dir, args, ("NO_COLOR", "1".as_ref()))
}

/// `attune ARGS` in `dir` with one more environment variable.
fn attune_with(dir: &Path, args: &[&str], var: (&str, &std::ffi::OsStr)) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attune")).current_dir(dir).args(args).env("NO_COLOR", "1").env(var.0, var.1).output().expect("run attune")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/audio").join(name)
}

fn have_model() -> bool {
    let ok = attune_speech_dir().join("model.bin").is_file();
    if !ok {
        assert!(std::env::var_os("ATTUNE_REQUIRE_WHISPER").is_none(), "the Whisper model is missing: run bash scripts/setup.sh");
        eprintln!("skipped: no Whisper model (run bash scripts/setup.sh)");
    }
    ok
}

fn attune_speech_dir() -> PathBuf {
    std::env::var_os("ATTUNE_WHISPER_DIR").map(PathBuf::from).unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/whisper-tiny.en"))
}

fn words(s: &str) -> Vec<String> {
    s.to_lowercase().split(|c: char| !c.is_alphanumeric() && c != '\'').filter(|w| !w.is_empty()).map(String::from).collect()
}

/// Word error rate by edit distance over words.
fn wer(truth: &[String], hyp: &[String]) -> f64 {
    let mut d: Vec<usize> = (0..=hyp.len()).collect();
    for (i, t) in truth.iter().enumerate() {
        let mut prev = d[0];
        d[0] = i + 1;
        for (j, h) in hyp.iter().enumerate() {
            let cur = d[j + 1];
            d[j + 1] = (prev + usize::from(t != h)).min(d[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    d[hyp.len()] as f64 / truth.len().max(1) as f64
}

#[test]
fn stereo_recording_to_transcript_and_rttm() {
    if !have_model() {
        return;
    }
    let d = tmp("transcribe");
    let rec = fixture("dialogue-stereo.flac");
    let o = attune(&d, &["transcribe", rec.to_str().unwrap(), "-o", "s.json", "--beam", "1", "--therapist", "left", "--quiet"]);
    assert!(o.status.success(), "{}", text(&o));
    let s: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(d.join("s.json")).unwrap()).unwrap();
    let truth: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(fixture("dialogue.json")).unwrap()).unwrap();
    let turns = s["turns"].as_array().unwrap();
    let want = truth["turns"].as_array().unwrap();
    assert_eq!(turns.len(), want.len(), "{s:#}");
    for (t, w) in turns.iter().zip(want) {
        assert_eq!(t["role"], w["speaker"], "{t}");
        // times on the recording's clock: the turn lies within the truth's span (±0.45 s: the voice-activity
        // stretches are padded by 0.4 s, as faster-whisper's are, and a first word may start at the padding)
        let (ts, te) = (t["start"].as_f64().unwrap(), t["end"].as_f64().unwrap());
        let (ws, we) = (w["start"].as_f64().unwrap(), w["end"].as_f64().unwrap());
        assert!(ts >= ws - 0.45 && te <= we + 0.45, "turn {ts}–{te} outside the truth {ws}–{we}");
    }
    let hyp: Vec<String> = turns.iter().flat_map(|t| words(t["text"].as_str().unwrap())).collect();
    let truth_words: Vec<String> = want.iter().flat_map(|t| words(t["text"].as_str().unwrap())).collect();
    let e = wer(&truth_words, &hyp);
    assert!(wer(&truth_words, &truth_words) == 0.0 && (wer(&truth_words, &[]) - 1.0).abs() < 1e-12);
    eprintln!("WER on the stereo fixture (tiny.en, greedy, espeak-ng voices): {e:.3}");
    assert!(e < 0.2, "WER {e}");
    let rttm = std::fs::read_to_string(d.join("s.rttm")).unwrap();
    assert_eq!(rttm.lines().count(), want.len(), "{rttm}");
    assert!(rttm.lines().all(|l| l.starts_with("SPEAKER dialogue-stereo 1 ") && (l.contains(" Left ") || l.contains(" Right "))), "{rttm}");
    // VTT and Whisper JSON (with word times) as well
    let o = attune(&d, &["transcribe", rec.to_str().unwrap(), "-o", "s.whisper.json", "--beam", "1", "--quiet"]);
    assert!(o.status.success(), "{}", text(&o));
    let w: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(d.join("s.whisper.json")).unwrap()).unwrap();
    let seg = &w["segments"][0];
    assert_eq!(seg["speaker"], "Left");
    assert!(seg["words"].as_array().is_some_and(|a| a.len() >= 5), "{seg}");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn analyze_a_recording_in_one_command() {
    if !have_model() {
        return;
    }
    let d = tmp("analyze-rec");
    let rec = fixture("dialogue-stereo.flac");
    let o = attune(&d, &["analyze", rec.to_str().unwrap(), "--therapist", "left", "--beam", "1", "-o", "r.html", "--json", "r.json"]);
    assert!(o.status.success(), "{}", text(&o));
    let html = std::fs::read_to_string(d.join("r.html")).unwrap();
    assert!(html.contains("Voice"), "the recording is its own voice track");
    assert!(html.contains("frightening"), "the transcribed words are in the report");
    let j: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(d.join("r.json")).unwrap()).unwrap();
    assert_eq!(j["coded"]["session"]["meta"]["transcribed_by"], "whisper-tiny.en", "{}", &j["coded"]["session"]["meta"]);
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn bad_recordings_and_options_get_clear_errors() {
    let d = tmp("transcribe-bad");
    std::fs::write(d.join("notes.wav"), "this is not audio").unwrap();
    std::fs::write(d.join("empty.flac"), "").unwrap();
    std::fs::write(d.join("clip.mp4"), "not a video").unwrap();
    for (file, says) in [("notes.wav", "notes.wav"), ("empty.flac", "empty.flac"), ("clip.mp4", "ffmpeg"), ("missing.wav", "missing.wav")] {
        let o = attune(&d, &["transcribe", file, "--model", d.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{file}: {}", text(&o));
        let t = text(&o);
        assert!(t.contains(says), "{file}: {t}");
        assert!(!t.contains("panicked"), "{t}");
    }
    // a model folder without the model names the file and the setup command
    let rec = fixture("dialogue-stereo.flac");
    let o = attune(&d, &["transcribe", rec.to_str().unwrap(), "--model", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("model.bin") && text(&o).contains("scripts/setup.sh"), "{}", text(&o));
    assert!(!d.join("dialogue-stereo.json").exists(), "nothing is written when transcription fails");
    if have_model() {
        let o = attune(&d, &["transcribe", rec.to_str().unwrap(), "--language", "de"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(text(&o).contains("English only"), "{}", text(&o));
        let o = attune(&d, &["transcribe", rec.to_str().unwrap(), "-o", "x.txt"]);
        assert_eq!(o.status.code(), Some(2));
        // without the voice-activity model: the file, the setup command and --no-vad are named
        let missing = d.join("no-vad-here.onnx");
        let o = attune_with(&d, &["transcribe", rec.to_str().unwrap(), "-o", "v.json", "--quiet"], ("ATTUNE_SILERO_VAD", missing.as_os_str()));
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        let t = text(&o);
        assert!(t.contains("no-vad-here.onnx") && t.contains("--no-vad") && t.contains("scripts/setup.sh"), "{t}");
        assert!(!d.join("v.json").exists());
    }
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn an_interrupted_transcription_resumes_where_it_stopped() {
    if !have_model() {
        return;
    }
    let d = tmp("transcribe-resume");
    let rec = fixture("dialogue-stereo.flac");
    let rec = rec.to_str().unwrap();
    let o = attune(&d, &["transcribe", rec, "-o", "full.json", "--beam", "1", "--quiet"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!d.join("full.json.partial").exists(), "the progress file goes once the transcript is complete");
    // an interruption after the first window: no transcript, the progress kept
    let stop = ("ATTUNE_TRANSCRIBE_STOP_AFTER", "1".as_ref());
    let o = attune_with(&d, &["transcribe", rec, "-o", "r.json", "--beam", "1", "--quiet"], stop);
    assert!(!o.status.success());
    assert!(text(&o).contains("--resume"), "{}", text(&o));
    assert!(!d.join("r.json").exists() && d.join("r.json.partial").exists());
    let saved: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(d.join("r.json.partial")).unwrap()).unwrap();
    assert_eq!(saved["schema"], "attune.transcribe-partial/1");
    assert_eq!(saved["done"].as_array().unwrap().len(), 0, "stopped inside the first channel");
    // resumed: the same transcript as the uninterrupted run
    let o = attune(&d, &["transcribe", rec, "-o", "r.json", "--beam", "1", "--resume"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(d.join("r.json")).unwrap(), std::fs::read_to_string(d.join("full.json")).unwrap());
    assert_eq!(std::fs::read_to_string(d.join("r.rttm")).unwrap(), std::fs::read_to_string(d.join("full.rttm")).unwrap());
    assert!(!d.join("r.json.partial").exists());
    // progress saved with other options is not used
    let o = attune_with(&d, &["transcribe", rec, "-o", "b.json", "--beam", "1", "--quiet"], stop);
    assert!(!o.status.success());
    let o = attune(&d, &["transcribe", rec, "-o", "b.json", "--beam", "2", "--resume"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("transcribed from the start"), "{}", text(&o));
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn mono_recording_is_diarized_word_by_word() {
    if !have_model() {
        return;
    }
    let d = tmp("transcribe-mono");
    let rec = fixture("diarization-mono.flac");
    let o = attune(&d, &["transcribe", rec.to_str().unwrap(), "-o", "m.json", "--beam", "1", "--speakers", "2", "--quiet"]);
    assert!(o.status.success(), "{}", text(&o));
    let s: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(d.join("m.json")).unwrap()).unwrap();
    let truth: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(fixture("diarization-mono.json")).unwrap()).unwrap();
    let want = truth["turns"].as_array().unwrap();
    // every turn's speaker is the one the truth has at its middle; the two voices get the two roles
    let turns = s["turns"].as_array().unwrap();
    let truth_at = |t: f64| want.iter().min_by(|a, b| {
        let gap = |w: &serde_json::Value| if t < w["start"].as_f64().unwrap() { w["start"].as_f64().unwrap() - t } else { (t - w["end"].as_f64().unwrap()).max(0.0) };
        gap(a).total_cmp(&gap(b))
    }).unwrap()["speaker"].as_str().unwrap().to_string();
    let mut agree = 0;
    for t in turns {
        let mid = (t["start"].as_f64().unwrap() + t["end"].as_f64().unwrap()) / 2.0;
        agree += usize::from(t["role"].as_str() == Some(truth_at(mid).as_str()));
    }
    eprintln!("mono diarized transcript: {} turns ({} in the truth), {agree} with the truth's role", turns.len(), want.len());
    assert!(agree as f64 >= 0.85 * turns.len() as f64, "{s:#}");
    assert!(turns.len() >= want.len() - 3 && turns.len() <= want.len() + 3, "{} turns", turns.len());
    let rttm = std::fs::read_to_string(d.join("m.rttm")).unwrap();
    let names: std::collections::BTreeSet<&str> = rttm.lines().map(|l| l.split_whitespace().nth(7).unwrap()).collect();
    assert_eq!(names.into_iter().collect::<Vec<_>>(), vec!["Speaker_1", "Speaker_2"], "{rttm}");
    // --speakers 1: no diarization, one speaker and a warning that says how to get two
    let o = attune(&d, &["transcribe", rec.to_str().unwrap(), "-o", "one.json", "--beam", "1", "--speakers", "1"]);
    assert!(o.status.success(), "{}", text(&o));
    // every RTTM row has its ten fields (the speaker "Speaker 1" is written "Speaker_1")
    let rttm = std::fs::read_to_string(d.join("one.rttm")).unwrap();
    assert!(!rttm.is_empty() && rttm.lines().all(|l| l.split_whitespace().count() == 10 && l.contains(" Speaker_1 ")), "{rttm}");
    std::fs::remove_dir_all(&d).ok();
}
