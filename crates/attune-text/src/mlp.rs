//! A one-hidden-layer perceptron over dense sentence embeddings, for the accurate tier's client model.
//!
//! The linear heads read embeddings one dimension at a time; emotion and distress in MiniLM's space are not
//! linearly separable enough, so a small nonlinear head reads the whole vector and its logits are averaged
//! with the linear head's. Trained with Adam on the same partial-label log loss as [`crate::linear::Head`],
//! deterministically (seeded initialisation and shuffles).

use crate::linear::softmax;

/// Weights of a 1-hidden-layer ReLU network with a softmax output.
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp {
    pub input: usize,
    pub hidden: usize,
    pub classes: usize,
    w1: Vec<f32>,
    b1: Vec<f32>,
    w2: Vec<f32>,
    b2: Vec<f32>,
}

/// One training example: the input vector, the acceptable classes, a weight.
pub struct DenseExample<'a> {
    pub x: &'a [f32],
    pub labels: Vec<usize>,
    pub weight: f32,
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct MlpConfig {
    pub hidden: usize,
    pub epochs: usize,
    pub learning_rate: f32,
    pub l2: f32,
    pub seed: u64,
}

impl Default for MlpConfig {
    fn default() -> Self {
        MlpConfig {
            hidden: 128,
            epochs: 6,
            learning_rate: 5e-4,
            l2: 1e-5,
            seed: 7,
        }
    }
}

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    /// Uniform in [-1, 1).
    fn unit(&mut self) -> f32 {
        (self.next() as f64 / (1u64 << 31) as f64 * 2.0 - 1.0) as f32
    }
}

impl Mlp {
    /// Logits for one input (its length must be `input`; shorter inputs read as zero-padded).
    pub fn logits(&self, x: &[f32], hidden: &mut Vec<f32>, out: &mut Vec<f32>) {
        hidden.clear();
        hidden.extend_from_slice(&self.b1);
        for (j, h) in hidden.iter_mut().enumerate() {
            let w = &self.w1[j * self.input..(j + 1) * self.input];
            *h += w.iter().zip(x).map(|(a, b)| a * b).sum::<f32>();
            if *h < 0.0 {
                *h = 0.0;
            }
        }
        out.clear();
        out.extend_from_slice(&self.b2);
        for (c, o) in out.iter_mut().enumerate() {
            let w = &self.w2[c * self.hidden..(c + 1) * self.hidden];
            *o += w.iter().zip(hidden.iter()).map(|(a, b)| a * b).sum::<f32>();
        }
    }

    /// Trains with Adam on minibatches of one (online), the partial-label log loss and L2.
    pub fn train(input: usize, classes: usize, examples: &[DenseExample], cfg: &MlpConfig) -> Mlp {
        let h = cfg.hidden;
        let mut rng = Lcg(cfg.seed.wrapping_mul(0x9E3779B97F4A7C15) | 1);
        let s1 = (6.0 / (input + h) as f32).sqrt();
        let s2 = (6.0 / (h + classes) as f32).sqrt();
        let mut m = Mlp {
            input,
            hidden: h,
            classes,
            w1: (0..h * input).map(|_| rng.unit() * s1).collect(),
            b1: vec![0.0; h],
            w2: (0..classes * h).map(|_| rng.unit() * s2).collect(),
            b2: vec![0.0; classes],
        };
        // Adam state for each parameter block
        let mut st: Vec<(Vec<f32>, Vec<f32>)> = [m.w1.len(), h, m.w2.len(), classes]
            .iter()
            .map(|&n| (vec![0.0; n], vec![0.0; n]))
            .collect();
        let (b1a, b2a, eps) = (0.9f32, 0.999f32, 1e-8f32);
        let mut t = 0i32;
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let (mut hid, mut out) = (Vec::new(), Vec::new());
        let mut g_out = vec![0.0f32; classes];
        let mut g_hid = vec![0.0f32; h];
        let mut g_w1 = vec![0.0f32; m.w1.len()];
        let mut g_w2 = vec![0.0f32; m.w2.len()];
        const BATCH: usize = 32;
        for _ in 0..cfg.epochs {
            for i in (1..order.len()).rev() {
                let j = (rng.next() as usize) % (i + 1);
                order.swap(i, j);
            }
            for chunk in order.chunks(BATCH) {
                g_w1.iter_mut().for_each(|g| *g = 0.0);
                g_w2.iter_mut().for_each(|g| *g = 0.0);
                let mut g_b1 = vec![0.0f32; h];
                let mut g_b2 = vec![0.0f32; classes];
                let mut any = false;
                for &ei in chunk {
                    let ex = &examples[ei];
                    if ex.labels.is_empty() || ex.weight <= 0.0 {
                        continue;
                    }
                    any = true;
                    m.logits(ex.x, &mut hid, &mut out);
                    softmax(&mut out);
                    let mass: f32 = ex.labels.iter().map(|&c| out[c]).sum::<f32>().max(1e-12);
                    for c in 0..classes {
                        let q = if ex.labels.contains(&c) {
                            out[c] / mass
                        } else {
                            0.0
                        };
                        g_out[c] = (out[c] - q) * ex.weight;
                        g_b2[c] += g_out[c];
                    }
                    for j in 0..h {
                        let mut s = 0.0;
                        for c in 0..classes {
                            g_w2[c * h + j] += g_out[c] * hid[j];
                            s += g_out[c] * m.w2[c * h + j];
                        }
                        g_hid[j] = if hid[j] > 0.0 { s } else { 0.0 };
                        g_b1[j] += g_hid[j];
                    }
                    for j in 0..h {
                        let g = g_hid[j];
                        if g != 0.0 {
                            let row = &mut g_w1[j * input..(j + 1) * input];
                            for (r, xv) in row.iter_mut().zip(ex.x) {
                                *r += g * xv;
                            }
                        }
                    }
                }
                if !any {
                    continue;
                }
                t += 1;
                let scale = 1.0 / chunk.len() as f32;
                let lr = cfg.learning_rate * (1.0 - b2a.powi(t)).sqrt() / (1.0 - b1a.powi(t));
                let blocks: [(&mut Vec<f32>, &Vec<f32>); 4] = [
                    (&mut m.w1, &g_w1),
                    (&mut m.b1, &g_b1),
                    (&mut m.w2, &g_w2),
                    (&mut m.b2, &g_b2),
                ];
                for (k, (w, g)) in blocks.into_iter().enumerate() {
                    let (mm, vv) = &mut st[k];
                    for i in 0..w.len() {
                        let gi = g[i] * scale + cfg.l2 * w[i];
                        mm[i] = b1a * mm[i] + (1.0 - b1a) * gi;
                        vv[i] = b2a * vv[i] + (1.0 - b2a) * gi * gi;
                        w[i] -= lr * mm[i] / (vv[i].sqrt() + eps);
                    }
                }
            }
        }
        m
    }

