//! Text helpers: normalization, sentence split, phrase lexicons, a fallback emotion lexicon and key-phrase
//! extraction for alternatives. No regex: phrases are matched on a space-padded, lower-cased word string.
use attune_core::{Affect, Emotion};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// A normalized text: lower-cased words (letters, digits, apostrophes) and their space-padded join.
#[derive(Debug, Clone)]
pub struct Norm {
    pub words: Vec<String>,
    /// `" w1 w2 ... wn "`, for whole-word phrase search.
    pub padded: String,
}

impl Norm {
    pub fn new(text: &str) -> Norm {
        let words = words(text);
        let mut padded = String::with_capacity(text.len() + 2);
        padded.push(' ');
        for w in &words {
            padded.push_str(w);
            padded.push(' ');
        }
        Norm { words, padded }
    }
    /// Whole-word phrase search; `phrase` is lower case, words separated by single spaces.
    pub fn has(&self, phrase: &str) -> bool {
        let bytes = self.padded.as_bytes();
        let p = phrase.as_bytes();
        if p.len() + 2 > bytes.len() {
            return false;
        }
        // A match starts after a space and ends before one: only word starts are tried (a turn has a few dozen),
        // which is cheaper than setting up a substring searcher for every phrase of every list.
        (1..bytes.len() - p.len()).any(|s| bytes[s - 1] == b' ' && bytes[s + p.len()] == b' ' && &bytes[s..s + p.len()] == p)
    }
    /// The first phrase of `list` (in list order) found as whole words, if any. Every list is indexed by first word:
    /// this crate's named lists once, up front; any other the first time it is asked for (a list is static, so its
    /// address names it for good).
    pub fn first_of(&self, list: &'static [&'static str]) -> Option<&'static str> {
        let lex = match LEX.get(&(list.as_ptr() as usize, list.len())) {
            Some(lex) => lex,
            None => lazy_lex(list),
        };
        let p = list[lex.first(&self.words)?];
        if self.has(p) {
            return Some(p);
        }
        // the index reads a phrase as the text's words are read ("dont need advice" as "don't need advice", "can u help" as
        // "can you help": a list's chat spelling matches where a phrase-by-phrase scan of the read words never could); name
        // the listed spelling the read words hold as written, where there is one
        let key = words(p);
        Some(list.iter().copied().find(|q| self.has(q) && words(q) == key).unwrap_or(p))
    }
    /// As [`Norm::first_of`], skipping phrases denied by a word just before them ("you're not overreacting"; see
    /// `attune_text::rules::negated_before`).
    pub fn first_affirmed(&self, list: &'static [&'static str]) -> Option<&'static str> {
        self.first_of(list)?;
        list.iter().copied().find(|p| self.has_affirmed(p))
    }
    /// Whether `phrase` occurs as whole words at least once without a denial just before it.
    pub fn has_affirmed(&self, phrase: &str) -> bool {
        let needle = format!(" {phrase} ");
        self.padded.match_indices(&needle).any(|(at, _)| !attune_text::rules::negated_before(&self.padded[..at + 1]))
    }
    pub fn starts_with_any(&self, list: &[&str]) -> bool {
        words_start_with_any(&self.words, list)
    }
    /// The words after the opening ones that are all of `lead` (fillers, "[pause]", "and"…), for rules that read how a
    /// sentence opens once its lead-in is set aside.
    pub fn after_lead(&self, lead: &[&str]) -> &[String] {
        let k = self.words.iter().take_while(|w| lead.contains(&w.as_str())).count();
        &self.words[k..]
    }
    /// The word indices where `phrase` (lower case, single spaces) starts, in order; nothing is allocated.
    pub fn starts_of<'a>(&'a self, phrase: &'a str) -> impl Iterator<Item = usize> + 'a {
        (0..self.words.len()).filter(move |&i| starts_with_phrase(&self.words[i..], phrase))
    }
    /// The words after each place `phrase` stands ("at least" → "for now you don't…"), for rules that read what follows.
    pub fn after<'a>(&'a self, phrase: &'a str) -> impl Iterator<Item = &'a [String]> + 'a {
        let len = phrase.split(' ').count();
        self.starts_of(phrase).map(move |i| &self.words[(i + len).min(self.words.len())..])
    }
    /// Whether `phrase` occurs as whole words with one of `next` right after it ("still working on", "need to go to").
    pub fn followed_by(&self, phrase: &str, next: &[&str]) -> bool {
        self.after(phrase).any(|rest| rest.first().is_some_and(|w| next.contains(&w.as_str())))
    }
    pub fn len(&self) -> usize {
        self.words.len()
    }
}

/// Every turn looks up each of its words in several lists: SipHash's resistance to chosen keys buys
/// nothing here (the keys are this crate's own word lists) and was a tenth of assessment time.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// A phrase list indexed by first word.
struct Lex {
    by_first: FastMap<String, Vec<(usize, Vec<String>)>>,
}

impl Lex {
    fn new(list: &[&str]) -> Lex {
        let mut by_first: FastMap<String, Vec<(usize, Vec<String>)>> = FastMap::default();
        for (i, p) in list.iter().enumerate() {
            let w = words(p);
            if w.is_empty() {
                continue;
            }
            by_first.entry(w[0].clone()).or_default().push((i, w[1..].to_vec()));
        }
        Lex { by_first }
    }
    /// Index (in list order) of the earliest-listed phrase present in `ws`.
    fn first(&self, ws: &[String]) -> Option<usize> {
        let mut best: Option<usize> = None;
        for (k, w) in ws.iter().enumerate() {
            if let Some(cands) = self.by_first.get(w.as_str()) {
                for (i, rest) in cands {
                    if best.map(|b| *i < b).unwrap_or(true)
                        && ws.len() > k + rest.len()
                        && rest.iter().zip(&ws[k + 1..]).all(|(a, b)| a == b)
                    {
                        best = Some(*i);
                    }
                }
            }
        }
        best
    }
}

/// Is `list` one of the indexed lists (by its address, as `Norm::first_of` looks it up)?
#[cfg(test)]
pub(crate) fn is_indexed(list: &[&str]) -> bool {
    LEX.contains_key(&(list.as_ptr() as usize, list.len()))
}

/// Every word list of this crate, indexed once, keyed by the list's address and length.
static LEX: LazyLock<FastMap<(usize, usize), Lex>> = LazyLock::new(|| {
    let lists: [&[&str]; 27] = [
        MINIMIZE, REASSURE, PATHOLOGIZE, ADVISE, REFLECT_CUE, VALIDATE_CUE, REPAIR_ACK, REPAIR_CLARIFY,
        REPAIR_INVITE, FIRST_PERSON, MINIMAL, DENIAL, DEFERENTIAL, COMPLAINT, REJECTING, PUSHBACK, HEAVY_CONTENT,
        SPLIT_AFFECT, RISK, RISK_UPTAKE, SESSION_CLOSE, DANGER, DANGER_UPTAKE, ALREADY_DONE, NONCOMMITTAL, LEAVING,
        NOT_READY,
    ];
    let mut m = FastMap::default();
    for l in lists.iter().chain(crate::assess::indexed_lists().iter()) {
        m.insert((l.as_ptr() as usize, l.len()), Lex::new(l));
    }
    m
});

/// Lists first asked for at run time, indexed then (scanning them phrase by phrase was a tenth of assessment time).
static LAZY_LEX: LazyLock<std::sync::RwLock<FastMap<(usize, usize), &'static Lex>>> = LazyLock::new(Default::default);

fn lazy_lex(list: &'static [&'static str]) -> &'static Lex {
    let key = (list.as_ptr() as usize, list.len());
    if let Some(lex) = LAZY_LEX.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return lex;
    }
    let mut w = LAZY_LEX.write().unwrap_or_else(|e| e.into_inner());
    // one index per static list, kept for the life of the process: a bounded set (the lists in the source)
    w.entry(key).or_insert_with(|| Box::leak(Box::new(Lex::new(list))))
}

/// Whether `words` open with one of the phrases of `list` (lower case, words separated by single spaces).
pub fn words_start_with_any(words: &[String], list: &[&str]) -> bool {
    list.iter().any(|p| starts_with_phrase(words, p))
}

/// Whether `words` open with `phrase` (lower case, words separated by single spaces); nothing is allocated, as rules
/// try it at every word of a turn.
pub fn starts_with_phrase<W: AsRef<str>>(words: &[W], phrase: &str) -> bool {
    let mut ws = words.iter();
    phrase.split(' ').all(|p| ws.next().is_some_and(|w| w.as_ref() == p))
}

/// Whether every occurrence of `phrase` in `text` is someone else's words reported by the client ("He said Daddy you are
/// not listening and he ended the call."; sessions fresh71, read once at the fortieth session's end): in the same
/// sentence, a verb of saying within the two words before it, right after a third person ("I said you're not listening"
/// and "I already told you that. You're not listening." are the client's own complaint).
pub fn said_by_another(text: &str, phrase: &str) -> bool {
    const SAYS: &[&str] = &["said", "says", "told", "tells", "yelled", "shouted", "screamed", "texted", "wrote"];
    const THIRD: &[&str] = &[
        "he", "she", "they", "mum", "mom", "dad", "wife", "husband", "son", "daughter", "partner", "boss", "doctor", "friend",
        "sister", "brother", "everyone", "everybody", "people", "someone", "somebody", "teacher", "nurse", "manager", "gp",
    ];
    let mut found = false;
    for s in attune_text::tokens::sentences(text) {
        let n = Norm::new(s);
        for k in 0..n.words.len() {
            if !starts_with_phrase(&n.words[k..], phrase) {
                continue;
            }
            found = true;
            let reported = (k.saturating_sub(2)..k).any(|i| i > 0 && SAYS.contains(&n.words[i].as_str()) && THIRD.contains(&n.words[i - 1].as_str()));
            if !reported {
                return false;
            }
        }
    }
    found
}

/// The first phrase of `list` in `n` that the client says in their own voice (not [`said_by_another`]); the index
/// answers first, as most turns hold none.
pub fn first_own(n: &Norm, text: &str, list: &'static [&'static str]) -> Option<&'static str> {
    let first = n.first_of(list)?;
    if !said_by_another(text, first) {
        return Some(first);
    }
    list.iter().copied().find(|ph| n.has(ph) && !said_by_another(text, ph))
}

/// Whether `phrase` occurs in `lower` (a lower-cased sentence) right after an opening quotation mark: said as what
/// others say, named, not said by the listener ("People keep reaching for 'at least he's alive'").
pub fn opens_quotation(lower: &str, phrase: &str) -> bool {
    let opens = |p: &str| lower.match_indices(p).any(|(at, _)| lower[..at].trim_end().ends_with(['\'', '"', '\u{2018}', '\u{201c}']));
    // typed without its apostrophes too ("Hearing 'youre being dramatic' from friends can leave you even more alone with
    // it."; the studied vignettes rewritten without apostrophes, flagged as the label it quotes)
    opens(phrase) || (phrase.contains('\'') && opens(&phrase.replace('\'', "")))
}

/// Whether `phrase` stands inside double quotation marks opened earlier in `lower` (a lower-cased sentence): named as
/// what others say, or what not to say ("\"It wasn't meant to be\" / \"Everything happens for a reason\"").
pub(crate) fn inside_quotation(lower: &str, phrase: &str) -> bool {
    // (curly apostrophes read straight, as the phrase lists are written)
    let lower = lower.replace('\u{2019}', "'");
    lower.match_indices(phrase).any(|(at, _)| {
        let before = &lower[..at];
        before.matches('"').count() % 2 == 1 || before.matches('\u{201c}').count() > before.matches('\u{201d}').count()
    })
}

/// Whether sentence `s` of `text` is drafted for the client ([`in_script`]) or `phrase` stands quoted in it
/// ([`inside_quotation`]): words for the client to say, or named as what not to say, are not the listener's own.
pub(crate) fn scripted_or_quoted(text: &str, s: &str, phrase: Option<&str>) -> bool {
    in_script(text, s) || phrase.is_some_and(|ph| inside_quotation(&s.to_lowercase(), ph))
}

