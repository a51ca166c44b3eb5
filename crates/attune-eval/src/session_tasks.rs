//! The `sessions` task: whole sessions written for attune (`eval/sessions.jsonl`), each therapist turn
//! labelled attuned or misattuned and each rupture labelled repaired or not, scored on what `attune analyze`
//! returns — the flags on therapist turns and the rupture episodes with their repairs. The vignettes score one
//! response; this scores the session pipeline (carried distress, markers, the repair search) end to end.

use crate::metrics::{share_result, TaskResult};
use attune_assess::{parse_context, AssessConfig, Assessment};
use attune_core::{Role, Session};
use attune_text::Coder;
use rayon::prelude::*;

/// One labelled session.
#[derive(Debug, Clone)]
pub struct LabelledSession {
    pub id: String,
    pub register: String,
    pub split: String,
    pub session: Session,
    /// Per turn: `Some(true)` a misattuned therapist turn, `Some(false)` an attuned one, `None` a client turn
    /// or a therapist turn the labels leave open (`"expect": "either"`).
    pub expect: Vec<Option<bool>>,
    /// Per misattuned turn, its kinds.
    pub kinds: Vec<Vec<String>>,
    /// Client turns where a rupture shows, and whether the session repairs it.
    pub ruptures: Vec<(usize, bool)>,
    /// Per rupture, its family as labelled (`confrontation` or `withdrawal`).
    pub rupture_kinds: Vec<String>,
}

/// Reads a sessions file; `split` keeps only sessions whose `split` field matches. Errors name the line.
pub fn parse_sessions(text: &str, split: Option<&str>) -> Result<Vec<LabelledSession>, String> {
    let mut out = Vec::new();
    for item in crate::jsonl::objects(text) {
        let (n, v) = item?;
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let id = s("id").ok_or_else(|| format!("line {n}: `id` is missing"))?;
        let vsplit = s("split").unwrap_or_default();
        if split.is_some_and(|want| want != vsplit) {
            continue;
        }
        let raw = v.get("turns").and_then(|t| t.as_array()).ok_or_else(|| format!("line {n} ({id}): `turns` must be a list"))?;
        // the turns read as a check's context does; its errors say `context[k]`, here the list is `turns`
        let turns = parse_context(&serde_json::Value::Array(raw.clone())).map_err(|e| format!("line {n} ({id}): {}", e.replacen("context[", "turns[", 1)))?;
        if turns.is_empty() {
            return Err(format!("line {n} ({id}): no turns"));
        }
        let mut expect = Vec::with_capacity(raw.len());
        let mut kinds = Vec::with_capacity(raw.len());
        let mut ruptures = Vec::new();
        let mut rupture_kinds = Vec::new();
        for (k, (t, r)) in turns.iter().zip(raw).enumerate() {
            let label = r.get("expect").and_then(|x| x.as_str());
            expect.push(match (t.role, label) {
                (Role::Therapist, None | Some("attuned")) => Some(false),
                (Role::Therapist, Some("misattuned")) => Some(true),
                (Role::Therapist, Some("either")) => None,
                (Role::Therapist, Some(x)) => return Err(format!("line {n} ({id}) turn {k}: `expect` must be attuned, misattuned or either, found \"{x}\"")),
                (_, Some(_)) => return Err(format!("line {n} ({id}) turn {k}: `expect` labels therapist turns only")),
                (_, None) => None,
            });
            kinds.push(r.get("kinds").and_then(|x| x.as_array()).map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default());
            if r.get("rupture").is_some() {
                if t.role != Role::Client {
                    return Err(format!("line {n} ({id}) turn {k}: `rupture` marks the client turn where it shows"));
                }
                let repaired = r.get("repaired").and_then(|x| x.as_bool()).ok_or_else(|| format!("line {n} ({id}) turn {k}: a rupture needs `repaired`: true or false"))?;
                let family = r.get("rupture").and_then(|x| x.as_str()).unwrap_or_default();
                if !matches!(family, "confrontation" | "withdrawal") {
                    return Err(format!("line {n} ({id}) turn {k}: `rupture` must be confrontation or withdrawal, found {}", r["rupture"]));
                }
                ruptures.push((k, repaired));
                rupture_kinds.push(family.to_string());
            }
        }
        let mut session = Session { schema: attune_core::SESSION_SCHEMA.to_string(), id: id.clone(), meta: Default::default(), roles_inferred: false, source: None, turns };
        let register = s("register").unwrap_or_else(|| "unknown".into());
        // the coder reads spoken sessions and written ones (chat, forum, chatbot) apart, as `analyze` does
        session.meta.insert("register".into(), serde_json::Value::String(if register == "spoken" { "spoken" } else { "chat" }.into()));
        out.push(LabelledSession { id, register, split: vsplit, session, expect, kinds, ruptures, rupture_kinds });
    }
    Ok(out)
}

