//! Whisper JSON + RTTM: the input is split at the first NUL byte into the two files.
#![no_main]
use attune_io::{ReadOptions, read_whisper_rttm};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let cut = data.iter().position(|&b| b == 0).unwrap_or(data.len() / 2);
    let json = String::from_utf8_lossy(&data[..cut]);
    let rttm = String::from_utf8_lossy(data.get(cut + 1..).unwrap_or(&[]));
    let _ = read_whisper_rttm(&json, &rttm, "fuzz.json", "fuzz.rttm", &ReadOptions::default());
});
