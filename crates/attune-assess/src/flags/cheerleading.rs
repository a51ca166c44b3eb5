//! Cheerleading: reassurance or cheering over the client's distress rather than staying with it.

use super::{severity_for, FlagDraft, TurnCtx};
use crate::text;
use crate::types::FlagKind;
use attune_core::Code;

/// Cheering phrases the shared list (`rules::REASSURE`, read by the coder and the judge too, so a change there means
/// retraining both) does not hold ("you're so much stronger than you realise … you're going to come through this, I know
/// you are" to a mother whose stillborn daughter had a name; vignettes-fresh37, read once in the twenty-fifth session).
pub(crate) static CHEERS: &[&str] = &[
    "stronger than you realise", "stronger than you realize", "stronger than you think", "stronger than you know",
    // ("Honestly mate, you're doing everything right. … You're tougher than you give yourself credit for." to a vineyard
    // owner whose harvest hail destroyed; sessions fresh108, studied from the forty-ninth session on)
    "tougher than you give yourself credit", "stronger than you give yourself credit", "tougher than you think",
    "tougher than you realise", "tougher than you know",
    "you're going to come through", "you'll come through", "you will come through", "good days ahead", "better days ahead",
    "brighter days ahead", "i have no doubt you'll", "i have no doubt you will",
    // success foretold ("I bet you'll be reading her stories by Christmas." to a grandfather who never learned to read;
    // vignettes-fresh51, read once in the twenty-seventh session)
    "i bet you'll", "i bet you will", "i bet u'll", "i bet ull", "i bet u will",
    // the worst declared over and the future promised ("But honestly? The hardest part is behind you now. … from here it
    // only gets better … Your best years are ahead of you!" to a man angry after a late ADHD diagnosis, judged 0.01;
    // vignettes-fresh54, read once in the twenty-eighth session)
    "hardest part is behind you", "hardest part is over", "worst is behind you", "it only gets better", "only gets better from here",
    "best years are ahead", "best years are still ahead", "best is yet to come", "you're going to be amazed", "you'll be amazed",
    "you're going to thrive", "you'll thrive",
    // a good outcome promised to a widower dreading the first Christmas ("But I have a good feeling about Leeds. … I'm sure
    // it will lift you more than you expect … You'll be all right, Arthur, I know you will."; vignettes-fresh61, read once
    // in the thirtieth session, judged 0.10)
    "i have a good feeling about", "you'll be all right", "you will be all right", "you'll be alright", "you will be alright",
    "ull be alright", "i know you will", "i just know you'll",
    // in chat's spelling ("ur gonna stack them so much faster this time, u already proved u can do 41. ur stronger than u
    // think 💪💪" after a relapse at 41 days; sessions fresh60, read once at the thirty-first session's end)
    "ur stronger than", "you already proved you can", "you've already proved you can",
    // a body's outcome promised to a woman nine weeks pregnant after a loss at seven ("Your body is doing exactly what it
    // needs to, and there's real reason to let yourself hope this time. 💛"; sessions fresh63, read once in the
    // thirty-third session; the listener's repair quoting "real reason to hope" back is why the shorter phrase is not here)
    "doing exactly what it needs to", "reason to let yourself hope",
    // the same in chat, and the recovery foretold ("SENT!! honestly the hardest part is behind u now, it only gets easier
    // from here 💜", "ull be back to feeling like urself in no time 💛💪"; sessions studied): in 21 labelled misattuned
    // replies of attune's own sets and in no attuned one
    // (not a bare "in no time" nor "back to your old self": "You're wondering if you'll ever get back to your old self")
    "only gets easier", "gets easier from here", "better in no time", "fine in no time", "you'll be back to feeling",
    "ull be back to feeling", "you'll be back to your old self", "ull be back to ur old self", "you'll be back to normal",
    // a future promised to someone who has just said they think of ending their life ("…but you've got so much ahead of
    // you. Breakups are horrible, but people do come through them, and you will too." on a crisis line; sessions fresh88,
    // studied from the forty-seventh session's start, judged 0.44)
    "so much ahead of you", "whole life ahead of you", "so much to live for", "people do come through", "people come through",
    // the trouble promised over ("Please be assured that we are committed to getting you back on your feet as quickly as
    // possible, and we are confident that this will all be behind you very soon." from an insurer to a mother five weeks in
    // a Travelodge after a fire; vignettes-fresh99, studied from the forty-eighth session's start, judged 0.52): the 6
    // labelled listener replies of attune's own sets that say these are misattuned
    // (not "I'll be right behind you", nor "once you're back on your feet after surgery")
    "will all be behind you", "be behind you soon", "be behind you very soon", "this will be behind you", "getting you back on your feet",
    "you'll be back on your feet", "be back on your feet before",
];

