//! Where sentences end in text typed without punctuation.
//!
//! Chat writers often type a whole reply without a full stop ("ugh that sounds so hard is there anyone at work who
//! gets it"), and everything that reads sentences (a reply's opening, its closing question, advice per sentence)
//! then reads one long sentence. A small logistic model says after which words a sentence ended; [`restore`] puts a
//! full stop there. It was trained on the train splits' turns with their punctuation taken away (half of them in
//! lower case instead), so it reads the words and, where the writer uses capitals, the capitals.

use crate::features::hash_parts;
use crate::linear::Head;
use std::borrow::Cow;
use std::sync::LazyLock;

static BUNDLED: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/attune-segment-v1.bin"
));

static BUNDLED_MODEL: LazyLock<Result<Segmenter, String>> = LazyLock::new(|| Segmenter::from_bytes(BUNDLED));

const MAGIC: &[u8; 8] = b"ATSEG01\n";

/// The model shipped with this build.
pub fn bundled() -> Result<&'static Segmenter, &'static str> {
    BUNDLED_MODEL.as_ref().map_err(|e| e.as_str())
}

/// The marks a writer may leave out; words are read without them, so a reply reads the same with or without them.
const MARKS: [char; 6] = ['.', ',', ';', ':', '!', '?'];

/// A token without [`MARKS`], in lower case, its quotes, brackets and emoji kept (`"Okay."` → `"okay"`); empty for a
/// mark alone.
pub fn bare(token: &str) -> String {
    token.chars().filter(|c| !MARKS.contains(c)).flat_map(char::to_lowercase).collect()
}

/// Short words that end in a full stop without ending a sentence.
const ABBREVIATIONS: [&str; 10] = ["mr", "mrs", "ms", "dr", "st", "vs", "etc", "eg", "ie", "approx"];

/// Whether a token, as written, ends its sentence: it ends in `.`, `!` or `?` (maybe inside closing quotes or
/// brackets) and is not an abbreviation.
pub fn ends_sentence(token: &str) -> bool {
    let t = token.trim_end_matches(['"', '\'', ')', '’', '”', '*', '_']);
    t.ends_with(['.', '!', '?']) && !ABBREVIATIONS.contains(&bare(t).as_str())
}

/// A run of this many words or more without a sentence end is read for the ends it left out.
pub const MIN_RUN: usize = 8;

/// The model: one two-class head over the words around a gap, and the probability above which a sentence ends.
pub struct Segmenter {
    pub id: String,
    head: Head,
    pub threshold: f32,
}

/// The features of the gap after word `i` of `words` (bare, lower case) in a line; `caps[j]` tells whether word `j`
/// was written with a capital, `cased` whether the writer uses capitals at all, `since` how many words the
/// sentence has so far.
pub fn gap_features(words: &[String], caps: &[bool], cased: bool, i: usize, since: usize, out: &mut Vec<(u64, f32)>) {
    out.clear();
    let w = |j: isize| -> &str {
        if j < 0 {
            "^"
        } else {
            words.get(j as usize).map_or("$", String::as_str)
        }
    };
    let i = i as isize;
    let (p, a, b, n) = (w(i - 1), w(i), w(i + 1), w(i + 2));
    let mut emit = |parts: &[&str]| out.push((hash_parts(parts), 1.0));
    emit(&["bias"]);
    emit(&["a", a]);
    emit(&["b", b]);
    emit(&["p", p]);
    emit(&["n", n]);
    emit(&["pa", p, a]);
    emit(&["ab", a, b]);
    emit(&["bn", b, n]);
    emit(&["pab", p, a, b]);
    emit(&["abn", a, b, n]);
    // a capital after a word is a sentence's first word, unless it is "I" or a name: the word itself tells which
    let next_cap = caps.get(i as usize + 1).copied().unwrap_or(false);
    if cased && !is_i(b) {
        if next_cap {
            emit(&["cap"]);
            emit(&["capb", b]);
        } else {
            emit(&["lowb"]);
        }
    }
    const SINCE: [&str; 8] = ["1", "2", "3", "4", "5-6", "7-9", "10-14", "15+"];
    let s = match since {
        0..=1 => 0,
        2 => 1,
        3 => 2,
        4 => 3,
        5..=6 => 4,
        7..=9 => 5,
        10..=14 => 6,
        _ => 7,
    };
    emit(&["since", SINCE[s]]);
    let left = words.len().saturating_sub(i as usize + 1);
    emit(&["left", ["0", "1", "2", "3", "4+"][left.min(4)]]);
    emit(&["sinceb", SINCE[s], b]);
}

