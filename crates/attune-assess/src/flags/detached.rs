//! Detached: a run of emotional client turns met only with facts or closed questions (consecutive therapist
//! turns answering the same client block count once), or one reply that answers a hardship with a battery of fact
//! questions and nothing else, or puts a list of intake questions before any help (`intake_first`).

use super::{echoes_client, FlagDraft};
use crate::assess::{block_affect, is_closed_question, is_negative_emotion, Prep};
use crate::config::AssessConfig;
use crate::text::{self, Norm};
use crate::types::{FlagKind, Severity};
use attune_core::{Code, CodedSession, Emotion, Role};

pub(super) fn check(_coded: &CodedSession, prep: &[Prep], cfg: &AssessConfig, drafts: &mut Vec<FlagDraft>) {
    let mut run: Vec<usize> = Vec::new();
    let flush = |run: &mut Vec<usize>, drafts: &mut Vec<FlagDraft>| {
        if let (true, Some(&last)) = (run.len() >= cfg.detached_run.max(1), run.last()) {
            let mut extra: Vec<usize> = Vec::new();
            for &t in run.iter() {
                extra.extend(prep[t].block.iter().copied());
                extra.push(t);
            }
            drafts.push(FlagDraft {
                kind: FlagKind::Detached,
                turn: last,
                quote: prep[last].text.trim().to_string(),
                explanation: format!(
                    "{} client turns in a row expressed emotion and were met only with facts or closed questions.",
                    run.len()
                ),
                severity: if run.len() > cfg.detached_run + 1 { Severity::High } else { Severity::Medium },
                extra_turns: extra,
                firm: false,
            });
        }
        run.clear();
    };
    for (t, p) in prep.iter().enumerate() {
        if p.role != Role::Therapist {
            continue;
        }
        let Some((_, aff)) = block_affect(prep, t) else { continue };
        if let Some(&prev) = run.last() {
            if prep[prev].answers == p.answers {
                let detached_kind = !p.attuning && matches!(p.coding.map(|c| c.code), Some(Code::Inform) | Some(Code::QuestionClosed));
                let facilitator = p.coding.map(|c| c.code == Code::Other).unwrap_or(false) && p.words <= 3;
                if !(detached_kind || facilitator) {
                    run.clear();
                }
                continue;
            }
        }
        let emotional = aff.emotion != Emotion::Neutral && aff.intensity >= 0.3 && is_negative_emotion(aff);
        let code = p.coding.map(|c| c.code);
        let facts = matches!(code, Some(Code::Inform))
            || matches!(code, Some(Code::QuestionClosed))
            || (matches!(code, Some(Code::QuestionOpen))
                && is_closed_question(&p.norm, p.text)
                && p.coding.map(|c| c.confidence < 0.6).unwrap_or(true));
        if emotional && facts && !p.attuning && !echoes_client(prep, p) {
            run.push(t);
        } else {
            flush(&mut run, drafts);
        }
    }
    flush(&mut run, drafts);
    for (t, p) in prep.iter().enumerate() {
        // (a turn already flagged keeps the kind its rule or the judge named)
        if p.role != Role::Therapist || drafts.iter().any(|d| d.turn == t) {
            continue;
        }
        let (quote, explanation) = if let Some(s) = cites_research(prep, p) {
            (s, "The client told of something hard and the reply answers with what research finds, not with what it is like for them.")
        } else if battery(prep, t) {
            (p.text.trim(), "The client told of something hard and the reply asks only for facts, question after question, with no word for what it is like for them.")
        } else if intake_first(p) {
            (p.text.trim(), "Puts a list of intake questions before any help, with no word for what the client is going through.")
        } else {
            continue;
        };
        drafts.push(FlagDraft {
            kind: FlagKind::Detached,
            turn: t,
            quote: quote.to_string(),
            explanation: explanation.into(),
            severity: Severity::Medium,
            extra_turns: p.block.clone(),
            firm: false,
        });
    }
}

