//! Advice after refusal: the client has just complained about the help or turned a suggestion down ("This isn't
//! helping. You keep giving me tips.", "I've tried that"), and the reply gives more advice without asking or owning
//! the miss. The client has said no to this move in so many words, so the flag does not wait for the judge, which
//! learned from exchanges that rarely hold such a complaint (it put "Another thing you could try is a gratitude
//! journal." at 0.29 there). A rupture marker met by more of the same is what 3RS calls a missed rupture; the
//! kind is advice without permission because the permission was just withheld.

use super::{FlagDraft, TurnCtx};
use crate::text;
use crate::types::{FlagKind, Severity};

/// Advice turned down before it was offered ("yeah. i dont need tips or anything, ive done the debrief. i just cant
/// sleep" — "of course, no tips, just here 💜 … when u do lie down maybe stick on something really mindless";
/// vignettes-fresh61, read once in the thirtieth session, judged 0.35).
const DECLINES_ADVICE: &[&str] = &[
    "dont need tips", "don't need tips", "dont want tips", "don't want tips", "no tips", "dont need advice", "don't need advice",
    "dont want advice", "don't want advice", "not looking for advice", "not after advice", "don't want solutions",
    "dont want solutions", "don't need solutions", "dont need solutions", "not looking for solutions", "don't want to be fixed",
    "don't need fixing", "please don't give me advice", "no advice please",
    // ("I am not writing for advice. I only want to know if other fathers have felt this." from a father who learned from
    // Facebook that his son had married; vignettes-fresh104, studied from the forty-eighth session's start)
    "not writing for advice", "not asking for advice", "not here for advice", "don't want any advice",
];

/// A turn that is only a hedge ("yeah maybe" to "is there an adult you trust … you could talk to?" from a girl of sixteen
/// whose mum drinks every night, then "i really do think it would help to tell someone at school"; vignettes-fresh100,
/// studied from the forty-eighth session's start, judged 0.52): the suggestion was not taken up, and more of it presses.
const HEDGE: &[&str] = &["maybe", "perhaps", "idk", "dunno", "possibly", "guess", "mayb", "mebbe"];

fn bare_hedge(n: &crate::text::Norm) -> bool {
    const BESIDES: &[&str] = &["yeah", "yes", "ya", "ok", "okay", "um", "i", "mm", "hmm", "erm"];
    n.len() <= 4 && n.words.iter().any(|w| HEDGE.contains(&w.as_str())) && n.words.iter().all(|w| HEDGE.contains(&w.as_str()) || BESIDES.contains(&w.as_str()))
}

/// A question of four words or more that opens as one asks ("And what should I be asking on Thursday?"); "What's the
/// point?" and "What is the point?" ask nothing.
fn asks_within(text: &str) -> bool {
    const OPENS: &[&str] = &["how", "what", "which", "where", "when", "who", "should", "can", "could", "is", "are", "do", "does", "would", "will"];
    const RHETORICAL: &[&str] = &["what is the point", "what's the point", "what good", "who cares", "is that it", "what does it matter"];
    text.contains('?')
        && attune_text::tokens::sentences(text).into_iter().any(|s| {
            if !s.trim_end().ends_with('?') {
                return false;
            }
            let n = crate::text::Norm::new(s);
            let skip = n.words.iter().take_while(|x| matches!(x.as_str(), "and" | "but" | "so" | "ok" | "okay")).count();
            n.words.len() >= skip + 4 && OPENS.contains(&n.words[skip].as_str()) && n.first_of(RHETORICAL).is_none()
        })
}