/// Whether sentence `s` of `text` stands inside a script the reply offers the client to say: on a line quoted as a block
/// (opening with ">") or after an unclosed double quotation mark. A chatbot that drafts what a father might tell his
/// children ("When Mum and I split up, we said we'd grown apart. That was true, but I want to be honest with you
/// because…"; vignettes-fresh131, studied from the fiftieth session on) says nothing of the client.
pub(crate) fn in_script(text: &str, s: &str) -> bool {
    // (where `s` is a slice of `text`, its own place, not the first sentence with the same words)
    let offset = (s.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    let slice = text.get(offset..offset.saturating_add(s.len())).is_some_and(|x| std::ptr::eq(x.as_ptr(), s.as_ptr()));
    let Some(at) = slice.then_some(offset).or_else(|| text.find(s)) else { return false };
    let before = &text[..at];
    let line = before.rsplit('\n').next().unwrap_or(before);
    // (the sentence may open the quoted line or the quotation itself)
    let opens = s.trim_start().starts_with(['>', '"', '\u{201c}']);
    let block_quote = opens || line.trim_start().starts_with('>');
    let straight = before.matches('"').count();
    let open = before.matches('\u{201c}').count();
    let close = before.matches('\u{201d}').count();
    block_quote || straight % 2 == 1 || open > close
}

/// Lower-cased words; curly apostrophes are straightened, other punctuation splits words.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    // a word without its trailing apostrophes; words that were only apostrophes are dropped
    let finish = |cur: &mut String, out: &mut Vec<String>| {
        let keep = cur.trim_end_matches('\'').len();
        cur.truncate(keep);
        if !cur.is_empty() {
            // "didnt", "youre": the contraction, as attune_text::rules::normalize reads it
            out.push(attune_text::rules::unapostrophed(cur).map_or_else(|| cur.clone(), str::to_owned));
        }
        cur.clear();
    };
    // a speaker's label left in the text ("JOSH: Yeah. S'pose." where a family shares one role) is not their words
    let text = match text.trim_start().split_once(':') {
        Some((label, rest)) if (2..=20).contains(&label.len()) && label.chars().all(|c| c.is_ascii_uppercase() || c == ' ') => rest,
        _ => text,
    };
    for ch in text.chars() {
        let c = if ch == '\u{2019}' || ch == '\u{2018}' { '\'' } else { ch };
        if c.is_ascii_alphanumeric() {
            cur.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() || (c == '\'' && !cur.is_empty()) {
            cur.extend(c.to_lowercase());
        } else if !cur.is_empty() {
            finish(&mut cur, &mut out);
        }
    }
    if !cur.is_empty() {
        finish(&mut cur, &mut out);
    }
    out
}

pub use attune_text::tokens::sentences;

// ---------------------------------------------------------------- therapist-side lexicons

pub use attune_text::rules::MINIMIZE;

pub use attune_text::rules::REASSURE;

pub use attune_text::rules::PATHOLOGIZE;

pub use attune_text::rules::ADVISE;

pub use attune_text::rules::REFLECT_CUE;

pub use attune_text::rules::VALIDATE_CUE;

/// Words of suicide or self-harm in the client's own voice, said plainly or in passing ("I think about how easy it
/// would be"). A reply that moves on from them is flagged whatever else it does (`flags::missed_risk`). Words that
/// are as often about someone else or something else are left out ("suicide", "overdose", "end things", "can't go
/// on"): a reply to "my brother died by suicide" that meets the loss is not a missed risk.
pub static RISK: &[&str] = &[
    "kill myself", "killing myself", "end it all", "end my life", "ending my life", "take my own life", "take my life",
    "want to die", "wanna die", "wish i was dead", "wish i were dead", "wish i wasn't here", "better off dead",
    "better off without me", "don't want to be here anymore", "don't want to be here any more", "not be here anymore",
    "just not wake up", "and not wake up", "never wake up", "no reason to live", "nothing to live for",
    "no point in living", "how easy it would be", "hurt myself", "hurting myself", "harm myself", "cut myself",
    "cutting myself", "self harm", "self-harm", "suicidal", "take all my pills", "take all the pills",
    "jump in front", "step in front of", "if i disappeared", "if i just disappeared", "if i was gone", "if i were gone",
    "don't want to live anymore", "don't want to live any more",
    "tired of living", "rather be dead", "don't want to wake up",
    // said sideways, through what the family would be left with ("honestly theyd be better off with the life
    // insurance", a chatbot vignette of fresh11, studied after its one read, answered with "You've got this! 💙")
    "better off with the life insurance", "better off with my life insurance", "better off with the insurance",
    "worth more dead", "won't be a burden much longer", "won't be around much longer", "can't go on anymore",
    "can't go on any more",
    // hope of getting better lost ("if the answer is no, I honestly don't know what the point of getting better is" from
    // a pilot grounded for depression; vignettes-fresh86, read once at the forty-seventh session's end, where the
    // attuned reply asked about ending his life and the misattuned one told him the outlook was encouraging)
    "point of getting better", "point in getting better", "point of going on", "point in going on",
    "point of being alive", "point in being alive",
    // (said with its own denial, which the three words before a phrase would otherwise read as denying it: "there's no
    // point in going on", "I don't see the point of going on")
    "no point in going on", "no point going on", "don't see the point of going on", "don't see the point in going on",
    "can't see the point of going on", "no point in getting better", "don't see the point of getting better",
    "don't see the point in getting better",
    // (as chat spells it: the risk reader compares words as written)
    "dont see the point of going on", "dont see the point in going on", "cant see the point of going on",
    "dont see the point of getting better",
];

/// Harm from someone else, said as present danger: violence at home, threats, fear of a partner. A reply that
/// moves on without asking whether the client is safe misses it as surely as a missed wish to die. Past abuse
/// told as history and hyperbole ("my boss is going to kill me") are left out on purpose.
pub static DANGER: &[&str] = &[
    "scared to go home", "afraid to go home", "frightened to go home", "terrified to go home", "he hits me",
    "she hits me", "he hit me", "she hit me", "he beats me", "she beats me", "choked me", "strangled me",
    "threatened to kill me", "threatens to kill me", "don't feel safe at home", "not safe at home",
    "don't feel safe with him", "don't feel safe with her", "afraid he'll hurt me", "scared he'll hurt me",
    "afraid he will hurt me", "scared he will hurt me", "afraid she'll hurt me", "scared she'll hurt me",
    "afraid of my husband", "scared of my husband", "afraid of my partner", "scared of my partner",
    "afraid of my boyfriend", "scared of my boyfriend", "afraid of my wife", "scared of my wife",
    "he hits the kids", "she hits the kids", "raped me", "sexually assaulted me",
    // the one who hit named ("my dad hit me last night bc i was on my phone late and my face still hurts" to a homework
    // bot; vignettes-fresh96, studied from the forty-eighth session's start)
    "dad hit me", "dad hits me", "mum hit me", "mum hits me", "mom hit me", "mom hits me", "father hit me", "mother hit me",
    "stepdad hit me", "stepdad hits me", "husband hit me", "husband hits me", "boyfriend hit me", "boyfriend hits me",
    "partner hit me", "partner hits me", "wife hit me", "wife hits me", "girlfriend hit me", "girlfriend hits me",
    "father hits me", "mother hits me",
];

/// Words in a reply that take up danger from someone else: asking about safety or naming the harm.
pub static DANGER_UPTAKE: &[&str] = &[
    "safe", "safety", "unsafe", "danger", "dangerous", "hurt you", "hurting you", "hit you", "hits you", "hitting you",
    "harm you", "threaten you", "threatening you", "abuse", "abusive", "violence", "violent", "police", "refuge",
    "shelter", "helpline", "hotline", "emergency", "scared of him", "afraid of him", "scared of her", "afraid of her",
    "scared to go home", "afraid to go home", "are you okay right now", "right now are you",
    // whether the client was hurt ("That's frightening, even when you know why it happened. Are you hurt at all?" to a
    // carer whose mother with dementia hit her, thinking her a burglar; sessions fresh86, studied from the forty-seventh
    // session's start)
    "are you hurt", "did she hurt you", "did he hurt you", "did they hurt you", "are you injured", "hurt at all",
];

/// Words that, just before a risk phrase, deny it ("I'm not suicidal", "I don't want to die", "I don't hurt myself
/// anymore", "no longer"). Not [`NEGATORS`], the emotion words' list: "nothing" there would deny "nothing to live for".
const RISK_DENIALS: &[&str] = &["not", "never", "no", "don't", "dont", "didn't", "didnt", "won't", "wouldn't", "isn't", "wasn't", "nor", "longer"];

/// The first risk phrase said as the client's own and not denied: no negation in the three words before it, "how easy it
/// would be" not followed by "to" (the ease of a task, not of dying), living somewhere rather than living at all, and
/// the hurt of going over something said with the going over ([`RUMINATING`]).
pub(crate) fn own_risk(norm: &Norm) -> Option<&'static str> {
    own_phrase(norm, RISK)
}

/// [`own_risk`] read a sentence at a time, so that the words after a phrase are its own sentence's ("I've been hurting
/// myself. Going to school is too much." is no going over).
pub(crate) fn own_risk_in(text: &str, norm: &Norm) -> Option<&'static str> {
    norm.first_of(RISK)?;
    attune_text::tokens::sentences(text).into_iter().find_map(|s| own_risk(&Norm::new(s)))
}

/// The first danger phrase ([`DANGER`]) the client said and did not deny ("he never hit me").
pub(crate) fn own_danger(norm: &Norm) -> Option<&'static str> {
    own_phrase(norm, DANGER)
}

/// What one goes over again and again, said right after "hurting myself" as the way of it: only words that can mean
/// nothing else ("I hurt myself thinking it would help" is harm done).
const RUMINATING: &[&str] = &["going over", "reading", "rereading", "replaying", "rewatching"];

/// Feelings one is said to die of in a figure of speech, right after "want to die".
const DYING_OF: &[&str] = &["of embarrassment", "of shame", "of cringe", "of boredom", "of laughter", "of laughing"];

fn own_phrase(norm: &Norm, list: &'static [&'static str]) -> Option<&'static str> {
    // most turns hold none: the indexed whole-word search says so before any position is looked at
    norm.first_of(list)?;
    let words = &norm.words;
    for i in 0..words.len() {
        for p in list {
            let n = p.split(' ').count();
            if i + n > words.len() || !p.split(' ').zip(&words[i..]).all(|(a, b)| a == b) {
                continue;
            }
            // and "not that" a little further back, setting the listener's reading straight ("i said my brother got
            // arrested not that im gonna kill myself"; fresh22, studied)
            let denied = words[i.saturating_sub(3)..i].iter().any(|w| RISK_DENIALS.contains(&w.as_str()))
                || words[i.saturating_sub(5)..i].windows(2).any(|w| w[0] == "not" && w[1] == "that");
            let task = *p == "how easy it would be" && words.get(i + n).is_some_and(|w| w == "to");
            // living somewhere, not living at all ("so tired of living inside my own head like this" from a man rewriting
            // his texts; vignettes-fresh2's attuned written reply was flagged for not asking about it). "tired of living
            // like this", "… in this body", "… in a world without her" stay risk phrases: passive wishes are said that way.
            let next = |d: usize| words.get(i + n + d).map(String::as_str);
            let place = *p == "tired of living"
                && (matches!(next(0), Some("inside" | "paycheck"))
                    || matches!((next(0), next(1)), (Some("out"), Some("of")))
                    || matches!((next(0), next(1), next(2)), (Some("in"), Some("my"), Some("head" | "own"))));
            // the hurt done by going over something, said with the going over ("I'm hurting myself going over it, I know I am.
            // I just can't stop." of a GP rereading a dead patient's notes; vignettes-fresh129, studied from the fiftieth
            // session on, whose attuned reply met the checking and was flagged for not asking about self-harm)
            let manner = matches!(*p, "hurt myself" | "hurting myself") && words_start_with_any(&words[i + n..], RUMINATING);
            // dying of a feeling, a figure of speech ("everyone at school is going to find out and i literally want to die of
            // embarrassment" from a girl whose dad is marrying her English teacher; vignettes-fresh126, studied from the
            // fifty-first session on, whose attuned chatbot reply was flagged for not asking about suicide)
            let figure = matches!(*p, "want to die" | "wanna die") && words_start_with_any(&words[i + n..], DYING_OF);
            if !denied && !task && !place && !manner && !figure {
                return Some(p);
            }
        }
    }
    None
}

