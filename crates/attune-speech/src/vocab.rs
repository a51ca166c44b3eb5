//! Whisper's vocabulary (`vocabulary.txt`: one GPT-2 byte-level BPE token per line, in id order, then the
//! special tokens) and the ids of the special tokens the decoder needs, found by name so the English-only
//! and multilingual vocabularies both work.

/// Ids of Whisper's special tokens in one vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Specials {
    pub eot: u32,
    pub sot: u32,
    pub sot_prev: u32,
    pub no_speech: u32,
    pub no_timestamps: u32,
    pub transcribe: u32,
    pub translate: u32,
    pub sot_lm: u32,
    /// `<|0.00|>`; every later id is 0.02 s more.
    pub timestamp_begin: u32,
    /// Language tokens (`<|en|>`, …) with their codes.
    pub languages: Vec<(String, u32)>,
    pub multilingual: bool,
}

pub struct Vocab {
    tokens: Vec<String>,
    pub specials: Specials,
    /// GPT-2's printable stand-ins for bytes, inverted: char → byte.
    byte_of: std::collections::HashMap<char, u8>,
}

/// GPT-2's reversible byte ↔ printable-character table.
fn bytes_to_unicode() -> Vec<(u8, char)> {
    let mut keep: Vec<u32> = (b'!' as u32..=b'~' as u32).chain(0xA1..=0xAC).chain(0xAE..=0xFF).collect();
    let mut chars = keep.clone();
    let mut n = 0;
    for b in 0..256u32 {
        if !keep.contains(&b) {
            keep.push(b);
            chars.push(256 + n);
            n += 1;
        }
    }
    keep.into_iter().zip(chars).map(|(b, c)| (b as u8, char::from_u32(c).unwrap_or('?'))).collect()
}

impl Vocab {
    pub fn parse(text: &str) -> Result<Vocab, String> {
        let tokens: Vec<String> = text.lines().map(|l| l.to_string()).collect();
        let find = |name: &str| tokens.iter().position(|t| t == name).map(|i| i as u32);
        let need = |name: &str| find(name).ok_or_else(|| format!("the vocabulary has no {name}"));
        let no_timestamps = need("<|notimestamps|>")?;
        let languages: Vec<(String, u32)> = tokens
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let code = t.strip_prefix("<|")?.strip_suffix("|>")?;
                (code.len() <= 3 && code.chars().all(|c| c.is_ascii_lowercase())).then(|| (code.to_string(), i as u32))
            })
            .collect();
        let specials = Specials {
            eot: need("<|endoftext|>")?,
            sot: need("<|startoftranscript|>")?,
            sot_prev: need("<|startofprev|>")?,
            no_speech: find("<|nospeech|>").or_else(|| find("<|nocaptions|>")).ok_or("the vocabulary has no <|nospeech|>")?,
            no_timestamps,
            transcribe: need("<|transcribe|>")?,
            translate: need("<|translate|>")?,
            sot_lm: need("<|startoflm|>")?,
            timestamp_begin: need("<|0.00|>").unwrap_or(no_timestamps + 1),
            multilingual: tokens.len() >= 51865,
            languages,
        };
        let byte_of = bytes_to_unicode().into_iter().map(|(b, c)| (c, b)).collect();
        Ok(Vocab { tokens, specials, byte_of })
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    pub fn token(&self, id: u32) -> Option<&str> {
        self.tokens.get(id as usize).map(|s| s.as_str())
    }

    /// The text of text tokens (ids below `<|endoftext|>`; others are skipped), bytes decoded as UTF-8 with
    /// invalid sequences replaced.
    pub fn decode(&self, ids: &[u32]) -> String {
        let mut bytes = Vec::new();
        for &id in ids {
            if id >= self.specials.eot {
                continue;
            }
            if let Some(t) = self.token(id) {
                bytes.extend(t.chars().filter_map(|c| self.byte_of.get(&c)));
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_table_is_a_bijection() {
        let t = bytes_to_unicode();
        assert_eq!(t.len(), 256);
        let mut cs: Vec<char> = t.iter().map(|p| p.1).collect();
        cs.sort();
        cs.dedup();
        assert_eq!(cs.len(), 256);
        assert!(t.contains(&(b' ', 'Ġ')));
    }

    #[test]
    fn decodes_byte_level_tokens_and_finds_specials() {
        let mut v: Vec<String> = vec!["Hello".into(), "Ġworld".into(), "Ã©".into()];
        for s in ["<|endoftext|>", "<|startoftranscript|>", "<|en|>", "<|translate|>", "<|transcribe|>", "<|startoflm|>", "<|startofprev|>", "<|nocaptions|>", "<|notimestamps|>"] {
            v.push(s.into());
        }
        let voc = Vocab::parse(&v.join("\n")).unwrap();
        assert_eq!(voc.decode(&[0, 1, 2, 3]), "Hello worldé");
        assert_eq!(voc.specials.eot, 3);
        assert_eq!(voc.specials.timestamp_begin, 12);
        assert_eq!(voc.specials.languages, vec![("en".to_string(), 5)]);
        assert!(!voc.specials.multilingual);
        assert!(Vocab::parse("a\nb").err().unwrap().contains("notimestamps"));
    }
}
