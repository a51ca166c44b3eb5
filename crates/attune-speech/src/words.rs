//! Word timestamps from cross-attention (as OpenAI's `find_alignment`): the decoder reads the window's text
//! once more; the attention of its alignment heads over the audio, softmaxed over the window's real frames,
//! standardised per head, median-filtered (width 7) and averaged, is aligned to the tokens by dynamic time
//! warping; a word starts where its first token's path starts (50 positions a second).

use crate::model::{Audio, Model};
use crate::vocab::Vocab;

/// A word and when it was said (seconds from the start of its window, before any offset).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Word {
    pub word: String,
    pub start: f64,
    pub end: f64,
}

const POSITIONS_PER_SECOND: f64 = 50.0;
const MEDIAN_WIDTH: usize = 7;

/// Median filter along a row, reflect-padded at both ends (as torch's `reflect`).
fn median_filter(row: &[f32], width: usize) -> Vec<f32> {
    let n = row.len();
    let half = width / 2;
    if n <= half {
        return row.to_vec();
    }
    let at = |i: isize| -> f32 {
        let j = if i < 0 { -i } else if i >= n as isize { 2 * (n as isize - 1) - i } else { i };
        row[j.clamp(0, n as isize - 1) as usize]
    };
    let mut buf = vec![0.0f32; width];
    (0..n)
        .map(|i| {
            for (k, b) in buf.iter_mut().enumerate() {
                *b = at(i as isize + k as isize - half as isize);
            }
            buf.sort_by(|a, b| a.total_cmp(b));
            buf[half]
        })
        .collect()
}

/// Dynamic time warping of a cost matrix (n × m): the monotone path from (0, 0) to (n−1, m−1) of least
/// total cost, as (row, column) pairs.
pub fn dtw(cost: &[f32], n: usize, m: usize) -> Vec<(usize, usize)> {
    let w = m + 1;
    let mut acc = vec![f32::INFINITY; (n + 1) * w];
    let mut trace = vec![0u8; (n + 1) * w];
    acc[0] = 0.0;
    for j in 1..=m {
        for i in 1..=n {
            let (c0, c1, c2) = (acc[(i - 1) * w + j - 1], acc[(i - 1) * w + j], acc[i * w + j - 1]);
            let (c, t) = if c0 < c1 && c0 < c2 {
                (c0, 0)
            } else if c1 < c0 && c1 < c2 {
                (c1, 1)
            } else {
                (c2, 2)
            };
            acc[i * w + j] = cost[(i - 1) * m + j - 1] + c;
            trace[i * w + j] = t;
        }
    }
    let (mut i, mut j) = (n, m);
    let mut path = Vec::new();
    while i > 0 || j > 0 {
        path.push((i.saturating_sub(1), j.saturating_sub(1)));
        let t = if i == 0 { 2 } else if j == 0 { 1 } else { trace[i * w + j] };
        match t {
            0 => {
                i -= 1;
                j -= 1;
            }
            1 => i -= 1,
            _ => j -= 1,
        }
    }
    path.reverse();
    path
}

/// Splits text tokens into words: a word starts at a token that begins with a space or is punctuation
/// (punctuation is its own word until [`merge_punctuation`]); tokens that are only part of a character join
/// the next.
pub fn split_words(vocab: &Vocab, tokens: &[u32]) -> Vec<(String, Vec<u32>)> {
    let mut pieces: Vec<(String, Vec<u32>)> = Vec::new();
    let mut pending: Vec<u32> = Vec::new();
    for &t in tokens {
        pending.push(t);
        let text = vocab.decode(&pending);
        if !text.contains('\u{FFFD}') {
            pieces.push((text, std::mem::take(&mut pending)));
        }
    }
    if !pending.is_empty() {
        pieces.push((vocab.decode(&pending), pending));
    }
    let mut words: Vec<(String, Vec<u32>)> = Vec::new();
    for (text, toks) in pieces {
        let punct = !text.trim().is_empty() && text.trim().chars().all(|c| c.is_ascii_punctuation());
        if words.is_empty() || text.starts_with(' ') || punct {
            words.push((text, toks));
        } else if let Some(last) = words.last_mut() {
            last.0.push_str(&text);
            last.1.extend(toks);
        }
    }
    words
}

