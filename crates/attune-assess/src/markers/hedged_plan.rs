//! A hedged yes to a miss, then a plan and nothing more ("Maybe. Okay. Thank you for the draft. I will send it tomorrow
//! after morning service." after the hurt of being the last to know was called an act of trust; "Maybe. I'll post an
//! update after Thursday." after a reframe; sessions studied): the client goes along and closes the matter on a next
//! step, leaving the feeling where the miss put it (3RS: deferential withdrawal). The lukewarm yes followed by a
//! question is `lukewarm`'s; one followed by more of the story ("Maybe. He stopped going to youth fellowship last
//! year. I shouted at him for it.") holds no plan and stays the client's telling.
use super::lukewarm::lukewarm_words;
use super::MarkerCtx;
use crate::types::MarkerSubtype;

/// What a next step opens on.
/// ("Mm. Yeah. Could do. There's a — yeah, the chemist did mention a liquid one. [pause] I'd have to ring them." after
/// advice; "Hm. Maybe. I don't know. [pause] I should probably figure out when I can even rebook, honestly." after a
/// detached reply; sessions studied)
const PLANS: &[&str] = &[
    "i will", "i'll", "i can", "i'm going to", "im going to", "i am going to", "i'm gonna", "im gonna", "i'd have to",
    "i would have to", "i'll have to", "i'd need to", "i should probably",
];

/// Words a sentence may open with before its plan ("[pause] I'd have to ring them", "So I will send it").
const BEFORE_PLAN: &[&str] = &["pause", "um", "uh", "er", "erm", "so", "and", "then", "yeah", "ok", "okay", "well", "anyway"];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    if !c.after_miss || c.n.len() > 22 || c.p.text.contains('?') {
        return None;
    }
    let sents = c.sentences();
    // the opening sentences made of a lukewarm yes's words, one of them holding the hedge itself
    let opened = sents.iter().take_while(|(_, n)| lukewarm_words(n)).count();
    let (head, rest) = sents.split_at(opened);
    let hedged = head.iter().any(|(_, n)| n.first_of(super::HEDGED_YES).is_some());
    // the turn ends on the plan, said as one ("Maybe. Dad always said I will never amount to anything." is no plan)
    let plan = |n: &crate::text::Norm| {
        let skip = n.words.iter().take_while(|w| BEFORE_PLAN.contains(&w.as_str())).count();
        crate::text::words_start_with_any(&n.words[skip..], PLANS)
    };
    let hedged_after = c.n.len() <= 15 && sents.iter().any(|(_, n)| plan(n) && ends_hedged(n));
    ((hedged && rest.last().is_some_and(|(_, n)| plan(n))) || hedged_after || ok_then_plan(c.n)).then_some(MarkerSubtype::DeferentialAgreement)
}

/// A plan with its hedge after it ("I'll try the app I guess" after a reply that found good news in not having to phone
/// the bank the client could not face; sessions fresh89, studied from the forty-ninth session on; "ok thanks. I'll make
/// the list tonight I guess", "I'll see what comes out of the M&M, I suppose."): each of the 4 client turns of attune's
/// own sessions so made follows a labelled miss and is a withdrawal.
/// Or with a resigned "then" ("Yeah. Of course. I'll keep it to the nice stuff then." after a eulogy's hard parts were
/// called unfit for the day; "ok. I'll say it was my fault then. thanks for the structure"; sessions fresh112 and
/// fresh107, studied from the forty-ninth session on: the 2 client turns of attune's own sessions so made are labelled
/// withdrawals); not "then" as a time ("I'll ask the GP on Monday then", "I'll see you Thursday then").
fn ends_hedged(n: &crate::text::Norm) -> bool {
    const WHEN: &[&str] = &[
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tomorrow", "tonight", "later", "week", "morning",
        "afternoon", "evening", "soon", "next",
    ];
    let w = &n.words;
    let hedge = w.len() >= 2 && w[w.len() - 2] == "i" && matches!(w[w.len() - 1].as_str(), "guess" | "suppose" | "spose");
    hedge || (w.last().is_some_and(|x| x == "then") && !w.iter().any(|x| WHEN.contains(&x.as_str())))
}

