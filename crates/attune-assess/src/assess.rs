//! The assessment proper: per-turn preparation, flags, client markers, ruptures and repair, scores, pacing,
//! style matching, the attunement index and the tidy per-turn rows.
use crate::config::AssessConfig;
use crate::style::{lsm, Profile, CATEGORIES};
use crate::text::{self, content_stems, lexical_affect, Norm};
use crate::types::*;
use attune_core::{Affect, Code, CodedSession, Emotion, Role, TurnCoding};

// ============================================================== per-turn preparation

/// What the assessment knows about one turn before any rule runs.
pub(crate) struct Prep<'a> {
    pub role: Role,
    /// The turn's words, a letter's without its salutation and signature (`attune_text::tokens::letter_body`).
    pub text: &'a str,
    /// The turn as written, which the judge is given (it reads a letter's body and chat spellings its own way, as it
    /// learned: `attune_judge::spelling`).
    pub raw: &'a str,
    pub norm: Norm,
    pub words: usize,
    pub start: Option<f64>,
    pub end: Option<f64>,
    // client side
    pub affect: Affect,
    // therapist side
    pub coding: Option<&'a TurnCoding>,
    pub codes: Vec<Code>,
    /// (sentence text, its normalized form, its code when the coder gave per-sentence codes)
    pub sents: Vec<(&'a str, Norm, Option<Code>)>,
    pub attuning: bool,
    pub reflective: bool,
    /// Names or points at feelings (coded `feeling`, an empathic reaction, feeling words or a validation).
    pub feeling_talk: bool,
    pub stems: Vec<String>,
    /// The nearest earlier client turn.
    pub answers: Option<usize>,
    /// Consecutive client turns ending at `answers`.
    pub block: Vec<usize>,
    pub profile: Profile,
    /// The learned judgement of a therapist turn (attune-judge), when the judge is on.
    pub judgement: Option<attune_judge::Judgement>,
}

impl Prep<'_> {
    /// The advice in the turn, read sentence by sentence where its writer's left-out sentence ends were put back
    /// (`sents`): "you should call her tonight it helps to hear a voice" is two sentences, the second no order.
    pub fn advice(&self) -> Vec<attune_text::advice::AdviceCue> {
        if self.sents.is_empty() {
            return attune_text::advice::advice_cues(self.text);
        }
        self.sents.iter().filter_map(|(s, _, _)| attune_text::advice::sentence_advice(s)).collect()
    }
}

const CLOSED_STARTS: &[&str] = &[
    "do", "does", "did", "is", "are", "was", "were", "have", "has", "had", "can", "could", "will", "would",
    "should", "shall", "am", "may", "any", "isn't", "aren't", "don't", "didn't", "doesn't",
];
pub(crate) static CLIENT_SHIFT: &[&str] = &[
    "can we talk about something else", "let's talk about something else", "i don't want to talk about",
    "i'd rather not talk about", "change the subject", "can we move on", "stop talking about", "can we not talk about",
    "let's drop it", "can we drop it", "drop the subject",
    // chat spellings ("can we talk about smth else my head is fried"; fresh21, studied)
    "talk about smth else", "talk about sth else", "talk about somethin else", "talk bout something else",
    "talk about something different", "talk about anything else",
    // the next question announced as another ("Yes. Well. You're probably right. Different question. How do I change who
    // can see my Facebook posts?" after a chatbot told a man of sixty his family needs time; sessions fresh113, studied
    // from the forty-ninth session on: the 3 client turns of attune's own sessions that say it follow a labelled miss and
    // are withdrawals)
    "different question",
];
/// Word lists outside `text.rs` that `Norm::first_of` indexes. Read at run time, not copied into a static: a list's
/// address is its key, and a static initializer's copy of another static's slice may point at a duplicate of its data
/// (the markers' lists were scanned phrase by phrase for that reason).
pub(crate) fn indexed_lists() -> [&'static [&'static str]; 31] {
    [
        CLIENT_SHIFT,
        crate::markers::TAKES_UP,
        crate::markers::TAKES_UP_STRONG,
        crate::markers::HEARD,
        crate::markers::HEDGED_YES,
        crate::markers::SELF_DISMISSAL,
        crate::markers::AGREES,
        crate::flags::SILVER_LINING,
        crate::flags::WINDING_DOWN,
        crate::flags::WELL_WISHES,
        crate::flags::FAIRNESS,
        crate::flags::AI_SELF,
        crate::flags::ASKS_ABOUT_YOU,
        crate::flags::OLDER_THREAD,
        crate::flags::GRAVE,
        crate::flags::NOT_FACTS,
        crate::flags::ASKS_HELP,
        crate::markers::HANDS_BACK,
        crate::markers::EVERYONE_SAYS,
        crate::markers::TELL_MYSELF,
        crate::flags::UNMISTAKABLE,
        crate::markers::TAKING_SPACE,
        crate::markers::RETRACTS,
        crate::flags::SHRINKS,
        crate::flags::CHEERS,
        crate::flags::UNMISTAKABLE_CHEERS,
        crate::flags::TAKES_ME_BACK,
        crate::flags::OFFERS,
        crate::flags::RESEARCH,
        crate::flags::PIVOTS,
        crate::flags::PUTS_OFF,
    ]
}
pub(crate) const BACK_REFERENCE: &[&str] = &["that", "this", "it", "those", "he", "she", "they", "them", "him", "her"];
pub(crate) const FEELING_WORDS: &[&str] = &["feel", "feels", "feeling", "feelings", "felt", "emotion", "emotions", "emotional"];

