//! Dev tool: which turns of JSON Lines files `lang::other_language` names as not English, with counts per file
//! (to check it stays quiet on English corpora).
//!
//! cargo run --release -p attune-text --example lang_scan -- FILE...
fn texts(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if let (true, Some(s)) = (
                    matches!(k.as_str(), "text" | "response" | "situation"),
                    x.as_str(),
                ) {
                    out.push(s.to_string());
                } else {
                    texts(x, out);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| texts(x, out)),
        _ => {}
    }
}

fn main() {
    for f in std::env::args().skip(1) {
        let Ok(body) = std::fs::read_to_string(&f) else {
            continue;
        };
        let (mut n, mut hits) = (0usize, Vec::new());
        for l in body.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(l) else {
                continue;
            };
            let mut out = Vec::new();
            texts(&v, &mut out);
            for t in out {
                n += 1;
                if let Some(lang) = attune_text::lang::other_language(&t) {
                    hits.push(format!(
                        "{lang}: {}",
                        t.chars().take(110).collect::<String>()
                    ));
                }
            }
        }
        println!("{f}: {} of {n} texts", hits.len());
        for h in hits.iter().take(12) {
            println!("    {h}");
        }
    }
}
