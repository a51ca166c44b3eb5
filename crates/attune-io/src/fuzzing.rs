//! The shared body of the fuzz targets in `fuzz/` (and of the never-panics proptests): any bytes,
//! decoded as a user's file would be, read as one format, must give sessions or an error, never a
//! panic, and no session may hold a turn that ends before it starts.

use crate::{decode_text, parse_str, Format, ReadOptions};

#[doc(hidden)]
pub fn fuzz_one(format: Format, data: &[u8]) {
    let text = match decode_text(data, "fuzz") {
        Ok(t) => t,
        Err(_) => String::from_utf8_lossy(data).into_owned(),
    };
    if let Ok(sessions) = parse_str(format, &text, "fuzz", &ReadOptions::default()) {
        for s in &sessions {
            for t in &s.turns {
                if let (Some(a), Some(b)) = (t.start, t.end) {
                    assert!(a <= b, "turn ends before it starts: {a} > {b}");
                }
            }
        }
    }
    let keep = ReadOptions { keep_cues: true, therapist: Some("T".into()), ..ReadOptions::default() };
    let _ = parse_str(format, &text, "fuzz", &keep);
}
