//! Sentence embeddings for the accurate tier: computes the vectors a model needs, reusing an on-disk cache
//! for the public training and evaluation data (never for a user's own sessions).

use anyhow::Context;
use attune_core::{Role, Session};
use attune_text::EmbeddingTable;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Cache of embeddings of `../shared/data` texts, beside the weights (ignored by git).
pub fn data_cache() -> PathBuf {
    weights_dir().join("embeddings-cache.bin")
}

#[cfg(feature = "accurate")]
fn weights_dir() -> PathBuf {
    attune_embed::default_dir()
}

#[cfg(not(feature = "accurate"))]
fn weights_dir() -> PathBuf {
    PathBuf::from("models/minilm")
}

#[cfg(feature = "accurate")]
fn embed(texts: &[&str], progress: impl FnMut(usize)) -> anyhow::Result<Vec<Vec<f32>>> {
    let embedder = attune_embed::Embedder::load(&attune_embed::default_dir())?;
    Ok(embedder.embed_all(texts, 32, progress)?)
}

#[cfg(not(feature = "accurate"))]
fn embed(_: &[&str], _: impl FnMut(usize)) -> anyhow::Result<Vec<Vec<f32>>> {
    anyhow::bail!("this attune was built without the accurate tier (cargo feature `accurate`); rebuild with default features")
}

/// The texts an accurate tier looks up: every therapist turn (the coder) and every client turn (the client model).
pub fn session_texts<'a>(sessions: impl IntoIterator<Item = &'a Session>) -> Vec<&'a str> {
    let mut out = Vec::new();
    for s in sessions {
        for t in &s.turns {
            if matches!(t.role, Role::Therapist | Role::Client) {
                out.push(t.text.as_str());
            }
        }
    }
    out
}

/// Embeds `texts` (those not already in the cache file, when one is given) and returns the table.
pub fn table_for(texts: &[&str], cache: Option<&Path>, quiet: bool) -> anyhow::Result<EmbeddingTable> {
    let mut table = match cache {
        Some(p) if p.exists() => {
            let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
            EmbeddingTable::from_bytes(&bytes).map_err(|e| anyhow::anyhow!("{}: {e} (delete it to rebuild)", p.display()))?
        }
        _ => EmbeddingTable::default(),
    };
    let mut missing: Vec<&str> = texts.iter().copied().filter(|t| !t.trim().is_empty() && !table.contains(t)).collect();
    missing.sort_unstable();
    missing.dedup();
    if missing.is_empty() {
        return Ok(table);
    }
    let bar = if quiet || missing.len() < 200 {
        indicatif::ProgressBar::hidden()
    } else {
        let b = indicatif::ProgressBar::new(missing.len() as u64);
        b.set_style(indicatif::ProgressStyle::with_template("embedding {bar:40} {pos}/{len} texts ({per_sec}, {eta} left)").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()));
        b
    };
    let vecs = embed(&missing, |n| bar.inc(n as u64))?;
    bar.finish_and_clear();
    for (t, v) in missing.iter().zip(vecs) {
        table.insert(t, v).map_err(|e| anyhow::anyhow!(e))?;
    }
    if let Some(p) = cache {
        let tmp = p.with_extension("tmp");
        std::fs::write(&tmp, table.to_bytes()).with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, p).with_context(|| format!("writing {}", p.display()))?;
    }
    Ok(table)
}

/// Attaches the embeddings of `sessions`' texts to `coder` if its model needs them (accurate tier).
pub fn prepare<'a>(coder: attune_text::Coder, sessions: impl IntoIterator<Item = &'a Session>, cache: Option<&Path>, quiet: bool) -> anyhow::Result<attune_text::Coder> {
    if !coder.model().uses_embeddings() {
        return Ok(coder);
    }
    let table = table_for(&session_texts(sessions), cache, quiet)?;
    Ok(coder.with_embeddings(Arc::new(table)))
}

/// Which coder: the fast tier (features only, any speed) or the accurate tier (features + MiniLM sentence
/// embeddings; needs the weights that scripts/setup.sh fetches).
/// `auto` is the accurate tier where its encoder is installed, the fast tier otherwise.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tier {
    #[default]
    Fast,
    Accurate,
    Auto,
}

/// Is the accurate tier usable here (built in, and the encoder weights installed)?
pub fn accurate_available() -> bool {
    cfg!(feature = "accurate") && weights_dir().join("model.safetensors").is_file()
}

/// The bundled coder of a tier, without embeddings yet.
pub fn bundled(tier: Tier) -> anyhow::Result<attune_text::Coder> {
    let accurate = match tier {
        Tier::Fast => false,
        Tier::Accurate => {
            // Fail before any work rather than once per session.
            let w = weights_dir().join("model.safetensors");
            anyhow::ensure!(
                accurate_available(),
                "the accurate tier needs the MiniLM encoder: {} not found (hint: run `bash scripts/setup.sh`, or set ATTUNE_MINILM_DIR)",
                w.display()
            );
            true
        }
        Tier::Auto => accurate_available(),
    };
    let c = if accurate { attune_text::Coder::try_bundled_accurate() } else { attune_text::Coder::try_bundled() };
    c.map_err(|e| anyhow::anyhow!("the coder model is unusable: {e}"))
}

/// `coder` ready for one user session: for the accurate tier, the session's turns (and each sentence of a
/// therapist turn, for per-sentence codes) are embedded in memory; nothing is cached on disk.
pub fn for_session(coder: &attune_text::Coder, session: &Session) -> anyhow::Result<attune_text::Coder> {
    if !coder.model().uses_embeddings() {
        return Ok(coder.clone());
    }
    let mut texts = session_texts([session]);
    if coder.explain {
        for t in session.turns.iter().filter(|t| t.role == Role::Therapist) {
            texts.extend(attune_text::tokens::sentences(&t.text));
        }
    }
    let table = table_for(&texts, None, true)?;
    Ok(coder.clone().with_embeddings(Arc::new(table)))
}
