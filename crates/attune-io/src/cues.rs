//! WebVTT and SRT: one tolerant cue parser for both.
//!
//! Tolerates: a BOM, CRLF or CR line ends, a missing final newline, a missing `WEBVTT` header,
//! header metadata lines, `NOTE`/`STYLE`/`REGION` blocks, cue identifiers (numbers or text), cue
//! settings (`align:start position:0%`), SRT coordinates, `mm:ss.ttt` and `hh:mm:ss,ttt` times, missing
//! blank lines between cues, inline tags (`<c>`, `<i>`, `<b>`, `<font>`, `<00:00:01.000>`) and entities.
//! Speakers come from `<v Name>` voice tags (several per cue allowed, `</v>` optional) or `Name:`
//! prefixes on a payload line (Zoom); a cue without either continues the previous speaker. Times may be
//! unpadded (`0:0:0.0 --> 0:0:0.570`, as Microsoft Teams writes them). Line ends may be `\n`, `\r\n` or
//! a lone `\r`. A payload line that is only an export footer (`Transcribed by https://otter.ai`) is dropped.

use crate::Format;
use crate::build::{Ctx, Merge, Utt, build_session, is_export_boilerplate, speaker_prefix, split_lines, squash, strip_tags};
use crate::timecode::parse_clock;
use attune_core::{IngestError, Session};

const TIMING_HINT: &str = "a cue timing line looks like `00:00:01.000 --> 00:00:04.000` (hours optional, `,` or `.` before the milliseconds)";

struct Cue<'a> {
    start: f64,
    end: f64,
    /// Line of the timing line (1-based).
    line: usize,
    payload: Vec<(usize, &'a str)>,
}

fn is_timing(line: &str) -> bool {
    line.contains("-->")
}

/// A line made only of clock characters, without an arrow: a timing line cut short.
fn looks_partial_timing(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.as_bytes()[0].is_ascii_digit()
        && t.contains(':')
        && t.chars().all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | ',' | ' ' | '-' | '>'))
}

fn parse_timing(ctx: &Ctx, line: &str, n: usize) -> Result<(f64, f64), IngestError> {
    let (l, r) = line.split_once("-->").unwrap_or((line, ""));
    let l = l.trim();
    let start = parse_clock(l).ok_or_else(|| {
        ctx.err(Some(n), format!("cannot read the start time `{l}`")).with_hint(TIMING_HINT)
    })?;
    let r = r.trim_start();
    let end_tok = r.split_whitespace().next().unwrap_or("");
    if end_tok.is_empty() {
        return Err(ctx
            .err(Some(n), "the cue timing line has no end time (is the file truncated?)")
            .with_hint(TIMING_HINT));
    }
    let end = parse_clock(end_tok).ok_or_else(|| {
        ctx.err(Some(n), format!("cannot read the end time `{end_tok}`")).with_hint(TIMING_HINT)
    })?;
    Ok((start, end))
}

fn is_keyword_block(first: &str) -> bool {
    for kw in ["NOTE", "STYLE", "REGION", "WEBVTT"] {
        if let Some(rest) = first.strip_prefix(kw)
            && (rest.is_empty() || rest.starts_with([' ', '\t']) || kw == "WEBVTT") {
                return true;
            }
    }
    false
}

