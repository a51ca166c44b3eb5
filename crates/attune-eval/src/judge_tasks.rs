//! Judgement tasks: `vignettes` (pairs of attuned and misattuned responses to one client context),
//! `mi-adherence` (MITI-adherent vs non-adherent written sentences, no context) and `exchanges-empathy`
//! (EmpatheticExchanges' human empathy ratings against the per-reply score). All of them score exactly what
//! `attune check` returns.

use crate::metrics::{auc_result, share_result, spearman_result, ClassStats, TaskResult};
use attune_assess::{check_response, parse_context, CheckResult};
use attune_core::{Role, Session, Turn};
use attune_text::Coder;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// One line of a vignettes file (DESIGN.md § Evaluation).
#[derive(Debug, Clone)]
pub struct Vignette {
    pub pair: String,
    pub context: Vec<Turn>,
    pub response: String,
    pub misattuned: bool,
    pub kinds: Vec<String>,
    pub register: String,
    pub split: String,
}

/// Reads a vignettes file; `split` keeps only lines whose `split` field matches. Errors name the line.
pub fn parse_vignettes(text: &str, split: Option<&str>) -> Result<Vec<Vignette>, String> {
    let mut out = Vec::new();
    for item in crate::jsonl::objects(text) {
        let (n, v) = item?;
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let pair = match v.get("pair") {
            Some(serde_json::Value::String(p)) => p.clone(),
            Some(serde_json::Value::Number(p)) => p.to_string(),
            _ => return Err(format!("line {n}: `pair` (an id shared by the two responses) is missing")),
        };
        let response = s("response").filter(|r| !r.trim().is_empty()).ok_or_else(|| format!("line {n}: `response` is missing or empty"))?;
        let misattuned = match s("expect").as_deref() {
            Some("misattuned") => true,
            Some("attuned") => false,
            other => return Err(format!("line {n}: `expect` must be \"attuned\" or \"misattuned\", found {}", other.map(|o| format!("\"{o}\"")).unwrap_or_else(|| "none".into()))),
        };
        let context = parse_context(v.get("context").unwrap_or(&serde_json::Value::Null)).map_err(|e| format!("line {n}: {e}"))?;
        let kinds = v.get("kinds").and_then(|k| k.as_array()).map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default();
        let vsplit = s("split").unwrap_or_default();
        if split.is_some_and(|want| want != vsplit) {
            continue;
        }
        out.push(Vignette { pair, context, response, misattuned, kinds, register: s("register").unwrap_or_else(|| "unknown".into()), split: vsplit });
    }
    Ok(out)
}

/// What `check` said of each vignette.
pub fn check_vignettes(vs: &[Vignette], coder: &Coder) -> Vec<CheckResult> {
    vs.par_iter().map(|v| check_response(&v.context, &v.response, coder)).collect()
}

