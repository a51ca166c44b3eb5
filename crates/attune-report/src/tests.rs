//! Golden-ish structure tests: the report holds what a reader needs, escapes user text and fetches nothing.

use crate::*;
use attune_assess::*;
use attune_core::*;

pub(crate) fn fixture() -> (CodedSession, Assessment) {
    let lines: [(Role, &str, f64); 8] = [
        (Role::Therapist, "What brings you here today?", 0.0),
        (Role::Client, "My mother is dying and I <can't> stop crying & I'm scared.", 5.0),
        (Role::Therapist, "You should join a support group.", 20.0),
        (Role::Client, "Yeah. Maybe.", 26.0),
        (Role::Client, "You're not really listening to me.", 30.0),
        (Role::Therapist, "You're right, I jumped to solutions. I'm sorry.", 36.0),
        (Role::Client, "Okay. It's that I feel so alone with it.", 44.0),
        (Role::Therapist, "You feel alone carrying this.", 52.0),
    ];
    let mut s = Session::new("fixture \"one\"");
    s.source = Some("/home/someone/sessions/fixture.vtt".into());
    for (role, text, t) in lines {
        let who = if role == Role::Therapist { "Dr. <b>Lee</b>" } else { "Client" };
        s.turns.push(Turn::new(role, who, text).with_times(Some(t), Some(t + 4.0)));
    }
    let code = |c: Code| TurnCoding {
        code: c,
        feeling: c == Code::ReflectionComplex,
        permission: false,
        confidence: 0.8,
        evidence: vec![],
        empathy: Empathy::default(),
        sentences: vec![],
    };
    let aff = |v: f32, i: f32, e: Emotion| Affect { valence: v, arousal: i, emotion: e, intensity: i, cues: vec![], distress: 0.0, act: Default::default(), hardship: 0.0, rupture_head_act: None };
    let turns = vec![
        TurnAnalysis { coding: Some(code(Code::QuestionOpen)), affect: None },
        TurnAnalysis { coding: None, affect: Some(aff(-0.8, 0.9, Emotion::Fear)) },
        TurnAnalysis { coding: Some(code(Code::Advise)), affect: None },
        TurnAnalysis { coding: None, affect: Some(aff(-0.2, 0.2, Emotion::Neutral)) },
        TurnAnalysis { coding: None, affect: Some(aff(-0.5, 0.6, Emotion::Anger)) },
        TurnAnalysis { coding: Some(code(Code::ReflectionSimple)), affect: None },
        TurnAnalysis { coding: None, affect: Some(aff(-0.6, 0.5, Emotion::Sadness)) },
        TurnAnalysis { coding: Some(code(Code::ReflectionComplex)), affect: None },
    ];
    let coded = CodedSession { schema: CODED_SCHEMA.into(), session: s, turns, model: "fixture-model".into() };
    let measure = |v: Option<f64>| Measure { value: v, formula: "f".into(), turns: vec![] };
    let count = |v: usize| Count { value: v, definition: "d".into(), turns: vec![] };
    let m1 = ClientMarker { turn: 3, kind: MarkerKind::Withdrawal, subtype: MarkerSubtype::MinimalResponse, quote: "Yeah. Maybe.".into(), time: Some(26.0) };
    let m2 = ClientMarker { turn: 4, kind: MarkerKind::Confrontation, subtype: MarkerSubtype::Complaint, quote: "You're not really listening to me.".into(), time: Some(30.0) };
    let a = Assessment {
        schema: ASSESSMENT_SCHEMA.into(),
        session_id: coded.session.id.clone(),
        model: coded.model.clone(),
        flags: vec![Flag {
            kind: FlagKind::PrematureFixing,
            turn: 2,
            answers: Some(1),
            time: Some(20.0),
            quote: "You should join a support group.".into(),
            explanation: "Advice answered intense fear before it was reflected.".into(),
            alternative: Alternative {
                text: "It sounds terrifying to <watch> her go, and you're carrying it alone.".into(),
                label: EXAMPLE_LABEL.into(),
                emotion: Some(Emotion::Fear),
                client_phrase: None,
            },
            severity: Severity::High,
            turns: vec![1, 2],
        }],
        markers: vec![m1.clone(), m2.clone()],
        ruptures: vec![Rupture {
            start: 3,
            end: 4,
            time: Some(26.0),
            markers: vec![m1, m2],
            preceded_by_flag: Some(0),
            preceding_flag_kind: Some(FlagKind::PrematureFixing),
            repair_attempts: vec![5],
            repair: Some(Repair { therapist_turn: 5, client_turn: 6, strategy: RepairStrategy::Acknowledge, quote: "You're right, I jumped to solutions.".into() }),
            turns: vec![3, 4, 5, 6],
        }],
        scores: Scores {
            manual: MITI_SOURCE.into(),
            reflections: count(2),
            complex_reflections: count(1),
            questions: count(1),
            reflection_to_question: Metric { value: Some(2.0), threshold: Some(MitiThresholds::default().rq()), band: Band::Good, formula: "R / Q".into(), turns: vec![0, 5, 7] },
            percent_complex_reflections: Metric { value: Some(50.0), threshold: Some(MitiThresholds::default().pct_cr()), band: Band::Good, formula: "100 CR / R".into(), turns: vec![5, 7] },
            mi_adherent: count(0),
            mi_non_adherent: count(1),
        },
        pacing: Pacing {
            talk_share_words: measure(Some(0.4)),
            talk_share_time: measure(Some(0.45)),
            turn_length_ratio: measure(Some(0.7)),
            latency_after_disclosures: measure(Some(1.2)),
            speaking_rate_wpm_therapist: measure(Some(120.0)),
            speaking_rate_wpm_client: measure(Some(140.0)),
            speaking_rate_match: measure(Some(0.92)),
            overlaps: vec![],
        },
        style: StyleMatching {
            lsm: Some(0.81),
            categories: vec![CategoryLsm { category: "personal_pronouns".into(), therapist: 0.1, client: 0.12, lsm: 0.9 }],
            rlsm: vec![
                RlsmPoint { turn: 1, previous: 0, role: Role::Client, value: 0.5 },
                RlsmPoint { turn: 2, previous: 1, role: Role::Therapist, value: 0.6 },
                RlsmPoint { turn: 5, previous: 4, role: Role::Therapist, value: 0.8 },
            ],
            rlsm_therapist: Some(0.7),
            rlsm_client: Some(0.5),
            formula: "LSM".into(),
        },
        index: AttunementIndex {
            value: 63.4,
            subscores: vec![
                SubScore { name: "reflective_listening".into(), value: Some(72.0), weight: 0.25, turns: vec![5, 7], explanation: "reflections".into(), parts: vec![] },
                SubScore { name: "synchrony".into(), value: None, weight: 0.1, turns: vec![], explanation: "no signals".into(), parts: vec![] },
            ],
            formula: "weighted mean".into(),
        },
        per_turn: vec![],
    };
    (coded, a)
}

