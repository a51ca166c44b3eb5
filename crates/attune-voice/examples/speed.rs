//! Quick timing of pitch and intensity on a long 16 kHz signal built from the reference dialogue.
use attune_voice::{intensity, pitch};
fn main() {
    let path = std::env::args().nth(1).expect("WAV path");
    let minutes: f64 = std::env::args().nth(2).map(|v| v.parse().unwrap()).unwrap_or(60.0);
    let mut r = hound::WavReader::open(&path).unwrap();
    let rate = r.spec().sample_rate as f64;
    let s: Vec<f32> = r.samples::<i16>().map(|v| v.unwrap() as f32 / 32768.0).collect();
    // crude linear resample to 16 kHz (timing only)
    let out_rate = 16000.0;
    let n_out = (s.len() as f64 * out_rate / rate) as usize;
    let one: Vec<f32> = (0..n_out).map(|i| { let x = i as f64 * rate / out_rate; let k = x as usize; let f = (x - k as f64) as f32; let a = s[k]; let b = *s.get(k + 1).unwrap_or(&a); a + f * (b - a) }).collect();
    let total = (minutes * 60.0 * out_rate) as usize;
    let x: Vec<f32> = one.iter().cycle().take(total).copied().collect();
    let c0 = attune_voice::cputime::thread_cpu_seconds().unwrap();
    let t = std::time::Instant::now();
    let p = pitch::pitch_ac(&x, out_rate, &pitch::PitchParams::default());
    let tp = t.elapsed().as_secs_f64();
    let c1 = attune_voice::cputime::thread_cpu_seconds().unwrap();
    let t = std::time::Instant::now();
    let it = intensity::intensity(&x, out_rate, &intensity::IntensityParams::default());
    let ti = t.elapsed().as_secs_f64();
    let c2 = attune_voice::cputime::thread_cpu_seconds().unwrap();
    println!("cpu: pitch {:.3} s, intensity {:.3} s", c1 - c0, c2 - c1);
    let voiced = p.frames.iter().filter(|f| f.f0 > 0.0).count();
    println!("{minutes} min: pitch {tp:.3} s ({} frames, {voiced} voiced), intensity {ti:.3} s ({} frames)", p.frames.len(), it.frames.len());
}
