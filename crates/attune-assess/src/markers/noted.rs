//! "Noted." after a miss: the client files the listener's words away without taking them up ("Yeah. Noted. Thanks
//! everyone for all the replies…" after a forum reply that told a mother her shouting during a meltdown was the problem;
//! "ok noted 👍" after advice; "But noted — I'll try to be even quieter."; sessions fresh87 and studied, read at the
//! forty-seventh session's start): every client turn of attune's own sessions that says it after a flagged turn is a
//! labelled rupture (4). A sentence of "noted" and at most two words of assent before it, with nothing taken up.
use super::MarkerCtx;
use crate::types::MarkerSubtype;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // (cheap tests first; "Noted, thank you, I'll try that tonight" takes the help up in the same breath, where "Yeah.
    // Noted. Thanks everyone for all the replies, it's been really helpful." is a courtesy after it)
    (c.after_miss
        && c.n.words.iter().any(|w| w == "noted")
        && c.sentences().iter().any(|(s, n)| noted(s, n) && n.first_of(super::TAKES_UP_STRONG).is_none()))
    .then_some(MarkerSubtype::DeferentialAgreement)
}

/// A sentence that is "noted" with at most two words of assent before it, or that opens on it as a clause of its own ("But
/// noted — I'll try to be even quieter.").
fn noted(s: &str, n: &crate::text::Norm) -> bool {
    const BEFORE: &[&str] = &["yeah", "yes", "ok", "okay", "k", "fine", "right", "but", "well", "duly"];
    let w = &n.words;
    let alone = w.last().is_some_and(|x| x == "noted") && w.len() <= 3 && w[..w.len() - 1].iter().all(|x| BEFORE.contains(&x.as_str()));
    let low = s.trim_start().to_lowercase();
    alone || ["noted —", "noted -", "noted,", "but noted", "ok noted", "okay noted"].iter().any(|p| low.starts_with(p))
}

#[cfg(test)]
mod tests {
    #[test]
    fn noted_as_a_sentence_of_its_own() {
        let noted = |s: &str| super::noted(s, &crate::text::Norm::new(s));
        assert!(noted("Noted."));
        assert!(noted("ok noted 👍"));
        assert!(noted("But noted — I'll try to be even quieter."));
        assert!(!noted("I noted the times down."));
        assert!(!noted("Everything you said is noted in my diary for Thursday."));
        assert!(noted("Noted, thank you, I'll try that tonight."), "the sentence is one of noting; `check` reads its take-up");
    }
}
