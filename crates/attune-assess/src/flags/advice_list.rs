//! Advice without permission, as a list: a line of validation, then an unasked list of things to do ("That feeling
//! of betrayal makes complete sense… ## If you decide to talk to him - **Choose a calm, private moment** - **Lead with
//! love:** …", judged 0.00; fresh16, studied). The judge learned from ESConv that suggestions once the feeling was met
//! are well timed, which DESIGN.md's MI rule does not accept unless the client asked; teaching the judge otherwise cost
//! AnnoMI's quality ranking (model card, twentieth session), while a list of directives is a written listener's shape
//! that spoken sessions do not have. The client must not have asked (no question, no request for help read by the
//! act head), and the reply must not ask leave before the list.

use super::{invited, FlagDraft, TurnCtx};
use crate::types::{FlagKind, Severity};
use attune_core::ClientAct;

/// Verbs a list's steps open with that the advice grammar (`attune_text::advice`) does not count as imperatives.
const STEP_VERBS: &[&str] = &[
    "switch", "lean", "notify", "install", "suggest", "introduce", "commit", "reassure", "cancel", "lock", "freeze",
    "unsubscribe", "pour", "delegate", "aim", "swap", "hide", "review", "tap", "arrange", "self-exclude", "update",
    "separate", "lower", "increase",
];

