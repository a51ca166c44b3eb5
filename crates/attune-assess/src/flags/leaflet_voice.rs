//! Detached, in a leaflet's voice: information the client did not ask for, in the formulas of a leaflet ("I see.
//! Zero-hours contracts can certainly be very unpredictable. You may wish to know that you are entitled to ask your
//! employer for a more predictable working pattern… I hope this information is of some use to you." to a care worker
//! whose daughter of twelve said "its ok mama" about the school trip; vignettes-fresh87, studied from the forty-seventh
//! session's start, judged 0.35). The formulas stand in 17 labelled listener replies of attune's own sets, all
//! misattuned; most are named by another rule first, and this one speaks only where none did, a hardship stands among
//! the client's last turns (`hardship_told`), the client asked nothing, and no sentence of the reply meets them.

use super::FlagDraft;
use crate::assess::Prep;
use crate::types::{FlagKind, Severity};
use attune_core::{ClientAct, Role};

/// A leaflet's formulas.
/// (and an institution's: "You may be interested to know that widows of former members are eligible for Associate
/// Membership… A form is enclosed." to a widow who asked only that her husband's newsletter be stopped; "Please find
/// attached…"; vignettes-fresh93, studied from the forty-seventh session's start, judged 0.25)
const LEAFLET: &[&str] = &[
    "you may wish to", "you might wish to", "i hope this information", "hope this information is", "this information is of",
    "you may be interested to know", "you might be interested to know", "please find attached", "please find enclosed",
    "a form is enclosed",
    // a leaflet itself handed over, and advice in an organisation's voice ("We've got a leaflet here from Winston's Wish" to
    // a boy of sixteen whose best mate died; "Our advice is: 1. Do not send any further images." to a girl being
    // blackmailed; "I have enclosed a leaflet about trauma for you to read"; sessions fresh142, studied from the
    // fifty-second session on, and studied sets): of the labelled listener replies of attune's own sets that say these, 7
    // are misattuned and none attuned
    "i have enclosed a leaflet", "i've enclosed a leaflet", "i have enclosed our leaflet", "i've enclosed our leaflet",
    "we've got a leaflet", "we have got a leaflet", "we have a leaflet on", "we have a leaflet about", "our advice is",
];

pub(super) fn check(prep: &[Prep], drafts: &mut Vec<FlagDraft>) {
    for (t, p) in prep.iter().enumerate() {
        // (most turns hold none of the formulas: the whole turn is looked at before its sentences)
        if p.role != Role::Therapist || p.block.is_empty() || p.norm.first_of(LEAFLET).is_none() || drafts.iter().any(|d| d.turn == t) {
            continue;
        }
        let Some((s, _, _)) = p.sents.iter().find(|(_, n, _)| n.first_of(LEAFLET).is_some()) else { continue };
        // (as `block_asks` reads it: a question mark inside the telling asks nothing)
        let asked = p.block.iter().any(|&c| prep[c].text.trim_end().ends_with('?') || prep[c].affect.act == ClientAct::AskingForHelp || prep[c].norm.first_of(super::ASKS_HELP).is_some());
        let meets = p.sents.iter().any(|(s, n, c)| super::meets_client(s, n, *c));
        if asked || meets || !super::hardship_told(prep, t) {
            continue;
        }
        drafts.push(FlagDraft {
            kind: FlagKind::Detached,
            turn: t,
            quote: s.to_string(),
            explanation: "Answers in a leaflet's voice (\"you may wish to…\") with information the client did not ask for, and nothing in it meets them.".into(),
            severity: Severity::Medium,
            extra_turns: vec![],
            firm: true,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::tests::assess_bundled;
    use attune_core::Role;

    /// The pair that brought the rule (vignettes-fresh87 `zAU017`): its turns with the misattuned or the attuned reply.
    fn pair(expect: &str) -> Vec<(Role, String)> {
        let line = include_str!("../../../../eval/vignettes-fresh87.jsonl")
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|v| v["pair"] == "zAU017" && v["expect"] == expect)
            .unwrap_or_default();
        let mut turns: Vec<(Role, String)> = line["context"]
            .as_array()
            .map(|a| a.iter().map(|t| (if t["speaker"] == "client" { Role::Client } else { Role::Therapist }, t["text"].as_str().unwrap_or_default().to_string())).collect())
            .unwrap_or_default();
        turns.push((Role::Therapist, line["response"].as_str().unwrap_or_default().to_string()));
        turns
    }

    fn explanations(expect: &str) -> Vec<String> {
        let turns = pair(expect);
        let borrowed: Vec<(Role, &str)> = turns.iter().map(|(r, t)| (*r, t.as_str())).collect();
        assess_bundled(&borrowed).flags.iter().map(|f| f.explanation.clone()).collect()
    }

    #[test]
    fn information_in_a_leaflets_voice_after_a_hardship_is_detached_and_the_attuned_reply_is_not() {
        assert!(explanations("misattuned").iter().any(|e| e.contains("leaflet's voice")), "{:?}", explanations("misattuned"));
        assert!(explanations("attuned").is_empty(), "{:?}", explanations("attuned"));
    }

    #[test]
    fn the_formulas_are_lower_case_words() {
        for ph in super::LEAFLET {
            assert_eq!(crate::text::words(ph).join(" "), *ph);
        }
    }
}
