//! Decoding one 30-second window: the prompt (previous text, start-of-transcript, language and task), then
//! greedy, sampled or beam-search decoding under Whisper's logit rules — suppressed non-speech and special
//! tokens, no blank start, and timestamps that come in pairs, never go back and start within the first second.

use crate::model::{Audio, Cache, Model};
use crate::vocab::Specials;

/// How to decode (defaults as in OpenAI's and faster-whisper's `transcribe`).
#[derive(Debug, Clone)]
pub struct DecodeOptions {
    /// 1: greedy; more: beam search with this many beams.
    pub beam_size: usize,
    /// The temperature ladder: 0 first, higher ones when a window's output looks like a loop or is unlikely.
    pub temperatures: Vec<f32>,
    /// A window whose text compresses (zlib) by more than this is a repetition loop: decode again hotter.
    pub compression_ratio_threshold: f64,
    /// A window whose mean token log-probability is below this is decoded again hotter.
    pub logprob_threshold: f64,
    /// A window with p(no speech) above this and a low log-probability is silence: its text is dropped.
    pub no_speech_threshold: f64,
    /// Prompt each window with the text before it (reset after a hot fallback).
    pub condition_on_previous_text: bool,
    /// The first timestamp must be within this many seconds of the window's start.
    pub max_initial_timestamp: f64,
    /// Tokens per window at most.
    pub sample_len: usize,
    /// Seed for sampling at temperature > 0 (reproducible output).
    pub seed: u64,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            beam_size: 5,
            temperatures: vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0],
            compression_ratio_threshold: 2.4,
            logprob_threshold: -1.0,
            no_speech_threshold: 0.6,
            condition_on_previous_text: true,
            max_initial_timestamp: 1.0,
            sample_len: 224,
            seed: 0x5eed,
        }
    }
}

/// One window's decoded tokens (text and timestamp tokens, without the prompt or end-of-text).
#[derive(Debug, Clone)]
pub struct WindowResult {
    pub tokens: Vec<u32>,
    pub sum_logprob: f64,
    pub avg_logprob: f64,
    pub no_speech_prob: f64,
    pub temperature: f32,
}

/// The token rules that do not depend on the model.
pub struct Rules<'a> {
    pub sp: &'a Specials,
    /// Always suppressed (non-speech symbols from the model's config, and the special tokens).
    pub suppress: Vec<u32>,
    /// Suppressed at the first sampled position (a blank, end-of-text).
    pub suppress_begin: Vec<u32>,
    pub max_initial_timestamp_index: u32,
}

impl Rules<'_> {
    /// Applies every rule to `logits` given the tokens sampled so far in this window.
    pub fn apply(&self, logits: &mut [f32], sampled: &[u32]) {
        let ninf = f32::NEG_INFINITY;
        for &t in &self.suppress {
            if let Some(v) = logits.get_mut(t as usize) {
                *v = ninf;
            }
        }
        if sampled.is_empty() {
            for &t in &self.suppress_begin {
                if let Some(v) = logits.get_mut(t as usize) {
                    *v = ninf;
                }
            }
        }
        let tb = self.sp.timestamp_begin as usize;
        let eot = self.sp.eot as usize;
        logits[self.sp.no_timestamps as usize] = ninf;
        let is_ts = |t: u32| t >= self.sp.timestamp_begin;
        let last_ts = sampled.last().is_some_and(|&t| is_ts(t));
        let penultimate_ts = sampled.len() < 2 || is_ts(sampled[sampled.len() - 2]);
        if last_ts {
            if penultimate_ts {
                // a pair is closed: text (or the end) must follow
                logits[tb..].fill(ninf);
            } else {
                // an open pair: its closing timestamp, or the end
                logits[..eot].fill(ninf);
            }
        }
        if let Some(&last) = sampled.iter().rev().find(|&&t| is_ts(t)) {
            // timestamps never go back; after a closed pair they move forward
            let floor = if last_ts && !penultimate_ts { last } else { last + 1 };
            let floor = (floor as usize).min(logits.len());
            logits[tb..floor].fill(ninf);
        }
        if sampled.is_empty() {
            logits[..tb].fill(ninf);
            let last_allowed = tb + self.max_initial_timestamp_index as usize;
            if last_allowed + 1 < logits.len() {
                logits[last_allowed + 1..].fill(ninf);
            }
        }
        // Where the timestamps together are likelier than any single text token, take a timestamp.
        let lp = log_softmax(logits);
        let ts_mass = log_sum_exp(&lp[tb..]);
        let best_text = lp[..tb].iter().copied().fold(f32::NEG_INFINITY, f32::max);
        if ts_mass > best_text {
            logits[..tb].fill(ninf);
        }
    }
}

