//! Interpretable features of a therapist turn in its context.
//!
//! Every feature has a readable name ("b:it sounds", "p:you_feel", "c:u:tired") so that the coder can
//! say which words drove a decision; at inference only the 64-bit hash of the name is computed
//! ([`HashSink`]), and names are rebuilt on demand for the evidence ([`NameSink`]).

use crate::tokens::{Tokens, token_sentences};

/// Where a turn was spoken: the coder's per-class priors differ between spoken sessions
/// (transcribed therapy) and written support chats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Register {
    Spoken,
    Chat,
}

impl Register {
    fn as_str(self) -> &'static str {
        match self {
            Register::Spoken => "spoken",
            Register::Chat => "chat",
        }
    }
}

/// What surrounds a therapist turn. Only `client` is needed; the rest sharpens the decision when a whole
/// session is coded offline (a live or `check` caller leaves them empty, and the model was trained with
/// them dropped at random so that it codes well either way).
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The client turn this turn answers ("" if none).
    pub client: &'a str,
    /// The client's reply to this turn, when known.
    pub next_client: Option<&'a str>,
    /// The therapist's own previous turn, when it directly precedes (a turn split in two).
    pub prev_therapist: Option<&'a str>,
    /// The therapist's turn before the client turn this one answers (what the client was answering).
    pub prior_therapist: Option<&'a str>,
    pub register: Register,
    /// Sentence embedding of the turn (unit length, [`EMBED_DIM`] wide), for the accurate tier. A model trained
    /// with embeddings ([`crate::Model::uses_embeddings`]) expects it; the fast tier leaves it `None`.
    pub embedding: Option<&'a [f32]>,
    /// Sentence embedding of the answered client turn, when the turn's own is given.
    pub client_embedding: Option<&'a [f32]>,
}

