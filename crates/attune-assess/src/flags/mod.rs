//! Misattunement flags. Each kind of flag is one rule in its own file, listed in [`TURN_RULES`] (rules that
//! look at one therapist turn and its client block) or [`SESSION_RULES`] (rules over runs of turns or the
//! clock). A new flag is a new file and a table row.
//!
//! Order of work: the turn rules run in table order for each therapist turn (a rule sees the drafts made
//! for that turn before it, e.g. cheerleading is not raised on a sentence already flagged as minimizing);
//! then the learned judgement gates the phrase rules and flags what they missed; then the session rules;
//! then every draft gets its client context and an attuned alternative.

mod advice_after_refusal;
mod advice_list;
mod back_to_task;
mod bare_order;
mod cheerleading;
mod confirmed_by_reaction;
mod confronting;
mod deferred_request;
pub(crate) use confronting::UNMISTAKABLE;
pub(crate) use deferred_request::PUTS_OFF;
mod detached;
mod fact_sheet;
mod fine_taken;
mod hotline_only;
pub(crate) use detached::{ASKS_HELP, NOT_FACTS, RESEARCH};
mod interrupting;
mod leaflet_voice;
mod list_unmet;
mod minimizing;
mod missed_risk;
mod missed_rupture;
mod my_plan;
mod over_talking;
mod pathologizing;
mod practical_pivot;
pub(crate) use practical_pivot::PIVOTS;
mod premature_fixing;
mod pressed_verdict;
mod procedure_first;
mod reframing;
mod request_over_disclosure;
pub(crate) use reframing::SILVER_LINING;
mod self_focus;
mod service_close;
pub(crate) use cheerleading::{CHEERS, UNMISTAKABLE_CHEERS};
pub(crate) use minimizing::SHRINKS;
pub(crate) use self_focus::{AI_SELF, ASKS_ABOUT_YOU, TAKES_ME_BACK};
mod steps_first;
mod subject_change;
pub(crate) use subject_change::OLDER_THREAD;
mod yes_but;
pub(crate) use yes_but::FAIRNESS;

use crate::alternative::alternative;
use crate::assess::{block_affect, is_negative_emotion, judge_threshold, therapist_before, Prep};
use crate::config::AssessConfig;
use crate::text::{self, Norm};
use crate::types::*;
use attune_core::{Affect, Code, CodedSession, Emotion, Role};
use attune_judge::MisKind;

/// A flag before its context and alternative are attached.
pub(crate) struct FlagDraft {
    pub kind: FlagKind,
    pub turn: usize,
    pub quote: String,
    pub explanation: String,
    pub severity: Severity,
    pub extra_turns: Vec<usize>,
    /// Raised on the turn's own words however the judge reads it: a gated kind that is not gated this time.
    pub firm: bool,
}

/// What a turn rule knows about the therapist turn it looks at.
pub(crate) struct TurnCtx<'a, 'p> {
    pub prep: &'a [Prep<'p>],
    pub t: usize,
    pub p: &'a Prep<'p>,
    /// The affect of the client block this turn answers (its most intense turn).
    pub aff: &'a Affect,
    /// The block shows an emotion at all.
    pub emotional: bool,
    /// The block shows a negative emotion.
    pub distress: bool,
    pub primary: Option<Code>,
    /// The first sentence that reflects or validates (validation before a fix softens it).
    pub first_attuning_sent: Option<usize>,
    pub cfg: &'a AssessConfig,
}

/// A rule over one therapist turn; `earlier` holds the drafts earlier rules made for the same turn.
pub(crate) type TurnRule = fn(&TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft>;
/// A rule over the whole session, adding its drafts.
pub(crate) type SessionRule = fn(&CodedSession, &[Prep], &AssessConfig, &mut Vec<FlagDraft>);

/// The turn rules, in the order they run.
pub(crate) const TURN_RULES: &[(FlagKind, TurnRule)] = &[
    (FlagKind::Pathologizing, pathologizing::check),
    (FlagKind::Confronting, confronting::check),
    (FlagKind::Minimizing, minimizing::check),
    (FlagKind::Cheerleading, cheerleading::check),
    (FlagKind::Reframing, reframing::check),
    (FlagKind::PrematureFixing, premature_fixing),
    (FlagKind::SubjectChange, subject_change),
    (FlagKind::MissedRisk, missed_risk::check),
    (FlagKind::AdviceWithoutPermission, advice_without_permission),
    (FlagKind::SelfFocus, self_focus::check),
];

/// Whether the judge reads the turn within `below` of its threshold (or there is no judgement): the rules that raise a
/// flag the judge nearly raised itself stand only there.
pub(super) fn judge_leans(c: &TurnCtx, below: f32) -> bool {
    let threshold = crate::assess::judge_threshold(true).unwrap_or(0.5);
    c.p.judgement.as_ref().is_none_or(|j| j.p_misattuned >= threshold - below)
}

/// Whether a client turn of the block asks for help: a question that ends it, the act head's reading, or one of `asks`.
/// (A question mark inside the telling asks nothing of the listener: "My mom hugged me and cried, which I think was
/// good?")
pub(super) fn block_asks(c: &TurnCtx, asks: &'static [&'static str]) -> bool {
    c.p.block.iter().any(|&b| {
        let k = &c.prep[b];
        k.text.trim_end().ends_with('?') || k.affect.act == attune_core::ClientAct::AskingForHelp || k.norm.first_of(asks).is_some()
    })
}

/// Whether a client turn of the block says `phrase` itself: the listener giving it back takes the client's words up, it
/// does not put its own.
pub(super) fn block_says(c: &TurnCtx, phrase: &str) -> bool {
    c.p.block.iter().any(|&b| c.prep[b].norm.has(phrase))
}

/// Whether a client turn of the block reads hard: distress or a hardship told at `at` or above.
pub(super) fn block_hard(c: &TurnCtx, at: f32) -> bool {
    c.p.block.iter().any(|&b| c.prep[b].affect.distress.max(c.prep[b].affect.hardship) >= at)
}

/// The five rules that find a fix too soon, one row for the kind: a fix over an intense feeling no one met, else chat's
/// "ok so" and the steps after a telling (whose feeling the client model may read calm), only where no later rule names
/// the turn otherwise by their own words (advice given unasked, a change of subject) and the judge flags nothing: the
/// kind they name is the truer one (of 17 studied replies this rule reached first, 15 were labelled otherwise); else a
/// list handed over a feeling named and not met, on the same terms. A verdict pressed on the client ("I want you to
/// really hear that…") comes before the steps: it stands wherever no earlier rule and not the judge named the turn; so
/// does a school's procedure set going over a hardship (a thought record now; a questionnaire, which it names detached),
/// unless a later rule names the turn by a firm draft of advice or a change of subject.
fn premature_fixing(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    // (a fix over a feeling is gated by the judge; the steps, where they are found, stand)
    let over_feeling = premature_fixing::check(c, earlier);
    if over_feeling.as_ref().is_some_and(|d| d.firm) {
        return over_feeling;
    }
    // (a later rule's firm draft of advice or of a change of subject names the turn truer)
    let firm = |d: Option<FlagDraft>| d.is_some_and(|d| d.firm);
    let truer = || firm(advice_without_permission(c, earlier)) || firm(subject_change(c, earlier));
    if let Some(d) = pressed_verdict::check(c, earlier).filter(|_| !truer()) {
        return Some(d);
    }
    if let Some(d) = procedure_first::check(c, earlier).filter(|_| !truer()) {
        return Some(d);
    }
    steps_first::check(c, earlier)
        .filter(|_| !truer())
        .or(over_feeling)
        // (a list no rule of advice names, nor a change of subject by a firm draft: those name it truer; a gated draft
        // would be dropped, for the judge flags nothing here)
        .or_else(|| list_unmet::check(c, earlier).filter(|_| advice_without_permission(c, earlier).is_none() && !firm(subject_change(c, earlier))))
}

/// The four rules that find advice given unasked, one row for the kind: advice after the client turned help down,
/// else an unasked list of things to do, else a bare order or the listener's own plan ("what I'd do is…") the judge let
/// through.
fn advice_without_permission(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    advice_after_refusal::check(c, earlier)
        .or_else(|| advice_list::check(c, earlier))
        .or_else(|| bare_order::check(c, earlier))
        .or_else(|| my_plan::check(c, earlier))
}

/// The rules that find a change of subject, one row for the kind: a reply that follows the client's own turn to a
/// task and passes over what they told first, or puts off the help asked for (which stand whatever the judge says),
/// else the listener's own turn away, or to the practical side (which the judge gates).
fn subject_change(c: &TurnCtx, earlier: &[FlagDraft]) -> Option<FlagDraft> {
    request_over_disclosure::check(c, earlier)
        .or_else(|| back_to_task::check(c, earlier))
        .or_else(|| deferred_request::check(c, earlier))
        .or_else(|| subject_change::check(c, earlier))
        .or_else(|| practical_pivot::check(c, earlier))
}

/// The six rules that find a detached reply, one row for the kind: a run of emotion met with facts (with, in the same
/// file, research cited, a battery of fact questions and an intake before any help), then a crisis line given in place
/// of a reply, then a service's "anything else I can help you with?" after a hardship, then a fact sheet under a heading,
/// then information unasked in a leaflet's voice, then a client's "fine" taken at its word.
fn detached(coded: &CodedSession, prep: &[Prep], cfg: &AssessConfig, drafts: &mut Vec<FlagDraft>) {
    detached::check(coded, prep, cfg, drafts);
    hotline_only::check(prep, drafts);
    service_close::check(prep, drafts);
    fact_sheet::check(prep, drafts);
    leaflet_voice::check(prep, drafts);
    fine_taken::check(prep, drafts);
}

/// The session rules, in the order they run (after the learned judgement).
pub(crate) const SESSION_RULES: &[(FlagKind, SessionRule)] = &[
    (FlagKind::Detached, detached),
    (FlagKind::Interrupting, interrupting::check),
    (FlagKind::OverTalking, over_talking::check),
];

/// How far below the judge's threshold a reassurance or minimizing phrase over distress still flags.
const PHRASE_MARGIN: f32 = 0.1;
/// The same when the phrase follows a first sentence that meets the client ("Tired all the time, for two weeks now.
/// Don't worry, it'll pass."): the reflection carries the whole reply's judgement toward attuned (0.23 against 0.48
/// for a judge of the twelfth session, before its sentence openers stopped reading topic words), while the phrase is
/// the miss. 0.25 everywhere flagged one more attuned dev vignette and 0.6 points more of ESConv's good-session turns.
/// 0.3 since the thirty-third session's judge, which reads that reply at 0.31 against its threshold of 0.60: over every
/// labelled set but the held-back ones (fast) it flags one more attuned session turn of 2,160 and nothing else moves.
const PHRASE_MARGIN_AFTER_MEETING: f32 = 0.3;

/// The words a reassurance or minimizing draft quotes hold one of the phrases (not only the coder's code): the margins
/// below the judge's threshold are for a phrase said over distress. A whole reply coded reassure ("Oh, that's such a
/// frightening thing to find, and of course your mind goes straight to how you missed it. Would it help to think
/// together about how you might raise it with her?", judged 0.46 against 0.55) is the judge's to call.
fn says_phrase(quote: &str) -> bool {
    let n = Norm::new(quote);
    [text::REASSURE, CHEERS, UNMISTAKABLE_CHEERS, SHRINKS].iter().any(|l| n.first_of(l).is_some())
        || n.first_of(text::MINIMIZE).is_some_and(|l| !minimizing::only_on_condition(&n, l))
}

/// A sentence that meets the client: the coder reads it as attuning (a reflection, validation...), or it carries a
/// validating cue, or a reflecting cue without asking, or a condolence.
fn meets_client(s: &str, n: &Norm, c: Option<Code>) -> bool {
    c.is_some_and(|c| c.is_attuning())
        || n.first_of(text::VALIDATE_CUE).is_some()
        || (n.first_of(text::REFLECT_CUE).is_some() && !s.ends_with('?'))
        || n.first_of(CONDOLENCES).is_some()
}

/// A client's complaint that their question went unanswered ("I'm asking what you actually think", "thats not really what
/// i asked"): it asks again.
/// ("i was asking" only with what was asked: "I was asking for it" is self-blame)
pub(super) const QUESTION_UNANSWERED: &[&str] = &[
    "i'm asking what", "i'm asking how", "i'm asking about", "what i asked", "my question was", "i was asking you", "i was asking what",
    "i was asking how", "i was asking about",
];

/// Sorrow said with a word between ("I'm very sorry about your wife."; sessions fresh78, studied from the forty-sixth
/// session's start), which the shared validating cues ("i'm sorry", "so sorry", also read by the coder and the judge)
/// do not hold.
const CONDOLENCES: &[&str] = &[
    "i'm very sorry", "i am very sorry", "i'm really sorry", "i am really sorry", "i'm truly sorry", "i am truly sorry", "i'm deeply sorry",
    "i am deeply sorry", "i'm so very sorry", "sorry for your loss",
];

/// The phrase rules the learned judgement gates (a flag of these kinds stays only if the judge is within
/// `rule_margin` of its threshold), except a subject change announced by a topic-shift marker.
const GATED: [FlagKind; 4] = [FlagKind::PrematureFixing, FlagKind::Minimizing, FlagKind::Cheerleading, FlagKind::SubjectChange];

/// Words that name the client ("you", and chat's "u", "ur").
pub(super) const YOU: &[&str] = &["you", "your", "you're", "yours", "yourself", "you've", "you'd", "you'll", "u", "ur", "youre"];

/// Whether an earlier rule's draft for the turn will stand whatever the judge says: a gated phrase rule's draft may yet
/// be dropped, so a later rule that defers to earlier flags does not defer to it.
pub(super) fn stands(earlier: &[FlagDraft]) -> bool {
    earlier.iter().any(|d| d.firm || !GATED.contains(&d.kind))
}

