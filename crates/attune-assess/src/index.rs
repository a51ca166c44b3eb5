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

pub(crate) fn subscores(
    prep: &[Prep],
    flags: &[Flag],
    ruptures: &[Rupture],
    pacing: &Pacing,
    style: &StyleMatching,
    cfg: &AssessConfig,
) -> Vec<SubScore> {
    let therapist: Vec<usize> = (0..prep.len()).filter(|&i| prep[i].role == Role::Therapist).collect();
    let clients: Vec<usize> = (0..prep.len()).filter(|&i| prep[i].role == Role::Client).collect();
    let nt = therapist.len();
    let w = &cfg.weights;
    let mut out = Vec::with_capacity(7);

    // ---- reflective listening: reflection share, R/(R+Q), content uptake
    {
        let refl: Vec<usize> = therapist.iter().copied().filter(|&t| prep[t].reflective).collect();
        let q = therapist.iter().filter(|&&t| !prep[t].reflective && is_question(&prep[t])).count();
        let mut up_n = 0;
        let mut up_d = 0;
        for &t in &therapist {
            let block_stems: Vec<&String> = prep[t].block.iter().flat_map(|&c| prep[c].stems.iter()).collect();
            if block_stems.len() < 3 || prep[t].words < 3 {
                continue;
            }
            up_d += 1;
            if prep[t].stems.iter().any(|s| block_stems.contains(&s)) {
                up_n += 1;
            }
        }
        let (value, expl) = if nt == 0 {
            (None, "no therapist turns".to_string())
        } else {
            let share = refl.len() as f64 / nt as f64;
            let rq = if refl.len() + q > 0 { refl.len() as f64 / (refl.len() + q) as f64 } else { 0.0 };
            let uptake = if up_d > 0 { up_n as f64 / up_d as f64 } else { 0.0 };
            let v = 100.0 * (0.4 * clamp01(share / 0.4) + 0.3 * rq + 0.3 * uptake);
            (
                Some(v),
                format!(
                    "100 × (0.4·min(1, reflections/therapist turns ÷ 0.4) + 0.3·R/(R+Q) + 0.3·uptake): {} of {} therapist turns reflect, R/(R+Q) = {:.2}, {} of {} replies take up the client's words",
                    refl.len(),
                    nt,
                    rq,
                    up_n,
                    up_d
                ),
            )
        };
        out.push(SubScore { name: NAMES[0].into(), value, weight: w.reflective_listening, turns: refl, explanation: expl });
    }

    // ---- emotional responsiveness: client emotion peaks met by reflection/validation within one turn
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
            // the first therapist turn after the peak (skipping the client's own continuation)
            let reply = (c + 1..prep.len()).find(|&j| prep[j].role == Role::Therapist);
            turns.push(c);
            if let Some(r) = reply {
                turns.push(r);
                // "within one turn": the reply or the therapist turn right after it
                let next = (r + 1..prep.len()).find(|&j| prep[j].role == Role::Therapist && j <= r + 2);
                if prep[r].attuning || next.map(|n| prep[n].attuning).unwrap_or(false) {
                    met += 1;
                }
            }
        }
        let value = if peaks.is_empty() { None } else { Some(100.0 * met as f64 / peaks.len() as f64) };
        let expl = if peaks.is_empty() {
            "no client emotion peaks".into()
        } else {
            format!("{met} of {} client emotion peaks met by a reflection or validation within one turn", peaks.len())
        };
        out.push(SubScore { name: NAMES[1].into(), value, weight: w.emotional_responsiveness, turns, explanation: expl });
    }

    // ---- fix orientation: misattunement flags per therapist turn, and the share of fixing turns
    {
        let kinds = [
            FlagKind::PrematureFixing,
            FlagKind::Minimizing,
            FlagKind::Cheerleading,
            FlagKind::Pathologizing,
            FlagKind::SubjectChange,
            FlagKind::Detached,
        ];
        let fl: Vec<&Flag> = flags.iter().filter(|f| kinds.contains(&f.kind)).collect();
        let sev: f64 = fl.iter().map(|f| f.severity.weight()).sum();
        let fixing: Vec<usize> = therapist
            .iter()
            .copied()
            .filter(|&t| {
                let p = &prep[t];
                !p.reflective
                    && (p.codes.iter().any(|c| c.is_fixing() || matches!(c, Code::Minimize | Code::Confront))
                        || p.norm.first_of(text::ADVISE).is_some()
                        || p.norm.first_of(text::REASSURE).is_some())
            })
            .collect();
        let value = if nt == 0 {
            None
        } else {
            let rate = sev / nt as f64;
            let fix_share = fixing.len() as f64 / nt as f64;
            Some(100.0 * (0.6 * (1.0 - clamp01(2.0 * rate)) + 0.4 * (1.0 - clamp01(fix_share / 0.5))))
        };
        let mut turns: Vec<usize> = fl.iter().map(|f| f.turn).collect();
        turns.extend(fixing.iter().copied());
        turns.sort_unstable();
        turns.dedup();
        out.push(SubScore {
            name: NAMES[2].into(),
            value,
            weight: w.fix_orientation,
            turns,
            explanation: format!(
                "100 × (0.6·(1 − min(1, 2·severity-weighted flags / therapist turns)) + 0.4·(1 − min(1, fixing turns / therapist turns ÷ 0.5))): {} flags (severity {sev:.0}), {} fixing turns of {nt}",
                fl.len(),
                fixing.len()
            ),
        });
    }

    // ---- pacing: talk share, turn-length ratio, latency, speaking-rate match
    {
        let mut parts: Vec<(f64, &str)> = vec![];
        if let Some(s) = pacing.talk_share_words.value {
            parts.push((1.0 - clamp01((s - 0.5) / 0.3), "talk share"));
        }
        if let Some(r) = pacing.turn_length_ratio.value {
            parts.push((1.0 - clamp01((r - 1.0) / 2.0), "turn-length ratio"));
        }
        if let Some(l) = pacing.latency_after_disclosures.value {
            // a pause of 0.5–3 s after a disclosure is ideal; rushing in (<0) or long gaps score lower
            let v = if l < 0.5 { clamp01(1.0 + (l - 0.5) / 2.0) } else if l > 3.0 { clamp01(1.0 - (l - 3.0) / 7.0) } else { 1.0 };
            parts.push((v, "latency after disclosures"));
        }
        if let Some(m) = pacing.speaking_rate_match.value {
            parts.push((m, "speaking-rate match"));
        }
        let value = if parts.is_empty() { None } else { Some(100.0 * parts.iter().map(|p| p.0).sum::<f64>() / parts.len() as f64) };
        let expl = format!(
            "mean of available parts: {}; talk share 1 − min(1, (share − 0.5)/0.3), turn-length ratio 1 − min(1, (ratio − 1)/2)",
            parts.iter().map(|(v, n)| format!("{n} {:.2}", v)).collect::<Vec<_>>().join(", ")
        );
        let mut turns = pacing.talk_share_words.turns.clone();
        turns.retain(|&t| prep[t].role == Role::Therapist);
        out.push(SubScore { name: NAMES[3].into(), value, weight: w.pacing, turns, explanation: expl });
    }

    // ---- rupture / repair
    {
        let n = ruptures.len();
        let r = ruptures.iter().filter(|x| x.repair.is_some()).count();
        let scale = 1.0 + clients.len() as f64 / 20.0;
        let value = if clients.is_empty() { None } else { Some(100.0 * (1.0 - clamp01((n - r) as f64 / scale))) };
        let turns: Vec<usize> = ruptures.iter().flat_map(|x| x.turns.iter().copied()).collect();
        out.push(SubScore {
            name: NAMES[4].into(),
            value,
            weight: w.rupture_repair,
            turns,
            explanation: format!(
                "100 × (1 − min(1, unrepaired ruptures / (1 + client turns/20))): {n} ruptures, {r} repaired"
            ),
        });
    }

    // ---- style matching
    {
        let v = style.rlsm_therapist.or(style.lsm);
        let turns: Vec<usize> = style.rlsm.iter().filter(|p| p.role == Role::Therapist).map(|p| p.turn).collect();
        out.push(SubScore {
            name: NAMES[5].into(),
            value: v.map(|x| 100.0 * x),
            weight: w.style_matching,
            turns,
            explanation: match (style.rlsm_therapist, style.lsm) {
                (Some(r), _) => format!("100 × mean rLSM of therapist turns = {r:.3} (session LSM {:.3})", style.lsm.unwrap_or(0.0)),
                (None, Some(l)) => format!("100 × session LSM = {l:.3}"),
                _ => "not enough words".into(),
            },
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
    });
    out
}

pub(crate) fn index(subs: Vec<SubScore>) -> AttunementIndex {
    let mut num = 0.0;
    let mut den = 0.0;
    for s in &subs {
        if let Some(v) = s.value {
            if v.is_finite() && s.weight > 0.0 {
                num += s.weight * v.clamp(0.0, 100.0);
                den += s.weight;
            }
        }
    }
    let value = if den > 0.0 { (num / den).clamp(0.0, 100.0) } else { 50.0 };
    AttunementIndex {
        value,
        subscores: subs,
        formula: "Σ weight·value / Σ weight over the sub-scores that have a value (50 when none has)".into(),
    }
}