/// An intake before any help, announced as such ("To provide the most appropriate guidance, it would help to understand a
/// few more details: 1. How long has your grandson been self-harming? 2. What is the frequency and severity…? … Once you
/// provide this information, I can offer more tailored recommendations." to a grandmother of 73 who asked what to say to
/// him; vignettes-fresh106, studied from the forty-eighth session's start, judged 0.12): three list lines or more (numbered
/// or bulleted) that each ask, a phrase that puts the help after the answers, and no sentence that meets the client,
/// whether or not the client asked for help. Of the labelled
/// listener replies of attune's own sets with three such questions and such a phrase, every one that meets no one is
/// misattuned (6); the attuned one ("Before I draft anything, a few quick questions so it fits your situation") met the
/// client first.
fn intake_first(p: &Prep) -> bool {
    const FOR_THE_HELP: &[&str] = &[
        "to provide the most", "in order to direct you", "so i can point you", "to point you toward", "to give you accurate",
        "once you provide", "to help plan", "so that i can direct you", "so i can give you", "so that i can give you",
        // ("I understand how frustrating this must be. To give you the most accurate and relevant guidance, I'll need a bit
        // more information first: 1. Which area of England are you in? … Once I have these details, I'll be able to give
        // you a tailored, step-by-step plan" to a mother fobbed off three times who asked for the steps to an autism
        // assessment; vignettes-fresh114, studied from the forty-ninth session on, judged 0.41)
        "to give you the most", "once i have these", "once i have this", "i'll need a bit more information", "i need a bit more information",
    ];
    if p.norm.first_of(FOR_THE_HELP).is_none() {
        return false;
    }
    let asking_lines = p.raw.lines().filter(|l| super::advice_list::is_item_line(l) && l.trim_end().ends_with('?')).count();
    // (a stock first line of understanding, the intake straight after it, meets no one: "I understand how frustrating this
    // must be."; "I'm so sorry about your dad." does)
    const STOCK: &[&str] = &["i understand how", "i understand that", "i understand this", "thank you for reaching out", "thanks for reaching out", "i can see this"];
    let stock = |k: usize, first: &Norm| {
        k == 0 && first.words.len() <= 8 && first.starts_with_any(STOCK) && p.sents.get(1).is_some_and(|(_, next, _)| next.first_of(FOR_THE_HELP).is_some())
    };
    asking_lines >= 3 && !p.sents.iter().enumerate().any(|(k, (s, n, c))| super::meets_client(s, n, *c) && !stock(k, n))
}

/// Openings of a question that asks for a fact: yes or no, which, when, where, how many.
const FACT_STARTS: &[&str] = &[
    "do", "does", "did", "is", "are", "was", "were", "have", "has", "had", "can", "could", "will", "would", "any", "r",
    "which", "when", "how many", "how much", "how long", "how often", "how old", "what date", "what time",
];
/// Words said before the question proper ("ok. also r u registered…", "And, um, did occupational health see you?").
/// ("roughly when did the messages start?"; sessions fresh73, read once at the forty-second session's end)
const LEAD: &[&str] = &["ok", "okay", "so", "and", "also", "um", "erm", "uh", "right", "then", "but", "just", "can", "may", "i", "ask", "roughly", "approximately"];
/// A question about safety or about the client's experience is no fact-finding, however it opens.
pub(crate) static NOT_FACTS: &[&str] = &[
    "safe", "hurt", "harm", "ending", "kill", "suicide", "cut", "cuts", "feel", "feeling", "felt", "like for you", "mean to you",
    "going for you", "landing", "okay with", "ok with", "dark", "alright", "too soon", "would that be", "would it help",
    "useful", "want to",
];

/// (not "whether" alone: "I don't know whether I've failed him" asks for no help; vignettes-fresh39, read once in the
/// twenty-fifth session)
pub(crate) static ASKS_HELP: &[&str] = &[
    "what to do", "what should i", "what do i do", "whether to", "whether i should", "whether or not to", "advice", "should i",
    "what can i do", "any ideas", "help me",
];

