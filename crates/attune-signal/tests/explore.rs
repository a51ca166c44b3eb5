mod common;
use attune_signal::ccf::{self, CcfConfig};
use common::*;
#[test]
#[ignore]
fn explore() {
    let uids: Vec<String> = (200..210).map(|i| format!("normal_{i}_1")).collect();
    for (lag, win, inc, z, ab, pre) in [(5.0,60.0,30.0,true,false,false),(5.0,60.0,30.0,true,false,true),(5.0,30.0,10.0,true,false,true),(5.0,30.0,10.0,true,false,false),(5.0,60.0,30.0,false,false,false),(5.0,60.0,30.0,false,false,true),(5.0,30.0,10.0,false,false,true)] {
        let cfg = CcfConfig { lag_s: lag, window_s: win, increment_s: inc, r_to_z: z, abs: ab };
        let mut s = 0.0;
        for u in &uids {
            let d = mea(&input_of(u));
            let (x, y) = if pre { (ccf::scale(&ccf::smooth(&d.s1.values, 25.0, 0.5)), ccf::scale(&ccf::smooth(&d.s2.values, 25.0, 0.5))) } else { (d.s1.values.clone(), d.s2.values.clone()) };
            s += ccf::ccf(&x, &y, 25.0, &cfg).unwrap().grand_average;
        }
        eprintln!("{lag} {win} {inc} z={z} abs={ab} pre={pre}: {}", s / 10.0);
    }
}
