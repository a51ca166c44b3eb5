//! `redact`: how much of each kind of identifier the redaction takes out, and how much else it touches.
//!
//! The set is JSON Lines `{"id", "split", "text", "spans": [{"start", "end", "label"}]}` (byte offsets; see
//! eval/redact/README.md). A gold span counts as caught when every letter and digit of it lies inside some
//! redacted span, of any kind (what matters for privacy is that nothing of it is left); a redacted span is
//! correct when it overlaps a gold span. Intervals: percentile bootstrap over sentences.

use crate::metrics::{bootstrap, ClassStats, TaskResult};
use attune_redact::tagger::Tagger;
use attune_redact::{find_pii, find_pii_with, PiiKind};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
pub struct GoldSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Item {
    pub id: String,
    #[serde(default)]
    pub split: Option<String>,
    pub text: String,
    #[serde(default)]
    pub spans: Vec<GoldSpan>,
}

/// Direct identifiers (the issue's first recall target); organisations and places are the second.
pub const DIRECT: &[&str] = &["person", "address", "phone", "email", "id", "date", "age", "postcode", "ip", "url"];
pub const ORG_PLACE: &[&str] = &["org", "place"];

/// Reads the set; `split` keeps only those lines. Errors name the line.
pub fn parse(text: &str, split: Option<&str>) -> Result<Vec<Item>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let it: Item = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", i + 1))?;
        for s in &it.spans {
            if s.start >= s.end || s.end > it.text.len() || !it.text.is_char_boundary(s.start) || !it.text.is_char_boundary(s.end) {
                return Err(format!("line {}: span {}..{} is not a range of the text's bytes", i + 1, s.start, s.end));
            }
        }
        if split.is_none_or(|sp| it.split.as_deref() == Some(sp)) {
            out.push(it);
        }
    }
    Ok(out)
}

/// Another tool's spans for the items, by id (labels it does not share with attune count as `id`).
pub fn parse_predictions(text: &str, items: &[Item]) -> Result<Vec<Vec<(PiiKind, usize, usize)>>, String> {
    #[derive(Deserialize)]
    struct Pred {
        id: String,
        #[serde(default)]
        spans: Vec<GoldSpan>,
    }
    let mut by_id: std::collections::HashMap<String, Vec<(PiiKind, usize, usize)>> = std::collections::HashMap::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let p: Pred = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", i + 1))?;
        by_id.insert(p.id, p.spans.into_iter().map(|s| (PiiKind::parse(&s.label).unwrap_or(PiiKind::Id), s.start, s.end)).collect());
    }
    items
        .iter()
        .map(|it| {
            let v = by_id.get(&it.id).cloned().ok_or_else(|| format!("no prediction for id {}", it.id))?;
            if let Some(s) = v.iter().find(|s| s.1 > s.2 || s.2 > it.text.len()) {
                return Err(format!("id {}: span {}..{} is outside the text", it.id, s.1, s.2));
            }
            Ok(v)
        })
        .collect()
}

/// Per sentence: for each gold span (label, caught), the predicted spans (kind, correct), and whether an
/// identifier-free sentence was changed.
struct Scored {
    gold: Vec<(String, bool)>,
    pred: Vec<(PiiKind, bool)>,
    false_alarm: Option<bool>,
}

fn score(it: &Item, pred: &[(PiiKind, usize, usize)]) -> Scored {
    let inside = |i: usize| pred.iter().any(|&(_, s, e)| s <= i && i < e);
    let gold = it
        .spans
        .iter()
        .map(|g| {
            let caught = it.text[g.start..g.end].char_indices().filter(|(_, c)| c.is_alphanumeric()).all(|(k, _)| inside(g.start + k));
            (g.label.clone(), caught)
        })
        .collect();
    let pred_ok = pred.iter().map(|&(k, s, e)| (k, it.spans.iter().any(|g| s < g.end && g.start < e))).collect();
    Scored { gold, pred: pred_ok, false_alarm: it.spans.is_empty().then(|| !pred.is_empty()) }
}

fn recall_over(scored: &[Scored], idx: &[usize], labels: &[&str]) -> f64 {
    let (mut n, mut k) = (0usize, 0usize);
    for &i in idx {
        for (l, c) in &scored[i].gold {
            if labels.contains(&l.as_str()) {
                n += 1;
                k += usize::from(*c);
            }
        }
    }
    if n == 0 { f64::NAN } else { k as f64 / n as f64 }
}

