//! Whisper JSON (openai-whisper, WhisperX, whisper.cpp) and pyannote RTTM diarization.
//!
//! Each Whisper segment goes to the RTTM speaker whose turns overlap it most (ties: the speaker who
//! appears first in the RTTM); a segment no speaker overlaps goes to the nearest speaker turn, with a
//! warning. WhisperX output that already carries `speaker` fields needs no RTTM.

use crate::build::{Ctx, Merge, Utt, build_session, normalize_line_ends, squash};
use crate::{ReadOptions, ReadReport};
use attune_core::{IngestError, Session};
use serde::Deserialize;
use serde_json::value::RawValue;

#[derive(Deserialize)]
struct Doc<'a> {
    #[serde(borrow, default)]
    segments: Option<Vec<&'a RawValue>>,
    /// whisper.cpp `--output-json`.
    #[serde(borrow, default)]
    transcription: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize)]
struct Seg {
    start: f64,
    end: f64,
    text: String,
    #[serde(default)]
    speaker: Option<String>,
}

#[derive(Deserialize)]
struct CppSeg {
    offsets: CppOffsets,
    text: String,
}

#[derive(Deserialize)]
struct CppOffsets {
    from: f64,
    to: f64,
}

fn line_of_ptr(text: &str, part: &str) -> usize {
    let off = (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize).min(text.len());
    text.as_bytes()[..off].iter().filter(|&&b| b == b'\n').count() + 1
}

fn json_error(label: &str, e: &serde_json::Error, base_line: usize) -> IngestError {
    let line = if e.line() > 0 { base_line + e.line() - 1 } else { base_line };
    let msg = if e.is_eof() {
        format!("the JSON ends early (truncated?): {e}")
    } else {
        format!("invalid Whisper JSON: {e}")
    };
    IngestError::new(label, Some(line), msg)
}

/// Parses Whisper JSON into utterances (speakers only where WhisperX wrote them).
fn whisper_utts(json: &str, label: &str) -> Result<Vec<Utt>, IngestError> {
    let json = json.strip_prefix('\u{FEFF}').unwrap_or(json);
    let trimmed = json.trim_start();
    let segs: Vec<&RawValue> = if trimmed.starts_with('[') {
        serde_json::from_str(json).map_err(|e| json_error(label, &e, 1))?
    } else {
        let doc: Doc = serde_json::from_str(json).map_err(|e| json_error(label, &e, 1))?;
        match (doc.segments, doc.transcription) {
            (Some(s), _) => s,
            (None, Some(t)) => t,
            (None, None) => {
                return Err(IngestError::new(label, Some(1), "no `segments` list in this JSON")
                    .with_hint("expected Whisper output (`whisper --output_format json`), WhisperX JSON or whisper.cpp `-oj` JSON"));
            }
        }
    };
    if segs.is_empty() {
        return Err(IngestError::new(label, None, "the Whisper JSON has no segments")
            .with_hint("the recording may be silent, or transcription failed; run Whisper again"));
    }
    let mut out = Vec::with_capacity(segs.len());
    for (k, raw) in segs.iter().enumerate() {
        let line = line_of_ptr(json, raw.get());
        let bad = |e: serde_json::Error| {
            IngestError::new(label, Some(line), format!("segment {} is not a Whisper segment: {e}", k + 1))
                .with_hint("each segment needs numeric `start` and `end` (seconds) and a `text`")
        };
        let (start, end, text, speaker) = if raw.get().contains("\"offsets\"") && !raw.get().contains("\"start\"") {
            let c: CppSeg = serde_json::from_str(raw.get()).map_err(bad)?;
            (c.offsets.from / 1000.0, c.offsets.to / 1000.0, c.text, None)
        } else {
            let s: Seg = serde_json::from_str(raw.get()).map_err(bad)?;
            (s.start, s.end, s.text, s.speaker)
        };
        if !(start.is_finite() && end.is_finite() && start >= 0.0 && end >= 0.0) {
            return Err(IngestError::new(label, Some(line), format!("segment {} has a negative or invalid time", k + 1))
                .with_hint("times are seconds from the start of the recording"));
        }
        out.push(Utt::new(speaker.map(|s| squash(&s)).filter(|s| !s.is_empty()), squash(&text), Some(start), Some(end), line));
    }
    Ok(out)
}

