//! A multinomial logistic-regression head over hashed features, its training and its file format.
//!
//! Training supports *partial labels*: an example may name a set of acceptable classes (ESConv's
//! "Question" is open or closed; AnnoMI's "other" may be an affirmation). The loss is
//! −log Σ_{c∈S} p(c), so the model is free to split the mass within the set as other data suggest.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Feature keys are already 64-bit FNV hashes, so one multiply is enough hashing. Not none: FNV-1a's low
/// bits depend only on the low bits of the input bytes, and the map picks buckets by the low bits, so
/// keys taken as they are crowd into a few buckets (loading the models took a quarter of a second).
#[derive(Default, Clone, Copy)]
pub struct FeatureHasher(u64);

impl Hasher for FeatureHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) ^ *b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        let x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = x ^ (x >> 32);
    }
}

pub type FeatureMap<V> = HashMap<u64, V, BuildHasherDefault<FeatureHasher>>;

/// One trained head: classes, a feature vocabulary and a dense weight matrix (features × classes).
#[derive(Debug, Clone)]
pub struct Head {
    pub name: String,
    pub classes: Vec<String>,
    /// Built on first use: at run time every bundled model is read through a [`FusedHeads`] table, and
    /// building a map per head when the models load was most of the start-up time.
    index: std::sync::OnceLock<FeatureMap<u32>>,
    hashes: Vec<u64>,
    bias: Vec<f32>,
    weights: Vec<f32>,
}

/// A training example: features, the acceptable classes, and a weight.
#[derive(Debug, Clone)]
pub struct Example {
    pub feats: Vec<(u64, f32)>,
    pub labels: Vec<usize>,
    pub weight: f32,
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub epochs: usize,
    pub learning_rate: f32,
    pub l2: f32,
    pub min_count: usize,
    pub seed: u64,
    /// Train this many times with different shuffles and average the weights (1 = once).
    pub average: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 12,
            learning_rate: 0.2,
            l2: 1e-5,
            min_count: 2,
            seed: 17,
            average: 1,
        }
    }
}

impl Head {
    fn index(&self) -> &FeatureMap<u32> {
        self.index.get_or_init(|| {
            self.hashes
                .iter()
                .enumerate()
                .map(|(i, h)| (*h, i as u32))
                .collect()
        })
    }

    pub fn n_classes(&self) -> usize {
        self.classes.len()
    }

    pub fn n_features(&self) -> usize {
        self.hashes.len()
    }

    /// Class scores (logits) for a feature vector.
    pub fn logits(&self, feats: &[(u64, f32)], out: &mut Vec<f32>) {
        let k = self.classes.len();
        out.clear();
        out.extend_from_slice(&self.bias);
        for (h, v) in feats {
            if let Some(&row) = self.index().get(h) {
                let w = &self.weights[row as usize * k..row as usize * k + k];
                for (o, wi) in out.iter_mut().zip(w) {
                    *o += v * wi;
                }
            }
        }
    }

    /// Class probabilities.
    pub fn predict(&self, feats: &[(u64, f32)], out: &mut Vec<f32>) {
        self.logits(feats, out);
        softmax(out);
    }

    /// Contribution of one feature to one class's logit (0 if the feature is unknown).
    pub fn contribution(&self, hash: u64, value: f32, class: usize) -> f32 {
        match self.index().get(&hash) {
            Some(&row) => value * self.weights[row as usize * self.classes.len() + class],
            None => 0.0,
        }
    }

    /// Trains a head with AdaGrad on the partial-label log loss; with `cfg.average > 1`, the average of
    /// several runs over different shuffles (a cheap ensemble that smooths the online optimizer's noise).
    pub fn train(
        name: &str,
        classes: Vec<String>,
        examples: &[Example],
        cfg: &TrainConfig,
    ) -> Head {
        let runs = cfg.average.max(1);
        let mut acc = Head::train_once(name, classes.clone(), examples, cfg);
        for r in 1..runs {
            let c = TrainConfig {
                seed: cfg.seed.wrapping_add(r as u64 * 7919),
                ..cfg.clone()
            };
            let h = Head::train_once(name, classes.clone(), examples, &c);
            for (a, b) in acc.weights.iter_mut().zip(&h.weights) {
                *a += b;
            }
            for (a, b) in acc.bias.iter_mut().zip(&h.bias) {
                *a += b;
            }
        }
        let inv = 1.0 / runs as f32;
        acc.weights.iter_mut().for_each(|w| *w *= inv);
        acc.bias.iter_mut().for_each(|w| *w *= inv);
        acc
    }

