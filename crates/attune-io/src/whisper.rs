use crate::build::Ctx;
use crate::{ReadOptions, ReadReport};
use attune_core::{IngestError, Session};
pub(crate) fn read_whisper_alone(ctx: &mut Ctx, _text: &str) -> Result<Session, IngestError> {
    Err(ctx.err(None, "not yet"))
}
/// Whisper JSON + RTTM.
pub fn read_whisper_rttm(_json: &str, _rttm: &str, json_label: &str, _rttm_label: &str, _opts: &ReadOptions) -> Result<ReadReport, IngestError> {
    Err(IngestError::new(json_label, None, "not yet"))
}