pub(super) fn check(c: &TurnCtx, _earlier: &[FlagDraft]) -> Option<FlagDraft> {
    let (p, prep) = (c.p, c.prep);
    // a client who turns one thing down and then asks ("I've tried that. What else is there?", "Forget I said anything.
    // What's the best app to block those sites?") is answered, not overridden
    // (the question may stand before a sign-off or a last word: "I'm not asking you to tell me what to do. What I'm asking
    // is: how do people in this position actually make the decision? And what should I be asking on Thursday? I feel like
    // I'm going to walk in there blank. Ruth"; vignettes-fresh114, studied from the forty-ninth session on)
    if p.block.last().is_some_and(|&k| prep[k].text.trim_end().ends_with('?')) {
        return None;
    }
    // help turned down needs help offered in the last two listener turns; with none, only advice declined ahead counts
    // ("i lie there doing maths that doesn't work" after "that sounds so stressful": the maths does not work, no help
    // was refused; vignettes-fresh10's attuned chat reply, flagged by this rule at a judged 0.01)
    let helped_before = || p.block.first().is_some_and(|&k| {
        prep[..k].iter().rev().filter(|q| q.role == attune_core::Role::Therapist).take(2).any(|q| q.codes.iter().any(|c| c.is_fixing()) || !q.advice().is_empty())
    });
    // (nor one whose complaint is that their question went unanswered: "Would you go? If you were me. And I'm not asking
    // you to do the therapist thing where you ask me what I think. I'm asking what you actually think." is answered by
    // the listener's view; vignettes-fresh85, studied from the forty-sixth session's start)
    // (unless advice is declined in the same breath: "That's not what I asked. I don't want advice, I just wanted to be
    // heard.")
    let unanswered = |k: usize| prep[k].norm.first_of(super::QUESTION_UNANSWERED).is_some() && prep[k].norm.first_of(DECLINES_ADVICE).is_none();
    if p.block.iter().any(|&k| unanswered(k)) {
        return None;
    }
    let refusal = p.block.iter().find_map(|&k| {
        let n = &prep[k].norm;
        // (a complaint about the listening needs no help before it: "you're not listening" is one whatever came before)
        let turned_down = || n.first_of(text::REJECTING).filter(|ph| !matches!(*ph, "yeah but" | "yes but"));
        // (a complaint someone else made, told by the client, is their story: "He said Daddy you are not listening")
        text::first_own(n, prep[k].text, text::COMPLAINT)
            .or_else(|| turned_down().filter(|_| helped_before()))
            // (a hedge only as the block's last word on it: "yeah maybe" then "actually my aunt might be good" takes it up)
            .or_else(|| {
                let hedged = Some(&k) == p.block.last() && bare_hedge(n) && helped_before();
                hedged.then(|| HEDGE.iter().copied().find(|h| n.words.iter().any(|w| w == h))).flatten()
            })
            .or_else(|| n.first_of(DECLINES_ADVICE))
    })?;
    // (read once a refusal is found: most turns hold none)
    if p.block.last().is_some_and(|&k| asks_within(prep[k].text)) {
        return None;
    }
    // help left for the client to ask for later is no advice ("And if at some point you do want a hand thinking it
    // through, you know where I am — but only if you ask." to "I'm not asking you to fix it"; vignettes-fresh55, read
    // once at the twenty-eighth session's end)
    const LEFT_TO_ASK: &[&str] = &[
        "only if you ask", "you know where i am", "you know where to find me", "if you ever want", "if at some point you",
        "if you'd ever like", "whenever you want to", "if and when you want",
    ];
    // an offer whose taking is theirs, closing its sentence ("I'd like to find some time this week that isn't supervision,
    // just to sit with you, if you'd want that."; vignettes-fresh113, studied from the forty-ninth session on); not "If you
    // want that to stop, you need to block him"
    const OFFER_CLOSES: &[&str] = &["if you'd want that", "if you would want that", "if you'd like that", "if you would like that", "if you want that"];
    let offered = |n: &text::Norm| OFFER_CLOSES.iter().any(|ph| n.words.ends_with(&crate::text::words(ph)));
    // nor is a question that asks what the client wants ("do you want to just vent tonight or would it help to think
    // through options together?")
    const ASKS_WHAT_THEY_WANT: &[&str] = &["do you want to", "do u want to", "would it help to", "would it help if", "would you like", "or would it help", "do you want me to"];
    let quote = p
        .sents
        .iter()
        .find(|(s, n, code)| {
            (*code == Some(attune_core::Code::Advise) || attune_text::advice::sentence_advice(s).is_some())
                && n.first_of(LEFT_TO_ASK).is_none()
                && !offered(n)
                // (nor a demand lifted: "That's a great deal to hold, and you shouldn't have to hold it on your own." to a
                // social worker who wrote "I'm not asking you to tell me anything"; vignettes-fresh113, studied from the
                // forty-ninth session on; a release with an order after a dash is the order: "You don't have to do this
                // alone — call the Samaritans tonight")
                && !(super::releases(s, n) && !s.contains(['—', '–']) && !s.contains(" - "))
                && !(s.contains('?') && n.first_of(ASKS_WHAT_THEY_WANT).is_some())
        })
        .map(|(s, _, _)| s.to_string())?;
    // asking first, or owning the miss anywhere in the reply, is a different move: "we'll get to it. But I don't want to
    // skip past what you said, and I'm sorry I answered it with a list" (fresh15, studied) puts the help off to repair
    let owns = |n: &text::Norm| [text::REPAIR_ACK, text::REPAIR_INVITE, text::REPAIR_CLARIFY].iter().any(|l| n.first_of(l).is_some());
    // so is a reply that meets the client and hands the turn back with a question ("Please ignore that comment, it's
    // judgement, not support… That's a hard, loving choice… what would that look like for you?", a second forum
    // replier after the client told off the first; fresh26, read once in the twenty-second session)
    let meets_and_asks = p.attuning && p.text.trim_end().ends_with('?');
    // and so is a reply that opens by doing as the client said ("Then I won't mention him again." to a guitarist who did
    // not want to hear about a player who came back from the same injury; vignettes-fresh108, studied from the
    // forty-eighth session's start)
    const COMPLIES: &[&str] = &["i won't mention", "i won't bring", "i won't suggest", "i won't push", "i'll stop", "i will stop", "i'll leave that"];
    // (not "I won't push, but I really think you should call the GP", which is the advice again)
    let turns_on = |n: &text::Norm| n.words.iter().any(|w| matches!(w.as_str(), "but" | "though" | "tho" | "however"));
    if p.sents.first().is_some_and(|(_, n, _)| n.first_of(COMPLIES).is_some() && !turns_on(n)) {
        return None;
    }
    // (and a reply that names, in the client's words, the asking it answers: `names_the_asking`)
    let asks_or_owns = attune_text::rules::scan(p.text).permission || p.sents.iter().any(|(_, n, _)| owns(n)) || meets_and_asks || super::names_the_asking(p, prep);
    if asks_or_owns {
        return None;
    }
    Some(FlagDraft {
        kind: FlagKind::AdviceWithoutPermission,
        turn: c.t,
        quote,
        explanation: if HEDGE.contains(&refusal) {
            format!("The client had just hedged on the help (\"{refusal}\") and the reply presses more advice instead of asking what held them back.")
        } else {
            format!("The client had just turned the help down (\"{refusal}\") and the reply gives more advice instead of asking what went wrong.")
        },
        severity: Severity::High,
        extra_turns: vec![],
        firm: false,
    })
}