pub(super) fn check(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    // where the judge already flags the turn, its kind names the miss (premature fixing over fresh pain, mostly); a
    // gated draft the judge may yet drop does not stand in its way ("Hang in there." closing a forum's list of five tips
    // for tinnitus, drafted as a cheer and dropped at a judged 0.12, left the list unflagged; sessions fresh71, read
    // once at the fortieth session's end)
    if c.p.block.is_empty() || super::stands(earlier) || !c.p.text.contains('\n') || c.p.judgement.as_ref().is_some_and(|j| j.flagged) {
        return None;
    }
    // asking may carry no question mark ("I need advice. … Now I just want to know what to actually do.")
    // (or put as a question in chat's way, with no mark at all: "is there any point doing smell training this late or
    // should I just accept it", answered by an attuned chatbot with the steps; vignettes-fresh73, read once at the
    // thirty-ninth session's end)
    const ASKS: &[&str] = &[
        "advice", "what to do", "what should i", "what do i do", "help me", "tips", "suggestions", "ideas", "what can i do", "what now",
        "should i", "is it too late",
        // ("Give me a list of everything I can actually do to make it physically hard to bet."; vignettes-fresh58)
        "give me a list", "send me a list", "need a list",
        // ("Yes. Ok. Now please tell me the steps. Real steps for the next visit."; sessions studied)
        "tell me the steps", "give me the steps", "what are the steps", "tell me what to do", "give me some ideas", "give me some tips",
        // the how of a thing asked for ("I need a simple recipe for jollof rice that will feed 2 adults and 3 children. …
        // Please make it simple, I am 74 and my eyes are not good."; vignettes-fresh75, read once at the forty-first
        // session's end, its attuned steps flagged)
        // (not "explain how" nor "how to make": "I can't explain how alone I feel", "I don't know how to make it stop")
        "a recipe for", "recipe for", "walk me through", "show me how", "step by step guide", "how do i make", "explain how to",
        "i need a simple", "please make it simple",
        // what to say ("I don't know what I'm supposed to say to him" from a father who found cuts on his son's arm;
        // vignettes-fresh102, studied from the forty-eighth session's start)
        "supposed to say to", "what do i say to", "what should i say to", "what to say to him", "what to say to her",
        "what to say to them",
        // ("how do i stop feeling like this" from a girl whose best friend has a boyfriend now; vignettes-fresh120)
        "how do i stop", "how can i stop", "how do i get", "how do i deal",
        // ("my mate said i can apply for extenuating circs … how do i do that"; sessions fresh119)
        "how do i do that", "how do i do it", "how do i apply",
        // ("i want to write to her and say sorry but i dont know how to do it without making it about me. how do i word
        // it" from a father three years sober; vignettes-fresh106)
        "how do i word", "how should i word", "how do i say", "how do i write", "how do i put", "how do i tell",
        // what the client needs to know, said without a question ("i need to know how the compensation works and whether
        // insurance covers consequential losses" from a pig farmer whose herd is to be culled; sessions fresh103, studied
        // from the forty-ninth session on)
        "i need to know how", "i need to know whether", "i want to know how", "i want to know whether", "i'd like to know how",
        "i need to understand how",
        // the words to say asked for ("no not like that. I'm not going to do anything stupid. I just need actual words. he
        // gets up at 7" after a risk check, from a man who must tell his boyfriend he has HIV; sessions fresh117, studied
        // from the fifty-first session on): not "her actual words were", a thing said to the client
        "need actual words", "need the actual words", "like the actual words", "like actual words", "give me actual words",
        "what are the actual words", "i need some words",
        // what to do and what happens next, in the client's word order ("I need to know what actually happens now and what I
        // should be doing" from a teacher suspended over a false allegation; "I want to know practically how people in my
        // job get through the next shift. What actually helps?" from a midwife after a stillbirth; "I just want to know how
        // to open the letters without falling apart"; "That's what I'm asking." after a template; vignettes-fresh148,
        // studied from the fifty-first session on)
        // (forward only: not "what I should have said", "I need to know what I did wrong", "I just want to know how he could")
        "what i should do", "what i should be doing", "what i should say", "i need to know what happens", "i need to know what to",
        "i want to know what to", "just want to know how to", "just need to know how to", "want to know practically",
        "what actually helps", "that's what i'm asking",
    ];
    // a question of three words or fewer names a feeling to oneself ("I don't even know what I'm feeling. Humiliated?
    // Invisible?"; vignettes-fresh58, read once in the twenty-ninth session), it asks the listener nothing
    // (unless it opens as a question does, however short: "my mother in law say we must stop speak polish, only english,
    // so he has one language. is true?" from a mother asking a chatbot about her son's stutter; sessions fresh83, studied
    // from the forty-seventh session's start)
    // (a short one only with its mark, so "Do it." asks nothing)
    let aux_first = |s: &str| s.trim_end().ends_with('?') && crate::text::words(s).first().is_some_and(|w| AUX.contains(&w.as_str()));
    let put = |s: &str| (s.trim_end().ends_with('?') || unmarked_question(s)) && (s.split_whitespace().count() > 3 || aux_first(s));
    // (in words: a phrase of asking, or a question put; the cheap phrase look-up first)
    let in_words = |b: &usize| {
        let k = &c.prep[*b];
        k.norm.first_of(ASKS).is_some() || attune_text::tokens::sentences(k.text).into_iter().any(put)
    };
    let asks = |b: &usize| c.prep[*b].affect.act == ClientAct::AskingForHelp || in_words(b);
    // (or asked a block earlier, where the listener's answer only asked what the help was for, or was the miss this
    // reply owns: "Can you help me write an email to a client? I'm a vet…", then "Could you tell me a bit about what
    // happened…?", then the email's points; "youre right, and im sorry. that came out like i was questioning you… heres
    // how it usually works: 1. find the EC form…" after a student's "how do i do that" met with a lecture and her
    // pushback; sessions fresh123 and fresh119, studied from the fiftieth session on)
    // (in words there, not as the act head reads it: "I need to tell someone. … I don't want a list of helplines." asks
    // for no list; vignettes studied)
    let asked_a_block_before = || {
        super::listener_before(c.p, c.prep).is_some_and(|before| {
            before.block.iter().any(in_words)
                && (super::owns_in_words(&c.p.norm)
                    || (before.text.contains('?') && !before.codes.iter().any(|code| code.is_fixing()) && before.advice().is_empty()))
        })
    };
    // (or the reply names the asking in the client's own words as it answers: `names_the_asking`)
    // (or asked at the session's opening, where the judge reads this reply as meeting the client: a chatbot asked how to cope
    // with panic attacks at work, whose later lists come after "So there are really two hard parts: the attack itself, and
    // then pulling yourself back together alone in a cubicle…"; sessions fresh140, studied from the fifty-second session
    // on. Of the listed replies of attune's own studied sessions flagged so after an opening that asked, the 13 the judge
    // read below 0.3 were 13 attuned and 3 misattuned (a closing's "a few things worth keeping in mind", a catering plan
    // with no word for the grief), those above it 6 misattuned and none attuned)
    const MET: f32 = 0.3;
    // (an opening need for help is asking too: "I need to write a eulogy for my husband. … I've never written one and I don't
    // know how to do this."; "i don't even know what i'm supposed to do now like practically"; sessions studied)
    const NEEDS: &[&str] = &[
        "don't know how to", "dont know how to", "don't know what to say", "dont know what to say", "don't know where to start",
        "don't know where to even start", "dont know where to start", "where do i even start", "what i'm supposed to do",
        "what im supposed to do", "i need to write",
    ];
    let opened_asking = || {
        c.prep[..c.t]
            .iter()
            .position(|k| k.role == attune_core::Role::Client)
            .is_some_and(|i| !c.p.block.contains(&i) && (in_words(&i) || c.prep[i].norm.first_of(NEEDS).is_some()))
            && c.p.judgement.as_ref().is_some_and(|j| j.p_misattuned < MET)
    };
    let asked = c.p.block.iter().any(asks) || asked_a_block_before() || super::names_the_asking(c.p, c.prep) || opened_asking();
    if asked || invited(c.p, c.prep) {
        return None;
    }
    // list items: lines that open with a bullet or a number, a numbered heading too ("### 1. Pick a calm moment", "### 2.
    // Use \"I\" statements" after "Here's an approach you could try:"; sessions fresh66, read once at the thirty-fifth
    // session's end)
    // (or a letter's prose steps counted off: "A few things I'd really encourage you to do. First, get on the waitlist
    // for respite care now… Second, Jayden needs a grief counselor of his own… Third, apply for kinship guardianship
    // assistance…", to a grandmother raising three grandchildren who wrote only to say why she had not come;
    // vignettes-fresh78, read once at the forty-fourth session's end, judged 0.47)
    let mut items = list_items(c.p.text);
    if items.len() < 3 {
        items = counted_off(&c.p.sents);
    }
    // items under a line that advises are advice whatever their grammar ("In the morning, you could try: - Getting down
    // to her level and saying… - Naming her feeling… - Keeping it short"; vignettes-fresh58, read once in the
    // twenty-ninth session)
    // (a heading's marks before the first item are not the line before it: "### 1. Getting…")
    let lead_line = items
        .first()
        .and_then(|f| c.p.text.find(f))
        .and_then(|at| c.p.text[..at].trim_end_matches(['#', ' ', '\t']).lines().rev().find(|l| !l.trim().is_empty()))
        .unwrap_or("");
    // (as steps: an item that opens on a verb's -ing form; "Take a second to let that land: - **You kept believing in
    // this**…" lists what the client did)
    let under_advice = !attune_text::advice::advice_cues(lead_line).is_empty();
    let step = |l: &str| first_word(l).is_some_and(|w| w.trim_matches('*').len() > 4 && w.trim_matches('*').ends_with("ing"));
    // (or on a verb of the steps such lists give that the advice grammar does not know: "**Switch on your bank's gambling
    // block**", "**Lean on your support network**"; vignettes-fresh68, read at the thirty-fourth session's end. Added to
    // the grammar itself they moved the coder and the judge, whose retrained thresholds flagged more attuned turns)
    let advising: Vec<&str> = items
        .iter()
        .copied()
        .filter(|l| (under_advice && step(l)) || opens_on_step_verb(l) || !attune_text::advice::advice_cues(l.trim_start_matches(['-', '*', '•', ' '])).is_empty())
        .collect();
    if items.len() < 3 || advising.len() < 2 {
        return None;
    }
    // a list offered rather than handed over ("If and when it would help, I could: - go through the feedback with you…
    // Which of those, if any, would feel useful?"; vignettes-fresh21's attuned reply)
    const OFFERED: &[&str] = &[
        "since you asked", "you asked for", "if and when it would help", "if it would help", "which of those", "would any of these",
        "would it help if", "if you'd like", "if you would like", "i could", "we could", "would you like",
        // ("If it's useful, a few things others in a similar place have found helpful:" to a widow learning to drive, who had
        // asked for tips two turns before; vignettes-fresh70)
        "if it's useful", "if it is useful", "if useful", "in case it helps", "in case it's useful", "if it helps",
        // (chat's "its", and the concern the client raised answered: "there's no perfect script, but a few things other
        // parents have found helped, if its useful:"; "Since you've raised it, here are a few things that might help you
        // feel on firmer ground:"; sessions fresh102, studied from the fiftieth session on)
        "if its useful", "if its helpful", "since you've raised it", "since you raised it", "since you've brought it up",
        "since you brought it up",
        // the request named ("You're asking exactly the right question, what to say to him, so let's start there")
        "you're asking exactly", "you're asking the right", "you're asking what", "you are asking what",
    ];
    let first_advice = advising[0];
    let lead_in = c.p.text.find(first_advice).map_or(c.p.text, |at| &c.p.text[..at]);
    // (and leave asked before it: "Would it help if I shared a few things people find useful?")
    if crate::text::Norm::new(lead_in).first_of(OFFERED).is_some() || attune_text::rules::scan(lead_in).permission {
        return None;
    }
    Some(FlagDraft {
        kind: FlagKind::AdviceWithoutPermission,
        turn: c.t,
        quote: first_advice.to_string(),
        explanation: format!("Answers with a list of {} things to do that the client did not ask for.", items.len()),
        severity: Severity::Medium,
        extra_turns: vec![],
        firm: false,
    })
}

