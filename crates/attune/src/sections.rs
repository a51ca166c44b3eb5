//! The optional report sections: body-signal synchrony and the voice track.

use crate::{Error, Result};
use attune_core::Session;
use attune_report::Fragment;
use std::path::{Path, PathBuf};

/// Movement (MEA .txt), heart (RR list, ECG CSV) or breathing signals of both people, for synchrony.
#[derive(Clone, Debug)]
pub struct SignalSpec {
    pub path: PathBuf,
    /// Sample rate, when the file does not say (MEA default 25 Hz).
    pub rate_hz: Option<f64>,
    /// Seconds to add to the signal's clock to put it on the transcript's clock.
    pub offset_s: f64,
    /// Segment-shuffle surrogates for the synchrony test.
    pub surrogates: usize,
}

impl SignalSpec {
    pub fn new(path: impl Into<PathBuf>) -> SignalSpec {
        SignalSpec { path: path.into(), rate_hz: None, offset_s: 0.0, surrogates: 200 }
    }
}

/// A section's HTML and, for synchrony, the 0..1 value the attunement index reads.
pub struct Section {
    pub fragment: Fragment,
    pub index_value: Option<f64>,
    /// What the reader of the input noticed (e.g. gaps in a signal).
    pub notes: Vec<String>,
}

/// Synchrony of a signal file: how far the real synchrony stands above its own surrogates (0.5 = chance).
pub fn synchrony(spec: &SignalSpec) -> Result<Section> {
    let label = spec.path.display().to_string();
    let text = std::fs::read_to_string(&spec.path).map_err(|e| Error::io(&spec.path, e))?;
    let input =
        attune_signal::SignalInput { format: None, rate_hz: spec.rate_hz, offset_s: spec.offset_s, columns: vec![], time_col: None };
    let (dyad, modality) =
        attune_signal::load_dyad(&text, &label, &input).map_err(|source| Error::Signal { label: label.clone(), error: source })?;
    let notes = dyad.quality.notes.iter().map(|n| format!("{label}: warning: {n}")).collect();
    let opts = attune_signal::SyncOptions { surrogates: spec.surrogates, modality, ..Default::default() };
    let r = attune_signal::report::analyze(&dyad, &opts)
        .map_err(|source| Error::Signal { label: format!("synchrony of {label}"), error: source })?;
    let value = r.surrogate.as_ref().map(|s| s.percentile / 100.0).unwrap_or(0.5);
    Ok(Section {
        fragment: Fragment { id: "sync".into(), title: "Synchrony".into(), html: attune_report::sync::section(&r) },
        index_value: Some(value),
        notes,
    })
}

/// The voice track of an audio file, turn by turn where the session has times.
pub fn voice(path: &Path, session: &Session) -> Result<Section> {
    let spans = attune_voice::turns_from_session(&session.turns);
    let spans = (!spans.is_empty()).then_some(spans);
    let v = attune_voice::analyze_file(path, spans.as_deref(), &attune_voice::VoiceOptions::default())?;
    Ok(Section {
        fragment: Fragment { id: "voice".into(), title: "Voice (exploratory)".into(), html: attune_report::voice::section(&v.report) },
        index_value: None,
        notes: vec![],
    })
}

/// Who spoke when, for per-speaker prosody: a CSV `speaker,start,end[,text]`, a pyannote RTTM, or any timed
/// transcript attune reads. Only speakers and times are needed, so a diarization without words is enough.
/// Returns the turns and the reader's warnings (an encoding guess, roles inferred).
pub fn voice_turns(path: &Path) -> Result<(Vec<attune_voice::TurnSpan>, Vec<String>)> {
    let label = path.display().to_string();
    let is_csv = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        match attune_voice::read_turns_csv(&text, &label) {
            Ok(t) => return Ok((t, vec![])),
            // The header was the prosody form (`speaker,start,end`) and a later line is wrong: say so.
            Err(e @ attune_voice::VoiceError::Transcript { line: 2.., .. }) => return Err(e.into()),
            // Otherwise it may be another CSV transcript form the readers take.
            Err(_) => {}
        }
    }
    let report = attune_io::read_speaker_segments_path(path, &attune_io::ReadOptions::default())?;
    let turns = report
        .segments
        .into_iter()
        .enumerate()
        .map(|(i, s)| attune_voice::TurnSpan {
            index: i + 1,
            role: match s.role {
                attune_core::Role::Other => attune_voice::role_from_label(&s.speaker),
                r => Some(r),
            },
            speaker: s.speaker,
            start: s.start,
            end: s.end,
            text: s.text,
        })
        .collect();
    Ok((turns, report.warnings.iter().map(|w| w.to_string()).collect()))
}
