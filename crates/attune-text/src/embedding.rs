//! Sentence embeddings looked up by text, for the coder's accurate tier.
//!
//! attune-text never computes embeddings (that needs a neural model, see the `attune-embed` crate); a caller
//! fills an [`EmbeddingTable`] and the coder reads the turn's and the client turn's vectors from it.

use crate::features::{EMBED_DIM, hash_parts};
use std::collections::HashMap;

const MAGIC: &[u8; 8] = b"ATTEMB01";

/// Unit-length vectors keyed by a 64-bit hash of the exact text.
#[derive(Debug, Clone, Default)]
pub struct EmbeddingTable {
    map: HashMap<u64, Vec<f32>>,
}

fn key(text: &str) -> u64 {
    hash_parts(&["text", text])
}

impl EmbeddingTable {
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn get(&self, text: &str) -> Option<&[f32]> {
        self.map.get(&key(text)).map(|v| v.as_slice())
    }

    pub fn contains(&self, text: &str) -> bool {
        self.map.contains_key(&key(text))
    }

    /// Stores `v` for `text`; vectors of another width are refused.
    pub fn insert(&mut self, text: &str, v: Vec<f32>) -> Result<(), String> {
        if v.len() != EMBED_DIM {
            return Err(format!(
                "embedding has {} dimensions, expected {EMBED_DIM}",
                v.len()
            ));
        }
        self.map.insert(key(text), v);
        Ok(())
    }

    /// A compact binary form for an on-disk cache.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.map.len() * (8 + 4 * EMBED_DIM));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.map.len() as u64).to_le_bytes());
        let mut keys: Vec<&u64> = self.map.keys().collect();
        keys.sort();
        for k in keys {
            out.extend_from_slice(&k.to_le_bytes());
            for x in &self.map[k] {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        out
    }

    pub fn from_bytes(buf: &[u8]) -> Result<EmbeddingTable, String> {
        if buf.len() < 16 || &buf[..8] != MAGIC {
            return Err("not an attune embedding cache (bad header)".into());
        }
        let n = u64::from_le_bytes(buf[8..16].try_into().map_err(|_| "truncated header")?) as usize;
        let rec = 8 + 4 * EMBED_DIM;
        if n.checked_mul(rec) != Some(buf.len() - 16) {
            return Err(format!(
                "embedding cache is truncated: header says {n} vectors, file holds {} bytes",
                buf.len()
            ));
        }
        let mut map = HashMap::with_capacity(n);
        for r in buf[16..].chunks_exact(rec) {
            let k = u64::from_le_bytes(r[..8].try_into().map_err(|_| "bad record")?);
            let v = r[8..]
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
            map.insert(k, v);
        }
        Ok(EmbeddingTable { map })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_truncation() {
        let mut t = EmbeddingTable::default();
        t.insert("hello", (0..EMBED_DIM).map(|i| i as f32 / 1000.0).collect())
            .unwrap();
        t.insert("bye", vec![0.5; EMBED_DIM]).unwrap();
        assert!(t.insert("short", vec![1.0; 3]).is_err());
        let b = t.to_bytes();
        let u = EmbeddingTable::from_bytes(&b).unwrap();
        assert_eq!(u.get("hello"), t.get("hello"));
        assert_eq!(u.get("bye").unwrap()[7], 0.5);
        assert!(u.get("nope").is_none());
        assert!(EmbeddingTable::from_bytes(&b[..b.len() - 3]).is_err());
        assert!(EmbeddingTable::from_bytes(b"garbage").is_err());
    }
}
