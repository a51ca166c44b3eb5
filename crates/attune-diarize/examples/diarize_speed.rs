//! Diarization speed and memory on a long recording: the two-voice reference clip repeated to MINUTES
//! (default 60), its speech given as 3-second stretches, on 1 thread and on all. Needs models/campplus/.
//!
//!     cargo run --release -p attune-diarize --example diarize_speed [MINUTES]

use attune_diarize::{DiarizeOptions, Diarizer};
use std::time::Instant;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok()))
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let minutes: f64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(60.0);
    let wav = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/two_voices.wav")).expect("the reference clip");
    let data = wav.windows(4).position(|w| w == b"data").expect("a data chunk") + 8;
    let clip: Vec<f32> = wav[data..].chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]]) as f32 / 32768.0).collect();
    let n = (minutes * 60.0 * 16_000.0) as usize;
    let x: Vec<f32> = clip.iter().copied().cycle().take(n).collect();
    let regions: Vec<(f64, f64)> = (0..(minutes * 20.0) as usize).map(|k| (k as f64 * 3.0, k as f64 * 3.0 + 2.8)).collect();
    let d = Diarizer::load(&attune_diarize::default_dir()).unwrap_or_else(|e| panic!("{e}"));
    let before = peak_rss_mb();
    for threads in [1, 0] {
        let o = DiarizeOptions { threads, ..Default::default() };
        let t = Instant::now();
        let turns = d.diarize(&x, &regions, &o, &mut |_, _| {});
        let s = t.elapsed().as_secs_f64();
        println!(
            "{minutes} min, {} windows, {} threads: {s:.1} s ({:.0}x real time), {} turns",
            Diarizer::windows(&regions, &o).len(),
            if threads == 0 { "all".to_string() } else { threads.to_string() },
            minutes * 60.0 / s,
            turns.len()
        );
    }
    println!("peak resident memory {:.0} MB (the samples alone {:.0} MB; {:.0} MB before diarizing)", peak_rss_mb(), n as f64 * 4.0 / 1e6, before);
}
