//! Kaldi-style log mel filterbank, the front end CAM++ was trained on: 25 ms frames every 10 ms (edges
//! snipped), DC removed, pre-emphasis 0.97, Povey window, 512-point power spectrum, 80 triangular filters
//! evenly spaced on Kaldi's mel scale (1127 ln(1 + f/700)) from 20 Hz to Nyquist, natural log floored at the
//! f32 epsilon. Written from the Kaldi documentation (feat/feature-fbank, mel-computations).

use realfft::RealFftPlanner;

pub const RATE: usize = 16_000;
pub const BINS: usize = 80;
const FRAME: usize = 400;
const SHIFT: usize = 160;
const FFT: usize = 512;

/// Filterbank weights: for each mel bin, the first FFT bin it touches and its weights from there.
pub struct Fbank {
    filters: Vec<(usize, Vec<f32>)>,
    window: Vec<f32>,
    fft: std::sync::Arc<dyn realfft::RealToComplex<f32>>,
}

fn mel(f: f64) -> f64 {
    1127.0 * (1.0 + f / 700.0).ln()
}

impl Default for Fbank {
    fn default() -> Self {
        Self::new()
    }
}

impl Fbank {
    pub fn new() -> Fbank {
        let (lo, hi) = (mel(20.0), mel(RATE as f64 / 2.0));
        let delta = (hi - lo) / (BINS + 1) as f64;
        let bin_hz = RATE as f64 / FFT as f64;
        let filters = (0..BINS)
            .map(|m| {
                let (left, centre, right) = (lo + m as f64 * delta, lo + (m + 1) as f64 * delta, lo + (m + 2) as f64 * delta);
                // Kaldi weighs the FFT bins below Nyquist (FFT/2 of them)
                let w: Vec<(usize, f32)> = (0..FFT / 2)
                    .filter_map(|k| {
                        let x = mel(k as f64 * bin_hz);
                        if x > left && x < right {
                            let v = if x <= centre { (x - left) / (centre - left) } else { (right - x) / (right - centre) };
                            Some((k, v as f32))
                        } else {
                            None
                        }
                    })
                    .collect();
                let first = w.first().map_or(0, |p| p.0);
                (first, w.into_iter().map(|p| p.1).collect())
            })
            .collect();
        let window = (0..FRAME)
            .map(|i| (0.5 - 0.5 * (2.0 * std::f64::consts::PI * i as f64 / (FRAME - 1) as f64).cos()).powf(0.85) as f32)
            .collect();
        Fbank { filters, window, fft: RealFftPlanner::<f32>::new().plan_fft_forward(FFT) }
    }

    /// Frames that `n` samples give (Kaldi's snip_edges: only whole frames).
    pub fn frames(n: usize) -> usize {
        if n < FRAME { 0 } else { 1 + (n - FRAME) / SHIFT }
    }

    /// Log mel energies of 16 kHz samples, frames × 80 row-major.
    pub fn compute(&self, samples: &[f32]) -> Vec<f32> {
        let nf = Self::frames(samples.len());
        let mut out = vec![0f32; nf * BINS];
        let mut buf = self.fft.make_input_vec();
        let mut spec = self.fft.make_output_vec();
        let mut scratch = self.fft.make_scratch_vec();
        let mut power = vec![0f32; FFT / 2 + 1];
        for f in 0..nf {
            let x = &samples[f * SHIFT..f * SHIFT + FRAME];
            let mean = x.iter().map(|v| *v as f64).sum::<f64>() / FRAME as f64;
            for (b, v) in buf.iter_mut().zip(x) {
                *b = (*v as f64 - mean) as f32;
            }
            for i in (1..FRAME).rev() {
                buf[i] -= 0.97 * buf[i - 1];
            }
            buf[0] -= 0.97 * buf[0];
            for (b, w) in buf.iter_mut().zip(&self.window) {
                *b *= w;
            }
            buf[FRAME..].iter_mut().for_each(|b| *b = 0.0);
            // a fixed-size plan on buffers of its own size cannot fail
            if self.fft.process_with_scratch(&mut buf, &mut spec, &mut scratch).is_err() {
                continue;
            }
            for (p, c) in power.iter_mut().zip(&spec) {
                *p = c.re * c.re + c.im * c.im;
            }
            let row = &mut out[f * BINS..(f + 1) * BINS];
            for (r, (first, w)) in row.iter_mut().zip(&self.filters) {
                let e: f32 = w.iter().zip(&power[*first..]).map(|(a, b)| a * b).sum();
                *r = e.max(f32::EPSILON).ln();
            }
        }
        out
    }
}

/// Subtracts each of the 80 bins' mean over the frames (what CAM++ expects of every segment it embeds).
pub fn mean_normalize(feats: &mut [f32]) {
    let nf = feats.len() / BINS;
    if nf == 0 {
        return;
    }
    let mut mean = [0f64; BINS];
    for row in feats.chunks_exact(BINS) {
        for (m, v) in mean.iter_mut().zip(row) {
            *m += *v as f64;
        }
    }
    for row in feats.chunks_exact_mut(BINS) {
        for (v, m) in row.iter_mut().zip(&mean) {
            *v -= (*m / nf as f64) as f32;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_count_and_tone_peak() {
        assert_eq!(Fbank::frames(399), 0);
        assert_eq!(Fbank::frames(400), 1);
        assert_eq!(Fbank::frames(16_000), 98);
        // a 1 kHz tone puts its energy in the bin whose centre is nearest 1 kHz
        let x: Vec<f32> = (0..16_000).map(|i| (2.0 * std::f32::consts::PI * 1000.0 * i as f32 / 16_000.0).sin() * 0.5).collect();
        let f = Fbank::new().compute(&x);
        let row = &f[50 * BINS..51 * BINS];
        let peak = row.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map(|p| p.0).unwrap();
        let (lo, hi) = (mel(20.0), mel(8000.0));
        let centre = |m: usize| 700.0 * (((lo + (m + 1) as f64 * (hi - lo) / 81.0) / 1127.0).exp() - 1.0);
        assert!((centre(peak) - 1000.0).abs() < 80.0, "peak bin {peak} at {} Hz", centre(peak));
    }

    #[test]
    fn silence_is_floored_not_infinite() {
        let f = Fbank::new().compute(&vec![0.0; 4000]);
        assert!(f.iter().all(|v| v.is_finite()));
    }
}
