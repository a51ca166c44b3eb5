//! The BERT encoder of all-MiniLM-L6-v2 (Devlin et al. 2019: post-LayerNorm blocks, erf GELU), with mean
//! pooling and L2 normalisation, on packed sequences.
//!
//! A batch's texts are laid end to end as the rows of one matrix (no padding), so the linear layers are
//! one matrix product per layer over every token of the batch (`gemm`, single-threaded: the workers of
//! [`crate::Embedder`] supply the parallelism), and attention runs per text and head over that text's rows
//! only, which is what the attention mask of a padded batch computes. Element-wise work (bias, GELU,
//! LayerNorm, softmax) is written as plain loops over rows that the compiler vectorises; on x86-64 with
//! AVX2 and FMA they are compiled for those instructions and chosen at run time.

// Indexed loops over fixed lane arrays are written that way so they vectorise.
#![allow(clippy::needless_range_loop)]

use attune_dense::safetensors::SafeTensors;
use attune_dense::{add_rows, fill_rows, gelu, gemm_strided, layer_norm, madd, matmul_wt, softmax_unnormalised, sum_lanes};

/// The fields of the Hugging Face `config.json` this encoder needs.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Config {
    pub hidden_size: usize,
    pub num_attention_heads: usize,
    pub num_hidden_layers: usize,
    pub intermediate_size: usize,
    pub max_position_embeddings: usize,
    pub vocab_size: usize,
    #[serde(default = "default_eps")]
    pub layer_norm_eps: f64,
    #[serde(default = "default_act")]
    pub hidden_act: String,
    #[serde(default = "default_pos")]
    pub position_embedding_type: String,
}

fn default_eps() -> f64 {
    1e-12
}
fn default_act() -> String {
    "gelu".into()
}
fn default_pos() -> String {
    "absolute".into()
}

impl Config {
    /// What this implementation supports: erf GELU, absolute positions, whole heads.
    pub fn check(&self) -> Result<(), String> {
        if self.hidden_act != "gelu" {
            return Err(format!("hidden_act {:?} is not supported (only \"gelu\")", self.hidden_act));
        }
        if self.position_embedding_type != "absolute" {
            return Err(format!("position_embedding_type {:?} is not supported", self.position_embedding_type));
        }
        if self.num_attention_heads == 0 || self.hidden_size == 0 || !self.hidden_size.is_multiple_of(self.num_attention_heads) {
            return Err("hidden_size must be a positive multiple of num_attention_heads".into());
        }
        Ok(())
    }
}

struct Layer {
    /// Query and value weights stacked: (2·hidden) × hidden, rows are output features.
    wqv: Vec<f32>,
    bqv: Vec<f32>,
    /// Key weights, hidden × hidden (their product is written transposed, see [`Scratch`]).
    wk: Vec<f32>,
    bk: Vec<f32>,
    wo: Vec<f32>,
    bo: Vec<f32>,
    ln1_g: Vec<f32>,
    ln1_b: Vec<f32>,
    /// intermediate × hidden
    wi: Vec<f32>,
    bi: Vec<f32>,
    /// hidden × intermediate
    wo2: Vec<f32>,
    bo2: Vec<f32>,
    ln2_g: Vec<f32>,
    ln2_b: Vec<f32>,
}

/// The encoder's weights as plain row-major `f32` arrays.
pub struct Model {
    hidden: usize,
    heads: usize,
    inter: usize,
    max_pos: usize,
    vocab: usize,
    eps: f32,
    word: Vec<f32>,
    pos: Vec<f32>,
    /// Token type 0 (every text is one segment).
    typ0: Vec<f32>,
    ln_g: Vec<f32>,
    ln_b: Vec<f32>,
    layers: Vec<Layer>,
}

/// Work buffers of one worker, reused across batches. For a batch of `t` tokens: `x`, `ctx` are t × hidden,
/// `qv` t × 2·hidden (queries, then values), `inter` t × intermediate, and `kt` the keys transposed,
/// hidden × (t + 8): feature-major, so a head's keys for consecutive tokens are contiguous (8 spare
/// columns let a text's last block of eight scores read past its end without leaving the buffer).
#[derive(Default)]
pub struct Scratch {
    x: Vec<f32>,
    qv: Vec<f32>,
    kt: Vec<f32>,
    ctx: Vec<f32>,
    inter: Vec<f32>,
    scores: Vec<f32>,
}

