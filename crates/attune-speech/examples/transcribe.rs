//! `cargo run --release -p attune-speech --example transcribe -- FILE.wav [beam]`: prints the segments.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = std::path::Path::new(&args[1]);
    let audio = attune_voice::audio::decode_file(path, attune_voice::audio::Channel::Mix).expect("decode");
    let x = attune_voice::audio::resample(&audio.samples, audio.rate, 16_000).expect("resample");
    let w = attune_speech::Whisper::load(&attune_speech::default_dir()).expect("model");
    let mut o = attune_speech::TranscribeOptions::default();
    o.decode.beam_size = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let t = std::time::Instant::now();
    let segs = w.transcribe(&x, &o, &mut |_, _| {}).expect("transcribe");
    for s in &segs {
        println!("[{:.2} → {:.2}] {} (lp {:.3}, nsp {:.3}, T {}) {:?}", s.start, s.end, s.text, s.avg_logprob, s.no_speech_prob, s.temperature, s.tokens);
    }
    eprintln!("{:.2} s", t.elapsed().as_secs_f64());
}
