//! Any bytes through decode → detect → parse, as `read_path` does.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = attune_io::parse_bytes(data, "fuzz.vtt", &attune_io::ReadOptions::default());
    let _ = attune_io::parse_bytes(data, "fuzz", &attune_io::ReadOptions::default());
});