#[cfg(test)]
mod tests {
    use crate::text::Norm;

    #[test]
    fn a_bare_hedge_and_a_hedge_with_more() {
        let hedge = |s: &str| super::bare_hedge(&Norm::new(s));
        assert!(hedge("yeah maybe"));
        assert!(hedge("idk"));
        assert!(hedge("Maybe. I guess."));
        assert!(!hedge("maybe I'll ask my aunt tomorrow"));
        assert!(!hedge("yeah"));
    }

    #[test]
    fn a_question_before_a_sign_off_asks_and_a_rhetorical_one_does_not() {
        assert!(super::asks_within("I'm not asking you to tell me what to do. What I'm asking is: how do people decide? And what should I be asking on Thursday? I feel blank.\n\nRuth"));
        assert!(!super::asks_within("I don't want advice. What's the point?"));
        assert!(!super::asks_within("I don't want advice. What is the point?"));
        assert!(!super::asks_within("I don't want advice. I just want someone to know."));
    }

    #[test]
    fn a_demand_lifted_and_an_offer_left_to_the_client_are_no_advice_after_a_refusal() {
        use crate::tests::assess_bundled;
        use attune_core::Role;
        let client = "I keep going over the last home visit. I'm not sleeping. I'm not asking you to tell me anything. I just needed someone at work to know.";
        let advice = |reply: &str| {
            assess_bundled(&[(Role::Client, client), (Role::Therapist, reply)]).flags.iter().any(|f| f.explanation.contains("turned the help down"))
        };
        assert!(!advice("That's a great deal to hold, and you shouldn't have to hold it on your own."));
        assert!(!advice("I'd like to find some time this week just to sit with you, if you'd want that."));
        assert!(advice("You don't have to do this alone — you should call occupational health tonight."));
        assert!(advice("You should speak to occupational health and ask for a referral to counselling."));
    }
}