/// Cheers that stand whatever the judge says: of the labelled listener replies of attune's own sets that say them, every
/// one is misattuned.
pub(crate) static UNMISTAKABLE_CHEERS: &[&str] = &[
    // the dead's wishes and pride pronounced ("I think Pete would want you to be happy." to a widow who sat on his side of
    // the bed after his best man asked her to dinner; vignettes-fresh85, studied from the forty-sixth session's start,
    // judged 0.41; "Your brother would be so proud of you"): in 12 labelled misattuned replies of attune's own sets and in
    // no attuned one
    // (chat's "u" is read as "you": `text::words`)
    "would want you to be happy", "would want you to move on", "would want you to live", "would be so proud of you",
    "would be proud of you",
    // ("Well, if everyone said it was lovely then it was lovely — … and I bet you did him proud." to a son made to give
    // his father's eulogy without warning, who remembers none of it; "It's the illness talking, not him — deep down that
    // love is still there" to a wife of fifty years whose husband asked if she was the lady from the council;
    // vignettes-fresh92, studied from the forty-seventh session's start, judged 0.20 and 0.19): in 4 labelled misattuned
    // replies of attune's own sets and in no attuned one ("very often the illness talking rather than your daughter"
    // explains)
    "did him proud", "did her proud", "did them proud", "illness talking not him", "illness talking not her",
    "disease talking not him", "disease talking not her", "dementia talking not him", "dementia talking not her",
    // progress held up ("A whole year, look how far you've come!" to a client whose engagement ended; "The fact that you
    // can write so openly now shows how far you've come since your first letter." to a widow who felt relief the morning
    // her husband died; sessions fresh91 and studied, read at the forty-eighth session's start): the 11 labelled listener
    // replies of attune's own sets that say it are misattuned
    "how far you've come", "how far you have come",
];

/// The first cheering phrase of a sentence: the shared reassurance list, [`CHEERS`], then [`UNMISTAKABLE_CHEERS`].
fn cheer_phrase(n: &text::Norm) -> Option<&'static str> {
    n.first_of(text::REASSURE).or_else(|| n.first_of(CHEERS)).or_else(|| n.first_of(UNMISTAKABLE_CHEERS))
}

/// A sentence that cheers ([`cheer_phrase`]) and does not own the last reply's cheer; the phrase found.
fn cheer(n: &text::Norm) -> Option<&'static str> {
    cheer_phrase(n).filter(|l| !super::owns_in_words(n) && !about_arrangements(n, l) && !told_not_urged(n, l))
}

/// [`cheer`] said in the listener's own voice: not in words drafted for the client to say, nor quoted as what not to say
/// ("Tell yourself: "This is adrenaline. It will pass."" in the steps a student asked for against panic in exams; "- "It
/// wasn't meant to be" / "Everything happens for a reason"" among the things a man asked not to say to his partner after
/// her miscarriage; sessions fresh132, studied from the fifty-first session on).
fn spoken_cheer(text: &str, s: &str, n: &text::Norm) -> Option<&'static str> {
    cheer(n).filter(|l| !text::scripted_or_quoted(text, s, Some(l)))
}

