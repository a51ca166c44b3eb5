//! Speaker clustering of window embeddings: average-linkage agglomeration on cosine similarity over at most
//! [`MAX_POINTS`] windows (evenly sampled from a long recording, so memory and time stay bounded), then every
//! window goes to its nearest centroid and the centroids are refined (spherical k-means) over all windows.

/// Windows clustered by agglomeration; the rest are assigned to the centroids it finds.
pub const MAX_POINTS: usize = 600;

/// Cosine similarity of unit vectors.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn normalize(v: &mut [f32]) {
    let n = dot(v, v).sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// How many speakers, and when to stop merging when the number is not given.
#[derive(Debug, Clone, Copy)]
pub struct ClusterOptions {
    /// The number of speakers, when known.
    pub speakers: Option<usize>,
    /// With no number given: clusters stop merging when the most similar pair is less similar than this.
    pub threshold: f32,
    pub max_speakers: usize,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions { speakers: None, threshold: 0.5, max_speakers: 8 }
    }
}

/// A speaker label per embedding (0, 1, … in order of first appearance). Embeddings need not be unit length.
pub fn cluster(embeddings: &[Vec<f32>], o: &ClusterOptions) -> Vec<usize> {
    let n = embeddings.len();
    if n == 0 {
        return Vec::new();
    }
    let unit: Vec<Vec<f32>> = embeddings
        .iter()
        .map(|e| {
            let mut v = e.clone();
            normalize(&mut v);
            v
        })
        .collect();
    // agglomerate a bounded, evenly spread sample
    let step = n.div_ceil(MAX_POINTS).max(1);
    let sample: Vec<usize> = (0..n).step_by(step).collect();
    let groups = agglomerate(&sample.iter().map(|&i| unit[i].as_slice()).collect::<Vec<_>>(), o);
    let mut centroids: Vec<Vec<f32>> = groups
        .iter()
        .map(|g| {
            let mut c = vec![0f32; unit[0].len()];
            for &i in g {
                c.iter_mut().zip(&unit[sample[i]]).for_each(|(a, b)| *a += b);
            }
            normalize(&mut c);
            c
        })
        .collect();
    // every window to its nearest centroid, then a few rounds of refinement
    let mut labels = vec![0usize; n];
    for _ in 0..5 {
        let mut changed = false;
        for (l, u) in labels.iter_mut().zip(&unit) {
            let best = centroids.iter().enumerate().map(|(k, c)| (k, dot(c, u))).max_by(|a, b| a.1.total_cmp(&b.1)).map_or(0, |p| p.0);
            changed |= *l != best;
            *l = best;
        }
        for (k, c) in centroids.iter_mut().enumerate() {
            let mut s = vec![0f32; c.len()];
            let mut any = false;
            for (l, u) in labels.iter().zip(&unit) {
                if *l == k {
                    s.iter_mut().zip(u).for_each(|(a, b)| *a += b);
                    any = true;
                }
            }
            if any {
                normalize(&mut s);
                *c = s;
            }
        }
        if !changed {
            break;
        }
    }
    relabel(&labels)
}

/// Labels renumbered in order of first appearance.
fn relabel(labels: &[usize]) -> Vec<usize> {
    let mut map: Vec<(usize, usize)> = Vec::new();
    labels
        .iter()
        .map(|l| match map.iter().find(|m| m.0 == *l) {
            Some(m) => m.1,
            None => {
                map.push((*l, map.len()));
                map.len() - 1
            }
        })
        .collect()
}

