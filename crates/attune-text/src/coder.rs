//! The fast-tier response coder: features → linear heads → a [`TurnCoding`] with evidence.
//!
//! The shipped model (`models/attune-coder-v1.bin`, trained by `attune train`) holds five heads:
//! `code` (the 15 codes of the codebook), `feeling` (does a reflection name the client's feeling),
//! and the three EPITOME empathy mechanisms. Codes that no public data set labels (reassure, reframe,
//! minimize, interpret, confront, autonomy) are learned from seed examples written for attune and
//! backed by the rules in [`crate::rules`].

use crate::embedding::EmbeddingTable;
use crate::features::{ArenaSink, Context, HashSink, Register, Scratch, extract, hash_parts};
use crate::linear::{FusedHeads, Head, argmax};
use crate::rules;
use attune_core::{
    CODED_SCHEMA, Code, CodedSession, Empathy, Role, SentenceCode, Session, TurnAnalysis,
    TurnCoding,
};
use std::cell::RefCell;
use std::sync::{Arc, LazyLock};

/// The model shipped with this build.
static BUNDLED: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/attune-coder-v1.bin"
));

/// The accurate-tier model shipped with this build: the same features plus sentence embeddings, which the
/// caller supplies ([`Coder::with_embeddings`]).
static BUNDLED_ACCURATE: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/attune-coder-v1-accurate.bin"
));

const MAGIC: &[u8; 8] = b"ATTUNEM1";

/// The heads of a coder model; see the module docs.
#[derive(Debug, Clone)]
pub struct Model {
    pub code: Head,
    pub feeling: Head,
    /// Open vs closed, for turns whose code is a question.
    pub question_type: Head,
    /// Simple vs complex, for turns whose code is a reflection.
    pub reflection_type: Head,
    pub empathy: [Head; 3],
    /// Short content hash, for provenance in outputs.
    pub id: String,
}

impl Model {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&7u32.to_le_bytes());
        self.code.write(&mut out);
        self.feeling.write(&mut out);
        self.question_type.write(&mut out);
        self.reflection_type.write(&mut out);
        for h in &self.empathy {
            h.write(&mut out);
        }
        out
    }

    pub fn from_bytes(buf: &[u8]) -> Result<Model, String> {
        if buf.len() < 12 || &buf[..8] != MAGIC {
            return Err(
                "not an attune coder model (bad magic); run `attune train` to build one".into(),
            );
        }
        let mut pos = 12;
        let code = Head::read(buf, &mut pos)?;
        let feeling = Head::read(buf, &mut pos)?;
        let question_type = Head::read(buf, &mut pos)?;
        let reflection_type = Head::read(buf, &mut pos)?;
        let e0 = Head::read(buf, &mut pos)?;
        let e1 = Head::read(buf, &mut pos)?;
        let e2 = Head::read(buf, &mut pos)?;
        if code.classes.iter().any(|c| c.parse::<Code>().is_err()) {
            return Err("model's code head names an unknown code".into());
        }
        let mut m = Model {
            code,
            feeling,
            question_type,
            reflection_type,
            empathy: [e0, e1, e2],
            id: String::new(),
        };
        let name = if m.uses_embeddings() {
            "attune-coder-v1-accurate"
        } else {
            "attune-coder-v1"
        };
        m.id = format!("{name}:{:08x}", fnv32(buf));
        Ok(m)
    }
}

impl Model {
    /// True for an accurate-tier model: it was trained with sentence embeddings and needs them
    /// ([`Context::embedding`]) to code well.
    pub fn uses_embeddings(&self) -> bool {
        (0..crate::features::EMBED_DIM).step_by(37).any(|i| {
            self.code
                .contribution(hash_parts(&["e", &i.to_string()]), 1.0, 0)
                != 0.0
        })
    }
}

/// FNV-1a over a model file's bytes: the short content hash in every model id.
pub fn fnv32(b: &[u8]) -> u32 {
    let mut h: u32 = 0x811c9dc5;
    for x in b {
        h ^= *x as u32;
        h = h.wrapping_mul(0x01000193);
    }
    h
}

static BUNDLED_MODEL: LazyLock<Result<Arc<Model>, String>> =
    LazyLock::new(|| Model::from_bytes(BUNDLED).map(Arc::new));
static BUNDLED_ACCURATE_MODEL: LazyLock<Result<Arc<Model>, String>> =
    LazyLock::new(|| Model::from_bytes(BUNDLED_ACCURATE).map(Arc::new));

