//! Siding with the other party: the listener agrees with someone the client is at odds with ("I think your aunt is
//! right.", "your friends do have a point", "I agree with your husband") or excuses them ("it's possible her nephew
//! simply didn't know how to word things", "your parents are doing their best"). The client brought the conflict
//! to be heard; taking the other side first argues with them (MITI's confront: disagreeing, taking the other view).
//! A feature for the judge, which weighs it against the context: rare in real support (4 of ESConv's 15,481
//! supporter turns, 2 of EPITOME's 2,545 replies), common in the misattuned replies attune's vignettes hold.

use crate::rules::normalize;

/// Words that may stand between the other party and "is right" / "has a point" ("your mum probably does have a point").
const FILLERS: &[&str] = &[
    "do",
    "does",
    "did",
    "really",
    "probably",
    "prob",
    "might",
    "may",
    "could",
    "be",
    "kind",
    "of",
    "kinda",
    "sort",
    "definitely",
    "honestly",
    "actually",
    "also",
    "totally",
    "just",
    "both",
    "all",
    "though",
    "tho",
    "still",
    "absolutely",
    "certainly",
    "partly",
    "somewhat",
];

/// Possessives that introduce the other party ("your aunt", "her nephew").
const OWNERS: &[&str] = &["your", "ur", "her", "his", "their", "my"];

/// What can be "right" without being a person: the client's own instinct or choice ("your gut was right"), which
/// takes the client's side.
const NOT_A_PARTY: &[&str] = &[
    "instinct",
    "instincts",
    "gut",
    "intuition",
    "feeling",
    "feelings",
    "sense",
    "body",
    "hunch",
    "heart",
    "reaction",
    "anger",
    "decision",
    "choice",
    "call",
    "fear",
    "fears",
    "worry",
    "worries",
    "concern",
    "concerns",
    "mind",
    "point",
    "timing",
    "time",
    "question",
    "read",
    "guess",
    "answer",
    "you",
    "i",
    "we",
    "it",
    "that",
    "this",
    "what",
    "which",
];

/// "right" as a place or a moment, not a verdict ("she was right there").
const PLACE: &[&str] = &[
    "there", "here", "now", "behind", "beside", "next", "around", "about", "back", "away", "at",
    "on", "by", "in", "up", "down", "off", "out", "where", "when", "after", "before",
];

/// Excusing the other party's conduct.
const EXCUSES: &[&str] = &[
    "meant well",
    "mean well",
    "means well",
    "didn't mean it",
    "didn't mean to",
    "probably didn't mean",
    "didn't know how to",
    "don't know how to",
    "doesn't know how to",
    "doing their best",
    "doing the best they can",
    "doing his best",
    "doing her best",
    "doing the best he can",
    "doing the best she can",
    "at their best",
    "can't help it",
    "has their reasons",
    "had their reasons",
    "has his reasons",
    "has her reasons",
    "from their perspective",
    "from her perspective",
    "from his perspective",
    "from their point of view",
    "from her point of view",
    "from his point of view",
    "in their shoes",
    "in her shoes",
    "in his shoes",
    // "maybe she wasnt trying to hurt u" (vignettes-fresh19, studied)
    "wasn't trying to hurt",
    "weren't trying to hurt",
    "not trying to hurt",
    "meant kindly",
    "meant it kindly",
    "meant as a kindness",
    "meant in kindness",
];

static PADDED_EXCUSES: std::sync::LazyLock<Vec<String>> =
    std::sync::LazyLock::new(|| EXCUSES.iter().map(|p| format!(" {p} ")).collect());

/// A sentence that takes the client's side whatever else it says ("even if she meant well, it hurt").
fn validates(n: &str) -> bool {
    [
        " even if ",
        " even though ",
        " whether or not ",
        " deserve",
        " not your fault",
        " still hurt",
        " doesn't make it ",
        " valid ",
        " allowed to ",
        " you're right ",
        " you are right ",
    ]
    .iter()
    .any(|p| n.contains(p))
}