/// `spoken`: the session's register (`attune_text::register_of`), read once by the caller.
pub(crate) fn find_flags(coded: &CodedSession, prep: &[Prep], cfg: &AssessConfig, spoken: bool) -> Vec<Flag> {
    let mut drafts: Vec<FlagDraft> = Vec::new();
    for (t, p) in prep.iter().enumerate() {
        if p.role != Role::Therapist {
            continue;
        }
        let Some((_, aff)) = block_affect(prep, t) else {
            drafts.extend(confronting::without_context(p, t).or_else(|| self_focus::without_context(p, t)));
            continue;
        };
        let emotional = aff.emotion != Emotion::Neutral && aff.intensity > 0.0;
        let ctx = TurnCtx {
            prep,
            t,
            p,
            aff,
            emotional,
            distress: emotional && is_negative_emotion(aff),
            primary: p.coding.map(|c| c.code),
            first_attuning_sent: p.sents.iter().position(|(s, n, c)| meets_client(s, n, *c)),
            cfg,
        };
        let mut here: Vec<FlagDraft> = Vec::new();
        for (_, rule) in TURN_RULES {
            if let Some(d) = rule(&ctx, &here) {
                here.push(d);
            }
        }
        drafts.extend(here);
    }

    // The learned judgement gates the phrase rules and flags what they miss.
    let last_two = last_therapist_turns(prep);
    for (t, p) in prep.iter().enumerate() {
        let Some(j) = &p.judgement else { continue };
        // a closing that answers no client turn (`check` with no context, a session's opening turns) is the frame of
        // the work too: "Let's pick this up again next time." is judged 0.84 and was flagged with nothing to be
        // misattuned to
        let closing = (last_two.contains(&t) || p.block.is_empty()) && session_close(p, prep);
        let threshold = judge_threshold(!p.block.is_empty()).unwrap_or(0.5);
        if closing || j.p_misattuned < threshold - cfg.rule_margin {
            // a subject change announced by its marker ("So, on another note, …") right after distress stands on its
            // own: the judge reads "So …?" as ESConv's reflective questions and misses it
            let announced = !closing
                && drafts.iter().any(|d| d.turn == t && d.kind == FlagKind::SubjectChange)
                && subject_change::announced(p);
            // so does a reassurance or a minimizing phrase said over distress when the judge is near its threshold:
            // "Tired all the time, for two weeks now. Don't worry, it'll pass." (0.37 against 0.44), where the
            // reflection before it carries the judgement
            let distressed = p.block.iter().any(|&c| prep[c].affect.distress >= 0.5 || prep[c].affect.hardship >= 0.5);
            let said = !closing && distressed && j.p_misattuned >= threshold - PHRASE_MARGIN;
            let opens_meeting = p.sents.first().is_some_and(|(s, n, c)| meets_client(s, n, *c));
            let after_meeting = |d: &FlagDraft| {
                opens_meeting && p.sents.len() > 1 && p.sents.first().is_some_and(|(s, _, _)| !s.contains(d.quote.trim()) && !d.quote.contains(s.trim()))
            };
            let said_after = !closing && distressed && j.p_misattuned >= threshold - PHRASE_MARGIN_AFTER_MEETING;
            drafts.retain(|d| {
                // (read last: the drafts of every turn pass through here)
                let phrase = || matches!(d.kind, FlagKind::Cheerleading | FlagKind::Minimizing) && says_phrase(&d.quote);
                !(d.turn == t
                    && !d.firm
                    && GATED.contains(&d.kind)
                    && !(d.kind == FlagKind::SubjectChange && announced)
                    && !((said || (said_after && after_meeting(d))) && phrase()))
            });
        }
        // The generic rules can name a miss by what it is not: "I'm just trying to cover everything. We only have
        // fifty minutes." after a complaint takes up none of the client's words, so the subject-change rule fires
        // first, and "At least she's still here with you." moves on from sadness, so premature fixing does. Where
        // the judge is sure and the turn's own words show the kind it names (a defence, a silver lining, a
        // dismissal, a cheer), that kind names the miss (DESIGN.md: a defensive reply is a flag of its own).
        if j.flagged && j.p_misattuned >= SURE {
            let h = attune_text::rules::scan(p.text);
            let shown = match j.kind {
                MisKind::Confronting => h.confront.is_some(),
                MisKind::Reframing => h.reframe.is_some(),
                MisKind::Minimizing => h.minimize.is_some(),
                MisKind::Cheerleading => h.reassure.is_some(),
                _ => false,
            };
            if shown {
                drafts.retain(|d| !(d.turn == t && matches!(d.kind, FlagKind::SubjectChange | FlagKind::PrematureFixing)));
            }
        }
        if j.flagged
            && !drafts.iter().any(|d| d.turn == t && d.kind != FlagKind::MissedRisk)
            && !closing
            && (j.p_misattuned >= HOLD_CEILING || !held_back(p, prep, t, j, spoken))
            && !held_however_sure(p, prep, j)
        {
            drafts.push(learned_draft(t, p, j));
        }
    }

    for (_, rule) in SESSION_RULES {
        rule(coded, prep, cfg, &mut drafts);
    }
    for d in drafts.iter_mut().filter(|d| d.kind == FlagKind::PrematureFixing && informs_only(&prep[d.turn])) {
        d.kind = FlagKind::Detached;
        d.explanation = "Answers with information, and nothing in it meets what the client feels: facts where the person needed to be met first.".into();
    }

    drafts.sort_by_key(|d| (d.turn, d.kind));
    drafts.dedup_by_key(|d| (d.turn, d.kind));
    drafts.into_iter().map(|d| finish(prep, d)).collect()
}

/// A judgement at or above which the judge counts as sure: the kind it names may rename a generic rule's draft.
const SURE: f32 = 0.85;

/// A judgement at or above which no hold keeps the learned flag back (the judge is sure): help asked for and given after meeting the client still flags when it reframes a miscarriage as "an
/// encouraging sign for the future" (judged 0.99; vignettes-fresh70, read at the thirty-sixth session's end). Over the
/// studied sets it flagged two more misattuned vignette replies and two session turns and no attuned reply (fast tier);
/// on that held-back set it also flagged an attuned list of tips asked for (judged 0.90), which help asked for now
/// holds back at any judgement (`held_however_sure`).
const HOLD_CEILING: f32 = SURE;

/// A reply that raises no learned flag however sure the judge is, as the judge reads one exchange and cannot see what
/// makes it right:
/// - a courtesy the client's own move calls for (a well-wish as they take leave, a greeting returned): "Thanks. I
///   should go now." — "You're welcome - enjoy the rest of your day!", judged 0.85 by the thirty-seventh session's
///   judge, at the hold ceiling;
/// - help the client asked for (said yes to an offer of it, picked it, or made it their own plan: `invited`): "…or
///   would you rather talk about the freezing first?" — "Maybe steps. Small ones though."; or asked for by a question
///   and given as asked ("You asked what your rights are, so here's the core of it": `answers_as_asked`);
/// - a pattern the client asked about, named and handed back (`names_what_was_asked`);
/// - the listener's own experience the client asked about, told briefly and turned back to them
///   (`brief_answer_about_listener`: "did u ever have to do this? sorry if thats too personal" — "not too personal 🙂
///   yeah, i told my parents at 22 … everyone's is different tho, urs is urs", labelled attuned and judged above the hold
///   ceiling; sessions fresh54);
/// - a short question after the client's or their people's safety, named a change of subject, detached or a fix
///   (`asks_after_safety`);
/// - the client's own words of argument given back and denied (`argues_in_their_words`);
/// - a short reply whose only orders settle the client in, a seat or a moment, or lift a demand (`settles_in`).
pub(super) fn held_however_sure(p: &Prep, prep: &[Prep], j: &attune_judge::Judgement) -> bool {
    warm_reply_to_winding_down(p, prep)
        || greeting_only(p)
        || (matches!(j.kind, MisKind::AdviceWithoutPermission | MisKind::PrematureFixing) && (invited(p, prep) || answers_as_asked(p, prep)))
        || (matches!(j.kind, MisKind::Pathologizing | MisKind::Detached) && names_what_was_asked(p, prep, j.p_misattuned))
        || (j.kind == MisKind::SelfFocus && brief_answer_about_listener(p, prep))
        || (matches!(j.kind, MisKind::SubjectChange | MisKind::Detached | MisKind::PrematureFixing) && asks_after_safety(p))
        || (j.kind == MisKind::Confronting && argues_in_their_words(p, prep))
        || settles_in(p, j)
}

/// Every phrase of argument the reply holds is the client's own, given back and denied in its sentence ("It doesn't read
/// like an old man making excuses." to a dying man who asked a volunteer to tell him honestly whether his letter to his
/// estranged son read like "an old man making excuses"; sessions fresh91, studied from the forty-eighth session's start,
/// judged 0.87 as confronting): the judge reads the words, not whose they are nor that they are denied ("It does sound
/// like making excuses" agrees with the client's fear, and stays the judge's). `denies_self_judgement` reads the same
/// for the client's judgement of themselves below the hold ceiling.
fn argues_in_their_words(p: &Prep, prep: &[Prep]) -> bool {
    const DENIES: &[&str] = &["doesn't", "not", "isn't", "don't", "never", "wasn't", "didn't"];
    let mut said = attune_text::rules::CONFRONT.iter().filter(|ph| p.norm.has(ph)).peekable();
    said.peek().is_some()
        && said.all(|ph| {
            p.block.iter().any(|&b| prep[b].norm.has(ph))
                && p.sents.iter().filter(|(_, n, _)| n.has(ph)).all(|(_, n, _)| n.words.iter().any(|w| DENIES.contains(&w.as_str())))
        })
}

/// Help the client asked for by a question, given as asked and said to be ("You asked what your rights are, so here's the
/// core of it, plainly:" to a mother whose autistic son has been out of school since February, who asked "what am I
/// actually supposed to do, what are my rights here??"; vignettes-fresh87, studied from the forty-seventh session's
/// start, judged 0.91; "Since you've asked for practical things, here's what parents I know have found…"): the
/// listener names the request and answers it, with no cheer, bright side, shrinking or argument in it. 3 labelled
/// listener replies of attune's own sets name the request so before help, all attuned.
fn answers_as_asked(p: &Prep, prep: &[Prep]) -> bool {
    const NAMES_REQUEST: &[&str] = &["you asked", "you've asked", "since you asked", "as you asked"];
    const HANDS_OVER: &[&str] = &["so here", "here's", "here is", "so let me", "so i'll"];
    // (an opinion asked for without a question mark: "Tell me honestly what you think I should do." from a widower offered
    // a flat on the eleventh floor after a fire; vignettes-fresh91, studied from the forty-seventh session's start)
    const ASKS_VIEW: &[&str] = &["tell me honestly", "tell me straight", "be honest with me", "your honest opinion", "tell me what you think"];
    // (a question asks the listener where a sentence of more than three words ends on it: a question mark inside the
    // telling asks nothing, as for `block_asks`)
    let questions = || p.block.iter().flat_map(|&c| text::sentences(prep[c].text)).filter(|s| s.trim_end().ends_with('?') && s.split_whitespace().count() > 3);
    let asked = asked_in_words(p, prep) || p.block.iter().any(|&c| prep[c].norm.first_of(ASKS_VIEW).is_some()) || questions().next().is_some();
    if !asked {
        return false;
    }
    // (or a list follows the naming: "Shops, since you asked. A few things that helped us; take whatever fits and leave the
    // rest: - …" on a forum for parents of autistic children; sessions fresh87, studied from the forty-seventh session's
    // start; not "I know you asked me not to say it, but…")
    let listed = attune_text::rules::list_lines(p.text) >= 2;
    let names = p.sents.iter().any(|(_, n, _)| {
        n.first_of(NAMES_REQUEST).is_some() && !n.has("you asked me not") && !n.has("you asked not") && (listed || n.first_of(HANDS_OVER).is_some())
    });
    // (or hands over the very thing the question asked for: "What are my options? We're in England." — "Here are the main
    // options in England."; vignettes-fresh88, studied from the forty-seventh session's start, judged 0.93)
    let echoes = || {
        let asked_for: Vec<String> = questions().flat_map(|s| text::content_stems(&Norm::new(s))).collect();
        p.sents.iter().take(4).any(|(s, n, _)| {
            n.words.first().is_some_and(|w| w == "here" || w == "here's") && !s.trim_end().ends_with('?') && text::content_stems(n).iter().any(|x| asked_for.contains(x))
        })
    };
    (names || echoes()) && {
        let h = attune_text::rules::scan(p.text);
        h.reassure.is_none() && h.reframe.is_none() && h.minimize.is_none() && h.confront.is_none()
    }
}

/// A short reply that asks whether the client, or someone of theirs, is safe, and hands nothing over ("ok. is your
/// brother safe tonight, do you think? and are you?" to a boy of fifteen who had just pulled back from naming the men
/// threatening his family, judged 0.88 as a change of subject; sessions fresh73, read once at the forty-second
/// session's end): of attune's labelled replies that ask it, 39 are attuned and one is misattuned, a protocol's three
/// questions that end "Please answer each one." (advice here). The judge, reading one exchange, takes the question for
/// a turn away from what was told; the judgement still counts in the score.
pub(super) fn asks_after_safety(p: &Prep) -> bool {
    // a person's safety asked after, not a thing's ("have you kept those messages somewhere safe?") nor a manner of
    // speaking ("is it safe to say…?")
    const PERSON_SAFE: &[&str] = &[
        "are you safe", "are u safe", "r u safe", "are you somewhere safe", "are u somewhere safe", "r u somewhere safe",
        "are you in a safe", "you feel safe", "u feel safe", "safe tonight", "safe right now", "safe rn", "safe at home",
        "safe at the moment", "safe where you are", "safe where u are",
    ];
    // "is your brother safe", "is ur mum safe", "are the kids safe"
    let someone_safe = |n: &Norm| {
        n.words.windows(4).any(|w| matches!(w[0].as_str(), "is" | "are") && matches!(w[1].as_str(), "your" | "ur" | "the") && w[3] == "safe")
    };
    let questions = p.sents.iter().filter(|(s, _, _)| s.contains('?')).count();
    p.words <= 60
        && questions <= 2
        && p.sents.iter().any(|(s, n, _)| s.contains('?') && (n.first_of(PERSON_SAFE).is_some() || someone_safe(n)))
        && p.advice().is_empty()
}

/// A reply the judge holds misattuned that raises no learned flag all the same: each of these reads a move the judge
/// mistakes for a miss (a plain reflection, an answer to the client's own question, owning the miss…). The judgement
/// still counts in the score.
fn held_back(p: &Prep, prep: &[Prep], t: usize, j: &attune_judge::Judgement, spoken: bool) -> bool {
    plain_reflection(p, prep, j)
        || plain_without_context(p, j)
        || unanswered_kind(p, j)
        || opening_offer(p, j)
        || offers_choice(p, j)
        || answers_apology(p, prep, j)
        || asked_and_met(p, prep, j)
        || answers_question(p, prep, j)
        || owns_the_miss(p, j)
        || owns_and_answers(p, prep, j)
        || releases_only(p, j)
        || at_least_as_pacing(p, j)
        || (j.kind == MisKind::Confronting && denies_self_judgement(p, prep))
        || (j.kind == MisKind::SubjectChange && (checks_in(p, prep, j) || owns_then_stays(p, prep, t)))
        || (spoken && (back_channel(p) || echoes_client(prep, p) || names_feeling(p) || exclaims(p.text)))
        || asks_leave_after_meeting(p, j)
        || reflection_read_as_information(p, prep, j)
        || reflection_read_as_disclosure(p, prep)
}

/// Owning the miss without moving on in the same breath: a quick sorry, then a new topic announced, is no repair ("Sorry,
/// that was a lot of information all at once. Let's move on to you for a bit — how's work been?" after a client's
/// "…Anyway."; sessions fresh106, studied from the forty-ninth session on, judged 0.72 as a change of subject).
fn owns_then_stays(p: &Prep, prep: &[Prep], t: usize) -> bool {
    owns_in_words(&p.norm) && attune_text::rules::topic_shift(p.text).is_none_or(|s| s == "let's get back to" || missed_rupture::takes_up_recent(prep, t))
}