/// Whether a text holds a word of [`FEELING_WORDS`].
pub(crate) fn has_feeling_word(n: &Norm) -> bool {
    n.words.iter().any(|w| FEELING_WORDS.contains(&w.as_str()))
}

/// The coded affect (the learned client model's, or the lexicon's) is authoritative; assess's own small
/// lexicon stands in only for a neutral reading with no learned distress and no act.
fn effective_affect(coded: Option<&Affect>, norm: &Norm) -> Affect {
    match coded {
        Some(a) if a.intensity > 0.0 || a.emotion != Emotion::Neutral || !a.cues.is_empty() || a.distress > 0.0 || a.act != attune_core::ClientAct::Other => {
            a.clone()
        }
        _ => lexical_affect(norm),
    }
}

pub(crate) fn is_closed_question(n: &Norm, raw: &str) -> bool {
    raw.trim_end().ends_with('?') && n.words.first().map(|w| CLOSED_STARTS.contains(&w.as_str())).unwrap_or(false)
}

pub(crate) fn prepare<'a>(coded: &'a CodedSession) -> Vec<Prep<'a>> {
    use rayon::prelude::*;
    let turns = &coded.session.turns;
    // Each turn's reading depends on that turn alone: long sessions prepare on all cores; only the
    // links to the client turns a therapist turn answers are made in order afterwards.
    let mut out: Vec<Prep<'a>> = turns.par_iter().enumerate().with_min_len(16).map(|(i, t)| prepare_turn(coded, i, t)).collect();
    let mut last_client: Option<usize> = None;
    for (i, p) in out.iter_mut().enumerate() {
        match p.role {
            Role::Client => last_client = Some(i),
            Role::Therapist => {
                p.answers = last_client;
                if let Some(c) = last_client {
                    let mut j = c;
                    loop {
                        p.block.push(j);
                        if j == 0 || turns[j - 1].role != Role::Client {
                            break;
                        }
                        j -= 1;
                    }
                    p.block.reverse();
                }
            }
            Role::Other => {}
        }
    }
    out
}

fn prepare_turn<'a>(coded: &'a CodedSession, i: usize, t: &'a attune_core::Turn) -> Prep<'a> {
    let an = coded.turns.get(i);
    // a letter is read without its salutation and signature, which stood where a reply's first and last words are read
    let text = attune_text::tokens::letter_body(&t.text);
    let norm = Norm::new(text);
    let words = norm.len();
    let profile = Profile::of_words(&norm.words);
    let mut p = Prep {
        role: t.role,
        text,
        raw: &t.text,
        words,
        start: t.start,
        end: t.end,
        affect: Affect::neutral(),
        coding: None,
        codes: vec![],
        sents: vec![],
        attuning: false,
        reflective: false,
        feeling_talk: false,
        stems: content_stems(&norm),
        answers: None,
        block: vec![],
        profile,
        norm,
        judgement: None,
    };
    match t.role {
        Role::Client => {
            p.affect = effective_affect(an.and_then(|a| a.affect.as_ref()), &p.norm);
        }
        Role::Therapist => {
            let coding = an.and_then(|a| a.coding.as_ref());
            p.coding = coding;
            let ss = attune_text::segment::sentences(text);
            let sent_codes: Vec<Option<Code>> = match coding {
                Some(c) if !c.sentences.is_empty() => {
                    // the coder's sentence split may differ from ours: match exactly, else by containment
                    ss.iter()
                        .map(|s| {
                            c.sentences
                                .iter()
                                .find(|sc| sc.text.trim() == *s)
                                .or_else(|| {
                                    c.sentences.iter().find(|sc| {
                                        let t = sc.text.trim();
                                        !t.is_empty() && (s.contains(t) || t.contains(*s))
                                    })
                                })
                                .map(|sc| sc.code)
                        })
                        .collect()
                }
                _ => vec![None; ss.len()],
            };
            p.sents = ss.iter().zip(sent_codes).map(|(s, c)| (*s, Norm::new(s), c)).collect();
            // the turn's code only: the per-sentence codes stay with the sentences (`sents`). With them added here, a
            // long spoken turn coded as a reflection that has one advising sentence counted as fixing and as
            // reflective at once, and the rules and index (tuned on turn codes) read sessions worse. Dev, fast / accurate
            // tier, with them: annomi-quality 0.794 / 0.824, esconv-outcome 0.828 / 0.826; without: see the README
            if let Some(c) = coding {
                p.codes.push(c.code);
            }
            let lex_validate = p.norm.first_of(text::VALIDATE_CUE).is_some();
            let lex_reflect = p.norm.first_of(text::REFLECT_CUE).is_some();
            // an empathic reaction counts only when the turn is not a fix, cheer or dismissal
            let feeling = coding
                .map(|c| {
                    c.feeling
                        || (c.empathy.reactions > 0
                            && !matches!(
                                c.code,
                                Code::Reassure | Code::Minimize | Code::Confront | Code::Reframe | Code::Advise | Code::Inform
                            ))
                })
                .unwrap_or(false);
            // coded reflections; the lexical cue only stands in when the turn has no coding
            p.reflective = p.codes.iter().any(|c| c.is_reflection())
                || (coding.is_none() && lex_reflect && !text.trim_end().ends_with('?'));
            p.attuning = p.codes.iter().any(|c| c.is_attuning()) || feeling || lex_validate || p.reflective;
            // the coder's `feeling`; feeling words only stand in when the turn has no coding
            p.feeling_talk = match coding {
                Some(c) => c.feeling,
                None => p.norm.words.iter().any(|w| FEELING_WORDS.contains(&w.as_str()) || w == "sounds"),
            };
        }
        Role::Other => {}
    }
    p
}

