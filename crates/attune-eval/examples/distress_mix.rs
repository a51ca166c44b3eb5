//! Dev tool: distress AUCs (GoEmotions dev, EmpatheticDialogues dev first turns) of two client models and of
//! their combinations, to study whether a second head for conversational distress helps.
//!
//! cargo run --release -p attune-eval --example distress_mix -- A.bin B.bin [DATA_DIR]
use attune_eval::client_data::{ed_emotion, GOEMOTIONS_DISTRESS};
use attune_eval::metrics::roc_auc;
use attune_text::client::ClientModel;

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let load = |p: &str| ClientModel::from_bytes(&std::fs::read(p).expect("model")).expect("model");
    let (ma, mb) = (load(&a[0]), load(&a[1]));
    let data = a.get(2).cloned().unwrap_or("../shared/data".into());
    let mut sets: Vec<(&str, Vec<String>, Vec<bool>)> = Vec::new();
    for (name, file) in [("goemotions", "goemotions/goemotions.jsonl"), ("ed", "empathetic_dialogues/empathetic_dialogues.jsonl")] {
        let (mut texts, mut pos) = (Vec::new(), Vec::new());
        for l in std::fs::read_to_string(format!("{data}/{file}")).expect("data").lines() {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            if v["split"] != "dev" {
                continue;
            }
            if name == "goemotions" {
                let labels: Vec<&str> = v["turns"][0]["labels"]["emotions"].as_array().map(|a| a.iter().filter_map(|x| x.as_str()).collect()).unwrap_or_default();
                let d = labels.iter().any(|l| GOEMOTIONS_DISTRESS.contains(l));
                if d || labels == ["neutral"] {
                    texts.push(v["turns"][0]["text"].as_str().unwrap_or("").to_string());
                    pos.push(d);
                }
            } else if let Some((e, d)) = v["meta"]["emotion"].as_str().and_then(ed_emotion) {
                if e != attune_core::Emotion::Anger {
                    texts.push(v["turns"][0]["text"].as_str().unwrap_or("").to_string());
                    pos.push(d);
                }
            }
        }
        sets.push((name, texts, pos));
    }
    let logit = |p: f64| (p.clamp(1e-6, 1.0 - 1e-6) / (1.0 - p.clamp(1e-6, 1.0 - 1e-6))).ln();
    for (name, texts, pos) in &sets {
        let pa: Vec<f64> = texts.iter().map(|t| ma.predict(t, None).distress as f64).collect();
        let pb: Vec<f64> = texts.iter().map(|t| mb.predict(t, None).distress as f64).collect();
        let mut line = format!("{name:<11} A {:.3}  B {:.3}", roc_auc(&pa, pos), roc_auc(&pb, pos));
        for w in [0.25, 0.5, 0.75] {
            let m: Vec<f64> = pa.iter().zip(&pb).map(|(x, y)| (1.0 - w) * logit(*x) + w * logit(*y)).collect();
            line += &format!("  mean{w} {:.3}", roc_auc(&m, pos));
        }
        let mx: Vec<f64> = pa.iter().zip(&pb).map(|(x, y)| x.max(*y)).collect();
        let no: Vec<f64> = pa.iter().zip(&pb).map(|(x, y)| 1.0 - (1.0 - x) * (1.0 - y)).collect();
        line += &format!("  max {:.3}  noisy-or {:.3}", roc_auc(&mx, pos), roc_auc(&no, pos));
        println!("{line}");
    }
}
