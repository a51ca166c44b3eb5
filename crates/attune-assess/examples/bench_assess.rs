//! Times `assess` on a synthetic 60-minute session of 600 turns (with times), hand-coded so the figure does not
//! depend on the coder; with `--coder`, also times `Coder::bundled().code_session` on the same session.
//!
//! cargo run --release -p attune-assess --example bench_assess [-- --coder]
use attune_assess::{assess, AssessConfig};
use attune_core::{Affect, Code, CodedSession, Emotion, Empathy, Role, Session, Turn, TurnAnalysis, TurnCoding, CODED_SCHEMA};
use std::time::Instant;

const CLIENT: &[&str] = &[
    "I've been feeling so anxious about work lately, I can't sleep and I keep thinking I'll get fired.",
    "Yeah.",
    "I don't know, it's just a lot. My manager keeps piling things on and I feel like nobody notices how hard I'm trying.",
    "I've tried that. This isn't helping.",
    "It's been awful honestly, I lie awake doing sums and I feel ashamed that I can't keep up with everyone else.",
    "Maybe. I guess I could talk to her about it but I'm scared she'll think I'm weak.",
];
const THERAPIST: &[(&str, Code)] = &[
    ("It sounds like work has been weighing on you, even at night.", Code::ReflectionComplex),
    ("You should make a list and talk to your manager tomorrow.", Code::Advise),
    ("What's the hardest part of it for you?", Code::QuestionOpen),
    ("Don't worry, everything will be fine, you've got this.", Code::Reassure),
    ("I'm sorry, I think I rushed ahead there. Help me understand what it's been like.", Code::QuestionOpen),
    ("Do you have a meeting with her this week?", Code::QuestionClosed),
    ("You're trying hard and it feels invisible, and that hurts.", Code::ReflectionComplex),
];

fn session() -> CodedSession {
    let mut s = Session::new("bench-600");
    let mut an = Vec::new();
    let mut t = 0.0;
    for i in 0..600 {
        let client = i % 2 == 0;
        let (text, analysis) = if client {
            let txt = CLIENT[(i / 2) % CLIENT.len()];
            let e = [Emotion::Fear, Emotion::Neutral, Emotion::Sadness, Emotion::Anger, Emotion::Shame, Emotion::Fear][(i / 2) % 6];
            (txt, TurnAnalysis { coding: None, affect: Some(Affect { valence: -0.5, arousal: 0.6, emotion: e, intensity: 0.6, cues: vec![], distress: 0.0, act: Default::default(), hardship: 0.0, rupture_head_act: None }) })
        } else {
            let (txt, code) = THERAPIST[(i / 2) % THERAPIST.len()];
            let coding = TurnCoding { code, feeling: code == Code::ReflectionComplex, permission: false, confidence: 0.8, evidence: vec![], empathy: Empathy::default(), sentences: vec![] };
            (txt, TurnAnalysis { coding: Some(coding), affect: None })
        };
        let d = text.split_whitespace().count() as f64 / 2.5;
        let role = if client { Role::Client } else { Role::Therapist };
        s.turns.push(Turn::new(role, role.as_str(), text).with_times(Some(t), Some(t + d)));
        t += d + 0.8;
        an.push(analysis);
    }
    CodedSession { schema: CODED_SCHEMA.into(), session: s, turns: an, model: "bench".into() }
}

fn main() {
    let coded = session();
    let cfg = AssessConfig::default();
    let _ = assess(&coded, &cfg); // warm the word lists
    let n = 50;
    let t0 = Instant::now();
    let mut flags = 0;
    for _ in 0..n {
        flags += assess(&coded, &cfg).flags.len();
    }
    let per = t0.elapsed().as_secs_f64() / n as f64 * 1000.0;
    let a = assess(&coded, &cfg);
    let json = serde_json::to_string(&a).unwrap();
    println!(
        "assess: 600 turns, {:.1} min of talk: {per:.2} ms per session ({} flags, {} ruptures, index {:.1}, JSON {} KiB) [{flags}]",
        coded.session.turns.last().unwrap().end.unwrap() / 60.0,
        a.flags.len(),
        a.ruptures.len(),
        a.index.value,
        json.len() / 1024
    );
    if std::env::args().any(|a| a == "--coder") {
        let coder = attune_text::Coder::bundled();
        let t1 = Instant::now();
        let c = coder.code_session(&coded.session);
        let tc = t1.elapsed().as_secs_f64() * 1000.0;
        let t2 = Instant::now();
        let a = assess(&c, &cfg);
        println!("code_session {tc:.2} ms + assess {:.2} ms ({} flags)", t2.elapsed().as_secs_f64() * 1000.0, a.flags.len());
    }
}
