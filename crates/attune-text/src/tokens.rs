//! Tokenization shared by the coder and the empathy model: lower-cased words (with inner
//! apostrophes and hyphens kept) and the punctuation that carries meaning in talk (`?`, `!`, `.`).

/// A token borrowed from a normalized (lower-cased) copy of the text.
pub fn tokenize(text: &str, out: &mut Vec<String>) {
    out.clear();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        if !cur.is_empty() {
            let t = cur.trim_matches(|c| c == '\'' || c == '-');
            if !t.is_empty() {
                out.push(normalize_word(t));
            }
            cur.clear();
        }
    };
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            for l in ch.to_lowercase() {
                cur.push(l);
            }
        } else if (ch == '\'' || ch == '’' || ch == '-') && !cur.is_empty() {
            cur.push(if ch == '’' { '\'' } else { ch });
        } else {
            flush(&mut cur, out);
            match ch {
                '?' => out.push("?".into()),
                '!' => out.push("!".into()),
                '.' | ';' => {
                    if out.last().map(|s| s.as_str()) != Some(".") {
                        out.push(".".into())
                    }
                }
                _ => {}
            }
        }
    }
    flush(&mut cur, out);
}

/// Folds spelling variants that carry the same function ("gonna" → "going to" is left alone,
/// but digits collapse so that numbers generalize).
fn normalize_word(w: &str) -> String {
    if w.chars().all(|c| c.is_ascii_digit()) {
        return "<num>".into();
    }
    w.to_string()
}

/// Splits a turn into sentences at `.`, `?`, `!` followed by a space and a capital or the end.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'.' || b == b'?' || b == b'!' {
            let mut j = i + 1;
            while j < bytes.len() && (bytes[j] == b'.' || bytes[j] == b'?' || bytes[j] == b'!' || bytes[j] == b'"') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b' ' {
                let s = text[start..j].trim();
                if !s.is_empty() {
                    out.push(s);
                }
                start = j;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    let s = text[start..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn words_and_punctuation() {
        let mut v = vec![];
        tokenize("So, you're feeling STUCK? Mm-hmm... 12 times!", &mut v);
        assert_eq!(v, ["so", "you're", "feeling", "stuck", "?", "mm-hmm", ".", "<num>", "times", "!"]);
    }

    #[test]
    fn splits_sentences() {
        assert_eq!(sentences("I hear you. What happened next? Okay"), ["I hear you.", "What happened next?", "Okay"]);
        assert_eq!(sentences("It's 3.5 mg."), ["It's 3.5 mg."]);
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,200}") {
            let mut v = vec![];
            tokenize(&s, &mut v);
            let _ = sentences(&s);
        }
    }
}