fn render_fixture() -> String {
    let (coded, a) = fixture();
    let mut meta = ReportMeta::for_session(&coded.session);
    meta.therapist = Some("Dr. <b>Lee</b>".into());
    render_html(&ReportInput { coded: &coded, assessment: &a, meta, fragments: vec![] })
}

/// The text between `<tag ...>` opening `id="id"` and a coarse end marker, for scoped assertions.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("<section id=\"{id}\"")).unwrap_or_else(|| panic!("no section #{id}"));
    let rest = &html[start..];
    let end = rest.find("</section>").expect("section closes");
    &rest[..end]
}

#[test]
fn has_every_section_in_reading_order() {
    let h = render_fixture();
    assert!(h.starts_with("<!DOCTYPE html>"));
    let order = ["attunement-index", "\"scores\"", "\"timeline\"", "\"moments\"", "\"ruptures\"", "\"pacing\"", "\"style\"", "\"transcript\"", "\"methods\""];
    let mut last = 0;
    for id in order {
        let pos = h.find(id).unwrap_or_else(|| panic!("missing {id}"));
        assert!(pos >= last, "{id} out of order");
        last = pos;
    }
    assert!(h.contains("@media print"), "print stylesheet");
    assert!(h.trim_end().ends_with("</html>"));
}

#[test]
fn header_shows_index_and_thresholds() {
    let h = render_fixture();
    assert!(h.contains("data-value=\"63\">63<"), "index value visible");
    let s = section(&h, "scores");
    assert!(s.contains("Reflection-to-question ratio") && s.contains("2.00 : 1"));
    assert!(s.contains("fair ≥ 1 : 1, good ≥ 2 : 1"), "MITI thresholds shown: {s}");
    assert!(s.contains("fair ≥ 40 %, good ≥ 50 %"));
    assert!(s.contains("MITI 4.2.1"));
    assert!(h.contains("Reflective listening") && h.contains("not measured"));
}

