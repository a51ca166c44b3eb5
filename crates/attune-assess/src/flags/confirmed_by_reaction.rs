//! Confirmed by the client's reaction: a reply the judge leaned toward misattuned without reaching its threshold,
//! after which the client pulls back or pushes back (a rupture marker on their next turn). The judge reads one reply;
//! the client's next turn is evidence it cannot see. 3RS reads a marker as the trace of a strain in the alliance, so a
//! near-miss followed by one is flagged, with the judge's kind and the client's words in the reason.
//!
//! The markers are found as if every such near-miss had been flagged (several rules read a turn away only after a
//! miss), and only the plainest confirm it (`CONFIRMING`). Chosen on the studied evaluation sessions (every split of
//! `eval/sessions.jsonl` but the held-back ones, fast tier): misattuned turns flagged 786 → 801 of 856, attuned ones
//! 40 → 41 of 1,954; turns flagged in the good dev sessions 0.111 → 0.112.

use super::{held_back, held_however_sure, learned_draft, session_close, FlagDraft};
use crate::assess::{judge_threshold, Prep};
use crate::types::{ClientMarker, Flag, MarkerSubtype};
use attune_core::Role;

/// How far below the judge's threshold a reply may lie and still be confirmed by a marker after it. Before the markers
/// were narrowed to `CONFIRMING`, 0.15 and 0.3 flagged 19 and 28 more misattuned turns of the studied sessions and 7
/// and 24 more attuned ones; with them, 0.3 is the margin.
const REACTION_MARGIN: f32 = 0.3;

/// The same for a reply that reflects or validates: the client may still move on after one ("that must be such a
/// hard question to answer when u dont know either" — "anyway its whatever. hbu hows ur week been lol"; 0.26 below
/// the threshold, labelled attuned), so the judge must be nearer its threshold.
const ATTUNING_MARGIN: f32 = 0.15;

/// The markers that confirm: the client's complaint or rejection of what was offered, a denial ("It's fine. Work's
/// fine."), a turn away ("Anyway, better go feed the dogs."). Not the learned act's pushing back: over the studied
/// sessions it confirmed as many attuned replies as misattuned ones, and 22 turns of the good dev sessions at a
/// margin of 0.15 ("Well, a little bit, but nothing too-- you know." to a question about weight); nor a minimal
/// response, a back-channel in speech. A deferential agreement confirms only as the point conceded in words in the
/// turn's first two sentences (`conceded`).
const CONFIRMING: &[MarkerSubtype] = &[MarkerSubtype::Complaint, MarkerSubtype::RejectingIntervention, MarkerSubtype::Denial, MarkerSubtype::TopicShift, MarkerSubtype::DeferentialAgreement];

/// A short thanks or goodbye from the listener ("Thanks for talking and have a lovely rest of day!"): the client's
/// leaving after it is the conversation ending, not a turn away (two good ESConv sessions, dev).
fn parting(p: &Prep) -> bool {
    p.words <= 12 && !p.text.contains('?') && (p.norm.first_of(super::WINDING_DOWN).is_some() || p.norm.has("have a lovely"))
}

/// The point conceded in words in the first two sentences ("Thank you. I am sure that is sensible. The weather has
/// turned here…" after a letter's unasked plan for getting to church; "Thank you, that's very sensible. I'll give some
/// thought to how to approach Michael." after how to tell a son; sessions studied, judged 0.52 and 0.49): a hedge or a
/// "not tonight" to an offer asked leave for is no concession ("not tonight lol. maybe another time.", labelled attuned),
/// nor a phrase denied ("I'm honestly not sure, I guess I've always been too nervous…", a good dev session).
/// Added at the forty-second session: over the studied sessions (fast tier) 2 more misattuned turns flagged and no
/// attuned one; any deferential agreement had flagged two attuned ones and a turn of a good dev session.
fn conceded(text: &str) -> bool {
    // ("You're probably right. I'll ring her tomorrow." is agreement as often: not a concession that confirms)
    let conceding = |p: &str| !p.contains("probably") && !p.contains("likely") && !p.contains("maybe");
    let first_two: Vec<crate::text::Norm> = attune_text::tokens::sentences(text).into_iter().take(2).map(crate::text::Norm::new).collect();
    crate::markers::first_concession(&first_two, conceding).is_some()
}

/// `markers`: those found with `flags`, read for the turns before each one tested.
pub(super) fn check(prep: &[Prep], flags: &[Flag], markers: &[ClientMarker], chat: bool, spoken: bool) -> Vec<FlagDraft> {
    let candidates: Vec<usize> = prep
        .iter()
        .enumerate()
        .filter(|(t, p)| {
            let Some(j) = &p.judgement else { return false };
            p.role == Role::Therapist
                && !p.block.is_empty()
                && !flags.iter().any(|f| f.turn == *t)
                && !j.flagged
                && j.p_misattuned >= judge_threshold(true).unwrap_or(0.5) - if p.attuning { ATTUNING_MARGIN } else { REACTION_MARGIN }
                && !session_close(p, prep)
                && !parting(p)
                // a safety check ("are u safe tonight?") is answered, not turned from: "im ok tonight" denies nothing
                && !(p.text.contains('?') && p.norm.first_of(crate::text::RISK_UPTAKE).is_some())
                && !held_back(p, prep, *t, j, spoken)
                && !held_however_sure(p, prep, j)
        })
        .map(|(t, _)| t)
        .collect();
    if candidates.is_empty() {
        return vec![];
    }
    // the markers read a flag's turn and kind only, so the flags they are found with as if are bare
    let mut as_if: Vec<Flag> = flags.to_vec();
    for &t in &candidates {
        if let Some(j) = &prep[t].judgement {
            as_if.push(Flag {
                kind: crate::types::FlagKind::from_mis(j.kind),
                turn: t,
                answers: prep[t].answers,
                time: None,
                quote: String::new(),
                explanation: String::new(),
                alternative: crate::types::Alternative { text: String::new(), label: String::new(), emotion: None, client_phrase: None },
                severity: crate::types::Severity::Low,
                turns: vec![t],
            });
        }
    }
    let mut out = Vec::new();
    // only the client turn right after each candidate is read again (the whole session's markers were found once)
    for &tp in &candidates {
        let i = tp + 1;
        if prep.get(i).is_none_or(|p| p.role != Role::Client) {
            continue;
        }
        let earlier = &markers[..markers.partition_point(|m| m.turn < i)];
        let Some(m) = crate::markers::marker_at(prep, &as_if, chat, i, earlier).filter(|m| CONFIRMING.contains(&m.subtype)) else { continue };
        let Some(j) = &prep[tp].judgement else { continue };
        // the client says the listener got it ("Yeah. Exactly that. Which is why I can't just stop"), or says
        // goodbye ("have a wonderful New Year! Bye"): what follows is not a turn away from the reply
        let n = &prep[i].norm;
        if crate::markers::says_got_it(n)
            || (m.subtype == MarkerSubtype::TopicShift && n.first_of(super::WINDING_DOWN).is_some())
            || (m.subtype == MarkerSubtype::DeferentialAgreement && !conceded(prep[i].text))
        {
            continue;
        }
        let mut d = learned_draft(tp, &prep[tp], j);
        d.explanation = format!(
            "Judged near misattuned to this client (probability {:.2}): most like {} — it {}; and the client's next turn pulls back or pushes back ({}).",
            j.p_misattuned,
            j.kind.as_str().replace('_', " "),
            j.kind.describe(),
            m.subtype.as_str().replace('_', " ")
        );
        out.push(d);
    }
    out
}
