//! What people really export: Markdown podcast transcripts, Teams VTT with unpadded times, mixed line
//! ends, Otter footers, Windows-1252 files, concatenated JSON, and speaker segments from RTTM. Every
//! sample here is written for the test. (Tests that need files on disk are in `tests.rs`, where the I/O
//! rule of `crates/attune/tests/io_rule.rs` allows them.)

use super::*;

fn opts() -> ReadOptions {
    ReadOptions::default()
}

fn turns(s: &Session) -> Vec<(&str, &str)> {
    s.turns.iter().map(|t| (t.speaker.as_str(), t.text.as_str())).collect()
}

// ---- 1. Markdown bold names -------------------------------------------------------------------

const PODCAST_MD: &str = "# Episode 12: Starting therapy\n\n\
**Dr. Ana Ruiz:** Welcome. What made you decide to come in now?\n\n\
**Ben:** I guess I ran out of ways to ignore it.\n\
Sleep, mostly.\n\n\
**Dr. Ana Ruiz**: Ran out of ways to ignore it. What did ignoring it look like?\n\n\
**Ben**:Working late. Every night.\n\n\
*Dr. Ana Ruiz:* Every night?\n\n\
__Ben:__ Most nights.\n";

#[test]
fn markdown_bold_names() {
    assert_eq!(Format::detect("episode-12.md", PODCAST_MD), Format::Text);
    let r = parse_bytes(PODCAST_MD.as_bytes(), "episode-12.md", &opts()).unwrap();
    let s = &r.sessions[0];
    assert_eq!(
        turns(s),
        vec![
            ("Dr. Ana Ruiz", "Welcome. What made you decide to come in now?"),
            ("Ben", "I guess I ran out of ways to ignore it. Sleep, mostly."),
            ("Dr. Ana Ruiz", "Ran out of ways to ignore it. What did ignoring it look like?"),
            ("Ben", "Working late. Every night."),
            ("Dr. Ana Ruiz", "Every night?"),
            ("Ben", "Most nights."),
        ]
    );
    assert_eq!(s.turns[0].role, Role::Therapist);
    assert_eq!(s.turns[1].role, Role::Client);
    assert_eq!(s.turns[3].source_line, Some(10));
    // Stamps before or inside the bold name, and the bold form of an Otter header.
    let stamped = "[00:00:05] **Dr. Ana Ruiz:** Hello?\n**Ben** [00:00:09]: Hi.\n**Dr. Ana Ruiz** 0:15\nHow are you?\n";
    let s = &parse_str(Format::Text, stamped, "s.md", &opts()).unwrap()[0];
    assert_eq!(turns(s), vec![("Dr. Ana Ruiz", "Hello?"), ("Ben", "Hi."), ("Dr. Ana Ruiz", "How are you?")]);
    assert_eq!((s.turns[0].start, s.turns[1].start, s.turns[2].start), (Some(5.0), Some(9.0), Some(15.0)));
    // Zoom-style VTT with bold names reads the same way.
    let vtt = "WEBVTT\n\n00:01.000 --> 00:03.000\n**Therapist:** How was the week?\n\n00:03.500 --> 00:05.000\n**Client:** Long.\n";
    let s = &parse_str(Format::Vtt, vtt, "b.vtt", &opts()).unwrap()[0];
    assert_eq!(turns(s), vec![("Therapist", "How was the week?"), ("Client", "Long.")]);
}

// ---- 2. Microsoft Teams VTT with unpadded times ----------------------------------------------

const TEAMS_UNPADDED: &str = "WEBVTT\n\n\
8a3e51c2-7d4f-4c11-9b0e-2f6a9d1c7e55/18-0\n\
0:0:0.0 --> 0:0:0.570\n\
<v Jordan Reyes>Hi.</v>\n\n\
8a3e51c2-7d4f-4c11-9b0e-2f6a9d1c7e55/19-0\n\
0:0:0.570 --> 0:0:4.5\n\
<v Jordan Reyes>What brought you in this week?</v>\n\n\
8a3e51c2-7d4f-4c11-9b0e-2f6a9d1c7e55/20-0\n\
0:00:05.12 --> 0:00:09.3\n\
<v Priya Nair>I guess everything.</v>\n\n\
8a3e51c2-7d4f-4c11-9b0e-2f6a9d1c7e55/21-0\n\
0:00:9.3 --> 0:1:2.0\n\
<v Priya Nair>It's been hard.</v> <v Jordan Reyes>Mm.</v>\n";