/// An [`UNMISTAKABLE_CHEERS`] phrase the listener says as their own: not denied ("I'm not going to tell you he would want
/// you to be happy"), not asked ("Do you think he would be proud of you?"), not the client's own words reflected
/// ("Everyone keeps telling you it's the illness talking, not him…" opens no reflection frame, but the client saying it
/// first does).
fn unmistakable(c: &TurnCtx, s: &str, n: &text::Norm) -> Option<&'static str> {
    let ph = n.first_affirmed(UNMISTAKABLE_CHEERS)?;
    (!s.trim_end().ends_with('?') && !n.starts_with_any(super::confronting::REFLECTING) && !super::block_says(c, ph) && spoken_cheer(c.p.text, s, n).is_some()).then_some(ph)
}

/// A word of the shared cheers that tells what happened rather than urges ("'See you tomorrow', and a smile, when she
/// seemed to be getting better." and "so you keep going back to it" to a nurse whose patient died by suicide; sessions
/// fresh81, studied from the forty-sixth session's start): a smile someone gave, and going back over something, cheer
/// no one.
fn told_not_urged(n: &text::Norm, l: &str) -> bool {
    match l {
        // (not "put a smile on your face", "give us a smile": a smile given, not one asked for)
        // (nor a smile the client was made to wear, or let off: "you were moved aside and then expected to smile through
        // the rest of the shift… You don't have to smile about it in this thread." to a nurse whose patient's family asked
        // for "an English nurse"; vignettes-fresh118, studied from the forty-ninth session on)
        "smile" => [
            "and a smile", "gave a smile", "gave me a smile", "her smile", "his smile", "their smile", "that smile", "expected to smile",
            "had to smile", "don't have to smile", "do not have to smile",
        ]
        .iter()
        .any(|p| n.has(p)),
        // (nor going on as a step or a choice: "it's easier to keep going, whatever your speech does", "If you stammer, you
        // can just keep going." in the steps a boy with a stammer asked for; vignettes-fresh120, studied from the
        // forty-ninth session on; "I'm around here if you want to keep going": of the labelled listener replies of
        // attune's own sets that say "to keep going", 16 are attuned)
        // (not "You've got to keep going!", "you need to keep going", "try to keep going", which urge)
        "keep going" => [
            "keep going back", "keep going over", "keep going round", "keep going around", "easier to keep going", "want to keep going",
            "like to keep going", "happy to keep going", "can just keep going",
            // (the client's own doing told: "just trying to keep going" when a student did not tell the university of her
            // father's stroke; vignettes-fresh148, studied from the fifty-first session on)
            "trying to keep going",
        ]
        .iter()
        .any(|p| n.has(p)),
        // how a step is done, not a cheer ("You can do it through your online journal, by phone or in writing." of a
        // request for reconsideration the client asked how to make; vignettes-fresh96, studied from the forty-eighth
        // session's start)
        // (not "on your own", "in your own time" or "by yourself", which cheer)
        "you can do it" => n.followed_by("you can do it", &["through", "online", "via", "over", "from", "at"]),
        _ => false,
    }
}

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    let felt = c.distress && c.aff.intensity >= 0.3;
    if !felt {
        return stacked(c, earlier);
    }
    let minimized = earlier.iter().any(|d| d.kind == FlagKind::Minimizing);
    let thr = c.cfg.intensity_threshold;
    // (read once: whether the turn gives the help the client asked for in words)
    let asked_help_given = std::cell::OnceCell::new();
    let gives_asked_help = || *asked_help_given.get_or_init(|| super::asked_in_words(c.p, c.prep) && !c.p.advice().is_empty());
    for (k, (s, n, code)) in c.p.sents.iter().enumerate() {
        // a sentence that owns the last reply's cheer names it, it does not cheer ("I made it sound like there's a bright
        // side you ought to be finding, and that's not what you need from me."; fresh37, read once in the twenty-fifth
        // session)
        let lex = cheer_phrase(n);
        if lex.is_some_and(|l| super::owns_in_words(n) || about_arrangements(n, l) || told_not_urged(n, l)) {
            continue;
        }
        // (a heading cheers no one, whatever the coder reads in it: "**What you can do**" over the steps a man asked for
        // after a sanction for missing an appointment on the day of his brother's funeral; vignettes-fresh96, studied
        // from the forty-eighth session's start)
        // (nor a kindness beside the help asked for, which the coder reads as reassurance: "Go and be with her — this will
        // all still be here." closing a travel company's cancellation steps to a father typing from the hospital corridor,
        // who asked to cancel and to know about a refund; vignettes-fresh96, studied from the forty-ninth session on)
        let coded = (code.map(|c| c == Code::Reassure).unwrap_or(false) || (c.p.sents.len() == 1 && c.primary == Some(Code::Reassure)))
            && !super::fact_sheet::is_heading(s)
            && !(lex.is_none() && gives_asked_help());
        // (nor words drafted for the client to say or named as what not to say: `spoken_cheer`)
        if (lex.is_some() || coded) && !(minimized && n.first_of(text::MINIMIZE).is_some()) && !text::scripted_or_quoted(c.p.text, s, lex) {
            let validated = c.first_attuning_sent.map(|f| f < k).unwrap_or(false);
            // two sentences of cheer make a pep talk whatever the judge says, as over a hardship told calmly (`stacked`):
            // "And you know what, it's honestly never too late … I bet you'll be reading her stories by Christmas."
            // after a warm first sentence was judged 0.42 (vignettes-fresh51)
            let cheers = c.p.sents.iter().filter(|(s, n, _)| spoken_cheer(c.p.text, s, n).is_some()).count();
            return Some(FlagDraft {
                kind: FlagKind::Cheerleading,
                turn: c.t,
                quote: s.to_string(),
                explanation: format!(
                    "Reassures or cheers over the client's {} ({}) rather than staying with it.",
                    crate::assess::felt_name(c.aff),
                    lex.map(|l| format!("\"{l}\"")).unwrap_or_else(|| "coded reassure".into())
                ),
                severity: severity_for(c.aff.intensity, thr, validated),
                extra_turns: vec![],
                // (or one that stands alone: `UNMISTAKABLE_CHEERS`)
                firm: (cheers >= 2 || unmistakable(c, s, n).is_some()) && !super::warm_reply_to_winding_down(c.p, c.prep),
            });
        }
    }
    (c.primary == Some(Code::Reassure) && !minimized).then(|| FlagDraft {
        kind: FlagKind::Cheerleading,
        turn: c.t,
        quote: c.p.text.trim().to_string(),
        explanation: format!("Coded as reassurance over the client's {}.", crate::assess::felt_name(c.aff)),
        severity: severity_for(c.aff.intensity, thr, c.first_attuning_sent.is_some()),
        extra_turns: vec![],
        firm: false,
    })
}

