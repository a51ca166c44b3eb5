//! Dev tool: the fast tier's severity head alone, trained on SAD train, with and without the accurate tier's
//! severity of other corpora's train texts as soft targets (distillation), scored on SAD dev (Spearman ρ).
//! The shipped head shares the client model's settings (10 epochs, learning rate 0.02, L2 1e-6, min count 2).
//!
//! cargo run --release -p attune-eval --example severity_sweep -- [DATA_DIR]
use attune_eval::metrics::spearman;
use attune_text::client::{client_features, ClientModel};
use attune_text::features::HashSink;
use attune_text::linear::{Example, Head, TrainConfig};
use attune_text::tokens::Tokens;
use attune_text::EmbeddingTable;

fn main() {
    let data = std::env::args().nth(1).unwrap_or("../shared/data".into());
    let table = EmbeddingTable::from_bytes(&std::fs::read("models/minilm/embeddings-cache.bin").expect("cache")).expect("cache");
    let teacher = ClientModel::bundled_accurate().expect("model");
    let (mut train, mut dev) = (Vec::new(), Vec::new());
    let mut toks = Tokens::default();
    let feats = |t: &str, toks: &mut Tokens| {
        let mut sink = HashSink::default();
        client_features(t, None, toks, &mut sink);
        sink.feats
    };
    for l in std::fs::read_to_string(format!("{data}/sad_stress/sad_stress.jsonl")).expect("data").lines() {
        let v: serde_json::Value = serde_json::from_str(l).expect("json");
        let Some(g) = v["turns"][0]["labels"]["severity"].as_f64() else { continue };
        let f = feats(v["turns"][0]["text"].as_str().unwrap_or(""), &mut toks);
        if v["split"] == "train" {
            train.push((f, g / 10.0));
        } else if v["split"] == "dev" {
            dev.push((f, g));
        }
    }
    // other corpora's train texts, read by the accurate tier
    let mut extra = Vec::new();
    for file in ["empathetic_dialogues/empathetic_dialogues.jsonl", "goemotions/goemotions.jsonl"] {
        let mut n = 0;
        for l in std::fs::read_to_string(format!("{data}/{file}")).expect("data").lines() {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            if v["split"] != "train" {
                continue;
            }
            let mut texts: Vec<&str> = vec![v["turns"][0]["text"].as_str().unwrap_or("")];
            if let Some(s) = v["meta"]["situation"].as_str() {
                texts.push(s);
            }
            for t in texts {
                if let Some(e) = table.get(t) {
                    let y = teacher.predict(t, Some(e)).severity as f64;
                    extra.push((feats(t, &mut toks), y, file.starts_with("emp")));
                    n += 1;
                }
            }
        }
        eprintln!("{file}: {n} texts with a teacher reading");
    }
    let gold: Vec<f64> = dev.iter().map(|d| d.1).collect();
    let mut p = Vec::new();
    let soft = |ex: &mut Vec<Example>, f: &Vec<(u64, f32)>, y: f64, w: f32| {
        let y = (y as f32).clamp(0.0, 1.0);
        ex.push(Example { feats: f.clone(), labels: vec![1], weight: w * y });
        ex.push(Example { feats: f.clone(), labels: vec![0], weight: w * (1.0 - y) });
    };
    for (which, w) in [("all", 2.0f32), ("all", 4.0), ("all", 8.0)] {
        let mut ex = Vec::new();
        for (f, y) in &train {
            soft(&mut ex, f, *y, 2.0);
        }
        if w > 0.0 {
            for (f, y, ed) in &extra {
                if which == "all" || *ed {
                    soft(&mut ex, f, *y, w);
                }
            }
        }
        let cfg = TrainConfig { epochs: 10, learning_rate: 0.02, l2: 1e-6, min_count: 2, seed: 29, average: 2 };
        let h = Head::train("s", vec!["low".into(), "high".into()], &ex, &cfg);
        let pred: Vec<f64> = dev.iter().map(|(f, _)| { h.predict(f, &mut p); p[1] as f64 }).collect();
        println!("distil {which} weight {w}: {:.3}", spearman(&pred, &gold));
    }
}