#[test]
fn teams_unpadded_times_and_voice_tags() {
    assert_eq!(Format::detect("meeting.vtt", TEAMS_UNPADDED), Format::Vtt);
    let r = parse_bytes(TEAMS_UNPADDED.as_bytes(), "meeting.vtt", &opts()).unwrap();
    let s = &r.sessions[0];
    assert_eq!(
        turns(s),
        vec![
            ("Jordan Reyes", "Hi. What brought you in this week?"),
            ("Priya Nair", "I guess everything. It's been hard."),
            ("Jordan Reyes", "Mm."),
        ]
    );
    assert_eq!((s.turns[0].start, s.turns[0].end), (Some(0.0), Some(4.5)));
    assert_eq!((s.turns[1].start, s.turns[1].end), (Some(5.12), Some(62.0)));
    assert_eq!(s.turns[1].source_line, Some(12));
    assert_eq!(s.turns[0].role, Role::Therapist);
    // keep_cues shows each cue's own times: `.570` is 0.57 s, `.5` is 0.5 s.
    let k = &parse_str(Format::Vtt, TEAMS_UNPADDED, "m.vtt", &ReadOptions { keep_cues: true, ..opts() }).unwrap()[0];
    let times: Vec<(Option<f64>, Option<f64>)> = k.turns.iter().map(|t| (t.start, t.end)).collect();
    assert_eq!(times[..3], [(Some(0.0), Some(0.57)), (Some(0.57), Some(4.5)), (Some(5.12), Some(9.3))]);
    // A timing field over 59 is still refused, naming the line.
    let bad = TEAMS_UNPADDED.replace("0:0:0.570 --> 0:0:4.5", "0:0:0.570 --> 0:0:64.5");
    let e = parse_str(Format::Vtt, &bad, "m.vtt", &opts()).unwrap_err();
    assert_eq!(e.line, Some(8), "{e}");
    assert!(e.message.contains("end time `0:0:64.5`"), "{e}");
}

// ---- 3. Lone CR line ends --------------------------------------------------------------------

#[test]
fn lone_cr_ends_a_line_and_line_numbers_stay_right() {
    // LF file with a pasted-in CR line end, and one CRLF.
    let text = "Therapist: How was the week?\nClient: Long.\rTherapist: Long how?\r\nClient: Just long.\nI slept badly.\n";
    let s = &parse_str(Format::Text, text, "t.txt", &opts()).unwrap()[0];
    assert_eq!(s.turns.len(), 4);
    assert_eq!(s.turns[2].text, "Long how?");
    assert_eq!(s.turns[3].text, "Just long. I slept badly.");
    let lines: Vec<Option<usize>> = s.turns.iter().map(|t| t.source_line).collect();
    assert_eq!(lines, vec![Some(1), Some(2), Some(3), Some(4)]);
    // Errors after a lone CR name the right line, in every reader.
    let e = parse_str(Format::Text, "T: hi\rC: there\r[00:00:09] T: a\n[00:00:05] C: b\n", "t.txt", &opts()).unwrap_err();
    assert_eq!(e.line, Some(4), "{e}");
    let vtt = "WEBVTT\r\r00:01.000 --> 00:02.000\r\n<v A>one</v>\n\n00:02.500 --> 00:0x.000\n<v B>two</v>\n";
    let e = parse_str(Format::Vtt, vtt, "v.vtt", &opts()).unwrap_err();
    assert_eq!(e.line, Some(6), "{e}");
    let ok = vtt.replace("00:0x.000", "00:03.000");
    let s = &parse_str(Format::Vtt, &ok, "v.vtt", &opts()).unwrap()[0];
    assert_eq!(s.turns[1].source_line, Some(6));
    let e = parse_str(Format::Csv, "speaker,text,start\rT,hi,1\rC,yo,abc\n", "c.csv", &opts()).unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
    let e = parse_str(Format::AttuneJson, "{\r  \"id\": \"x\",\r  \"turns\": [\r\n    {\"speaker\": 3}\n  ]\n}", "j.json", &opts()).unwrap_err();
    assert_eq!(e.line, Some(4), "{e}");
    let e = parse_str(Format::Jsonl, &JSONL_SESSIONS.replace('\n', "\r").replace("\"Hello\"", "\"Hello"), "d.jsonl", &opts()).unwrap_err();
    assert_eq!(e.line, Some(2), "{e}");
    let e = read_whisper_rttm(WHISPER, "SPEAKER s 1 0.0 1.0 <NA> <NA> A <NA> <NA>\rSPEAKER s 1 x 1 <NA> <NA> B <NA> <NA>\n", "w.json", "w.rttm", &opts())
        .unwrap_err();
    assert_eq!((e.file.as_str(), e.line), ("w.rttm", Some(2)), "{e}");
    // Decoding errors count a lone CR too (UTF-8 and UTF-16).
    let e = decode(b"T: hi\rC: \x00", "n.txt").unwrap_err();
    assert_eq!(e.line, Some(2), "{e}");
    let mut le = vec![0xFF, 0xFE];
    le.extend("T: hi\rC: x\r\nT: \u{0}".encode_utf16().flat_map(|u| u.to_le_bytes()));
    assert_eq!(decode(&le, "n.txt").unwrap_err().line, Some(3));
    // Format detection sees lone-CR lines as lines.
    assert_eq!(Format::detect("x", "1\r00:00:01,000 --> 00:00:02,000\rT: hi\r"), Format::Srt);
}

