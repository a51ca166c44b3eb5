//! Static word vectors for the fast tier, distilled from the accurate tier's sentence encoder.
//!
//! Lexical features (word and character n-grams) know only the words the training data used: "my dad passed"
//! and "we lost grandpa" share no n-gram. The accurate tier closes that gap with MiniLM, which costs a
//! transformer pass per turn. These vectors carry part of it at the cost of a table lookup per word: each
//! word of the training vocabulary was embedded by MiniLM on its own, the common direction removed and
//! the rest reduced to [`WordVectors::dim`] principal components, and each row scaled down by how common the
//! word is (smooth inverse frequency, so that "the" and "i" barely move a turn's vector). A text's vector is the
//! mean of its words' rows, unit length. `attune train --only words` builds the table
//! (`models/attune-words-v1.bin`); the method is model2vec's (Tulkens & van Dongen, 2024) at the word level.

use std::collections::HashMap;
use std::sync::LazyLock;

static BUNDLED: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/attune-words-v1.bin"
));

const MAGIC: &[u8; 8] = b"ATTUNEW1";

/// Words and their vectors, 8-bit with one scale per word.
#[derive(Debug, Clone, Default)]
pub struct WordVectors {
    dim: usize,
    index: HashMap<Box<str>, u32>,
    scales: Vec<f32>,
    data: Vec<i8>,
    pub id: String,
}

static BUNDLED_VECTORS: LazyLock<WordVectors> =
    LazyLock::new(|| WordVectors::from_bytes(BUNDLED).unwrap_or_default());

/// The shipped table (empty if the bundled file is unreadable, which the tests catch).
pub fn bundled() -> &'static WordVectors {
    &BUNDLED_VECTORS
}

impl WordVectors {
    /// Quantizes `rows` (one per word, all `dim` wide) into a table.
    pub fn new(words: &[String], rows: &[Vec<f32>]) -> WordVectors {
        let dim = rows.first().map(Vec::len).unwrap_or(0);
        let mut wv = WordVectors {
            dim,
            ..Default::default()
        };
        for (w, r) in words.iter().zip(rows) {
            let max = r.iter().fold(0f32, |m, x| m.max(x.abs()));
            let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
            wv.index.insert(w.as_str().into(), wv.scales.len() as u32);
            wv.scales.push(scale);
            wv.data.extend(
                r.iter()
                    .map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8),
            );
        }
        wv
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    pub fn len(&self) -> usize {
        self.scales.len()
    }

    pub fn is_empty(&self) -> bool {
        self.scales.is_empty()
    }

    /// Adds the row of `word` to `acc` (which is `dim` wide); false when the word is not in the table.
    pub fn add(&self, word: &str, acc: &mut [f32]) -> bool {
        let Some(&i) = self.index.get(word) else {
            return false;
        };
        let (i, s) = (i as usize, self.scales[i as usize]);
        for (a, q) in acc
            .iter_mut()
            .zip(&self.data[i * self.dim..(i + 1) * self.dim])
        {
            *a += s * *q as f32;
        }
        true
    }