pub fn log_softmax(x: &[f32]) -> Vec<f32> {
    let lse = log_sum_exp(x);
    x.iter().map(|v| v - lse).collect()
}

fn log_sum_exp(x: &[f32]) -> f32 {
    let m = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if m == f32::NEG_INFINITY {
        return m;
    }
    let s: f64 = x.iter().map(|v| ((v - m) as f64).exp()).sum();
    m + s.ln() as f32
}

/// splitmix64, for reproducible sampling.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    /// The state to continue from later (`Rng::new(state)` goes on with the same draws).
    pub fn state(&self) -> u64 {
        self.0
    }
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn argmax(x: &[f32]) -> u32 {
    let mut best = 0;
    for (i, v) in x.iter().enumerate() {
        if *v > x[best] {
            best = i;
        }
    }
    best as u32
}

fn sample(logits: &[f32], temperature: f32, rng: &mut Rng) -> u32 {
    let m = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let w: Vec<f64> = logits.iter().map(|v| (((v - m) / temperature) as f64).exp()).collect();
    let total: f64 = w.iter().sum();
    let mut r = rng.next_f64() * total;
    for (i, p) in w.iter().enumerate() {
        r -= p;
        if r <= 0.0 && *p > 0.0 {
            return i as u32;
        }
    }
    argmax(logits)
}

/// The prompt for a window: `<|startofprev|>` and up to 223 earlier tokens, then the start sequence.
/// Returns the prompt and the index of `<|startoftranscript|>` in it.
pub fn prompt(sp: &Specials, previous: &[u32], start: &[u32], n_text_ctx: usize) -> (Vec<u32>, usize) {
    let mut p = Vec::new();
    if !previous.is_empty() {
        let keep = n_text_ctx / 2 - 1;
        p.push(sp.sot_prev);
        p.extend_from_slice(&previous[previous.len().saturating_sub(keep)..]);
    }
    let sot_at = p.len();
    p.extend_from_slice(start);
    (p, sot_at)
}

fn softmax_at(logits: &[f32], i: usize) -> f64 {
    let lp = log_softmax(logits);
    (lp[i] as f64).exp()
}

/// Decodes one window at one temperature: beam search at 0 when `beam_size > 1`, else greedy (0) or sampling.
#[allow(clippy::too_many_arguments)]
pub fn decode_window(model: &Model, audio: &Audio, rules: &Rules, prompt: &[u32], sot_at: usize, temperature: f32, opts: &DecodeOptions, rng: &mut Rng) -> WindowResult {
    let mut cache = Cache::default();
    let out = model.decode(prompt, &mut cache, audio, &[sot_at, prompt.len() - 1]);
    let no_speech_prob = softmax_at(&out[0], rules.sp.no_speech as usize);
    let room = model.dims.n_text_ctx.saturating_sub(prompt.len()).min(opts.sample_len);
    let (tokens, sum_logprob) = if temperature == 0.0 && opts.beam_size > 1 {
        beam(model, audio, rules, cache, out[1].clone(), opts.beam_size, room)
    } else {
        let mut logits = out[1].clone();
        let (mut tokens, mut sum) = (Vec::new(), 0.0f64);
        for _ in 0..room {
            rules.apply(&mut logits, &tokens);
            let lp = log_softmax(&logits);
            let t = if temperature == 0.0 { argmax(&logits) } else { sample(&logits, temperature, rng) };
            sum += lp[t as usize] as f64;
            if t == rules.sp.eot {
                break;
            }
            tokens.push(t);
            logits = model.decode(&[t], &mut cache, audio, &[0]).remove(0);
        }
        (tokens, sum)
    };
    let avg_logprob = sum_logprob / (tokens.len() + 1) as f64;
    WindowResult { tokens, sum_logprob, avg_logprob, no_speech_prob, temperature }
}

struct Beam {
    tokens: Vec<u32>,
    score: f64,
    cache: Cache,
    logits: Vec<f32>,
}