/// A short reply the coder reads as the listener's own disclosure that says nothing of the listener (no "I", "me",
/// "my"), takes up two or more of the client's words and does nothing but take them up ("thats so much to carry at 15. ur
/// scared for ur mum and doing a parents job at the same time", judged 0.71 as a cheer; "oof the cake. so ur sitting
/// with fail number 4 AND a whole family party for ur sister still fresh. that's a brutal combo", 0.70; studied
/// vignettes, labelled attuned): chat's spellings ("ur", "u") pull the coder toward `disclose`, and the judge reads
/// the code. Held near the threshold only (below the hold ceiling); the judgement still counts in the score. (Reading
/// chat's spellings as the usual ones in the coder itself was tried and not kept: model card.)
fn reflection_read_as_disclosure(p: &Prep, prep: &[Prep]) -> bool {
    // (chat's "im", "ive" are read as "i'm", "i've": `text::words`)
    const SELF: &[&str] = &["i", "i'm", "me", "my", "mine", "myself", "i've", "i'd", "i'll", "we", "our", "us"];
    p.coding.is_some_and(|c| c.code == Code::Disclose)
        && p.words <= MAX_HELD_UPTAKE_WORDS
        && !p.norm.words.iter().any(|w| SELF.contains(&w.as_str()))
        && !advises(p)
        && stems_taken_up(p, prep) >= 2
        && !says_more_than_reflecting(p)
}

/// The most words a reply the coder misread ([`reflection_read_as_disclosure`], [`reflection_read_as_information`]) may
/// have to be held back as the client's words taken up.
const MAX_HELD_UPTAKE_WORDS: usize = 60;

/// Whether a reply advises, by the advice grammar or a phrase.
fn advises(p: &Prep) -> bool {
    !p.advice().is_empty() || p.norm.first_of(text::ADVISE).is_some()
}

/// A short reply the coder reads as information, a third or more of whose content words are the client's own, with nothing in it that
/// advises ("ugh that sounds so heavy. ur up half the night looking after ur dad and then ppl at school see the missed
/// work and call it lazy, when ur actually carrying loads they can't see 💙", judged 0.80 as a fix too soon; "[pause]
/// Mm. [pause] Out of the programme... and thinking about that land. …", 0.58; studied vignettes, labelled attuned): a
/// reflection of content, which the judge, reading the coder's "inform", takes for facts handed over. Near the
/// threshold only (below the hold ceiling); the judgement still counts in the score.
fn reflection_read_as_information(p: &Prep, prep: &[Prep], j: &attune_judge::Judgement) -> bool {
    if !matches!(j.kind, MisKind::PrematureFixing | MisKind::Detached | MisKind::AdviceWithoutPermission)
        || p.coding.is_none_or(|c| c.code != Code::Inform)
        || p.words > MAX_HELD_UPTAKE_WORDS
        || p.text.contains('?')
        || advises(p)
    {
        return false;
    }
    let shared = stems_taken_up(p, prep);
    shared >= 2 && 3 * shared >= p.stems.len()
}

/// How many of the reply's content stems the client block it answers holds.
fn stems_taken_up(p: &Prep, prep: &[Prep]) -> usize {
    let client: Vec<&String> = p.block.iter().flat_map(|&k| prep[k].stems.iter()).collect();
    p.stems.iter().filter(|s| client.contains(s)).count()
}

/// The reply meets the client, then asks leave before any help ("She's fine, and you're not fine yet — both of those
/// can be true, one doesn't cancel the other. Would it be okay with you if I made a referral to the perinatal team?
/// It'd be a phone call first, a chat like this one, nothing you'd have to decide today."; sessions fresh65, read at
/// the thirty-fourth session's end, judged 0.70 as a fix too soon): asking permission after the feeling was met is
/// MI's advice with permission, and nothing is handed over yet. No sentence before the question may fix, none after it
/// may advise, and no phrase may confront, shrink, label or reassure. Near the threshold only; the judgement still
/// counts in the score.
fn asks_leave_after_meeting(p: &Prep, j: &attune_judge::Judgement) -> bool {
    const MARGIN: f32 = 0.3;
    if !matches!(j.kind, MisKind::AdviceWithoutPermission | MisKind::PrematureFixing)
        || p.block.is_empty()
        || j.p_misattuned >= judge_threshold(true).unwrap_or(0.5) + MARGIN
        || !p.sents.first().is_some_and(|(s, n, c)| meets_client(s, n, *c))
    {
        return false;
    }
    let Some(ask) = p.sents.iter().position(|(s, n, _)| s.trim_end().ends_with('?') && n.first_of(OFFERS).is_some()) else { return false };
    let fixes = |(s, _, c): &(&str, Norm, Option<Code>)| fixes_beyond_informing(*c) || !attune_text::advice::advice_cues(s).is_empty();
    if ask == 0 || p.sents[..ask].iter().any(fixes) || p.sents[ask + 1..].iter().any(|(s, _, _)| !attune_text::advice::advice_cues(s).is_empty()) {
        return false;
    }
    // leave asked and the help handed over at once is no leave asked ("Would it help to get the email out of the way
    // first, so it's not hanging over you? Here's a draft you could adapt:" to a client who had moved on from the email
    // to being mocked for her accent; vignettes-fresh65, studied, judged 0.71; the sentence splitter may keep the question
    // and the draft together, so from the question on; not "here's what": "Here's what I'm hearing")
    const HANDS_OVER: &[&str] = &["here's a", "here is a", "here's one"];
    if p.sents[ask..].iter().any(|(_, n, _)| n.first_of(HANDS_OVER).is_some()) {
        return false;
    }
    let h = attune_text::rules::scan(p.text);
    h.confront.is_none() && h.pathologize.is_none() && h.minimize.is_none() && h.directive.is_none() && h.reassure.is_none()
}

/// Flags for replies the judge leaned toward misattuned, confirmed by a rupture marker on the client's next turn
/// (`confirmed_by_reaction`). The caller finds the markers again with these added.
pub(crate) fn confirmed_by_reaction(prep: &[Prep], flags: &[Flag], markers: &[ClientMarker], chat: bool, spoken: bool) -> Vec<Flag> {
    confirmed_by_reaction::check(prep, flags, markers, chat, spoken).into_iter().map(|d| finish(prep, d)).collect()
}

/// Flags for replies that move on from a rupture marker (`missed_rupture`): a pass after the markers are found, since
/// the markers need the flags. The caller finds the markers again with these added.
pub(crate) fn missed_ruptures(prep: &[Prep], markers: &[ClientMarker], flags: &[Flag]) -> Vec<Flag> {
    (0..prep.len()).filter_map(|t| missed_rupture::check(prep, t, markers, flags)).map(|d| finish(prep, d)).collect()
}

/// A hardship or distress told in the client block that therapist turn `t` answers, or in the two client turns before
/// it: a loss told plainly reads as calm to the emotion head, and the next client turn may be about who is left to see
/// it ("nobody really asks anymore … nobody sees that part" after eighteen months of long COVID; fresh38, read once in
/// the twenty-fifth session). Read by the stacked-cheer rule: the judge's gate reads the block alone (the earlier
/// turns too flagged a "try not to let him bring you down!" to a client pleased with a plan, in a helpful ESConv
/// session). The battery of fact questions (`detached`) reads it too, where the client asked for no help.
pub(crate) fn hardship_told(prep: &[Prep], t: usize) -> bool {
    // (grave words only in a turn not read as glad: "We just got a puppy recently, which is the same breed as the one who
    // passed away. She is bringing some light back into our lives." — "Aww that is great! What breed?", rated 5 for empathy
    // in EmpatheticExchanges' dev split)
    let hard = |k: &Prep| k.affect.distress >= 0.5 || k.affect.hardship >= 0.5 || (k.affect.emotion != Emotion::Joy && grave_told(&k.norm));
    prep[t].block.iter().any(|&c| hard(&prep[c])) || (0..t).rev().filter(|&k| prep[k].role == Role::Client).take(prep[t].block.len() + 2).any(|k| hard(&prep[k]))
}

/// Grave news in its own words, which the client model reads as calm when it is told flatly ("Refused." of an asylum
/// claim, "Ray's been dead twenty years." read at hardship 0.12; vignettes-fresh149 and -fresh162, studied from the
/// fifty-first and fifty-second sessions on): the rules that ask whether a hardship was told read these too. Over the
/// studied sets it moved two misattuned replies into flags and no attuned one.
fn grave_told(n: &Norm) -> bool {
    n.first_affirmed(GRAVE).is_some()
}

/// Words of grave news ([`grave_told`]; indexed: `assess::indexed_lists`, as `hardship_told` reads every client turn
/// near each listener turn, several times over).
pub(crate) static GRAVE: &[&str] = &[
    "died", "dead", "dying", "death", "funeral", "terminal", "cancer", "tumour", "tumor", "stillborn", "stillbirth",
    "miscarriage", "miscarried", "suicide", "killed", "overdose", "dementia", "alzheimer's", "stroke", "deported",
    "refused", "evicted", "repossessed", "arrested", "prison", "raped", "abused", "redundant", "sacked", "diagnosed",
    "hospice", "coma", "intensive care", "passed away",
];

/// A turn that is only a back-channel ("Mm-hmm.", "Okay.", "Right, yeah."). In speech it keeps the client talking
/// (MITI leaves it uncoded); the judge, which learned from written replies where a bare "ok" to a disclosure is a
/// brush-off, read it as a miss: in the dev AnnoMI sessions rated high quality, 112 of 772 therapist turns were flagged
/// and most of them were back-channels, 53 as advice without permission. In speech it raises no learned flag (runs of
/// them are still the `detached` rule's); in writing it is judged as before.
fn back_channel(p: &Prep) -> bool {
    const WORDS: &[&str] = &[
        "mm-hmm", "mm-hm", "uh-huh", "mhm", "mm", "mmm", "hmm", "okay", "ok", "right", "yeah", "yes", "yep", "sure", "alright",
        "uh", "um", "oh", "good", "i", "see", "true", "truly", "gotcha",
    ];
    let words = &p.norm.words;
    !words.is_empty() && words.len() <= 4 && words.iter().all(|w| WORDS.contains(&w.as_str()))
}

/// A turn of an exclamation and the client's name or an endearment, nothing else ("Oh, Abena." after a client told how
/// her mother went quiet on the phone; sessions fresh60, read in the thirty-second session, judged 0.86 detached): in
/// speech the listener is moved and lets the client go on. The judgement still counts in the score.
fn exclaims(text: &str) -> bool {
    const INTERJECTIONS: &[&str] = &["oh", "ohh", "god", "gosh", "ah", "aw", "aww", "och", "ach", "oof", "jesus", "christ", "blimey"];
    // (and "no": "Oh no.", "Oh God, no.")
    const ENDEARMENTS: &[&str] = &["love", "pet", "hun", "hon", "mate", "darling", "sweetheart", "no"];
    let words: Vec<&str> = text.split_whitespace().filter(|w| !(w.starts_with('[') || w.ends_with(']'))).map(|w| w.trim_matches(|ch: char| !ch.is_alphanumeric())).filter(|w| !w.is_empty()).collect();
    let named = |w: &str| {
        let l = w.to_lowercase();
        INTERJECTIONS.contains(&l.as_str()) || ENDEARMENTS.contains(&l.as_str()) || w.chars().next().is_some_and(char::is_uppercase)
    };
    (1..=3).contains(&words.len()) && INTERJECTIONS.contains(&words[0].to_lowercase().as_str()) && words[1..].iter().all(|w| named(w))
}

/// A short turn made only of the client's own words, back-channels aside ("Mm. Tuesday." after "…something happened
/// at work. Tuesday."; fresh18, studied after its one read): an encourager that hands the word back. The coder can read
/// it as information and the judge, in speech, as detached; it keeps the client talking. The judgement still counts in
/// the score.
pub(super) fn echoes_client(prep: &[Prep], p: &Prep) -> bool {
    p.words <= 4 && !p.stems.is_empty() && p.stems.iter().all(|s| p.block.iter().any(|&c| prep[c].stems.contains(s)))
}

/// A turn of one to three words that names a hard feeling and does nothing else ("Exhausting." after "Both at once.
/// Every day. Lovely."; fresh21, studied): a reflection of feeling in speech, which the coder may read as `other` and
/// the judge as detached. The judgement still counts in the score.
fn names_feeling(p: &Prep) -> bool {
    if p.words == 0 || p.words > 3 || p.text.contains('?') || says_more(p) {
        return false;
    }
    let a = attune_text::affect::affect(p.text);
    a.emotion != Emotion::Neutral && a.emotion != Emotion::Joy && a.intensity > 0.0
}

/// What a client says winding down (see [`warm_reply_to_winding_down`]).
pub(crate) static WINDING_DOWN: &[&str] = &[
    "thank", "thanks", "thx", "ty", "will try", "i'll try", "ill try", "i will try", "will do", "that helps", "that helped",
    "that's helpful", "good idea", "great idea", "good advice", "god bless", "bye", "goodbye", "good night", "goodnight",
    "have a good", "have a great", "have a nice", "i should go", "i have to go", "i need to go", "gotta go", "got to go",
    "i'll give it a try", "i will give it a try", "give that a try", "i'll give that a try", "feel better", "feeling better",
    // going to sleep ("It's fine honestly. I should try and sleep, I've got work in the morning."; fresh24)
    "try and sleep", "try to sleep", "get some sleep", "need to sleep", "go to sleep", "go to bed", "off to bed", "see you thursday",
    "see you next", "see you then", "see you soon",
    // the client's own next step, said as they leave ("ok. ill ring them tomorrow. and maybe call my mum back"; fresh26)
    "ill ring", "i'll ring", "i will ring", "ill call", "i'll call", "i will call",
];

/// Well-wishes said as imperatives ("Go gently with yourself tomorrow.", "Take care."): at a parting they advise nothing.
pub(crate) static WELL_WISHES: &[&str] = &[
    "go gently", "take care", "be gentle with yourself", "be kind to yourself", "look after yourself", "rest well", "sleep well",
    "get some rest", "take it easy", "mind yourself", "come back any time", "come back anytime",
];

/// A client turn that winds down with thanks or a goodbye and tells little besides ([`WINDING_DOWN`], [`winds_down`]).
pub(super) fn says_goodbye_with_thanks(client: &Prep) -> bool {
    client.norm.first_of(WINDING_DOWN).is_some() && winds_down(client.text)
}

