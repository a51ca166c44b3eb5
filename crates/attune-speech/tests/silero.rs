//! Parity of our Silero VAD with faster-whisper 1.2.1 (its `silero_vad_v6.onnx` under onnxruntime, and its
//! `get_speech_timestamps`): `tests/reference/silero.fw.json`, made by `tests/reference/silero_ref.py`, holds
//! the window probabilities and speech stretches of the mono mix of `tests/audio/dialogue-stereo.flac` and
//! of the same with 3 s of silence before it and 4 s inserted at its middle. Needs the model
//! (`bash scripts/setup.sh` installs it into models/silero-vad); skipped with a note when it is missing,
//! unless ATTUNE_REQUIRE_WHISPER is set (as scripts/test.sh does).

use attune_speech::silero::{speech_stretches, Silero, VadOptions};
use std::path::Path;

fn model() -> Option<Silero> {
    let p = attune_speech::vad_path(&attune_speech::default_dir());
    match std::fs::read(&p).map_err(|e| e.to_string()).and_then(|b| Silero::from_onnx(&b)) {
        Ok(m) => Some(m),
        Err(e) if std::env::var_os("ATTUNE_REQUIRE_WHISPER").is_none() => {
            eprintln!("skipped: {}: {e}", p.display());
            None
        }
        Err(e) => panic!("{}: {e}", p.display()),
    }
}

fn signals() -> Vec<(&'static str, Vec<f32>)> {
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/audio/dialogue-stereo.flac");
    let ch = attune_voice::audio::decode_channels(&f).expect("the fixture decodes");
    let mono: Vec<f32> = ch[0].samples.iter().zip(&ch[1].samples).map(|(l, r)| (l + r) / 2.0).collect();
    let half = mono.len() / 2;
    let mut gapped = vec![0.0f32; 3 * 16_000];
    gapped.extend_from_slice(&mono[..half]);
    gapped.extend(std::iter::repeat_n(0.0, 4 * 16_000));
    gapped.extend_from_slice(&mono[half..]);
    vec![("mono", mono), ("gapped", gapped)]
}

fn stretches(v: &serde_json::Value) -> Vec<(usize, usize)> {
    v.as_array().unwrap().iter().map(|p| (p[0].as_u64().unwrap() as usize, p[1].as_u64().unwrap() as usize)).collect()
}

#[test]
fn probabilities_and_stretches_match_faster_whisper() {
    let Some(m) = model() else { return };
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/silero.fw.json");
    let r: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    for (name, x) in signals() {
        let want = &r["signals"][name];
        assert_eq!(x.len() as u64, want["samples"].as_u64().unwrap(), "{name}: the signal is rebuilt exactly");
        let probs = m.probabilities(&x);
        let wp: Vec<f64> = want["probs"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
        assert_eq!(probs.len(), wp.len(), "{name}: one probability per window");
        let worst = probs.iter().zip(&wp).map(|(a, b)| (*a as f64 - b).abs()).fold(0.0, f64::max);
        eprintln!("{name}: {} windows, largest probability difference {worst:.2e}", probs.len());
        // float32 sums in another order than onnxruntime's: 2.2e-6 and 2.6e-6 measured
        assert!(worst < 1e-5, "{name}: probabilities differ by up to {worst}");
        assert_eq!(speech_stretches(&probs, x.len(), &VadOptions::default()), stretches(&want["speech"]), "{name}: default options");
        let short = VadOptions { min_silence_ms: 500.0, ..Default::default() };
        assert_eq!(speech_stretches(&probs, x.len(), &short), stretches(&want["speech_min_silence_500"]), "{name}: 500 ms pauses");
    }
}

#[test]
fn silence_is_not_speech() {
    let Some(m) = model() else { return };
    let p = m.probabilities(&vec![0.0; 16_000 * 5]);
    assert!(p.iter().all(|v| *v < 0.2), "{p:?}");
    assert!(speech_stretches(&p, 16_000 * 5, &VadOptions::default()).is_empty());
    assert_eq!(m.probabilities(&[]).len(), 1);
}