/// "Don't worry" said of the arrangements with the listener the client apologised for, not of what they feel ("Thank you
/// for letting me know, and please don't worry about the notice." to a client cancelling a session after her father's
/// diagnosis; vignettes studied, labelled attuned). Only where the cheer found is that worry phrase and the sentence
/// holds no other cheer ("Don't worry about the session, you'll be fine!" still cheers).
fn about_arrangements(n: &text::Norm, cheer: &str) -> bool {
    const ABOUT: &[&str] = &[
        "worry about the notice", "worry about the short notice", "worry about cancelling", "worry about canceling",
        "worry about rescheduling", "worry about the appointment", "worry about the session", "worry about replying",
        "worry about getting back",
    ];
    cheer.contains("worry")
        && n.first_of(ABOUT).is_some()
        && n.first_of(CHEERS).is_none()
        && n.first_of(UNMISTAKABLE_CHEERS).is_none()
        && !text::REASSURE.iter().any(|p| !p.contains("worry") && n.has(p))
}

/// Two sentences of cheer or more over a hardship told, in this block or the two client turns before it, where the
/// emotion head reads the client calm: a loss told plainly reads calm ("I don't want another baby. I want her." —
/// "you're so much stronger than you realise … you're going to come through this, I know you are"; "nobody sees that
/// part" after eighteen months of long COVID — "I have no doubt you'll cross this finish line too. … Try to stay
/// positive … you've got this! 💪"; vignettes-fresh37 and fresh38, read once in the twenty-fifth session). One phrase is
/// encouragement a helpful supporter also gives (ESConv); a second says the turn is a pep talk, and so does one of
/// [`UNMISTAKABLE_CHEERS`], which no labelled attuned reply says. Only as the fallback:
/// where the judge flagged the turn, or a rule already named it, that kind stands.
fn stacked(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    // (encouragement at a thank-you or a goodbye meets the client: "You will come through this. I believe in you." to
    // "thank you very much for your support" in a helpful ESConv session)
    if c.p.judgement.as_ref().is_some_and(|j| j.flagged)
        || !earlier.is_empty()
        || !super::hardship_told(c.prep, c.t)
        || super::warm_reply_to_winding_down(c.p, c.prep)
    {
        return None;
    }
    let mut hits = c.p.sents.iter().filter_map(|(s, n, _)| spoken_cheer(c.p.text, s, n).map(|l| (*s, l)));
    let (s, first) = hits.next()?;
    if let Some((s, l)) = c.p.sents.iter().find_map(|(s, n, _)| unmistakable(c, s, n).map(|l| (*s, l))) {
        return Some(FlagDraft {
            kind: FlagKind::Cheerleading,
            turn: c.t,
            quote: s.to_string(),
            explanation: format!("Cheers the client on over a hardship (\"{l}\"), rather than staying with it."),
            severity: severity_for(c.aff.hardship, c.cfg.intensity_threshold, false),
            extra_turns: vec![],
            firm: true,
        });
    }
    // chat runs its cheers together with commas ("SENT!! honestly the hardest part is behind u now, it only gets easier
    // from here 💜"; sessions fresh57, studied): as for stacked shrinking, the clauses of the sentence that holds one
    // count apart
    let second = hits.next().map(|(_, l)| l).or_else(|| super::minimizing::second_in_clauses(s, first, cheer))?;
    Some(FlagDraft {
        kind: FlagKind::Cheerleading,
        turn: c.t,
        quote: s.to_string(),
        explanation: format!("Cheers the client on over a hardship, more than once (\"{first}\", \"{second}\"), rather than staying with it."),
        severity: severity_for(c.aff.hardship, c.cfg.intensity_threshold, false),
        extra_turns: vec![],
        firm: true,
    })
}

