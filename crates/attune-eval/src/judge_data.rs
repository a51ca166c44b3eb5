//! Labels for the judge (attuned vs misattuned, and the kind of miss) that can be defended, and the judge's
//! training.
//!
//! | source (train split) | misattuned | attuned |
//! |---|---|---|
//! | MI advise pairs | "Advise without Permission" (kind: advice without permission) | the "with permission" version |
//! | EmpatheticExchanges | human empathy 1–2 of 5 | 4–5 |
//! | ESConv | a suggestion or information before any question, restatement, reflection or affirmation in the conversation (premature fixing) | reflections and restatements |
//! | FailedESConv | the supporter turns right before seeker feedback ≤ 2 | before feedback 5 |
//! | AnnoMI | advice in low-quality sessions (advice without permission) | advice and reflections in high-quality sessions |
//! | EPITOME | no emotional reaction, interpretation or exploration | a strong reaction or interpretation |
//! | `models/misattunement-seeds.jsonl` | attune's own written examples, each with its kind | ditto |
//! | `models/seeds.tsv` | minimize, reassure, reframe, confront seeds (their kinds) | reflection, affirm and autonomy seeds |

use crate::datasets::{source_of, Source};
use attune_core::{Code, Role, Session};
use attune_judge::{judge_features, JudgeInput, JudgeModel, MisKind};
use attune_text::features::{HashSink, Register};
use attune_text::linear::{Example, Head, TrainConfig};
use attune_text::Coder;
use rayon::prelude::*;

/// One labelled response.
#[derive(Debug, Clone)]
pub struct JudgeExample {
    /// The client turn answered ("" if none).
    pub client: String,
    /// The client's turn before that one ("" if none): a short answer carries its distress.
    pub earlier: String,
    /// The listener's turn that the client turn answers ("" if none): the client model's act head reads it, as
    /// it does in a session.
    pub listener: String,
    pub prior_attuned: bool,
    pub response: String,
    pub misattuned: bool,
    pub kind: Option<MisKind>,
    pub weight: f32,
    pub register: Register,
    pub source: &'static str,
}

fn ex(client: &str, response: &str, mis: bool, kind: Option<MisKind>, weight: f32, register: Register, source: &'static str) -> JudgeExample {
    JudgeExample { client: client.to_string(), earlier: String::new(), listener: String::new(), prior_attuned: false, response: response.to_string(), misattuned: mis, kind, weight, register, source }
}

fn label<'a>(t: &'a attune_core::Turn, key: &str) -> Option<&'a str> {
    t.labels.get(key).and_then(|v| v.as_str())
}

fn num(t: &attune_core::Turn, key: &str) -> Option<f64> {
    t.labels.get(key).and_then(|v| v.as_f64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok())))
}

/// The client turn(s) a therapist turn at `i` answers, joined (the block of consecutive client turns).
pub fn client_block(s: &Session, i: usize) -> String {
    let mut j = i;
    while j > 0 && s.turns[j - 1].role != Role::Client {
        if s.turns[j - 1].role == Role::Therapist {
            j -= 1;
        } else {
            break;
        }
    }
    let mut parts: Vec<&str> = Vec::new();
    while j > 0 && s.turns[j - 1].role == Role::Client {
        parts.push(&s.turns[j - 1].text);
        j -= 1;
    }
    parts.reverse();
    parts.join(" ")
}

/// Where the client block that therapist turn `i` answers begins (`i` itself if it answers none).
fn block_start(s: &Session, i: usize) -> usize {
    let mut j = i;
    while j > 0 && s.turns[j - 1].role == Role::Therapist {
        j -= 1;
    }
    while j > 0 && s.turns[j - 1].role == Role::Client {
        j -= 1;
    }
    j
}

/// The client block before the one therapist turn `i` answers ("" if none).
pub fn earlier_block(s: &Session, i: usize) -> String {
    let j = block_start(s, i);
    if j == i { String::new() } else { client_block(s, j) }
}

/// The listener's turn before the client block that therapist turn `i` answers ("" if none).
pub fn listener_before_block(s: &Session, i: usize) -> String {
    let j = block_start(s, i);
    if j > 0 && s.turns[j - 1].role == Role::Therapist && j < i { s.turns[j - 1].text.clone() } else { String::new() }
}

/// Gives the examples just made from therapist turn `i` the client block before the one they answer and the
/// listener's turn before theirs (only then: most turns make none).
fn with_earlier(made: &mut [JudgeExample], s: &Session, i: usize) {
    if made.is_empty() {
        return;
    }
    let earlier = earlier_block(s, i);
    let listener = listener_before_block(s, i);
    made.iter_mut().for_each(|e| {
        e.earlier = earlier.clone();
        e.listener = listener.clone();
    });
}

/// An ESConv conversation whose seeker reported feeling better (the survey is read for training labels only).
fn esconv_helped(s: &Session) -> bool {
    let sv = s.meta.get("survey_score").and_then(|v| v.get("seeker"));
    let n = |k: &str| sv.and_then(|v| v.get(k)).and_then(|v| v.as_str().and_then(|x| x.parse::<f64>().ok()).or(v.as_f64()));
    matches!((n("initial_emotion_intensity"), n("final_emotion_intensity"), n("empathy")), (Some(a), Some(b), Some(e)) if b < a && e >= 4.0)
}

const ESCONV_MEETS: [&str; 4] = ["Restatement or Paraphrasing", "Reflection of feelings", "Affirmation and Reassurance", "Question"];

