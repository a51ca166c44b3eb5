//! A learned token tagger for people, organisations and places: an averaged perceptron over hashed features
//! of a word and its neighbours (the word, its shape and affixes, whether the name lists hold it, the words
//! around it, the previous word's tag). It is trained in Rust by `attune train --only redact` on the train split
//! of attune's own redaction set (eval/redact), tuned on its dev split, and shipped as
//! `models/attune-redact-tagger.bin`. Its spans are added to the rules' (the union is redacted): it catches
//! names the lists and rules miss from their context ("me and tomek", "X keeps texting me").

use crate::entities::{self, is_cap_tok, sentence_start_tok};
use crate::{PiiKind, Tok};
use std::sync::LazyLock;

/// Tags, in weight order.
pub const TAGS: [&str; 4] = ["O", "person", "org", "place"];
const K: usize = 4;
const BITS: u32 = 20;
const MAGIC: &[u8; 8] = b"ATTUNRT1";

static BUNDLED: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/attune-redact-tagger.bin"));
static MODEL: LazyLock<Option<Tagger>> = LazyLock::new(|| Tagger::from_bytes(BUNDLED).ok());

/// The shipped tagger (None only if the bundled file is unusable, which a test guards against).
pub fn bundled() -> Option<&'static Tagger> {
    MODEL.as_ref()
}

/// Sparse weights: feature hash → one weight per tag.
#[derive(Debug, Clone, Default)]
pub struct Tagger {
    weights: crate::HashMap<u32, [f32; K]>,
}

fn fnv(parts: &[&str]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in p.as_bytes().iter().chain(&[0x1f]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    ((h >> 20) as u32) & ((1 << BITS) - 1)
}

/// The word's shape: its first four runs of capitals (X), small letters (x), digits (d) and anything else (-),
/// written into `buf` (tagging is the costly part of redaction: its features allocate nothing).
fn shape<'b>(t: &str, buf: &'b mut [u8; 4]) -> &'b str {
    let mut n = 0;
    for c in t.chars() {
        let k = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_ascii_digit() {
            b'd'
        } else {
            b'-'
        };
        if n == 0 || buf[n - 1] != k {
            buf[n] = k;
            n += 1;
        }
        if n >= 4 {
            break;
        }
    }
    // only ASCII was written
    std::str::from_utf8(&buf[..n]).unwrap_or("")
}