/// A reply's list items: lines that open with a bullet or a number (of two digits at most), through a heading's marks.
pub(super) fn list_items(text: &str) -> Vec<&str> {
    text.lines().map(item_text).filter(|l| opens_item(l)).collect()
}

/// Whether a line of a reply is a list item (see [`list_items`]).
pub(super) fn is_item_line(line: &str) -> bool {
    opens_item(item_text(line))
}

/// A line without its indent and a heading's marks.
fn item_text(line: &str) -> &str {
    let l = line.trim_start().trim_start_matches('#').trim_start();
    // (and a bold numbered heading's marks: "**1. Widen the search area**", in a chatbot's list of what else to do for a
    // stolen dog; vignettes-fresh163, studied from the fifty-second session on)
    match l.strip_prefix("**") {
        Some(rest) if rest.starts_with(|ch: char| ch.is_ascii_digit()) => rest,
        _ => l,
    }
}

/// A line that opens with a bullet or a number of two digits at most.
fn opens_item(l: &str) -> bool {
    l.starts_with("- ") || l.starts_with("* ") || l.starts_with("• ") || l.split_once(". ").is_some_and(|(n, _)| !n.is_empty() && n.len() <= 2 && n.chars().all(|ch| ch.is_ascii_digit()))
}

/// A reply's sentences that count steps off in prose ("First, …", "Second, …", "Third, …"): three or more, the first of
/// them first; each after its ordinal, as the advice grammar reads a step.
fn counted_off<'a>(sents: &[(&'a str, crate::text::Norm, Option<attune_core::Code>)]) -> Vec<&'a str> {
    const ORDINALS: &[&str] = &["first", "firstly", "second", "secondly", "third", "thirdly", "fourth", "fourthly", "finally", "lastly"];
    // (the ordinal and only it before the comma)
    let counted: Vec<(&str, &str)> = sents
        .iter()
        .filter(|(_, n, _)| n.words.first().is_some_and(|w| ORDINALS.contains(&w.as_str())))
        .filter_map(|(s, _, _)| s.split_once(',').filter(|(w, _)| !w.trim().contains(' ')))
        .collect();
    let opens = counted.first().is_some_and(|(w, _)| w.trim().to_lowercase().starts_with("first"));
    if counted.len() >= 3 && opens {
        counted.into_iter().map(|(_, step)| step.trim()).collect()
    } else {
        Vec::new()
    }
}