/// Whisper JSON without a diarization (WhisperX with `speaker` fields works; plain Whisper is refused
/// with a hint to add an RTTM).
pub(crate) fn read_whisper_alone(ctx: &mut Ctx, text: &str) -> Result<Session, IngestError> {
    let utts = whisper_utts(text, ctx.label)?;
    let merge = if ctx.opts.keep_cues { Merge::Keep } else { Merge::Consecutive };
    build_session(ctx, utts, merge, "segments")
}

/// One speaker turn from an RTTM file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RttmTurn {
    pub start: f64,
    pub end: f64,
    pub speaker: String,
    pub line: usize,
}

/// Parses a pyannote RTTM: `SPEAKER <file> <chan> <onset> <duration> <NA> <NA> <speaker> <NA> <NA>`.
pub(crate) fn parse_rttm(text: &str, label: &str) -> Result<Vec<RttmTurn>, IngestError> {
    const SHAPE: &str = "RTTM lines look like `SPEAKER rec 1 12.34 2.50 <NA> <NA> SPEAKER_00 <NA> <NA>`";
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut out = Vec::new();
    let mut files: Vec<String> = Vec::new();
    for (i, raw) in crate::build::split_lines(text).iter().enumerate() {
        let n = i + 1;
        let l = raw.trim();
        if l.is_empty() || l.starts_with('#') || l.starts_with(';') {
            continue;
        }
        let f: Vec<&str> = l.split_whitespace().collect();
        if f[0] != "SPEAKER" {
            if f[0].chars().all(|c| c.is_ascii_uppercase() || c == '-') && f.len() >= 8 {
                continue; // other RTTM record types (SPKR-INFO, LEXEME...)
            }
            return Err(IngestError::new(label, Some(n), format!("not an RTTM line: `{}`", clip(l))).with_hint(SHAPE));
        }
        if f.len() < 8 {
            return Err(IngestError::new(label, Some(n), format!("RTTM line has {} fields, expected 10 (truncated?)", f.len()))
                .with_hint(SHAPE));
        }
        let num = |s: &str, what: &str| -> Result<f64, IngestError> {
            s.parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0).ok_or_else(|| {
                IngestError::new(label, Some(n), format!("cannot read the {what} `{s}`")).with_hint(SHAPE)
            })
        };
        let onset = num(f[3], "onset")?;
        let dur = num(f[4], "duration")?;
        if !files.iter().any(|x| x == f[1]) {
            files.push(f[1].to_string());
        }
        out.push(RttmTurn { start: onset, end: onset + dur, speaker: f[7].to_string(), line: n });
    }
    if files.len() > 1 {
        return Err(IngestError::new(label, None, format!("the RTTM holds several recordings ({})", files.join(", ")))
            .with_hint("give the RTTM lines of the one recording the Whisper JSON transcribes"));
    }
    if out.is_empty() {
        return Err(IngestError::new(label, None, "the RTTM has no SPEAKER lines").with_hint(SHAPE));
    }
    Ok(out)
}

fn clip(s: &str) -> String {
    s.chars().take(50).collect()
}

/// Attributes each Whisper segment to the RTTM speaker with the most overlap.
pub(crate) fn attribute(utts: &mut [Utt], turns: &[RttmTurn]) -> usize {
    let mut speakers: Vec<&str> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for t in turns {
        if !index.contains_key(t.speaker.as_str()) {
            index.insert(&t.speaker, speakers.len());
            speakers.push(&t.speaker);
        }
    }
    let mut sorted: Vec<&RttmTurn> = turns.iter().collect();
    sorted.sort_by(|a, b| a.start.total_cmp(&b.start));
    let max_len = sorted.iter().map(|t| t.end - t.start).fold(0.0, f64::max);
    let mut nearest_used = 0;
    for u in utts.iter_mut() {
        let (s, e) = (u.start.unwrap_or(0.0), u.end.unwrap_or(0.0));
        let mut overlap = vec![0.0f64; speakers.len()];
        // Only turns starting after s - max_len can overlap.
        let lo = sorted.partition_point(|t| t.start < s - max_len);
        for t in &sorted[lo..] {
            if t.start > e {
                break;
            }
            let o = e.min(t.end) - s.max(t.start);
            if o > 0.0
                && let Some(&k) = index.get(t.speaker.as_str()) {
                    overlap[k] += o;
                }
        }
        let mut best: Option<(usize, f64)> = None;
        for (k, &o) in overlap.iter().enumerate() {
            if o > 0.0 && best.is_none_or(|(_, b)| o > b) {
                best = Some((k, o));
            }
        }
        u.speaker = match best {
            Some((k, _)) => Some(speakers[k].to_string()),
            None => {
                nearest_used += 1;
                let gap = |t: &RttmTurn| if t.end < s { s - t.end } else if t.start > e { t.start - e } else { 0.0 };
                sorted
                    .iter()
                    .min_by(|a, b| gap(a).total_cmp(&gap(b)))
                    .map(|t| t.speaker.clone())
            }
        };
    }
    nearest_used
}