/// A line read without its marks, as the model is trained and used alike.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct LineWords {
    /// Each word's [`bare`] form; tokens that are only marks are left out.
    pub words: Vec<String>,
    /// Whether the word starts with a capital.
    pub caps: Vec<bool>,
    /// The word's byte span in the line (a full stop goes right after it).
    pub spans: Vec<(usize, usize)>,
    /// Whether its writer ended a sentence after it: its own mark, or a mark typed alone after it ("you ?").
    pub written: Vec<bool>,
}

/// Whether the writer of `text` uses capitals to start sentences: some word after a line's first, other than "I",
/// starts with one. A phone capitalizes a line's first word and "I" for its writer, so those alone tell nothing.
pub fn writes_capitals(text: &str) -> bool {
    text.lines().any(|l| {
        let lw = line_words(l);
        lw.caps.iter().zip(&lw.words).skip(1).any(|(&cap, w)| cap && !is_i(w))
    })
}

fn is_i(w: &str) -> bool {
    w == "i" || w.starts_with("i'") || w.starts_with("i’")
}

/// The words of a line (see [`LineWords`]).
pub fn line_words(line: &str) -> LineWords {
    let mut lw = LineWords::default();
    let mut pos = 0;
    for tok in line.split_whitespace() {
        let start = pos + line[pos..].find(tok).unwrap_or(0);
        let end = start + tok.len();
        pos = end;
        let b = bare(tok);
        if b.is_empty() {
            if ends_sentence(tok) {
                if let Some(w) = lw.written.last_mut() {
                    *w = true;
                }
            }
            continue;
        }
        lw.words.push(b);
        lw.caps.push(tok.trim_start_matches(|c: char| !c.is_alphanumeric()).starts_with(|c: char| c.is_uppercase()));
        lw.spans.push((start, end));
        lw.written.push(ends_sentence(tok));
    }
    lw
}

impl Segmenter {
    pub fn new(head: Head, threshold: f32) -> Segmenter {
        let mut s = Segmenter { id: String::new(), head, threshold };
        let bytes = s.to_bytes();
        s.id = format!("attune-segment-v1:{:08x}", crate::coder::fnv32(&bytes));
        s
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&self.threshold.to_le_bytes());
        self.head.write(&mut out);
        out
    }

    pub fn from_bytes(buf: &[u8]) -> Result<Segmenter, String> {
        if buf.len() < MAGIC.len() + 4 || &buf[..MAGIC.len()] != MAGIC {
            return Err("not an attune sentence-end model (run `attune train --only segment`)".into());
        }
        let mut pos = MAGIC.len();
        let threshold = f32::from_le_bytes([buf[pos], buf[pos + 1], buf[pos + 2], buf[pos + 3]]);
        if !(threshold > 0.0 && threshold < 1.0) {
            return Err(format!("sentence-end model: threshold {threshold} is not a probability"));
        }
        pos += 4;
        let head = Head::read(buf, &mut pos)?;
        if head.n_classes() != 2 {
            return Err(format!("sentence-end model: {} classes, expected 2", head.n_classes()));
        }
        if pos != buf.len() {
            return Err(format!("sentence-end model: {} bytes after the model", buf.len() - pos));
        }
        Ok(Segmenter { id: format!("attune-segment-v1:{:08x}", crate::coder::fnv32(buf)), head, threshold })
    }

    /// Probability that a sentence ends at the gap whose [`gap_features`] these are.
    pub fn p_end(&self, feats: &[(u64, f32)], scratch: &mut Vec<f32>) -> f32 {
        self.head.predict(feats, scratch);
        scratch[1]
    }

    /// The words after which a sentence ends in a line, as indices into [`line_words`]'s words, read left to right
    /// (a sentence's length so far is what was decided before). Ends the writer typed are kept; only runs of
    /// [`MIN_RUN`] words or more without one are read. `caps` and `written_end` are as long as `words`.
    pub fn ends(&self, words: &[String], caps: &[bool], written_end: &[bool], cased: bool) -> Vec<usize> {
        assert!(caps.len() == words.len() && written_end.len() == words.len(), "one capital and one end per word");
        let mut out = Vec::new();
        let (mut feats, mut scratch) = (Vec::new(), Vec::new());
        let mut run_start = 0;
        let n = words.len();
        for i in 0..n {
            if !written_end[i] && i + 1 < n {
                continue;
            }
            // words run_start..=i form a run with no end typed inside it
            if i + 1 - run_start >= MIN_RUN {
                let mut since = 0;
                for j in run_start..i {
                    since += 1;
                    gap_features(words, caps, cased, j, since, &mut feats);
                    if self.p_end(&feats, &mut scratch) > self.threshold {
                        out.push(j);
                        since = 0;
                    }
                }
            }
            run_start = i + 1;
        }
        out
    }
}

