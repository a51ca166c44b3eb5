//! attune-io: tolerant readers and careful writers for therapy-session transcripts.
//!
//! Every reader turns a transcript into [`Session`]s or fails with an [`IngestError`] that names the
//! file, the line and what to do. Readers never panic on any input (property-tested and fuzzed).
//!
//! * [`decode`] / [`decode_text`]: bytes → text (UTF-8 with or without BOM, UTF-16 LE/BE, Windows-1252 /
//!   Latin-1 guessed with a warning; binary refused).
//! * [`Format`]: detection from the file extension and by sniffing the content.
//! * [`parse_str`] / [`parse`]: a pure parse of text in a known format (no I/O).
//! * [`read_path`] / [`read_path_report`]: read a file, decode, detect, parse.
//! * [`read_jsonl_str`]: the normalized JSON Lines of `../shared/data` (fast, typed).
//! * [`read_whisper_rttm`]: Whisper JSON segments attributed to pyannote RTTM speakers.
//! * [`speaker_segments`] / [`read_speaker_segments_path`]: who spoke when (speaker, start, end) from an
//!   RTTM or any timed transcript, for per-speaker audio analysis.
//! * Writers: [`to_attune_json`], [`write_jsonl`], [`to_eaf`] (ELAN), [`to_vtt`].
//!
//! Architecture invariant: only the `read_*path*` helpers (in this file) touch the file system.
//!
//! ```
//! use attune_io::{parse_str, Format, ReadOptions};
//! use attune_core::Role;
//! let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Dr Lee>How have you been?</v>\n\n\
//!            00:00:03.500 --> 00:00:06.000\n<v Sam>Not great, honestly.</v>\n";
//! let sessions = parse_str(Format::Vtt, vtt, "demo.vtt", &ReadOptions::default()).unwrap();
//! assert_eq!(sessions[0].turns[0].role, Role::Therapist);
//! assert!(sessions[0].roles_inferred);
//! ```

mod build;
mod cues;
mod decode;
mod json;
mod segments;
mod table;
mod text;
mod timecode;
mod whisper;
mod write;

pub use attune_core::{IngestError, Role, Session, Turn};
pub use build::role_from_name;
pub use decode::{Decoded, TextEncoding, decode, decode_text};
pub use segments::{SegmentReport, SpeakerSegment, speaker_segments};
pub use json::{read_jsonl_line, read_jsonl_str};
pub use timecode::{parse_clock, parse_time};
#[doc(hidden)]
pub mod fuzzing;
pub use whisper::read_whisper_rttm;
pub use write::{WriteError, to_attune_json, to_eaf, to_vtt, write_jsonl};

use build::{Ctx, lines_any, normalize_line_ends};
use std::fmt;
use std::path::Path;

/// Options for every reader.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadOptions {
    /// The therapist's speaker name as it appears in the file (case-insensitive).
    pub therapist: Option<String>,
    /// The client's speaker name as it appears in the file (case-insensitive).
    pub client: Option<String>,
    /// Force a format instead of detecting it.
    pub format: Option<Format>,
    /// Keep every cue/line as its own turn instead of merging consecutive ones by one speaker.
    pub keep_cues: bool,
}

/// A non-fatal finding while reading (roles inferred, cues skipped...).
#[derive(Debug, Clone, PartialEq)]
pub struct IngestWarning {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for IngestWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: warning: {}", self.file, l, self.message),
            None => write!(f, "{}: warning: {}", self.file, self.message),
        }
    }
}

/// Sessions plus the warnings met while reading them.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadReport {
    pub sessions: Vec<Session>,
    pub warnings: Vec<IngestWarning>,
}