/// Judge examples from the train-split sessions of the public data sets (see the module docs).
pub fn judge_examples(sessions: &[Session]) -> Vec<JudgeExample> {
    let mut out = Vec::new();
    for s in sessions {
        let id = s.id.as_str();
        if id.starts_with("mi_advise_pairs-") {
            let Some(t) = s.turns.iter().find(|t| t.role == Role::Therapist) else { continue };
            match label(t, "miti_label") {
                Some("Advise without Permission") => out.push(ex("", &t.text, true, Some(MisKind::AdviceWithoutPermission), 1.5, Register::Chat, "mi_advise_pairs")),
                Some("Advise with Permission") => out.push(ex("", &t.text, false, None, 1.5, Register::Chat, "mi_advise_pairs")),
                _ => {}
            }
            continue;
        }
        if id.starts_with("empathetic_exchanges-") {
            let (Some(c), Some(t)) = (s.turns.iter().find(|t| t.role == Role::Client), s.turns.iter().find(|t| t.role == Role::Therapist)) else { continue };
            match num(t, "empathy_5es").map(|x| x as i64) {
                Some(1) | Some(2) => out.push(ex(&c.text, &t.text, true, None, 1.0, Register::Chat, "empathetic_exchanges")),
                Some(4) | Some(5) => out.push(ex(&c.text, &t.text, false, None, 1.0, Register::Chat, "empathetic_exchanges")),
                _ => {}
            }
            continue;
        }
        match source_of(s) {
            Source::ESConv => {
                let mut explored = false;
                let mut recent: Vec<&str> = Vec::new();
                for (i, t) in s.turns.iter().enumerate() {
                    if t.role != Role::Therapist {
                        continue;
                    }
                    let strat = label(t, "strategy").unwrap_or("");
                    let client = client_block(s, i);
                    let before = out.len();
                    let substantive = client.split_whitespace().count() >= 6;
                    // one of the last two supporter turns reflected, restated or affirmed
                    let met = recent.iter().rev().take(2).any(|x| ESCONV_MEETS[..3].contains(x));
                    let fixing = matches!(strat, "Providing Suggestions" | "Information");
                    if substantive && !explored && fixing {
                        out.push(ex(&client, &t.text, true, Some(MisKind::PrematureFixing), 1.0, Register::Chat, "esconv"));
                    } else if substantive && fixing && met {
                        // advice after the feeling was met is what DESIGN.md calls well-timed
                        let mut e = ex(&client, &t.text, false, None, 0.4, Register::Chat, "esconv");
                        e.prior_attuned = true;
                        out.push(e);
                    } else if substantive && matches!(strat, "Reflection of feelings" | "Restatement or Paraphrasing") {
                        let mut e = ex(&client, &t.text, false, None, 0.5, Register::Chat, "esconv");
                        e.prior_attuned = met;
                        out.push(e);
                    } else if substantive && strat == "Question" && esconv_helped(s) {
                        // the everyday question of a conversation that helped
                        let mut e = ex(&client, &t.text, false, None, 0.2, Register::Chat, "esconv");
                        e.prior_attuned = met;
                        out.push(e);
                    }
                    with_earlier(&mut out[before..], s, i);
                    if ESCONV_MEETS.contains(&strat) {
                        explored = true;
                    }
                    recent.push(strat);
                }
            }
            Source::FailedESConv => {
                for (i, t) in s.turns.iter().enumerate() {
                    if t.role != Role::Client {
                        continue;
                    }
                    let Some(fb) = num(t, "feedback") else { continue };
                    // the supporter turns right before this feedback
                    let mut j = i;
                    while j > 0 && s.turns[j - 1].role == Role::Therapist {
                        j -= 1;
                        let client = client_block(s, j);
                        let met = s.turns[..j]
                            .iter()
                            .filter(|x| x.role == Role::Therapist)
                            .rev()
                            .take(2)
                            .any(|x| matches!(label(x, "strategy"), Some("Restatement or Paraphrasing" | "Reflection of feelings" | "Affirmation and Reassurance" | "Restatement" | "Approval and Reassurance")));
                        let mis = if fb <= 2.0 { true } else if fb >= 5.0 { false } else { continue };
                        let mut e = ex(&client, &s.turns[j].text, mis, None, 0.5, Register::Chat, "esconv_failed");
                        e.prior_attuned = met;
                        e.earlier = earlier_block(s, j);
                        e.listener = listener_before_block(s, j);
                        out.push(e);
                    }
                }
            }
            Source::AnnoMI => {
                let quality = s.meta.get("mi_quality").and_then(|v| v.as_str()).unwrap_or("");
                for (i, t) in s.turns.iter().enumerate() {
                    if t.role != Role::Therapist {
                        continue;
                    }
                    let client = client_block(s, i);
                    let before = out.len();
                    let beh = label(t, "main_therapist_behaviour").unwrap_or("");
                    let sub = label(t, "therapist_input_subtype").unwrap_or("");
                    match (quality, beh, sub) {
                        ("low", "therapist_input", "advice") => {
                            out.push(ex(&client, &t.text, true, Some(MisKind::AdviceWithoutPermission), 1.0, Register::Spoken, "annomi"))
                        }
                        ("high", "therapist_input", "advice") => out.push(ex(&client, &t.text, false, None, 1.0, Register::Spoken, "annomi")),
                        ("high", "reflection", _) if client.split_whitespace().count() >= 6 => {
                            out.push(ex(&client, &t.text, false, None, 0.3, Register::Spoken, "annomi"))
                        }
                        ("high", "question", _) if client.split_whitespace().count() >= 4 => {
                            out.push(ex(&client, &t.text, false, None, 0.2, Register::Spoken, "annomi"))
                        }
                        _ => {}
                    }
                    with_earlier(&mut out[before..], s, i);
                }
            }
            Source::Epitome => {
                let (Some(c), Some(t)) = (s.turns.iter().find(|t| t.role == Role::Client), s.turns.iter().find(|t| t.role == Role::Therapist)) else { continue };
                let lv = |k: &str| num(t, k).unwrap_or(0.0) as i64;
                let (er, ip, expl) = (lv("emotional_reactions"), lv("interpretations"), lv("explorations"));
                if er == 0 && ip == 0 && expl == 0 {
                    out.push(ex(&c.text, &t.text, true, None, 0.3, Register::Chat, "epitome"));
                } else if er == 2 || ip == 2 {
                    out.push(ex(&c.text, &t.text, false, None, 0.3, Register::Chat, "epitome"));
                }
            }
            _ => {}
        }
    }
    out
}

