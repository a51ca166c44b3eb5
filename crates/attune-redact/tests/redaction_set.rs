//! Measures what the redactor catches on `testdata/redaction_set.jsonl`: about 70 sentences written for
//! this purpose (not taken from any data set), each with its identifier spans marked by hand, including
//! sentences with no identifiers and decoys ("May I ask", "I'm 5 minutes away", "last Tuesday").
//!
//! * recall (per gold kind): a gold span counts as caught when every letter/digit of it lies inside some
//!   redacted span (of any kind) — i.e. nothing of it leaks.
//! * typed recall: caught by a span of the same kind.
//! * precision (per predicted kind): a redacted span counts as correct when it overlaps a gold span.
//!
//! Floors are asserted; the figures are printed (`cargo test -p attune-redact -- --nocapture`).
use attune_redact::{PiiKind, find_pii};
use std::collections::BTreeMap;

#[derive(serde::Deserialize)]
struct Case {
    text: String,
    pii: Vec<(PiiKind, String)>,
}

fn cases(file: &str) -> Vec<Case> {
    file.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("valid test line")).collect()
}

/// Development set: written together with the rules (in-sample).
#[test]
fn redaction_set() {
    let (recall, precision, per_kind) = measure("redaction_set", include_str!("../testdata/redaction_set.jsonl"));
    assert!(recall >= 0.9, "overall recall {recall:.3} below 0.9");
    assert!(precision >= 0.9, "overall precision {precision:.3} below 0.9");
    for (kind, gold, r) in per_kind {
        if gold >= 3 {
            assert!(r >= 0.8, "{kind:?} recall {r:.3} below 0.8");
        }
    }
}

/// Hold-out set: 50 sentences written after the rules were finished and measured once before any
/// change (README gives that first figure and what changed since). Lower floors.
#[test]
fn redaction_holdout() {
    let (recall, precision, _) = measure("redaction_holdout", include_str!("../testdata/redaction_holdout.jsonl"));
    assert!(recall >= 0.75, "overall recall {recall:.3} below 0.75");
    assert!(precision >= 0.8, "overall precision {precision:.3} below 0.8");
}

/// Blind set: 30 sentences written after all rule changes, measured once and never tuned on.
#[test]
fn redaction_blind() {
    let (recall, precision, _) = measure("redaction_blind", include_str!("../testdata/redaction_blind.jsonl"));
    assert!(recall >= 0.7, "overall recall {recall:.3} below 0.7");
    assert!(precision >= 0.8, "overall precision {precision:.3} below 0.8");
}