static JUDGE_SLOT: std::sync::OnceLock<Option<std::sync::Arc<attune_judge::JudgeModel>>> = std::sync::OnceLock::new();

/// The judge every assessment of this process uses: the built-in one unless [`use_judge_model`] came first.
fn judge() -> Option<&'static attune_judge::JudgeModel> {
    JUDGE_SLOT.get_or_init(|| attune_judge::JudgeModel::bundled().ok()).as_deref()
}

/// Makes every later assessment in this process use `m` (e.g. a model `attune train` just wrote). Returns
/// false when an assessment already ran with the built-in judge, which then stays.
pub fn use_judge_model(m: std::sync::Arc<attune_judge::JudgeModel>) -> bool {
    JUDGE_SLOT.set(Some(m)).is_ok()
}

/// The flag threshold of the built-in judge model.
/// The therapist turn last before turn `i`, if any.
pub(crate) fn therapist_before(prep: &[Prep], i: usize) -> Option<usize> {
    (0..i).rev().find(|&j| prep[j].role == Role::Therapist)
}

pub(crate) fn judge_threshold(has_client: bool) -> Option<f32> {
    judge().map(|j| j.threshold(has_client))
}

/// [`prepare`], then the learned judgement of every therapist turn (when `cfg.learned_judge`).
pub(crate) fn prepare_judged<'a>(coded: &'a CodedSession, cfg: &AssessConfig) -> Vec<Prep<'a>> {
    let mut prep = prepare(coded);
    if cfg.learned_judge
        && let Some(judge) = judge() {
            judge_turns(&mut prep, judge, cfg);
        }
    prep
}

fn judge_turns(prep: &mut [Prep], judge: &attune_judge::JudgeModel, cfg: &AssessConfig) {
    use rayon::prelude::*;
    // Each judgement reads only what `prepare` set, never another judgement: long sessions judge on all cores.
    let shared: &[Prep] = prep;
    let judged: Vec<(usize, attune_judge::Judgement)> = (0..shared.len())
        .into_par_iter()
        .with_min_len(16)
        .filter(|&t| shared[t].role == Role::Therapist)
        .map(|t| {
            let (client, aff, prior) = judge_context(shared, t, cfg);
            let input = attune_judge::JudgeInput { client: &client, client_affect: aff.as_ref(), prior_attuned: prior, response: shared[t].raw, coding: shared[t].coding };
            (t, judge.judge(&input))
        })
        .collect();
    for (t, j) in judged {
        prep[t].judgement = Some(j);
    }
}

/// What the judge reads around therapist turn `t`: the client block's text, its most distressed turn's
/// affect, and whether one of the last therapist turns already met the client.
fn judge_context(prep: &[Prep], t: usize, cfg: &AssessConfig) -> (String, Option<Affect>, bool) {
    let client: String = prep[t].block.iter().map(|&c| prep[c].raw.trim()).collect::<Vec<_>>().join(" ");
    let most_distressed = |block: &[usize]| block.iter().map(|&c| &prep[c].affect).max_by(|a, b| a.distress.total_cmp(&b.distress));
    let mut aff = most_distressed(&prep[t].block).cloned();
    let words: usize = prep[t].block.iter().map(|&c| prep[c].raw.split_whitespace().count()).sum();
    let earlier = (0..t)
        .rev()
        .find(|&j| prep[j].role == Role::Therapist && !prep[j].block.is_empty() && prep[j].block != prep[t].block)
        .and_then(|j| most_distressed(&prep[j].block));
    if let Some(cur) = aff.as_mut() {
        attune_judge::carry_distress(words, cur, earlier);
    }
    let prior = (0..t).rev().filter(|&j| prep[j].role == Role::Therapist).take(cfg.lookback.max(1)).any(|j| prep[j].attuning);
    (client, aff, prior)
}

