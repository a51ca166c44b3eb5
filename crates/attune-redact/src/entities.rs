//! People, places and organisations found with gazetteers (given names and surnames from many
//! languages, towns, regions and countries: `gazetteer/`, MIT-licensed lists, see its README) and with
//! the shape of the words around them: the head word of an organisation's name ("Riverside Surgery",
//! "St Mary's Church"), a cue before an employer ("I work at Halden Logistics"), capitals in the middle
//! of a sentence. Words that are also ordinary English ("Hope", "Will", "Bath") need a cue.

use crate::{HashSet, PiiKind, Tok, TrimPossessive};
use std::sync::LazyLock;

type Span = (PiiKind, usize, usize);

/// A list as a set of lower-case entries. The whole file is lower-cased once and kept for the life of the
/// process (the sets are statics), so building a set is one allocation and no copy per entry.
fn list(text: &'static str) -> HashSet<&'static str> {
    let lower = text.to_lowercase();
    let lower: &'static str = Box::leak(if lower.contains('’') { lower.replace('’', "'") } else { lower }.into_boxed_str());
    let mut set = HashSet::with_capacity_and_hasher(lower.len() / 8, Default::default());
    set.extend(lower.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')));
    set
}

static GIVEN: LazyLock<HashSet<&'static str>> = LazyLock::new(|| list(include_str!("../gazetteer/given_names.txt")));
static SURNAMES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| list(include_str!("../gazetteer/surnames.txt")));
static PLACES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    let mut s = list(include_str!("../gazetteer/cities.txt"));
    s.extend(list(include_str!("../gazetteer/countries.txt")));
    s.extend(list(include_str!("../gazetteer/regions.txt")));
    s
});
/// Gazetteer entries that are also English words in lower case ("will", "bath", "jake").
static NAME_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| list(include_str!("../gazetteer/name_words.txt")));
/// Every English word of four letters or more (SCOWL, American and British spellings): a capitalised word
/// opening a sentence that is not among them is a name, a medication, a brand or a typo.
static ENGLISH: LazyLock<HashSet<&'static str>> = LazyLock::new(|| list(include_str!("../gazetteer/english_words.txt")));
/// Ordinary English words (a name or place spelled like one needs a cue).
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| list(include_str!("../gazetteer/common_words.txt")));
static ORG_SUFFIXES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    let mut s = list(include_str!("../gazetteer/company_suffixes.txt"));
    s.extend(ORG_HEADS.iter().copied());
    s
});
/// The longest place name in words.
static STREET_SUFFIXES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| list(include_str!("../gazetteer/street_suffixes.txt")));
/// Street words written onto the name in other languages ("Hämmerlegatan 14", "Lindenstraße 3").
const STREET_ENDINGS: &[&str] = &[
    "gatan", "gata", "straße", "strasse", "str.", "gasse", "weg", "straat", "laan", "vej", "vägen", "veien", "gade", "katu",
    "utca", "ulica", "allee", "platz", "plein", "torget", "torv",
];
static STREET_PREFIXES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| list(include_str!("../gazetteer/street_prefixes.txt")));
static PLACE_WORDS: LazyLock<usize> = LazyLock::new(|| PLACES.iter().map(|p| p.split(' ').count()).max().unwrap_or(1).min(5));

/// Words that end an organisation's name.
const ORG_HEADS: &[&str] = &[
    "surgery", "practice", "clinic", "hospital", "hospice", "school", "academy", "college", "university", "church",
    "chapel", "cathedral", "mosque", "temple", "synagogue", "gurdwara", "centre", "center", "trust", "council", "bank",
    "ltd", "limited", "inc", "llc", "llp", "gmbh", "plc", "group", "company", "co", "corporation", "corp",
    "foundation", "charity", "associates", "partners", "pharmacy", "chemist", "library", "gym", "cafe", "café",
    "restaurant", "hotel", "club", "society", "institute", "ministries", "agency", "solutions", "technologies",
    "systems", "industries", "logistics", "consulting", "supermarket", "nursery", "kindergarten", "infirmary",
    "healthcare", "health", "services", "motors", "garage", "salon", "studio", "studios", "bakery", "diner", "pub",
    "inn", "factory", "warehouse", "airlines", "airways", "insurance", "media", "labs", "laboratories", "partnership",
    "federation", "union", "association", "fc", "department", "office", "police", "station", "prison", "court",
    "unit", "service", "hub", "team", "recruitment", "primary", "secondary", "sons", "brothers", "ward", "network",
    "project", "programme", "program", "collective", "alliance", "pantry", "shelter", "refuge", "mission", "fellowship",
    "medicine", "home", "house", "agents", "sports", "care", "lodge", "court", "manor",
];

/// Words that may stand inside an organisation's or place's name without a capital.
const JOINERS: &[&str] = &["of", "the", "and", "&", "for", "de", "la", "le", "du", "von", "van", "der", "on", "upon", "in"];

/// Words after which a capitalised run is an organisation (an employer, a school).
const ORG_CUES: &[&[&str]] = &[
    &["work", "at"],
    &["works", "at"],
    &["worked", "at"],
    &["working", "at"],
    &["work", "for"],
    &["works", "for"],
    &["worked", "for"],
    &["working", "for"],
    &["job", "at"],
    &["employed", "by"],
    &["employed", "at"],
    &["hired", "by"],
    &["fired", "from"],
    &["intern", "at"],
    &["internship", "at"],
    &["studies", "at"],
    &["study", "at"],
    &["studying", "at"],
    &["enrolled", "at"],
    &["volunteer", "at"],
    &["volunteers", "at"],
    &["registered", "with"],
    &["registered", "at"],
    &["treated", "at"],
    &["admitted", "to"],
];

