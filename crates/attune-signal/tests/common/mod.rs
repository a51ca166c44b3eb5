#![allow(dead_code)]
// Tests read the reference data from disk; the no-file-system rule is for the library.
#![allow(clippy::disallowed_methods)]
use std::path::PathBuf;

pub fn reference() -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference");
    assert!(
        p.join("README.md").exists(),
        "reference data not found at {} — parity tests need /work/shared/reference (do not skip)",
        p.display()
    );
    p
}

pub fn read(rel: &str) -> String {
    let p = reference().join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// CSV with header: (header, rows of raw string fields)
pub fn csv(rel: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let t = read(rel);
    let mut lines = t.lines();
    let h = lines.next().unwrap().split(',').map(|s| s.trim_matches('"').to_string()).collect();
    let rows = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').map(|s| s.trim_matches('"').to_string()).collect())
        .collect();
    (h, rows)
}

pub fn num(s: &str) -> f64 {
    if s == "NA" || s.is_empty() { f64::NAN } else { s.parse().unwrap_or_else(|_| panic!("not a number: {s}")) }
}

pub fn mea(rel: &str) -> attune_signal::Dyad {
    attune_signal::series::read_mea(&read(rel), rel, &Default::default()).unwrap()
}

/// uid like normal_200_1 -> input path
pub fn input_of(uid: &str) -> String {
    let parts: Vec<&str> = uid.split('_').collect();
    format!("rmea/input/{}/{}_0{}.txt", parts[0], parts[1], parts[2])
}

pub fn close(a: f64, b: f64, tol: f64) -> bool {
    (a.is_nan() && b.is_nan()) || (a - b).abs() <= tol
}
