//! attune-judge: was this response attuned to this client, right now?
//!
//! A learned model of (client context, response) → the probability that the response is misattuned, and
//! the kind of miss. It reads the client's learned state (distress, emotion, intensity, act), the response's
//! code from the coder, the rule families that fire on it (as features, not as the gate), how it orders
//! validation and fixing, how much of the client's content it takes up, and its words — each crossed with the
//! client's distress, so that "Have you tried a to-do list?" weighs differently after "I couldn't go in" than
//! after "What helps with mornings?". `attune train` fits it on labels that can be defended (see
//! `models/MODEL_CARD.md`); flags are calibrated thresholds on its probability.
//!
//! Pure functions: no I/O; the model is embedded at compile time or passed in.

mod disfluency;
mod features;
mod kind;
mod spelling;

pub use features::{judge_features, JudgeInput};
pub use kind::MisKind;

/// Client turns of at most this many words take on the earlier distress (see [`carry_distress`]).
pub const CARRY_WORDS: usize = 8;
/// How much of the earlier distress a short answer carries.
pub const CARRY: f32 = 0.85;

/// A short answer ("Four months.", "Sitting on the bathroom floor.") carries the distress of the client's
/// turn before it when that was higher (scaled by [`CARRY`]): the feeling does not end because the therapist
/// asked a factual question. Its hardship is the higher of its own and the earlier one's (scaled alike): what was
/// told stays told. `words` counts the answer's words; `earlier` is the state of the client's previous turn.
/// Training and assessment both read the client this way.
pub fn carry_distress(words: usize, current: &mut attune_core::Affect, earlier: Option<&attune_core::Affect>) {
    let Some(prev) = earlier else { return };
    if words > CARRY_WORDS {
        return;
    }
    let hardship = current.hardship.max(CARRY * prev.hardship);
    if CARRY * prev.distress > current.distress {
        let mut carried = prev.clone();
        carried.distress *= CARRY;
        *current = carried;
    }
    // what was told stays told ("All year. That's 43 rejections." after a job turned down)
    current.hardship = hardship;
}

use attune_text::features::{HashSink, NameSink};
use attune_text::linear::{argmax, FusedHeads, Head};
use std::cell::RefCell;
use std::sync::{Arc, LazyLock};

static BUNDLED: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/attune-judge-v1.bin"));
const MAGIC: &[u8; 8] = b"ATTUNEJ1";

/// The judge's heads and its calibrated thresholds.
#[derive(Debug, Clone)]
pub struct JudgeModel {
    /// Two classes: attuned, misattuned.
    pub misattuned: Head,
    /// The kinds of [`MisKind::ALL`], trained on misattuned examples whose kind is known.
    pub kind: Head,
    /// Probability at or above which a response to a client turn is flagged (chosen on dev data, see `attune train`).
    pub flag_threshold: f32,
    /// The same for a response judged without any client turn (MI adherence alone), chosen on its own dev data.
    pub flag_threshold_nc: f32,
    pub id: String,
    /// Both heads over one feature index (one hash lookup per feature instead of two).
    fused: FusedHeads,
}

/// The judgement of one response.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    /// Probability that the response is misattuned to this client now.
    pub p_misattuned: f32,
    /// The likeliest kind of miss (meaningful when `p_misattuned` is high).
    pub kind: MisKind,
    pub kind_p: f32,
    /// At or above the model's calibrated threshold.
    pub flagged: bool,
    /// Judged without a client turn as advice given without asking, so at least [`UNASKED_ADVICE_FLOOR`].
    pub advice_floor: bool,
}

impl Judgement {
    /// 0..100, higher is more attuned: the same judgement as the flag, as a score that orders responses.
    pub fn score(&self) -> f64 {
        (100.0 * (1.0 - self.p_misattuned as f64)).clamp(0.0, 100.0)
    }
}

