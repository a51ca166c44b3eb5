//! Whisper's log-mel front end: 16 kHz mono, a 400-point periodic Hann window every 160 samples (25 ms / 10 ms),
//! the power spectrum through a Slaney-normalised mel filter bank (librosa's default, computed here rather than
//! shipped), log10 floored at 1e-10, clamped to 8 below the maximum, then (x + 4) / 4.

use realfft::RealFftPlanner;

use crate::samples::{ReadError, Samples};

pub const SAMPLE_RATE: u32 = 16_000;
pub const N_FFT: usize = 400;
pub const HOP: usize = 160;
/// Mel frames in one 30-second window.
pub const WINDOW_FRAMES: usize = 3000;

fn hz_to_mel(f: f64) -> f64 {
    // Slaney's scale: linear below 1 kHz, logarithmic above.
    let (f_sp, min_log_hz, min_log_mel, logstep) = (200.0 / 3.0, 1000.0, 15.0, (6.4f64).ln() / 27.0);
    if f < min_log_hz { f / f_sp } else { min_log_mel + (f / min_log_hz).ln() / logstep }
}

fn mel_to_hz(m: f64) -> f64 {
    let (f_sp, min_log_hz, min_log_mel, logstep) = (200.0 / 3.0, 1000.0, 15.0, (6.4f64).ln() / 27.0);
    if m < min_log_mel { m * f_sp } else { min_log_hz * ((m - min_log_mel) * logstep).exp() }
}

/// The `n_mels` × (N_FFT/2 + 1) filter bank, row-major.
pub fn mel_filters(n_mels: usize) -> Vec<f32> {
    let n_freq = N_FFT / 2 + 1;
    let fmax = SAMPLE_RATE as f64 / 2.0;
    let (lo, hi) = (hz_to_mel(0.0), hz_to_mel(fmax));
    let pts: Vec<f64> = (0..n_mels + 2).map(|i| mel_to_hz(lo + (hi - lo) * i as f64 / (n_mels + 1) as f64)).collect();
    let mut w = vec![0.0f32; n_mels * n_freq];
    for m in 0..n_mels {
        let enorm = 2.0 / (pts[m + 2] - pts[m]);
        for k in 0..n_freq {
            let f = k as f64 * SAMPLE_RATE as f64 / N_FFT as f64;
            let lower = (f - pts[m]) / (pts[m + 1] - pts[m]);
            let upper = (pts[m + 2] - f) / (pts[m + 2] - pts[m + 1]);
            w[m * n_freq + k] = (lower.min(upper).max(0.0) * enorm) as f32;
        }
    }
    w
}

/// Log-mel spectrogram of 16 kHz samples: `n_mels` rows of `frames` values (row-major). As faster-whisper
/// does, the samples are followed by one hop of silence and the centred STFT's last frame is dropped, so
/// `frames = samples.len() / HOP + 1` and the content is the first `frames - 1`.
pub fn log_mel(samples: &[f32], n_mels: usize) -> (Vec<f32>, usize) {
    let Ok(m) = LogMel::new(&samples, n_mels) else { return (Vec::new(), 0) };
    let frames = m.frames();
    // a slice cannot fail to read
    (m.frames_range(0, frames).unwrap_or_default(), frames)
}

/// [`log_mel`] computed a stretch of frames at a time from samples read in pieces: a first pass finds the
/// maximum (the clamp at 8 below it is over the whole recording, as in Whisper), then any frames are
/// computed on demand, equal to the same frames of [`log_mel`]. Memory: the frames asked for.
pub struct LogMel<'a> {
    samples: &'a dyn Samples,
    n_mels: usize,
    /// Samples with the hop of silence after them.
    padded: usize,
    frames: usize,
    filters: Vec<f32>,
    window: Vec<f32>,
    max: f32,
}

