//! Subject change, back to the task: the client tells something hard and asks for nothing, and the reply goes on with a
//! task or offers more of it with not a word for what was told ("No problem! Let's continue with Step 3: in a separate
//! bowl, whisk…" to a woman baking her late mother's birthday cake; "I'm sorry to hear that. Would you like me to make
//! any other adjustments to the email…" to a client who wants to disappear for the day; "You're welcome! If you'd like,
//! I can also add a column to track monthly savings goals" after a father's death; studied vignettes, judged 0.26 to
//! 0.58). An assistant's way of missing a person: the task it was given stays the subject. A stock condolence alone does
//! not meet what was told; a line that takes it up does.

use super::{FlagDraft, TurnCtx};
use crate::assess::{therapist_before, FEELING_WORDS};
use crate::text::{content_stems, Norm};
use crate::types::{FlagKind, Severity};

/// How a reply resumes or offers more of a task.
const TASK: &[&str] = &[
    "let's continue", "lets continue", "continue with step", "on to step", "onto step", "next step is",
    "would you still like", "if you'd like, i can", "if you'd like i can",
    "if you're interested, i can", "if you're interested i can", "i can help you put together", "paste your", "paste it",
    "just a reminder", "any other adjustments", "shall we carry on", "where were we", "whenever you're ready, paste",
    // more of the plan after the client blamed themselves ("her mom says i was never around enough and thats why. maybe
    // she's right." — "Planning the setting can help too. Is there something she enjoys…"; sessions fresh73, read once
    // at the forty-second session's end, judged 0.58)
    "can help too", "could help too", "might help too", "may help too", "it can also help to", "it also helps to",
    // the task taken up again with a will ("No need to apologise at all! Let's get that CV started." after a steelworker
    // told that his son's place at the works is gone too; vignettes-fresh77, read once at the forty-third session's end,
    // judged 0.43): "let's get that/your/this" stands in 5 labelled misattuned replies of attune's own sets and in no
    // attuned one ("Let's get you some words" answers a request, which this rule leaves alone)
    "let's get that", "lets get that", "let's get your", "lets get your", "let's get this", "lets get this",
    "let's get started", "lets get started", "let's get back to it", "lets get back to it",
];

/// What a listener says as it hands over what was asked for.
const HANDED_OVER: &[&str] = &["you asked for", "you asked me for", "here's your", "here is your"];

/// Words by which a client asks for something (then the task is theirs to want).
const ASKS: &[&str] = &["can you", "could you", "would you", "can u", "could u", "help me", "how do i", "what should i", "please"];

/// A stock condolence that says nothing of what was told ("I'm sorry to hear that.").
fn stock_condolence(n: &Norm) -> bool {
    n.len() <= 7 && (n.has("sorry") || n.has("sry")) && !crate::assess::has_feeling_word(n)
}

