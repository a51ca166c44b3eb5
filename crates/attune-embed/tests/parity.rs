//! Parity with an independent NumPy implementation of all-MiniLM-L6-v2 (`tests/reference.py`, float64):
//! same token ids, and embeddings within 1e-5 per component, whether texts are embedded alone or padded in
//! one batch with much longer ones.

use attune_embed::{default_dir, Embedder};

#[derive(serde::Deserialize)]
struct Case {
    text: String,
    ids: Vec<u32>,
    embedding: Vec<f32>,
}

#[test]
fn matches_the_numpy_reference() {
    let e = match Embedder::load(&default_dir()) {
        Ok(e) => e,
        Err(err) if std::env::var_os("ATTUNE_REQUIRE_MINILM").is_none() => {
            eprintln!("skipping: {err}");
            return;
        }
        Err(err) => panic!("{err}"),
    };
    let cases: Vec<Case> = serde_json::from_str(include_str!("reference.json")).expect("reference.json");
    let texts: Vec<&str> = cases.iter().map(|c| c.text.as_str()).collect();
    let batch = e.embed(&texts).unwrap();
    let mut worst = 0f32;
    for (c, b) in cases.iter().zip(&batch) {
        assert_eq!(e.token_ids(&c.text).unwrap(), c.ids, "token ids of {:?}", c.text);
        let alone = &e.embed(&[c.text.as_str()]).unwrap()[0];
        for ((x, y), z) in c.embedding.iter().zip(alone).zip(b) {
            worst = worst.max((x - y).abs()).max((x - z).abs());
        }
    }
    assert!(worst < 1e-5, "largest difference from the reference: {worst}");
    eprintln!("largest difference from the NumPy reference: {worst:e}");
}
