//! The pipeline end to end on the demo session, and the table writers.

use crate::tables::{self, Format};
use crate::*;

fn demo() -> (Analysis, (Vec<tables::TurnRecord>, tables::SessionRecord)) {
    let a = Pipeline::fast().unwrap().analyze(demo::demo_session().unwrap()).unwrap();
    let rows = a.table_rows("demo_session.vtt");
    (a, rows)
}

#[test]
fn library_and_document_agree() {
    let (a, (turns, session)) = demo();
    assert_eq!(turns.len(), a.coded.session.turns.len());
    assert_eq!(session.flags as usize, a.assessment.flags.len());
    let doc: serde_json::Value = serde_json::from_str(&a.to_json().unwrap()).unwrap();
    assert_eq!(doc["schema"], ANALYSIS_SCHEMA);
    assert_eq!(doc["redacted"], false);
    assert_eq!(doc["coded"]["session"]["id"], "demo_session");
    // The same pipeline twice gives the same document (no clock, no randomness).
    let b = Pipeline::fast().unwrap().analyze(demo::demo_session().unwrap()).unwrap();
    assert_eq!(a.to_json().unwrap(), b.to_json().unwrap());
    assert_eq!(a.to_html(), b.to_html());
}

#[test]
fn redaction_is_one_policy_for_every_output() {
    let mut s = demo::demo_session().unwrap();
    s.id = "jane_doe_intake".into();
    s.source = Some("/clinic/jane_doe_intake.vtt".into());
    s.turns[1].text = "My sister Priya Raman called me from Manchester on 12 March 2024.".into();
    let p = Pipeline::new(Options { redaction: Redaction::On, ..Options::default() }).unwrap();
    let a = p.analyze(s).unwrap();
    let (turns, session) = a.table_rows("/clinic/jane_doe_intake.vtt");
    let outputs = [
        a.to_json().unwrap(),
        a.to_html(),
        a.to_html_with(ReportMeta { title: "jane_doe_intake".into(), ..a.report_meta() }),
        serde_json::to_string(&turns).unwrap(),
        serde_json::to_string(&session).unwrap(),
    ];
    for (k, out) in outputs.iter().enumerate() {
        for secret in ["jane_doe", "/clinic/", "Priya", "Raman", "12 March 2024"] {
            assert!(!out.contains(secret), "output {k} keeps `{secret}`");
        }
    }
    assert!(a.coded.session.id.starts_with("redacted-"));
    assert_eq!(session.session_id, a.coded.session.id, "tables carry the same pseudonymous id as the JSON");
}

