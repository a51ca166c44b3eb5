//! Parity with rMEA 1.3.0 outputs in /work/shared/reference/rmea/expected.
mod common;
use attune_signal::ccf::{self, CcfConfig, CcfResult};
use common::*;

const TOL: f64 = 1e-12;

fn check_matrix(uid: &str, res: &CcfResult, rel: &str) -> (usize, usize, f64) {
    let (h, rows) = csv(rel);
    assert_eq!(h.len() - 1, res.geometry.n_lags(), "{uid}: lag columns");
    assert_eq!(rows.len(), res.n_windows(), "{uid}: windows");
    let (mut ok, mut all, mut worst) = (0, 0, 0.0f64);
    for (w, r) in rows.iter().enumerate() {
        let ours = res.row(w);
        for (j, s) in r[1..].iter().enumerate() {
            let e = num(s);
            all += 1;
            assert_eq!(e.is_nan(), ours[j].is_nan(), "{uid} w{} lag {}: NA pattern ({} vs {})", w + 1, h[j + 1], ours[j], e);
            if close(ours[j], e, TOL) {
                ok += 1;
            }
            if !e.is_nan() {
                worst = worst.max((ours[j] - e).abs());
            }
        }
        // lag labels
        if w == 0 {
            for (j, name) in h[1..].iter().enumerate() {
                let lag: f64 = name.trim_start_matches("lag").parse().unwrap();
                assert!((lag - res.lags_s[j]).abs() < 1e-9);
            }
        }
    }
    (ok, all, worst)
}

fn check_res(uid: &str, res: &CcfResult, rel: &str) {
    let (h, rows) = csv(rel);
    let col = |name: &str| h.iter().position(|x| x == name);
    for (w, r) in rows.iter().enumerate() {
        let s = &res.windows[w];
        let pairs = [
            ("all_lags", s.all_lags),
            ("s1_lead", s.s1_lead),
            ("s2_lead", s.s2_lead),
            ("lag_zero", s.lag_zero),
            ("s1_lead_0", s.s1_lead_0),
            ("s2_lead_0", s.s2_lead_0),
        ];
        for (name, v) in pairs {
            if let Some(c) = col(name) {
                let e = num(&r[c]);
                assert!(close(v, e, 1e-12), "{uid} w{} {name}: {v} vs {e}", w + 1);
            }
        }
        // bestLag only where the top two values differ by more than 1e-9
        if let Some(c) = col("bestLag") {
            let e = num(&r[c]);
            let mut row: Vec<f64> = res.row(w).iter().copied().filter(|v| !v.is_nan()).collect();
            row.sort_by(|a, b| b.total_cmp(a));
            if row.len() >= 2 && row[0] - row[1] > 1e-9 {
                assert!(close(s.best_lag_s, e, 1e-9), "{uid} w{} bestLag {} vs {e}", w + 1, s.best_lag_s);
            }
        }
    }
}

#[test]
fn a_raw_lag5_win60_inc30_zabs_all_20_sessions() {
    let (h, rows) = csv("rmea/expected/A1_summary_raw_lag5_win60_inc30_zabs.csv");
    let cfg = CcfConfig { lag_s: 5.0, window_s: 60.0, increment_s: 30.0, r_to_z: true, abs: true };
    let (mut ok, mut all, mut worst) = (0, 0, 0.0f64);
    let ga = h.iter().position(|x| x == "grandAver_full").unwrap();
    for r in &rows {
        let uid = &r[0];
        let d = mea(&input_of(uid));
        // rMEA's "% of time in motion"
        assert!((ccf::percent_moving(&d.s1.values) - num(&r[4])).abs() < 0.051, "{uid} pat %");
        assert!((ccf::percent_moving(&d.s2.values) - num(&r[5])).abs() < 0.051, "{uid} th %");
        let res = ccf::ccf(&d.s1.values, &d.s2.values, 25.0, &cfg).unwrap();
        let (o, a, wv) = check_matrix(uid, &res, &format!("rmea/expected/A_ccf_matrices/{uid}_ccf.csv"));
        check_res(uid, &res, &format!("rmea/expected/A_ccf_matrices/{uid}_ccfRes.csv"));
        assert!(close(res.grand_average, num(&r[ga]), TOL), "{uid} grandAver {} vs {}", res.grand_average, r[ga]);
        assert_eq!(res.n_windows(), num(&r[11]) as usize);
        ok += o;
        all += a;
        worst = worst.max(wv);
    }
    eprintln!("A: {ok}/{all} cells within {TOL}, worst |diff| {worst:e}, {} sessions", rows.len());
    assert_eq!(ok, all);
    assert_eq!(rows.len(), 20);
}

