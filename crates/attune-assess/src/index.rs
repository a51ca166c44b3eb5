//! The attunement index: sub-scores 0..100 and their weighted mean.
use crate::assess::Prep;
use crate::config::AssessConfig;
use crate::text;
use crate::types::*;
use attune_core::{Code, Emotion, Role};

pub(crate) const NAMES: [&str; 7] = [
    "reflective_listening",
    "emotional_responsiveness",
    "fix_orientation",
    "pacing",
    "rupture_repair",
    "style_matching",
    "synchrony",
];

fn clamp01(x: f64) -> f64 {
    x.clamp(0.0, 1.0)
}

/// Is therapist turn `t` a question (coded, or ending in "?")?
fn is_question(p: &Prep) -> bool {
    p.codes.iter().any(|c| c.is_question()) || p.text.trim_end().ends_with('?')
}

fn mean(parts: &[Part]) -> Option<f64> {
    if parts.is_empty() { None } else { Some(100.0 * parts.iter().map(|p| p.value).sum::<f64>() / parts.len() as f64) }
}

fn part(name: &str, value: f64) -> Part {
    Part { name: name.into(), value: clamp01(value) }
}

/// A sub-score whose value is the mean of its parts, with its turns in order and without repeats.
fn sub(name: &str, weight: f64, mut turns: Vec<usize>, explanation: String, parts: Vec<Part>) -> SubScore {
    turns.sort_unstable();
    turns.dedup();
    SubScore { name: name.into(), value: mean(&parts), weight, turns, explanation, parts }
}

