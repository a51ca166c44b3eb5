//! Crate-level tests: detection, the file helpers, the broken-input matrix, and no-panic properties.

use super::*;
use proptest::prelude::*;

const ZOOM: &str = "WEBVTT\n\n1\n00:00:02.140 --> 00:00:05.900\nDr. Maya Chen: How have you been?\n\n2\n00:00:06.320 --> 00:00:09.010\nSam Ortiz: Not great.\n";
const SRT: &str = "1\n00:00:01,000 --> 00:00:03,500\nTHERAPIST: What brings you?\n\n2\n00:00:04,000 --> 00:00:07,250\nCLIENT: My sister.\n";
const TEXT: &str = "Therapist: What brings you?\nClient: My sister.\n";
const CSV: &str = "speaker,text,start,end\nTherapist,\"So, what brings you?\",0,2\nClient,My sister.,2.5,4\n";
const JSONL: &str = "{\"id\":\"a\",\"source\":\"X\",\"split\":\"dev\",\"meta\":{},\"turns\":[{\"speaker\":\"therapist\",\"text\":\"Hi?\",\"labels\":{}},{\"speaker\":\"client\",\"text\":\"Hey\",\"labels\":{}}]}\n{\"id\":\"b\",\"source\":\"X\",\"split\":\"train\",\"meta\":{},\"turns\":[{\"speaker\":\"client\",\"text\":\"Hey\",\"labels\":{}}]}\n";

fn attune_json() -> String {
    let mut s = Session::new("j");
    s.turns.push(Turn::new(Role::Therapist, "T", "Hi?"));
    s.turns.push(Turn::new(Role::Client, "C", "Hey"));
    s.to_json().unwrap_or_default()
}

#[test]
fn detects_formats() {
    assert_eq!(Format::detect("a.vtt", ZOOM), Format::Vtt);
    assert_eq!(Format::detect("a.txt", ZOOM), Format::Vtt);
    assert_eq!(Format::detect("a.srt", SRT), Format::Srt);
    assert_eq!(Format::detect("noext", SRT), Format::Srt);
    assert_eq!(Format::detect("a.txt", TEXT), Format::Text);
    assert_eq!(Format::detect("noext", TEXT), Format::Text);
    assert_eq!(Format::detect("a.csv", CSV), Format::Csv);
    assert_eq!(Format::detect("noext", CSV), Format::Csv);
    assert_eq!(Format::detect("a.jsonl", JSONL), Format::Jsonl);
    assert_eq!(Format::detect("a.json", JSONL), Format::Jsonl);
    let one_line = JSONL.lines().next().unwrap_or_default();
    assert_eq!(Format::detect("a.jsonl", one_line), Format::Jsonl);
    assert_eq!(Format::detect("a.json", one_line), Format::AttuneJson);
    assert_eq!(Format::detect("a.json", &attune_json()), Format::AttuneJson);
    assert_eq!(Format::detect("a", "SPEAKER s 1 0.0 1.0 <NA> <NA> A <NA> <NA>\n"), Format::Rttm);
    assert_eq!(Format::detect("notes.txt", "[00:00:01] T: hi\n"), Format::Text);
    for f in Format::ALL {
        assert_eq!(Format::from_name(f.name()), Some(f));
    }
}

#[test]
fn parse_every_format() {
    let o = ReadOptions::default();
    for (label, text, turns) in [
        ("z.vtt", ZOOM.to_string(), 2),
        ("s.srt", SRT.to_string(), 2),
        ("t.txt", TEXT.to_string(), 2),
        ("c.csv", CSV.to_string(), 2),
        ("j.json", attune_json(), 2),
    ] {
        let r = parse_bytes(text.as_bytes(), label, &o).unwrap();
        assert_eq!(r.sessions.len(), 1, "{label}");
        assert_eq!(r.sessions[0].turns.len(), turns, "{label}");
        assert_eq!(r.sessions[0].turns[0].role, Role::Therapist, "{label}");
    }
    let r = parse_bytes(JSONL.as_bytes(), "d.jsonl", &o).unwrap();
    assert_eq!(r.sessions.len(), 2);
}

