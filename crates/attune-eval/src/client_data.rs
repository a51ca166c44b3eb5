//! Client-state labels from the data sets of `../shared/data`, and the client model's training.
//!
//! - distress (calm/distressed): GoEmotions (a distress emotion among the labels vs none), EmpatheticDialogues'
//!   first client turn (its gold conversation emotion), SAD (rated severity / 10 as a soft target).
//! - severity (soft): SAD's mean rated severity / 10; ESConv's initial emotion intensity / 5 on the seeker's
//!   first substantive turns (lower weight).
//! - emotion (6 classes): GoEmotions, EmpatheticDialogues and ESConv's emotion type, mapped below.
//! - hardship (none/hard): EmpatheticDialogues' situation texts and first client turns (a distressing event against
//!   a happy one), GoEmotions' neutral-only comments as not hard (low weight).

use attune_core::{ClientAct, Emotion, Role, Session};
use attune_text::client::{act_features, client_features, ClientModel, ACTS, EMOTIONS};
use attune_text::features::EMBED_DIM;
use attune_text::mlp::Mlp;
use attune_text::features::HashSink;
use attune_text::linear::{Example, Head, TrainConfig};
use attune_text::tokens::Tokens;
use attune_text::EmbeddingTable;

/// GoEmotions labels that count as distress (the `goemotions-distress` task).
pub const GOEMOTIONS_DISTRESS: [&str; 6] = ["sadness", "grief", "fear", "nervousness", "remorse", "disappointment"];

/// Which data set a session came from, by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientSource {
    GoEmotions,
    Sad,
    EmpatheticDialogues,
    EsConv,
    Other,
}

pub fn client_source(s: &Session) -> ClientSource {
    let id = s.id.as_str();
    if id.starts_with("goemotions-") {
        ClientSource::GoEmotions
    } else if id.starts_with("sad_stress-") {
        ClientSource::Sad
    } else if id.starts_with("empathetic_dialogues-") {
        ClientSource::EmpatheticDialogues
    } else if id.starts_with("esconv-") && !id.starts_with("esconv-failed") {
        ClientSource::EsConv
    } else {
        ClientSource::Other
    }
}

fn emo(e: Emotion) -> usize {
    EMOTIONS.iter().position(|x| *x == e).unwrap_or(5)
}

/// A GoEmotions label in attune's six emotions (`None`: no clear counterpart, e.g. curiosity).
pub fn goemotions_emotion(l: &str) -> Option<Emotion> {
    Some(match l {
        "sadness" | "grief" | "disappointment" => Emotion::Sadness,
        "fear" | "nervousness" => Emotion::Fear,
        // "disapproval" is left out: on Reddit it is mostly disagreement with another comment, and reading it as
        // anger made anger the default emotion of a hurt turn (esconv-emotion dev 0.603 -> 0.632 without it)
        "anger" | "annoyance" | "disgust" => Emotion::Anger,
        "embarrassment" | "remorse" => Emotion::Shame,
        "joy" | "amusement" | "excitement" | "gratitude" | "love" | "optimism" | "pride" | "relief" | "admiration" => Emotion::Joy,
        "neutral" => Emotion::Neutral,
        _ => return None,
    })
}

/// An EmpatheticDialogues emotion in attune's six, and whether it is a distress emotion.
pub fn ed_emotion(l: &str) -> Option<(Emotion, bool)> {
    Some(match l {
        "sad" | "lonely" | "devastated" | "disappointed" => (Emotion::Sadness, true),
        "afraid" | "terrified" | "anxious" | "apprehensive" => (Emotion::Fear, true),
        "ashamed" | "embarrassed" | "guilty" => (Emotion::Shame, true),
        "angry" | "furious" | "annoyed" | "disgusted" | "jealous" => (Emotion::Anger, false),
        "joyful" | "excited" | "proud" | "grateful" | "content" | "hopeful" | "confident" | "impressed" | "trusting"
        | "faithful" | "prepared" | "anticipating" | "caring" => (Emotion::Joy, false),
        _ => return None,
    })
}

/// ESConv's emotion type in attune's six (the `esconv-emotion` task).
pub fn esconv_emotion(l: &str) -> Option<Emotion> {
    Some(match l {
        "depression" | "sadness" | "pain" => Emotion::Sadness,
        "anxiety" | "fear" | "nervousness" => Emotion::Fear,
        "anger" | "disgust" | "jealousy" => Emotion::Anger,
        "shame" | "guilt" => Emotion::Shame,
        _ => return None,
    })
}

