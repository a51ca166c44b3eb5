//! Client-state tasks: `goemotions-distress`, `ed-distress`, `sad-severity`, `esconv-emotion`.

use crate::client_data::{ed_emotion, esconv_emotion, sad_severity, GOEMOTIONS_DISTRESS};
use crate::metrics::{auc_result, classification_result, spearman_result, Item, TaskResult};
use attune_core::{Emotion, Role, Session};
use attune_text::client::{ClientState, EMOTIONS};
use attune_text::Coder;
use rayon::prelude::*;

/// The learned state of a client turn, or the lexicon's reading where no client model is loaded.
fn state(coder: &Coder, text: &str) -> ClientState {
    coder.client_state(text).unwrap_or_else(|| {
        let a = attune_text::affect::affect(text);
        let mut probs = [0f32; 6];
        probs[EMOTIONS.iter().position(|e| *e == a.emotion).unwrap_or(5)] = 1.0;
        ClientState { distress: a.distress, severity: a.intensity, emotion: a.emotion, emotion_probs: probs, hardship: a.hardship, act: a.act, act_probs: [0.0; 5], rupture_act: a.rupture_act() }
    })
}

/// ROC AUC of the distress probability: comments labelled with a distress emotion against comments
/// labelled only neutral (others are left out).
pub fn goemotions_distress(sessions: &[Session], coder: &Coder) -> TaskResult {
    let (scores, pos): (Vec<f64>, Vec<bool>) = sessions
        .par_iter()
        .filter_map(|s| {
            let t = s.turns.first()?;
            let labels: Vec<&str> = t.labels.get("emotions")?.as_array()?.iter().filter_map(|v| v.as_str()).collect();
            let d = labels.iter().any(|l| GOEMOTIONS_DISTRESS.contains(l));
            let neutral_only = labels == ["neutral"];
            if !d && !neutral_only {
                return None;
            }
            Some((state(coder, &t.text).distress as f64, d))
        })
        .unzip();
    let mut r = auc_result("goemotions-distress", &scores, &pos);
    r.notes.push("score: the client model's distress probability; positive: sadness, grief, fear, nervousness, remorse or disappointment; negative: neutral only".into());
    r
}

/// ROC AUC of the distress probability on EmpatheticDialogues' opening client turns: conversations whose
/// gold emotion is a distress one (sad, lonely, devastated, disappointed, afraid, terrified, anxious,
/// apprehensive, ashamed, embarrassed, guilty) against calm or glad ones (joyful, content, proud, grateful...).
/// Anger and emotions with no clear side (surprised, nostalgic, sentimental) are left out. It reads distress as
/// people say it in conversation, often as an event with no feeling word ("We lost the baby at eleven weeks"),
/// where GoEmotions' Reddit comments name the feeling.
pub fn ed_distress(sessions: &[Session], coder: &Coder) -> TaskResult {
    let (scores, pos): (Vec<f64>, Vec<bool>) = sessions
        .par_iter()
        .filter_map(|s| {
            let (e, d) = s.meta.get("emotion").and_then(|v| v.as_str()).and_then(ed_emotion)?;
            if e == Emotion::Anger {
                return None;
            }
            let t = s.turns.iter().find(|t| t.role == Role::Client)?;
            Some((state(coder, &t.text).distress as f64, d))
        })
        .unzip();
    let mut r = auc_result("ed-distress", &scores, &pos);
    r.notes.push("score: the client model's distress probability on the first client turn; positive: a distress emotion given to the speaker; negative: a calm or glad one".into());
    r
}

/// Spearman's ρ between the predicted severity and SAD's mean rated severity (0–10).
pub fn sad_severity_task(sessions: &[Session], coder: &Coder) -> TaskResult {
    let (pred, gold): (Vec<f64>, Vec<f64>) = sessions
        .par_iter()
        .filter_map(|s| {
            let sev = sad_severity(s)?;
            let st = state(coder, &s.turns.first()?.text);
            Some((st.severity as f64, sev))
        })
        .unzip();
    let mut r = spearman_result("sad-severity", &pred, &gold);
    r.notes.push("score: the client model's severity (0..1) against the mean of five raters' 0-10 severity".into());
    r
}

/// Macro-F1 of the conversation's emotion (ESConv `emotion_type` mapped to sadness, fear, anger, shame):
/// the client turns' emotion probabilities summed over the conversation, the likeliest of the four.
pub fn esconv_emotion_task(sessions: &[Session], coder: &Coder) -> TaskResult {
    let kept: Vec<(usize, Emotion)> = sessions
        .iter()
        .enumerate()
        .filter_map(|(g, s)| Some((g, s.meta.get("emotion_type").and_then(|v| v.as_str()).and_then(esconv_emotion)?)))
        .collect();
    let items: Vec<Item> = kept
        .par_iter()
        .map(|&(g, gold)| {
            let mut sum = [0f32; 4];
            for t in sessions[g].turns.iter().filter(|t| t.role == Role::Client) {
                let st = state(coder, &t.text);
                for k in 0..4 {
                    sum[k] += st.emotion_probs[k];
                }
            }
            let pred = attune_text::linear::argmax(&sum);
            Item { group: g, gold: EMOTIONS.iter().position(|e| *e == gold).unwrap_or(0), pred }
        })
        .collect();
    let labels: Vec<&str> = EMOTIONS[..4].iter().map(|e| e.as_str()).collect();
    let mut r = classification_result("esconv-emotion", &labels, &items, sessions.len());
    r.notes.push("gold: ESConv emotion_type (depression/sadness/pain → sadness, anxiety/fear/nervousness → fear, anger/disgust/jealousy → anger, shame/guilt → shame)".into());
    r
}

/// `client-acts FILE`: what the client is doing in each of attune's own labelled client turns
/// (`eval/client-acts.jsonl`), macro-F1 over the five acts; the phrase rules alone are scored beside the model.
pub fn client_acts(examples: &[crate::client_data::ActExample], coder: &Coder) -> Vec<TaskResult> {
    use attune_text::client::{client_act, ACTS};
    let names: Vec<&str> = ACTS.iter().map(|a| a.as_str()).collect();
    let idx = |a: attune_core::ClientAct| ACTS.iter().position(|x| *x == a).unwrap_or(ACTS.len() - 1);
    let learned: Vec<Item> = examples.iter().enumerate().map(|(i, e)| Item { group: i, gold: idx(e.act), pred: idx(coder.client_affect_after(&e.listener, &e.text).act) }).collect();
    let rules: Vec<Item> = examples.iter().enumerate().map(|(i, e)| Item { group: i, gold: idx(e.act), pred: idx(client_act(&e.text)) }).collect();
    let mut a = classification_result("client-acts", &names, &learned, examples.len());
    a.notes.push("the client model's act head (the phrase rules where the model has none)".into());
    let mut b = classification_result("client-acts-rules", &names, &rules, examples.len());
    b.notes.push("the phrase rules alone (attune_text::client::client_act), for comparison".into());
    vec![a, b]
}

/// The client-acts items the model gets wrong: gold, predicted, the listener's turn and the text.
pub fn client_act_errors(examples: &[crate::client_data::ActExample], coder: &Coder) -> String {
    let mut out = String::from("errors (gold -> predicted | listener | client):\n");
    for e in examples {
        let got = coder.client_affect_after(&e.listener, &e.text).act;
        if got != e.act {
            out.push_str(&format!("  {} -> {} | {} | {}\n", e.act.as_str(), got.as_str(), e.listener, e.text));
        }
    }
    out
}
