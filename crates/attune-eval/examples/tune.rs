//! Dev tool: per-sub-score and index ROC AUCs on AnnoMI (high vs low MI quality) and ESConv vs FailedESConv,
//! and a coordinate search of the index weights on the *train* splits. Reads ../shared/data directly.
//!
//! cargo run --release -p attune-eval --example tune -- [DATA_DIR] [--search]
use attune_assess::{assess, AssessConfig, IndexWeights};
use attune_core::{CodedSession, Role, Session, Turn};
use attune_text::Coder;
use std::time::Instant;

struct Item {
    coded: CodedSession,
    label: bool,
    split: String,
    task: usize, // 0 annomi, 1 esconv
}

/// Gold-label proxy coder (for when the trained coder is unavailable): codes from the data's own labels.
fn gold_coding(labels: &serde_json::Value) -> attune_core::TurnCoding {
    use attune_core::Code::*;
    let g = |k: &str| labels[k].as_str().unwrap_or("");
    let (code, feeling) = match (g("main_therapist_behaviour"), g("strategy")) {
        ("reflection", _) => (if g("reflection_subtype") == "complex" { ReflectionComplex } else { ReflectionSimple }, false),
        ("question", _) => (if g("question_subtype") == "closed" { QuestionClosed } else { QuestionOpen }, false),
        ("therapist_input", _) => (if g("therapist_input_subtype") == "information" { Inform } else if g("therapist_input_subtype") == "advice" { Advise } else { Autonomy }, false),
        ("other", _) => (Other, false),
        (_, "Question" | "Questions") => (QuestionOpen, false),
        (_, "Reflection of feelings") => (ReflectionComplex, true),
        (_, "Restatement or Paraphrasing" | "Restatement") => (ReflectionSimple, false),
        (_, "Self-disclosure") => (Disclose, false),
        (_, "Affirmation and Reassurance" | "Approval and Reassurance") => (Affirm, false),
        (_, "Providing Suggestions" | "Direct Guidance") => (Advise, false),
        (_, "Information") => (Inform, false),
        _ => (Other, false),
    };
    attune_core::TurnCoding { code, feeling, permission: false, confidence: 1.0, evidence: vec![], empathy: Default::default(), sentences: vec![] }
}

fn read(path: &str, mut label_of: impl FnMut(&serde_json::Value) -> Option<bool>, task: usize, coder: Option<&Coder>, out: &mut Vec<Item>) {
    let text = std::fs::read_to_string(path).expect("read data");
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        let split = v["split"].as_str().unwrap_or("").to_string();
        if split == "test" {
            continue;
        }
        let Some(label) = label_of(&v) else { continue };
        let mut s = Session::new(v["id"].as_str().unwrap_or(""));
        let mut gold = Vec::new();
        for t in v["turns"].as_array().unwrap() {
            let role = match t["speaker"].as_str() {
                Some("therapist") => Role::Therapist,
                Some("client") => Role::Client,
                _ => Role::Other,
            };
            let mut turn = Turn::new(role, t["speaker"].as_str().unwrap_or(""), t["text"].as_str().unwrap_or(""));
            turn.start = t["start_s"].as_f64();
            gold.push(match role {
                Role::Therapist => attune_core::TurnAnalysis { coding: Some(gold_coding(&t["labels"])), affect: None },
                Role::Client => attune_core::TurnAnalysis { coding: None, affect: Some(attune_text::affect::affect(&turn.text)) },
                Role::Other => Default::default(),
            });
            s.turns.push(turn);
        }
        // meta is never copied: the label must not leak (esconv survey fields define it)
        let coded = match coder {
            Some(c) => c.code_session(&s),
            None => CodedSession { schema: attune_core::CODED_SCHEMA.into(), session: s, turns: gold, model: "gold-labels".into() },
        };
        out.push(Item { coded, label, split, task });
    }
}

fn auc(scores: &[(f64, bool)]) -> f64 {
    let (s, l): (Vec<f64>, Vec<bool>) = scores.iter().copied().unzip();
    attune_eval::metrics::roc_auc(&s, &l)
}