    fn train_once(
        name: &str,
        classes: Vec<String>,
        examples: &[Example],
        cfg: &TrainConfig,
    ) -> Head {
        let k = classes.len();
        let mut counts: HashMap<u64, usize> = HashMap::new();
        for ex in examples {
            for (h, _) in &ex.feats {
                *counts.entry(*h).or_default() += 1;
            }
        }
        let mut hashes: Vec<u64> = counts
            .iter()
            .filter(|(_, c)| **c >= cfg.min_count)
            .map(|(h, _)| *h)
            .collect();
        hashes.sort_unstable();
        let mut head = Head {
            name: name.to_string(),
            classes,
            index: std::sync::OnceLock::new(),
            hashes,
            bias: vec![0.0; k],
            weights: vec![0.0; 0],
        };
        head.weights = vec![0.0; head.hashes.len() * k];
        let mut g2w = vec![1e-6f32; head.weights.len()];
        let mut g2b = vec![1e-6f32; k];

        // Deterministic shuffling with a small LCG: reproducible training without extra dependencies.
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut state = cfg
            .seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut p = Vec::with_capacity(k);
        let mut grad = vec![0.0f32; k];
        for _epoch in 0..cfg.epochs {
            for i in (1..order.len()).rev() {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let j = ((state >> 33) as usize) % (i + 1);
                order.swap(i, j);
            }
            for &ei in &order {
                let ex = &examples[ei];
                if ex.labels.is_empty() {
                    continue;
                }
                head.predict(&ex.feats, &mut p);
                let mass: f32 = ex.labels.iter().map(|&c| p[c]).sum::<f32>().max(1e-12);
                for c in 0..k {
                    let q = if ex.labels.contains(&c) {
                        p[c] / mass
                    } else {
                        0.0
                    };
                    grad[c] = (p[c] - q) * ex.weight;
                }
                for c in 0..k {
                    g2b[c] += grad[c] * grad[c];
                    head.bias[c] -= cfg.learning_rate * grad[c] / g2b[c].sqrt();
                }
                for (h, v) in &ex.feats {
                    if let Some(&row) = head.index().get(h) {
                        let base = row as usize * k;
                        for c in 0..k {
                            let w = &mut head.weights[base + c];
                            let g = grad[c] * v + cfg.l2 * *w;
                            g2w[base + c] += g * g;
                            *w -= cfg.learning_rate * g / g2w[base + c].sqrt();
                        }
                    }
                }
            }
        }
        head
    }

    /// Appends the head to a byte buffer (little-endian; see `read`).
    pub fn write(&self, out: &mut Vec<u8>) {
        put_str(out, &self.name);
        out.extend_from_slice(&(self.classes.len() as u32).to_le_bytes());
        for c in &self.classes {
            put_str(out, c);
        }
        out.extend_from_slice(&(self.hashes.len() as u32).to_le_bytes());
        for h in &self.hashes {
            out.extend_from_slice(&h.to_le_bytes());
        }
        for b in &self.bias {
            out.extend_from_slice(&b.to_le_bytes());
        }
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
    }

    /// Reads a head written by [`Head::write`], advancing `pos`.
    pub fn read(buf: &[u8], pos: &mut usize) -> Result<Head, String> {
        let name = get_str(buf, pos)?;
        let k = get_u32(buf, pos)? as usize;
        if k == 0 || k > 1000 {
            return Err(format!("head `{name}`: implausible class count {k}"));
        }
        let mut classes = Vec::with_capacity(k);
        for _ in 0..k {
            classes.push(get_str(buf, pos)?);
        }
        let n = get_u32(buf, pos)? as usize;
        let need = n
            .checked_mul(8 + 4 * k)
            .and_then(|x| x.checked_add(4 * k))
            .ok_or("size overflow")?;
        if buf.len() < *pos + need {
            return Err(format!("head `{name}`: file truncated"));
        }
        let mut hashes = Vec::with_capacity(n);
        for _ in 0..n {
            hashes.push(u64::from_le_bytes(take::<8>(buf, pos)?));
        }
        let mut bias = Vec::with_capacity(k);
        for _ in 0..k {
            bias.push(f32::from_le_bytes(take::<4>(buf, pos)?));
        }
        let mut weights = Vec::with_capacity(n * k);
        for _ in 0..n * k {
            weights.push(f32::from_le_bytes(take::<4>(buf, pos)?));
        }
        Ok(Head {
            name,
            classes,
            index: std::sync::OnceLock::new(),
            hashes,
            bias,
            weights,
        })
    }
}

