//! The Srt reader on arbitrary text (decoded first, so UTF-16 and BOM paths are hit too).
#![no_main]
use attune_io::{Format, ReadOptions, decode_text, parse_str};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = match decode_text(data, "fuzz") {
        Ok(t) => t,
        Err(_) => String::from_utf8_lossy(data).into_owned(),
    };
    let opts = ReadOptions::default();
    if let Ok(sessions) = parse_str(Format::Srt, &text, "fuzz", &opts) {
        for s in &sessions {
            for t in &s.turns {
                if let (Some(a), Some(b)) = (t.start, t.end) {
                    assert!(a <= b || matches!(Format::Srt, Format::AttuneJson | Format::Jsonl));
                }
            }
        }
    }
    let keep = ReadOptions { keep_cues: true, therapist: Some("T".into()), ..ReadOptions::default() };
    let _ = parse_str(Format::Srt, &text, "fuzz", &keep);
});