/// The transcript formats attune reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// WebVTT (Zoom, Teams, Whisper, YouTube): `<v Name>` tags or `Name:` prefixes.
    Vtt,
    /// SubRip `.srt`, with `Name:` prefixes.
    Srt,
    /// Plain text, `Name: text` lines, optional `[hh:mm:ss]` stamps, continuation lines.
    Text,
    /// CSV/TSV with a `speaker,text[,start,end]` header.
    Csv,
    /// attune's own session JSON (one session or an array).
    AttuneJson,
    /// JSON Lines: the normalized form of `../shared/data`, or attune sessions one per line.
    Jsonl,
    /// Whisper JSON (`{"segments": [...]}`); needs speakers (WhisperX `speaker` fields) or an RTTM.
    WhisperJson,
    /// pyannote RTTM diarization: speakers and times but no words; read with [`read_whisper_rttm`].
    Rttm,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Vtt,
        Format::Srt,
        Format::Text,
        Format::Csv,
        Format::AttuneJson,
        Format::Jsonl,
        Format::WhisperJson,
        Format::Rttm,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Vtt => "vtt",
            Format::Srt => "srt",
            Format::Text => "text",
            Format::Csv => "csv",
            Format::AttuneJson => "json",
            Format::Jsonl => "jsonl",
            Format::WhisperJson => "whisper-json",
            Format::Rttm => "rttm",
        }
    }

    /// Parses a `--format` value (`vtt`, `srt`, `txt`, `csv`, `tsv`, `json`, `jsonl`, `whisper`, `rttm`).
    pub fn from_name(s: &str) -> Option<Format> {
        Some(match s.to_ascii_lowercase().trim_start_matches('.') {
            "vtt" | "webvtt" => Format::Vtt,
            "srt" => Format::Srt,
            "txt" | "text" | "md" => Format::Text,
            "csv" | "tsv" => Format::Csv,
            "json" | "attune" | "attune-json" => Format::AttuneJson,
            "jsonl" | "ndjson" => Format::Jsonl,
            "whisper" | "whisper-json" => Format::WhisperJson,
            "rttm" => Format::Rttm,
            _ => return None,
        })
    }

    /// The format a file extension implies (`.json` is ambiguous: see [`Format::detect`]).
    pub fn from_extension(path: &str) -> Option<Format> {
        let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let ext = base.rsplit_once('.')?.1;
        match Format::from_name(ext)? {
            Format::WhisperJson => None,
            f => Some(f),
        }
    }

    /// Guesses the format from content alone, when the content is unambiguous.
    pub fn sniff(text: &str) -> Option<Format> {
        let t = text.trim_start_matches('\u{FEFF}').trim_start();
        let mut lines = lines_any(t).map(str::trim).filter(|l| !l.is_empty());
        let first = lines.next()?;
        if first.starts_with("WEBVTT") {
            return Some(Format::Vtt);
        }
        if first.starts_with('{') {
            // Several lines, each a whole object → JSON Lines.
            let complete_first = serde_json::from_str::<serde::de::IgnoredAny>(first).is_ok();
            if complete_first {
                return Some(if lines_any(t).filter(|l| !l.trim().is_empty()).nth(1).is_some() {
                    Format::Jsonl
                } else if looks_whisper(t) {
                    Format::WhisperJson
                } else {
                    Format::AttuneJson
                });
            }
            return Some(if looks_whisper(t) { Format::WhisperJson } else { Format::AttuneJson });
        }
        if first == "[" || first.starts_with("[{") || first.starts_with("[ {") {
            return Some(Format::AttuneJson);
        }
        if first.starts_with("SPEAKER ") && first.split_whitespace().count() >= 8 {
            return Some(Format::Rttm);
        }
        if first.bytes().all(|b| b.is_ascii_digit())
            && let Some(second) = lines.next()
                && second.contains("-->") {
                    return Some(Format::Srt);
                }
        if first.contains("-->") {
            return Some(Format::Vtt);
        }
        let lower = first.to_ascii_lowercase();
        if (lower.contains(',') || lower.contains('\t') || lower.contains(';'))
            && (lower.contains("speaker") || lower.contains("role"))
            && (lower.contains("text") || lower.contains("utterance") || lower.contains("transcript"))
            && !first.contains(": ")
        {
            return Some(Format::Csv);
        }
        None
    }

    /// Picks a format: a confident content sniff wins, then the extension, then plain text.
    pub fn detect(label: &str, text: &str) -> Format {
        let by_ext = Format::from_extension(label);
        match (Format::sniff(text), by_ext) {
            // A one-line `.jsonl` looks like a JSON document; the extension decides.
            (Some(Format::AttuneJson), Some(Format::Jsonl)) => Format::Jsonl,
            // A `.vtt` that holds SRT cues is read by the same cue parser either way.
            (Some(f), _) => f,
            (None, Some(e)) => e,
            (None, None) => Format::Text,
        }
    }
}

