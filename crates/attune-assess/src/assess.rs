//! The assessment proper: per-turn preparation, flags, client markers, ruptures and repair, scores, pacing,
//! style matching, the attunement index and the tidy per-turn rows.
use crate::alternative::alternative;
use crate::config::AssessConfig;
use crate::style::{lsm, Profile, CATEGORIES};
use crate::text::{self, content_stems, lexical_affect, sentences, Norm};
use crate::types::*;
use attune_core::{Affect, Code, CodedSession, Emotion, Role, TurnCoding};

// ============================================================== per-turn preparation

/// What the assessment knows about one turn before any rule runs.
pub(crate) struct Prep<'a> {
    pub role: Role,
    pub text: &'a str,
    pub norm: Norm,
    pub words: usize,
    pub start: Option<f64>,
    pub end: Option<f64>,
    // client side
    pub affect: Affect,
    // therapist side
    pub coding: Option<&'a TurnCoding>,
    pub codes: Vec<Code>,
    /// (sentence text, its normalized form, its code when the coder gave per-sentence codes)
    pub sents: Vec<(&'a str, Norm, Option<Code>)>,
    pub attuning: bool,
    pub reflective: bool,
    /// Names or points at feelings (coded `feeling`, an empathic reaction, feeling words or a validation).
    pub feeling_talk: bool,
    pub stems: Vec<String>,
    /// The nearest earlier client turn.
    pub answers: Option<usize>,
    /// Consecutive client turns ending at `answers`.
    pub block: Vec<usize>,
    pub profile: Profile,
    /// The learned judgement of a therapist turn (attune-judge), when the judge is on.
    pub judgement: Option<attune_judge::Judgement>,
}

const CLOSED_STARTS: &[&str] = &[
    "do", "does", "did", "is", "are", "was", "were", "have", "has", "had", "can", "could", "will", "would",
    "should", "shall", "am", "may", "any", "isn't", "aren't", "don't", "didn't", "doesn't",
];
pub(crate) static CLIENT_SHIFT: &[&str] = &[
    "can we talk about something else", "let's talk about something else", "i don't want to talk about",
    "i'd rather not talk about", "change the subject", "can we move on",
];
/// Lists of this module that `Norm::first_of` indexes.
pub(crate) static INDEXED_LISTS: [&[&str]; 2] = [TOPIC_SHIFT_T, CLIENT_SHIFT];
/// Topic-shift openers, matched at the start of a therapist sentence.
pub(crate) static TOPIC_SHIFT_T: &[&str] = &[
    "anyway", "anyways", "moving on", "let's move on", "let's talk about", "on another note", "by the way",
    "changing the subject", "to change the subject", "switching gears", "next question", "on a different note",
    "different topic", "let's get back to", "but anyway", "so anyway", "okay anyway", "ok anyway",
];
const BACK_REFERENCE: &[&str] = &["that", "this", "it", "those", "he", "she", "they", "them", "him", "her"];
const FEELING_WORDS: &[&str] = &["feel", "feels", "feeling", "feelings", "felt", "emotion", "emotions", "emotional"];

/// The coded affect (the learned client model's, or the lexicon's) is authoritative; assess's own small
/// lexicon stands in only for a neutral reading with no learned distress and no act.
fn effective_affect(coded: Option<&Affect>, norm: &Norm) -> Affect {
    match coded {
        Some(a) if a.intensity > 0.0 || a.emotion != Emotion::Neutral || !a.cues.is_empty() || a.distress > 0.0 || a.act != attune_core::ClientAct::Other => {
            a.clone()
        }
        _ => lexical_affect(norm),
    }
}

fn is_closed_question(n: &Norm, raw: &str) -> bool {
    raw.trim_end().ends_with('?') && n.words.first().map(|w| CLOSED_STARTS.contains(&w.as_str())).unwrap_or(false)
}

pub(crate) fn prepare<'a>(coded: &'a CodedSession) -> Vec<Prep<'a>> {
    let turns = &coded.session.turns;
    let mut out: Vec<Prep<'a>> = Vec::with_capacity(turns.len());
    let mut last_client: Option<usize> = None;
    for (i, t) in turns.iter().enumerate() {
        let an = coded.turns.get(i);
        let norm = Norm::new(&t.text);
        let words = norm.len();
        let profile = Profile::of_words(&norm.words);
        let mut p = Prep {
            role: t.role,
            text: &t.text,
            words,
            start: t.start,
            end: t.end,
            affect: Affect::neutral(),
            coding: None,
            codes: vec![],
            sents: vec![],
            attuning: false,
            reflective: false,
            feeling_talk: false,
            stems: content_stems(&norm),
            answers: None,
            block: vec![],
            profile,
            norm,
            judgement: None,
        };
        match t.role {
            Role::Client => {
                p.affect = effective_affect(an.and_then(|a| a.affect.as_ref()), &p.norm);
                last_client = Some(i);
            }
            Role::Therapist => {
                let coding = an.and_then(|a| a.coding.as_ref());
                p.coding = coding;
                let ss = sentences(&t.text);
                let sent_codes: Vec<Option<Code>> = match coding {
                    Some(c) if !c.sentences.is_empty() => {
                        // the coder's sentence split may differ from ours: match exactly, else by containment
                        ss.iter()
                            .map(|s| {
                                c.sentences
                                    .iter()
                                    .find(|sc| sc.text.trim() == *s)
                                    .or_else(|| {
                                        c.sentences.iter().find(|sc| {
                                            let t = sc.text.trim();
                                            !t.is_empty() && (s.contains(t) || t.contains(*s))
                                        })
                                    })
                                    .map(|sc| sc.code)
                            })
                            .collect()
                    }
                    _ => vec![None; ss.len()],
                };
                p.sents = ss.iter().zip(sent_codes).map(|(s, c)| (*s, Norm::new(s), c)).collect();
                if let Some(c) = coding {
                    p.codes.push(c.code);
                    for sc in &c.sentences {
                        if !p.codes.contains(&sc.code) {
                            p.codes.push(sc.code);
                        }
                    }
                }
                let lex_validate = p.norm.first_of(text::VALIDATE_CUE).is_some();
                let lex_reflect = p.norm.first_of(text::REFLECT_CUE).is_some();
                // an empathic reaction counts only when the turn is not a fix, cheer or dismissal
                let feeling = coding
                    .map(|c| {
                        c.feeling
                            || (c.empathy.reactions > 0
                                && !matches!(
                                    c.code,
                                    Code::Reassure | Code::Minimize | Code::Confront | Code::Reframe | Code::Advise | Code::Inform
                                ))
                    })
                    .unwrap_or(false);
                // coded reflections; the lexical cue only stands in when the turn has no coding
                p.reflective = p.codes.iter().any(|c| c.is_reflection())
                    || (coding.is_none() && lex_reflect && !t.text.trim_end().ends_with('?'));
                p.attuning = p.codes.iter().any(|c| c.is_attuning()) || feeling || lex_validate || p.reflective;
                // the coder's `feeling`; feeling words only stand in when the turn has no coding
                p.feeling_talk = match coding {
                    Some(c) => c.feeling,
                    None => p.norm.words.iter().any(|w| FEELING_WORDS.contains(&w.as_str()) || w == "sounds"),
                };
                p.answers = last_client;
                if let Some(c) = last_client {
                    let mut j = c;
                    loop {
                        p.block.push(j);
                        if j == 0 || turns[j - 1].role != Role::Client {
                            break;
                        }
                        j -= 1;
                    }
                    p.block.reverse();
                }
            }
            Role::Other => {}
        }
        out.push(p);
    }
    out
}