/// The text with a full stop after each word where the bundled model reads a sentence end the writer left out;
/// borrowed when there is none (or no model).
pub fn restore(text: &str) -> Cow<'_, str> {
    match bundled() {
        Ok(m) => restore_with(m, text),
        Err(_) => Cow::Borrowed(text),
    }
}

/// [`crate::tokens::sentences`] of the text, split also where the bundled model reads a sentence end the writer left
/// out; each a slice of the text as typed (a quote stays the writer's own).
pub fn sentences(text: &str) -> Vec<&str> {
    let ends = bundled().map(|m| left_out_ends(m, text)).unwrap_or_default();
    crate::tokens::sentences_with_breaks(text, &ends)
}

/// [`restore`] with a given model.
pub fn restore_with<'a>(m: &Segmenter, text: &'a str) -> Cow<'a, str> {
    let inserts = left_out_ends(m, text);
    if inserts.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + inserts.len());
    let mut last = 0;
    for at in inserts {
        out.push_str(&text[last..at]);
        out.push('.');
        last = at;
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

/// The byte offsets, in order, right after each word where `m` reads a sentence end the writer left out.
pub fn left_out_ends(m: &Segmenter, text: &str) -> Vec<usize> {
    // most replies are punctuated: no long run, nothing to read (as `line_words` counts words and ends, without
    // building them: every turn of a session passes here)
    let long_run = |line: &str| {
        let mut run = 0;
        for tok in line.split_whitespace() {
            if tok.chars().any(|c| !MARKS.contains(&c)) {
                run += 1;
                if run >= MIN_RUN {
                    return true;
                }
            }
            if ends_sentence(tok) {
                run = 0;
            }
        }
        false
    };
    // a writer who types full stops or commas inside a line chose where (or whether) a sentence ends: a long run
    // between them is a long sentence ("i know you said it's fine, but i keep wondering whether…"), and the words
    // alone would cut it. A mark counts after a word ("fine,"), not in an emoticon (":)", ";-)")
    let punctuates = |line: &str| {
        let mut toks = line.split_whitespace().peekable();
        while let Some(t) = toks.next() {
            if toks.peek().is_none() {
                break;
            }
            let t = t.trim_end_matches(['"', '\'', ')', '’', '”', '*', '_']);
            let mut cs = t.chars().rev();
            if cs.next().is_some_and(|c| matches!(c, '.' | '!' | ',' | ';' | ':')) && cs.next().is_some_and(char::is_alphanumeric) {
                return true;
            }
        }
        false
    };
    if text.lines().any(punctuates) || !text.lines().any(long_run) {
        return Vec::new();
    }
    let cased = writes_capitals(text);
    let mut inserts: Vec<usize> = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let lw = line_words(line);
        for j in m.ends(&lw.words, &lw.caps, &lw.written, cased) {
            let (s, e) = lw.spans[j];
            // a token of ASCII marks alone (a dash, "&", ":)") or a dash or bullet takes no full stop ("Yes —." reads
            // as a typo); an emoji or a word does
            if !line[s..e].chars().all(|c| c.is_ascii_punctuation() || matches!(c, '–' | '—' | '•')) {
                inserts.push(offset + e);
            }
        }
        offset += line.len() + 1;
    }
    inserts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_words_and_written_ends() {
        assert_eq!(bare("Okay."), "okay");
        assert_eq!(bare("?"), "");
        assert!(ends_sentence("here.\""));
        assert!(ends_sentence("you?"));
        assert!(!ends_sentence("Dr."));
        assert!(!ends_sentence("e.g."));
        assert!(!ends_sentence("well,"));
    }

    #[test]
    fn words_keep_their_offsets() {
        let lw = line_words("So sorry , that is Hard ? ok");
        assert_eq!(lw.words, ["so", "sorry", "that", "is", "hard", "ok"]);
        assert_eq!(lw.caps, [true, false, false, false, true, false]);
        assert_eq!(lw.spans, [(0, 2), (3, 8), (11, 15), (16, 18), (19, 23), (26, 28)]);
        // a mark typed alone ends the word before it
        assert_eq!(lw.written, [false, false, false, false, true, false]);
    }


    #[test]
    fn bundled_model_loads() {
        let m = bundled().expect("models/attune-segment-v1.bin");
        assert!(m.threshold > 0.0 && m.threshold < 1.0);
    }

    #[test]
    fn punctuated_and_short_text_is_left_as_it_is() {
        for t in [
            "That sounds so hard. What happened?",
            "so sorry",
            "",
            "I hear you. It makes sense you feel that way.",
            "i hear u. that sounds so hard and i wonder whether anyone at work has noticed how much you carry every day",
        ] {
            assert!(matches!(restore(t), Cow::Borrowed(_)), "{t}");
        }
    }

    #[test]
    fn unpunctuated_replies_get_their_sentence_ends() {
        let r = restore("That sounds exhausting It makes sense that you are angry with him What happened when you told him?");
        assert_eq!(r, "That sounds exhausting. It makes sense that you are angry with him. What happened when you told him?");
        let r = restore("ugh that sounds so hard is there anyone at work who actually gets it");
        assert!(r.contains("hard. is there"), "{r}");
        // a name after a word is not a sentence's start
        let r = restore("I wonder what it was like to tell Tom about the job and then wait for him to answer");
        assert!(matches!(r, Cow::Borrowed(_)), "{r}");
    }

    #[test]
    fn sentences_are_slices_as_typed() {
        let t = "That sounds exhausting It makes sense that you are angry with him What happened when you told him?";
        assert_eq!(sentences(t), ["That sounds exhausting", "It makes sense that you are angry with him", "What happened when you told him?"]);
        assert_eq!(sentences("Okay. So what now?"), ["Okay.", "So what now?"]);
        // an end typed as a mark alone is the writer's: no run is read across it
        let t = "how are you ? i have been thinking about you all week and wondering how the move went";
        assert!(!sentences(t).iter().any(|s| *s == "?"), "{:?}", sentences(t));
    }

    #[test]
    fn capitals_a_phone_adds_do_not_make_a_writer_cased() {
        assert!(!writes_capitals("Hi there how are you"));
        assert!(!writes_capitals("i feel bad\nI cant sleep and I'm tired"));
        assert!(writes_capitals("i told Tom about it"));
        assert!(writes_capitals("it was late We left"));
        assert!(!writes_capitals(""));
    }

    #[test]
    fn emoticons_are_not_punctuation() {
        let t = "That sounds exhausting :) It makes sense that you are angry with him What happened when you told him?";
        assert!(sentences(t).len() >= 2, "{:?}", sentences(t));
    }

    #[test]
    fn any_text_restores_without_a_panic_and_keeps_its_words() {
        for t in ["a b c d e f g h i j k", "🙌 🙌 🙌 🙌 🙌 🙌 🙌 🙌 🙌", "x,,,, y:::: z ;;; w ... v !!! u ??? t s r q p", "é É é É é É é É é É", "one\u{a0}two three four five six seven eight nine\u{a0}Ten eleven twelve"] {
            let r = restore(t);
            let strip = |s: &str| s.chars().filter(|c| !MARKS.contains(c)).collect::<String>();
            assert_eq!(strip(&r), strip(t));
        }
    }

    proptest::proptest! {
        // the sentences and the restored text split at the same places (on one line: a line a few bytes under the
        // wrap width may wrap once its full stops are in), and the sentences are the text's own words
        #[test]
        fn sentences_and_restore_agree(text in "(?s)\\PC{0,80}|([A-Za-z]{1,7}[ ,?\n\u{a0}]{1,2}){0,30}") {
            let s = sentences(&text);
            if !text.contains('\n') {
                proptest::prop_assert_eq!(s.len(), crate::tokens::sentences(&restore(&text)).len());
            }
            let words = |t: &str| t.split_whitespace().map(String::from).collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(words(&s.join(" ")), words(&text));
        }
    }
}
