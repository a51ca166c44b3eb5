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
    /// Client turns: the learned client model's distress and told hardship (0..1).
    pub distress: Option<f32>,
    pub hardship: Option<f32>,
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

/// The type of a tidy-table column, for writers that need the schema before the first row (Parquet,
/// Arrow). Every column may be null where its field is an `Option`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Str,
    F64,
    I64,
    Bool,
}

/// The columns of [`TurnRecord`], in field order (the order its JSON and CSV forms have).
pub const TURN_COLUMNS: &[(&str, ColumnType)] = {
    use ColumnType::*;
    &[
        ("session_id", Str),
        ("source", Str),
        ("turn", I64),
        ("role", Str),
        ("speaker", Str),
        ("start", F64),
        ("end", F64),
        ("words", I64),
        ("code", Str),
        ("confidence", F64),
        ("feeling", Bool),
        ("permission", Bool),
        ("empathy_reactions", I64),
        ("empathy_interpretations", I64),
        ("empathy_explorations", I64),
        ("emotion", Str),
        ("intensity", F64),
        ("valence", F64),
        ("arousal", F64),
        ("distress", F64),
        ("hardship", F64),
        ("flags", Str),
        ("markers", Str),
        ("in_rupture", Bool),
        ("repair", Bool),
        ("rlsm", F64),
    ]
};

/// The columns of [`SessionRecord`], in field order.
pub const SESSION_COLUMNS: &[(&str, ColumnType)] = {
    use ColumnType::*;
    &[
        ("session_id", Str),
        ("source", Str),
        ("model", Str),
        ("turns", I64),
        ("therapist_turns", I64),
        ("client_turns", I64),
        ("duration_s", F64),
        ("attunement_index", F64),
        ("reflective_listening", F64),
        ("emotional_responsiveness", F64),
        ("fix_orientation", F64),
        ("pacing", F64),
        ("rupture_repair", F64),
        ("style_matching", F64),
        ("synchrony", F64),
        ("rq_ratio", F64),
        ("pct_complex_reflections", F64),
        ("reflections", I64),
        ("complex_reflections", I64),
        ("questions", I64),
        ("mi_adherent", I64),
        ("mi_non_adherent", I64),
        ("flags", I64),
        ("flags_premature_fixing", I64),
        ("ruptures", I64),
        ("ruptures_repaired", I64),
        ("talk_share_words", F64),
        ("talk_share_time", F64),
        ("turn_length_ratio", F64),
        ("latency_after_disclosures", F64),
        ("lsm", F64),
        ("rlsm_therapist", F64),
        ("rlsm_client", F64),
    ]
};

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
                distress: af.map(|a| a.distress),
                hardship: af.map(|a| a.hardship),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The declared columns must be exactly the serialized fields, in order, with matching types, or the
    /// Parquet and Arrow writers would silently drop or mistype a field.
    fn assert_columns<T: Serialize>(row: &T, cols: &[(&str, ColumnType)]) {
        let serde_json::Value::Object(m) = serde_json::to_value(row).expect("row serializes") else { panic!("not an object") };
        let mut keys: Vec<&str> = m.keys().map(String::as_str).collect();
        let mut names: Vec<&str> = cols.iter().map(|c| c.0).collect();
        // field order: as the struct writes them (the map above is sorted)
        let text = serde_json::to_string(row).expect("row serializes");
        let at: Vec<usize> = names.iter().map(|n| text.find(&format!("\"{n}\":")).expect("declared column is a field")).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "columns are not in field order");
        keys.sort_unstable();
        names.sort_unstable();
        assert_eq!(keys, names);
        for (name, ty) in cols {
            let v = &m[*name];
            let ok = match ty {
                ColumnType::Str => v.is_string(),
                ColumnType::F64 => v.is_f64(),
                ColumnType::I64 => v.is_u64() || v.is_i64(),
                ColumnType::Bool => v.is_boolean(),
            };
            assert!(ok, "column {name} is declared {ty:?} but serializes as {v}");
        }
    }

    #[test]
    fn declared_columns_match_the_records() {
        let t = TurnRecord {
            session_id: "s".into(),
            source: "f".into(),
            turn: 1,
            role: "therapist",
            speaker: "T".into(),
            start: Some(0.5),
            end: Some(1.5),
            words: 3,
            code: Some("reflect_simple"),
            confidence: Some(0.5),
            feeling: Some(true),
            permission: Some(false),
            empathy_reactions: Some(1),
            empathy_interpretations: Some(0),
            empathy_explorations: Some(2),
            emotion: Some("sadness"),
            intensity: Some(0.5),
            valence: Some(-0.5),
            arousal: Some(0.5),
            distress: Some(0.6),
            hardship: Some(0.7),
            flags: String::new(),
            markers: String::new(),
            in_rupture: false,
            repair: true,
            rlsm: Some(0.5),
        };
        assert_columns(&t, TURN_COLUMNS);
        let f = Some(0.5);
        let s = SessionRecord {
            session_id: "s".into(),
            source: "f".into(),
            model: "m".into(),
            turns: 2,
            therapist_turns: 1,
            client_turns: 1,
            duration_s: f,
            attunement_index: 50.5,
            reflective_listening: f,
            emotional_responsiveness: f,
            fix_orientation: f,
            pacing: f,
            rupture_repair: f,
            style_matching: f,
            synchrony: f,
            rq_ratio: f,
            pct_complex_reflections: f,
            reflections: 1,
            complex_reflections: 0,
            questions: 0,
            mi_adherent: 0,
            mi_non_adherent: 0,
            flags: 0,
            flags_premature_fixing: 0,
            ruptures: 0,
            ruptures_repaired: 0,
            talk_share_words: f,
            talk_share_time: f,
            turn_length_ratio: f,
            latency_after_disclosures: f,
            lsm: f,
            rlsm_therapist: f,
            rlsm_client: f,
        };
        assert_columns(&s, SESSION_COLUMNS);
    }
}