/// The features that moved the judgement of therapist turn `t` most (name, push toward misattuned).
pub(crate) fn judge_reasons(prep: &[Prep], t: usize, cfg: &AssessConfig, k: usize) -> Vec<(String, f32)> {
    let Some(judge) = judge() else { return vec![] };
    let (client, aff, prior) = judge_context(prep, t, cfg);
    let input = attune_judge::JudgeInput { client: &client, client_affect: aff.as_ref(), prior_attuned: prior, response: prep[t].raw, coding: prep[t].coding };
    judge.reasons(&input, k)
}

/// The most intense client turn of a therapist turn's block, and its affect.
pub(crate) fn block_affect<'p>(prep: &'p [Prep], t: usize) -> Option<(usize, &'p Affect)> {
    let p = &prep[t];
    let mut best: Option<(usize, &Affect)> = None;
    for &c in &p.block {
        let a = &prep[c].affect;
        if best.map(|(_, b)| a.intensity > b.intensity).unwrap_or(true) {
            best = Some((c, a));
        }
    }
    best
}

pub(crate) fn is_negative_emotion(a: &Affect) -> bool {
    !matches!(a.emotion, Emotion::Neutral | Emotion::Joy) || a.valence < -0.3
}

/// The client's feeling as an explanation names it: the learned emotion where it is a hard one, "distress" where the
/// turn reads distressed or hard under a calm or glad emotion, else the emotion ("feeling" for neutral). The emotion
/// head read "sick tbh. like actually nauseous…" as joy (chat's "sick" also means great; sessions fresh59), and "cheers
/// over the client's joy" said the opposite of the case.
pub(crate) fn felt_name(a: &Affect) -> &'static str {
    match a.emotion {
        Emotion::Neutral | Emotion::Joy if a.distress >= 0.5 || a.hardship >= 0.5 || a.valence < -0.3 => "distress",
        Emotion::Neutral => "feeling",
        e => e.as_str(),
    }
}

// ============================================================== client markers (3RS)

/// The flags and the client markers of a session: the markers need the flags (what a client turn answers), and the
/// missed-rupture pass needs the markers, so the markers are found again when that pass adds a flag.
pub(crate) fn flags_and_markers(coded: &CodedSession, prep: &[Prep], cfg: &AssessConfig, spoken: bool, chat: bool) -> (Vec<Flag>, Vec<ClientMarker>) {
    // a session mostly in another language gets neither flags nor markers: its short turns ("Entiendo, es muy
    // difícil.") are too short to name, and reading them as English would be a guess like the rest
    if attune_text::lang::mostly_other_language(prep.iter().map(|p| p.text)) {
        return (vec![], vec![]);
    }
    let mut flags = crate::flags::find_flags(coded, prep, cfg, spoken);
    flags.retain(|f| in_english(prep, f.turn));
    let mut markers = crate::markers::find_markers(prep, &flags, chat);
    let mut confirmed = crate::flags::confirmed_by_reaction(prep, &flags, &markers, chat, spoken);
    confirmed.retain(|f| in_english(prep, f.turn));
    if !confirmed.is_empty() {
        let added: Vec<usize> = confirmed.iter().map(|f| f.turn).collect();
        flags.extend(confirmed);
        flags.sort_by_key(|f| (f.turn, f.kind));
        markers = crate::markers::find_markers_again(prep, &flags, chat, markers, &added);
    }
    let mut missed = crate::flags::missed_ruptures(prep, &markers, &flags);
    missed.retain(|f| in_english(prep, f.turn));
    if !missed.is_empty() {
        let added: Vec<usize> = missed.iter().map(|f| f.turn).collect();
        flags.extend(missed);
        flags.sort_by_key(|f| (f.turn, f.kind));
        markers = crate::markers::find_markers_again(prep, &flags, chat, markers, &added);
    }
    (flags, markers)
}

/// Are therapist turn `t` and the client turns it answers in English? attune reads English only: a flag on a turn in
/// another language would be a guess (`attune_text::lang`; `analyze` warns of such turns).
fn in_english(prep: &[Prep], t: usize) -> bool {
    let foreign = |i: usize| prep.get(i).is_some_and(|p| attune_text::lang::other_language(p.text).is_some());
    !foreign(t) && !prep.get(t).is_some_and(|p| p.block.iter().any(|&c| foreign(c)))
}

/// A client saying yes, it did land that way, to a listener who named their own miss.
const CONFIRMS_MISS: &[&str] = &[
    "it did a bit", "it did tbh", "yeah it did", "it did yeah", "it did actually", "you did a bit", "you did actually",
    "it kind of did", "it kinda did", "a bit yeah", "bit yeah", "yeah a bit", "yes it did", "it did a little", "you did yeah",
];

