//! attune-report: the outputs a person reads or a researcher loads.
//!
//! * [`render_html`]: one self-contained HTML report (inline CSS and SVG, no external resource, readable
//!   without JavaScript, printable) from a coded session and its assessment.
//! * [`tables`]: tidy per-turn and per-session rows (the `attune` crate writes them as CSV, JSON Lines or Parquet).
//! * [`view`]: the report-ready figures; [`view::View::from_assessment`] is the only code that reads the
//!   assessment's shape, so other front ends can reuse it.
//!
//! Architecture invariant: rendering is a pure function (no I/O, no clock, no randomness): the same
//! input gives byte-identical HTML. Every piece of user text goes through [`escape_into`].
//!
//! ```no_run
//! use attune_report::{render_html, ReportInput, ReportMeta};
//! # fn demo(coded: &attune_core::CodedSession, a: &attune_assess::Assessment) {
//! let meta = ReportMeta::for_session(&coded.session);
//! let html: String = render_html(&ReportInput { coded, assessment: a, meta, fragments: vec![] });
//! # let _ = html;
//! # }
//! ```

// Nested `if let`s stay: let-chains need a newer MSRV than the workspace's 1.85.
#![allow(clippy::collapsible_if)]

mod html;
mod render;
pub mod sync;
pub mod tables;
pub mod view;
pub mod voice;

pub use html::{clock, escape, escape_into, shorten};
pub use render::code_colour;

use attune_assess::Assessment;
use attune_core::{CodedSession, Session};

/// Who and what the report is about (shown in the header; all escaped).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportMeta {
    /// The page title and heading.
    pub title: String,
    /// Where the session came from (a file name), if it should be shown.
    pub source: Option<String>,
    /// The therapist's display name, if given.
    pub therapist: Option<String>,
    /// True when the session was redacted before analysis (a badge says so).
    pub redacted: bool,
    /// "attune 0.1.0".
    pub generator: String,
}

impl ReportMeta {
    /// Defaults for a session: title from its id, source from its file name (not the full path).
    pub fn for_session(s: &Session) -> ReportMeta {
        let source = s.source.as_ref().map(|p| {
            std::path::Path::new(p).file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_else(|| p.clone())
        });
        ReportMeta {
            title: if s.id.is_empty() { "Attunement report".into() } else { format!("Attunement report: {}", s.id) },
            source,
            therapist: None,
            redacted: false,
            generator: format!("attune {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// An extra report section rendered by another crate (synchrony, voice). `html` is trusted markup:
/// its author escapes user text with [`escape_into`] and fetches nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct Fragment {
    /// HTML id of the section (`sync`, `voice`).
    pub id: String,
    pub title: String,
    pub html: String,
}

/// Everything [`render_html`] needs.
#[derive(Debug, Clone)]
pub struct ReportInput<'a> {
    pub coded: &'a CodedSession,
    pub assessment: &'a Assessment,
    pub meta: ReportMeta,
    /// Extra sections, shown after style matching in this order.
    pub fragments: Vec<Fragment>,
}

/// Renders the report as one self-contained HTML document.
pub fn render_html(input: &ReportInput) -> String {
    let view = view::View::from_assessment(input.coded, input.assessment);
    render::render(input.coded, &view, &input.meta, &input.fragments)
}

/// Renders from a ready-made [`view::View`] (for front ends that build or adjust the view themselves).
pub fn render_view_html(coded: &CodedSession, view: &view::View, meta: &ReportMeta, fragments: &[Fragment]) -> String {
    render::render(coded, view, meta, fragments)
}

#[cfg(test)]
mod tests;
