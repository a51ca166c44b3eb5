//! The client's state per turn, learned: distress (a probability), the discrete emotion, its
//! intensity (severity), and what the client is doing (disclosing, asking for help, pushing back,
//! withdrawing).
//!
//! The lexicon affect ([`crate::affect`]) reads plain distress ("I sat in the car for forty minutes and
//! couldn't go in") as neutral because no emotion word occurs. This model is trained by `attune train`
//! on GoEmotions, SAD, EmpatheticDialogues and ESConv (see `models/MODEL_CARD.md`) and keeps the
//! lexicon's cues only as features and evidence.
//!
//! Features are word 1–2-grams, character 3–5-grams inside words (robust to spelling and to words the
//! training data never saw), VADER's scores and the lexicon's emotion cues; the accurate tier adds the
//! sentence embedding of the turn.
//!
//! The act head alone also reads the listener's turn before the client's ([`ClientModel::predict_after`]): the moves
//! the phrase rules find there (advice, a list, minimizing, a reframe, reassurance, a label, a change of subject, a
//! question, permission asked) and its length, alone and crossed with the length of the client's turn. The other
//! heads read the client's words only.

use crate::features::{EMBED_DIM, HashSink, Sink, hash_parts};
use crate::linear::{FusedHeads, Head, argmax};
use crate::mlp::Mlp;
use crate::tokens::Tokens;
use attune_core::{Affect, ClientAct, Emotion};
use std::cell::RefCell;
use std::sync::{Arc, LazyLock};

static BUNDLED: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/attune-client-v1.bin"
));
static BUNDLED_ACCURATE: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/attune-client-v1-accurate.bin"
));

const MAGIC: &[u8; 8] = b"ATTUNEC1";

/// Scale of the embedding dimensions beside the unit-normalized sparse groups (chosen on dev: 3 and 6 tried).
const EMBED_SCALE: f32 = 6.0;

/// Scale of the static word vectors' mean (unit length, [`crate::wordvec`]) beside the sparse groups.
/// Dev, fast tier, goemotions-distress / sad-severity: 0.906 / 0.529 without them, 0.910 / 0.565 at 2, 0.909 /
/// 0.569 at 4 (chosen), 0.909 / 0.569 at 8; the accurate tier keeps them too (0.919 / 0.621 -> 0.920 / 0.623).
/// Perceptrons over the mean, as the accurate tier has over the embedding, did worse (0.900 / 0.563).
const WORDVEC_SCALE: f32 = 4.0;

/// The emotion head's classes, in [`Emotion`] terms.
pub const EMOTIONS: [Emotion; 6] = [
    Emotion::Sadness,
    Emotion::Fear,
    Emotion::Anger,
    Emotion::Shame,
    Emotion::Joy,
    Emotion::Neutral,
];

/// The least probability at which the act head names pushing back or withdrawing (both start a rupture marker).
/// 0.55 since the fifteenth session's 300 more act examples spread the head's probabilities: dev client-acts, fast /
/// accurate, 0.855 / 0.853 at 0.6, 0.878 / 0.887 at 0.55, 0.898 (fast) at 0.5; ruptures found in the studied sessions
/// 97 / 98 / 98 of 106 (fast); ruptures reported per 100 therapist turns of good sessions (AnnoMI high quality,
/// ESConv; fast) 3.76 and 2.76 at 0.6, 3.89 and 3.05 at 0.55, 4.15 and 3.27 at 0.5.
const ACT_FLOOR: f32 = 0.55;

/// [`ACT_FLOOR`] for the rupture head ([`ClientModel::rupture_act`]), which learned from some 300 more rupture turns
/// and names them more readily. Chosen in the twenty-third session (fast tier): at 0.55 / 0.6 / 0.65 / 0.7 / 0.75 /
/// 0.8, episodes reported where none is labelled in the studied sessions fresh13–fresh26 18 / 13 / 11 / 7 / 6 / 6
/// (8 with the act head alone), ruptures reported per 100 therapist turns of good ESConv sessions (dev) 3.64 / 3.34 /
/// 2.87 / 2.79 / 2.68 / 2.50 (3.38 before); labelled ruptures found in fresh27 (read once unseen that session,
/// then used for this choice) 8 of 12 up to 0.7, 6 at 0.75 and 0.8 and with the act head alone.
const RUPTURE_FLOOR: f32 = 0.7;

/// Acts that start a rupture marker: the head names them only at [`ACT_FLOOR`] or more.
fn marks_rupture(a: ClientAct) -> bool {
    matches!(a, ClientAct::PushingBack | ClientAct::Withdrawing)
}

/// A section of a model file that holds a head or says it has none (a presence byte, then the head); `present` is
/// false for a file written before the section existed.
fn optional_head(buf: &[u8], pos: &mut usize, present: bool, classes: usize, what: &str) -> Result<Option<Head>, String> {
    if !present {
        return Ok(None);
    }
    match buf.get(*pos) {
        Some(1) => {
            *pos += 1;
            let h = Head::read(buf, pos)?;
            if h.n_classes() != classes {
                return Err(format!("client-state model has {what} of the wrong shape"));
            }
            Ok(Some(h))
        }
        Some(0) => {
            *pos += 1;
            Ok(None)
        }
        _ => Ok(None),
    }
}