const STRONG: &[MarkerSubtype] = &[
    MarkerSubtype::Denial,
    MarkerSubtype::TopicShift,
    MarkerSubtype::DeferentialAgreement,
    MarkerSubtype::ContentAffectSplit,
    MarkerSubtype::AbstractTalk,
];

pub(crate) fn find_ruptures(prep: &[Prep], markers: &[ClientMarker], flags: &[Flag], cfg: &AssessConfig) -> Vec<Rupture> {
    // group markers whose turns are close (≤ 3 turns apart)
    let mut groups: Vec<Vec<&ClientMarker>> = Vec::new();
    for m in markers {
        match groups.last_mut() {
            Some(g) if m.turn - g.last().unwrap().turn <= 3 => g.push(m),
            _ => groups.push(vec![m]),
        }
    }
    let mut out = Vec::new();
    for g in groups {
        let start = g[0].turn;
        let end = g.last().unwrap().turn;
        let prev_t = therapist_before(prep, start);
        let flag_idx = prev_t.and_then(|pt| {
            flags
                .iter()
                .enumerate()
                .filter(|(_, f)| f.turn == pt || (f.kind == FlagKind::Detached && f.turns.contains(&pt)))
                .max_by(|a, b| a.1.severity.cmp(&b.1.severity))
                .map(|(k, _)| k)
        });
        let confrontation = g.iter().any(|m| m.kind == MarkerKind::Confrontation);
        let strong = g.iter().any(|m| STRONG.contains(&m.subtype));
        let minimal = g.iter().filter(|m| m.subtype == MarkerSubtype::MinimalResponse).count();
        if !(confrontation || strong || minimal >= 2 || (minimal >= 1 && flag_idx.is_some())) {
            continue;
        }
        // repair: a therapist turn after the start that acknowledges, clarifies, invites or validates,
        // followed by client re-engagement
        let mut attempts = Vec::new();
        let mut repair = None;
        let marker_words: f64 = g.iter().map(|m| prep[m.turn].words as f64).sum::<f64>() / g.len() as f64;
        // how a therapist turn tries to repair, if it does; a reply the judge flags as defending or arguing is no
        // attempt (DESIGN.md § repair), unless it owns the therapist's own miss, which the judge can mistake for one
        let attempt = |t: usize| -> Option<RepairStrategy> {
            let n = &prep[t].norm;
            // within one sentence: "I'm sorry. You came here to put something down…" owns the miss
            let sorry_for_them = prep[t].sents.iter().any(|(_, sn, _)| sn.has("sorry to hear") || sn.has("sorry that you") || sn.has("sorry you"));
            let strategy = if sorry_for_them {
                Some(RepairStrategy::ValidateStance)
            } else if n.first_of(text::REPAIR_ACK).is_some() {
                Some(RepairStrategy::Acknowledge)
            } else if n.first_of(text::REPAIR_INVITE).is_some() {
                Some(RepairStrategy::InviteNegative)
            } else if n.first_of(text::REPAIR_CLARIFY).is_some() {
                Some(RepairStrategy::Clarify)
            } else if prep[t].attuning {
                Some(RepairStrategy::ValidateStance)
            } else {
                None
            };
            let defends = prep[t]
                .judgement
                .as_ref()
                .is_some_and(|j| j.flagged && j.kind == attune_judge::MisKind::Confronting && !crate::flags::owns_the_miss(&prep[t], j));
            strategy.filter(|_| !defends)
        };
        let mut seen = 0;
        // the listener answered the rupture with another miss (defending, pushing on, a label): a later turn that
        // only meets the client again is the talk moving on, not the rupture repaired; owning the miss, asking what
        // went wrong or checking what was meant still repairs it (fresh31, read once in the twenty-fourth session: a
        // defensive apology, then a warm reply two turns on, counted as repairs of ruptures labelled unrepaired)
        let mut missed_again = false;
        for t in start + 1..prep.len() {
            if prep[t].role != Role::Therapist {
                continue;
            }
            seen += 1;
            if seen > cfg.repair_window + (end - start) / 2 {
                break;
            }
            // an apology that goes on to a label or a fix ("I'm sorry my previous response didn't meet your needs. Guilt
            // this intense can be a sign of depression…"; fresh31) is flagged: a failed attempt, no repair. A safety
            // question not asked, or talking over, says nothing of that
            let flagged = flags.iter().any(|f| f.turn == t && !matches!(f.kind, FlagKind::MissedRisk | FlagKind::Interrupting | FlagKind::OverTalking));
            let Some(strategy) = attempt(t).filter(|_| !flagged) else {
                // a miss between two markers of the group is how the rupture built up
                missed_again |= t > end && flagged;
                continue;
            };
            if missed_again && strategy == RepairStrategy::ValidateStance {
                continue;
            }
            attempts.push(t);
            // re-engagement: one of the next two client turns, without a new marker, longer or with feeling, before
            // the next attempt (an opening-up that answers a later repair belongs to that one)
            let mut next: Vec<usize> = Vec::with_capacity(2);
            for j in t + 1..prep.len() {
                if next.len() == 2 || (prep[j].role == Role::Therapist && attempt(j).is_some()) {
                    break;
                }
                if prep[j].role == Role::Client {
                    next.push(j);
                }
            }
            if let Some(&c) = next.iter().find(|&&c| {
                let marked = markers.iter().any(|m| m.turn == c);
                let a = &prep[c];
                // after the listener owns the miss in words, or asks what went wrong, the client going on at about the
                // length of their pushback is taking it up ("I don't know. That's the honest answer. Maybe that's what I
                // want to talk about on Tuesday…" after "You're right, and I'm sorry. I did the same thing…"; fresh27,
                // read once in the twenty-third session); after a plainer attempt the turn must say more than the marker
                let owned = matches!(strategy, RepairStrategy::Acknowledge | RepairStrategy::InviteNegative);
                let enough = if owned { (marker_words * 0.75).max(8.0) } else { (marker_words * 1.5).max(8.0) };
                // a short yes to the listener's owning ("ok. ta. it did a bit tbh" after "i'm wondering if my list at
                // the start made it feel like i wanted to wrap you up quick"; fresh31): the client names the rupture too
                let confirms = owned && a.words <= 10 && a.norm.first_of(CONFIRMS_MISS).is_some();
                !marked
                    && (confirms
                        || (a.words as f64) >= enough
                        || (!a.affect.cues.is_empty() && a.words >= 4)
                        // the client model reads it as opening up again: disclosing, or naming distress
                        || (a.words >= 6 && (a.affect.act.tells() || a.affect.distress >= 0.5)))
            }) {
                repair = Some(Repair { therapist_turn: t, client_turn: c, strategy, quote: prep[t].text.trim().to_string() });
                break;
            }
        }
        let mut turns: Vec<usize> = (start..=end).collect();
        turns.extend(attempts.iter().copied());
        if let Some(r) = &repair {
            turns.push(r.client_turn);
        }
        if let Some(pt) = prev_t {
            turns.push(pt);
        }
        turns.sort_unstable();
        turns.dedup();
        out.push(Rupture {
            start,
            end,
            time: prep[start].start,
            markers: g.into_iter().cloned().collect(),
            preceded_by_flag: flag_idx,
            preceding_flag_kind: flag_idx.map(|k| flags[k].kind),
            repair_attempts: attempts,
            repair,
            turns,
        });
    }
    out
}