fn precision_over(scored: &[Scored], idx: &[usize]) -> f64 {
    let (mut n, mut k) = (0usize, 0usize);
    for &i in idx {
        for (_, ok) in &scored[i].pred {
            n += 1;
            k += usize::from(*ok);
        }
    }
    if n == 0 { f64::NAN } else { k as f64 / n as f64 }
}

fn false_alarm_over(scored: &[Scored], idx: &[usize]) -> f64 {
    let v: Vec<bool> = idx.iter().filter_map(|&i| scored[i].false_alarm).collect();
    if v.is_empty() { f64::NAN } else { v.iter().filter(|&&x| x).count() as f64 / v.len() as f64 }
}

/// Runs attune's redaction over the set and reports recall (direct identifiers; organisations and places;
/// per label), precision, and the share of identifier-free sentences changed. Also returns the misses, for
/// error analysis: (id, label, the gold text, the sentence).
pub fn evaluate(items: &[Item]) -> (Vec<TaskResult>, Vec<(String, String, String, String)>) {
    let preds: Vec<Vec<(PiiKind, usize, usize)>> = items.iter().map(|it| find_pii(&it.text, &[])).collect();
    evaluate_predictions(items, &preds)
}

/// As [`evaluate`], for predictions made elsewhere (another tool's, for a side-by-side).
pub fn evaluate_predictions(items: &[Item], preds: &[Vec<(PiiKind, usize, usize)>]) -> (Vec<TaskResult>, Vec<(String, String, String, String)>) {
    let scored: Vec<Scored> = items.iter().zip(preds).map(|(it, p)| score(it, p)).collect();
    let all: Vec<usize> = (0..scored.len()).collect();
    let n = scored.len();
    let mut labels: Vec<String> = scored.iter().flat_map(|s| s.gold.iter().map(|g| g.0.clone())).collect();
    labels.sort();
    labels.dedup();
    let mut per_class = BTreeMap::new();
    for l in &labels {
        let support = scored.iter().flat_map(|s| &s.gold).filter(|g| &g.0 == l).count();
        let r = recall_over(&scored, &all, &[l.as_str()]);
        per_class.insert(l.clone(), ClassStats { precision: f64::NAN, recall: r, f1: f64::NAN, support });
    }
    let count = |labels: &[&str]| scored.iter().flat_map(|s| &s.gold).filter(|g| labels.contains(&g.0.as_str())).count();
    let result = |metric: &str, value: f64, ci95: [f64; 2], n_items: usize, notes: Vec<String>| TaskResult {
        task: "redact".into(),
        metric: metric.into(),
        value,
        ci95,
        n: n_items,
        per_class: BTreeMap::new(),
        confusion: None,
        groups: n,
        notes,
    };
    let mut direct = result(
        "recall, direct identifiers",
        recall_over(&scored, &all, DIRECT),
        bootstrap(n, |idx| recall_over(&scored, idx, DIRECT)),
        count(DIRECT),
        vec!["caught = every letter and digit of the gold span redacted (by a span of any kind); target ≥ 0.95".into()],
    );
    direct.per_class = per_class.iter().filter(|(l, _)| DIRECT.contains(&l.as_str())).map(|(l, c)| (l.clone(), c.clone())).collect();
    let mut orgplace = result(
        "recall, organisations and places",
        recall_over(&scored, &all, ORG_PLACE),
        bootstrap(n, |idx| recall_over(&scored, idx, ORG_PLACE)),
        count(ORG_PLACE),
        vec!["target ≥ 0.85".into()],
    );
    orgplace.per_class = per_class.iter().filter(|(l, _)| ORG_PLACE.contains(&l.as_str())).map(|(l, c)| (l.clone(), c.clone())).collect();
    let n_pred: usize = scored.iter().map(|s| s.pred.len()).sum();
    let precision = result(
        "precision (redacted spans overlapping a gold span)",
        precision_over(&scored, &all),
        bootstrap(n, |idx| precision_over(&scored, idx)),
        n_pred,
        vec![],
    );
    let free = scored.iter().filter(|s| s.false_alarm.is_some()).count();
    let fa = result(
        "identifier-free sentences changed",
        false_alarm_over(&scored, &all),
        bootstrap(n, |idx| false_alarm_over(&scored, idx)),
        free,
        vec!["target ≤ 0.02".into()],
    );
    let mut misses = Vec::new();
    for (k, (it, s)) in items.iter().zip(&scored).enumerate() {
        for (g, (label, caught)) in it.spans.iter().zip(&s.gold) {
            if !caught {
                misses.push((it.id.clone(), label.clone(), it.text[g.start..g.end].to_string(), it.text.clone()));
            }
        }
        if s.false_alarm == Some(true) {
            for &(kind, a, b) in &preds[k] {
                misses.push((it.id.clone(), format!("false alarm ({})", kind.as_str()), it.text[a..b].to_string(), it.text.clone()));
            }
        }
    }
    (vec![direct, orgplace, precision, fa], misses)
}