/// Times of the words of `text_tokens` (the window's text, timestamps removed) in a window whose audio is
/// `frames` mel frames long, each with its number of tokens, and the median word length (punctuation
/// counted as words, as OpenAI does). `start_seq` is the window's start sequence; `heads` the alignment heads.
pub fn align(model: &Model, vocab: &Vocab, audio: &Audio, start_seq: &[u32], text_tokens: &[u32], frames: usize, heads: &[(usize, usize)]) -> (Vec<(Word, usize)>, f64) {
    let sp = &vocab.specials;
    if text_tokens.is_empty() || heads.is_empty() {
        return (Vec::new(), 0.0);
    }
    let mut seq: Vec<u32> = start_seq.to_vec();
    seq.push(sp.no_timestamps);
    seq.extend_from_slice(text_tokens);
    seq.push(sp.eot);
    let n_ctx = model.dims.n_audio_ctx;
    let cols = (frames / 2).clamp(1, n_ctx);
    let t = seq.len();
    let scores = model.cross_attention(&seq, audio, heads);
    // rows start_seq.len() .. t−1: <|notimestamps|> and the text tokens
    let r0 = start_seq.len();
    let rows = t - 1 - r0;
    let mut matrix = vec![0.0f32; rows * cols];
    for s in &scores {
        // softmax over the real frames, per token
        let mut w = vec![0.0f32; t * cols];
        for i in 0..t {
            let row = &s[i * n_ctx..i * n_ctx + cols];
            let m = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let e: Vec<f32> = row.iter().map(|v| (v - m).exp()).collect();
            let sum: f32 = e.iter().sum();
            for (o, v) in w[i * cols..(i + 1) * cols].iter_mut().zip(&e) {
                *o = v / sum;
            }
        }
        // standardise each frame's column over the tokens
        for j in 0..cols {
            let mean = (0..t).map(|i| w[i * cols + j] as f64).sum::<f64>() / t as f64;
            let var = (0..t).map(|i| (w[i * cols + j] as f64 - mean).powi(2)).sum::<f64>() / t as f64;
            let sd = var.sqrt().max(1e-12);
            for i in 0..t {
                w[i * cols + j] = ((w[i * cols + j] as f64 - mean) / sd) as f32;
            }
        }
        for (k, i) in (r0..t - 1).enumerate() {
            let f = median_filter(&w[i * cols..(i + 1) * cols], MEDIAN_WIDTH);
            for (o, v) in matrix[k * cols..(k + 1) * cols].iter_mut().zip(f) {
                *o += v / scores.len() as f32;
            }
        }
    }
    let cost: Vec<f32> = matrix.iter().map(|v| -v).collect();
    let path = dtw(&cost, rows, cols);
    // time of each row's first step on the path ("jumps")
    let mut first_time = vec![None; rows + 1];
    let mut prev = usize::MAX;
    for &(i, j) in &path {
        if i != prev {
            first_time[i] = Some(j as f64 / POSITIONS_PER_SECOND);
            prev = i;
        }
    }
    let end_time = cols as f64 / POSITIONS_PER_SECOND;
    let time_of = |i: usize| first_time.get(i).copied().flatten().unwrap_or(end_time);
    let words = split_words(vocab, text_tokens);
    let mut out: Vec<(Word, usize)> = Vec::with_capacity(words.len());
    // Row k is the position that predicts text token k (row 0: <|notimestamps|>), so a word that starts at
    // text token k starts where row k's path starts, and ends where the next word's does.
    let mut k = 0;
    for (text, toks) in words {
        let start = time_of(k);
        k += toks.len();
        let end = time_of(k.min(rows - 1));
        out.push((Word { word: text, start, end: end.max(start) }, toks.len()));
    }
    let median = median_duration(&out);
    truncate_long_words(&mut out);
    (merge_punctuation(out), median)
}

/// Punctuation joins the word before it (which keeps its own times, as OpenAI's merge does).
fn merge_punctuation(words: Vec<(Word, usize)>) -> Vec<(Word, usize)> {
    let mut merged: Vec<(Word, usize)> = Vec::with_capacity(words.len());
    for (w, n) in words {
        let trailing = !w.word.starts_with(' ') && !w.word.is_empty() && w.word.chars().all(|c| ".,!?:;)\"'。！？、".contains(c));
        match merged.last_mut() {
            Some(last) if trailing => {
                last.0.word.push_str(&w.word);
                last.1 += n;
            }
            _ => merged.push((w, n)),
        }
    }
    merged
}

/// The median word length (at most 0.7 s) of a window's words.
fn median_duration(words: &[(Word, usize)]) -> f64 {
    let mut d: Vec<f64> = words.iter().map(|w| w.0.end - w.0.start).filter(|d| *d > 0.0).collect();
    if d.is_empty() {
        return 0.0;
    }
    d.sort_by(|a, b| a.total_cmp(b));
    let m = d.len() / 2;
    let med = if d.len() % 2 == 1 { d[m] } else { (d[m - 1] + d[m]) / 2.0 };
    med.min(0.7)
}

/// OpenAI's correction of the path's habit of stretching the word at a sentence end over the pause after
/// it: a word longer than twice the median that ends a sentence is cut short, and one that starts a
/// sentence starts later.
fn truncate_long_words(words: &mut [(Word, usize)]) {
    let max = 2.0 * median_duration(words);
    if max <= 0.0 {
        return;
    }
    let ends_sentence = |w: &str| matches!(w.trim(), "." | "!" | "?" | "。" | "！" | "？");
    for i in 1..words.len() {
        if words[i].0.end - words[i].0.start > max {
            if ends_sentence(&words[i].0.word) {
                words[i].0.end = words[i].0.start + max;
            } else if ends_sentence(&words[i - 1].0.word) {
                words[i].0.start = words[i].0.end - max;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtw_follows_the_cheap_diagonal() {
        // 3 tokens over 6 frames, token i cheap at frames 2i, 2i+1
        let (n, m) = (3, 6);
        let cost: Vec<f32> = (0..n * m).map(|k| if (k % m) / 2 == k / m { 0.0 } else { 1.0 }).collect();
        let p = dtw(&cost, n, m);
        assert_eq!(p.first(), Some(&(0, 0)));
        assert_eq!(p.last(), Some(&(2, 5)));
        let starts: Vec<usize> = (0..n).map(|i| p.iter().find(|q| q.0 == i).unwrap().1).collect();
        assert_eq!(starts, vec![0, 2, 4]);
    }

    #[test]
    fn median_filter_removes_spikes() {
        let x = [0.0, 0.0, 0.0, 9.0, 0.0, 0.0, 0.0, 0.0];
        assert!(median_filter(&x, 7).iter().all(|v| *v == 0.0));
        assert_eq!(median_filter(&[1.0, 2.0], 7), vec![1.0, 2.0]);
    }
}
