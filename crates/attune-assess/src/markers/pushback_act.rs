//! The client model reads the reply to a miss or to advice as pushing back on the listener (its act head is
//! trained on attune's own labelled client turns: polite and oblique pushback the phrase lists never hold).
//! Elsewhere it is not enough: of ESConv's 2,956 dev seeker turns the head reads 2 so (1 rightly), the lists 2.
//! A reply that takes the help up ("Ok, that makes sense, I can get like that.", "I know that one, it's helping me
//! a lot too") is no pushback whatever the head says: after one round's extra pushback examples it read such
//! ESConv seeker turns so.
use super::MarkerCtx;
use crate::types::MarkerSubtype;
use attune_core::ClientAct;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // (after help no rule or judge found a miss in, a question asks for more of it: "should i tell her tonight or wait
    // til ive sorted the money? just tell me straight" after the plan asked for; "So what can you give me?" to a GP;
    // "outside borough means where. like far?" after a letter explained; sessions fresh83 and fresh84, studied from the
    // forty-seventh session's start)
    let asks_more = !c.after_miss && c.p.text.contains('?');
    (c.p.affect.rupture_act() == ClientAct::PushingBack && (c.after_miss || c.th_fixing) && !asks_more && !(c.th_question && c.n.len() <= 5) && !c.takes_up)
        .then_some(MarkerSubtype::PushingBack)
}
