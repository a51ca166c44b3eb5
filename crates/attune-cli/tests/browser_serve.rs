//! The web UI of `attune serve --demo` in a real headless Chromium (tests/browser/check-serve.mjs): login,
//! sessions, report, trends, practice, upload, logout, and a trainee refused another trainee's session.
//! Needs what tests/browser needs (see browser.rs); `ATTUNE_SKIP_BROWSER=1` skips it loudly.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

#[test]
fn web_ui_in_headless_chromium() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let ready = PathBuf::from(&chromium).exists() && dir.join("node_modules/playwright-core").exists() && Command::new("node").arg("--version").output().is_ok();
    if !ready {
        assert!(
            std::env::var("ATTUNE_SKIP_BROWSER").is_ok_and(|v| v == "1"),
            "the web UI test needs Chromium ({chromium}), node and `npm ci` in tests/browser (set ATTUNE_SKIP_BROWSER=1 to skip knowingly)"
        );
        eprintln!("*** SKIPPED: web UI browser test (ATTUNE_SKIP_BROWSER=1) ***");
        return;
    }
    let mut server = Command::new(env!("CARGO_BIN_EXE_attune"))
        .args(["serve", "--demo", "--addr", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(server.stderr.take().unwrap());
    let mut addr = None;
    for _ in 0..5 {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        if let Some(rest) = line.split("http://").nth(1) {
            addr = rest.split_whitespace().next().map(String::from);
            break;
        }
    }
    let addr = addr.expect("the server says where it listens");
    let port = addr.rsplit(':').next().unwrap();
    // Sessions 7-12 are Ben's in the seeded clinic.
    let res = Command::new("node")
        .arg(dir.join("check-serve.mjs"))
        .arg(format!("http://localhost:{port}"))
        .arg("7")
        .arg(root.join("crates/attune/demo/demo_session.vtt"))
        .env("CHROMIUM", &chromium)
        .current_dir(&dir)
        .output()
        .expect("run node");
    let _ = server.kill();
    let _ = server.wait();
    let out = String::from_utf8_lossy(&res.stdout);
    println!("{out}\n{}", String::from_utf8_lossy(&res.stderr));
    assert!(res.status.success() && out.contains("all web UI checks passed"), "web UI checks failed:\n{out}");
}