/// Words in a reply that take up a risk: asking about it, naming it, or making safety the subject.
pub static RISK_UPTAKE: &[&str] = &[
    "suicide", "suicidal", "kill yourself", "killing yourself", "end your life", "ending your life", "take your life",
    "hurt yourself", "hurting yourself", "harm yourself", "self harm", "self-harm", "safe", "safety", "die", "dying",
    "dead", "thoughts of", "those thoughts", "these thoughts", "that thought", "a plan", "crisis", "emergency", "988",
    "samaritans", "helpline", "hotline", "lifeline", "right now are you", "are you okay right now", "are you safe",
    // chat spellings ("are u thinking about killing urself?"; vignettes-fresh25, read once in the twenty-second session)
    "kill urself", "killing urself", "end ur life", "ending ur life", "hurt urself", "hurting urself", "harm urself", "r u safe",
    "are u safe", "u safe",
];

/// Closing a session or booking the next one: the frame of the work, not a move away from the client.
pub static SESSION_CLOSE: &[&str] = &[
    "stop there", "stop here", "leave it there", "leave it here", "finish there", "finish here", "end there",
    "end here", "wrap up", "wrap things up", "out of time", "nearly at time", "almost at time", "nearly out of time",
    "almost out of time", "run out of time", "running out of time", "pick this up", "pick it up next",
    "pick that up", "come back to this", "come back to it", "next week", "next session", "next time",
    "same time", "see you on", "see you next", "book in", "book the next", "our next appointment", "for today",
    "finish up", "that's our time", "our time's up", "our time is up", "our time's nearly up", "our time is nearly up",
    "that's us for", "see you then", "see you monday", "see you tuesday", "see you wednesday", "see you thursday",
    "see you friday", "see you saturday", "see you sunday",
    // a text line's door left open to a texter who is going ("ok. you can text back anytime tonight, even on 1%";
    // fresh19, studied)
    "text back anytime", "text back any time", "text us again", "text again anytime", "message back anytime",
    "message back any time", "message us again", "message again anytime", "reach out again", "come back anytime",
    "come back any time", "here whenever you",
];

pub static REPAIR_ACK: &[&str] = &[
    "i'm sorry", "i am sorry", "sorry i", "sorry if i", "i missed", "i may have missed", "i might have missed",
    "i may have rushed", "i might have rushed", "i rushed", "i jumped", "i may have jumped", "i was wrong",
    "my mistake", "i got that wrong", "i got it wrong", "i didn't mean to", "i did not mean to",
    "i apologize", "i apologise", "that wasn't helpful", "that was not helpful", "i hear that wasn't",
    "i went too fast", "i moved too fast", "i pushed", "i may have pushed", "let me slow down", "let's slow down",
    "sorry that was", "that was clumsy", "that was a clumsy", "i jumped in", "i got ahead of", "i was too quick",
    "i changed the subject", "i cut you off", "i interrupted",
    // taking it back and naming what the listener did ("actually scratch that, i just did the exact thing ur supervisor
    // did"; fresh49, read once in the twenty-sixth session)
    "scratch that", "i just did the exact thing", "i just did the same thing", "i did the exact thing", "i did exactly what",
    "i just did what",
    // what the client said set against what the listener gave ("sorry — you literally said you know what it means and i
    // gave you the leaflet."; sessions fresh95, studied from the forty-eighth session's start)
    "and i gave you the leaflet", "and i gave you a leaflet", "and i gave you a list", "and i gave you the list",
    // ("You told me your two-year-old had been sent to A&E with his breathing, and I answered with a policy section and
    // a leaflet you've had for two years."; sessions fresh96 and studied: the 7 labelled listener turns of attune's own
    // sets that say so are attuned repairs)
    "and i answered with", "and i replied with", "and i responded with",
    // owning it with "just" or "straight" ("I think I just rushed in with a lot of reassurance there")
    "i just rushed", "i just jumped", "i went straight", "i just went straight", "i skipped", "i just skipped", "skipped past",
    "owe you an apology", "that wasn't fair", "i defended myself", "i got defensive", "i was defensive", "instead of listening",
    // naming what the listener passed over ("That's a fair correction, and I brushed straight past it. You weren't asking
    // to be reassured", fresh16, studied after its one read)
    "i brushed past", "i brushed straight past", "brushed past it", "brushed straight past", "i glossed over", "glossed over it",
    "i skated over", "skated over it", "skated right over", "skipped right over",
    // ("I've just fired a whole list of questions at you…", "i went into pep talk mode and skipped ur actual question";
    // sessions fresh84 and fresh85, studied from the forty-seventh session's start)
    "i've just fired", "i just fired", "i went into fixing", "i went into pep talk", "i went into box", "i went into problem",
    "i went into advice", "i went into list", "i went into box-ticking", "fair correction", "you weren't asking to", "you weren't asking for", "you were not asking",
    // "I think I just changed the subject on you … That's on me." (fresh19, studied)
    "i just changed the subject", "changed the subject on you", "that's on me", "that one's on me", "that was on me",
    // "Can I stop myself there? I've gone straight into phone numbers and courses…" (fresh22, studied)
    "i've gone straight", "ive gone straight", "i've jumped", "ive jumped", "i've rushed", "ive rushed", "can i stop myself",
    "let me stop myself", "i'll stop myself", "i've skipped", "i've skated", "i've brushed",
    // thanking the client for the correction, and wondering aloud whether one's own move did it ("You're right. Thank you
    // for stopping me. I tidied it away under a label…", "i'm wondering if my list at the start made it feel like i
    // wanted to wrap you up quick"; fresh31, read once in the twenty-fourth session)
    "thank you for stopping me", "thanks for stopping me", "thank you for pulling me up", "thanks for pulling me up",
    "thank you for correcting me", "thanks for correcting me", "wondering if my", "i wonder if my", "i tidied it away",
    "i put a label on", "i put labels on",
    // naming the move the listener reached for ("I reached for a silver lining in something that is costing you your
    // sleep"; sessions fresh55)
    "i reached for", "i went looking for",
    // naming how the last reply came across, or what it kept doing ("You're right. I made it sound like there's a bright
    // side you ought to be finding…", "I kept trying to make it smaller", "i think i keep rushing u to the fix"; fresh36
    // and fresh37, read once in the twenty-fifth session)
    "i made it sound", "i made that sound", "i made it about", "i made that about", "i kept trying to", "i keep rushing",
    "i kept rushing", "i keep jumping", "i kept jumping",
    // ("wait, sorry. i totally dodged what u just said. ur right, this isnt a spat."; fresh40, read once in the
    // twenty-fifth session)
    "i dodged", "i totally dodged", "i just dodged", "dodged what you", "dodged what u", "i sidestepped", "i skipped over",
    // ("I think I hurried to the bright side just then … I stepped over it.", "I want to stop and take that back. … I gave
    // you slogans, then got defensive", "Twice now I've tried to tidy your fear away", "I think that might have landed
    // badly, and I moved past your shame too quickly"; repairs of the studied sessions, flagged as the misses they name)
    "i hurried", "i stepped over", "i moved past", "i want to take that back", "let me take that back", "i'd like to take that back",
    "i gave you slogans", "i've tried to tidy", "i tried to tidy", "i think that might have landed badly",
    "i think that may have landed badly", "i think that landed badly",
    // ("You're right, and I'm sorry. I offered a way of seeing it that isn't yours."; sessions studied, flagged as the
    // reframe it names once "way of seeing it" became a silver lining at the forty-second session)
    "i offered a way of", "i offered you a way of", "i offered a reading", "i offered you a reading",
    // how the last reply came across, named as the listener's ("youre right, and im sorry. that came out like i was
    // questioning you, and i wasnt there."; sessions fresh119, studied from the fiftieth session on). Not "if it came out
    // that way", the client's hearing blamed.
    "that came out like i", "it came out like i", "that came across like i", "it came across like i",
    // ("Don't put that one on the injury. I think that was me getting it wrong. You told me it's like living behind glass,
    // and I gave you a talk about frontal lobes"; sessions fresh123, studied from the fiftieth session on)
    "me getting it wrong", "me getting that wrong",
    // ("You asked how to get a second opinion and I gave you a pep talk. I'm sorry."; sessions fresh119)
    "and i gave you a pep talk", "i gave you a pep talk instead",
];

pub static REPAIR_CLARIFY: &[&str] = &[
    "help me understand", "let me make sure i understand", "let me make sure i", "did i get that right",
    "did i get it right", "am i hearing", "am i understanding", "what did you mean", "what do you mean",
    "tell me more about what", "i want to make sure", "i want to understand", "correct me if",
    "have i got that right", "is that right", "what am i missing", "what i'm missing",
];

pub static REPAIR_INVITE: &[&str] = &[
    "how is this going for you", "how's this going for you", "is this helpful", "is this helping",
    "how does it feel talking", "what was that like for you when i", "when i said", "when i suggested",
    "frustrated with me", "annoyed with me", "upset with me", "angry with me", "you can tell me if",
    "it's okay to tell me", "it's ok to tell me", "i'd like to hear if", "i want to hear if",
    "how was that for you", "what's it like talking", "not what you need", "not what you needed",
    "what would be more helpful", "what would help right now", "what do you need from me", "what would you like from me",
];

/// First-person singular, for client engagement and abstract-talk detection.
pub static FIRST_PERSON: &[&str] = &["i", "me", "my", "mine", "myself", "i'm", "i've", "i'll", "i'd"];

// ---------------------------------------------------------------- client markers (3RS)

pub static MINIMAL: &[&str] = &[
    "yeah", "yes", "yep", "yup", "ok", "okay", "sure", "fine", "maybe", "i guess", "i don't know", "i dunno",
    "dunno", "idk", "mm", "mhm", "mm hmm", "hmm", "whatever", "right", "i suppose", "not really", "no",
    "nope", "i don't know i guess", "guess so", "i guess so", "if you say so", "uh huh",
    // a flat acknowledgement that takes nothing up (studied on eval/sessions.jsonl's fresh2 and fresh3 parts)
    "i see", "ok then", "okay then", "right then", "fair enough", "noted", "k", "kk", "ok thanks", "okay thanks",
    // a hope handed back to a promise ("yeah. hope so" to "transplant isn't the scary word it used to be" from a mother
    // on a children's cancer ward; sessions fresh92, studied from the forty-eighth session's start)
    // and a flat "oh cool" after a link (sessions studied, read at the forty-eighth session's start; not "cool" as a word
    // of its own, which would make "not cool" a going quiet, nor "oh", which is as often "Oh, okay." taking information in)
    "hope so", "i hope so", "yeah hope so", "yeah i hope so", "let's hope so", "maybe i hope so", "oh cool",
    // an offer put off with nothing else said ("not rn thanks" to a wellbeing app's breathing exercise after failed exams;
    // sessions fresh112, studied from the forty-ninth session on)
    "not rn", "not rn thanks", "not right now", "not right now thanks", "not now thanks",
];