/// Flag recall on misattuned responses (with per-kind and per-register recall), the share of attuned responses
/// flagged, and the share of pairs whose attuned response scores higher; intervals resample pairs.
pub fn vignettes(vs: &[Vignette], coder: &Coder) -> Vec<TaskResult> {
    let res = check_vignettes(vs, coder);
    let mut pairs: Vec<&str> = vs.iter().map(|v| v.pair.as_str()).collect();
    pairs.sort_unstable();
    pairs.dedup();
    let g = |v: &Vignette| pairs.binary_search(&v.pair.as_str()).unwrap_or(0);
    let np = pairs.len();
    let (mut rec_h, mut rec_t, mut ff_h, mut ff_t) = (vec![0; np], vec![0; np], vec![0; np], vec![0; np]);
    let (mut kind_h, mut kind_t) = (vec![0; np], vec![0; np]);
    let mut by_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut by_reg: BTreeMap<String, (usize, usize, usize, usize)> = BTreeMap::new();
    let mut best: Vec<(Option<f64>, Option<f64>)> = vec![(None, None); np];
    for (v, r) in vs.iter().zip(&res) {
        let k = g(v);
        let flagged = !r.flags.is_empty();
        let reg = by_reg.entry(v.register.clone()).or_default();
        if v.misattuned {
            rec_t[k] += 1;
            rec_h[k] += flagged as usize;
            if flagged {
                kind_t[k] += 1;
                kind_h[k] += r.flags.iter().any(|f| v.kinds.iter().any(|want| want == f.kind.as_str())) as usize;
            }
            reg.0 += flagged as usize;
            reg.1 += 1;
            for kind in &v.kinds {
                let e = by_kind.entry(kind.clone()).or_default();
                e.0 += flagged as usize;
                e.1 += 1;
            }
            best[k].1 = Some(r.score);
        } else {
            ff_t[k] += 1;
            ff_h[k] += flagged as usize;
            reg.2 += flagged as usize;
            reg.3 += 1;
            best[k].0 = Some(r.score);
        }
    }
    let mut recall = share_result("vignettes-flag-recall", "share_flagged", &rec_h, &rec_t);
    recall.per_class = by_kind
        .iter()
        .map(|(k, (h, t))| {
            let r = *h as f64 / (*t).max(1) as f64;
            (k.clone(), ClassStats { precision: f64::NAN, recall: r, f1: f64::NAN, support: *t })
        })
        .collect();
    recall.notes.push("misattuned responses that get at least one flag; per-class rows: recall by expected kind".into());
    for (reg, (h, t, fh, ft)) in &by_reg {
        recall.notes.push(format!("{reg}: recall {h}/{t}, attuned flagged {fh}/{ft}"));
    }
    let mut false_flags = share_result("vignettes-false-flags", "share_flagged", &ff_h, &ff_t);
    false_flags.notes.push("attuned responses that get a flag (lower is better)".into());
    let (order_h, order_t): (Vec<usize>, Vec<usize>) = best
        .iter()
        .map(|(a, m)| match (a, m) {
            (Some(a), Some(m)) => ((a > m) as usize, 1),
            _ => (0, 0),
        })
        .unzip();
    let mut order = share_result("vignettes-pair-order", "share_attuned_higher", &order_h, &order_t);
    order.notes.push("pairs whose attuned response gets the higher `check` score (ties count as misses)".into());
    let mut kinds = share_result("vignettes-flag-kind", "share_named_right", &kind_h, &kind_t);
    kinds.notes.push("flagged misattuned responses whose flag names one of the kinds the vignette expects (the name a user reads)".into());
    vec![recall, false_flags, order, kinds]
}

/// The misattuned responses that got no flag and the attuned ones that did, for error study.
pub fn vignette_errors(vs: &[Vignette], coder: &Coder) -> String {
    let res = check_vignettes(vs, coder);
    let mut out = String::new();
    for (v, r) in vs.iter().zip(&res) {
        let flagged = !r.flags.is_empty();
        if flagged != v.misattuned {
            let client = v.context.iter().rev().find(|t| t.role == Role::Client).map(|t| t.text.as_str()).unwrap_or("");
            out.push_str(&format!(
                "{} {} [{}] {} score {:.0} p {:.2} kinds {:?} flags {:?}\n    client: {}\n    response: {}\n",
                v.pair,
                v.register,
                v.split,
                if v.misattuned { "MISSED" } else { "FALSE FLAG" },
                r.score,
                r.p_misattuned.unwrap_or(f32::NAN),
                v.kinds,
                r.flags.iter().map(|f| f.kind.as_str()).collect::<Vec<_>>(),
                short(client, 160),
                short(&v.response, 200)
            ));
        }
    }
    out
}

fn short(s: &str, n: usize) -> String {
    let s = s.replace('\n', " ");
    if s.chars().count() <= n { s } else { format!("{}…", s.chars().take(n).collect::<String>()) }
}

const NON_ADHERENT: [&str; 4] = ["Advise without Permission", "Confront", "Warn", "Direct"];
const ADHERENT: [&str; 7] =
    ["Simple Reflection", "Complex Reflection", "Affirm", "Support", "Emphasize Autonomy", "Advise with Permission", "Open Question"];