/// The client greets, thanks, agrees to try something or takes leave, with no distress ("Hello.", "that gives me
/// some stuff to try, that's great", "God bless", "my kid woke up, I should go now"), and the reply gives no advice and neither confronts
/// nor labels: a well-wish or encouragement at such a moment meets the client ("Good luck!", "I believe you can do
/// it."). The judge, which learned cheerleading as a miss over distress, flagged such closings in ESConv sessions the
/// seeker rated helpful: dev good-session-flag-rate 0.158 → 0.142 (fast), nothing else moved. The judgement still
/// counts in the score.
pub(super) fn warm_reply_to_winding_down(p: &Prep, prep: &[Prep]) -> bool {
    // ("you're right" and "makes sense" are left out: "I guess you're right" is deferential agreement, a withdrawal)
    // a bare greeting opens the same way ("Hello." — "Good evening"): judged as a miss in ESConv's helpful sessions
    const GREETING: &[&str] = &["hi", "hello", "hey", "hiya", "morning", "evening", "afternoon", "good", "greetings", "there"];
    let Some(&c) = p.block.last() else { return false };
    let client = &prep[c];
    let greeting = !client.norm.words.is_empty() && client.norm.words.len() <= 4 && client.norm.words.iter().all(|w| GREETING.contains(&w.as_str()));
    // a thank-you that opens a long disclosure ("Thank you. It was painful, yes. The strange thing is I didn't cry…")
    // is not winding down: 25 words at most
    let winding = client.norm.len() <= 25
        && client.affect.distress < 0.5
        && client.affect.hardship < 0.5
        && (greeting || says_goodbye_with_thanks(client));
    if !winding {
        return false;
    }
    // (a well-wish is no advice: "Go gently until then, and if the weekend gets heavy…, you're welcome to write again.";
    // fresh25, read once in the twenty-second session)
    let rest: String = p.sents.iter().filter(|(_, n, _)| n.first_of(WELL_WISHES).is_none()).map(|(s, _, _)| *s).collect::<Vec<_>>().join(" ");
    let h = attune_text::rules::scan(&rest);
    // a "thx" that answers a miss is going quiet on it, not winding down: more of the same cheer over it ("cool. thx"
    // — "np!! … ur gonna be grand 😊" after "u'll be back to normal in no time", vignettes-fresh18, studied)
    let after_miss = p
        .block
        .first()
        .and_then(|&b| therapist_before(prep, b))
        .and_then(|k| prep[k].judgement.as_ref())
        .is_some_and(|j| j.flagged);
    if after_miss && h.reassure.is_some() {
        return false;
    }
    // a silver lining is no well-wish ("Wow, I'm so sorry 💛 … but 61 years is amazing - at least he had such a long,
    // full life" after "thank u. yeah. 61 years.", fresh18, studied)
    // nor is a fear the client told talked down ("Hearing aids are honestly a game changer, so many people say they can
    // barely notice their T anymore" after "Will do. Might even have another go at the Grieg next week."; sessions
    // fresh69, studied since the thirty-ninth session)
    // nor is the listener's own story ("haha honestly same, when mine was that age i used to sit in the bathroom just to
    // get 5 mins alone 😂" after "lol thanks. everyone says enjoy every moment. im not enjoying every moment"; sessions
    // fresh94, studied from the forty-eighth session's start, judged 0.85)
    let rest_n = Norm::new(&rest);
    const OWN_STORY: &[&str] = &["honestly same", "same here", "omg same", "when mine was", "when mine were", "when i was", "i used to"];
    h.confront.is_none()
        && h.self_story.is_none()
        && rest_n.first_of(OWN_STORY).is_none()
        && h.pathologize.is_none()
        && h.minimize.is_none()
        && rest_n.first_of(SHRINKS).is_none()
        && h.reframe.is_none()
        && h.directive.is_none()
        && attune_text::advice::advice_cues(&rest).is_empty()
}

/// The client's turn says one of [`WINDING_DOWN`] and tells nothing more than a few words besides. A thank-you that
/// opens a complaint ("Thank you. Everyone keeps saying 'well, you knew that would happen'. I did know. It doesn't help at
/// all."), and thanks the client tells of saying ("Everyone keeps congratulating me on the coaching job. I smile and say
/// thanks."; studied vignettes, whose reframes were then held back at a judged 0.84 and 0.87) are not winding down.
fn winds_down(text: &str) -> bool {
    const SAYING: &[&str] = &["say", "said", "says", "saying"];
    let mut winds = false;
    let mut told = 0;
    for s in attune_text::tokens::sentences(text) {
        let n = Norm::new(s);
        // the words of a winding phrase said in the client's own voice ("I just wanted to say thank you" says it; "I smile
        // and say thanks" tells of it)
        let said = (0..n.words.len()).any(|k| {
            let reported = k > 0 && SAYING.contains(&n.words[k - 1].as_str()) && !(k > 1 && n.words[k - 2] == "to");
            !reported && WINDING_DOWN.iter().any(|ph| text::starts_with_phrase(&n.words[k..], ph))
        });
        // a sentence of thanks is winding down however long its gratitude ("People like you and your words touched my
        // soul, thank you very much for your support and advice."; ESConv's helpful sessions), unless it turns on "but"
        // to what still weighs ("Thanks, but my husband still thinks I'm overreacting…")
        if said && !n.words.iter().any(|w| w == "but") {
            winds = true;
        } else {
            told += n.len();
        }
    }
    winds && told <= 10
}

/// How the listener offers help and leaves the choice to the client.
pub(crate) static OFFERS: &[&str] = &[
    "would that be helpful", "would that help", "would it help", "would you like", "do you want me to", "shall i",
    "if it would help", "if you'd like", "if you would like", "if you want me to", "can i share", "could i share",
    "can i offer", "could i offer", "may i", "is it okay if", "is it ok if", "would you be open", "do you mind if",
    "would that be useful", "would you rather",
    // ("Would it be okay with you if I made a referral to the perinatal team?"; sessions fresh65, read at the
    // thirty-fourth session's end)
    "would it be okay", "would it be ok", "would it be alright", "would it be all right", "how would you feel about",
];

/// The client asked about the listener's own experience ("did u ever have to do this? sorry if thats too personal" —
/// "not too personal 🙂 yeah, i told my parents at 22…"; fresh54, read once at the twenty-eighth session's end, judged
/// self-focus): telling it is answering, as the self-focus rule already holds. Briefly: asked or not, a story that fills
/// a long reply takes the floor ("I know EXACTLY how you feel. I lost mine in 2019…", 100 words to "has anyone else…?";
/// fresh20's s171). The judgement still counts in the score. An answer that never turns back to the client is no answer
/// handed back, however short ("yes!! my cat pickle 2 yrs ago and i STILL havent moved her bed… honestly i think about
/// her every single day its so hard" to "have u ever had to do it? does the bowl thing get easier"; vignettes-fresh67,
/// read at the thirty-third session's end, judged 1.00 and held back): it speaks to the client or ends on a question
/// ("…still have his collar in my drawer lol. what was mochi like?").
fn brief_answer_about_listener(p: &Prep, prep: &[Prep]) -> bool {
    const BRIEF: usize = 60;
    // (chat's "urs" too: "everyone's is different tho, urs is urs")
    let turns_back = p.norm.words.iter().any(|w| YOU.contains(&w.as_str()) || w == "urs") || p.text.trim_end().ends_with('?');
    p.words <= BRIEF && turns_back && self_focus::asked_about_listener(&p.block, prep)
}

/// The client asks what their experience is, or whether it is normal.
pub(super) const ASKS_WHAT_IT_IS: &[&str] = &[
    "is it normal", "is this normal", "is that normal", "is it a thing", "is that a thing", "is this a thing", "a thing people",
    "am i just", "or am i", "am i going crazy", "am i losing it", "is that common", "is this common", "is it common",
    "do people actually", "do other people", "does anyone else", "is there a name for", "what is this", "what's happening to me",
    // ("Can you explain what relapsing-remitting actually means? Like in normal words."; vignettes-fresh67)
    "can you explain what", "what that actually means", "what it actually means",
];

/// The client asked what their experience is or whether it is normal ("kinda wanna know tho. is that a ptsd thing or am
/// i just weird", "do people actually turn this kind of thing down? Like is that a thing people do? Or would I be
/// stupid?"; sessions fresh64 and fresh61), and the reply names it for them and turns back to them ("…thats
/// hypervigilance… doesnt mean ur broken. does checking it actually calm u down or just keep u up?"; judged 0.80 as
/// labelling, 0.67): naming a pattern asked about is psychoeducation, not a label put on the client (DESIGN.md's
/// attuned risks). Not where the judge is sure, nor where a phrase dismisses or shrinks, and the reply must end on the
/// client: a question to them, what the listener wonders about them, or an offer of more ("If it would help, I can go
/// over anything else they said… Or we can just stop here for now."). Two labels or more are a formulation (see
/// `pathologizing`). Sure is 0.3 above the threshold, and the hold stands above the hold ceiling too: retrainings of
/// the judge read the reply above at 0.80, 0.82 and 0.87 (the forty-first session's, which flagged it at a margin of
/// 0.25), while the studied replies this hold must not clear, an information sheet on intrusive thoughts and a label put
/// on a daughter's dry eyes, are judged 0.92 and 0.99. The judgement still counts in the score.
pub(super) fn names_what_was_asked(p: &Prep, prep: &[Prep], p_mis: f32) -> bool {
    const MARGIN: f32 = 0.3;
    if p_mis >= judge_threshold(!p.block.is_empty()).unwrap_or(0.5) + MARGIN {
        return false;
    }
    let Some(&last) = p.block.last() else { return false };
    if prep[last].norm.first_of(ASKS_WHAT_IT_IS).is_none() {
        return false;
    }
    let ends_on_client = p.sents.last().is_some_and(|(s, n, _)| {
        n.words.iter().any(|w| YOU.contains(&w.as_str())) && (s.trim_end().ends_with('?') || n.has("curious") || n.has("wonder"))
    }) || p.sents.iter().rev().take(2).any(|(_, n, _)| n.first_of(OFFERS).is_some());
    if !ends_on_client || p.sents.iter().filter(|(s, _, _)| attune_text::diagnosis::diagnoses(s).is_some()).count() >= 2 {
        return false;
    }
    let h = attune_text::rules::scan(p.text);
    h.pathologize.is_none() && h.minimize.is_none() && h.confront.is_none()
}

/// A sentence code that fixes by more than informing (advice, reassurance, a reframe, an interpretation).
fn fixes_beyond_informing(c: Option<Code>) -> bool {
    c.is_some_and(|c| c.is_fixing() && c != Code::Inform)
}

/// A reply that only informs: coded information, no sentence that advises, reassures, reframes or interprets, and nothing
/// the advice grammar reads as telling the client what to do. A fix too soon that is only facts ("Relapsing-remitting
/// multiple sclerosis (RRMS) is the most common form of MS, accounting for approximately 85%…" to someone diagnosed
/// that morning) is the detached reply of DESIGN.md's codebook, and attune's vignettes name it so: of the studied
/// misattuned replies flagged as premature fixing, 94 were labelled detached. The flag keeps its gate; only its name
/// and explanation change.
fn informs_only(p: &Prep) -> bool {
    p.coding.is_some_and(|c| c.code == Code::Inform)
        && p.sents.iter().all(|(_, n, c)| !fixes_beyond_informing(*c) && n.first_of(text::ADVISE).is_none())
        && p.advice().is_empty()
}

/// The client has just said yes to the listener's offer of advice or information ("What I can do, if it would help, is
/// set out some of the things I'd want to weigh up… Would that be helpful?" — "Yes please, put it in writing."): the
/// advice that follows is given with permission (MITI), though the judge, which reads one exchange, cannot see the
/// offer and flagged the letter as advice given unasked (fresh20, studied). The judgement still counts in the score.
pub(crate) fn invited(p: &Prep, prep: &[Prep]) -> bool {
    own_plan(p, prep) || accepted_offer(p, prep) || answered_before_help(p, prep)
}

/// The listener held the help asked for back to ask first ("Before I suggest anything, can I ask a couple of things so
/// I get it right this time?"), the client has answered, and the reply takes that answer up in its opening before it
/// helps: the help was asked for earlier in the conversation ("How do I write a eulogy for someone like that", from a
/// son whose father beat his mother; sessions fresh79, studied from the forty-sixth session's start, where the
/// eulogy's steps were flagged as advice unasked). A reply that thanks and then recommends ("Thank you for sharing that
/// — it takes honesty to write it down. Here's what I'd recommend: …" to a husband sick with the lie he told his wife;
/// sessions fresh72) did not wait for the answer at all: one of its first two sentences must hold two of the client's
/// words.
fn answered_before_help(p: &Prep, prep: &[Prep]) -> bool {
    const ASKS_FIRST: &[&str] = &[
        "before i suggest", "before i jump in", "before i share", "before i offer", "before i give you", "so i get it right",
        "so i can get it right", "so i get this right",
    ];
    // help promised after the question ("Can I ask how close to the edge things are? There may be things that help much
    // sooner than a court order." to a daughter who gave up her job to care for her mother and asked how to get power of
    // attorney; sessions fresh107, studied from the forty-ninth session on)
    const PROMISED: &[&str] = &["may be things that help", "might be things that help", "could be things that help", "may be options that", "might be options that"];
    // (a request for the how of something carries no question mark in chat or in a hurry)
    const HOW: &[&str] = &["how do i", "how can i", "how should i", "what do i", "what should i"];
    let Some(&first) = p.block.first() else { return false };
    let Some(th) = therapist_before(prep, first) else { return false };
    let before = &prep[th];
    if !before.text.contains('?') {
        return false;
    }
    // (help promised only after a question, not before it: "There may be things that help, like respite care. Have you
    // looked into it?" suggests, then asks)
    let promised_after_asking = || {
        before.norm.first_of(PROMISED).is_some()
            && before.sents.iter().position(|(_, n, _)| PROMISED.iter().any(|ph| n.has(ph))).is_some_and(|k| before.sents[..k].iter().any(|(s, _, _)| s.contains('?')))
    };
    if before.norm.first_of(ASKS_FIRST).is_none() && !promised_after_asking() {
        return false;
    }
    let asked = || prep[..th].iter().any(|k| k.role == Role::Client && (k.text.contains('?') || k.affect.act == attune_core::ClientAct::AskingForHelp || k.norm.first_of(HOW).is_some()));
    let takes_up = || {
        let client: Vec<&String> = p.block.iter().flat_map(|&k| prep[k].stems.iter()).collect();
        p.sents.iter().take(2).any(|(_, n, _)| text::content_stems(n).iter().filter(|s| client.contains(s)).count() >= 2)
    };
    asked() && takes_up()
}