#[test]
fn read_path_and_missing_file() {
    let dir = std::env::temp_dir().join(format!("attune-io-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("teams.vtt");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(ZOOM.replace('\n', "\r\n").encode_utf16().flat_map(|u| u.to_le_bytes()));
    std::fs::write(&p, &bytes).unwrap();
    let v = read_path(&p, &ReadOptions::default()).unwrap();
    assert_eq!(v[0].id, "teams");
    assert_eq!(v[0].turns[1].speaker, "Sam Ortiz");
    let jl = dir.join("d.jsonl");
    std::fs::write(&jl, JSONL).unwrap();
    assert_eq!(read_jsonl_path(&jl, Some("dev")).unwrap().len(), 1);
    let e = read_path(dir.join("nope.vtt"), &ReadOptions::default()).unwrap_err();
    assert!(e.to_string().contains("nope.vtt") && e.hint.is_some(), "{e}");
    let (j, r) = (dir.join("w.json"), dir.join("w.rttm"));
    std::fs::write(&j, r#"{"segments":[{"start":0,"end":1,"text":"Hi?"},{"start":1,"end":2,"text":"Yo"}]}"#).unwrap();
    std::fs::write(&r, "SPEAKER w 1 0 1 <NA> <NA> A <NA> <NA>\nSPEAKER w 1 1 1 <NA> <NA> B <NA> <NA>\n").unwrap();
    let rep = read_whisper_rttm_paths(&j, &r, &ReadOptions::default()).unwrap();
    assert_eq!(rep.sessions[0].turns.len(), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The file helpers carry a guessed encoding's warning, and read an RTTM's speaker segments.
#[test]
fn file_helpers_carry_encoding_warnings_and_segments() {
    let dir = std::env::temp_dir().join(format!("attune-io-exports-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let txt = "Therapeut: Wie geht's Ihnen heute?\nKlientin: Müde. Die Woche war schwer für mich.\n";
    let p = dir.join("sitzung.txt");
    std::fs::write(&p, crate::tests_exports::cp1252(txt)).unwrap();
    let r = read_path_report(&p, &ReadOptions::default()).unwrap();
    assert_eq!(r.sessions[0].turns[1].text, "Müde. Die Woche war schwer für mich.");
    assert!(r.warnings[0].message.contains("Windows-1252") && r.warnings[0].line == Some(2), "{}", r.warnings[0]);
    let p = dir.join("s.rttm");
    std::fs::write(&p, crate::tests_exports::RTTM).unwrap();
    let o = ReadOptions { therapist: Some("SPEAKER_01".into()), ..Default::default() };
    let seg = read_speaker_segments_path(&p, &o).unwrap();
    assert_eq!(seg.segments.len(), 3);
    assert_eq!(seg.segments[0].role, Role::Therapist);
    let p = dir.join("s.vtt");
    std::fs::write(&p, ZOOM).unwrap();
    let seg = read_speaker_segments_path(&p, &ReadOptions::default()).unwrap();
    assert_eq!(seg.segments.iter().map(|s| s.speaker.as_str()).collect::<Vec<_>>(), vec!["Dr. Maya Chen", "Sam Ortiz"]);
    let e = read_speaker_segments_path(dir.join("missing.rttm"), &o).unwrap_err();
    assert!(e.to_string().contains("missing.rttm"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every reader refuses each kind of broken input with a message naming the file.
#[test]
fn broken_input_matrix() {
    let formats = [Format::Vtt, Format::Srt, Format::Text, Format::Csv, Format::AttuneJson, Format::Jsonl, Format::WhisperJson];
    for f in formats {
        let o = ReadOptions { format: Some(f), ..Default::default() };
        let label = format!("broken.{}", f.name());
        // Windows-1251 Cyrillic: not UTF-8, and too far from Western text for the Windows-1252 guess.
        let cyrillic = b"\xCF\xF0\xE8\xE2\xE5\xF2: \xEA\xE0\xEA \xE4\xE5\xEB\xE0?\n".to_vec();
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("empty", vec![]),
            ("blank", b"\n \r\n".to_vec()),
            ("binary", b"WEBVTT\n\x00\x01\x02\x03".to_vec()),
            ("zip", b"PK\x03\x04\x14\x00".to_vec()),
            ("cyrillic-1251", cyrillic),
            ("garbage", b"%%%% ####".to_vec()),
        ];
        for (what, bytes) in cases {
            let e = match parse_bytes(&bytes, &label, &o) {
                Ok(r) => panic!("{f} accepted {what}: {:?}", r.sessions),
                Err(e) => e,
            };
            assert_eq!(e.file, label, "{f}/{what}: {e}");
            assert!(!e.message.is_empty());
        }
    }
    // Truncated files, per format.
    let o = ReadOptions::default();
    let truncated: Vec<(&str, String)> = vec![
        ("t.vtt", ZOOM[..ZOOM.len() - 30].to_string()),
        ("t.srt", "1\n00:00:01,000 --> 00:00:03,500\nTHERAPIST: hi\n\n2\n00:00:0".to_string()),
        ("t.csv", "speaker,text\nT,\"hi".to_string()),
        ("t.json", attune_json()[..40].to_string()),
        ("t.jsonl", JSONL[..JSONL.len() - 20].to_string()),
    ];
    for (label, text) in truncated {
        let e = parse_bytes(text.as_bytes(), label, &o).unwrap_err();
        assert!(e.line.is_some(), "{label}: {e}");
        assert!(e.to_string().starts_with(label), "{label}: {e}");
    }
}

fn all_formats_on(text: &str) {
    let o = ReadOptions::default();
    for f in Format::ALL {
        let _ = parse_str(f, text, "p.txt", &o);
    }
    let _ = read_jsonl_str(text, "p.jsonl", Some("dev"));
    let _ = read_whisper_rttm(text, text, "p.json", "p.rttm", &o);
    let _ = speaker_segments(text, "p", &o);
    let _ = speaker_segments(text, "p.rttm", &o);
}

fn arb_cue_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("WEBVTT".to_string()),
        Just(String::new()),
        Just("NOTE x".to_string()),
        Just("STYLE".to_string()),
        "[0-9]{1,3}",
        "[0-9]{2}:[0-9]{2}(:[0-9]{2})?[.,][0-9]{1,3} --> [0-9]{2}:[0-9]{2}[.,][0-9]{3}( align:start)?",
        // Teams: unpadded fields, 1–4 fraction digits.
        "[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}\\.[0-9]{1,4} --> [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}\\.[0-9]{1,4}",
        // Markdown bold names.
        "[*_]{1,2}[A-Z][a-z]{0,6}(:[*_]{0,2}|[*_]{0,2}:) ?[a-z ?]{0,20}",
        Just("Transcribed by https://otter.ai".to_string()),
        Just("  TRANSCRIBED BY OTTER  ".to_string()),
        "(<v [A-Za-z ]{0,8}>)?[A-Za-z :<>/&;.?]{0,30}(</v>)?",
        "[A-Z][a-z]{0,6}: [a-z ?]{0,20}",
        "\\[[0-9]{2}:[0-9]{2}:[0-9]{2}\\] [A-Z][a-z]{0,5}: [a-z ]{0,10}",
        ".{0,20}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = decode_text(&bytes, "p");
        let mut le = vec![0xFF, 0xFE];
        le.extend(&bytes);
        let _ = decode_text(&le, "p");
        let _ = parse_bytes(&bytes, "p.vtt", &ReadOptions::default());
    }

    #[test]
    fn arbitrary_strings_never_panic(s in "\\PC{0,200}") {
        all_formats_on(&s);
    }

    #[test]
    fn cue_like_files_never_panic(lines in proptest::collection::vec(arb_cue_line(), 0..30), ends in 0u8..4) {
        // LF, CRLF, lone CR, or all three mixed.
        let text = match ends {
            0 => lines.join("\n"),
            1 => lines.join("\r\n"),
            2 => lines.join("\r"),
            _ => lines.iter().enumerate().map(|(i, l)| format!("{l}{}", ["\n", "\r\n", "\r"][i % 3])).collect(),
        };
        all_formats_on(&text);
        // A successful read always satisfies the session invariants.
        for f in [Format::Vtt, Format::Srt, Format::Text] {
            if let Ok(v) = parse_str(f, &text, "p", &ReadOptions::default()) {
                for s in v {
                    prop_assert!(!s.turns.is_empty());
                    for t in &s.turns {
                        prop_assert!(!t.text.is_empty());
                        prop_assert!(!t.speaker.is_empty());
                        if let (Some(a), Some(b)) = (t.start, t.end) {
                            prop_assert!(a <= b);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn csv_like_never_panics(rows in proptest::collection::vec(("[A-Za-z\" ]{0,8}", "[A-Za-z,\"\n ?]{0,20}", "[0-9.:x-]{0,6}"), 0..12)) {
        let mut text = String::from("speaker,text,start\n");
        for (a, b, c) in rows {
            text.push_str(&format!("{a},{b},{c}\n"));
        }
        let _ = parse_str(Format::Csv, &text, "p.csv", &ReadOptions::default());
    }

    #[test]
    fn json_like_never_panics(
        segs in proptest::collection::vec((-5.0f64..100.0, -5.0f64..100.0, "[a-z ?]{0,10}", proptest::option::of("[A-Z_0-9]{1,6}")), 0..8),
        rttm in proptest::collection::vec((0.0f64..100.0, -1.0f64..20.0, "[A-Z_0-9]{1,5}"), 0..8),
    ) {
        let segs_json: Vec<String> = segs.iter().map(|(a, b, t, sp)| match sp {
            Some(sp) => format!("{{\"start\":{a},\"end\":{b},\"text\":\"{t}\",\"speaker\":\"{sp}\"}}"),
            None => format!("{{\"start\":{a},\"end\":{b},\"text\":\"{t}\"}}"),
        }).collect();
        let json = format!("{{\"segments\":[{}]}}", segs_json.join(","));
        let rttm: String = rttm.iter().map(|(o, d, s)| format!("SPEAKER x 1 {o} {d} <NA> <NA> {s} <NA> <NA>\n")).collect();
        let _ = read_whisper_rttm(&json, &rttm, "p.json", "p.rttm", &ReadOptions::default());
        let _ = parse_str(Format::WhisperJson, &json, "p.json", &ReadOptions::default());
        let turns: Vec<String> = segs.iter().map(|(a, _, t, sp)| format!("{{\"speaker\":\"{}\",\"text\":\"{t}\",\"start_s\":{a}}}", sp.as_deref().unwrap_or("client"))).collect();
        let line = format!("{{\"id\":\"x\",\"split\":\"dev\",\"turns\":[{}]}}\n", turns.join(","));
        let _ = read_jsonl_str(&line, "p.jsonl", None);
        let _ = parse_str(Format::AttuneJson, &line, "p.json", &ReadOptions::default());
    }

    /// JSON values one after another (sessions, turns, other objects, arrays, scalars; pretty or one per
    /// line; lone CRs): never a panic, and a successful read satisfies the session invariants.
    #[test]
    fn concatenated_json_never_panics(
        values in proptest::collection::vec((0u8..6, "[A-Za-z ?]{0,8}", -3.0f64..50.0, proptest::option::of(0.0f64..50.0)), 0..8),
        seps in proptest::collection::vec(prop_oneof![Just("\n"), Just(""), Just("\r"), Just("\r\n\r\n"), Just(" ")], 8),
        pretty in any::<bool>(),
    ) {
        let mut text = String::new();
        for (i, (kind, word, a, b)) in values.iter().enumerate() {
            let end = b.map(|b| format!(",\"end\":{b}")).unwrap_or_default();
            let v = match kind {
                0 => format!("{{\"speaker\":\"{word}\",\"text\":\"{word}\",\"start\":{a}{end}}}"),
                1 => format!("{{\"name\":\"N{word}\",\"role\":\"client\",\"utterance\":\"{word}\",\"start_s\":\"{a}\"}}"),
                2 => format!("{{\"id\":\"{word}\",\"turns\":[{{\"speaker\":\"therapist\",\"text\":\"{word}\",\"start_s\":{a}}}]}}"),
                3 => format!("{{\"title\":\"{word}\"}}"),
                4 => format!("[{a}, \"{word}\"]"),
                _ => format!("{{\"speaker\":\"{word}\",\"text\":"),
            };
            let v = if pretty { v.replace(',', ",\n  ") } else { v };
            text.push_str(&v);
            text.push_str(seps[i % seps.len()]);
        }
        for f in [Format::AttuneJson, Format::Jsonl] {
            for o in [ReadOptions::default(), ReadOptions { keep_cues: true, therapist: Some("Na".into()), ..Default::default() }] {
                if let Ok(v) = parse_str(f, &text, "p.json", &o) {
                    for s in v {
                        for t in &s.turns {
                            if let (Some(a), Some(b)) = (t.start, t.end) {
                                prop_assert!(a <= b);
                            }
                        }
                    }
                }
            }
        }
        let _ = parse_bytes(text.as_bytes(), "p.json", &ReadOptions::default());
        let _ = speaker_segments(&text, "p.json", &ReadOptions::default());
    }

    /// Text with legacy 8-bit bytes: never a panic; a Windows-1252 guess maps each byte to one character.
    #[test]
    fn legacy_bytes_never_panic(bytes in proptest::collection::vec(prop_oneof![4 => 0x20u8..0x7F, 1 => 0x80u8..=0xFF, 1 => Just(b'\n'), 1 => Just(b'\r')], 1..300)) {
        match decode(&bytes, "p.txt") {
            Ok(d) => {
                if d.encoding == TextEncoding::Windows1252 {
                    prop_assert_eq!(d.text.chars().count(), bytes.len());
                    prop_assert_eq!(d.warnings.len(), 1);
                }
                if !d.encoding.is_guess() {
                    prop_assert!(d.warnings.is_empty());
                }
            }
            Err(e) => prop_assert!(!e.message.is_empty() && e.file == "p.txt"),
        }
        for f in [Format::Vtt, Format::Srt, Format::Text] {
            let _ = parse_bytes(&bytes, "p", &ReadOptions { format: Some(f), ..Default::default() });
        }
    }

    /// Whatever session we write as WebVTT reads back with the same speakers, texts and times.
    #[test]
    fn vtt_round_trip(turns in proptest::collection::vec(("[A-Z][a-z]{1,6}( [A-Z][a-z]{1,6})?", "[A-Za-z][A-Za-z ,.?!&<>']{0,40}", 0u32..5000, 1u32..3000), 1..12)) {
        let mut s = Session::new("rt");
        let mut t0 = 0.0;
        for (sp, text, gap, dur) in &turns {
            t0 += *gap as f64 / 1000.0;
            s.turns.push(Turn::new(Role::Other, sp.clone(), text.clone()).with_times(Some(t0), Some(t0 + *dur as f64 / 1000.0)));
        }
        let v = to_vtt(&s).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back = parse_str(Format::Vtt, &v, "rt.vtt", &ReadOptions { keep_cues: true, ..Default::default() })
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let kept: Vec<&Turn> = s.turns.iter().filter(|t| !t.text.trim().is_empty()).collect();
        prop_assert_eq!(back[0].turns.len(), kept.len());
        for (a, b) in kept.iter().zip(&back[0].turns) {
            prop_assert_eq!(&a.speaker, &b.speaker);
            prop_assert_eq!(a.text.split_whitespace().collect::<Vec<_>>().join(" "), b.text.clone());
            prop_assert!((a.start.unwrap_or(0.0) - b.start.unwrap_or(0.0)).abs() < 0.001);
        }
    }
}

#[test]
fn reads_shared_jsonl_fast() {
    let dir = std::path::Path::new("/work/shared/data");
    if !dir.exists() {
        return;
    }
    let t = std::time::Instant::now();
    let mut n = 0;
    for f in [
        "annomi/annomi.jsonl",
        "esconv/esconv.jsonl",
        "esconv_failed/esconv_failed.jsonl",
        "epitome/epitome.jsonl",
        "counsel_chat/counsel_chat.jsonl",
    ] {
        let p = dir.join(f);
        if p.exists() {
            n += read_jsonl_path(&p, None).unwrap().len();
        }
    }
    eprintln!("read {n} conversations in {:?}", t.elapsed());
    assert!(n > 5000);
}

/// Inputs built to trigger quadratic scans finish quickly (each is about 1 MB).
#[test]
fn adversarial_inputs_stay_linear() {
    let t = std::time::Instant::now();
    let n = 200_000;
    let cue = |payload: String| format!("WEBVTT\n\n00:00.000 --> 00:01.000\n{payload}\n");
    let _ = parse_str(Format::Vtt, &cue(format!("A: {}>", "<a".repeat(n))), "a.vtt", &ReadOptions::default());
    let _ = parse_str(Format::Vtt, &cue(format!("{}x", "<v A>".repeat(n))), "b.vtt", &ReadOptions::default());
    let _ = parse_str(Format::Vtt, &cue("</v>x".repeat(n)), "c.vtt", &ReadOptions::default());
    let many: String = (0..n / 4).map(|i| format!("S{i}: hi\n")).collect();
    let _ = parse_str(Format::Text, &many, "d.txt", &ReadOptions::default());
    let rttm: String = (0..5000).map(|i| format!("SPEAKER x 1 {i} 1 <NA> <NA> S{i} <NA> <NA>\n")).collect();
    let segs: Vec<String> = (0..5000).map(|i| format!("{{\"start\":{i},\"end\":{},\"text\":\"w\"}}", i + 1)).collect();
    let json = format!("{{\"segments\":[{}]}}", segs.join(","));
    let r = read_whisper_rttm(&json, &rttm, "e.json", "e.rttm", &ReadOptions::default()).unwrap();
    assert_eq!(r.sessions[0].turns.len(), 5000);
    assert!(t.elapsed().as_secs() < 60, "took {:?}", t.elapsed());
}