// ============================================================== MITI summary scores

fn band(v: Option<f64>, th: &Threshold) -> Band {
    match v {
        None => Band::NotApplicable,
        Some(x) if x >= th.good => Band::Good,
        Some(x) if x >= th.fair => Band::Fair,
        Some(_) => Band::BelowFair,
    }
}

pub(crate) fn miti_scores(prep: &[Prep], cfg: &AssessConfig) -> Scores {
    let mut refl = vec![];
    let mut cr = vec![];
    let mut q = vec![];
    let mut adh = vec![];
    let mut non = vec![];
    for (t, p) in prep.iter().enumerate() {
        let Some(c) = p.coding else { continue };
        let codes = &p.codes;
        if codes.iter().any(|c| c.is_reflection()) {
            refl.push(t);
            if codes.contains(&Code::ReflectionComplex) {
                cr.push(t);
            }
        }
        if codes.iter().any(|c| c.is_question()) {
            q.push(t);
        }
        let persuade = codes.contains(&Code::Advise) && !c.permission;
        let collab = codes.iter().any(|c| matches!(c, Code::Advise | Code::Inform)) && c.permission;
        if codes.iter().any(|c| matches!(c, Code::Affirm | Code::Autonomy)) || collab {
            adh.push(t);
        }
        if codes.contains(&Code::Confront) || persuade {
            non.push(t);
        }
    }
    let rq_v = if q.is_empty() { None } else { Some(refl.len() as f64 / q.len() as f64) };
    let pcr_v = if refl.is_empty() { None } else { Some(100.0 * cr.len() as f64 / refl.len() as f64) };
    let rq_th = cfg.miti.rq();
    let pcr_th = cfg.miti.pct_cr();
    let mut rq_turns = refl.clone();
    rq_turns.extend(q.iter().copied());
    rq_turns.sort_unstable();
    rq_turns.dedup();
    Scores {
        manual: cfg.miti.source.clone(),
        reflections: Count { value: refl.len(), definition: "therapist turns holding a simple or complex reflection".into(), turns: refl.clone() },
        complex_reflections: Count { value: cr.len(), definition: "therapist turns holding a complex reflection".into(), turns: cr.clone() },
        questions: Count { value: q.len(), definition: "therapist turns holding an open or closed question".into(), turns: q.clone() },
        reflection_to_question: Metric {
            value: rq_v,
            band: band(rq_v, &rq_th),
            threshold: Some(rq_th),
            formula: "R:Q = reflections / questions".into(),
            turns: rq_turns,
        },
        percent_complex_reflections: Metric {
            value: pcr_v,
            band: band(pcr_v, &pcr_th),
            threshold: Some(pcr_th),
            formula: "%CR = 100 × complex reflections / all reflections".into(),
            turns: refl,
        },
        mi_adherent: Count {
            value: adh.len(),
            definition: "affirm + emphasize autonomy/seek collaboration + advice or information with permission".into(),
            turns: adh,
        },
        mi_non_adherent: Count { value: non.len(), definition: "confront + persuade (advice without permission)".into(), turns: non },
    }
}