/// The act an act head's probabilities name. Pushing back and withdrawing mark a rupture: named only when the head is
/// sure of them. The phrase lists' pushback ("you're not listening", "I already tried") stands whatever the head says:
/// our examples avoided stock phrasings, and the head read "You're not listening to me at all." as other.
fn name_act(probs: &[f32; 5], rule_act: ClientAct, floor: f32) -> ClientAct {
    let best = argmax(probs);
    if rule_act == ClientAct::PushingBack {
        ClientAct::PushingBack
    } else if marks_rupture(ACTS[best]) && probs[best] < floor {
        // the likeliest of the acts that mark nothing
        let mut rest = *probs;
        for (p, a) in rest.iter_mut().zip(ACTS) {
            if marks_rupture(a) {
                *p = 0.0;
            }
        }
        ACTS[argmax(&rest)]
    } else {
        ACTS[best]
    }
}

/// The act head's classes, in [`ClientAct`] terms.
pub const ACTS: [ClientAct; 5] = [
    ClientAct::Disclosing,
    ClientAct::AskingForHelp,
    ClientAct::PushingBack,
    ClientAct::Withdrawing,
    ClientAct::Other,
];

/// The heads of a client-state model.
#[derive(Debug, Clone)]
pub struct ClientModel {
    /// Two classes: calm, distressed.
    pub distress: Head,
    /// Two classes: low, high; trained on soft targets (rated severity / 10), so p(high) is a 0..1 severity.
    pub severity: Head,
    /// Six classes: [`EMOTIONS`].
    pub emotion: Head,
    /// Two classes: nothing hard, a hardship told (see [`ClientState::hardship`]); `None` in model files
    /// written before it existed.
    pub hardship: Option<Head>,
    /// Five classes: [`ACTS`]; learned from attune's own labelled client turns (`models/client-acts.jsonl`) with
    /// the phrase rules of [`client_act`] as features. `None` in model files written before it existed (the rules
    /// alone then name the act).
    pub act: Option<Head>,
    /// Five classes: [`ACTS`]; the act head trained again with the rupture turns of whole sessions that attune's
    /// own evaluation sets hold and that have been studied (see `models/MODEL_CARD.md`). Only the rupture markers read
    /// it ([`ClientState::rupture_act`]): the judge and everything else read `act`, so that the sessions' labels
    /// reach nothing but the rupture finder. `None` in model files written before it existed (`act` then serves).
    pub rupture_act: Option<Head>,
    /// Accurate tier: perceptrons over the turn's embedding for distress, severity and emotion, whose logits
    /// are averaged with the linear heads'.
    pub dense: Option<[Mlp; 3]>,
    pub id: String,
    /// The three linear heads over one feature index: a client turn has hundreds of character n-grams,
    /// and one hash lookup per feature instead of three was most of the client model's time.
    fused: FusedHeads,
}

/// What the model says about one client turn.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientState {
    pub distress: f32,
    pub severity: f32,
    pub emotion: Emotion,
    /// Probabilities over [`EMOTIONS`].
    pub emotion_probs: [f32; 6],
    /// How hard what the client tells is, feelings named or not: trained on EmpatheticDialogues' situations
    /// and first turns (a distressing event against a happy one) and GoEmotions' neutral comments (not hard).
    /// Distress learned from GoEmotions reads feeling words, and reads "They let me go on Friday after nine
    /// years." as calm (0.06); the judge reads the higher of the two. 0 for a model file without the head.
    pub hardship: f32,
    /// What the client is doing: the act head's reading, or the phrase rules' for a model file without the head.
    pub act: ClientAct,
    /// Probabilities over [`ACTS`] (all 0 without the head).
    pub act_probs: [f32; 5],
    /// What the client is doing as the rupture head reads it ([`ClientModel::rupture_act`]); `act` for a model file
    /// without that head.
    pub rupture_act: ClientAct,
}

