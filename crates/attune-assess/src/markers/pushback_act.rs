//! The client model reads the reply to a miss as pushing back on the listener (its act head is
//! trained on attune's own labelled client turns: polite and oblique pushback the phrase lists never hold).
//! Elsewhere it is not enough: of ESConv's 2,956 dev seeker turns the head reads 2 so (1 rightly), the lists 2.
//! A reply that takes the help up ("Ok, that makes sense, I can get like that.", "I know that one, it's helping me
//! a lot too") is no pushback whatever the head says: after one round's extra pushback examples it read such
//! ESConv seeker turns so.
//! Only after a flagged turn: after advice or information no rule or judge found a miss in, the head's reading was a
//! labelled rupture once in 17 client turns of attune's own studied sessions ("should i tell her tonight or wait til ive
//! sorted the money? just tell me straight" asks for more of the plan it was given; "Mostly Poppy. She's four months
//! old…" answers a repair; sessions fresh84 and studied, measured at the forty-seventh session's start).
use super::MarkerCtx;
use crate::types::MarkerSubtype;
use attune_core::ClientAct;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    (c.p.affect.rupture_act() == ClientAct::PushingBack && c.after_miss && !(c.th_question && c.n.len() <= 5) && !c.takes_up)
        .then_some(MarkerSubtype::PushingBack)
}
