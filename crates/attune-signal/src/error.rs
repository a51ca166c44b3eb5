//! Errors of the signal crate. Every message names the input (file label), the place
//! (line or sample) and what to do about it.

/// Error returned by every fallible function of this crate.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SignalError {
    /// A line of a text input could not be read.
    #[error("{file}:{line}: {msg}")]
    Parse {
        /// Label of the input (usually the file path).
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong and what to do.
        msg: String,
    },
    /// The input as a whole is unusable (empty, too short, wrong shape).
    #[error("{file}: {msg}")]
    Invalid {
        /// Label of the input.
        file: String,
        /// What is wrong and what to do.
        msg: String,
    },
    /// The analysis parameters do not fit the data.
    #[error("{0}")]
    Config(String),
}

impl SignalError {
    pub(crate) fn parse(file: &str, line: usize, msg: impl Into<String>) -> Self {
        SignalError::Parse { file: file.to_string(), line, msg: msg.into() }
    }
    pub(crate) fn invalid(file: &str, msg: impl Into<String>) -> Self {
        SignalError::Invalid { file: file.to_string(), msg: msg.into() }
    }
    pub(crate) fn config(msg: impl Into<String>) -> Self {
        SignalError::Config(msg.into())
    }
}
