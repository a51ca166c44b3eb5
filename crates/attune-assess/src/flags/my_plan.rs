//! The listener's own plan handed over, or the client's orders, unasked ("that makes so much sense, you don't want
//! anyone to get hurt ❤️ what i'd do is tell the court lady exactly what you just told me… and maybe write mum and dad
//! a letter each" to a girl of twelve asked to choose a parent; vignettes-fresh79, read once at the forty-fifth session's end, judged 0.50). "What
//! I'd do is…" is advice whatever warmth comes before it: the phrase stands in 5 labelled misattuned listener turns of
//! attune's own sets and in none attuned, and the one attuned "if I were you" answers a client who asked for a straight
//! answer. It stands after a hardship told and where the client asked nothing; the judge, which reads the warm opening,
//! let it through (a turn the judge flags keeps the judge's kind).

use super::{FlagDraft, TurnCtx};
use crate::types::{FlagKind, Severity};

/// How a listener hands over what they would do ("What I'd do is get yourself down the GP this week"), or what the client
/// is to do ("Oh no, this is really important — an employer is NOT allowed to keep your passport… What you need to do is
/// ring the Modern Slavery Helpline…" to a cleaner whose employer keeps her passport, who said she is scared to ask
/// again; vignettes-fresh83, studied from the forty-sixth session's start, judged 0.58 against 0.58): "what you need to
/// do is" and its kin stand in 20 labelled listener replies of attune's own sets, all misattuned.
const MY_PLAN: &[&str] = &[
    "what i'd do is", "what id do is", "what i would do is", "here's what i'd do", "heres what id do", "here's what i would do",
    "what i'd do in your place", "what i'd do in your shoes", "what i'd do if i were you", "what i'd do if i was you",
    "what you need to do is", "here's what you need to do", "heres what you need to do", "what you should do is",
    "what you have to do is", "here's what you should do",
    // advice announced ("Don't disappear on us Rob. A word of advice from someone who's done it: don't go quiet at home
    // either. Get yourself down the gym…" to a man stepping back from a forum; sessions fresh84, studied from the
    // forty-seventh session's start): 6 labelled listener replies of attune's own sets announce it so, all misattuned
    "a word of advice", "my advice is", "my advice would be",
    // advice put as what others find ("So what a lot of people find helps with the at-home drinking is…"; and see
    // [`RIDDLES`])
    "what a lot of people find helps", "what a lot of families find helps", "what lots of people find helps",
    // the fixing announced ("ok lets think about what u can do. could u borrow it from family to cover rent this month?"
    // to a gambler sitting in the car outside the house his wife thinks he stopped in March; sessions fresh94, studied
    // from the forty-eighth session's start, judged 0.28)
    // ("I think something that could really help here is if you wrote her a letter." to a husband whose wife stopped
    // coming to couples work; sessions fresh97, studied from the forty-eighth session's start)
    "something that could really help here is", "something that could really help is", "one thing that could really help is",
    "let's think about what you can do", "lets think about what you can do", "let's figure out what you can do",
    "lets figure out what you can do", "let's work out what you can do", "lets work out what you can do",
    // a recommendation pressed ("In the meantime, I'd really recommend being honest with your manager about what's actually
    // happening" to a woman who asked whether her panic attacks have a name; sessions fresh140, studied from the fifty-second
    // session on): the 33 labelled listener replies of attune's own sets that recommend "strongly" or "really" are
    // misattuned. A bare "I would recommend" offers, as ESConv's supporters do in sessions their seekers rated well.
    "i'd strongly recommend", "i would strongly recommend", "i'd really recommend", "i would really recommend", "i'd highly recommend",
    "i would highly recommend",
    // ("I think— I think what might help here is reaching back out to her. Soon, before too much time goes by." to a father
    // who froze when his daughter told the family at Christmas that she is a sex worker; vignettes-fresh164, studied from the
    // fifty-second session on, judged 0.55 against 0.58): of the labelled listener replies of attune's own sets that say
    // what might or could help "is", 5 are misattuned and the one attuned answers a client who asked
    "what might help is", "what might help here is", "what might really help is", "what could help is", "what could really help is",
    "what would really help is", "what would help here is",
];

/// Advice put as a riddle the listener answers ("A folder of receipts — gosh. You know what a lot of families find really
/// helps? A second purse." to a son whose mother with dementia says he steals from her; sessions fresh82, read once at
/// the forty-seventh session's end, judged 0.44): a question only in form. These and the last of [`MY_PLAN`] stand in 3
/// labelled listener turns of attune's own sets, all misattuned.
const RIDDLES: &[&str] = &[
    "you know what really helps", "you know what helps", "you know what really works", "you know what works",
    "you know what a lot of people find", "you know what a lot of families find", "you know what lots of people find",
];

