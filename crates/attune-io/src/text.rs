use crate::build::Ctx;
use attune_core::{IngestError, Session};
pub(crate) fn read_text(ctx: &mut Ctx, _text: &str) -> Result<Session, IngestError> {
    Err(ctx.err(None, "not yet"))
}