pub(crate) fn read_cues(ctx: &mut Ctx, text: &str, format: Format) -> Result<Session, IngestError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let lines = split_lines(text);
    let mut i = 0usize;
    while i < lines.len() && lines[i].trim().is_empty() {
        i += 1;
    }
    if format == Format::Vtt && !lines.get(i).is_some_and(|l| l.starts_with("WEBVTT")) {
        ctx.warn(Some(i + 1), "no `WEBVTT` header; reading the cues anyway");
    }
    let mut cues: Vec<Cue> = Vec::new();
    while i < lines.len() {
        // Collect one block (up to a blank line).
        while i < lines.len() && lines[i].trim().is_empty() {
            i += 1;
        }
        if i >= lines.len() {
            break;
        }
        let block_start = i;
        while i < lines.len() && !lines[i].trim().is_empty() {
            i += 1;
        }
        let block: Vec<(usize, &str)> = (block_start..i).map(|k| (k + 1, lines[k])).collect();
        let first = block[0].1.trim();
        if is_keyword_block(first) && !block.iter().skip(1).any(|(_, l)| is_timing(l)) || first.starts_with("NOTE") {
            continue; // NOTE, STYLE, REGION, the header block
        }
        match block.iter().position(|(_, l)| is_timing(l)) {
            None => {
                if let Some(&(n, l)) = block.iter().find(|(_, l)| looks_partial_timing(l)) {
                    return Err(ctx
                        .err(Some(n), format!("incomplete cue timing `{}` (is the file truncated?)", l.trim()))
                        .with_hint(TIMING_HINT));
                }
                let only_number = block.len() == 1 && first.bytes().all(|b| b.is_ascii_digit());
                if only_number && lines[i..].iter().all(|l| l.trim().is_empty()) {
                    return Err(ctx
                        .err(Some(block[0].0), format!("cue `{first}` has no timing line: the file ends early (truncated?)"))
                        .with_hint("export the transcript again"));
                }
                match cues.last_mut() {
                    Some(c) => {
                        ctx.warn(Some(block[0].0), "text without a cue timing line; added to the previous cue");
                        c.payload.extend(block.iter().copied());
                    }
                    None => {
                        return Err(ctx
                            .err(Some(block[0].0), format!("expected a cue, found `{}`", clip(first)))
                            .with_hint(format!("{TIMING_HINT}; is this really a {} file?", format.name())));
                    }
                }
            }
            Some(k) => {
                if k > 1 {
                    ctx.warn(Some(block[0].0), "several lines before the cue timing; the extra lines were ignored");
                }
                // Split further where a timing line follows payload without a blank line.
                let mut cur: Option<Cue> = None;
                for &(n, l) in &block[k..] {
                    if is_timing(l) {
                        if let Some(mut c) = cur.take() {
                            // "12" right before the timing line is the next cue's SRT number.
                            if c.payload.last().is_some_and(|(_, p)| {
                                let p = p.trim();
                                !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())
                            }) {
                                c.payload.pop();
                            }
                            cues.push(c);
                        }
                        let (start, end) = parse_timing(ctx, l, n)?;
                        cur = Some(Cue { start, end, line: n, payload: Vec::new() });
                    } else if let Some(c) = cur.as_mut() {
                        c.payload.push((n, l));
                    }
                }
                if let Some(c) = cur {
                    cues.push(c);
                }
            }
        }
    }
    if cues.is_empty() {
        return Err(ctx
            .err(None, "no cues found")
            .with_hint(format!("{TIMING_HINT}; the file may be truncated or not a {} file", format.name())));
    }
    let mut utts = Vec::with_capacity(cues.len());
    for c in &cues {
        cue_utterances(c, &mut utts);
    }
    if let Some(last) = cues.last()
        && last.payload.iter().all(|(_, l)| l.trim().is_empty()) {
            // Text that stops right after a timing line was cut off; an empty cue followed by a blank
            // line is legal WebVTT.
            let n = lines.len();
            let ends_blank = n >= 2 && lines[n - 1].trim().is_empty() && lines[n - 2].is_empty();
            if ends_blank {
                ctx.warn(Some(last.line), "the last cue has no text");
            } else {
                return Err(ctx
                    .err(Some(last.line), "the last cue has a timing line but no text: the file ends early (truncated?)")
                    .with_hint("export the transcript again, or delete this last cue"));
            }
        }
    let merge = if ctx.opts.keep_cues { Merge::Keep } else { Merge::Consecutive };
    build_session(ctx, utts, merge, "cues")
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Splits a payload into (voice, text) spans at `<v Name>` / `</v>` tags.
fn voice_spans(payload: &str) -> Vec<(Option<String>, String)> {
    let mut out: Vec<(Option<String>, String)> = vec![(None, String::new())];
    let mut rest = payload;
    loop {
        // Linear: look at the next tag only.
        let (open, close) = next_voice_tag(rest);
        match (open, close) {
            (Some(o), c) if c.is_none_or(|c| o < c) => {
                if let Some(last) = out.last_mut() {
                    last.1.push_str(&rest[..o]);
                }
                let after = &rest[o + 2..];
                let Some(gt) = after.find('>') else {
                    if let Some(last) = out.last_mut() {
                        last.1.push_str(&rest[o..]);
                    }
                    break;
                };
                let inner = &after[..gt];
                // `<v.class.other Name>`: skip the classes up to the first whitespace.
                let name = match inner.find(char::is_whitespace) {
                    Some(ws) => inner[ws..].trim(),
                    None => "",
                };
                let name = squash(&strip_tags(name));
                out.push(((!name.is_empty()).then_some(name), String::new()));
                rest = &after[gt + 1..];
            }
            (_, Some(c)) => {
                if let Some(last) = out.last_mut() {
                    last.1.push_str(&rest[..c]);
                }
                out.push((None, String::new()));
                rest = &rest[c + 4..];
            }
            _ => {
                if let Some(last) = out.last_mut() {
                    last.1.push_str(rest);
                }
                break;
            }
        }
    }
    out.retain(|(_, t)| !t.trim().is_empty());
    out
}