/// The client has just said yes to the listener's offer of help (see [`invited`]), or picked it from a choice.
pub(super) fn accepted_offer(p: &Prep, prep: &[Prep]) -> bool {
    const YES: &[&str] = &["yes", "yeah", "yep", "please", "sure", "ok", "okay", "definitely", "absolutely"];
    const NO: &[&str] = &["no", "not", "don't", "rather", "nah", "later", "neither", "none"];
    let (Some(&first), Some(&last)) = (p.block.first(), p.block.last()) else { return false };
    let Some(offer) = therapist_before(prep, first) else { return false };
    let th = &prep[offer];
    let asked = th.text.contains('?') && th.sents.iter().rev().take(5).any(|(_, n, _)| n.first_of(OFFERS).is_some());
    // (client turns carry no sentence list of their own)
    let Some(answer) = text::sentences(prep[last].text).first().map(|s| Norm::new(s)) else { return false };
    let yes = answer.words.len() <= 8
        && answer.words.iter().any(|w| YES.contains(&w.as_str()))
        && !answer.words.iter().any(|w| NO.contains(&w.as_str()));
    // or picks the help where the offer was a choice ("Would it help to think about how you might explain that difference
    // to your wife, or would you rather just stay with it for now?" — "Maybe the first one."; fresh39, read once in the
    // twenty-fifth session): the first choice offered is the help
    let choice = th.sents.iter().rev().take(2).find(|(s, n, _)| s.contains('?') && n.has("or") && n.first_of(OFFERS).is_some());
    let first = answer.words.len() <= 8 && answer.first_of(&["the first one", "first one", "the first", "the former"]).is_some();
    // or names it by a word of its own ("Would it help to think through some small, low-risk options, or would you rather
    // stay with how this feels for a bit longer?" — "Maybe options. But small ones."; fresh45, read once in the
    // twenty-sixth session)
    let named = || {
        let Some((_, n, _)) = choice else { return false };
        let Some(or) = n.words.iter().position(|w| w == "or") else { return false };
        let (help, other) = (&n.words[..or], &n.words[or + 1..]);
        // the first choice is the help offered, not one of two ways ("Would you rather tell her in person or on the
        // phone?" — "In person."; fresh14)
        if Norm::new(&help.join(" ")).first_of(OFFERS).is_none_or(|o| o == "would you rather") {
            return false;
        }
        let near = |a: &str, b: &str| a == b || (a.len() >= 5 && b.len() >= 5 && a.is_char_boundary(5) && b.is_char_boundary(5) && a[..5] == b[..5]);
        answer.words.len() <= 8
            && !answer.words.iter().any(|w| NO.contains(&w.as_str()))
            && answer.words.iter().any(|w| {
                w.len() >= 4 && !CHOICE_FILLER.contains(&w.as_str()) && help.iter().any(|h| near(h, w)) && !other.iter().any(|o| near(o, w))
            })
    };
    // or picks one of several ways of working the listener laid out and left to them, without a question ("We could go at
    // this a couple of ways, whichever is more use to you right now: just Monday and the 1:1, or the bigger question of
    // whether to report. Or neither, if you mostly need to talk. Your call." — "monday. i cant sit in that frosted glass
    // room with him"; sessions fresh69, studied since the thirty-ninth session): every way offered there is help, but
    // for one that is staying with the feeling ("or just sit with it")
    let laid_out = || {
        const LEFT_TO_YOU: &[&str] = &["your call", "up to you", "whichever", "your choice", "you decide", "you choose"];
        const NOT_HELP: &[&str] = &["talk", "sit", "feel", "feeling", "feelings", "vent", "listen", "neither", "nothing"];
        if th.norm.first_of(LEFT_TO_YOU).is_none() {
            return false;
        }
        let choices: Vec<Vec<&[String]>> = th
            .sents
            .iter()
            .rev()
            .take(3)
            .filter(|(s, n, _)| !s.contains('?') && n.has("or"))
            .map(|(_, n, _)| n.words.split(|w| w == "or").collect())
            .collect();
        let picked = |w: &String| {
            // "thursday's" names Thursday ("words" straightens curly apostrophes)
            let names = |ws: &[String]| ws.iter().any(|x| x.trim_end_matches("'s") == w.as_str());
            let help = |ws: &[String]| !ws.iter().any(|x| NOT_HELP.contains(&x.as_str()));
            choices.iter().any(|ways| ways.iter().any(|ws| names(ws) && help(ws)) && !ways.iter().any(|ws| names(ws) && !help(ws)))
        };
        answer.words.len() <= 12
            && !answer.words.iter().any(|w| NO.contains(&w.as_str()))
            && answer.words.iter().take(3).any(|w| w.len() >= 4 && !CHOICE_FILLER.contains(&w.as_str()) && picked(w))
    };
    (asked && (yes || (choice.is_some() && (first || named())))) || laid_out()
}

/// Words of an offer that name neither choice ("would it help to think…, or would you rather…").
const CHOICE_FILLER: &[&str] = &["would", "help", "maybe", "just", "think", "that", "this", "with", "some", "about", "like", "more", "what", "your", "you're", "it's", "want", "talk", "through"];

/// The reply hands the client's own plan back ("Maybe I could write it down. What I'd say to them." — "Write it down
/// first, so the words are ready when you get there."; fresh21, studied): every imperative in it is a verb the client
/// has just proposed in the first person. MI reflects such mobilising talk; it is no advice given unasked.
fn own_plan(p: &Prep, prep: &[Prep]) -> bool {
    const PLAN: &[&str] = &[
        "i could", "i might", "i think i'll", "i think ill", "i'll try", "ill try", "i want to", "i'm going to", "im going to",
        "i'm gonna", "im gonna", "i should", "i'd like to", "maybe i'll", "maybe ill", "i can",
        // what the client came for ("I think just to vent…" — "Then vent here whenever you need, Ana"; fresh47, read once in
        // the twenty-sixth session)
        "just to", "i just want to", "i just need to", "i need to",
    ];
    let Some(&last) = p.block.last() else { return false };
    let client = &prep[last];
    // (a plan, not what the client could not do: "i could not stop crying" from a night carer who nearly gave the
    // wrong tablets, whose sleep tips were then held as her own plan; vignettes-fresh83, studied from the forty-sixth
    // session's start, judged 0.98)
    // (the indexed look-up first: most client turns hold no plan at all)
    if client.norm.first_of(PLAN).is_none() {
        return false;
    }
    let planned = |ph: &&str| client.norm.has(ph) && !["not", "never", "barely", "hardly", "no"].iter().any(|neg| client.norm.has(&format!("{ph} {neg}")));
    if !PLAN.iter().any(planned) {
        return false;
    }
    use attune_text::advice::AdviceCue;
    let cues = p.advice();
    // ("…so you can say it the way you mean it" sells the client's plan by its benefit; a modal or a prohibition adds
    // a directive of the listener's own)
    // (an emphatic "do" is no verb of the client's plan: "And do try to get out for something just for you each week" to a
    // wife who wrote "I do everything now" and "Maybe just to say it to someone"; vignettes-fresh161, studied from the
    // fifty-second session on, judged 1.00 and held as her own plan)
    const AUX: &[&str] = &["do", "be", "have"];
    cues.iter().any(|c| matches!(c, AdviceCue::Imperative(_)))
        && cues.iter().all(|c| match c {
            AdviceCue::Imperative(v) => !AUX.contains(v) && client.norm.words.iter().any(|w| w == v),
            AdviceCue::Benefit(_) => true,
            _ => false,
        })
}

/// A turn that only greets or wishes well ("Hi! Hope you are doing well today?", "Hello, how are you doing?"): the
/// judge, which learned chatbots' cheery openings before a miss ("Hi! 😊 Great question…"), read ESConv supporters'
/// first lines as misattuned (79 % for that one, with no client turn) and flagged them. A greeting meets no one
/// wrongly; what follows it is judged when there is more.
fn greeting_only(p: &Prep) -> bool {
    const OPENERS: &[&str] = &[
        "hi", "hello", "hey", "hiya", "greetings", "welcome", "good morning", "good afternoon", "good evening", "good day",
        "nice to meet you", "nice to meet", "pleased to meet you", "how are you", "how are you doing", "how's it going",
        "hope you are", "hope you're", "i hope you are", "i hope you're", "hope you're doing", "hope you are doing",
        "thanks for reaching out", "thank you for reaching out", "thanks for coming", "thank you for coming",
    ];
    // what a greeting may hold besides its opener
    const REST: &[&str] = &[
        "there", "today", "this", "morning", "afternoon", "evening", "well", "good", "ok", "okay", "fine", "doing", "again",
        "and", "so", "how", "are", "you", "friend", "all", "great", "nice", "to", "hear", "from", "in", "out", "tonight",
    ];
    if p.sents.is_empty() || p.words > 16 {
        return false;
    }
    let h = attune_text::rules::scan(p.text);
    if h.confront.is_some() || h.minimize.is_some() || h.pathologize.is_some() || !p.advice().is_empty() {
        return false;
    }
    p.sents.iter().all(|(_, n, _)| {
        let joined = n.words.join(" ");
        // the longest opener the sentence starts with, as whole words; the rest must be greeting words
        let rest = OPENERS
            .iter()
            .filter_map(|o| joined.strip_prefix(o).filter(|r| r.is_empty() || r.starts_with(' ')))
            .min_by_key(|r| r.len());
        rest.is_some_and(|r| r.split_whitespace().all(|w| REST.contains(&w)))
    })
}

/// A reflection of the client's own words with nothing else in it (no advice, reassurance, minimizing,
/// reframing, confronting, labelling or topic shift), which the judge flags only by a little: a textbook simple
/// reflection ("Tired all the time, for two weeks now.") is short and plain, which the judge alone can read as a
/// miss (it flagged that one as minimizing). The judgement still counts in the score and the index; it raises no
/// flag of its own.
fn plain_reflection(p: &Prep, prep: &[Prep], j: &attune_judge::Judgement) -> bool {
    let Some(c) = p.coding else { return false };
    let threshold = judge_threshold(!p.block.is_empty()).unwrap_or(0.5);
    if !c.code.is_reflection() || c.confidence < REFLECTION_CONFIDENCE || j.p_misattuned >= threshold + REFLECTION_MARGIN {
        return false;
    }
    // a question anywhere is more than a reflection ("Selling your father's herd — … it makes sense you'd feel lost.
    // Have you, um, thought about what you'll do with the land now? Some people lease it out…", judged 0.58;
    // vignettes-fresh51, read once in the twenty-seventh session)
    if p.text.contains('?') {
        return false;
    }
    // and a reply of many sentences is more than a reflection, whatever the coder made of it: a letter that thanks, then
    // says "you did the right thing… this could be the start of something good… one day you'll look back on Monday as
    // the day things started to get easier" was coded a reflection and judged 0.70 (vignettes-fresh55, read once in the
    // twenty-eighth session)
    if p.sents.len() > MAX_REFLECTION_SENTENCES {
        return false;
    }
    // nor is one with a sentence the coder reads as a fix ("That's huge, Eli. Happy and sad in the same cry, yeah. And
    // honestly, while Rick's on board — this could be a really good moment to get HR to update your name on
    // everything…", coded a reflection as a whole and judged 0.69; vignettes-fresh58, read once in the twenty-ninth
    // session)
    if p.sents.iter().any(|(_, _, c)| c.is_some_and(|c| c.is_fixing())) {
        return false;
    }
    let taken_up = stems_taken_up(p, prep);
    // a complex reflection adds what the client implied, so it may share no word with them ("I failed my exam." —
    // "It sounds like part of you is scared you've let everyone down."); framed as a guess at their experience it
    // counts as plain too
    let framed = c.code == attune_core::Code::ReflectionComplex && p.norm.starts_with_any(COMPLEX_FRAMES);
    (taken_up >= 2 || framed) && !says_more_than_reflecting(p)
}

/// The most sentences a reply held back as a plain reflection may have.
const MAX_REFLECTION_SENTENCES: usize = 4;

/// How a complex reflection offers its guess at the client's experience.
const COMPLEX_FRAMES: &[&str] = &["it sounds like", "sounds like", "it seems like", "it seems that", "part of you", "i wonder if part of you", "it must feel", "it must have felt"];

/// A statement with no client turn before it that neither advises, directs, warns nor confronts in its phrases or
/// grammar, which the judge flags only by a little ("I get it.", "Again, I know what you mean.", "Sounds like a big
/// ole DUH."). Without context a response is judged as MITI codes a sentence: only what advises, directs, warns or
/// confronts is non-adherent, and the judge's learned weights, read on a sentence alone, lean on words that carry no
/// such act ("get it" also ends "get it together"). Well over the threshold the judgement still flags; below that
/// margin it counts in the score and raises no flag. Dev mi_gold, adherent sentences flagged, fast / accurate: 0.155
/// / 0.145 with a four-word limit, 0.135 / 0.125 without one; non-adherent flagged 0.702 → 0.681 (three sentences).
fn plain_without_context(p: &Prep, j: &attune_judge::Judgement) -> bool {
    if !p.block.is_empty() || p.text.trim_end().ends_with('?') {
        return false;
    }
    if j.p_misattuned >= judge_threshold(false).unwrap_or(0.5) + PLAIN_MARGIN {
        return false;
    }
    // a session opened on the listener's agenda, which the advice grammar does not read as directing ("so what we need to
    // do today is set a target for cutting down", "I need you to start taking the lithium exactly the way Dr. Osei
    // prescribed it. No more skipping the evening dose."; vignettes studied, judged 0.76–0.80 with no context)
    !says_more(p) && p.norm.first_of(SETS_TASKS).is_none()
}

/// The listener's agenda or a task for the client, in words the advice grammar does not read as directing: a session
/// opened on it is no plain statement without context (`plain_without_context`), and a closing that sets it is no
/// close (`session_close`). Not "I need you to" nor "I want you to" alone: "I want you to know how much courage that
/// took."
const SETS_TASKS: &[&str] = &[
    "what we need to do", "what you need to do", "what you're going to do", "what you are going to do", "what i want you to do",
    "i need you to start", "i need you to stop", "i need you to take", "no more skipping", "has to be the first thing",
    "the sooner we get you", "let's not spend", "you bring that", "you bring it", "bring that list", "your homework",
    "for homework", "write down every", "keep a log", "keep a diary",
];

/// A turn that answers no client turn, judged most like a miss that needs one: premature fixing, minimizing,
/// cheerleading, reframing, a change of subject, detachment or self-focus are misattuned *to* something the client
/// said. With nothing said yet (a session's opening agenda: "Okay, so — hi, Orla, come in, sit wherever. … last time
/// we said we'd look a bit more at the drinking side of things … How's your week been?", flagged as premature fixing
/// in fresh18, studied after its one read) only what MITI codes non-adherent on its own stands: advice given unasked
/// (by the judge's kind or the advice grammar), confronting, labelling. Well over the threshold the judgement flags
/// whatever kind it names ("so the way I like to run first sessions is, um, we get three concrete goals down on paper
/// right away…", 0.87 as premature fixing; "heyyy!! … u got this!!", 0.90).
fn unanswered_kind(p: &Prep, j: &attune_judge::Judgement) -> bool {
    p.block.is_empty()
        && j.p_misattuned < judge_threshold(false).unwrap_or(0.5) + UNANSWERED_MARGIN
        && !matches!(j.kind, MisKind::AdviceWithoutPermission | MisKind::Confronting | MisKind::Pathologizing)
        && p.advice().is_empty()
}

/// A turn that answers no client turn, offers ways to begin and asks which one the client wants ("A few ways we could
/// begin — pick whichever fits, or ignore them all: - **Tell me what's on your mind** … - **Just offload** … What would
/// feel most useful to you right now?"; vignettes-fresh22, read once on the twenty-second session's starting build): the
/// judge read the menu's imperatives as advice given unasked. The choice is the client's; near the threshold it raises
/// no flag (the judgement still counts in the score).
fn opening_offer(p: &Prep, j: &attune_judge::Judgement) -> bool {
    const ASKS_CHOICE: &[&str] = &[
        "what would feel most", "what would be most", "what would feel", "what would help most", "where would you like to start",
        "where would you like to begin", "what would you like", "which would you", "which of these", "whichever",
    ];
    // the menu is offered as ways to talk, not things to do ("Here are five things you should start doing today… Which
    // would you like to try first?" is advice, judged 1.00)
    const OFFERS: &[&str] = &["ways we could", "we could begin", "we could start", "pick whichever", "whichever fits", "ignore them all", "up to you", "at whatever pace", "at your own pace"];
    // the judge reads the menu's imperatives strongly (0.75 for the one above): a wider margin than a plain statement's
    const MARGIN: f32 = 0.3;
    if !p.block.is_empty() || j.p_misattuned >= judge_threshold(false).unwrap_or(0.5) + MARGIN || p.norm.first_of(OFFERS).is_none() {
        return false;
    }
    let asks = p.sents.last().is_some_and(|(s, n, _)| s.trim_end().ends_with('?') && n.first_of(ASKS_CHOICE).is_some());
    let h = attune_text::rules::scan(p.text);
    asks && h.confront.is_none() && h.pathologize.is_none() && h.minimize.is_none() && h.directive.is_none()
}