impl Model {
    /// The weights from the bytes of a safetensors file (F32; names with or without a `bert.` prefix).
    pub fn from_safetensors(bytes: Vec<u8>, c: &Config) -> Result<Model, String> {
        let st = SafeTensors::parse(bytes)?;
        let get_any = |name: &str| -> Result<Vec<f32>, String> {
            st.f32(name).or_else(|_| st.f32(&format!("bert.{name}"))).map_err(|e| format!("tensor {name}: {e}"))
        };
        let get = |name: &str, len: usize| -> Result<Vec<f32>, String> {
            let v = get_any(name)?;
            if v.len() != len {
                return Err(format!("tensor {name} has {} values, expected {len}", v.len()));
            }
            Ok(v)
        };
        let (h, i) = (c.hidden_size, c.intermediate_size);
        // Any number of token types: only type 0 is used.
        let typ = get_any("embeddings.token_type_embeddings.weight")?;
        if typ.len() < h {
            return Err("tensor embeddings.token_type_embeddings.weight is too small".into());
        }
        let mut layers = Vec::with_capacity(c.num_hidden_layers);
        for l in 0..c.num_hidden_layers {
            let p = |s: &str| format!("encoder.layer.{l}.{s}");
            let mut wqv = get(&p("attention.self.query.weight"), h * h)?;
            wqv.extend(get(&p("attention.self.value.weight"), h * h)?);
            let mut bqv = get(&p("attention.self.query.bias"), h)?;
            bqv.extend(get(&p("attention.self.value.bias"), h)?);
            layers.push(Layer {
                wqv,
                bqv,
                wk: get(&p("attention.self.key.weight"), h * h)?,
                bk: get(&p("attention.self.key.bias"), h)?,
                wo: get(&p("attention.output.dense.weight"), h * h)?,
                bo: get(&p("attention.output.dense.bias"), h)?,
                ln1_g: get(&p("attention.output.LayerNorm.weight"), h)?,
                ln1_b: get(&p("attention.output.LayerNorm.bias"), h)?,
                wi: get(&p("intermediate.dense.weight"), i * h)?,
                bi: get(&p("intermediate.dense.bias"), i)?,
                wo2: get(&p("output.dense.weight"), h * i)?,
                bo2: get(&p("output.dense.bias"), h)?,
                ln2_g: get(&p("output.LayerNorm.weight"), h)?,
                ln2_b: get(&p("output.LayerNorm.bias"), h)?,
            });
        }
        Ok(Model {
            hidden: h,
            heads: c.num_attention_heads,
            inter: i,
            max_pos: c.max_position_embeddings,
            vocab: c.vocab_size,
            eps: c.layer_norm_eps as f32,
            word: get("embeddings.word_embeddings.weight", c.vocab_size * h)?,
            pos: get("embeddings.position_embeddings.weight", c.max_position_embeddings * h)?,
            typ0: typ[..h].to_vec(),
            ln_g: get("embeddings.LayerNorm.weight", h)?,
            ln_b: get("embeddings.LayerNorm.bias", h)?,
            layers,
        })
    }

    /// Unit-length mean-pooled embeddings of token sequences (each [CLS] … [SEP], from the model's own
    /// tokenizer). Defensive only: an id beyond the vocabulary reads its last row, and a sequence longer
    /// than the position table is cut to it.
    pub fn embed(&self, seqs: &[&[u32]], s: &mut Scratch) -> Vec<Vec<f32>> {
        #[cfg(target_arch = "x86_64")]
        {
            if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
                // SAFETY: the CPU supports the features the function was compiled for.
                return unsafe { self.embed_avx2(seqs, s) };
            }
        }
        self.embed_impl::<false>(seqs, s)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn embed_avx2(&self, seqs: &[&[u32]], s: &mut Scratch) -> Vec<Vec<f32>> {
        self.embed_impl::<true>(seqs, s)
    }

