use attune_core::Session;
/// Errors from the writers.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("session `{session}`: turn {turn} (`{speaker}`) has no start time; {what} needs times")]
    MissingTimes { session: String, turn: usize, speaker: String, what: &'static str },
    #[error("serializing session `{0}`: {1}")]
    Json(String, serde_json::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}
/// attune JSON of one session (pretty-printed).
pub fn to_attune_json(s: &Session) -> Result<String, WriteError> {
    serde_json::to_string_pretty(s).map_err(|e| WriteError::Json(s.id.clone(), e))
}
/// One attune session per line.
pub fn write_jsonl<W: std::io::Write>(sessions: &[Session], mut w: W) -> Result<(), WriteError> {
    for s in sessions {
        let line = serde_json::to_string(s).map_err(|e| WriteError::Json(s.id.clone(), e))?;
        w.write_all(line.as_bytes())?;
        w.write_all(b"\n")?;
    }
    Ok(())
}
pub fn to_eaf(s: &Session) -> Result<String, WriteError> { Err(WriteError::MissingTimes{session: s.id.clone(), turn: 0, speaker: String::new(), what: "ELAN"}) }
pub fn to_vtt(_s: &Session) -> Result<String, WriteError> { Ok(String::new()) }
