//! The help passed on to someone else after a miss ("Dear Jo, Thank you. I will ask my cousin about these things." after
//! a letter of steps to a Somali mother whose son was excluded; "Thanks. I'll save that for my brother, he's the one
//! doing all the forms." after a chatbot's processes to a woman whose mother died after a fall; "Fair enough. I'll leave
//! it with the lawyers."; sessions fresh90, fresh91 and studied, read at the forty-eighth session's start): the client
//! keeps the listener's words at arm's length and gives them to another to deal with. Every short client turn of attune's
//! own sessions that says so after a flagged turn is a labelled withdrawal (3).
use super::MarkerCtx;
use crate::types::MarkerSubtype;

/// Verbs by which the help is handed on, after "I'll" or "I will".
/// ("I will get my granddaughter to look at it on Sunday." after a pharmacy assistant's page of information to a woman
/// of eighty who asked whether a price was a mistake; sessions fresh109, studied from the forty-ninth session on)
const PASS: &[&str] = &["ask", "save", "pass", "leave", "give", "show", "forward", "send", "get"];

/// The people it is handed to, after "my" or "the" within a few words of the verb.
const OTHERS: &[&str] = &[
    "cousin", "brother", "sister", "husband", "wife", "son", "daughter", "mum", "mom", "dad", "partner", "solicitor",
    "lawyer", "lawyers", "family", "friend", "boyfriend", "girlfriend", "uncle", "aunt", "auntie", "auntie's", "neighbour",
    "granddaughter", "grandson", "nephew", "niece",
];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    (c.after_miss && c.n.len() <= 20 && passes_on(&c.n.words) && c.n.first_of(super::TAKES_UP_STRONG).is_none())
        .then_some(MarkerSubtype::DeferentialAgreement)
}

/// "I'll" or "I will" (chat's "ill" too), a verb of [`PASS`], "my" or "the" and one of [`OTHERS`] within the next five
/// words, and the help itself named as the thing passed ("that", "these things"): "I'll ask my mum" after a reply that
/// suggested talking to her takes the help up.
fn passes_on(w: &[String]) -> bool {
    const THE_HELP: &[&str] = &["it", "that", "this", "these", "those", "them", "things"];
    (0..w.len()).any(|i| {
        let verb_at = match w[i].as_str() {
            "i'll" | "ill" => i + 1,
            "i" if w.get(i + 1).is_some_and(|x| x == "will") => i + 2,
            _ => return false,
        };
        let after: Vec<&String> = w[(verb_at + 1).min(w.len())..].iter().take(6).collect();
        // ("get" only as getting someone to do it: "I will get my daughter to the appointment" takes her there)
        const DO: &[&str] = &["look", "read", "check", "sort", "help", "go", "deal", "see", "handle", "fill"];
        let got_to = |v: &str| v != "get" || after.windows(4).any(|x| matches!(x[0].as_str(), "my" | "the") && x[2] == "to" && DO.contains(&x[3].as_str()));
        w.get(verb_at).is_some_and(|v| PASS.contains(&v.as_str()) && got_to(v))
            && after.windows(2).any(|p| matches!(p[0].as_str(), "my" | "the") && OTHERS.contains(&p[1].as_str()))
            && after.iter().any(|x| THE_HELP.contains(&x.as_str()))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_help_handed_to_another_person() {
        let passes = |s: &str| super::passes_on(&crate::text::Norm::new(s).words);
        assert!(passes("Thank you. I will ask my cousin about these things."));
        assert!(passes("Thanks. I'll save that for my brother, he's the one doing all the forms."));
        assert!(passes("Fair enough. I'll leave it with the lawyers."));
        assert!(!passes("I'll ask about it on Monday."));
        assert!(passes("Thank you. That is a lot of information. I will get my granddaughter to look at it on Sunday."));
        assert!(!passes("I will get my daughter to the appointment, it's at ten."));
        assert!(!passes("My brother will ask the council."));
        assert!(!passes("I'll leave it there for today."));
        assert!(!passes("Yeah, I'll ask my mum tonight."));
    }
}
