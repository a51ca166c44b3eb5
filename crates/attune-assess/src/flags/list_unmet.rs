//! A list handed over a feeling no one met: the client names what they feel ("Empty. Words are my whole life.", "I cried
//! in the walk-in yesterday") and the reply, a chatbot's list of tools, ideas or steps, says nothing of it before, between
//! or after its items ("Yes — many translators with low vision continue working successfully… Here are some tools that
//! can help: - **Screen magnification** …", judged 0.46; "Happy almost-birthday to your daughter! 🎂 Here are a few cake
//! ideas…", 0.34; vignettes-fresh78, read once at the forty-fourth session's end). The judge reads a long, polished list
//! as the help a chatbot is asked for, and the client model read the emptiness calm, so neither a fix over an intense
//! feeling nor an unasked list was found. The telling must read hard (distress or hardship 0.4 or more: "its the 'tell
//! me about a time you showed leadership' questions i hate" names a feeling and asks for interview help). The attuned replies of attune's own sets that give a list to a client who named
//! a feeling meet it in words first ("no wonder you're near the end of what you can take…"); this rule looks only for
//! that meeting, outside the items. Where the reply opens on the glad part of the telling ("Happy…", "Congratulations")
//! the list takes up that and leaves the rest: a change of subject. It stands where the judge leans toward a miss at all
//! (within [`BELOW`] of its threshold) but flags nothing, and no other rule drafted the turn.

use super::{advice_list::{is_item_line, list_items}, invited, FlagDraft, TurnCtx};
use crate::text::{self, Norm};
use crate::types::{FlagKind, Severity};

/// How far below its threshold the judge may read the turn.
const BELOW: f32 = 0.3;

/// Words outside the items that meet a feeling without naming one from the emotion lexicon.
const MEETS: &[&str] = &[
    "sorry", "no wonder", "makes sense", "make sense", "a lot to", "so much", "must be", "sounds like", "i hear", "that's a lot",
    "heavy", "painful", "i can imagine", "understandable", "understand", "of course you", "anyone would", "grief", "loss",
    "what a", "how awful", "how hard", "that hour", "tough", "awkward", "uncomfortable", "daunting", "overwhelming", "hard", "difficult",
];

/// A client asks for the list itself, whatever they feel ("just give me the list, I can't think").
const ASKS_LIST: &[&str] = &[
    "give me a list", "send me a list", "a list of", "just tell me", "tell me what to do", "what do i do", "what should i do", "steps", "tips",
    "ideas", "recipe", "walk me through", "options",
];

/// An opening on the glad part of a telling.
/// (Not "happy to", a chatbot's "Happy to help!")
const GLAD_OPENING: &[&str] = &["happy", "congratulations", "congrats", "how exciting", "how lovely", "how wonderful", "what fun"];

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    // (a list of three needs lines)
    if c.p.block.is_empty() || !earlier.is_empty() || !c.p.text.contains('\n') || c.p.judgement.as_ref().is_some_and(|j| j.flagged) || !super::judge_leans(c, BELOW) {
        return None;
    }
    let asks = |k: &crate::assess::Prep| k.norm.first_of(ASKS_LIST).is_some() || text::sentences(k.text).into_iter().any(asks_for_facts);
    if !c.p.block.iter().any(|&b| text::names_emotion(&c.prep[b].norm)) || !super::block_hard(c, 0.4) || c.p.block.iter().any(|&b| asks(&c.prep[b])) || invited(c.p, c.prep) {
        return None;
    }
    let items = list_items(c.p.text);
    if items.len() < 3 {
        return None;
    }
    let outside: String = c.p.text.lines().filter(|l| !is_item_line(l)).collect::<Vec<_>>().join("\n");
    let n = Norm::new(&outside);
    if text::names_emotion(&n) || crate::assess::has_feeling_word(&n) || n.first_of(MEETS).is_some() {
        return None;
    }
    let glad = n.starts_with_any(GLAD_OPENING) && !n.starts_with_any(&["happy to"]);
    // (a reply of items only is quoted by its first)
    let lead = text::sentences(&outside).into_iter().next().unwrap_or(items[0]).to_string();
    Some(FlagDraft {
        kind: if glad { FlagKind::SubjectChange } else { FlagKind::PrematureFixing },
        turn: c.t,
        quote: lead,
        explanation: if glad {
            "Takes up the glad part of what the client told and hands over a list, leaving the feeling they named unmet.".into()
        } else {
            "Hands over a list without a word for the feeling the client just named.".into()
        },
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: true,
    })
}

/// A question that asks for what a list gives: "What is actually likely to happen to me?", "how do I tell them?", "can
/// you help me plan it?". Not a question of whether to go on at all ("Is there any point trying to continue…?").
fn asks_for_facts(s: &str) -> bool {
    let n = Norm::new(s);
    s.trim_end().ends_with('?')
        && n.words.iter().find(|w| !matches!(w.as_str(), "so" | "but" | "and" | "ok" | "okay" | "um" | "like")).is_some_and(|w| {
            matches!(
                w.as_str(),
                "what" | "what's" | "how" | "how's" | "which" | "where" | "when" | "who" | "can" | "could" | "would" | "will" | "should" | "do" | "does"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::asks_for_facts;

    #[test]
    fn a_question_for_facts_is_not_despair() {
        assert!(asks_for_facts("What is actually likely to happen to me?"));
        assert!(asks_for_facts("So how do I tell them?"));
        assert!(!asks_for_facts("Is there any point trying to continue in translation or should I just accept it is finished?"));
        assert!(!asks_for_facts("What a day."));
        assert!(asks_for_facts("Should I quit?"));
    }
}