/// Words after which an unknown capitalised word is taken for a town.
const MOVE_CUES: &[&str] = &["in", "from", "to", "near", "outside", "around", "towards"];

/// Words after which a capitalised word is a place.
const PLACE_CUES: &[&str] = &["in", "from", "to", "near", "around", "outside", "at", "visit", "visiting", "towards", "via", "of"];

/// Sentence-initial words and pronouns that a capital does not make a name.
fn sentence_start(text: &str, t: &Tok<'_>) -> bool {
    let before = text[..t.s].trim_end_matches([' ', '"', '\'', '(', '“', '‘', '*', '-', '—']);
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '\n', ';', '>', ']'])
}

fn is_cap(t: &Tok<'_>) -> bool {
    t.cap && !t.digits
}

fn common(lower: &str) -> bool {
    COMMON.contains(lower) || crate::NOT_NAMES.contains(lower)
}

/// Only spaces (or one hyphen) between two tokens: they may belong to one name.
fn adjacent(text: &str, a: &Tok<'_>, b: &Tok<'_>) -> bool {
    let gap = &text[a.e..b.s];
    !gap.is_empty() && gap.len() <= 2 && gap.chars().all(|c| c == ' ' || c == '-')
}

pub(crate) fn scan(text: &str, toks: &[Tok<'_>], known: &HashSet<String>, out: &mut Vec<Span>) {
    orgs(text, toks, out);
    places(text, toks, out);
    streets(text, toks, out);
    streets_name_first(text, toks, out);
    streets_number_first(text, toks, out);
    people(text, toks, known, out);
    proper_nouns(text, toks, out);
}

/// Streets: capitalised words ending in a street word from the lists ("Victoria Place", "Dock Rise"), with
/// the house number and flat before them ("Flat 11B, 1198 Rowan Rise"); names with the street word written
/// on ("Hämmerlegatan 14").
fn streets(text: &str, toks: &[Tok<'_>], out: &mut Vec<Span>) {
    for i in 0..toks.len() {
        let t = &toks[i];
        let glued = is_cap(t) && STREET_ENDINGS.iter().any(|e| t.lower.len() > e.len() + 2 && t.lower.ends_with(e));
        if glued {
            let mut e = i;
            if i + 1 < toks.len() && toks[i + 1].text.bytes().next().is_some_and(|c| c.is_ascii_digit()) && adjacent(text, t, &toks[i + 1]) {
                e = i + 1;
            }
            out.push((PiiKind::Address, t.s, toks[e].e));
            continue;
        }
        // "1784 rue Lauritzs", "Calle Mayor 5": a street word of another language before the name.
        if i + 1 < toks.len() && is_cap(&toks[i + 1]) && STREET_PREFIXES.contains(t.lower()) && adjacent(text, t, &toks[i + 1]) {
            let number_before = i > 0 && toks[i - 1].text.bytes().next().is_some_and(|c| c.is_ascii_digit()) && adjacent(text, &toks[i - 1], t);
            let number_after = i + 2 < toks.len() && toks[i + 2].digits && adjacent(text, &toks[i + 1], &toks[i + 2]);
            if number_before || number_after || is_cap(t) && !sentence_start(text, t) {
                let s = if number_before { i - 1 } else { i };
                let e = if number_after { i + 2 } else { i + 1 };
                out.push((PiiKind::Address, toks[s].s, toks[e].e));
                continue;
            }
        }
        if !(is_cap(t) && STREET_SUFFIXES.contains(t.lower()) && i > 0) {
            continue;
        }
        let mut s = i;
        while s > 0 && is_cap(&toks[s - 1]) && adjacent(text, &toks[s - 1], &toks[s]) && !toks[s - 1].digits && s + 3 > i {
            s -= 1;
        }
        if s == i || (sentence_start(text, &toks[s]) && s + 1 == i && common(&toks[s].lower)) {
            continue;
        }
        // House number ("1198", "22a") and a flat ("Flat 11B,").
        if s > 0 && toks[s - 1].text.bytes().next().is_some_and(|c| c.is_ascii_digit()) && toks[s - 1].text.len() <= 5 {
            s -= 1;
            if s >= 2 && matches!(toks[s - 2].lower(), "flat" | "apt" | "apartment" | "unit" | "suite") {
                s -= 2;
            }
        }
        out.push((PiiKind::Address, toks[s].s, t.e));
    }
}

/// Words before which "Name 12" is an address ("lives at Zrinjevac 5", "came to Juhatie 457").
const ADDRESS_CUES: &[&str] = &["at", "to", "on", "from", "in", "near", "address", "is", "opposite", "behind"];

/// A street written as its name and then the house number, in any language ("Zrinjevac 5", "Atatürk Bulvarı 66",
/// "Strūgu laukums 20"): one to three words, the first capitalised and no English word (or after a street word
/// in lower case), a number of at most five digits (and a letter) after them, and an address cue before.
fn streets_name_first(text: &str, toks: &[Tok<'_>], out: &mut Vec<Span>) {
    for start in 1..toks.len() {
        let first = &toks[start];
        // a street word of another language may come first, in lower case ("ul. Kulig 47c", "droga Urban 382")
        let lead = !is_cap(first)
            && start + 1 < toks.len()
            && is_cap(&toks[start + 1])
            && (STREET_PREFIXES.contains(first.lower()) || matches!(first.lower(), "ul" | "al" | "os" | "pl" | "droga" | "wyspa" | "aleja" | "ulica" | "str"));
        let led = lead && matches!(&text[first.e..toks[start + 1].s], " " | ". ");
        // the street's name: its first capitalised word
        let i = if led { start + 1 } else { start };
        let t = &toks[i];
        if !(is_cap(t) && ADDRESS_CUES.contains(&toks[start - 1].lower()) && t.text.chars().all(char::is_alphabetic) && (!common(&t.lower) || led)) {
            continue;
        }
        if PUBLIC_NAMES.contains(&t.lower()) || crate::is_month_or_weekday(&t.lower) || CAPITALISED_WORDS.contains(&t.lower()) {
            continue;
        }
        let mut e = i;
        while e + 1 < toks.len() && e < i + 2 && (adjacent(text, &toks[e], &toks[e + 1]) || &text[toks[e].e..toks[e + 1].s] == ". ") && toks[e + 1].text.chars().all(char::is_alphabetic) && toks[e + 1].lower != "no" {
            e += 1;
        }
        // the number right after one of the words (or after "no")
        let num = (i..=e).find_map(|k| {
            let k = if toks.get(k + 1).is_some_and(|n| n.lower == "no") { k + 1 } else { k };
            let n = toks.get(k + 1)?;
            let house = n.text.len() <= 5
                && n.text.bytes().next().is_some_and(|c| c.is_ascii_digit())
                && n.text.bytes().filter(|c| c.is_ascii_digit()).count() <= 5
                && n.text.bytes().skip_while(|c| c.is_ascii_digit()).all(|c| c.is_ascii_alphabetic())
                && n.text.bytes().filter(|c| c.is_ascii_alphabetic()).count() <= 1;
            let gap_ok = adjacent(text, &toks[k], n) || &text[toks[k].e..n.s] == ". ";
            // not a percentage, a time or a decimal ("Level 5.5"), though a full stop may end the sentence
            let ends_right = !text[n.e..].starts_with(['%', ':', '.']) || text[n.e..].starts_with(". ");
            (house && gap_ok && ends_right).then_some(k + 1)
        });
        if let Some(n) = num {
            let n = house_suffix(text, toks, n);
            out.push((PiiKind::Address, toks[start].s, toks[n].e));
        }
    }
}

/// Number first: "at 882 Place Victor Hugo", "to 93212 Rosenweg", "at 43 Metz Croft": a house number after an
/// address cue, then capitalised words (and the particles of street names) of which one is a street word or no
/// English word.
fn streets_number_first(text: &str, toks: &[Tok<'_>], out: &mut Vec<Span>) {
    for i in 1..toks.len() {
        let t = &toks[i];
        let house = t.text.len() <= 6 && t.text.bytes().next().is_some_and(|c| c.is_ascii_digit()) && t.text.bytes().filter(|c| c.is_ascii_digit()).count() <= 5;
        let starts = house && ADDRESS_CUES.contains(&toks[i - 1].lower()) && i + 1 < toks.len() && is_cap(&toks[i + 1]) && adjacent(text, t, &toks[i + 1]);
        if !starts {
            continue;
        }
        let mut e = i + 1;
        while e + 1 < toks.len() && e < i + 5 && adjacent(text, &toks[e], &toks[e + 1]) && (is_cap(&toks[e + 1]) || STREET_PARTICLES.contains(&toks[e + 1].lower())) {
            e += 1;
        }
        while e > i + 1 && STREET_PARTICLES.contains(&toks[e].lower()) {
            e -= 1;
        }
        let words = &toks[i + 1..=e];
        let streetish = words.iter().any(|w| {
            let l = w.lower();
            STREET_SUFFIXES.contains(l) || STREET_PREFIXES.contains(l) || STREET_ENDINGS.iter().any(|x| l.len() > x.len() + 2 && l.ends_with(x)) || (!common(l) && !crate::is_month_or_weekday(l))
        });
        if streetish && !words.iter().all(|w| crate::is_month_or_weekday(&w.lower)) {
            out.push((PiiKind::Address, t.s, toks[e].e));
        }
    }
}

/// Words inside street names of other languages ("Route des prés", "Chemin de la Gare").
const STREET_PARTICLES: &[&str] = &["de", "des", "du", "la", "le", "les", "del", "della", "di", "da", "do", "dos", "am", "an", "der", "den", "van", "von", "prés", "y", "e"];

/// A house number's "bis" or "ter" ("82 bis").
fn house_suffix(text: &str, toks: &[Tok<'_>], n: usize) -> usize {
    match toks.get(n + 1) {
        Some(b) if matches!(b.lower(), "bis" | "ter") && adjacent(text, &toks[n], b) => n + 1,
        _ => n,
    }
}

/// Brands and services people name without identifying anyone; a capital does not make them identifiers.
const PUBLIC_NAMES: &[&str] = &[
    "netflix", "instagram", "facebook", "tiktok", "youtube", "google", "zoom", "whatsapp", "snapchat", "twitter",
    "spotify", "xbox", "playstation", "iphone", "android", "covid", "prozac", "sertraline", "fluoxetine", "citalopram",
    "reddit", "discord", "uber", "teams", "skype", "nhs", "ptsd", "adhd", "ocd", "cbt", "dbt", "emdr", "christian",
    "muslim", "jewish", "hindu", "buddhist", "catholic", "bible", "quran", "ramadan", "diwali", "halloween", "thanksgiving",
    "samaritans", "childline", "shout", "mind", "refuge", "papyrus", "lifeline", "befrienders", "alcoholics", "anonymous",
];

static PUBLIC_NAME_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| PUBLIC_NAMES.iter().copied().collect());
static CAPITALISED_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| CAPITALISED_WORDS.iter().copied().collect());

/// English word endings that names rarely have ("Literally", "Remote", "Divorce" aside, these cover most
/// capitalised adverbs and nouns a sentence may start a clause with).
fn looks_like_word(lower: &str) -> bool {
    const ENDINGS: &[&str] = &["ly", "ing", "ed", "ness", "ment", "tion", "sion", "able", "ible", "ful", "less", "ous", "ive", "ity", "ism", "ist", "ship", "hood", "ward", "wards", "wise", "ern"];
    ENDINGS.iter().any(|e| lower.len() > e.len() + 2 && lower.ends_with(e))
}

/// A capitalised word in mid-sentence that is no English word, no month, no acronym and no brand is a name
/// of someone or something: in the words of a session, almost always an identifier.
fn proper_nouns(text: &str, toks: &[Tok<'_>], out: &mut Vec<Span>) {
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        // every reading below needs a capital
        if !is_cap(t) {
            i += 1;
            continue;
        }
        let lower = t.lower.trim_possessive();
        let acronym = t.text.chars().all(|c| c.is_uppercase()) && t.text.chars().count() <= 4;
        let caps = t.text.chars().filter(|c| c.is_uppercase()).count();
        let scottish = t.text.starts_with("Mc") || t.text.starts_with("Mac") || t.text.starts_with("O'") || t.text.starts_with("O’");
        let candidate = is_cap(t)
            && (caps == 1 || (scottish && caps == 2))
            && t.text.trim_possessive_both().chars().all(|c| c.is_alphabetic() || c == '-')
            && lower.chars().count() >= 4
            && !looks_like_word(lower)
            && !common(lower)
            && !CAPITALISED_WORDS.contains(&lower)
            && !crate::is_month_or_weekday(lower)
            && !PUBLIC_NAMES.contains(&lower)
            && !crate::names::TITLES.contains(&lower)
            && !acronym
            && lower.chars().count() >= 2;
        // Mid-sentence, or at the start when a speech verb follows ("Crystal said she'd come").
        let speech = toks.get(i + 1).is_some_and(|n| {
            matches!(n.lower(), "said" | "says" | "told" | "asked" | "texted" | "called" | "thinks" | "reckons" | "wants" | "from" | "and" | "is" | "was" | "has" | "had")
        }) || text[t.e..].starts_with(',');
        // ... or a person's act ("Amber stopped answering my calls", "Rose hugged me"), for a given name that is
        // also an English word
        let act = toks.get(i + 1).is_some_and(|n| PERSON_ACTS.contains(&n.lower()));
        let given_at_start = is_cap(t)
            && GIVEN.contains(lower)
            && (speech || (act && sentence_start(text, t)))
            && !CAPITALISED_WORDS.contains(&lower)
            && !crate::is_month_or_weekday(lower)
            && !acronym;
        // Unknown words at the start before a verb or a comma ("Tijana, I can't…", "Berk Iliescu was my
        // teacher", "Öymen is my married name"): no English word starts a sentence that way.
        let first_ok = candidate || (is_cap(t) && GIVEN.contains(lower) && !common(lower) && !acronym && !CAPITALISED_WORDS.contains(&lower) && !crate::is_month_or_weekday(lower));
        let unknown_at_start = first_ok && sentence_start(text, t) && !interjection(lower) && {
            let mut e = i;
            while e + 1 < toks.len()
                && e < i + 2
                && is_cap(&toks[e + 1])
                && (adjacent(text, &toks[e], &toks[e + 1]) || matches!(&text[toks[e].e..toks[e + 1].s], " - " | " & "))
                && !common(&toks[e + 1].lower)
                && toks[e + 1].text.chars().all(|c| c.is_alphabetic() || c == '-')
                && toks[e + 1].text.chars().filter(|c| c.is_uppercase()).count() == 1
            {
                e += 1;
            }
            // two name-like words opening a sentence ("Olutomiwa Mazurkiewicz runs…", "Jarząbek & Płonka")
            if e > i && (candidate || !common(&toks[e].lower)) {
                true
            } else if !candidate {
                false
            } else {
            let after = toks.get(e + 1).filter(|n| adjacent(text, &toks[e], n)).map(|n| n.lower());
            // one unknown word: a comma or a speech verb after it ("Burnout is real" is a noun); two: any verb
            let verbs = if e > i { START_VERBS } else { &START_VERBS[..7] };
            // a person's possessive ("Csenge's mum") or a person's deed ("Adeola rang me", "Sergiusz doesn't get it")
            let possessive = e == i && (t.text.ends_with("'s") || t.text.ends_with("’s"));
            let deed = e == i && after.is_some_and(|n| PERSON_DEEDS.contains(&n));
            // a person's role ("Neagoe was the surgeon", "Osei is my new therapist")
            let role = e == i && matches!(after, Some("was" | "is")) && person_role_follows(toks, e + 2);
            let coordinated = e == i && after == Some("and") && toks.get(e + 2).is_some_and(|n| is_cap(n) && !common(&n.lower));
            let unknown_doer = e == i && unknown_before_verb(text, toks, e);
            text[toks[e].e..].starts_with(", ") && e == i || after.is_some_and(|n| verbs.contains(&n)) || possessive || deed || coordinated || role || unknown_doer
            }
        };
        if (candidate && !sentence_start(text, t)) || given_at_start || unknown_at_start {
            let mut e = i;
            while e + 1 < toks.len() && is_cap(&toks[e + 1]) && (adjacent(text, &toks[e], &toks[e + 1]) || matches!(&text[toks[e].e..toks[e + 1].s], " - " | " & ")) && !common(&toks[e + 1].lower) {
                e += 1;
            }
            out.push((PiiKind::Name, t.s, toks[e].e));
            i = e + 1;
        } else {
            i += 1;
        }
    }
}

/// Verbs after which an unknown capitalised word at the start of a sentence is someone's name.
/// (The first seven are speech verbs, enough after a single unknown word.)
const START_VERBS: &[&str] = &[
    "said", "says", "told", "asked", "texted", "called", "replied", "is", "was", "has", "had", "keeps", "kept", "left",
    "never", "always", "won't", "doesn't", "didn't", "hasn't", "can't", "isn't", "wasn't", "and", "runs", "ran", "owns",
    "stopped",
];

/// Things only people do, after which a given name that is also a word ("Rose", "Amber", "Said") opening a
/// sentence is the name.
const PERSON_ACTS: &[&str] = &[
    "rang", "phoned", "texted", "messaged", "emailed", "promised", "lied", "cried", "laughed", "shouted", "screamed",
    "yelled", "hugged", "kissed", "slapped", "blocked", "unfollowed", "dumped", "cheated", "apologised", "apologized",
    "admitted", "insisted", "replied", "stopped", "told", "asked",
];

/// Who a person is to someone: after "X was the …" / "X is my …", X is a person.
const PERSON_ROLES: &[&str] = &[
    "surgeon", "doctor", "nurse", "consultant", "therapist", "counsellor", "counselor", "psychiatrist", "psychologist",
    "gp", "midwife", "paramedic", "dentist", "teacher", "tutor", "headteacher", "lecturer", "professor", "coach", "boss",
    "manager", "supervisor", "colleague", "mentor", "landlord", "landlady", "neighbour", "neighbor", "friend", "partner",
    "husband", "wife", "boyfriend", "girlfriend", "ex", "fiancé", "fiance", "fiancée", "fiancee", "brother", "sister",
    "cousin", "uncle", "aunt", "auntie", "nan", "grandma", "grandad", "grandpa", "dad", "mum", "mom", "father", "mother",
    "stepdad", "stepmum", "son", "daughter", "solicitor", "lawyer", "priest", "pastor", "vicar", "imam", "rabbi",
    "flatmate", "roommate", "housemate", "carer", "caseworker", "officer", "sponsor", "godmother", "godfather", "bully",
];

/// A role noun (PERSON_ROLES) after a determiner at `k`, with at most two words between ("the surgeon", "my
/// first real friend").
fn person_role_follows(toks: &[Tok<'_>], k: usize) -> bool {
    let det = toks.get(k).is_some_and(|d| matches!(d.lower(), "the" | "my" | "our" | "a" | "an" | "his" | "her" | "their" | "your"));
    det && (k + 1..(k + 4).min(toks.len())).any(|j| PERSON_ROLES.contains(&toks[j].lower()))
}

/// What people do (and things do not), after which an unknown word opening a sentence is a person.
const PERSON_DEEDS: &[&str] = &[
    "rang", "phoned", "texted", "messaged", "emailed", "forgot", "remembered", "promised", "lied", "cried", "laughed",
    "shouted", "screamed", "yelled", "hugged", "kissed", "slapped", "blocked", "unfollowed", "dumped", "cheated", "apologised",
    "apologized", "admitted", "refused", "insisted", "doesn't", "didn't", "won't", "wouldn't", "can't", "couldn't",
    "hasn't", "hadn't", "isn't", "wasn't", "never", "always", "knows", "knew", "loves", "loved", "hates", "hated",
    "thinks", "thought", "wants", "wanted", "says", "replied", "went", "came", "left", "moved", "died", "from",
    "stopped",
];

/// A word in no English dictionary and no list of medications or brands, followed by a verb (an adverb may
/// come between): "Neagoe looked right through me", "Okonkwo keeps sending me money", "Vesna just left". In a
/// session such a word is far more often a person than a drug or a typo (medications are listed apart).
fn unknown_before_verb(text: &str, toks: &[Tok<'_>], e: usize) -> bool {
    let t = &toks[e];
    let lower = t.lower();
    if ENGLISH.contains(lower) || MEDICATIONS.contains(lower) || PUBLIC_NAMES.contains(&lower) {
        return false;
    }
    let mut k = e + 1;
    if toks.get(k).is_some_and(|n| adjacent(text, &toks[k - 1], n) && ADVERBS.contains(&n.lower())) {
        k += 1;
    }
    toks.get(k).is_some_and(|n| adjacent(text, &toks[k - 1], n) && !n.cap && verb_form(&n.lower))
}

/// A finite verb: an auxiliary or modal, a common irregular past or present, or a dictionary word in -ed or
/// in -s whose stem is a word ("looks", "hates"; "glass" and "tablets" aside: "tablets" has no -ed form).
fn verb_form(w: &str) -> bool {
    if FINITE_VERBS.contains(&w) {
        return true;
    }
    if let Some(stem) = w.strip_suffix("ed") {
        return stem.len() >= 2 && ENGLISH.contains(w);
    }
    if let Some(stem) = w.strip_suffix('s') {
        let past = format!("{stem}ed");
        let past_e = format!("{}d", stem);
        return !w.ends_with("ss") && stem.len() >= 3 && ENGLISH.contains(w) && (ENGLISH.contains(past.as_str()) || ENGLISH.contains(past_e.as_str()));
    }
    false
}

const FINITE_VERBS: &[&str] = &[
    "is", "was", "has", "had", "does", "did", "will", "would", "can", "could", "should", "might", "must", "may",
    "went", "came", "took", "made", "gave", "got", "kept", "left", "felt", "told", "said", "thought", "knew", "saw",
    "sent", "brought", "bought", "found", "lost", "met", "paid", "put", "ran", "sat", "stood", "spoke", "wrote",
    "drove", "broke", "fell", "held", "hit", "let", "meant", "slept", "spent", "taught", "understood", "won", "wore",
    "became", "began", "chose", "drank", "ate", "forgot", "forgave", "hid", "hurt", "led", "lent", "quit", "rode",
    "rang", "sang", "shook", "shut", "sold", "stole", "swore", "threw", "woke", "goes", "says", "gets", "makes",
    "takes", "gives", "sees", "knows", "thinks", "tells", "wants", "needs", "seems", "tries", "cries", "keeps",
    "isn't", "wasn't", "hasn't", "hadn't", "doesn't", "didn't", "won't", "wouldn't", "can't", "couldn't",
    "shouldn't", "never",
];

/// Adverbs that may stand between a name and its verb.
const ADVERBS: &[&str] = &["just", "really", "also", "still", "finally", "always", "often", "actually", "basically", "literally", "suddenly", "even", "only", "then", "now", "already", "barely", "hardly", "totally", "completely"];

/// Medications people name in sessions (generic and brand names): not identifiers.
static MEDICATIONS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| list(include_str!("../gazetteer/medications.txt")));

/// Sounds people write at the start of a message ("Hmmm,", "Ahhh,", "Haha,"), never names.
fn interjection(lower: &str) -> bool {
    const WORDS: &[&str] = &["haha", "hahaha", "hehe", "lmao", "lmfao", "yikes", "welp", "ugh", "argh", "gosh", "geez", "jeez", "whoa", "oops", "hmph", "shhh"];
    let b = lower.as_bytes();
    WORDS.contains(&lower) || b.windows(3).any(|w| w[0] == w[1] && w[1] == w[2])
}

/// A person's name: a given name or surname from the lists, capitalised (or, if it is not an English word,
/// in lower case too), extended over the capitalised name words that follow ("Kwame Mensah").
fn people(text: &str, toks: &[Tok<'_>], _known: &HashSet<String>, out: &mut Vec<Span>) {
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        // Only capitalised words and plain lower-case words of three letters or more can start a name.
        if !(is_cap(t) || (t.lower.len() >= 3 && !t.digits)) {
            i += 1;
            continue;
        }
        let lower = t.lower.trim_possessive();
        let given = GIVEN.contains(lower);
        // a lower-case word starts a name only as a given name (below); most words are lower case
        if !given && !is_cap(t) {
            i += 1;
            continue;
        }
        let surname = SURNAMES.contains(lower);
        let acronym = t.text.chars().all(|c| c.is_uppercase()) && t.text.chars().count() <= 4;
        let is_word = common(lower) || t.digits || lower.chars().count() < 2 || acronym;
        let start_ok = if is_cap(t) {
            // A capitalised name from the lists. One that is also an English word ("Grace", "Will") is a
            // name in mid-sentence, where a capital says so; at the start of a sentence only before a name.
            (given || surname)
                && (!is_word
                    || next_is_name(text, toks, i)
                    || (!sentence_start(text, t) && crate::AMBIGUOUS.contains(lower) && !crate::is_month_or_weekday(lower)))
        } else {
            // Lower case: a given name that is no English word ("i told siobhan"), or one that is a rare
            // word after a word that people are the object of ("i told jake", "with maria").
            let plain = lower.chars().count() >= 3 && lower.chars().all(char::is_alphabetic);
            let cued = i > 0 && PERSON_CUES.contains(&toks[i - 1].lower());
            // A rare word as a name must also end the phrase ("with maria.", "told jake about it").
            let ends = toks.get(i + 1).is_none_or(|n| {
                !adjacent(text, t, n) || matches!(n.lower(), "and" | "said" | "says" | "is" | "was" | "from" | "to" | "about" | "that" | "at" | "too" | "who" | "has" | "had" | "told" | "asked")
            });
            given && plain && !is_word && (!NAME_WORDS.contains(lower) || (cued && ends))
        };
        // Two capitalised unknown words in mid-sentence, the second a surname ("Ngozi Okafor").
        let pair = is_cap(t)
            && !sentence_start(text, t)
            && !common(lower)
            && !PLACES.contains(lower)
            && i + 1 < toks.len()
            && is_cap(&toks[i + 1])
            && adjacent(text, t, &toks[i + 1])
            && SURNAMES.contains(toks[i + 1].lower.trim_possessive());
        if !(start_ok || pair) {
            i += 1;
            continue;
        }
        let mut e = i;
        while e + 1 < toks.len() && e < i + 3 {
            let n = &toks[e + 1];
            let nl = n.lower.trim_possessive();
            let name_word = is_cap(n) && (!common(nl) || SURNAMES.contains(nl)) && !n.digits;
            if adjacent(text, &toks[e], n) && name_word && !ORG_SUFFIXES.contains(nl) {
                e += 1;
            } else {
                break;
            }
        }
        out.push((PiiKind::Name, t.s, toks[e].e));
        i = e + 1;
    }
}

/// Words people capitalise in mid-sentence that are not names.
const CAPITALISED_WORDS: &[&str] = &[
    "i", "god", "lord", "jesus", "christ", "allah", "christmas", "easter", "mum", "mom", "dad", "mummy", "daddy", "nan",
    "nana", "gran", "granny", "grandma", "grandpa", "english", "ok", "okay", "tv", "dr", "mr", "mrs", "ms", "internet",
    "bachelor", "bachelors", "master", "masters", "phd", "associate", "associates",
];

/// The next word is a capitalised name word (so "Will Thompson" is a name while "Will you" is not).
fn next_is_name(text: &str, toks: &[Tok<'_>], i: usize) -> bool {
    toks.get(i + 1).is_some_and(|n| {
        let nl = n.lower.trim_possessive();
        is_cap(n) && adjacent(text, &toks[i], n) && (SURNAMES.contains(nl) || GIVEN.contains(nl)) && !common(nl)
    })
}

/// Words after which a lower-case given name is a person ("told jake", "with maria").
const PERSON_CUES: &[&str] = &[
    "told", "tell", "telling", "asked", "ask", "with", "and", "called", "call", "texted", "text", "saw", "see", "met",
    "meet", "miss", "missed", "hate", "love", "loves", "by", "from", "friend", "named", "thanks", "thank", "hi",
    "hey", "dear", "bye", "sister", "brother", "mum", "mom", "dad", "son", "daughter", "wife", "husband", "boyfriend",
    "girlfriend", "partner", "uncle", "aunt", "cousin", "grandma", "grandpa", "nan", "boss", "colleague", "coworker",
    "roommate", "flatmate", "housemate", "bestie", "mate", "buddy", "pal", "ex", "fiance", "fiancee", "neighbour", "neighbor",
];

/// Towns, cities, regions and countries from the lists, capitalised; one that is also an English word
/// ("Bath", "Reading") only after a place cue.
fn places(text: &str, toks: &[Tok<'_>], out: &mut Vec<Span>) {
    let mut i = 0;
    while i < toks.len() {
        if !is_cap(&toks[i]) {
            i += 1;
            continue;
        }
        let mut found = None;
        let mut name = String::new();
        for k in 0..*PLACE_WORDS {
            let j = i + k;
            if j >= toks.len() || (k > 0 && !adjacent(text, &toks[j - 1], &toks[j]) && &text[toks[j - 1].e..toks[j].s] != ". ") {
                break;
            }
            if k > 0 {
                name.push(' ');
            }
            name.push_str(&toks[j].lower);
            if PLACES.contains(name.as_str()) {
                found = Some(j);
            }
        }
        let Some(e) = found else {
            // Not in the lists: a capitalised word that is no English word after "in", "from", "to"... in
            // mid-sentence is most often a town ("we moved to Dunfermline").
            let t = &toks[i];
            let cue = i > 0 && MOVE_CUES.contains(&toks[i - 1].lower());
            let acronym = t.text.chars().all(|c| c.is_uppercase()) && t.text.chars().count() <= 3;
            if cue
                && !sentence_start(text, t)
                && !common(&t.lower)
                && !NAME_WORDS.contains(t.lower())
                && !CAPITALISED_WORDS.contains(&t.lower())
                && !crate::is_month_or_weekday(&t.lower)
                && !acronym
                && t.text.chars().all(char::is_alphabetic)
            {
                let mut e = i;
                while e + 1 < toks.len() && is_cap(&toks[e + 1]) && adjacent(text, &toks[e], &toks[e + 1]) && !common(&toks[e + 1].lower) {
                    e += 1;
                }
                out.push((PiiKind::Place, t.s, toks[e].e));
                i = e + 1;
                continue;
            }
            i += 1;
            continue;
        };
        let single_word = e == i;
        let ambiguous = single_word && (common(&toks[i].lower) || GIVEN.contains(toks[i].lower()));
        let cued = i > 0 && PLACE_CUES.contains(&toks[i - 1].lower());
        if !ambiguous || (cued && !sentence_start(text, &toks[i])) {
            out.push((PiiKind::Place, toks[i].s, toks[e].e));
            i = e + 1;
        } else {
            i += 1;
        }
    }
}

/// Organisations: a capitalised run ending in a head word ("Riverside Surgery", "Bank of Scotland",
/// "Halden Logistics Ltd"), "St Mary's" + a head word, or any capitalised run after an employer cue.
fn orgs(text: &str, toks: &[Tok<'_>], out: &mut Vec<Span>) {
    let n = toks.len();
    let mut i = 0;
    while i < n {
        let t = &toks[i];
        // Head word: walk back over the capitalised run before it.
        if is_cap(t) && ORG_SUFFIXES.contains(t.lower()) {
            let mut s = i;
            while s > 0 && adjacent_or_joined(text, &toks[s - 1], &toks[s]) {
                let p = &toks[s - 1];
                if is_cap(p) || (JOINERS.contains(&p.lower()) && s >= 2 && is_cap(&toks[s - 2])) || p.lower == "st" {
                    s -= 1;
                } else {
                    break;
                }
            }
            // "Bank of Scotland", "University of Leeds": words after the head.
            let mut e = i;
            while e + 2 < n && JOINERS.contains(&toks[e + 1].lower()) && is_cap(&toks[e + 2]) && adjacent(text, &toks[e], &toks[e + 1]) {
                e += 2;
                while e + 1 < n && is_cap(&toks[e + 1]) && adjacent(text, &toks[e], &toks[e + 1]) {
                    e += 1;
                }
            }
            // A lower-case company form after it ("Kilbride Solutions plc").
            if e + 1 < n && matches!(toks[e + 1].lower(), "plc" | "ltd" | "llc" | "inc" | "gmbh" | "llp") && adjacent(text, &toks[e], &toks[e + 1]) {
                e += 1;
            }
            // A head word alone is a common noun ("the School"), unless a name follows it.
            let sentence_initial_only = s == i && e == i;
            if !sentence_initial_only && !(s + 1 == i && sentence_start(text, &toks[s]) && common(&toks[s].lower) && e == i) {
                out.push((PiiKind::Org, toks[s].s, toks[e].e));
                i = e + 1;
                continue;
            }
        }
        // "Employer: Lidl", "School: Fernhill".
        if matches!(t.lower(), "employer" | "school" | "workplace" | "gp" | "practice" | "company" | "contact" | "name" | "kin" | "referrer")
            && i + 1 < n
            && text[t.e..toks[i + 1].s].trim() == ":"
            && is_cap(&toks[i + 1])
        {
            let mut e = i + 1;
            while e + 1 < n && adjacent_or_joined(text, &toks[e], &toks[e + 1]) && is_cap(&toks[e + 1]) {
                e += 1;
            }
            out.push((PiiKind::Org, toks[i + 1].s, toks[e].e));
        }
        // Employer and school cues (most words start none).
        let starts_cue = matches!(
            t.lower(),
            "work" | "works" | "worked" | "working" | "job" | "employed" | "hired" | "fired" | "intern" | "internship" | "studies"
                | "study" | "studying" | "enrolled" | "volunteer" | "volunteers" | "registered" | "treated" | "admitted"
        );
        for cue in ORG_CUES.iter().filter(|_| starts_cue) {
            let m = cue.len();
            if i + m < n && cue.iter().zip(&toks[i..i + m]).all(|(c, w)| *c == w.lower) {
                let mut j = i + m;
                if j < n && toks[j].lower == "the" {
                    j += 1;
                }
                if j < n && is_cap(&toks[j]) && !crate::NOT_NAMES.contains(toks[j].lower()) {
                    let mut e = j;
                    while e + 1 < n && adjacent_or_joined(text, &toks[e], &toks[e + 1]) && (is_cap(&toks[e + 1]) || toks[e + 1].lower == "&") {
                        e += 1;
                    }
                    out.push((PiiKind::Org, toks[j].s, toks[e].e));
                }
            }
        }
        i += 1;
    }
}

/// Spaces, an apostrophe-s, a hyphen, an ampersand or a full stop ("St. Mary's") between two words.
fn adjacent_or_joined(text: &str, a: &Tok<'_>, b: &Tok<'_>) -> bool {
    let gap = &text[a.e..b.s];
    !gap.is_empty() && gap.len() <= 3 && gap.chars().all(|c| matches!(c, ' ' | '-' | '&' | '.'))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_org_cue_starts_with_a_matched_word() {
        for c in super::ORG_CUES {
            let t = crate::tokenize(c[0]);
            assert_eq!(t.len(), 1);
            let ok = matches!(
                c[0],
                "work" | "works" | "worked" | "working" | "job" | "employed" | "hired" | "fired" | "intern" | "internship" | "studies"
                    | "study" | "studying" | "enrolled" | "volunteer" | "volunteers" | "registered" | "treated" | "admitted"
            );
            assert!(ok, "{c:?}");
        }
    }
}

/// For the tagger: a capitalised word, and one at the start of a sentence.
pub(crate) fn is_cap_tok(t: &Tok<'_>) -> bool {
    is_cap(t)
}

pub(crate) fn sentence_start_tok(text: &str, t: &Tok<'_>) -> bool {
    sentence_start(text, t)
}

/// For the tagger: which lists hold the word (a short code, e.g. `gs-c` = given name, surname, common word).
pub(crate) fn lexicon_flags<'b>(lower: &str, buf: &'b mut [u8; 8]) -> &'b str {
    let lower = lower.trim_possessive();
    let mut n = 0;
    for (set, c) in [(&*GIVEN, b'g'), (&*SURNAMES, b's'), (&*PLACES, b'p'), (&*COMMON, b'c'), (&*NAME_WORDS, b'w'), (&*ORG_SUFFIXES, b'o')] {
        if set.contains(lower) {
            buf[n] = c;
            n += 1;
        }
    }
    if n == 0 {
        buf[0] = b'-';
        n = 1;
    }
    // only ASCII was written
    std::str::from_utf8(&buf[..n]).unwrap_or("-")
}

/// An ordinary word, a brand or a word people capitalise (the tagger's spans never consist of these).
pub(crate) fn plain_word(lower: &str) -> bool {
    let l = lower.trim_possessive();
    l.len() < 3 || common(l) || dictionary_word(l) || PUBLIC_NAME_SET.contains(l) || CAPITALISED_SET.contains(l) || crate::is_month_or_weekday(l)
}

/// A word of the English dictionary (a contraction by its stem: "you're", "didn't") that no list of
/// given names, surnames or places holds ("grace", "rose" and "jordan" stay candidates). Without it,
/// "thinking" or "weeks" sent almost every turn through the tagger, whose spans could never keep them.
fn dictionary_word(l: &str) -> bool {
    let stem = ["n't", "'re", "'ve", "'ll", "'d", "'m"].iter().find_map(|s| l.strip_suffix(s)).unwrap_or(l);
    (ENGLISH.contains(stem) || (stem != l && common(stem))) && !GIVEN.contains(stem) && !SURNAMES.contains(stem) && !PLACES.contains(stem)
}
