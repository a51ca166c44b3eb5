//! Dev tool: can a perceptron over the static word vectors (the fast tier's only dense input) add to the fast
//! client model's linear distress and severity heads? Trains on GoEmotions/EmpatheticDialogues/SAD train, scores
//! goemotions-distress, ed-distress and sad-severity on dev, with the perceptron's logits averaged with the
//! shipped fast head's at several weights.
//!
//! cargo run --release -p attune-eval --example fast_dense -- [DATA_DIR]
use attune_eval::client_data::{ed_emotion, GOEMOTIONS_DISTRESS};
use attune_eval::metrics::{roc_auc, spearman};
use attune_core::Emotion;
use attune_text::client::ClientModel;
use attune_text::mlp::{DenseExample, Mlp, MlpConfig};
use attune_text::tokens::Tokens;

fn dense(text: &str, toks: &mut Tokens, mode: u8) -> Vec<f32> {
    let wv = attune_text::wordvec::bundled();
    toks.fill(text);
    let mut words = Vec::new();
    toks.slices(&mut words);
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let ws: Vec<&str> = lower.iter().map(|s| s.as_str()).collect();
    let d = wv.dim();
    let mut mean = Vec::new();
    wv.sentence(&ws, &mut mean);
    if mode == 0 {
        return mean;
    }
    let (mut mx, mut mn) = (vec![0f32; d], vec![0f32; d]);
    let mut row = vec![0f32; d];
    for w in &ws {
        row.iter_mut().for_each(|x| *x = 0.0);
        if wv.add(w, &mut row) {
            for i in 0..d {
                mx[i] = mx[i].max(row[i]);
                mn[i] = mn[i].min(row[i]);
            }
        }
    }
    let norm = |v: &mut Vec<f32>| {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        if n > 0.0 {
            v.iter_mut().for_each(|x| *x /= n);
        }
    };
    norm(&mut mx);
    norm(&mut mn);
    let mut out = mean;
    out.extend(mx);
    out.extend(mn);
    out
}

fn logit(p: f32) -> f32 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

fn main() {
    let data = std::env::args().nth(1).unwrap_or("../shared/data".into());
    let mode: u8 = std::env::var("MODE").ok().and_then(|m| m.parse().ok()).unwrap_or(1);
    let hidden: usize = std::env::var("HID").ok().and_then(|m| m.parse().ok()).unwrap_or(256);
    let epochs: usize = std::env::var("EP").ok().and_then(|m| m.parse().ok()).unwrap_or(6);
    let lr: f32 = std::env::var("LR").ok().and_then(|m| m.parse().ok()).unwrap_or(5e-4);
    let edw: f32 = std::env::var("EDW").ok().and_then(|m| m.parse().ok()).unwrap_or(0.5);
    let fast = ClientModel::bundled().expect("model");
    let mut toks = Tokens::default();
    let read = |f: &str| std::fs::read_to_string(format!("{data}/{f}")).expect("data");
    // distress
    let (mut dtr, mut gdev, mut edev) = (Vec::new(), Vec::new(), Vec::new());
    for l in read("goemotions/goemotions.jsonl").lines() {
        let v: serde_json::Value = serde_json::from_str(l).expect("json");
        let t = v["turns"][0]["text"].as_str().unwrap_or("").to_string();
        let labels: Vec<&str> = v["turns"][0]["labels"]["emotions"].as_array().map(|a| a.iter().filter_map(|x| x.as_str()).collect()).unwrap_or_default();
        let d = labels.iter().any(|l| GOEMOTIONS_DISTRESS.contains(l));
        if !d && labels != ["neutral"] {
            continue;
        }
        match v["split"].as_str() {
            Some("train") => dtr.push((dense(&t, &mut toks, mode), d as usize, 1.0f32)),
            Some("dev") => gdev.push((t, d)),
            _ => {}
        }
    }
    for l in read("empathetic_dialogues/empathetic_dialogues.jsonl").lines() {
        let v: serde_json::Value = serde_json::from_str(l).expect("json");
        let Some((e, d)) = v["meta"]["emotion"].as_str().and_then(ed_emotion) else { continue };
        if e == Emotion::Anger {
            continue;
        }
        let first = v["turns"].as_array().and_then(|ts| ts.iter().find(|t| t["speaker"] == "client")).and_then(|t| t["text"].as_str()).unwrap_or("").to_string();
        match v["split"].as_str() {
            Some("train") if edw > 0.0 => {
                if let Some(s) = v["meta"]["situation"].as_str() {
                    dtr.push((dense(s, &mut toks, mode), d as usize, edw));
                }
                dtr.push((dense(&first, &mut toks, mode), d as usize, 0.2));
            }
            Some("dev") => edev.push((first, d)),
            _ => {}
        }
    }
    // severity
    let (mut str_, mut sdev) = (Vec::new(), Vec::new());
    for l in read("sad_stress/sad_stress.jsonl").lines() {
        let v: serde_json::Value = serde_json::from_str(l).expect("json");
        let Some(g) = v["turns"][0]["labels"]["severity"].as_f64() else { continue };
        let t = v["turns"][0]["text"].as_str().unwrap_or("").to_string();
        match v["split"].as_str() {
            Some("train") => str_.push((dense(&t, &mut toks, mode), (g / 10.0) as f32)),
            Some("dev") => sdev.push((t, g)),
            _ => {}
        }
    }
    eprintln!("distress train {} ge dev {} ed dev {}; sad train {} dev {}", dtr.len(), gdev.len(), edev.len(), str_.len(), sdev.len());
    let dim = dtr[0].0.len();
    let cfg = MlpConfig { hidden, epochs, learning_rate: lr, ..Default::default() };
    let dex: Vec<DenseExample> = dtr.iter().map(|(x, y, w)| DenseExample { x, labels: vec![*y], weight: *w }).collect();
    let dm = Mlp::train(dim, 2, &dex, &cfg);
    let mut sex = Vec::new();
    for (x, y) in &str_ {
        sex.push(DenseExample { x, labels: vec![1], weight: *y });
        sex.push(DenseExample { x, labels: vec![0], weight: 1.0 - *y });
    }
    let sm = Mlp::train(dim, 2, &sex, &cfg);
    let (mut h, mut o) = (Vec::new(), Vec::new());
    let mut score = |m: &Mlp, t: &str, lin: f32, a: f32, toks: &mut Tokens| {
        m.logits(&dense(t, toks, mode), &mut h, &mut o);
        (a * (o[1] - o[0]) + (1.0 - a) * logit(lin)) as f64
    };
    for a in [0.0f32, 0.25, 0.35, 0.5, 1.0] {
        let (s, p): (Vec<f64>, Vec<bool>) = gdev.iter().map(|(t, d)| (score(&dm, t, fast.predict(t, None).distress, a, &mut toks), *d)).unzip();
        let (s2, p2): (Vec<f64>, Vec<bool>) = edev.iter().map(|(t, d)| (score(&dm, t, fast.predict(t, None).distress, a, &mut toks), *d)).unzip();
        let (s3, g3): (Vec<f64>, Vec<f64>) = sdev.iter().map(|(t, g)| (score(&sm, t, fast.predict(t, None).severity, a, &mut toks), *g)).unzip();
        println!("mode {mode} hid {hidden} ep {epochs} lr {lr} edw {edw} a {a}: goemotions {:.3} ed {:.3} sad {:.3}", roc_auc(&s, &p), roc_auc(&s2, &p2), spearman(&s3, &g3));
    }
}