impl<'a> Context<'a> {
    /// This context with the embeddings of `text` (the turn) and of the client turn looked up in `table`.
    pub fn embedded(self, text: &str, table: &'a crate::EmbeddingTable) -> Context<'a> {
        let embedding = table.get(text);
        let client_embedding = embedding.and_then(|_| table.get(self.client));
        Context {
            embedding,
            client_embedding,
            ..self
        }
    }

    pub fn new(client: &'a str, register: Register) -> Context<'a> {
        Context {
            client,
            next_client: None,
            prev_therapist: None,
            prior_therapist: None,
            register,
            embedding: None,
            client_embedding: None,
        }
    }
}

/// Width of the sentence embeddings the accurate tier feeds in (all-MiniLM-L6-v2).
pub const EMBED_DIM: usize = 384;

/// Unit-length embeddings have components near ±0.05; scaling them brings their gradients in line with the
/// sparse features' so one learning rate serves both (1.5 chosen on dev among 1, 1.5, 2, 4, 8, 16).
const EMBED_SCALE: f32 = 1.5;

/// "0" … "1023": the names of dense dimensions (embeddings, word vectors) as feature parts, made once.
static DIM_NAMES: std::sync::LazyLock<Vec<String>> =
    std::sync::LazyLock::new(|| (0..1024).map(|i| i.to_string()).collect());

/// The name of dense dimension `i` as a feature part ("?" past 1023, wider than any table attune reads).
pub fn dim_name(i: usize) -> &'static str {
    DIM_NAMES.get(i).map(String::as_str).unwrap_or("?")
}

/// The hashes of the client-embedding features (`ec <i>`), for training heads that should not see them.
pub fn client_embedding_hashes() -> std::collections::HashSet<u64> {
    (0..EMBED_DIM)
        .map(|i| hash_parts(&["ec", dim_name(i)]))
        .collect()
}

/// The embedding dimensions as features named `e <i>` (turn) and `ec <i>` (client turn).
fn dense<S: Sink>(cx: &Context, sink: &mut S) {
    for (prefix, v) in [("e", cx.embedding), ("ec", cx.client_embedding)] {
        if let Some(v) = v {
            for (i, x) in v.iter().enumerate() {
                sink.emit(&[prefix, dim_name(i)], x * EMBED_SCALE);
            }
        }
    }
}

/// The fast tier's stand-in for the sentence embedding: the static word vectors' mean ([`crate::wordvec`]) as
/// features named `s <i>`, so that texts which share no n-gram but mean alike ("my dad passed", "we lost
/// grandpa") still look alike. Used by the coder and the client model, each with its own `scale`.
pub(crate) fn static_words<S: Sink>(words: &[&str], mean: &mut Vec<f32>, scale: f32, sink: &mut S) {
    if crate::wordvec::bundled().sentence(words, mean) {
        for (i, x) in mean.iter().enumerate() {
            sink.emit(&["s", dim_name(i)], x * scale);
        }
    }
}

/// Receives features as they are produced.
pub trait Sink {
    fn emit(&mut self, parts: &[&str], value: f32);
}

/// Collects `(hash, value)` pairs: the fast path.
#[derive(Default)]
pub struct HashSink {
    pub feats: Vec<(u64, f32)>,
}

impl Sink for HashSink {
    fn emit(&mut self, parts: &[&str], value: f32) {
        self.feats.push((hash_parts(parts), value));
    }
}

/// Collects `(hash, value)` pairs and every feature's name in one growing buffer (no allocation per
/// feature), so that a decision can be explained without extracting the features a second time.
#[derive(Default)]
pub struct ArenaSink {
    pub feats: Vec<(u64, f32)>,
    names: String,
    ends: Vec<usize>,
}

impl ArenaSink {
    pub fn clear(&mut self) {
        self.feats.clear();
        self.names.clear();
        self.ends.clear();
    }
    /// The name of feature `i`: its parts joined by single spaces.
    pub fn name(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.names[start..self.ends[i]]
    }
}

impl Sink for ArenaSink {
    fn emit(&mut self, parts: &[&str], value: f32) {
        self.feats.push((hash_parts(parts), value));
        for (k, p) in parts.iter().enumerate() {
            if k > 0 {
                self.names.push(' ');
            }
            self.names.push_str(p);
        }
        self.ends.push(self.names.len());
    }
}

/// Collects `(hash, name, value)`: used to explain a decision.
#[derive(Default)]
pub struct NameSink {
    pub feats: Vec<(u64, String, f32)>,
}

impl Sink for NameSink {
    fn emit(&mut self, parts: &[&str], value: f32) {
        self.feats.push((hash_parts(parts), parts.join(" "), value));
    }
}

/// FNV-1a over the parts with a unit separator, so ("a b","c") and ("a","b c") differ.
pub fn hash_parts(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.as_bytes() {
            h ^= *b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        h ^= 0x1f;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

fn bucket(n: usize, edges: &[usize]) -> &'static str {
    const NAMES: [&str; 8] = ["0", "1", "2", "3", "4", "5", "6", "7"];
    let i = edges.iter().position(|&e| n <= e).unwrap_or(edges.len());
    NAMES[i.min(7)]
}

const EMOTION_WORDS: &[&str] = &[
    "feel",
    "feeling",
    "feelings",
    "felt",
    "sad",
    "upset",
    "angry",
    "anxious",
    "anxiety",
    "worried",
    "worry",
    "scared",
    "afraid",
    "frustrated",
    "frustrating",
    "frustration",
    "hurt",
    "lonely",
    "alone",
    "stressed",
    "stress",
    "stressful",
    "overwhelmed",
    "overwhelming",
    "depressed",
    "hopeless",
    "helpless",
    "guilty",
    "ashamed",
    "embarrassed",
    "happy",
    "glad",
    "excited",
    "proud",
    "relieved",
    "hard",
    "difficult",
    "tough",
    "painful",
    "struggling",
    "struggle",
    "confused",
    "disappointed",
    "nervous",
    "afraid",
    "fear",
    "fears",
    "mad",
    "annoyed",
    "terrible",
    "awful",
    "heartbroken",
    "tired",
    "exhausted",
    "concerned",
    "concern",
    "concerns",
    "uncomfortable",
    "comfortable",
    "emotional",
    "emotions",
    "upsetting",
    "sadness",
    "grief",
];

const SECOND_PERSON: &[&str] = &[
    "you", "you're", "your", "you've", "you'd", "you'll", "yourself",
];

const ADVICE_CUES: &[&[&str]] = &[
    &["you", "should"],
    &["you", "could"],
    &["you", "might", "want"],
    &["you", "need", "to"],
    &["you", "have", "to"],
    &["you", "must"],
    &["try", "to"],
    &["i", "suggest"],
    &["i", "recommend"],
    &["i", "would", "suggest"],
    &["i'd", "suggest"],
    &["have", "you", "tried"],
    &["have", "you", "considered"],
    &["why", "don't", "you"],
    &["maybe", "you"],
    &["how", "about"],
    &["what", "if", "you"],
    &["it", "might", "help"],
    &["make", "sure"],
    &["don't", "forget"],
    &["it's", "important", "to"],
    &["you", "can", "try"],
];

const PERMISSION_CUES: &[&[&str]] = &[
    &["is", "it", "okay", "if"],
    &["is", "it", "ok", "if"],
    &["would", "it", "be", "okay"],
    &["can", "i", "share"],
    &["may", "i"],
    &["do", "you", "mind", "if"],
    &["would", "you", "like", "some"],
    &["would", "you", "be", "interested"],
    &["would", "you", "like", "to", "hear"],
    &["if", "you", "want"],
    &["if", "you'd", "like"],
    &["can", "i", "offer"],
    &["would", "it", "help", "if", "i"],
    &["could", "i", "share"],
    &["mind", "if", "i"],
];

const REFLECT_CUES: &[&[&str]] = &[
    &["it", "sounds", "like"],
    &["sounds", "like"],
    &["it", "seems", "like"],
    &["it", "seems"],
    &["seems", "like"],
    &["so", "you're"],
    &["so", "you"],
    &["you're", "feeling"],
    &["you", "feel"],
    &["you", "felt"],
    &["what", "i'm", "hearing"],
    &["i", "hear", "you"],
    &["i'm", "hearing"],
    &["it", "must", "be"],
    &["must", "have", "been"],
    &["you've", "been"],
    &["on", "one", "hand"],
    &["on", "the", "other", "hand"],
    &["you", "want", "to"],
    &["you're", "not", "sure"],
    &["it's", "like"],
    &["a", "lot", "of"],
];

const OPEN_Q_STARTS: &[&str] = &[
    "what", "how", "why", "tell", "describe", "which", "where", "when", "who", "explain", "talk",
];
const CLOSED_Q_STARTS: &[&str] = &[
    "do", "does", "did", "are", "is", "was", "were", "have", "has", "had", "can", "could", "would",
    "will", "should", "shall", "may", "am", "don't", "didn't", "isn't", "aren't", "haven't",
    "won't", "wouldn't",
];

const GREETING: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "bye",
    "goodbye",
    "welcome",
    "thanks",
    "thank",
    "morning",
    "evening",
    "afternoon",
];
const BACKCHANNEL: &[&str] = &[
    "mm-hmm", "uh-huh", "mhm", "mm", "hmm", "okay", "ok", "right", "yeah", "yes", "sure",
    "alright", "uh", "um", "oh", "wow",
];
const HEDGES: &[&str] = &[
    "maybe", "perhaps", "wonder", "might", "possibly", "guess", "kind", "sort", "probably",
];
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "don't", "didn't", "can't", "won't", "isn't", "wasn't", "nothing",
    "nobody", "doesn't", "couldn't",
];
const FIRST_PERSON: &[&str] = &["i", "i'm", "i've", "i'd", "me", "my", "myself", "i was"];
const INFO_CUES: &[&str] = &[
    "research",
    "studies",
    "study",
    "percent",
    "%",
    "evidence",
    "doctors",
    "common",
    "normal",
    "symptoms",
    "risk",
    "increase",
    "causes",
    "means",
    "called",
    "recommended",
    "guidelines",
    "website",
    "resources",
    "help",
    "options",
    "program",
    "services",
];

