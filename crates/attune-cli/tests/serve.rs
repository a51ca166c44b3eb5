//! `attune serve` as a process: uploads over real HTTP while the server is killed with SIGKILL; every session
//! the server acknowledged (201) must be in the database afterwards, and the database must be consistent.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

const VTT: &str = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Therapist>How have things been this week?\n\n00:00:04.500 --> 00:00:09.000\n<v Client>Honestly awful. I lost my job and I can't sleep.\n\n00:00:09.500 --> 00:00:13.000\n<v Therapist>Losing your job has left you exhausted and scared.\n";

fn attune(args: &[&str], dir: &Path) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_attune")).args(args).current_dir(dir).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// One multipart upload over a fresh connection; the id when the server answered 201.
fn upload(addr: &str, token: &str) -> Option<i64> {
    let b = "XattuneBoundary";
    let body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"transcript\"; filename=\"s.vtt\"\r\nContent-Type: text/vtt\r\n\r\n{VTT}\r\n--{b}--\r\n"
    );
    let mut s = TcpStream::connect(addr).ok()?;
    let rq = format!(
        "POST /api/sessions HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: multipart/form-data; boundary={b}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(rq.as_bytes()).ok()?;
    let mut resp = String::new();
    s.read_to_string(&mut resp).ok()?;
    if !resp.starts_with("HTTP/1.1 201") {
        return None;
    }
    let json = &resp[resp.find("\r\n\r\n")? + 4..];
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    v["id"].as_i64()
}

#[test]
fn sigkill_during_uploads_loses_no_acknowledged_session() {
    let dir = std::env::temp_dir().join(format!("attune-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("clinic.db");
    let token = attune(&["user", "add", "Ana", "--role", "therapist", "--token", "--db", "clinic.db"], &dir).trim().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_attune"))
        .args(["serve", "--db", "clinic.db", "--addr", "127.0.0.1:0"])
        .current_dir(&dir)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.as_mut().unwrap()).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).and_then(|r| r.split_whitespace().next()).expect("the server says where it listens").to_string();
    let acked = Arc::new(Mutex::new(Vec::new()));
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (addr, token, acked) = (addr.clone(), token.clone(), acked.clone());
            std::thread::spawn(move || {
                for _ in 0..200 {
                    match upload(&addr, &token) {
                        Some(id) => acked.lock().unwrap().push(id),
                        None => break,
                    }
                }
            })
        })
        .collect();
    // Let some uploads land, then kill the server in the middle of the others.
    let t0 = std::time::Instant::now();
    while acked.lock().unwrap().len() < 20 {
        assert!(t0.elapsed().as_secs() < 30, "the server acknowledged no uploads in 30 s");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    for w in workers {
        w.join().unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() < 800, "the kill came after every upload: nothing was tested mid-write");
    let mut st = attune_store::Store::open(&db).unwrap();
    assert!(st.integrity_ok().unwrap(), "the database is consistent after SIGKILL");
    let admin = st.add_user("root", attune_store::Role::Admin, None).unwrap();
    let stored: Vec<i64> = st.list_sessions(&admin, None).unwrap().iter().map(|s| s.id).collect();
    for id in &acked {
        assert!(stored.contains(id), "session {id} was acknowledged but is not stored");
    }
    std::fs::remove_dir_all(&dir).ok();
}