    /// The forward pass; `F`: fused multiply-add is available (then `a·b + c` is one rounding).
    #[inline(always)]
    fn embed_impl<const F: bool>(&self, seqs: &[&[u32]], s: &mut Scratch) -> Vec<Vec<f32>> {
        let h = self.hidden;
        let lens: Vec<usize> = seqs.iter().map(|q| q.len().min(self.max_pos)).collect();
        let t: usize = lens.iter().sum();
        if t == 0 {
            return seqs.iter().map(|_| vec![0.0; h]).collect();
        }
        let tp = t + 8;
        s.x.resize(t * h, 0.0);
        s.qv.resize(t * 2 * h, 0.0);
        s.kt.resize(h * tp, 0.0);
        s.ctx.resize(t * h, 0.0);
        s.inter.resize(t * self.inter, 0.0);
        // Embeddings: word + position + type 0, then LayerNorm.
        let mut r = 0;
        for (q, &l) in seqs.iter().zip(&lens) {
            for (p, &id) in q[..l].iter().enumerate() {
                let id = (id as usize).min(self.vocab - 1);
                let row = &mut s.x[r * h..(r + 1) * h];
                let (w, ps) = (&self.word[id * h..(id + 1) * h], &self.pos[p * h..(p + 1) * h]);
                for k in 0..h {
                    row[k] = w[k] + ps[k] + self.typ0[k];
                }
                layer_norm::<F>(row, &self.ln_g, &self.ln_b, self.eps);
                r += 1;
            }
        }
        for ly in &self.layers {
            // Queries and values for every token: qv = x·Wqvᵀ + b; keys transposed: kt = Wk·xᵀ + bk.
            fill_rows(&mut s.qv, &ly.bqv);
            matmul_wt(&mut s.qv, 2 * h, 1, &s.x, &ly.wqv, t, h, 2 * h);
            for (f, row) in s.kt.chunks_exact_mut(tp).enumerate() {
                row[..t].fill(ly.bk[f]);
            }
            matmul_wt(&mut s.kt, 1, tp, &s.x, &ly.wk, t, h, h);
            self.attention::<F>(&lens, s);
            // x = LayerNorm(x + ctx·Woᵀ + bo)
            add_rows(&mut s.x, &ly.bo);
            matmul_wt(&mut s.x, h, 1, &s.ctx, &ly.wo, t, h, h);
            for row in s.x.chunks_exact_mut(h) {
                layer_norm::<F>(row, &ly.ln1_g, &ly.ln1_b, self.eps);
            }
            // inter = GELU(x·Wiᵀ + bi); x = LayerNorm(x + inter·Wo2ᵀ + bo2)
            fill_rows(&mut s.inter, &ly.bi);
            matmul_wt(&mut s.inter, self.inter, 1, &s.x, &ly.wi, t, h, self.inter);
            for v in s.inter.iter_mut() {
                *v = gelu::<F>(*v);
            }
            add_rows(&mut s.x, &ly.bo2);
            matmul_wt(&mut s.x, h, 1, &s.inter, &ly.wo2, t, self.inter, h);
            for row in s.x.chunks_exact_mut(h) {
                layer_norm::<F>(row, &ly.ln2_g, &ly.ln2_b, self.eps);
            }
        }
        // Mean over each text's tokens, then unit length.
        let mut out = Vec::with_capacity(seqs.len());
        let mut r = 0;
        for &l in &lens {
            let mut m = vec![0.0f32; h];
            for row in s.x[r * h..(r + l) * h].chunks_exact(h) {
                for k in 0..h {
                    m[k] += row[k];
                }
            }
            r += l;
            let inv = 1.0 / (l.max(1) as f32);
            for v in m.iter_mut() {
                *v *= inv;
            }
            let inv_norm = 1.0 / sum_lanes::<F>(&m, &m).sqrt().max(1e-12);
            for v in m.iter_mut() {
                *v *= inv_norm;
            }
            out.push(m);
        }
        out
    }

    /// Scaled dot-product attention of each text over its own tokens (`s.qv`, `s.kt`), into `s.ctx`.
    #[inline(always)]
    fn attention<const F: bool>(&self, lens: &[usize], s: &mut Scratch) {
        let d = self.hidden / self.heads;
        if d == 32 {
            self.attention_d::<F, 32>(lens, s)
        } else {
            self.attention_any(lens, s, d)
        }
    }

