//! Speed of Silero VAD on a long recording: the stereo fixture's mono mix repeated to MINUTES (default 60).
//! `cargo run --release -p attune-speech --example vad_speed [MINUTES]` (needs `bash scripts/setup.sh`).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let minutes: f64 = std::env::args().nth(1).map(|a| a.parse()).transpose()?.unwrap_or(60.0);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let ch = attune_voice::audio::decode_channels(&root.join("tests/audio/dialogue-stereo.flac"))?;
    let mono: Vec<f32> = ch[0].samples.iter().zip(&ch[1].samples).map(|(l, r)| (l + r) / 2.0).collect();
    let n = (minutes * 60.0 * 16_000.0) as usize;
    let x: Vec<f32> = mono.iter().copied().cycle().take(n).collect();
    let path = attune_speech::vad_path(&attune_speech::default_dir());
    let m = attune_speech::silero::Silero::from_onnx(&std::fs::read(&path)?)?;
    let t0 = std::time::Instant::now();
    let p = m.probabilities(&x);
    let s = attune_speech::silero::speech_stretches(&p, x.len(), &Default::default());
    let dt = t0.elapsed().as_secs_f64();
    println!("Silero VAD on {minutes} min of audio: {} windows, {} speech stretches, {dt:.2} s (real-time factor {:.4})", p.len(), s.len(), dt / (minutes * 60.0));
    Ok(())
}
