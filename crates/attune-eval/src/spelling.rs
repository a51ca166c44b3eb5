//! The word list the judge's spelling mender reads (`attune_judge::spelling::mended`): how often each word is written
//! in the train splits (the mender's candidates), and the words of English dictionaries (known, so never "mended").

use attune_core::Session;
use std::collections::BTreeMap;

/// A corpus word written at least this often is known as it is.
pub const MIN_KNOWN: u64 = 3;

/// Lower-case ASCII words of the sessions' turns, with their counts. A word with an apostrophe inside ("don't") is not
/// counted: split there, its stem ("don") would be a frequent word a typing error could be "mended" to.
pub fn word_counts(sessions: &[Session]) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for t in sessions.iter().flat_map(|s| &s.turns) {
        for w in t.text.split(|c: char| !(c.is_ascii_alphabetic() || c == '\'' || c == '’')) {
            let w = w.trim_matches(['\'', '’']);
            if !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphabetic()) {
                *counts.entry(w.to_ascii_lowercase()).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// The list as written to `models/attune-spelling-v1.txt`: a header, then `word count` lines in word order, with ` d`
/// after a dictionary word (never "mended", however often or rarely written): every corpus word written
/// [`MIN_KNOWN`] times or more, and every dictionary word of three letters or more (names included: "Dave" is no
/// typing error of "Have"). Dictionary entries with anything but ASCII letters are left out.
pub fn word_list(counts: &BTreeMap<String, u64>, dictionaries: &[String]) -> String {
    let mut all: BTreeMap<&str, (u64, bool)> = counts.iter().filter(|(_, c)| **c >= MIN_KNOWN).map(|(w, c)| (w.as_str(), (*c, false))).collect();
    let mut dict_words = Vec::new();
    for d in dictionaries {
        for w in d.lines().map(str::trim) {
            if w.len() >= 3 && w.bytes().all(|b| b.is_ascii_alphabetic()) {
                dict_words.push(w.to_ascii_lowercase());
            }
        }
    }
    for w in &dict_words {
        let c = counts.get(w).copied().unwrap_or(0);
        all.insert(w.as_str(), (c, true));
    }
    let mut out = String::from("#attune-spelling-v1 word count [d: a dictionary word] (SCOWL's words: see models/LICENSE-SCOWL.txt)\n");
    for (w, (c, dict)) in all {
        out.push_str(w);
        out.push(' ');
        out.push_str(&c.to_string());
        if dict {
            out.push_str(" d");
        }
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
        let list = word_list(&counts, &["Lorry\nlorry's\nox\n".to_string()]);
        assert!(list.contains("\nlike 6\n") && list.contains("\nlorry 0 d\n"), "{list}");
        assert_eq!(counts.get("don"), None);
        assert!(!list.contains("\nox ") && !list.contains("lorry's"), "{list}");
    }
}
