//! The listener's own word put in quotes and denied, or a whole sentence of theirs quoted back after a miss to answer it, ("My dad died when I was twelve and Mum couldn't drive. Somebody had
//! to do the shopping. It wasn't a 'need'. It was Tesco." after "I'm wondering whether there's something a bit
//! compulsive in it too, a need to…"; fresh54, read once at the twenty-eighth session's end): quoting the word back to
//! deny it rejects the reading, wherever in the turn it comes (the correction marker reads only a turn that opens by
//! denying).
use super::MarkerCtx;
use crate::text::Norm;
use crate::types::MarkerSubtype;

const NEGATIONS: &[&str] = &["not", "isn't", "wasn't", "aren't", "weren't", "never", "isnt", "wasnt", "no", "don't", "dont", "doesn't", "didn't"];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // (or a whole sentence of the listener's, after a miss, quoted back as the turn's opening to answer it: '"She won't
    // remember the move by Tuesday." She might not. I will.' to a forum reply about a mother's move to a care home;
    // sessions fresh87, studied from the forty-seventh session's start)
    // (not the listener's words taken up with thanks or as help: "'i just wanted u to know before tomorrow' ok that i can
    // say… thank u", "'You're not alone in this.' That meant a lot.")
    let thrown_back = || {
        c.after_miss
            && !c.n.words.iter().any(|w| matches!(w.as_str(), "thank" | "thanks" | "ty" | "cheers"))
            && c.n.first_of(super::TAKES_UP_STRONG).is_none()
            && c.sentences().first().is_some_and(|(s, _)| quotes_listener(s, &c.th.norm, 5..=40))
    };
    (c.sentences().iter().any(|(s, n)| n.words.iter().any(|w| NEGATIONS.contains(&w.as_str())) && quotes_listener(s, &c.th.norm, 1..=4)) || thrown_back())
        .then_some(MarkerSubtype::PushingBack)
}

/// A phrase of `words` words inside quotation marks, every word of which the listener's turn used.
pub(super) fn quotes_listener(s: &str, listener: &Norm, words: std::ops::RangeInclusive<usize>) -> bool {
    const MARKS: &[(char, char)] = &[('\'', '\''), ('"', '"'), ('‘', '’'), ('“', '”')];
    let word_char = |ch: Option<char>| ch.is_some_and(|ch| ch.is_alphanumeric());
    MARKS.iter().any(|&(open, close)| {
        // an opening mark starts a word and a closing one ends it, so an apostrophe inside a word ("wasn't") is neither
        let mut opens = s.char_indices().filter(|&(i, ch)| ch == open && !word_char(s[..i].chars().next_back()) && word_char(s[i + ch.len_utf8()..].chars().next()));
        opens.any(|(a, _)| {
            let body = &s[a + open.len_utf8()..];
            // (a quoted sentence keeps its full stop inside the marks: "'temporary separation is fairly common.'")
            let ends_quote = |ch: Option<char>| word_char(ch) || matches!(ch, Some('.' | ',' | '!' | '?'));
            let Some((b, _)) = body.char_indices().find(|&(i, ch)| ch == close && ends_quote(body[..i].chars().next_back()) && !word_char(body[i + ch.len_utf8()..].chars().next())) else {
                return false;
            };
            let quoted = Norm::new(&body[..b]);
            words.contains(&quoted.words.len()) && quoted.words.iter().all(|w| listener.has(w))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listener_word_in_quotes_is_found_and_an_apostrophe_is_not() {
        let th = Norm::new("I'm wondering whether there's something a bit compulsive in it too, a need to look after everyone.");
        assert!(quotes_listener("It wasn't a 'need'.", &th, 1..=4));
        assert!(quotes_listener("It wasn't a “need”.", &th, 1..=4));
        assert!(!quotes_listener("It wasn't a 'habit'.", &th, 1..=4));
        assert!(!quotes_listener("It wasn't my need, I didn't want it.", &th, 1..=4));
    }
}
