//! The word list the judge's spelling mender reads (`attune_judge::spelling::mended`): how often each word is written
//! in the train splits (the mender's candidates), and the words of English dictionaries (known, so never "mended").

use attune_core::Session;
use std::collections::BTreeMap;

/// A corpus word written at least this often is known as it is.
pub const MIN_KNOWN: u64 = 3;

/// Lower-case ASCII words of the sessions' turns (runs of letters; "don't" is "don" and "t"), with their counts.
pub fn word_counts(sessions: &[Session]) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for t in sessions.iter().flat_map(|s| &s.turns) {
        for w in t.text.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()) {
            *counts.entry(w.to_ascii_lowercase()).or_insert(0) += 1;
        }
    }
    counts
}

/// The list as written to `models/attune-spelling-v1.txt`: a header, then `word count` lines in word order: every
/// corpus word written [`MIN_KNOWN`] times or more, and every dictionary word of three letters or more that is not
/// (count 0: known, never a candidate). Dictionary entries with anything but ASCII letters are left out.
pub fn word_list(counts: &BTreeMap<String, u64>, dictionaries: &[String]) -> String {
    let mut all: BTreeMap<&str, u64> = counts.iter().filter(|(_, c)| **c >= MIN_KNOWN).map(|(w, c)| (w.as_str(), *c)).collect();
    let mut dict_words = Vec::new();
    for d in dictionaries {
        for w in d.lines().map(str::trim) {
            if w.len() >= 3 && w.bytes().all(|b| b.is_ascii_alphabetic()) {
                dict_words.push(w.to_ascii_lowercase());
            }
        }
    }
    for w in &dict_words {
        all.entry(w.as_str()).or_insert(0);
    }
    let mut out = String::from("#attune-spelling-v1 word count (count 0: a dictionary word the train splits do not hold)\n");
    for (w, c) in all {
        out.push_str(w);
        out.push(' ');
        out.push_str(&c.to_string());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use attune_core::{Role, Turn};

    #[test]
    fn counts_words_and_keeps_dictionary_words() {
        let mut s = Session::new("t");
        for _ in 0..3 {
            s.turns.push(Turn::new(Role::Client, "c", "I don't like it, like it"));
        }
        let counts = word_counts(&[s]);
        assert_eq!(counts.get("like"), Some(&6));
        assert_eq!(counts.get("don"), Some(&3));
        let list = word_list(&counts, &["Lorry\nlorry's\nox\n".to_string()]);
        assert!(list.contains("\nlike 6\n") && list.contains("\nlorry 0\n"), "{list}");
        assert!(!list.contains("\nox ") && !list.contains("lorry's"), "{list}");
    }
}