fn labels_list(t: &attune_core::Turn, key: &str) -> Vec<String> {
    t.labels.get(key).and_then(|v| v.as_array()).map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

/// SAD's rated severity (0–10) of a session's single turn.
pub fn sad_severity(s: &Session) -> Option<f64> {
    s.turns.first()?.labels.get("severity")?.as_f64()
}

/// The texts whose embeddings the accurate client model needs.
pub fn client_texts(sessions: &[Session]) -> Vec<&str> {
    let mut out = Vec::new();
    for s in sessions {
        match client_source(s) {
            ClientSource::Other => {}
            ClientSource::EsConv => {
                // every seeker turn: the act head reads those of helpful conversations
                out.extend(s.turns.iter().filter(|t| t.role == Role::Client).map(|t| t.text.as_str()));
            }
            ClientSource::EmpatheticDialogues => {
                if let Some(t) = s.turns.iter().find(|t| t.role == Role::Client) {
                    out.push(t.text.as_str());
                }
                if let Some(sit) = s.meta.get("situation").and_then(|v| v.as_str()) {
                    out.push(sit);
                }
            }
            _ => out.extend(s.turns.iter().filter(|t| t.role == Role::Client).map(|t| t.text.as_str())),
        }
    }
    out
}

/// The texts a [`Teacher`] reads for its student: the client model's training texts and ESConv's situations (the
/// seeker's problem in a sentence or two, the register of SAD's stressors).
pub fn teacher_texts(sessions: &[Session]) -> Vec<&str> {
    let mut out = client_texts(sessions);
    for s in sessions.iter().filter(|s| client_source(s) == ClientSource::EsConv) {
        if let Some(sit) = s.meta.get("situation").and_then(|v| v.as_str()).filter(|t| !t.trim().is_empty()) {
            out.push(sit);
        }
    }
    out
}

/// The seeker's first `k` client turns of six words or more (greetings carry no emotion).
fn first_substantive(s: &Session, k: usize) -> Vec<usize> {
    s.turns.iter().enumerate().filter(|(_, t)| t.role == Role::Client && t.text.split_whitespace().count() >= 6).map(|(i, _)| i).take(k).collect()
}

/// Training settings for the client model.
#[derive(Debug, Clone)]
pub struct ClientTrainSettings {
    pub cfg: TrainConfig,
    /// Weight of EmpatheticDialogues and ESConv examples relative to GoEmotions/SAD.
    pub aux_weight: f32,
    /// Weight of ESConv's intensities in the severity head (0 = SAD alone).
    pub esconv_severity: f32,
    /// Weight of SAD's severities in the distress head.
    pub sad_distress: f32,
    /// Leave GoEmotions comments out of the distress head when they carry only emotions that are neither
    /// distress nor clearly calm (anger, annoyance, confusion, caring...): their negatives are ambiguous.
    pub skip_ambiguous: bool,
    /// Weight in the distress head of GoEmotions comments that carry neither a distress emotion nor only
    /// `neutral` (anger, joy, curiosity...). Learning distress against plain neutral comments alone reads it
    /// better (dev goemotions-distress, fast tier: 0.900 with these at weight 1, see the model card).
    pub distress_other: f32,
    /// Weight of EmpatheticDialogues' first client turns in the distress head.
    pub ed_distress: f32,
    /// Weight of ESConv seekers' first substantive turns as distressed examples (0 = not used: at 0.3 and 1 the
    /// head learned the seekers' style: "I got the job! I start Monday." rose from 0.29 to 0.43 and 0.54, and
    /// EmpatheticDialogues dev first turns were told apart no better, AUC 0.840 and 0.827 against 0.842).
    pub esconv_distress: f32,
    /// Weight in the distress head of EmpatheticDialogues' situation texts (the speaker's own account of the
    /// event, labelled with the conversation's gold emotion). GoEmotions' comments name their feelings; people in
    /// a conversation often tell the event instead ("We lost the baby at eleven weeks"). Dev, fast tier,
    /// goemotions-distress / ed-distress AUC: 0.915 / 0.842 at 0, 0.912 / 0.869 at 0.2, 0.909 / 0.874 at 0.3,
    /// 0.906 / 0.880 at 0.5 (chosen), 0.897 / 0.887 at 1; EmpatheticDialogues alone (GoEmotions at 0): 0.729 /
    /// 0.908. One linear head cannot hold both registers at their best; 0.5 buys most of the conversational
    /// gain for 0.009 on Reddit comments.
    pub ed_situation: f32,
    /// Weight (times `aux_weight`) in the emotion head of EmpatheticDialogues' situation texts (0 = not used:
    /// esconv-emotion dev, fast tier, 0.632 -> 0.624 at 0.5 and 1).
    pub ed_situation_emotion: f32,
    /// Weight in the distress head of EmpatheticDialogues' later client turns (the conversation's emotion; 0 = not
    /// used: dev goemotions-distress / ed-distress 0.904 / 0.888 at 0.2 and 0.896 / 0.893 at 0.6, against 0.906 /
    /// 0.880 without: the same trade along the same line; measured as `ed_later` 0.1 and 0.3 when each turn was
    /// added twice by mistake).
    pub ed_later: f32,
    /// Weight of GoEmotions comments in the distress head.
    pub goemotions_distress: f32,
    /// Exponent of inverse class-frequency weights in the emotion head (0 = none): GoEmotions' many
    /// annoyed comments otherwise make anger the default reading of a hurt turn (esconv-emotion dev, fast tier:
    /// 0.401 unbalanced, 0.534 at 0.5, 0.603 at 1).
    pub emotion_balance: f32,
    /// Hardship head: weight of EmpatheticDialogues' situation texts (a distressing event = hard, a happy one =
    /// not; angering ones are left out, as for distress: most are annoyances).
    pub hardship_situation: f32,
    /// Hardship head: weight of EmpatheticDialogues' first client turns, labelled alike.
    pub hardship_turn: f32,
    /// Hardship head: weight of GoEmotions' neutral-only comments as not hard (EmpatheticDialogues has no
    /// neutral situations: without them a question about opening hours reads as a hardship).
    pub hardship_neutral: f32,
    /// Hardship head: weight of SAD's stressors, rated severity / 10 as a soft target (0 = not used: at 1 chores
    /// read as mid-hard, "I'm thinking of repainting the kitchen this weekend." 0.50).
    pub hardship_sad: f32,
    /// Act head: every n-th EmpatheticDialogues first client turn joins attune's own labelled turns as
    /// `disclosing` (0 = none, the default: every 10th at 0.3 gave client-acts dev 0.880 against 0.929 without,
    /// before the ESConv turns below were added, by reading more turns as disclosures).
    pub act_ed_every: usize,
    /// Act head: the weight of those turns (attune's own labelled turns weigh 1).
    pub act_ed_weight: f32,
    /// Act head: weight of the seeker turns of ESConv conversations the seeker rated empathic and relevant (4 or 5
    /// of 5 on both), as "anything but pushing back" (a partial label). Our own turns alone taught the head that
    /// a reply speaking to the listener ("Thanks for your input, it gives me a different perspective") pushes back:
    /// it read 9 % of ESConv's dev seeker turns so (at 0.03: 2 of 2,956; at 0.1 and 0.3 it named almost no pushback in
    /// our own dev turns either, 0.25 and 0.15 recall). 0 = not used.
    pub act_helpful_weight: f32,
    /// Weight of attune's own labelled client turns (`models/client-state*.jsonl`: distress 0/1 and the main
    /// emotion, written by hand for plain distress with no feeling words and light talk with heavy words) in the
    /// distress, hardship and emotion heads. 0 = not used.
    pub state_weight: f32,
    /// The same turns' weight in the hardship head alone (the head the judge reads beside distress; GoEmotions'
    /// distress labels leave anger out and these do not, so a heavy weight there costs goemotions-distress).
    pub state_hardship_weight: f32,
    /// The accurate tier's perceptrons (256 hidden units: dev sad-severity 0.618 -> 0.621 over 128, distress unchanged).
    pub mlp: attune_text::mlp::MlpConfig,
    /// Weight of the teacher's severity (the accurate client model's reading, [`Teacher`]) as a soft target on
    /// every text of [`teacher_texts`] (0 = no teacher; the accurate tier has none). SAD's 4,795 rated sentences are
    /// few for the fast tier's features, and the accurate tier reads severity better (dev 0.623 against 0.569). Dev
    /// sad-severity, fast tier: 0.569 without, 0.583 at 0.3, 0.587 at 1 and at 3 on the client model's training texts,
    /// 0.589 at 1 with ESConv's situations added, 0.585 (chosen) on the rated sentences' features only (all features
    /// grew the model file from 13 to 20 MB); nothing else moved (the other heads are untouched).
    /// Per-head settings (l2 1e-5 to 0.1, 3 to 20 epochs, learning rates 0.005 to 0.05, min count 5) all gave
    /// 0.550–0.569 without a teacher.
    pub teach_severity: f32,
    /// Weight of the teacher's distress as a soft target (0 = not used: dev goemotions-distress / ed-distress 0.909 /
    /// 0.880 without, 0.912 / 0.880 at 1, 0.913 / 0.882 at 0.3, 0.911 / 0.878 at 3; too little to retrain the judge,
    /// which reads distress).
    pub teach_distress: f32,
    /// Training settings of the severity head where they differ from `cfg` (`None`: `cfg`).
    pub severity_cfg: Option<TrainConfig>,
    /// Training settings of the distress head where they differ from `cfg` (`None`: `cfg`).
    pub distress_cfg: Option<TrainConfig>,
}

impl Default for ClientTrainSettings {
    fn default() -> Self {
        ClientTrainSettings { cfg: TrainConfig { epochs: 10, learning_rate: 0.02, l2: 1e-6, min_count: 2, seed: 29, average: 2 }, aux_weight: 0.5, esconv_severity: 0.0, sad_distress: 0.0, skip_ambiguous: false, distress_other: 0.0, ed_distress: 0.2, esconv_distress: 0.0, ed_situation: 0.5, ed_situation_emotion: 0.0, ed_later: 0.0, goemotions_distress: 1.0, emotion_balance: 1.0, hardship_situation: 1.0, hardship_turn: 1.0, hardship_neutral: 0.03, hardship_sad: 0.0, act_ed_every: 0, act_ed_weight: 0.3, act_helpful_weight: 0.03, state_weight: 0.0, state_hardship_weight: 10.0, mlp: attune_text::mlp::MlpConfig { hidden: 256, ..Default::default() }, severity_cfg: None, distress_cfg: None, teach_severity: 1.0, teach_distress: 0.0 }
    }
}

impl ClientTrainSettings {
    /// The accurate tier's settings: EmpatheticDialogues' situations at 0.25 in the distress head, no teacher. Dev,
    /// goemotions-distress / ed-distress / annomi-quality: 0.921 / 0.885 / 0.912 without them, 0.919 / 0.901 /
    /// 0.971 at 0.25, 0.917 / 0.905 / 0.882 at 0.5 (annomi-quality has 19 sessions: one or two pairs either way).
    pub fn accurate() -> Self {
        ClientTrainSettings { ed_situation: 0.25, teach_severity: 0.0, ..Default::default() }
    }
}

/// Trains the client model on train-split sessions of GoEmotions, SAD, EmpatheticDialogues and ESConv.
/// One of attune's own labelled client turns (`models/client-acts.jsonl` for training, `eval/client-acts.jsonl` for
/// the `client-acts` task).
#[derive(Debug, Clone)]
pub struct ActExample {
    pub act: ClientAct,
    /// The listener's turn before it ("" for a first message).
    pub listener: String,
    pub text: String,
    pub register: String,
    pub split: String,
}

/// An act's name as written in the files (`disclosing`, `asking_for_help`, `pushing_back`, `withdrawing`, `other`).
pub fn act_from_name(name: &str) -> Option<ClientAct> {
    ACTS.iter().copied().find(|a| a.as_str() == name)
}

/// Reads a client-acts file; `split` keeps only lines whose `split` field matches. Errors name the line.
pub fn parse_client_acts(text: &str, split: Option<&str>) -> Result<Vec<ActExample>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("line {}: not JSON: {e}", i + 1))?;
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let name = s("act").ok_or_else(|| format!("line {}: no \"act\"", i + 1))?;
        let act = act_from_name(&name).ok_or_else(|| format!("line {}: unknown act {name:?} (one of disclosing, asking_for_help, pushing_back, withdrawing, other)", i + 1))?;
        let text = s("text").filter(|t| !t.trim().is_empty()).ok_or_else(|| format!("line {}: no \"text\"", i + 1))?;
        let ex = ActExample { act, listener: s("listener").unwrap_or_default(), text, register: s("register").unwrap_or_else(|| "unknown".into()), split: s("split").unwrap_or_default() };
        if split.is_some_and(|want| want != ex.split) {
            continue;
        }
        out.push(ex);
    }
    Ok(out)
}

