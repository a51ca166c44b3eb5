//! One tab-separated row per client turn, for studying rupture markers: labelled sessions (`eval/sessions.jsonl`,
//! one split) or good sessions from the public data (AnnoMI high quality, ESConv), with what the assessment and the
//! client model read there:
//! `cargo run --release -p attune-eval --example rupture_table -- sessions eval/sessions.jsonl fresh5`
//! `cargo run --release -p attune-eval --example rupture_table -- good ../shared/data/annomi/annomi.jsonl dev`
use attune_core::{Role, Session};

fn fail(msg: String) -> ! {
    eprintln!("rupture_table: {msg}");
    std::process::exit(2);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: rupture_table sessions|good FILE SPLIT");
        std::process::exit(2);
    }
    let (kind, file, split) = (&args[1], &args[2], &args[3]);
    let labelled: Vec<(String, Session, Vec<(usize, String)>)> = if kind == "sessions" {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| fail(format!("{file}: {e}")));
        let ls = attune_eval::session_tasks::parse_sessions(&text, Some(split)).unwrap_or_else(|e| fail(e.to_string()));
        ls.into_iter()
            .map(|l| {
                let r = l.ruptures.iter().zip(&l.rupture_kinds).map(|(&(t, rep), k)| (t, format!("{k}{}", if rep { "+" } else { "-" }))).collect();
                (l.register.clone(), l.session, r)
            })
            .collect()
    } else {
        let ss = attune_io::read_jsonl_path(file, Some(split)).unwrap_or_else(|e| fail(e.to_string()));
        ss.into_iter()
            .filter(|s| s.meta.get("mi_quality").and_then(|v| v.as_str()).is_none_or(|q| q == "high"))
            .map(|mut s| {
                let reg = if s.id.starts_with("annomi") { "spoken" } else { "chat" };
                s.meta.insert("register".into(), serde_json::Value::String(reg.into()));
                (reg.to_string(), s, Vec::new())
            })
            .collect()
    };
    let client = attune_text::client::ClientModel::bundled().unwrap_or_else(|e| fail(e));
    // the client model inside the coder too, as `analyze` and the eval tasks run: the markers read its acts
    let mut coder = attune_text::coder::Coder::bundled().with_client_model(Some(client.clone()));
    coder.explain = true;
    for (reg, s, rups) in &labelled {
        let coded = coder.code_session(s);
        let a = attune_assess::assess(&coded, &attune_assess::AssessConfig::default());
        let mut client_words: Vec<usize> = Vec::new();
        for (i, t) in s.turns.iter().enumerate() {
            if t.role != Role::Client {
                continue;
            }
            let words = t.text.split_whitespace().count();
            let mean_prev = if client_words.is_empty() { f64::NAN } else { client_words.iter().rev().take(3).sum::<usize>() as f64 / client_words.iter().rev().take(3).count() as f64 };
            client_words.push(words);
            let prev_t = (0..i).rev().find(|&j| s.turns[j].role == Role::Therapist);
            let (flagged, fkind) = prev_t.map(|pt| {
                let f: Vec<&str> = a.flags.iter().filter(|f| f.turn == pt).map(|f| f.kind.as_str()).collect();
                (!f.is_empty(), f.join(","))
            }).unwrap_or((false, String::new()));
            let st = client.predict_after(prev_t.map(|j| s.turns[j].text.as_str()).unwrap_or(""), &t.text, None);
            let label = rups.iter().find(|(k, _)| *k == i).map(|(_, l)| l.clone()).unwrap_or_else(|| "-".into());
            let in_rupture = a.ruptures.iter().any(|r| r.start <= i && i <= r.end);
            let markers: Vec<String> = a.markers.iter().filter(|m| m.turn == i).map(|m| format!("{:?}", m.subtype)).collect();
            let cact = coded.turns[i].affect.as_ref().map(|a| a.act.as_str()).unwrap_or("?");
            let text: String = t.text.replace(['\t', '\n'], " ").chars().take(140).collect();
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.1}\t{:.2}\t{:.2}\t{:.2}\t{:.2}\t{:.2}\t{:.2}\t{}\t{}\t{}",
                reg, s.id, i, label, in_rupture as u8, flagged as u8, fkind, words, mean_prev,
                st.act_probs[0], st.act_probs[1], st.act_probs[2], st.act_probs[3], st.act_probs[4], st.distress, markers.join(","), cact, text
            );
        }
    }
}
