//! Whisper's encoder–decoder (Radford et al. 2022) as a plain forward pass over weights converted from
//! CTranslate2's layout at load: pre-LayerNorm Transformer blocks, erf GELU, sinusoidal encoder positions,
//! learned decoder positions, the output projection tied to the token embedding. Matrix products go through
//! `gemm` (attune-dense); everything is f32 (the shipped f16 weights are widened once at load).

use attune_dense::{add_rows, f16_to_f32, fill_rows, gelu, gemm_strided_on, gemv_rows, gemv_rows_f16, layer_norm, madd, matmul_wt_on, softmax_unnormalised, sum_lanes};

use crate::ct2::Ct2File;

const EPS: f32 = 1e-5;
/// Products with at most this many rows run as matrix–vector products (decoding steps).
const GEMV_ROWS: usize = 8;

/// The model's sizes, read from the weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dims {
    pub n_mels: usize,
    pub n_audio_ctx: usize,
    pub d: usize,
    pub heads: usize,
    pub enc_layers: usize,
    pub dec_layers: usize,
    pub n_vocab: usize,
    pub n_text_ctx: usize,
}

/// A linear layer: weights in f32 (for matrix products), or kept as the file's f16 bits (decoder layers,
/// read once per decoding step, where memory traffic is the cost).
struct Lin {
    w: Vec<f32>,
    w16: Vec<u16>,
    b: Vec<f32>,
    out: usize,
    inp: usize,
}

struct Ln {
    g: Vec<f32>,
    b: Vec<f32>,
}

struct EncLayer {
    ln1: Ln,
    qkv: Lin,
    out: Lin,
    ln2: Ln,
    fc1: Lin,
    fc2: Lin,
}

struct DecLayer {
    ln1: Ln,
    qkv: Lin,
    out: Lin,
    lnx: Ln,
    xq: Lin,
    xkv: Lin,
    xout: Lin,
    ln2: Ln,
    fc1: Lin,
    fc2: Lin,
}

pub struct Model {
    pub dims: Dims,
    conv1: Lin,
    conv2: Lin,
    enc_pos: Vec<f32>,
    enc: Vec<EncLayer>,
    enc_ln: Ln,
    /// The token embedding (also the output projection): f16 bits when the file holds f16, else f32.
    tok_emb: Vec<f32>,
    tok_emb16: Vec<u16>,
    dec_pos: Vec<f32>,
    dec: Vec<DecLayer>,
    dec_ln: Ln,
    threads: usize,
}

/// The encoder's output for one window, with each decoder layer's cross-attention keys and values.
pub struct Audio {
    /// Per decoder layer: `n_audio_ctx` rows of [k | v] (width 2d).
    kv: Vec<Vec<f32>>,
}

/// Self-attention keys and values of the tokens decoded so far (cloned per beam).
#[derive(Clone, Default)]
pub struct Cache {
    k: Vec<Vec<f32>>,
    v: Vec<Vec<f32>>,
    pub len: usize,
}

fn lin(f: &Ct2File, p: &str, inp: usize, out: usize) -> Result<Lin, String> {
    let (w, ws) = f.f32(&format!("{p}/weight"))?;
    check(p, &ws, inp, out)?;
    let (b, _) = f.f32(&format!("{p}/bias"))?;
    if b.len() != out {
        return Err(format!("{p}: bias of {} (expected {out})", b.len()));
    }
    Ok(Lin { w, w16: Vec::new(), b, out, inp })
}

/// A decoder layer: its f16 weights kept as they are (f32 when the file holds f32).
fn lin_dec(f: &Ct2File, p: &str, inp: usize, out: usize) -> Result<Lin, String> {
    match f.f16_bits(&format!("{p}/weight"))? {
        Some((w16, ws)) => {
            check(p, &ws, inp, out)?;
            let (b, _) = f.f32(&format!("{p}/bias"))?;
            if b.len() != out {
                return Err(format!("{p}: bias of {} (expected {out})", b.len()));
            }
            Ok(Lin { w: Vec::new(), w16, b, out, inp })
        }
        None => lin(f, p, inp, out),
    }
}