pub fn softmax(v: &mut [f32]) {
    let m = v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut s = 0.0;
    for x in v.iter_mut() {
        *x = (*x - m).exp();
        s += *x;
    }
    for x in v.iter_mut() {
        *x /= s;
    }
}

pub fn argmax(v: &[f32]) -> usize {
    let mut best = 0;
    for i in 1..v.len() {
        if v[i] > v[best] {
            best = i;
        }
    }
    best
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn take<const N: usize>(buf: &[u8], pos: &mut usize) -> Result<[u8; N], String> {
    let end = pos.checked_add(N).ok_or("overflow")?;
    let s = buf.get(*pos..end).ok_or("model file truncated")?;
    *pos = end;
    let mut a = [0u8; N];
    a.copy_from_slice(s);
    Ok(a)
}

fn get_u32(buf: &[u8], pos: &mut usize) -> Result<u32, String> {
    Ok(u32::from_le_bytes(take::<4>(buf, pos)?))
}

fn get_str(buf: &[u8], pos: &mut usize) -> Result<String, String> {
    let n = get_u32(buf, pos)? as usize;
    if n > 1 << 20 {
        return Err("model file corrupt (string too long)".into());
    }
    let end = pos.checked_add(n).ok_or("overflow")?;
    let s = buf.get(*pos..end).ok_or("model file truncated")?;
    *pos = end;
    String::from_utf8(s.to_vec()).map_err(|_| "model file corrupt (bad UTF-8)".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_separable_data_and_round_trips() {
        let ex: Vec<Example> = (0..200)
            .map(|i| {
                let c = i % 2;
                Example {
                    feats: vec![(c as u64 + 10, 1.0), (99, 1.0)],
                    labels: vec![c],
                    weight: 1.0,
                }
            })
            .collect();
        let h = Head::train(
            "t",
            vec!["a".into(), "b".into()],
            &ex,
            &TrainConfig::default(),
        );
        let mut p = vec![];
        h.predict(&[(11, 1.0)], &mut p);
        assert!(p[1] > 0.9, "{p:?}");
        let mut buf = vec![];
        h.write(&mut buf);
        let mut pos = 0;
        let h2 = Head::read(&buf, &mut pos).unwrap();
        let mut p2 = vec![];
        h2.predict(&[(11, 1.0)], &mut p2);
        assert_eq!(p, p2);
        assert!(Head::read(&buf[..buf.len() - 3], &mut 0).is_err());
    }

    #[test]
    fn partial_labels_leave_the_split_to_other_evidence() {
        // Class 0 is certain for feature 1; examples with feature 2 are "0 or 1".
        let mut ex = vec![];
        for _ in 0..100 {
            ex.push(Example {
                feats: vec![(1, 1.0)],
                labels: vec![0],
                weight: 1.0,
            });
            ex.push(Example {
                feats: vec![(2, 1.0)],
                labels: vec![0, 1],
                weight: 1.0,
            });
            ex.push(Example {
                feats: vec![(3, 1.0)],
                labels: vec![2],
                weight: 1.0,
            });
        }
        let h = Head::train(
            "t",
            vec!["a".into(), "b".into(), "c".into()],
            &ex,
            &TrainConfig::default(),
        );
        let mut p = vec![];
        h.predict(&[(2, 1.0)], &mut p);
        assert!(p[0] + p[1] > 0.9 && p[2] < 0.1, "{p:?}");
    }

    /// Two heads with overlapping vocabularies, trained on features drawn from `seed`.
    fn two_heads(seed: u64) -> (Head, Head) {
        let mut x = seed | 1;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut a = vec![];
        let mut b = vec![];
        for i in 0..300 {
            // keys spread over the whole range, including ones that collide in the table's low bits
            let f1 = next() % 500 * 0x1_0000_0000;
            let f2 = next();
            a.push(Example {
                feats: vec![(f1, 1.0), (f2, 0.5)],
                labels: vec![i % 2],
                weight: 1.0,
            });
            b.push(Example {
                feats: vec![(f1, 1.0), (next(), 2.0)],
                labels: vec![i % 3],
                weight: 1.0,
            });
        }
        let cfg = TrainConfig {
            min_count: 1,
            ..TrainConfig::default()
        };
        (
            Head::train("a", vec!["0".into(), "1".into()], &a, &cfg),
            Head::train("b", vec!["0".into(), "1".into(), "2".into()], &b, &cfg),
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, rng_seed: proptest::test_runner::RngSeed::Fixed(9), ..Default::default() })]
        /// The fused table gives every head exactly the logits the head gives alone.
        #[test]
        fn fused_heads_equal_each_head(seed in 1u64..u64::MAX, probe in proptest::collection::vec((0u64..2000, -3.0f32..3.0), 0..60)) {
            let (a, b) = two_heads(seed);
            let fused = FusedHeads::new(&[&a, &b]);
            let mut feats: Vec<(u64, f32)> = probe.iter().map(|(k, v)| (k * 0x1_0000_0000, *v)).collect();
            feats.extend(a.hashes.iter().chain(&b.hashes).step_by(3).map(|h| (*h, 0.7)));
            let (mut la, mut lb, mut lf, mut rows) = (vec![], vec![], vec![], vec![]);
            a.logits(&feats, &mut la);
            b.logits(&feats, &mut lb);
            fused.logits_rows(&feats, &mut lf, &mut rows);
            la.extend_from_slice(&lb);
            proptest::prop_assert_eq!(la, lf);
            for ((h, v), row) in feats.iter().zip(&rows) {
                proptest::prop_assert_eq!(v * fused.weight(*row, 1, 2), b.contribution(*h, *v, 2));
            }
        }
    }
}