/// Reads Whisper JSON segments and a pyannote RTTM diarization of the same recording: each segment goes
/// to the speaker whose RTTM turns overlap it most. Roles from `opts` (e.g. `--therapist SPEAKER_01`)
/// or inferred. Errors name the JSON or RTTM file and line.
pub fn read_whisper_rttm(
    json_text: &str,
    rttm_text: &str,
    json_label: &str,
    rttm_label: &str,
    opts: &ReadOptions,
) -> Result<ReadReport, IngestError> {
    if json_text.trim().is_empty() {
        return Err(IngestError::new(json_label, None, "the Whisper JSON file has no text"));
    }
    if rttm_text.trim().is_empty() {
        return Err(IngestError::new(rttm_label, None, "the RTTM file has no text"));
    }
    let json_text = normalize_line_ends(json_text);
    let mut utts = whisper_utts(&json_text, json_label)?;
    let turns = parse_rttm(rttm_text, rttm_label)?;
    let mut ctx = Ctx::new(json_label, opts);
    let nearest = attribute(&mut utts, &turns);
    if nearest > 0 {
        ctx.warn(
            None,
            format!("{nearest} segment(s) overlap no speaker turn in {rttm_label}; each went to the nearest speaker turn"),
        );
    }
    let merge = if opts.keep_cues { Merge::Keep } else { Merge::Consecutive };
    let mut s = build_session(&mut ctx, utts, merge, "segments")?;
    s.meta.insert("diarization".into(), serde_json::Value::String(rttm_label.to_string()));
    Ok(ReadReport { sessions: vec![s], warnings: ctx.warnings })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, parse_str};
    use attune_core::Role;

    const WHISPER: &str = r#"{
  "text": " Hi Sam, how have you been? Not great, honestly. I keep lying awake. That sounds exhausting.",
  "segments": [
    {"id": 0, "seek": 0, "start": 0.0, "end": 3.2, "text": " Hi Sam, how have you been?", "tokens": [50364, 2421], "temperature": 0.0, "avg_logprob": -0.21, "compression_ratio": 1.2, "no_speech_prob": 0.01},
    {"id": 1, "seek": 0, "start": 3.6, "end": 5.4, "text": " Not great, honestly.", "tokens": [], "temperature": 0.0, "avg_logprob": -0.3, "compression_ratio": 1.1, "no_speech_prob": 0.02},
    {"id": 2, "seek": 0, "start": 5.4, "end": 7.9, "text": " I keep lying awake.", "tokens": [], "temperature": 0.0, "avg_logprob": -0.3, "compression_ratio": 1.1, "no_speech_prob": 0.02},
    {"id": 3, "seek": 0, "start": 8.1, "end": 10.0, "text": " That sounds exhausting.", "tokens": [], "temperature": 0.0, "avg_logprob": -0.3, "compression_ratio": 1.1, "no_speech_prob": 0.02}
  ],
  "language": "en"
}"#;

    const RTTM: &str = "SPEAKER session 1 0.000 3.300 <NA> <NA> SPEAKER_01 <NA> <NA>\nSPEAKER session 1 3.500 4.600 <NA> <NA> SPEAKER_00 <NA> <NA>\nSPEAKER session 1 7.700 2.500 <NA> <NA> SPEAKER_01 <NA> <NA>\n";

    #[test]
    fn whisper_plus_rttm() {
        let r = read_whisper_rttm(WHISPER, RTTM, "s.json", "s.rttm", &ReadOptions::default()).unwrap();
        let s = &r.sessions[0];
        let got: Vec<(&str, &str)> = s.turns.iter().map(|t| (t.speaker.as_str(), t.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("SPEAKER_01", "Hi Sam, how have you been?"),
                ("SPEAKER_00", "Not great, honestly. I keep lying awake."),
                ("SPEAKER_01", "That sounds exhausting."),
            ]
        );
        assert_eq!(s.turns[0].role, Role::Therapist);
        assert!(s.roles_inferred);
        assert_eq!(s.turns[1].source_line, Some(5));
        assert_eq!(s.meta["diarization"], "s.rttm");
        let o = ReadOptions { therapist: Some("speaker_00".into()), ..Default::default() };
        let r = read_whisper_rttm(WHISPER, RTTM, "s.json", "s.rttm", &o).unwrap();
        assert_eq!(r.sessions[0].turns[1].role, Role::Therapist);
    }

    #[test]
    fn segment_in_a_gap_goes_to_nearest() {
        let rttm = "SPEAKER s 1 0.0 3.0 <NA> <NA> A <NA> <NA>\nSPEAKER s 1 12.0 1.0 <NA> <NA> B <NA> <NA>\n";
        let r = read_whisper_rttm(WHISPER, rttm, "s.json", "s.rttm", &ReadOptions::default()).unwrap();
        assert!(r.warnings.iter().any(|w| w.message.contains("nearest")));
        assert_eq!(r.sessions[0].turns.last().map(|t| t.speaker.as_str()), Some("B"));
    }

    #[test]
    fn whisperx_and_whisper_cpp_and_plain() {
        let wx = r#"{"segments": [{"start": 0.5, "end": 2.0, "text": "How are you?", "speaker": "SPEAKER_00"}, {"start": 2.2, "end": 3.0, "text": "Okay.", "speaker": "SPEAKER_01"}]}"#;
        let s = &parse_str(Format::WhisperJson, wx, "wx.json", &ReadOptions::default()).unwrap()[0];
        assert_eq!(s.turns.len(), 2);
        let cpp = r#"{"transcription": [{"timestamps": {"from": "00:00:00,000", "to": "00:00:02,000"}, "offsets": {"from": 0, "to": 2000}, "text": " Hello?"}]}"#;
        let rt = "SPEAKER x 1 0.0 2.0 <NA> <NA> S1 <NA> <NA>\n";
        let r = read_whisper_rttm(cpp, rt, "c.json", "c.rttm", &ReadOptions::default()).unwrap();
        assert_eq!(r.sessions[0].turns[0].end, Some(2.0));
        let e = parse_str(Format::WhisperJson, WHISPER, "plain.json", &ReadOptions::default()).unwrap_err();
        assert!(e.message.contains("no speaker names") && e.hint.as_deref().unwrap_or("").contains("RTTM"), "{e}");
        assert_eq!(Format::detect("plain.json", WHISPER), Format::WhisperJson);
    }

    #[test]
    fn broken_whisper_and_rttm() {
        let o = ReadOptions::default();
        let back = WHISPER.replace("\"start\": 5.4, \"end\": 7.9", "\"start\": 7.9, \"end\": 5.4");
        let e = read_whisper_rttm(&back, RTTM, "s.json", "s.rttm", &o).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("s.json", Some(6)), "{e}");
        assert!(e.message.contains("backwards"));
        let e = read_whisper_rttm(&WHISPER[..300], RTTM, "s.json", "s.rttm", &o).unwrap_err();
        assert!(e.message.contains("truncated"), "{e}");
        let e = read_whisper_rttm(WHISPER, "SPEAKER s 1 0.0 abc <NA> <NA> A <NA> <NA>\n", "s.json", "s.rttm", &o).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("s.rttm", Some(1)), "{e}");
        let e = read_whisper_rttm(WHISPER, "SPEAKER s 1 0.0\n", "s.json", "s.rttm", &o).unwrap_err();
        assert!(e.message.contains("truncated"), "{e}");
        let e = read_whisper_rttm(WHISPER, "hello world\n", "s.json", "s.rttm", &o).unwrap_err();
        assert!(e.message.contains("not an RTTM line"), "{e}");
        let two = format!("{RTTM}SPEAKER other 1 0.0 1.0 <NA> <NA> A <NA> <NA>\n");
        let e = read_whisper_rttm(WHISPER, &two, "s.json", "s.rttm", &o).unwrap_err();
        assert!(e.message.contains("several recordings"), "{e}");
        let e = read_whisper_rttm(r#"{"segments": [{"start": 0, "text": "x"}]}"#, RTTM, "s.json", "s.rttm", &o).unwrap_err();
        assert!(e.message.contains("segment 1"), "{e}");
        let e = read_whisper_rttm(r#"{"segments": []}"#, RTTM, "s.json", "s.rttm", &o).unwrap_err();
        assert!(e.message.contains("no segments"), "{e}");
        let e = parse_str(Format::Rttm, RTTM, "s.rttm", &o).unwrap_err();
        assert!(e.hint.as_deref().unwrap_or("").contains("Whisper"), "{e}");
    }
}
