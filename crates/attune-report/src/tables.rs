//! Tidy tables: one row per turn and one row per session. Pure: the writers (CSV, JSON Lines, Parquet)
//! live in the `attune` crate (`attune::tables`).

use attune_assess::Assessment;
use attune_core::{CodedSession, Role};
use serde::Serialize;

/// One row per turn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TurnRecord {
    pub session_id: String,
    pub source: String,
    /// 0-based index in the session.
    pub turn: u32,
    pub role: &'static str,
    pub speaker: String,
    pub start: Option<f64>,
    pub end: Option<f64>,
    pub words: u32,
    /// Therapist turns: the primary code.
    pub code: Option<&'static str>,
    pub confidence: Option<f32>,
    pub feeling: Option<bool>,
    pub permission: Option<bool>,
    pub empathy_reactions: Option<u8>,
    pub empathy_interpretations: Option<u8>,
    pub empathy_explorations: Option<u8>,
    /// Client turns: affect.
    pub emotion: Option<&'static str>,
    pub intensity: Option<f32>,
    pub valence: Option<f32>,
    pub arousal: Option<f32>,
    /// Flag kinds on this turn, `;`-separated (empty when none).
    pub flags: String,
    /// 3RS marker subtypes on this turn, `;`-separated.
    pub markers: String,
    pub in_rupture: bool,
    pub repair: bool,
    pub rlsm: Option<f64>,
}

/// One row per session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionRecord {
    pub session_id: String,
    pub source: String,
    pub model: String,
    pub turns: u32,
    pub therapist_turns: u32,
    pub client_turns: u32,
    pub duration_s: Option<f64>,
    pub attunement_index: f64,
    pub reflective_listening: Option<f64>,
    pub emotional_responsiveness: Option<f64>,
    pub fix_orientation: Option<f64>,
    pub pacing: Option<f64>,
    pub rupture_repair: Option<f64>,
    pub style_matching: Option<f64>,
    pub synchrony: Option<f64>,
    pub rq_ratio: Option<f64>,
    pub pct_complex_reflections: Option<f64>,
    pub reflections: u32,
    pub complex_reflections: u32,
    pub questions: u32,
    pub mi_adherent: u32,
    pub mi_non_adherent: u32,
    pub flags: u32,
    pub flags_premature_fixing: u32,
    pub ruptures: u32,
    pub ruptures_repaired: u32,
    pub talk_share_words: Option<f64>,
    pub talk_share_time: Option<f64>,
    pub turn_length_ratio: Option<f64>,
    pub latency_after_disclosures: Option<f64>,
    pub lsm: Option<f64>,
    pub rlsm_therapist: Option<f64>,
    pub rlsm_client: Option<f64>,
}