/// Parses `models/misattunement-seeds.jsonl`: `{"context", "response", "label": "attuned"|"misattuned", "kind", "register"}`.
pub fn parse_judge_seeds(text: &str, weight: f32) -> Result<Vec<JudgeExample>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", i + 1))?;
        let get = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("");
        let mis = match get("label") {
            "misattuned" => true,
            "attuned" => false,
            other => return Err(format!("line {}: label must be attuned or misattuned, found `{other}`", i + 1)),
        };
        let kind = if mis && !get("kind").is_empty() { Some(get("kind").parse::<MisKind>().map_err(|e| format!("line {}: {e}", i + 1))?) } else { None };
        let register = if get("register") == "spoken" { Register::Spoken } else { Register::Chat };
        if get("response").trim().is_empty() {
            return Err(format!("line {}: empty response", i + 1));
        }
        out.push(ex(get("context"), get("response"), mis, kind, weight, register, "seeds"));
    }
    Ok(out)
}

/// The coder's seed examples (`models/seeds.tsv`) as judge examples where their code says attuned or not.
pub fn code_seed_examples(seeds: &[(Code, String, String)], weight: f32) -> Vec<JudgeExample> {
    seeds
        .iter()
        .filter_map(|(code, client, text)| {
            let (mis, kind) = match code {
                Code::Minimize => (true, Some(MisKind::Minimizing)),
                Code::Reassure => (true, Some(MisKind::Cheerleading)),
                Code::Reframe => (true, Some(MisKind::Reframing)),
                Code::Confront => (true, Some(MisKind::Confronting)),
                Code::ReflectionSimple | Code::ReflectionComplex | Code::Affirm | Code::Autonomy => (false, None),
                // advice is judged by its context (asked for, or after the feeling was met, it is fine); without
                // one, MI asks for permission first, so the seed's advice is kept as a no-context example only
                Code::Advise => {
                    let permission = attune_text::rules::scan(text).permission;
                    let kind = (!permission).then_some(MisKind::AdviceWithoutPermission);
                    return Some(vec![ex("", text, !permission, kind, weight, Register::Chat, "code_seeds")]);
                }
                // information, disclosure and questions are MI-adherent moves on their own; whether they fit a
                // distressed client depends on the turn, which the seeds were not written to contrast
                Code::Inform | Code::Disclose | Code::QuestionOpen | Code::QuestionClosed | Code::Other => {
                    return Some(vec![ex("", text, false, None, weight, Register::Chat, "code_seeds")]);
                }
                _ => return None,
            };
            let mut out = vec![ex(client, text, mis, kind, weight, Register::Chat, "code_seeds")];
            // adherent moves stay adherent without a client turn, and the judge must see them alone, as `check`
            // and sentence-level coding do (else "no context" is learned almost only from advice and
            // misattuned seeds, and a bare "I get it." starts out misattuned)
            if !client.is_empty() && !mis {
                out.push(ex("", text, mis, kind, weight, Register::Chat, "code_seeds"));
            }
            Some(out)
        })
        .flatten()
        .collect()
}

/// The judge's features for one example: the coder reads the response in context, the client model the client turn.
pub fn featurize(e: &JudgeExample, coder: &Coder) -> Vec<(u64, f32)> {
    let coding = coder.code_turn(&e.client, &e.response, e.register);
    let affect = if e.client.trim().is_empty() {
        None
    } else {
        let mut a = coder.client_affect_after(&e.listener, &e.client);
        if !e.earlier.trim().is_empty() {
            let prev = coder.client_affect(&e.earlier);
            attune_judge::carry_distress(e.client.split_whitespace().count(), &mut a, Some(&prev));
        }
        Some(a)
    };
    let input = JudgeInput { client: &e.client, client_affect: affect.as_ref(), prior_attuned: e.prior_attuned, response: &e.response, coding: Some(&coding) };
    let mut sink = HashSink::default();
    judge_features(&input, &mut sink);
    sink.feats
}

/// The studied vignette files (`eval/vignettes-NAME.jsonl`) whose responses the judge learns from when
/// `studied_weight` is above 0: those read once unseen at a session's end and studied since. The later studied
/// sets stay out, to tell whether what they teach generalizes; the never-studied and held-back sets are never read.
pub const STUDIED_JUDGE_VIGNETTES: &[&str] = &[
    "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14",
    "fresh15", "fresh16", "fresh17", "fresh18", "fresh19", "fresh20", "fresh21", "fresh22", "fresh23", "fresh24", "fresh25", "fresh26",
    "fresh27", "fresh28", "fresh29", "fresh30", "fresh31", "fresh32", "fresh33", "fresh34", "fresh35", "fresh36", "fresh37",
    "fresh38", "fresh39", "fresh40",
];