/// One of attune's own client turns labelled with the client's state (`models/client-state*.jsonl`).
#[derive(Debug, Clone)]
pub struct StateExample {
    pub text: String,
    pub distressed: bool,
    pub emotion: Emotion,
    pub register: String,
}

/// Reads a client-state file: `{"text", "distress": 0|1, "emotion": "sadness"|"fear"|"anger"|"shame"|"joy"|"neutral",
/// "register"}` per line. Errors name the line.
pub fn parse_client_states(text: &str) -> Result<Vec<StateExample>, String> {
    let mut out = Vec::new();
    for item in crate::jsonl::objects(text) {
        let (n, v) = item?;
        let text = v.get("text").and_then(|x| x.as_str()).filter(|t| !t.trim().is_empty()).ok_or_else(|| format!("line {n}: no \"text\""))?;
        let distressed = match v.get("distress").and_then(|x| x.as_i64()) {
            Some(0) => false,
            Some(1) => true,
            _ => return Err(format!("line {n}: \"distress\" must be 0 or 1")),
        };
        let name = v.get("emotion").and_then(|x| x.as_str()).unwrap_or("");
        let emotion = EMOTIONS.iter().copied().find(|e| e.as_str() == name).ok_or_else(|| format!("line {n}: unknown emotion {name:?} (one of sadness, fear, anger, shame, joy, neutral)"))?;
        let register = v.get("register").and_then(|x| x.as_str()).unwrap_or("unknown").to_string();
        out.push(StateExample { text: text.to_string(), distressed, emotion, register });
    }
    Ok(out)
}

