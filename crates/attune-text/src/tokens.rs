//! Tokenization shared by the coder and the empathy model: lower-cased words (with inner
//! apostrophes and hyphens kept) and the punctuation that carries meaning in talk (`?`, `!`, `.`).

/// Tokens of one text kept in a single reusable buffer (no allocation per token once warmed up).
#[derive(Debug, Default, Clone)]
pub struct Tokens {
    buf: String,
    /// Byte range of each token in `buf`.
    spans: Vec<(u32, u32)>,
}

impl Tokens {
    pub fn fill(&mut self, text: &str) {
        self.buf.clear();
        self.spans.clear();
        let mut start = 0usize;
        let mut in_word = false;
        let close = |buf: &mut String, spans: &mut Vec<(u32, u32)>, start: usize| {
            // Trim apostrophes and hyphens at the edges of a word ("'cause", "well-").
            let word = &buf[start..];
            let trimmed = word.trim_matches(|c| c == '\'' || c == '-');
            if trimmed.is_empty() {
                buf.truncate(start);
                return;
            }
            let lead = word.len() - word.trim_start_matches(|c| c == '\'' || c == '-').len();
            let (a, b) = (start + lead, start + lead + trimmed.len());
            if buf[a..b].bytes().all(|c| c.is_ascii_digit()) {
                buf.truncate(start);
                buf.push_str("<num>");
                spans.push((start as u32, buf.len() as u32));
            } else {
                spans.push((a as u32, b as u32));
            }
        };
        for ch in text.chars() {
            if ch.is_alphanumeric() {
                if !in_word {
                    start = self.buf.len();
                    in_word = true;
                }
                if ch.is_ascii() {
                    self.buf.push(ch.to_ascii_lowercase());
                } else {
                    for l in ch.to_lowercase() {
                        self.buf.push(l);
                    }
                }
            } else if (ch == '\'' || ch == '’' || ch == '-') && in_word {
                self.buf.push(if ch == '’' { '\'' } else { ch });
            } else {
                if in_word {
                    close(&mut self.buf, &mut self.spans, start);
                    in_word = false;
                }
                let p = match ch {
                    '?' => Some("?"),
                    '!' => Some("!"),
                    '.' | ';' => (self.last() != Some(".")).then_some("."),
                    _ => None,
                };
                if let Some(p) = p {
                    let a = self.buf.len();
                    self.buf.push_str(p);
                    self.spans.push((a as u32, self.buf.len() as u32));
                }
            }
        }
        if in_word {
            close(&mut self.buf, &mut self.spans, start);
        }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn get(&self, i: usize) -> &str {
        let (a, b) = self.spans[i];
        &self.buf[a as usize..b as usize]
    }

    pub fn last(&self) -> Option<&str> {
        self.spans
            .last()
            .map(|&(a, b)| &self.buf[a as usize..b as usize])
    }

    /// The tokens as string slices, into a reusable vector.
    pub fn slices<'a>(&'a self, out: &mut Vec<&'a str>) {
        out.clear();
        out.extend(
            self.spans
                .iter()
                .map(|&(a, b)| &self.buf[a as usize..b as usize]),
        );
    }
}

/// Token ranges of the sentences of a token sequence: each ends after a `.`, `?` or `!` token.
pub fn token_sentences(t: &[&str], out: &mut Vec<(usize, usize)>) {
    out.clear();
    let mut start = 0;
    for (i, w) in t.iter().enumerate() {
        if matches!(*w, "." | "?" | "!") {
            if i > start {
                out.push((start, i + 1));
            }
            start = i + 1;
        }
    }
    if start < t.len() {
        out.push((start, t.len()));
    }
}

/// Splits a turn into sentences after `.`, `?`, `!` (with closing quotes or brackets) or a line break,
/// when followed by white space or the end, so "3.5" and "e.g." inside a word stay whole.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'.' || c == b'!' || c == b'?' || c == b'\n' {
            let mut j = i + 1;
            // closing quotes and brackets stay with the sentence, and so does markdown's emphasis: a chatbot's
            // "**Allow yourself to grieve.** **Create a memorial.**" is two sentences
            while j < b.len()
                && matches!(
                    b[j],
                    b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | b'*' | b'_' | b'`'
                )
            {
                j += 1;
            }
            // only split when followed by whitespace or end (so "3.5" and "e.g." mid-word stay)
            if j >= b.len() || b[j].is_ascii_whitespace() {
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

    /// Lower-cased words and the punctuation that carries meaning (allocating form, for tests and tools).
    fn tokenize(text: &str, out: &mut Vec<String>) {
        let mut tk = Tokens::default();
        tk.fill(text);
        out.clear();
        out.extend((0..tk.len()).map(|i| tk.get(i).to_string()));
    }

    fn tokenize_reference(text: &str, out: &mut Vec<String>) {
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

    #[test]
    fn words_and_punctuation() {
        let mut v = vec![];
        tokenize("So, you're feeling STUCK? Mm-hmm... 12 times!", &mut v);
        assert_eq!(
            v,
            [
                "so", "you're", "feeling", "stuck", "?", "mm-hmm", ".", "<num>", "times", "!"
            ]
        );
    }

    #[test]
    fn splits_sentences() {
        assert_eq!(
            sentences("I hear you. What happened next? Okay"),
            ["I hear you.", "What happened next?", "Okay"]
        );
        assert_eq!(sentences("It's 3.5 mg."), ["It's 3.5 mg."]);
        // markdown emphasis closes with its sentence (chatbots write lists this way)
        assert_eq!(
            sentences("Try this: **Allow yourself to grieve.** **Create a memorial.**"),
            [
                "Try this: **Allow yourself to grieve.**",
                "**Create a memorial.**"
            ]
        );
    }

    proptest! {
        #[test]
        fn never_panics_and_matches_the_reference(s in "\\PC{0,200}") {
            let mut v = vec![];
            tokenize(&s, &mut v);
            let mut r = vec![];
            tokenize_reference(&s, &mut r);
            prop_assert_eq!(v, r);
            let _ = sentences(&s);
        }
    }
}