fn contains_seq(toks: &[&str], seq: &[&str]) -> bool {
    if seq.len() > toks.len() {
        return false;
    }
    toks.windows(seq.len()).any(|w| w == seq)
}

fn starts_with_any(toks: &[&str], set: &[&str]) -> bool {
    toks.first().is_some_and(|t| set.contains(t))
}

/// Strips leading fillers ("so", "okay", "um", "and") to find where a clause really starts.
fn content_start<'a>(toks: &'a [&'a str]) -> &'a [&'a str] {
    const FILL: &[&str] = &[
        "so", "okay", "ok", "um", "uh", "and", "well", "yeah", "right", "alright", "mm-hmm", "hmm",
        "now", "but", "oh", ".", "!", "all",
    ];
    let mut i = 0;
    while i < toks.len() && FILL.contains(&toks[i]) {
        i += 1;
    }
    &toks[i..]
}

/// Reusable buffers so that coding many turns allocates little.
#[derive(Default)]
pub struct Scratch {
    t: Tokens,
    c: Tokens,
    s: Tokens,
    sents: Vec<(usize, usize)>,
    mean: Vec<f32>,
}

/// Scale of the static word vectors' mean (unit length) in the fast tier. Dev, fast coder, annomi-behaviour /
/// mi-codes: 0.750 / 0.432 without, 0.747 / 0.435 at 1.5, 0.765 / 0.454 at 4 (chosen), 0.760 / 0.452 at 8,
/// 0.755 / 0.445 at 12. The accurate tier, which has the sentence embedding, does without them (annomi-behaviour
/// 0.780 -> 0.774 with them).
const WORDVEC_SCALE: f32 = 4.0;

/// Emits the features of `text` (a therapist turn) answering `context` (the client's previous turn).
pub fn extract<S: Sink>(text: &str, cx: &Context, scratch: &mut Scratch, sink: &mut S) {
    let register = cx.register;
    scratch.t.fill(text);
    scratch.c.fill(cx.client);
    let mut t: Vec<&str> = Vec::with_capacity(scratch.t.len());
    scratch.t.slices(&mut t);
    let mut c: Vec<&str> = Vec::with_capacity(scratch.c.len());
    scratch.c.slices(&mut c);
    let mut sents = std::mem::take(&mut scratch.sents);
    token_sentences(&t, &mut sents);

    sink.emit(&["bias", register.as_str()], 1.0);
    dense(cx, sink);
    if cx.embedding.is_none() {
        static_words(&t, &mut scratch.mean, WORDVEC_SCALE, sink);
    }

    // Word n-grams of the turn, sublinear in repetition.
    let n = t.len();
    let scale = 1.0 / (1.0 + (n as f32).sqrt() / 4.0);
    for i in 0..n {
        sink.emit(&["u", t[i]], scale);
        let prev = if i == 0 { "<s>" } else { t[i - 1] };
        sink.emit(&["b", prev, t[i]], scale);
        if i >= 1 {
            let p2 = if i == 1 { "<s>" } else { t[i - 2] };
            sink.emit(&["t", p2, t[i - 1], t[i]], scale);
        }
    }
    if let Some(last) = t.last() {
        sink.emit(&["b", last, "</s>"], scale);
    }

    // Openings and endings: where talk signals what it is doing.
    let cs = content_start(&t);
    let f1 = cs.first().copied().unwrap_or("<empty>");
    sink.emit(&["f1", f1], 1.0);
    if cs.len() >= 2 {
        sink.emit(&["f2", cs[0], cs[1]], 1.0);
    }
    if let Some(l) = t.last() {
        sink.emit(&["l1", l], 1.0);
    }
    if n >= 2 {
        sink.emit(&["l2", t[n - 2], t[n - 1]], 1.0);
    }

    // Every sentence's opening: a turn mixing a reflection and a question shows both.
    for &(a, b) in sents.iter().take(8) {
        let scs = content_start(&t[a..b]);
        if scs.len() >= 2 {
            sink.emit(&["sf2", scs[0], scs[1]], 0.5);
        }
    }

    // The last sentence often carries the act (a reflection then a question, etc.).
    if sents.len() > 1 {
        if let Some(&(a, b)) = sents.last() {
            let lcs = content_start(&t[a..b]);
            if let Some(w) = lcs.first() {
                sink.emit(&["ls1", w], 1.0);
            }
            if lcs.len() >= 2 {
                sink.emit(&["ls2", lcs[0], lcs[1]], 1.0);
            }
        }
    }

    // Question sentences: how each one opens decides open vs closed.
    let last_q = sents.iter().rev().find(|&&(_, b)| t[b - 1] == "?").copied();
    if let Some((a, b)) = last_q {
        let qs = &t[a..b];
        let qcs = content_start(qs);
        if let Some(w) = qcs.first() {
            sink.emit(&["q1", w], 1.0);
        }
        if qcs.len() >= 2 {
            sink.emit(&["q2", qcs[0], qcs[1]], 1.0);
        }
        if qcs.len() >= 3 {
            sink.emit(&["q3", qcs[0], qcs[1], qcs[2]], 1.0);
        }
        let wh = qs.iter().position(|w| OPEN_Q_STARTS.contains(w));
        match wh {
            Some(i) => sink.emit(&["qwh", qs[i], bucket(i, &[0, 2, 5])], 1.0),
            None => sink.emit(&["qwh", "none"], 1.0),
        }
        if qs.iter().any(|w| *w == "scale" || *w == "or") {
            sink.emit(&["q_choice"], 1.0);
        }
        sink.emit(&["qlen", bucket(qs.len(), &[3, 6, 10, 20])], 1.0);
    }

    sink.emit(&["len", bucket(n, &[1, 3, 7, 15, 30, 60])], 1.0);
    sink.emit(
        &["len", register.as_str(), bucket(n, &[1, 3, 7, 15, 30, 60])],
        1.0,
    );
    sink.emit(&["nsent", bucket(sents.len(), &[1, 2, 3, 5])], 1.0);
    let nq = t.iter().filter(|w| **w == "?").count();
    sink.emit(&["nq", bucket(nq, &[0, 1, 2])], 1.0);

    // Named patterns.
    let q_end = t.last() == Some(&"?");
    if q_end {
        if starts_with_any(cs, OPEN_Q_STARTS) {
            sink.emit(&["p", "open_q_form"], 1.0);
        } else if starts_with_any(cs, CLOSED_Q_STARTS) {
            sink.emit(&["p", "closed_q_form"], 1.0);
        } else {
            sink.emit(&["p", "statement_q"], 1.0);
        }
    }
    if let Some(&(a, b)) = sents.last() {
        if t[b - 1] == "?" && b - a <= 4 {
            sink.emit(&["p", "tag_q"], 1.0);
        }
    }
    scratch.sents = sents;
    let has_you = t.iter().any(|w| SECOND_PERSON.contains(w));
    let emo_idx: Vec<usize> = (0..n).filter(|&i| EMOTION_WORDS.contains(&t[i])).collect();
    if !emo_idx.is_empty() {
        sink.emit(&["p", "emotion_word"], 1.0);
    }
    let you_emotion = emo_idx
        .iter()
        .any(|&i| (i.saturating_sub(4)..i).any(|j| SECOND_PERSON.contains(&t[j])));
    if you_emotion {
        sink.emit(&["p", "you_emotion"], 1.0);
    }
    if contains_seq(&t, &["you", "feel"])
        || contains_seq(&t, &["you're", "feeling"])
        || contains_seq(&t, &["you", "felt"])
    {
        sink.emit(&["p", "you_feel"], 1.0);
    }
    for cue in REFLECT_CUES {
        if contains_seq(&t, cue) {
            sink.emit(&["p", "reflect_cue"], 1.0);
            break;
        }
    }
    for cue in ADVICE_CUES {
        if contains_seq(&t, cue) {
            sink.emit(&["p", "advice_cue"], 1.0);
            break;
        }
    }
    for cue in PERMISSION_CUES {
        if contains_seq(&t, cue) {
            sink.emit(&["p", "permission_cue"], 1.0);
            break;
        }
    }
    if t.iter().any(|w| HEDGES.contains(w)) {
        sink.emit(&["p", "hedge"], 1.0);
    }
    if t.iter().any(|w| NEGATIONS.contains(w)) {
        sink.emit(&["p", "negation"], 1.0);
    }
    if t.iter().any(|w| INFO_CUES.contains(w)) {
        sink.emit(&["p", "info_cue"], 1.0);
    }
    let first_person = t.iter().filter(|w| FIRST_PERSON.contains(w)).count();
    if first_person > 0 && !has_you {
        sink.emit(&["p", "i_without_you"], 1.0);
    }
    if n > 0
        && t.iter()
            .all(|w| BACKCHANNEL.contains(w) || *w == "." || *w == "!" || *w == "?")
    {
        sink.emit(&["p", "backchannel_only"], 1.0);
    }
    if cs.first().is_some_and(|w| GREETING.contains(w))
        || t.iter().take(3).any(|w| GREETING.contains(w))
    {
        sink.emit(&["p", "greeting"], 1.0);
    }
    if starts_with_any(cs, &["you", "you're", "your", "you've"]) {
        sink.emit(&["p", "starts_you"], 1.0);
    }
    if starts_with_any(cs, &["i", "i'm", "i've", "my", "me"]) {
        sink.emit(&["p", "starts_i"], 1.0);
    }
    if cs.first().is_some_and(|w| {
        [
            "try", "go", "take", "make", "call", "talk", "write", "remember", "don't", "stop",
            "keep", "consider", "avoid", "get", "just",
        ]
        .contains(w)
    }) {
        sink.emit(&["p", "imperative"], 1.0);
    }
    // advice by its grammar (any verb in the imperative, modal advice mid-sentence): at most once per kind
    let mut seen: Vec<&str> = Vec::new();
    for cue in crate::advice::advice_cues(text) {
        if !seen.contains(&cue.kind()) {
            seen.push(cue.kind());
            sink.emit(&["adv", cue.kind()], 1.0);
            sink.emit(&["adv", register.as_str(), cue.kind()], 1.0);
        }
    }

    // Context: the client's previous turn, and how much of it the therapist takes up.
    let m = c.len();
    sink.emit(&["clen", bucket(m, &[0, 1, 3, 7, 15, 30, 60])], 1.0);
    let cscale = 0.5 / (1.0 + (m as f32).sqrt() / 4.0);
    for i in 0..m {
        sink.emit(&["cu", c[i]], cscale);
        let prev = if i == 0 { "<s>" } else { c[i - 1] };
        sink.emit(&["cb", prev, c[i]], cscale);
    }
    if let Some(l) = c.last() {
        sink.emit(&["cl1", l], 1.0);
    }
    if c.last() == Some(&"?") {
        sink.emit(&["p", "client_asked"], 1.0);
    }
    if m > 0 && n > 0 {
        let content = |w: &&str| {
            w.len() > 3
                && ![
                    "that", "this", "with", "have", "just", "really", "about", "what", "there",
                    "they", "like", "know", "because", "would", "could",
                ]
                .contains(w)
        };
        let tc: Vec<&str> = t.iter().copied().filter(content).collect();
        if !tc.is_empty() {
            let shared = tc.iter().filter(|w| c.contains(w)).count();
            let frac = shared as f32 / tc.len() as f32;
            sink.emit(
                &["overlap", bucket((frac * 10.0) as usize, &[0, 1, 2, 4, 6])],
                1.0,
            );
            sink.emit(&["overlap_frac"], frac);
        }
    }

    // How the client took it: a bare "yeah" confirms a reflection, a long answer follows a question.
    match cx.next_client {
        Some(next) => {
            scratch.s.fill(next);
            let mut nx: Vec<&str> = Vec::with_capacity(scratch.s.len());
            scratch.s.slices(&mut nx);
            sink.emit(&["nlen", bucket(nx.len(), &[0, 1, 3, 7, 15, 30])], 1.0);
            if let Some(w) = nx.first() {
                sink.emit(&["n1", w], 1.0);
            }
            if nx.len() >= 2 {
                sink.emit(&["n2", nx[0], nx[1]], 1.0);
            }
        }
        None => sink.emit(&["nlen", "none"], 1.0),
    }
    if let Some(prior) = cx.prior_therapist {
        scratch.s.fill(prior);
        let mut pt: Vec<&str> = Vec::with_capacity(scratch.s.len());
        scratch.s.slices(&mut pt);
        let pcs = content_start(&pt);
        if let Some(w) = pcs.first() {
            sink.emit(&["pr1", w], 1.0);
        }
        if let Some(w) = pt.last() {
            sink.emit(&["prl", w], 1.0);
        }
    }
    if let Some(prev) = cx.prev_therapist {
        scratch.s.fill(prev);
        let mut pt: Vec<&str> = Vec::with_capacity(scratch.s.len());
        scratch.s.slices(&mut pt);
        let pcs = content_start(&pt);
        if let Some(w) = pcs.first() {
            sink.emit(&["pt1", w], 1.0);
        }
        if let Some(w) = pt.last() {
            sink.emit(&["ptl", w], 1.0);
        }
        if text.trim_start().starts_with(['-', '—']) {
            sink.emit(&["p", "continues_own_turn"], 1.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, ctx: &str) -> Vec<String> {
        let mut s = NameSink::default();
        extract(
            text,
            &Context::new(ctx, Register::Spoken),
            &mut Scratch::default(),
            &mut s,
        );
        s.feats.into_iter().map(|f| f.1).collect()
    }

    #[test]
    fn finds_patterns() {
        let f = names(
            "It sounds like you feel really alone with this.",
            "Nobody calls me anymore.",
        );
        assert!(f.contains(&"p you_feel".to_string()));
        assert!(f.contains(&"p reflect_cue".to_string()));
        assert!(f.contains(&"p you_emotion".to_string()));
        let f = names("So what would you like to do about it?", "");
        assert!(f.contains(&"p open_q_form".to_string()));
        let f = names("Have you tried going to bed earlier?", "");
        assert!(f.contains(&"p advice_cue".to_string()));
        assert!(f.contains(&"p closed_q_form".to_string()));
    }

    #[test]
    fn hash_and_name_sinks_agree() {
        let mut h = HashSink::default();
        let mut n = NameSink::default();
        let mut sc = Scratch::default();
        let cx = Context {
            client: "I went to the gym",
            next_client: Some("Yeah."),
            prev_therapist: Some("Hi."),
            prior_therapist: Some("How was it?"),
            register: Register::Chat,
            embedding: None,
            client_embedding: None,
        };
        extract("You did well. Is that right?", &cx, &mut sc, &mut h);
        extract("You did well. Is that right?", &cx, &mut sc, &mut n);
        assert_eq!(h.feats.len(), n.feats.len());
        for (a, b) in h.feats.iter().zip(&n.feats) {
            assert_eq!(a.0, b.0);
        }
    }
}