fn describe(parts: &[Part]) -> String {
    parts.iter().map(|p| format!("{} {:.2}", p.name, p.value)).collect::<Vec<_>>().join(", ")
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn subscores(
    prep: &[Prep],
    flags: &[Flag],
    ruptures: &[Rupture],
    pacing: &Pacing,
    style: &StyleMatching,
    chat: bool,
    cfg: &AssessConfig,
) -> Vec<SubScore> {
    let therapist: Vec<usize> = (0..prep.len()).filter(|&i| prep[i].role == Role::Therapist).collect();
    // content-bearing therapist turns (facilitators like "mm-hmm" excluded)
    let content: Vec<usize> = therapist.iter().copied().filter(|&t| prep[t].words >= 3).collect();
    let clients: Vec<usize> = (0..prep.len()).filter(|&i| prep[i].role == Role::Client).collect();
    let nc = content.len();
    let w = &cfg.weights;
    let mut out = Vec::with_capacity(7);

    // ---- reflective listening: reflection share and R/(R+Q)
    {
        let refl: Vec<usize> = therapist.iter().copied().filter(|&t| prep[t].reflective).collect();
        let q = therapist.iter().filter(|&&t| !prep[t].reflective && is_question(&prep[t])).count();
        let mut parts = vec![];
        if nc > 0 {
            parts.push(part("reflection_share", refl.len() as f64 / nc as f64 / 0.6));
            let complex = refl.iter().filter(|&&t| prep[t].codes.contains(&Code::ReflectionComplex)).count();
            parts.push(part("complex_reflection_share", complex as f64 / nc as f64 / 0.3));
            if refl.len() + q > 0 {
                parts.push(part("reflections_per_reflection_or_question", refl.len() as f64 / (refl.len() + q) as f64));
            }
        }
        if chat {
            // in writing, taking up the seeker's own words is the visible form of listening
            let mut up_n = 0;
            let mut up_d = 0;
            for &t in &therapist {
                let first_reply = t > 0 && prep[t - 1].role == Role::Client;
                let block: Vec<&String> = prep[t].block.iter().flat_map(|&c| prep[c].stems.iter()).collect();
                if !first_reply || block.len() < 2 || prep[t].words < 3 {
                    continue;
                }
                up_d += 1;
                if prep[t].stems.iter().any(|s| block.contains(&s)) {
                    up_n += 1;
                }
            }
            if up_d > 0 {
                parts.push(part("uptake", up_n as f64 / up_d as f64 / 0.8));
            }
        }
        out.push(sub(NAMES[0], w.reflective_listening, refl.clone(), format!(
                "mean of min(1, reflections / content therapist turns ÷ 0.6), min(1, complex reflections / content turns ÷ 0.3), R/(R+Q) and, in chat, min(1, first replies reusing a client content word ÷ 0.8): {} reflections, {} questions, {} content turns — {}",
                refl.len(),
                q,
                nc,
                describe(&parts)
            ), parts));
    }

    // ---- emotional responsiveness: emotion peaks met within one turn; feeling talk
    {
        let peaks: Vec<usize> = clients
            .iter()
            .copied()
            .filter(|&c| {
                let a = &prep[c].affect;
                a.emotion != Emotion::Neutral && a.intensity >= cfg.intensity_threshold.min(0.4)
            })
            .collect();
        let mut met = 0;
        let mut turns = vec![];
        for &c in &peaks {
            let reply = (c + 1..prep.len()).find(|&j| prep[j].role == Role::Therapist);
            turns.push(c);
            if let Some(r) = reply {
                turns.push(r);
                let next = (r + 1..prep.len()).find(|&j| prep[j].role == Role::Therapist && j <= r + 2);
                let meets = |j: usize| prep[j].reflective || prep[j].feeling_talk || prep[j].attuning && !prep[j].codes.iter().any(|c| c.is_fixing());
                if meets(r) || next.map(meets).unwrap_or(false) {
                    met += 1;
                }
            }
        }
        let feel: Vec<usize> = content.iter().copied().filter(|&t| prep[t].feeling_talk).collect();
        let mut parts = vec![];
        if !peaks.is_empty() {
            parts.push(part("peaks_met", met as f64 / peaks.len() as f64));
        }
        if nc > 0 {
            parts.push(part("feeling_talk", feel.len() as f64 / nc as f64 / 0.3));
        }
        turns.extend(feel.iter().copied());
        out.push(sub(NAMES[1], w.emotional_responsiveness, turns, format!(
                "mean of peaks met ({met} of {} client emotion peaks met by reflection/validation within one turn) and min(1, feeling-naming turns / content turns ÷ 0.3) ({} of {nc}) — {}",
                peaks.len(),
                feel.len(),
                describe(&parts)
            ), parts));
    }

    // ---- fix orientation: misattunement flags per emotional opportunity; fixing share (MITI persuade)
    {
        let kinds = [
            FlagKind::PrematureFixing,
            FlagKind::Minimizing,
            FlagKind::Cheerleading,
            FlagKind::Pathologizing,
            FlagKind::SubjectChange,
            FlagKind::Detached,
            FlagKind::AdviceWithoutPermission,
            FlagKind::Reframing,
            FlagKind::SelfFocus,
            FlagKind::Confronting,
            FlagKind::MissedRisk,
        ];
        let fl: Vec<&Flag> = flags.iter().filter(|f| kinds.contains(&f.kind)).collect();
        let sev: f64 = fl.iter().map(|f| f.severity.weight()).sum();
        let opportunities = therapist
            .iter()
            .filter(|&&t| {
                prep[t].block.iter().any(|&c| prep[c].affect.emotion != Emotion::Neutral && prep[c].affect.intensity >= 0.3)
            })
            .count();
        let fixing: Vec<usize> = content
            .iter()
            .copied()
            .filter(|&t| {
                let p = &prep[t];
                !p.reflective
                    && (p.codes.iter().any(|c| matches!(c, Code::Advise | Code::Inform | Code::Confront | Code::Minimize | Code::Interpret))
                        || (p.coding.is_none() && p.norm.first_of(text::ADVISE).is_some()))
            })
            .collect();
        let mut parts = vec![];
        // with the learned judge, its mean judgement below replaces the count of its thresholded flags (the
        // same judgement, without the threshold's noise); the flag count stands in only when no judge ran
        let judged_any = content.iter().any(|&t| prep[t].judgement.is_some());
        if opportunities > 0 && !judged_any {
            parts.push(part("flags_per_opportunity", 1.0 - sev / (2.0 * opportunities as f64)));
        }
        if nc > 0 && !chat {
            parts.push(part("non_fixing_share", 1.0 - fixing.len() as f64 / nc as f64 / 0.5));
        }
        // the learned per-turn judgement (the same one `check` scores): mean attunement of content replies
        let judged: Vec<f64> = content.iter().filter_map(|&t| prep[t].judgement.as_ref()).map(|j| 1.0 - j.p_misattuned as f64).collect();
        if !judged.is_empty() {
            parts.push(part("judged_attunement", judged.iter().sum::<f64>() / judged.len() as f64));
        }
        let mut turns: Vec<usize> = fl.iter().map(|f| f.turn).collect();
        turns.extend(fixing.iter().copied());
        out.push(sub(NAMES[2], w.fix_orientation, turns, format!(
                "mean of 1 − severity-weighted flags / (2 × therapist turns answering client emotion) ({} flags, severity {sev:.0}, {opportunities} opportunities) and, in spoken sessions, 1 − min(1, advise/inform/interpret/confront/minimize turns / content turns ÷ 0.5) ({} of {nc}) — {}",
                fl.len(),
                fixing.len(),
                describe(&parts)
            ), parts));
    }

    // ---- pacing
    {
        let mut parts: Vec<Part> = vec![];
        // in chat, words typed are effort rather than floor time: talk share and turn-length ratio are shown
        // in `pacing` but do not score
        if let (Some(s), false) = (pacing.talk_share_words.value, chat) {
            parts.push(part("talk_share", 1.0 - (s - 0.4) / 0.5));
        }
        if let (Some(r), false) = (pacing.turn_length_ratio.value, chat) {
            parts.push(part("turn_length_ratio", 1.0 - r.max(1e-9).log2() / 4.0));
        }
        if !chat && !content.is_empty() {
            // monologues: therapist turns over 40 words hold the floor
            let long = content.iter().filter(|&&t| prep[t].words > 40).count();
            parts.push(part("short_turns", 1.0 - long as f64 / content.len() as f64 / 0.3));
        }
        if let Some(l) = pacing.latency_after_disclosures.value {
            let v = if l < 0.5 { 1.0 + (l - 0.5) / 2.0 } else if l > 3.0 { 1.0 - (l - 3.0) / 7.0 } else { 1.0 };
            parts.push(part("latency_after_disclosures", v));
        }
        if let Some(m) = pacing.speaking_rate_match.value {
            parts.push(part("speaking_rate_match", m));
        }
        let turns = therapist.clone();
        if chat && !therapist.is_empty() {
            // in chat, a one-to-three-word reply ("ok", "hello") leaves the seeker on their own
            let empty: Vec<usize> = therapist.iter().copied().filter(|&t| prep[t].words <= 5 && !prep[t].reflective).collect();
            parts.push(part("substantive_replies", 1.0 - empty.len() as f64 / therapist.len() as f64 / 0.5));
        }
        out.push(sub(NAMES[3], w.pacing, turns, format!(
                "mean of (spoken) talk share 1 − (share − 0.4)/0.5, (spoken) turn-length ratio 1 − log2(ratio)/4, (spoken) 1 − (turns over 40 words / content turns ÷ 0.3), latency after disclosures (0.5–3 s ideal), speaking-rate match, and in chat 1 − (replies of ≤ 5 words / replies ÷ 0.5), each clamped to 0..1 — {}",
                describe(&parts)
            ), parts));
    }

    // ---- rupture / repair: unrepaired ruptures; in chat also the share of minimal client replies (withdrawal)
    {
        let n = ruptures.len();
        let r = ruptures.iter().filter(|x| x.repair.is_some()).count();
        let mut parts = vec![];
        let mut turns: Vec<usize> = ruptures.iter().flat_map(|x| x.turns.iter().copied()).collect();
        if !clients.is_empty() {
            let scale = 1.0 + clients.len() as f64 / 20.0;
            parts.push(part("unrepaired_ruptures", 1.0 - (n - r) as f64 / scale));
            if chat {
                let minimal: Vec<usize> = clients.iter().copied().filter(|&c| prep[c].words <= 3).collect();
                parts.push(part("client_engagement", 1.0 - minimal.len() as f64 / clients.len() as f64 / 0.5));
                turns.extend(minimal);
            }
        }
        out.push(sub(NAMES[4], w.rupture_repair, turns, format!(
                "mean of 1 − unrepaired ruptures / (1 + client turns/20) ({n} ruptures, {r} repaired) and, in chat, 1 − (client replies of ≤3 words / client turns ÷ 0.5) — {}",
                describe(&parts)
            ), parts));
    }

    // ---- style matching
    {
        let v = style.lsm;
        let turns: Vec<usize> = style.rlsm.iter().filter(|p| p.role == Role::Therapist).map(|p| p.turn).collect();
        let mut parts = vec![];
        if let Some(l) = style.lsm {
            parts.push(part("lsm", l));
        }
        if let Some(r) = style.rlsm_therapist {
            parts.push(part("rlsm_therapist", r));
        }
        out.push(SubScore {
            name: NAMES[5].into(),
            value: v.map(|x| 100.0 * x),
            weight: w.style_matching,
            turns,
            explanation: match (style.lsm, style.rlsm_therapist) {
                (Some(l), Some(r)) => format!("100 × session LSM = {l:.3} (mean therapist rLSM {r:.3}, shown per turn)"),
                (Some(l), None) => format!("100 × session LSM = {l:.3}"),
                _ => "not enough words".into(),
            },
            parts,
        });
    }

    // ---- synchrony (from signals, when present)
    out.push(SubScore {
        name: NAMES[6].into(),
        value: cfg.synchrony.map(|s| 100.0 * clamp01(s)),
        weight: w.synchrony,
        turns: vec![],
        explanation: match cfg.synchrony {
            Some(s) => format!("100 × synchrony {s:.3} supplied from signals"),
            None => "no signals".into(),
        },
        parts: vec![],
    });
    out
}

pub(crate) fn index(subs: Vec<SubScore>) -> AttunementIndex {
    let mut num = 0.0;
    let mut den = 0.0;
    for s in &subs {
        if let Some(v) = s.value
            && v.is_finite() && s.weight > 0.0 {
                num += s.weight * v.clamp(0.0, 100.0);
                den += s.weight;
            }
    }
    let value = if den > 0.0 { (num / den).clamp(0.0, 100.0) } else { 50.0 };
    AttunementIndex {
        value,
        subscores: subs,
        formula: "Σ weight·value / Σ weight over the sub-scores that have a value (50 when none has)".into(),
    }
}