    /// Attention with the head width known at compile time: eight scores at a time are sums of D
    /// broadcast query values times contiguous key rows (one vector register), and each output row is a
    /// sum of value rows kept in registers.
    #[inline(always)]
    fn attention_d<const F: bool, const D: usize>(&self, lens: &[usize], s: &mut Scratch) {
        let h = self.hidden;
        let w = 2 * h;
        let t: usize = lens.iter().sum();
        let tp = t + 8;
        let scale = 1.0 / (D as f32).sqrt();
        let max_lp = lens.iter().copied().max().unwrap_or(0).div_ceil(8) * 8;
        s.scores.resize(max_lp.max(s.scores.len()), 0.0);
        let Scratch { qv, kt: kts, ctx, scores, .. } = s;
        let mut r0 = 0;
        for &l in lens {
            if l >= GEMM_ATTENTION_MIN {
                // Long texts: S = scale·Q·Kᵀ and O = P·V as matrix products, P = softmax rows of S.
                if scores.len() < l * l {
                    scores.resize(l * l, 0.0);
                }
                for hd in 0..self.heads {
                    let (qo, vo) = (hd * D, h + hd * D);
                    gemm_strided(
                        l,
                        l,
                        D,
                        (&mut scores[..l * l], l, 1),
                        false,
                        scale,
                        (&qv[r0 * w + qo..], w, 1),
                        (&kts[hd * D * tp + r0..], tp, 1),
                    );
                    for row in scores[..l * l].chunks_exact_mut(l) {
                        let inv = 1.0 / softmax_unnormalised(row);
                        for v in row.iter_mut() {
                            *v *= inv;
                        }
                    }
                    gemm_strided(l, D, l, (&mut ctx[r0 * h + qo..], h, 1), false, 1.0, (&scores[..l * l], l, 1), (&qv[r0 * w + vo..], w, 1));
                }
                r0 += l;
                continue;
            }
            let lp = l.div_ceil(8) * 8;
            for hd in 0..self.heads {
                let (qo, vo) = (hd * D, h + hd * D);
                // This head's keys: row c holds feature hd·D + c of every token, this text's from r0 on
                // (lp of them; the tail past l belongs to the next text or the spare columns, and is ignored).
                let kh = &kts[hd * D * tp + r0..];
                for i in 0..l {
                    let qrow = &qv[(r0 + i) * w + qo..(r0 + i) * w + qo + D];
                    let mut q = [0.0f32; D];
                    for c in 0..D {
                        q[c] = qrow[c] * scale;
                    }
                    let sc = &mut scores[..lp];
                    for jb in (0..lp).step_by(8) {
                        // Four independent sums (c mod 4), so the FMAs need not wait on each other.
                        let mut acc = [[0.0f32; 8]; 4];
                        for c0 in (0..D).step_by(4) {
                            for u in 0..4 {
                                let c = c0 + u;
                                let row: &[f32; 8] = kh[c * tp + jb..c * tp + jb + 8].try_into().expect("8 wide");
                                for e in 0..8 {
                                    acc[u][e] = madd::<F>(q[c], row[e], acc[u][e]);
                                }
                            }
                        }
                        for e in 0..8 {
                            sc[jb + e] = (acc[0][e] + acc[1][e]) + (acc[2][e] + acc[3][e]);
                        }
                    }
                    // Softmax over whole blocks of eight: the padding scores become e^(−87 − max) ≈ 0,
                    // far below the rounding of the sum (whose largest term is 1), and are never used.
                    sc[l..].fill(-1e30);
                    let inv = 1.0 / softmax_unnormalised(sc);
                    // Two sets of sums (even and odd keys) so consecutive FMAs are independent; two named
                    // arrays, not one indexed by j & 1, so that both stay in vector registers.
                    let vrow = |j: usize| -> &[f32; D] { qv[(r0 + j) * w + vo..(r0 + j) * w + vo + D].try_into().expect("D wide") };
                    let (mut o0, mut o1) = ([0.0f32; D], [0.0f32; D]);
                    let mut j = 0;
                    while j + 1 < l {
                        let (p0, p1, v0, v1) = (sc[j], sc[j + 1], vrow(j), vrow(j + 1));
                        for c in 0..D {
                            o0[c] = madd::<F>(p0, v0[c], o0[c]);
                            o1[c] = madd::<F>(p1, v1[c], o1[c]);
                        }
                        j += 2;
                    }
                    if j < l {
                        let (p, v) = (sc[j], vrow(j));
                        for c in 0..D {
                            o0[c] = madd::<F>(p, v[c], o0[c]);
                        }
                    }
                    for (c, dst) in ctx[(r0 + i) * h + qo..(r0 + i) * h + qo + D].iter_mut().enumerate() {
                        *dst = (o0[c] + o1[c]) * inv;
                    }
                }
            }
            r0 += l;
        }
    }

