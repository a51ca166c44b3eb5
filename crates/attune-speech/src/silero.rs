//! Silero VAD (v6, MIT) in our own forward pass: the probability that each 32 ms window of 16 kHz audio is
//! speech, from the ONNX file faster-whisper ships (`silero_vad_v6.onnx`; `scripts/setup.sh` installs it).
//!
//! The network, as its ONNX graph has it: each window of 512 samples with the 64 samples before it
//! (zeros for the first) is reflect-padded by 128 on both sides, a short-time Fourier transform as a strided
//! convolution (258 basis rows of 256 samples, stride 128; the first frame dropped) gives 129 magnitudes
//! for each of 4 frames; four convolutions (kernel 3, strides 1, 2, 2, 1, ReLU) reduce them to one 128-vector;
//! an LSTM (128 units; ONNX gate order input, output, forget, cell) runs over the windows in order, carrying
//! its state; the probability is a sigmoid of a linear read of ReLU(h). The windows' encoders are
//! independent, so they run as matrix products over blocks of windows; only the LSTM is sequential.
//!
//! Only the weights are read from the file (a minimal protobuf reader below); the graph is this code. A
//! file whose tensors do not have the expected names and shapes is refused.

use attune_dense::matmul_wt;

use crate::samples::{ReadError, Samples};

pub const WINDOW: usize = 512;
pub const CONTEXT: usize = 64;
const PAD: usize = 128;
const NFFT: usize = 256;
const HOP: usize = 128;
const BINS: usize = 129;
const FRAMES: usize = 4;
const HIDDEN: usize = 128;
/// Windows encoded per block (bounds memory on long recordings: about 9 MB of activations).
const BLOCK: usize = 2048;

struct Conv {
    /// out × (in · 3), as `[out][in][k]`.
    w: Vec<f32>,
    b: Vec<f32>,
    cin: usize,
    cout: usize,
    stride: usize,
}

/// The loaded network.
pub struct Silero {
    /// 258 × 256: rows 0..129 the real parts, 129..258 the imaginary parts.
    basis: Vec<f32>,
    convs: Vec<Conv>,
    /// 512 × 128 each; gates i, o, f, c.
    w_ih: Vec<f32>,
    w_hh: Vec<f32>,
    /// The two biases summed.
    bias: Vec<f32>,
    dec_w: Vec<f32>,
    dec_b: f32,
}

/// One tensor of the file.
struct Tensor {
    name: String,
    dims: Vec<usize>,
    data: Vec<f32>,
}

/// One protobuf field: number, wire type, the payload of a length-delimited field, the value of a varint.
type WireField<'a> = (u64, u8, &'a [u8], u64);

/// Protobuf wire reading: just enough for ModelProto → GraphProto → TensorProto.
struct Wire<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Wire<'a> {
    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.b.get(self.at).ok_or("the file ends inside a number")?;
            self.at += 1;
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("a number is too long".into())
    }
    fn bytes(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.b.len()).ok_or("the file ends inside a field")?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }
    /// The next field: (number, wire type, payload for length-delimited fields, value for varints).
    fn field(&mut self) -> Result<Option<WireField<'a>>, String> {
        if self.at >= self.b.len() {
            return Ok(None);
        }
        let key = self.varint()?;
        let (num, wt) = (key >> 3, (key & 7) as u8);
        match wt {
            0 => Ok(Some((num, wt, &[], self.varint()?))),
            1 => Ok(Some((num, wt, self.bytes(8)?, 0))),
            2 => {
                let n = self.varint()? as usize;
                Ok(Some((num, wt, self.bytes(n)?, 0)))
            }
            5 => Ok(Some((num, wt, self.bytes(4)?, 0))),
            _ => Err(format!("unsupported protobuf wire type {wt}")),
        }
    }
}

fn fields(b: &[u8]) -> impl Iterator<Item = Result<WireField<'_>, String>> {
    let mut w = Wire { b, at: 0 };
    std::iter::from_fn(move || w.field().transpose())
}