/// Judge training settings.
#[derive(Debug, Clone)]
pub struct JudgeTrainSettings {
    pub cfg: TrainConfig,
    pub kind_cfg: TrainConfig,
    /// The flag threshold is the lowest that flags at most this share of the attuned calibration responses.
    pub max_false_flags: f64,
    /// The same for responses with no client turn (the no-context threshold). 0.06 rather than 0.08: on dev,
    /// fast tier, MI-adherent sentences flagged 0.110 -> 0.095 and non-adherent ones flagged unchanged (0.745).
    /// 0.04 since the examples written by other hands (2026-12-03): at 0.06 the threshold fell to 0.47 and flagged
    /// 0.115 of adherent sentences; at 0.05 0.105, at 0.04 0.090 (non-adherent 0.752 -> 0.730). 0.035 since the
    /// subtle examples of the twenty-seventh session (`misattunement-seeds-others-k/-l`): at 0.04 and 0.0375 the
    /// threshold was 0.54 and flagged 0.105 of adherent sentences; at 0.035 it is 0.63: 0.090 adherent and 0.745
    /// non-adherent flagged (the rules carry those), fast.
    pub max_false_flags_nc: f64,
    /// At most this share of the held-out turns of conversations rated good may be flagged (by the judge alone; the
    /// pipeline's own rate on dev runs higher). 0.10 since the whole sessions written for training (2026-12-03,
    /// eleventh session), fast tier, dev, caps 0.14 / 0.12 / 0.10: thresholds 0.37 / 0.40 / 0.44, good-session turns
    /// flagged 0.168 / 0.153 / 0.135 (the judge before them: 0.133), vignette recall 0.949 / 0.949 / 0.941,
    /// misattuned turns flagged in sessions by other hands (fresh2, 14) 11 at each cap. 0.11 since the fifteenth
    /// session's examples (client acts, replies and sessions by more helpers), which lowered the judge's scores: caps
    /// 0.10 / 0.11 / 0.12 gave thresholds 0.50 / 0.48 / 0.46, studied sessions' misattuned turns flagged 124 / 125 /
    /// 128 of 152 (fast), good-session turns flagged 0.124 / 0.136 / 0.142, and annomi-quality AUC in the accurate
    /// tier 0.912 / 0.912 / 0.882 (its target is 0.90). 0.12 since the nineteenth session (chat's "u" read as "you",
    /// the client model retrained): caps 0.11 / 0.115 / 0.12 gave thresholds 0.50 / 0.48 / 0.47, studied sessions'
    /// misattuned turns flagged 147 / 150 / 151 of 179 (fast; the judge before: 155 at 0.47), good-session turns
    /// flagged (AnnoMI, ESConv dev) 0.084, 0.137 / 0.093, 0.143 / 0.096, 0.148 (before: 0.093, 0.147), vignettes'
    /// misattuned replies flagged (every file) 802 / 805 / 808 of 858, annomi-quality AUC in the accurate tier 0.912
    /// at 0.11 and 0.12. 0.115 since the twentieth session (the diagnosis and self-story features, the client model
    /// retrained): caps 0.11 / 0.115 / 0.12 gave thresholds 0.49 / 0.48 / 0.46, and at 0.115 against 0.12 the studied
    /// sessions' misattuned turns flagged 150 against 152 of 179 and attuned ones 14 against 15 of 433 (fast), vignettes
    /// 807 / 14 against 810 / 16 of 858, good-session turns 0.131 against 0.139, and annomi-quality AUC in the accurate
    /// tier 0.912 against 0.882 (its target is 0.90). 0.11 later in that session, after more phrases from the sets read
    /// then (a verdict on the client's thinking, a conditional apology, excusing the other party): caps 0.11 / 0.115 /
    /// 0.12 gave thresholds 0.49 / 0.47 / 0.46 and accurate annomi-quality 0.912 / 0.882 / 0.882; 0.11 against 0.115
    /// flagged 148 against 151 of the studied sessions' 179 misattuned turns (fast), 803 against 809 of the vignettes'
    /// 858, and 0.126 against 0.131 of good-session turns. The AUC turns on one of 34 low/high pairs; the target holds.
    /// 0.10 since the twenty-seventh session's subtle examples, which lowered the threshold to 0.47 at 0.11 (good-session
    /// turns flagged 0.133 against 0.127 before them, fast): at 0.10 it is 0.50, good-session turns 0.122 / 0.115
    /// (fast / accurate), annomi-quality 0.971 / 0.971, every labelled vignette 2,456 of 2,538 flagged and 39 attuned
    /// (against 2,441 / 33 before the examples; 2,466 / 44 at 0.11).
    /// 0.11 since the thirtieth session's 960 examples aimed at the hardest kinds and at help that was asked for
    /// (`misattunement-seeds-others-aa` … `-ad`), which raised the threshold to 0.55 at 0.10: there the accurate tier
    /// flagged 792 of the studied sessions' 856 misattuned turns against 800 before them; at 0.11 (threshold 0.53) 801,
    /// with 42 against 48 attuned vignettes flagged and 39 against 35 attuned session turns; fast 804 against 801 and
    /// 46 against 52 attuned vignettes; good-session turns flagged 0.114 / 0.118 (fast / accurate) against 0.110 /
    /// 0.109.
    /// 0.10 since the thirty-second session's 480 examples (`misattunement-seeds-others-ak`, `-al`), which lowered the
    /// threshold to 0.54 at 0.11: there every labelled vignette flagged 2,708 of 2,802 misattuned and 51 attuned replies
    /// (fast), dev vignettes' attuned replies 0.022 and good-session turns 0.109; at 0.10 (threshold 0.55) 2,701 and 46,
    /// 0.015 and 0.106 (before the examples: 2,695, 47, 0.015, 0.112). 0.11 again after 480 more in that session
    /// (`-am`, `-an`: kind questions that walk away from the feeling, spoken slips), which raised the threshold to 0.60
    /// at 0.10: caps 0.10 / 0.11 / 0.12 gave thresholds 0.60 / 0.57 / 0.55, every labelled vignette 2,692 / 2,705 /
    /// 2,710 misattuned and 44 / 53 / 58 attuned flagged, the studied sessions 843 / 855 / 861 and 43 / 47 / 49,
    /// good-session turns 0.100 / 0.111 / 0.119 (fast); on the six vignette sets read once at earlier sessions' ends and
    /// never studied, 242 / 247 / 248 of 264 misattuned and 18 / 18 / 19 attuned flagged (0.10 before `-am`, `-an`:
    /// 243 and 18). Then 480 more (`-ao`, `-ap`: long answers that slip once; risky attuned replies beside near twins):
    /// at 0.11 / 0.12 thresholds 0.56 / 0.54, every labelled vignette 2,702 / 2,708 and 53 / 56, the studied sessions
    /// 854 / 858 and 43 / 46, good-session turns 0.109 / 0.116, the six never-studied sets 246 / 248 and 18 / 18.
    /// The thirty-third session's 720 examples (`-aq`, `-ar`, `-as`) and the first 80 of its 120 whole sessions
    /// (`judge-sessions-others-d` … `-g`) at 0.11 / 0.12: thresholds 0.59 / 0.56, every labelled vignette but the
    /// held-back 2,733 / 2,747 of 2,850 misattuned and 52 / 55 attuned flagged, the studied sessions 895 / 899 of 956
    /// and 45 / 50 of 2,160, good-session turns 0.104 / 0.112 (fast; the judge before them 2,743 and 52, 884 and 48,
    /// 0.109); accurate 2,733 / 2,745 and 51 / 57, 886 / 893 and 47 / 54, 0.107 / 0.122 (before: 2,732 and 49, 876 and
    /// 45, 0.113). Without the new examples at 0.12: 2,749 and 54, 892 and 52, 0.117 (fast). With the last 40 sessions
    /// (`-h`, `-i`) at 0.11 / 0.12: thresholds 0.60 / 0.57, vignettes 2,739 / 2,747 and 47 / 53, sessions 898 / 905 and
    /// 39 / 46, good-session turns 0.103 / 0.115 (fast); 0.11 kept (accurate: 2,738 and 48, 889 and 47, 0.113).
    pub max_session_flags: f64,
    /// Weight of each turn of a conversation rated good, trained as attuned.
    pub good_session_weight: f32,
    /// Weight of each of attune's own written examples.
    pub seed_weight: f32,
    /// Every n-th example whose judgement does not depend on context is also trained without its client turn.
    pub context_dropout: usize,
    /// Every n-th of attune's own written examples (one client turn, no listener turn before it) is also trained as if
    /// the listener's turn before it had met the client (0 = none). The corpora teach that a reflection after a turn
    /// that met the client is attuned (`xprior reflection.complex` weighed -0.95), and no written example said
    /// otherwise, so in whole sessions a reply that reflects and then slips was judged near zero ("That's an enormous
    /// amount to be carrying… **One thing I'd gently encourage:** tell your mom tonight", 0.08; sessions fresh61).
    /// Off: tried in the thirty-second session against the judge without copies (853 of the studied sessions' 916
    /// misattuned turns flagged, 44 of 2,076 attuned, good-session turns 0.106; fast): every example copied, 882, 81,
    /// 0.156; every third, 882, 74, 0.142; every example with the good-session cap at 0.08, 879, 71, 0.140; every
    /// example at a quarter weight, 885, 85, 0.146. Plain reflections after a turn that met the client ("Mm. The one
    /// you'd been building up to for weeks.") lost the prior that keeps them clear.
    pub prior_met_every: usize,
    /// The weight of those copies, as a share of the example's own.
    pub prior_met_weight: f32,
    /// Weight of each of the coder's seed examples (`models/seeds*.tsv`) read as a judge example.
    pub code_seed_weight: f32,
    /// Weight of ESConv supporters' turns read without the seeker's turn (suggestions as advice without
    /// permission, reflections, restatements, affirmations and questions as adherent); 0 = not used.
    pub esconv_nc_weight: f32,
    /// What a misattuned example without a client turn teaches: 0 keeps every kind, 1 drops those that
    /// MITI codes as adherent on their own (cheerleading and reassurance are Support, minimizing and
    /// reframing mostly Affirm or Give Information), 2 trains them as attuned.
    pub nc_mi: u8,
    /// Weight, as a share of `seed_weight`, of the studied evaluation sets' responses (the vignette files and the
    /// session splits `client_data::STUDIED_SESSION_SPLITS` names); 0 = not read.
    pub studied_weight: f32,
    /// Copies of every `unpunctuated_every`-th of attune's own written examples with the response typed without
    /// full stops, commas, semicolons, colons or exclamation marks (question marks kept), so the judge learns what a
    /// reply says when its writer leaves them out (0 = none; measured and not kept, see the model card); each weighs
    /// `unpunctuated_weight` of its original.
    pub unpunctuated_every: usize,
    pub unpunctuated_weight: f32,
    /// Read `models/nc-calibration*.jsonl` (listener sentences with no client turn, written and coded for it) into the
    /// no-context calibration only, never into training: with only the held-out fifth of the seeds and the dev
    /// vignettes, the no-context threshold rested on the 4th-highest of 108 attuned scores and moved from 0.71 to
    /// 0.88 between retrainings that differed in a few readings.
    pub nc_calibration: bool,
}

