//! The client complains about the listener or the work ("you're not listening", "this isn't helping").
use super::MarkerCtx;
use crate::text::{self, Norm};
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    if text::first_own(c.n, c.p.text, text::COMPLAINT).is_some() {
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