// ============================================================== pacing

/// Summed talk time of therapist and client; `real_only` uses end − start only, else fills missing ends from
/// the next turn's start (capped at 120 s).
pub(crate) fn talk_times(prep: &[Prep], real_only: bool) -> (f64, f64) {
    let mut t = 0.0;
    let mut c = 0.0;
    for (i, p) in prep.iter().enumerate() {
        let d = match (p.start, p.end) {
            (Some(s), Some(e)) if e >= s => Some(e - s),
            (Some(s), None) if !real_only => prep.get(i + 1).and_then(|n| n.start).filter(|&ns| ns >= s).map(|ns| (ns - s).min(120.0)),
            _ => None,
        };
        if let Some(d) = d {
            match p.role {
                Role::Therapist => t += d,
                Role::Client => c += d,
                Role::Other => {}
            }
        }
    }
    (t, c)
}

pub(crate) fn pacing(prep: &[Prep], cfg: &AssessConfig) -> Pacing {
    let mut tw = 0usize;
    let mut cw = 0usize;
    let mut tn = 0usize;
    let mut cn = 0usize;
    let mut t_turns = vec![];
    let mut all = vec![];
    for (i, p) in prep.iter().enumerate() {
        match p.role {
            Role::Therapist => {
                tw += p.words;
                tn += 1;
                t_turns.push(i);
                all.push(i);
            }
            Role::Client => {
                cw += p.words;
                cn += 1;
                all.push(i);
            }
            Role::Other => {}
        }
    }
    let share_w = if tw + cw > 0 { Some(tw as f64 / (tw + cw) as f64) } else { None };
    let ratio = if tn > 0 && cn > 0 && cw > 0 { Some((tw as f64 / tn as f64) / (cw as f64 / cn as f64)) } else { None };
    let (rt, rc) = talk_times(prep, true);
    let (et, ec) = talk_times(prep, false);
    let (share_t, share_formula) = if rt + rc > 0.0 {
        (Some(rt / (rt + rc)), "therapist seconds / (therapist + client seconds), from start and end times")
    } else if et + ec > 0.0 {
        (Some(et / (et + ec)), "therapist seconds / (therapist + client seconds); durations estimated from the next turn's start (no end times)")
    } else {
        (None, "needs turn times")
    };
    // latency after disclosures
    let mut lat = vec![];
    let mut lat_turns = vec![];
    for (i, p) in prep.iter().enumerate() {
        if p.role != Role::Client || p.affect.emotion == Emotion::Neutral || p.affect.intensity < cfg.intensity_threshold {
            continue;
        }
        if let (Some(e), Some(n)) = (p.end, prep.get(i + 1))
            && n.role == Role::Therapist
                && let Some(s) = n.start {
                    lat.push(s - e);
                    lat_turns.push(i);
                    lat_turns.push(i + 1);
                }
    }
    let latency = if lat.is_empty() { None } else { Some(lat.iter().sum::<f64>() / lat.len() as f64) };
    // speaking rate
    let rate = |role: Role| -> (Option<f64>, Vec<usize>) {
        let mut w = 0usize;
        let mut d = 0.0;
        let mut ts = vec![];
        for (i, p) in prep.iter().enumerate() {
            if p.role != role {
                continue;
            }
            if let (Some(s), Some(e)) = (p.start, p.end)
                && e - s >= 0.5 {
                    w += p.words;
                    d += e - s;
                    ts.push(i);
                }
        }
        if d > 0.0 { (Some(w as f64 / (d / 60.0)), ts) } else { (None, ts) }
    };
    let (rt_wpm, rt_turns) = rate(Role::Therapist);
    let (rc_wpm, rc_turns) = rate(Role::Client);
    let rate_match = match (rt_wpm, rc_wpm) {
        (Some(a), Some(b)) if a + b > 0.0 => Some(1.0 - (a - b).abs() / (a + b)),
        _ => None,
    };
    let mut both_rate = rt_turns.clone();
    both_rate.extend(rc_turns.iter().copied());
    both_rate.sort_unstable();
    // overlaps
    let mut overlaps = vec![];
    for i in 1..prep.len() {
        let (a, b) = (&prep[i - 1], &prep[i]);
        if a.role == b.role {
            continue;
        }
        if let (Some(ae), Some(bs)) = (a.end, b.start)
            && ae - bs >= cfg.overlap_min_s {
                overlaps.push(Overlap { turn: i, overlapped: i - 1, role: b.role, seconds: ae - bs });
            }
    }
    Pacing {
        talk_share_words: Measure { value: share_w, formula: "therapist words / (therapist + client words)".into(), turns: all.clone() },
        talk_share_time: Measure { value: share_t, formula: share_formula.into(), turns: if share_t.is_some() { all.clone() } else { vec![] } },
        turn_length_ratio: Measure {
            value: ratio,
            formula: "mean therapist words per turn / mean client words per turn".into(),
            turns: all,
        },
        latency_after_disclosures: Measure {
            value: latency,
            formula: format!(
                "mean seconds from the end of a client turn with emotional intensity ≥ {:.2} to the start of the therapist's reply (needs end times)",
                cfg.intensity_threshold
            ),
            turns: lat_turns,
        },
        speaking_rate_wpm_therapist: Measure { value: rt_wpm, formula: "therapist words / therapist minutes (turns with start and end)".into(), turns: rt_turns },
        speaking_rate_wpm_client: Measure { value: rc_wpm, formula: "client words / client minutes (turns with start and end)".into(), turns: rc_turns },
        speaking_rate_match: Measure { value: rate_match, formula: "1 − |wpm_t − wpm_c| / (wpm_t + wpm_c)".into(), turns: both_rate },
        overlaps,
    }
}