/// Trains the redaction tagger on `train` and picks the number of passes on `dev`: the most gold spans caught
/// (all kinds) with precision and identifier-free sentences changed no worse than the rules' alone by more than
/// one point. Returns the tagger and a line per candidate for the log.
pub fn train_tagger(train: &[Item], dev: &[Item]) -> (Tagger, Vec<String>) {
    let examples: Vec<(String, Vec<(usize, usize, String)>)> =
        train.iter().map(|it| (it.text.clone(), it.spans.iter().map(|s| (s.start, s.end, s.label.clone())).collect())).collect();
    let measure = |t: Option<&Tagger>| {
        let preds: Vec<_> = dev.iter().map(|it| find_pii_with(&it.text, t)).collect();
        let scored: Vec<Scored> = dev.iter().zip(&preds).map(|(it, p)| score(it, p)).collect();
        let all: Vec<usize> = (0..scored.len()).collect();
        let caught = scored.iter().flat_map(|s| &s.gold).filter(|g| g.1).count();
        (caught, precision_over(&scored, &all), false_alarm_over(&scored, &all))
    };
    let (c0, p0, f0) = measure(None);
    let mut log = vec![format!("rules alone: {c0} caught, precision {p0:.4}, identifier-free changed {f0:.4}")];
    let mut best: Option<(usize, Tagger)> = None;
    for epochs in [2, 4, 6, 8, 12] {
        let t = Tagger::train(&examples, epochs, 20261201);
        let (c, p, f) = measure(Some(&t));
        let ok = p >= p0 - 0.01 && f <= f0 + 0.01;
        log.push(format!("{epochs} passes: {c} caught, precision {p:.4}, identifier-free changed {f:.4}{}", if ok { "" } else { " (rejected)" }));
        if ok && best.as_ref().is_none_or(|(bc, _)| c > *bc) {
            best = Some((c, t));
        }
    }
    match best {
        Some((_, t)) => (t, log),
        None => {
            log.push("no tagger kept the precision: shipping an empty one (rules alone)".into());
            (Tagger::default(), log)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scoring_counts_leaks_and_false_alarms() {
        let set = r#"{"id":"a","split":"dev","text":"Call Maria on 020 7946 0958.","spans":[{"start":5,"end":10,"label":"person"},{"start":14,"end":27,"label":"phone"}]}
{"id":"b","split":"dev","text":"I hope it gets better.","spans":[]}
{"id":"c","split":"train","text":"x","spans":[]}"#;
        let items = parse(set, Some("dev")).unwrap();
        assert_eq!(items.len(), 2);
        // The phone caught, the name only in part (a leak), a false alarm on the clean sentence.
        let preds = vec![vec![(PiiKind::Name, 5, 8), (PiiKind::Phone, 14, 27)], vec![(PiiKind::Name, 2, 6)]];
        let (r, misses) = evaluate_predictions(&items, &preds);
        assert_eq!(r[0].value, 0.5);
        assert_eq!(r[0].per_class["person"].recall, 0.0);
        assert_eq!(r[3].value, 1.0);
        assert!(misses.iter().any(|m| m.1 == "person" && m.2 == "Maria"));
        assert!(parse(r#"{"id":"x","text":"ab","spans":[{"start":1,"end":5,"label":"person"}]}"#, None).is_err());
    }
}
