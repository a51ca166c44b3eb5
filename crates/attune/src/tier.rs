//! Tier and embedding choice: which coder model runs, and, for the accurate tier, the sentence encoder
//! that turns a session's texts into the vectors the coder and client model read.
//!
//! The encoder is loaded once per [`Encoder`] and shared; a user's own texts are embedded in memory and
//! never cached on disk (only the public data's vectors are, by `attune eval` / `attune train`, through
//! [`table_for`] with a cache path).

use crate::{Error, Result};
use attune_core::{Role, Session};
use attune_text::{Coder, EmbeddingTable};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Which coder: the fast tier (features only) or the accurate tier (features + MiniLM sentence embeddings;
/// needs the weights `scripts/setup.sh` installs). `Auto` is the accurate tier where its encoder is
/// installed, the fast tier otherwise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    #[default]
    Fast,
    Accurate,
    Auto,
}

impl Tier {
    /// The tier this one resolves to here (`Auto` → accurate where the encoder is installed).
    pub fn resolve(self) -> Tier {
        match self {
            Tier::Auto if accurate_available() => Tier::Accurate,
            Tier::Auto => Tier::Fast,
            t => t,
        }
    }
}

/// The folder the encoder's weights are read from (`ATTUNE_MINILM_DIR`, else `models/minilm`).
pub fn encoder_dir() -> PathBuf {
    #[cfg(feature = "accurate")]
    {
        attune_embed::default_dir()
    }
    #[cfg(not(feature = "accurate"))]
    {
        std::env::var_os("ATTUNE_MINILM_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("models/minilm"))
    }
}

/// Is the accurate tier usable here (built in, and the encoder weights installed)?
pub fn accurate_available() -> bool {
    cfg!(feature = "accurate") && encoder_dir().join("model.safetensors").is_file()
}

/// The bundled coder of a tier, without embeddings yet. Fails before any work when the accurate tier is
/// asked for and cannot run.
pub fn bundled_coder(tier: Tier) -> Result<Coder> {
    let accurate = match tier.resolve() {
        Tier::Accurate => {
            if !cfg!(feature = "accurate") {
                return Err(Error::NoAccurateTier);
            }
            let w = encoder_dir().join("model.safetensors");
            if !w.is_file() {
                return Err(Error::EncoderMissing(w));
            }
            true
        }
        _ => false,
    };
    let c = if accurate { Coder::try_bundled_accurate() } else { Coder::try_bundled() };
    c.map_err(|e| Error::Model(e.to_string()))
}

/// The sentence encoder, loaded on first use and kept for the life of the value.
#[derive(Clone, Default)]
pub struct Encoder {
    #[cfg(feature = "accurate")]
    inner: Arc<OnceLock<std::result::Result<Arc<attune_embed::Embedder>, String>>>,
    #[cfg(not(feature = "accurate"))]
    inner: Arc<OnceLock<()>>,
}

impl Encoder {
    #[cfg(feature = "accurate")]
    fn loaded(&self) -> Result<&Arc<attune_embed::Embedder>> {
        self.inner
            .get_or_init(|| attune_embed::Embedder::load(&encoder_dir()).map(Arc::new).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| Error::Embed(e.clone()))
    }

    /// Loads the weights now rather than on first use (a failure is kept and reported by [`Encoder::embed`]).
    pub fn preload(&self) {
        #[cfg(feature = "accurate")]
        {
            let _ = self.loaded();
        }
    }

    /// Unit vectors for `texts`, in order. `progress` is told how many texts each finished batch held.
    pub fn embed(&self, texts: &[&str], progress: &mut dyn FnMut(usize)) -> Result<Vec<Vec<f32>>> {
        #[cfg(feature = "accurate")]
        {
            self.loaded()?.embed_all(texts, 32, progress).map_err(|e| Error::Embed(e.to_string()))
        }
        #[cfg(not(feature = "accurate"))]
        {
            let _ = (texts, progress, &self.inner);
            Err(Error::NoAccurateTier)
        }
    }
}

/// The texts an accurate tier looks up: every therapist turn (the coder) and every client turn (the client
/// model).
pub fn session_texts<'a>(sessions: impl IntoIterator<Item = &'a Session>) -> Vec<&'a str> {
    sessions
        .into_iter()
        .flat_map(|s| s.turns.iter())
        .filter(|t| matches!(t.role, Role::Therapist | Role::Client))
        .map(|t| t.text.as_str())
        .collect()
}

