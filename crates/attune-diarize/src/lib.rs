//! Who spoke when in a mono recording: speech is cut into 1.5-second windows every 0.75 s, each window gets
//! a CAM++ speaker embedding ([`campp`], on the Kaldi filterbank of [`fbank`]), the windows are clustered
//! into speakers ([`cluster`]), and neighbouring windows of one speaker become turns. [`der`] scores the
//! result against known turns. No I/O beyond [`Diarizer::load`] reading the weights.

pub mod campp;
pub mod cluster;
pub mod der;
pub mod fbank;

use std::path::{Path, PathBuf};

pub use cluster::ClusterOptions;
pub use der::{der, Der, Turn};

/// Where `scripts/setup.sh` puts CAM++'s weights: `$ATTUNE_CAMPPLUS_DIR`, else `models/campplus/` (found from
/// the working directory or the repository this crate was built in).
pub fn default_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("ATTUNE_CAMPPLUS_DIR") {
        return PathBuf::from(d);
    }
    let here = PathBuf::from("models/campplus");
    if here.join("campplus.safetensors").exists() {
        return here;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/campplus")
}

#[derive(Debug, thiserror::Error)]
pub enum DiarizeError {
    #[error("{path}: {msg} (run `bash scripts/setup.sh`, which installs CAM++ into models/campplus/, or set ATTUNE_CAMPPLUS_DIR)")]
    Weights { path: String, msg: String },
    /// The caller's audio could not be read.
    #[error("{0}")]
    Read(String),
}

/// How to cut and cluster.
#[derive(Debug, Clone, Copy)]
pub struct DiarizeOptions {
    /// Window length and hop, seconds.
    pub window: f64,
    pub hop: f64,
    /// Speech stretches shorter than this are left unlabelled (too short to tell a voice by).
    pub min_speech: f64,
    pub cluster: ClusterOptions,
    /// Worker threads for the embeddings (0: the CPUs this process may use).
    pub threads: usize,
}

impl Default for DiarizeOptions {
    fn default() -> Self {
        DiarizeOptions { window: 1.5, hop: 0.75, min_speech: 0.2, cluster: ClusterOptions::default(), threads: 0 }
    }
}

/// A speaker's stretch of speech; `speaker` counts from 0 in order of first appearance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpeakerTurn {
    pub start: f64,
    pub end: f64,
    pub speaker: usize,
}

pub struct Diarizer {
    model: campp::CamPlus,
    fbank: fbank::Fbank,
}

impl Diarizer {
    /// Reads `campplus.safetensors` from `dir` (see [`default_dir`]).
    pub fn load(dir: &Path) -> Result<Diarizer, DiarizeError> {
        let path = dir.join("campplus.safetensors");
        let bytes = std::fs::read(&path).map_err(|e| DiarizeError::Weights { path: path.display().to_string(), msg: e.to_string() })?;
        let model = campp::CamPlus::from_safetensors(bytes).map_err(|msg| DiarizeError::Weights { path: path.display().to_string(), msg })?;
        Ok(Diarizer { model, fbank: fbank::Fbank::new() })
    }

    /// The speaker embedding of 16 kHz samples (at least 25 ms of them; shorter gives zeros).
    pub fn embed(&self, x: &[f32], scratch: &mut campp::Scratch) -> [f32; campp::DIM] {
        let mut f = self.fbank.compute(x);
        if f.len() < 2 * fbank::BINS {
            return [0.0; campp::DIM];
        }
        fbank::mean_normalize(&mut f);
        self.model.embed(&f, scratch)
    }