/// A bare "ok", a thanks at most, then a short plan and nothing else ("ok. i will just translate it for her" after steps
/// for a council's housing offer; "ok. thanks i will check ukcisa" after a visa rule; sessions fresh83 and fresh80,
/// studied from the forty-seventh session's start): of the client turns of attune's own sessions so made, every one
/// follows a flagged turn and is a labelled withdrawal (10).
fn ok_then_plan(n: &crate::text::Norm) -> bool {
    const OK: &[&str] = &["ok", "okay", "k", "right"];
    const THANKS: &[&str] = &["thanks", "thank", "you", "cheers", "ty", "thx"];
    let w = &n.words;
    let ok = w.iter().take_while(|x| OK.contains(&x.as_str())).count();
    let thanks = w[ok..].iter().take_while(|x| THANKS.contains(&x.as_str())).count();
    let rest = &w[ok + thanks..];
    // (chat's "ill" is "I'll" here: "k. ill do the screenshots")
    // (a bare "I will try" names nothing to do: `minimal::bare_try`'s)
    // (not "i can": "ok. i can see why you said that" plans nothing)
    let plan = crate::text::words_start_with_any(rest, PLANS) && !crate::text::words_start_with_any(rest, &["i can"]);
    ok > 0 && (4..=9).contains(&rest.len()) && (plan || rest.first().is_some_and(|x| x == "ill"))
}

#[cfg(test)]
mod tests {
    use crate::tests::marker_after;
    use crate::types::MarkerSubtype;

    #[test]
    fn a_hedged_yes_then_a_plan_after_a_reframe_is_going_along() {
        let client = "Everybody knew before me. I am the last to know because they were afraid of me.";
        let reframe = "That must sting. But it might help to look at it another way: the fact that he did tell you shows how much your relationship means to him. In a sense, his telling you was an act of trust.";
        let (flagged, m) = marker_after(client, reframe, "Maybe. Okay. Thank you for the draft. I will send it tomorrow after morning service.");
        assert!(flagged, "the reframe is flagged");
        assert_eq!(m, Some(MarkerSubtype::DeferentialAgreement));
    }

    #[test]
    fn a_plan_hedged_after_it_is_going_along() {
        let ends = |s: &str| super::ends_hedged(&crate::text::Norm::new(s));
        assert!(ends("I'll try the app I guess"));
        assert!(ends("I'll see what comes out of the M&M, I suppose."));
        assert!(!ends("I guess I'll try the app"));
        assert!(ends("I'll keep it to the nice stuff then."));
        assert!(!ends("I'll ask the GP on Monday then."));
    }

    #[test]
    fn a_bare_ok_then_a_short_plan_after_a_miss_is_going_along() {
        let plan = |s: &str| super::ok_then_plan(&crate::text::Norm::new(s));
        assert!(plan("ok. i will just translate it for her"));
        assert!(plan("ok. thanks i will check ukcisa"));
        assert!(!plan("i will just translate it for her"));
        assert!(!plan("ok. i will ring her tonight and then i think i will go round on sunday because she sounded awful"));
    }

    #[test]
    fn a_hedged_yes_then_more_of_the_story_is_no_marker() {
        let client = "Everybody knew before me. I am the last to know because they were afraid of me.";
        let reframe = "That must sting. But it might help to look at it another way: the fact that he did tell you shows how much your relationship means to him. In a sense, his telling you was an act of trust.";
        let (_, m) = marker_after(client, reframe, "Maybe. He stopped going to youth fellowship last year. I shouted at him for it. Now I think I understand why he stopped.");
        assert_ne!(m, Some(MarkerSubtype::DeferentialAgreement));
        let (_, m) = marker_after(client, reframe, "Maybe. Dad always said I will never amount to anything.");
        assert_ne!(m, Some(MarkerSubtype::DeferentialAgreement));
    }
}
