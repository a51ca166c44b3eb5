//! The report's voice track: a self-contained HTML fragment (inline SVG, no scripts, no external
//! resources) showing F0 and loudness per speaker over time, per-turn means, the client's arousal
//! curve and the therapist's vocal matching, clearly marked exploratory.
//!
//! Wiring (owner of this crate): `pub mod voice;` in lib.rs and `attune-voice.workspace = true`
//! in Cargo.toml; then `voice::section(&analysis.report)`.

use attune_core::Role;
use attune_voice::{SpeakerVoice, TurnProsody, VoiceReport};
use std::fmt::Write as _;
use crate::html::escape as esc;

/// One plot point: (time s, F0 Hz, dB).
type Point = (f64, Option<f64>, Option<f64>);

const W: f64 = 900.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 12.0;

fn color(role: Option<Role>, i: usize) -> &'static str {
    match role {
        Some(Role::Therapist) => "#2b6cb0",
        Some(Role::Client) => "#c05621",
        _ => ["#2f855a", "#6b46c1", "#718096", "#b7791f"][i % 4],
    }
}

fn fmt(v: Option<f64>, d: usize) -> String {
    v.map(|x| format!("{x:.d$}")).unwrap_or_else(|| "–".into())
}

/// Nice axis range with a little padding.
fn range(vals: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in vals.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return None;
    }
    if hi - lo < 1e-9 {
        lo -= 1.0;
        hi += 1.0;
    }
    let pad = 0.05 * (hi - lo);
    Some((lo - pad, hi + pad))
}

