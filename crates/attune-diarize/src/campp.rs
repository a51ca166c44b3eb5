//! CAM++ (Wang et al., "CAM++: A Fast and Efficient Network for Speaker Verification Using Context-Aware
//! Masking", Interspeech 2023), our own forward pass in inference form: every batch norm that follows a
//! convolution is folded into it, the others are per-channel affine maps, and each convolution is one matrix
//! product over an unfolded input (`attune-dense`'s gemm kernels). Layout: channels × time, row-major.
//!
//! The network: a 2-D convolutional front end (FCM: a 3×3 convolution, two stages of two residual blocks that
//! halve the frequency axis, a last strided convolution) turns 80 mel bins into 32 × 10 channels; a TDNN layer
//! (kernel 5, stride 2) makes 128; three densely connected blocks of 12, 24 and 16 layers (dilation 1, 2, 2)
//! each add 32 channels per layer, every layer's output gated by a context-aware mask computed from the
//! block input's mean over the whole segment and over 100-frame pieces; transit layers halve the channels
//! after each block; mean and standard deviation over time are pooled and projected to 192 values.

use attune_dense::gemm_strided;
use attune_dense::safetensors::SafeTensors;

pub const DIM: usize = 192;
const BN_EPS: f32 = 1e-5;
const SEG: usize = 100;

/// A convolution as a matrix: `w` is out × (in · kernel), `b` a bias per output channel.
struct Conv {
    w: Vec<f32>,
    b: Vec<f32>,
    cout: usize,
    k: usize,
}

/// A batch norm in eval mode: y = x · scale + shift per channel.
struct Affine {
    scale: Vec<f32>,
    shift: Vec<f32>,
}

struct ResBlock {
    conv1: Conv,
    conv2: Conv,
    shortcut: Option<Conv>,
    stride: usize,
}

struct DenseLayer {
    bn1: Affine,
    linear1: Conv,
    local: Conv,
    dilation: usize,
    mask1: Conv,
    mask2: Conv,
}

struct Block {
    layers: Vec<DenseLayer>,
    transit_bn: Affine,
    transit: Conv,
}

pub struct CamPlus {
    conv1: Conv,
    res: Vec<ResBlock>,
    conv2: Conv,
    tdnn: Conv,
    blocks: Vec<Block>,
    out_bn: Affine,
    dense: Conv,
}

struct Loader<'a> {
    st: &'a SafeTensors,
}

impl Loader<'_> {
    fn get(&self, name: &str, len: usize) -> Result<Vec<f32>, String> {
        let v = self.st.f32(name).map_err(|e| format!("tensor {name}: {e}"))?;
        if v.len() != len {
            return Err(format!("tensor {name} has {} values, expected {len}", v.len()));
        }
        Ok(v)
    }

    fn bn(&self, p: &str, c: usize, affine: bool) -> Result<Affine, String> {
        let mean = self.get(&format!("{p}.running_mean"), c)?;
        let var = self.get(&format!("{p}.running_var"), c)?;
        let (g, b) = if affine { (self.get(&format!("{p}.weight"), c)?, self.get(&format!("{p}.bias"), c)?) } else { (vec![1.0; c], vec![0.0; c]) };
        let scale: Vec<f32> = g.iter().zip(&var).map(|(g, v)| g / (v + BN_EPS).sqrt()).collect();
        let shift = b.iter().zip(&mean).zip(&scale).map(|((b, m), s)| b - m * s).collect();
        Ok(Affine { scale, shift })
    }

    fn conv(&self, name: &str, cout: usize, k: usize, bias: bool) -> Result<Conv, String> {
        let w = self.get(&format!("{name}.weight"), cout * k)?;
        let b = if bias { self.get(&format!("{name}.bias"), cout)? } else { vec![0.0; cout] };
        Ok(Conv { w, b, cout, k })
    }

    /// A convolution followed by a batch norm, folded into one.
    fn conv_bn(&self, name: &str, bn: &str, cout: usize, k: usize, affine: bool) -> Result<Conv, String> {
        let mut c = self.conv(name, cout, k, false)?;
        let a = self.bn(bn, cout, affine)?;
        for o in 0..cout {
            c.w[o * k..(o + 1) * k].iter_mut().for_each(|w| *w *= a.scale[o]);
            c.b[o] = c.b[o] * a.scale[o] + a.shift[o];
        }
        Ok(c)
    }
}