impl ClientModel {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&4u32.to_le_bytes());
        self.distress.write(&mut out);
        self.severity.write(&mut out);
        self.emotion.write(&mut out);
        match &self.dense {
            Some(d) => {
                out.push(1);
                for m in d {
                    m.write(&mut out);
                }
            }
            None => out.push(0),
        }
        // version 2: the hardship head
        match &self.hardship {
            Some(h) => {
                out.push(1);
                h.write(&mut out);
            }
            None => out.push(0),
        }
        // version 3: the act head; version 4: the rupture head
        for head in [&self.act, &self.rupture_act] {
            match head {
                Some(h) => {
                    out.push(1);
                    h.write(&mut out);
                }
                None => out.push(0),
            }
        }
        out
    }

    pub fn from_bytes(buf: &[u8]) -> Result<ClientModel, String> {
        if buf.len() < 12 || &buf[..8] != MAGIC {
            return Err(
                "not an attune client-state model (bad magic); run `attune train` to build one"
                    .into(),
            );
        }
        let mut pos = 12;
        let distress = Head::read(buf, &mut pos)?;
        let severity = Head::read(buf, &mut pos)?;
        let emotion = Head::read(buf, &mut pos)?;
        let dense = match buf.get(pos) {
            Some(1) => {
                pos += 1;
                let d = Mlp::read(buf, &mut pos)?;
                let s = Mlp::read(buf, &mut pos)?;
                let e = Mlp::read(buf, &mut pos)?;
                if d.input != EMBED_DIM
                    || d.classes != 2
                    || s.classes != 2
                    || e.classes != EMOTIONS.len()
                {
                    return Err("client-state model has perceptrons of the wrong shape".into());
                }
                Some([d, s, e])
            }
            Some(0) => {
                pos += 1;
                None
            }
            None => None,
            Some(x) => return Err(format!("client-state model: unknown section {x}")),
        };
        let version = u32::from_le_bytes([buf[8], buf[9], buf[10], buf[11]]);
        // sections added later, each a presence byte and a head: version 2 the hardship head, 3 the act head, 4 the
        // rupture head
        let hardship = optional_head(buf, &mut pos, version >= 2, 2, "a hardship head")?;
        let act = optional_head(buf, &mut pos, version >= 3, ACTS.len(), "an act head")?;
        let rupture_act = optional_head(buf, &mut pos, version >= 4, ACTS.len(), "a rupture head")?;
        if distress.n_classes() != 2
            || severity.n_classes() != 2
            || emotion.n_classes() != EMOTIONS.len()
        {
            return Err("client-state model has heads of the wrong shape".into());
        }
        let accurate = dense.is_some()
            || (0..EMBED_DIM)
                .step_by(29)
                .any(|i| distress.contribution(hash_parts(&["e", &i.to_string()]), 1.0, 1) != 0.0);
        let name = if accurate {
            "attune-client-v1-accurate"
        } else {
            "attune-client-v1"
        };
        let id = format!("{name}:{:08x}", crate::coder::fnv32(buf));
        Ok(ClientModel::assemble(
            [distress, severity, emotion],
            hardship,
            act,
            rupture_act,
            dense,
            id,
        ))
    }

    pub fn new(
        distress: Head,
        severity: Head,
        emotion: Head,
        hardship: Option<Head>,
        act: Option<Head>,
        dense: Option<[Mlp; 3]>,
        id: String,
    ) -> ClientModel {
        ClientModel::assemble([distress, severity, emotion], hardship, act, None, dense, id)
    }

    /// The model with `head` as its rupture head ([`ClientModel::rupture_act`]).
    pub fn with_rupture_act(self, head: Option<Head>) -> ClientModel {
        let ClientModel { distress, severity, emotion, hardship, act, dense, id, .. } = self;
        ClientModel::assemble([distress, severity, emotion], hardship, act, head, dense, id)
    }

    /// The heads together with their fused table, built once (a model file is read into this directly).
    fn assemble(
        [distress, severity, emotion]: [Head; 3],
        hardship: Option<Head>,
        act: Option<Head>,
        rupture_act: Option<Head>,
        dense: Option<[Mlp; 3]>,
        id: String,
    ) -> ClientModel {
        let mut heads = vec![&distress, &severity, &emotion];
        heads.extend(hardship.as_ref());
        heads.extend(act.as_ref());
        heads.extend(rupture_act.as_ref());
        let fused = FusedHeads::new(&heads);
        ClientModel {
            distress,
            severity,
            emotion,
            hardship,
            act,
            rupture_act,
            dense,
            id,
            fused,
        }
    }

    /// True when the model was trained with sentence embeddings (the accurate tier).
    pub fn uses_embeddings(&self) -> bool {
        self.id.contains("accurate")
    }

    /// The shipped fast-tier model.
    pub fn bundled() -> Result<Arc<ClientModel>, String> {
        BUNDLED_MODEL.clone()
    }

    /// The shipped accurate-tier model (needs the turn's embedding).
    pub fn bundled_accurate() -> Result<Arc<ClientModel>, String> {
        BUNDLED_ACCURATE_MODEL.clone()
    }

    /// The state of one client turn; `embedding` is the turn's sentence embedding for an accurate-tier model.
    pub fn predict(&self, text: &str, embedding: Option<&[f32]>) -> ClientState {
        self.predict_with("", text, &crate::affect::affect(text), embedding)
    }

    /// [`ClientModel::predict`] of a client turn that answers `listener` (the listener's turn before it; "" for
    /// none): the act head reads what the turn answers. "Ok." after a question about Tuesday is an answer; after
    /// five unasked tips it is a withdrawal.
    pub fn predict_after(
        &self,
        listener: &str,
        text: &str,
        embedding: Option<&[f32]>,
    ) -> ClientState {
        self.predict_with(listener, text, &crate::affect::affect(text), embedding)
    }

    fn predict_with(
        &self,
        listener: &str,
        text: &str,
        lex: &Affect,
        embedding: Option<&[f32]>,
    ) -> ClientState {
        SCRATCH.with(|s| {
            let (toks, sink, p, mean) = &mut *s.borrow_mut();
            sink.feats.clear();
            features_into(text, lex, embedding, toks, sink, mean);
            // the act head's own features: the other heads were trained without them, so they weigh nothing there
            let norm = crate::rules::normalize(text);
            let rule_act = act_of(&norm);
            if self.act.is_some() || self.rupture_act.is_some() {
                emit_act_features(text, &norm, rule_act, sink);
                emit_listener_features(listener, norm.split_whitespace().count(), sink);
            }
            let dense = self.dense.as_ref().zip(embedding);
            let mut fused = Vec::with_capacity(self.fused.width);
            self.fused.logits(&sink.feats, &mut fused);
            let (mut hid, mut dl) = (Vec::new(), Vec::new());
            // the linear head's logits, averaged with the perceptron's where the tier has one
            let mut head = |k: usize, p: &mut Vec<f32>| {
                let end = self
                    .fused
                    .offsets
                    .get(k + 1)
                    .copied()
                    .unwrap_or(self.fused.width);
                p.clear();
                p.extend_from_slice(&fused[self.fused.offsets[k]..end]);
                if let Some((d, e)) = dense {
                    d[k].logits(e, &mut hid, &mut dl);
                    for (a, b) in p.iter_mut().zip(&dl) {
                        *a = 0.5 * (*a + b);
                    }
                }
                crate::linear::softmax(p);
            };
            head(0, p);
            let distress = p[1];
            head(1, p);
            let severity = p[1];
            head(2, p);
            let mut emotion_probs = [0f32; 6];
            emotion_probs.copy_from_slice(&p[..6]);
            let emotion = EMOTIONS[argmax(&emotion_probs)];
            let mut k = 3;
            let mut next = |p: &mut Vec<f32>| {
                let end = self
                    .fused
                    .offsets
                    .get(k + 1)
                    .copied()
                    .unwrap_or(self.fused.width);
                p.clear();
                p.extend_from_slice(&fused[self.fused.offsets[k]..end]);
                crate::linear::softmax(p);
                k += 1;
            };
            let hardship = if self.hardship.is_some() {
                next(p);
                p[1]
            } else {
                0.0
            };
            let mut act_probs = [0f32; 5];
            let act = if self.act.is_some() {
                next(p);
                act_probs.copy_from_slice(&p[..5]);
                name_act(&act_probs, rule_act, ACT_FLOOR)
            } else {
                rule_act
            };
            let rupture_act = if self.rupture_act.is_some() {
                next(p);
                let mut probs = [0f32; 5];
                probs.copy_from_slice(&p[..5]);
                name_act(&probs, rule_act, RUPTURE_FLOOR)
            } else {
                act
            };
            ClientState {
                distress,
                severity,
                emotion,
                emotion_probs,
                hardship,
                act,
                act_probs,
                rupture_act,
            }
        })
    }

    /// The client's affect: the lexicon's valence, arousal and cues, with the learned distress, emotion and
    /// intensity. A distressed turn whose likeliest emotion is neutral or joy takes its likeliest negative one.
    pub fn affect(&self, text: &str, embedding: Option<&[f32]>) -> Affect {
        self.affect_after("", text, embedding)
    }

    /// [`ClientModel::affect`] of a client turn that answers `listener` ("" for none; see
    /// [`ClientModel::predict_after`]).
    pub fn affect_after(&self, listener: &str, text: &str, embedding: Option<&[f32]>) -> Affect {
        let mut a = crate::affect::affect(text);
        let mut st = self.predict_with(listener, text, &a, embedding);
        // a letter's state is its body's: "Hi there," and "Take care, Sam" diluted the distress of what it told. What
        // the turn does (its act) is still read whole, as the act head learned letters with their frame and the judge
        // reads it; the rupture head, which only the rupture markers read, reads the body too: with the frame, a short
        // pullback read as a letter's telling (the typed form with a greeting and a sign-off lost 43 of 474 ruptures
        // of the newer studied sessions). The whole turn's reading stands where it names a rupture: that head learned
        // the studied letters with their frames. (The accurate tier's embedding is still the whole turn's: the caller
        // embedded that.)
        let body = crate::tokens::letter_body(text);
        if body.len() < text.trim().len() && !body.trim().is_empty() {
            let b = self.predict_with(listener, body, &crate::affect::affect(body), embedding);
            (st.distress, st.severity, st.emotion, st.emotion_probs, st.hardship) = (b.distress, b.severity, b.emotion, b.emotion_probs, b.hardship);
            if !matches!(st.rupture_act, ClientAct::PushingBack | ClientAct::Withdrawing) {
                st.rupture_act = b.rupture_act;
            }
        }
        a.distress = st.distress;
        // a turn of three words or fewer tells no hardship of its own ("Hello." read 0.51, "Not really." 0.84: the
        // head's prior and a negation); a short answer takes the earlier turn's instead (`attune_judge::carry_distress`)
        a.hardship = if body.split_whitespace().count() <= 3 {
            0.0
        } else {
            st.hardship
        };
        let neg = argmax(&st.emotion_probs[..4]);
        a.emotion = if st.distress >= 0.5 && matches!(st.emotion, Emotion::Neutral | Emotion::Joy) {
            EMOTIONS[neg]
        } else {
            st.emotion
        };
        if a.emotion == Emotion::Neutral && st.distress < 0.5 {
            a.intensity = 0.0;
        } else {
            // how strongly: the learned severity, raised by the certainty of distress
            a.intensity = (0.5 * st.severity + 0.5 * st.distress).clamp(0.0, 1.0);
        }
        a.act = st.act;
        a.rupture_head_act = self.rupture_act.as_ref().map(|_| st.rupture_act);
        a
    }
}