thread_local! {
    static SCRATCH: RefCell<(Scratch, HashSink, Vec<f32>, Vec<u32>, ArenaSink)> = RefCell::new((Scratch::default(), HashSink::default(), Vec::new(), Vec::new(), ArenaSink::default()));
}

/// Codes therapist turns. Cheap to clone and safe to share across threads.
#[derive(Debug, Clone)]
pub struct Coder {
    model: Arc<Model>,
    /// code, feeling, question_type, reflection_type, empathy ×3 over one index (see [`FusedHeads`]).
    fused: Arc<FusedHeads>,
    codes: Vec<Code>,
    /// Produce per-sentence codes and evidence (slower); off for bulk evaluation.
    pub explain: bool,
    /// Sentence embeddings of the texts to be coded, for an accurate-tier model (see [`Model::uses_embeddings`]).
    embeddings: Option<Arc<EmbeddingTable>>,
    /// The learned client-state model that reads client turns; `None` falls back to the lexicon alone.
    client: Option<Arc<crate::client::ClientModel>>,
}

impl Coder {
    /// The model shipped with attune.
    ///
    /// # Panics
    /// Never on user input; only if the build embedded a corrupt model, which the test suite rules out.
    pub fn bundled() -> Coder {
        match &*BUNDLED_MODEL {
            Ok(m) => Coder::new(m.clone()),
            Err(e) => panic!("the embedded coder model is unusable: {e}"),
        }
    }

    /// The shipped model, or an error if this build embedded none.
    pub fn try_bundled() -> Result<Coder, String> {
        BUNDLED_MODEL
            .as_ref()
            .map(|m| Coder::new(m.clone()))
            .map_err(|e| e.clone())
    }

    /// The shipped accurate-tier model (it needs [`Coder::with_embeddings`] to code well).
    pub fn try_bundled_accurate() -> Result<Coder, String> {
        BUNDLED_ACCURATE_MODEL
            .as_ref()
            .map(|m| Coder::new(m.clone()))
            .map_err(|e| e.clone())
    }

    pub fn new(model: Arc<Model>) -> Coder {
        let codes = model
            .code
            .classes
            .iter()
            .map(|c| c.parse().unwrap_or(Code::Other))
            .collect();
        let m = &model;
        let fused = Arc::new(FusedHeads::new(&[
            &m.code,
            &m.feeling,
            &m.question_type,
            &m.reflection_type,
            &m.empathy[0],
            &m.empathy[1],
            &m.empathy[2],
        ]));
        // the client model of the same tier as the coder
        let client = if model.uses_embeddings() {
            crate::client::ClientModel::bundled_accurate()
                .or_else(|_| crate::client::ClientModel::bundled())
        } else {
            crate::client::ClientModel::bundled()
        }
        .ok();
        Coder {
            model,
            fused,
            codes,
            explain: true,
            embeddings: None,
            client,
        }
    }

    /// Reads client turns with `client` instead of the shipped client-state model (`None`: lexicon only).
    pub fn with_client_model(mut self, client: Option<Arc<crate::client::ClientModel>>) -> Coder {
        self.client = client;
        self
    }

    /// The client model and the turn's embedding it should read (an accurate model without the turn's
    /// embedding would read it badly, so the fast model stands in).
    fn client_reader(
        &self,
        text: &str,
    ) -> Option<(Arc<crate::client::ClientModel>, Option<&[f32]>)> {
        let m = self.client.as_ref()?;
        if !m.uses_embeddings() {
            return Some((m.clone(), None));
        }
        match self.embeddings.as_ref().and_then(|t| t.get(text)) {
            Some(e) => Some((m.clone(), Some(e))),
            None => crate::client::ClientModel::bundled()
                .ok()
                .map(|f| (f, None)),
        }
    }

    /// The learned state of one client turn (`None` when no client model is loaded).
    pub fn client_state(&self, text: &str) -> Option<crate::client::ClientState> {
        self.client_reader(text).map(|(m, e)| m.predict(text, e))
    }

    /// The affect of one client turn: the learned client state where a model is loaded, else the lexicon's.
    pub fn client_affect(&self, text: &str) -> attune_core::Affect {
        self.client_affect_after("", text)
    }

