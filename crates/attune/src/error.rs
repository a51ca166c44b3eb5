//! The one error type of the pipeline. Every variant names the file (or label) it is about and, where the
//! user can act, what to do.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A transcript could not be read (the message names the file and line).
    #[error("{0}")]
    Read(#[from] attune_core::IngestError),
    /// The input was read but is not something the pipeline can analyze (no session, several, no turns).
    #[error("{file}: {message}")]
    Input { file: String, message: String },
    /// A bundled model file is unusable (a build problem, not a user one).
    #[error("the bundled model is unusable: {0}")]
    Model(String),
    /// The accurate tier was asked for but its encoder is not installed.
    #[error(
        "the accurate tier needs the MiniLM encoder: {0} not found (hint: run `bash scripts/setup.sh`, or set ATTUNE_MINILM_DIR)"
    )]
    EncoderMissing(PathBuf),
    /// The accurate tier was asked for but this build has no encoder.
    #[error("this attune was built without the accurate tier (cargo feature `accurate`); rebuild with default features")]
    NoAccurateTier,
    /// The sentence encoder failed.
    #[error("embedding: {0}")]
    Embed(String),
    /// A body signal could not be read or analyzed.
    #[error("{label}: {source}")]
    Signal { label: String, source: attune_signal::SignalError },
    /// Audio could not be read or analyzed.
    #[error(transparent)]
    Voice(#[from] attune_voice::VoiceError),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    /// A document could not be serialized.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl Error {
    pub(crate) fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Error {
        Error::Io { path: path.as_ref().display().to_string(), source }
    }
    pub(crate) fn input(file: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Input { file: file.into(), message: message.into() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