static BUNDLED_MODEL: LazyLock<Result<Arc<ClientModel>, String>> =
    LazyLock::new(|| ClientModel::from_bytes(BUNDLED).map(Arc::new));
static BUNDLED_ACCURATE_MODEL: LazyLock<Result<Arc<ClientModel>, String>> =
    LazyLock::new(|| ClientModel::from_bytes(BUNDLED_ACCURATE).map(Arc::new));

thread_local! {
    static SCRATCH: RefCell<(Tokens, HashSink, Vec<f32>, Vec<f32>)> = RefCell::new((Tokens::default(), HashSink::default(), Vec::new(), Vec::new()));
}

/// The features of a client turn (see the module docs). Groups are L2-normalized so that long and short
/// turns weigh alike, as in a TF-IDF pipeline.
pub fn client_features<S: Sink>(
    text: &str,
    embedding: Option<&[f32]>,
    toks: &mut Tokens,
    sink: &mut S,
) {
    let lex = crate::affect::affect(text);
    features_into(text, &lex, embedding, toks, sink, &mut Vec::new())
}

/// [`client_features`] with the lexicon's reading of the text already at hand; `mean` is scratch space for the
/// word vectors' mean.
fn features_into<S: Sink>(
    text: &str,
    lex: &Affect,
    embedding: Option<&[f32]>,
    toks: &mut Tokens,
    sink: &mut S,
    mean: &mut Vec<f32>,
) {
    toks.fill(text);
    let n = toks.len();
    let mut words: Vec<&str> = Vec::with_capacity(n);
    toks.slices(&mut words);
    let wn = 1.0 / ((2 * n).max(1) as f32).sqrt();
    for (i, w) in words.iter().enumerate() {
        sink.emit(&["u", w], wn);
        let prev = if i == 0 { "^" } else { words[i - 1] };
        sink.emit(&["b", prev, w], wn);
    }
    // character n-grams of the words, with word boundaries
    let mut grams = 0usize;
    for w in &words {
        let l = w.chars().count();
        grams += (3..=5)
            .map(|k| (l + 2).saturating_sub(k - 1))
            .sum::<usize>();
    }
    let cn = 1.0 / (grams.max(1) as f32).sqrt();
    let mut buf = String::new();
    for w in &words {
        if !w
            .chars()
            .next()
            .map(|c| c.is_alphanumeric())
            .unwrap_or(false)
        {
            continue;
        }
        buf.clear();
        buf.push(' ');
        buf.push_str(w);
        buf.push(' ');
        let idx: Vec<usize> = buf
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(buf.len()))
            .collect();
        let chars = idx.len() - 1;
        for k in 3..=5 {
            if chars < k {
                continue;
            }
            for s in 0..=chars - k {
                sink.emit(&["c", &buf[idx[s]..idx[s + k]]], cn);
            }
        }
    }
    let v = crate::affect::vader(text);
    let b = |x: f64| ((x.clamp(-1.0, 1.0) + 1.0) * 4.0).round() as usize;
    const B: [&str; 9] = ["0", "1", "2", "3", "4", "5", "6", "7", "8"];
    sink.emit(&["vc", B[b(v.compound)]], 1.0);
    sink.emit(&["vneg", B[b(v.neg * 2.0 - 1.0)]], 0.5);
    sink.emit(&["vpos", B[b(v.pos * 2.0 - 1.0)]], 0.5);
    sink.emit(&["vcx"], v.compound as f32);
    if lex.emotion != Emotion::Neutral {
        sink.emit(&["lex", lex.emotion.as_str()], lex.intensity.max(0.2));
    }
    // the static word vectors' mean: what the words mean beyond their spelling
    crate::features::static_words(&words, mean, WORDVEC_SCALE, sink);
    let len = match n {
        0..=3 => "0",
        4..=8 => "1",
        9..=20 => "2",
        21..=50 => "3",
        _ => "4",
    };
    sink.emit(&["len", len], 1.0);
    if let Some(e) = embedding {
        for (i, x) in e.iter().enumerate() {
            sink.emit(&["e", crate::features::dim_name(i)], x * EMBED_SCALE);
        }
    }
}