/// Prints the table and returns (overall recall, overall precision, [(kind, gold count, recall)]).
fn measure(name: &str, file: &str) -> (f64, f64, Vec<(PiiKind, usize, f64)>) {
    let cases = cases(file);
    assert!(cases.len() >= 30);
    // kind -> (gold, caught, typed)
    let mut rec: BTreeMap<PiiKind, (usize, usize, usize)> = BTreeMap::new();
    // kind -> (predicted, correct)
    let mut prec: BTreeMap<PiiKind, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut false_pos = Vec::new();
    for case in &cases {
        let pred = find_pii(&case.text, &[]);
        let mut gold = Vec::new();
        for (kind, span) in &case.pii {
            let s = case.text.find(span.as_str()).unwrap_or_else(|| panic!("{span:?} not in {:?}", case.text));
            gold.push((*kind, s, s + span.len()));
        }
        for &(kind, s, e) in &gold {
            let covered = case.text[s..e]
                .char_indices()
                .all(|(o, c)| !c.is_alphanumeric() || pred.iter().any(|&(_, ps, pe)| ps <= s + o && s + o < pe));
            let typed = pred.iter().any(|&(pk, ps, pe)| pk == kind && ps < e && s < pe);
            let r = rec.entry(kind).or_default();
            r.0 += 1;
            r.1 += usize::from(covered);
            r.2 += usize::from(typed);
            if !covered {
                misses.push(format!("{:?} {:?} in {:?}", kind, &case.text[s..e], case.text));
            }
        }
        for &(kind, s, e) in &pred {
            let ok = gold.iter().any(|&(_, gs, ge)| s < ge && gs < e);
            let p = prec.entry(kind).or_default();
            p.0 += 1;
            p.1 += usize::from(ok);
            if !ok {
                false_pos.push(format!("{:?} {:?} in {:?}", kind, &case.text[s..e], case.text));
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { f64::NAN } else { a as f64 / b as f64 };
    eprintln!("== {name}: {} sentences", cases.len());
    eprintln!("{:<8} {:>5} {:>7} {:>7} {:>6} {:>9}", "kind", "gold", "recall", "typed", "pred", "precision");
    let (mut g, mut c, mut p, mut pc) = (0, 0, 0, 0);
    for kind in PiiKind::ALL {
        let (gold, caught, typed) = rec.get(&kind).copied().unwrap_or_default();
        let (pred, correct) = prec.get(&kind).copied().unwrap_or_default();
        eprintln!(
            "{:<8} {:>5} {:>7.3} {:>7.3} {:>6} {:>9.3}",
            kind.as_str(),
            gold,
            ratio(caught, gold),
            ratio(typed, gold),
            pred,
            ratio(correct, pred)
        );
        g += gold;
        c += caught;
        p += pred;
        pc += correct;
    }
    eprintln!("{:<8} {:>5} {:>7.3} {:>7} {:>6} {:>9.3}", "all", g, ratio(c, g), "", p, ratio(pc, p));
    for m in &misses {
        eprintln!("MISS  {m}");
    }
    for f in &false_pos {
        eprintln!("FALSE {f}");
    }
    let per_kind = rec.iter().map(|(k, &(gold, caught, _))| (*k, gold, ratio(caught, gold))).collect();
    (ratio(c, g), ratio(pc, p), per_kind)
}

/// Every letter of `want` lies inside a redacted span of `text`.
fn covered(text: &str, want: &str) -> bool {
    let spans = attune_redact::find_pii(text, &[]);
    let s = text.find(want).expect("the expected words are in the text");
    (s..s + want.len()).all(|i| !text.as_bytes()[i].is_ascii_alphanumeric() || spans.iter().any(|&(_, a, b)| a <= i && i < b))
}

#[test]
fn names_streets_and_firms_of_other_languages() {
    // streets written name first, number after, after an address cue
    for (text, want) in [
        ("The parcel went to Kastanienallee 41 by mistake.", "Kastanienallee 41"),
        ("She still lives at Gül Sokağı 7 with her mother.", "Gül Sokağı 7"),
        ("We rented a room on Vilniaus gatvė 12 that winter.", "Vilniaus gatvė 12"),
    ] {
        assert!(covered(text, want), "{text}");
    }
    // unknown names opening a sentence before a comma or a speech verb; two unknown words before any verb
    for (text, want) in [
        ("Ngozika, I need to tell you something.", "Ngozika"),
        ("Dzhamilya said I was being dramatic.", "Dzhamilya"),
        ("Tuomo Väisänen was the one who drove.", "Tuomo Väisänen"),
    ] {
        assert!(covered(text, want), "{text}");
    }
    // particles and joiners inside names, firms and places
    for (text, want) in [
        ("I worked for Ferreira e Vasconcelos until the merger.", "Ferreira e Vasconcelos"),
        ("My landlord is van Heerden Holdings and they ignore every email.", "van Heerden Holdings"),
        ("We moved to North Kwabenya after the wedding.", "North Kwabenya"),
    ] {
        assert!(covered(text, want), "{text}");
    }
    // and not on ordinary words
    for text in ["Burnout is a real thing.", "Hmmm, I don't know.", "Chapter 3 was the hardest.", "I was at Level 5 of the car park."] {
        assert!(attune_redact::find_pii(text, &[]).is_empty(), "{text}: {:?}", attune_redact::find_pii(text, &[]));
    }
}

#[test]
fn people_by_what_they_do() {
    for (text, want) in [
        ("Ifeoluwa rang me at six this morning.", "Ifeoluwa"),
        ("Radoslava doesn't believe me.", "Radoslava"),
        ("Tamsyn's brother was there too.", "Tamsyn"),
        ("I think Wojciechowski's lying.", "Wojciechowski"),
        ("Amaury and Keoni stopped talking to me.", "Amaury"),
    ] {
        assert!(covered(text, want), "{text}: {:?}", attune_redact::find_pii(text, &[]));
    }
    // a degree is not a name, possessive or not (an unknown word before "didn't" still is taken for one:
    // "Burnout didn't help" loses "Burnout")
    let text = "I want to finish my Bachelor's this year.";
    assert!(attune_redact::find_pii(text, &[]).is_empty(), "{text}");
}
