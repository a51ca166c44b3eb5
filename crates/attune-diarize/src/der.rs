//! Diarization error rate, as NIST's md-eval scores it: missed speech, false alarm and speaker confusion over
//! the reference's speech time, on a 10 ms grid, with a no-score collar around every reference boundary and
//! the best one-to-one mapping of hypothesis speakers to reference speakers. Regions where the reference has
//! two speakers at once are scored like any other (each speaker counts).

/// A speaker turn: start and end in seconds, and who.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    pub start: f64,
    pub end: f64,
    pub speaker: String,
}

/// The parts of a diarization error rate, in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Der {
    pub scored: f64,
    pub missed: f64,
    pub false_alarm: f64,
    pub confusion: f64,
}

impl Der {
    pub fn rate(&self) -> f64 {
        if self.scored > 0.0 { (self.missed + self.false_alarm + self.confusion) / self.scored } else { 0.0 }
    }
}

const STEP: f64 = 0.01;

fn speakers(turns: &[Turn]) -> Vec<String> {
    let mut s: Vec<String> = turns.iter().map(|t| t.speaker.clone()).collect();
    s.sort();
    s.dedup();
    s
}

/// For each 10 ms frame, which speakers (by index) are active.
fn grid(turns: &[Turn], names: &[String], frames: usize) -> Vec<Vec<usize>> {
    let mut g = vec![Vec::new(); frames];
    for t in turns {
        let k = names.iter().position(|n| *n == t.speaker).unwrap_or(0);
        let (a, b) = (((t.start / STEP).round().max(0.0)) as usize, ((t.end / STEP).round().max(0.0) as usize).min(frames));
        for f in g.iter_mut().take(b).skip(a) {
            if !f.contains(&k) {
                f.push(k);
            }
        }
    }
    g
}

/// All one-to-one maps of `h` hypothesis speakers onto `r` reference speakers (None: unmapped), best by
/// total overlap; exhaustive for the handful of speakers a session has, greedy beyond 8.
fn best_map(overlap: &[Vec<f64>], h: usize, r: usize) -> Vec<Option<usize>> {
    if h == 0 {
        return Vec::new();
    }
    if h > 8 || r > 8 {
        let mut map = vec![None; h];
        let mut used = vec![false; r];
        let mut pairs: Vec<(usize, usize, f64)> = (0..h).flat_map(|i| (0..r).map(move |j| (i, j, 0.0))).map(|(i, j, _)| (i, j, overlap[i][j])).collect();
        pairs.sort_by(|a, b| b.2.total_cmp(&a.2));
        for (i, j, _) in pairs {
            if map[i].is_none() && !used[j] {
                map[i] = Some(j);
                used[j] = true;
            }
        }
        return map;
    }
    // exhaustive search over the maps, one hypothesis speaker at a time
    struct Search<'a> {
        overlap: &'a [Vec<f64>],
        used: Vec<bool>,
        cur: Vec<Option<usize>>,
        best: (f64, Vec<Option<usize>>),
    }
    impl Search<'_> {
        fn go(&mut self, i: usize, acc: f64) {
            if i == self.cur.len() {
                if acc > self.best.0 {
                    self.best = (acc, self.cur.clone());
                }
                return;
            }
            self.cur[i] = None;
            self.go(i + 1, acc);
            for j in 0..self.used.len() {
                if !self.used[j] {
                    self.used[j] = true;
                    self.cur[i] = Some(j);
                    self.go(i + 1, acc + self.overlap[i][j]);
                    self.used[j] = false;
                }
            }
            self.cur[i] = None;
        }
    }
    let mut s = Search { overlap, used: vec![false; r], cur: vec![None; h], best: (f64::NEG_INFINITY, vec![None; h]) };
    s.go(0, 0.0);
    s.best.1
}

/// The error of `hyp` against `reference`, not scoring `collar` seconds either side of each reference
/// boundary (0.25 is the usual choice).
pub fn der(reference: &[Turn], hyp: &[Turn], collar: f64) -> Der {
    let end = reference.iter().chain(hyp).map(|t| t.end).fold(0.0, f64::max);
    let frames = (end / STEP).ceil() as usize + 1;
    let (rn, hn) = (speakers(reference), speakers(hyp));
    let (rg, hg) = (grid(reference, &rn, frames), grid(hyp, &hn, frames));
    let mut scored = vec![true; frames];
    let c = (collar / STEP).round() as isize;
    for t in reference {
        for b in [t.start, t.end] {
            let f = (b / STEP).round() as isize;
            for k in (f - c).max(0)..(f + c).min(frames as isize) {
                scored[k as usize] = false;
            }
        }
    }
    let mut overlap = vec![vec![0.0; rn.len()]; hn.len()];
    for f in 0..frames {
        if scored[f] {
            for &h in &hg[f] {
                for &r in &rg[f] {
                    overlap[h][r] += STEP;
                }
            }
        }
    }
    let map = best_map(&overlap, hn.len(), rn.len());
    let mut d = Der { scored: 0.0, missed: 0.0, false_alarm: 0.0, confusion: 0.0 };
    for f in 0..frames {
        if !scored[f] {
            continue;
        }
        let (nr, nh) = (rg[f].len() as f64, hg[f].len() as f64);
        let correct = hg[f].iter().filter(|&&h| map[h].is_some_and(|r| rg[f].contains(&r))).count() as f64;
        d.scored += nr * STEP;
        d.missed += (nr - nh).max(0.0) * STEP;
        d.false_alarm += (nh - nr).max(0.0) * STEP;
        d.confusion += (nr.min(nh) - correct) * STEP;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(a: f64, b: f64, s: &str) -> Turn {
        Turn { start: a, end: b, speaker: s.into() }
    }

    #[test]
    fn perfect_renamed_missed_and_confused() {
        let r = vec![t(0.0, 10.0, "A"), t(10.0, 20.0, "B")];
        assert!(der(&r, &[t(0.0, 10.0, "x"), t(10.0, 20.0, "y")], 0.0).rate() < 1e-9);
        // half of B missed
        let d = der(&r, &[t(0.0, 10.0, "x"), t(10.0, 15.0, "y")], 0.0);
        assert!((d.rate() - 0.25).abs() < 1e-6, "{d:?}");
        // all one speaker: B's 10 s confused
        let d = der(&r, &[t(0.0, 20.0, "x")], 0.0);
        assert!((d.confusion - 10.0).abs() < 0.02 && (d.rate() - 0.5).abs() < 0.002, "{d:?}");
        // speech where there is none
        let d = der(&r, &[t(0.0, 10.0, "x"), t(10.0, 20.0, "y"), t(20.0, 25.0, "y")], 0.0);
        assert!((d.false_alarm - 5.0).abs() < 0.02, "{d:?}");
        // the collar forgives a boundary off by 0.2 s
        assert!(der(&r, &[t(0.0, 10.2, "x"), t(10.2, 20.0, "y")], 0.25).rate() < 1e-9);
    }
}