    /// The windows each speech stretch is cut into: every `hop` seconds a `window`-second window, the last
    /// one ending where the stretch ends; a stretch shorter than a window is one window.
    pub fn windows(regions: &[(f64, f64)], o: &DiarizeOptions) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        for &(s, e) in regions {
            let usable = s.is_finite() && e.is_finite() && e - s >= o.min_speech;
            if !usable {
                continue;
            }
            if e - s <= o.window {
                out.push((s, e));
                continue;
            }
            let mut a = s;
            while a + o.window < e {
                out.push((a, a + o.window));
                a += o.hop;
            }
            out.push((e - o.window, e));
        }
        out
    }

    /// Who spoke when in `x` (16 kHz mono) within the speech stretches `regions` (seconds). `progress(done,
    /// total)` counts windows embedded; it is called on the caller's thread.
    pub fn diarize(&self, x: &[f32], regions: &[(f64, f64)], o: &DiarizeOptions, progress: &mut dyn FnMut(usize, usize)) -> Vec<SpeakerTurn> {
        let read = |a: usize, b: usize| Ok(x.get(a..b.min(x.len())).unwrap_or_default().to_vec());
        // a slice cannot fail to read
        self.diarize_read(&read, regions, o, progress).unwrap_or_default()
    }

    /// [`Diarizer::diarize`] on audio read a window at a time: `read(a, b)` gives samples `[a, b)` (fewer
    /// past the end), so a long recording need not be in memory; its error stops the work.
    pub fn diarize_read(
        &self,
        read: &(dyn Fn(usize, usize) -> Result<Vec<f32>, String> + Sync),
        regions: &[(f64, f64)],
        o: &DiarizeOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<SpeakerTurn>, DiarizeError> {
        let wins = Self::windows(regions, o);
        if wins.is_empty() {
            return Ok(Vec::new());
        }
        let rate = fbank::RATE as f64;
        let threads = if o.threads > 0 { o.threads } else { std::thread::available_parallelism().map_or(1, |n| n.get()) }.clamp(1, wins.len());
        let mut emb: Vec<Vec<f32>> = vec![Vec::new(); wins.len()];
        let mut failed: Option<String> = None;
        let mut scratch: Vec<campp::Scratch> = (0..threads).map(|_| campp::Scratch::default()).collect();
        // batches of a few windows per thread, so progress is reported between them
        let batch = threads * 8;
        for (b, (wb, eb)) in wins.chunks(batch).zip(emb.chunks_mut(batch)).enumerate() {
            let per = wb.len().div_ceil(threads);
            let errors: Vec<String> = std::thread::scope(|sc| {
                let workers: Vec<_> = wb
                    .chunks(per)
                    .zip(eb.chunks_mut(per))
                    .zip(scratch.iter_mut())
                    .map(|((chunk, out), s)| {
                        sc.spawn(move || -> Result<(), String> {
                            for (w, e) in chunk.iter().zip(out.iter_mut()) {
                                let a = (w.0 * rate) as usize;
                                let b = ((w.1 * rate) as usize).max(a);
                                *e = self.embed(&read(a, b)?, s).to_vec();
                            }
                            Ok(())
                        })
                    })
                    .collect();
                workers.into_iter().filter_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)).err()).collect()
            });
            if let Some(e) = errors.into_iter().next() {
                failed = Some(e);
                break;
            }
            progress((b * batch + wb.len()).min(wins.len()), wins.len());
        }
        if let Some(e) = failed {
            return Err(DiarizeError::Read(e));
        }
        let labels = cluster::cluster(&emb, &o.cluster);
        Ok(turns(&wins, &labels))
    }
}

/// Windows with labels become turns: where two windows overlap, the boundary is the middle of the overlap;
/// neighbouring pieces of one speaker (touching, or less than 0.3 s apart) merge.
pub fn turns(wins: &[(f64, f64)], labels: &[usize]) -> Vec<SpeakerTurn> {
    let mut out: Vec<SpeakerTurn> = Vec::new();
    for (i, (&(s, e), &l)) in wins.iter().zip(labels).enumerate() {
        let start = match i.checked_sub(1).map(|j| wins[j]) {
            Some((_, pe)) if pe > s => (s + pe) / 2.0,
            _ => s,
        };
        let end = match wins.get(i + 1) {
            Some(&(ns, _)) if ns < e => (ns + e) / 2.0,
            _ => e,
        };
        if end <= start {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.speaker == l && start - last.end < 0.3 => last.end = last.end.max(end),
            _ => out.push(SpeakerTurn { start, end, speaker: l }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_each_stretch() {
        let o = DiarizeOptions::default();
        let w = Diarizer::windows(&[(0.0, 1.0), (2.0, 5.0), (6.0, 6.1), (f64::NAN, 9.0)], &o);
        assert_eq!(w[0], (0.0, 1.0));
        assert_eq!(&w[1..], &[(2.0, 3.5), (2.75, 4.25), (3.5, 5.0)]);
    }

    #[test]
    fn turns_split_overlaps_in_the_middle_and_merge_a_speaker() {
        let w = [(0.0, 1.5), (0.75, 2.25), (1.5, 3.0), (4.0, 5.0)];
        let t = turns(&w, &[0, 0, 1, 1]);
        assert_eq!(t, vec![SpeakerTurn { start: 0.0, end: 1.875, speaker: 0 }, SpeakerTurn { start: 1.875, end: 3.0, speaker: 1 }, SpeakerTurn { start: 4.0, end: 5.0, speaker: 1 }]);
    }

    #[test]
    fn missing_weights_name_the_file_and_the_setup() {
        let err = Diarizer::load(Path::new("/nonexistent-campplus")).err().unwrap().to_string();
        assert!(err.contains("campplus.safetensors") && err.contains("scripts/setup.sh"), "{err}");
    }
}