/// What `analyze` makes of each session.
pub fn assess_sessions(ls: &[LabelledSession], coder: &Coder) -> Vec<Assessment> {
    ls.par_iter()
        .map(|l| {
            // per-sentence codes on, as `analyze` codes a session (the judge reads them)
            let mut c = coder.clone();
            c.explain = true;
            attune_assess::assess(&c.code_session(&l.session), &AssessConfig::default())
        })
        .collect()
}

/// Flag recall on misattuned therapist turns, attuned turns flagged, ruptures found, and repaired ruptures
/// found repaired (and unrepaired ones found unrepaired); intervals resample sessions.
pub fn sessions(ls: &[LabelledSession], coder: &Coder) -> Vec<TaskResult> {
    let res = assess_sessions(ls, coder);
    let k = ls.len();
    let (mut rec_h, mut rec_t, mut ff_h, mut ff_t) = (vec![0; k], vec![0; k], vec![0; k], vec![0; k]);
    let (mut rup_h, mut rup_t, mut rep_h, mut rep_t, mut unrep_h, mut unrep_t) = (vec![0; k], vec![0; k], vec![0; k], vec![0; k], vec![0; k], vec![0; k]);
    let (mut next_rep_h, mut next_rep_t, mut next_unrep_h, mut next_unrep_t) = (vec![0; k], vec![0; k], vec![0; k], vec![0; k]);
    let mut spurious = 0;
    let mut by_reg: std::collections::BTreeMap<String, [usize; 4]> = Default::default();
    for (g, (l, a)) in ls.iter().zip(&res).enumerate() {
        let flagged = |turn: usize| a.flags.iter().any(|f| f.turn == turn);
        let reg = by_reg.entry(l.register.clone()).or_default();
        for (turn, e) in l.expect.iter().enumerate() {
            match e {
                Some(true) => {
                    rec_t[g] += 1;
                    rec_h[g] += flagged(turn) as usize;
                    reg[0] += flagged(turn) as usize;
                    reg[1] += 1;
                }
                Some(false) => {
                    ff_t[g] += 1;
                    ff_h[g] += flagged(turn) as usize;
                    reg[2] += flagged(turn) as usize;
                    reg[3] += 1;
                }
                None => {}
            }
        }
        for &(turn, repaired) in &l.ruptures {
            let found = a.ruptures.iter().find(|r| r.start <= turn && turn <= r.end);
            rup_t[g] += 1;
            rup_h[g] += found.is_some() as usize;
            if repaired {
                rep_t[g] += 1;
                rep_h[g] += found.is_some_and(|r| r.repair.is_some()) as usize;
            } else {
                unrep_t[g] += 1;
                unrep_h[g] += found.is_some_and(|r| r.repair.is_none()) as usize;
            }
            // the label's own question: does the listener's next turn repair it?
            if let (Some(r), Some(next)) = (found, next_listener_turn(&l.session, turn)) {
                let read = repairs_here(r, next);
                if repaired {
                    next_rep_t[g] += 1;
                    next_rep_h[g] += read as usize;
                } else {
                    next_unrep_t[g] += 1;
                    next_unrep_h[g] += !read as usize;
                }
            }
        }
        spurious += a.ruptures.iter().filter(|r| !l.ruptures.iter().any(|&(t, _)| r.start <= t && t <= r.end)).count();
    }
    let mut recall = share_result("sessions-flag-recall", "share_flagged", &rec_h, &rec_t);
    recall.notes.push("misattuned therapist turns that get a flag".into());
    for (reg, [h, t, fh, ft]) in &by_reg {
        recall.notes.push(format!("{reg}: recall {h}/{t}, attuned turns flagged {fh}/{ft}"));
    }
    let mut false_flags = share_result("sessions-false-flags", "share_flagged", &ff_h, &ff_t);
    false_flags.notes.push("attuned therapist turns that get a flag (lower is better)".into());
    let mut ruptures = share_result("sessions-ruptures-found", "share_found", &rup_h, &rup_t);
    ruptures.notes.push(format!("labelled ruptures inside a rupture episode `analyze` reports; {spurious} episode(s) reported where none is labelled"));
    let mut repaired = share_result("sessions-repairs-found", "share_found", &rep_h, &rep_t);
    repaired.notes.push("repaired ruptures found, with a repair".into());
    let mut unrepaired = share_result("sessions-unrepaired-found", "share_found", &unrep_h, &unrep_t);
    unrepaired.notes.push("unrepaired ruptures found, with no repair (a defensive reply is not a repair)".into());
    let mut next_rep = share_result("sessions-next-reply-repairs", "share_read", &next_rep_h, &next_rep_t);
    next_rep.notes.push("found ruptures labelled repaired whose next listener turn `analyze` reads as a repair attempt".into());
    let mut next_unrep = share_result("sessions-next-reply-unrepaired", "share_read", &next_unrep_h, &next_unrep_t);
    next_unrep.notes.push(
        "found ruptures labelled unrepaired whose next listener turn is no repair attempt: the label asks about the next turn, an episode may be repaired later"
            .into(),
    );
    vec![recall, false_flags, ruptures, repaired, unrepaired, next_rep, next_unrep]
}

