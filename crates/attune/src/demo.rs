//! The bundled demo session: a fictional 42-turn session (our own writing) with premature advice after a
//! painful disclosure, a rupture and its repair.

use crate::{Error, Result};
use attune_core::Session;

/// The demo transcript (WebVTT with `<v Therapist>` / `<v Client>` voice tags).
pub const DEMO_VTT: &str = include_str!("../demo/demo_session.vtt");
/// The label the demo is read under (also its session id: `demo_session`).
pub const DEMO_LABEL: &str = "demo_session.vtt";

/// The demo session, read by attune-io like any user file.
pub fn demo_session() -> Result<Session> {
    let opts = attune_io::ReadOptions { therapist: Some("Therapist".into()), client: Some("Client".into()), ..Default::default() };
    let mut s = attune_io::parse_str(attune_io::Format::Vtt, DEMO_VTT, DEMO_LABEL, &opts)?;
    s.pop().ok_or_else(|| Error::input(DEMO_LABEL, "the bundled demo transcript holds no session"))
}

/// A WebVTT transcript of exactly `turns` turns: the demo's turns repeated, times shifted to follow on
/// (a long session for benchmarks).
pub fn long_session_vtt(turns: usize) -> Result<String> {
    use std::fmt::Write;
    let demo = demo_session()?;
    let period = demo.turns.last().and_then(|t| t.end).unwrap_or(600.0) + 3.0;
    let mut out = String::from("WEBVTT\n\n");
    for k in 0..turns {
        let t = &demo.turns[k % demo.turns.len()];
        let off = (k / demo.turns.len()) as f64 * period;
        let (s, e) = (t.start.unwrap_or(0.0) + off, t.end.unwrap_or(0.0) + off);
        let who = if t.role == attune_core::Role::Therapist { "Therapist" } else { "Client" };
        let _ = write!(out, "{} --> {}\n<v {who}>{}\n\n", vtt_clock(s), vtt_clock(e), t.text);
    }
    Ok(out)
}

fn vtt_clock(t: f64) -> String {
    let ms = (t.max(0.0) * 1000.0).round() as u64;
    format!("{:02}:{:02}:{:02}.{:03}", ms / 3_600_000, (ms / 60_000) % 60, (ms / 1000) % 60, ms % 1000)
}