impl Default for JudgeTrainSettings {
    fn default() -> Self {
        JudgeTrainSettings {
            cfg: TrainConfig { epochs: 8, learning_rate: 0.05, l2: 1e-5, min_count: 2, seed: 41, average: 3 },
            kind_cfg: TrainConfig { epochs: 10, learning_rate: 0.1, l2: 1e-5, min_count: 1, seed: 43, average: 3 },
            max_false_flags: 0.08,
            max_false_flags_nc: 0.035,
            max_session_flags: 0.11,
            good_session_weight: 1.0,
            seed_weight: 8.0,
            context_dropout: 2,
            prior_met_every: 0,
            prior_met_weight: 1.0,
            code_seed_weight: 6.0,
            nc_mi: 0,
            esconv_nc_weight: 0.0,
            studied_weight: 0.0,
            unpunctuated_every: 0,
            unpunctuated_weight: 1.0,
            nc_calibration: true,
        }
    }
}

/// Trains the judge. `calibration` holds (features, misattuned) of dev responses the threshold is chosen on:
/// the lowest threshold that flags at most `max_false_flags` of the attuned ones.
pub fn train_judge_model(examples: &[JudgeExample], coder: &Coder, st: &JudgeTrainSettings, calibration: &[Calibration], sessions: &[Calibration]) -> JudgeModel {
    let feats: Vec<Vec<(u64, f32)>> = examples.par_iter().map(|e| featurize(e, coder)).collect();
    // balance the two classes' total weight
    let (wm, wa) = examples.iter().fold((0f32, 0f32), |(m, a), e| if e.misattuned { (m + e.weight, a) } else { (m, a + e.weight) });
    let scale_m = if wm > 0.0 { (wm + wa) / (2.0 * wm) } else { 1.0 };
    let scale_a = if wa > 0.0 { (wm + wa) / (2.0 * wa) } else { 1.0 };
    let mis: Vec<Example> = examples
        .iter()
        .zip(&feats)
        .map(|(e, f)| Example { feats: f.clone(), labels: vec![e.misattuned as usize], weight: e.weight * if e.misattuned { scale_m } else { scale_a } })
        .collect();
    let kind: Vec<Example> = examples
        .iter()
        .zip(&feats)
        .filter_map(|(e, f)| Some(Example { feats: f.clone(), labels: vec![e.kind?.index()], weight: e.weight }))
        .collect();
    let misattuned = Head::train("judge_misattuned", vec!["attuned".into(), "misattuned".into()], &mis, &st.cfg);
    let kind = Head::train("judge_kind", MisKind::ALL.iter().map(|k| k.as_str().to_string()).collect(), &kind, &st.kind_cfg);
    let mut m = JudgeModel::new(misattuned, kind, 0.5, 0.5, String::new());
    let (with, without): (Vec<Calibration>, Vec<Calibration>) = calibration.iter().cloned().partition(|c| c.has_client);
    // with a client turn: few false flags on our vignettes, and few flags on the turns of conversations rated good
    m.flag_threshold = calibrate(&m, &with, st.max_false_flags).max(calibrate(&m, sessions, st.max_session_flags));
    m.flag_threshold_nc = calibrate(&m, &without, st.max_false_flags_nc);
    JudgeModel::from_bytes(&m.to_bytes()).unwrap_or(m)
}