    /// [`Coder::client_affect`] of a client turn that answers the listener's turn `listener` ("" for none): the
    /// act head reads what the turn answers.
    pub fn client_affect_after(&self, listener: &str, text: &str) -> attune_core::Affect {
        match self.client_reader(text) {
            Some((m, e)) => m.affect_after(listener, text, e),
            None => crate::affect::affect(text),
        }
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Gives the coder the sentence embeddings of the turns it will code (and of their client turns):
    /// a context without its own embedding takes them from `table` by text.
    pub fn with_embeddings(mut self, table: Arc<EmbeddingTable>) -> Coder {
        self.embeddings = Some(table);
        self
    }

    fn embedded<'a>(&'a self, text: &str, cx: &Context<'a>) -> Context<'a> {
        match &self.embeddings {
            Some(t) if cx.embedding.is_none() => cx.embedded(text, t),
            _ => *cx,
        }
    }

    /// Codes one therapist turn given the client's preceding turn (empty if none).
    pub fn code_turn(&self, client_context: &str, text: &str, register: Register) -> TurnCoding {
        self.code_turn_in(text, &Context::new(client_context, register))
    }

    /// Codes one therapist turn with whatever context is known (see [`Context`]).
    pub fn code_turn_in(&self, text: &str, cx: &Context) -> TurnCoding {
        self.code_turn_with_subtypes(text, cx).0
    }

    /// As [`Coder::code_turn_in`], also returning the subtype probabilities `([simple, complex], [open, closed])`
    /// whatever the turn's code (evaluation scores subtypes given the gold behaviour), from the same features.
    pub fn code_turn_with_subtypes(
        &self,
        text: &str,
        cx: &Context,
    ) -> (TurnCoding, ([f32; 2], [f32; 2])) {
        let cx = &self.embedded(text, cx);
        SCRATCH.with(|s| {
            let (scratch, sink, logits, rows, named) = &mut *s.borrow_mut();
            named.clear();
            extract(text, cx, scratch, named);
            self.fused.logits_rows(&named.feats, logits, rows);
            let f = &self.fused;
            let mut p = f.probs(logits, 0).to_vec();
            let feeling_p = f.probs(logits, 1)[1];
            let q_open = f.probs(logits, 2)[0];
            let r_simple = f.probs(logits, 3)[0];
            let mut levels = [0u8; 3];
            for m in 0..3 {
                levels[m] = argmax(f.probs(logits, 4 + m)) as u8;
            }
            let (best, mut confidence) = decide(&mut p, q_open, r_simple);
            let mut code = self.codes[best];
            let mut evidence = Vec::new();

            let hits = rules::scan(text);
            if let Some((rule_code, why)) = rules::override_code(code, &hits) {
                code = rule_code;
                confidence = confidence.clamp(0.6, 0.9);
                evidence.push(why);
            }
            // an imperative or a prohibition the model read as warmth ("Please don't let her define who you are.",
            // "Take as much time as you need."): MITI codes what a sentence asks the reader to do as advice
            if matches!(code, Code::Affirm | Code::Other)
                && hits.reassure.is_none()
                && let Some(cue) = crate::advice::advice_cues(text).into_iter().find(|c| {
                    matches!(
                        c,
                        crate::advice::AdviceCue::Imperative(_)
                            | crate::advice::AdviceCue::Prohibition(_)
                    )
                })
            {
                code = Code::Advise;
                confidence = confidence.clamp(0.6, 0.9);
                evidence.push(format!(
                    "rule: \"{}\" (advise: {})",
                    cue.phrase(),
                    cue.kind()
                ));
            }
            // a list number ("3."), an emoji or a lone "?" says nothing the code head could read: the model's
            // prior for short written turns is affirm
            if !text.chars().any(char::is_alphabetic) {
                code = Code::Other;
                confidence = 0.9;
                evidence.push("no words: a number, emoji or punctuation (other)".into());
            }
            // the models and phrase lists read English only: a turn in another language gets no code of theirs
            if let Some(lang) = crate::lang::other_language(text) {
                code = Code::Other;
                confidence = 0.9;
                evidence.push(format!(
                    "written in {lang}, not English: attune codes English only (other)"
                ));
            }
            // Feeling: the trained head decides for reflections; elsewhere the turn must point at an emotion in second person.
            let feeling = if code.is_reflection() {
                feeling_p > 0.5
            } else {
                hits.you_emotion
            };
            let empathy = Empathy {
                reactions: levels[0],
                interpretations: levels[1],
                explorations: levels[2],
            };
            let mut coding = TurnCoding {
                code,
                feeling,
                permission: hits.permission,
                confidence,
                evidence,
                empathy,
                sentences: vec![],
            };
            if self.explain {
                coding.evidence.extend(self.evidence(named, rows, best));
                coding.sentences = self.sentence_codes(text, cx, scratch, sink, logits);
            }
            (coding, ([r_simple, 1.0 - r_simple], [q_open, 1.0 - q_open]))
        })
    }

    fn sentence_codes(
        &self,
        text: &str,
        cx: &Context,
        scratch: &mut Scratch,
        sink: &mut HashSink,
        logits: &mut Vec<f32>,
    ) -> Vec<SentenceCode> {
        // a reply typed without full stops is coded by the sentences its writer left unmarked
        let sents = crate::segment::sentences(text);
        if sents.len() < 2 {
            return vec![];
        }
        sents
            .into_iter()
            .map(|s| {
                sink.feats.clear();
                extract(
                    s,
                    &self.embedded(s, &Context::new(cx.client, cx.register)),
                    scratch,
                    sink,
                );
                self.fused.logits(&sink.feats, logits);
                let mut p = self.fused.probs(logits, 0).to_vec();
                let q_open = self.fused.probs(logits, 2)[0];
                let r_simple = self.fused.probs(logits, 3)[0];
                let (b, conf) = decide(&mut p, q_open, r_simple);
                let hits = rules::scan(s);
                let code = if crate::lang::other_language(s).is_some() {
                    Code::Other
                } else {
                    rules::override_code(self.codes[b], &hits)
                        .map(|x| x.0)
                        .unwrap_or(self.codes[b])
                };
                SentenceCode {
                    text: s.to_string(),
                    code,
                    confidence: conf,
                }
            })
            .collect()
    }

    /// The features that pushed hardest toward class `class` of the code head, as readable phrases;
    /// `rows` are the features' rows in the fused heads, as [`FusedHeads::logits_rows`] found them.
    fn evidence(&self, sink: &ArenaSink, rows: &[u32], class: usize) -> Vec<String> {
        // Length buckets, embedding and word-vector dimensions and the like steer the model but explain nothing
        // to a reader.
        const SILENT: [&str; 12] = [
            "e",
            "ec",
            "s",
            "bias",
            "len",
            "clen",
            "nlen",
            "nsent",
            "nq",
            "qlen",
            "overlap_frac",
            "qwh",
        ];
        let mut contrib: Vec<(f32, String)> = Vec::new();
        for (i, ((_, v), row)) in sink.feats.iter().zip(rows).enumerate() {
            let c = v * self.fused.weight(*row, 0, class);
            if c > 0.05 {
                let name = sink.name(i);
                if !SILENT.contains(&name.split(' ').next().unwrap_or("")) {
                    contrib.push((c, describe_feature(name)));
                }
            }
        }
        contrib.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut out: Vec<String> = Vec::new();
        for (_, n) in contrib {
            if !out.contains(&n) {
                out.push(n);
            }
            if out.len() == 5 {
                break;
            }
        }
        out
    }

    /// Codes every therapist turn and measures affect on every client turn.
    pub fn code_session(&self, session: &Session) -> CodedSession {
        use rayon::prelude::*;
        let register = register_of(session);
        // turns are independent given the session: code them on all cores (long sessions are the slow case)
        let turns: Vec<TurnAnalysis> = session
            .turns
            .par_iter()
            .enumerate()
            .with_min_len(16)
            .map(|(i, t)| {
                let mut a = TurnAnalysis::default();
                match t.role {
                    Role::Therapist => {
                        a.coding =
                            Some(self.code_turn_in(&t.text, &context_in(session, i, register)))
                    }
                    Role::Client => {
                        let listener = session
                            .previous(i, Role::Therapist)
                            .map_or("", |j| session.turns[j].text.as_str());
                        a.affect = Some(self.client_affect_after(listener, &t.text))
                    }
                    Role::Other => {}
                }
                a
            })
            .collect();
        CodedSession {
            schema: CODED_SCHEMA.to_string(),
            session: session.clone(),
            turns,
            model: self.model.id.clone(),
        }
    }
}

/// The code head decides the kind of act (reflections and questions pooled); the subtype heads
/// decide simple/complex and open/closed, which AnnoMI alone labels. `p` is rewritten so that the
/// subtypes share their pooled mass. Returns (class, probability of the act).
fn decide(p: &mut [f32], q_open: f32, r_simple: f32) -> (usize, f32) {
    let rs = Code::ReflectionSimple.index();
    let rc = Code::ReflectionComplex.index();
    let qo = Code::QuestionOpen.index();
    let qc = Code::QuestionClosed.index();
    let (refl, ques) = (p[rs] + p[rc], p[qo] + p[qc]);
    p[rs] = refl * r_simple;
    p[rc] = refl * (1.0 - r_simple);
    p[qo] = ques * q_open;
    p[qc] = ques * (1.0 - q_open);
    let mut best = 0;
    let mut best_p = -1.0;
    for c in 0..p.len() {
        let pooled = if c == rs || c == rc {
            refl
        } else if c == qo || c == qc {
            ques
        } else {
            p[c]
        };
        if pooled > best_p {
            best_p = pooled;
            best = c;
        }
    }
    if best == rs || best == rc {
        best = if r_simple >= 0.5 { rs } else { rc };
    } else if best == qo || best == qc {
        best = if q_open >= 0.5 { qo } else { qc };
    }
    (best, best_p)
}

/// Everything around therapist turn `i` that the coder can use.
pub fn context_in(session: &Session, i: usize, register: Register) -> Context<'_> {
    let client = session
        .answered_client_turn(i)
        .map(|j| session.turns[j].text.as_str())
        .unwrap_or("");
    let next_client = session
        .turns
        .get(i + 1)
        .filter(|t| t.role == Role::Client)
        .map(|t| t.text.as_str());
    let prev_therapist = i
        .checked_sub(1)
        .map(|j| &session.turns[j])
        .filter(|t| t.role == Role::Therapist)
        .map(|t| t.text.as_str());
    let answered = session.answered_client_turn(i);
    let prior_therapist = answered
        .and_then(|j| j.checked_sub(1))
        .map(|j| &session.turns[j])
        .filter(|t| t.role == Role::Therapist)
        .map(|t| t.text.as_str());
    Context {
        client,
        next_client,
        prev_therapist,
        prior_therapist,
        register,
        embedding: None,
        client_embedding: None,
    }
}