fn fact_question(n: &Norm, raw: &str) -> bool {
    if n.first_of(NOT_FACTS).is_some() {
        return false;
    }
    let skip = n.words.iter().take_while(|w| LEAD.contains(&w.as_str())).count();
    // a request to tell is the question's frame ("ok. can you tell me which account they're messaging you from now?" to
    // a boy of fifteen being blackmailed over photos; sessions fresh71, read once at the fortieth session's end)
    let skip = skip + ["you tell me", "u tell me", "tell me"].iter().find(|f| text::starts_with_phrase(&n.words[skip..], f)).map_or(0, |f| f.split(' ').count());
    let rest = &n.words[skip..];
    // chat drops the question mark ("does she have a lawyer yet" after "do u know which facility they took her to?";
    // vignettes-fresh39, read once in the twenty-fifth session): an auxiliary then a person asks all the same
    let unmarked = rest.len() >= 3
        && matches!(rest[0].as_str(), "do" | "does" | "did" | "is" | "are" | "was" | "have" | "has" | "r")
        && matches!(rest[1].as_str(), "you" | "u" | "she" | "he" | "they" | "it" | "there" | "your" | "ur" | "her" | "his");
    (raw.trim_end().ends_with('?') || unmarked) && text::words_start_with_any(rest, FACT_STARTS)
}

/// Further questions joined into one with "and" ("Do you have your own solicitor yet, and have you got the discharge
/// letter from the hospital?" to a mother afraid of losing her children at a custody hearing; vignettes-fresh27, read
/// once in the twenty-third session): each is one more fact asked for.
fn joined_questions(n: &Norm) -> usize {
    // (past the words said before the question proper: "And how long has she been living with you now?" and "Ok. And do
    // you have a solicitor yet?" ask one thing each; the demo session's)
    let lead = n.words.iter().take_while(|w| LEAD.contains(&w.as_str())).count();
    let and_asks = n.words[lead..]
        .windows(3)
        .filter(|w| {
            w[0] == "and"
                && matches!(w[1].as_str(), "have" | "has" | "do" | "does" | "did" | "is" | "are" | "was" | "were" | "can" | "could" | "will")
                && matches!(w[2].as_str(), "you" | "u" | "he" | "she" | "they" | "it" | "there" | "your" | "ur")
        })
        .count();
    // and "how many …" or "how long …" further on in a list of them ("are you getting outdoors during daylight hours, how
    // many hours are you sleeping, and are you registered…")
    let how_asks = n.words[lead..].windows(2).skip(1).filter(|w| w[0] == "how" && matches!(w[1].as_str(), "many" | "much" | "long" | "often")).count();
    and_asks + how_asks
}