#[test]
fn check_line_reads_both_context_forms_and_reports_bad_lines() {
    let p = Pipeline::fast().unwrap();
    let (r, id) = check::check_line(&p, r#"{"context": ["I lost my job today and I feel worthless."], "response": "Just update your CV tonight.", "id": 7}"#).unwrap();
    assert_eq!(id, Some(serde_json::json!(7)));
    assert!(r.score < 60.0, "premature advice after a painful disclosure should score low, got {}", r.score);
    let j = check::to_json(&r, Some(3), None);
    assert_eq!(j["line"], 3);
    assert!(check::check_line(&p, "{\"context\": []}").unwrap_err().contains("response"));
    assert!(check::check_line(&p, "not json").unwrap_err().contains("not valid JSON"));
    let ctx = check::context(&["How are you?".into()], "Awful.");
    assert_eq!(ctx.iter().map(|t| t.role).collect::<Vec<_>>(), vec![Role::Therapist, Role::Client]);
}

#[test]
fn long_session_has_the_asked_number_of_turns() {
    let vtt = demo::long_session_vtt(100).unwrap();
    let s = attune_io::parse_str(attune_io::Format::Vtt, &vtt, "long.vtt", &Default::default()).unwrap();
    assert_eq!(s[0].turns.len(), 100);
}

#[test]
fn batch_goes_past_a_bad_file_and_resumes() {
    let dir = std::env::temp_dir().join(format!("attune-batch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.vtt"), demo::DEMO_VTT).unwrap();
    std::fs::write(dir.join("bad.srt"), b"\x00\x01\x02 binary").unwrap();
    let out = dir.join("out/results.csv");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let spec = batch::BatchSpec {
        inputs: vec![dir.display().to_string()],
        out: out.clone(),
        resume: false,
        threads: 1,
        read: input::ReadSpec::default(),
        split: None,
        shard: None,
    };
    let p = Pipeline::fast().unwrap();
    let failed = std::sync::Mutex::new(Vec::new());
    let t = batch::run_batch(&spec, &p, &|e| {
        if let batch::Event::Failed { label, .. } = e {
            failed.lock().unwrap().push(label.to_string());
        }
    })
    .unwrap();
    assert_eq!(t.sessions, 1);
    assert_eq!(t.failures.len(), 1);
    assert!(failed.lock().unwrap()[0].ends_with("bad.srt"));
    let t2 = batch::run_batch(&batch::BatchSpec { resume: true, ..spec }, &p, &|_| {}).unwrap();
    assert_eq!((t2.sessions, t2.jobs_skipped_resume), (0, 1));
    let sessions = std::fs::read_to_string(dir.join("out/results.sessions.csv")).unwrap();
    assert_eq!(sessions.lines().count(), 2, "header and one session, not duplicated by the resume");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn shards_split_a_corpus_exactly_once() {
    let dir = std::env::temp_dir().join(format!("attune-shard-{}", std::process::id()));
    let inp = dir.join("in");
    std::fs::create_dir_all(&inp).unwrap();
    // a JSON Lines corpus of 7 sessions (with a blank line) and two transcript files: 9 sessions
    let line = |i: usize| format!("{{\"id\": \"j{i}\", \"turns\": [{{\"speaker\": \"client\", \"text\": \"I feel low {i}\"}}, {{\"speaker\": \"therapist\", \"text\": \"You feel low.\"}}]}}\n");
    let corpus: String = (0..7).map(|i| if i == 3 { format!("\n{}", line(i)) } else { line(i) }).collect();
    std::fs::write(inp.join("corpus.jsonl"), corpus).unwrap();
    std::fs::write(inp.join("a.vtt"), demo::DEMO_VTT).unwrap();
    std::fs::write(inp.join("b.vtt"), demo::DEMO_VTT).unwrap();
    let p = Pipeline::fast().unwrap();
    let mut seen: Vec<String> = Vec::new();
    for i in 0..4 {
        let out = dir.join(format!("out/r{i}.jsonl"));
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        let spec = batch::BatchSpec {
            inputs: vec![inp.display().to_string()],
            out: out.clone(),
            resume: false,
            threads: 2,
            read: input::ReadSpec::default(),
            split: None,
            shard: Some(batch::Shard { index: i, count: 4 }),
        };
        let planned = std::sync::atomic::AtomicU64::new(0);
        let t = batch::run_batch(&spec, &p, &|e| {
            if let batch::Event::Planned(n) = e {
                planned.store(n, std::sync::atomic::Ordering::Relaxed);
            }
        })
        .unwrap();
        assert_eq!(t.sessions, planned.load(std::sync::atomic::Ordering::Relaxed), "shard {i}");
        let rows = std::fs::read_to_string(dir.join(format!("out/r{i}.sessions.jsonl"))).unwrap();
        for l in rows.lines() {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            seen.push(format!("{}|{}", v["source"], v["session_id"]));
        }
    }
    assert_eq!(seen.len(), 9, "{seen:?}");
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 9, "no session in two shards");
    assert_eq!(batch::Shard::parse("2/8"), Ok(batch::Shard { index: 2, count: 8 }));
    for bad in ["8/8", "1/0", "x/2", "3"] {
        assert!(batch::Shard::parse(bad).is_err(), "{bad}");
    }
    assert_eq!((0..3).map(|i| batch::Shard { index: i, count: 3 }.share_of(10)).sum::<u64>(), 10);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn tables_write_and_resume_csv_and_jsonl() {
    let (_, (rows, srow)) = demo();
    let n = rows.len();
    let dir = std::env::temp_dir().join(format!("attune-tables-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for fmt in [Format::Csv, Format::Jsonl] {
        let out = dir.join(format!("r.{}", fmt.ext()));
        let mut w = tables::TableWriter::create(&out, fmt).unwrap();
        w.write_session(&rows, &srow).unwrap();
        let pos = w.positions().unwrap();
        w.write_session(&rows, &srow).unwrap(); // a session whose completion was never recorded
        w.finish().unwrap();
        let mut w = tables::TableWriter::open(&out, fmt, Some(pos)).unwrap();
        w.write_session(&rows, &srow).unwrap();
        w.finish().unwrap();
        let (tp, sp) = tables::output_paths(&out, fmt);
        let turns = std::fs::read_to_string(&tp).unwrap();
        let sessions = std::fs::read_to_string(&sp).unwrap();
        let header = usize::from(fmt == Format::Csv);
        assert_eq!(turns.lines().count(), 2 * n + header, "{fmt:?} turns");
        assert_eq!(sessions.lines().count(), 2 + header, "{fmt:?} sessions");
        if fmt == Format::Csv {
            assert!(turns.starts_with("session_id,source,turn,role"));
            assert_eq!(turns.matches("session_id").count(), 1, "header written once");
        } else {
            for l in turns.lines() {
                serde_json::from_str::<serde_json::Value>(l).unwrap();
            }
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn parquet_is_a_clear_error_without_the_feature() {
    if cfg!(feature = "parquet") {
        return;
    }
    let e = tables::TableWriter::create(&std::env::temp_dir().join("never.parquet"), Format::Parquet).err().unwrap();
    assert!(e.to_string().contains("--features parquet"));
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_round_trips_row_counts() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let (_, (rows, srow)) = demo();
    let n = rows.len() as i64;
    let dir = std::env::temp_dir().join(format!("attune-pq-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("r.parquet");
    let mut w = tables::TableWriter::create(&out, Format::Parquet).unwrap();
    for _ in 0..3 {
        w.write_session(&rows, &srow).unwrap();
    }
    w.finish().unwrap();
    let (tp, sp) = tables::output_paths(&out, Format::Parquet);
    let r = SerializedFileReader::new(std::fs::File::open(&tp).unwrap()).unwrap();
    assert_eq!(r.metadata().file_metadata().num_rows(), 3 * n);
    let cols: Vec<String> = r.metadata().file_metadata().schema_descr().columns().iter().map(|c| c.name().to_string()).collect();
    assert!(cols.contains(&"code".to_string()) && cols.contains(&"valence".to_string()));
    let r = SerializedFileReader::new(std::fs::File::open(&sp).unwrap()).unwrap();
    assert_eq!(r.metadata().file_metadata().num_rows(), 3);
    // Resuming writes a new part instead of appending to a finished file.
    let w = tables::TableWriter::open(&out, Format::Parquet, Some((0, 0))).unwrap();
    assert!(w.paths().0.to_string_lossy().ends_with("r.turns.1.parquet"));
    w.finish().unwrap();
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn voice_turns_take_an_rttm_without_words() {
    let dir = std::env::temp_dir().join(format!("attune-rttm-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("session.rttm");
    std::fs::write(
        &path,
        "SPEAKER session 1 0.50 2.25 <NA> <NA> therapist <NA> <NA>\n\
         SPEAKER session 1 3.00 4.00 <NA> <NA> client <NA> <NA>\n\
         SPEAKER session 1 7.10 1.40 <NA> <NA> SPEAKER_02 <NA> <NA>\n",
    )
    .unwrap();
    let (turns, _) = crate::sections::voice_turns(&path).unwrap();
    assert_eq!(turns.len(), 3);
    assert_eq!((turns[0].index, turns[0].start, turns[0].end), (1, 0.5, 2.75));
    assert_eq!(turns[1].role, Some(Role::Client));
    assert_eq!(turns[2].speaker, "SPEAKER_02");
    assert!(turns.iter().all(|t| t.text.is_none()), "a diarization has no words");
    std::fs::write(&path, "SPEAKER session 1 oops 2.25 <NA> <NA> therapist <NA> <NA>\n").unwrap();
    let err = crate::sections::voice_turns(&path).unwrap_err().to_string();
    assert!(err.contains("session.rttm") && err.contains(":1"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_analysis_comes_back_from_its_document_and_makes_the_same_tables() {
    let a = Pipeline::fast().unwrap().analyze(demo::demo_session().unwrap()).unwrap();
    let b = crate::Analysis::from_json(&a.to_json().unwrap()).unwrap();
    assert_eq!(a.coded, b.coded);
    assert_eq!(a.assessment, b.assessment);
    let (ta, sa) = crate::tables::tables_bytes([(&a, "x")], crate::tables::Format::Csv).unwrap();
    let (tb, sb) = crate::tables::tables_bytes([(&b, "x")], crate::tables::Format::Csv).unwrap();
    assert_eq!((ta, sa), (tb, sb));
    assert!(crate::Analysis::from_json("{\"schema\": \"other/1\"}").is_err());
}

#[test]
fn the_demo_flags_its_misattuned_turns() {
    // the demo was written with misattuned turns: an unasked fix over fear, reassurance over it, a change of subject
    let (a, _) = demo();
    let flagged: Vec<usize> = a.assessment.flags.iter().map(|f| f.turn).collect();
    for t in [10, 12, 14] {
        assert!(flagged.contains(&t), "turn {t}: {flagged:?}");
    }
}
