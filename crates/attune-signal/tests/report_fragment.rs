//! The report fragment (crates/attune-report/src/sync.rs) compiled against this crate.
// The test writes the fragment to a temporary file for a look; the no-file-system rule is for the library.
#![allow(clippy::disallowed_methods)]
mod common;
// The fragment may use attune-report's escaping helpers (`crate::html`); include them too.
#[allow(dead_code)]
#[path = "../../attune-report/src/html.rs"]
mod html;
#[path = "../../attune-report/src/sync.rs"]
mod report_sync;

use attune_signal::{Preprocess, SyncOptions, analyze};
use common::*;

#[test]
fn fragment_renders() {
    let mut d = mea("rmea/input/normal/200_01.txt");
    d.s1.name = "client <A&B>".into();
    let opts = SyncOptions { surrogates: 50, susy: Some((30.0, 5.0)), preprocess: Preprocess::default(), ..Default::default() };
    let r = analyze(&d, &opts).unwrap();
    let html = report_sync::section(&r);
    assert!(html.starts_with("<section") && html.ends_with("</section>"));
    assert!(html.contains("<svg") && html.contains("polygon"));
    assert!(html.contains("client &lt;A&amp;B&gt;") && !html.contains("<A&B>"));
    assert!(html.contains(&r.evidence.grade));
    assert!(html.len() < 2_000_000);
    std::fs::write(std::env::temp_dir().join("attune_sync_fragment.html"), &html).unwrap();
    // signed, no surrogates, lag 0 only: still renders
    let opts = SyncOptions {
        config: attune_signal::CcfConfig { lag_s: 0.0, abs: false, ..Default::default() },
        ..Default::default()
    };
    let r = analyze(&d, &opts).unwrap();
    let html = report_sync::section(&r);
    assert!(html.contains("untested"));
}