/// Several heads over one feature table: one lookup per feature serves them all. The table is open
/// addressing with each feature's key and its weights for every head in one slot, so a lookup costs
/// one or two cache lines where a hash map's control bytes, its bucket and a separate weight row cost
/// three scattered reads (feature lookups were a fifth of the time of analyzing a session). Built once
/// when a model is loaded.
#[derive(Debug, Clone)]
pub struct FusedHeads {
    /// Start of each head's classes within a row.
    pub offsets: Vec<usize>,
    pub width: usize,
    bias: Vec<f32>,
    /// `slots` slots of `SLOT_HEAD + width` words: [occupied, key low, key high, weights as f32 bits...].
    table: Vec<u32>,
    /// `slots - 1` (the slot count is a power of two).
    mask: usize,
}

const SLOT_HEAD: usize = 3;

/// How many features ahead [`FusedHeads::logits`] asks for their slots.
const AHEAD: usize = 8;

impl FusedHeads {
    pub fn new(heads: &[&Head]) -> FusedHeads {
        let mut offsets = Vec::with_capacity(heads.len());
        let mut width = 0;
        for h in heads {
            offsets.push(width);
            width += h.n_classes();
        }
        let mut bias = vec![0.0f32; width];
        for (hi, h) in heads.iter().enumerate() {
            bias[offsets[hi]..offsets[hi] + h.n_classes()].copy_from_slice(&h.bias);
        }
        // Heads over the same features share most of their vocabularies: start from the largest and grow
        // when the table passes 70 % full, so that probe runs stay short.
        let largest = heads.iter().map(|h| h.hashes.len()).max().unwrap_or(0);
        let mut f = FusedHeads {
            offsets,
            width,
            bias,
            table: Vec::new(),
            mask: 0,
        };
        f.resize((largest * 10 / 7 + 1).next_power_of_two().max(8));
        let mut used = 0usize;
        let stride = SLOT_HEAD + width;
        for (hi, h) in heads.iter().enumerate() {
            let k = h.n_classes();
            let off = f.offsets[hi];
            for (r, hash) in h.hashes.iter().enumerate() {
                let (slot, fresh) = f.find_or_insert(*hash);
                if fresh {
                    used += 1;
                }
                let base = slot * stride + SLOT_HEAD + off;
                for (dst, w) in f.table[base..base + k]
                    .iter_mut()
                    .zip(&h.weights[r * k..r * k + k])
                {
                    *dst = w.to_bits();
                }
                if used * 10 > (f.mask + 1) * 7 {
                    f.resize((f.mask + 1) * 2);
                }
            }
        }
        f
    }

    /// Moves every feature into a table of `slots` slots (a power of two).
    fn resize(&mut self, slots: usize) {
        let stride = SLOT_HEAD + self.width;
        let old = std::mem::replace(&mut self.table, vec![0u32; slots * stride]);
        self.mask = slots - 1;
        for s in old.chunks_exact(stride).filter(|s| s[0] != 0) {
            let key = s[1] as u64 | (s[2] as u64) << 32;
            let (slot, _) = self.find_or_insert(key);
            self.table[slot * stride + SLOT_HEAD..(slot + 1) * stride]
                .copy_from_slice(&s[SLOT_HEAD..]);
        }
    }