/// A sentence put as a question without its mark: an auxiliary, then a person or "there" ("is there any point doing
/// it", "can i still apply", "do you think it's too late").
/// The words a question opens with.
const AUX: &[&str] = &["is", "are", "should", "can", "could", "would", "will", "do", "does", "did", "am", "shall"];

fn unmarked_question(s: &str) -> bool {
    let n = crate::text::Norm::new(s);
    // (hopelessness takes the same shape and asks for no list: "is there any point in anything anymore")
    if n.words.iter().any(|w| matches!(w.as_str(), "anymore" | "anything" | "living" | "life")) {
        return false;
    }
    let mut w = n.words.iter().map(String::as_str).skip_while(|w| matches!(*w, "so" | "but" | "and" | "ok" | "okay" | "also" | "just" | "like" | "um"));
    matches!(
        (w.next(), w.next()),
        (Some(a), Some("i" | "you" | "u" | "there" | "it" | "we" | "this" | "that" | "he" | "she" | "they")) if AUX.contains(&a)
    )
}

/// A list item that opens on one of [`STEP_VERBS`], through its bullet or number and markdown's emphasis.
fn opens_on_step_verb(item: &str) -> bool {
    first_word(item).is_some_and(|w| STEP_VERBS.contains(&w.trim_matches(|ch: char| !ch.is_alphabetic() && ch != '-').to_lowercase().as_str()))
}

