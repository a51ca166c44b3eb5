//! The architecture's I/O rule, enforced: the pure crates never touch the file system, the network or the
//! terminal; the edge crates do so only in the files named here. (Test code, after a file's first
//! `#[cfg(test)]` or in `tests.rs`, is exempt.) See ARCHITECTURE.md, "Architecture invariants".

use std::path::{Path, PathBuf};

const PURE: &[&str] = &["attune-core", "attune-text", "attune-judge", "attune-assess", "attune-signal", "attune-report", "attune-redact", "attune-dense"];

/// Edge crates and the only source files in them that may read or write files.
const EDGE_FS: &[(&str, &[&str])] = &[
    ("attune-io", &["lib.rs"]),          // `read_path*`: the transcript a caller names
    ("attune-voice", &["audio.rs"]),     // `decode_file`: the audio a caller names
    ("attune-embed", &["lib.rs"]),       // the encoder's weights
    ("attune-speech", &["lib.rs"]),      // the Whisper weights
    ("attune-diarize", &["lib.rs"]),     // the CAM++ weights
    ("attune", &["tier.rs", "sections.rs", "batch.rs", "tables.rs", "parquet.rs", "bench.rs", "speech.rs", "recording.rs"]), // speech.rs: an RTTM, a video's sound; recording.rs: decoded audio in an anonymous temporary file
];

const FS: &[&str] = &["std::fs", "fs::read", "fs::write", "File::open", "File::create", "OpenOptions", "read_dir", "remove_file"];
const NET: &[&str] = &["std::net", "TcpStream", "UdpSocket", "reqwest", "ureq"];
const TERMINAL: &[&str] = &["println!", "eprintln!", "print!(", "eprint!(", "std::io::stdout", "std::io::stderr", "std::process::exit"];

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") && p.file_name().is_some_and(|n| n != "tests.rs") {
            out.push(p);
        }
    }
}

/// The non-test part of a source file, without comments.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

fn offences(krate: &str, forbidden: &[&[&str]], allowed_files: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    sources(&crates_dir().join(krate).join("src"), &mut files);
    assert!(!files.is_empty(), "no sources found for {krate}");
    let mut found = Vec::new();
    for f in files {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let code = code_of(&f);
        for list in forbidden {
            for pat in *list {
                if code.contains(pat) && !(FS.contains(pat) && allowed_files.contains(&name)) {
                    found.push(format!("{}: `{pat}`", f.display()));
                }
            }
        }
    }
    found
}

#[test]
fn pure_crates_do_no_io() {
    let mut all = Vec::new();
    for k in PURE {
        all.extend(offences(k, &[FS, NET, TERMINAL], &[]));
    }
    assert!(all.is_empty(), "I/O in a pure crate (move it to an edge crate):\n{}", all.join("\n"));
}

#[test]
fn edge_crates_touch_files_only_where_allowed_and_never_print() {
    let mut all = Vec::new();
    for (k, files) in EDGE_FS {
        all.extend(offences(k, &[FS, NET, TERMINAL], files));
    }
    assert!(all.is_empty(), "I/O outside the files ARCHITECTURE.md names:\n{}", all.join("\n"));
}