/// MI adherence on written sentences with no context: ROC AUC of 100 − score (non-adherent positive), and the
/// shares of non-adherent and adherent sentences that get a flag.
pub fn mi_adherence(sessions: &[Session], coder: &Coder) -> Vec<TaskResult> {
    let rows: Vec<(bool, CheckResult)> = sessions
        .par_iter()
        .filter_map(|s| {
            let t = s.turns.iter().find(|t| t.role == Role::Therapist)?;
            let l = t.labels.get("miti_label")?.as_str()?;
            let non = NON_ADHERENT.contains(&l);
            if !non && !ADHERENT.contains(&l) {
                return None;
            }
            Some((non, check_response(&[], &t.text, coder)))
        })
        .collect();
    let scores: Vec<f64> = rows.iter().map(|(_, r)| 100.0 - r.score).collect();
    let pos: Vec<bool> = rows.iter().map(|(n, _)| *n).collect();
    let mut auc = auc_result("mi-adherence", &scores, &pos);
    auc.notes.push("score: 100 − check score with no context; positive: Advise without Permission, Confront, Warn, Direct".into());
    let part = |want: bool| -> (Vec<usize>, Vec<usize>) {
        rows.iter().map(|(n, r)| if *n == want { ((!r.flags.is_empty()) as usize, 1) } else { (0, 0) }).unzip()
    };
    let (h, t) = part(true);
    let mut non = share_result("mi-adherence-nonadherent-flagged", "share_flagged", &h, &t);
    non.notes.push("non-adherent sentences that get a flag (higher is better)".into());
    let (h, t) = part(false);
    let mut adh = share_result("mi-adherence-adherent-flagged", "share_flagged", &h, &t);
    adh.notes.push("adherent sentences that get a flag (lower is better)".into());
    vec![auc, non, adh]
}

/// Non-adherent sentences without a flag and adherent ones with one, up to `n` of each, by MITI code.
pub fn mi_adherence_errors(sessions: &[Session], coder: &Coder, n: usize) -> String {
    let mut missed = Vec::new();
    let mut false_flags = Vec::new();
    for s in sessions {
        let Some(t) = s.turns.iter().find(|t| t.role == Role::Therapist) else { continue };
        let Some(l) = t.labels.get("miti_label").and_then(|v| v.as_str()) else { continue };
        let non = NON_ADHERENT.contains(&l);
        if !non && !ADHERENT.contains(&l) {
            continue;
        }
        let r = check_response(&[], &t.text, coder);
        let line = format!("  [{l}] score {:.0} flags {:?}: {}\n", r.score, r.flags.iter().map(|f| f.kind.as_str()).collect::<Vec<_>>(), short(&t.text, 160));
        match (non, r.flags.is_empty()) {
            (true, true) => missed.push(line),
            (false, false) => false_flags.push(line),
            _ => {}
        }
    }
    let (nm, nf) = (missed.len(), false_flags.len());
    missed.truncate(n);
    false_flags.truncate(n);
    format!("non-adherent without a flag ({nm}):\n{}adherent with a flag ({nf}):\n{}", missed.concat(), false_flags.concat())
}

/// Spearman's ρ between `check`'s score of each EmpatheticExchanges reply (given its client turn) and the
/// human 1–5 empathy rating.
pub fn exchanges_empathy(sessions: &[Session], coder: &Coder) -> Vec<TaskResult> {
    let rows: Vec<(f64, f64, f64)> = sessions
        .par_iter()
        .filter_map(|s| {
            let c = s.turns.iter().position(|t| t.role == Role::Client)?;
            let t = s.turns[c + 1..].iter().find(|t| t.role == Role::Therapist)?;
            let y = t.labels.get("empathy_5es")?.as_f64()?;
            let r = check_response(&s.turns[..=c], &t.text, coder);
            let e = &r.empathy;
            Some((r.score, (e.reactions + e.interpretations + e.explorations) as f64, y))
        })
        .collect();
    let gold: Vec<f64> = rows.iter().map(|r| r.2).collect();
    let mut a = spearman_result("exchanges-empathy", &rows.iter().map(|r| r.0).collect::<Vec<_>>(), &gold);
    a.notes.push("score: `check` score of the reply given the client turn; gold: human 1-5 behavioural empathy".into());
    // the check score measures misattunement, and most of these everyday replies are not misattuned: how much
    // empathy a reply shows is what the coder's EPITOME levels read
    let mut b = spearman_result("exchanges-empathy-epitome", &rows.iter().map(|r| r.1).collect::<Vec<_>>(), &gold);
    b.notes.push("score: the coder's EPITOME levels of the reply, summed (emotional reactions + interpretations + explorations, 0-6)".into());
    vec![a, b]
}