/// The act head's features beyond the shared ones: what the phrase rules say, how the turn opens and ends, and
/// whether it speaks to the listener (a complaint about the listener is said to them; a complaint about a boss is
/// told about him).
pub fn act_features<S: Sink>(listener: &str, text: &str, sink: &mut S) {
    let norm = crate::rules::normalize(text);
    emit_act_features(text, &norm, act_of(&norm), sink);
    emit_listener_features(listener, norm.split_whitespace().count(), sink)
}

/// The value of each listener feature beside the client turn's own (unit-normalized groups and one-hot act
/// features at 1). Fast tier, dev client-acts and the studied sessions' ruptures (of 117), with the judge of the
/// fifteenth session: 0.920 and 108 at 0.5; 0.920 and 107 at 1.0 with the answer's first word crossed with the
/// listener's move, and more ruptures in good sessions (4.15 / 3.53 per 100 therapist turns in AnnoMI / ESConv
/// against 3.89 / 3.31).
const LISTENER_SCALE: f32 = 0.5;

/// What the client turn answers, for the act head: the kinds of move the listener's turn before it made, alone and
/// crossed with how long the client's turn is. A short "Okay." or "You're right, I should be grateful." means
/// one thing after a question about Tuesday and another after five unasked tips or "at least you still have a job".
fn emit_listener_features<S: Sink>(listener: &str, client_words: usize, sink: &mut S) {
    let cb = match client_words {
        0..=3 => "0",
        4..=8 => "1",
        9..=20 => "2",
        _ => "3",
    };
    let mut emit = |kind: &str| {
        sink.emit(&["lk", kind], LISTENER_SCALE);
        sink.emit(&["lx", cb, kind], LISTENER_SCALE);
    };
    let words = listener.split_whitespace().count();
    if words == 0 {
        emit("none");
        return;
    }
    let h = crate::rules::scan(listener);
    let moves = [
        (h.minimize.is_some(), "min"),
        (h.reframe.is_some(), "reframe"),
        (h.reassure.is_some(), "reassure"),
        (h.confront.is_some(), "confront"),
        (h.pathologize.is_some() || h.interpret.is_some(), "label"),
        (h.topic_shift.is_some(), "shift"),
        (
            h.directive.is_some()
                || crate::rules::has_advice_cue(&crate::rules::normalize(listener)),
            "advice",
        ),
        (h.permission, "permission"),
        (h.you_emotion, "you_feel"),
        (listener.trim_end().ends_with('?'), "asks"),
        (crate::rules::list_lines(listener) >= 2, "list"),
    ];
    for (_, kind) in moves.iter().filter(|(found, _)| *found) {
        emit(kind);
    }
    emit(match words {
        1..=12 => "short",
        13..=40 => "mid",
        _ => "long",
    });
}