// ---- 4. Export footers -----------------------------------------------------------------------

const OTTER_TXT: &str = "Jamie Park  0:03\nHow was the week?\n\nRiley  0:07\nOkay I guess.\nNot great.\n\n\n\n   Transcribed by https://otter.ai   \n\n";

#[test]
fn otter_footer_is_dropped() {
    let s = &parse_str(Format::Text, OTTER_TXT, "otter.txt", &opts()).unwrap()[0];
    assert_eq!(turns(s), vec![("Jamie Park", "How was the week?"), ("Riley", "Okay I guess. Not great.")]);
    for footer in [
        "TRANSCRIBED BY HTTPS://OTTER.AI",
        "Transcribed by Otter",
        "transcribed by otter.ai.",
        "Transcribed by https://otter.ai/",
        "Transcribed by www.otter.ai",
        "*Transcribed by https://otter.ai*",
    ] {
        let t = OTTER_TXT.replace("Transcribed by https://otter.ai", footer);
        let s = &parse_str(Format::Text, &t, "otter.txt", &opts()).unwrap()[0];
        assert_eq!(s.turns[1].text, "Okay I guess. Not great.", "{footer}");
    }
    // CRLF and no final newline.
    let t = OTTER_TXT.trim_end().replace('\n', "\r\n");
    assert_eq!(parse_str(Format::Text, &t, "o.txt", &opts()).unwrap()[0].turns[1].text, "Okay I guess. Not great.");
    // A footer before anyone speaks is no longer "text before the first speaker".
    let t = format!("Transcribed by https://otter.ai\n\n{OTTER_TXT}");
    assert_eq!(parse_str(Format::Text, &t, "o.txt", &opts()).unwrap()[0].turns.len(), 2);
    // Speech that merely mentions transcription is kept.
    let t = OTTER_TXT.replace("Transcribed by https://otter.ai", "Transcribed by hand, every word.");
    assert!(parse_str(Format::Text, &t, "o.txt", &opts()).unwrap()[0].turns[1].text.ends_with("Transcribed by hand, every word."));
    // The footer inside the last cue of an SRT or VTT export is dropped too.
    let srt = "1\n00:00:03,000 --> 00:00:05,000\nJamie Park: How was the week?\n\n2\n00:00:07,000 --> 00:00:09,000\nRiley: Okay I guess.\nTranscribed by https://otter.ai\n";
    let s = &parse_str(Format::Srt, srt, "otter.srt", &opts()).unwrap()[0];
    assert_eq!(s.turns[1].text, "Okay I guess.");
    let vtt = "WEBVTT\n\n00:03.000 --> 00:05.000\n<v Jamie>How was it?</v>\n\n00:07.000 --> 00:09.000\n<v Riley>Fine.</v>\n\n00:09.000 --> 00:09.500\nTranscribed by https://otter.ai\n";
    let s = &parse_str(Format::Vtt, vtt, "otter.vtt", &opts()).unwrap()[0];
    assert_eq!(turns(s), vec![("Jamie", "How was it?"), ("Riley", "Fine.")]);
}