// ============================================================== style matching

pub(crate) fn style(prep: &[Prep]) -> StyleMatching {
    let mut tp = Profile::default();
    let mut cp = Profile::default();
    for p in prep {
        match p.role {
            Role::Therapist => tp.add(&p.profile),
            Role::Client => cp.add(&p.profile),
            Role::Other => {}
        }
    }
    let overall = lsm(&tp, &cp);
    let categories = CATEGORIES
        .iter()
        .enumerate()
        .map(|(c, name)| CategoryLsm {
            category: name.to_string(),
            therapist: tp.share(c),
            client: cp.share(c),
            lsm: overall.map(|(_, per)| per[c]).unwrap_or(0.0),
        })
        .collect();
    let mut rlsm = vec![];
    let (mut st, mut nt, mut sc, mut nc) = (0.0, 0, 0.0, 0);
    for (i, p) in prep.iter().enumerate() {
        if p.role == Role::Other || p.words == 0 {
            continue;
        }
        let other = match p.role {
            Role::Therapist => Role::Client,
            _ => Role::Therapist,
        };
        // the other speaker's nearest preceding (non-empty) turn
        let Some(j) = (0..i).rev().find(|&j| prep[j].role == other && prep[j].words > 0) else { continue };
        if let Some((v, _)) = lsm(&p.profile, &prep[j].profile) {
            rlsm.push(RlsmPoint { turn: i, previous: j, role: p.role, value: v });
            if p.role == Role::Therapist {
                st += v;
                nt += 1;
            } else {
                sc += v;
                nc += 1;
            }
        }
    }
    StyleMatching {
        lsm: overall.map(|(m, _)| m),
        categories,
        rlsm,
        rlsm_therapist: (nt > 0).then(|| st / nt as f64),
        rlsm_client: (nc > 0).then(|| sc / nc as f64),
        formula: "LSM_c = 1 − |p_t − p_c| / (p_t + p_c + 0.0001), p = category share of a speaker's words; LSM = mean over 9 categories (Ireland & Pennebaker 2010). rLSM: the same per turn against the other speaker's preceding turn (Müller-Frommeyer et al. 2019).".into(),
    }
}

// ============================================================== per-turn rows

pub(crate) fn per_turn(coded: &CodedSession, prep: &[Prep], flags: &[Flag], markers: &[ClientMarker], st: &StyleMatching) -> Vec<TurnRow> {
    let mut rows: Vec<TurnRow> = prep
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let t = &coded.session.turns[i];
            let client = p.role == Role::Client;
            TurnRow {
                turn: i,
                role: p.role,
                speaker: t.speaker.clone(),
                start: t.start,
                end: t.end,
                words: p.words,
                code: p.coding.map(|c| c.code),
                confidence: p.coding.map(|c| c.confidence),
                feeling: p.coding.map(|c| c.feeling),
                empathy: p.coding.map(|c| c.empathy),
                emotion: client.then_some(p.affect.emotion),
                intensity: client.then_some(p.affect.intensity),
                valence: client.then_some(p.affect.valence),
                flags: vec![],
                markers: vec![],
                rlsm: None,
            }
        })
        .collect();
    for f in flags {
        rows[f.turn].flags.push(f.kind);
    }
    for m in markers {
        rows[m.turn].markers.push(m.subtype);
    }
    for r in &st.rlsm {
        rows[r.turn].rlsm = Some(r.value);
    }
    rows
}