/// What the listener would do, put as a step for the client ("Gutting sight, so sorry. Heads in cells with stores close by
/// sounds like isolation starvation… What was your treatment regime last autumn? I'd get a sample off to your bee
/// inspector before you clean the boxes out" to a beekeeper whose twelve colonies died and who did not know why he was
/// posting; vignettes-fresh80, read once at the forty-sixth session's end, judged 0.54 against 0.58). "I'd" and one of
/// these verbs opening a clause, with the client ("you", "your") later in the sentence: of the labelled listener
/// replies of attune's own sets that hold it, 63 are misattuned and none attuned but one where the client asked for a
/// straight answer ("I'd tell her somewhere private…"). Without the client in the sentence it is the listener's own
/// ("I'd put it on the fridge", "I'd call that a triumph too"). "I would suggest", "recommend" and "encourage" offer, as
/// a peer supporter may in a good session ("I would suggest that you either join a local group or sign up to an online
/// one"; ESConv's dev sessions rated well): not these verbs.
const I_WOULD_DO: &[&str] = &[
    "get", "ring", "call", "phone", "contact", "write", "book", "ask", "speak", "talk", "send", "order", "check", "email",
    "text", "report", "skip", "avoid", "try", "start", "stop", "keep", "look",
];

/// A clause that opens on "I'd" and a verb of [`I_WOULD_DO`], not a question, with the client named later in the sentence.
fn would_do(s: &str, n: &crate::text::Norm) -> bool {
    if s.trim_end().ends_with('?') {
        return false;
    }
    let w = &n.words;
    (0..w.len()).any(|i| {
        // (chat's "id" too: "id ring ur gp")
        let verb_at = if w[i] == "i'd" || w[i] == "id" { i + 1 } else if w[i] == "i" && w.get(i + 1).is_some_and(|x| x == "would") { i + 2 } else { return false };
        let Some(verb) = w.get(verb_at) else { return false };
        let rest = &w[verb_at + 1..];
        // the client named as theirs later in the sentence, not as the listener's object ("I'd ask you what you need",
        // "I'd check in with you tomorrow"), and "I'd get it if you wanted to walk away" understands
        // ("it" only after "get" and "call": "I'd get it if…" understands, "I'd call it a triumph" names, where "id write it
        // down beforehand so u dont freeze" to a man listening to his dying father's machines on voice notes is a step;
        // vignettes-fresh105, studied from the forty-eighth session's start)
        let object_you = rest.first().is_some_and(|x| matches!(x.as_str(), "you" | "yourself" | "with" | "in") || (x == "it" && matches!(verb.as_str(), "get" | "call")));
        I_WOULD_DO.contains(&verb.as_str())
            && !object_you
            && rest.iter().any(|x| super::YOU.contains(&x.as_str()))
            && opens_clause(s, n, &w[i..=verb_at].join(" "))
    })
}

/// The phrase opens its sentence, after fillers at most ("Okay, so what you need to do is…"), or a break in the
/// sentence just before it ("…you don't want anyone to get hurt ❤️ what i'd do is…", "Here's the thing: what you need
/// to do is…"): "Working out what you need to do is the hard part" names no order.
fn opens_clause(s: &str, n: &crate::text::Norm, ph: &str) -> bool {
    // ("I think" too: "I think something that could really help here is if you wrote her a letter.")
    const FILLERS: &[&str] = &["so", "ok", "okay", "right", "well", "honestly", "and", "um", "then", "but", "look", "listen", "oh", "yeah", "mm", "pause", "i", "think"];
    let first = ph.split(' ').next().unwrap_or("");
    let after_fillers = n.words.iter().enumerate().any(|(i, w)| {
        w == first && n.words[i..].join(" ").starts_with(ph) && n.words[..i].iter().all(|x| FILLERS.contains(&x.as_str()))
    });
    let low = s.to_lowercase().replace('\u{2019}', "'");
    let after_break = low.find(ph).is_some_and(|at| {
        // (an emoji ends a chat clause as a comma does)
        low[..at]
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, ',' | ':' | ';' | '—' | '–' | '-' | '.' | '!' | '?') || (!c.is_alphanumeric() && !c.is_ascii()))
    });
    after_fillers || after_break
}

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    let p = c.p;
    if super::stands(earlier) || p.judgement.as_ref().is_none_or(|j| j.flagged) {
        return None;
    }
    let opens = |list, s: &str, n: &crate::text::Norm| n.first_of(list).is_some_and(|ph| opens_clause(s, n, ph));
    // (a riddle only as a question: "You know what works for you better than anyone." hands the choice back)
    let plan = |s: &str, n: &crate::text::Norm| {
        let asks = s.trim_end().ends_with('?');
        (!asks && opens(MY_PLAN, s, n)) || (asks && opens(RIDDLES, s, n))
    };
    let (quote, _, _) = p.sents.iter().find(|(s, n, _)| plan(s, n) || would_do(s, n))?;
    // (the listener's view asked for: "idk who to pick. what would u do")
    const ASKS_VIEW: &[&str] = &["what would you do", "if you were me", "what you'd do", "what you would do"];
    if super::block_asks(c, super::bare_order::ASKS)
        || p.block.iter().any(|&b| c.prep[b].norm.first_of(ASKS_VIEW).is_some())
        || !super::hardship_told(c.prep, c.t)
        || super::invited(p, c.prep)
        || attune_text::rules::scan(p.text).permission
    {
        return None;
    }
    Some(FlagDraft {
        kind: FlagKind::AdviceWithoutPermission,
        turn: c.t,
        quote: quote.to_string(),
        explanation: "Hands over a plan (\"what I'd do is…\", \"what you need to do is…\") that the client did not ask for.".into(),
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: true,
    })
}