// ---- 5. Windows-1252 / Latin-1 files ---------------------------------------------------------

/// `text` in Windows-1252: every char must be Latin-1 or one of the 1252 punctuation marks used here.
pub(crate) fn cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\u{2019}' => 0x92,
            '\u{201C}' => 0x93,
            '\u{201D}' => 0x94,
            '\u{2013}' => 0x96,
            '\u{2026}' => 0x85,
            '\u{20AC}' => 0x80,
            c => u8::try_from(u32::from(c)).unwrap_or(b'?'),
        })
        .collect()
}

#[test]
fn windows_1252_files_are_read_with_a_warning() {
    let srt = "1\r\n00:00:01,000 --> 00:00:03,500\r\nTHÉRAPEUTE: Comment ça va depuis la dernière fois?\r\n\r\n\
2\r\n00:00:04,000 --> 00:00:07,250\r\nCLIENT: Mal\u{2026} j\u{2019}ai payé 50 \u{20AC} pour \u{201C}rien\u{201D} \u{2013} voilà.\r\n";
    let bytes = cp1252(srt);
    assert!(std::str::from_utf8(&bytes).is_err());
    let r = parse_bytes(&bytes, "séance.srt", &opts()).unwrap();
    let s = &r.sessions[0];
    assert_eq!(s.turns[0].speaker, "THÉRAPEUTE");
    assert_eq!(s.turns[0].text, "Comment ça va depuis la dernière fois?");
    assert_eq!(s.turns[1].text, "Mal\u{2026} j\u{2019}ai payé 50 \u{20AC} pour \u{201C}rien\u{201D} \u{2013} voilà.");
    let w = &r.warnings[0];
    assert_eq!((w.file.as_str(), w.line), ("séance.srt", Some(3)));
    assert!(w.message.contains("Windows-1252"), "{w}");
    // Latin-1-only VTT and TXT.
    let vtt = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v José>¿Qué tal?</v>\n\n00:02.500 --> 00:04.000\n<v Inés>Así así.</v>\n";
    let r = parse_bytes(&cp1252(vtt), "v.vtt", &opts()).unwrap();
    assert_eq!(turns(&r.sessions[0]), vec![("José", "¿Qué tal?"), ("Inés", "Así así.")]);
    assert!(r.warnings[0].message.contains("Latin-1") && r.warnings[0].line == Some(4), "{}", r.warnings[0]);
    let txt = "Therapeut: Wie geht's Ihnen heute?\nKlientin: Müde. Die Woche war schwer für mich.\n";
    let r = parse_bytes(&cp1252(txt), "sitzung.txt", &opts()).unwrap();
    assert_eq!(r.sessions[0].turns[1].text, "Müde. Die Woche war schwer für mich.");
    assert_eq!(r.warnings[0].line, Some(2));
    // UTF-8 with BOM, UTF-16 LE and BE with BOM still decode as before, without a guess.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(vtt.as_bytes());
    let mut le = vec![0xFF, 0xFE];
    le.extend(vtt.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let mut be = vec![0xFE, 0xFF];
    be.extend(vtt.encode_utf16().flat_map(|u| u.to_be_bytes()));
    for (what, b, enc) in [("bom", bom, TextEncoding::Utf8), ("le", le, TextEncoding::Utf16Le), ("be", be, TextEncoding::Utf16Be)] {
        let d = decode(&b, "v.vtt").unwrap();
        assert_eq!((d.encoding, d.text.as_str(), d.warnings.len()), (enc, vtt, 0), "{what}");
        let r = parse_bytes(&b, "v.vtt", &opts()).unwrap();
        assert_eq!(turns(&r.sessions[0]), vec![("José", "¿Qué tal?"), ("Inés", "Así así.")], "{what}");
        assert!(!r.warnings.iter().any(|w| w.message.contains("1252")), "{what}");
    }
}

// ---- 6. Concatenated JSON --------------------------------------------------------------------

const JSONL_SESSIONS: &str = "{\"id\":\"a\",\"turns\":[{\"speaker\":\"therapist\",\"text\":\"Hi?\"},{\"speaker\":\"client\",\"text\":\"Hey\"}]}\n\
{\"id\":\"b\",\"turns\":[{\"speaker\":\"client\",\"text\":\"Hello\"}]}\n";

const TURNS_PRETTY: &str = "{\n  \"speaker\": \"Dana\",\n  \"role\": \"counselor\",\n  \"text\": \"What brings you in?\",\n  \"start\": 0.5,\n  \"end\": 2.0\n}\n\
{\n  \"speaker\": \"Lee\",\n  \"role\": \"client\",\n  \"text\": \"My sleep.\",\n  \"start\": \"00:00:02.400\",\n  \"end\": 3.1\n}\n\
{\n  \"speaker\": \"Lee\",\n  \"text\": \"It's gone.\",\n  \"start\": 3.2,\n  \"end\": 4.0\n}\n";

const TURN_LINES: &str = "{\"speaker\": \"Therapist\", \"text\": \"How was the week?\", \"start_s\": 1.0}\n\
{\"speaker\": \"Client\", \"text\": \"Long.\", \"start_s\": 2.5}\n\n\
{\"speaker\": \"Therapist\", \"text\": \"Long how?\", \"start_s\": 4.0}\n";

#[test]
fn concatenated_json_turns_are_read_as_one_session() {
    // Pretty-printed turn objects one after another in a .json file.
    let r = parse_bytes(TURNS_PRETTY.as_bytes(), "export.json", &opts()).unwrap();
    let s = &r.sessions[0];
    assert_eq!(r.sessions.len(), 1);
    assert_eq!(turns(s), vec![("Dana", "What brings you in?"), ("Lee", "My sleep. It's gone.")]);
    assert_eq!((s.turns[1].start, s.turns[1].end), (Some(2.4), Some(4.0)));
    assert_eq!(s.turns[1].source_line, Some(8));
    assert_eq!((s.turns[0].role, s.turns[1].role), (Role::Therapist, Role::Client));
    assert!(!s.roles_inferred, "the `role` fields said who is who");
    assert!(r.warnings.iter().any(|w| w.message.contains("3 JSON objects") && w.message.contains("one turn each")), "{:?}", r.warnings);
    // JSON Lines of turns, saved as .json or as .jsonl.
    for label in ["turns.json", "turns.jsonl"] {
        let r = parse_bytes(TURN_LINES.as_bytes(), label, &opts()).unwrap();
        let s = &r.sessions[0];
        assert_eq!(s.turns.len(), 3, "{label}");
        assert_eq!(s.turns[2].source_line, Some(4), "{label}");
        assert_eq!(s.turns[1].role, Role::Client, "{label}");
    }
    // An array of turns, and one lone turn object.
    let arr = format!("[{}]", TURN_LINES.trim().replace("}\n", "},").replace(",\n", ","));
    let s = &parse_str(Format::AttuneJson, &arr, "a.json", &opts()).unwrap()[0];
    assert_eq!(s.turns.len(), 3);
    let one = TURN_LINES.lines().next().unwrap_or_default();
    assert_eq!(parse_str(Format::AttuneJson, one, "one.json", &opts()).unwrap()[0].turns.len(), 1);
    // A bad turn names its line.
    let bad = TURNS_PRETTY.replace("\"end\": 3.1", "\"end\": \"soon\"");
    let e = parse_str(Format::AttuneJson, &bad, "export.json", &opts()).unwrap_err();
    assert_eq!(e.line, Some(8), "{e}");
    assert!(e.message.contains("end time"), "{e}");
    let bad = TURN_LINES.replace("\"Client\", \"text\"", "\"Client\", \"words\"");
    let e = parse_str(Format::Jsonl, &bad, "t.jsonl", &opts()).unwrap_err();
    assert_eq!(e.line, Some(2), "{e}");
    assert!(e.message.contains("2 turn(s)") && e.message.contains("line 2 has keys `speaker`, `start_s`, `words`"), "{e}");
}

#[test]
fn concatenated_json_sessions_and_refusals() {
    // Sessions one after another, pretty-printed: read as several sessions, like an array.
    let pretty = JSONL_SESSIONS.replace("{\"id\":\"b\"", "\n{\n\"id\":\"b\"");
    let v = parse_str(Format::AttuneJson, &pretty, "two.json", &opts()).unwrap();
    assert_eq!(v.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), vec!["a", "b"]);
    assert_eq!(Format::detect("two.json", JSONL_SESSIONS), Format::Jsonl);
    // Objects that are neither sessions nor turns: refused, saying what the file holds and where the
    // second object starts.
    let other = "{\"title\": \"Session 3\", \"date\": \"2024-03-12\"}\n\n{\"speaker\": \"T\", \"text\": \"Hi\"}\n{\"speaker\": \"C\", \"text\": \"Hey\"}\n";
    let e = parse_bytes(other.as_bytes(), "notes.json", &ReadOptions { format: Some(Format::AttuneJson), ..opts() }).unwrap_err();
    assert_eq!((e.file.as_str(), e.line), ("notes.json", Some(3)), "{e}");
    assert!(e.message.starts_with("notes.json holds 3 JSON objects one after another"), "{e}");
    assert!(e.message.contains("2 turn(s)") && e.message.contains("`date`, `title`"), "{e}");
    assert!(e.hint.as_deref().unwrap_or("").contains(".jsonl"), "{e}");
    let mixed = format!("{}{}", JSONL_SESSIONS, "{\"speaker\": \"T\", \"text\": \"Hi\"}\n");
    let e = parse_str(Format::AttuneJson, &mixed, "m.json", &opts()).unwrap_err();
    assert_eq!(e.line, Some(2), "{e}");
    assert!(e.message.contains("2 session(s)") && e.message.contains("1 turn(s)"), "{e}");
    let e = parse_str(Format::AttuneJson, "{\"speaker\": \"T\", \"text\": \"Hi\"}\n[1, 2]\n\"x\"\n", "v.json", &opts()).unwrap_err();
    assert!(e.message.contains("3 JSON values") && e.message.contains("1 array(s)"), "{e}");
    // A turn file where a later line is something else: as .jsonl, and as JSON Lines saved as .json.
    let with_note = format!("{TURN_LINES}{{\"note\": 1}}\n");
    let e = parse_str(Format::Jsonl, &with_note, "t.jsonl", &opts()).unwrap_err();
    assert_eq!(e.line, Some(2), "{e}");
    assert!(e.message.contains("neither all conversations nor all turns") && e.message.contains("`note`"), "{e}");
    let e = parse_bytes(with_note.as_bytes(), "t.json", &opts()).unwrap_err();
    assert_eq!((e.file.as_str(), e.line), ("t.json", Some(2)), "{e}");
    assert!(e.message.starts_with("t.json holds 4 JSON objects one after another") && e.message.contains("3 turn(s)"), "{e}");
    assert!(e.hint.as_deref().unwrap_or("").contains("rename the file .jsonl"), "{e}");
    // Garbage after the first value is a JSON error at its line.
    let e = parse_str(Format::AttuneJson, "{\"speaker\": \"T\", \"text\": \"Hi\"}\n\nnope\n", "g.json", &opts()).unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
}

