//! Numeric invariants.
use attune_voice::intensity::{intensity, IntensityParams, SILENCE_DB};
use attune_voice::pitch::{pitch_ac, PitchParams};
use proptest::prelude::*;

fn sine(f: f64, amp: f64, rate: f64, secs: f64, phase: f64) -> Vec<f32> {
    (0..(rate * secs) as usize).map(|i| (amp * (2.0 * std::f64::consts::PI * f * i as f64 / rate + phase).sin()) as f32).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A pure sine between 80 and 500 Hz is voiced in its middle, at its frequency within 1 Hz.
    #[test]
    fn pitch_of_a_sine(f in 80.0f64..500.0, amp in 0.05f64..0.9, phase in 0.0f64..std::f64::consts::TAU) {
        let rate = 16000.0;
        let x = sine(f, amp, rate, 0.5, phase);
        let p = pitch_ac(&x, rate, &PitchParams::default());
        let mid: Vec<_> = p.frames.iter().filter(|fr| fr.time > 0.1 && fr.time < 0.4).collect();
        prop_assert!(!mid.is_empty());
        for fr in mid {
            prop_assert!(fr.f0 > 0.0, "unvoiced at {}", fr.time);
            prop_assert!((fr.f0 - f).abs() <= 1.0, "f0 {} for {}", fr.f0, f);
        }
    }

    /// Scaling a signal by s shifts its intensity by 20·log10(s) dB on every frame.
    #[test]
    fn intensity_scales(s in 0.01f64..4.0, seed in 0u64..1000) {
        let rate = 16000.0;
        let mut st = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let x: Vec<f32> = (0..8000).map(|i| {
            st = st.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let noise = ((st >> 33) as f64 / (1u64 << 31) as f64 - 0.5) * 0.2;
            (0.1 * (i as f64 * 0.07).sin() + noise) as f32
        }).collect();
        let y: Vec<f32> = x.iter().map(|&v| (v as f64 * s) as f32).collect();
        let p = IntensityParams::default();
        let a = intensity(&x, rate, &p);
        let b = intensity(&y, rate, &p);
        prop_assert_eq!(a.frames.len(), b.frames.len());
        for (fa, fb) in a.frames.iter().zip(&b.frames) {
            prop_assert!(((fb.db - fa.db) - 20.0 * s.log10()).abs() < 1e-3, "{} {} {}", fa.db, fb.db, s);
        }
    }

    /// Arbitrary (even hostile) samples never panic and give a grid-shaped output.
    #[test]
    fn no_panic_on_any_samples(v in proptest::collection::vec(any::<f32>(), 0..3000), rate in 1000u32..48000) {
        let p = pitch_ac(&v, rate as f64, &PitchParams::default());
        let i = intensity(&v, rate as f64, &IntensityParams::default());
        for w in p.frames.windows(2) { prop_assert!(w[1].time > w[0].time); }
        for f in &i.frames { prop_assert!(f.db >= SILENCE_DB); }
    }
}

#[test]
fn silence_and_short_inputs() {
    let z = vec![0f32; 16000];
    let p = pitch_ac(&z, 16000.0, &PitchParams::default());
    assert!(p.frames.iter().all(|f| f.f0 == 0.0));
    let i = intensity(&z, 16000.0, &IntensityParams::default());
    assert!(i.frames.iter().all(|f| f.db == SILENCE_DB));
    assert!(pitch_ac(&[0.1; 10], 16000.0, &PitchParams::default()).frames.is_empty());
    assert!(intensity(&[], 16000.0, &IntensityParams::default()).frames.is_empty());
}