/// A dev response the flag thresholds are chosen on.
#[derive(Debug, Clone)]
pub struct Calibration {
    pub feats: Vec<(u64, f32)>,
    pub has_client: bool,
    pub misattuned: bool,
}

impl Calibration {
    pub fn of(e: &JudgeExample, coder: &Coder) -> Calibration {
        Calibration { feats: featurize(e, coder), has_client: !e.client.trim().is_empty(), misattuned: e.misattuned }
    }
}

/// The lowest threshold (in steps of 0.01) that flags at most `max_false` of the attuned calibration responses.
pub fn calibrate(m: &JudgeModel, calibration: &[Calibration], max_false: f64) -> f32 {
    let mut p = Vec::new();
    let scored: Vec<(f32, bool)> = calibration.iter().map(|c| (m.judge_features(&c.feats, c.has_client, &mut p).p_misattuned, c.misattuned)).collect();
    let attuned = scored.iter().filter(|s| !s.1).count().max(1) as f64;
    for step in 20..=90 {
        let t = step as f32 / 100.0;
        let false_flags = scored.iter().filter(|(p, mis)| !mis && *p >= t).count() as f64 / attuned;
        if false_flags <= max_false {
            return t;
        }
    }
    0.9
}


/// Judge examples from whole sessions written for training (`models/judge-sessions*.jsonl`, the format of
/// eval/sessions.jsonl): every therapist turn labelled attuned or misattuned, read as a vignette whose context is the
/// session up to that turn, so the judge learns misses that come a few turns after the disclosure, when the client's
/// last turn is short or flat. Turns labelled "either" and turns answering no client are left out.
pub fn session_seed_examples(ls: &[crate::session_tasks::LabelledSession]) -> Vec<JudgeExample> {
    let mut out = Vec::new();
    for s in ls {
        for (i, t) in s.session.turns.iter().enumerate() {
            let Some(mis) = s.expect.get(i).copied().flatten() else { continue };
            if t.role != Role::Therapist || !s.session.turns[..i].iter().any(|x| x.role == Role::Client) {
                continue;
            }
            let v = crate::judge_tasks::Vignette {
                pair: format!("{}-{i}", s.id),
                context: s.session.turns[..i].to_vec(),
                response: t.text.clone(),
                misattuned: mis,
                kinds: s.kinds.get(i).cloned().unwrap_or_default(),
                register: s.register.clone(),
                split: s.split.clone(),
            };
            let mut e = vignette_example(&v);
            e.source = "session_seeds";
            out.push(e);
        }
    }
    out
}

