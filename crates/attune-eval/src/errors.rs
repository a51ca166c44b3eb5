//! Error analysis: the most frequent confusions of a task, with real examples.

use crate::datasets::*;
use crate::tasks::Task;
use attune_core::{Role, Session};
use attune_text::{Coder, Register};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Whether `--errors` has something to show for a task.
pub fn has_errors(task: Task) -> bool {
    matches!(task, Task::AnnomiBehaviour | Task::EsconvStrategy | Task::AnnomiReflection | Task::AnnomiQuestion | Task::MiAdherence)
}

/// The `k` most frequent (gold, predicted) confusions with up to `per` examples each.
pub fn top_confusions(task: Task, sessions: &[Session], coder: &Coder, k: usize, per: usize) -> String {
    const REFL: [&str; 2] = ["simple", "complex"];
    const QUES: [&str; 2] = ["open", "closed"];
    let (labels, reg): (&[&str], Register) = match task {
        Task::AnnomiBehaviour => (&BEHAVIOUR, Register::Spoken),
        Task::EsconvStrategy => (&STRATEGY, Register::Chat),
        Task::AnnomiReflection => (&REFL, Register::Spoken),
        Task::AnnomiQuestion => (&QUES, Register::Spoken),
        Task::MiAdherence => return crate::judge_tasks::mi_adherence_errors(sessions, coder, k * per),
        _ => return String::new(),
    };
    let subtype = |t: &attune_core::Turn, beh: &str, key: &str, pair: &[&str; 2]| -> Option<usize> {
        if t.labels.get("main_therapist_behaviour").and_then(|v| v.as_str()) != Some(beh) {
            return None;
        }
        t.labels.get(key).and_then(|v| v.as_str()).and_then(|s| pair.iter().position(|x| *x == s))
    };
    let mut c = coder.clone();
    c.explain = true;
    let mut conf: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
    for s in sessions {
        for (i, t) in s.turns.iter().enumerate() {
            if t.role != Role::Therapist {
                continue;
            }
            let gold = match task {
                Task::AnnomiBehaviour => annomi_behaviour(t),
                Task::AnnomiReflection => subtype(t, "reflection", "reflection_subtype", &REFL),
                Task::AnnomiQuestion => subtype(t, "question", "question_subtype", &QUES),
                _ => esconv_strategy(t),
            };
            let Some(g) = gold else { continue };
            let ctx = context_of(s, i);
            let cx = attune_text::context_in(s, i, reg);
            // Subtype tasks are scored given the gold behaviour, from the subtype heads (as in `tasks::run`).
            let (tc, (sr, sq)) = c.code_turn_with_subtypes(&t.text, &cx);
            let p = match task {
                Task::AnnomiBehaviour => code_to_behaviour(tc.code),
                Task::AnnomiReflection => usize::from(sr[1] > sr[0]),
                Task::AnnomiQuestion => usize::from(sq[1] > sq[0]),
                _ => code_to_strategy(tc.code, tc.feeling),
            };
            if p != g {
                conf.entry((g, p)).or_default().push(format!(
                    "client: \"{}\" | therapist: \"{}\" -> {} [{}]",
                    clip(ctx, 80),
                    clip(&t.text, 140),
                    tc.code,
                    tc.evidence.iter().take(3).cloned().collect::<Vec<_>>().join("; ")
                ));
            }
        }
    }
    let mut v: Vec<_> = conf.into_iter().collect();
    v.sort_by(|a, b| b.1.len().cmp(&a.1.len()));
    let mut out = String::new();
    let _ = writeln!(out, "  top confusions of {}:", task.name());
    for ((g, p), ex) in v.into_iter().take(k) {
        let _ = writeln!(out, "   {} gold {} -> predicted {}", ex.len(), labels[g], labels[p]);
        for e in ex.iter().take(per) {
            let _ = writeln!(out, "      {e}");
        }
    }
    out
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}