#[test]
fn b_smooth_scale_lag5_win30_inc10_z() {
    // preprocessing
    let (_, pre) = csv("rmea/expected/B0_preprocessed_normal_200_1.csv");
    let d = mea("rmea/input/normal/200_01.txt");
    let sm1 = ccf::smooth(&d.s1.values, 25.0, 0.5);
    let sm2 = ccf::smooth(&d.s2.values, 25.0, 0.5);
    let sc1 = ccf::scale(&sm1);
    let sc2 = ccf::scale(&sm2);
    for (i, r) in pre.iter().enumerate() {
        assert!(close(sm1[i], num(&r[2]), 1e-9) && close(sm2[i], num(&r[3]), 1e-9), "smooth row {i}");
        assert!(close(sc1[i], num(&r[4]), 1e-12) && close(sc2[i], num(&r[5]), 1e-12), "scale row {i}: {} vs {}", sc1[i], r[4]);
    }
    let (h, rows) = csv("rmea/expected/B1_summary_smooth_scale_lag5_win30_inc10_z.csv");
    let ga = h.iter().position(|x| x == "grandAver_full").unwrap();
    let cfg = CcfConfig { lag_s: 5.0, window_s: 30.0, increment_s: 10.0, r_to_z: true, abs: false };
    let (mut ok, mut all, mut worst) = (0, 0, 0.0f64);
    for r in &rows {
        let uid = &r[0];
        let d = mea(&input_of(uid));
        let x = ccf::scale(&ccf::smooth(&d.s1.values, 25.0, 0.5));
        let y = ccf::scale(&ccf::smooth(&d.s2.values, 25.0, 0.5));
        assert!((ccf::percent_moving(&x) - num(&r[4])).abs() < 0.051, "{uid} pat % after smoothing");
        let res = ccf::ccf(&x, &y, 25.0, &cfg).unwrap();
        assert!(close(res.grand_average, num(&r[ga]), TOL), "{uid} grandAver {} vs {}", res.grand_average, r[ga]);
        let m = format!("rmea/expected/B_ccf_matrices/{uid}_ccf.csv");
        if reference().join(&m).exists() {
            let (o, a, wv) = check_matrix(uid, &res, &m);
            // the exact integer route (undivided smoothing sums, scaling skipped) gives the same cells
            let xi = ccf::preprocess_for_ccf(&d.s1.values, 25.0, &b_pre());
            let yi = ccf::preprocess_for_ccf(&d.s2.values, 25.0, &b_pre());
            let res_i = ccf::ccf(&xi, &yi, 25.0, &cfg).unwrap();
            let (oi, ai, wi) = check_matrix(uid, &res_i, &m);
            eprintln!("B {uid} exact route: {oi}/{ai} within {TOL}, worst {wi:e}");
            assert_eq!(oi, ai);
            check_res(uid, &res, &format!("rmea/expected/B_ccf_matrices/{uid}_ccfRes.csv"));
            ok += o;
            all += a;
            worst = worst.max(wv);
        }
    }
    eprintln!("B: {ok}/{all} matrix cells within {TOL}, worst {worst:e}; grandAver for {} sessions", rows.len());
    assert_eq!(ok, all);
}