/// A vignette as the judge sees it: the trailing client turns of its context, and whether an earlier
/// therapist turn in the context already met the client (by its wording).
pub fn vignette_example(v: &crate::judge_tasks::Vignette) -> JudgeExample {
    let mut parts: Vec<&str> = v.context.iter().rev().take_while(|t| t.role == Role::Client).map(|t| t.text.as_str()).collect();
    parts.reverse();
    let prior = v.context.iter().filter(|t| t.role == Role::Therapist).rev().take(2).any(|t| {
        let h = attune_text::rules::scan(&t.text);
        h.you_emotion || attune_text::rules::VALIDATE_CUE.iter().any(|c| attune_text::rules::normalize(&t.text).contains(&format!(" {c} ")))
    });
    // the client's turn before the trailing ones, if the context has one
    let tail = v.context.iter().rev().take_while(|t| t.role == Role::Client).count();
    let rest = &v.context[..v.context.len() - tail];
    let mut earlier: Vec<&str> = rest.iter().rev().skip_while(|t| t.role != Role::Client).take_while(|t| t.role == Role::Client).map(|t| t.text.as_str()).collect();
    earlier.reverse();
    let listener = match rest.last() {
        Some(t) if t.role == Role::Therapist && tail > 0 => t.text.clone(),
        _ => String::new(),
    };
    JudgeExample {
        client: parts.join(" "),
        earlier: earlier.join(" "),
        listener,
        prior_attuned: prior,
        response: v.response.clone(),
        misattuned: v.misattuned,
        kind: v.kinds.first().and_then(|k| k.parse().ok()),
        weight: 1.0,
        register: if v.register == "spoken" { Register::Spoken } else { Register::Chat },
        source: "vignettes",
    }
}

/// Adds copies without the client turn of every `every`-th example whose label holds without context
/// (attuned reflections, validations and questions; non-adherent advice, confronting, pathologizing,
/// minimizing, cheerleading), so that `check` without a client turn judges by the response alone.
pub fn with_context_dropout(mut examples: Vec<JudgeExample>, every: usize) -> Vec<JudgeExample> {
    if every == 0 {
        return examples;
    }
    let mut extra = Vec::new();
    for (i, e) in examples.iter().enumerate() {
        if e.client.is_empty() || i % every != 0 {
            continue;
        }
        let holds = if e.misattuned {
            matches!(
                e.kind,
                Some(MisKind::AdviceWithoutPermission | MisKind::Confronting | MisKind::Pathologizing | MisKind::Minimizing | MisKind::Cheerleading)
            )
        } else {
            // advice that was fine after the feeling was met is not fine without any context (MI adherence
            // asks for permission): only advice framed with permission keeps its label
            let h = attune_text::rules::scan(&e.response);
            let n = attune_text::rules::normalize(&e.response);
            let advises = h.directive.is_some()
                || attune_text::rules::ADVISE.iter().any(|a| n.contains(&format!(" {a} ")))
                || !attune_text::advice::advice_cues(&e.response).is_empty();
            !advises || h.permission
        };
        if holds {
            let mut c = e.clone();
            c.client.clear();
            c.prior_attuned = false;
            c.weight *= 0.7;
            extra.push(c);
        }
    }
    examples.extend(extra);
    examples
}

/// [`JudgeTrainSettings::unpunctuated_every`]: copies of every `every`-th of attune's own written examples with a
/// response of one line and eight words or more, typed without `. , ; : !`.
pub fn with_unpunctuated(mut examples: Vec<JudgeExample>, every: usize, weight: f32) -> Vec<JudgeExample> {
    if every == 0 {
        return examples;
    }
    let extra: Vec<JudgeExample> = examples
        .iter()
        // letters and lists keep their lines' marks: a salutation is known by its comma
        .filter(|e| e.source == "seeds" && !e.response.contains('\n') && e.response.split_whitespace().count() >= 8)
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(_, e)| JudgeExample {
            response: e.response.chars().filter(|c| !matches!(c, '.' | ',' | ';' | ':' | '!')).collect(),
            weight: e.weight * weight,
            ..e.clone()
        })
        .collect();
    examples.extend(extra);
    examples
}

