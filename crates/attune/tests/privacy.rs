//! A session full of planted identifiers, analysed with redaction on: every output (JSON, HTML text and
//! attributes, CSV and JSON Lines tables, ELAN, the file name the report derives from, the session id) is
//! searched, and any identifier that survives fails the test.

use attune::tables::{Format, TableWriter};
use attune::{Options, Pipeline, Redaction};
use std::path::Path;

const SESSION: &str = "WEBVTT

00:00:01.000 --> 00:00:04.000
<v Dr. Samuel Okonkwo>Good morning, Maria. Thanks for coming in today.

00:00:04.500 --> 00:00:12.000
<v Maria Lopez>Morning. Riverside Surgery sent me, Dr. Patel there said I should talk to someone.

00:00:12.500 --> 00:00:16.000
<v Dr. Samuel Okonkwo>I'm glad you came. What has been happening?

00:00:16.500 --> 00:00:30.000
<v Maria Lopez>Since the crash on 14 March 2016 I can't drive. My brother Tomasz is 34 and he drives me to Halden Logistics where I work.

00:00:30.500 --> 00:00:35.000
<v Dr. Samuel Okonkwo>That sounds like a lot to carry, Maria.

00:00:35.500 --> 00:00:52.000
<v Maria Lopez>We moved from Porto to Leeds, 27 Wellington Road, LS6 2QT. Call me on 07700 900461 or write to maria.lopez83@example.org. i told jake from work and Siobhan too.

00:00:52.500 --> 00:00:56.000
<v Dr. Samuel Okonkwo>You've been holding all of this on your own.

00:00:56.500 --> 00:01:10.000
<v Maria Lopez>My NHS number is 943 476 5919 and the card they charged was 4539 1488 0343 6467. I was born in 1983 and my daughter goes to St Anne's Primary School.
";

/// Every identifier planted above, as it could appear in an output.
const SECRETS: &[&str] = &[
    "Okonkwo", "Samuel", "Maria", "Lopez", "Riverside", "Patel", "Tomasz", "Halden", "Porto", "Leeds", "Wellington",
    "LS6 2QT", "07700 900461", "maria.lopez83", "example.org", "jake", "Siobhan", "943 476 5919", "4539 1488 0343 6467",
    "1983", "2016", "14 March", "St Anne", "Primary School", "maria_lopez",
];

fn check(what: &str, text: &str) {
    let lower = text.to_lowercase();
    for s in SECRETS {
        let s = s.to_lowercase();
        // a number counts only as a number of its own: "1983" inside the score 93.71983461 is no leak
        let numeric = s.chars().all(|c| c.is_ascii_digit() || c == ' ');
        let leaked = lower.match_indices(&s).any(|(i, m)| {
            let inside_number = lower[..i].chars().next_back().is_some_and(|c| c.is_ascii_digit() || c == '.')
                || lower[i + m.len()..].chars().next().is_some_and(|c| c.is_ascii_digit());
            !numeric || !inside_number
        });
        assert!(!leaked, "{what} keeps `{s}`");
    }
}

#[test]
fn no_planted_identifier_survives_in_any_output() {
    let dir = std::env::temp_dir().join(format!("attune-privacy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("maria_lopez_intake.vtt");
    std::fs::write(&input, SESSION).unwrap();
    let (session, _) = attune::input::read_one(&input, &Default::default()).unwrap();
    let p = Pipeline::new(Options { redaction: Redaction::On, ..Options::default() }).unwrap();
    let a = p.analyze(session).unwrap();

    check("JSON", &a.to_json().unwrap());
    check("HTML", &a.to_html());
    check("ELAN", &a.to_eaf().unwrap());
    check("session id", &a.coded.session.id);
    check("report file name", &Redaction::On.file_stem(&input));
    for (fmt, name) in [(Format::Csv, "t.csv"), (Format::Jsonl, "t.jsonl")] {
        let out = dir.join(name);
        let (turns, sess) = a.table_rows(&input.display().to_string());
        let mut w = TableWriter::create(&out, fmt).unwrap();
        w.write_session(&turns, &sess).unwrap();
        w.finish().unwrap();
        for f in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = f.path();
            if path.extension().is_some_and(|e| e == "csv" || e == "jsonl") {
                check(&path.display().to_string(), &std::fs::read_to_string(&path).unwrap());
                check("table file name", &path.display().to_string().replace(&dir.display().to_string(), ""));
            }
        }
    }
    // The report still reads: the speakers are their roles, the others consistent pseudonyms.
    let json = a.to_json().unwrap();
    assert!(json.contains("[CLIENT]") || json.contains("\"Client\""), "{json}");
    assert!(json.contains("[PERSON 1]"), "other people get numbered pseudonyms: {json}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn kept_kinds_stay_and_speakers_still_go() {
    let dir = std::env::temp_dir().join(format!("attune-privacy-keep-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("s.vtt");
    std::fs::write(&input, SESSION).unwrap();
    let (session, _) = attune::input::read_one(&input, &Default::default()).unwrap();
    let keep = attune::attune_redact::Policy::keeping("date, age").unwrap();
    let p = Pipeline::new(Options { redaction: Redaction::On, redact_keep: keep, ..Options::default() }).unwrap();
    let json = p.analyze(session).unwrap().to_json().unwrap();
    assert!(json.contains("14 March 2016") && json.contains(" 34 "), "dates and ages kept: {json}");
    for s in ["Maria", "Okonkwo", "Leeds", "07700"] {
        assert!(!json.contains(s), "{s} must still go");
    }
    assert!(attune::attune_redact::Policy::keeping("dates, shoe sizes").unwrap_err().contains("shoe sizes"));
    let _ = Path::new("");
    std::fs::remove_dir_all(&dir).ok();
}