/// Work buffers reused across segments.
#[derive(Default)]
pub struct Scratch {
    a: Vec<f32>,
    b: Vec<f32>,
    c: Vec<f32>,
    cols: Vec<f32>,
    x: Vec<f32>,
    h: Vec<f32>,
    h2: Vec<f32>,
    y: Vec<f32>,
}

/// out (cout × n) = W · cols + b.
fn product(c: &Conv, cols: &[f32], n: usize, out: &mut Vec<f32>) {
    out.clear();
    out.resize(c.cout * n, 0.0);
    gemm_strided(c.cout, n, c.k, (out.as_mut_slice(), n, 1), false, 1.0, (&c.w, c.k, 1), (cols, n, 1));
    for (row, b) in out.chunks_exact_mut(n).zip(&c.b) {
        if *b != 0.0 {
            row.iter_mut().for_each(|v| *v += b);
        }
    }
}

/// A 1-D convolution over x (cin × t); returns the output length.
#[allow(clippy::too_many_arguments)]
fn conv1d(c: &Conv, x: &[f32], cin: usize, t: usize, kernel: usize, stride: usize, pad: usize, dil: usize, cols: &mut Vec<f32>, out: &mut Vec<f32>) -> usize {
    let tout = (t + 2 * pad - dil * (kernel - 1) - 1) / stride + 1;
    if kernel == 1 && stride == 1 {
        product(c, &x[..cin * t], t, out);
        return t;
    }
    cols.clear();
    cols.resize(cin * kernel * tout, 0.0);
    for ci in 0..cin {
        let src = &x[ci * t..(ci + 1) * t];
        for j in 0..kernel {
            let row = &mut cols[(ci * kernel + j) * tout..(ci * kernel + j + 1) * tout];
            for (to, r) in row.iter_mut().enumerate() {
                let s = (to * stride + j * dil) as isize - pad as isize;
                if s >= 0 && (s as usize) < t {
                    *r = src[s as usize];
                }
            }
        }
    }
    product(c, cols, tout, out);
    tout
}

/// A 3×3 (or 1×1) 2-D convolution over x (cin × h × w), padding 1 (0 for 1×1), stride `sh` along h;
/// returns the output height.
#[allow(clippy::too_many_arguments)]
fn conv2d(c: &Conv, x: &[f32], cin: usize, h: usize, w: usize, kernel: usize, sh: usize, cols: &mut Vec<f32>, out: &mut Vec<f32>) -> usize {
    let pad = kernel / 2;
    let hout = (h + 2 * pad - kernel) / sh + 1;
    let n = hout * w;
    cols.clear();
    cols.resize(cin * kernel * kernel * n, 0.0);
    for ci in 0..cin {
        for a in 0..kernel {
            for b in 0..kernel {
                let row = &mut cols[((ci * kernel + a) * kernel + b) * n..][..n];
                for fo in 0..hout {
                    let fi = (fo * sh + a) as isize - pad as isize;
                    if fi < 0 || fi as usize >= h {
                        continue;
                    }
                    let src = &x[(ci * h + fi as usize) * w..][..w];
                    let dst = &mut row[fo * w..(fo + 1) * w];
                    for (to, d) in dst.iter_mut().enumerate() {
                        let ti = to as isize + b as isize - pad as isize;
                        if ti >= 0 && (ti as usize) < w {
                            *d = src[ti as usize];
                        }
                    }
                }
            }
        }
    }
    product(c, cols, n, out);
    hout
}

fn relu(x: &mut [f32]) {
    x.iter_mut().for_each(|v| *v = v.max(0.0));
}