/// Average-linkage agglomeration: the members (indices into `x`) of each final cluster.
fn agglomerate(x: &[&[f32]], o: &ClusterOptions) -> Vec<Vec<usize>> {
    let n = x.len();
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut alive: Vec<bool> = vec![true; n];
    // similarity between clusters (average over member pairs), kept for live clusters
    let mut sim = vec![0f32; n * n];
    for i in 0..n {
        for j in i + 1..n {
            let s = dot(x[i], x[j]);
            sim[i * n + j] = s;
            sim[j * n + i] = s;
        }
    }
    let target = o.speakers.map(|k| k.clamp(1, n));
    let mut count = n;
    loop {
        if let Some(k) = target
            && count <= k
        {
            break;
        }
        if count <= 1 {
            break;
        }
        let mut best = (0, 0, f32::NEG_INFINITY);
        for i in 0..n {
            if !alive[i] {
                continue;
            }
            for j in i + 1..n {
                if alive[j] && sim[i * n + j] > best.2 {
                    best = (i, j, sim[i * n + j]);
                }
            }
        }
        let (a, b, s) = best;
        if target.is_none() && (s < o.threshold && count <= o.max_speakers) {
            break;
        }
        // Lance–Williams update for average linkage
        let (na, nb) = (members[a].len() as f32, members[b].len() as f32);
        for k in 0..n {
            if alive[k] && k != a && k != b {
                let v = (na * sim[a * n + k] + nb * sim[b * n + k]) / (na + nb);
                sim[a * n + k] = v;
                sim[k * n + a] = v;
            }
        }
        let moved = std::mem::take(&mut members[b]);
        members[a].extend(moved);
        alive[b] = false;
        count -= 1;
    }
    let mut out: Vec<Vec<usize>> = members.into_iter().zip(alive).filter(|(_, a)| *a).map(|(m, _)| m).collect();
    // clusters of one or two windows with no number given are stray windows, not speakers: fold them into the
    // nearest large cluster (when there is one)
    if target.is_none() && out.iter().any(|m| m.len() >= 3) {
        let (small, mut big): (Vec<_>, Vec<_>) = out.into_iter().partition(|m| m.len() < 3);
        for m in small {
            for i in m {
                let k = (0..big.len())
                    .max_by(|&p, &q| {
                        let sp = big[p].iter().map(|&j| dot(x[i], x[j])).sum::<f32>() / big[p].len() as f32;
                        let sq = big[q].iter().map(|&j| dot(x[i], x[j])).sum::<f32>() / big[q].len() as f32;
                        sp.total_cmp(&sq)
                    })
                    .unwrap_or(0);
                big[k].push(i);
            }
        }
        out = big;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn around(c: &[f32], k: usize, jitter: f32) -> Vec<f32> {
        c.iter().enumerate().map(|(i, v)| v + jitter * (((i * 7 + k * 13) % 11) as f32 / 11.0 - 0.5)).collect()
    }

    #[test]
    fn two_speakers_found_with_and_without_the_number() {
        let a: Vec<f32> = (0..16).map(|i| if i < 8 { 1.0 } else { 0.0 }).collect();
        let b: Vec<f32> = (0..16).map(|i| if i >= 8 { 1.0 } else { 0.1 }).collect();
        let e: Vec<Vec<f32>> = (0..40).map(|k| if (k / 5) % 2 == 0 { around(&a, k, 0.3) } else { around(&b, k, 0.3) }).collect();
        let want: Vec<usize> = (0..40).map(|k| (k / 5) % 2).collect();
        assert_eq!(cluster(&e, &ClusterOptions { speakers: Some(2), ..Default::default() }), want);
        assert_eq!(cluster(&e, &ClusterOptions::default()), want);
        // one speaker, no number given: one label
        let one: Vec<Vec<f32>> = (0..20).map(|k| around(&a, k, 0.3)).collect();
        assert!(cluster(&one, &ClusterOptions::default()).iter().all(|l| *l == 0));
    }

    #[test]
    fn long_inputs_are_sampled_not_squared() {
        let a: Vec<f32> = (0..8).map(|i| (i as f32).sin()).collect();
        let b: Vec<f32> = (0..8).map(|i| (i as f32).cos()).collect();
        let e: Vec<Vec<f32>> = (0..5000).map(|k| if k % 100 < 50 { around(&a, k, 0.1) } else { around(&b, k, 0.1) }).collect();
        let l = cluster(&e, &ClusterOptions { speakers: Some(2), ..Default::default() });
        let errors = l.iter().enumerate().filter(|(k, v)| **v != usize::from(k % 100 >= 50)).count();
        assert_eq!(errors, 0);
    }

    #[test]
    fn degenerate_inputs() {
        assert!(cluster(&[], &ClusterOptions::default()).is_empty());
        assert_eq!(cluster(&[vec![0.0; 4]], &ClusterOptions { speakers: Some(3), ..Default::default() }), vec![0]);
    }
}
