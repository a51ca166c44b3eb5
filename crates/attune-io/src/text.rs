//! Plain text: `Name: text` lines.
//!
//! Tolerates: continuation lines (no prefix → same speaker), blank lines, `[hh:mm:ss]`, `(hh:mm:ss)`
//! or bare `hh:mm:ss` stamps before or after the name (`[00:01:02] Dr Lee: …`, `Dr Lee [00:01:02]: …`),
//! Otter-style headers (`Dr Lee  0:03` alone on a line, text below), `>>`, `- ` prefixes, Markdown bold
//! names (`**Name:** text`, `**Name**: text`, `**Name** 0:03`), `#` title lines before the first speaker.
//! Export footers (`Transcribed by https://otter.ai`, any case, anywhere) are dropped.

use crate::build::{Ctx, Merge, Utt, build_session, is_export_boilerplate, speaker_prefix, split_lines, squash, valid_name};
use crate::timecode::parse_clock;
use attune_core::{IngestError, Session};

/// A leading time stamp: `[00:01:02]`, `(01:02)`, `00:01:02.5` followed by space. Returns (seconds, rest).
fn leading_stamp(s: &str) -> Option<(f64, &str, bool)> {
    let t = s.trim_start();
    for (open, close) in [('[', ']'), ('(', ')')] {
        if let Some(r) = t.strip_prefix(open) {
            let end = r.find(close)?;
            let secs = parse_clock(&r[..end])?;
            return Some((secs, r[end + 1..].trim_start(), true));
        }
    }
    let tok_end = t.find(char::is_whitespace).unwrap_or(t.len());
    let tok = t[..tok_end].trim_end_matches(['-', '|']);
    let secs = parse_clock(tok)?;
    Some((secs, t[tok_end..].trim_start().trim_start_matches(['-', '|']).trim_start(), false))
}

/// `Name [00:01:02]: text` → the stamp moves out of the name.
fn stamp_in_name(name: &str) -> (String, Option<f64>) {
    for (open, close) in [('[', ']'), ('(', ')')] {
        if let (Some(a), Some(b)) = (name.rfind(open), name.rfind(close))
            && a < b && b == name.len() - 1
                && let Some(secs) = parse_clock(&name[a + 1..b]) {
                    return (squash(&name[..a]), Some(secs));
                }
    }
    (name.to_string(), None)
}

/// Otter.ai header: `Name  0:03` or `Name 00:01:02` alone on a line.
fn otter_header(s: &str) -> Option<(String, f64)> {
    let t = s.trim();
    let (name, stamp) = t.rsplit_once(char::is_whitespace)?;
    let secs = parse_clock(stamp)?;
    let name = name.trim();
    // Markdown bold (`**Jamie Park** 0:03`).
    let name = match name.strip_prefix("**").and_then(|n| n.strip_suffix("**")) {
        Some(inner) => inner.trim(),
        None => name,
    };
    valid_name(name).then(|| (squash(name), secs))
}

