use crate::Format;
use crate::build::Ctx;
use attune_core::{IngestError, Session};
pub(crate) fn read_cues(ctx: &mut Ctx, _text: &str, _f: Format) -> Result<Session, IngestError> {
    Err(ctx.err(None, "not yet"))
}