// ---- 7. Speaker segments ---------------------------------------------------------------------

pub(crate) const RTTM: &str = "# pyannote 3.1\nSPEAKER session 1 3.500 2.000 <NA> <NA> SPEAKER_00 <NA> <NA>\n\
SPEAKER session 1 0.000 3.300 <NA> <NA> SPEAKER_01 <NA> <NA>\n\
SPKR-INFO session 1 <NA> <NA> <NA> unknown SPEAKER_00 <NA> <NA>\n\
SPEAKER session 1 5.700 4.300 <NA> <NA> SPEAKER_01 <NA> <NA>\n";

const WHISPER: &str = r#"{"segments": [{"start": 0.0, "end": 1.0, "text": "Hi?"}, {"start": 1.2, "end": 2.0, "text": "Yo."}]}"#;

#[test]
fn speaker_segments_from_rttm() {
    let o = ReadOptions { therapist: Some("speaker_01".into()), ..opts() };
    let r = speaker_segments(RTTM, "session.rttm", &o).unwrap();
    assert_eq!(r.format, Format::Rttm);
    let got: Vec<(&str, Role, f64, f64, Option<usize>)> =
        r.segments.iter().map(|s| (s.speaker.as_str(), s.role, s.start, s.end, s.line)).collect();
    assert_eq!(
        got,
        vec![
            ("SPEAKER_01", Role::Therapist, 0.0, 3.3, Some(3)),
            ("SPEAKER_00", Role::Client, 3.5, 5.5, Some(2)),
            ("SPEAKER_01", Role::Therapist, 5.7, 10.0, Some(5)),
        ]
    );
    assert!(r.segments.iter().all(|s| s.text.is_none()));
    assert!(!r.roles_inferred);
    // No names given: no roles, and a warning lists the speakers.
    let r = speaker_segments(RTTM, "session.rttm", &opts()).unwrap();
    assert!(r.segments.iter().all(|s| s.role == Role::Other));
    assert!(r.warnings.iter().any(|w| w.message.contains("`SPEAKER_00`, `SPEAKER_01`")), "{:?}", r.warnings);
    // Names that say a role give it.
    let named = RTTM.replace("SPEAKER_01", "therapist").replace("SPEAKER_00", "client");
    let r = speaker_segments(&named, "n.rttm", &opts()).unwrap();
    assert_eq!((r.segments[0].role, r.segments[1].role), (Role::Therapist, Role::Client));
    assert!(r.roles_inferred);
    // Detection by content (no extension), and a lone CR.
    let r = speaker_segments(&RTTM.replace("# pyannote 3.1\n", "").replace('\n', "\r"), "diarization", &o).unwrap();
    assert_eq!(r.segments.len(), 3);
    // Errors: a name not in the file, a bad line, a blank file.
    let e = speaker_segments(RTTM, "s.rttm", &ReadOptions { client: Some("Sam".into()), ..opts() }).unwrap_err();
    assert!(e.to_string().contains("s.rttm") && e.hint.as_deref().unwrap_or("").contains("`SPEAKER_00`, `SPEAKER_01`"), "{e}");
    let e = speaker_segments(&RTTM.replace("5.700", "5,7"), "s.rttm", &opts()).unwrap_err();
    assert_eq!(e.line, Some(5), "{e}");
    assert!(speaker_segments(" \n", "s.rttm", &opts()).is_err());
    // The whole-session readers still refuse an RTTM alone, and point here.
    let e = parse_str(Format::Rttm, RTTM, "s.rttm", &opts()).unwrap_err();
    assert!(e.hint.as_deref().unwrap_or("").contains("speaker_segments"), "{e}");
}