/// [`JudgeTrainSettings::prior_met_every`]: copies of every `every`-th written example, read as if the listener's turn
/// before had met the client.
pub fn with_prior_met(mut examples: Vec<JudgeExample>, every: usize, weight: f32) -> Vec<JudgeExample> {
    if every == 0 {
        return examples;
    }
    let extra: Vec<JudgeExample> = examples
        .iter()
        .filter(|e| e.source == "seeds" && !e.client.is_empty() && !e.prior_attuned && e.listener.is_empty())
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(_, e)| JudgeExample { prior_attuned: true, weight: e.weight * weight, ..e.clone() })
        .collect();
    examples.extend(extra);
    examples
}

/// ESConv supporters' turns on their own, as MI adherence codes written sentences without context: a
/// suggestion is advice without permission unless it asks or leaves the choice; reflections, restatements,
/// affirmations and questions are adherent. Every `every`-th turn, weighted `weight`.
pub fn esconv_no_context(sessions: &[Session], every: usize, weight: f32) -> Vec<JudgeExample> {
    let mut out = Vec::new();
    let mut k = 0usize;
    for s in sessions.iter().filter(|s| matches!(source_of(s), Source::ESConv)) {
        for t in s.turns.iter().filter(|t| t.role == Role::Therapist) {
            let Some(st) = crate::datasets::esconv_strategy(t) else { continue };
            // 0 question, 1 restatement, 2 reflection, 4 affirmation, 5 suggestion
            if !matches!(st, 0 | 1 | 2 | 4 | 5) || t.text.split_whitespace().count() < 4 {
                continue;
            }
            k += 1;
            if every > 1 && !k.is_multiple_of(every) {
                continue;
            }
            let mis = st == 5 && !attune_text::rules::scan(&t.text).permission;
            let kind = mis.then_some(MisKind::AdviceWithoutPermission);
            out.push(ex("", &t.text, mis, kind, weight, Register::Chat, "esconv_nc"));
        }
    }
    out
}

/// Without a client turn, only MI non-adherent moves (advice without permission, confronting, directing,
/// labelling) are misattuned by the sentence alone: the other kinds are dropped (`mode` 1) or trained as
/// attuned (`mode` 2), as MITI codes them; see [`JudgeTrainSettings::nc_mi`].
pub fn mi_no_context(examples: Vec<JudgeExample>, mode: u8) -> Vec<JudgeExample> {
    if mode == 0 {
        return examples;
    }
    let context_bound = |e: &JudgeExample| {
        e.misattuned
            && e.client.trim().is_empty()
            && !matches!(e.kind, None | Some(MisKind::AdviceWithoutPermission | MisKind::PrematureFixing | MisKind::Confronting | MisKind::Pathologizing))
    };
    examples
        .into_iter()
        .filter_map(|mut e| {
            if !context_bound(&e) {
                return Some(e);
            }
            (mode == 2).then(|| {
                e.misattuned = false;
                e.kind = None;
                e
            })
        })
        .collect()
}

/// Therapist turns of conversations rated good (AnnoMI high MI quality, ESConv conversations the seeker said
/// helped), as attuned calibration responses: real sessions are mostly mundane turns, which a threshold
/// chosen on contrasting vignettes alone would flag far too often. `every` thins the turns.
pub fn good_session_turns(sessions: &[Session], every: usize) -> Vec<JudgeExample> {
    let mut out = Vec::new();
    let mut k = 0usize;
    for s in sessions {
        let good = match source_of(s) {
            Source::AnnoMI => s.meta.get("mi_quality").and_then(|v| v.as_str()) == Some("high"),
            Source::ESConv => esconv_helped(s),
            _ => false,
        };
        if !good {
            continue;
        }
        let reg = if source_of(s) == Source::AnnoMI { Register::Spoken } else { Register::Chat };
        for (i, t) in s.turns.iter().enumerate() {
            if t.role != Role::Therapist || t.text.split_whitespace().count() < 3 {
                continue;
            }
            let client = client_block(s, i);
            if client.is_empty() {
                continue;
            }
            k += 1;
            if k.is_multiple_of(every.max(1)) {
                let mut e = ex(&client, &t.text, false, None, 1.0, reg, "good_sessions");
                e.earlier = earlier_block(s, i);
                e.listener = listener_before_block(s, i);
                out.push(e);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_labelled_session_gives_one_example_per_judged_therapist_turn_with_its_history() {
        let text = r#"{"id": "t1", "register": "chat", "split": "train", "turns": [
            {"speaker": "therapist", "text": "Hi, what brings you here?"},
            {"speaker": "client", "text": "my dad died last month and i cant sleep"},
            {"speaker": "therapist", "text": "oh, i'm so sorry. a month, and the nights are the worst?"},
            {"speaker": "client", "text": "yeah."},
            {"speaker": "therapist", "text": "have you tried melatonin?", "expect": "misattuned", "kinds": ["premature_fixing"]},
            {"speaker": "client", "text": "i guess"},
            {"speaker": "therapist", "text": "maybe, or maybe not.", "expect": "either"}]}"#;
        let ls = crate::session_tasks::parse_sessions(&text.replace('\n', " "), None).expect("parses");
        let ex = session_seed_examples(&ls);
        // the opening answers no client and "either" is left out: two examples
        assert_eq!(ex.len(), 2, "{ex:?}");
        assert!(!ex[0].misattuned && ex[0].client.contains("cant sleep"));
        let fix = &ex[1];
        assert!(fix.misattuned && fix.kind == Some(MisKind::PrematureFixing));
        assert_eq!(fix.client, "yeah.");
        assert!(fix.earlier.contains("my dad died"), "{fix:?}");
        assert!(fix.prior_attuned, "the turn before met the client: {fix:?}");
        assert_eq!(fix.source, "session_seeds");
    }
}