/// y = relu(x · scale + shift) per channel row of length t.
fn affine_relu(a: &Affine, x: &[f32], t: usize, out: &mut Vec<f32>) {
    out.clear();
    out.extend(x.chunks_exact(t).zip(a.scale.iter().zip(&a.shift)).flat_map(|(row, (s, b))| row.iter().map(move |v| (v * s + b).max(0.0))));
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

impl CamPlus {
    /// Reads the weights (the safetensors file `scripts/campplus_to_safetensors.py` writes).
    pub fn from_safetensors(bytes: Vec<u8>) -> Result<CamPlus, String> {
        let st = SafeTensors::parse(bytes)?;
        let l = Loader { st: &st };
        let conv1 = l.conv_bn("head.conv1", "head.bn1", 32, 9, true)?;
        let mut res = Vec::new();
        for (stage, stride) in [("layer1", 2), ("layer2", 2)] {
            for i in 0..2 {
                let p = format!("head.{stage}.{i}");
                let s = if i == 0 { stride } else { 1 };
                res.push(ResBlock {
                    conv1: l.conv_bn(&format!("{p}.conv1"), &format!("{p}.bn1"), 32, 32 * 9, true)?,
                    conv2: l.conv_bn(&format!("{p}.conv2"), &format!("{p}.bn2"), 32, 32 * 9, true)?,
                    shortcut: if s != 1 { Some(l.conv_bn(&format!("{p}.shortcut.0"), &format!("{p}.shortcut.1"), 32, 32, true)?) } else { None },
                    stride: s,
                });
            }
        }
        let conv2 = l.conv_bn("head.conv2", "head.bn2", 32, 32 * 9, true)?;
        let tdnn = l.conv_bn("xvector.tdnn.linear", "xvector.tdnn.nonlinear.batchnorm", 128, 320 * 5, true)?;
        let mut blocks = Vec::new();
        let mut ch = 128;
        for (bi, (n, dil)) in [(12, 1), (24, 2), (16, 2)].into_iter().enumerate() {
            let mut layers = Vec::new();
            for li in 0..n {
                let p = format!("xvector.block{}.tdnnd{}", bi + 1, li + 1);
                let cin = ch + li * 32;
                layers.push(DenseLayer {
                    bn1: l.bn(&format!("{p}.nonlinear1.batchnorm"), cin, true)?,
                    linear1: l.conv_bn(&format!("{p}.linear1"), &format!("{p}.nonlinear2.batchnorm"), 128, cin, true)?,
                    local: l.conv(&format!("{p}.cam_layer.linear_local"), 32, 128 * 3, false)?,
                    dilation: dil,
                    mask1: l.conv(&format!("{p}.cam_layer.linear1"), 64, 128, true)?,
                    mask2: l.conv(&format!("{p}.cam_layer.linear2"), 32, 64, true)?,
                });
            }
            ch += n * 32;
            let p = format!("xvector.transit{}", bi + 1);
            blocks.push(Block { layers, transit_bn: l.bn(&format!("{p}.nonlinear.batchnorm"), ch, true)?, transit: l.conv(&format!("{p}.linear"), ch / 2, ch, false)? });
            ch /= 2;
        }
        let out_bn = l.bn("xvector.out_nonlinear.batchnorm", ch, true)?;
        let dense = l.conv_bn("xvector.dense.linear", "xvector.dense.nonlinear.batchnorm", DIM, ch * 2, false)?;
        Ok(CamPlus { conv1, res, conv2, tdnn, blocks, out_bn, dense })
    }

    /// The speaker embedding of one segment's mean-normalized filterbank (frames × 80, at least 2 frames).
    pub fn embed(&self, feats: &[f32], s: &mut Scratch) -> [f32; DIM] {
        let t = feats.len() / crate::fbank::BINS;
        let f = crate::fbank::BINS;
        // (frames × bins) → (bins × frames)
        s.x.clear();
        s.x.resize(f * t, 0.0);
        for (i, row) in feats.chunks_exact(f).enumerate() {
            for (j, v) in row.iter().enumerate() {
                s.x[j * t + i] = *v;
            }
        }
        // FCM
        let mut h = conv2d(&self.conv1, &s.x, 1, f, t, 3, 1, &mut s.cols, &mut s.a);
        relu(&mut s.a);
        for r in &self.res {
            let h1 = conv2d(&r.conv1, &s.a, 32, h, t, 3, r.stride, &mut s.cols, &mut s.b);
            relu(&mut s.b);
            conv2d(&r.conv2, &s.b, 32, h1, t, 3, 1, &mut s.cols, &mut s.c);
            match &r.shortcut {
                Some(sc) => {
                    conv2d(sc, &s.a, 32, h, t, 1, r.stride, &mut s.cols, &mut s.b);
                    s.c.iter_mut().zip(&s.b).for_each(|(c, b)| *c += b);
                }
                None => s.c.iter_mut().zip(&s.a).for_each(|(c, a)| *c += a),
            }
            relu(&mut s.c);
            std::mem::swap(&mut s.a, &mut s.c);
            h = h1;
        }
        let h = conv2d(&self.conv2, &s.a, 32, h, t, 3, 2, &mut s.cols, &mut s.b);
        relu(&mut s.b);
        let cin = 32 * h;
        // TDNN
        let t = conv1d(&self.tdnn, &s.b, cin, t, 5, 2, 2, 1, &mut s.cols, &mut s.a);
        relu(&mut s.a);
        // dense blocks: s.x holds the growing channel stack
        let mut ch = 128;
        s.x.clear();
        s.x.extend_from_slice(&s.a[..ch * t]);
        let nseg = t.div_ceil(SEG);
        for blk in &self.blocks {
            for layer in &blk.layers {
                affine_relu(&layer.bn1, &s.x[..ch * t], t, &mut s.h);
                conv1d(&layer.linear1, &s.h, ch, t, 1, 1, 0, 1, &mut s.cols, &mut s.h2);
                relu(&mut s.h2);
                conv1d(&layer.local, &s.h2, 128, t, 3, 1, layer.dilation, layer.dilation, &mut s.cols, &mut s.y);
                // context: the mean over the segment plus the mean over each 100-frame piece
                let mut ctx = vec![0f32; 128 * nseg];
                for c in 0..128 {
                    let row = &s.h2[c * t..(c + 1) * t];
                    let mean = row.iter().sum::<f32>() / t as f32;
                    for g in 0..nseg {
                        let piece = &row[g * SEG..((g + 1) * SEG).min(t)];
                        ctx[c * nseg + g] = mean + piece.iter().sum::<f32>() / piece.len() as f32;
                    }
                }
                product(&layer.mask1, &ctx, nseg, &mut s.c);
                relu(&mut s.c);
                product(&layer.mask2, &s.c, nseg, &mut s.b);
                for (c, yrow) in s.y.chunks_exact_mut(t).enumerate() {
                    for (ti, v) in yrow.iter_mut().enumerate() {
                        *v *= sigmoid(s.b[c * nseg + ti / SEG]);
                    }
                }
                s.x.extend_from_slice(&s.y);
                ch += 32;
            }
            affine_relu(&blk.transit_bn, &s.x[..ch * t], t, &mut s.h);
            conv1d(&blk.transit, &s.h, ch, t, 1, 1, 0, 1, &mut s.cols, &mut s.a);
            ch /= 2;
            s.x.clear();
            s.x.extend_from_slice(&s.a);
        }
        affine_relu(&self.out_bn, &s.x, t, &mut s.h);
        // mean and (unbiased) standard deviation over time
        let mut stats = vec![0f32; 2 * ch];
        for (c, row) in s.h.chunks_exact(t).enumerate() {
            let mean = row.iter().map(|v| *v as f64).sum::<f64>() / t as f64;
            let var = row.iter().map(|v| (*v as f64 - mean).powi(2)).sum::<f64>() / (t.max(2) - 1) as f64;
            stats[c] = mean as f32;
            stats[ch + c] = var.sqrt() as f32;
        }
        product(&self.dense, &stats, 1, &mut s.c);
        let mut e = [0f32; DIM];
        e.copy_from_slice(&s.c[..DIM]);
        e
    }
}