/// Act examples from the rupture labels of sessions written for training (`models/judge-sessions*.jsonl`): a
/// client turn where a confrontation rupture shows is pushing back, one where a withdrawal shows is withdrawing.
/// Our own labelled turns hold few pushbacks of the oblique kinds people write ("Yeah. I've done the pacing
/// course."); these are told in the flow of a session, after the turn they answer.
pub fn session_act_examples(ls: &[crate::session_tasks::LabelledSession]) -> Vec<ActExample> {
    let mut out = Vec::new();
    for s in ls {
        for ((turn, _), family) in s.ruptures.iter().zip(&s.rupture_kinds) {
            let act = if family == "confrontation" { ClientAct::PushingBack } else { ClientAct::Withdrawing };
            let listener = s.session.previous(*turn, attune_core::Role::Therapist).map(|j| s.session.turns[j].text.clone()).unwrap_or_default();
            out.push(ActExample { act, listener, text: s.session.turns[*turn].text.clone(), register: s.register.clone(), split: s.split.clone() });
        }
    }
    out
}

/// The splits of `eval/sessions.jsonl` whose rupture turns also train the client model's rupture head (with
/// [`session_act_examples`]): sets that were read once unseen and then studied, `fresh2`–`fresh40`. The later studied
/// splits stay out (adding `fresh41`–`fresh52` did not help on the splits after them: models/MODEL_CARD.md, thirty-sixth
/// session), and so do `dev`, `holdout`, `fresh` (attune's own dev and held-back figures) and any set not yet read.
/// Their rupture figures are training figures; the later studied splits tell how the head generalizes.
pub const STUDIED_SESSION_SPLITS: &[&str] = &[
    "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14",
    "fresh15", "fresh16", "fresh17", "fresh18", "fresh19", "fresh20", "fresh21", "fresh22", "fresh23", "fresh24", "fresh25", "fresh26",
    "fresh27", "fresh28", "fresh29", "fresh30", "fresh31", "fresh32", "fresh33", "fresh34", "fresh35", "fresh36", "fresh37",
    "fresh38", "fresh39", "fresh40",
];