    pub fn write(&self, out: &mut Vec<u8>) {
        for n in [self.input, self.hidden, self.classes] {
            out.extend_from_slice(&(n as u32).to_le_bytes());
        }
        for v in [&self.w1, &self.b1, &self.w2, &self.b2] {
            for x in v.iter() {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
    }

    pub fn read(buf: &[u8], pos: &mut usize) -> Result<Mlp, String> {
        let mut u = || -> Result<usize, String> {
            let b = buf
                .get(*pos..*pos + 4)
                .ok_or("perceptron: file truncated")?;
            *pos += 4;
            Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        };
        let (input, hidden, classes) = (u()?, u()?, u()?);
        if input == 0
            || input > 4096
            || hidden == 0
            || hidden > 4096
            || classes == 0
            || classes > 64
        {
            return Err(format!(
                "perceptron: implausible shape {input}×{hidden}×{classes}"
            ));
        }
        let mut f = |n: usize| -> Result<Vec<f32>, String> {
            let b = buf
                .get(*pos..*pos + 4 * n)
                .ok_or("perceptron: file truncated")?;
            *pos += 4 * n;
            Ok(b.chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect())
        };
        Ok(Mlp {
            input,
            hidden,
            classes,
            w1: f(hidden * input)?,
            b1: f(hidden)?,
            w2: f(classes * hidden)?,
            b2: f(classes)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_xor_and_round_trips() {
        let xs: Vec<[f32; 2]> = vec![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
        let ys = [0usize, 1, 1, 0];
        let mut exs = Vec::new();
        for _ in 0..200 {
            for (x, y) in xs.iter().zip(ys) {
                exs.push(DenseExample {
                    x: x.as_slice(),
                    labels: vec![y],
                    weight: 1.0,
                });
            }
        }
        let m = Mlp::train(
            2,
            2,
            &exs,
            &MlpConfig {
                hidden: 16,
                epochs: 30,
                learning_rate: 1e-2,
                l2: 0.0,
                seed: 3,
            },
        );
        let (mut h, mut o) = (Vec::new(), Vec::new());
        for (x, y) in xs.iter().zip(ys) {
            m.logits(x, &mut h, &mut o);
            assert_eq!(crate::linear::argmax(&o), y, "{x:?}");
        }
        let mut buf = Vec::new();
        m.write(&mut buf);
        let mut pos = 0;
        assert_eq!(Mlp::read(&buf, &mut pos).unwrap(), m);
        assert!(Mlp::read(&buf[..buf.len() - 1], &mut 0).is_err());
    }
}
