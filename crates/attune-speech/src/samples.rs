//! Audio read in pieces. An hour of 16 kHz mono is 230 MB as `f32`; a recording held whole makes memory grow
//! with its length. Everything that walks a recording (voice activity, the log-mel windows, the diarizer's
//! windows) asks a [`Samples`] for the stretch it needs, so the caller decides where the samples live: a slice
//! in memory, or a store on disk (`attune::speech` keeps a decoded recording in an anonymous temporary file).

use std::fmt;

/// Why a stretch of samples could not be read (a store on disk failed).
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError(pub String);

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read the decoded audio: {}", self.0)
    }
}

impl std::error::Error for ReadError {}

/// 16 kHz mono samples that can be read a stretch at a time.
pub trait Samples: Sync {
    fn len(&self) -> usize;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Fills `out` with samples `[start, start + out.len())`; positions past the end read as zero.
    fn read_into(&self, start: usize, out: &mut [f32]) -> Result<(), ReadError>;

    /// Samples `[start, end)` (zero past the end).
    fn read(&self, start: usize, end: usize) -> Result<Vec<f32>, ReadError> {
        let mut out = vec![0.0; end.saturating_sub(start)];
        self.read_into(start, &mut out)?;
        Ok(out)
    }
}

impl Samples for &[f32] {
    fn len(&self) -> usize {
        <[f32]>::len(self)
    }

    fn read_into(&self, start: usize, out: &mut [f32]) -> Result<(), ReadError> {
        let have = <[f32]>::len(self).saturating_sub(start).min(out.len());
        if have > 0 {
            out[..have].copy_from_slice(&self[start..start + have]);
        }
        out[have..].fill(0.0);
        Ok(())
    }
}

impl Samples for Vec<f32> {
    fn len(&self) -> usize {
        self.as_slice().len()
    }

    fn read_into(&self, start: usize, out: &mut [f32]) -> Result<(), ReadError> {
        self.as_slice().read_into(start, out)
    }
}

/// The average of several tracks, sample by sample (a mono mix of channels that carry the same voices),
/// as long as the shortest.
pub struct Mix<'a> {
    pub tracks: Vec<&'a dyn Samples>,
}

impl Samples for Mix<'_> {
    fn len(&self) -> usize {
        self.tracks.iter().map(|t| t.len()).min().unwrap_or(0)
    }

    fn read_into(&self, start: usize, out: &mut [f32]) -> Result<(), ReadError> {
        let n = self.len();
        let have = n.saturating_sub(start).min(out.len());
        out.fill(0.0);
        let mut buf = vec![0.0f32; have];
        for t in &self.tracks {
            t.read_into(start, &mut buf)?;
            for (o, v) in out.iter_mut().zip(&buf) {
                *o += *v;
            }
        }
        let k = self.tracks.len().max(1) as f32;
        for o in &mut out[..have] {
            *o /= k;
        }
        Ok(())
    }
}

/// Calls `f` with consecutive blocks of at most `block` samples from `start` to `end`.
pub fn for_blocks(x: &dyn Samples, start: usize, end: usize, block: usize, f: &mut dyn FnMut(usize, &[f32])) -> Result<(), ReadError> {
    let mut buf = vec![0.0f32; block.max(1).min(end.saturating_sub(start))];
    let mut at = start;
    while at < end {
        let n = buf.len().min(end - at);
        x.read_into(at, &mut buf[..n])?;
        f(at, &buf[..n]);
        at += n;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_read_with_zeros_past_the_end() {
        let x = vec![1.0f32, 2.0, 3.0];
        assert_eq!(x.read(1, 5).unwrap(), vec![2.0, 3.0, 0.0, 0.0]);
        assert_eq!(x.read(7, 9).unwrap(), vec![0.0, 0.0]);
        assert_eq!(x.read(2, 1).unwrap(), Vec::<f32>::new());
    }

    #[test]
    fn a_mix_averages_and_ends_with_the_shortest() {
        let (a, b) = (vec![1.0f32, 3.0, 5.0], vec![3.0f32, 5.0]);
        let m = Mix { tracks: vec![&a, &b] };
        assert_eq!(m.len(), 2);
        assert_eq!(m.read(0, 3).unwrap(), vec![2.0, 4.0, 0.0]);
    }

    #[test]
    fn blocks_cover_the_range_in_order() {
        let x: Vec<f32> = (0..10).map(|v| v as f32).collect();
        let mut seen = Vec::new();
        for_blocks(&x, 2, 9, 3, &mut |at, b| seen.push((at, b.to_vec()))).unwrap();
        assert_eq!(seen, vec![(2, vec![2.0, 3.0, 4.0]), (5, vec![5.0, 6.0, 7.0]), (8, vec![8.0])]);
    }
}
