//! Voice activity by energy: which stretches of a recording hold speech, so that silence is never decoded
//! (Whisper invents text in long silences and stretches timestamps across them) and windows start at pauses.
//!
//! Frames of 20 ms; a frame is voiced when its level is well above the recording's noise floor (its 10th
//! percentile) relative to its loud speech (99th percentile). Voiced stretches shorter than 0.25 s are
//! dropped, pauses shorter than 0.6 s are bridged, and each stretch is padded by 0.2 s. The speech is then
//! laid end to end ([`compact`]) and timestamps are mapped back ([`Chunks::to_original`]), as faster-whisper
//! does with its VAD filter. This is a level detector, not Silero's learned one: steady loud noise passes
//! as speech.

const FRAME_S: f64 = 0.02;

/// Settings of the detector.
#[derive(Debug, Clone, Copy)]
pub struct VadOptions {
    /// Fraction of the way from the noise floor to loud speech (in dB) a frame must reach.
    pub threshold: f64,
    /// At least this many dB above the floor.
    pub min_margin_db: f64,
    pub min_speech_s: f64,
    pub min_silence_s: f64,
    pub pad_s: f64,
}

impl Default for VadOptions {
    fn default() -> Self {
        VadOptions { threshold: 0.3, min_margin_db: 12.0, min_speech_s: 0.25, min_silence_s: 0.6, pad_s: 0.2 }
    }
}

/// Speech stretches `[start, end)` in seconds, in order and not overlapping.
pub fn speech_regions(x: &[f32], rate: u32, o: &VadOptions) -> Vec<(f64, f64)> {
    let n = (FRAME_S * rate as f64).round().max(1.0) as usize;
    let db: Vec<f64> = x
        .chunks(n)
        .map(|c| {
            let e = c.iter().map(|v| (*v as f64) * (*v as f64)).sum::<f64>() / c.len() as f64;
            10.0 * e.max(1e-10).log10()
        })
        .collect();
    if db.is_empty() {
        return Vec::new();
    }
    let mut sorted = db.clone();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| sorted[((sorted.len() - 1) as f64 * p).round() as usize];
    let (floor, loud) = (pct(0.10), pct(0.99));
    let thr = (floor + o.threshold * (loud - floor)).max(floor + o.min_margin_db);
    let frame_s = n as f64 / rate as f64;
    let dur = x.len() as f64 / rate as f64;
    // voiced runs
    let mut runs: Vec<(f64, f64)> = Vec::new();
    let mut start = None;
    for (i, &v) in db.iter().chain(std::iter::once(&f64::NEG_INFINITY)).enumerate() {
        match (v > thr, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push((s as f64 * frame_s, (i as f64 * frame_s).min(dur)));
                start = None;
            }
            _ => {}
        }
    }
    // bridge short pauses, then drop short bursts
    let mut merged: Vec<(f64, f64)> = Vec::new();
    for r in runs {
        match merged.last_mut() {
            Some(last) if r.0 - last.1 < o.min_silence_s => last.1 = r.1,
            _ => merged.push(r),
        }
    }
    merged.retain(|r| r.1 - r.0 >= o.min_speech_s);
    // pad, keeping stretches apart
    let mut out: Vec<(f64, f64)> = Vec::new();
    for (s, e) in merged {
        let (s, e) = ((s - o.pad_s).max(0.0), (e + o.pad_s).min(dur));
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = e,
            _ => out.push((s, e)),
        }
    }
    out
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
/// original times.
pub fn compact(x: &[f32], rate: u32, regions: &[(f64, f64)], gap_s: f64) -> (Vec<f32>, Chunks) {
    let mut out = Vec::new();
    let mut parts = Vec::new();
    let gap = (gap_s * rate as f64).round() as usize;
    for &(s, e) in regions {
        let (a, b) = (((s * rate as f64) as usize).min(x.len()), ((e * rate as f64) as usize).min(x.len()));
        if b > a {
            if !out.is_empty() {
                out.resize(out.len() + gap, 0.0);
            }
            parts.push((out.len() as f64 / rate as f64, a as f64 / rate as f64, (b - a) as f64 / rate as f64));
            out.extend_from_slice(&x[a..b]);
        }
    }
    (out, Chunks { parts })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tone(secs: f64, amp: f32) -> Vec<f32> {
        (0..(secs * 16_000.0) as usize).map(|i| amp * (i as f32 * 0.07).sin()).collect()
    }

    #[test]
    fn finds_speech_between_silences() {
        let mut x = vec![0.0f32; 32_000];
        x.extend(tone(1.5, 0.3));
        x.extend(vec![0.0; 48_000]);
        x.extend(tone(0.8, 0.2));
        x.extend(vec![0.0; 16_000]);
        let r = speech_regions(&x, 16_000, &VadOptions::default());
        assert_eq!(r.len(), 2, "{r:?}");
        assert!((r[0].0 - 1.8).abs() < 0.05 && (r[0].1 - 3.7).abs() < 0.05, "{r:?}");
        assert!((r[1].0 - 6.3).abs() < 0.05 && (r[1].1 - 7.5).abs() < 0.05, "{r:?}");
        let (c, map) = compact(&x, 16_000, &r, 0.0);
        assert!((c.len() as f64 / 16_000.0 - 3.1).abs() < 0.05);
        assert!((map.to_original(0.0) - 1.8).abs() < 1e-9);
        assert!((map.to_original(2.0) - (6.3 + 2.0 - 1.9)).abs() < 0.05);
    }

    #[test]
    fn silence_and_empty_input_have_no_speech() {
        assert!(speech_regions(&[], 16_000, &VadOptions::default()).is_empty());
        assert!(speech_regions(&vec![0.0; 16_000], 16_000, &VadOptions::default()).is_empty());
    }

    proptest! {
        #[test]
        fn regions_are_ordered_inside_the_recording(v in proptest::collection::vec(-1.0f32..1.0, 0..20_000)) {
            let r = speech_regions(&v, 16_000, &VadOptions::default());
            let dur = v.len() as f64 / 16_000.0;
            for w in r.windows(2) { prop_assert!(w[0].1 < w[1].0); }
            for (s, e) in &r { prop_assert!(0.0 <= *s && s < e && *e <= dur + 1e-9); }
            let (c, map) = compact(&v, 16_000, &r, 0.5);
            prop_assert!(c.len() <= v.len());
            for &(cs, os, len) in &map.parts { prop_assert!(map.to_original(cs + len / 2.0) >= os); }
        }
    }
}