/// [`act_features`] with the text already normalized and the rules' act at hand.
fn emit_act_features<S: Sink>(text: &str, norm: &str, rule: ClientAct, sink: &mut S) {
    sink.emit(&["ra", rule.as_str()], 1.0);
    let words: Vec<&str> = norm.split_whitespace().collect();
    if let Some(w) = words.first() {
        sink.emit(&["af1", w], 1.0);
    }
    if words.len() >= 2 {
        sink.emit(&["af2", words[0], words[1]], 1.0);
    }
    if text.trim_end().ends_with('?') {
        sink.emit(&["aq"], 1.0);
    }
    let you = words
        .iter()
        .filter(|w| {
            matches!(
                **w,
                "you" | "you're" | "your" | "youre" | "you've" | "you'd" | "u"
            )
        })
        .count();
    let me = words
        .iter()
        .filter(|w| matches!(**w, "i" | "i'm" | "im" | "me" | "my" | "i've" | "i'd"))
        .count();
    sink.emit(
        &[
            "ayou",
            if you == 0 {
                "0"
            } else if you > me {
                "more"
            } else {
                "some"
            },
        ],
        1.0,
    );
}

/// What the client is doing in a turn, from the words (no public data set labels these acts; the
/// phrase lists are attune's own and are measured only on our vignettes).
pub fn client_act(text: &str) -> ClientAct {
    act_of(&crate::rules::normalize(text))
}

