//! Dev tool: the fast tier's distress head alone, trained as `attune train --only client` trains it (GoEmotions,
//! EmpatheticDialogues' first turns at 0.2 and situations at 0.5), with and without the accurate tier's distress
//! as soft targets (distillation), scored on goemotions-distress and ed-distress dev (ROC AUC).
//!
//! cargo run --release -p attune-eval --example distress_distil -- [DATA_DIR]
use attune_core::Emotion;
use attune_eval::client_data::{ed_emotion, GOEMOTIONS_DISTRESS};
use attune_eval::metrics::roc_auc;
use attune_text::client::{client_features, ClientModel};
use attune_text::features::HashSink;
use attune_text::linear::{Example, Head, TrainConfig};
use attune_text::tokens::Tokens;
use attune_text::EmbeddingTable;

struct Item {
    ed: bool,
    f: Vec<(u64, f32)>,
    gold: Option<bool>,
    w: f32,
    teacher: Option<f32>,
}

fn main() {
    let data = std::env::args().nth(1).unwrap_or("../shared/data".into());
    let table = EmbeddingTable::from_bytes(&std::fs::read("models/minilm/embeddings-cache.bin").expect("cache")).expect("cache");
    let teacher = ClientModel::bundled_accurate().expect("model");
    let mut toks = Tokens::default();
    let mut feats = |t: &str| {
        let mut sink = HashSink::default();
        client_features(t, None, &mut toks, &mut sink);
        sink.feats
    };
    let read = |t: &str| table.get(t).map(|e| teacher.predict(t, Some(e)).distress);
    let (mut train, mut ge_dev, mut ed_dev): (Vec<Item>, Vec<(Vec<(u64, f32)>, bool)>, Vec<(Vec<(u64, f32)>, bool)>) = (Vec::new(), Vec::new(), Vec::new());
    for l in std::fs::read_to_string(format!("{data}/goemotions/goemotions.jsonl")).expect("data").lines() {
        let v: serde_json::Value = serde_json::from_str(l).expect("json");
        let t = v["turns"][0]["text"].as_str().unwrap_or("");
        let labels: Vec<&str> = v["turns"][0]["labels"]["emotions"].as_array().map(|a| a.iter().filter_map(|x| x.as_str()).collect()).unwrap_or_default();
        let d = labels.iter().any(|l| GOEMOTIONS_DISTRESS.contains(l));
        let neutral = labels.iter().all(|l| *l == "neutral");
        if v["split"] == "train" {
            train.push(Item { ed: false, f: feats(t), gold: (d || neutral).then_some(d), w: 1.0, teacher: read(t) });
        } else if v["split"] == "dev" && (d || neutral) {
            ge_dev.push((feats(t), d));
        }
    }
    for l in std::fs::read_to_string(format!("{data}/empathetic_dialogues/empathetic_dialogues.jsonl")).expect("data").lines() {
        let v: serde_json::Value = serde_json::from_str(l).expect("json");
        let Some((e, d)) = v["meta"]["emotion"].as_str().and_then(ed_emotion) else { continue };
        if e == Emotion::Anger {
            continue;
        }
        let Some(t) = v["turns"].as_array().and_then(|a| a.iter().find(|t| t["speaker"] == "client")).and_then(|t| t["text"].as_str()) else { continue };
        if v["split"] == "train" {
            train.push(Item { ed: true, f: feats(t), gold: Some(d), w: 0.2, teacher: read(t) });
            if let Some(s) = v["meta"]["situation"].as_str() {
                train.push(Item { ed: true, f: feats(s), gold: Some(d), w: 0.5, teacher: read(s) });
            }
        } else if v["split"] == "dev" {
            ed_dev.push((feats(t), d));
        }
    }
    eprintln!("{} train items, {} with a teacher reading", train.len(), train.iter().filter(|i| i.teacher.is_some()).count());
    let cfg = TrainConfig { epochs: 10, learning_rate: 0.02, l2: 1e-6, min_count: 2, seed: 29, average: 2 };
    let mut p = Vec::new();
    // alpha: the share of the teacher's reading in a labelled item's target; amb: weight of unlabelled (ambiguous) GoEmotions comments with the teacher's reading
    // ed: the scale of EmpatheticDialogues' weights (1 = as shipped, 0 = left out)
    for (ed, alpha, amb) in [(0.0f32, 0.0f32, 0.0f32), (0.0, 0.5, 1.0), (0.0, 0.5, 2.0), (0.0, 0.8, 2.0), (1.0, 0.8, 2.0)] {
        let mut ex = Vec::new();
        for it in &train {
            let scale = if it.ed { ed } else { 1.0 };
            if scale == 0.0 {
                continue;
            }
            let (y, w) = match (it.gold, it.teacher) {
                (Some(g), Some(t)) => ((1.0 - alpha) * g as u8 as f32 + alpha * t, it.w * scale),
                (Some(g), None) => (g as u8 as f32, it.w * scale),
                (None, Some(t)) if amb > 0.0 => (t, amb),
                _ => continue,
            };
            if y > 0.0 {
                ex.push(Example { feats: it.f.clone(), labels: vec![1], weight: w * y });
            }
            if y < 1.0 {
                ex.push(Example { feats: it.f.clone(), labels: vec![0], weight: w * (1.0 - y) });
            }
        }
        let h = Head::train("d", vec!["calm".into(), "distressed".into()], &ex, &cfg);
        let mut auc = |set: &[(Vec<(u64, f32)>, bool)]| {
            let s: Vec<f64> = set.iter().map(|(f, _)| { h.predict(f, &mut p); p[1] as f64 }).collect();
            let g: Vec<bool> = set.iter().map(|x| x.1).collect();
            roc_auc(&s, &g)
        };
        println!("ed {ed} alpha {alpha} ambiguous {amb}: goemotions {:.3} ed {:.3}", auc(&ge_dev), auc(&ed_dev));
    }
}
