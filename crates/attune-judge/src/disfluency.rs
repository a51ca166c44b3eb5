//! The judge reads a spoken reply through its disfluencies. Hesitations ("um", "uh", "mm") and sentences that are
//! nothing but a back-channel ("Right, okay.", "Mm.") say nothing about whether the reply meets the client, yet they
//! are common in transcribed speech and rare in writing, so a model that sees them learns the register instead of the
//! move: "Right, okay. That sounds really frightening. So, um, one thing we could look at is a taper plan…" was read
//! as attuned because "so um" and "um …?" carried attuned weight, while the same words without them were read as a
//! fix. The cleaned text keeps every other word and the sentence punctuation.

use std::borrow::Cow;

/// Pure hesitations, dropped wherever they stand.
const HESITATIONS: &[&str] = &["um", "umm", "uh", "uhh", "uhm", "er", "erm", "hm", "hmm", "hmmm", "mm", "mmm", "mhm", "mm-hmm", "mmhmm", "ah"];

/// Words a sentence of pure back-channel is made of ("Right, okay.", "Mm. Yeah.", "Okay, so.").
const BACKCHANNEL: &[&str] = &["right", "okay", "ok", "yeah", "yes", "yep", "so", "well", "sure", "alright", "i", "see", "uh-huh", "oh"];

/// The word inside a token, without the punctuation around it.
fn core(token: &str) -> &str {
    token.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-').trim_matches('-')
}

fn is_in(list: &[&str], token: &str) -> bool {
    let c = core(token);
    list.iter().any(|w| w.eq_ignore_ascii_case(c))
}

/// The reply with its hesitations and its back-channel-only sentences taken out; borrowed unchanged when it has none.
/// A reply that is nothing but back-channel is returned as it is.
pub fn clean(text: &str) -> Cow<'_, str> {
    clean_with(text, true)
}

/// The reply with its hesitations taken out and every sentence kept (its words, as against its structure).
pub fn without_hesitations(text: &str) -> Cow<'_, str> {
    clean_with(text, false)
}

fn clean_with(text: &str, drop_backchannel: bool) -> Cow<'_, str> {
    // most replies have neither a hesitation nor a sentence of back-channel alone: read them once, copy nothing
    let hesitates = text.split_whitespace().any(|t| is_in(HESITATIONS, t));
    let bare_backchannel = || attune_text::tokens::sentences(text).iter().any(|s| is_backchannel(s));
    if !hesitates && !(drop_backchannel && bare_backchannel()) {
        return Cow::Borrowed(text);
    }
    // line by line, so that a reply's lines (a list, paragraphs) stay lines
    let mut lines: Vec<String> = Vec::new();
    for line in text.split('\n') {
        let mut kept: Vec<String> = Vec::new();
        for sent in attune_text::tokens::sentences(line) {
            let mut words: Vec<String> = Vec::new();
            let mut opened_on_hesitation = false;
            for tok in sent.split_whitespace() {
                if is_in(HESITATIONS, tok) {
                    opened_on_hesitation |= words.is_empty();
                    // keep the sentence's end when the hesitation carried it ("…a quarter, um.")
                    if let Some(end) = tok.chars().last().filter(|ch| matches!(ch, '.' | '?' | '!'))
                        && let Some(last) = words.last_mut()
                    {
                        last.push(end);
                    }
                    continue;
                }
                words.push(tok.to_string());
            }
            let s = words.join(" ");
            if s.is_empty() || (drop_backchannel && is_backchannel(&s)) {
                continue;
            }
            // a dash or comma left by a dropped opening hesitation ("Mm — that sounds hard" -> "— that sounds hard")
            kept.push(if opened_on_hesitation { s.trim_start_matches([',', ';', '-', '—', '–', ' ']).to_string() } else { s });
        }
        lines.push(kept.join(" "));
    }
    let joined = lines.join("\n");
    if joined.trim().is_empty() {
        return Cow::Borrowed(text);
    }
    if joined == text { Cow::Borrowed(text) } else { Cow::Owned(joined) }
}

/// A sentence of at most four words, every one a back-channel word or a hesitation ("Right, okay.", "Mm. Yeah.").
fn is_backchannel(sentence: &str) -> bool {
    let n = sentence.split_whitespace().count();
    n > 0 && n <= 4 && sentence.split_whitespace().all(|t| is_in(BACKCHANNEL, t) || is_in(HESITATIONS, t))
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn hesitations_and_backchannel_sentences_go_and_the_rest_stays() {
        assert_eq!(clean("Right, okay. That sounds really frightening. So, um, one thing we could try is a plan."), "That sounds really frightening. So, one thing we could try is a plan.");
        assert_eq!(clean("Mm, that sounds really hard."), "that sounds really hard.");
        assert_eq!(clean("Mm — that sounds really hard."), "that sounds really hard.");
        assert_eq!(clean("Um. Forty minutes, yeah, that's a lot."), "Forty minutes, yeah, that's a lot.");
        // written replies are untouched, and so is a reply that is only a back-channel
        assert_eq!(clean("That sounds really hard. What happened next?"), "That sounds really hard. What happened next?");
        assert_eq!(clean("Mm-hmm."), "Mm-hmm.");
        assert_eq!(clean("Okay. Yeah."), "Okay. Yeah.");
        // "so" and "well" inside a sentence with content are kept
        assert_eq!(clean("Well, you did what you could."), "Well, you did what you could.");
        // a list keeps its lines
        assert_eq!(clean("Um, a few ideas:\n- sleep\n- walk"), "a few ideas:\n- sleep\n- walk");
    }

    proptest::proptest! {
        // any text, odd bytes and empty lines included: no panic, no word added, lines kept
        #[test]
        fn cleaning_only_removes_words(text in "(?s)[a-zA-Z \n.,?!'\u{2014}-]{0,80}|(um|mm|uh|okay|right|so|yeah|[a-z]{1,6})([ .,?!\n]{1,2}(um|mm|uh|okay|right|so|yeah|[a-z]{1,6})){0,12}") {
            for out in [clean(&text), super::without_hesitations(&text)] {
                proptest::prop_assert!(out.split_whitespace().count() <= text.split_whitespace().count());
                proptest::prop_assert!(out.lines().count() <= text.lines().count().max(1));
            }
        }
    }
}
