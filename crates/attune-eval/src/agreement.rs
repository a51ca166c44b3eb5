//! How far human coders agree with each other: the ceiling any coder can reach against one annotator's labels.
//!
//! AnnoMI had seven transcripts coded by ten annotators each (`labels.annotations`). For every annotator and
//! turn, that annotator's label is scored against the majority of the other nine (ties go to the label listed
//! first), exactly as a model's prediction is scored against gold: macro-F1 with a bootstrap interval over
//! conversations. Subtypes count where the annotator and at least one other gave one.

use crate::metrics::{classification_result, Item, TaskResult};
use attune_core::{Role, Session};
use std::collections::HashMap;

const FIELDS: [(&str, &str, &[&str]); 3] = [
    ("annomi-behaviour", "main_therapist_behaviour", &["reflection", "question", "therapist_input", "other"]),
    ("annomi-reflection", "reflection_subtype", &["simple", "complex"]),
    ("annomi-question", "question_subtype", &["open", "closed"]),
];

/// One result per AnnoMI field, named `agreement:<task>`; empty when no turn carries several annotations.
pub fn annomi_agreement(sessions: &[Session]) -> Vec<TaskResult> {
    let multi: Vec<&Session> = sessions.iter().filter(|s| s.turns.iter().any(|t| t.labels.contains_key("annotations"))).collect();
    if multi.is_empty() {
        return Vec::new();
    }
    FIELDS
        .iter()
        .map(|&(task, field, labels)| {
            let mut items = Vec::new();
            for (g, s) in multi.iter().enumerate() {
                for t in s.turns.iter().filter(|t| t.role == Role::Therapist) {
                    let Some(ann) = t.labels.get("annotations").and_then(|v| v.as_array()) else { continue };
                    let vals: Vec<Option<usize>> =
                        ann.iter().map(|a| a.get(field).and_then(|v| v.as_str()).and_then(|v| labels.iter().position(|l| *l == v))).collect();
                    for (i, v) in vals.iter().enumerate() {
                        let Some(v) = *v else { continue };
                        let mut counts: HashMap<usize, usize> = HashMap::new();
                        for (j, w) in vals.iter().enumerate() {
                            if let (true, Some(w)) = (j != i, w) {
                                *counts.entry(*w).or_default() += 1;
                            }
                        }
                        let Some(top) = counts.values().copied().max() else { continue };
                        let majority = (0..labels.len()).find(|l| counts.get(l) == Some(&top)).unwrap_or(0);
                        items.push(Item { group: g, gold: majority, pred: v });
                    }
                }
            }
            let mut r = classification_result(&format!("agreement:{task}"), labels, &items, multi.len());
            r.notes.push("one human annotator vs the majority of the other annotators, on AnnoMI's multiply-annotated transcripts".into());
            r
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use attune_core::Turn;
    use serde_json::json;

    fn turn(behaviours: &[&str]) -> Turn {
        let ann: Vec<_> = behaviours.iter().map(|b| json!({"main_therapist_behaviour": b})).collect();
        let mut t = Turn::new(Role::Therapist, "T", "So you feel stuck.");
        t.labels.insert("annotations".into(), json!(ann));
        t
    }

    fn session(turns: Vec<Turn>) -> Session {
        let mut s = Session::new("t");
        s.turns = turns;
        s
    }

    #[test]
    fn unanimous_annotators_agree_perfectly_and_a_dissenter_costs() {
        let s = session(vec![turn(&["reflection"; 4]), turn(&["question"; 4])]);
        let r = annomi_agreement(std::slice::from_ref(&s));
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].n, 8);
        assert!((r[0].value - 1.0).abs() < 1e-12);
        let s = session(vec![turn(&["reflection", "reflection", "reflection", "question"]), turn(&["question"; 4])]);
        let r = annomi_agreement(std::slice::from_ref(&s));
        // The dissenter's "question" on a reflection is the only disagreement.
        assert_eq!(r[0].confusion.as_ref().unwrap().matrix[0][1], 1);
        assert!(r[0].value < 1.0);
    }

    #[test]
    fn no_annotations_no_result() {
        let s = session(vec![Turn::new(Role::Therapist, "T", "Hi")]);
        assert!(annomi_agreement(&[s]).is_empty());
    }
}
