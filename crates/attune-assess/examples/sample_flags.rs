//! Dev tool: prints a sample of flags, markers and ruptures on a JSON Lines data file, to read them by eye.
//! cargo run --release -p attune-assess --example sample_flags -- FILE [N] [--nocoder]
use attune_assess::{assess, AssessConfig};
use attune_core::{CodedSession, Role, Session, Turn, TurnAnalysis, CODED_SCHEMA};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = &args[0];
    let n: usize = args.get(1).and_then(|x| x.parse().ok()).unwrap_or(20);
    let nocoder = args.iter().any(|a| a == "--nocoder");
    let text = std::fs::read_to_string(path).unwrap();
    let mut shown = 0;
    for line in text.lines().filter(|l| !l.is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v["split"] != "dev" {
            continue;
        }
        let mut s = Session::new(v["id"].as_str().unwrap());
        for t in v["turns"].as_array().unwrap() {
            let role = if t["speaker"] == "therapist" { Role::Therapist } else { Role::Client };
            let mut turn = Turn::new(role, "x", t["text"].as_str().unwrap());
            turn.start = t["start_s"].as_f64();
            s.turns.push(turn);
        }
        let coded = if nocoder {
            let turns = s.turns.iter().map(|_| TurnAnalysis::default()).collect();
            CodedSession { schema: CODED_SCHEMA.into(), session: s, turns, model: "none".into() }
        } else {
            attune_text::Coder::bundled().code_session(&s)
        };
        let a = assess(&coded, &AssessConfig::default());
        for f in &a.flags {
            if shown >= n {
                return;
            }
            shown += 1;
            let c = f.answers.map(|c| coded.session.turns[c].text.as_str()).unwrap_or("");
            println!("[{}] {} {:?}\n  C: {}\n  T: {}\n  why: {}\n  alt: {}\n", a.session_id, f.kind, f.severity, c, f.quote, f.explanation, f.alternative.text);
        }
        for r in &a.ruptures {
            println!("[{}] RUPTURE {}..{} {:?} repair={:?}", a.session_id, r.start, r.end, r.markers.iter().map(|m| (m.subtype.as_str(), m.quote.as_str())).collect::<Vec<_>>(), r.repair.as_ref().map(|x| (x.strategy, &x.quote)));
        }
    }
}
