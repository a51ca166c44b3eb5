//! The evaluation tasks of DESIGN.md § Evaluation, each a pure function of sessions and a coder.

use crate::datasets::*;
use crate::metrics::{auc_result, classification_result, Item, TaskResult};
use attune_core::{Code, CodedSession, Role, Session};
use attune_text::{Coder, Register};
use rayon::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    AnnomiBehaviour,
    AnnomiReflection,
    AnnomiQuestion,
    AnnomiQuality,
    EsconvStrategy,
    EsconvOutcome,
    EpitomeReactions,
    EpitomeInterpretations,
    EpitomeExplorations,
    MiCodes,
    GoemotionsDistress,
    EdDistress,
    SadSeverity,
    EsconvEmotion,
    MiAdherence,
    ExchangesEmpathy,
    Vignettes,
    GoodSessionFlagRate,
}

impl Task {
    pub const ALL: [Task; 18] = [
        Task::AnnomiBehaviour,
        Task::AnnomiReflection,
        Task::AnnomiQuestion,
        Task::AnnomiQuality,
        Task::EsconvStrategy,
        Task::EsconvOutcome,
        Task::EpitomeReactions,
        Task::EpitomeInterpretations,
        Task::EpitomeExplorations,
        Task::MiCodes,
        Task::GoemotionsDistress,
        Task::EdDistress,
        Task::SadSeverity,
        Task::EsconvEmotion,
        Task::MiAdherence,
        Task::ExchangesEmpathy,
        Task::Vignettes,
        Task::GoodSessionFlagRate,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Task::AnnomiBehaviour => "annomi-behaviour",
            Task::AnnomiReflection => "annomi-reflection",
            Task::AnnomiQuestion => "annomi-question",
            Task::AnnomiQuality => "annomi-quality",
            Task::EsconvStrategy => "esconv-strategy",
            Task::EsconvOutcome => "esconv-outcome",
            Task::EpitomeReactions => "epitome-reactions",
            Task::EpitomeInterpretations => "epitome-interpretations",
            Task::EpitomeExplorations => "epitome-explorations",
            Task::MiCodes => "mi-codes",
            Task::GoemotionsDistress => "goemotions-distress",
            Task::EdDistress => "ed-distress",
            Task::SadSeverity => "sad-severity",
            Task::EsconvEmotion => "esconv-emotion",
            Task::MiAdherence => "mi-adherence",
            Task::ExchangesEmpathy => "exchanges-empathy",
            Task::Vignettes => "vignettes",
            Task::GoodSessionFlagRate => "good-session-flag-rate",
        }
    }

    pub fn from_name(s: &str) -> Option<Task> {
        Task::ALL.iter().copied().find(|t| t.name() == s)
    }

    /// Tasks that take two files (successful, then failed conversations).
    pub fn takes_two_files(self) -> bool {
        self == Task::EsconvOutcome
    }

    /// The register the task's data was produced in: transcribed speech for MI data, written chat otherwise.
    fn register(self) -> Register {
        match self {
            Task::AnnomiBehaviour | Task::AnnomiReflection | Task::AnnomiQuestion | Task::AnnomiQuality => Register::Spoken,
            _ => Register::Chat,
        }
    }
}

/// One prediction per therapist turn, keeping the probabilities for sub-tasks.
struct Pred {
    group: usize,
    turn: usize,
    code: Code,
    feeling: bool,
    /// ([simple, complex], [open, closed]).
    subtypes: ([f32; 2], [f32; 2]),
    empathy: [u8; 3],
}

fn predict_all(sessions: &[Session], coder: &Coder, reg: Register) -> Vec<Pred> {
    let mut c = coder.clone();
    c.explain = false;
    sessions
        .par_iter()
        .enumerate()
        .flat_map_iter(|(g, s)| {
            let c = &c;
            s.turns.iter().enumerate().filter(|(_, t)| t.role == Role::Therapist).map(move |(i, t)| {
                let cx = attune_text::context_in(s, i, reg);
                let (tc, subtypes) = c.code_turn_with_subtypes(&t.text, &cx);
                Pred {
                    group: g,
                    turn: i,
                    code: tc.code,
                    feeling: tc.feeling,
                    subtypes,
                    empathy: [tc.empathy.reactions, tc.empathy.interpretations, tc.empathy.explorations],
                }
            })
        })
        .collect()
}

/// Runs a task and returns every figure it reports (the judgement tasks report several). `vignettes` reads
/// its own file format: use [`crate::judge_tasks::vignettes`].
pub fn run_many(task: Task, sessions: &[Session], failed: &[Session], coder: &Coder) -> Vec<TaskResult> {
    match task {
        Task::GoemotionsDistress => vec![crate::client_tasks::goemotions_distress(sessions, coder)],
        Task::EdDistress => vec![crate::client_tasks::ed_distress(sessions, coder)],
        Task::SadSeverity => vec![crate::client_tasks::sad_severity_task(sessions, coder)],
        Task::EsconvEmotion => vec![crate::client_tasks::esconv_emotion_task(sessions, coder)],
        Task::MiAdherence => crate::judge_tasks::mi_adherence(sessions, coder),
        Task::ExchangesEmpathy => crate::judge_tasks::exchanges_empathy(sessions, coder),
        Task::Vignettes => Vec::new(),
        Task::GoodSessionFlagRate => crate::judge_tasks::session_flag_rate(sessions, coder),
        _ => vec![run(task, sessions, failed, coder)],
    }
}