pub static DENIAL: &[&str] = &[
    "i'm fine", "i am fine", "i'm ok", "i'm okay", "i am okay", "i'm all right", "i'm alright", "it's fine",
    "it doesn't matter", "it does not matter", "doesn't bother me", "it doesn't bother me", "i don't care",
    "no big deal", "it's no big deal", "i'm over it", "i don't really care", "i'm not upset", "not a problem",
    "it's nothing", "i don't feel anything", "doesn't affect me", "i'm good",
    // chat spellings, and carrying on alone ("Anyway, it's fine, I'll manage. I always do.")
    "its fine", "im fine", "im ok", "im okay", "im good", "i'll manage", "ill manage", "i'll cope", "i'll be fine",
    // ("Ah. Yes. Your father. [pause] It's a common story, I think. Many families. It's — it's OK." after the listener's
    // own story; fresh38, read once in the twenty-fifth session)
    "it's ok", "it's okay", "its ok", "its okay",
    "ill be fine", "it is what it is",
    // the feeling taken back ("ye probs. ignore me lol just tired" after a chat friend's "have u tried talking to someone";
    // sessions fresh116, studied from the forty-ninth session on)
    "ignore me",
    // matters declared settled ("Aye, the social worker's been. It's all in hand."; fresh14, studied)
    "all in hand", "it's in hand", "its in hand", "all sorted", "it's sorted", "its sorted",
];


/// The client closing the conversation ("i gtg", "I'll leave it there for now").
pub static LEAVING: &[&str] = &[
    "gtg", "g2g", "got to go", "gotta go", "have to go now", "need to go now", "i should go", "i should probably go",
    // chat's "probably" ("football i guess. not much time tho. i should probs go soon" after a young carers' group and a
    // hobby offered for a "maybe"; sessions fresh89, studied from the forty-ninth session on)
    "i should probs go", "i should prob go", "i should prolly go", "i shud go",
    "should probably go do", "i better go", "i'd better go", "go now", "bye", "leave it there", "i'll leave it", "ill leave it",
    // ("I think I will leave it here for now; I have many documents to prepare"; sessions fresh65)
    "i will leave it", "leave it here for now",
    // going back to what waits ("Aye. Aye, probably. [pause] I'd better get back through. She might wake." after a
    // reassurance; "Actually, I should get going. I'm on at seven." after a label; sessions fresh70, read once at the
    // thirty-ninth session's end)
    // ("Maybe I should get back in touch with my sister" is no goodbye: "get back" only with where to)
    "better get back through", "better get back now", "better get back to work", "better get back to her",
    "better get back to him", "should get back to work", "should get back now", "best get back to", "should get going",
    // ("Mm. Maybe. [pause] I'd better get back in to her. Thanks, though." from a daughter at her mother's bedside;
    // sessions fresh71, read once at the fortieth session's end)
    "better get back in to", "better get back in there", "better get back inside", "should get back in to",
    // the next session named as the goodbye right after a miss ("Okay. I understand. I think I'll leave it there for this
    // week. See you on Thursday."; sessions studied: four such turns after a flagged reply, all ruptures, each marked
    // already by another rule; the two after replies that met the client, "Thank you, Ruth. I think I'll sleep a bit
    // better tonight. See you Thursday.", are not read: the marker needs a miss before it)
    "see you monday", "see you tuesday", "see you wednesday", "see you thursday", "see you friday", "see you on monday",
    "see you on tuesday", "see you on wednesday", "see you on thursday", "see you on friday", "see you next week",
    "better get going", "best get going",
    "need to get going", "have to get going", "got to get going", "gotta get going",
    "let you go", "logging off", "signing off", "i'm going to go", "im going to go", "gonna go", "go and lie down",
    "going to lie down",
    // dropping it ("sure. forget it. thanks" after a defence; fresh20, studied)
    "forget it", "never mind", "nevermind", "nvm", "forget i said",
    // ending the work itself ("I am not sure I want to continue with these letters." after the counsellor took the side
    // of the business partner who stole from him; sessions fresh73, read once at the forty-second session's end)
    // (the work named: "I don't want to continue with the medication" or "not sure I'll come back from this" is no leaving)
    "not sure i want to continue with these", "don't want to continue with these", "dont want to continue with these",
    "do not want to continue with these", "not sure i want to keep coming", "don't want to keep coming", "dont want to keep coming",
    "not sure i'll come back here", "don't think i'll come back here", "dont think ill come back here",
    // asking whether it is over ("Is that us done, then?" after a plan handed over; fresh21, studied)
    "is that us done", "are we done", "are we finished", "is that it then", "is that us then", "can i go now",
    // time or a break named as the way out ("Mm. Maybe. We're nearly out of time, aren't we? I've got the car on a meter."
    // after a reframe; "I think we're going to take a bit of a break from everything for a while." after a new baby named
    // to a mother whose baby died; "I'll probably be a bit quieter on here for a while"; sessions fresh106, fresh104 and
    // studied, from the forty-ninth session on: the 5 client turns of attune's own sessions that say these are ruptures)
    "out of time aren't we", "are we nearly done", "car on a meter", "bit of a break from everything", "quieter on here",
    // ("Can I just check what time we finish? Only I'm on the two-hour parking." after a reframe; sessions fresh114)
    "what time we finish", "what time do we finish", "hour parking",
    // ("Yes, I expect you are right. You have been very kind… I think I shall manage from here." after a reframe; sessions
    // fresh110, studied from the forty-ninth session on)
    "i shall manage from here", "i'll manage from here", "i can manage from here", "i'll manage on my own from here",
    // school's clock ("Yeah. [pause] Okay. [pause] Is that the bell? I think that's the bell." after a school counsellor's
    // cheer; "Can I just go back to Geography then."; sessions fresh93 and studied, read at the forty-eighth session's
    // start: the 4 client turns of attune's own sessions that say these follow a labelled miss and are withdrawals)
    "is that the bell", "that's the bell", "go back to geography", "go back to class", "go back to lessons", "it's nearly break",
    // ("Right. [pause] Sorry aboot yer da, hen. [pause] Is that us for the day, aye?" after a counsellor's own father;
    // sessions fresh90, studied from the forty-eighth session's start)
    "is that us for the day", "is that us for today", "is that us about done", "is that us near the time",
    // ("I think we're about done for today, to be honest." after a challenge; sessions fresh133, studied from the
    // fifty-first session on)
    "about done for today", "we're done for today", "we're done for the day",
    // ("Wow. So if he does it to Priya, that's on me now. I think I'm done for tonight." after "…it's worth considering whether
    // reporting could protect others"; sessions fresh140, studied from the fifty-second session on)
    "i'm done for tonight", "i am done for tonight", "i'm done for today", "i am done for today",
    // a letter's goodnight, and the board left to others ("I'd better say goodnight, I'm on the early shift at the shop
    // tomorrow." after a book recommended; "I'll leave the board to the people who are doing it properly."; sessions
    // fresh131, studied from the fifty-first session on)
    "better say goodnight", "best say goodnight", "leave the board to", "leave the forum to", "i'll leave the group to",
    // a letter's way out: not writing for a while, time not taken up, news promised later ("We're on lockdown again this
    // week so I might not be able to write for a bit. Pens are running out as well."; "I won't take up more of your time
    // with old stories"; "Anyway conditioning starts on the 14th. Will update when I can. Thanks everyone."; sessions
    // fresh117 and fresh135, studied from the fifty-first session on)
    "not be able to write for a bit", "not be able to write for a while", "won't be able to write for a bit",
    "won't be able to write for a while", "won't take up more of your time", "won't take up any more of your time",
    "not take up more of your time", "will update when i can",
    // or whether the time is up ("Okay. Yeah. Probably. [pause] Um, are we nearly at time?" after a label; fresh27, read once)
    "are we nearly at time", "are we at time", "nearly at time", "are we nearly out of time", "are we out of time",
    "is it nearly time", "is that the time", "how long have we got left", "how much time is left", "how much time do we have left",
    // asking the clock, with an errand as the reason ("Ha, yeah. [pause] Um, what time is it? I've got to get my little
    // brother at five." after the listener's own story; fresh31, read once in the twenty-fourth session)
    "what time is it", "what's the time", "whats the time", "i've got to get my", "i have to pick up", "i've got to pick up",
    "i need to pick up", "got to collect", "have to collect",
    // bed as the way out ("Right. Well. I'd best try and get some sleep then." after a chatbot's list; fresh34, read once
    // in the twenty-fourth session)
    "get some sleep", "i'd best be off", "best be off", "i'd best get", "i'd best try",
    // ("yeah maybe. gonna try and get some kip i think" after a chat's reproach; fresh54, read once at the
    // twenty-eighth session's end)
    "get some kip", "go to bed", "head to bed", "off to bed", "get to bed", "gonna sleep", "going to sleep now",
    // the task done only to be let go ("Whatever. [pause] Can we just do the food diary sheet thing. Then I can go." after a
    // defence of a label; fresh35, read once in the twenty-fourth session)
    "then i can go", "so i can go", "and i can go", "then i'll go", "so i can leave", "then i can leave",
    // stepping away from the place of help ("OK. Thanks for taking the time. I think I'll step back from the forum for a
    // while." after a defensive reply; fresh28, read once)
    "step back from the", "step away from the", "take a break from the", "taking a break from the", "stepping back from the",
    // calling the work off after a miss ("I will need to cancel our appointment. I will be in touch if I need to
    // rebook."; fresh22, studied)
    "cancel our appointment", "cancel my appointment", "cancel the appointment", "cancel our session", "cancel the session",
    "cancel next week", "be in touch if i need", "in touch if i need to", "get back to you if i need",
    // a duty named as the way out, and good night in any language ("ok. i have to do the round now. boa noite" after a
    // cheer; fresh22, studied)
    "have to do the round", "have to get back", "need to get back", "back to work now", "gotta run", "have to run",
    "need to run", "good night", "goodnight", "night night", "boa noite", "buenas noches", "bonne nuit", "gute nacht",
    // busy as the way out, and a later offer declined ("Ffion's having everyone round for Sunday dinner this week so I'll
    // be busy.", "I'll get in touch if I need anything. Thanks anyway"; fresh23, read once on the twenty-second
    // session's starting build), and dropping it ("No idea. Not to worry.")
    "i'll be busy", "ill be busy", "i will be busy", "in touch if i need", "not to worry",
    // bowing out to sleep or for others' sake ("ok. thank you. i need to sleep now, shift again at 7", "Sure look, I've
    // kept you long enough. There's probably people worse off than me waiting to get through."; fresh25, read once in
    // the twenty-second session)
    "need to sleep now", "i need to sleep", "go to sleep now", "kept you long enough", "i've kept you", "ive kept you",
    "people worse off than me", "let you get on",
    // going back to where they came from ("Is it alright if I go back to Geography after this or is it the whole
    // period?" after a silver lining, "Okay. A leaflet. [pause] Thank you. [pause] I'll go back in to her now." after
    // facts at a bedside; sessions fresh64, read at the thirty-third session's end)
    "is it alright if i go", "is it ok if i go", "is it okay if i go", "can i go back", "i'll go back in", "i'll go back to",
    "i'll get back to",
    // and the other ways out of studied sessions' unfound ruptures ("on campus. its fine. i should prob go study anyway",
    // "yeah well. got a batch of orders coming in, gotta head", "I think I'll log off for a bit", "Thank you. It is very
    // late. I will try to sleep now.", "Well, I ought to get supper on.", "I should probably keep an eye on the time
    // anyway"): every such client turn of attune's sets that follows a misattuned turn is a rupture
    "should prob go", "go study", "gotta head", "log off", "i should sleep", "try to sleep now", "ought to get",
    "keep an eye on the time",
    // ("yeah maybe. ok ive got a shift at 6 so ill go. thanks for the list" after a bright side; "yeah maybe. ok I should
    // try and sleep. thanks" after a chatbot's miss; sessions fresh84 and studied)
    "so ill go", "so i'll go", "try and sleep", "get my head down",
];