fn looks_whisper(t: &str) -> bool {
    let mut end = t.len().min(4000);
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    t[..end].contains("\"segments\"")
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Parses `text` (already decoded) in `format`; `label` names the source in messages and becomes the
/// session id (its file stem). Pure: no I/O. JSON Lines and JSON arrays give many sessions, other
/// formats one.
pub fn parse_str(format: Format, text: &str, label: &str, opts: &ReadOptions) -> Result<Vec<Session>, IngestError> {
    parse(format, text, label, opts).map(|r| r.sessions)
}

/// Like [`parse_str`], also returning warnings (roles inferred, cues skipped, ...).
///
/// Line ends may be `\n`, `\r\n` or a lone `\r`, mixed in one file; each counts as one line end in the
/// line numbers of errors, warnings and `turn.source_line`.
pub fn parse(format: Format, text: &str, label: &str, opts: &ReadOptions) -> Result<ReadReport, IngestError> {
    let mut ctx = Ctx::new(label, opts);
    if text.trim_start_matches('\u{FEFF}').trim().is_empty() {
        return Err(ctx.err(None, "the file has no text").with_hint("export the transcript again; this file is blank"));
    }
    let text = normalize_line_ends(text);
    let text = text.as_ref();
    let sessions = match format {
        Format::Vtt | Format::Srt => vec![cues::read_cues(&mut ctx, text, format)?],
        Format::Text => vec![text::read_text(&mut ctx, text)?],
        Format::Csv => vec![table::read_csv(&mut ctx, text)?],
        Format::AttuneJson => json::read_attune_json(&mut ctx, text)?,
        Format::Jsonl => json::read_jsonl_any(&mut ctx, text)?,
        Format::WhisperJson => vec![whisper::read_whisper_alone(&mut ctx, text)?],
        Format::Rttm => {
            return Err(ctx
                .err(None, "an RTTM file holds speakers and times but no words")
                .with_hint(
                    "read it together with the Whisper JSON of the same recording (`--rttm FILE` with the .json); \
                     for who spoke when alone, read it with `speaker_segments`",
                ));
        }
    };
    Ok(ReadReport { sessions, warnings: ctx.warnings })
}

/// Reads bytes from `label`'s file, decodes ([`decode`]), detects the format (or uses
/// `opts.format`) and parses. A guessed encoding (Windows-1252) is reported as the first warning.
pub fn parse_bytes(bytes: &[u8], label: &str, opts: &ReadOptions) -> Result<ReadReport, IngestError> {
    let decoded = decode(bytes, label)?;
    let text = normalize_line_ends(&decoded.text);
    let format = opts.format.unwrap_or_else(|| Format::detect(label, &text));
    let mut report = parse(format, &text, label, opts)?;
    if !decoded.warnings.is_empty() {
        let mut warnings = decoded.warnings;
        warnings.append(&mut report.warnings);
        report.warnings = warnings;
    }
    Ok(report)
}

fn read_file(path: &Path) -> Result<Vec<u8>, IngestError> {
    let label = path.display().to_string();
    std::fs::read(path).map_err(|e| {
        let hint = match e.kind() {
            std::io::ErrorKind::NotFound => "check the path and the file name",
            std::io::ErrorKind::PermissionDenied => "check the file's permissions",
            _ => "check that the path is a readable file",
        };
        IngestError::new(label, None, format!("cannot read the file: {e}")).with_hint(hint)
    })
}

/// Reads a transcript file: bytes → [`decode_text`] → [`Format::detect`] → parse.
pub fn read_path(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<Vec<Session>, IngestError> {
    read_path_report(path, opts).map(|r| r.sessions)
}

/// Like [`read_path`], also returning warnings.
pub fn read_path_report(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<ReadReport, IngestError> {
    let path = path.as_ref();
    let bytes = read_file(path)?;
    parse_bytes(&bytes, &path.display().to_string(), opts)
}

/// Reads a normalized JSON Lines file (`../shared/data`), optionally keeping one split.
pub fn read_jsonl_path(path: impl AsRef<Path>, split_filter: Option<&str>) -> Result<Vec<Session>, IngestError> {
    let path = path.as_ref();
    let label = path.display().to_string();
    let text = decode_text(&read_file(path)?, &label)?;
    read_jsonl_str(&text, &label, split_filter)
}

/// Reads a Whisper JSON file and a pyannote RTTM file of the same recording. A guessed encoding of
/// either file is reported as a warning.
pub fn read_whisper_rttm_paths(
    json_path: impl AsRef<Path>,
    rttm_path: impl AsRef<Path>,
    opts: &ReadOptions,
) -> Result<ReadReport, IngestError> {
    let (jp, rp) = (json_path.as_ref(), rttm_path.as_ref());
    let (jl, rl) = (jp.display().to_string(), rp.display().to_string());
    let json = decode(&read_file(jp)?, &jl)?;
    let rttm = decode(&read_file(rp)?, &rl)?;
    let mut report = read_whisper_rttm(&json.text, &rttm.text, &jl, &rl, opts)?;
    let mut warnings = json.warnings;
    warnings.extend(rttm.warnings);
    warnings.append(&mut report.warnings);
    report.warnings = warnings;
    Ok(report)
}

/// Reads a file with [`speaker_segments`], after decoding it as [`decode`] does (a guessed encoding is
/// the first warning). `.rttm` files are read as RTTM.
pub fn read_speaker_segments_path(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<SegmentReport, IngestError> {
    let path = path.as_ref();
    let label = path.display().to_string();
    let decoded = decode(&read_file(path)?, &label)?;
    let mut report = speaker_segments(&decoded.text, &label, opts)?;
    if !decoded.warnings.is_empty() {
        let mut warnings = decoded.warnings;
        warnings.append(&mut report.warnings);
        report.warnings = warnings;
    }
    Ok(report)
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_exports;