/// The share of therapist turns flagged in conversations rated good (AnnoMI high MI quality; ESConv's
/// successful conversations): flags there are mostly false alarms, so this bounds how noisy the flags are in
/// real sessions. Intervals resample conversations.
pub fn session_flag_rate(sessions: &[Session], coder: &Coder) -> Vec<TaskResult> {
    // per-sentence codes on, as `analyze` codes a session (the judge reads them)
    let mut c = coder.clone();
    c.explain = true;
    // (flagged turns, therapist turns, rated low quality, AnnoMI, ruptures reported)
    let rows: Vec<(usize, usize, bool, bool, usize)> = sessions
        .par_iter()
        .map(|s| {
            // each data set in its register, as the other tasks read them: AnnoMI is speech, ESConv chat
            let mut s = s.clone();
            let reg = if s.id.starts_with("annomi") { "spoken" } else { "chat" };
            s.meta.insert("register".into(), serde_json::Value::String(reg.into()));
            let low = s.meta.get("mi_quality").and_then(|v| v.as_str()).is_some_and(|q| q != "high");
            let a = attune_assess::assess(&c.code_session(&s), &attune_assess::AssessConfig::default());
            let turns = s.turns.iter().filter(|t| t.role == Role::Therapist).count();
            let mut flagged: Vec<usize> = a.flags.iter().filter(|f| !matches!(f.kind, attune_assess::FlagKind::Interrupting | attune_assess::FlagKind::OverTalking)).map(|f| f.turn).collect();
            flagged.sort_unstable();
            flagged.dedup();
            (flagged.len(), turns, low, s.id.starts_with("annomi"), a.ruptures.len())
        })
        .collect();
    let split = |low: bool| -> (Vec<usize>, Vec<usize>) { rows.iter().filter(|r| r.2 == low).map(|r| (r.0, r.1)).unzip() };
    let (h, t) = split(false);
    let mut r = share_result("good-session-flag-rate", "share_of_turns_flagged", &h, &t);
    r.notes.push("therapist turns with a content flag in conversations rated good (AnnoMI high quality, ESConv); lower is better".into());
    let share = |annomi: bool| {
        let (f, n) = rows.iter().filter(|r| !r.2 && r.3 == annomi).fold((0, 0), |(f, n), r| (f + r.0, n + r.1));
        f as f64 / n.max(1) as f64
    };
    r.notes.push(format!("AnnoMI high quality {:.3}, ESConv {:.3}", share(true), share(false)));
    // ruptures reported in good conversations: some are real (a good session can hold a repaired rupture), but a
    // rise here with no rise in found ruptures is markers firing on ordinary talk
    let per100 = |annomi: bool| {
        let (k, n) = rows.iter().filter(|r| !r.2 && r.3 == annomi).fold((0, 0), |(k, n), r| (k + r.4, n + r.1));
        100.0 * k as f64 / n.max(1) as f64
    };
    r.notes.push(format!("ruptures reported per 100 therapist turns: AnnoMI high quality {:.2}, ESConv {:.2}", per100(true), per100(false)));
    let mut out = vec![r];
    // the same share in AnnoMI's low-quality sessions: flags should separate the two, not only be rare in the good
    let (h, t) = split(true);
    if !t.is_empty() {
        let mut r = share_result("low-session-flag-rate", "share_of_turns_flagged", &h, &t);
        r.notes.push("the same share in AnnoMI's low-quality sessions (higher than the good sessions' is better)".into());
        out.push(r);
    }
    out
}