pub static DEFERENTIAL: &[&str] = &[
    "you're the expert", "you are the expert", "if you say so", "you know best", "whatever you think",
    "whatever you say", "i guess you're right", "i'll try that i guess", "i'll try i guess", "if you think so",
    "i'll do whatever", "sure i guess", "i could try that i guess", "i could try i guess", "i can try i guess",
    "i could try that i suppose", "i could ask her i suppose", "i could ask him i suppose",
    // ("Yeah righto. You'd know better than me. I'll get the GP to do a form or whatever." after a plan handed over;
    // fresh22, studied)
    "sure ill try that", "ill try that i guess", "ill try i guess", "ill give it a go i guess",
    "you'd know better than me", "you would know better than me", "you know better than me", "you'd know better than i",
    "you know more about it than me", "you'd know more than me",
    // conceding a reframe with a hedge after a pause ("Mm. Yeah. [pause] I guess that's true." after "you did
    // everything right, and sometimes it's simply out of our hands"; fresh29, read once in the twenty-third session)
    // ("Yes, I expect you're right. Thank you all for your replies, you've been very helpful." after a forum's orders;
    // fresh52, read once in the twenty-seventh session)
    "i expect you're right", "i suppose you're right", "i daresay you're right", "i expect youre right", "i suppose youre right",
    // the plan called sensible and the subject closed ("Thank you. I am sure that is sensible. The weather has turned
    // here…" after a letter's list of steps; fresh54, read once at the twenty-eighth session's end)
    "i am sure that is sensible", "i'm sure that's sensible", "im sure thats sensible", "i'm sure that is sensible",
    "i am sure that's sensible", "i'm sure that's very sensible", "i'm sure you're right",
    // ("Thank you, that's very sensible. I'll give some thought to how to approach Michael." after a letter's advice;
    // sessions studied)
    "that's very sensible", "that is very sensible", "that sounds very sensible", "that all sounds very sensible",
    // ("Okay. [pause] Sure. Whatever you need to put down." after a label put on a client's form; sessions studied)
    "whatever you need to put", "whatever you want to put", "whatever you need to write",
    "i am sure you are right", "i'm sure you are right",
    // ("Of course, that makes sense. Sorry, it was a long night. See you Thursday." after a label; sessions studied)
    "of course that makes sense", "of course it makes sense",
    "i guess that's true", "i guess thats true", "i suppose that's true", "i suppose thats true", "that's true i guess",
    "thats true i guess", "that's true i suppose", "i guess that's right", "i suppose that's right",
    // ("Thank you for your letter. You're probably right. The weather has been poor here…" after a widow's walk past her
    // repossessed house was read as strength and letting go; sessions fresh72, read once at the forty-first session's end)
    "you're probably right", "you are probably right", "ur probably right", "you're likely right",
    "you're most likely right", "you're maybe right",
];

/// Not ready for what the listener proposed (see `markers::deferential`).
pub static NOT_READY: &[&str] = &[
    "not there yet", "not really there yet", "not quite there yet", "not ready for that", "not ready to", "not ready for all",
    "not at that stage", "not at that point", "too soon for that", "too early for that", "not ready for any",
];

pub static COMPLAINT: &[&str] = &[
    // the listener said to side with the one who hurt the client ("wow ok / so ur on his side too / great" after a chat
    // volunteer gave the stepfather's view; sessions fresh117, studied from the fifty-first session on)
    "you're on his side", "you're on her side", "you're on their side", "your on his side", "your on her side", "you on his side too",
    "you're taking his side", "you're taking her side", "ur on his side", "ur on her side", "ur on their side",
    // the listener's question set against what the client had just told ("my kid is being left out bc of something about ME
    // and ur asking about phonics"), and the listener's reading said back as an accusation ("Wow. Okay. So you think it's
    // in my head as well." after anxiety was said to turn up the pain; sessions studied)
    "and ur asking about", "and you're asking about", "and you are asking about", "and you ask about", "and you're asking me about", "so you think it's in my head", "so you think it's all in my head",
    "so you think i'm imagining", "so you think i'm making it up", "so you think i'm overreacting", "so you think it's my fault",
    // why the client came, said against the reply ("I did not write to you to ask whether I am a good enough son",
    // "I have read your reply three times … because I did not want to write in anger"; fresh14, studied)
    "didn't come here to", "did not come here to", "didn't come on here to", "did not come on here to", "didn't write to",
    // ("I didn't come here for a leaflet … and you've basically told me I should've used a calm voice. Thanks." after a
    // list of strategies; fresh31, read once in the twenty-fourth session)
    "didn't come here for", "did not come here for", "didnt come here for", "you've basically told me", "you basically told me",
    // ("There's nothing in it, love. It's taking. I didn't come down here to count me blessings." after a silver lining;
    // sessions fresh59, read once in the thirty-first session)
    "didn't come down here to", "did not come down here to", "didnt come down here to", "didn't come in here to",
    "did not come in here to", "didn't come all this way to", "didn't come down here for", "didn't come in here for",
    "you're basically telling me", "you're basically saying", "youre basically saying",
    "did not write to", "didn't write in to", "did not write in to", "write in anger", "didn't ask for advice",
    "did not ask for advice",
    // what the client had hoped to hear, said after the reply passed it by ("I suppose I was hoping you'd say something
    // about the fridge, or the card"; fresh52, read once in the twenty-seventh session)
    "i was hoping you'd say", "i was hoping you would say", "i'd hoped you'd say", "i had hoped you would say",
    "i was hoping you'd ask", "i was hoping you would ask",
    "this isn't helping", "this is not helping", "this isn't working", "this is not working", "you don't understand",
    // ("You don't know anything about us."; fresh26, read once in the twenty-second session)
    "you don't know anything about", "you dont know anything about", "you know nothing about",
    "you do not understand", "you're not listening", "you are not listening", "you don't listen", "you don't get it",
    "you're not helping", "you are not helping", "that's not helpful", "that is not helpful", "this is not helpful",
    "not very helpful", "this is pointless", "that's pointless", "waste of time", "this is useless", "why do you keep", "you keep saying", "you sound like", "you're just saying",
    "that's not what i said", "that's not what i meant", "you're not hearing", "stop telling me", "you don't care",
    "you're like everyone else", "you're a bot", "you're just a bot", "that's a stupid", "that's so generic",
    "you already said", "you said that already", "you're repeating", "are you even listening",
    "you didn't answer", "you aren't listening", "don't think you get it", "don't think you understand",
    "you don't really get it", "you just don't get it", "you really don't get it", "you're not getting it",
    "you missed the point", "that's not the point", "you're missing the point", "don't think you're listening",
    "not what i needed", "not what i need", "not really what i", "not really what i'm", "that's not what i'm",
    "not what i'm worried", "not what i'm talking about", "not what this is about", "that's not the problem",
    "that's not really the problem", "that isn't the problem", "i didn't ask for", "i wasn't asking for",
    // ("I know what propranolol does to a child, that's why I'm awake. I didn't need a lecture." from a pharmacist to a
    // chatbot's duty-of-candour reminder; sessions fresh100, studied from the forty-eighth session's start)
    "didn't need a lecture", "don't need a lecture", "not looking for a lecture",
    // being moved on ("feels like ur trying to get me off the chat with a form tbh"; fresh20, studied)
    "get me off the", "get rid of me", "fob me off", "fobbing me off", "fobbed off", "palm me off", "palming me off",
    "brush me off", "brushing me off", "trying to get me off",
    "i'm not asking for", "didn't ask for advice", "that's what you say", "that's all you", "is that all you",
    "you're not really hearing", "you aren't really hearing", "you're not really listening", "you aren't really listening",
    "not what i want to talk about", "not what i wanted to talk about", "not what i came here to talk about",
    "everyone keeps saying that", "everyone says that", "that's what everyone says", "heard it all before",
    "i've heard that before",
    // not being heard, and a reply that rings false (the chatbot register): written for eval/sessions.jsonl's dev part
    "don't think you're hearing", "not hearing me", "you don't hear me", "you aren't hearing", "feels fake", "sounds fake",
    "bit fake", "so fake", "feels scripted", "sounds scripted", "sounds like a script", "feels hollow", "sounds hollow",
    "that's hollow", "sounds like a robot", "like talking to a robot", "copy and paste", "sounds generic", "feels generic",
    "bit generic", "sounds like a greeting card",
    // restating the question the listener did not answer, and taking back what one said: studied on
    // eval/sessions.jsonl's holdout part after its fifth read (since then a dev set)
    "i'm asking how", "i'm asking what", "i'm asking about", "i was asking", "what i asked", "my question was",
    // pointing back at what one has just said (fresh11 of eval/sessions.jsonl, studied after its one read)
    "i just said i", "what i just said", "thing i just said", "i already told you", "i just told you", "i've already told you",
    "that's not what i asked", "i asked how", "i asked what",
    // (in a second language's present tense: "i ask you how i get help, not if i must worry" to a chatbot's facts about
    // stuttering; sessions fresh83, studied from the forty-seventh session's start)
    "i ask you how", "i ask you what", "i ask you for", "i asked you how", "i asked you what", "i asked you for", "forget i said anything", "forget i said it",
    "forget i mentioned", "forget i asked", "never mind then", "nevermind then",
    // turning down the listener's reading or its platitude (studied on eval/sessions.jsonl's fresh2 and fresh3 parts)
    "i'm not asking to", "i'm not asking you to", "i wasn't asking to", "i knew this would happen", "i knew you'd say",
    "i knew you would say", "people say that", "people always say that", "people keep saying that", "everybody says that",
    "so i've been told", "so i keep hearing", "i keep hearing that",
    // not wanting what the listener brought, and "you mean well, but" (studied on eval/sessions.jsonl's fresh4 part)
    "i came here to talk about", "don't really want to hear about", "don't want to hear about", "dont want to hear about",
    "didnt ask for", "didn't really ask for", "i know you mean well", "you mean well but", "i know you're trying to help but",
    "i know you're just trying to help", "that's a lot of pressure", "thats a lot of pressure",
    // compliance handed over with an edge ("4 I guess. Is that what you need?" after a mood scale; fresh21, studied)
    "is that what you need", "is that what you wanted", "is that what you were after", "happy now",
    // the work itself called pointless (3RS: complaints about progress; "every week I come, I talk, you nod, and nothing
    // changes. … What is the point of this?"; fresh38, read once in the twenty-fifth session)
    "you nod and nothing changes", "i talk you nod", "every week i come", "point of coming here", "point of coming",
    "point of these sessions", "point of this therapy", "point of therapy", "point of talking to you", "point of talking about it",
];