/// A battery of fact questions in answer to a hardship or distress ("ok thank u. which care home is she in n how often
/// r u able to visit? do u have any other family nearby? also r u registered as her carer w the council", "could you
/// confirm the date …, whether you currently have a solicitor, and whether you have contacted your MP"; vignettes-
/// fresh22, read once on the twenty-second session's starting build): nothing in it reflects, validates or asks what
/// it is like, so one turn is detached where the run rule above needs two. An intake's closed questions after a calm
/// answer are not (the client's turn must carry distress or a hardship, or tell after one told the turn before).
fn battery(prep: &[Prep], t: usize) -> bool {
    let p = &prep[t];
    // or a numbered list of facts asked for without a question mark ("So that I can direct you to the right resources,
    // could you please confirm: 1) your date of arrival in Canada, 2) whether your credentials have completed the …
    // evaluation, 3) …" to a pharmacist ashamed of his night shifts; fresh33, read once in the twenty-fourth session)
    const ASKS_TO_CONFIRM: &[&str] = &["please confirm", "please provide", "please send", "please let me know", "please tell me", "please list"];
    // (the request first: counting numbered items reads every word of every reply otherwise)
    let listed = p.norm.first_of(ASKS_TO_CONFIRM).is_some() && numbered_items(p.text) >= 3;
    // (an email's "Thank you for your email." reads as attuning to the coder; the sentences are read one by one below)
    if (p.attuning && !listed) || p.feeling_talk || p.sents.len() < 2 || !(p.text.contains('?') || listed) {
        return false;
    }
    // (or told in the two client turns before: chat reads calm when it tells plainly, "ye. i aint slept proper in like a
    // week. … they sent a pic of his school gates yesterday 😶" read 0.04 after threats to a boy's little brother;
    // sessions fresh73, read once at the forty-second session's end): only where the client has asked for no help in
    // the conversation so far, and is telling, not thanking (ESConv's helpful dev sessions explore a problem the seeker
    // brought with such questions)
    let told_here = p.block.iter().any(|&c| {
        let a = &prep[c].affect;
        a.distress >= 0.5 || a.hardship >= 0.5 || (is_negative_emotion(a) && a.intensity >= 0.3)
    });
    let asks = |k: &Prep| k.affect.act == attune_core::ClientAct::AskingForHelp || k.norm.first_of(ASKS_HELP).is_some();
    let told_before = || {
        super::hardship_told(prep, t)
            && p.block.iter().any(|&c| prep[c].affect.act.tells() && prep[c].words >= 10)
            && !prep[..t].iter().any(|k| k.role == Role::Client && asks(k))
    };
    if !(told_here || told_before()) {
        return false;
    }
    // a sentence that names what it is like ("that sounds incredibly heavy, and lonely too") meets the client
    let meets = |s: &str, n: &Norm| {
        n.first_of(text::VALIDATE_CUE).is_some() || (n.first_of(text::REFLECT_CUE).is_some() && !s.ends_with('?')) || {
            let a = text::lexical_affect(n);
            a.emotion != Emotion::Neutral && is_negative_emotion(&a)
        }
    };
    // fact questions that explore a problem the client asked help with are problem-solving ("I just don't know what to
    // do in this situation." — "Do you have any other friends besides this group?"; ESConv dev)
    let asked = p.block.iter().any(|&c| asks(&prep[c]));
    if asked || p.sents.iter().any(|(s, n, _)| meets(s, n)) || p.norm.has("wonder") || p.norm.has("wondering") {
        return false;
    }
    // every question asks for a fact: one about the client's side keeps the turn open
    let (mut facts, mut all_facts) = (0, true);
    for (s, n, _) in p.sents.iter().filter(|(s, n, _)| s.trim_end().ends_with('?') || fact_question(n, s)) {
        // questions announced before a colon are read after it ("A few questions that would help me: are you getting
        // outdoors during daylight hours, how many hours are you sleeping, and are you registered with…?" to a student
        // ashamed of her homesickness; fresh37, read once in the twenty-fifth session)
        let after_colon = s.rsplit_once(':').map(|(_, q)| (q, Norm::new(q)));
        let (s, n) = after_colon.as_ref().map_or((*s, n), |(q, qn)| (*q, qn));
        if fact_question(n, s) {
            facts += 1 + joined_questions(n);
        } else {
            all_facts = false;
        }
    }
    let whether = p.norm.words.iter().filter(|w| *w == "whether").count();
    all_facts && (facts >= 2 || (facts >= 1 && whether >= 2) || listed)
}

/// What research or evidence finds, cited to a client who told of something hard and asked for none of it (indexed by
/// first word: `assess::indexed_lists`; every therapist turn is read for it).
pub(crate) static RESEARCH: &[&str] = &[
    "research suggests", "research shows", "research has shown", "studies show", "studies suggest", "studies have shown",
    "the evidence suggests", "evidence suggests", "evidence shows", "the research is clear", "the research is pretty clear",
    "the evidence is clear", "is well documented", "a well-documented",
];

