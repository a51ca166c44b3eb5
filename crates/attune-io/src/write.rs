//! Writers: attune JSON, JSON Lines, ELAN `.eaf`, WebVTT.

use crate::timecode::format_vtt;
use attune_core::Session;
use std::fmt::Write as _;

/// Errors from the writers.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("session `{session}`: turn {turn} (`{speaker}`) has no start time; {format} needs a time for every turn")]
    MissingTimes { session: String, turn: usize, speaker: String, format: &'static str },
    #[error("session `{session}`: turn {turn} ends before it starts")]
    Backwards { session: String, turn: usize },
    #[error("serializing session `{0}`: {1}")]
    Json(String, serde_json::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// attune JSON of one session (pretty-printed; read back by the `json` reader and `Session::from_json`).
pub fn to_attune_json(s: &Session) -> Result<String, WriteError> {
    serde_json::to_string_pretty(s).map_err(|e| WriteError::Json(s.id.clone(), e))
}

/// Writes sessions as JSON Lines, one compact attune session per line (read back by
/// [`crate::read_jsonl_str`]).
pub fn write_jsonl<W: std::io::Write>(sessions: &[Session], mut w: W) -> Result<(), WriteError> {
    for s in sessions {
        let line = serde_json::to_string(s).map_err(|e| WriteError::Json(s.id.clone(), e))?;
        w.write_all(line.as_bytes())?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            '\u{FFFE}' | '\u{FFFF}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Start and end in milliseconds for every turn. A missing end becomes the next turn's start (or, for
/// the last turn, start + 0.4 s per word, at least 1 s); an end equal to its start gets 1 ms.
fn timed_ms(s: &Session, format: &'static str) -> Result<Vec<(u64, u64)>, WriteError> {
    let mut out = Vec::with_capacity(s.turns.len());
    for (i, t) in s.turns.iter().enumerate() {
        let Some(start) = t.start.filter(|v| v.is_finite() && *v >= 0.0) else {
            return Err(WriteError::MissingTimes { session: s.id.clone(), turn: i + 1, speaker: t.speaker.clone(), format });
        };
        let end = match t.end.filter(|v| v.is_finite()) {
            Some(e) if e < start => return Err(WriteError::Backwards { session: s.id.clone(), turn: i + 1 }),
            Some(e) => e,
            None => {
                let next = s.turns[i + 1..].iter().filter_map(|n| n.start).find(|&n| n > start);
                next.unwrap_or(start + (0.4 * t.word_count() as f64).max(1.0))
            }
        };
        let (a, b) = ((start * 1000.0).round() as u64, (end * 1000.0).round() as u64);
        out.push((a, b.max(a + 1)));
    }
    Ok(out)
}

/// ELAN annotation document (EAF 3.0): one tier per speaker (`PARTICIPANT` = speaker name, `ANNOTATOR`
/// = role), time slots in milliseconds. Every turn needs a start time (see [`WriteError::MissingTimes`]).
pub fn to_eaf(s: &Session) -> Result<String, WriteError> {
    let times = timed_ms(s, "ELAN")?;
    // Time slots, sorted by time, ids in that order.
    let mut values: Vec<u64> = times.iter().flat_map(|&(a, b)| [a, b]).collect();
    values.sort_unstable();
    values.dedup();
    let slot = |v: u64| values.binary_search(&v).map(|i| i + 1).unwrap_or(0);
    let date = s
        .meta
        .get("date")
        .and_then(|d| d.as_str())
        .filter(|d| d.len() >= 10 && d.as_bytes()[4] == b'-')
        .map(|d| if d.len() == 10 { format!("{d}T00:00:00Z") } else { d.to_string() })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut x = String::with_capacity(256 + s.turns.len() * 256);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<ANNOTATION_DOCUMENT AUTHOR=\"attune\" DATE=\"{}\" FORMAT=\"3.0\" VERSION=\"3.0\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:noNamespaceSchemaLocation=\"http://www.mpi.nl/tools/elan/EAFv3.0.xsd\">",
        xml_escape(&date)
    );
    let media = s.meta.get("media").and_then(|m| m.as_str()).unwrap_or("");
    let _ = writeln!(x, "  <HEADER MEDIA_FILE=\"\" TIME_UNITS=\"milliseconds\">");
    if !media.is_empty() {
        let _ = writeln!(x, "    <MEDIA_DESCRIPTOR MEDIA_URL=\"{}\" MIME_TYPE=\"audio/x-wav\"/>", xml_escape(media));
    }
    let _ = writeln!(x, "    <PROPERTY NAME=\"attune:session\">{}</PROPERTY>", xml_escape(&s.id));
    x.push_str("  </HEADER>\n  <TIME_ORDER>\n");
    for (i, v) in values.iter().enumerate() {
        let _ = writeln!(x, "    <TIME_SLOT TIME_SLOT_ID=\"ts{}\" TIME_VALUE=\"{v}\"/>", i + 1);
    }
    x.push_str("  </TIME_ORDER>\n");
    let mut ann = 0usize;
    for sp in s.speakers() {
        let role = s.turns.iter().find(|t| t.speaker == sp).map(|t| t.role.as_str()).unwrap_or("other");
        let e = xml_escape(&sp);
        let _ = writeln!(
            x,
            "  <TIER LINGUISTIC_TYPE_REF=\"utterance\" TIER_ID=\"{e}\" PARTICIPANT=\"{e}\" ANNOTATOR=\"{role}\">"
        );
        for (t, &(a, b)) in s.turns.iter().zip(&times) {
            if t.speaker != sp {
                continue;
            }
            ann += 1;
            let _ = writeln!(
                x,
                "    <ANNOTATION>\n      <ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a{ann}\" TIME_SLOT_REF1=\"ts{}\" TIME_SLOT_REF2=\"ts{}\">\n        <ANNOTATION_VALUE>{}</ANNOTATION_VALUE>\n      </ALIGNABLE_ANNOTATION>\n    </ANNOTATION>",
                slot(a),
                slot(b),
                xml_escape(&t.text)
            );
        }
        x.push_str("  </TIER>\n");
    }
    x.push_str("  <LINGUISTIC_TYPE GRAPHIC_REFERENCES=\"false\" LINGUISTIC_TYPE_ID=\"utterance\" TIME_ALIGNABLE=\"true\"/>\n");
    x.push_str("</ANNOTATION_DOCUMENT>\n");
    Ok(x)
}

/// WebVTT with `<v Name>` voice tags (read back by the `vtt` reader). Needs a start time on every turn.
pub fn to_vtt(s: &Session) -> Result<String, WriteError> {
    let times = timed_ms(s, "WebVTT")?;
    let mut out = String::from("WEBVTT\n");
    for (t, &(a, b)) in s.turns.iter().zip(&times) {
        // Voice names cannot hold `>`; text cannot hold a bare `-->`, `<` or `&`, nor a blank line.
        let name = t.speaker.replace(['>', '<', '\n', '\r'], " ");
        let text = t
            .text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let _ = write!(out, "\n{} --> {}\n<v {}>{}</v>\n", format_vtt(a as f64 / 1000.0), format_vtt(b as f64 / 1000.0), name.trim(), text);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, ReadOptions, parse_str, read_jsonl_str};
    use attune_core::{Role, Turn};

    fn sample() -> Session {
        let mut s = Session::new("demo");
        s.turns.push(Turn::new(Role::Therapist, "Dr <Lee> & co", "How are \"things\"?").with_times(Some(1.0), Some(2.5)));
        s.turns.push(Turn::new(Role::Client, "Sam", "Hard.").with_times(Some(3.0), None));
        s.turns.push(Turn::new(Role::Therapist, "Dr <Lee> & co", "Hard how?").with_times(Some(4.0), Some(5.0)));
        s
    }

    #[test]
    fn eaf_has_tiers_and_slots() {
        let x = to_eaf(&sample()).unwrap();
        assert!(x.contains("TIER_ID=\"Dr &lt;Lee&gt; &amp; co\""));
        assert!(x.contains("TIER_ID=\"Sam\""));
        assert!(x.contains("<TIME_SLOT TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"1000\"/>"));
        // Sam's missing end = next turn's start (4000 ms).
        assert!(x.contains("TIME_VALUE=\"4000\""));
        assert!(x.contains("How are &quot;things&quot;?"));
        assert_eq!(x.matches("<ANNOTATION>").count(), 3);
        assert_eq!(x.matches("<TIER ").count(), 2);
        let mut s = sample();
        s.turns[1].start = None;
        let e = to_eaf(&s).unwrap_err().to_string();
        assert!(e.contains("turn 2") && e.contains("Sam") && e.contains("ELAN"), "{e}");
    }

    #[test]
    fn vtt_and_jsonl_round_trip() {
        let mut s = sample();
        for t in s.turns.iter_mut() {
            t.speaker = t.speaker.replace(['<', '>'], "");
        }
        let v = to_vtt(&s).unwrap();
        let back = &parse_str(Format::Vtt, &v, "demo.vtt", &ReadOptions { keep_cues: true, ..Default::default() }).unwrap()[0];
        assert_eq!(back.turns.len(), 3);
        for (a, b) in s.turns.iter().zip(&back.turns) {
            assert_eq!((a.speaker.as_str(), a.text.as_str(), a.start), (b.speaker.as_str(), b.text.as_str(), b.start));
        }
        let mut buf = Vec::new();
        write_jsonl(std::slice::from_ref(&s), &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let back = read_jsonl_str(&text, "x.jsonl", None).unwrap();
        assert_eq!(back[0], s);
        let j = to_attune_json(&s).unwrap();
        assert_eq!(Session::from_json(&j).unwrap(), s);
    }
}