impl JudgeModel {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&2u32.to_le_bytes());
        out.extend_from_slice(&self.flag_threshold.to_le_bytes());
        out.extend_from_slice(&self.flag_threshold_nc.to_le_bytes());
        self.misattuned.write(&mut out);
        self.kind.write(&mut out);
        out
    }

    pub fn from_bytes(buf: &[u8]) -> Result<JudgeModel, String> {
        if buf.len() < 20 || &buf[..8] != MAGIC {
            return Err("not an attune judge model (bad magic); run `attune train` to build one".into());
        }
        let f = |i: usize| f32::from_le_bytes([buf[i], buf[i + 1], buf[i + 2], buf[i + 3]]);
        let (flag_threshold, flag_threshold_nc) = (f(12), f(16));
        if !(0.0..=1.0).contains(&flag_threshold) || !(0.0..=1.0).contains(&flag_threshold_nc) {
            return Err(format!("judge model has implausible thresholds {flag_threshold}, {flag_threshold_nc}"));
        }
        let mut pos = 20;
        let misattuned = Head::read(buf, &mut pos)?;
        let kind = Head::read(buf, &mut pos)?;
        if misattuned.n_classes() != 2 || kind.n_classes() != MisKind::ALL.len() {
            return Err("judge model has heads of the wrong shape".into());
        }
        let id = format!("attune-judge-v1:{:08x}", attune_text::coder::fnv32(buf));
        Ok(JudgeModel::new(misattuned, kind, flag_threshold, flag_threshold_nc, id))
    }

    pub fn new(misattuned: Head, kind: Head, flag_threshold: f32, flag_threshold_nc: f32, id: String) -> JudgeModel {
        let fused = FusedHeads::new(&[&misattuned, &kind]);
        JudgeModel { misattuned, kind, flag_threshold, flag_threshold_nc, id, fused }
    }

    /// The model shipped with this build.
    pub fn bundled() -> Result<Arc<JudgeModel>, String> {
        BUNDLED_MODEL.clone()
    }

    /// Judges one response.
    pub fn judge(&self, input: &JudgeInput) -> Judgement {
        SCRATCH.with(|s| {
            let (sink, p) = &mut *s.borrow_mut();
            sink.feats.clear();
            judge_features(input, sink);
            let has_client = !input.client.trim().is_empty();
            let mut j = self.judge_features(&sink.feats, has_client, p);
            let rekind = matches!(j.kind, MisKind::Confronting | MisKind::Pathologizing)
                || (matches!(j.kind, MisKind::AdviceWithoutPermission | MisKind::PrematureFixing) && input.response.split_whitespace().count() <= SHORT_REPLY);
            if rekind || !has_client {
                let words = Words::of(input.response);
                if let Some(kinds) = words.kinds_supported(j.kind) {
                    // `judge_features` left the kind head's probabilities in `p`, after the misattuned head's
                    let kp = p.get(self.fused.offsets[1]..self.fused.width).unwrap_or(&[]);
                    if let Some((k, kp)) = kinds
                        .iter()
                        .filter_map(|&k| Some((k, *kp.get(MisKind::ALL.iter().position(|x| *x == k)?)?)))
                        .max_by(|a, b| a.1.total_cmp(&b.1))
                    {
                        j.kind = k;
                        j.kind_p = kp;
                    }
                }
                if !has_client && words.unasked_advice() {
                    self.floor_unasked_advice(&mut j);
                }
            }
            j
        })
    }

    /// Without a client turn, MITI codes a sentence by its grammar alone: advice or a direction given without
    /// asking (an imperative, a prohibition, "you should", "my advice is", "if I were you") is non-adherent
    /// whatever else the response says, and the weights, learned mostly from responses in context, can read a
    /// plain "It would be a good idea to talk to your manager." as fine. Such a response is judged at least
    /// [`UNASKED_ADVICE_FLOOR`] misattuned, and never below the no-context threshold, so its flag and its score agree
    /// with the coding. Without the second floor every such sentence lost its flag at once whenever a retraining set
    /// the threshold above 0.75 (the thirty-eighth session: 0.77, and MI non-adherent sentences flagged fell 0.70 to
    /// 0.42), while sentences the weights judged alone moved little.
    fn floor_unasked_advice(&self, j: &mut Judgement) {
        let floor = UNASKED_ADVICE_FLOOR.max(self.threshold(false));
        if j.p_misattuned < floor {
            j.p_misattuned = floor;
            j.kind = MisKind::AdviceWithoutPermission;
            j.kind_p = j.kind_p.max(floor);
        }
        j.flagged = j.p_misattuned >= self.threshold(false);
        j.advice_floor = true;
    }

    /// The flag threshold for a response with (`true`) or without a client turn.
    pub fn threshold(&self, has_client: bool) -> f32 {
        if has_client { self.flag_threshold } else { self.flag_threshold_nc }
    }

    /// Judges precomputed features (training and evaluation reuse them).
    pub fn judge_features(&self, feats: &[(u64, f32)], has_client: bool, p: &mut Vec<f32>) -> Judgement {
        self.fused.logits(feats, p);
        let pm = self.fused.probs(p, 0)[1];
        let kp = self.fused.probs(p, 1);
        let k = argmax(kp);
        Judgement { p_misattuned: pm, kind: MisKind::ALL[k], kind_p: kp[k], flagged: pm >= self.threshold(has_client), advice_floor: false }
    }

    /// The features that pushed most toward "misattuned" (positive) or "attuned" (negative), by name, for
    /// evidence in `check` and the report.
    pub fn reasons(&self, input: &JudgeInput, k: usize) -> Vec<(String, f32)> {
        let mut sink = NameSink::default();
        judge_features(input, &mut sink);
        let mut c: Vec<(String, f32)> = sink
            .feats
            .iter()
            .map(|(h, name, v)| (name.clone(), self.misattuned.contribution(*h, *v, 1) - self.misattuned.contribution(*h, *v, 0)))
            .filter(|(_, w)| w.abs() > 1e-3)
            .collect();
        c.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        c.truncate(k);
        c
    }
}