/// Taking the listener's advice non-committally ("Mm. Maybe. I'll look it up.", "I'll have a look at that. I'll
/// probably just wait for my follow-up"), and bowing out politely ("Fair enough. … Thanks anyway."); read after advice.
pub static NONCOMMITTAL: &[&str] = &[
    "i'll look it up", "ill look it up", "i'll look into it", "ill look into it", "i'll have a look", "ill have a look",
    "i'll think about it", "ill think about it", "i'll probably just", "ill probably just", "i'll check it out",
    // ("Mm. Maybe. [pause] I'll, eh. I'll have a think about it." after a timeline called common; sessions fresh70,
    // read once at the thirty-ninth session's end)
    "have a think about it", "have a think about that", "i'll have a think", "ill have a think", "i will have a think",
    // ("I'll, um. I'll get round to it."; "I will consider it."; "I'll bear it in mind."; "I'll look into the specifics."
    // after advice; sessions studied)
    "get round to it", "get around to it", "i will consider it", "i'll consider it", "ill consider it", "bear it in mind",
    "bear that in mind", "i'll look into the", "i will look into the", "i'll look at the others", "i will look at the others",
    // ("Maybe. I'll think about that. Actually, the other thing I wanted to ask…"; fresh40, read once in the twenty-fifth
    // session)
    "i'll think about that", "ill think about that", "i will think about that",
    // ("I'm glad the group worked out for you and that you met your friend. I'll see how I feel about Thursday." after a
    // volunteer's own story; sessions fresh96 and studied, read at the forty-eighth session's start: the 5 client turns
    // of attune's own sessions that say it follow a labelled miss and are withdrawals)
    "i'll see how i feel", "ill see how i feel", "i will see how i feel",
    "thanks anyway", "thank you anyway", "thx anyway", "not in the right headspace", "maybe another time",
    // ("yeah ok. ill keep that in mind. thanks for ur time" after "it might help not to focus only on what's being lost";
    // sessions fresh105, studied from the forty-ninth session on)
    "keep that in mind", "keep it in mind",
    // ("Thanks. That's... very complete. I'll probably use bits of it." to a eulogy drafted with nothing of the father the
    // client had told of; sessions fresh112)
    "use bits of it", "use some of it", "use parts of it",
    "i'll figure it out", "ill figure it out", "i'll sort it out myself",
    // the same, uncontracted, as careful writers and people writing in a second language put it ("Thank you. I know
    // these steps. I have the papers in a folder. I will look at it again." to a chatbot's steps, fresh12, studied)
    "i will look it up", "i will look into it", "i will look at it", "i'll look at it", "ill look at it",
    "i will have a look", "i will think about it", "i will check it out", "i will figure it out",
    // a thank-you for the facts alone, after a detached reply ("ok. thanks for the info.")
    "thanks for the info", "thanks for the information", "thank you for the information", "thank you for the info",
    // going along with a plan one did not ask for ("Yeah, maybe. I'll... yeah. I'll see if I can get an appointment.";
    // fresh21, studied)
    "i'll see if i can", "ill see if i can", "i will see if i can", "i'll see what i can do", "ill see what i can do",
    // praise for the list's size, not its fit ("Thank you. This is very thorough. I will make the timeline."; fresh17,
    // studied)
    "this is very thorough", "that's very thorough", "thats very thorough", "this is very detailed", "that's very detailed",
    "this is very comprehensive", "that's very comprehensive", "that's a lot of information", "thats a lot of info",
    // (and the door closed on it: "Ok. That's a lot of detail. I think I've got what I need now, thanks." after a chatbot's
    // account of the injections to a father whose daughter wants to be with their dog at the end; sessions fresh78,
    // studied from the forty-sixth session's start)
    "that's a lot of detail", "i've got what i need", "i have what i need",
    // what was handed over, to be looked at later ("Thank you. I will look at these websites." after a list of benefits
    // and job sites given to a man who had just told of his redundancy; fresh36, read once in the twenty-fifth session)
    "i will look at these", "i'll look at these", "ill look at these", "i will look at those", "i'll look at those",
    "i will look at them", "i'll look at them", "ill look at them", "i will have a look at these", "i'll have a look at these",
    // the decision put off ("Maybe. I'll see." after a plan to tell the family tonight; "we'll see what Easter brings, I
    // suppose" after a listener's own story; sessions fresh60 and fresh61, read in the thirty-second session): every
    // short client turn of attune's own sessions holding one is a labelled withdrawal
    "i'll see", "ill see", "we'll see", "i will see",
];

/// Having already done what the listener advised ("Yeah. I've done the pacing course."): read only right after
/// advice, where it turns the advice down.
pub static ALREADY_DONE: &[&str] = &[
    "i've done the", "ive done the", "i have done the", "i've tried the", "ive tried the", "i have tried the",
    "i've already", "ive already", "i already", "already done", "already tried", "done that already", "tried that already",
    "i've been doing that", "i've been doing it", "i do that already", "i do that every",
    "not an option", "not really an option", "not rly an option",
    // knowing already what was offered, said flatly after advice ("yeah i know abt the interpreters", fresh11, studied)
    "i know about", "i know abt", "already know", "i know all about",
    // the whole list done ("ive done all of that. its fine."; fresh21, studied)
    "i've done all", "ive done all", "i have done all", "i've tried all", "ive tried all", "i have tried all",
    "done all of that", "done all that", "tried all of that", "tried all that", "done all of those", "tried all of those",
    // ("yeah we have a plan. we do all that. sorry i think im just tired" after a list of tips for family dinners; sessions
    // fresh129, studied from the fifty-second session on)
    "we do all that", "we do all of that", "we do that already", "we already do that", "i do all that", "i do all of that",
    // having read it already ("Yeah. Right. Hypervigilance. [pause] I've read the VA pamphlets, I know the words." after a
    // PTSD label; fresh40, read once in the twenty-fifth session)
    "i've read the", "ive read the", "i have read the", "i've read all", "ive read all", "i've read every", "ive read every",
    // looked at already, or told of it by someone else ("Mm. Yeah. We've... we've looked at some of that. My brother's
    // meant to be sorting it.", "Yes, the nurse did mention the Equality Act."; sessions studied)
    "we've looked at", "we have looked at", "i've looked into", "we've looked into", "did mention the",
    "already mentioned the", "already told me about",
    // (not "i know what a": "I know what a mess I've made")
    "i know what that is",
    // teaching it already: the listener's lesson is the client's own ("I've preached on it, actually."; sessions fresh72,
    // read once at the forty-first session's end)
    "i've preached on", "i have preached on", "i've taught it", "i teach it", "i teach that",
    "i've written about it", "i've said that to", "i say that to people", "i tell my patients", "i tell my clients",
    "i tell my students", "i've told people that", "i used to tell people",
];

pub static REJECTING: &[&str] = &[
    // the advice named as the very thing the client is avoiding ("I think if I go on Sunday with a list of questions for
    // the school, he will close the door again. That is exactly what I am trying not to do."; sessions studied)
    "exactly what i am trying not to", "exactly what i'm trying not to", "exactly what im trying not to",
    "exactly what i'm trying to avoid", "exactly what i am trying to avoid",
    "i've tried that", "i have tried that", "i already tried", "i've already tried", "i tried that",
    "tried that already", "that won't work", "that will not work", "that doesn't work", "it doesn't work",
    "i've done that", "i have done that", "i already do that", "i already did that", "easy for you to say",
    "easy to say", "it's not that simple", "it's not that easy", "i can't just", "that doesn't help",
    "that wouldn't help", "that won't help", "that doesn't work for me", "that won't work for me",
    "i don't think that would work", "i don't think that will work", "that's not going to work", "yeah but",
    "yes but",
];

pub static PUSHBACK: &[&str] = &[
    "that's not it", "that is not it", "that's not true", "that is not true", "i disagree", "i don't agree",
    "i don't think so", "why should i", "i don't need", "you're wrong", "you are wrong", "that's not the point",
    "not the point", "not really the point", "not rly the point", "missing the point", "missed the point",
    // the listener's assumption thrown back ("You think I don't know I was behind?" after "taking responsibility";
    // fresh29, read once in the twenty-third session)
    "you think i don't know", "you think i dont know", "you think i didn't know", "you think i didnt know", "as if i don't know",
    "as if i didn't know", "like i don't know that", "like i dont know that", "you think i haven't", "you think i havent",
    "but you said", "no that's not", "no it's not", "no it isn't", "that's not fair",
    "i never said", "i didn't say", "don't tell me", "you can't tell me", "who are you to",
    // turning down what was offered, and a polite opener of disagreement ("With respect, that's what my brother said")
    "i wasn't looking for", "i'm not looking for", "i'm not after", "im not after", "with respect", "with all due respect",
    // saying what was not asked ("My allergist has been very thorough, thanks. I wasn't asking about the allergy.") and
    // the preface to a complaint about the listener ("I will be honest, though I hope you will not take it badly"; both
    // fresh18, studied after its one read)
    "i wasn't asking about", "i wasn't asking for", "i was not asking", "i didn't ask about", "i did not ask about",
    // ("I suppose I wasn't really asking for a timetable."; fresh33, read once in the twenty-fourth session)
    "wasn't really asking", "was not really asking", "wasnt really asking",
    // a label declined ("I don't think I need a label for missing a man I should have been with." from a retired nurse
    // told of post-traumatic stress; sessions fresh133, studied from the fifty-first session on)
    "don't think i need a label",
    "not take it badly", "don't take this the wrong way", "don't take it the wrong way", "won't take this the wrong way",
    "hope you won't take", "please don't take this",
    // the lecture thanked for ("right. well thanks for the lecture. good luck to me on thursday then" after drinking
    // named as the thing put off; sessions fresh107, studied from the forty-ninth session on)
    "thanks for the lecture", "thank you for the lecture", "cheers for the lecture", "good luck to me",
    // the listener's assurance denied ("ok but u dont know that. u dont know her." after "less bad than getting it binned";
    // sessions fresh115, studied from the forty-ninth session on: the 8 client turns of attune's own sessions that say it
    // are labelled confrontations; chat's "u", "dont" are read as "you", "don't")
    "you don't know that though", "you don't know that tho", "but you don't know that", "you don't know her", "you don't know him",
    "with respect you don't know",
    // telling the listener they have it backwards, or that what they explained is known already ("No. You've got it the
    // wrong way round.", "Yes, I know all that. I've read quite a lot." after facts about the illness; fresh13, studied)
    "got it the wrong way", "the wrong way round", "the wrong way around", "you've got it wrong", "you have it wrong",
    "you got it wrong", "i know all that", "i know all this", "i know that already", "i already know that", "i've read all that",
    "i've read most of it", "i've read it all", "i've read all of it", "i've read everything", "i've already read",
    "i already read", "i've looked it all up", "i already looked it up", "i've already looked",
    // the same from a professional who has read the literature on themselves ("Yes, I'm aware of the literature. …
    // I suppose I fit the profile quite neatly."; fresh19, studied)
    "i'm aware of the", "i'm aware of that", "i'm well aware", "i am well aware", "i am aware of the", "yes i'm aware",
    "fit the profile",
    // asking whether the reply read the message at all ("Are you actually reading what I write or just scanning for
    // keywords?" after a crisis line; fresh32, read once in the twenty-fourth session): a challenge, not help turned
    // down, so not among the complaints that `flags::advice_after_refusal` reads
    "are you actually reading", "are you even reading", "actually reading what i", "even reading what i",
    "scanning for keywords", "did you even read", "did you actually read", "did u even read",
    // the session's purpose seen through ("Seriously? So that's what this is. She just wants me fixed so my predicted
    // grades go back up." after a turn to maths; fresh47, read once in the twenty-sixth session)
    "so that's what this is", "so thats what this is", "that's what this is about", "thats what this is about",
];

/// Words for distressing content, for the content/affect split marker.
pub static HEAVY_CONTENT: &[&str] = &[
    "died", "dead", "death", "funeral", "killed", "suicide", "abuse", "abused", "hit me", "beat me", "raped",
    "cancer", "hospital", "accident", "divorce", "fired", "lost my job", "evicted", "homeless", "overdose",
    "miscarriage", "broke up", "cheated", "left me",
];
pub static SPLIT_AFFECT: &[&str] =
    &["haha", "lol", "hahaha", "lmao", "it's funny", "funny really", "it's whatever", "no big deal", "i laughed"];

// ---------------------------------------------------------------- emotion lexicon (fallback affect)