#[test]
fn speaker_segments_from_transcripts() {
    let r = speaker_segments(TEAMS_UNPADDED, "meeting.vtt", &opts()).unwrap();
    assert_eq!(r.format, Format::Vtt);
    let got: Vec<(&str, Role, f64, f64)> = r.segments.iter().map(|s| (s.speaker.as_str(), s.role, s.start, s.end)).collect();
    assert_eq!(
        got,
        vec![
            ("Jordan Reyes", Role::Therapist, 0.0, 4.5),
            ("Priya Nair", Role::Client, 5.12, 62.0),
            ("Jordan Reyes", Role::Therapist, 9.3, 62.0),
        ]
    );
    assert_eq!(r.segments[1].text.as_deref(), Some("I guess everything. It's been hard."));
    assert!(r.roles_inferred);
    let kept = speaker_segments(TEAMS_UNPADDED, "meeting.vtt", &ReadOptions { keep_cues: true, ..opts() }).unwrap();
    assert_eq!(kept.segments.len(), 5);
    // A CSV with times; some turns without an end are left out with a warning.
    let csv = "speaker,text,start,end\nT,Hi?,0,1.5\nC,Hello.,2,\nT,How are you?,3,4\n";
    let r = speaker_segments(csv, "c.csv", &opts()).unwrap();
    assert_eq!(r.segments.len(), 2);
    assert!(r.warnings.iter().any(|w| w.line == Some(3) && w.message.contains("1 turn(s)")), "{:?}", r.warnings);
    // Untimed text and several sessions are refused.
    let e = speaker_segments("Therapist: hi\nClient: hello\n", "t.txt", &opts()).unwrap_err();
    assert!(e.message.contains("start and an end"), "{e}");
    let e = speaker_segments(JSONL_SESSIONS, "d.jsonl", &opts()).unwrap_err();
    assert!(e.message.contains("2 sessions"), "{e}");
    // Whisper JSON alone has no speakers: the reader's own error comes through.
    let e = speaker_segments(WHISPER, "w.json", &opts()).unwrap_err();
    assert!(e.message.contains("no speaker names"), "{e}");
}