/// A feeling word that names one: not the plan's "so the whole day doesn't feel like it's about this one conversation"
/// (sessions fresh73, read once at the forty-second session's end), a feeling kept away, not met; a person's feeling
/// denied is still one named ("No wonder you don't feel like you were there for her").
fn names_a_feeling(n: &Norm) -> bool {
    let w = &n.words;
    (0..w.len()).any(|i| {
        let kept_away = i > 0
            && matches!(w[i - 1].as_str(), "doesn't" | "doesnt" | "don't" | "dont" | "won't" | "wont" | "not")
            && w.get(i + 1).is_some_and(|x| x == "like")
            && !(i >= 2 && matches!(w[i - 2].as_str(), "you" | "u" | "i" | "we" | "they" | "he" | "she"));
        FEELING_WORDS.contains(&w[i].as_str()) && !kept_away
    })
}

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    let (p, prep) = (c.p, c.prep);
    if super::stands(earlier) || p.block.is_empty() {
        return None;
    }
    // (or a loss told in a sad voice the distress head reads just under its middle: "my lad was going to go in next year.
    // thats gone now as well. sorry. i know you just want the job stuff", distress 0.46; vignettes-fresh77)
    let hard = c.aff.distress >= 0.5 || c.aff.hardship >= 0.5 || (c.distress && c.aff.intensity >= 0.3 && c.aff.act.tells());
    // (owning a miss and going back to the client's own matter is a repair: "I jumped ahead… Can we go back to the
    // replaying?")
    // (nor a complaint about the help: "You're not listening. I didn't ask for a script." — the defence that answers it
    // is the confronting rule's and the judge's)
    if !hard || p.norm.first_of(TASK).is_none() || super::owns_in_words(&p.norm) || c.aff.act == attune_core::ClientAct::PushingBack {
        return None;
    }
    let asks = |k: &crate::assess::Prep| k.text.contains('?') || k.norm.first_of(ASKS).is_some();
    let told: Vec<&crate::assess::Prep> = p.block.iter().map(|&b| &prep[b]).collect();
    if told.iter().any(|k| asks(k)) {
        return None;
    }
    // there was a task: the client asked for something before ("Would you like me to just stay here with you for a bit?"
    // after "My dad died this morning." offers presence, not a task)
    // (or the listener's turn just before had handed over what was asked for: "Here's the monthly budget spreadsheet you
    // asked for…", where the conversation shown starts there)
    let first = p.block[0];
    let handed = therapist_before(prep, first).is_some_and(|t| prep[t].norm.first_of(HANDED_OVER).is_some());
    if !handed && !prep[..first].iter().any(|k| k.role == attune_core::Role::Client && asks(k)) {
        return None;
    }
    let told_stems: Vec<String> = told.iter().flat_map(|k| content_stems(&k.norm)).collect();
    // (an affirmation naming what was told, or a feeling word, meets it here too)
    let met = |s: &str, n: &Norm, code: Option<attune_core::Code>| {
        !stock_condolence(n)
            && (super::request_over_disclosure::meets_what_was_told(s, n, code, &told_stems)
                || (code == Some(attune_core::Code::Affirm) && content_stems(n).iter().any(|st| told_stems.contains(st)))
                || names_a_feeling(n))
    };
    // the told words a reply takes up count before it resumes the task: the task's own words share some by the way
    // ("…your 31 years…", "works well" after "thats gone now as well… i know you just want the job stuff"; "add a column
    // to track monthly savings goals" after the budget was said to be for selling a dead father's house)
    let resumes = p.sents.iter().position(|(_, n, _)| n.first_of(TASK).is_some()).unwrap_or(p.sents.len());
    let before: std::collections::HashSet<String> = p.sents.iter().take(resumes).flat_map(|(_, n, _)| content_stems(n)).collect();
    let taken_up = before.iter().filter(|s| told_stems.contains(s)).count();
    // (from it on, a feeling named meets what was told, or a sentence outside the task that takes up two of its words: "…
    // Losing your lad's place at the works on top of your own job — that's a real blow.")
    let met_after = |s: &str, n: &Norm, code: Option<attune_core::Code>| {
        names_a_feeling(n)
            || (n.first_of(TASK).is_none() && met(s, n, code) && content_stems(n).iter().filter(|st| told_stems.contains(st)).count() >= 2)
    };
    let unmet = !p.sents.iter().enumerate().any(|(k, (s, n, code))| if k < resumes { met(s, n, *code) } else { !stock_condolence(n) && met_after(s, n, *code) })
        && taken_up < 2;
    unmet.then(|| FlagDraft {
        kind: FlagKind::SubjectChange,
        turn: c.t,
        quote: p.sents.get(resumes).map_or(p.text, |(s, _, _)| *s).trim().to_string(),
        explanation: "Goes on with the task and passes over what the client just told; a line that takes that up first lets them know it was heard.".to_string(),
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: true,
    })
}

#[cfg(test)]
mod tests {
    use crate::tests::assess_bundled;
    use crate::types::FlagKind;
    use attune_core::Role;

    fn changes_subject(client: &str, reply: &str) -> bool {
        let a = assess_bundled(&[
            (Role::Client, "Can you give me a recipe for a lemon sponge cake? Step by step please."),
            (Role::Therapist, "Of course! Step 1: preheat the oven to 180C. Step 2: cream 200g butter with 200g sugar."),
            (Role::Client, client),
            (Role::Therapist, reply),
        ]);
        a.flags.iter().any(|f| f.turn == 3 && f.kind == FlagKind::SubjectChange)
    }

    const TOLD: &str = "Sorry, I had to stop for a minute. Today would have been my mom's 60th birthday. She made this cake for me every year and she died in March and I'm trying to make it for her.";

    #[test]
    fn the_task_resumed_over_a_loss_is_a_change_of_subject() {
        assert!(changes_subject(TOLD, "No problem! Let's continue with Step 3: in a separate bowl, whisk together the flour, baking powder and salt. Would you also like a recipe for a lemon glaze?"));
    }

    #[test]
    fn the_loss_taken_up_first_is_not() {
        assert!(!changes_subject(TOLD, "Oh, making her cake on her birthday, the first one without her. That's a lot to hold while you bake. We can go as slowly as you like, and whenever you want, let's continue with Step 3."));
    }
}
