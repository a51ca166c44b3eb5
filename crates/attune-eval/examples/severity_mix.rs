//! Dev tool: SAD severity (Spearman ρ on a split) of a client model's severity head, its hardship and distress
//! heads, and of their logit combinations, to study whether the heads trained on larger data help severity.
//!
//! cargo run --release -p attune-eval --example severity_mix -- MODEL.bin [SPLIT] [DATA_DIR]
use attune_eval::metrics::spearman;
use attune_text::client::ClientModel;

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let m = ClientModel::from_bytes(&std::fs::read(&a[0]).expect("model")).expect("model");
    let split = a.get(1).cloned().unwrap_or("dev".into());
    let data = a.get(2).cloned().unwrap_or("../shared/data".into());
    let (mut s, mut h, mut d, mut gold) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let logit = |p: f32| {
        let p = (p as f64).clamp(1e-6, 1.0 - 1e-6);
        (p / (1.0 - p)).ln()
    };
    for l in std::fs::read_to_string(format!("{data}/sad_stress/sad_stress.jsonl")).expect("data").lines() {
        let v: serde_json::Value = serde_json::from_str(l).expect("json");
        if v["split"] != split.as_str() {
            continue;
        }
        let Some(g) = v["turns"][0]["labels"]["severity"].as_f64() else { continue };
        let st = m.predict(v["turns"][0]["text"].as_str().unwrap_or(""), None);
        s.push(logit(st.severity));
        h.push(logit(st.hardship));
        d.push(logit(st.distress));
        gold.push(g);
    }
    println!("n {}  severity {:.3}  hardship {:.3}  distress {:.3}", gold.len(), spearman(&s, &gold), spearman(&h, &gold), spearman(&d, &gold));
    for wh in [0.0, 0.1, 0.2, 0.3, 0.5, 0.8] {
        for wd in [0.0, 0.1, 0.2, 0.3, 0.5] {
            let c: Vec<f64> = (0..gold.len()).map(|i| s[i] + wh * h[i] + wd * d[i]).collect();
            print!("h{wh} d{wd} {:.3}  ", spearman(&c, &gold));
        }
        println!();
    }
}