    /// The slot of `hash`, claimed for it if it had none (`true`).
    fn find_or_insert(&mut self, hash: u64) -> (usize, bool) {
        let stride = SLOT_HEAD + self.width;
        let (lo, hi) = (hash as u32, (hash >> 32) as u32);
        let mut i = slot_index(hash, self.mask);
        loop {
            let s = &mut self.table[i * stride..i * stride + SLOT_HEAD];
            if s[0] == 0 {
                s.copy_from_slice(&[1, lo, hi]);
                return (i, true);
            }
            if s[1] == lo && s[2] == hi {
                return (i, false);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The slot holding feature `hash`, if the heads know it.
    #[inline]
    fn find(&self, hash: u64) -> Option<usize> {
        let stride = SLOT_HEAD + self.width;
        let (lo, hi) = (hash as u32, (hash >> 32) as u32);
        let mut i = slot_index(hash, self.mask);
        loop {
            let s = &self.table[i * stride..i * stride + SLOT_HEAD];
            if s[0] == 0 {
                return None;
            }
            if s[1] == lo && s[2] == hi {
                return Some(i);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Asks the CPU to start loading the first slot `hash` probes. The table is tens of megabytes and each feature
    /// lands in a random slot, so the lookups wait on memory; asking a few features ahead overlaps those waits.
    #[inline]
    fn prefetch(&self, hash: u64) {
        #[cfg(target_arch = "x86_64")]
        {
            let at = slot_index(hash, self.mask) * (SLOT_HEAD + self.width);
            if let Some(p) = self.table.get(at) {
                // SAFETY: a prefetch is a hint; it reads nothing into the program and cannot fault, and the
                // pointer is to an element of the table.
                unsafe {
                    std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                        (p as *const u32).cast::<i8>(),
                    )
                }
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = hash;
    }

    #[inline]
    fn add_row(&self, slot: usize, v: f32, out: &mut [f32]) {
        let base = slot * (SLOT_HEAD + self.width) + SLOT_HEAD;
        for (o, wi) in out.iter_mut().zip(&self.table[base..base + self.width]) {
            *o += v * f32::from_bits(*wi);
        }
    }

    /// Logits of every head, concatenated in the order given to [`FusedHeads::new`].
    pub fn logits(&self, feats: &[(u64, f32)], out: &mut Vec<f32>) {
        self.accumulate(feats, out, |_| {});
    }

    /// As [`FusedHeads::logits`], also recording each feature's slot (`u32::MAX` where the feature is
    /// unknown), so that a caller can read single weights afterwards without a second lookup.
    pub fn logits_rows(&self, feats: &[(u64, f32)], out: &mut Vec<f32>, rows: &mut Vec<u32>) {
        rows.clear();
        self.accumulate(feats, out, |slot| {
            rows.push(slot.map_or(u32::MAX, |s| s as u32))
        });
    }

    /// The bias plus each known feature's row, in the features' order; `seen` is told each feature's slot.
    #[inline]
    fn accumulate(
        &self,
        feats: &[(u64, f32)],
        out: &mut Vec<f32>,
        mut seen: impl FnMut(Option<usize>),
    ) {
        out.clear();
        out.extend_from_slice(&self.bias);
        for (h, _) in feats.iter().take(AHEAD) {
            self.prefetch(*h);
        }
        for (j, (h, v)) in feats.iter().enumerate() {
            if let Some((ahead, _)) = feats.get(j + AHEAD) {
                self.prefetch(*ahead);
            }
            let slot = self.find(*h);
            if let Some(slot) = slot {
                self.add_row(slot, *v, out);
            }
            seen(slot);
        }
    }

    /// The weight in slot `row` for class `class` of head `head` (0 for an unknown feature).
    pub fn weight(&self, row: u32, head: usize, class: usize) -> f32 {
        if row == u32::MAX {
            return 0.0;
        }
        let at = row as usize * (SLOT_HEAD + self.width) + SLOT_HEAD + self.offsets[head] + class;
        self.table
            .get(at)
            .map(|b| f32::from_bits(*b))
            .unwrap_or(0.0)
    }

    /// Probabilities of head `i` from fused logits.
    pub fn probs<'a>(&self, logits: &'a mut [f32], i: usize) -> &'a [f32] {
        let end = self.offsets.get(i + 1).copied().unwrap_or(self.width);
        let s = &mut logits[self.offsets[i]..end];
        softmax(s);
        s
    }
}

/// Where probing for `hash` starts: the high bits of a multiplicative hash (the feature hashes are
/// FNV-1a, whose low bits alone cluster).
#[inline]
fn slot_index(hash: u64, mask: usize) -> usize {
    (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
}