    /// The unit-length mean of the words' rows into `out` (resized to `dim`); false (and `out` zero) when no
    /// word is known.
    pub fn sentence(&self, words: &[&str], out: &mut Vec<f32>) -> bool {
        out.clear();
        out.resize(self.dim, 0.0);
        let found = words.iter().filter(|w| self.add(w, out)).count();
        let norm = out.iter().map(|x| x * x).sum::<f32>().sqrt();
        if found == 0 || norm == 0.0 {
            out.iter_mut().for_each(|x| *x = 0.0);
            return false;
        }
        out.iter_mut().for_each(|x| *x /= norm);
        true
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&(self.dim as u32).to_le_bytes());
        out.extend_from_slice(&(self.len() as u32).to_le_bytes());
        // rows in index order, so the bytes (and the id) do not depend on the hash map's order
        let mut words: Vec<(&str, u32)> = self.index.iter().map(|(w, i)| (&**w, *i)).collect();
        words.sort_by_key(|(_, i)| *i);
        for (w, i) in words {
            let i = i as usize;
            out.push(w.len().min(255) as u8);
            out.extend_from_slice(&w.as_bytes()[..w.len().min(255)]);
            out.extend_from_slice(&self.scales[i].to_le_bytes());
            out.extend(
                self.data[i * self.dim..(i + 1) * self.dim]
                    .iter()
                    .map(|q| *q as u8),
            );
        }
        out
    }

    pub fn from_bytes(buf: &[u8]) -> Result<WordVectors, String> {
        if buf.len() < 16 || &buf[..8] != MAGIC {
            return Err("not an attune word-vector table (bad magic); run `attune train --only words` to build one".into());
        }
        let u32_at =
            |p: usize| u32::from_le_bytes([buf[p], buf[p + 1], buf[p + 2], buf[p + 3]]) as usize;
        let (dim, n) = (u32_at(8), u32_at(12));
        if dim > 1024 {
            return Err(format!("word-vector table: width {dim} is implausible"));
        }
        let mut wv = WordVectors {
            dim,
            ..Default::default()
        };
        // a corrupt count must not reserve more than the bytes could hold
        let fits = n.min(buf.len() / (5 + dim));
        wv.index.reserve(fits);
        wv.data.reserve(fits * dim);
        let mut pos = 16;
        for k in 0..n {
            let truncated = || format!("word-vector table truncated at word {k} of {n}");
            let len = *buf.get(pos).ok_or_else(truncated)? as usize;
            let end = pos + 1 + len + 4 + dim;
            if end > buf.len() {
                return Err(truncated());
            }
            let w = std::str::from_utf8(&buf[pos + 1..pos + 1 + len])
                .map_err(|_| format!("word-vector table: word {k} is not UTF-8"))?;
            let s = f32::from_le_bytes([
                buf[pos + 1 + len],
                buf[pos + 2 + len],
                buf[pos + 3 + len],
                buf[pos + 4 + len],
            ]);
            wv.index.insert(w.into(), k as u32);
            wv.scales.push(s);
            wv.data
                .extend(buf[pos + 5 + len..end].iter().map(|b| *b as i8));
            pos = end;
        }
        wv.id = format!("attune-words-v1:{:08x}", crate::coder::fnv32(buf));
        Ok(wv)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_mean() {
        let words = vec!["sad".to_string(), "happy".to_string()];
        let wv = WordVectors::new(&words, &[vec![1.0, 0.0, 0.5], vec![0.0, -2.0, 0.0]]);
        let back = WordVectors::from_bytes(&wv.to_bytes()).expect("round trip");
        assert_eq!(back.len(), 2);
        let mut v = Vec::new();
        assert!(back.sentence(&["sad", "unknown"], &mut v));
        assert!((v[0] - 0.894).abs() < 0.01 && v[1].abs() < 1e-6, "{v:?}");
        assert!(!back.sentence(&["unknown"], &mut v));
        assert!(v.iter().all(|x| *x == 0.0));
        assert!(WordVectors::from_bytes(&wv.to_bytes()[..20]).is_err());
        // a corrupt word count is an error, not an allocation of the count's size
        let mut huge = wv.to_bytes();
        huge[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(
            WordVectors::from_bytes(&huge)
                .unwrap_err()
                .contains("truncated")
        );
    }

    #[test]
    fn bundled_table_puts_related_words_together() {
        let wv = bundled();
        assert!(
            wv.len() > 10_000,
            "bundled word vectors: {} words",
            wv.len()
        );
        let mut a = Vec::new();
        let mut b = Vec::new();
        let mut c = Vec::new();
        wv.sentence(&["grief"], &mut a);
        wv.sentence(&["mourning"], &mut b);
        wv.sentence(&["spreadsheet"], &mut c);
        let dot = |x: &[f32], y: &[f32]| x.iter().zip(y).map(|(p, q)| p * q).sum::<f32>();
        assert!(
            dot(&a, &b) > dot(&a, &c) + 0.1,
            "{} vs {}",
            dot(&a, &b),
            dot(&a, &c)
        );
    }
}