/// The next voice tag: `(Some(i), None)` for an opening `<v ` / `<v.` at `i`, `(None, Some(i))` for a
/// closing `</v>` at `i`, `(None, None)` when there is none.
fn next_voice_tag(s: &str) -> (Option<usize>, Option<usize>) {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(i) = s[from..].find('<') {
        let at = from + i;
        if b.get(at + 1) == Some(&b'v') && matches!(b.get(at + 2), Some(b' ' | b'.' | b'\t' | b'>')) {
            return (Some(at), None);
        }
        if s[at..].starts_with("</v>") {
            return (None, Some(at));
        }
        from = at + 1;
    }
    (None, None)
}

fn cue_utterances(c: &Cue, out: &mut Vec<Utt>) {
    let line0 = c.line; // errors about a cue point at its timing line
    // An export tool's footer (`Transcribed by https://otter.ai`) is not speech.
    let joined: String = c
        .payload
        .iter()
        .map(|(_, l)| *l)
        .filter(|l| !is_export_boilerplate(&strip_tags(l)))
        .collect::<Vec<_>>()
        .join("\n");
    for (span_index, (voice, span)) in voice_spans(&joined).into_iter().enumerate() {
        match voice {
            Some(v) => out.push(Utt::new(Some(v), squash(&strip_tags(&span)), Some(c.start), Some(c.end), line0)),
            None => {
                // Unvoiced text: `Name: text` prefixes start utterances; other lines continue.
                let mut cur: Option<Utt> = None;
                for (k, l) in span.split('\n').enumerate() {
                    let clean = strip_tags(l);
                    let first_line = k == 0 && span_index == 0;
                    let n = line0;
                    if let Some((name, rest)) = speaker_prefix(&clean) {
                        if let Some(u) = cur.take() {
                            out.push(u);
                        }
                        let mut u = Utt::new(Some(name), squash(rest), Some(c.start), Some(c.end), n);
                        // A prefix opening a cue is how Zoom names speakers: trust it. One further down
                        // a cue may be a sentence with a colon, so keep the line to undo it if need be.
                        if !first_line {
                            u.raw = Some(squash(&clean));
                        }
                        cur = Some(u);
                    } else {
                        let t = squash(&clean);
                        match cur.as_mut() {
                            Some(u) => {
                                if !t.is_empty() {
                                    u.text.push(' ');
                                    u.text.push_str(&t);
                                    if let Some(r) = u.raw.as_mut() {
                                        r.push(' ');
                                        r.push_str(&t);
                                    }
                                }
                            }
                            None => cur = Some(Utt::new(None, t, Some(c.start), Some(c.end), n)),
                        }
                    }
                }
                if let Some(u) = cur {
                    out.push(u);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ReadOptions, parse, parse_bytes, parse_str};
    use attune_core::Role;

    fn opts() -> ReadOptions {
        ReadOptions::default()
    }

    const ZOOM: &str = "WEBVTT\n\n1\n00:00:02.140 --> 00:00:05.900\nDr. Maya Chen: Hi Sam, thanks for coming in today. How have you been since last week?\n\n2\n00:00:06.320 --> 00:00:09.010\nSam Ortiz: Honestly, not great. Work has been a lot.\n\n3\n00:00:09.200 --> 00:00:12.450\nSam Ortiz: I keep lying awake thinking about it.\n\n4\n00:00:12.500 --> 00:00:16.000\nDr. Maya Chen: That sounds exhausting. What keeps coming back at night?\n";

    #[test]
    fn zoom_vtt() {
        let r = parse(Format::Vtt, ZOOM, "zoom.vtt", &opts()).unwrap();
        let s = &r.sessions[0];
        assert_eq!(s.id, "zoom");
        assert_eq!(s.turns.len(), 3);
        assert_eq!(s.turns[0].speaker, "Dr. Maya Chen");
        assert_eq!(s.turns[0].role, Role::Therapist);
        assert_eq!(s.turns[1].role, Role::Client);
        assert_eq!(s.turns[1].text, "Honestly, not great. Work has been a lot. I keep lying awake thinking about it.");
        assert_eq!((s.turns[1].start, s.turns[1].end), (Some(6.32), Some(12.45)));
        assert_eq!(s.turns[1].source_line, Some(8));
        assert!(s.roles_inferred);
        assert!(r.warnings.iter().any(|w| w.message.contains("inferred")));
    }

    const TEAMS: &str = "WEBVTT\nKind: captions\nLanguage: en-US\n\nSTYLE\n::cue { color: white; }\n\nNOTE\nThis transcript was generated by Microsoft Teams.\nConfidence may vary.\n\nREGION\nid:fred width:40%\n\n3f1c2a9e-5a8f-4d1b-9c1e-7d2a6b5c4e3f/12-0\n00:00:03.520 --> 00:00:07.180 align:start position:0%\n<v Jordan Reyes>So tell me what brought you in this week.</v>\n\n3f1c2a9e-5a8f-4d1b-9c1e-7d2a6b5c4e3f/13-0\n00:00:07.900 --> 00:00:11.030 align:start position:0%\n<v Priya Nair>I guess... <i>everything</i> &amp; nothing?\nIt's been hard.</v>\n\nNOTE a comment between cues\n\n00:00:11.100 --> 00:00:12.000 align:start position:0%\n<v.loud Jordan Reyes>Mm.</v> <v Priya Nair>Yeah.</v>\n";

    #[test]
    fn teams_vtt_with_voice_tags_notes_styles_and_settings() {
        let s = &parse_str(Format::Vtt, TEAMS, "teams.vtt", &opts()).unwrap()[0];
        let got: Vec<(&str, &str)> = s.turns.iter().map(|t| (t.speaker.as_str(), t.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("Jordan Reyes", "So tell me what brought you in this week."),
                ("Priya Nair", "I guess... everything & nothing? It's been hard."),
                ("Jordan Reyes", "Mm."),
                ("Priya Nair", "Yeah."),
            ]
        );
        assert_eq!(s.turns[2].start, Some(11.1));
        // Jordan opens, Priya asks the only question: a tie-break that must say it was guessed.
        assert!(s.roles_inferred);
        let given = ReadOptions { therapist: Some("jordan reyes".into()), ..opts() };
        let s = &parse_str(Format::Vtt, TEAMS, "teams.vtt", &given).unwrap()[0];
        assert_eq!(s.turns[0].role, Role::Therapist);
        assert_eq!(s.turns[1].role, Role::Client);
        assert!(!s.roles_inferred);
    }

    #[test]
    fn crlf_no_final_newline_bom_and_utf16() {
        let crlf = TEAMS.replace('\n', "\r\n");
        let a = parse_str(Format::Vtt, &crlf, "t.vtt", &opts()).unwrap();
        let b = parse_str(Format::Vtt, TEAMS, "t.vtt", &opts()).unwrap();
        assert_eq!(a[0].turns.len(), b[0].turns.len());
        assert_eq!(a[0].turns[1].text, b[0].turns[1].text);
        let cut = ZOOM.trim_end();
        let s = &parse_str(Format::Vtt, cut, "z.vtt", &opts()).unwrap()[0];
        assert!(s.turns[2].text.ends_with("at night?"));
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(crlf.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let r = parse_bytes(&bytes, "teams-utf16.vtt", &opts()).unwrap();
        assert_eq!(r.sessions[0].turns[1].speaker, "Priya Nair");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(ZOOM.as_bytes());
        assert_eq!(parse_bytes(&bom, "z.vtt", &opts()).unwrap().sessions[0].turns.len(), 3);
    }

    const WHISPER: &str = "WEBVTT\n\n00:00.000 --> 00:04.200\n Hi Sam, how have you been?\n\n00:04.200 --> 00:07.900\n Not great, honestly.\n";

    #[test]
    fn whisper_vtt_without_speakers_is_explained() {
        let e = parse_str(Format::Vtt, WHISPER, "whisper.vtt", &opts()).unwrap_err();
        assert_eq!(e.file, "whisper.vtt");
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("no speaker names"));
        assert!(e.hint.as_deref().unwrap_or("").contains("RTTM"));
        // mm:ss.ttt timing is read; with a prefix it works.
        let named = WHISPER.replace(" Hi Sam", "T: Hi Sam").replace(" Not great", "C: Not great");
        let s = &parse_str(Format::Vtt, &named, "w.vtt", &opts()).unwrap()[0];
        assert_eq!(s.turns[1].start, Some(4.2));
        assert_eq!(s.turns[1].role, Role::Client);
    }

    const SRT: &str = "1\n00:00:01,000 --> 00:00:03,500\nTHERAPIST: What would you like to focus on today?\n\n2\n00:00:04,000 --> 00:00:07,250 X1:100 X2:200 Y1:10 Y2:20\n<i>CLIENT:</i> My sister, mostly.\nWe had a fight.\n\n3\n00:00:07,500 --> 00:00:09,000\nTHERAPIST: Tell me more.";

    #[test]
    fn srt_without_final_blank_line() {
        let s = &parse_str(Format::Srt, SRT, "s.srt", &opts()).unwrap()[0];
        assert_eq!(s.turns.len(), 3);
        assert_eq!(s.turns[1].text, "My sister, mostly. We had a fight.");
        assert_eq!(s.turns[2].text, "Tell me more.");
        assert_eq!(s.turns[2].end, Some(9.0));
        assert_eq!(s.turns[0].role, Role::Therapist);
        // Missing blank line between cues.
        let squeezed = SRT.replace("fight.\n\n3\n", "fight.\n3\n");
        let s = &parse_str(Format::Srt, &squeezed, "s.srt", &opts()).unwrap()[0];
        assert_eq!(s.turns[1].text, "My sister, mostly. We had a fight.");
        assert_eq!(s.turns.len(), 3);
    }

    #[test]
    fn whisperx_srt_with_bracketed_speakers() {
        let srt = "1\n00:00:00,031 --> 00:00:03,200\n[SPEAKER_01]: How has the week been?\n\n2\n00:00:03,500 --> 00:00:05,000\n[SPEAKER_00]: Long.\n";
        let s = &parse_str(Format::Srt, srt, "wx.srt", &opts()).unwrap()[0];
        assert_eq!(s.speakers(), vec!["SPEAKER_01", "SPEAKER_00"]);
        assert_eq!(s.turns[0].role, Role::Therapist);
    }

    #[test]
    fn overlapping_cues_are_kept() {
        let v = "WEBVTT\n\n00:01.000 --> 00:05.000\n<v A>I was saying that</v>\n\n00:04.000 --> 00:06.000\n<v B>Sorry, go on?</v>\n";
        let s = &parse_str(Format::Vtt, v, "o.vtt", &opts()).unwrap()[0];
        assert_eq!(s.turns.len(), 2);
        assert!(s.turns[1].start < s.turns[0].end);
    }

    #[test]
    fn broken_cue_files_name_file_and_line() {
        let cases: Vec<(&str, String, usize, &str)> = vec![
            ("backwards", ZOOM.replace("00:00:06.320 --> 00:00:09.010", "00:00:09.320 --> 00:00:06.010"), 8, "backwards"),
            ("out of order", ZOOM.replace("00:00:09.200 --> 00:00:12.450", "00:00:01.200 --> 00:00:12.450"), 12, "out of order"),
            ("bad time", ZOOM.replace("00:00:06.320", "00:0x:06.320"), 8, "start time"),
            ("no end", ZOOM.replace("--> 00:00:09.010", "-->"), 8, "no end time"),
            ("truncated timing", ZOOM[..ZOOM.find("00:00:12.450").unwrap_or(0) - 8].to_string(), 12, "truncated"),
            ("garbage", "WEBVTT\n\nhello there\n".to_string(), 3, "expected a cue"),
        ];
        for (what, text, line, needle) in cases {
            let e = parse_str(Format::Vtt, &text, "bad.vtt", &opts()).unwrap_err();
            assert_eq!(e.line, Some(line), "{what}: {e}");
            assert!(e.to_string().starts_with(&format!("bad.vtt:{line}:")), "{what}: {e}");
            assert!(e.message.contains(needle), "{what}: {e}");
            assert!(e.hint.is_some(), "{what}: {e}");
        }
        let e = parse_str(Format::Srt, "1\n", "t.srt", &opts()).unwrap_err();
        assert!(e.message.contains("truncated"), "{e}");
        let e = parse_str(Format::Vtt, "WEBVTT\n\nNOTE only a note\n", "n.vtt", &opts()).unwrap_err();
        assert!(e.message.contains("no cues"), "{e}");
        let e = parse_str(Format::Vtt, ZOOM, "z.vtt", &ReadOptions { client: Some("Bob".into()), ..opts() }).unwrap_err();
        assert!(e.to_string().contains("`Dr. Maya Chen`, `Sam Ortiz`"), "{e}");
    }

    #[test]
    fn zoom_one_off_speaker_is_kept_but_stray_colon_lines_are_text() {
        let v = format!("{ZOOM}\n5\n00:00:16.500 --> 00:00:18.000\nAnna Berg: Sorry, wrong room!\n\n6\n00:00:18.500 --> 00:00:20.000\nSam Ortiz: The worst part\nMy boss: not a word.\n");
        let s = &parse_str(Format::Vtt, &v, "z.vtt", &opts()).unwrap()[0];
        assert_eq!(s.speakers(), vec!["Dr. Maya Chen", "Sam Ortiz", "Anna Berg"]);
        assert_eq!(s.turns.last().map(|t| t.text.as_str()), Some("The worst part My boss: not a word."));
        assert_eq!(s.turns[3].role, Role::Other);
    }

    #[test]
    fn voice_span_parsing() {
        let v = voice_spans("<v.first.loud Esme>Hi</v> there <v Bob>yo");
        assert_eq!(v, vec![(Some("Esme".into()), "Hi".into()), (None, " there ".into()), (Some("Bob".into()), "yo".into())]);
        assert_eq!(voice_spans("<v Bob"), vec![(None, "<v Bob".into())]);
        assert_eq!(voice_spans("<very>x"), vec![(None, "<very>x".into())]);
    }
}