fn tensor(b: &[u8]) -> Result<Tensor, String> {
    let (mut name, mut dims, mut dtype, mut raw, mut floats) = (String::new(), Vec::new(), 0u64, None, Vec::new());
    for f in fields(b) {
        let (num, wt, payload, v) = f?;
        match (num, wt) {
            (1, 0) => dims.push(v as usize),
            (1, 2) => {
                let mut w = Wire { b: payload, at: 0 };
                while w.at < payload.len() {
                    dims.push(w.varint()? as usize);
                }
            }
            (2, 0) => dtype = v,
            (4, 2) => floats.extend(payload.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))),
            (4, 5) => floats.push(f32::from_le_bytes([payload[0], payload[1], payload[2], payload[3]])),
            (8, 2) => name = String::from_utf8_lossy(payload).into_owned(),
            (9, 2) => raw = Some(payload),
            _ => {}
        }
    }
    let data = if dtype == 1 {
        match raw {
            Some(r) => r.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect(),
            None => floats,
        }
    } else {
        Vec::new() // integer tensors (shapes, axes) are not needed: the graph is this code
    };
    Ok(Tensor { name, dims, data })
}

/// The float tensors of the graph, and the inputs of its first LSTM node (X, W, R, B, ...).
fn float_tensors(onnx: &[u8]) -> Result<(Vec<Tensor>, Vec<String>), String> {
    let mut out = Vec::new();
    let mut lstm_inputs = Vec::new();
    for f in fields(onnx) {
        let (num, wt, graph, _) = f?;
        if (num, wt) != (7, 2) {
            continue;
        }
        for g in fields(graph) {
            let (gn, gwt, payload, _) = g?;
            match (gn, gwt) {
                (5, 2) => out.push(tensor(payload)?),
                // NodeProto: input = 1, op_type = 4
                (1, 2) if lstm_inputs.is_empty() => {
                    let mut inputs = Vec::new();
                    let mut op = String::new();
                    for nf in fields(payload) {
                        let (nn, nwt, v, _) = nf?;
                        match (nn, nwt) {
                            (1, 2) => inputs.push(String::from_utf8_lossy(v).into_owned()),
                            (4, 2) => op = String::from_utf8_lossy(v).into_owned(),
                            _ => {}
                        }
                    }
                    if op == "LSTM" {
                        lstm_inputs = inputs;
                    }
                }
                _ => {}
            }
        }
    }
    if out.is_empty() {
        return Err("no weights found: not an ONNX model".into());
    }
    Ok((out, lstm_inputs))
}

impl Silero {
    /// Reads the weights of `silero_vad_v6.onnx`.
    pub fn from_onnx(bytes: &[u8]) -> Result<Silero, String> {
        let (ts, lstm_inputs) = float_tensors(bytes)?;
        let take = |name: &str, dims: &[usize]| -> Result<Vec<f32>, String> {
            let t = ts.iter().find(|t| t.name == name).ok_or_else(|| format!("no tensor `{name}`: not Silero VAD v6"))?;
            if t.dims != dims || t.data.len() != dims.iter().product::<usize>() {
                return Err(format!("tensor `{name}` has shape {:?} ({} values), expected {dims:?}", t.dims, t.data.len()));
            }
            Ok(t.data.clone())
        };
        let basis = take("encoder.feature_extractor.forward_basis_buffer", &[2 * BINS, 1, NFFT])?;
        let spec = [(BINS, 128, 1), (128, 64, 2), (64, 64, 2), (64, 128, 1)];
        let mut convs = Vec::new();
        for (i, (cin, cout, stride)) in spec.into_iter().enumerate() {
            let w = take(&format!("encoder.conv_layers.{i}.weight"), &[cout, cin, 3])?;
            let b = take(&format!("encoder.conv_layers.{i}.bias"), &[cout])?;
            convs.push(Conv { w, b, cin, cout, stride });
        }
        // the exporter names the LSTM's tensors by number: the LSTM node's inputs say which is which
        let by_input = |k: usize| -> Result<&Tensor, String> {
            let name = lstm_inputs.get(k).ok_or("no LSTM node with weights: not Silero VAD v6")?;
            ts.iter().find(|t| &t.name == name).ok_or_else(|| format!("the LSTM's input `{name}` is not among the weights"))
        };
        let (w_ih, w_hh, b) = (by_input(1)?, by_input(2)?, by_input(3)?);
        if w_ih.dims != [1, 4 * HIDDEN, HIDDEN] || w_hh.dims != [1, 4 * HIDDEN, HIDDEN] || b.dims != [1, 8 * HIDDEN] {
            return Err(format!("LSTM tensors have shapes {:?}, {:?}, {:?}", w_ih.dims, w_hh.dims, b.dims));
        }
        let bias = (0..4 * HIDDEN).map(|i| b.data[i] + b.data[4 * HIDDEN + i]).collect();
        let dec_w = take("decoder.conv1d.weight", &[1, HIDDEN, 1])?;
        let dec_b = take("decoder.conv1d.bias", &[1])?[0];
        Ok(Silero { basis, convs, w_ih: w_ih.data.clone(), w_hh: w_hh.data.clone(), bias, dec_w, dec_b })
    }