/// 95 % bootstrap interval of the AUC (attune-eval's resampling, as every `attune eval` figure).
fn auc_ci(scores: &[(f64, bool)], _n: usize) -> (f64, f64) {
    let [lo, hi] = attune_eval::metrics::bootstrap(scores.len(), |idx| auc(&idx.iter().map(|&i| scores[i]).collect::<Vec<_>>()));
    (lo, hi)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.iter().find(|a| !a.starts_with("--")).cloned().unwrap_or("/work/shared/data".into());
    let search = args.iter().any(|a| a == "--search");
    let cache = args.iter().find_map(|a| a.strip_prefix("--cache=")).map(String::from);
    let t0 = Instant::now();
    let mut items = Vec::new();
    match cache.as_deref().filter(|c| std::path::Path::new(c).exists()) {
        Some(c) => {
            for line in std::fs::read_to_string(c).unwrap().lines() {
                let (meta, coded): ((bool, String, usize), CodedSession) = serde_json::from_str(line).unwrap();
                items.push(Item { coded, label: meta.0, split: meta.1, task: meta.2 });
            }
        }
        None => {
            let coder = if args.iter().any(|a| a == "--gold") { None } else { Some(Coder::bundled()) };
            let c = coder.as_ref();
            read(&format!("{dir}/annomi/annomi.jsonl"), |v| v["meta"]["mi_quality"].as_str().map(|q| q == "high"), 0, c, &mut items);
            read(&format!("{dir}/esconv/esconv.jsonl"), |_| Some(true), 1, c, &mut items);
            read(&format!("{dir}/esconv_failed/esconv_failed.jsonl"), |_| Some(false), 1, c, &mut items);
            if let Some(c) = &cache {
                let mut out = String::new();
                for it in &items {
                    out.push_str(&serde_json::to_string(&((it.label, &it.split, it.task), &it.coded)).unwrap());
                    out.push('\n');
                }
                std::fs::write(c, out).unwrap();
            }
        }
    }
    eprintln!("loaded/coded {} sessions in {:.1}s", items.len(), t0.elapsed().as_secs_f64());
    let cfg = AssessConfig::default();
    let t1 = Instant::now();
    let assessed: Vec<_> = items.iter().map(|it| assess(&it.coded, &cfg)).collect();
    eprintln!("assessed in {:.1}s", t1.elapsed().as_secs_f64());
    let names: Vec<String> = assessed[0].index.subscores.iter().map(|s| s.name.clone()).collect();
    // sub-score matrix (None → 50)
    let subs: Vec<Vec<Option<f64>>> = assessed.iter().map(|a| a.index.subscores.iter().map(|s| s.value).collect()).collect();
    for task in 0..2 {
        for split in ["train", "dev"] {
            let idx: Vec<usize> = (0..items.len()).filter(|&i| items[i].task == task && items[i].split == split).collect();
            let npos = idx.iter().filter(|&&i| items[i].label).count();
            print!("{} {split} (n={}, pos={npos}):", ["annomi", "esconv"][task], idx.len());
            for (k, n) in names.iter().enumerate() {
                let sc: Vec<(f64, bool)> = idx.iter().map(|&i| (subs[i][k].unwrap_or(50.0), items[i].label)).collect();
                let missing = idx.iter().filter(|&&i| subs[i][k].is_none()).count();
                print!(" {n}={:.3}{}", auc(&sc), if missing > 0 { format!("(na {missing})") } else { String::new() });
            }
            let sc: Vec<(f64, bool)> = idx.iter().map(|&i| (assessed[i].index.value, items[i].label)).collect();
            let (lo, hi) = auc_ci(&sc, 1000);
            println!("  INDEX={:.3} [95% bootstrap {lo:.3}–{hi:.3}]", auc(&sc));
            // extra raw diagnostics
            let fl: Vec<(f64, bool)> = idx.iter().map(|&i| (-(assessed[i].flags.len() as f64) / (assessed[i].per_turn.len() as f64 + 1.0), items[i].label)).collect();
            let ru: Vec<(f64, bool)> = idx.iter().map(|&i| (-(assessed[i].ruptures.len() as f64), items[i].label)).collect();
            let mk: Vec<(f64, bool)> = idx.iter().map(|&i| (-(assessed[i].markers.len() as f64) / (assessed[i].per_turn.len() as f64 + 1.0), items[i].label)).collect();
            let lsm: Vec<(f64, bool)> = idx.iter().map(|&i| (assessed[i].style.lsm.unwrap_or(0.5), items[i].label)).collect();
            let rq: Vec<(f64, bool)> = idx.iter().map(|&i| (assessed[i].scores.reflection_to_question.value.unwrap_or(1.0), items[i].label)).collect();
            let ts: Vec<(f64, bool)> = idx.iter().map(|&i| (-assessed[i].pacing.talk_share_words.value.unwrap_or(0.5), items[i].label)).collect();
            let cf: Vec<(f64, bool)> = idx.iter().map(|&i| (-(assessed[i].markers.iter().filter(|m| m.kind == attune_assess::MarkerKind::Confrontation).count() as f64) / (assessed[i].per_turn.len() as f64 + 1.0), items[i].label)).collect();
            let wd: Vec<(f64, bool)> = idx.iter().map(|&i| (-(assessed[i].markers.iter().filter(|m| m.kind == attune_assess::MarkerKind::Withdrawal && m.subtype != attune_assess::MarkerSubtype::MinimalResponse).count() as f64) / (assessed[i].per_turn.len() as f64 + 1.0), items[i].label)).collect();
            println!("    -confront/turn={:.3} -strongwithdrawal/turn={:.3}", auc(&cf), auc(&wd));
            println!("    -flags/turn={:.3} -ruptures={:.3} -markers/turn={:.3} lsm={:.3} rq={:.3} -talkshare={:.3}", auc(&fl), auc(&ru), auc(&mk), auc(&lsm), auc(&rq), auc(&ts));
            // code shares among therapist turns
            let mut line = String::new();
            for code in attune_core::Code::ALL {
                let sc: Vec<(f64, bool)> = idx.iter().map(|&i| {
                    let rows: Vec<_> = assessed[i].per_turn.iter().filter(|r| r.role == Role::Therapist).collect();
                    (rows.iter().filter(|r| r.code == Some(code)).count() as f64 / (rows.len() as f64 + 1e-9), items[i].label)
                }).collect();
                line.push_str(&format!(" {}={:.2}", code.as_str(), auc(&sc)));
            }
            let feel: Vec<(f64, bool)> = idx.iter().map(|&i| {
                let rows: Vec<_> = assessed[i].per_turn.iter().filter(|r| r.role == Role::Therapist).collect();
                (rows.iter().filter(|r| r.feeling == Some(true)).count() as f64 / (rows.len() as f64 + 1e-9), items[i].label)
            }).collect();
            let emp: Vec<(f64, bool)> = idx.iter().map(|&i| {
                let rows: Vec<_> = assessed[i].per_turn.iter().filter(|r| r.role == Role::Therapist).collect();
                (rows.iter().map(|r| r.empathy.map(|e| e.total() as f64).unwrap_or(0.0)).sum::<f64>() / (rows.len() as f64 + 1e-9), items[i].label)
            }).collect();
            let tlen: Vec<(f64, bool)> = idx.iter().map(|&i| {
                let rows: Vec<_> = assessed[i].per_turn.iter().filter(|r| r.role == Role::Therapist).collect();
                (rows.iter().map(|r| r.words as f64).sum::<f64>() / (rows.len() as f64 + 1e-9), items[i].label)
            }).collect();
            let clen: Vec<(f64, bool)> = idx.iter().map(|&i| {
                let rows: Vec<_> = assessed[i].per_turn.iter().filter(|r| r.role == Role::Client).collect();
                (rows.iter().map(|r| r.words as f64).sum::<f64>() / (rows.len() as f64 + 1e-9), items[i].label)
            }).collect();
            let nturn: Vec<(f64, bool)> = idx.iter().map(|&i| (assessed[i].per_turn.len() as f64, items[i].label)).collect();
            let rlt: Vec<(f64, bool)> = idx.iter().map(|&i| (assessed[i].style.rlsm_therapist.unwrap_or(0.5), items[i].label)).collect();
            let rlc: Vec<(f64, bool)> = idx.iter().map(|&i| (assessed[i].style.rlsm_client.unwrap_or(0.5), items[i].label)).collect();
            println!("    codes:{line}\n    feeling={:.3} empathy={:.3} t_len={:.3} c_len={:.3} nturns={:.3} rlsm_t={:.3} rlsm_c={:.3}", auc(&feel), auc(&emp), auc(&tlen), auc(&clen), auc(&nturn), auc(&rlt), auc(&rlc));
            let mut pn: Vec<String> = vec![];
            for a in &assessed { for s in &a.index.subscores { for p in &s.parts { if !pn.contains(&p.name) { pn.push(p.name.clone()); } } } }
            let mut line = String::new();
            for n in &pn {
                let sc: Vec<(f64, bool)> = idx.iter().filter_map(|&i| assessed[i].index.subscores.iter().flat_map(|s| s.parts.iter()).find(|p| &p.name == n).map(|p| (p.value, items[i].label))).collect();
                line.push_str(&format!(" {n}={:.3}(n{})", auc(&sc), sc.len()));
            }
            println!("    parts:{line}");
            let mut kinds = std::collections::BTreeMap::new();
            for &i in &idx {
                for f in &assessed[i].flags {
                    *kinds.entry((f.kind.as_str(), items[i].label)).or_insert(0usize) += 1;
                }
            }
            println!("    flag counts (kind,label): {kinds:?}");
        }
    }
    if search {
        // coordinate search on train, maximizing the mean of the two train AUCs
        let train: Vec<usize> = (0..items.len()).filter(|&i| items[i].split == "train").collect();
        let dev: Vec<usize> = (0..items.len()).filter(|&i| items[i].split == "dev").collect();
        let eval = |w: &[f64], set: &[usize]| -> (f64, f64) {
            let mut r = [0.0; 2];
            for task in 0..2 {
                let sc: Vec<(f64, bool)> = set
                    .iter()
                    .filter(|&&i| items[i].task == task)
                    .map(|&i| {
                        let (mut num, mut den) = (0.0, 0.0);
                        for (k, v) in subs[i].iter().enumerate() {
                            if let Some(v) = v {
                                num += w[k] * v;
                                den += w[k];
                            }
                        }
                        (if den > 0.0 { num / den } else { 50.0 }, items[i].label)
                    })
                    .collect();
                r[task] = auc(&sc);
            }
            (r[0], r[1])
        };
        let d = IndexWeights::default();
        let mut w = vec![d.reflective_listening, d.emotional_responsiveness, d.fix_orientation, d.pacing, d.rupture_repair, d.style_matching, d.synchrony];
        let obj = |r: (f64, f64)| r.0.min(0.95) + r.1;
        let mut best = obj(eval(&w, &train));
        for _round in 0..4 {
            for k in 0..6 {
                for cand in [0.0, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5] {
                    let mut w2 = w.clone();
                    w2[k] = cand;
                    if w2[..6].iter().sum::<f64>() <= 0.0 {
                        continue;
                    }
                    let o = obj(eval(&w2, &train));
                    if o > best + 1e-9 {
                        best = o;
                        w = w2;
                    }
                }
            }
        }
        let s: f64 = w[..6].iter().sum();
        let wn: Vec<f64> = w[..6].iter().map(|x| (x / s * 1000.0).round() / 1000.0).collect();
        println!("search: weights {wn:?} train {:?} dev {:?}", eval(&w, &train), eval(&w, &dev));
    }
}
