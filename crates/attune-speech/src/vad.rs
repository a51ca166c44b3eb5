//! Voice activity: which stretches of a recording hold speech, so that silence is never decoded (Whisper
//! invents text in long silences and stretches timestamps across them) and windows start at pauses.
//!
//! Silero VAD ([`crate::silero`]) gives each 32 ms window a speech probability, and faster-whisper's
//! hysteresis turns them into stretches ([`crate::silero::speech_stretches`]). The speech is then laid end
//! to end ([`compact`]) and timestamps are mapped back ([`Chunks::to_original`]), as faster-whisper does with
//! its VAD filter.

use crate::samples::{ReadError, Samples};
use crate::silero::{speech_stretches, Silero, VadOptions};

/// Speech stretches `[start, end)` in seconds of 16 kHz `x`, in order and not overlapping.
pub fn speech_regions(model: &Silero, x: &dyn Samples, o: &VadOptions) -> Result<Vec<(f64, f64)>, ReadError> {
    let probs = model.probabilities_of(x)?;
    Ok(speech_stretches(&probs, x.len(), o).into_iter().map(|(a, b)| (a as f64 / 16_000.0, b as f64 / 16_000.0)).collect())
}

/// Where each speech stretch sits in the compacted audio and in the original.
#[derive(Debug, Clone, PartialEq)]
pub struct Chunks {
    /// (start in compacted audio, start in original, length), seconds.
    pub parts: Vec<(f64, f64, f64)>,
}

impl Chunks {
    /// Which stretch a time in the compacted audio falls in (the gap after a stretch counts as that stretch).
    pub fn index_of(&self, t: f64) -> usize {
        self.parts.iter().rposition(|p| p.0 <= t).unwrap_or(0)
    }

    /// A time in the compacted audio → the original clock, within stretch `i` (clamped to it).
    pub fn to_original_in(&self, i: usize, t: f64) -> f64 {
        match self.parts.get(i) {
            Some(p) => p.1 + (t - p.0).clamp(0.0, p.2),
            None => self.to_original(t),
        }
    }

    /// A time in the compacted audio → the same moment in the original recording.
    pub fn to_original(&self, t: f64) -> f64 {
        let mut best = match self.parts.first() {
            Some(p) => p,
            None => return t,
        };
        for p in &self.parts {
            if p.0 <= t {
                best = p;
            } else {
                break;
            }
        }
        best.1 + (t - best.0).clamp(0.0, best.2)
    }
}

/// The samples of `regions` laid end to end, `gap_s` of silence between them, with the map back to the
/// original times. The result reads from `x` when it is read: nothing is copied.
pub fn compact<'a>(x: &'a dyn Samples, rate: u32, regions: &[(f64, f64)], gap_s: f64) -> (Compacted<'a>, Chunks) {
    let mut pieces = Vec::new();
    let mut parts = Vec::new();
    let gap = (gap_s * rate as f64).round() as usize;
    let mut len = 0usize;
    for &(s, e) in regions {
        let (a, b) = (((s * rate as f64) as usize).min(x.len()), ((e * rate as f64) as usize).min(x.len()));
        if b > a {
            if len > 0 {
                len += gap;
            }
            parts.push((len as f64 / rate as f64, a as f64 / rate as f64, (b - a) as f64 / rate as f64));
            pieces.push((len, a, b - a));
            len += b - a;
        }
    }
    (Compacted { x, pieces, len }, Chunks { parts })
}

/// Stretches of a recording laid end to end with silence between them (see [`compact`]).
pub struct Compacted<'a> {
    x: &'a dyn Samples,
    /// (start here, start in `x`, length), samples.
    pieces: Vec<(usize, usize, usize)>,
    len: usize,
}

impl Samples for Compacted<'_> {
    fn len(&self) -> usize {
        self.len
    }

    fn read_into(&self, start: usize, out: &mut [f32]) -> Result<(), ReadError> {
        out.fill(0.0);
        let end = start + out.len();
        // the first piece that ends after `start`
        let first = self.pieces.partition_point(|p| p.0 + p.2 <= start);
        for &(at, from, n) in &self.pieces[first..] {
            if at >= end {
                break;
            }
            let (a, b) = (at.max(start), (at + n).min(end));
            if b > a {
                self.x.read_into(from + (a - at), &mut out[a - start..b - start])?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn compact_lays_stretches_end_to_end_and_maps_back() {
        let x: Vec<f32> = (0..16_000 * 10).map(|i| i as f32).collect();
        let (c, map) = compact(&x, 16_000, &[(1.8, 3.7), (6.3, 7.5)], 0.0);
        assert!((c.len() as f64 / 16_000.0 - 3.1).abs() < 1e-3);
        assert_eq!(c.read(0, 2).unwrap(), vec![28_800.0, 28_801.0]);
        assert!((map.to_original(0.0) - 1.8).abs() < 1e-9);
        assert!((map.to_original(2.0) - (6.3 + 2.0 - 1.9)).abs() < 1e-3);
        let (c, map) = compact(&x, 16_000, &[(1.0, 2.0), (5.0, 6.0)], 1.0);
        assert_eq!(c.len(), 3 * 16_000);
        // the end of the first stretch, the silence, the start of the second
        assert_eq!(c.read(15_999, 16_001).unwrap(), vec![31_999.0, 0.0]);
        assert_eq!(c.read(31_999, 32_001).unwrap(), vec![0.0, 80_000.0]);
        assert_eq!(map.index_of(2.5), 1);
    }

    proptest! {
        #[test]
        fn compacted_audio_maps_inside_its_stretches(v in proptest::collection::vec(-1.0f32..1.0, 0..20_000), cuts in proptest::collection::vec(0.0f64..1.3, 0..8)) {
            let mut c = cuts.clone();
            c.sort_by(f64::total_cmp);
            let r: Vec<(f64, f64)> = c.chunks_exact(2).filter(|p| p[0] < p[1]).map(|p| (p[0], p[1])).collect();
            let (c, map) = compact(&v, 16_000, &r, 0.5);
            prop_assert!(c.len() <= v.len() + map.parts.len().saturating_sub(1) * 8_000);
            // read whole, or in odd pieces, the same samples as laid end to end by hand
            let mut by_hand: Vec<f32> = Vec::new();
            for &(cs, os, len) in &map.parts {
                by_hand.resize((cs * 16_000.0).round() as usize, 0.0);
                let a = (os * 16_000.0).round() as usize;
                by_hand.extend_from_slice(&v[a..a + (len * 16_000.0).round() as usize]);
            }
            let whole = c.read(0, c.len()).unwrap();
            prop_assert_eq!(&whole, &by_hand);
            let mut pieces = Vec::new();
            crate::samples::for_blocks(&c, 0, c.len(), 777, &mut |_, b| pieces.extend_from_slice(b)).unwrap();
            prop_assert_eq!(&pieces, &by_hand);
            for &(cs, os, len) in &map.parts { prop_assert!(map.to_original(cs + len / 2.0) >= os); }
        }
    }
}