/// [`client_act`] of a text already normalized ([`crate::rules::normalize`]).
fn act_of(t: &str) -> ClientAct {
    const PUSH_BACK: &[&str] = &[
        " you don't understand ",
        " you're not listening ",
        " you are not listening ",
        " that's not what i ",
        " that doesn't help ",
        " that's not helpful ",
        " that isn't helpful ",
        " i already tried ",
        " i've already tried ",
        " you don't get it ",
        " stop telling me ",
        " that won't work ",
        " easy for you to say ",
        " this isn't helping ",
        " this is not helping ",
        " you keep ",
        " i didn't ask ",
        " why do you keep ",
        " you just ",
        " think you get it ",
        " think you understand ",
        " you're not getting it ",
        " missed the point ",
        " missing the point ",
        " that's not the point ",
        " not what i needed ",
        " not what i need ",
        " i wasn't asking for ",
        " i'm not asking for ",
        " that's what you say ",
        " that's all you ",
        " is that all you ",
    ];
    const WITHDRAW: &[&str] = &[
        " i don't know ",
        " whatever ",
        " doesn't matter ",
        " i guess ",
        " never mind ",
        " nevermind ",
        " forget it ",
        " i don't want to talk ",
        " can we talk about something else ",
        " fine ",
        " sure ",
        " ok ",
        " okay ",
    ];
    const ASK_HELP: &[&str] = &[
        " what should i do ",
        " what do i do ",
        " any advice ",
        " any tips ",
        " how do i ",
        " how can i ",
        " what can i do ",
        " can you help ",
        " i need help ",
        " help me ",
        " should i ",
        " what would you do ",
        " any suggestions ",
        " what do you think i should ",
    ];
    static SETS: LazyLock<[crate::rules::PhraseSet; 3]> =
        LazyLock::new(|| [PUSH_BACK, ASK_HELP, WITHDRAW].map(crate::rules::PhraseSet::new));
    let [push_back, ask_help, withdraw] = &*SETS;
    let words = t.split_whitespace().count();
    if push_back.any_in(t) {
        ClientAct::PushingBack
    } else if ask_help.any_in(t) {
        ClientAct::AskingForHelp
    } else if words <= 4 && withdraw.any_in(t) {
        ClientAct::Withdrawing
    } else if words >= 6 {
        ClientAct::Disclosing
    } else {
        ClientAct::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acts() {
        assert_eq!(
            client_act("You're not listening to me at all."),
            ClientAct::PushingBack
        );
        assert_eq!(
            client_act("What should I do about my mother?"),
            ClientAct::AskingForHelp
        );
        assert_eq!(client_act("I don't know."), ClientAct::Withdrawing);
        assert_eq!(
            client_act("I sat in the car for forty minutes and couldn't go in."),
            ClientAct::Disclosing
        );
    }

    #[test]
    fn listener_features_name_what_the_turn_answers() {
        let names = |listener: &str, text: &str| {
            let mut sink = crate::features::NameSink::default();
            act_features(listener, text, &mut sink);
            sink.feats
                .into_iter()
                .map(|f| f.1)
                .filter(|n| n.starts_with("lk ") || n.starts_with("lx "))
                .collect::<Vec<_>>()
        };
        assert_eq!(names("", "Ok."), ["lk none", "lx 0 none"]);
        let tips = "That sounds hard. Here are some things that help:\n- Try to go to bed at the same time\n- You should cut out caffeine after noon\n- Keep a journal";
        let after_tips = names(tips, "Ok.");
        for want in ["lk advice", "lk list", "lx 0 advice", "lk mid"] {
            assert!(
                after_tips.iter().any(|n| n == want),
                "{want} not in {after_tips:?}"
            );
        }
        let after_question = names("Does Tuesday at three suit you?", "Ok.");
        assert!(
            after_question.iter().any(|n| n == "lx 0 asks")
                && !after_question.iter().any(|n| n.contains("advice")),
            "{after_question:?}"
        );
        // whole words only: "you shoulder" is no advice
        assert!(
            !crate::rules::has_advice_cue(" you shoulder it all ")
                && crate::rules::has_advice_cue(" you should rest ")
        );
    }

    #[test]
    fn bundled_act_head_reads_what_the_turn_answers() {
        let Ok(m) = ClientModel::bundled() else {
            panic!("no bundled client model")
        };
        let text = "Thanks, I will look into it.";
        let tips = "I am so sorry. Here are some tips:\n- Try journaling\n- You should exercise\n- Call a helpline";
        let after_tips = m.predict_after(tips, text, None);
        let after_asking = m.predict_after(
            "Would it help if I shared a couple of things other people have found useful?",
            text,
            None,
        );
        // polite closure after a list nobody asked for; the same words after the listener asked first are less so
        assert_eq!(after_tips.act, ClientAct::Withdrawing, "{after_tips:?}");
        assert!(
            after_tips.act_probs[3] > after_asking.act_probs[3] + 0.1,
            "{after_tips:?} vs {after_asking:?}"
        );
        // the other heads read the client's words alone
        assert_eq!(after_tips.distress, after_asking.distress);
        assert_eq!(m.predict(text, None).distress, after_tips.distress);
    }

    #[test]
    fn features_are_finite_and_normalized() {
        let mut toks = Tokens::default();
        let mut sink = crate::features::NameSink::default();
        client_features(
            "Nobody at my new school talks to me.",
            None,
            &mut toks,
            &mut sink,
        );
        let words: f32 = sink
            .feats
            .iter()
            .filter(|f| f.1.starts_with("u ") || f.1.starts_with("b "))
            .map(|f| f.2 * f.2)
            .sum();
        assert!((words - 1.0).abs() < 1e-4, "{words}");
        assert!(sink.feats.iter().all(|f| f.2.is_finite()));
        let mut empty = crate::features::NameSink::default();
        client_features("", None, &mut toks, &mut empty);
        assert!(empty.feats.iter().all(|f| f.2.is_finite()));
    }

    #[test]
    fn a_letter_tells_the_state_of_its_body() {
        let m = ClientModel::bundled().expect("bundled client model");
        let body = "I haven't slept since the funeral. I keep setting two cups out in the morning and then I just sit there crying.";
        let letter = format!("Hi there,\n\n{body}\n\nTake care,\nSam");
        let (a, b) = (m.affect(&letter, None), m.affect(body, None));
        assert_eq!((a.distress, a.emotion, a.hardship, a.intensity), (b.distress, b.emotion, b.hardship, b.intensity));
        assert!(a.distress > 0.5, "{a:?}");
    }

    #[test]
    fn bundled_model_reads_plain_distress() {
        let Ok(m) = ClientModel::bundled() else {
            panic!("no bundled client model")
        };
        let calm = m.predict(
            "My favourite food is anything I didn't have to cook myself.",
            None,
        );
        let hurt = m.predict("Terrible. I sat in the car outside work for forty minutes and couldn't go in. I keep thinking I mess up everything I touch.", None);
        assert!(hurt.distress > 0.5, "{hurt:?}");
        assert!(hurt.distress > calm.distress + 0.3, "{hurt:?} vs {calm:?}");
        let lonely = m.affect(
            "Nobody at my new school talks to me. I sit by myself every break.",
            None,
        );
        assert_ne!(lonely.emotion, Emotion::Neutral);
    }

    #[test]
    fn bundled_model_reads_hardship_told_plainly() {
        let Ok(m) = ClientModel::bundled() else {
            panic!("no bundled client model")
        };
        assert!(
            m.hardship.is_some(),
            "the shipped model has a hardship head"
        );
        let told = m.predict(
            "He had a stroke last Tuesday and he doesn't recognise me.",
            None,
        );
        let plain = m.predict("What time does the pharmacy close on Sundays?", None);
        let good = m.predict(
            "We went to the beach at the weekend and the kids loved it.",
            None,
        );
        assert!(
            told.distress < 0.5,
            "distress reads feeling words: {told:?}"
        );
        assert!(told.hardship > 0.5, "{told:?}");
        assert!(
            told.hardship > plain.hardship + 0.3 && told.hardship > good.hardship + 0.3,
            "{told:?} {plain:?} {good:?}"
        );
        // a turn of three words or fewer tells no hardship of its own, whatever the head's prior says
        for short in ["Hello.", "Not really.", "I guess so."] {
            assert_eq!(m.affect(short, None).hardship, 0.0, "{short}");
        }
        assert!(
            m.affect(
                "He had a stroke last Tuesday and he doesn't recognise me.",
                None
            )
            .hardship
                > 0.5
        );
    }

    #[test]
    fn the_act_head_names_acts_and_holds_back_unsure_pushback() {
        let Ok(m) = ClientModel::bundled() else {
            panic!("no bundled client model")
        };
        assert!(m.act.is_some(), "the shipped model has an act head");
        // the phrase rules name no pushback they do not list
        assert_ne!(
            client_act("I mean... I have tried that. A lot."),
            ClientAct::PushingBack
        );
        // ... the head does, from the turns other hands wrote for it since
        let s = m.predict("I mean... I have tried that. A lot.", None);
        assert!((s.act_probs.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        assert_eq!(s.act, ClientAct::PushingBack, "{s:?}");
        // below the floor, pushing back is not named (the head gives it about half)
        let s = m.predict("I mean, sort of.", None);
        assert!(
            s.act_probs[2] == s.act_probs.iter().copied().fold(0.0, f32::max)
                && s.act_probs[2] < ACT_FLOOR
                && s.act != ClientAct::PushingBack,
            "{s:?}"
        );
        assert_eq!(
            m.predict("You're not listening to me at all.", None).act,
            ClientAct::PushingBack
        );
        for (text, want) in [
            (
                "My dad died in March and I still set two cups out every morning.",
                ClientAct::Disclosing,
            ),
            (
                "What should I say to my sister when she calls?",
                ClientAct::AskingForHelp,
            ),
            ("Thanks, that actually helps a lot.", ClientAct::Other),
        ] {
            assert_eq!(m.predict(text, None).act, want, "{text}");
        }
    }

    #[test]
    fn model_files_without_a_rupture_head_still_load_and_read_the_act_head_for_ruptures() {
        let Ok(m) = ClientModel::bundled() else {
            panic!("no bundled client model")
        };
        assert!(m.rupture_act.is_some(), "the shipped model has a rupture head");
        let old = (*m).clone().with_rupture_act(None);
        let mut bytes = old.to_bytes();
        // a version-3 file ends after the act section
        bytes[8..12].copy_from_slice(&3u32.to_le_bytes());
        bytes.pop();
        let back = ClientModel::from_bytes(&bytes).expect("version 3 reads");
        assert!(back.act.is_some() && back.rupture_act.is_none());
        for text in ["Okay. Sure. I'll try that I guess.", "That's not what I said at all."] {
            let st = back.predict_after("Have you tried going for a walk?", text, None);
            assert_eq!(st.rupture_act, st.act, "{text}");
            assert_eq!(st.act, m.predict_after("Have you tried going for a walk?", text, None).act, "the act head is untouched");
            assert_eq!(back.affect_after("", text, None).rupture_head_act, None);
        }
    }

    #[test]
    fn model_files_without_an_act_head_still_load() {
        let Ok(m) = ClientModel::bundled() else {
            panic!("no bundled client model")
        };
        let old = ClientModel::new(
            m.distress.clone(),
            m.severity.clone(),
            m.emotion.clone(),
            m.hardship.clone(),
            None,
            None,
            String::new(),
        );
        let mut bytes = old.to_bytes();
        // a version-2 file ends after the hardship section (this one has two empty sections after it: act, rupture)
        bytes[8..12].copy_from_slice(&2u32.to_le_bytes());
        bytes.truncate(bytes.len() - 2);
        let back = ClientModel::from_bytes(&bytes).expect("version 2 reads");
        assert!(back.hardship.is_some() && back.act.is_none());
        assert_eq!(
            back.predict("I lost my job.", None).hardship,
            old.predict("I lost my job.", None).hardship
        );
    }

    #[test]
    fn model_files_without_a_hardship_head_still_load() {
        let Ok(m) = ClientModel::bundled() else {
            panic!("no bundled client model")
        };
        let old = ClientModel::new(
            m.distress.clone(),
            m.severity.clone(),
            m.emotion.clone(),
            None,
            None,
            None,
            String::new(),
        );
        let mut bytes = old.to_bytes();
        // a version-1 file ends after the dense section (this one has three empty sections after it: hardship, act,
        // rupture)
        bytes[8..12].copy_from_slice(&1u32.to_le_bytes());
        bytes.truncate(bytes.len() - 3);
        let back = ClientModel::from_bytes(&bytes).expect("version 1 reads");
        assert!(back.hardship.is_none() && back.act.is_none());
        // without an act head the phrase rules name the act
        assert_eq!(
            back.predict("You're not listening to me at all.", None).act,
            ClientAct::PushingBack
        );
        assert_eq!(back.predict("I lost my job.", None).hardship, 0.0);
        assert_eq!(
            back.predict("I lost my job.", None).distress,
            m.predict("I lost my job.", None).distress
        );
    }
}