#[cfg(test)]
mod tests {
    use crate::text::Norm;

    #[test]
    fn going_on_as_a_step_and_a_smile_let_off_cheer_no_one_but_urging_does() {
        let cheer = |s: &str| super::cheer(&Norm::new(s));
        assert_eq!(cheer("When you know loads about something, it's easier to keep going, whatever your speech does."), None);
        assert_eq!(cheer("I'm around here if you want to keep going."), None);
        assert!(cheer("You've got to keep going!").is_some());
        assert_eq!(cheer("You don't have to smile about it in this thread."), None);
        assert!(cheer("You're tougher than you give yourself credit for.").is_some());
    }

    #[test]
    fn a_smile_given_and_going_back_over_it_cheer_no_one() {
        let cheer = |s: &str| super::cheer(&Norm::new(s));
        assert_eq!(cheer("'See you tomorrow', and a smile, when she seemed to be getting better."), None);
        assert_eq!(cheer("so you keep going back to it, trying to make it fit"), None);
        assert!(cheer("Put a smile on your face and keep going!").is_some());
    }

    #[test]
    fn two_cheers_in_the_clauses_of_one_chat_sentence_count_apart() {
        let s = "SENT!! honestly the hardest part is behind u now, it only gets easier from here";
        let first = super::cheer(&Norm::new(s)).expect("a cheer");
        assert_eq!(super::super::minimizing::second_in_clauses(s, first, super::cheer), Some("only gets easier"));
        // one cheer said once is one
        let one = "honestly the hardest part is behind u now, and ur mum was there for it";
        assert_eq!(super::super::minimizing::second_in_clauses(one, super::cheer(&Norm::new(one)).expect("a cheer"), super::cheer), None);
    }
}