/// Words of a reply short enough that, with no advice in it, it cannot be named advice (see `kinds_supported`).
const SHORT_REPLY: usize = 5;

/// The least p(misattuned) of advice given without asking when there is no client turn: near the share of such
/// sentences that MITI coders call non-adherent. A round value among floors from 0.3 to 0.9 whose effect was
/// simulated on `mi-adherence`'s dev slice first (all within ±0.01 AUC), so those figures are optimistic by it.
pub const UNASKED_ADVICE_FLOOR: f32 = 0.75;

/// Whether a response gives advice or a direction in a statement (an imperative, a prohibition, a modal
/// construction or a course of action sold by its benefit; questions and hedged offers stay with the weights) and neither asks
/// permission nor leaves the choice with the reader ("it's up to you").
pub fn unasked_advice(response: &str) -> bool {
    Words::of(response).unasked_advice()
}

/// [`Words::kinds_supported`] of a response, read from scratch (the tests' entry point).
#[cfg(test)]
fn kind_the_words_support(input: &JudgeInput, kind: MisKind) -> Option<&'static [MisKind]> {
    Words::of(input.response).kinds_supported(kind)
}

/// What a response's own words say, read once for the two readings above the weights: the rule families and
/// each sentence's advice by its grammar.
struct Words {
    /// It asks permission or leaves the choice with the reader.
    asks: bool,
    /// It has words that confront or label the client.
    confronts_or_labels: bool,
    /// It directs (a rule family), and how many words it has.
    directs: bool,
    words: usize,
    /// Per sentence: whether it is a question, and how it gives advice.
    sentences: Vec<(bool, Option<attune_text::advice::AdviceCue>)>,
}

impl Words {
    fn of(response: &str) -> Words {
        let h = attune_text::rules::scan(response);
        let sentences = attune_text::advice::sentences_advice(response).into_iter().map(|(s, c)| (s.trim_end().ends_with('?'), c)).collect();
        Words {
            asks: h.permission || h.autonomy.is_some(),
            confronts_or_labels: h.confront.is_some() || h.pathologize.is_some(),
            directs: h.directive.is_some(),
            words: response.split_whitespace().count(),
            sentences,
        }
    }

    fn unasked_advice(&self) -> bool {
        use attune_text::advice::AdviceCue;
        !self.asks
            && self.sentences.iter().any(|(question, cue)| {
                !question
                    && match cue {
                        Some(AdviceCue::Imperative(_) | AdviceCue::Prohibition(_) | AdviceCue::Modal(_)) => true,
                        // "Seeing a counselor can help you", "it would be more beneficial to move out": a course of
                        // action sold by its benefit is a suggestion to MITI; "one way to look at it" frames a view
                        Some(AdviceCue::Benefit(p)) => !p.contains("way to"),
                        _ => false,
                    }
            })
    }

    /// The kinds these words support when the kind head names confronting or pathologizing but the response has
    /// none of the words that confront or label the client. The kind head, trained on few examples of those kinds,
    /// named "Have you thought about getting a dog?" pathologizing and "Maybe you can treat yourself to a walk"
    /// confronting: advice (by its grammar) is named by the likelier of the two advice kinds instead. (A therapist's
    /// own story read as confronting was left alone: naming it self-focus also renamed defensive replies to a
    /// complaint, which are confronting, on our vignettes.)
    ///
    /// And a reply of a few words with no advice in it ("Mm.", "ok", "Right.") that the kind head names one of the
    /// advice kinds is named by the likeliest of detached, minimizing or subject change: "Mm." after "Um, withdrawal."
    /// was "advice without permission".
    fn kinds_supported(&self, kind: MisKind) -> Option<&'static [MisKind]> {
        let advises = self.directs || self.sentences.iter().any(|(_, cue)| cue.is_some());
        if matches!(kind, MisKind::Confronting | MisKind::Pathologizing) && !self.confronts_or_labels && self.sentences.iter().any(|(_, cue)| cue.is_some()) {
            return Some(&[MisKind::PrematureFixing, MisKind::AdviceWithoutPermission]);
        }
        if matches!(kind, MisKind::AdviceWithoutPermission | MisKind::PrematureFixing) && self.words <= SHORT_REPLY && !advises {
            return Some(&[MisKind::Detached, MisKind::Minimizing, MisKind::SubjectChange]);
        }
        None
    }
}

static BUNDLED_MODEL: LazyLock<Result<Arc<JudgeModel>, String>> = LazyLock::new(|| JudgeModel::from_bytes(BUNDLED).map(Arc::new));

thread_local! {
    static SCRATCH: RefCell<(HashSink, Vec<f32>)> = RefCell::new((HashSink::default(), Vec::new()));
}


#[cfg(test)]
mod tests;