#[test]
fn e1_lag0_plain_r() {
    let d = mea("rmea/input/normal/200_01.txt");
    let cfg = CcfConfig { lag_s: 0.0, window_s: 60.0, increment_s: 60.0, r_to_z: false, abs: false };
    let res = ccf::ccf(&d.s1.values, &d.s2.values, 25.0, &cfg).unwrap();
    let (_, rows) = csv("rmea/expected/E1_normal_200_1_lag0_win60_inc60_plain_r.csv");
    assert_eq!(rows.len(), res.n_windows());
    for (w, r) in rows.iter().enumerate() {
        assert!(close(res.row(w)[0], num(&r[1]), TOL), "w{}: {} vs {}", w + 1, res.row(w)[0], r[1]);
    }
}

#[test]
fn e2_missing_inside_window() {
    let d = mea("rmea/input/normal/200_01.txt");
    let cfg = CcfConfig { lag_s: 1.0, window_s: 60.0, increment_s: 60.0, r_to_z: true, abs: false };
    // rows 1000..1400 (1-based) of the patient series are missing (401 values inside window 1)
    let mut x = d.s1.values.clone();
    for v in &mut x[999..1400] {
        *v = f64::NAN;
    }
    let res = ccf::ccf(&x, &d.s2.values, 25.0, &cfg).unwrap();
    let (ok, all, worst) = check_matrix("E2", &res, "rmea/expected/E2_normal_200_1_NA1000to1400_lag1_win60_inc60_z.csv");
    eprintln!("E2: {ok}/{all} cells within {TOL}, worst {worst:e}");
    assert_eq!(ok, all);
}

#[test]
fn t1_fifty_minute_grand_averages() {
    let (h, rows) = csv("rmea/expected/T1_timing_MEAccf_50min.csv");
    let c = |n: &str| h.iter().position(|x| x == n).unwrap();
    for r in &rows {
        let rate = num(&r[c("sampRate")]);
        let d = mea(&format!("rmea/input/T_input_50min_{rate}Hz.txt"));
        let cfg = CcfConfig { lag_s: num(&r[c("lagSec")]), window_s: num(&r[c("winSec")]), increment_s: num(&r[c("incSec")]), r_to_z: true, abs: true };
        let res = ccf::ccf(&d.s1.values, &d.s2.values, rate, &cfg).unwrap();
        assert_eq!(res.n_windows(), num(&r[c("n_win")]) as usize);
        assert_eq!(res.geometry.n_lags(), num(&r[c("n_lags")]) as usize);
        let e = num(&r[c("grandAver")]);
        eprintln!("T1 {rate} Hz {:?}: grandAver {} vs {e} (|d| {:.1e})", (cfg.lag_s, cfg.window_s, cfg.increment_s), res.grand_average, (res.grand_average - e).abs());
        assert!(close(res.grand_average, e, TOL));
    }
}

#[test]
fn more_than_half_missing_is_all_na_row() {
    let d = mea("rmea/input/normal/200_01.txt");
    let mut x = d.s1.values.clone();
    for v in &mut x[0..900] {
        *v = f64::NAN;
    }
    let cfg = CcfConfig { lag_s: 1.0, window_s: 60.0, increment_s: 60.0, r_to_z: true, abs: false };
    let res = ccf::ccf(&x, &d.s2.values, 25.0, &cfg).unwrap();
    assert!(res.row(0).iter().all(|v| v.is_nan()));
    assert!(res.windows[0].too_much_missing);
    assert!(res.row(1).iter().all(|v| !v.is_nan()));
}

fn b_pre() -> ccf::Preprocess {
    ccf::Preprocess { smooth_s: Some(0.5), scale: true }
}
fn b_cfg() -> CcfConfig {
    CcfConfig { lag_s: 5.0, window_s: 30.0, increment_s: 10.0, r_to_z: true, abs: false }
}

/// "normal_200_1_Pat" -> preprocessed series
fn source(name: &str) -> Vec<f64> {
    let (uid, who) = name.rsplit_once('_').unwrap();
    let d = mea(&input_of(uid));
    let s = if who == "Pat" { &d.s1.values } else { &d.s2.values };
    ccf::preprocess_for_ccf(s, 25.0, &b_pre())
}

