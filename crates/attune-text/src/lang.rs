//! Is a turn written in English? attune's models, lexicons and phrase lists are English only, so a turn in another
//! language gets codes that mean nothing ("Para una cita puedes llamar al …" read as affirm). The public written
//! data mixes a few Spanish sentences into English threads (MI gold's dev slice holds nine, eight of them coded
//! Other by its experts); a user's export may mix them too. This names the language by its function words, which
//! every sentence of some length holds and no topic changes.

/// Function words of each language that are not English words as well ("a", "in", "no", "me", "is", "die", "son"
/// are left out). Sorted, so that a repeat shows.
const PROFILES: [(&str, &[&str]); 6] = [
    (
        "Spanish",
        &[
            "algo", "aunque", "como", "con", "cuando", "cómo", "de", "del", "el", "ella", "ellos",
            "en", "es", "esa", "eso", "esta", "estar", "esto", "estoy", "está", "estás", "hay",
            "la", "las", "lo", "los", "mi", "muy", "más", "nos", "para", "pero", "por", "porque",
            "puedes", "que", "qué", "se", "ser", "si", "siempre", "sin", "su", "sus", "también",
            "te", "tengo", "tiene", "todo", "tu", "tú", "una", "usted", "y", "ya", "yo",
        ],
    ),
    (
        "French",
        &[
            "au", "aussi", "avec", "avoir", "ce", "cette", "dans", "des", "du", "elle", "est",
            "et", "je", "la", "les", "leur", "mais", "mes", "moi", "ne", "nous", "où", "pas",
            "peut", "pour", "qui", "quoi", "sont", "sur", "toi", "très", "tu", "un", "une", "vous",
            "à", "ça", "être",
        ],
    ),
    (
        "German",
        &[
            "auch", "auf", "aus", "bin", "bist", "das", "dass", "dein", "der", "dich", "dir", "du",
            "ein", "eine", "einen", "es", "für", "haben", "ich", "ist", "mein", "mich", "mir",
            "mit", "nicht", "noch", "oder", "sehr", "sich", "sie", "sind", "und", "uns", "von",
            "wenn", "wie", "wir", "zu",
        ],
    ),
    (
        "Portuguese",
        &[
            "com", "da", "das", "de", "dos", "ela", "ele", "em", "estou", "está", "eu", "isso",
            "mais", "mas", "meu", "minha", "muito", "não", "para", "por", "que", "se", "sua",
            "também", "tem", "uma", "você", "é",
        ],
    ),
    (
        "Italian",
        &[
            "anche", "che", "come", "con", "della", "di", "gli", "il", "io", "la", "lei", "lui",
            "ma", "mi", "mia", "mio", "molto", "non", "per", "perché", "più", "questo", "sei",
            "sono", "ti", "tu", "una", "è",
        ],
    ),
    (
        "Dutch",
        &[
            "als", "dat", "de", "een", "en", "het", "hij", "ik", "je", "jij", "maar", "met",
            "mijn", "niet", "ook", "op", "te", "van", "voor", "wat", "zij", "zijn",
        ],
    ),
];

/// English function words: a turn that holds as many of these is English with a foreign name or phrase in it
/// ("I went to the Museo del Prado with my sister").
const ENGLISH: &[&str] = &[
    "a", "about", "am", "and", "are", "be", "but", "can", "do", "feel", "for", "have", "i", "is",
    "it", "just", "like", "me", "my", "not", "of", "so", "that", "the", "this", "to", "was",
    "what", "with", "you", "your",
];

/// The language a turn is written in when it is plainly not English: at least four words, at least three function
/// words of that language (a third of the words or more), and more than twice as many as English ones. `None` for
/// English, for short turns and for anything unclear: coding a turn as English is the default.
pub fn other_language(text: &str) -> Option<&'static str> {
    // one lower-cased word at a time in a reused buffer, one lookup per word: the coder asks this of every turn
    let (mut n, mut english, mut hits) = (0usize, 0usize, [0usize; PROFILES.len()]);
    let mut w = String::new();
    for raw in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        w.clear();
        if raw.is_ascii() {
            w.push_str(raw);
            w.make_ascii_lowercase();
        } else {
            w.extend(raw.chars().flat_map(char::to_lowercase));
        }
        n += 1;
        let Some(&bits) = INDEX.get(w.as_str()) else { continue };
        if bits & ENGLISH_BIT != 0 {
            english += 1;
            continue;
        }
        for (k, h) in hits.iter_mut().enumerate() {
            *h += (bits >> k & 1) as usize;
        }
    }
    if n < 4 {
        return None;
    }
    let (k, best) = hits.iter().copied().enumerate().max_by_key(|&(_, h)| h)?;
    (best >= 3 && 3 * best >= n && best > 2 * english).then_some(PROFILES[k].0)
}

