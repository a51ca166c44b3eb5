//! Who spoke when: speaker segments (speaker, start, end) from a pyannote RTTM diarization or from any
//! timed transcript attune reads, for analyses of the audio per speaker (prosody).
//!
//! An RTTM has no words, so it cannot become a [`Session`](attune_core::Session); its `SPEAKER` lines are
//! exactly the segments. A transcript is read as usual ([`crate::parse`]) and its turns that have both a
//! start and an end become the segments.

use crate::build::{Ctx, normalize_line_ends, quote_list, role_from_name, squash};
use crate::whisper::parse_rttm;
use crate::{Format, IngestWarning, ReadOptions, parse};
use attune_core::{IngestError, Role};

/// One stretch of speech by one speaker.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeakerSegment {
    /// The speaker's name as the file writes it (`SPEAKER_00`, `Dr Lee`).
    pub speaker: String,
    /// The speaker's role: from `--therapist/--client`, the speaker's name, or (transcripts) inferred as
    /// the readers infer it; `Role::Other` when not known.
    pub role: Role,
    /// Seconds from the start of the recording.
    pub start: f64,
    /// Seconds from the start of the recording; never before `start`.
    pub end: f64,
    /// What was said (`None` for an RTTM, which holds no words).
    pub text: Option<String>,
    /// The 1-based line of the file where the segment is written (RTTM line, cue timing line, ...);
    /// `None` where the format does not record it (attune JSON written without `source_line`).
    pub line: Option<usize>,
}

/// The segments of one recording, sorted by start time, and the warnings met reading them.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentReport {
    pub segments: Vec<SpeakerSegment>,
    /// The format the file was read as.
    pub format: Format,
    /// True when some role was guessed rather than given (`--therapist/--client`) or written in the file.
    pub roles_inferred: bool,
    pub warnings: Vec<IngestWarning>,
}

/// Reads who spoke when from `text`, an RTTM diarization or any transcript format attune reads, named
/// `label` in messages. The format is `opts.format`, or detected ([`Format::detect`]: content, then the
/// extension, so a `.rttm` file or one starting with `SPEAKER` lines is read as RTTM). Pure: no I/O.
///
/// * RTTM: one segment per `SPEAKER` line (other record types and `#` comments are skipped; several
///   recordings in one file are refused). Roles: `opts.therapist` / `opts.client` name speakers
///   (case-insensitively; a name not in the file is an error listing the speakers); with one given, the
///   other role goes to the remaining speaker who speaks longest. Without either, only names that say a
///   role (`therapist`, `client`, `T`, `C`...) give one, and a warning lists the speakers to choose from.
/// * Any other format: read as [`crate::parse`] reads it (roles given or inferred; consecutive cues by one
///   speaker merged into a turn unless `opts.keep_cues`), then each turn with a start and an end is a
///   segment; turns without both times are left out with a warning. A file holding several sessions
///   (JSON Lines, a JSON array) is refused: segments describe one recording.
///
/// Errors name the file and line: no timed turns, a bad RTTM line, and everything the readers refuse.
///
/// ```
/// use attune_io::{ReadOptions, Role, speaker_segments};
/// let rttm = "SPEAKER s 1 0.00 2.50 <NA> <NA> SPEAKER_00 <NA> <NA>\n\
///             SPEAKER s 1 2.80 1.20 <NA> <NA> SPEAKER_01 <NA> <NA>\n";
/// let opts = ReadOptions { therapist: Some("SPEAKER_00".into()), ..Default::default() };
/// let r = speaker_segments(rttm, "s.rttm", &opts)?;
/// assert_eq!((r.segments[1].speaker.as_str(), r.segments[1].role), ("SPEAKER_01", Role::Client));
/// assert_eq!((r.segments[0].start, r.segments[0].end), (0.0, 2.5));
/// # Ok::<(), attune_io::IngestError>(())
/// ```
pub fn speaker_segments(text: &str, label: &str, opts: &ReadOptions) -> Result<SegmentReport, IngestError> {
    if text.trim_start_matches('\u{FEFF}').trim().is_empty() {
        return Err(IngestError::new(label, None, "the file has no text")
            .with_hint("export the transcript or diarization again; this file is blank"));
    }
    let text = normalize_line_ends(text);
    let format = opts.format.unwrap_or_else(|| Format::detect(label, &text));
    if format == Format::Rttm {
        return rttm_segments(&text, label, opts);
    }
    let report = parse(format, &text, label, opts)?;
    let mut warnings = report.warnings;
    let session = match <[_; 1]>::try_from(report.sessions) {
        Ok([s]) => s,
        Err(v) => {
            let msg = format!("the file holds {} sessions; speaker segments describe one recording", v.len());
            return Err(IngestError::new(label, None, msg)
                .with_hint("give the transcript of the one recording the audio holds"));
        }
    };
    let mut segments = Vec::with_capacity(session.turns.len());
    let mut untimed: Vec<Option<usize>> = Vec::new();
    for t in &session.turns {
        let line = t.source_line;
        match (t.start, t.end) {
            (Some(start), Some(end)) if start.is_finite() && end.is_finite() && end >= start => {
                segments.push(SpeakerSegment {
                    speaker: t.speaker.clone(),
                    role: t.role,
                    start,
                    end,
                    text: (!t.text.trim().is_empty()).then(|| t.text.clone()),
                    line,
                });
            }
            _ => untimed.push(line),
        }
    }
    if segments.is_empty() {
        let msg = "no turn has both a start and an end time, so nothing says when anyone spoke";
        return Err(IngestError::new(label, untimed.first().copied().flatten(), msg)
            .with_hint("give a timed transcript (WebVTT, SRT, CSV with start and end columns) or a pyannote RTTM"));
    }
    if let Some(&first) = untimed.first() {
        warnings.push(IngestWarning {
            file: label.to_string(),
            line: first,
            message: format!("{} turn(s) without both a start and an end time were left out of the speaker segments", untimed.len()),
        });
    }
    segments.sort_by(|a, b| a.start.total_cmp(&b.start));
    Ok(SegmentReport { segments, format, roles_inferred: session.roles_inferred, warnings })
}