fn check(p: &str, ws: &[usize], inp: usize, out: usize) -> Result<(), String> {
    let k: usize = ws[1..].iter().product();
    if ws.first() != Some(&out) || k != inp {
        return Err(format!("{p}: shape {ws:?}, expected [{out}, {inp}]"));
    }
    Ok(())
}

fn ln(f: &Ct2File, p: &str, d: usize) -> Result<Ln, String> {
    let (g, _) = f.f32(&format!("{p}/gamma"))?;
    let (b, _) = f.f32(&format!("{p}/beta"))?;
    if g.len() != d || b.len() != d {
        return Err(format!("{p}: width {} (expected {d})", g.len()));
    }
    Ok(Ln { g, b })
}

impl Model {
    pub fn from_ct2(f: &Ct2File) -> Result<Model, String> {
        if f.spec != "WhisperSpec" {
            return Err(format!("the model is a {}, not Whisper", f.spec));
        }
        let (_, c1) = f.f32("encoder/conv1/weight")?;
        if c1.len() != 3 || c1[2] != 3 {
            return Err(format!("encoder/conv1/weight: shape {c1:?}"));
        }
        let (d, n_mels) = (c1[0], c1[1]);
        let heads = f.int("encoder/num_heads")? as usize;
        if heads == 0 || d % heads != 0 {
            return Err(format!("{heads} heads do not divide width {d}"));
        }
        let count = |prefix: &str| (0..).take_while(|i| f.has(&format!("{prefix}/layer_{i}/ffn/layer_norm/gamma"))).count();
        let (enc_layers, dec_layers) = (count("encoder"), count("decoder"));
        let (enc_pos, ep) = f.f32("encoder/position_encodings/encodings")?;
        let (tok_emb, tok_emb16, te) = match f.f16_bits("decoder/embeddings/weight")? {
            Some((b, shape)) => (Vec::new(), b, shape),
            None => {
                let (w, shape) = f.f32("decoder/embeddings/weight")?;
                (w, Vec::new(), shape)
            }
        };
        let (dec_pos, dp) = f.f32("decoder/position_encodings/encodings")?;
        if ep[1] != d || te[1] != d || dp[1] != d {
            return Err("position or token embeddings of the wrong width".into());
        }
        let dims = Dims { n_mels, n_audio_ctx: ep[0], d, heads, enc_layers, dec_layers, n_vocab: te[0], n_text_ctx: dp[0] };
        let enc = (0..enc_layers)
            .map(|i| {
                let p = format!("encoder/layer_{i}");
                Ok(EncLayer {
                    ln1: ln(f, &format!("{p}/self_attention/layer_norm"), d)?,
                    qkv: lin(f, &format!("{p}/self_attention/linear_0"), d, 3 * d)?,
                    out: lin(f, &format!("{p}/self_attention/linear_1"), d, d)?,
                    ln2: ln(f, &format!("{p}/ffn/layer_norm"), d)?,
                    fc1: lin(f, &format!("{p}/ffn/linear_0"), d, 4 * d)?,
                    fc2: lin(f, &format!("{p}/ffn/linear_1"), 4 * d, d)?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let dec = (0..dec_layers)
            .map(|i| {
                let p = format!("decoder/layer_{i}");
                Ok(DecLayer {
                    ln1: ln(f, &format!("{p}/self_attention/layer_norm"), d)?,
                    qkv: lin_dec(f, &format!("{p}/self_attention/linear_0"), d, 3 * d)?,
                    out: lin_dec(f, &format!("{p}/self_attention/linear_1"), d, d)?,
                    lnx: ln(f, &format!("{p}/attention/layer_norm"), d)?,
                    xq: lin_dec(f, &format!("{p}/attention/linear_0"), d, d)?,
                    // computed once per window over every encoder position: a matrix product
                    xkv: lin(f, &format!("{p}/attention/linear_1"), d, 2 * d)?,
                    xout: lin_dec(f, &format!("{p}/attention/linear_2"), d, d)?,
                    ln2: ln(f, &format!("{p}/ffn/layer_norm"), d)?,
                    fc1: lin_dec(f, &format!("{p}/ffn/linear_0"), d, 4 * d)?,
                    fc2: lin_dec(f, &format!("{p}/ffn/linear_1"), 4 * d, d)?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        Ok(Model {
            dims,
            conv1: lin(f, "encoder/conv1", n_mels * 3, d)?,
            conv2: lin(f, "encoder/conv2", d * 3, d)?,
            enc_pos,
            enc,
            enc_ln: ln(f, "encoder/layer_norm", d)?,
            tok_emb,
            tok_emb16,
            dec_pos,
            dec,
            dec_ln: ln(f, "decoder/layer_norm", d)?,
            threads,
        })
    }

    /// Threads for the encoder's products (default: the CPUs this process may use).
    pub fn set_threads(&mut self, n: usize) {
        self.threads = n.max(1);
    }

    /// y (rows × out) = x (rows × inp) · Wᵀ + b, on `threads` threads.
    fn linear(threads: usize, l: &Lin, x: &[f32], rows: usize, y: &mut Vec<f32>) {
        y.resize(rows * l.out, 0.0);
        if !l.w16.is_empty() {
            gemv_rows_f16(y, x, &l.w16, rows, l.inp, l.out, 1);
            add_rows(y, &l.b);
        } else if rows <= GEMV_ROWS {
            gemv_rows(y, x, &l.w, rows, l.inp, l.out, 1);
            add_rows(y, &l.b);
        } else {
            fill_rows(y, &l.b);
            matmul_wt_on(threads, y, l.out, 1, x, &l.w, rows, l.inp, l.out);
        }
    }

    /// x += y (rows × inp) · Wᵀ + b.
    fn add_linear(l: &Lin, y: &[f32], rows: usize, x: &mut [f32]) {
        if rows <= GEMV_ROWS || !l.w16.is_empty() {
            let mut t = vec![0.0f32; rows * l.out];
            if l.w16.is_empty() {
                gemv_rows(&mut t, y, &l.w, rows, l.inp, l.out, 1);
            } else {
                gemv_rows_f16(&mut t, y, &l.w16, rows, l.inp, l.out, 1);
            }
            for (a, b) in x.iter_mut().zip(&t) {
                *a += b;
            }
            add_rows(x, &l.b);
        } else {
            add_rows(x, &l.b);
            matmul_wt_on(1, x, l.out, 1, y, &l.w, rows, l.inp, l.out);
        }
    }

    /// Encodes one window of log-mel frames (`n_mels` × 2·n_audio_ctx, row-major) and prepares the decoder's
    /// cross-attention keys and values.
    pub fn encode(&self, mel: &[f32]) -> Audio {
        let Dims { n_mels, n_audio_ctx: t2, d, .. } = self.dims;
        let t1 = 2 * t2;
        assert_eq!(mel.len(), n_mels * t1, "a window holds n_mels × 2·n_audio_ctx frames");
        // conv1 (kernel 3, padding 1) as a product: row t holds x[c, t + k − 1] at column c·3 + k.
        let mut cols = vec![0.0f32; t1 * n_mels * 3];
        for t in 0..t1 {
            for c in 0..n_mels {
                for k in 0..3 {
                    let s = t as isize + k as isize - 1;
                    if s >= 0 && (s as usize) < t1 {
                        cols[t * n_mels * 3 + c * 3 + k] = mel[c * t1 + s as usize];
                    }
                }
            }
        }
        let mut h1 = Vec::new();
        Self::linear(self.threads, &self.conv1, &cols, t1, &mut h1);
        h1.iter_mut().for_each(|v| *v = gelu::<false>(*v));
        // conv2 (kernel 3, stride 2, padding 1).
        let mut cols = vec![0.0f32; t2 * d * 3];
        for t in 0..t2 {
            for k in 0..3 {
                let s = 2 * t as isize + k as isize - 1;
                if s >= 0 && (s as usize) < t1 {
                    let src = &h1[s as usize * d..(s as usize + 1) * d];
                    for c in 0..d {
                        cols[t * d * 3 + c * 3 + k] = src[c];
                    }
                }
            }
        }
        let mut x = Vec::new();
        Self::linear(self.threads, &self.conv2, &cols, t2, &mut x);
        for (v, p) in x.iter_mut().zip(&self.enc_pos) {
            *v = gelu::<false>(*v) + p;
        }
        let (mut y, mut qkv, mut ctx, mut h) = (Vec::new(), Vec::new(), vec![0.0f32; t2 * d], Vec::new());
        for l in &self.enc {
            y.clone_from(&x);
            y.chunks_exact_mut(d).for_each(|r| layer_norm::<false>(r, &l.ln1.g, &l.ln1.b, EPS));
            Self::linear(self.threads, &l.qkv, &y, t2, &mut qkv);
            self.attend(self.threads, (&qkv, 3 * d), (&qkv[d..], 3 * d), (&qkv[2 * d..], 3 * d), t2, t2, None, &mut ctx);
            add_rows(&mut x, &l.out.b);
            matmul_wt_on(self.threads, &mut x, d, 1, &ctx, &l.out.w, t2, d, d);
            y.clone_from(&x);
            y.chunks_exact_mut(d).for_each(|r| layer_norm::<false>(r, &l.ln2.g, &l.ln2.b, EPS));
            Self::linear(self.threads, &l.fc1, &y, t2, &mut h);
            h.iter_mut().for_each(|v| *v = gelu::<false>(*v));
            add_rows(&mut x, &l.fc2.b);
            matmul_wt_on(self.threads, &mut x, d, 1, &h, &l.fc2.w, t2, 4 * d, d);
        }
        x.chunks_exact_mut(d).for_each(|r| layer_norm::<false>(r, &self.enc_ln.g, &self.enc_ln.b, EPS));
        let kv = self
            .dec
            .iter()
            .map(|l| {
                let mut kv = Vec::new();
                Self::linear(self.threads, &l.xkv, &x, t2, &mut kv);
                kv
            })
            .collect();
        Audio { kv }
    }

    /// Multi-head attention of `tq` query rows against `tk` key/value rows (each given as slice and row
    /// stride), written to `out` (tq × d). `causal = Some(offset)`: query i sees keys 0..=offset + i.
    #[allow(clippy::too_many_arguments)]
    fn attend(&self, threads: usize, q: (&[f32], usize), k: (&[f32], usize), v: (&[f32], usize), tq: usize, tk: usize, causal: Option<usize>, out: &mut [f32]) {
        let (d, heads) = (self.dims.d, self.dims.heads);
        let dh = d / heads;
        let scale = 1.0 / (dh as f32).sqrt();
        if tq <= GEMV_ROWS {
            // A decoding step: a few queries, dot products straight from the cached rows (no packing).
            #[cfg(target_arch = "x86_64")]
            {
                if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
                    // SAFETY: the CPU has AVX2 and FMA (checked just above).
                    unsafe { attend_few_avx2(q, k, v, tq, tk, causal, out, heads, dh, scale) };
                    return;
                }
            }
            attend_few::<false>(q, k, v, tq, tk, causal, out, heads, dh, scale);
            return;
        }
        let mut scores = vec![0.0f32; tq * tk];
        for h in 0..heads {
            let o = h * dh;
            gemm_strided_on(threads, tq, tk, dh, (&mut scores, tk, 1), false, scale, (&q.0[o..], q.1, 1), (&k.0[o..], 1, k.1));
            for (i, row) in scores.chunks_exact_mut(tk).enumerate() {
                let visible = causal.map_or(tk, |off| (off + i + 1).min(tk));
                row[visible..].fill(f32::NEG_INFINITY);
                let inv = 1.0 / softmax_unnormalised(row);
                row.iter_mut().for_each(|p| *p *= inv);
            }
            gemm_strided_on(threads, tq, dh, tk, (&mut out[o..], d, 1), false, 1.0, (&scores, tk, 1), (&v.0[o..], v.1, 1));
        }
    }

    /// Runs the decoder over `tokens` (appended after the `cache.len` tokens already seen) and returns the
    /// logits of the rows named in `want` (indices into `tokens`).
    pub fn decode(&self, tokens: &[u32], cache: &mut Cache, audio: &Audio, want: &[usize]) -> Vec<Vec<f32>> {
        self.decode_groups(&mut [(cache, tokens)], audio, want)
    }

    /// The decoder over several sequences at once (the beams of a search): each group's tokens follow its own
    /// cache; the linear layers and the output projection run over all rows together. `want` indexes the
    /// rows of all groups in order.
    pub fn decode_groups(&self, groups: &mut [(&mut Cache, &[u32])], audio: &Audio, want: &[usize]) -> Vec<Vec<f32>> {
        self.decode_capture(groups, audio, want, &mut [])
    }

    /// The cross-attention scores (q·kᵀ/√dₕ, before the softmax) of chosen (layer, head) pairs over a whole
    /// token sequence: rows are tokens, columns the encoder's positions. Word timing aligns text to audio
    /// with them.
    pub fn cross_attention(&self, tokens: &[u32], audio: &Audio, heads: &[(usize, usize)]) -> Vec<Vec<f32>> {
        let mut capture: Vec<(usize, usize, Vec<f32>)> = heads.iter().map(|&(l, h)| (l, h, Vec::new())).collect();
        let mut cache = Cache::default();
        self.decode_capture(&mut [(&mut cache, tokens)], audio, &[], &mut capture);
        capture.into_iter().map(|c| c.2).collect()
    }

    fn decode_capture(&self, groups: &mut [(&mut Cache, &[u32])], audio: &Audio, want: &[usize], capture: &mut [(usize, usize, Vec<f32>)]) -> Vec<Vec<f32>> {
        let Dims { d, n_vocab, n_audio_ctx, .. } = self.dims;
        let t: usize = groups.iter().map(|g| g.1.len()).sum();
        let mut x = vec![0.0f32; t * d];
        let mut row = 0;
        let mut spans = Vec::with_capacity(groups.len());
        for (cache, tokens) in groups.iter_mut() {
            if cache.k.is_empty() {
                cache.k = vec![Vec::new(); self.dec.len()];
                cache.v = vec![Vec::new(); self.dec.len()];
            }
            let off = cache.len;
            for (i, &tok) in tokens.iter().enumerate() {
                let tok = (tok as usize).min(n_vocab - 1);
                let p = &self.dec_pos[(off + i).min(self.dims.n_text_ctx - 1) * d..][..d];
                let xr = &mut x[(row + i) * d..(row + i + 1) * d];
                if self.tok_emb16.is_empty() {
                    for ((xv, ev), pv) in xr.iter_mut().zip(&self.tok_emb[tok * d..(tok + 1) * d]).zip(p) {
                        *xv = ev + pv;
                    }
                } else {
                    for ((xv, &eb), pv) in xr.iter_mut().zip(&self.tok_emb16[tok * d..(tok + 1) * d]).zip(p) {
                        *xv = f16_to_f32(eb) + pv;
                    }
                }
            }
            spans.push((row, tokens.len(), off));
            row += tokens.len();
        }
        let (mut y, mut qkv, mut ctx, mut h, mut q) = (Vec::new(), Vec::new(), vec![0.0f32; t * d], Vec::new(), Vec::new());
        // The decoder's products are a few rows each: one thread.
        for (li, l) in self.dec.iter().enumerate() {
            y.clone_from(&x);
            y.chunks_exact_mut(d).for_each(|r| layer_norm::<false>(r, &l.ln1.g, &l.ln1.b, EPS));
            Self::linear(1, &l.qkv, &y, t, &mut qkv);
            for ((cache, _), &(r0, n, off)) in groups.iter_mut().zip(&spans) {
                for r in qkv[r0 * 3 * d..(r0 + n) * 3 * d].chunks_exact(3 * d) {
                    cache.k[li].extend_from_slice(&r[d..2 * d]);
                    cache.v[li].extend_from_slice(&r[2 * d..]);
                }
                self.attend(1, (&qkv[r0 * 3 * d..], 3 * d), (&cache.k[li], d), (&cache.v[li], d), n, off + n, Some(off), &mut ctx[r0 * d..(r0 + n) * d]);
            }
            Self::add_linear(&l.out, &ctx, t, &mut x);
            y.clone_from(&x);
            y.chunks_exact_mut(d).for_each(|r| layer_norm::<false>(r, &l.lnx.g, &l.lnx.b, EPS));
            Self::linear(1, &l.xq, &y, t, &mut q);
            let kv = &audio.kv[li];
            let dh = d / self.dims.heads;
            for (_, h, out) in capture.iter_mut().filter(|c| c.0 == li) {
                out.resize(t * n_audio_ctx, 0.0);
                let o = *h * dh;
                gemm_strided_on(self.threads, t, n_audio_ctx, dh, (out, n_audio_ctx, 1), false, 1.0 / (dh as f32).sqrt(), (&q[o..], d, 1), (&kv[o..], 1, 2 * d));
            }
            self.attend(1, (&q, d), (kv, 2 * d), (&kv[d..], 2 * d), t, n_audio_ctx, None, &mut ctx);
            Self::add_linear(&l.xout, &ctx, t, &mut x);
            y.clone_from(&x);
            y.chunks_exact_mut(d).for_each(|r| layer_norm::<false>(r, &l.ln2.g, &l.ln2.b, EPS));
            Self::linear(1, &l.fc1, &y, t, &mut h);
            h.iter_mut().for_each(|v| *v = gelu::<false>(*v));
            Self::add_linear(&l.fc2, &h, t, &mut x);
        }
        for ((cache, _), &(_, n, _)) in groups.iter_mut().zip(&spans) {
            cache.len += n;
        }
        // The output projection reads the whole embedding matrix: once for all wanted rows, on every thread.
        let mut r = Vec::with_capacity(want.len() * d);
        for &i in want {
            let start = r.len();
            r.extend_from_slice(&x[i * d..(i + 1) * d]);
            layer_norm::<false>(&mut r[start..], &self.dec_ln.g, &self.dec_ln.b, EPS);
        }
        let mut logits = vec![0.0f32; want.len() * n_vocab];
        if !self.tok_emb16.is_empty() {
            gemv_rows_f16(&mut logits, &r, &self.tok_emb16, want.len(), d, n_vocab, self.threads);
        } else if want.len() <= GEMV_ROWS {
            gemv_rows(&mut logits, &r, &self.tok_emb, want.len(), d, n_vocab, self.threads);
        } else {
            matmul_wt_on(self.threads, &mut logits, n_vocab, 1, &r, &self.tok_emb, want.len(), d, n_vocab);
        }
        logits.chunks_exact(n_vocab).map(|c| c.to_vec()).collect()
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[allow(clippy::too_many_arguments)]
unsafe fn attend_few_avx2(q: (&[f32], usize), k: (&[f32], usize), v: (&[f32], usize), tq: usize, tk: usize, causal: Option<usize>, out: &mut [f32], heads: usize, dh: usize, scale: f32) {
    attend_few::<true>(q, k, v, tq, tk, causal, out, heads, dh, scale);
}

/// Attention of a few query rows (a decoding step): per head, the scores against every key row, a softmax,
/// and the weighted sum of the value rows. `F`: fused multiply-add.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn attend_few<const F: bool>(q: (&[f32], usize), k: (&[f32], usize), v: (&[f32], usize), tq: usize, tk: usize, causal: Option<usize>, out: &mut [f32], heads: usize, dh: usize, scale: f32) {
    let d = heads * dh;
    let mut row = vec![0.0f32; tk];
    for h in 0..heads {
        let o = h * dh;
        for i in 0..tq {
            let qi = &q.0[i * q.1 + o..i * q.1 + o + dh];
            let visible = causal.map_or(tk, |off| (off + i + 1).min(tk));
            let row = &mut row[..visible];
            for (j, sc) in row.iter_mut().enumerate() {
                *sc = scale * sum_lanes::<F>(qi, &k.0[j * k.1 + o..j * k.1 + o + dh]);
            }
            let inv = 1.0 / softmax_unnormalised(row);
            let oi = &mut out[i * d + o..i * d + o + dh];
            oi.fill(0.0);
            for (j, p) in row.iter().enumerate() {
                let p = p * inv;
                for (ov, vv) in oi.iter_mut().zip(&v.0[j * v.1 + o..j * v.1 + o + dh]) {
                    *ov = madd::<F>(p, *vv, *ov);
                }
            }
        }
    }
}