/// One panel (F0 or loudness): a polyline per speaker (broken at gaps), per-turn means as bars.
#[allow(clippy::too_many_arguments)]
fn panel(
    out: &mut String,
    title: &str,
    unit: &str,
    y0: f64,
    h: f64,
    dur: f64,
    speakers: &[SpeakerVoice],
    turns: &[TurnProsody],
    get: fn(&Point) -> Option<f64>,
    turn_val: fn(&TurnProsody) -> Option<f64>,
    bin: f64,
) {
    let pw = W - LEFT - RIGHT;
    let x = |t: f64| LEFT + pw * (t / dur.max(1e-9)).clamp(0.0, 1.0);
    let vals = speakers.iter().flat_map(|s| s.series.iter().filter_map(get)).chain(turns.iter().filter_map(turn_val));
    let _ = writeln!(out, r##"<text x="4" y="{:.1}" class="vt-lab">{}</text>"##, y0 + 12.0, esc(title));
    let Some((lo, hi)) = range(vals) else {
        let _ = writeln!(out, r##"<text x="{:.1}" y="{:.1}" class="vt-lab">no data</text>"##, LEFT + 8.0, y0 + h / 2.0);
        return;
    };
    let y = |v: f64| y0 + h - h * ((v - lo) / (hi - lo));
    let _ = writeln!(out, r##"<rect x="{LEFT}" y="{y0:.1}" width="{pw:.1}" height="{h:.1}" class="vt-frame"/>"##);
    for k in 0..=2 {
        let v = lo + (hi - lo) * (0.1 + 0.4 * k as f64);
        let _ = writeln!(
            out,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}" class="vt-grid"/><text x="{:.1}" y="{:.1}" class="vt-tick" text-anchor="end">{v:.0} {unit}</text>"##,
            LEFT + pw,
            LEFT - 4.0,
            y(v) + 3.5,
            yy = y(v)
        );
    }
    // Turn shading and per-turn means.
    for t in turns {
        let ci = speakers.iter().position(|s| s.speaker == t.speaker).unwrap_or(0);
        let c = color(t.role, ci);
        let _ = writeln!(
            out,
            r##"<rect x="{:.1}" y="{y0:.1}" width="{:.1}" height="{h:.1}" fill="{c}" opacity="0.06"><title>turn {} · {}</title></rect>"##,
            x(t.start),
            (x(t.end) - x(t.start)).max(0.5),
            t.index,
            esc(&t.speaker)
        );
        if let Some(v) = turn_val(t) {
            let _ = writeln!(
                out,
                r##"<line x1="{:.1}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}" stroke="{c}" stroke-width="3" opacity="0.85"><title>turn {} {}: mean {v:.1} {unit}</title></line>"##,
                x(t.start),
                x(t.end),
                t.index,
                esc(&t.speaker),
                yy = y(v)
            );
        }
    }
    for (i, s) in speakers.iter().enumerate() {
        let mut d = String::new();
        let mut last_t = f64::NEG_INFINITY;
        for p in &s.series {
            if let Some(v) = get(p) {
                let cmd = if p.0 - last_t > 2.5 * bin { 'M' } else { 'L' };
                let _ = write!(d, "{cmd}{:.1},{:.1} ", x(p.0), y(v));
                last_t = p.0;
            }
        }
        if !d.is_empty() {
            let _ = writeln!(
                out,
                r##"<path d="{d}" fill="none" stroke="{}" stroke-width="1" opacity="0.7"><title>{}</title></path>"##,
                color(s.role, i),
                esc(&s.speaker)
            );
        }
    }
}

fn time_axis(out: &mut String, y: f64, dur: f64) {
    let pw = W - LEFT - RIGHT;
    let step = [1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 600.0, 1800.0].into_iter().find(|s| dur / s <= 10.0).unwrap_or(3600.0);
    let mut t = 0.0;
    while t <= dur + 1e-9 {
        let xx = LEFT + pw * t / dur.max(1e-9);
        let lab = if dur >= 120.0 { format!("{}:{:02}", (t / 60.0) as u64, (t % 60.0) as u64) } else { format!("{t:.0} s") };
        let _ = writeln!(out, r##"<text x="{xx:.1}" y="{y:.1}" class="vt-tick" text-anchor="middle">{lab}</text>"##);
        t += step;
    }
}

/// Continuous vocal synchrony (attune-signal's windowed cross-lagged correlation), or why there is none.
fn synchrony(o: &mut String, v: &VoiceReport) {
    o.push_str("<h3>Vocal synchrony <span class=\"vt-badge\">exploratory</span></h3>\n");
    let Some(s) = &v.synchrony else {
        let _ = writeln!(o, "<p class=\"vt-note\">{}</p>", esc(v.synchrony_note.as_deref().unwrap_or("Not computed.")));
        return;
    };
    let _ = writeln!(o, "<p class=\"vt-note\">{}</p>", esc(&s.note));
    if let Some(n) = &v.synchrony_note {
        let _ = writeln!(o, "<p class=\"vt-note\">{}</p>", esc(n));
    }
    o.push_str("<table><tr><th>feature</th><th>grand average r</th><th>lag-0 r</th><th>windows used</th><th>surrogate percentile (p)</th><th>lead / lag</th></tr>\n");
    for (name, f) in [("F0", &s.f0), ("loudness", &s.loudness)] {
        let sur = match &f.surrogate {
            Some(x) => format!("{} (p = {}; {} shuffles)", fmt(x.percentile, 0), fmt(x.p_value, 3), x.n),
            None => "–".into(),
        };
        let ll = f.lead_lag.as_ref().map(|l| esc(&l.summary)).unwrap_or_else(|| "–".into());
        let _ = writeln!(
            o,
            "<tr><td>{name}</td><td>{}</td><td>{}</td><td>{} / {}</td><td>{}</td><td style=\"text-align:left\">{}</td></tr>",
            fmt(f.grand_average, 3),
            fmt(f.lag_zero, 3),
            f.windows_used,
            f.windows,
            sur,
            ll
        );
    }
    o.push_str("</table>\n");
    for (name, f) in [("F0", &s.f0), ("loudness", &s.loudness)] {
        if let Some(n) = &f.note {
            let _ = writeln!(o, "<p class=\"vt-note\">{name}: {}</p>", esc(n));
        }
    }
    o.push_str("<p class=\"vt-note\">Exploratory: the published link between vocal pitch synchrony and therapist empathy did not replicate; \
these figures describe how the two voices moved and are not part of the attunement index. Windows overlap, so the \
lead/lag sign test counts dependent windows and overstates its certainty; without a surrogate test (sessions under \
5 minutes) a grand average cannot be told from chance.</p>\n");
}

/// Render the voice track as a self-contained HTML fragment.
pub fn section(v: &VoiceReport) -> String {
    let mut o = String::new();
    let dur = v.duration.max(1e-9);
    o.push_str(
        r##"<section class="voice-track" id="voice">
<style>
.voice-track{font-family:system-ui,sans-serif;font-size:14px;margin:1.5em 0}
.voice-track .vt-badge{display:inline-block;background:#fefcbf;color:#744210;border:1px solid #d69e2e;border-radius:4px;padding:1px 6px;font-size:12px;font-weight:600;margin-left:8px;vertical-align:middle}
.voice-track .vt-note{color:#4a5568;font-size:13px;margin:.3em 0 .8em}
.voice-track table{border-collapse:collapse;margin:.6em 0}
.voice-track td,.voice-track th{border-bottom:1px solid #e2e8f0;padding:3px 10px;text-align:right}
.voice-track td:first-child,.voice-track th:first-child{text-align:left}
.voice-track svg{max-width:100%;height:auto;background:#fff}
.voice-track .vt-lab{font-size:12px;fill:#2d3748;font-weight:600}
.voice-track .vt-tick{font-size:10px;fill:#718096}
.voice-track .vt-frame{fill:none;stroke:#cbd5e0}
.voice-track .vt-grid{stroke:#edf2f7}
</style>
<h2>Voice <span class="vt-badge">exploratory</span></h2>
<p class="vt-note">Exploratory: pitch and loudness are measured faithfully (Praat's methods), but vocal pitch synchrony's
published link to empathy did not replicate. These figures describe the conversation; they do not enter the attunement
index and should not be read as a judgement of the therapist.</p>
"##,
    );
    let _ = writeln!(
        o,
        "<p class=\"vt-note\">Source: {} · {:.1} min · {} Hz. F0: autocorrelation, 75–600 Hz; loudness: intensity in dB, digital silence excluded.</p>",
        esc(&v.source),
        v.duration / 60.0,
        v.rate
    );
    // Speaker table.
    o.push_str("<table><tr><th>speaker</th><th>role</th><th>F0 mean (Hz)</th><th>F0 SD</th><th>voiced frames</th><th>loudness (dB)</th></tr>\n");
    for (i, s) in v.speakers.iter().enumerate() {
        let _ = writeln!(
            o,
            "<tr><td><span style=\"color:{}\">■</span> {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            color(s.role, i),
            esc(&s.speaker),
            s.role.map(|r| r.as_str()).unwrap_or("–"),
            fmt(s.f0_mean, 1),
            fmt(s.f0_sd, 1),
            s.n_voiced,
            fmt(s.db_mean, 1)
        );
    }
    o.push_str("</table>\n");
    // Voice track.
    let (ph, gap) = (120.0, 26.0);
    let h = 10.0 + ph + gap + ph + 24.0;
    let _ = writeln!(
        o,
        r##"<svg viewBox="0 0 {W} {h:.0}" width="{W}" height="{h:.0}" role="img" aria-label="Pitch and loudness per speaker over time">"##
    );
    panel(&mut o, "F0", "Hz", 10.0, ph, dur, &v.speakers, &v.turns, |p| p.1, |t| t.f0_mean, v.bin);
    panel(&mut o, "dB", "dB", 10.0 + ph + gap, ph, dur, &v.speakers, &v.turns, |p| p.2, |t| t.db_mean, v.bin);
    time_axis(&mut o, h - 8.0, dur);
    o.push_str("</svg>\n");
    // Arousal.
    if v.arousal.len() >= 2 {
        let ah = 70.0;
        let pw = W - LEFT - RIGHT;
        let _ = writeln!(
            o,
            r##"<h3>Client vocal arousal</h3><p class="vt-note">Mean of the client's per-turn F0 and loudness z-scores (within the client). Higher = raised, louder voice.</p>
<svg viewBox="0 0 {W} {:.0}" width="{W}" height="{:.0}" role="img" aria-label="Client arousal per turn">"##,
            ah + 24.0,
            ah + 24.0
        );
        let (lo, hi) = range(v.arousal.iter().map(|a| a.arousal)).unwrap_or((-1.0, 1.0));
        let (lo, hi) = (lo.min(-0.5), hi.max(0.5));
        let x = |t: f64| LEFT + pw * (t / dur).clamp(0.0, 1.0);
        let y = |a: f64| 6.0 + ah - ah * ((a - lo) / (hi - lo));
        let _ = writeln!(o, r##"<line x1="{LEFT}" x2="{:.1}" y1="{:.1}" y2="{:.1}" class="vt-grid" stroke-dasharray="3 3" stroke="#a0aec0"/>"##, LEFT + pw, y(0.0), y(0.0));
        let d: String = v.arousal.iter().enumerate().map(|(i, a)| format!("{}{:.1},{:.1} ", if i == 0 { 'M' } else { 'L' }, x(a.time), y(a.arousal))).collect();
        let _ = writeln!(o, r##"<path d="{d}" fill="none" stroke="#c05621" stroke-width="2"/>"##);
        for a in &v.arousal {
            let _ = writeln!(
                o,
                r##"<circle cx="{:.1}" cy="{:.1}" r="3" fill="#c05621"><title>turn {}: arousal {:.2} (F0 z {}, loudness z {})</title></circle>"##,
                x(a.time),
                y(a.arousal),
                a.turn,
                a.arousal,
                fmt(a.f0_z, 2),
                fmt(a.db_z, 2)
            );
        }
        let _ = writeln!(o, r##"<text x="4" y="{:.1}" class="vt-tick">z</text>"##, y(0.0) + 3.0);
        time_axis(&mut o, ah + 20.0, dur);
        o.push_str("</svg>\n");
    }
    // Matching.
    if let Some(m) = &v.matching {
        o.push_str("<h3>Therapist vocal matching <span class=\"vt-badge\">exploratory</span></h3>\n");
        let _ = writeln!(o, "<p class=\"vt-note\">{}</p>", esc(&m.method));
        o.push_str("<table><tr><th>feature</th><th>pairs</th><th>synchrony r (client → therapist)</th><th>reverse r</th><th>proximity</th><th>chance proximity</th><th>convergence r</th></tr>\n");
        for (name, f) in [("F0", &m.f0), ("loudness", &m.loudness)] {
            let _ = writeln!(
                o,
                "<tr><td>{name}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                f.pairs,
                fmt(f.synchrony_r, 2),
                fmt(f.reverse_r, 2),
                fmt(f.proximity, 2),
                fmt(f.baseline_proximity, 2),
                fmt(f.convergence_r, 2)
            );
        }
        o.push_str("</table>\n<p class=\"vt-note\">Proximity is −|z difference| between a client turn and the therapist's next turn (0 = identical relative level); compare it with the chance value over non-adjacent turns. With few pairs these correlations are very uncertain.</p>\n");
    }
    synchrony(&mut o, v);
    // Per-turn table.
    if !v.turns.is_empty() {
        o.push_str("<details><summary>Per-turn prosody</summary><table><tr><th>turn</th><th>speaker</th><th>start</th><th>F0 mean</th><th>F0 SD</th><th>dB</th><th>words/s</th><th>pause before (s)</th></tr>\n");
        for t in &v.turns {
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{:.1}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                t.index,
                esc(&t.speaker),
                t.start,
                fmt(t.f0_mean, 1),
                fmt(t.f0_sd, 1),
                fmt(t.db_mean, 1),
                fmt(t.speaking_rate, 2),
                fmt(t.pause_before, 2)
            );
        }
        o.push_str("</table></details>\n");
    }
    o.push_str("</section>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_escapes() {
        let v = VoiceReport {
            source: "<a&b>.wav".into(),
            duration: 10.0,
            rate: 16000,
            bin: 0.25,
            speakers: vec![SpeakerVoice {
                speaker: "Dr <Lee>".into(),
                role: Some(Role::Therapist),
                n_voiced: 2,
                f0_mean: Some(100.0),
                f0_sd: Some(1.0),
                db_mean: Some(60.0),
                series: vec![(0.125, Some(99.0), Some(59.0)), (0.375, Some(101.0), Some(61.0))],
            }],
            turns: vec![],
            arousal: vec![],
            matching: None,
            synchrony: None,
            synchrony_note: Some("no vocal synchrony: it needs <two> speakers".into()),
            exploratory: true,
        };
        let h = section(&v);
        assert!(h.contains("Vocal synchrony") && h.contains("needs &lt;two&gt; speakers"));
        assert!(h.contains("exploratory"));
        assert!(h.contains("Dr &lt;Lee&gt;") && !h.contains("Dr <Lee>"));
        assert!(h.contains("<svg") && h.ends_with("</section>\n"));
        assert!(!h.contains("<script"));
    }

    #[test]
    fn renders_synchrony() {
        let mk = |name: &str, off: f64, hz: f64| attune_voice::SpeakerFrames {
            name: name.into(),
            f0: (0..6000).filter(|i| (i / 500) % 2 == 0).map(|i| (off + i as f64 * 0.01, hz * (1.0 + (i as f64 / 900.0).sin() * 0.1))).collect(),
            db: (0..6000).filter(|i| (i / 500) % 2 == 0).map(|i| (off + i as f64 * 0.01, 60.0 + (i as f64 / 700.0).cos())).collect(),
        };
        let s = attune_voice::vocal_synchrony(&mk("C", 0.0, 220.0), &mk("T", 5.0, 110.0), 65.0, &Default::default()).unwrap();
        let v = VoiceReport {
            source: "s.wav".into(),
            duration: 65.0,
            rate: 16000,
            bin: 0.25,
            speakers: vec![],
            turns: vec![],
            arousal: vec![],
            matching: None,
            synchrony: Some(s),
            synchrony_note: None,
            exploratory: true,
        };
        let h = section(&v);
        assert!(h.contains("Vocal synchrony") && h.contains("grand average r") && h.contains("did not replicate"));
        assert!(h.contains("no surrogate test"), "a 65 s session has too few segments for the shuffle");
    }
}