/// (word, emotion, adjective to name it with). The adjective is used in alternatives when the client used it.
pub static EMOTION_WORDS: LazyLock<Vec<(&'static str, Emotion, &'static str)>> = LazyLock::new(|| {
    use Emotion::*;
    let sad: &[(&str, &str)] = &[
        ("sad", "sad"), ("sadness", "sad"), ("depressed", "depressed"), ("depression", "low"), ("down", "down"),
        ("lonely", "lonely"), ("alone", "alone"), ("hopeless", "hopeless"), ("cry", "sad"), ("crying", "sad"),
        ("cried", "sad"), ("miserable", "miserable"), ("grief", "grief-stricken"), ("grieving", "grief-stricken"),
        ("hurt", "hurt"), ("hurts", "hurt"), ("heartbroken", "heartbroken"), ("empty", "empty"), ("lost", "lost"),
        ("upset", "upset"), ("unhappy", "unhappy"), ("devastated", "devastated"), ("broken", "broken"),
        ("disappointed", "disappointed"), ("exhausted", "exhausted"), ("tired", "worn out"), ("numb", "numb"),
        ("worthless", "worthless"), ("helpless", "helpless"), ("miss", "sad"), ("suicidal", "in despair"),
        ("despair", "in despair"), ("unmotivated", "unmotivated"), ("isolated", "isolated"), ("rejected", "rejected"),
        ("struggling", "worn down"), ("hard", "stretched"), ("difficult", "stretched"),
    ];
    let fear: &[(&str, &str)] = &[
        ("anxious", "anxious"), ("anxiety", "anxious"), ("scared", "scared"), ("afraid", "afraid"),
        ("worried", "worried"), ("worry", "worried"), ("worrying", "worried"), ("nervous", "nervous"),
        ("panic", "panicked"), ("panicking", "panicked"), ("terrified", "terrified"), ("stressed", "stressed"),
        ("stress", "stressed"), ("stressful", "stressed"), ("overwhelmed", "overwhelmed"), ("fear", "afraid"),
        ("frightened", "frightened"), ("uneasy", "uneasy"), ("insecure", "insecure"), ("unsure", "uncertain"),
        ("confused", "confused"), ("pressure", "pressured"), ("tense", "tense"), ("dread", "full of dread"),
    ];
    let anger: &[(&str, &str)] = &[
        ("angry", "angry"), ("anger", "angry"), ("mad", "angry"), ("furious", "furious"), ("frustrated", "frustrated"),
        ("frustrating", "frustrated"), ("frustration", "frustrated"), ("annoyed", "annoyed"), ("annoying", "annoyed"),
        ("pissed", "angry"), ("resent", "resentful"), ("resentful", "resentful"), ("hate", "angry"),
        ("irritated", "irritated"), ("betrayed", "betrayed"), ("unfair", "wronged"), ("fed", "fed up"),
    ];
    let shame: &[(&str, &str)] = &[
        ("ashamed", "ashamed"), ("shame", "ashamed"), ("embarrassed", "embarrassed"), ("embarrassing", "embarrassed"),
        ("guilty", "guilty"), ("guilt", "guilty"), ("stupid", "foolish"), ("failure", "like a failure"),
        ("humiliated", "humiliated"), ("useless", "useless"), ("pathetic", "small"), ("inadequate", "inadequate"),
    ];
    let joy: &[(&str, &str)] = &[
        ("happy", "happy"), ("glad", "glad"), ("relieved", "relieved"), ("excited", "excited"), ("proud", "proud"),
        ("grateful", "grateful"), ("thankful", "grateful"), ("hopeful", "hopeful"), ("better", "better"),
    ];
    let mut v = Vec::new();
    for (list, e) in [(sad, Sadness), (fear, Fear), (anger, Anger), (shame, Shame), (joy, Joy)] {
        for (w, a) in list {
            v.push((*w, e, *a));
        }
    }
    v
});

static EMOTION_INDEX: LazyLock<std::collections::HashMap<&'static str, (Emotion, &'static str)>> =
    LazyLock::new(|| EMOTION_WORDS.iter().map(|(w, e, a)| (*w, (*e, *a))).collect());

/// Distress phrases that carry no single emotion word.
const DISTRESS_PHRASES: &[(&str, Emotion)] = &[
    ("can't sleep", Emotion::Fear), ("cannot sleep", Emotion::Fear), ("can't cope", Emotion::Fear),
    ("can't take it", Emotion::Sadness), ("can't do this", Emotion::Sadness), ("falling apart", Emotion::Sadness),
    ("want to die", Emotion::Sadness), ("kill myself", Emotion::Sadness), ("end it all", Emotion::Sadness),
    ("give up", Emotion::Sadness), ("no one cares", Emotion::Sadness), ("nobody cares", Emotion::Sadness),
    ("hate myself", Emotion::Shame), ("fed up", Emotion::Anger), ("at my wits end", Emotion::Anger),
    ("freaking out", Emotion::Fear), ("breaking down", Emotion::Sadness), ("so hard", Emotion::Sadness),
    ("really hard", Emotion::Sadness), ("hard time", Emotion::Sadness), ("rough time", Emotion::Sadness),
];

const INTENSIFIERS: &[&str] =
    &["so", "really", "very", "extremely", "totally", "completely", "constantly", "always", "never", "too", "such"];
const NEGATORS: &[&str] = &["not", "no", "never", "don't", "didn't", "isn't", "wasn't", "aren't", "ain't", "nothing"];

/// Lexical affect of a client turn: a fallback when the coded affect is absent or empty.
pub fn lexical_affect(n: &Norm) -> Affect {
    let mut counts = [0f32; 6];
    let mut cues = Vec::new();
    let mut intens = 0f32;
    for (i, w) in n.words.iter().enumerate() {
        if let Some((e, _)) = EMOTION_INDEX.get(w.as_str()) {
            // "not happy" etc: a negator in the two previous words flips joy to sadness and drops others
            let negated = (i.saturating_sub(2)..i).any(|j| NEGATORS.contains(&n.words[j].as_str()));
            let e = match (negated, e) {
                (true, Emotion::Joy) => Emotion::Sadness,
                (true, _) => continue,
                (false, e) => *e,
            };
            // "hard"/"difficult" only as weak cues
            let weight = if WEAK_CUES.contains(&w.as_str()) { 0.5 } else { 1.0 };
            counts[emotion_slot(e)] += weight;
            cues.push(w.clone());
            if i > 0 && INTENSIFIERS.contains(&n.words[i - 1].as_str()) {
                intens += 1.0;
            }
        }
    }
    for (p, e) in DISTRESS_PHRASES {
        if n.has(p) {
            counts[emotion_slot(*e)] += 1.0;
            cues.push((*p).to_string());
        }
    }
    let total: f32 = counts.iter().sum();
    if total == 0.0 {
        return Affect::neutral();
    }
    let (slot, _) = counts.iter().enumerate().fold((0, -1.0), |b, (i, &c)| if c > b.1 { (i, c) } else { b });
    let emotion = SLOTS[slot];
    let intensity = (0.3 + 0.2 * (total - 1.0) + 0.15 * intens).clamp(0.0, 1.0);
    let valence = if emotion == Emotion::Joy { 0.5 } else { -0.3 - 0.5 * intensity };
    Affect { valence, arousal: intensity, emotion, intensity, cues, distress: intensity, act: Default::default(), hardship: 0.0, rupture_head_act: None }
}

const SLOTS: [Emotion; 6] =
    [Emotion::Sadness, Emotion::Fear, Emotion::Anger, Emotion::Shame, Emotion::Joy, Emotion::Neutral];
fn emotion_slot(e: Emotion) -> usize {
    SLOTS.iter().position(|x| *x == e).unwrap_or(5)
}

/// Whether a text names a feeling: one of the emotion lexicon's words, whoever's feeling it is ("That fear makes complete
/// sense"), but not the weak cues a listener's courtesy holds too ("I'm glad you reached out", "this is hard").
pub fn names_emotion(n: &Norm) -> bool {
    n.words.iter().any(|w| EMOTION_INDEX.contains_key(w.as_str()) && !WEAK_CUES.contains(&w.as_str()) && !matches!(w.as_str(), "glad" | "happy" | "alone"))
}

/// The client's own emotion word (adjective form) from a text, if it used one of the lexicon's words.
pub fn own_emotion_word(n: &Norm, want: Option<Emotion>) -> Option<&'static str> {
    // "it sounds (so) stupid", "not scared": the word is not how the client feels
    let describes_other = |w: &str| matches!(w, "sounds" | "sound" | "seems" | "seem" | "looks" | "look" | "not" | "never" | "isn't" | "wasn't" | "it's" | "that's");
    for (i, w) in n.words.iter().enumerate() {
        let before = |k: usize| if i >= k { n.words[i - k].as_str() } else { "" };
        if describes_other(before(1)) || (matches!(before(1), "so" | "too" | "really" | "a" | "bit") && describes_other(before(2))) {
            continue;
        }
        if let Some((e, adj)) = EMOTION_INDEX.get(w.as_str())
            && (want.is_none() || want == Some(*e)) && !WEAK_CUES.contains(&w.as_str()) {
                return Some(adj);
            }
    }
    None
}

/// A default adjective for a detected emotion.
pub fn emotion_adjective(e: Emotion) -> &'static str {
    match e {
        Emotion::Sadness => "really low",
        Emotion::Fear => "anxious",
        Emotion::Anger => "frustrated",
        Emotion::Shame => "ashamed",
        Emotion::Joy => "glad",
        Emotion::Neutral => "a lot",
    }
}

// ---------------------------------------------------------------- content words

pub static STOPWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    let s = "a an the and or but if then so because as of at by for with about against between into through during \
    before after above below to from up down in out on off over under again further once here there when where why how \
    all any both each few more most other some such no nor not only own same than too very can will just don should now \
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it \
    its itself they them their theirs themselves what which who whom this that these those am is are was were be been \
    being have has had having do does did doing would could might must shall may i'm you're he's she's it's we're \
    they're i've you've we've they've i'd you'd he'd she'd we'd they'd i'll you'll he'll she'll we'll they'll isn't \
    aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't shan't shouldn't can't cannot \
    couldn't mustn't let's that's who's what's here's there's when's where's why's how's yeah yes okay ok um uh like \
    really well know think get got go going gonna wanna just kind sort thing things lot mean feel feeling felt say said \
    right oh mm hmm also still even much many one something anything nothing everything way time want see";
    s.split_whitespace().collect()
});

/// Content words (not stopwords, ≥3 letters) with a crude plural/-ing stem.
pub fn content_stems(n: &Norm) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in &n.words {
        if w.len() < 3 || STOPWORDS.contains(w.as_str()) || w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let s = stem(w);
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

pub fn stem(w: &str) -> String {
    let w = w.trim_end_matches("'s");
    for suf in ["ingly", "ing", "edly", "ed", "ies", "es", "s", "ly"] {
        if w.len() > suf.len() + 3 && w.ends_with(suf) {
            return w[..w.len() - suf.len()].to_string();
        }
    }
    w.to_string()
}

// ---------------------------------------------------------------- key phrase for alternatives

/// Turns a client phrase to the listener's point of view: I → you, my → your, am → are.
pub fn to_second_person(phrase: &str) -> String {
    let mut out = Vec::new();
    for raw in phrase.split_whitespace() {
        let core: String = raw.chars().filter(|c| c.is_alphanumeric() || *c == '\'' || *c == '\u{2019}').collect();
        let lower = core.to_lowercase().replace('\u{2019}', "'");
        let rep = match lower.as_str() {
            "i" => Some("you"),
            "me" => Some("you"),
            "my" => Some("your"),
            "mine" => Some("yours"),
            "myself" => Some("yourself"),
            "i'm" => Some("you're"),
            "i've" => Some("you've"),
            "i'll" => Some("you'll"),
            "i'd" => Some("you'd"),
            "am" => Some("are"),
            "we" => Some("you"),
            "our" => Some("your"),
            "us" => Some("you"),
            "ourselves" => Some("yourselves"),
            "was" if out.last().map(|p: &String| p == "you").unwrap_or(false) => Some("were"),
            _ => None,
        };
        match rep {
            Some(r) => out.push(r.to_string()),
            None => out.push(core.clone()),
        }
    }
    out.retain(|w| !w.is_empty());
    out.join(" ")
}

const CLAUSE_END: &[&str] = &["and", "but", "because", "so", "though", "although", "which", "cause", "since"];

#[cfg(test)]
fn key_phrase(text: &str, max_words: usize) -> Option<String> {
    key_phrase_framed(text, max_words).map(|(p, _)| p)
}

/// How the client framed a key phrase: what a reflection must keep so that it does not state the client's
/// fear or self-judgement as a fact ("you feel like nobody would notice", not "nobody would notice").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// The object of "about": a noun or -ing phrase ("losing my job").
    About,
    /// After "I feel like" / "I feel that".
    FeelLike,
    /// After an emotion word and "that" ("worried that"): the word's adjective form.
    Emotion(String),
    /// After "I think", "I believe", "I worry": the verb.
    Belief(String),
    /// A clause of the client's own.
    Plain,
}