/// A list item's first word, after its bullet or number.
fn first_word(item: &str) -> Option<&str> {
    item.trim_start_matches(|ch: char| ch == '-' || ch == '*' || ch == '•' || ch == ' ' || ch.is_ascii_digit() || ch == '.').split_whitespace().next()
}

#[cfg(test)]
mod tests {
    use super::{counted_off, opens_on_step_verb, unmarked_question};

    #[test]
    fn chat_asks_without_a_question_mark() {
        assert!(unmarked_question("is there any point doing smell training this late or should I just accept it"));
        assert!(unmarked_question("so can i still apply after the deadline"));
        assert!(!unmarked_question("I sat by the bins for twenty minutes"));
        assert!(!unmarked_question("It is what it is"));
        assert!(!unmarked_question("is there any point in anything anymore"));
    }

    #[test]
    fn a_step_opens_on_its_verb_through_bullets_and_emphasis() {
        // vignettes-fresh68's zAB008, whose three steps the advice grammar read as one imperative
        assert!(opens_on_step_verb("- **Switch on your bank's gambling block** — most UK banking apps have one."));
        assert!(opens_on_step_verb("- **Self-exclude from betting sites today** (GamStop covers all UK-licensed operators)"));
        assert!(opens_on_step_verb("2. Lean on your support network"));
        assert!(!opens_on_step_verb("- **Living situation:** are you living at home?"));
    }

    #[test]
    fn prose_steps_counted_off_are_items() {
        let counted = |text: &str| {
            let sents: Vec<_> = crate::text::sentences(text).into_iter().map(|s| (s, crate::text::Norm::new(s), None)).collect();
            counted_off(&sents).into_iter().map(str::to_string).collect::<Vec<_>>()
        };
        let t = "A few things I'd encourage. First, get on the waitlist now. Second, he needs a counselor. Third, apply for the grant.";
        assert_eq!(counted(t), vec!["get on the waitlist now.", "he needs a counselor.", "apply for the grant."]);
        // two steps, or a count that does not start at the first, are not a list
        assert!(counted("First, breathe. Second, sit down.").is_empty());
        assert!(counted("Second, this. Third, that. Finally, the other.").is_empty());
    }
}