impl<'a> LogMel<'a> {
    /// Reads every sample once for the maximum.
    pub fn new(samples: &'a dyn Samples, n_mels: usize) -> Result<LogMel<'a>, ReadError> {
        let padded = samples.len() + HOP;
        let window: Vec<f32> = (0..N_FFT).map(|i| (0.5 - 0.5 * (2.0 * std::f64::consts::PI * i as f64 / N_FFT as f64).cos()) as f32).collect();
        let mut m = LogMel { samples, n_mels, padded, frames: padded / HOP, filters: mel_filters(n_mels), window, max: f32::NEG_INFINITY };
        let mut max = f32::NEG_INFINITY;
        // blocks of about a minute of frames
        let block = 6000;
        let mut t = 0;
        while t < m.frames {
            let n = block.min(m.frames - t);
            for v in m.power_mel(t, n)? {
                max = max.max(v.max(1e-10).log10());
            }
            t += n;
        }
        m.max = max;
        Ok(m)
    }

    /// Frames of the whole input (`samples / HOP + 1`).
    pub fn frames(&self) -> usize {
        self.frames
    }

    /// Frames `[start, start + len)` (clipped to the input), `n_mels` rows of the clipped length.
    pub fn frames_range(&self, start: usize, len: usize) -> Result<Vec<f32>, ReadError> {
        let len = len.min(self.frames.saturating_sub(start));
        let mut mel = self.power_mel(start, len)?;
        for v in mel.iter_mut() {
            *v = (v.max(1e-10).log10().max(self.max - 8.0) + 4.0) / 4.0;
        }
        Ok(mel)
    }

    /// Frames `[start, start + len)` in a window of WINDOW_FRAMES, zero after them (as faster-whisper pads a
    /// window's features).
    pub fn window(&self, start: usize, len: usize) -> Result<Vec<f32>, ReadError> {
        let len = self.frames.saturating_sub(start).min(WINDOW_FRAMES).min(len);
        Ok(window(&self.frames_range(start, len)?, self.n_mels, len, 0, len))
    }

    /// The mel-filtered power of frames `[start, start + len)`, `n_mels` rows of `len`.
    fn power_mel(&self, start: usize, len: usize) -> Result<Vec<f32>, ReadError> {
        let n_mels = self.n_mels;
        let mut mel = vec![0.0f32; n_mels * len];
        if len == 0 {
            return Ok(mel);
        }
        let n = self.padded;
        let pad = N_FFT / 2;
        // The samples these frames touch, after reflection at the ends of the input (torch.stft's
        // center=True reflects without repeating the edge sample; a very short input may need several
        // reflections). Past the input's own samples is the hop of silence, which a read gives as zeros.
        let reflect = |i: isize| -> usize {
            if n == 1 {
                return 0;
            }
            let period = 2 * (n as isize - 1);
            let mut j = i.rem_euclid(period);
            if j >= n as isize {
                j = period - j;
            }
            j as usize
        };
        let first = (start * HOP) as isize - pad as isize;
        let last = ((start + len - 1) * HOP + N_FFT) as isize - pad as isize;
        let (lo, hi) = (first..last).map(reflect).fold((usize::MAX, 0), |(lo, hi), j| (lo.min(j), hi.max(j + 1)));
        let buf = self.samples.read(lo, hi)?;
        let at = |i: isize| -> f32 { buf[reflect(i - pad as isize) - lo] };
        let n_freq = N_FFT / 2 + 1;
        let mut planner = RealFftPlanner::<f32>::new();
        let fft = planner.plan_fft_forward(N_FFT);
        let mut input = fft.make_input_vec();
        let mut spec = fft.make_output_vec();
        let mut scratch = fft.make_scratch_vec();
        let mut power = vec![0.0f32; n_freq];
        for t in 0..len {
            let first = ((start + t) * HOP) as isize;
            for (i, x) in input.iter_mut().enumerate() {
                *x = at(first + i as isize) * self.window[i];
            }
            // The buffers are the planner's own sizes, so this cannot fail.
            if fft.process_with_scratch(&mut input, &mut spec, &mut scratch).is_err() {
                continue;
            }
            for (p, c) in power.iter_mut().zip(&spec) {
                *p = c.norm_sqr();
            }
            for m in 0..n_mels {
                let row = &self.filters[m * n_freq..(m + 1) * n_freq];
                mel[m * len + t] = row.iter().zip(&power).map(|(a, b)| a * b).sum();
            }
        }
        Ok(mel)
    }
}

/// Frames `[start, start + len)` of a spectrogram (`n_mels` × `frames`) in a window of WINDOW_FRAMES, zero
/// after them (as faster-whisper pads a window's features).
pub fn window(mel: &[f32], n_mels: usize, frames: usize, start: usize, len: usize) -> Vec<f32> {
    let mut out = vec![0.0f32; n_mels * WINDOW_FRAMES];
    let len = frames.saturating_sub(start).min(WINDOW_FRAMES).min(len);
    for m in 0..n_mels {
        out[m * WINDOW_FRAMES..m * WINDOW_FRAMES + len].copy_from_slice(&mel[m * frames + start..m * frames + start + len]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_triangles_with_slaney_area() {
        let f = mel_filters(80);
        let n_freq = N_FFT / 2 + 1;
        // every filter is non-negative and non-empty; the first peaks at a low bin
        for m in 0..80 {
            let row = &f[m * n_freq..(m + 1) * n_freq];
            assert!(row.iter().all(|v| *v >= 0.0));
            assert!(row.iter().any(|v| *v > 0.0), "filter {m} is empty");
        }
        // librosa.filters.mel(sr=16000, n_fft=400, n_mels=80)[0, 1] = 0.02486259 (Slaney norm)
        assert!((f[1] - 0.024_862_59).abs() < 1e-6, "{}", f[1]);
    }

    #[test]
    fn a_tone_lights_its_mel_band() {
        let x: Vec<f32> = (0..16_000).map(|i| (2.0 * std::f32::consts::PI * 1000.0 * i as f32 / 16_000.0).sin() * 0.5).collect();
        let (mel, frames) = log_mel(&x, 80);
        assert_eq!(frames, 101);
        let t = 50;
        let best = (0..80).max_by(|&a, &b| mel[a * frames + t].total_cmp(&mel[b * frames + t])).unwrap();
        let centre = |m: usize| mel_to_hz(hz_to_mel(0.0) + (hz_to_mel(8000.0) - hz_to_mel(0.0)) * (m + 1) as f64 / 81.0);
        assert!((centre(best) - 1000.0).abs() < 60.0, "band {best} centred at {}", centre(best));
        assert!(mel.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn frames_computed_in_pieces_equal_the_whole() {
        for n in [0usize, 1, 7, 399, 401, 5_000, 70_123] {
            let x: Vec<f32> = (0..n).map(|i| ((i * 7919) % 1000) as f32 / 1000.0 - 0.5).collect();
            let (whole, frames) = log_mel(&x, 80);
            let m = LogMel::new(&x, 80).unwrap();
            assert_eq!(m.frames(), frames);
            for (start, len) in [(0, 1), (0, frames), (frames / 2, 3), (frames.saturating_sub(2), 5), (frames / 3, frames)] {
                let part = m.frames_range(start, len).unwrap();
                let len = len.min(frames.saturating_sub(start));
                for mel in 0..80 {
                    assert_eq!(&part[mel * len..(mel + 1) * len], &whole[mel * frames + start..mel * frames + start + len], "n {n} frames {start}+{len}");
                }
                assert_eq!(m.window(start, len).unwrap(), window(&whole, 80, frames, start, len));
            }
        }
    }

    #[test]
    fn windows_pad_with_zeros() {
        let mel: Vec<f32> = (0..2 * 5).map(|v| v as f32).collect();
        let w = window(&mel, 2, 5, 3, 10);
        assert_eq!(&w[..3], &[3.0, 4.0, 0.0]);
        assert_eq!(&w[WINDOW_FRAMES..WINDOW_FRAMES + 3], &[8.0, 9.0, 0.0]);
    }
}