#[test]
fn moments_have_quote_context_and_labelled_example() {
    let h = render_fixture();
    let m = section(&h, "moments");
    assert!(m.contains("Premature fixing"));
    assert!(m.contains("You should join a support group."));
    assert!(m.contains("client said"));
    assert!(m.contains("Example of an attuned alternative"));
    assert!(m.contains("It sounds terrifying to &lt;watch&gt; her go"), "alternative escaped");
    assert!(m.contains("Rupture (confrontation)"));
    assert!(m.contains("Repair") && m.contains("client then said"));
    assert!(m.contains("href=\"#turn-2\">0:20</a>"), "time links to the turn");
}

#[test]
fn timeline_has_curve_codes_flags_ruptures_and_repairs() {
    let h = render_fixture();
    let t = section(&h, "timeline");
    assert!(t.contains("class=\"valence\""));
    assert!(t.contains("class=\"intensity\""));
    assert_eq!(t.matches("class=\"flag-marker\"").count(), 1);
    assert_eq!(t.matches("class=\"repair-marker\"").count(), 1);
    assert_eq!(t.matches("class=\"rupture\"").count(), 1);
    assert_eq!(t.matches("<title>therapist,").count(), 4, "one tick per therapist turn");
    for i in 0..8 {
        assert!(h.contains(&format!("id=\"turn-{i}\"")), "anchor for turn {i}");
    }
}

#[test]
fn escapes_user_text_everywhere() {
    let h = render_fixture();
    assert!(!h.contains("<can't>"));
    assert!(h.contains("I &lt;can&#39;t&gt; stop crying &amp; I&#39;m scared."));
    assert!(!h.contains("<b>Lee</b>"));
    assert!(h.contains("fixture &quot;one&quot;"));
    // The source shows the file name only, never the user's directories.
    assert!(h.contains("fixture.vtt") && !h.contains("/home/someone"));
}

#[test]
fn fetches_nothing() {
    let h = render_fixture();
    for bad in ["src=", "http://", "https://", "@import", "url(", "<link", "<iframe", "<img", "xlink:href"] {
        assert!(!h.contains(bad), "report must not reference external resources: found {bad}");
    }
    assert!(h.contains("Content-Security-Policy"));
}

#[test]
fn is_deterministic() {
    assert_eq!(render_fixture(), render_fixture());
}

#[test]
fn renders_empty_session() {
    let (mut coded, a) = fixture();
    coded.session.turns.clear();
    coded.turns.clear();
    let mut a = a;
    a.flags.clear();
    a.ruptures.clear();
    a.style.rlsm.clear();
    let h = render_html(&ReportInput { coded: &coded, assessment: &a, meta: ReportMeta::for_session(&coded.session), fragments: vec![] });
    assert!(h.contains("No misattuned moments"));
}

#[test]
fn fragments_are_placed_and_linked() {
    let (coded, a) = fixture();
    let f = Fragment { id: "sync".into(), title: "Synchrony".into(), html: "<p>r = .21</p>".into() };
    let h = render_html(&ReportInput { coded: &coded, assessment: &a, meta: ReportMeta::for_session(&coded.session), fragments: vec![f] });
    assert!(h.contains("<section id=\"sync\"><h2>Synchrony</h2>"));
    assert!(h.contains("href=\"#sync\""));
    assert!(h.find("id=\"sync\"").unwrap() < h.find("id=\"transcript\"").unwrap());
}

#[test]
fn tables_rows_match_turns() {
    let (coded, a) = fixture();
    let rows = tables::turn_records(&coded, &a, "x.vtt");
    assert_eq!(rows.len(), 8);
    assert_eq!(rows[2].flags, "premature_fixing");
    assert_eq!(rows[2].code, Some("advise"));
    assert!(rows[3].in_rupture && rows[4].in_rupture && !rows[5].in_rupture);
    assert!(rows[5].repair);
    assert_eq!(rows[4].markers, "complaint");
    let s = tables::session_record(&coded, &a, "x.vtt");
    assert_eq!((s.flags, s.ruptures, s.ruptures_repaired), (1, 1, 1));
    assert_eq!(s.duration_s, Some(56.0));
}