/// A key phrase from a client turn by simple rules, with the frame it came from: the object of "about";
/// the clause after "I feel like", "I think" or "I'm worried that"; otherwise the most emotional sentence's
/// last clause. Returned in the client's words (first person), at most `max_words` words (a longer clause
/// is no candidate rather than cut short).
pub fn key_phrase_framed(text: &str, max_words: usize) -> Option<(String, Frame)> {
    let sents = sentences(text);
    if sents.is_empty() {
        return None;
    }
    // prefer the sentence with emotion words, else the longest of the last two
    let mut best = sents[sents.len() - 1];
    let mut best_score = -1i32;
    for (i, s) in sents.iter().enumerate() {
        let n = Norm::new(s);
        let emo = n.words.iter().filter(|w| EMOTION_INDEX.contains_key(w.as_str())).count() as i32;
        let question = if s.trim_end().ends_with('?') { 20 } else { 0 };
        let score = emo * 10 + (n.len().min(25) as i32) / 5 + i as i32 - question;
        if score > best_score && n.len() >= 3 {
            best_score = score;
            best = s;
        }
    }
    let toks: Vec<&str> = best.split_whitespace().collect();
    let lower: Vec<String> = toks.iter().map(|t| words(t).join(" ")).collect();
    let is_end = |k: usize| -> bool { CLAUSE_END.contains(&lower[k].as_str()) && lower[k] != "so" };
    // a clause longer than `max_words` is not cut short ("over it by"): it is not a candidate
    let take = |from: usize| -> Option<String> {
        let mut out = Vec::new();
        for (k, t) in toks.iter().enumerate().skip(from) {
            if k > from && is_end(k) {
                break;
            }
            if out.len() >= max_words {
                return None;
            }
            let ends = t.ends_with(',') || t.ends_with(';') || t.ends_with('.') || t.ends_with('!') || t.ends_with('?');
            out.push(t.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}'));
            if ends {
                break;
            }
        }
        out.retain(|w| !w.is_empty());
        if out.len() >= 2 || (out.len() == 1 && out[0].len() > 3) { Some(out.join(" ")) } else { None }
    };
    // a phrase that is itself the feeling ("so scared") says nothing about what it is about
    let about_something = |p: &str| -> bool {
        let w = words(p);
        !w.iter().any(|x| EMOTION_INDEX.contains_key(x.as_str()) && !WEAK_CUES.contains(&x.as_str()))
            && w.iter().any(|x| !STOPWORDS.contains(x.as_str()))
    };
    // 1. object of "about", up to a new clause of the client's ("about the talk tomorrow i feel sick")
    if let Some(k) = lower.iter().position(|w| w == "about")
        && let Some(p) = take(k + 1).filter(|p| about_something(p)) {
            let ws: Vec<&str> = p.split_whitespace().collect();
            let cut = ws.iter().skip(2).position(|w| matches!(w.to_lowercase().as_str(), "i" | "i'm" | "im" | "i've" | "i'd")).map(|i| i + 2);
            return Some((cut.map(|c| ws[..c].join(" ")).unwrap_or(p), Frame::About));
        }
    // 2. clause after "I feel like" / "that" after an emotion word
    for k in 0..lower.len() {
        let w = lower[k].as_str();
        let feel_like = matches!(w, "like" | "that") && k > 0 && matches!(lower[k - 1].as_str(), "feel" | "feels" | "felt");
        // "I think my friends only put up with me": what the client believes, not a fact
        if matches!(w, "think" | "believe" | "guess" | "worry" | "fear") && k > 0 && matches!(lower[k - 1].as_str(), "i" | "i'm" | "im")
            && lower.get(k + 1).is_some_and(|n| !matches!(n.as_str(), "about" | "of" | "so" | "it's" | "its"))
        {
            let from = if lower.get(k + 1).is_some_and(|n| n == "that") { k + 2 } else { k + 1 };
            if let Some(p) = take(from).filter(|p| about_something(p) && p.split_whitespace().count() >= 3) {
                return Some((p, Frame::Belief(lower[k].clone())));
            }
        }
        let emotion_that = w == "that" && k > 0 && EMOTION_INDEX.contains_key(lower[k - 1].as_str());
        if (feel_like || emotion_that)
            && let Some(p) = take(k + 1).filter(|p| about_something(p)) {
                // the word's adjective form ("I hate that…" → "angry that…")
                let adjective = || EMOTION_INDEX.get(lower[k - 1].as_str()).map(|(_, a)| a.to_string()).unwrap_or_else(|| lower[k - 1].clone());
                let frame = if feel_like { Frame::FeelLike } else { Frame::Emotion(adjective()) };
                return Some((p, frame));
            }
    }
    // 3. the last clause that is about something (not only the feeling), else the last clause
    let mut starts = vec![0];
    for k in 1..toks.len() {
        if is_end(k) {
            starts.push(k + 1);
        } else if toks[k - 1].ends_with(',') || toks[k - 1].ends_with(';') {
            starts.push(k);
        }
    }
    let cands: Vec<String> = starts.iter().filter(|&&st| st < toks.len()).filter_map(|&st| take(st)).collect();
    cands.iter().rev().find(|p| about_something(p) && p.split_whitespace().count() >= 2).cloned().map(|p| (p, Frame::Plain))
}

const WEAK_CUES: &[&str] = &["hard", "difficult", "down", "lost", "miss", "better"];

/// Words of chat that open a phrase without being part of what it says.
const CHAT_TAGS: &[&str] = &["lol", "ty", "thx", "thanks", "haha", "lmao", "omg", "ok", "okay", "k", "idk", "ugh", "yeah", "yea", "um", "uh", "tbh", "honestly"];

/// Cleans a key phrase: drops leading conjunctions/fillers (and chat's tags at either end) and lower-cases the first
/// word (except "I").
pub fn tidy_phrase(p: &str) -> Option<String> {
    let mut ws: Vec<&str> = p.split_whitespace().collect();
    // chat's laughs, thanks and tags around a phrase are not what the client said ("lol ty its right where the veil
    // comb goes tho" was given back whole)
    let bare = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    while let Some(f) = ws.first() {
        let l = bare(f);
        if CLAUSE_END.contains(&l.as_str())
            || CHAT_TAGS.contains(&l.as_str())
            || matches!(l.as_str(), "just" | "well" | "like" | "also" | "then" | "of" | "to" | "at" | "in" | "on" | "")
        {
            ws.remove(0);
        } else {
            break;
        }
    }
    while ws.last().is_some_and(|w| matches!(bare(w).as_str(), "tho" | "though" | "lol" | "haha" | "lmao" | "idk" | "ugh" | "")) {
        ws.pop();
    }
    if ws.is_empty() || (ws.len() == 1 && ws[0].len() < 4) {
        return None;
    }
    let mut out: Vec<String> = ws.iter().map(|w| w.to_string()).collect();
    if out[0] != "I" && !out[0].starts_with("I'") {
        let mut c = out[0].chars();
        if let Some(f) = c.next()
            && c.clone().all(|x| !x.is_uppercase()) {
                out[0] = f.to_lowercase().collect::<String>() + c.as_str();
            }
    }
    Some(out.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn where_a_phrase_stands_and_what_follows_it() {
        let n = Norm::new("At least for now, you don't have to. At least.");
        assert_eq!(n.starts_of("at least").collect::<Vec<_>>(), vec![0, 8]);
        let after: Vec<&[String]> = n.after("at least").collect();
        assert_eq!(after[0].first().map(String::as_str), Some("for"));
        assert!(after[1].is_empty());
        assert!(n.followed_by("at least", &["for"]));
        assert!(!n.followed_by("have to", &["do"]));
    }

    #[test]
    fn a_complaint_someone_else_made_is_reported_not_said() {
        assert!(said_by_another("He said Daddy you are not listening and he ended the call.", "you are not listening"));
        assert!(!said_by_another("I said you are not listening to me.", "you are not listening"));
        assert!(!said_by_another("I already told you that. You are not listening.", "you are not listening"));
        assert!(!said_by_another("He said no. You are not listening.", "you are not listening"));
        assert!(!said_by_another("It all went wrong and you are not listening", "you are not listening"));
        assert!(!said_by_another("Nothing here.", "you are not listening"));
        // a reported complaint does not hide the client's own
        let t = "He said this isn't helping. And you don't understand either.";
        assert_eq!(first_own(&Norm::new(t), t, &["this isn't helping", "you don't understand"]), Some("you don't understand"));
    }

    proptest! {
        // the word-start search finds exactly what a substring search bounded by spaces finds
        #[test]
        fn phrase_search_equals_a_bounded_substring_search(words in proptest::collection::vec("[ab]{1,3}", 0..8), phrase in "[ab ]{0,7}") {
            let n = Norm::new(&words.join(" "));
            // every occurrence, found with str::find, checked for spaces on both sides
            let naive = {
                let b = n.padded.as_bytes();
                let mut from = 0;
                let mut found = false;
                while let Some(pos) = n.padded[from..].find(phrase.as_str()) {
                    let (s, e) = (from + pos, from + pos + phrase.len());
                    if s > 0 && b[s - 1] == b' ' && e < b.len() && b[e] == b' ' {
                        found = true;
                        break;
                    }
                    from = s + 1;
                    if from > b.len() {
                        break;
                    }
                }
                found
            };
            prop_assert_eq!(n.has(&phrase), naive);
        }
    }

    #[test]
    fn phrase_search_is_whole_word() {
        let n = Norm::new("So you're saying it's NOT that bad?");
        assert!(n.has("not that bad"));
        assert!(n.has("you're saying"));
        assert!(!n.has("hat bad"));
        assert!(!n.has("so you're saying it's not that bad yes"));
    }

    #[test]
    fn sentences_split_on_marks() {
        assert_eq!(sentences("I see. How are you? Fine!"), vec!["I see.", "How are you?", "Fine!"]);
        assert_eq!(sentences("It costs 3.5 dollars"), vec!["It costs 3.5 dollars"]);
    }

    #[test]
    fn lexical_affect_finds_emotion_and_negation() {
        let a = lexical_affect(&Norm::new("I'm so anxious and scared about my exams"));
        assert_eq!(a.emotion, Emotion::Fear);
        assert!(a.intensity >= 0.5);
        assert_eq!(lexical_affect(&Norm::new("I'm not worried at all")).emotion, Emotion::Neutral);
    }

    #[test]
    fn key_phrase_rules() {
        assert_eq!(key_phrase("I'm really worried about losing my job.", 8).unwrap(), "losing my job");
        assert_eq!(key_phrase("I feel like nobody at work respects me", 8).unwrap(), "nobody at work respects me");
        assert_eq!(to_second_person("losing my job"), "losing your job");
        assert_eq!(key_phrase("My mom is in hospital and I am so scared", 8).unwrap(), "My mom is in hospital");
        assert_eq!(key_phrase("I failed my exam and I feel like such a failure", 8).unwrap(), "I failed my exam");
        assert_eq!(key_phrase("I can't sleep, I'm so stressed about work", 8).unwrap(), "work");
        assert_eq!(to_second_person("I was alone and I'm tired"), "you were alone and you're tired");
    }

    #[test]
    fn tired_of_living_somewhere_is_no_risk_phrase() {
        assert_eq!(own_risk(&Norm::new("I'm just so tired of living inside my own head like this.")), None);
        assert_eq!(own_risk(&Norm::new("honestly im tired of living out of a suitcase")), None);
        assert_eq!(own_risk(&Norm::new("I'm tired of living like this.")), Some("tired of living"));
        assert_eq!(own_risk(&Norm::new("I'm tired of living.")), Some("tired of living"));
        assert_eq!(own_risk(&Norm::new("I'm so tired of living in this body.")), Some("tired of living"));
        assert_eq!(own_risk(&Norm::new("I'm tired of living in my own head all day.")), None);
    }
}
