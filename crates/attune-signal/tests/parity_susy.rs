//! Parity with SUSY 0.1.0 outputs in /work/shared/reference/susy.
mod common;
use attune_signal::susy::{Susy, susy};
use common::*;

fn summary_pairs(s: &Susy) -> Vec<(&'static str, f64)> {
    vec![
        ("n(data)", s.n_data as f64),
        ("Z", s.z),
        ("Z-Pseudo", s.z_pseudo),
        ("SD(Z)", s.sd_z),
        ("SD(Z-Pseudo)", s.sd_z_pseudo),
        ("n(lags)", s.per_lag.len() as f64),
        ("%>Pseudo", s.pct_gt_pseudo),
        ("n(Segmente)", s.n_segments as f64),
        ("ES", s.es),
        ("Z(lead1)", s.z_lead1),
        ("Z(lead2)", s.z_lead2),
        ("ES(lead1)", s.es_lead1),
        ("ES(lead2)", s.es_lead2),
        ("meanZ(in-phase)", s.mean_z_in_phase),
        ("meanZ(anti-phase)", s.mean_z_anti_phase),
        ("Anzahl(in-phase)", s.n_in_phase as f64),
        ("Anzahl(anti-phase)", s.n_anti_phase as f64),
        ("Z(noAbs)", s.z_no_abs),
        ("Z(Pseudo-noAbs)", s.z_pseudo_no_abs),
        ("%>Pseudo(noAbs)", s.pct_gt_pseudo_no_abs),
        ("ES(noAbs)", s.es_no_abs),
    ]
}

fn check_summary(s: &Susy, rel: &str, tol: f64) -> Vec<String> {
    let (h, rows) = csv(rel);
    let mut bad = vec![];
    for (name, v) in summary_pairs(s) {
        let c = h.iter().position(|x| x == name).unwrap_or_else(|| panic!("{rel}: no column {name}"));
        let e = num(&rows[0][c]);
        let t = tol * e.abs().max(1.0);
        if !close(v, e, t) {
            bad.push(format!("{name}: ours {v} ref {e}"));
        }
    }
    bad
}

#[test]
fn susy_normal_200_maxlag_3_and_5() {
    let d = mea("rmea/input/normal/200_01.txt");
    let mut report = vec![];
    for ml in [3, 5] {
        let s = susy(&d.s1.values, &d.s2.values, 25.0, 30.0, ml as f64).unwrap();
        let base = format!("susy/susy_normal_200_seg30_Hz25_maxlag{ml}");
        let (_, pl) = csv(&format!("{base}_perlag.csv"));
        assert_eq!(pl.len(), s.per_lag.len());
        let mut worst = 0.0f64;
        for (r, l) in pl.iter().zip(&s.per_lag) {
            assert_eq!(num(&r[0]) as i64, l.lag);
            for (c, v) in [(1, l.real_r), (2, l.pseudo_r), (3, l.real_z), (4, l.real_z_no_abs), (5, l.pseudo_z), (6, l.pseudo_z_no_abs)] {
                worst = worst.max((num(&r[c]) - v).abs());
            }
        }
        let (_, ps) = csv(&format!("{base}_persegment.csv"));
        let mut worst_seg = 0.0f64;
        for (r, p) in ps.iter().zip(&s.per_segment) {
            worst_seg = worst_seg.max((num(&r[0]) - p.0).abs()).max((num(&r[1]) - p.1).abs());
        }
        let bad = check_summary(&s, &format!("{base}_summary.csv"), 1e-12);
        eprintln!("SUSY maxlag {ml}: per-lag worst {worst:e}, per-segment worst {worst_seg:e}, summary mismatches {bad:?}");
        report.push((ml, worst, worst_seg, bad));
    }
    for (ml, w, ws, bad) in report {
        assert!(w < 1e-12, "maxlag {ml}: per-lag worst {w}");
        assert!(ws < 1e-12, "maxlag {ml}: per-segment worst {ws}");
        assert!(bad.is_empty(), "maxlag {ml}: {bad:?}");
    }
}

#[test]
fn susy_50min() {
    let d = mea("rmea/input/T_input_50min_25Hz.txt");
    let s = susy(&d.s1.values, &d.s2.values, 25.0, 30.0, 5.0).unwrap();
    let bad = check_summary(&s, "susy/susy_T_input_50min_25Hz_seg30_maxlag5_summary_and_timing.csv", 1e-12);
    assert!(bad.is_empty(), "{bad:?}");
}
