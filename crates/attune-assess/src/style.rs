//! Language style matching (Ireland & Pennebaker 2010) and turn-level rLSM (Müller-Frommeyer et al. 2019)
//! over nine function-word categories. The word lists are our own (LIWC's dictionary is proprietary).
use std::collections::HashMap;
use std::sync::LazyLock;

/// The nine categories, in report order.
pub const CATEGORIES: [&str; 9] = [
    "personal_pronouns",
    "impersonal_pronouns",
    "articles",
    "conjunctions",
    "prepositions",
    "auxiliary_verbs",
    "high_frequency_adverbs",
    "negations",
    "quantifiers",
];

const PERSONAL: &str = "i me my mine myself i'm i've i'll i'd we us our ours ourselves we're we've we'll we'd you your yours \
yourself yourselves you're you've you'll you'd u ur he him his himself he's he'd he'll she her hers herself she's she'd \
she'll they them their theirs themselves they're they've they'll they'd";
const IMPERSONAL: &str = "it its itself it's that that's this these those there there's here something anything \
everything nothing someone anyone everyone somebody anybody everybody nobody what what's whatever which whichever who \
whoever whom one ones another thing stuff";
const ARTICLES: &str = "a an the";
const CONJUNCTIONS: &str = "and but or nor so yet because although though while whereas unless if since as whether \
also then plus however cause cuz either neither";
const PREPOSITIONS: &str = "about above across after against along among around at before behind below beneath beside \
between beyond by despite down during except for from in inside into near of off on onto out outside over past \
through throughout till to toward towards under underneath until up upon with within without via per like";
const AUXILIARY: &str = "am is are was were be been being have has had having do does did doing will would shall should \
can could may might must ought gonna wanna gotta isn't aren't wasn't weren't haven't hasn't hadn't don't doesn't didn't \
won't wouldn't shan't shouldn't can't cannot couldn't mightn't mustn't i'm you're he's she's it's we're they're i've \
you've we've they've i'll you'll he'll she'll we'll they'll i'd you'd he'd she'd we'd they'd";
const ADVERBS: &str = "very really so just too quite rather pretty only even still already always never often sometimes \
usually ever again now then here there maybe perhaps probably actually basically almost soon also well much";
const NEGATIONS: &str = "no not never none nobody nothing nowhere neither nor without don't doesn't didn't isn't aren't \
wasn't weren't haven't hasn't hadn't won't wouldn't can't cannot couldn't shouldn't mustn't nope nah ain't";
const QUANTIFIERS: &str = "all any both each every few many more most much some several lot lots little less least \
enough half whole plenty none couple bunch everything nothing something anything";

/// word → bitmask of categories (a word may be in several, e.g. "don't" is auxiliary and negation).
static LEXICON: LazyLock<HashMap<&'static str, u16>> = LazyLock::new(|| {
    let mut m: HashMap<&'static str, u16> = HashMap::new();
    for (i, list) in
        [PERSONAL, IMPERSONAL, ARTICLES, CONJUNCTIONS, PREPOSITIONS, AUXILIARY, ADVERBS, NEGATIONS, QUANTIFIERS]
            .iter()
            .enumerate()
    {
        for w in list.split_whitespace() {
            *m.entry(w).or_insert(0) |= 1 << i;
        }
    }
    m
});

/// Category counts plus total words of a text (or of many texts added together).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Profile {
    pub counts: [u32; 9],
    pub total: u32,
}

impl Profile {
    pub fn of_words(words: &[String]) -> Profile {
        let mut p = Profile::default();
        for w in words {
            p.total += 1;
            if let Some(&mask) = LEXICON.get(w.as_str()) {
                for (c, n) in p.counts.iter_mut().enumerate() {
                    if mask & (1 << c) != 0 {
                        *n += 1;
                    }
                }
            }
        }
        p
    }
    pub fn add(&mut self, o: &Profile) {
        for c in 0..9 {
            self.counts[c] += o.counts[c];
        }
        self.total += o.total;
    }
    /// Share of words in category `c` (0 when there are no words).
    pub fn share(&self, c: usize) -> f64 {
        if self.total == 0 { 0.0 } else { self.counts[c] as f64 / self.total as f64 }
    }
}

/// LSM_c = 1 − |p_a − p_b| / (p_a + p_b + 0.0001).
pub fn lsm_category(pa: f64, pb: f64) -> f64 {
    1.0 - (pa - pb).abs() / (pa + pb + 0.0001)
}

/// Per-category LSM and their mean; None when either profile has no words.
pub fn lsm(a: &Profile, b: &Profile) -> Option<(f64, [f64; 9])> {
    if a.total == 0 || b.total == 0 {
        return None;
    }
    let mut per = [0.0; 9];
    for (c, v) in per.iter_mut().enumerate() {
        *v = lsm_category(a.share(c), b.share(c));
    }
    Some((per.iter().sum::<f64>() / 9.0, per))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::words;

    #[test]
    fn worked_example() {
        // a: "I think that the dog and I are not happy" → 10 words
        //   personal: i, i = 2; impersonal: that = 1; articles: the = 1; conj: and = 1; prep: 0;
        //   aux: are = 1; adverbs: 0; negations: not = 1; quantifiers: 0
        // b: "you are in the garden" → 5 words: personal you 1; articles the 1; prep in 1; aux are 1
        let a = Profile::of_words(&words("I think that the dog and I are not happy"));
        let b = Profile::of_words(&words("you are in the garden"));
        assert_eq!(a.total, 10);
        assert_eq!(a.counts, [2, 1, 1, 1, 0, 1, 0, 1, 0]);
        assert_eq!(b.counts, [1, 0, 1, 0, 1, 1, 0, 0, 0]);
        let (m, per) = lsm(&a, &b).unwrap();
        // personal: p_a=.2, p_b=.2 → 1 − 0/(.4001) = 1
        assert!((per[0] - 1.0).abs() < 1e-12);
        // impersonal: .1 vs 0 → 1 − .1/.1001
        assert!((per[1] - (1.0 - 0.1 / 0.1001)).abs() < 1e-12);
        // articles: .1 vs .2 → 1 − .1/.3001
        assert!((per[2] - (1.0 - 0.1 / 0.3001)).abs() < 1e-12);
        // adverbs: 0 vs 0 → 1 − 0/0.0001 = 1
        assert!((per[6] - 1.0).abs() < 1e-12);
        let expect = (1.0
            + (1.0 - 0.1 / 0.1001)
            + (1.0 - 0.1 / 0.3001)
            + (1.0 - 0.1 / 0.1001)
            + (1.0 - 0.2 / 0.2001)
            + (1.0 - 0.1 / 0.3001)
            + 1.0
            + (1.0 - 0.1 / 0.1001)
            + 1.0)
            / 9.0;
        assert!((m - expect).abs() < 1e-12, "{m} vs {expect}");
    }

    #[test]
    fn identical_texts_match_fully() {
        let a = Profile::of_words(&words("I was not sure that it would work but we tried"));
        let (m, _) = lsm(&a, &a).unwrap();
        assert!((m - 1.0).abs() < 1e-9);
    }
}