/// Whether the words before `i` name someone other than the client or the listener.
fn other_party(w: &[&str], i: usize) -> bool {
    let mut j = i;
    while j > 0 && FILLERS.contains(&w[j - 1]) {
        j -= 1;
    }
    let Some(subject) = j.checked_sub(1).map(|k| w[k]) else {
        return false;
    };
    if matches!(subject, "she" | "he" | "they") {
        return true;
    }
    if NOT_A_PARTY.contains(&subject) {
        return false;
    }
    // "your aunt", "your mother in law", "her nephew": a possessive within three words before
    for k in 2..=4 {
        let Some(at) = j.checked_sub(k) else { break };
        if OWNERS.contains(&w[at]) {
            return true;
        }
        if matches!(
            w[at],
            "is" | "was" | "are" | "were" | "and" | "but" | "that" | "if" | "so" | "i" | "you"
        ) {
            break;
        }
    }
    false
}

/// The phrase by which a listener's text sides with the other party, if one of its sentences does.
pub fn sides_with_other(text: &str) -> Option<&'static str> {
    for sentence in crate::tokens::sentences(text) {
        let n = normalize(sentence);
        // an excuse in the main clause with the hurt conceded after it still excuses ("I suspect the 'finally' was meant
        // kindly, even if it landed badly"; vignettes-fresh62, read once in the thirty-first session); conceded before
        // it, the sentence takes the client's side ("even if she meant well, it hurt")
        let conceded = [" even if ", " even though ", " whether or not "].iter().filter_map(|c| n.find(c)).min();
        if let Some(c) = conceded
            && let Some(k) = PADDED_EXCUSES.iter().position(|p| n.find(p.as_str()).is_some_and(|at| at < c))
        {
            return Some(EXCUSES[k]);
        }
        if validates(&n) {
            continue;
        }
        if let Some(k) = PADDED_EXCUSES.iter().position(|p| n.contains(p.as_str())) {
            return Some(EXCUSES[k]);
        }
        let w: Vec<&str> = n.split_ascii_whitespace().collect();
        let verdict = |k: usize| {
            w.get(k).is_some_and(|x| matches!(*x, "right" | "correct"))
                && w.get(k + 1).is_none_or(|x| !PLACE.contains(x))
        };
        for i in 0..w.len() {
            match w[i] {
                "has" | "have"
                    if w.get(i + 1) == Some(&"a")
                        && w.get(i + 2) == Some(&"point")
                        && other_party(&w, i) =>
                {
                    return Some("has a point");
                }
                "is" | "was" | "are" | "were" if verdict(i + 1) && other_party(&w, i) => {
                    return Some("is right");
                }
                "she's" | "he's" | "they're"
                    if verdict(i + 1)
                        || (w.get(i + 1).is_some_and(|x| FILLERS.contains(x))
                            && verdict(i + 2)) =>
                {
                    return Some("they're right");
                }
                "agree"
                    if w.get(i + 1) == Some(&"with")
                        && w.get(i + 2).is_some_and(|x| {
                            matches!(*x, "your" | "ur" | "her" | "him" | "them" | "his" | "their")
                        }) =>
                {
                    return Some("agree with them");
                }
                _ => {}
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::sides_with_other as s;

    #[test]
    fn agreeing_with_or_excusing_the_other_party_is_siding() {
        assert_eq!(
            s("I think your aunt is right. Regret is hard to live with."),
            Some("is right")
        );
        assert_eq!(s("tbh ur mum prob does have a point"), Some("has a point"));
        assert_eq!(
            s("Honestly? She's probably right, it was a lot."),
            Some("they're right")
        );
        assert_eq!(
            s("I agree with your husband on this one."),
            Some("agree with them")
        );
        assert_eq!(
            s("It's possible he simply didn't know how to word things."),
            Some("didn't know how to")
        );
        assert_eq!(
            s("Your parents are doing their best."),
            Some("doing their best")
        );
    }

    #[test]
    fn taking_the_clients_side_or_a_place_is_not() {
        assert_eq!(
            s("Your gut was right, and it's awful to be proved right like this."),
            None
        );
        assert_eq!(s("Your mum was right there with you, cheering."), None);
        assert_eq!(s("Even if she meant well, it still hurt."), None);
        assert_eq!(s("I suspect the 'finally' was meant kindly, even if it landed badly."), Some("meant kindly"));
        assert_eq!(s("She probably meant well, even though it stung."), Some("meant well"));
        assert_eq!(s("Your friend is right that you deserve better."), None);
        assert_eq!(s("You did what you believed was right."), None);
        assert_eq!(s("You have a point, and it's a painful one."), None);
        assert_eq!(
            s("I'm sure you'll find someone when the time is right."),
            None
        );
    }
}