/// The reply offers help and leaves the choice to the client ("That's really clear, and it matters. If it would help, we
/// could think together about what you'd want the adviser to understand about you…, or we can simply stay with how
/// Thursday feels for now. Whichever is more useful to you."; fresh45, read once in the twenty-sixth session, judged 0.54
/// and 0.68 by `check` as advice given unasked; in other words, as confronting): asking leave is what MI asks for, and
/// nothing is handed over yet. Every sentence that advises by its grammar must be the offer, and no phrase may confront,
/// shrink or label. Near the threshold it raises no flag, whatever kind the judge names but a change of subject (which
/// an offer can be); the judgement still counts in the score.
fn offers_choice(p: &Prep, j: &attune_judge::Judgement) -> bool {
    const TOGETHER: &[&str] = &["we could", "we can", "i could", "i can"];
    const ALTERNATIVE: &[&str] = &[
        "or we can", "or we could", "or would you rather", "or if you'd rather", "or if you would rather", "or simply",
        "or just stay", "or stay with", "or not", "whichever", "up to you", "your call",
    ];
    const MARGIN: f32 = 0.3;
    if j.kind == MisKind::SubjectChange || j.p_misattuned >= judge_threshold(!p.block.is_empty()).unwrap_or(0.5) + MARGIN {
        return false;
    }
    let offer = |n: &Norm| n.first_of(OFFERS).is_some() && n.first_of(TOGETHER).is_some();
    if !p.sents.iter().any(|(_, n, _)| offer(n)) || p.norm.first_of(ALTERNATIVE).is_none() {
        return false;
    }
    let h = attune_text::rules::scan(p.text);
    h.confront.is_none()
        && h.pathologize.is_none()
        && h.minimize.is_none()
        && h.directive.is_none()
        && p.sents.iter().all(|(s, n, _)| offer(n) || attune_text::advice::advice_cues(s).is_empty())
}

/// Help asked for in so many words (read by [`asked_and_met`], [`asked_after_meeting`], [`answers_as_asked`],
/// [`owns_and_answers`] and, through [`asked_in_words`], the cheerleading rule).
const ASKS_IN_WORDS: &[&str] = &[
    "can you help me", "could you help me", "help me write", "can you write", "could you write", "what should i", "what do i do",
    "how do i", "any advice", "can you give me", "i need advice", "what would you suggest", "can u help",
    // a plan asked for in so many words ("Please don't tell me everything happens for a reason… I need a practical
    // plan for the next two weeks"; vignettes-fresh62, read once in the thirty-first session, judged 0.67)
    "i need a plan", "i need a practical", "i need practical", "i need a proper plan", "i want a plan", "give me a plan",
    "i need a list", "i need steps", "i want practical", "i need something practical", "i need a step",
    // ("what do i actually need to do now, am i going to lose my job over this" from a driver whose van was stolen
    // with the week's parcels; vignettes-fresh84, studied from the forty-sixth session's start, judged 0.80)
    "what do i need to do", "what do i actually need to do", "what do i actually do", "what do i have to do",
    // (a question put without its mark: "What are my options please." from a care worker whose sponsor lost its
    // licence; vignettes-fresh104, studied from the forty-eighth session's start, judged 0.64)
    "what are my options", "what are my choices",
    // what the client needs to know, said without a question ("i need to know how the compensation works and whether
    // insurance covers consequential losses"; sessions fresh103, studied from the forty-ninth session on)
    // (not "i need to know if she suffered", "i need to know what i did wrong": rumination, not a request; "I need to know if
    // we get any money back" from a father cancelling a holiday from the hospital corridor, vignettes-fresh96)
    "i need to know how", "i need to know whether", "i need to know if we", "i need to know if i", "i need to know if there",
    // the listener's own view, or the how of a thing, asked for ("…and we can't agree. What would you do?", "What does it
    // actually involve? Is there a way to do it…?"; vignettes-fresh85, studied from the forty-sixth session's start,
    // judged 0.71 and 0.58)
    "what would you do", "if you were me", "if you were in my", "what do you think i should", "what does it involve",
    "what does it actually involve", "is there a way to", "could you give me",
    // (what a doctor can give, asked of the doctor: "So what can you give me? Honestly, even a week of proper sleep."
    // at a GP's after a son's death, which "can you give me" reads; sessions fresh84, studied from the forty-seventh
    // session's start, judged 0.65)
    "can you prescribe",
];

/// Whether a client turn of the block asks for help in so many words ([`ASKS_IN_WORDS`]).
pub(super) fn asked_in_words(p: &Prep, prep: &[Prep]) -> bool {
    p.block.iter().any(|&c| prep[c].norm.first_of(ASKS_IN_WORDS).is_some())
}

/// Whether the client asked for help in so many words ([`ASKS_IN_WORDS`]) right after the listener met them (the listener
/// turn before the block reads attuning): help given then is no fix too soon ("So what can you give me? Honestly, even a
/// week of proper sleep." after a GP took in that a mother wondered whether her dead son was cold, answered with a short
/// course of sleeping tablets; sessions fresh84, studied from the forty-seventh session's start).
pub(super) fn asked_after_meeting(p: &Prep, prep: &[Prep]) -> bool {
    // (and gives it with no cheer or bright side, as `asked_and_met` asks)
    met_before(p, prep) && asked_in_words(p, prep) && !cheers_or_brightens(p)
}

/// Whether the reply cheers or finds a bright side (the shared lists' reassurance or reframe), or tells the client not to
/// panic: help given as asked must not come wrapped in any of these.
fn cheers_or_brightens(p: &Prep) -> bool {
    let h = attune_text::rules::scan(p.text);
    h.reassure.is_some() || h.reframe.is_some() || tells_not_to_panic(&p.norm)
}

/// "Don't panic" said to the client as an order, not of a thing to do without panic ("ok don't panic, here's what to do: 1.
/// don't open the door on friday…" to a woman the bailiffs come back to on Friday; vignettes-fresh139, studied from the
/// fiftieth session on, judged 0.68 and held back as help asked for): the 5 labelled listener replies of attune's own
/// sets that say so are misattuned; the one attuned reply that says it names what not to panic about ("Don't panic about
/// the collection letter.").
pub(crate) fn tells_not_to_panic(n: &Norm) -> bool {
    // (opening the reply or a clause after "ok", "so", "first": "You don't panic easily" tells, "don't panic if…" conditions)
    const LEAD: &[&str] = &["ok", "okay", "so", "first", "thing", "right", "and", "but", "honestly", "please"];
    const ABOUT: &[&str] = &["about", "if", "when", "over"];
    let w = &n.words;
    ["don't panic", "do not panic"].iter().any(|ph| {
        n.starts_of(ph).any(|i| {
            let opens = i == 0 || LEAD.contains(&w[i - 1].as_str());
            opens && w.get(i + ph.split(' ').count()).is_none_or(|x| !ABOUT.contains(&x.as_str()))
        })
    })
}

/// The listener's turn before the client block `p` answers, whose own block is the request a block back.
pub(super) fn listener_before<'p, 'a>(p: &Prep, prep: &'p [Prep<'a>]) -> Option<&'p Prep<'a>> {
    p.block.first().and_then(|&f| therapist_before(prep, f)).map(|k| &prep[k])
}

/// Whether the listener turn before the block met the client: it reads attuning, or the judge holds it surely attuned
/// (the coder read "Whether he was cold. [pause] That's an unbearable thing to be alone with at three in the morning…"
/// as advice; the judge, 0.05).
fn met_before(p: &Prep, prep: &[Prep]) -> bool {
    const SURELY_ATTUNED: f32 = 0.25;
    listener_before(p, prep).is_some_and(|k| k.attuning || k.judgement.as_ref().is_some_and(|j| j.p_misattuned < SURELY_ATTUNED))
}

/// The client asked for this help ("Can you help me write an email to my manager asking for two days off?") and the
/// reply meets them before giving it ("I'm so sorry about your mother. Watching her funeral through a frozen phone
/// screen… sounds unbearable. Of course you need those days. Here's a draft…"; vignettes-fresh25, read once in the
/// twenty-second session, judged 0.54): help given when asked, after the feeling was met, is no fix too soon (MI:
/// advice with permission). Near the threshold it raises no flag; the judgement still counts in the score.
fn asked_and_met(p: &Prep, prep: &[Prep], j: &attune_judge::Judgement) -> bool {
    if !matches!(j.kind, MisKind::AdviceWithoutPermission | MisKind::PrematureFixing) {
        return false;
    }
    // where the judge is sure, only a request in the turn answered holds it back: the judge, which learned that long
    // lists of steps after a warm opening are given unasked, read the plan asked for in so many words above at 0.79
    // after the thirty-second session's examples
    let sure = j.p_misattuned >= judge_threshold(!p.block.is_empty()).unwrap_or(0.5) + UNANSWERED_MARGIN;
    // the request may sit one exchange back, when the listener only asked what it is for ("Of course. Can you tell me a
    // bit about the reason…?"); once help was given there, the request was answered (fresh14's s126: what to say to a
    // daughter, then an unasked list of steps)
    let earlier: &[usize] = listener_before(p, prep).filter(|k| !sure && !k.codes.iter().any(|c| c.is_fixing()) && k.advice().is_empty()).map_or(&[], |k| &k.block);
    // (in so many words: the act head also reads "Is it OK if I email instead of calling?" as asking)
    let asked = p.block.iter().chain(earlier.iter()).any(|&c| prep[c].norm.first_of(ASKS_IN_WORDS).is_some());
    // (the meeting may follow a thank-you for writing: "Thank you for writing, and for being so clear about what would
    // help. I'm sorry about Friday. Here's a direct list for the first fortnight:"; vignettes-fresh58, studied, held back
    // by its signature "Best wishes," read as a session's close until letters were read without their signatures)
    let thanks_first = p.sents.first().is_some_and(|(_, n, _)| n.words.first().is_some_and(|w| w == "thank" || w == "thanks"));
    // (or the listener met the client in the turn before and the client, met, asks now: "yeah. ok. can you actually give
    // me a plan now. a real one." answered "Yes. … **1. Make the next 48 hours hard to gamble**"; sessions fresh84,
    // studied from the forty-seventh session's start, judged 0.72)
    let opens_meeting = met_before(p, prep) || p.sents.iter().take(if thanks_first { 2 } else { 1 }).any(|(s, n, c)| meets_client(s, n, *c));
    // the help asked for, with a pep talk or a bright side the client did not ask for ("I know you asked me not to say
    // it, but I genuinely believe it: … this could turn out to be the best career move you never planned. You've got
    // this." inside the plan asked for; vignettes-fresh62, studied, judged 0.92 and held back)
    asked && opens_meeting && !cheers_or_brightens(p)
}

/// The client ended on a question of fact ("anyway do u know if theres like a discord for this or smth") and the reply
/// answers it, offering more without telling the client what to do ("there are a few! we've got an online youth group
/// on thursdays, i can send you the link before we finish if you want"; fresh31, read once in the twenty-fourth
/// session, judged 0.53 as advice given unasked): information asked for is no advice given unasked. Near the threshold
/// it raises no flag; the judgement still counts in the score.
fn answers_question(p: &Prep, prep: &[Prep], j: &attune_judge::Judgement) -> bool {
    const ASKS_FACT: &[&str] = &[
        "do you know if", "do u know if", "do you know where", "do u know where", "do you know of", "do u know of",
        "is there a", "is there any", "are there any", "is there like", "are there like", "where can i find", "where do i find",
        "do they have", "does it have",
    ];
    if !matches!(j.kind, MisKind::AdviceWithoutPermission | MisKind::PrematureFixing)
        || j.p_misattuned >= judge_threshold(!p.block.is_empty()).unwrap_or(0.5) + UNANSWERED_MARGIN
    {
        return false;
    }
    let Some(&last) = p.block.last() else { return false };
    let Some(question) = text::sentences(prep[last].text).last().copied() else { return false };
    let q = Norm::new(question);
    // chat drops the question mark from a short question ("…do u know if theres like a discord for this or smth")
    let asked = question.trim_end().ends_with('?') || q.words.len() <= 14;
    let h = attune_text::rules::scan(p.text);
    asked
        && q.first_of(ASKS_FACT).is_some()
        && h.directive.is_none()
        && h.confront.is_none()
        && h.minimize.is_none()
        && p.advice().is_empty()
}

/// A reply that opens by answering the client's apology for themselves ("sorry my english is not perfect" — "ur english
/// is totally fine, honestly. 1400 euro, only just paid off, gone in 4 min…"; vignettes-fresh22, read once on the
/// twenty-second session's starting build) and goes on to what they told: the reassurance is about the apology, not
/// the feeling, though the judge read "totally fine" as minimizing (0.69). The judgement still counts in the score.
fn answers_apology(p: &Prep, prep: &[Prep], j: &attune_judge::Judgement) -> bool {
    if !matches!(j.kind, MisKind::Minimizing | MisKind::Cheerleading) || p.sents.len() < 3 {
        return false;
    }
    let Some((first, first_n, _)) = p.sents.first() else { return false };
    if first_n.words.len() > 8 || first.contains('?') {
        return false;
    }
    let first_stems = text::content_stems(first_n);
    let apologies: Vec<Norm> = p
        .block
        .iter()
        .flat_map(|&c| text::sentences(prep[c].text))
        .map(Norm::new)
        .filter(|n| n.has("sorry") || n.has("apologies") || n.has("apologise") || n.has("apologize"))
        .collect();
    let answers = apologies.iter().any(|a| text::content_stems(a).iter().any(|s| s != "sorri" && s != "sorry" && first_stems.contains(s)));
    // the rest must take up what the client told, not carry on reassuring
    let h = attune_text::rules::scan(&p.sents[1..].iter().map(|(s, _, _)| *s).collect::<Vec<_>>().join(" "));
    answers && h.minimize.is_none() && h.reassure.is_none() && h.reframe.is_none()
}

/// A turn in which the therapist owns their own miss ("I wonder if I jumped in too fast", "Sorry, I rushed you")
/// and nothing in its phrases confronts, labels or dismisses: the judge, which learned "you've gone quiet" and "you
/// keep" from confrontations, can read such metacommunication as one. It is the first move of a repair (DESIGN.md
/// § repair), so it raises no learned confronting flag; a bare "I'm sorry", which may preface anything, does not
/// count as owning. Nor a learned self-focus flag, for owning speaks of what the listener did ("I've just stuck a label
/// on it, haven't I. … I think I was too quick.", judged 0.71 as self-focus; sessions fresh71, read once at the
/// fortieth session's end), where the listener tells no story of their own and owns more than with a "sorry" ("I'm so
/// sorry. I went back to work the day after mine too…" is the listener's own story, and "sorry i" reads across it).
pub(crate) fn owns_the_miss(p: &Prep, j: &attune_judge::Judgement) -> bool {
    // (the phrases owning more than a "sorry" are a subset of `owns_in_words`'s, which leaves out only bare apologies)
    let owns = match j.kind {
        MisKind::Confronting => owns_in_words(&p.norm),
        MisKind::SelfFocus => {
            p.norm.first_of(text::REPAIR_ACK).is_some()
                && text::REPAIR_ACK.iter().any(|ph| !ph.contains("sorry") && !ph.contains("apolog") && p.norm.has_affirmed(ph))
        }
        _ => false,
    };
    if !owns {
        return false;
    }
    let h = attune_text::rules::scan(p.text);
    h.confront.is_none() && h.pathologize.is_none() && h.minimize.is_none() && (j.kind == MisKind::Confronting || h.self_story.is_none())
}