/// The features of token `i` given the previous token's tag.
fn features(text: &str, toks: &[Tok<'_>], i: usize, prev_tag: usize, out: &mut Vec<u32>) {
    out.clear();
    let t = &toks[i];
    let w = t.lower();
    let word = |k: isize| -> &str {
        let j = i as isize + k;
        if j < 0 || j as usize >= toks.len() { if j < 0 { "<s>" } else { "</s>" } } else { toks[j as usize].lower() }
    };
    let cap = is_cap_tok(t);
    let start = sentence_start_tok(text, t);
    let mut flag_buf = [0u8; 8];
    let flags = entities::lexicon_flags(w, &mut flag_buf);
    // the first and the last three characters
    let pre = &w[..w.char_indices().nth(3).map_or(w.len(), |(i, _)| i)];
    let suf = &w[w.char_indices().rev().nth(2).map_or(0, |(i, _)| i)..];
    let mut shape_buf = [0u8; 4];
    let sh = shape(t.text, &mut shape_buf);
    let capstate = match (cap, start) {
        (true, true) => "cap-start",
        (true, false) => "cap-mid",
        (false, _) => "low",
    };
    let prev_cap = i > 0 && is_cap_tok(&toks[i - 1]);
    let next_cap = i + 1 < toks.len() && is_cap_tok(&toks[i + 1]);
    out.push(fnv(&["b"]));
    out.push(fnv(&["w", w]));
    out.push(fnv(&["sh", sh]));
    out.push(fnv(&["pre", pre]));
    out.push(fnv(&["suf", suf]));
    out.push(fnv(&["cap", capstate]));
    out.push(fnv(&["lex", flags]));
    out.push(fnv(&["lex-cap", flags, capstate]));
    out.push(fnv(&["pw", word(-1)]));
    out.push(fnv(&["nw", word(1)]));
    out.push(fnv(&["p2w", word(-2), word(-1)]));
    out.push(fnv(&["n2w", word(1), word(2)]));
    out.push(fnv(&["pw-lex", word(-1), flags]));
    out.push(fnv(&["nw-lex", word(1), flags]));
    out.push(fnv(&["pcap", if prev_cap { "1" } else { "0" }, capstate]));
    out.push(fnv(&["ncap", if next_cap { "1" } else { "0" }, capstate]));
    out.push(fnv(&["pt", TAGS[prev_tag]]));
    out.push(fnv(&["pt-cap", TAGS[prev_tag], capstate]));
    out.push(fnv(&["pt-w", TAGS[prev_tag], w]));
}

impl Tagger {
    fn scores(&self, feats: &[u32]) -> [f32; K] {
        let mut s = [0.0f32; K];
        for f in feats {
            if let Some(w) = self.weights.get(f) {
                for k in 0..K {
                    s[k] += w[k];
                }
            }
        }
        s
    }

    fn best(s: &[f32; K]) -> usize {
        // Ties go to O: with no evidence, nothing is tagged.
        let mut b = 0;
        for k in 1..K {
            if s[k] > s[b] {
                b = k;
            }
        }
        b
    }

    /// Tags of `toks`, left to right.
    pub(crate) fn tags(&self, text: &str, toks: &[Tok<'_>]) -> Vec<usize> {
        let mut out = Vec::with_capacity(toks.len());
        let mut feats = Vec::with_capacity(24);
        let mut prev = 0;
        for i in 0..toks.len() {
            features(text, toks, i, prev, &mut feats);
            prev = Self::best(&self.scores(&feats));
            out.push(prev);
        }
        out
    }

    /// Spans of consecutive tokens with the same tag (not O).
    pub(crate) fn spans(&self, text: &str, toks: &[Tok<'_>], out: &mut Vec<(PiiKind, usize, usize)>) {
        // A span is kept only if it starts on a word that is neither capitalised in mid-sentence nor ordinary and
        // holds no ordinary word (below): a text with no such word cannot give one, and most texts have none, so
        // the tagging (the costly part of redaction) is skipped for them with the same result.
        if toks.iter().all(|t| entities::plain_word(&t.lower) || (is_cap_tok(t) && !sentence_start_tok(text, t))) {
            return;
        }
        let tags = self.tags(text, toks);
        let mut i = 0;
        while i < toks.len() {
            let tag = tags[i];
            if tag == 0 {
                i += 1;
                continue;
            }
            let mut e = i;
            while e + 1 < toks.len() && tags[e + 1] == tag && text[toks[e].e..toks[e + 1].s].chars().all(|c| c == ' ' || c == '-' || c == '.' || c == '&') {
                e += 1;
            }
            // The rules see capitals in mid-sentence; the tagger is for what they cannot see (lower-case names,
            // names that open a sentence). Ordinary words and brands are never taken on its word alone.
            let mid_cap = is_cap_tok(&toks[i]) && !sentence_start_tok(text, &toks[i]);
            if mid_cap || (i..=e).any(|k| entities::plain_word(&toks[k].lower)) {
                i = e + 1;
                continue;
            }
            let kind = match tag {
                1 => PiiKind::Name,
                2 => PiiKind::Org,
                _ => PiiKind::Place,
            };
            out.push((kind, toks[i].s, toks[e].e));
            i = e + 1;
        }
    }

    /// Trains on `(text, spans)` pairs (byte spans with labels `person`, `org`, `place`, `address`; other
    /// labels are the patterns' and count as O): averaged perceptron, `epochs` passes in a fixed shuffled order.
    pub fn train(examples: &[(String, Vec<(usize, usize, String)>)], epochs: usize, seed: u64) -> Tagger {
        let data: Vec<(Vec<Tok<'_>>, Vec<usize>, &str)> = examples
            .iter()
            .map(|(text, spans)| {
                let toks = crate::tokenize(text);
                let gold = toks
                    .iter()
                    .map(|t| {
                        spans
                            .iter()
                            .find(|(s, e, _)| *s <= t.s && t.e <= *e)
                            .map(|(_, _, l)| match l.as_str() {
                                "person" => 1,
                                "org" => 2,
                                "place" | "address" => 3,
                                _ => 0,
                            })
                            .unwrap_or(0)
                    })
                    .collect();
                (toks, gold, text.as_str())
            })
            .collect();
        let mut w: crate::HashMap<u32, [f32; K]> = Default::default();
        // Averaging: total[f] accumulates w[f] * time, kept lazily with the time of the last change.
        let mut total: crate::HashMap<u32, ([f32; K], u64)> = Default::default();
        let mut step: u64 = 1;
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = seed | 1;
        let mut feats = Vec::with_capacity(24);
        for _ in 0..epochs {
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
            for &d in &order {
                let (toks, gold, text) = &data[d];
                let mut prev = 0;
                for i in 0..toks.len() {
                    features(text, toks, i, prev, &mut feats);
                    let mut s = [0.0f32; K];
                    for f in &feats {
                        if let Some(x) = w.get(f) {
                            for k in 0..K {
                                s[k] += x[k];
                            }
                        }
                    }
                    let guess = Self::best(&s);
                    let g = gold[i];
                    if guess != g {
                        for f in &feats {
                            let x = w.entry(*f).or_insert([0.0; K]);
                            let (acc, last) = total.entry(*f).or_insert(([0.0; K], step));
                            for k in 0..K {
                                acc[k] += x[k] * (step - *last) as f32;
                            }
                            *last = step;
                            x[g] += 1.0;
                            x[guess] -= 1.0;
                        }
                    }
                    // Teacher forcing: the next token sees the gold tag.
                    prev = g;
                    step += 1;
                }
            }
        }
        let mut avg: crate::HashMap<u32, [f32; K]> = Default::default();
        for (f, x) in &w {
            let (acc, last) = total.get(f).copied().unwrap_or(([0.0; K], step));
            let mut a = [0.0f32; K];
            for k in 0..K {
                a[k] = (acc[k] + x[k] * (step - last) as f32) / step as f32;
            }
            if a.iter().any(|v| v.abs() > 1e-7) {
                avg.insert(*f, a);
            }
        }
        Tagger { weights: avg }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut keys: Vec<&u32> = self.weights.keys().collect();
        keys.sort();
        let mut out = Vec::with_capacity(16 + keys.len() * (4 + 4 * K));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(keys.len() as u64).to_le_bytes());
        for k in keys {
            out.extend_from_slice(&k.to_le_bytes());
            for v in &self.weights[k] {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out
    }

    pub fn from_bytes(b: &[u8]) -> Result<Tagger, String> {
        if b.len() < 16 || &b[..8] != MAGIC {
            return Err("not an attune redaction tagger (bad header)".into());
        }
        let n = u64::from_le_bytes(b[8..16].try_into().map_err(|_| "truncated")?) as usize;
        let rec = 4 + 4 * K;
        if b.len() != 16 + n * rec {
            return Err(format!("truncated tagger: {} bytes for {n} weights", b.len()));
        }
        let mut weights: crate::HashMap<u32, [f32; K]> = Default::default();
        weights.reserve(n);
        for r in b[16..].chunks_exact(rec) {
            let key = u32::from_le_bytes([r[0], r[1], r[2], r[3]]);
            let mut v = [0.0f32; K];
            for (k, c) in r[4..].chunks_exact(4).enumerate() {
                v[k] = f32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            }
            weights.insert(key, v);
        }
        Ok(Tagger { weights })
    }

    pub fn len(&self) -> usize {
        self.weights.len()
    }

    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_context_and_round_trips() {
        let ex: Vec<(String, Vec<(usize, usize, String)>)> = ["me and zorbak broke up", "me and quillon went out", "me and vetrin argued", "me and the dog slept"]
            .iter()
            .map(|t| {
                let spans = if t.contains("the dog") { vec![] } else { vec![(7, 7 + t[7..].find(' ').unwrap_or(0), "person".to_string())] };
                (t.to_string(), spans)
            })
            .collect();
        let m = Tagger::train(&ex, 10, 7);
        let text = "me and brellik slept";
        let toks = crate::tokenize(text);
        let mut out = Vec::new();
        m.spans(text, &toks, &mut out);
        assert_eq!(out, vec![(PiiKind::Name, 7, 14)]);
        let back = Tagger::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back.tags(text, &toks), m.tags(text, &toks));
        assert!(Tagger::from_bytes(b"nonsense").is_err());
    }

    #[test]
    fn the_bundled_tagger_loads() {
        assert!(bundled().is_some_and(|t| !t.is_empty()), "models/attune-redact-tagger.bin is unusable: run `attune train --only redact`");
    }
}