pub(crate) fn read_text(ctx: &mut Ctx, text: &str) -> Result<Session, IngestError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let lines = split_lines(text);
    let mut utts: Vec<Utt> = Vec::new();
    let mut cur: Option<Utt> = None;
    let mut seen_speaker = false;
    let mut any_text = false;
    for (i, raw) in lines.iter().enumerate() {
        let n = i + 1;
        let l = raw.trim();
        if l.is_empty() || is_export_boilerplate(l) {
            continue;
        }
        any_text = true;
        if !seen_speaker && (l.starts_with('#') || l.starts_with("---")) {
            continue; // a title or front matter
        }
        let (mut stamp, mut body) = match leading_stamp(l) {
            Some((s, rest, _)) => (Some(s), rest),
            None => (None, l),
        };
        // A bare `10:30` only counts as a stamp before a speaker name ("10:30 is when I left" is text).
        if let Some((_, rest, false)) = leading_stamp(l)
            && speaker_prefix(rest).is_none() {
                stamp = None;
                body = l;
            }
        let mut found: Option<(String, Option<f64>, String)> = None;
        if let Some((name, rest)) = speaker_prefix(body) {
            let (name, inner) = stamp_in_name(&name);
            if valid_name(&name) {
                found = Some((name, stamp.or(inner), rest.to_string()));
            }
        } else if stamp.is_none()
            && let Some((name, secs)) = otter_header(body) {
                found = Some((name, Some(secs), String::new()));
            }
        match found {
            Some((name, start, rest)) => {
                seen_speaker = true;
                if let Some(u) = cur.take() {
                    utts.push(u);
                }
                let mut u = Utt::new(Some(name), squash(&rest), start, None, n);
                u.raw = Some(squash(body));
                cur = Some(u);
            }
            None => {
                if let Some(s) = stamp {
                    // A stamped line without a name: a new utterance by the same speaker.
                    if let Some(u) = cur.take() {
                        utts.push(u);
                    }
                    cur = Some(Utt::new(None, squash(body), Some(s), None, n));
                    continue;
                }
                match cur.as_mut() {
                    Some(u) => {
                        if !u.text.is_empty() {
                            u.text.push(' ');
                        }
                        u.text.push_str(&squash(body));
                        if let Some(r) = u.raw.as_mut() {
                            r.push(' ');
                            r.push_str(&squash(body));
                        }
                    }
                    None => {
                        return Err(ctx
                            .err(Some(n), format!("text before the first speaker name: `{}`", clip(l)))
                            .with_hint("each turn must start with `Name: text` (for example `Therapist: How are you?`); lines without a name continue the previous turn"));
                    }
                }
            }
        }
    }
    if let Some(u) = cur.take() {
        utts.push(u);
    }
    if !any_text || utts.is_empty() {
        return Err(ctx.err(None, "no `Name: text` lines found").with_hint("see docs/formats.md for the plain-text form"));
    }
    let merge = if ctx.opts.keep_cues { Merge::Keep } else { Merge::Consecutive };
    build_session(ctx, utts, merge, "lines")
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(50).collect();
    if s.chars().count() > 50 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{Format, ReadOptions, parse_str};
    use attune_core::Role;

    const PLAIN: &str = "# Session 4, 12 March\n\n[00:00:05] Counselor: Welcome back. Where would you like to start?\n[00:00:09] Alex: I don't know. The week was rough.\nI had two panic attacks at work\nand had to leave early.\n\n[00:01:02] Counselor: Two panic attacks, and you had to leave.\nThat sounds frightening.\nAlex: It was.\nMy boss: not a word.\n10:30 is when I left.\n";

    #[test]
    fn text_with_stamps_and_continuations() {
        let s = &parse_str(Format::Text, PLAIN, "notes.txt", &ReadOptions::default()).unwrap()[0];
        assert_eq!(s.turns.len(), 4, "{:#?}", s.turns);
        assert_eq!(s.turns[0].start, Some(5.0));
        assert_eq!(s.turns[0].role, Role::Therapist);
        assert_eq!(s.turns[1].text, "I don't know. The week was rough. I had two panic attacks at work and had to leave early.");
        assert_eq!(s.turns[1].role, Role::Client);
        assert_eq!(s.turns[2].start, Some(62.0));
        assert_eq!(s.turns[2].text, "Two panic attacks, and you had to leave. That sounds frightening.");
        // "My boss:" once, in a file where others recur, is a sentence, not a speaker.
        assert_eq!(s.turns[3].text, "It was. My boss: not a word. 10:30 is when I left.");
        assert_eq!(s.turns[3].source_line, Some(10));
        assert_eq!(s.speakers(), vec!["Counselor", "Alex"]);
    }

    #[test]
    fn otter_style_and_stamp_after_name() {
        let otter = "Jamie Park  0:03\nHow was the week?\n\nRiley  0:07\nOkay I guess.\n\nJamie Park  0:10\nJust okay?\n";
        let s = &parse_str(Format::Text, otter, "otter.txt", &ReadOptions::default()).unwrap()[0];
        assert_eq!(s.turns.len(), 3);
        assert_eq!(s.turns[1].start, Some(7.0));
        assert_eq!(s.turns[0].role, Role::Therapist); // asks the questions
        let t = "T (00:12): Hi.\nC (00:15): Hello.\n";
        let s = &parse_str(Format::Text, t, "t.txt", &ReadOptions::default()).unwrap()[0];
        assert_eq!(s.turns[1].start, Some(15.0));
        assert_eq!(s.turns[1].speaker, "C");
    }

    #[test]
    fn broken_text() {
        let e = parse_str(Format::Text, "hello there\nTherapist: hi\n", "a.txt", &ReadOptions::default()).unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.to_string().starts_with("a.txt:1:") && e.message.contains("before the first speaker"), "{e}");
        let e = parse_str(Format::Text, "[00:00:09] T: a\n[00:00:05] C: b\n", "a.txt", &ReadOptions::default()).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("out of order"), "{e}");
        let e = parse_str(Format::Text, "T: a\nC: b\n", "a.txt", &ReadOptions { therapist: Some("Dr X".into()), ..Default::default() })
            .unwrap_err();
        assert!(e.to_string().contains("speakers found: `T`, `C`"), "{e}");
        assert!(parse_str(Format::Text, "  \n\n", "a.txt", &ReadOptions::default()).is_err());
    }
}