#[test]
fn c1_between_dyad_shuffle_rebuilt_from_pairing() {
    let (_, rows) = csv("rmea/expected/C1_shuffle_between_seed42_n50_grandAver.csv");
    let mut worst = 0.0f64;
    let mut pseudo = Vec::new();
    for r in &rows {
        let (x, y) = (source(&r[1]), source(&r[2]));
        assert_eq!(x.len(), num(&r[3]) as usize);
        let res = ccf::ccf(&x, &y, 25.0, &b_cfg()).unwrap();
        let lz = ccf::mean_finite_pub(res.windows.iter().map(|w| w.lag_zero));
        worst = worst.max((res.grand_average - num(&r[4])).abs());
        assert!(close(res.grand_average, num(&r[4]), TOL), "{}: {} vs {}", r[0], res.grand_average, r[4]);
        assert!(close(lz, num(&r[5]), TOL), "{} lag zero mean: {} vs {}", r[0], lz, r[5]);
        pseudo.push(res.grand_average);
    }
    eprintln!("C1: {}/{} pseudo dyads within {TOL}, worst {worst:e}", rows.len(), rows.len());
    // C2: Cohen's d of real vs pseudo grandAver
    let (_, b1) = csv("rmea/expected/B1_summary_smooth_scale_lag5_win30_inc10_z.csv");
    let real = |g: Option<&str>| -> Vec<f64> {
        b1.iter()
            .filter(|r| g.is_none_or(|g| r[3] == g))
            .map(|r| {
                let d = mea(&input_of(&r[0]));
                let x = ccf::preprocess_for_ccf(&d.s1.values, 25.0, &b_pre());
                let y = ccf::preprocess_for_ccf(&d.s2.values, 25.0, &b_pre());
                ccf::ccf(&x, &y, 25.0, &b_cfg()).unwrap().grand_average
            })
            .collect()
    };
    let (normal, dropout, all) = (real(Some("normal")), real(Some("dropout")), real(None));
    let (_, c2) = csv("rmea/expected/C2_cohens_d_real_vs_pseudo.csv");
    for (r, (a, b)) in c2.iter().zip([(&normal, &pseudo), (&dropout, &pseudo), (&all, &pseudo), (&normal, &dropout)]) {
        let d = attune_signal::surrogate::cohens_d(a, b);
        assert!(close(d, num(&r[1]), 1e-10), "C2 {}: {d} vs {}", r[0], r[1]);
    }
}

#[test]
fn d1_segment_shuffle_rebuilt_from_permutations() {
    use attune_signal::surrogate::{SegmentPermutation, segment_shuffle_with};
    let (_, d0) = csv("rmea/expected/D0_segment_shuffle_seed7_permutations.csv");
    let (_, d1) = csv("rmea/expected/D1_segment_shuffle_seed7_grandAver.csv");
    let mut n_ok = 0;
    for (uid, dyad) in [("normal_200_1", "200"), ("dropout_100_1", "100")] {
        let mut perms: Vec<SegmentPermutation> = Vec::new();
        for r in d0.iter().filter(|r| r[0] == uid) {
            let rep = num(&r[1]) as usize;
            if perms.len() < rep {
                perms.push(SegmentPermutation { s1: vec![], s2: vec![] });
            }
            perms[rep - 1].s1.push(num(&r[3]) as usize - 1);
            perms[rep - 1].s2.push(num(&r[4]) as usize - 1);
        }
        let d = mea(&input_of(uid));
        let x = ccf::preprocess_for_ccf(&d.s1.values, 25.0, &b_pre());
        let y = ccf::preprocess_for_ccf(&d.s2.values, 25.0, &b_pre());
        let res = segment_shuffle_with(&x, &y, 25.0, &b_cfg(), 30.0, &perms).unwrap();
        let exp: Vec<f64> = d1.iter().filter(|r| r[0].contains(&format!("_{dyad}_"))).map(|r| num(&r[1])).collect();
        assert_eq!(exp.len(), res.grand_averages.len());
        for (i, (a, e)) in res.grand_averages.iter().zip(&exp).enumerate() {
            assert!(close(*a, *e, TOL), "{uid} surrogate {}: {a} vs {e}", i + 1);
            n_ok += 1;
        }
    }
    eprintln!("D1: {n_ok}/10 segment-shuffle surrogates within {TOL}");
}
