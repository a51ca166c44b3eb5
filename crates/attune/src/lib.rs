//! attune: the whole pipeline as a library. Read a session, redact it if asked, code every turn, assess it,
//! add synchrony and voice sections, and get the `attune.analysis/1` document, the self-contained HTML
//! report and tidy table rows — exactly what the `attune` command makes, because the command is a thin
//! layer over this crate (as are the server and the Python package).
//!
//! ```
//! use attune::{Pipeline, Options, Redaction};
//!
//! # fn main() -> Result<(), attune::Error> {
//! // The bundled demo session; `attune::input::read_one(path, &spec)` reads a user's file the same way.
//! let session = attune::demo::demo_session()?;
//! let pipeline = Pipeline::new(Options { redaction: Redaction::On, ..Options::default() })?;
//! let analysis = pipeline.analyze(session)?;
//!
//! let s = analysis.summary();
//! assert!(s.flags > 0 && (0.0..=100.0).contains(&s.index));
//! let json = analysis.to_json()?; // the attune.analysis/1 document
//! assert!(json.contains("\"schema\": \"attune.analysis/1\""));
//! let html = analysis.to_html(); // one self-contained file
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! # Ok(()) }
//! ```
//!
//! Where each step lives: [`input`] (reading), [`redaction`] (the one redaction policy for every output),
//! [`tier`] (fast or accurate coder; the sentence encoder), [`pipeline`] (coding and assessment),
//! [`sections`] (synchrony, voice), [`speech`] (recordings to transcripts, on this machine), [`check`] (single responses), [`batch`] and [`tables`] (corpora to
//! CSV, JSON Lines, Parquet), [`demo`], [`bench`] (helpers the benchmarks share).
//!
//! I/O rule: this crate reads the inputs it is given and writes the tables it is asked to; it never prints
//! and never touches the network.

pub mod batch;
pub mod bench;
pub mod check;
pub mod demo;
mod error;
pub mod input;
pub mod pipeline;
pub mod recording;
pub mod redaction;
pub mod sections;
pub mod speech;
pub mod tables;
pub mod tier;

pub use error::{Error, Result};
pub use pipeline::{Analysis, Document, Extras, Options, Pipeline, Summary, ANALYSIS_SCHEMA};
pub use redaction::Redaction;
pub use tier::Tier;

// The domain types and the lower crates, for callers who need more than the pipeline.
pub use attune_assess::{AssessConfig, Assessment, CheckResult, Flag};
pub use attune_core::{Code, CodedSession, Role, Session, Turn};
pub use attune_report::ReportMeta;
pub use {attune_assess, attune_core, attune_io, attune_redact, attune_report, attune_signal, attune_text, attune_voice};

#[cfg(test)]
mod tests;
