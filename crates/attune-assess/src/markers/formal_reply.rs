//! A letter after a miss that files it away with a courtesy, or whose salutation has gone formal ("Dear Ms Whitfield, Thank you for your reply. You
//! have given me a great deal to think about and I will reflect on it. The visits continue as before. The weather in
//! Manchester has turned very cold. Yours sincerely, F. Adeyemi", from a mother who had signed her letter before with
//! her first name, after her listener pointed her to her own part in her son's crime; sessions fresh75, read once at the
//! forty-fourth session's end). A letter has no "ok" to go quiet with: its writer withdraws by courtesy and by a
//! salutation gone formal (3RS: deferential withdrawal). Only after a flagged turn, and only where the letter tells no
//! feeling and asks nothing.
use super::MarkerCtx;
use crate::types::MarkerSubtype;

/// The courtesy that files what was offered away.
const FILED: &[&str] = &[
    "given me a great deal to think about", "given me a lot to think about", "given me much to think about", "given me plenty to think about",
    "i will reflect on", "i shall reflect on", "i'll reflect on", "food for thought",
];

/// "I will bear the men's group in mind": "bear" and "in mind" within six words after it ("Dear Reverend Lewis, Thank
/// you. I will bear the men's group in mind. Regards, G. Ellis" after a vicar turned from a daughter's wedding to his
/// men's group; sessions fresh87, studied from the forty-seventh session's start; not "I don't know how I'll bear
/// Christmas").
fn bears_in_mind(n: &crate::text::Norm) -> bool {
    let w = &n.words;
    w.iter().enumerate().any(|(i, x)| x == "bear" && w[i + 1..].windows(2).take(6).any(|p| p[0] == "in" && p[1] == "mind"))
}

/// Titles a salutation turns to.
const TITLES: &[&str] = &["ms", "mr", "mrs", "miss", "dr", "sir", "madam"];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // (a letter's body, `Prep::text`, may be one line once its salutation and sign-off are set aside: the turn as written
    // says it is a letter)
    if !c.quiet_after_miss() || !c.p.raw.contains('\n') {
        return None;
    }
    (c.n.first_of(FILED).is_some() || bears_in_mind(c.n) || gone_formal(c)).then_some(MarkerSubtype::DeferentialAgreement)
}

/// The salutation names the listener by title where the client's letter before named them otherwise ("Dear Joanne" →
/// "Dear Ms Whitfield"). Read in the turn as written (`Prep::raw`): `Prep::text` is a letter's body, without its
/// salutation.
fn gone_formal(c: &MarkerCtx) -> bool {
    let title = |text: &str| {
        let w = crate::text::words(text.lines().find(|l| !l.trim().is_empty()).unwrap_or(""));
        (w.first().map(String::as_str) == Some("dear")).then(|| w.get(1).is_some_and(|x| TITLES.contains(&x.as_str())))
    };
    let earlier = (0..c.i).rev().filter(|&j| c.prep[j].role == attune_core::Role::Client).find_map(|j| title(c.prep[j].raw));
    title(c.p.raw) == Some(true) && earlier == Some(false)
}

#[cfg(test)]
mod tests {
    use crate::tests::marker_after;
    use crate::types::MarkerSubtype;

    #[test]
    fn a_letter_that_files_the_help_away_or_turns_formal_after_a_miss_withdraws() {
        const CLIENT: &str = "Dear Joanne,\n\nThe truth is that I am angry with my son and I cannot say it to anybody. I warned him about those boys from when he was fifteen. His father left when he was eight and I was strict with him.\n\nFunmi";
        const BLAME: &str = "Dear Funmi,\n\nI wonder whether some of what you feel is guilt. It might be worth asking yourself honestly whether he experienced your strictness as love or as pressure, and whether his choices were a reaction against it.\n\nJoanne";
        let (flagged, filed) = marker_after(CLIENT, BLAME, "Dear Joanne,\n\nThank you for your reply. You have given me a great deal to think about.\n\nThe weather here has turned very cold.\n\nFunmi");
        assert!(flagged, "the blaming letter is flagged");
        assert_eq!(filed, Some(MarkerSubtype::DeferentialAgreement));
        let (_, formal) = marker_after(CLIENT, BLAME, "Dear Ms Whitfield,\n\nThank you for your reply.\n\nThe visits continue as before. The weather here has turned very cold.\n\nF. Adeyemi");
        assert_eq!(formal, Some(MarkerSubtype::DeferentialAgreement), "a salutation gone formal");
    }
}