static JUDGE_SLOT: std::sync::OnceLock<Option<std::sync::Arc<attune_judge::JudgeModel>>> = std::sync::OnceLock::new();

/// The judge every assessment of this process uses: the built-in one unless [`use_judge_model`] came first.
fn judge() -> Option<&'static attune_judge::JudgeModel> {
    JUDGE_SLOT.get_or_init(|| attune_judge::JudgeModel::bundled().ok()).as_deref()
}

/// Makes every later assessment in this process use `m` (e.g. a model `attune train` just wrote). Returns
/// false when an assessment already ran with the built-in judge, which then stays.
pub fn use_judge_model(m: std::sync::Arc<attune_judge::JudgeModel>) -> bool {
    JUDGE_SLOT.set(Some(m)).is_ok()
}

/// The flag threshold of the built-in judge model.
pub(crate) fn judge_threshold(has_client: bool) -> Option<f32> {
    judge().map(|j| j.threshold(has_client))
}

/// [`prepare`], then the learned judgement of every therapist turn (when `cfg.learned_judge`).
pub(crate) fn prepare_judged<'a>(coded: &'a CodedSession, cfg: &AssessConfig) -> Vec<Prep<'a>> {
    let mut prep = prepare(coded);
    if cfg.learned_judge
        && let Some(judge) = judge() {
            judge_turns(&mut prep, judge, cfg);
        }
    prep
}

fn judge_turns(prep: &mut [Prep], judge: &attune_judge::JudgeModel, cfg: &AssessConfig) {
    for t in 0..prep.len() {
        if prep[t].role != Role::Therapist {
            continue;
        }
        let (client, aff, prior) = judge_context(prep, t, cfg);
        let input = attune_judge::JudgeInput { client: &client, client_affect: aff.as_ref(), prior_attuned: prior, response: prep[t].text, coding: prep[t].coding };
        prep[t].judgement = Some(judge.judge(&input));
    }
}

/// What the judge reads around therapist turn `t`: the client block's text, its most distressed turn's
/// affect, and whether one of the last therapist turns already met the client.
fn judge_context(prep: &[Prep], t: usize, cfg: &AssessConfig) -> (String, Option<Affect>, bool) {
    let client: String = prep[t].block.iter().map(|&c| prep[c].text.trim()).collect::<Vec<_>>().join(" ");
    let aff = prep[t].block.iter().map(|&c| &prep[c].affect).max_by(|a, b| a.distress.total_cmp(&b.distress)).cloned();
    let prior = (0..t).rev().filter(|&j| prep[j].role == Role::Therapist).take(cfg.lookback.max(1)).any(|j| prep[j].attuning);
    (client, aff, prior)
}

/// The features that moved the judgement of therapist turn `t` most (name, push toward misattuned).
pub(crate) fn judge_reasons(prep: &[Prep], t: usize, cfg: &AssessConfig, k: usize) -> Vec<(String, f32)> {
    let Some(judge) = judge() else { return vec![] };
    let (client, aff, prior) = judge_context(prep, t, cfg);
    let input = attune_judge::JudgeInput { client: &client, client_affect: aff.as_ref(), prior_attuned: prior, response: prep[t].text, coding: prep[t].coding };
    judge.reasons(&input, k)
}

/// The most intense client turn of a therapist turn's block, and its affect.
fn block_affect<'p>(prep: &'p [Prep], t: usize) -> Option<(usize, &'p Affect)> {
    let p = &prep[t];
    let mut best: Option<(usize, &Affect)> = None;
    for &c in &p.block {
        let a = &prep[c].affect;
        if best.map(|(_, b)| a.intensity > b.intensity).unwrap_or(true) {
            best = Some((c, a));
        }
    }
    best
}

fn is_negative_emotion(a: &Affect) -> bool {
    !matches!(a.emotion, Emotion::Neutral | Emotion::Joy) || a.valence < -0.3
}

// ============================================================== flags

struct FlagDraft {
    kind: FlagKind,
    turn: usize,
    quote: String,
    explanation: String,
    severity: Severity,
    extra_turns: Vec<usize>,
}

fn severity_for(intensity: f32, threshold: f32, validated: bool) -> Severity {
    if validated {
        Severity::Low
    } else if intensity >= (threshold + 0.25).min(0.9) {
        Severity::High
    } else {
        Severity::Medium
    }
}

/// Does an earlier therapist turn (within `lookback`) reflect or validate this emotion?
fn validated_before(prep: &[Prep], t: usize, emotion: Emotion, block: &[usize], lookback: usize) -> bool {
    let mut seen = 0;
    for j in (0..t).rev() {
        if prep[j].role != Role::Therapist {
            continue;
        }
        seen += 1;
        if seen > lookback {
            break;
        }
        if !prep[j].attuning {
            continue;
        }
        let answered_in_block = prep[j].answers.map(|a| block.contains(&a)).unwrap_or(false);
        let same_emotion = block_affect(prep, j).map(|(_, a)| a.emotion == emotion && emotion != Emotion::Neutral).unwrap_or(false);
        if answered_in_block || same_emotion {
            return true;
        }
    }
    false
}