/// The register from `meta.register` ("spoken"/"chat"); otherwise spoken when the transcript has times or
/// spoken back-channels ("Mm-hmm.", "Uh-huh." as turns of their own: a transcript of speech without times, as
/// AnnoMI's and many clinics' plain-text transcripts are); otherwise chat.
pub fn register_of(session: &Session) -> Register {
    match session.meta.get("register").and_then(|v| v.as_str()) {
        Some("chat") => Register::Chat,
        Some("spoken") => Register::Spoken,
        _ if session.has_times() => Register::Spoken,
        _ if spoken_backchannels(session) => Register::Spoken,
        _ => Register::Chat,
    }
}

/// At least two turns, and 3 % of them, that are nothing but a spoken back-channel.
fn spoken_backchannels(session: &Session) -> bool {
    const SPOKEN: &[&str] = &[
        "mm-hmm", "mm-hm", "mhm", "mm", "mmm", "uh-huh", "hmm", "um", "uh", "mm-mm",
    ];
    let n = session
        .turns
        .iter()
        .filter(|t| {
            let mut words = t
                .text
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'));
            let n = t.text.split_whitespace().count();
            (1..=3).contains(&n) && words.all(|w| SPOKEN.iter().any(|s| s.eq_ignore_ascii_case(w)))
        })
        .count();
    n >= 2 && n * 100 >= 3 * session.turns.len()
}