#[cfg(test)]
mod tests {
    use crate::tests::assess_bundled;
    use attune_core::Role;

    const CLIENT: &str = "mum and dad are getting divorced and the lady from court said i can say who i want to live with. if i pick mum dad will be sad and if i pick dad mum will cry. she already cries every night";

    fn flags(reply: &str, client: &str) -> Vec<&'static str> {
        assess_bundled(&[(Role::Client, client), (Role::Therapist, reply)]).flags.iter().map(|f| f.kind.as_str()).collect()
    }

    #[test]
    fn the_listeners_own_plan_after_a_hardship_is_advice_unasked() {
        let reply = "that makes so much sense, you don't want anyone to get hurt ❤️ what i'd do is tell the court lady exactly what you just told me - that you don't want to pick. and maybe write mum and dad a letter each";
        assert!(flags(reply, CLIENT).contains(&"advice_without_permission"));
    }

    #[test]
    fn the_phrase_as_a_subject_names_no_order() {
        let n = |s: &str| crate::text::Norm::new(s);
        let s = "Working out what you need to do is the hard part, and you don't have to do it tonight.";
        assert!(!super::opens_clause(s, &n(s), "what you need to do is"));
        let s = "Okay, so what you need to do is screenshot everything tonight.";
        assert!(super::opens_clause(s, &n(s), "what you need to do is"));
        let s = "that makes so much sense ❤️ what i'd do is tell the court lady";
        assert!(super::opens_clause(s, &n(s), "what i'd do is"));
    }

    #[test]
    fn what_the_listener_would_do_for_the_client_is_a_step_handed_over() {
        let n = |s: &str| crate::text::Norm::new(s);
        let s = "I'd get a sample off to your bee inspector before you clean the boxes out.";
        assert!(super::would_do(s, &n(s)));
        let s = "Honestly, I would ring your GP first thing.";
        assert!(super::would_do(s, &n(s)));
        // the listener's own, or asked
        let s = "I'd put it on the fridge and tell everyone a friend drew it.";
        assert!(!super::would_do(s, &n(s)));
        let s = "Would it help if I'd ask you a few things first?";
        assert!(!super::would_do(s, &n(s)));
        let s = "Everything I'd say to you sounds thin tonight.";
        assert!(!super::would_do(s, &n(s)));
        let s = "I'd get it if you wanted to walk away from all of it.";
        assert!(!super::would_do(s, &n(s)));
        let s = "I'd check in with you tomorrow, if that's all right.";
        assert!(!super::would_do(s, &n(s)));
        let s = "honestly id ring ur gp first thing";
        assert!(super::would_do(s, &n(s)));
    }

    #[test]
    fn advice_put_as_a_riddle_is_advice() {
        let client = "It's her purse, mostly. She hides it somewhere safe, and then she can't find it, and then it's me. \"You've had it, Daniel.\" Most days. I've started keeping receipts. For everything. In a folder. Like I'm gonna be on trial.";
        let reply = "A folder of receipts — gosh. You know what a lot of families find really helps? A second purse. Same colour, same make, bit of cash in it, and when she loses one you find the other for her.";
        let opening = "It's my mum. They're saying Alzheimer's. I moved back in with her, it'll be two years in June. And lately she's decided I'm stealing from her.";
        let turns = [(Role::Client, opening), (Role::Therapist, "Two years living with her — and now you're the one she thinks is stealing. That's a lot to say out loud."), (Role::Client, client), (Role::Therapist, reply)];
        let got: Vec<&str> = assess_bundled(&turns).flags.iter().map(|f| f.kind.as_str()).collect();
        assert!(got.contains(&"advice_without_permission"), "{got:?}");
    }

    #[test]
    fn asked_for_it_is_no_miss() {
        let asked = format!("{CLIENT}. what would you do?");
        let reply = "that makes so much sense, you don't want anyone to get hurt ❤️ what i'd do is tell the court lady exactly what you just told me - that you don't want to pick.";
        assert!(!flags(reply, &asked).contains(&"advice_without_permission"));
    }
}
