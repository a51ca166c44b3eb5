//! The one error type of the pipeline. Every variant names the file (or label) it is about and, where the
//! user can act, what to do.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A transcript could not be read (the message names the file and line).
    #[error(transparent)]
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
    // The cause is in the message and deliberately not a `source()`, so that a printed chain
    // (`{:#}`) does not say it twice.
    #[error("{}", signal_message(label, error))]
    Signal { label: String, error: attune_signal::SignalError },
    /// Audio could not be read or analyzed.
    #[error(transparent)]
    Voice(#[from] attune_voice::VoiceError),
    /// Speech-to-text could not run (the model is missing or unusable, or an option is wrong).
    #[error("speech-to-text: {0}")]
    Speech(String),
    /// A file could not be read or written.
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    /// A document could not be serialized.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl Error {
    pub(crate) fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Error {
        Error::Io { path: path.as_ref().display().to_string(), error: source }
    }
    pub(crate) fn input(file: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Input { file: file.into(), message: message.into() }
    }
}

/// A parse or shape error already names the file (and line); a configuration error does not.
fn signal_message(label: &str, error: &attune_signal::SignalError) -> String {
    match error {
        attune_signal::SignalError::Config(_) => format!("{label}: {error}"),
        _ => error.to_string(),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