/// The only "advice" in the reply lifts a demand off the client ("[pause] I don't think you need to know yet why you said
/// no to Carlisle." to a crossing keeper who keeps going back to the box where a girl died; vignettes-fresh90, studied
/// from the forty-seventh session's start, judged 0.65 as advice): every sentence the advice grammar reads as advice
/// says the client does not have to, and nothing else in the reply directs.
fn releases_only(p: &Prep, j: &attune_judge::Judgement) -> bool {
    if j.kind != MisKind::AdviceWithoutPermission {
        return false;
    }
    let advising: Vec<(&str, &Norm)> = p
        .sents
        .iter()
        .filter(|(s, n, _)| (attune_text::advice::sentence_advice(s).is_some() || n.first_of(text::ADVISE).is_some()) && !names_a_thing(n))
        .map(|(s, n, _)| (*s, n))
        .collect();
    !advising.is_empty() && advising.iter().all(|(s, n)| releases(s, n))
}

/// A noun phrase standing as a sentence, whose "you could" belongs to the thing named, not to a suggestion ("She deserved a
/// room. A door you could close. You should never have had to say goodbye to her with people walking past carrying
/// coffee." to a widower whose wife died on a trolley in a corridor; vignettes-fresh127, studied from the fiftieth session
/// on, judged 0.81 as advice): an article, up to three words, "you could / can", and at most one word after.
pub(crate) fn names_a_thing(n: &Norm) -> bool {
    // (a step named so is still one: "A walk you could take.", "The thing you can do.")
    const STEPS: &[&str] = &["do", "try", "use", "take", "ask", "call", "ring", "write", "make", "go", "get", "say", "tell", "book", "see"];
    let w = &n.words;
    matches!(w.first().map(String::as_str), Some("a" | "an" | "the"))
        && (2..=4).any(|i| w.get(i).is_some_and(|x| x == "you") && w.get(i + 1).is_some_and(|x| x == "could" || x == "can") && w.len() <= i + 3)
        && w.last().is_some_and(|x| !STEPS.contains(&x.as_str()))
}

/// The reply names the client's asking as it answers, in the client's own words ("You've said you don't need a lecture…
/// You asked how to get through the next few weeks. Some things people in your position often find help:…" to a teacher
/// arrested for drink driving who wrote "I just don't know how to get through the next few weeks"; vignettes-fresh150,
/// studied from the fifty-first session on): "you asked how / what" and, in the eight words after it, a word of the
/// client's block. A naming the client's words do not bear out ("You asked for none of this") is no asking.
pub(super) fn names_the_asking(p: &Prep, prep: &[Prep]) -> bool {
    const NAMED: &[&str] = &["you asked how", "you asked what", "you've asked how", "you've asked what"];
    if p.norm.first_of(NAMED).is_none() {
        return false;
    }
    let client: Vec<String> = p.block.iter().flat_map(|&b| prep[b].stems.iter().cloned()).collect();
    NAMED.iter().filter(|q| p.norm.has(q)).any(|q| {
        p.norm.after(q).any(|rest| rest.iter().take(8).filter(|w| w.len() > 3).any(|w| client.contains(&text::stem(w))))
    })
}

/// A short reply whose only orders settle the client in ("[laughs] No couch, I'm afraid, just the chair. Sit however's
/// comfortable." to "Do I lie down? Is there a couch?"; "That sounds like quite a morning. Take a second — you're here
/// now. [pause] No rush." to a mother late for her first session; sessions fresh137, studied from the fifty-first session
/// on, judged 0.92 and 0.61 as a fix): a seat and a moment offered direct nothing the client is going through.
fn settles_in(p: &Prep, j: &attune_judge::Judgement) -> bool {
    const SEATS: &[&str] = &["sit", "take a seat", "have a seat", "come in", "make yourself comfortable"];
    if !matches!(j.kind, MisKind::AdviceWithoutPermission | MisKind::PrematureFixing) || p.words > 40 {
        return false;
    }
    // (a seat in a short sentence, after a transcript's "[pause]" too: "Sit down tonight and write out every debt" orders; or
    // time given: `premature_fixing::gives_time`)
    let settling = |n: &Norm| {
        let rest = n.after_lead(&["pause", "um", "and", "so"]);
        (rest.len() <= 6 && text::words_start_with_any(rest, SEATS)) || premature_fixing::gives_time(n)
    };
    // (the cheap look for a settling sentence first)
    if !p.sents.iter().any(|(_, n, _)| settling(n)) {
        return false;
    }
    // (a question naming who suggested the visit advises nothing: "I gather it was the GP who suggested coming?")
    let advises = |s: &str, n: &Norm| attune_text::advice::sentence_advice(s).is_some() || (n.first_of(text::ADVISE).is_some() && !s.trim_end().ends_with('?'));
    let mut advising = p.sents.iter().filter(|(s, n, _)| advises(s, n)).peekable();
    // (and a reply with no order at all is the judge's to read; beside a demand lifted it settles too: "You should never have
    // to apologise for crying in here. [pause] Take your time."; vignettes-fresh156, studied from the fifty-first session on)
    advising.peek().is_some() && advising.all(|(s, n, _)| settling(n) || releases(s, n))
}

/// A sentence that lifts a demand off the client ([`releases_only`]). A release and an order in one sentence is an order:
/// "You don't need to decide tonight, but you should ring the bank first thing."
pub(crate) fn releases(s: &str, n: &Norm) -> bool {
    const RELEASES: &[&str] = &[
        "don't have to", "do not have to", "don't need to", "do not need to", "no need to", "needn't", "you need not",
        "don't think you need to", "don't think you have to",
        // an unfairness named ("You should not have had to write three times to be heard" in a housing officer's reply
        // to a mother whose baby sleeps in a mouldy room; sessions fresh91, studied from the forty-eighth session's start,
        // judged 0.65 as advice)
        "should not have had to", "shouldn't have had to", "should never have had to", "shouldn't have to", "should not have to",
        // ("you should never have been put through that — not in front of anyone, let alone 30 people." to a woman her
        // manager humiliated at an all-hands; vignettes-fresh149, studied from the fifty-first session on)
        // (not "You shouldn't have been driving that late", which blames)
        "should never have been put", "should never have been treated", "should never have been spoken", "should never have been left",
        "should never have been made", "should never have been blamed", "shouldn't have been put", "shouldn't have been treated",
        // ("You should never have to apologise for crying in here."; vignettes-fresh156, studied from the fifty-first
        // session on)
        "should never have to", "shouldn't ever have to",
    ];
    // (and an order beside it without a "but": "You don't need to explain, you need to rest.")
    const ORDERS: &[&str] = &["you need to", "you have to", "you must", "you've got to", "you'll need to"];
    // (not denied in the three words before: "I don't think you need to know why")
    let denied = |i: usize| n.words[i.saturating_sub(3)..i].iter().any(|w| matches!(w.as_str(), "not" | "never" | "don't" | "no" | "if" | "doesn't" | "didn't"));
    let ordered = || ORDERS.iter().any(|o| n.starts_of(o).any(|i| !denied(i)));
    n.first_of(RELEASES).is_some() && !n.words.iter().any(|w| w == "but") && !s.contains(';') && !ordered()
}

/// "At least" that slows the pace, not a bright side ("can we at least slow it down in here? no decisions in this chat.
/// just you, for a bit" to a dog groomer whose dog bit her baby, judged 0.59 as reframing; "At least for now, you don't
/// have to decide which it is.", 0.72 as minimizing; vignettes-fresh86 and sessions fresh85, studied from the
/// forty-eighth session's start): every labelled reply of attune's own sets holding "at least" so (5) is attuned, and
/// "at least" was the judge's strongest signal. Held near the threshold where every "at least" of the reply is such and
/// it holds no other phrase of a silver lining or of shrinking it.
fn at_least_as_pacing(p: &Prep, j: &attune_judge::Judgement) -> bool {
    const ASKS_BEFORE: &[[&str; 2]] = &[["can", "we"], ["could", "we"], ["shall", "we"], ["let's", "just"], ["can", "i"], ["could", "i"]];
    const FOR_NOW: &[&str] = &["now", "tonight", "today", "the moment", "this evening", "this hour", "a bit", "a while", "a moment"];
    if !matches!(j.kind, MisKind::Reframing | MisKind::Minimizing) || !p.norm.has("at least") {
        return false;
    }
    let rules = attune_text::rules::REFRAME.iter().chain(attune_text::rules::MINIMIZE);
    if rules.filter(|ph| **ph != "at least").any(|ph| p.norm.has(ph)) {
        return false;
    }
    // ("for now" only with a demand lifted: "At least for now, you still have your job" consoles)
    const RELEASE: &[&str] = &["don't have to", "do not have to", "don't need to", "no need to", "nothing needs", "no decisions"];
    let w = &p.norm.words;
    p.norm.starts_of("at least").all(|i| {
        let asked = (i >= 2 && ASKS_BEFORE.iter().any(|b| w[i - 2] == b[0] && w[i - 1] == b[1])) || (i >= 1 && w[i - 1] == "let's");
        let rest = &w[i + 2..];
        let for_now = rest.first().is_some_and(|x| x == "for")
            && text::words_start_with_any(&rest[1..], FOR_NOW)
            && p.sents.iter().any(|(_, n, _)| n.has("at least") && n.first_of(RELEASE).is_some());
        asked || for_now
    })
}

/// The listener owns passing the client's question by and answers it now ("ur right, i went into pep talk mode and
/// skipped ur actual question, sorry. honest take, if i was u: i wouldnt drop out right now…" to "ok but thats not
/// really what i asked lol. drop out or not."; sessions fresh84, studied from the forty-seventh session's start,
/// judged 0.59 as advice unasked): the answer was asked for twice.
fn owns_and_answers(p: &Prep, prep: &[Prep], j: &attune_judge::Judgement) -> bool {
    // (the facts asked for, too: "That's fair. You asked how to get a second opinion and I gave you a pep talk. I'm sorry.
    // …" answering a woman who pushed back, judged 0.61 as detached; sessions fresh119, studied from the fiftieth session
    // on)
    if !matches!(j.kind, MisKind::AdviceWithoutPermission | MisKind::PrematureFixing | MisKind::Detached) || !owns_in_words(&p.norm) {
        return false;
    }
    // (a question mark inside the telling asks nothing, as for `block_asks`)
    let asks = |c: &usize| {
        let n = &prep[*c].norm;
        prep[*c].text.trim_end().ends_with('?') || n.first_of(QUESTION_UNANSWERED).is_some() || n.first_of(ASKS_IN_WORDS).is_some()
    };
    // (or asked a block earlier, where the answer was the miss now owned: "I think I brushed past something real just
    // then, and I'm sorry. … Write *(breathe)* after the depot story" in the eulogy a daughter asked for help with, after
    // she said her mother drove the 44 bus and never baked; sessions fresh119)
    let asked_before_the_miss = || listener_before(p, prep).is_some_and(|before| before.block.iter().any(asks));
    let asked = p.block.iter().any(asks) || asked_before_the_miss();
    // (a phrase said negated says nothing: "but i also wouldnt just keep going exactly like this" is no cheer; one the
    // turn's words do not hold as written, the scan's normal form, counts as said)
    let said = |ph: Option<&str>| ph.is_some_and(|ph| !p.norm.has(ph) || p.norm.has_affirmed(ph));
    asked && {
        let h = attune_text::rules::scan(p.text);
        !said(h.reassure) && !said(h.reframe) && !said(h.minimize) && !said(h.confront)
    }
}

/// The listener opens by turning down the name the client called themself ("I don't think it's stupid." to "I feel
/// stupid because… I'm this upset over a dog"; vignettes-fresh29, read once in the twenty-fourth session) and says
/// nothing more that minimizes, reframes, confronts or directs: a validation, which the judge, reading the denial,
/// took for an argument (0.79). Only against a learned confronting flag, and not with an exclamation: "You're not stupid
/// at all!! You sound like such a loyal friend" is a pep talk, "It's not dumb. The session before yours ran over" a
/// defence, and the judge names those otherwise. The judgement still counts in the score.
fn denies_self_judgement(p: &Prep, prep: &[Prep]) -> bool {
    const NAMES: &[&str] = &[
        "stupid", "silly", "pathetic", "dramatic", "ridiculous", "weak", "selfish", "crazy", "weird", "petty",
        "overreacting", "ungrateful", "useless", "dumb", "childish", "irrational", "hysterical", "needy", "soft",
    ];
    const DENIALS: &[&str] = &["not", "don't", "dont", "isn't", "isnt", "aren't", "wasn't", "never", "no", "nothing"];
    // hindsight after the denial blames all the same ("Not a stupid question. I think it's one worth being honest with
    // yourself about: if something had gone down in writing back then, you might well have been spared a fair bit of
    // the last five years."; sessions fresh57, studied, once letters were read without their salutations)
    const HINDSIGHT: &[&str] = &[
        "if you had", "might have been spared", "might well have been spared", "would have been spared", "could have been spared",
        "would have saved you", "could have saved you", "might have saved you", "could have avoided", "honest with yourself",
    ];
    let Some((_, first, _)) = p.sents.first() else { return false };
    let called: Vec<&str> = p.block.iter().flat_map(|&c| prep[c].norm.words.iter()).map(|w| w.as_str()).filter(|w| NAMES.contains(w)).collect();
    first.len() <= 12
        && !p.text.contains('!')
        && first.words.iter().any(|w| called.contains(&w.as_str()))
        && first.words.iter().any(|w| DENIALS.contains(&w.as_str()))
        && !says_more(p)
        && p.norm.first_of(HINDSIGHT).is_none()
}

/// The client's own words given back, then a question about how they are right now ("oh callum. 94 days. really glad
/// you messaged tho. how are you doing right now, like this minute?" to "so i drank last night. 94 days. gone just like
/// that"; fresh36, read once in the twenty-fifth session): the judge named it a change of subject by a hair (0.50), but
/// the check-in is the client's state, the topic itself. Near the threshold only; the judgement still counts in the
/// score.
fn checks_in(p: &Prep, prep: &[Prep], j: &attune_judge::Judgement) -> bool {
    const HOW_ARE_YOU: &[&str] = &[
        "how are you doing", "how are you feeling", "how are you holding up", "how r u doing", "how r u feeling", "how are u doing",
        "how are u feeling", "how are you right now", "how are you now", "how r u holding up", "how are u holding up",
    ];
    let client_stems: Vec<&String> = p.block.iter().flat_map(|&c| prep[c].stems.iter()).collect();
    let client_numbers = |w: &String| w.chars().all(|c| c.is_ascii_digit()) && p.block.iter().any(|&c| prep[c].norm.words.contains(w));
    let takes_up = p.stems.iter().any(|s| client_stems.contains(&s)) || p.norm.words.iter().any(client_numbers);
    takes_up
        && p.norm.first_of(HOW_ARE_YOU).is_some()
        && j.p_misattuned < judge_threshold(!p.block.is_empty()).unwrap_or(0.5) + UNANSWERED_MARGIN
        && !subject_change::announced(p)
        && !says_more(p)
}