/// The first listener turn after turn `turn`.
fn next_listener_turn(s: &Session, turn: usize) -> Option<usize> {
    (turn + 1..s.turns.len()).find(|&k| s.turns[k].role == Role::Therapist)
}

/// Whether `analyze` reads listener turn `t` as a repair of episode `r`: its repair, or an attempt at one.
fn repairs_here(r: &attune_assess::Rupture, t: usize) -> bool {
    r.repair.as_ref().is_some_and(|rep| rep.therapist_turn == t) || r.repair_attempts.contains(&t)
}

/// The misattuned turns missed, the attuned ones flagged and the ruptures misread, for error study.
pub fn session_errors(ls: &[LabelledSession], coder: &Coder) -> String {
    let res = assess_sessions(ls, coder);
    let mut out = String::new();
    let short = |s: &str| if s.chars().count() > 150 { format!("{}…", s.chars().take(150).collect::<String>()) } else { s.to_string() };
    for (l, a) in ls.iter().zip(&res) {
        for (turn, e) in l.expect.iter().enumerate() {
            let flags: Vec<&str> = a.flags.iter().filter(|f| f.turn == turn).map(|f| f.kind.as_str()).collect();
            match e {
                Some(true) if flags.is_empty() => out.push_str(&format!("{} turn {turn} [{}] MISSED {:?}: {}\n", l.id, l.register, l.kinds[turn], short(&l.session.turns[turn].text))),
                Some(false) if !flags.is_empty() => out.push_str(&format!("{} turn {turn} [{}] FALSE FLAG {flags:?}: {}\n", l.id, l.register, short(&l.session.turns[turn].text))),
                _ => {}
            }
        }
        for &(turn, repaired) in &l.ruptures {
            let found = a.ruptures.iter().find(|r| r.start <= turn && turn <= r.end);
            if let (Some(r), Some(next)) = (found, next_listener_turn(&l.session, turn)) {
                if repairs_here(r, next) != repaired {
                    out.push_str(&format!(
                        "{} turn {turn} [{}] next listener turn {next} read as {} but labelled {}\n",
                        l.id,
                        l.register,
                        if repairs_here(r, next) { "a repair" } else { "no repair" },
                        if repaired { "repaired" } else { "unrepaired" }
                    ));
                }
            }
            match found {
                None => out.push_str(&format!("{} turn {turn} [{}] RUPTURE NOT FOUND: {}\n", l.id, l.register, short(&l.session.turns[turn].text))),
                Some(r) if r.repair.is_some() != repaired => out.push_str(&format!(
                    "{} turn {turn} [{}] rupture found, repair {} but labelled {}\n",
                    l.id,
                    l.register,
                    if r.repair.is_some() { "found" } else { "not found" },
                    if repaired { "repaired" } else { "unrepaired" }
                )),
                _ => {}
            }
        }
        for r in a.ruptures.iter().filter(|r| !l.ruptures.iter().any(|&(t, _)| r.start <= t && t <= r.end)) {
            out.push_str(&format!("{} turns {}-{} [{}] RUPTURE REPORTED, none labelled: {}\n", l.id, r.start, r.end, l.register, short(&l.session.turns[r.start].text)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_labels_and_names_bad_lines() {
        let line = r#"{"id": "x", "register": "chat", "split": "dev", "turns": [{"speaker": "client", "text": "I lost my job."}, {"speaker": "therapist", "text": "Update your CV tonight.", "expect": "misattuned", "kinds": ["premature_fixing"]}, {"speaker": "client", "text": "ok", "rupture": "withdrawal", "repaired": false}, {"speaker": "therapist", "text": "Mm.", "expect": "either"}]}"#;
        let s = parse_sessions(line, None).unwrap();
        assert_eq!(s[0].expect, vec![None, Some(true), None, None]);
        assert_eq!(s[0].kinds[1], vec!["premature_fixing".to_string()]);
        assert_eq!(s[0].ruptures, vec![(2, false)]);
        assert!(parse_sessions(line, Some("holdout")).unwrap().is_empty());
        let bad = line.replace(r#""expect": "either""#, r#""expect": "maybe""#);
        assert!(parse_sessions(&format!("\n{bad}"), None).unwrap_err().starts_with("line 2 (x) turn 3"));
        let no_flag = line.replace(r#", "repaired": false"#, "");
        assert!(parse_sessions(&no_flag, None).unwrap_err().contains("needs `repaired`"));
    }

    #[test]
    fn the_shipped_set_parses() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../eval/sessions.jsonl")).unwrap();
        let s = parse_sessions(&text, None).unwrap();
        assert!(s.len() >= 16);
        assert!(s.iter().any(|l| l.split == "holdout"));
        assert!(s.iter().all(|l| l.expect.len() == l.session.turns.len()));
    }

    #[test]
    fn the_next_reply_is_read_against_the_label_of_the_rupture_before_it() {
        // a defensive reply first, a repair only after a second marker: the episode is repaired, the first rupture's
        // next reply is not a repair
        let line = r#"{"id": "y", "register": "chat", "split": "dev", "turns": [
            {"speaker": "client", "text": "My dad died in March and I still can't go into his shed."},
            {"speaker": "therapist", "text": "At least he isn't suffering any more. Everything happens for a reason.", "expect": "misattuned", "kinds": ["reframing"]},
            {"speaker": "client", "text": "That's not helpful. You don't understand.", "rupture": "confrontation", "repaired": false},
            {"speaker": "therapist", "text": "I was only trying to help. Lots of people find that a comforting thought.", "expect": "misattuned", "kinds": ["confronting"]},
            {"speaker": "client", "text": "Forget it.", "rupture": "withdrawal", "repaired": true},
            {"speaker": "therapist", "text": "I'm sorry, I rushed to comfort you and then defended myself. I missed what you said about the shed. What is it like, standing outside it?", "repair": true},
            {"speaker": "client", "text": "It still smells of him. I stand at the door and I can't make myself open it."}]}"#;
        let ls = parse_sessions(&line.replace('\n', " "), None).unwrap();
        assert_eq!(next_listener_turn(&ls[0].session, 2), Some(3));
        assert_eq!(next_listener_turn(&ls[0].session, 6), None);
        let res = sessions(&ls, &Coder::bundled());
        let get = |name: &str| res.iter().find(|r| r.task == name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(get("sessions-ruptures-found").n, 2);
        assert_eq!(get("sessions-next-reply-unrepaired").n, 1, "{:?}", get("sessions-next-reply-unrepaired"));
        assert_eq!(get("sessions-next-reply-unrepaired").value, 1.0);
        assert_eq!(get("sessions-next-reply-repairs").value, 1.0);
    }
}