/// Embeds `texts` (those not already in the cache file, when one is given; the cache is rewritten with the
/// new vectors) and returns the table.
pub fn table_for(encoder: &Encoder, texts: &[&str], cache: Option<&Path>, progress: &mut dyn FnMut(usize, usize)) -> Result<EmbeddingTable> {
    let mut table = match cache {
        Some(p) if p.exists() => {
            let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            EmbeddingTable::from_bytes(&bytes).map_err(|e| Error::Embed(format!("{}: {e} (delete it to rebuild)", p.display())))?
        }
        _ => EmbeddingTable::default(),
    };
    let mut missing: Vec<&str> = texts.iter().copied().filter(|t| !t.trim().is_empty() && !table.contains(t)).collect();
    missing.sort_unstable();
    missing.dedup();
    if missing.is_empty() {
        return Ok(table);
    }
    let total = missing.len();
    let mut done = 0;
    let vecs = encoder.embed(&missing, &mut |n| {
        done += n;
        progress(done, total)
    })?;
    for (t, v) in missing.iter().zip(vecs) {
        table.insert(t, v).map_err(Error::Embed)?;
    }
    if let Some(p) = cache {
        write_replacing(p, &table.to_bytes())?;
    }
    Ok(table)
}

/// Writes `bytes` to `path` through a temporary file of its own in the same folder, renamed over it: a reader
/// never sees half a file, and two runs filling the cache at once (two `attune eval` in parallel) no longer
/// write into one shared temporary name, where one run's rename found the file gone and it failed; the last
/// to finish wins, which a cache can afford.
fn write_replacing(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(tmp.path(), e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// Cache of the public data's embeddings, beside the weights (ignored by git). Never used for a user's
/// own sessions.
pub fn data_cache() -> PathBuf {
    encoder_dir().join("embeddings-cache.bin")
}

/// `coder` ready for one session: for the accurate tier, the session's turns (and each sentence of a
/// therapist turn when the coder explains per sentence) are embedded in memory.
pub fn coder_for_session(coder: &Coder, encoder: &Encoder, session: &Session) -> Result<Coder> {
    if !coder.model().uses_embeddings() {
        return Ok(coder.clone());
    }
    let mut texts = session_texts([session]);
    if coder.explain {
        for t in session.turns.iter().filter(|t| t.role == Role::Therapist) {
            texts.extend(attune_text::tokens::sentences(&t.text));
        }
    }
    let table = table_for(encoder, &texts, None, &mut |_, _| {})?;
    Ok(coder.clone().with_embeddings(Arc::new(table)))
}

/// `coder` with the embeddings of many sessions' texts (eval and train over the public data), cached at
/// `cache`.
pub fn coder_for_corpus<'a>(
    coder: Coder,
    encoder: &Encoder,
    sessions: impl IntoIterator<Item = &'a Session>,
    cache: Option<&Path>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Coder> {
    if !coder.model().uses_embeddings() {
        return Ok(coder);
    }
    let table = table_for(encoder, &session_texts(sessions), cache, progress)?;
    Ok(coder.with_embeddings(Arc::new(table)))
}

#[cfg(test)]
mod tests {
    use super::write_replacing;

    #[test]
    fn writers_of_one_cache_file_at_once_all_succeed_and_leave_one_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        let contents: Vec<Vec<u8>> = (0..8u8).map(|k| vec![k; 200_000]).collect();
        std::thread::scope(|s| {
            for c in &contents {
                let path = &path;
                s.spawn(move || {
                    for _ in 0..10 {
                        write_replacing(path, c).unwrap();
                    }
                });
            }
        });
        let got = std::fs::read(&path).unwrap();
        assert!(contents.contains(&got), "a torn or missing file ({} bytes)", got.len());
        // nothing left behind but the file itself
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
