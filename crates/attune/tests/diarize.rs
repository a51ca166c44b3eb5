//! Mono diarization end to end on our own two-person session (tests/audio/diarization-mono.flac, two flite
//! voices of different real speakers in one channel, made by scripts/speech/make_diarization.py; the truth in
//! tests/audio/diarization-mono.json): the diarization error rate with the number of speakers given and
//! estimated. Needs CAM++, Silero VAD and
//! Whisper (`bash scripts/setup.sh`); skipped with a note when they are missing, unless ATTUNE_REQUIRE_WHISPER
//! is set (as scripts/test.sh does).

use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/audio").join(name)
}

fn models() -> Option<attune_speech::Whisper> {
    let ok = attune_diarize::default_dir().join("campplus.safetensors").is_file() && attune_speech::default_dir().join("model.bin").is_file();
    if !ok {
        assert!(std::env::var_os("ATTUNE_REQUIRE_WHISPER").is_none(), "CAM++ or Whisper is missing: run bash scripts/setup.sh");
        eprintln!("skipped: CAM++ or Whisper is missing (run bash scripts/setup.sh)");
        return None;
    }
    Some(attune::speech::load_whisper(None).unwrap())
}

fn mono() -> attune::speech::Track {
    attune::speech::decode_recording(&fixture("diarization-mono.flac")).unwrap().channels.remove(0)
}

fn truth() -> Vec<attune_diarize::Turn> {
    let t: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(fixture("diarization-mono.json")).unwrap()).unwrap();
    t["turns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| attune_diarize::Turn { start: t["start"].as_f64().unwrap(), end: t["end"].as_f64().unwrap(), speaker: t["speaker"].as_str().unwrap().into() })
        .collect()
}

#[test]
fn two_voices_in_one_channel_are_told_apart() {
    let Some(whisper) = models() else { return };
    let mix = mono();
    for speakers in [Some(2), None] {
        let turns = attune::speech::diarize_mono(&mix, &whisper, speakers, &mut |_, _| {}).unwrap();
        let hyp: Vec<attune_diarize::Turn> = turns.iter().map(|t| attune_diarize::Turn { start: t.start, end: t.end, speaker: t.speaker.to_string() }).collect();
        let d = attune_diarize::der(&truth(), &hyp, 0.25);
        eprintln!("DER with speakers {speakers:?}: {:.3} (missed {:.2} s, false alarm {:.2} s, confusion {:.2} s of {:.2} s); {} turns", d.rate(), d.missed, d.false_alarm, d.confusion, d.scored, turns.len());
        let strict = attune_diarize::der(&truth(), &hyp, 0.0);
        eprintln!("   without a collar: {:.3}", strict.rate());
        assert!(d.rate() <= 0.15 && strict.rate() <= 0.15, "DER {d:?} / {strict:?}");
        assert_eq!(turns.iter().map(|t| t.speaker).max(), Some(1), "two speakers");
    }
}


