//! The Csv reader on arbitrary bytes (decoded first, so UTF-16 and BOM paths are hit too).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| attune_io::fuzzing::fuzz_one(attune_io::Format::Csv, data));
