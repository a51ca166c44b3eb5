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
];

pub(super) fn check(prep: &[Prep], drafts: &mut Vec<FlagDraft>) {
    for (t, p) in prep.iter().enumerate() {
        if p.role != Role::Therapist || p.block.is_empty() || drafts.iter().any(|d| d.turn == t) {
            continue;
        }
        let Some((s, _, _)) = p.sents.iter().find(|(_, n, _)| n.first_of(LEAFLET).is_some()) else { continue };
        let asked = p.block.iter().any(|&c| prep[c].text.contains('?') || prep[c].affect.act == ClientAct::AskingForHelp || prep[c].norm.first_of(super::ASKS_HELP).is_some());
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

    const CLIENT: &str = "i am care worker, zero hour contract. this week they give me 6 hours only. my daughter need money for school trip £180 i say her maybe. she know what maybe means. i am so tired to be always the one who say maybe";

    fn flags(reply: &str, client: &str) -> Vec<&'static str> {
        assess_bundled(&[(Role::Client, client), (Role::Therapist, reply)]).flags.iter().map(|f| f.kind.as_str()).collect()
    }

    #[test]
    fn information_in_a_leaflets_voice_after_a_hardship_is_detached() {
        let reply = "I see. Zero-hours contracts can be unpredictable. You may wish to know that you can ask your employer for a more predictable working pattern. I hope this information is of some use to you.";
        assert!(!flags(reply, CLIENT).is_empty());
    }

    #[test]
    fn asked_for_it_is_no_miss() {
        let asked = format!("{CLIENT}. what can i do about the hours?");
        let reply = "You may wish to ask your employer, in writing, for a more predictable working pattern; you have the right to ask.";
        assert!(!flags(reply, &asked).contains(&"detached"));
    }
}