fn describe_feature(name: &str) -> String {
    let mut it = name.splitn(2, ' ');
    let kind = it.next().unwrap_or("");
    let rest = it
        .next()
        .unwrap_or("")
        .replace("<s> ", "")
        .replace(" </s>", "");
    match kind {
        "u" | "b" | "t" => format!("\"{rest}\""),
        "f1" | "f2" => format!("opens with \"{rest}\""),
        "ls1" | "ls2" => format!("last sentence opens with \"{rest}\""),
        "l1" | "l2" => format!("ends with \"{rest}\""),
        "p" => format!("pattern: {}", rest.replace('_', " ")),
        "cu" | "cb" => format!("client said \"{rest}\""),
        "cl1" => format!("client ended with \"{rest}\""),
        "n1" | "n2" => format!("client replied \"{rest}\""),
        "nlen" => format!("client reply length bucket {rest}"),
        "pt1" | "ptl" => format!("follows own turn \"{rest}\""),
        "clen" => format!("client turn length bucket {rest}"),
        "len" => format!(
            "turn length bucket {}",
            rest.rsplit(' ').next().unwrap_or("")
        ),
        "overlap" | "overlap_frac" => "reuses the client's words".to_string(),
        "nq" => format!("question marks bucket {rest}"),
        "nsent" => format!("sentence count bucket {rest}"),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use attune_core::Turn;

    #[test]
    fn bundled_model_loads_and_codes_plain_cases() {
        let c = Coder::try_bundled().expect("the embedded model must load");
        let code = |client: &str, t: &str| c.code_turn(client, t, Register::Spoken).code;
        assert_eq!(
            code("I don't know where to start.", "What brings you in today?"),
            Code::QuestionOpen
        );
        assert!(
            code(
                "Since we moved I barely talk to anyone.",
                "It sounds like you feel really alone since the move."
            )
            .is_reflection()
        );
        assert_eq!(
            code(
                "I can't sleep.",
                "You should try going to bed at the same time every night."
            ),
            Code::Advise
        );
        assert_eq!(
            code(
                "I lost my job.",
                "Well, at least you still have your health."
            ),
            Code::Reframe
        );
        assert_eq!(
            code(
                "I'm worried about the results.",
                "Don't worry, everything will be fine!"
            ),
            Code::Reassure
        );
        // a numbered list's "2." split off as a sentence, or an emoji alone
        assert_eq!(c.code_turn("", "2.", Register::Chat).code, Code::Other);
        assert_eq!(c.code_turn("", "🙂", Register::Chat).code, Code::Other);
        // a turn in another language: no English model's code, and the reason in the evidence
        let es = c.code_turn(
            "",
            "Para una cita puedes llamar al 787-466-5478.",
            Register::Chat,
        );
        assert_eq!(es.code, Code::Other);
        assert!(
            es.evidence.iter().any(|e| e.contains("Spanish")),
            "{:?}",
            es.evidence
        );
        assert_eq!(
            c.code_turn(
                "",
                "You should call them to book an appointment.",
                Register::Chat
            )
            .code,
            Code::Advise
        );
    }

    #[test]
    fn tiers_are_told_apart_and_embeddings_change_the_accurate_tier() {
        assert!(!Coder::bundled().model().uses_embeddings());
        let acc = Coder::try_bundled_accurate().expect("the embedded accurate model must load");
        assert!(acc.model().uses_embeddings());
        // Two different (made-up) vectors for the same words must move the accurate tier's probabilities:
        // the embedding features are read, not ignored.
        let text = "So you're feeling stuck.";
        let mut a = crate::EmbeddingTable::default();
        let mut b = crate::EmbeddingTable::default();
        let unit = |k: usize| {
            (0..crate::features::EMBED_DIM)
                .map(|i| if i % 7 == k { 0.14 } else { 0.0 })
                .collect::<Vec<f32>>()
        };
        a.insert(text, unit(0)).unwrap();
        b.insert(text, unit(3)).unwrap();
        let cx = Context::new("I can't move forward.", Register::Spoken);
        let pa = acc
            .clone()
            .with_embeddings(Arc::new(a))
            .code_turn_in(text, &cx)
            .confidence;
        let pb = acc
            .with_embeddings(Arc::new(b))
            .code_turn_in(text, &cx)
            .confidence;
        assert!((pa - pb).abs() > 1e-4, "{pa} vs {pb}");
    }

    #[test]
    fn coding_a_session_gives_one_analysis_per_turn_with_evidence() {
        let mut s = Session::new("t");
        s.turns.push(Turn::new(
            Role::Client,
            "C",
            "My mother died last month and I can't stop crying.",
        ));
        s.turns.push(Turn::new(Role::Therapist, "T", "I'm so sorry. It sounds like the grief is overwhelming right now. What has it been like?"));
        let coded = Coder::bundled().code_session(&s);
        assert_eq!(coded.turns.len(), 2);
        assert!(coded.turns[0].affect.is_some() && coded.turns[0].coding.is_none());
        let tc = coded.turns[1]
            .coding
            .as_ref()
            .expect("therapist turn is coded");
        assert!(!tc.evidence.is_empty());
        // evidence is words and patterns a reader can check, never a vector dimension ("s 111", "e 42")
        assert!(
            tc.evidence
                .iter()
                .all(|e| !e.starts_with("s ") && !e.starts_with("e ")),
            "{:?}",
            tc.evidence
        );
        assert_eq!(tc.sentences.len(), 3);
        assert!((0.0..=1.0).contains(&tc.confidence));
    }
}