/// The listener owns their own miss in so many words ("I jumped in", "that's on me"), not denied; a bare "I'm sorry",
/// which may preface anything (a defence too), does not count.
pub(crate) fn owns_in_words(n: &Norm) -> bool {
    // (the indexed look-up first: most sentences hold none of the phrases, and the denial check below builds a string
    // per phrase)
    if n.first_of(text::REPAIR_ACK).is_none() {
        return false;
    }
    let bare_apology = |ph: &str| matches!(ph, "i'm sorry" | "i am sorry" | "i apologize" | "i apologise");
    text::REPAIR_ACK.iter().any(|ph| !bare_apology(ph) && n.has_affirmed(ph))
}

/// In a reply to the client, more than a reflection: [`says_more`], or taking the other side ("Your daughter probably
/// means well — and she may have a point: having your Sundays free could open up possibilities…", judged 0.67 as
/// reframing; vignettes-fresh51, read once in the twenty-seventh session), steering attention elsewhere, the listener's
/// own story or a diagnosis. (Without context MITI codes the last two as disclosure and information, adherent: they
/// stay out of [`says_more`].)
fn says_more_than_reflecting(p: &Prep) -> bool {
    let h = attune_text::rules::scan(p.text);
    more_than_uptake(p, &h) || h.sides.is_some() || h.redirect.is_some() || h.self_story.is_some() || h.diagnosis.is_some()
}

/// Does a turn do more than take the client up: minimize, reframe, reassure, confront, pathologize, direct, shift the
/// topic or advise (by its phrases or its grammar)? A blaming phrase inside a reflection's frame is the client's own
/// worry reflected ("It sounds like part of you worries it's your own fault the week went the way it did.", judged 0.58
/// confronting by the judge of the twenty-seventh session), as the confronting rule reads it.
fn says_more(p: &Prep) -> bool {
    more_than_uptake(p, &attune_text::rules::scan(p.text))
}

/// [`says_more`] on the turn's rule scan `h`.
fn more_than_uptake(p: &Prep, h: &attune_text::rules::Hits) -> bool {
    let text = p.text;
    let reflected = !p.sents.is_empty() && p.sents.iter().all(|(_, n, _)| n.starts_with_any(confronting::REFLECTING));
    p.norm.first_of(minimizing::SHRINKS).is_some()
        || h.minimize.is_some()
        || h.reframe.is_some()
        || h.reassure.is_some()
        || (h.confront.is_some() && !reflected)
        || h.pathologize.is_some()
        || h.directive.is_some()
        || h.topic_shift.is_some()
        || !attune_text::advice::advice_cues(text).is_empty()
}

/// One of the session's last two therapist turns that closes the session or books the next one, answering a
/// short client turn or one that opens nothing new, or taking up the client's words first ("Lighter. Still sad,
/// but lighter." — "Still sad, and a little lighter. Let's pick this up next week."). Ending on time is the frame
/// of the work; the judge, which sees one exchange, reads a closing after a sad word as a move away from the client.
/// A closing that cuts off a fresh disclosure of eight words or more ("And I keep seeing his face when they told
/// him.") is still judged. It holds back the learned flag and
/// the gated phrase rules ("you can tell me next week how the call went" is no advice); the judgement still
/// counts in the score and the index.
fn session_close(p: &Prep, prep: &[Prep]) -> bool {
    if p.norm.first_of(text::SESSION_CLOSE).is_none() {
        return false;
    }
    // in the listener's own words, not in a draft quoted for the client ("> Would it be possible to move my Thursday
    // presentation to next week?" inside an email drafted for her; vignettes-fresh65, studied, judged 0.71 and held back
    // as a close)
    if p.text.contains("\n>") || p.text.starts_with('>') {
        let own: Vec<&str> = p.text.lines().filter(|l| !l.trim_start().starts_with('>')).collect();
        if Norm::new(&own.join("\n")).first_of(text::SESSION_CLOSE).is_none() {
            return false;
        }
    }
    let h = attune_text::rules::scan(p.text);
    if h.minimize.is_some() || h.reframe.is_some() || h.confront.is_some() || h.pathologize.is_some() || h.topic_shift.is_some() {
        return false;
    }
    // "Just study harder next time." gives advice; a closing books a time
    if !p.advice().is_empty() || h.directive.is_some() {
        return false;
    }
    // so does a task set for the week, which the advice grammar does not read as one ("Okay, so, um, what you're going
    // to do this week is write down every bet. Every single one. And you bring that list in next time."; vignettes
    // studied, judged 0.92 with no context and held back as a close)
    if p.norm.first_of(SETS_TASKS).is_some() {
        return false;
    }
    let opens_new = p.block.iter().any(|&k| prep[k].words >= 8 && prep[k].affect.act.tells());
    // a closing that first takes up what the client said has met it
    let taken_up = stems_taken_up(p, prep);
    !opens_new || taken_up >= 2
}

/// The last two therapist turns, where a session's close can be; none when the transcript has fewer than
/// [`MIN_SESSION_TURNS`] therapist turns (one exchange, as `check` sees it, or a short excerpt has no close).
fn last_therapist_turns(prep: &[Prep]) -> Vec<usize> {
    let therapist: Vec<usize> = prep.iter().enumerate().filter(|(_, q)| q.role == Role::Therapist).map(|(i, _)| i).collect();
    if therapist.len() < MIN_SESSION_TURNS {
        return Vec::new();
    }
    therapist[therapist.len() - 2..].to_vec()
}

/// Therapist turns a transcript needs before its last ones can be a session's close.
const MIN_SESSION_TURNS: usize = 3;

/// How sure the coder must be that a turn is a reflection, and how far above the flag threshold the judge may
/// be, for [`plain_reflection`] to hold back a flag. (0.15 until the judge `47a4cec9` read the demo's "Tired all
/// the time, for two weeks now." at 0.55 against a threshold of 0.40.)
const REFLECTION_CONFIDENCE: f32 = 0.5;
const REFLECTION_MARGIN: f32 = 0.2;

/// How far above the no-context threshold the judge may be for [`unanswered_kind`] to hold back a flag.
const UNANSWERED_MARGIN: f32 = 0.15;
/// How far above the no-context threshold the judge may be for [`plain_without_context`] to hold back a flag.
const PLAIN_MARGIN: f32 = 0.15;

/// A draft with its client context, the turns it concerns and an attuned alternative.
fn finish(prep: &[Prep], d: FlagDraft) -> Flag {
    let p = &prep[d.turn];
    let answered = p.answers;
    let (ctext, caff) = match block_affect(prep, d.turn) {
        Some((c, a)) => (prep[c].text, a.clone()),
        None => ("", Affect::neutral()),
    };
    // the alternative quotes the most emotional client turn of the block; fall back to the last one
    let ctext = if ctext.trim().is_empty() { answered.map(|a| prep[a].text).unwrap_or("") } else { ctext };
    let mut turns = vec![d.turn];
    if let Some(a) = answered {
        turns.push(a);
    }
    turns.extend(d.extra_turns);
    turns.sort_unstable();
    turns.dedup();
    Flag {
        kind: d.kind,
        turn: d.turn,
        answers: answered,
        time: p.start,
        quote: d.quote,
        explanation: d.explanation,
        alternative: alternative(d.kind, ctext, &caff),
        severity: d.severity,
        turns,
    }
}

pub(crate) fn severity_for(intensity: f32, threshold: f32, validated: bool) -> Severity {
    if validated {
        Severity::Low
    } else if intensity >= (threshold + 0.25).min(0.9) {
        Severity::High
    } else {
        Severity::Medium
    }
}

/// A flag the phrase rules did not raise but the learned judgement does: its kind is the judge's likeliest, its
/// quote the first sentence that does not reflect or validate.
fn learned_draft(t: usize, p: &Prep, j: &attune_judge::Judgement) -> FlagDraft {
    // the first sentence that neither validates nor reflects; a bare "Okay." or "Right." before it is only the
    // turn's opening, so a sentence of three words or more is preferred
    let candidates = || p.sents.iter().filter(|(s, n, _)| n.first_of(text::VALIDATE_CUE).is_none() && (n.first_of(text::REFLECT_CUE).is_none() || s.ends_with('?')));
    // the sentence that does what the kind names, where its words show it: the advice in "Your tests say
    // otherwise. You need to cut down now.", the attack in "I hear you. That's denial talking."
    let shows_kind = |s: &str| match j.kind {
        MisKind::AdviceWithoutPermission | MisKind::PrematureFixing => {
            attune_text::advice::sentence_advice(s).is_some() || attune_text::rules::scan(s).directive.is_some()
        }
        MisKind::Confronting | MisKind::Pathologizing => {
            let h = attune_text::rules::scan(s);
            h.confront.is_some() || h.pathologize.is_some()
        }
        _ => false,
    };
    let quote = candidates()
        .find(|(s, _, _)| shows_kind(s))
        .or_else(|| candidates().find(|(s, _, _)| s.split_whitespace().count() >= 3))
        .or_else(|| candidates().next())
        .map(|(s, _, _)| first_words(s, 40))
        .unwrap_or_else(|| first_words(p.text.trim(), 40));
    let severity = if j.p_misattuned >= 0.85 {
        Severity::High
    } else if j.p_misattuned >= 0.65 {
        Severity::Medium
    } else {
        Severity::Low
    };
    FlagDraft {
        kind: FlagKind::from_mis(j.kind),
        turn: t,
        quote,
        explanation: format!(
            "Judged misattuned to this client (probability {:.2}): most like {} — it {}.",
            j.p_misattuned,
            j.kind.as_str().replace('_', " "),
            j.kind.describe()
        ),
        severity,
        extra_turns: vec![],
        firm: false,
    }
}

pub(crate) fn first_words(s: &str, n: usize) -> String {
    let w: Vec<&str> = s.split_whitespace().collect();
    if w.len() <= n { w.join(" ") } else { format!("{} …", w[..n].join(" ")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_condolence_meets_the_client_whatever_word_stands_between() {
        let meets = |s: &str| meets_client(s, &Norm::new(s), None);
        assert!(meets("I'm very sorry about your wife."));
        assert!(meets("I'm so sorry."));
        assert!(!meets("Facebook has two options."));
    }

    #[test]
    fn an_exclamation_with_a_name_is_the_listener_moved_and_more_is_not() {
        assert!(exclaims("Oh, Abena."));
        assert!(exclaims("[pause] Oh, love."));
        assert!(exclaims("God."));
        assert!(!exclaims("Oh, that's a shame."));
        assert!(!exclaims("Oh okay."));
        assert!(!exclaims("Right, Abena."));
    }

    #[test]
    fn winding_down_is_thanks_or_a_goodbye_with_little_told_besides() {
        assert!(super::winds_down("Thanks so much. I should go now."));
        assert!(super::winds_down("I just wanted to say thank you."));
        assert!(super::winds_down("my kid woke up, I should go now"));
        // a thank-you that opens a complaint, thanks told of, and a long sentence around a thanks
        assert!(!super::winds_down("Thank you. Everyone keeps saying 'well, you knew that would happen'. I did know. It doesn't help at all."));
        assert!(!super::winds_down("Everyone keeps congratulating me on the coaching job. I smile and say thanks."));
        assert!(!super::winds_down("Thanks, but my husband still thinks I'm overreacting about all of it and I can't sleep"));
    }

    /// A session of these turns with no codes or affect, as `prepare` reads it.
    fn uncoded(turns: &[(Role, &str)]) -> attune_core::CodedSession {
        attune_core::CodedSession {
            schema: attune_core::CODED_SCHEMA.into(),
            session: attune_core::Session {
                turns: turns.iter().map(|(r, t)| attune_core::Turn::new(*r, "S", *t)).collect(),
                ..attune_core::Session::new("s")
            },
            turns: vec![attune_core::TurnAnalysis { coding: None, affect: None }; turns.len()],
            model: String::new(),
        }
    }

    #[test]
    fn a_turn_that_answers_no_one_keeps_only_the_kinds_mi_codes_on_their_own() {
        let coded = uncoded(&[(Role::Therapist, "Okay, so, hi, come in. Last time we said we'd look at the drinking. How's your week been?")]);
        let prep = crate::assess::prepare(&coded);
        let threshold = judge_threshold(false).unwrap_or(0.5);
        let j = |p_misattuned: f32, kind: MisKind| attune_judge::Judgement { p_misattuned, kind, kind_p: 0.5, flagged: true, advice_floor: false };
        // near the threshold, premature fixing needs someone to answer; advice or a confrontation does not
        assert!(unanswered_kind(&prep[0], &j(threshold + 0.05, MisKind::PrematureFixing)));
        assert!(!unanswered_kind(&prep[0], &j(threshold + 0.05, MisKind::AdviceWithoutPermission)));
        assert!(!unanswered_kind(&prep[0], &j(threshold + 0.05, MisKind::Confronting)));
        // well over it the judgement stands
        assert!(!unanswered_kind(&prep[0], &j(threshold + UNANSWERED_MARGIN + 0.05, MisKind::PrematureFixing)));
    }

    #[test]
    fn a_greeting_alone_is_greeting_only_and_a_greeting_before_advice_is_not() {
        let only = |text: &str| {
            let coded = uncoded(&[(Role::Therapist, text)]);
            let prep = crate::assess::prepare(&coded);
            greeting_only(&prep[0])
        };
        assert!(only("Hi! Hope you are doing well today?"));
        assert!(only("Hello there, how are you doing this evening?"));
        assert!(only("Good morning."));
        assert!(!only("Hi! You need to stop drinking right now."));
        assert!(!only("Hello. I hope you are ready to finally take this seriously."));
    }

    #[test]
    fn a_word_handed_back_is_an_echo_and_a_new_one_is_not() {
        let echoes = |reply: &str| {
            let coded = uncoded(&[(Role::Client, "The flat's fine, actually. No, something happened at work. Tuesday."), (Role::Therapist, reply)]);
            let prep = crate::assess::prepare(&coded);
            echoes_client(&prep, &prep[1])
        };
        assert!(echoes("Mm. Tuesday."));
        assert!(!echoes("Mm. And the flat sale?"));
        assert!(!echoes("Tuesday, at work, something happened, the flat is fine."));
    }

    #[test]
    fn every_flag_kind_with_a_rule_has_one_row() {
        let mut kinds: Vec<FlagKind> = TURN_RULES.iter().map(|r| r.0).chain(SESSION_RULES.iter().map(|r| r.0)).collect();
        let n = kinds.len();
        kinds.sort();
        kinds.dedup();
        assert_eq!(kinds.len(), n, "a flag kind appears in two rows");
    }
}