/// A trained model whose readings a student learns as soft targets (the fast tier from the accurate one), with the
/// embeddings of the training texts it reads.
pub struct Teacher<'a> {
    pub model: &'a ClientModel,
    pub table: &'a EmbeddingTable,
}

/// Trains the client model. `rupture_acts` (the studied evaluation sessions' rupture turns) train the rupture head
/// beside `acts`; the act head reads `acts` alone. No rupture head when it is empty.
pub fn train_client(
    sessions: &[Session],
    acts: &[ActExample],
    rupture_acts: &[ActExample],
    states: &[StateExample],
    st: &ClientTrainSettings,
    emb: Option<&EmbeddingTable>,
    teacher: Option<&Teacher<'_>>,
) -> ClientModel {
    let mut toks = Tokens::default();
    let mut feats = |text: &str| {
        let mut sink = HashSink::default();
        client_features(text, emb.and_then(|t| t.get(text)), &mut toks, &mut sink);
        sink.feats
    };
    // (text, example): the text finds the embedding for the accurate tier's perceptrons
    let mut distress: Vec<(String, Example)> = Vec::new();
    let mut severity: Vec<(String, Example)> = Vec::new();
    let mut emotion: Vec<(String, Example)> = Vec::new();
    let mut hardship: Vec<Example> = Vec::new();
    let mut act: Vec<Example> = Vec::new();
    let act_feats = |listener: &str, text: &str| {
        let mut sink = HashSink::default();
        client_features(text, emb.and_then(|t| t.get(text)), &mut Tokens::default(), &mut sink);
        act_features(listener, text, &mut sink);
        sink.feats
    };
    let act_index = |a: ClientAct| ACTS.iter().position(|x| *x == a).unwrap_or(ACTS.len() - 1);
    for a in acts {
        act.push(Example { feats: act_feats(&a.listener, &a.text), labels: vec![act_index(a.act)], weight: 1.0 });
    }

    let mut ed_seen = 0usize;
    let soft = |out: &mut Vec<(String, Example)>, text: &str, f: &Vec<(u64, f32)>, y: f32, w: f32| {
        let y = y.clamp(0.0, 1.0);
        if y > 0.0 {
            out.push((text.to_string(), Example { feats: f.clone(), labels: vec![1], weight: w * y }));
        }
        if y < 1.0 {
            out.push((text.to_string(), Example { feats: f.clone(), labels: vec![0], weight: w * (1.0 - y) }));
        }
    };
    for s in sessions {
        match client_source(s) {
            ClientSource::GoEmotions => {
                let Some(t) = s.turns.first() else { continue };
                let labels = labels_list(t, "emotions");
                let f = feats(&t.text);
                let is_d = labels.iter().any(|l| GOEMOTIONS_DISTRESS.contains(&l.as_str()));
                let calm = labels.iter().all(|l| l == "neutral" || goemotions_emotion(l) == Some(Emotion::Joy));
                let neutral_only = labels.iter().all(|l| l == "neutral");
                if neutral_only && st.hardship_neutral > 0.0 {
                    hardship.push(Example { feats: f.clone(), labels: vec![0], weight: st.hardship_neutral });
                }
                let w = st.goemotions_distress * if is_d || neutral_only { 1.0 } else { st.distress_other };
                if (is_d || calm || !st.skip_ambiguous) && w > 0.0 {
                    distress.push((t.text.clone(), Example { feats: f.clone(), labels: vec![is_d as usize], weight: w }));
                }
                let mut em: Vec<usize> = labels.iter().filter_map(|l| goemotions_emotion(l)).map(emo).collect();
                em.sort_unstable();
                em.dedup();
                if !em.is_empty() {
                    emotion.push((t.text.clone(), Example { feats: f, labels: em, weight: 1.0 }));
                }
            }
            ClientSource::Sad => {
                let (Some(t), Some(sev)) = (s.turns.first(), sad_severity(s)) else { continue };
                let f = feats(&t.text);
                soft(&mut severity, &t.text, &f, sev as f32 / 10.0, 2.0);
                soft(&mut distress, &t.text, &f, sev as f32 / 10.0, st.sad_distress);
                let mut h = Vec::new();
                soft(&mut h, &t.text, &f, sev as f32 / 10.0, st.hardship_sad);
                hardship.extend(h.into_iter().map(|(_, e)| e));
            }
            ClientSource::EmpatheticDialogues => {
                let Some((e, is_d)) = s.meta.get("emotion").and_then(|v| v.as_str()).and_then(ed_emotion) else { continue };
                let Some(t) = s.turns.iter().find(|t| t.role == Role::Client) else { continue };
                let f = feats(&t.text);
                ed_seen += 1;
                if st.act_ed_every > 0 && ed_seen % st.act_ed_every == 0 {
                    act.push(Example { feats: act_feats("", &t.text), labels: vec![act_index(ClientAct::Disclosing)], weight: st.act_ed_weight });
                }
                // an angering event is left out, as for distress: most are annoyances ("the dog chewed my shoes")
                let hard = (e != Emotion::Joy) as usize;
                if st.hardship_turn > 0.0 && e != Emotion::Anger {
                    hardship.push(Example { feats: f.clone(), labels: vec![hard], weight: st.hardship_turn });
                }
                if e != Emotion::Anger && st.ed_distress > 0.0 {
                    distress.push((t.text.clone(), Example { feats: f.clone(), labels: vec![is_d as usize], weight: st.ed_distress }));
                }
                emotion.push((t.text.clone(), Example { feats: f, labels: vec![emo(e)], weight: st.aux_weight }));
                if st.ed_later > 0.0 && e != Emotion::Anger {
                    for t in s.turns.iter().filter(|t| t.role == Role::Client).skip(1) {
                        distress.push((t.text.clone(), Example { feats: feats(&t.text), labels: vec![is_d as usize], weight: st.ed_later }));
                    }
                }
                if let Some(sit) = s.meta.get("situation").and_then(|v| v.as_str()) {
                    let f = feats(sit);
                    if st.hardship_situation > 0.0 && e != Emotion::Anger {
                        hardship.push(Example { feats: f.clone(), labels: vec![hard], weight: st.hardship_situation });
                    }
                    if st.ed_situation > 0.0 && e != Emotion::Anger {
                        distress.push((sit.to_string(), Example { feats: f.clone(), labels: vec![is_d as usize], weight: st.ed_situation }));
                    }
                    if st.ed_situation_emotion > 0.0 {
                        emotion.push((sit.to_string(), Example { feats: f, labels: vec![emo(e)], weight: st.aux_weight * st.ed_situation_emotion }));
                    }
                }
            }
            ClientSource::EsConv => {
                let rated = |k: &str| {
                    s.meta.get("survey_score").and_then(|v| v.get("seeker")).and_then(|v| v.get(k)).and_then(|v| v.as_str().and_then(|x| x.parse::<f32>().ok()).or(v.as_f64().map(|x| x as f32)))
                };
                if st.act_helpful_weight > 0.0 && rated("empathy").is_some_and(|x| x >= 4.0) && rated("relevance").is_some_and(|x| x >= 4.0) {
                    let not_pushing: Vec<usize> = ACTS.iter().enumerate().filter(|(_, a)| **a != ClientAct::PushingBack).map(|(i, _)| i).collect();
                    for (i, t) in s.turns.iter().enumerate().filter(|(_, t)| t.role == Role::Client && !t.text.trim().is_empty()) {
                        let listener = s.previous(i, Role::Therapist).map_or("", |j| s.turns[j].text.as_str());
                        act.push(Example { feats: act_feats(listener, &t.text), labels: not_pushing.clone(), weight: st.act_helpful_weight });
                    }
                }
                let e = s.meta.get("emotion_type").and_then(|v| v.as_str()).and_then(esconv_emotion);
                let intensity = s
                    .meta
                    .get("survey_score")
                    .and_then(|v| v.get("seeker"))
                    .and_then(|v| v.get("initial_emotion_intensity"))
                    .and_then(|v| v.as_str().and_then(|x| x.parse::<f32>().ok()).or(v.as_f64().map(|x| x as f32)));
                for i in first_substantive(s, 3) {
                    let f = feats(&s.turns[i].text);
                    if st.esconv_distress > 0.0 {
                        distress.push((s.turns[i].text.clone(), Example { feats: f.clone(), labels: vec![1], weight: st.esconv_distress }));
                    }
                    if let Some(e) = e {
                        // the conversation's emotion, the seeker or its neighbour: a partial label with neutral
                        emotion.push((s.turns[i].text.clone(), Example { feats: f.clone(), labels: vec![emo(e), 5], weight: st.aux_weight * 0.5 }));
                    }
                    if let (Some(x), true) = (intensity, st.esconv_severity > 0.0) {
                        soft(&mut severity, &s.turns[i].text, &f, x / 5.0, st.esconv_severity);
                    }
                }
            }
            ClientSource::Other => {}
        }
    }
    if let Some(tc) = teacher {
        // the teacher's texts refine the weights of the features the rated sentences have (the head's min count among
        // them): with every feature of 69,000 texts the severity head grew the model file from 13 to 20 MB and the fast
        // tier's analysis by a tenth, for the same dev figure
        let gold_vocab: std::collections::HashSet<u64> = {
            let mut counts: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
            for (_, e) in &severity {
                for (h, _) in &e.feats {
                    *counts.entry(*h).or_default() += 1;
                }
            }
            // (each rated sentence stands twice, as its low and its high part)
            let min = 2 * st.severity_cfg.as_ref().unwrap_or(&st.cfg).min_count;
            counts.into_iter().filter(|(_, c)| *c >= min).map(|(h, _)| h).collect()
        };
        for text in teacher_texts(sessions) {
            let Some(x) = tc.table.get(text) else { continue };
            let t = tc.model.predict(text, Some(x));
            let f = feats(text);
            if st.teach_severity > 0.0 {
                let known: Vec<(u64, f32)> = f.iter().copied().filter(|(h, _)| gold_vocab.contains(h)).collect();
                soft(&mut severity, text, &known, t.severity, st.teach_severity);
            }
            if st.teach_distress > 0.0 {
                soft(&mut distress, text, &f, t.distress, st.teach_distress);
            }
        }
    }
    for e in states {
        let f = feats(&e.text);
        let w = st.state_weight;
        if st.state_hardship_weight > 0.0 {
            hardship.push(Example { feats: f.clone(), labels: vec![e.distressed as usize], weight: st.state_hardship_weight });
        }
        if w > 0.0 {
            distress.push((e.text.clone(), Example { feats: f.clone(), labels: vec![e.distressed as usize], weight: w }));
            emotion.push((e.text.clone(), Example { feats: f, labels: vec![emo(e.emotion)], weight: w * st.aux_weight }));
        }
    }
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let (dt, dx): (Vec<String>, Vec<Example>) = distress.into_iter().unzip();
    let (stx, sx): (Vec<String>, Vec<Example>) = severity.into_iter().unzip();
    if st.emotion_balance > 0.0 {
        let mut mass = [0f32; 6];
        for (_, e) in &emotion {
            mass[e.labels[0]] += e.weight;
        }
        let mean = mass.iter().sum::<f32>() / mass.iter().filter(|m| **m > 0.0).count().max(1) as f32;
        for (_, e) in emotion.iter_mut() {
            e.weight *= (mean / mass[e.labels[0]].max(1e-6)).powf(st.emotion_balance);
        }
    }
    let (et, ex): (Vec<String>, Vec<Example>) = emotion.into_iter().unzip();
    let distress = Head::train("client_distress", names(&["calm", "distressed"]), &dx, st.distress_cfg.as_ref().unwrap_or(&st.cfg));
    let severity = Head::train("client_severity", names(&["low", "high"]), &sx, st.severity_cfg.as_ref().unwrap_or(&st.cfg));
    let emotion = Head::train("client_emotion", EMOTIONS.iter().map(|e| e.as_str().to_string()).collect(), &ex, &st.cfg);
    let hardship = (!hardship.is_empty()).then(|| Head::train("client_hardship", names(&["none", "hard"]), &hardship, &st.cfg));
    // everything the act head learns (the files' acts and the partial labels of good ESConv sessions), and the
    // studied sessions' rupture turns
    let mut rupture_act = act.clone();
    for a in rupture_acts {
        rupture_act.push(Example { feats: act_feats(&a.listener, &a.text), labels: vec![act_index(a.act)], weight: 1.0 });
    }
    let act = (!act.is_empty()).then(|| Head::train("client_act", ACTS.iter().map(|a| a.as_str().to_string()).collect(), &act, &st.cfg));
    let rupture_act = (act.is_some() && !rupture_acts.is_empty())
        .then(|| Head::train("client_rupture_act", ACTS.iter().map(|a| a.as_str().to_string()).collect(), &rupture_act, &st.cfg));
    let dense = emb.map(|t| {
        let cfg = &st.mlp;
        let dense_of = |texts: &[String], exs: &[Example]| -> Vec<attune_text::mlp::DenseExample<'_>> {
            texts
                .iter()
                .zip(exs)
                .filter_map(|(text, e)| Some(attune_text::mlp::DenseExample { x: t.get(text)?, labels: e.labels.clone(), weight: e.weight }))
                .collect()
        };
        let (d, s, e) = (dense_of(&dt, &dx), dense_of(&stx, &sx), dense_of(&et, &ex));
        [Mlp::train(EMBED_DIM, 2, &d, cfg), Mlp::train(EMBED_DIM, 2, &s, cfg), Mlp::train(EMBED_DIM, EMOTIONS.len(), &e, cfg)]
    });
    let m = ClientModel::new(distress, severity, emotion, hardship, act, dense, String::new()).with_rupture_act(rupture_act);
    // the id (and the tier) come from the bytes, as when the shipped model is read
    ClientModel::from_bytes(&m.to_bytes()).unwrap_or(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_state_lines_are_read_and_bad_ones_are_named() {
        let ok = "{\"text\": \"I put his mug back in the cupboard today.\", \"register\": \"spoken\", \"distress\": 1, \"emotion\": \"sadness\"}\n\n{\"text\": \"my dog chewed my slippers lol\", \"distress\": 0, \"emotion\": \"joy\"}\n";
        let v = parse_client_states(ok).expect("reads");
        assert_eq!(v.len(), 2);
        assert!(v[0].distressed && v[0].emotion == Emotion::Sadness && v[0].register == "spoken");
        assert!(!v[1].distressed && v[1].register == "unknown");
        let bad = parse_client_states("{\"text\": \"x\", \"distress\": 2, \"emotion\": \"joy\"}").unwrap_err();
        assert!(bad.contains("line 1") && bad.contains("distress"), "{bad}");
        let bad = parse_client_states("{\"text\": \"x\", \"distress\": 1, \"emotion\": \"grief\"}").unwrap_err();
        assert!(bad.contains("unknown emotion"), "{bad}");
        let bad = parse_client_states("{\"distress\": 1, \"emotion\": \"joy\"}").unwrap_err();
        assert!(bad.contains("text"), "{bad}");
    }

    #[test]
    fn a_rupture_turn_of_a_training_session_is_an_act_example_with_the_turn_it_answers() {
        let text = r#"{"id": "t1", "register": "chat", "split": "train", "turns": [
            {"speaker": "client", "text": "my mum is in hospital again"},
            {"speaker": "therapist", "text": "have you tried meditation?", "expect": "misattuned", "kinds": ["premature_fixing"]},
            {"speaker": "client", "text": "yeah. done the app.", "rupture": "confrontation", "repaired": false},
            {"speaker": "therapist", "text": "sorry, that was a leap. how is she?"},
            {"speaker": "client", "text": "k", "rupture": "withdrawal", "repaired": false}]}"#;
        let ls = crate::session_tasks::parse_sessions(&text.replace('\n', " "), None).expect("parses");
        let acts = session_act_examples(&ls);
        assert_eq!(acts.len(), 2);
        assert_eq!(acts[0].act, ClientAct::PushingBack);
        assert_eq!(acts[0].listener, "have you tried meditation?");
        assert_eq!(acts[1].act, ClientAct::Withdrawing);
        let bad = text.replace("\"withdrawal\"", "\"sulking\"").replace('\n', " ");
        assert!(crate::session_tasks::parse_sessions(&bad, None).unwrap_err().contains("confrontation or withdrawal"));
    }
}