pub(crate) fn find_flags(coded: &CodedSession, prep: &[Prep], cfg: &AssessConfig) -> Vec<Flag> {
    let mut drafts: Vec<FlagDraft> = Vec::new();
    let thr = cfg.intensity_threshold;
    for (t, p) in prep.iter().enumerate() {
        if p.role != Role::Therapist {
            continue;
        }
        let Some((_, aff)) = block_affect(prep, t) else { continue };
        let emotional = aff.emotion != Emotion::Neutral && aff.intensity > 0.0;
        let distress = emotional && is_negative_emotion(aff);
        let primary = p.coding.map(|c| c.code);

        // -- pathologizing: always a flag
        for (s, n, _) in &p.sents {
            if let Some(ph) = n.first_of(text::PATHOLOGIZE) {
                let mild = ph.contains("feel") || ph.starts_with("no reason");
                drafts.push(FlagDraft {
                    kind: FlagKind::Pathologizing,
                    turn: t,
                    quote: s.to_string(),
                    explanation: format!(
                        "Labels the client's reaction as disorder, irrational or wrong (\"{ph}\") instead of understanding it as a meaningful response."
                    ),
                    severity: if mild { Severity::Medium } else { Severity::High },
                    extra_turns: vec![],
                });
                break;
            }
        }

        // first attuning sentence position (validation before a fix softens it)
        let first_attuning_sent = p.sents.iter().position(|(s, n, c)| {
            c.map(|c| c.is_attuning()).unwrap_or(false)
                || n.first_of(text::VALIDATE_CUE).is_some()
                || (n.first_of(text::REFLECT_CUE).is_some() && !s.ends_with('?'))
        });

        // -- minimizing
        let mut minimized = false;
        let coder_minimize = p.codes.contains(&Code::Minimize);
        for (k, (s, n, c)) in p.sents.iter().enumerate() {
            let lex = n.first_of(text::MINIMIZE);
            let coded_here = c.map(|c| c == Code::Minimize).unwrap_or(false) && n.first_of(text::PATHOLOGIZE).is_none();
            if (lex.is_some() && distress) || coded_here || (coder_minimize && lex.is_some()) {
                let validated = first_attuning_sent.map(|f| f < k).unwrap_or(false);
                drafts.push(FlagDraft {
                    kind: FlagKind::Minimizing,
                    turn: t,
                    quote: s.to_string(),
                    explanation: format!(
                        "Shrinks or dismisses the client's {} ({}).",
                        if emotional { aff.emotion.as_str() } else { "feeling" },
                        lex.map(|l| format!("\"{l}\"")).unwrap_or_else(|| "coded minimize".into())
                    ),
                    severity: if validated { Severity::Low } else { severity_for(aff.intensity, thr, false) },
                    extra_turns: vec![],
                });
                minimized = true;
                break;
            }
        }
        let pathologized = drafts.iter().any(|d| d.turn == t && d.kind == FlagKind::Pathologizing);
        if !minimized && !pathologized && primary == Some(Code::Minimize) {
            drafts.push(FlagDraft {
                kind: FlagKind::Minimizing,
                turn: t,
                quote: p.text.trim().to_string(),
                explanation: "Coded as minimizing: shrinks or dismisses the client's feeling.".into(),
                severity: Severity::Medium,
                extra_turns: vec![],
            });
            minimized = true;
        }

        // -- cheerleading: reassurance over distress
        let mut cheered = false;
        if distress && aff.intensity >= 0.3 {
            for (k, (s, n, c)) in p.sents.iter().enumerate() {
                let lex = n.first_of(text::REASSURE);
                let coded = c.map(|c| c == Code::Reassure).unwrap_or(false)
                    || (p.sents.len() == 1 && primary == Some(Code::Reassure));
                if (lex.is_some() || coded) && !(minimized && n.first_of(text::MINIMIZE).is_some()) {
                    let validated = first_attuning_sent.map(|f| f < k).unwrap_or(false);
                    drafts.push(FlagDraft {
                        kind: FlagKind::Cheerleading,
                        turn: t,
                        quote: s.to_string(),
                        explanation: format!(
                            "Reassures or cheers over the client's {} ({}) rather than staying with it.",
                            aff.emotion.as_str(),
                            lex.map(|l| format!("\"{l}\"")).unwrap_or_else(|| "coded reassure".into())
                        ),
                        severity: severity_for(aff.intensity, thr, validated),
                        extra_turns: vec![],
                    });
                    cheered = true;
                    break;
                }
            }
            if !cheered && primary == Some(Code::Reassure) && !minimized {
                drafts.push(FlagDraft {
                    kind: FlagKind::Cheerleading,
                    turn: t,
                    quote: p.text.trim().to_string(),
                    explanation: format!("Coded as reassurance over the client's {}.", aff.emotion.as_str()),
                    severity: severity_for(aff.intensity, thr, first_attuning_sent.is_some()),
                    extra_turns: vec![],
                });
                cheered = true;
            }
        }

        // -- premature fixing
        if emotional && aff.intensity >= thr && is_negative_emotion(aff) {
            // the fixing sentence: a coded fixing sentence, lexical advice, or the whole turn when the primary code fixes
            let mut fix_at: Option<(usize, String, &'static str)> = None;
            for (k, (s, n, c)) in p.sents.iter().enumerate() {
                if let Some(c) = c.filter(|c| c.is_fixing() && !(cheered && *c == Code::Reassure)) {
                    fix_at = Some((k, s.to_string(), c.as_str()));
                    break;
                }
                if primary.map(|c| !c.is_reflection()).unwrap_or(true) && n.first_of(text::ADVISE).is_some() {
                    fix_at = Some((k, s.to_string(), "advise"));
                    break;
                }
            }
            if fix_at.is_none()
                && let Some(c) = primary.filter(|c| c.is_fixing() && !(cheered && *c == Code::Reassure)) {
                    let k = p.sents.iter().position(|(_, n, _)| n.first_of(text::ADVISE).is_some()).unwrap_or(0);
                    let q = p.sents.get(k).map(|x| x.0.to_string()).unwrap_or_else(|| p.text.trim().to_string());
                    fix_at = Some((if first_attuning_sent == Some(0) { p.sents.len() } else { k }, q, c.as_str()));
                }
            if let Some((k, quote, what)) = fix_at {
                let validated_here = first_attuning_sent.map(|f| f < k).unwrap_or(false);
                let block = p.block.clone();
                let validated = validated_here || validated_before(prep, t, aff.emotion, &block, cfg.lookback);
                if !validated {
                    drafts.push(FlagDraft {
                        kind: FlagKind::PrematureFixing,
                        turn: t,
                        quote,
                        explanation: format!(
                            "Moves to fix ({what}) while the client's {} is intense ({:.2} ≥ {:.2}) and none of the last {} therapist turns reflected or validated it.",
                            aff.emotion.as_str(),
                            aff.intensity,
                            thr,
                            cfg.lookback
                        ),
                        severity: severity_for(aff.intensity, thr, false),
                        extra_turns: vec![],
                    });
                }
            }
        }

        // -- changing the subject (only the first reply to a client block)
        let already = drafts.iter().any(|d| d.turn == t);
        let first_reply = t > 0 && prep[t - 1].role == Role::Client;
        if distress && aff.intensity >= 0.3 && !p.attuning && p.words >= 4 && !already && first_reply {
            let shift_marker = p.sents.iter().find_map(|(_, n, _)| {
                TOPIC_SHIFT_T.iter().copied().find(|m| n.starts_with_any(&[m]))
            });
            // the client's content words over this block and the one before it
            let mut ctx: Vec<usize> = p.block.clone();
            if let Some(&first) = p.block.first()
                && let Some(prev_t) = (0..first).rev().find(|&j| prep[j].role == Role::Therapist) {
                    ctx.extend(prep[prev_t].block.iter().copied());
                }
            let client_stems: Vec<&String> = ctx.iter().flat_map(|&c| prep[c].stems.iter()).collect();
            let overlap = p.stems.iter().any(|s| client_stems.contains(&s));
            let back_ref = p.norm.words.iter().take(8).any(|w| BACK_REFERENCE.contains(&w.as_str()));
            let feeling_word = p.norm.words.iter().any(|w| FEELING_WORDS.contains(&w.as_str()));
            let new_content = p.stems.iter().filter(|s| !client_stems.contains(s)).count();
            let opens = p.text.trim_end().ends_with('?')
                || p.codes.iter().any(|c| c.is_question() || c.is_fixing())
                || p.norm.first_of(text::ADVISE).is_some();
            if shift_marker.is_some() || (!overlap && !back_ref && !feeling_word && new_content >= 3 && opens) {
                drafts.push(FlagDraft {
                    kind: FlagKind::SubjectChange,
                    turn: t,
                    quote: p.text.trim().to_string(),
                    explanation: match shift_marker {
                        Some(m) => format!("Opens a new topic (\"{m}\") right after the client expressed {}.", aff.emotion.as_str()),
                        None => format!(
                            "Takes up none of the client's words or {} and opens a new topic.",
                            aff.emotion.as_str()
                        ),
                    },
                    severity: if shift_marker.is_some() && aff.intensity >= thr { Severity::Medium } else { Severity::Low },
                    extra_turns: vec![],
                });
            }
        }
    }

    // -- the learned judgement gates the phrase rules and flags what they miss
    for (t, p) in prep.iter().enumerate() {
        let Some(j) = &p.judgement else { continue };
        const RULED: [FlagKind; 4] = [FlagKind::PrematureFixing, FlagKind::Minimizing, FlagKind::Cheerleading, FlagKind::SubjectChange];
        if j.p_misattuned < judge_threshold(!p.block.is_empty()).unwrap_or(0.5) - cfg.rule_margin {
            drafts.retain(|d| !(d.turn == t && RULED.contains(&d.kind)));
        }
        if j.flagged && !drafts.iter().any(|d| d.turn == t) {
            drafts.push(learned_draft(t, p, j));
        }
    }

    // -- detached: a run of emotional client turns met only with facts or closed questions
    let mut run: Vec<usize> = Vec::new();
    let flush = |run: &mut Vec<usize>, drafts: &mut Vec<FlagDraft>| {
        if run.len() >= cfg.detached_run.max(1) {
            let last = *run.last().unwrap();
            let mut extra: Vec<usize> = Vec::new();
            for &t in run.iter() {
                extra.extend(prep[t].block.iter().copied());
                extra.push(t);
            }
            drafts.push(FlagDraft {
                kind: FlagKind::Detached,
                turn: last,
                quote: prep[last].text.trim().to_string(),
                explanation: format!(
                    "{} client turns in a row expressed emotion and were met only with facts or closed questions.",
                    run.len()
                ),
                severity: if run.len() > cfg.detached_run + 1 { Severity::High } else { Severity::Medium },
                extra_turns: extra,
            });
        }
        run.clear();
    };
    for (t, p) in prep.iter().enumerate() {
        if p.role != Role::Therapist {
            continue;
        }
        let Some((_, aff)) = block_affect(prep, t) else { continue };
        // consecutive therapist turns answering the same block count once
        if let Some(&prev) = run.last()
            && prep[prev].answers == p.answers {
                let detached_kind = !p.attuning && matches!(p.coding.map(|c| c.code), Some(Code::Inform) | Some(Code::QuestionClosed));
                let facilitator = p.coding.map(|c| c.code == Code::Other).unwrap_or(false) && p.words <= 3;
                if !(detached_kind || facilitator) {
                    run.clear();
                }
                continue;
            }
        let emotional = aff.emotion != Emotion::Neutral && aff.intensity >= 0.3 && is_negative_emotion(aff);
        let code = p.coding.map(|c| c.code);
        let facts = matches!(code, Some(Code::Inform))
            || matches!(code, Some(Code::QuestionClosed))
            || (matches!(code, Some(Code::QuestionOpen)) && is_closed_question(&p.norm, p.text) && p.coding.map(|c| c.confidence < 0.6).unwrap_or(true));
        if emotional && facts && !p.attuning {
            run.push(t);
        } else {
            flush(&mut run, &mut drafts);
        }
    }
    flush(&mut run, &mut drafts);

    // -- interrupting and over-talking (need times)
    let turns = &coded.session.turns;
    let (t_time, c_time) = talk_times(prep, true);
    let share_time = if t_time + c_time > 0.0 { Some(t_time / (t_time + c_time)) } else { None };
    for (t, p) in prep.iter().enumerate() {
        if p.role != Role::Therapist {
            continue;
        }
        if let (Some(s), Some(prev)) = (p.start, (0..t).rev().find(|&j| prep[j].role == Role::Client))
            && let Some(pe) = turns[prev].end
                && prev + 1 == t && pe - s >= cfg.overlap_min_s && turns[prev].start.map(|ps| ps < s).unwrap_or(true) {
                    drafts.push(FlagDraft {
                        kind: FlagKind::Interrupting,
                        turn: t,
                        quote: p.text.trim().to_string(),
                        explanation: format!("Starts {:.1} s before the client finished.", pe - s),
                        severity: if pe - s > 2.0 { Severity::Medium } else { Severity::Low },
                        extra_turns: vec![prev],
                    });
                }
        if let (Some(share), Some(d)) = (share_time, turns[t].duration())
            && share > cfg.talk_share_high && d >= cfg.long_turn_s {
                drafts.push(FlagDraft {
                    kind: FlagKind::OverTalking,
                    turn: t,
                    quote: first_words(p.text, 40),
                    explanation: format!(
                        "A {d:.0} s therapist turn while the therapist holds {:.0} % of the talk time (over {:.0} %).",
                        share * 100.0,
                        cfg.talk_share_high * 100.0
                    ),
                    severity: Severity::Low,
                    extra_turns: vec![],
                });
            }
    }

    drafts.sort_by_key(|d| (d.turn, d.kind));
    drafts.dedup_by_key(|d| (d.turn, d.kind));
    drafts
        .into_iter()
        .map(|d| {
            let p = &prep[d.turn];
            let answered = p.answers;
            let (ctext, caff) = match block_affect(prep, d.turn) {
                Some((c, a)) => (prep[c].text, a.clone()),
                None => ("", Affect::neutral()),
            };
            // the alternative quotes the most emotional client turn of the block; fall back to the last one
            let ctext = if ctext.trim().is_empty() { answered.map(|a| prep[a].text).unwrap_or("") } else { ctext };
            let mut turns = vec![d.turn];
            if let Some(a) = answered {
                turns.push(a);
            }
            turns.extend(d.extra_turns);
            turns.sort_unstable();
            turns.dedup();
            Flag {
                kind: d.kind,
                turn: d.turn,
                answers: answered,
                time: p.start,
                quote: d.quote,
                explanation: d.explanation,
                alternative: alternative(d.kind, ctext, &caff),
                severity: d.severity,
                turns,
            }
        })
        .collect()
}

/// A flag the phrase rules did not raise but the learned judgement does: its kind is the judge's likeliest, its
/// quote the first sentence that does not reflect or validate.
fn learned_draft(t: usize, p: &Prep, j: &attune_judge::Judgement) -> FlagDraft {
    let quote = p
        .sents
        .iter()
        .find(|(s, n, _)| n.first_of(text::VALIDATE_CUE).is_none() && (n.first_of(text::REFLECT_CUE).is_none() || s.ends_with('?')))
        .map(|(s, _, _)| first_words(s, 40))
        .unwrap_or_else(|| first_words(p.text.trim(), 40));
    let severity = if j.p_misattuned >= 0.85 {
        Severity::High
    } else if j.p_misattuned >= 0.65 {
        Severity::Medium
    } else {
        Severity::Low
    };
    FlagDraft {
        kind: FlagKind::from_mis(j.kind),
        turn: t,
        quote,
        explanation: format!(
            "Judged misattuned to this client (probability {:.2}): most like {} — it {}.",
            j.p_misattuned,
            j.kind.as_str().replace('_', " "),
            j.kind.describe()
        ),
        severity,
        extra_turns: vec![],
    }
}

fn first_words(s: &str, n: usize) -> String {
    let w: Vec<&str> = s.split_whitespace().collect();
    if w.len() <= n { w.join(" ") } else { format!("{} …", w[..n].join(" ")) }
}

// ============================================================== client markers (3RS)

pub(crate) fn find_markers(prep: &[Prep], chat: bool) -> Vec<ClientMarker> {
    let mut out = Vec::new();
    for (i, p) in prep.iter().enumerate() {
        if p.role != Role::Client {
            continue;
        }
        let Some(tp) = (0..i).rev().find(|&j| prep[j].role == Role::Therapist) else { continue };
        let th = &prep[tp];
        let th_question = th.text.trim_end().ends_with('?');
        let th_fixing = th.codes.iter().any(|c| c.is_fixing()) || th.norm.first_of(text::ADVISE).is_some();
        let n = &p.norm;
        let mut push = |sub: MarkerSubtype, quote: &str| {
            out.push(ClientMarker { turn: i, kind: sub.kind(), subtype: sub, quote: quote.to_string(), time: p.start });
        };
        let quote = p.text.trim();
        // confrontation
        if n.first_of(text::COMPLAINT).is_some() {
            push(MarkerSubtype::Complaint, quote);
            continue;
        }
        if let Some(ph) = n.first_of(text::REJECTING) {
            let positive = n.first_of(&["helped", "helps", "good idea", "great idea", "thank", "thanks", "i will", "i'll try", "worked"]).is_some();
            if (th_fixing || !matches!(ph, "yeah but" | "yes but")) && !positive {
                push(MarkerSubtype::RejectingIntervention, quote);
                continue;
            }
        }
        if n.first_of(text::PUSHBACK).is_some() && !(th_question && n.len() <= 5) {
            push(MarkerSubtype::PushingBack, quote);
            continue;
        }
        // withdrawal
        let recent_neg = (0..i)
            .rev()
            .filter(|&j| prep[j].role == Role::Client)
            .take(4)
            .any(|j| is_negative_emotion(&prep[j].affect) && prep[j].affect.emotion != Emotion::Neutral);
        if n.len() <= 12 && n.first_of(text::DENIAL).is_some() && (recent_neg || (th.attuning && i >= 3)) {
            push(MarkerSubtype::Denial, quote);
            continue;
        }
        if n.starts_with_any(&["anyway", "anyways", "moving on", "never mind", "nevermind", "forget it"])
            || n.first_of(CLIENT_SHIFT).is_some()
        {
            push(MarkerSubtype::TopicShift, quote);
            continue;
        }
        if n.len() <= 10 && n.first_of(text::DEFERENTIAL).is_some() {
            push(MarkerSubtype::DeferentialAgreement, quote);
            continue;
        }
        if n.first_of(text::HEAVY_CONTENT).is_some() && n.first_of(text::SPLIT_AFFECT).is_some() {
            push(MarkerSubtype::ContentAffectSplit, quote);
            continue;
        }
        if n.len() >= 15
            && !n.words.iter().any(|w| text::FIRST_PERSON.contains(&w.as_str()))
            && n.words.iter().filter(|w| matches!(w.as_str(), "people" | "everyone" | "everybody" | "anyone" | "one" | "society" | "generally")).count() >= 2
            && (th.attuning || th.norm.words.iter().any(|w| FEELING_WORDS.contains(&w.as_str())))
        {
            push(MarkerSubtype::AbstractTalk, quote);
            continue;
        }
        if chat {
            // in writing there are no back-channels: a bare "ok" to a real message is a minimal response
            if n.len() <= 3 && th.words >= 8 && is_minimal(n) {
                push(MarkerSubtype::MinimalResponse, quote);
            }
        } else if n.len() <= 4 && th.words >= 15 && is_minimal(n) {
            let prev: Vec<usize> = (0..i).rev().filter(|&j| prep[j].role == Role::Client).take(3).map(|j| prep[j].words).collect();
            if !prev.is_empty() && prev.iter().sum::<usize>() as f64 / prev.len() as f64 >= 8.0 {
                push(MarkerSubtype::MinimalResponse, quote);
            }
        }
    }
    out
}

fn is_minimal(n: &Norm) -> bool {
    // every word belongs to a minimal-response phrase
    let joined = n.words.join(" ");
    if text::MINIMAL.contains(&joined.as_str()) {
        return true;
    }
    n.words.iter().all(|w| {
        matches!(
            w.as_str(),
            "yeah" | "yes" | "yep" | "ok" | "okay" | "sure" | "fine" | "maybe" | "i" | "guess" | "don't" | "know"
                | "dunno" | "mm" | "mhm" | "hmm" | "whatever" | "suppose" | "not" | "really" | "no" | "nope" | "uh" | "huh" | "um"
        )
    })
}

const STRONG: &[MarkerSubtype] = &[
    MarkerSubtype::Denial,
    MarkerSubtype::TopicShift,
    MarkerSubtype::DeferentialAgreement,
    MarkerSubtype::ContentAffectSplit,
    MarkerSubtype::AbstractTalk,
];

pub(crate) fn find_ruptures(prep: &[Prep], markers: &[ClientMarker], flags: &[Flag], cfg: &AssessConfig) -> Vec<Rupture> {
    // group markers whose turns are close (≤ 3 turns apart)
    let mut groups: Vec<Vec<&ClientMarker>> = Vec::new();
    for m in markers {
        match groups.last_mut() {
            Some(g) if m.turn - g.last().unwrap().turn <= 3 => g.push(m),
            _ => groups.push(vec![m]),
        }
    }
    let mut out = Vec::new();
    for g in groups {
        let start = g[0].turn;
        let end = g.last().unwrap().turn;
        let prev_t = (0..start).rev().find(|&j| prep[j].role == Role::Therapist);
        let flag_idx = prev_t.and_then(|pt| {
            flags
                .iter()
                .enumerate()
                .filter(|(_, f)| f.turn == pt || (f.kind == FlagKind::Detached && f.turns.contains(&pt)))
                .max_by(|a, b| a.1.severity.cmp(&b.1.severity))
                .map(|(k, _)| k)
        });
        let confrontation = g.iter().any(|m| m.kind == MarkerKind::Confrontation);
        let strong = g.iter().any(|m| STRONG.contains(&m.subtype));
        let minimal = g.iter().filter(|m| m.subtype == MarkerSubtype::MinimalResponse).count();
        if !(confrontation || strong || minimal >= 2 || (minimal >= 1 && flag_idx.is_some())) {
            continue;
        }
        // repair: a therapist turn after the start that acknowledges, clarifies, invites or validates,
        // followed by client re-engagement
        let mut attempts = Vec::new();
        let mut repair = None;
        let marker_words: f64 = g.iter().map(|m| prep[m.turn].words as f64).sum::<f64>() / g.len() as f64;
        let mut seen = 0;
        for t in start + 1..prep.len() {
            if prep[t].role != Role::Therapist {
                continue;
            }
            seen += 1;
            if seen > cfg.repair_window + (end - start) / 2 {
                break;
            }
            let n = &prep[t].norm;
            let strategy = if n.has("sorry to hear") || n.has("sorry that you") || n.has("sorry you") {
                Some(RepairStrategy::ValidateStance)
            } else if n.first_of(text::REPAIR_ACK).is_some() {
                Some(RepairStrategy::Acknowledge)
            } else if n.first_of(text::REPAIR_INVITE).is_some() {
                Some(RepairStrategy::InviteNegative)
            } else if n.first_of(text::REPAIR_CLARIFY).is_some() {
                Some(RepairStrategy::Clarify)
            } else if prep[t].attuning {
                Some(RepairStrategy::ValidateStance)
            } else {
                None
            };
            let Some(strategy) = strategy else { continue };
            // a reply the judge flags as defending or arguing is no repair attempt (DESIGN.md § repair)
            if prep[t].judgement.as_ref().is_some_and(|j| j.flagged && j.kind == attune_judge::MisKind::Confronting) {
                continue;
            }
            attempts.push(t);
            // re-engagement: one of the next two client turns, without a new marker, longer or with feeling
            let next: Vec<usize> = (t + 1..prep.len()).filter(|&j| prep[j].role == Role::Client).take(2).collect();
            if let Some(&c) = next.iter().find(|&&c| {
                let marked = markers.iter().any(|m| m.turn == c);
                let a = &prep[c];
                !marked
                    && ((a.words as f64) >= (marker_words * 1.5).max(8.0)
                        || (!a.affect.cues.is_empty() && a.words >= 4)
                        // the client model reads it as opening up again: disclosing, or naming distress
                        || (a.words >= 6 && (a.affect.act == attune_core::ClientAct::Disclosing || a.affect.distress >= 0.5)))
            }) {
                repair = Some(Repair { therapist_turn: t, client_turn: c, strategy, quote: prep[t].text.trim().to_string() });
                break;
            }
        }
        let mut turns: Vec<usize> = (start..=end).collect();
        turns.extend(attempts.iter().copied());
        if let Some(r) = &repair {
            turns.push(r.client_turn);
        }
        if let Some(pt) = prev_t {
            turns.push(pt);
        }
        turns.sort_unstable();
        turns.dedup();
        out.push(Rupture {
            start,
            end,
            time: prep[start].start,
            markers: g.into_iter().cloned().collect(),
            preceded_by_flag: flag_idx,
            preceding_flag_kind: flag_idx.map(|k| flags[k].kind),
            repair_attempts: attempts,
            repair,
            turns,
        });
    }
    out
}

// ============================================================== MITI summary scores

fn band(v: Option<f64>, th: &Threshold) -> Band {
    match v {
        None => Band::NotApplicable,
        Some(x) if x >= th.good => Band::Good,
        Some(x) if x >= th.fair => Band::Fair,
        Some(_) => Band::BelowFair,
    }
}

pub(crate) fn miti_scores(prep: &[Prep], cfg: &AssessConfig) -> Scores {
    let mut refl = vec![];
    let mut cr = vec![];
    let mut q = vec![];
    let mut adh = vec![];
    let mut non = vec![];
    for (t, p) in prep.iter().enumerate() {
        let Some(c) = p.coding else { continue };
        let codes = &p.codes;
        if codes.iter().any(|c| c.is_reflection()) {
            refl.push(t);
            if codes.contains(&Code::ReflectionComplex) {
                cr.push(t);
            }
        }
        if codes.iter().any(|c| c.is_question()) {
            q.push(t);
        }
        let persuade = codes.contains(&Code::Advise) && !c.permission;
        let collab = codes.iter().any(|c| matches!(c, Code::Advise | Code::Inform)) && c.permission;
        if codes.iter().any(|c| matches!(c, Code::Affirm | Code::Autonomy)) || collab {
            adh.push(t);
        }
        if codes.contains(&Code::Confront) || persuade {
            non.push(t);
        }
    }
    let rq_v = if q.is_empty() { None } else { Some(refl.len() as f64 / q.len() as f64) };
    let pcr_v = if refl.is_empty() { None } else { Some(100.0 * cr.len() as f64 / refl.len() as f64) };
    let rq_th = cfg.miti.rq();
    let pcr_th = cfg.miti.pct_cr();
    let mut rq_turns = refl.clone();
    rq_turns.extend(q.iter().copied());
    rq_turns.sort_unstable();
    rq_turns.dedup();
    Scores {
        manual: cfg.miti.source.clone(),
        reflections: Count { value: refl.len(), definition: "therapist turns holding a simple or complex reflection".into(), turns: refl.clone() },
        complex_reflections: Count { value: cr.len(), definition: "therapist turns holding a complex reflection".into(), turns: cr.clone() },
        questions: Count { value: q.len(), definition: "therapist turns holding an open or closed question".into(), turns: q.clone() },
        reflection_to_question: Metric {
            value: rq_v,
            band: band(rq_v, &rq_th),
            threshold: Some(rq_th),
            formula: "R:Q = reflections / questions".into(),
            turns: rq_turns,
        },
        percent_complex_reflections: Metric {
            value: pcr_v,
            band: band(pcr_v, &pcr_th),
            threshold: Some(pcr_th),
            formula: "%CR = 100 × complex reflections / all reflections".into(),
            turns: refl,
        },
        mi_adherent: Count {
            value: adh.len(),
            definition: "affirm + emphasize autonomy/seek collaboration + advice or information with permission".into(),
            turns: adh,
        },
        mi_non_adherent: Count { value: non.len(), definition: "confront + persuade (advice without permission)".into(), turns: non },
    }
}

// ============================================================== pacing

/// Summed talk time of therapist and client; `real_only` uses end − start only, else fills missing ends from
/// the next turn's start (capped at 120 s).
fn talk_times(prep: &[Prep], real_only: bool) -> (f64, f64) {
    let mut t = 0.0;
    let mut c = 0.0;
    for (i, p) in prep.iter().enumerate() {
        let d = match (p.start, p.end) {
            (Some(s), Some(e)) if e >= s => Some(e - s),
            (Some(s), None) if !real_only => prep.get(i + 1).and_then(|n| n.start).filter(|&ns| ns >= s).map(|ns| (ns - s).min(120.0)),
            _ => None,
        };
        if let Some(d) = d {
            match p.role {
                Role::Therapist => t += d,
                Role::Client => c += d,
                Role::Other => {}
            }
        }
    }
    (t, c)
}

pub(crate) fn pacing(prep: &[Prep], cfg: &AssessConfig) -> Pacing {
    let mut tw = 0usize;
    let mut cw = 0usize;
    let mut tn = 0usize;
    let mut cn = 0usize;
    let mut t_turns = vec![];
    let mut all = vec![];
    for (i, p) in prep.iter().enumerate() {
        match p.role {
            Role::Therapist => {
                tw += p.words;
                tn += 1;
                t_turns.push(i);
                all.push(i);
            }
            Role::Client => {
                cw += p.words;
                cn += 1;
                all.push(i);
            }
            Role::Other => {}
        }
    }
    let share_w = if tw + cw > 0 { Some(tw as f64 / (tw + cw) as f64) } else { None };
    let ratio = if tn > 0 && cn > 0 && cw > 0 { Some((tw as f64 / tn as f64) / (cw as f64 / cn as f64)) } else { None };
    let (rt, rc) = talk_times(prep, true);
    let (et, ec) = talk_times(prep, false);
    let (share_t, share_formula) = if rt + rc > 0.0 {
        (Some(rt / (rt + rc)), "therapist seconds / (therapist + client seconds), from start and end times")
    } else if et + ec > 0.0 {
        (Some(et / (et + ec)), "therapist seconds / (therapist + client seconds); durations estimated from the next turn's start (no end times)")
    } else {
        (None, "needs turn times")
    };
    // latency after disclosures
    let mut lat = vec![];
    let mut lat_turns = vec![];
    for (i, p) in prep.iter().enumerate() {
        if p.role != Role::Client || p.affect.emotion == Emotion::Neutral || p.affect.intensity < cfg.intensity_threshold {
            continue;
        }
        if let (Some(e), Some(n)) = (p.end, prep.get(i + 1))
            && n.role == Role::Therapist
                && let Some(s) = n.start {
                    lat.push(s - e);
                    lat_turns.push(i);
                    lat_turns.push(i + 1);
                }
    }
    let latency = if lat.is_empty() { None } else { Some(lat.iter().sum::<f64>() / lat.len() as f64) };
    // speaking rate
    let rate = |role: Role| -> (Option<f64>, Vec<usize>) {
        let mut w = 0usize;
        let mut d = 0.0;
        let mut ts = vec![];
        for (i, p) in prep.iter().enumerate() {
            if p.role != role {
                continue;
            }
            if let (Some(s), Some(e)) = (p.start, p.end)
                && e - s >= 0.5 {
                    w += p.words;
                    d += e - s;
                    ts.push(i);
                }
        }
        if d > 0.0 { (Some(w as f64 / (d / 60.0)), ts) } else { (None, ts) }
    };
    let (rt_wpm, rt_turns) = rate(Role::Therapist);
    let (rc_wpm, rc_turns) = rate(Role::Client);
    let rate_match = match (rt_wpm, rc_wpm) {
        (Some(a), Some(b)) if a + b > 0.0 => Some(1.0 - (a - b).abs() / (a + b)),
        _ => None,
    };
    let mut both_rate = rt_turns.clone();
    both_rate.extend(rc_turns.iter().copied());
    both_rate.sort_unstable();
    // overlaps
    let mut overlaps = vec![];
    for i in 1..prep.len() {
        let (a, b) = (&prep[i - 1], &prep[i]);
        if a.role == b.role {
            continue;
        }
        if let (Some(ae), Some(bs)) = (a.end, b.start)
            && ae - bs >= cfg.overlap_min_s {
                overlaps.push(Overlap { turn: i, overlapped: i - 1, role: b.role, seconds: ae - bs });
            }
    }
    Pacing {
        talk_share_words: Measure { value: share_w, formula: "therapist words / (therapist + client words)".into(), turns: all.clone() },
        talk_share_time: Measure { value: share_t, formula: share_formula.into(), turns: if share_t.is_some() { all.clone() } else { vec![] } },
        turn_length_ratio: Measure {
            value: ratio,
            formula: "mean therapist words per turn / mean client words per turn".into(),
            turns: all,
        },
        latency_after_disclosures: Measure {
            value: latency,
            formula: format!(
                "mean seconds from the end of a client turn with emotional intensity ≥ {:.2} to the start of the therapist's reply (needs end times)",
                cfg.intensity_threshold
            ),
            turns: lat_turns,
        },
        speaking_rate_wpm_therapist: Measure { value: rt_wpm, formula: "therapist words / therapist minutes (turns with start and end)".into(), turns: rt_turns },
        speaking_rate_wpm_client: Measure { value: rc_wpm, formula: "client words / client minutes (turns with start and end)".into(), turns: rc_turns },
        speaking_rate_match: Measure { value: rate_match, formula: "1 − |wpm_t − wpm_c| / (wpm_t + wpm_c)".into(), turns: both_rate },
        overlaps,
    }
}

// ============================================================== style matching

pub(crate) fn style(prep: &[Prep]) -> StyleMatching {
    let mut tp = Profile::default();
    let mut cp = Profile::default();
    for p in prep {
        match p.role {
            Role::Therapist => tp.add(&p.profile),
            Role::Client => cp.add(&p.profile),
            Role::Other => {}
        }
    }
    let overall = lsm(&tp, &cp);
    let categories = CATEGORIES
        .iter()
        .enumerate()
        .map(|(c, name)| CategoryLsm {
            category: name.to_string(),
            therapist: tp.share(c),
            client: cp.share(c),
            lsm: overall.map(|(_, per)| per[c]).unwrap_or(0.0),
        })
        .collect();
    let mut rlsm = vec![];
    let (mut st, mut nt, mut sc, mut nc) = (0.0, 0, 0.0, 0);
    for (i, p) in prep.iter().enumerate() {
        if p.role == Role::Other || p.words == 0 {
            continue;
        }
        let other = match p.role {
            Role::Therapist => Role::Client,
            _ => Role::Therapist,
        };
        // the other speaker's nearest preceding (non-empty) turn
        let Some(j) = (0..i).rev().find(|&j| prep[j].role == other && prep[j].words > 0) else { continue };
        if let Some((v, _)) = lsm(&p.profile, &prep[j].profile) {
            rlsm.push(RlsmPoint { turn: i, previous: j, role: p.role, value: v });
            if p.role == Role::Therapist {
                st += v;
                nt += 1;
            } else {
                sc += v;
                nc += 1;
            }
        }
    }
    StyleMatching {
        lsm: overall.map(|(m, _)| m),
        categories,
        rlsm,
        rlsm_therapist: (nt > 0).then(|| st / nt as f64),
        rlsm_client: (nc > 0).then(|| sc / nc as f64),
        formula: "LSM_c = 1 − |p_t − p_c| / (p_t + p_c + 0.0001), p = category share of a speaker's words; LSM = mean over 9 categories (Ireland & Pennebaker 2010). rLSM: the same per turn against the other speaker's preceding turn (Müller-Frommeyer et al. 2019).".into(),
    }
}

// ============================================================== per-turn rows

pub(crate) fn per_turn(coded: &CodedSession, prep: &[Prep], flags: &[Flag], markers: &[ClientMarker], st: &StyleMatching) -> Vec<TurnRow> {
    let mut rows: Vec<TurnRow> = prep
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let t = &coded.session.turns[i];
            let client = p.role == Role::Client;
            TurnRow {
                turn: i,
                role: p.role,
                speaker: t.speaker.clone(),
                start: t.start,
                end: t.end,
                words: p.words,
                code: p.coding.map(|c| c.code),
                confidence: p.coding.map(|c| c.confidence),
                feeling: p.coding.map(|c| c.feeling),
                empathy: p.coding.map(|c| c.empathy),
                emotion: client.then_some(p.affect.emotion),
                intensity: client.then_some(p.affect.intensity),
                valence: client.then_some(p.affect.valence),
                flags: vec![],
                markers: vec![],
                rlsm: None,
            }
        })
        .collect();
    for f in flags {
        rows[f.turn].flags.push(f.kind);
    }
    for m in markers {
        rows[m.turn].markers.push(m.subtype);
    }
    for r in &st.rlsm {
        rows[r.turn].rlsm = Some(r.value);
    }
    rows
}
