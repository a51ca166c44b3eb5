//! The client complains about the listener or the work ("you're not listening", "this isn't helping").
use super::MarkerCtx;
use crate::text::{self, Norm};
use crate::types::MarkerSubtype;

/// Coming to the listener in vain, said right after a miss ("I came on here because I thought people might understand. I
/// can see now I've said too much about myself, as usual." after a forum reply that turned to the replier's own daughter;
/// sessions fresh131, studied from the fifty-first session on); elsewhere they tell why the client came.
const CAME_IN_VAIN: &[&str] = &["thought people might understand", "thought people would understand", "i've said too much about myself"];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    if text::first_own(c.n, c.p.text, text::COMPLAINT).is_some() || (c.after_miss && c.n.first_of(CAME_IN_VAIN).is_some()) {
        return Some(MarkerSubtype::Complaint);
    }
    // the same with an intensifier inside it ("That's honestly not the problem."; fresh22, studied)
    const INTENSIFIERS: &[&str] = &["honestly", "actually", "literally", "genuinely", "truly", "tbh", "frankly", "simply"];
    if !c.n.words.iter().any(|w| INTENSIFIERS.contains(&w.as_str())) {
        return None;
    }
    let plain: Vec<&str> = c.n.words.iter().map(|w| w.as_str()).filter(|w| !INTENSIFIERS.contains(w)).collect();
    Norm::new(&plain.join(" ")).first_of(text::COMPLAINT).map(|_| MarkerSubtype::Complaint)
}