/// The per-turn rows of one assessed session, in turn order.
pub fn turn_records(coded: &CodedSession, a: &Assessment, source: &str) -> Vec<TurnRecord> {
    let s = &coded.session;
    let n = s.turns.len();
    let mut flags: Vec<String> = vec![String::new(); n];
    for f in &a.flags {
        if let Some(x) = flags.get_mut(f.turn) {
            if !x.is_empty() {
                x.push(';');
            }
            x.push_str(f.kind.as_str());
        }
    }
    let mut markers: Vec<String> = vec![String::new(); n];
    for m in &a.markers {
        if let Some(x) = markers.get_mut(m.turn) {
            if !x.is_empty() {
                x.push(';');
            }
            x.push_str(m.subtype.as_str());
        }
    }
    let mut in_rupture = vec![false; n];
    let mut repair = vec![false; n];
    for r in &a.ruptures {
        for x in in_rupture.iter_mut().take(r.end.saturating_add(1)).skip(r.start) {
            *x = true;
        }
        if let Some(x) = r.repair.as_ref().and_then(|rep| repair.get_mut(rep.therapist_turn)) {
            *x = true;
        }
    }
    let mut rlsm = vec![None; n];
    for p in &a.style.rlsm {
        if p.turn < n {
            rlsm[p.turn] = Some(p.value);
        }
    }
    s.turns
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let an = coded.turns.get(i);
            let c = an.and_then(|x| x.coding.as_ref());
            let af = an.and_then(|x| x.affect.as_ref());
            TurnRecord {
                session_id: s.id.clone(),
                source: source.to_string(),
                turn: i as u32,
                role: t.role.as_str(),
                speaker: t.speaker.clone(),
                start: t.start,
                end: t.end,
                words: t.word_count() as u32,
                code: c.map(|c| c.code.as_str()),
                confidence: c.map(|c| c.confidence),
                feeling: c.map(|c| c.feeling),
                permission: c.map(|c| c.permission),
                empathy_reactions: c.map(|c| c.empathy.reactions),
                empathy_interpretations: c.map(|c| c.empathy.interpretations),
                empathy_explorations: c.map(|c| c.empathy.explorations),
                emotion: af.map(|a| a.emotion.as_str()),
                intensity: af.map(|a| a.intensity),
                valence: af.map(|a| a.valence),
                arousal: af.map(|a| a.arousal),
                flags: std::mem::take(&mut flags[i]),
                markers: std::mem::take(&mut markers[i]),
                in_rupture: in_rupture[i],
                repair: repair[i],
                rlsm: rlsm[i],
            }
        })
        .collect()
}

/// The per-session row of one assessed session.
pub fn session_record(coded: &CodedSession, a: &Assessment, source: &str) -> SessionRecord {
    let s = &coded.session;
    let sub = |name: &str| a.index.subscores.iter().find(|x| x.name == name).and_then(|x| x.value);
    let first = s.turns.iter().find_map(|t| t.start);
    let last = s.turns.iter().rev().find_map(|t| t.end.or(t.start));
    let duration_s = match (first, last) {
        (Some(a), Some(b)) if b >= a => Some(b - a),
        _ => None,
    };
    let sc = &a.scores;
    SessionRecord {
        session_id: s.id.clone(),
        source: source.to_string(),
        model: coded.model.clone(),
        turns: s.turns.len() as u32,
        therapist_turns: s.turns.iter().filter(|t| t.role == Role::Therapist).count() as u32,
        client_turns: s.turns.iter().filter(|t| t.role == Role::Client).count() as u32,
        duration_s,
        attunement_index: a.index.value,
        reflective_listening: sub("reflective_listening"),
        emotional_responsiveness: sub("emotional_responsiveness"),
        fix_orientation: sub("fix_orientation"),
        pacing: sub("pacing"),
        rupture_repair: sub("rupture_repair"),
        style_matching: sub("style_matching"),
        synchrony: sub("synchrony"),
        rq_ratio: sc.reflection_to_question.value,
        pct_complex_reflections: sc.percent_complex_reflections.value,
        reflections: sc.reflections.value as u32,
        complex_reflections: sc.complex_reflections.value as u32,
        questions: sc.questions.value as u32,
        mi_adherent: sc.mi_adherent.value as u32,
        mi_non_adherent: sc.mi_non_adherent.value as u32,
        flags: a.flags.len() as u32,
        flags_premature_fixing: a
            .flags
            .iter()
            .filter(|f| f.kind == attune_assess::FlagKind::PrematureFixing)
            .count() as u32,
        ruptures: a.ruptures.len() as u32,
        ruptures_repaired: a.ruptures.iter().filter(|r| r.repair.is_some()).count() as u32,
        talk_share_words: a.pacing.talk_share_words.value,
        talk_share_time: a.pacing.talk_share_time.value,
        turn_length_ratio: a.pacing.turn_length_ratio.value,
        latency_after_disclosures: a.pacing.latency_after_disclosures.value,
        lsm: a.style.lsm,
        rlsm_therapist: a.style.rlsm_therapist,
        rlsm_client: a.style.rlsm_client,
    }
}