fn rttm_segments(text: &str, label: &str, opts: &ReadOptions) -> Result<SegmentReport, IngestError> {
    let turns = parse_rttm(text, label)?;
    let mut ctx = Ctx::new(label, opts);
    // Speakers in order of first appearance, with their total speaking time.
    let mut speakers: Vec<(String, f64)> = Vec::new();
    for t in &turns {
        match speakers.iter_mut().find(|(s, _)| *s == t.speaker) {
            Some((_, total)) => *total += t.end - t.start,
            None => speakers.push((t.speaker.clone(), t.end - t.start)),
        }
    }
    let names: Vec<String> = speakers.iter().map(|(s, _)| s.clone()).collect();
    let find = |given: &str, flag: &str| -> Result<usize, IngestError> {
        let g = squash(given).to_lowercase();
        names.iter().position(|n| n.to_lowercase() == g).ok_or_else(|| {
            IngestError::new(label, None, format!("{flag} `{given}` is not a speaker in this RTTM"))
                .with_hint(format!("speakers found: {}; pass one of them to {flag}", quote_list(&names)))
        })
    };
    let t_given = opts.therapist.as_deref().map(|n| find(n, "--therapist")).transpose()?;
    let c_given = opts.client.as_deref().map(|n| find(n, "--client")).transpose()?;
    if let (Some(a), Some(b)) = (t_given, c_given)
        && a == b
    {
        return Err(IngestError::new(label, None, format!("--therapist and --client both name `{}`", names[a]))
            .with_hint("give two different speakers"));
    }
    let mut roles = vec![Role::Other; names.len()];
    let mut inferred = false;
    match (t_given, c_given) {
        (Some(t), Some(c)) => {
            roles[t] = Role::Therapist;
            roles[c] = Role::Client;
        }
        (Some(given), None) | (None, Some(given)) => {
            let (has, missing) = if t_given.is_some() { (Role::Therapist, Role::Client) } else { (Role::Client, Role::Therapist) };
            roles[given] = has;
            let rest: Vec<usize> = (0..names.len()).filter(|&i| i != given).collect();
            if let Some(&j) = rest.iter().max_by(|&&a, &&b| speakers[a].1.total_cmp(&speakers[b].1).then(b.cmp(&a))) {
                roles[j] = missing;
                if rest.len() > 1 {
                    inferred = true;
                    ctx.warn(
                        None,
                        format!(
                            "{} → {} (the other speaker who speaks longest); pass both --therapist and --client to set it",
                            names[j],
                            missing.as_str()
                        ),
                    );
                }
            }
        }
        (None, None) => {
            for (i, n) in names.iter().enumerate() {
                if let Some(r) = role_from_name(n)
                    && r != Role::Other
                    && !roles.contains(&r)
                {
                    roles[i] = r;
                    inferred = true;
                }
            }
            if roles.iter().all(|r| *r == Role::Other) {
                ctx.warn(None, format!(
                    "the RTTM's speaker names say no roles; pass --therapist NAME / --client NAME (speakers: {})",
                    quote_list(&names)
                ));
            } else {
                let said: Vec<String> = names
                    .iter()
                    .zip(&roles)
                    .filter(|(_, r)| **r != Role::Other)
                    .map(|(n, r)| format!("{n} → {}", r.as_str()))
                    .collect();
                ctx.warn(
                    None,
                    format!(
                        "roles were taken from speaker names: {}; pass --therapist NAME / --client NAME to set them",
                        said.join(", ")
                    ),
                );
            }
        }
    }
    let mut segments: Vec<SpeakerSegment> = turns
        .into_iter()
        .map(|t| {
            let role = names.iter().position(|n| *n == t.speaker).map(|i| roles[i]).unwrap_or(Role::Other);
            SpeakerSegment { speaker: t.speaker, role, start: t.start, end: t.end, text: None, line: Some(t.line) }
        })
        .collect();
    segments.sort_by(|a, b| a.start.total_cmp(&b.start));
    Ok(SegmentReport { segments, format: Format::Rttm, roles_inferred: inferred, warnings: ctx.warnings })
}