/// Runs a classification task on sessions (one file's worth). `failed` is only for `esconv-outcome`.
pub fn run(task: Task, sessions: &[Session], failed: &[Session], coder: &Coder) -> TaskResult {
    let reg = task.register();
    let gold_turn = |p: &Pred| &sessions[p.group].turns[p.turn];
    match task {
        Task::AnnomiQuality => {
            let (scores, pos): (Vec<f64>, Vec<bool>) = sessions
                .par_iter()
                .filter_map(|s| {
                    let q = s.meta.get("mi_quality").and_then(|v| v.as_str())?;
                    Some((index_of(&code_with(s, coder, reg)), q == "high"))
                })
                .unzip();
            let mut r = auc_result(task.name(), &scores, &pos);
            r.notes.push("score: attunement index (0-100) of the session; positive class: high MI quality".into());
            r
        }
        Task::EsconvOutcome => {
            let mut scores = Vec::new();
            let mut pos = Vec::new();
            for (set, label) in [(sessions, true), (failed, false)] {
                let s: Vec<f64> = set.par_iter().map(|s| index_of(&code_with(&strip_meta(s), coder, reg))).collect();
                pos.extend(std::iter::repeat_n(label, s.len()));
                scores.extend(s);
            }
            let mut r = auc_result(task.name(), &scores, &pos);
            r.notes.push("score: attunement index; positive class: the first file (successful support); meta is ignored".into());
            r
        }
        _ => {
            let preds = predict_all(sessions, coder, reg);
            let mut items = Vec::new();
            let labels: Vec<&str> = match task {
                Task::AnnomiBehaviour => {
                    for p in &preds {
                        if let Some(g) = annomi_behaviour(gold_turn(p)) {
                            items.push(Item { group: p.group, gold: g, pred: code_to_behaviour(p.code) });
                        }
                    }
                    BEHAVIOUR.to_vec()
                }
                Task::AnnomiReflection | Task::AnnomiQuestion => {
                    let (beh, key, pair) = if task == Task::AnnomiReflection {
                        ("reflection", "reflection_subtype", ["simple", "complex"])
                    } else {
                        ("question", "question_subtype", ["open", "closed"])
                    };
                    for p in &preds {
                        let t = gold_turn(p);
                        if t.labels.get("main_therapist_behaviour").and_then(|v| v.as_str()) != Some(beh) {
                            continue;
                        }
                        let Some(g) = t.labels.get(key).and_then(|v| v.as_str()).and_then(|s| pair.iter().position(|x| *x == s)) else { continue };
                        // Subtype given the behaviour: the likelier of the two codes.
                        let sub = if task == Task::AnnomiReflection { p.subtypes.0 } else { p.subtypes.1 };
                        let pred = if sub[0] >= sub[1] { 0 } else { 1 };
                        items.push(Item { group: p.group, gold: g, pred });
                    }
                    pair.to_vec()
                }
                Task::EsconvStrategy => {
                    for p in &preds {
                        if let Some(g) = esconv_strategy(gold_turn(p)) {
                            items.push(Item { group: p.group, gold: g, pred: code_to_strategy(p.code, p.feeling) });
                        }
                    }
                    STRATEGY.to_vec()
                }
                Task::EpitomeReactions | Task::EpitomeInterpretations | Task::EpitomeExplorations => {
                    let m = match task {
                        Task::EpitomeReactions => 0,
                        Task::EpitomeInterpretations => 1,
                        _ => 2,
                    };
                    for p in &preds {
                        if let Some(g) = empathy_level(gold_turn(p), m) {
                            items.push(Item { group: p.group, gold: g, pred: p.empathy[m] as usize });
                        }
                    }
                    vec!["0", "1", "2"]
                }
                Task::MiCodes => {
                    for p in &preds {
                        if let Some(g) = miti_label(gold_turn(p)) {
                            items.push(Item { group: p.group, gold: g, pred: code_to_miti(p.code) });
                        }
                    }
                    MITI.to_vec()
                }
                _ => return run_many(task, sessions, failed, coder).into_iter().next().unwrap_or_else(|| crate::metrics::auc_result(task.name(), &[], &[])),
            };
            let mut r = classification_result(task.name(), &labels, &items, sessions.len());
            if matches!(task, Task::AnnomiReflection | Task::AnnomiQuestion) {
                r.notes.push("subtype given the gold behaviour, from the coder's subtype head".into());
            }
            r
        }
    }
}

fn code_with(s: &Session, coder: &Coder, reg: Register) -> CodedSession {
    let mut s2 = s.clone();
    s2.meta.insert("register".into(), serde_json::Value::String(if reg == Register::Spoken { "spoken" } else { "chat" }.into()));
    // with the per-sentence codes, as `analyze` codes a session: the judge reads them (until 2026-12-03 these
    // tasks coded without them, so their index and flags were not quite what a user gets)
    let mut c = coder.clone();
    c.explain = true;
    c.code_session(&s2)
}

fn index_of(coded: &CodedSession) -> f64 {
    attune_assess::session_index(coded)
}

/// The outcome label must come from the file alone: drop meta (it holds the survey that defines it) and labels.
fn strip_meta(s: &Session) -> Session {
    let mut s = s.clone();
    s.meta.clear();
    for t in &mut s.turns {
        t.labels.clear();
    }
    s
}