/// Is a session (its turns' texts, in order) mostly not in English? Up to 40 of the turns of four words or more,
/// spread over the session, are read; more than half of them named by [`other_language`] is mostly. A short turn
/// ("Entiendo, es muy difícil.") is too short to name, so a session is judged by its longer turns.
pub fn mostly_other_language<'a>(texts: impl IntoIterator<Item = &'a str>) -> bool {
    let long: Vec<&str> = texts.into_iter().filter(|t| t.split_whitespace().count() >= 4).collect();
    if long.is_empty() {
        return false;
    }
    let read: Vec<&str> = long.iter().copied().step_by(long.len().div_ceil(40)).collect();
    2 * read.iter().filter(|t| other_language(t).is_some()).count() > read.len()
}

/// Bit `k` for the `k`-th profile, [`ENGLISH_BIT`] for English (no word has both: a test checks it).
const ENGLISH_BIT: u8 = 1 << 7;

static INDEX: std::sync::LazyLock<std::collections::HashMap<&'static str, u8>> = std::sync::LazyLock::new(|| {
    let mut m = std::collections::HashMap::new();
    for (k, (_, list)) in PROFILES.iter().enumerate() {
        for w in *list {
            *m.entry(*w).or_insert(0) |= 1 << k;
        }
    }
    for w in ENGLISH {
        *m.entry(*w).or_insert(0) |= ENGLISH_BIT;
    }
    m
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_share_no_word_with_english_and_hold_no_repeats() {
        assert!(PROFILES.len() < 7, "one bit per profile below the English bit");
        for (name, list) in PROFILES {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{name} is not sorted (so repeats show)");
            for w in list {
                assert!(
                    !ENGLISH.contains(w),
                    "{name}: {w} is an English function word"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_without_panic_and_short_ones_as_english(s in "\\PC{0,200}") {
            let lang = other_language(&s);
            if s.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).count() < 4 {
                proptest::prop_assert_eq!(lang, None);
            }
        }
    }

    #[test]
    fn a_session_is_mostly_another_language_by_its_longer_turns() {
        let es = ["Me siento muy sola desde que murió mi madre.", "Vale.", "Deberías salir más y conocer gente nueva, eso te ayudará."];
        assert!(mostly_other_language(es));
        let mixed = ["Me siento muy sola desde que murió mi madre.", "It sounds like you miss her terribly."];
        assert!(!mostly_other_language(mixed));
        assert!(!mostly_other_language(["Vale.", "Ok."]));
    }

    #[test]
    fn other_languages_are_named() {
        assert_eq!(
            other_language("Para una cita puedes llamar al 787-466-5478."),
            Some("Spanish")
        );
        assert_eq!(
            other_language("Siento que todo el mundo miente."),
            Some("Spanish")
        );
        assert_eq!(
            other_language("Je ne sais pas quoi faire avec ma mère."),
            Some("French")
        );
        assert_eq!(
            other_language("Ich weiß nicht, wie es mit mir weitergehen soll."),
            Some("German")
        );
        assert_eq!(
            other_language("Eu não sei mais o que fazer com a minha vida."),
            Some("Portuguese")
        );
        assert_eq!(
            other_language("Non so più cosa fare con la mia vita."),
            Some("Italian")
        );
        assert_eq!(
            other_language("Ik weet niet meer wat ik met mijn leven moet."),
            Some("Dutch")
        );
    }

    #[test]
    fn english_with_foreign_names_or_short_turns_is_english() {
        for t in [
            "I went to the Museo del Prado with my sister and cried in front of a painting.",
            "My abuela used to say que sera sera, and I hate that it helps.",
            "De nada.",
            "Hola amigo",
            "It sounds like the move to Den Haag has been lonelier than you expected.",
            "Tu as raison",
            "Ok.",
            "",
            "Te amo, mama.",
        ] {
            assert_eq!(other_language(t), None, "{t}");
        }
    }
}