/// A reply that meets a hardship with the literature ("That's a very common dilemma for families at this stage. The
/// evidence suggests children generally cope better with a death when they've been prepared…" to a man at his wife's
/// hospice bedside, unsure whether the grandchildren should see her; sessions fresh64, read at the thirty-third
/// session's end, judged 0.37): of attune's studied replies that cite research or evidence, all that were not asked
/// for are misattuned (detached, or confronting when the research defends the method). The client may ask what is
/// known, and a sentence that disowns it ("that's what matters right now, not the research") cites nothing.
fn cites_research<'a>(prep: &[Prep], p: &Prep<'a>) -> Option<&'a str> {
    // (whether it is normal, among the rest: `ASKS_WHAT_IT_IS`)
    const ASKS: &[&str] = &["research", "studies", "evidence", "statistics", "how common", "what is known"];
    p.norm.first_of(RESEARCH)?;
    // (a lower bar than the battery's: the grandfather's "I don't know anything anymore. I only know the cup." reads as
    // a hardship of 0.47)
    let hard = p.block.iter().any(|&c| {
        let a = &prep[c].affect;
        a.distress >= 0.3 || a.hardship >= 0.3 || (is_negative_emotion(a) && a.intensity >= 0.3)
    });
    // (nor when the client asked what their experience is: "What is this? Am I a danger to him? Please be honest."
    // answered "What you're describing sounds like intrusive thoughts… Research suggests that most new mothers *and*
    // fathers have…"; vignettes-fresh68, held back, read at this session's end with this rule flagging it)
    let asked = |c: usize| prep[c].norm.first_of(ASKS).is_some() || prep[c].norm.first_of(super::ASKS_WHAT_IT_IS).is_some();
    if !hard || p.block.iter().any(|&c| asked(c)) {
        return None;
    }
    p.sents.iter().find(|(_, n, _)| n.first_affirmed(RESEARCH).is_some() && !n.has("not the research")).map(|(s, _, _)| *s)
}

/// How many items a text numbers in the run of its words ("1) …, 2) …" or "1. … 2. …"), counting 1, 2, 3… in order.
fn numbered_items(text: &str) -> usize {
    let mut next = 1;
    for tok in text.split_whitespace() {
        let item = tok.trim_start_matches(['(', '[']);
        let number = item.strip_suffix([')', '.', ':']).unwrap_or("");
        if !number.is_empty() && !number.starts_with('0') && number.bytes().all(|b| b.is_ascii_digit()) && number.parse() == Ok(next) {
            next += 1;
        }
    }
    next - 1
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_intake_after_a_stock_line_is_detached_and_one_after_a_condolence_is_not() {
        use crate::tests::assess_bundled;
        use attune_core::Role;
        let client = "My son is 7 and I'm sure he's autistic. I've been to the GP three times and keep getting told to wait and see. Can you give me the actual steps to get him assessed?";
        let intake = "1. Which area of England are you in?\n2. What behaviours have you seen, and since when?\n3. Has his school raised any concerns?\n\nOnce I have these details, I'll give you a plan.";
        let detached = |first: &str| {
            let reply = format!("{first} To give you the most accurate guidance, I'll need a bit more information first:\n\n{intake}");
            assess_bundled(&[(Role::Client, client), (Role::Therapist, &reply)]).flags.iter().any(|f| f.kind == crate::types::FlagKind::Detached)
        };
        assert!(detached("I understand how frustrating this must be."));
        assert!(!detached("Three visits and still told to wait: I'm so sorry, that is exhausting."));
    }

    #[test]
    fn numbered_items_count_in_order() {
        assert_eq!(super::numbered_items("please confirm: 1) your date, 2) whether it was assessed, 3) your hours."), 3);
        assert_eq!(super::numbered_items("1. Call them. 2. Write it down. 4. Rest."), 2);
        assert_eq!(super::numbered_items("I was 2) tired and 3) sad"), 0);
    }

    #[test]
    fn a_question_opening_on_how_long_asks_one_thing_and_one_further_on_another() {
        use crate::text::Norm;
        assert_eq!(super::joined_questions(&Norm::new("And how long has she been living with you now?")), 0);
        assert_eq!(super::joined_questions(&Norm::new("How long has she been with you?")), 0);
        assert_eq!(super::joined_questions(&Norm::new("Are you sleeping, and how many hours a night?")), 1);
    }
}
