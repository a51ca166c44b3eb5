//! Reading: a transcript file (any format attune-io reads) into the one session to analyze.

use crate::{Error, Result};
use attune_core::Session;
use attune_io::{Format, IngestWarning, ReadOptions};
use std::path::Path;

/// How to read a transcript.
#[derive(Clone, Debug, Default)]
pub struct ReadSpec {
    /// The therapist's speaker name as written in the transcript (otherwise roles are inferred).
    pub therapist: Option<String>,
    /// The client's speaker name as written in the transcript.
    pub client: Option<String>,
    /// Force a format (`vtt`, `srt`, `txt`, `csv`, `json`, `jsonl`, `whisper`) instead of detecting it.
    pub format: Option<String>,
    /// Which session of a multi-session file, by id.
    pub session: Option<String>,
    /// A pyannote RTTM diarization to combine with a Whisper JSON transcript.
    pub rttm: Option<std::path::PathBuf>,
}

impl ReadSpec {
    /// attune-io's options for this spec.
    pub fn options(&self) -> Result<ReadOptions> {
        let format = match &self.format {
            Some(f) => Some(Format::from_name(f).ok_or_else(|| {
                Error::input("--format", format!("unknown format `{f}` (use vtt, srt, txt, csv, json, jsonl or whisper)"))
            })?),
            None => None,
        };
        Ok(ReadOptions { therapist: self.therapist.clone(), client: self.client.clone(), format, ..Default::default() })
    }
}

/// Every session in `path`, with the reader's warnings.
pub fn read_all(path: &Path, spec: &ReadSpec) -> Result<(Vec<Session>, Vec<IngestWarning>)> {
    let opts = spec.options()?;
    let report = match &spec.rttm {
        Some(rttm) => attune_io::read_whisper_rttm_paths(path, rttm, &opts)?,
        None => attune_io::read_path_report(path, &opts)?,
    };
    Ok((report.sessions, report.warnings))
}

/// The one session to analyze in `path`: the only one, or the one `spec.session` names. A session without
/// turns is refused.
pub fn read_one(path: &Path, spec: &ReadSpec) -> Result<(Session, Vec<IngestWarning>)> {
    let (sessions, warnings) = read_all(path, spec)?;
    Ok((pick(sessions, &path.display().to_string(), spec.session.as_deref())?, warnings))
}

/// Picks one session out of those a file held.
pub fn pick(mut sessions: Vec<Session>, file: &str, id: Option<&str>) -> Result<Session> {
    let s = match (id, sessions.len()) {
        (Some(id), n) => {
            let i = sessions
                .iter()
                .position(|s| s.id == id)
                .ok_or_else(|| Error::input(file, format!("no session with id `{id}` (the file holds {n} session(s))")))?;
            sessions.swap_remove(i)
        }
        (None, 1) => sessions.swap_remove(0),
        (None, 0) => return Err(Error::input(file, "the file holds no session")),
        (None, n) => {
            return Err(Error::input(
                file,
                format!(
                    "the file holds {n} sessions; pick one with --session ID (first: `{}`) or analyze them all with `attune batch`",
                    sessions[0].id
                ),
            ));
        }
    };
    if s.turns.is_empty() {
        return Err(Error::input(file, "the session has no turns"));
    }
    Ok(s)
}

/// A notice for a session with turns not written in English (`attune_text::lang`): attune's models and phrase lists
/// read English only, so those turns are coded `other`, and their judgement and client state mean little. `None`
/// when every turn reads as English.
pub fn language_notice(session: &Session) -> Option<String> {
    let mut langs: Vec<&str> = Vec::new();
    let mut n = 0;
    for t in &session.turns {
        if let Some(l) = attune_text::lang::other_language(&t.text) {
            n += 1;
            if !langs.contains(&l) {
                langs.push(l);
            }
        }
    }
    (n > 0).then(|| {
        // the decision attune-assess takes: such a session gets no flag or marker
        let mostly = attune_text::lang::mostly_other_language(session.turns.iter().map(|t| t.text.as_str()));
        format!(
            "{n} of {} turns are not in English ({}): attune reads English only, so they are coded `other` and their judgement and client state mean little{}",
            session.turns.len(),
            langs.join(", "),
            if mostly { "; most of the session is not in English, so no flag or rupture is reported" } else { "" }
        )
    })
}

#[cfg(test)]
mod language_tests {
    use super::*;
    use attune_core::{Role, Turn};

    #[test]
    fn a_session_with_turns_in_another_language_gets_a_notice_naming_it() {
        let turn = |role, text: &str| Turn::new(role, if role == Role::Client { "client" } else { "therapist" }, text);
        let mut s = Session::new("s");
        s.turns = vec![turn(Role::Client, "I feel so alone since the move."), turn(Role::Therapist, "That sounds really lonely.")];
        assert_eq!(language_notice(&s), None);
        s.turns.push(turn(Role::Client, "Siento que todo el mundo miente."));
        let n = language_notice(&s).expect("a notice");
        assert!(n.starts_with("1 of 3 turns") && n.contains("Spanish"), "{n}");
    }
}