    /// Attention for any head width (not used by MiniLM, whose heads are 32 wide).
    fn attention_any(&self, lens: &[usize], s: &mut Scratch, d: usize) {
        let h = self.hidden;
        let w = 2 * h;
        let t: usize = lens.iter().sum();
        let tp = t + 8;
        let scale = 1.0 / (d as f32).sqrt();
        let max_l = lens.iter().copied().max().unwrap_or(0);
        s.scores.resize(max_l, 0.0);
        let Scratch { qv, kt, ctx, scores, .. } = s;
        let mut r0 = 0;
        for &l in lens {
            for hd in 0..self.heads {
                let (qo, vo) = (hd * d, h + hd * d);
                for i in 0..l {
                    let q = &qv[(r0 + i) * w + qo..(r0 + i) * w + qo + d];
                    let sc = &mut scores[..l];
                    for (j, v) in sc.iter_mut().enumerate() {
                        *v = (0..d).map(|c| q[c] * kt[(hd * d + c) * tp + r0 + j]).sum::<f32>() * scale;
                    }
                    let sum = softmax_unnormalised(sc);
                    let o = &mut ctx[(r0 + i) * h + qo..(r0 + i) * h + qo + d];
                    o.fill(0.0);
                    for j in 0..l {
                        let p = sc[j] / sum;
                        for (oc, &vc) in o.iter_mut().zip(&qv[(r0 + j) * w + vo..(r0 + j) * w + vo + d]) {
                            *oc += p * vc;
                        }
                    }
                }
            }
            r0 += l;
        }
    }
}

/// Texts at least this long run attention as matrix products (`gemm`); shorter ones by the register loops.
const GEMM_ATTENTION_MIN: usize = 48;

#[cfg(test)]
mod tests {
    use super::*;

    /// The register-loop and matrix-product attention (MiniLM's 32-wide heads) agree with the plain
    /// any-width version, on texts short and long (≥ GEMM_ATTENTION_MIN) packed together.
    #[test]
    fn attention_paths_agree() {
        let (h, heads) = (64usize, 2usize);
        let m = Model {
            hidden: h,
            heads,
            inter: 0,
            max_pos: 512,
            vocab: 1,
            eps: 1e-12,
            word: Vec::new(),
            pos: Vec::new(),
            typ0: Vec::new(),
            ln_g: Vec::new(),
            ln_b: Vec::new(),
            layers: Vec::new(),
        };
        let lens = [1usize, 5, 13, GEMM_ATTENTION_MIN + 3, 8];
        let t: usize = lens.iter().sum();
        let tp = t + 8;
        let mut st: u32 = 7;
        let mut rnd = || {
            st = st.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (st >> 8) as f32 / (1u32 << 24) as f32 * 4.0 - 2.0
        };
        let mut s = Scratch::default();
        s.qv = (0..t * 2 * h).map(|_| rnd()).collect();
        s.kt = (0..h * tp).map(|_| rnd()).collect();
        s.ctx = vec![0.0; t * h];
        m.attention_d::<false, 32>(&lens, &mut s);
        let fast = s.ctx.clone();
        s.ctx.fill(0.0);
        m.attention_any(&lens, &mut s, 32);
        let worst = fast.iter().zip(&s.ctx).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
        assert!(worst < 1e-5, "{worst}");
        assert!(s.ctx.iter().all(|v| v.is_finite()) && s.ctx.iter().any(|v| *v != 0.0));
    }
}
