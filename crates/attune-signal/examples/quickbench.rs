//! Quick timing while developing: cargo run --release --example quickbench
// A developer tool that reads the reference inputs; the no-file-system rule is for the library.
#![allow(clippy::disallowed_methods)]
use attune_signal::{bench, series};
fn main() {
    let base = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/reference/rmea/input/");
    let args: Vec<String> = std::env::args().collect();
    let which = args.get(1).map(|s| s.as_str()).unwrap_or("all");
    let t = std::fs::read_to_string(format!("{base}T_input_50min_25Hz.txt")).expect("input");
    let d = series::read_mea(&t, "T25", &Default::default()).expect("mea");
    let (x, y) = (&d.s1.values, &d.s2.values);
    if which == "all" || which == "ccf" {
        for (l, w, i) in [(5.0, 60.0, 30.0), (5.0, 30.0, 10.0), (5.0, 60.0, 1.0)] {
            let c = bench::time_ccf(x, y, 25.0, l, w, i, 15).unwrap();
            println!("{:50} med {:9.4} s min {:9.4} value {}", c.name, c.median_s, c.times_s.iter().cloned().fold(f64::INFINITY, f64::min), c.value);
        }
    }
    if which == "inc1" || which == "inc30" {
        let inc = if which == "inc1" { 1.0 } else { 30.0 };
        let cfg = attune_signal::CcfConfig { lag_s: 5.0, window_s: 60.0, increment_s: inc, r_to_z: true, abs: true };
        let mut g = 0.0;
        for _ in 0..20 {
            g += attune_signal::ccf(x, y, 25.0, &cfg).unwrap().grand_average;
        }
        println!("{g}");
    }
    if which == "all" || which == "susy" {
        let c = bench::time_susy(x, y, 25.0, 30.0, 5.0, 3).unwrap();
        println!("{:50} med {:9.4} s min {:9.4} value {}", c.name, c.median_s, c.times_s.iter().cloned().fold(f64::INFINITY, f64::min), c.value);
    }
    if which == "table" {
        let c = bench::time_surrogates(x, y, 25.0, 5.0, 60.0, 30.0, 1, 5).unwrap();
        println!("{:50} med {:9.4} s", c.name, c.median_s);
    }
    if which == "all" || which == "sur" {
        let c = bench::time_surrogates(x, y, 25.0, 5.0, 60.0, 30.0, 1000, 1).unwrap();
        println!("{:50} med {:9.4} s min {:9.4} value {}", c.name, c.median_s, c.times_s.iter().cloned().fold(f64::INFINITY, f64::min), c.value);
    }
}