/// Beam search (as OpenAI's decoder: each beam offers its `n + 1` best next tokens, finished sequences are
/// kept until `n` have ended, ranked by log-probability over length).
fn beam(model: &Model, audio: &Audio, rules: &Rules, cache: Cache, logits: Vec<f32>, n: usize, room: usize) -> (Vec<u32>, f64) {
    let mut beams = vec![Beam { tokens: Vec::new(), score: 0.0, cache, logits }];
    let mut finished: Vec<(Vec<u32>, f64)> = Vec::new();
    for _ in 0..room {
        let mut cands: Vec<(f64, usize, u32)> = Vec::new();
        for (i, b) in beams.iter_mut().enumerate() {
            rules.apply(&mut b.logits, &b.tokens);
            let lp = log_softmax(&b.logits);
            let mut idx: Vec<u32> = (0..lp.len() as u32).filter(|&t| lp[t as usize].is_finite()).collect();
            let k = (n + 1).min(idx.len());
            if k < idx.len() {
                idx.select_nth_unstable_by(k, |&a, &c| lp[c as usize].total_cmp(&lp[a as usize]));
                idx.truncate(k);
            }
            idx.sort_by(|&a, &c| lp[c as usize].total_cmp(&lp[a as usize]));
            for &t in &idx {
                cands.push((b.score + lp[t as usize] as f64, i, t));
            }
        }
        cands.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut next: Vec<(usize, u32, f64)> = Vec::new();
        // in order of score: ended sequences are kept until `n` have ended, and only those that rank above
        // the n-th continuing one
        for (score, i, t) in cands {
            if t == rules.sp.eot {
                if finished.len() < n {
                    finished.push((beams[i].tokens.clone(), score));
                }
            } else {
                next.push((i, t, score));
                if next.len() == n {
                    break;
                }
            }
        }
        if finished.len() >= n || next.is_empty() {
            break;
        }
        let mut grown: Vec<Beam> = next
            .iter()
            .map(|&(i, t, score)| {
                let mut tokens = beams[i].tokens.clone();
                tokens.push(t);
                Beam { tokens, score, cache: beams[i].cache.clone(), logits: Vec::new() }
            })
            .collect();
        // every beam's next step in one pass of the decoder
        let toks: Vec<[u32; 1]> = next.iter().map(|&(_, t, _)| [t]).collect();
        let mut groups: Vec<(&mut Cache, &[u32])> = grown.iter_mut().zip(&toks).map(|(b, t)| (&mut b.cache, &t[..])).collect();
        let want: Vec<usize> = (0..groups.len()).collect();
        let logits = model.decode_groups(&mut groups, audio, &want);
        for (b, l) in grown.iter_mut().zip(logits) {
            b.logits = l;
        }
        beams = grown;
    }
    if finished.is_empty() {
        finished = beams.into_iter().map(|b| (b.tokens, b.score)).collect();
    }
    finished
        .into_iter()
        .max_by(|a, b| (a.1 / a.0.len().max(1) as f64).total_cmp(&(b.1 / b.0.len().max(1) as f64)))
        .unwrap_or_default()
}

/// Bytes of `text` over its zlib-compressed size: high for repetition loops.
pub fn compression_ratio(text: &str) -> f64 {
    if text.is_empty() {
        return 0.0;
    }
    let z = miniz_oxide::deflate::compress_to_vec_zlib(text.as_bytes(), 6);
    text.len() as f64 / z.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Specials;

    fn specials() -> Specials {
        Specials { eot: 10, sot: 11, sot_prev: 12, no_speech: 13, no_timestamps: 14, transcribe: 15, translate: 16, sot_lm: 17, timestamp_begin: 18, languages: vec![], multilingual: false }
    }

    #[test]
    fn timestamps_open_first_come_in_pairs_and_never_go_back() {
        let sp = specials();
        let rules = Rules { sp: &sp, suppress: vec![], suppress_begin: vec![10], max_initial_timestamp_index: 3 };
        let n = 30;
        let allowed = |sampled: &[u32]| {
            let mut l = vec![0.0f32; n];
            l[10] = 5.0; // end-of-text likely, so the timestamp-mass rule does not hide it
            rules.apply(&mut l, sampled);
            (0..n as u32).filter(|&t| l[t as usize].is_finite()).collect::<Vec<_>>()
        };
        // first: a timestamp within the first 3 steps
        assert_eq!(allowed(&[]), vec![18, 19, 20, 21]);
        // an open pair: its end (not earlier) or end-of-text — text tokens excluded
        let a = allowed(&[20, 1, 22]);
        assert!(a.contains(&10) && a.contains(&22) && !a.contains(&1) && !a.contains(&21), "{a:?}");
        // a closed pair: text next
        let a = allowed(&[20, 1, 22, 22]);
        assert!(a.iter().all(|&t| t < 18), "{a:?}");
    }

    #[test]
    fn loops_compress_well() {
        let loop_text = "I don't know. ".repeat(20);
        assert!(compression_ratio(&loop_text) > 2.4);
        assert!(compression_ratio("I have been sleeping badly since my father died in March.") < 2.4);
    }

    #[test]
    fn prompt_keeps_the_last_223_tokens() {
        let sp = specials();
        let prev: Vec<u32> = (0..300).collect();
        let (p, at) = prompt(&sp, &prev, &[11], 448);
        assert_eq!(p[0], 12);
        assert_eq!(p.len(), 1 + 223 + 1);
        assert_eq!(at, 224);
        assert_eq!(prompt(&sp, &[], &[11], 448), (vec![11], 0));
    }
}