    /// Speech probability of each 512-sample window of 16 kHz `audio`, as faster-whisper computes them: the
    /// audio is padded with zeros to whole windows (a full extra window when it already fills them).
    pub fn probabilities(&self, audio: &[f32]) -> Vec<f32> {
        // a slice cannot fail to read
        self.probabilities_of(&audio).unwrap_or_default()
    }

    /// [`Silero::probabilities`] of audio read a block of windows at a time.
    pub fn probabilities_of(&self, audio: &dyn Samples) -> Result<Vec<f32>, ReadError> {
        let n = audio.len() / WINDOW + 1;
        let mut probs = Vec::with_capacity(n);
        let (mut h, mut c) = (vec![0f32; HIDDEN], vec![0f32; HIDDEN]);
        let mut gates = vec![0f32; 4 * HIDDEN];
        for start in (0..n).step_by(BLOCK) {
            let m = BLOCK.min(n - start);
            // the block's samples with the context before its first window
            let first = (start * WINDOW).saturating_sub(CONTEXT);
            let block = audio.read(first, (start + m) * WINDOW)?;
            let feats = self.encode(m, |w, k| {
                // sample k of window w's input: 64 of context, then its 512 samples
                let pos = (start + w) * WINDOW + k;
                if pos < CONTEXT { 0.0 } else { block[pos - CONTEXT - first] }
            });
            // input projections of the whole block at once; the recurrence one window at a time
            let mut xg = vec![0f32; m * 4 * HIDDEN];
            for row in xg.chunks_mut(4 * HIDDEN) {
                row.copy_from_slice(&self.bias);
            }
            matmul_wt(&mut xg, 4 * HIDDEN, 1, &feats, &self.w_ih, m, HIDDEN, 4 * HIDDEN);
            for w in 0..m {
                gates.copy_from_slice(&xg[w * 4 * HIDDEN..(w + 1) * 4 * HIDDEN]);
                matmul_wt(&mut gates, 4 * HIDDEN, 1, &h, &self.w_hh, 1, HIDDEN, 4 * HIDDEN);
                let mut logit = self.dec_b;
                for j in 0..HIDDEN {
                    let i = sigmoid(gates[j]);
                    let o = sigmoid(gates[HIDDEN + j]);
                    let f = sigmoid(gates[2 * HIDDEN + j]);
                    let g = gates[3 * HIDDEN + j].tanh();
                    c[j] = f * c[j] + i * g;
                    h[j] = o * c[j].tanh();
                    logit += self.dec_w[j] * h[j].max(0.0);
                }
                probs.push(sigmoid(logit));
            }
        }
        Ok(probs)
    }

    /// The encoder of `m` windows (`input(w, k)` is sample k of window w's 576): m × 128 features.
    fn encode(&self, m: usize, input: impl Fn(usize, usize) -> f32) -> Vec<f32> {
        let len = CONTEXT + WINDOW;
        // frames 1..=4 of the reflect-padded window, as rows of a matrix
        let mut frames = vec![0f32; m * FRAMES * NFFT];
        let reflect = |j: usize| -> usize {
            // padded index j → input index, mirroring without repeating the edge
            if j < PAD {
                PAD - j
            } else if j < PAD + len {
                j - PAD
            } else {
                2 * (len - 1) - (j - PAD)
            }
        };
        for w in 0..m {
            for f in 0..FRAMES {
                let row = &mut frames[(w * FRAMES + f) * NFFT..][..NFFT];
                let at = (f + 1) * HOP;
                for (k, v) in row.iter_mut().enumerate() {
                    *v = input(w, reflect(at + k));
                }
            }
        }
        let mut spec = vec![0f32; m * FRAMES * 2 * BINS];
        matmul_wt(&mut spec, 2 * BINS, 1, &frames, &self.basis, m * FRAMES, NFFT, 2 * BINS);
        // magnitudes, time-major: (window, frame) × bin
        let mut x: Vec<f32> = spec.chunks(2 * BINS).flat_map(|r| (0..BINS).map(move |b| (r[b] * r[b] + r[BINS + b] * r[BINS + b]).sqrt())).collect();
        let mut t = FRAMES;
        for conv in &self.convs {
            let (y, t_out) = conv.forward(&x, m, t);
            x = y;
            t = t_out;
        }
        debug_assert_eq!(t, 1);
        x
    }
}

