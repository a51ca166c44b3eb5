//! The HTML report in a real headless Chromium: what a reader sees, and no network request.
//!
//! Runs `tests/browser/run.sh` with this build's `attune` binary. Needs Debian's `chromium` and
//! `npm ci` in `tests/browser`; fails with the install commands when they are missing, unless
//! `ATTUNE_SKIP_BROWSER=1` is set (then it prints a loud skip and passes).

use std::path::PathBuf;
use std::process::Command;

#[test]
fn report_in_headless_chromium() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let mut missing = vec![];
    if !PathBuf::from(&chromium).exists() {
        missing.push(format!("Chromium ({chromium}): apt-get update && apt-get install -y chromium"));
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node: apt-get install -y nodejs npm".to_string());
    }
    if !dir.join("node_modules/playwright-core").exists() {
        missing.push("tests/browser/node_modules: (cd tests/browser && npm ci)".to_string());
    }
    if !missing.is_empty() {
        if std::env::var("ATTUNE_SKIP_BROWSER").is_ok_and(|v| v == "1") {
            eprintln!("\n**************************************************************");
            eprintln!("*** SKIPPED: browser test (ATTUNE_SKIP_BROWSER=1). Missing: ***");
            for m in &missing {
                eprintln!("***   {m}");
            }
            eprintln!("**************************************************************\n");
            return;
        }
        panic!(
            "the browser test needs:\n  {}\n(set ATTUNE_SKIP_BROWSER=1 to skip it knowingly)",
            missing.join("\n  ")
        );
    }
    let out = std::env::temp_dir().join(format!("attune-browser-{}", std::process::id()));
    let res = Command::new("bash")
        .arg(dir.join("run.sh"))
        .env("ATTUNE_BIN", env!("CARGO_BIN_EXE_attune"))
        .env("ATTUNE_BROWSER_OUT", &out)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("run tests/browser/run.sh");
    let stdout = String::from_utf8_lossy(&res.stdout);
    let stderr = String::from_utf8_lossy(&res.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(res.status.success(), "browser checks failed (report and screenshot in {}):\n{stdout}\n{stderr}", out.display());
    assert!(stdout.contains("no network request"), "the network check did not run:\n{stdout}");
    let _ = std::fs::remove_dir_all(&out);
}