impl Conv {
    /// `x`: (window, time) × cin rows; kernel 3, padding 1, then ReLU. Returns (window, time') × cout and time'.
    fn forward(&self, x: &[f32], m: usize, t_in: usize) -> (Vec<f32>, usize) {
        let t_out = (t_in + 2 - 3) / self.stride + 1;
        let k = self.cin * 3;
        let mut cols = vec![0f32; m * t_out * k];
        for w in 0..m {
            for t in 0..t_out {
                let row = &mut cols[(w * t_out + t) * k..][..k];
                for tap in 0..3 {
                    let Some(src) = (t * self.stride + tap).checked_sub(1).filter(|s| *s < t_in) else { continue };
                    let xin = &x[(w * t_in + src) * self.cin..][..self.cin];
                    for (i, v) in xin.iter().enumerate() {
                        row[i * 3 + tap] = *v;
                    }
                }
            }
        }
        let mut y = vec![0f32; m * t_out * self.cout];
        for row in y.chunks_mut(self.cout) {
            row.copy_from_slice(&self.b);
        }
        matmul_wt(&mut y, self.cout, 1, &cols, &self.w, m * t_out, k, self.cout);
        for v in &mut y {
            *v = v.max(0.0);
        }
        (y, t_out)
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// How probabilities become speech stretches (faster-whisper's defaults).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VadOptions {
    /// A window at or above this probability is speech.
    pub threshold: f32,
    /// Speech ends only below this (default: threshold − 0.15, at least 0.01).
    pub neg_threshold: Option<f32>,
    /// Stretches this short or shorter are dropped.
    pub min_speech_ms: f64,
    /// A stretch longer than this is split (at the last pause of at least 98 ms, else where it reaches it).
    pub max_speech_s: f64,
    /// Pauses shorter than this do not end a stretch.
    pub min_silence_ms: f64,
    /// Padding added on each side of a stretch (split evenly when two stretches are closer than twice it).
    pub speech_pad_ms: f64,
}

impl Default for VadOptions {
    fn default() -> Self {
        VadOptions { threshold: 0.5, neg_threshold: None, min_speech_ms: 0.0, max_speech_s: f64::INFINITY, min_silence_ms: 2000.0, speech_pad_ms: 400.0 }
    }
}

/// Speech stretches `[start, end)` in samples from the window probabilities of `len` samples of 16 kHz audio.
/// The same hysteresis as faster-whisper's `get_speech_timestamps`: a stretch starts at a window at or above
/// the threshold and ends once the probability has stayed below the lower threshold for the minimum pause.
pub fn speech_stretches(probs: &[f32], len: usize, o: &VadOptions) -> Vec<(usize, usize)> {
    let rate = 16_000.0;
    let win = WINDOW as f64;
    let min_speech = rate * o.min_speech_ms / 1000.0;
    let pad = rate * o.speech_pad_ms / 1000.0;
    let max_speech = rate * o.max_speech_s - win - 2.0 * pad;
    let min_silence = rate * o.min_silence_ms / 1000.0;
    let min_silence_at_max = rate * 98.0 / 1000.0;
    let neg = o.neg_threshold.unwrap_or((o.threshold - 0.15).max(0.01));

    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<usize> = None;
    // a pause being measured (its first quiet window), and the last long-enough pause and speech after it
    let (mut quiet_from, mut prev_end, mut next_start) = (0usize, 0usize, 0usize);
    for (i, &p) in probs.iter().enumerate() {
        let at = WINDOW * i;
        if p >= o.threshold && quiet_from != 0 {
            quiet_from = 0;
            if next_start < prev_end {
                next_start = at;
            }
        }
        let Some(s) = start else {
            if p >= o.threshold {
                start = Some(at);
            }
            continue;
        };
        if (at - s) as f64 > max_speech {
            if prev_end != 0 {
                out.push((s, prev_end));
                start = if next_start < prev_end { None } else { Some(next_start) };
                prev_end = 0;
                next_start = 0;
                quiet_from = 0;
            } else {
                out.push((s, at));
                start = None;
                prev_end = 0;
                next_start = 0;
                quiet_from = 0;
                continue;
            }
        }
        let Some(s) = start else { continue };
        if p < neg {
            if quiet_from == 0 {
                quiet_from = at;
            }
            if (at - quiet_from) as f64 > min_silence_at_max {
                prev_end = quiet_from;
            }
            if ((at - quiet_from) as f64) < min_silence {
                continue;
            }
            if (quiet_from - s) as f64 > min_speech {
                out.push((s, quiet_from));
            }
            start = None;
            prev_end = 0;
            next_start = 0;
            quiet_from = 0;
        }
    }
    if let Some(s) = start
        && (len.saturating_sub(s)) as f64 > min_speech
    {
        out.push((s, len));
    }
    // padding: evenly split when two stretches are close
    let pad_i = pad as usize;
    let n = out.len();
    for i in 0..n {
        if i == 0 {
            out[0].0 = out[0].0.saturating_sub(pad_i);
        }
        if i + 1 < n {
            let gap = out[i + 1].0.saturating_sub(out[i].1);
            if (gap as f64) < 2.0 * pad {
                out[i].1 += gap / 2;
                out[i + 1].0 = out[i + 1].0.saturating_sub(gap / 2);
            } else {
                out[i].1 = (out[i].1 + pad_i).min(len);
                out[i + 1].0 = out[i + 1].0.saturating_sub(pad_i);
            }
        } else {
            out[i].1 = (out[i].1 + pad_i).min(len);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn probs(pattern: &[(f32, usize)]) -> Vec<f32> {
        pattern.iter().flat_map(|&(p, n)| std::iter::repeat_n(p, n)).collect()
    }

    #[test]
    fn a_short_pause_is_bridged_and_a_long_one_splits() {
        // 31.25 windows a second: 1 s pause (bridged at min_silence 2 s), then a 3 s pause (splits)
        let p = probs(&[(0.0, 30), (0.9, 60), (0.1, 31), (0.9, 40), (0.1, 94), (0.8, 20), (0.0, 40)]);
        let len = p.len() * WINDOW;
        let s = speech_stretches(&p, len, &VadOptions::default());
        assert_eq!(s.len(), 2, "{s:?}");
        let pad = 6400;
        assert_eq!(s[0].0, 30 * WINDOW - pad);
        assert_eq!(s[0].1, (30 + 60 + 31 + 40) * WINDOW + pad);
        assert_eq!(s[1].0, (30 + 60 + 31 + 40 + 94) * WINDOW - pad);
    }

    #[test]
    fn the_neg_threshold_holds_speech_between_the_thresholds() {
        // 0.4 is below 0.5 (no start) but above 0.35 (no end)
        let p = probs(&[(0.9, 10), (0.4, 100), (0.0, 80)]);
        let s = speech_stretches(&p, p.len() * WINDOW, &VadOptions { speech_pad_ms: 0.0, ..Default::default() });
        assert_eq!(s, vec![(0, 110 * WINDOW)]);
    }

    #[test]
    fn long_speech_is_split_at_max_duration() {
        let p = probs(&[(0.9, 400), (0.1, 5), (0.9, 400)]);
        let o = VadOptions { max_speech_s: 10.0, speech_pad_ms: 0.0, ..Default::default() };
        let s = speech_stretches(&p, p.len() * WINDOW, &o);
        assert!(s.len() >= 2, "{s:?}");
        assert!(s.iter().all(|(a, b)| (b - a) as f64 <= 10.0 * 16_000.0), "{s:?}");
    }

    proptest! {
        #[test]
        fn stretches_are_ordered_and_inside(p in proptest::collection::vec(0.0f32..1.0, 0..400), pad in 0.0f64..600.0) {
            let len = p.len() * WINDOW;
            let s = speech_stretches(&p, len, &VadOptions { speech_pad_ms: pad, min_silence_ms: 200.0, ..Default::default() });
            for (a, b) in &s { prop_assert!(a < b && *b <= len); }
            for w in s.windows(2) { prop_assert!(w[0].1 <= w[1].0); }
        }
    }

    #[test]
    fn refuses_what_is_not_silero() {
        assert!(Silero::from_onnx(b"").is_err());
        assert!(Silero::from_onnx(&[0x3a, 0x05, 1, 2, 3]).is_err());
        assert!(Silero::from_onnx(&[0xff; 40]).is_err());
    }
}
