//! Report-ready figures: what the HTML shows, independent of how the assessment computed it.
//!
//! [`View::from_assessment`] is the one place that knows the shape of `attune_assess::Assessment`;
//! the renderer only reads a [`View`]. Tests (and other front ends) can build a `View` by hand.

/// Whether a metric is better high or low (or neither).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
    /// A target band: closer to the thresholds' middle is better (e.g. talk share).
    Neither,
}

/// One number with its scale, thresholds and provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    /// Stable key (`miti.rq_ratio`, `index.reflective_listening`...), used as the HTML id.
    pub key: String,
    pub label: String,
    /// `None` when the session does not allow the figure (no reflections, no times...).
    pub value: Option<f64>,
    /// How to print the value (`2.1 : 1`, `48 %`, `0.82`).
    pub display: String,
    /// The scale drawn for the bar.
    pub min: f64,
    pub max: f64,
    pub fair: Option<f64>,
    pub good: Option<f64>,
    pub better: Better,
    /// One plain sentence: what the number means.
    pub explain: String,
    /// Where the thresholds come from ("MITI 4.2.1", "attune default").
    pub source: String,
    /// Turn indices behind the number (0-based into the session's turns).
    pub turns: Vec<usize>,
    /// Unit appended to threshold values in the text (`" %"`, `""`).
    pub unit: String,
}

impl Metric {
    pub fn new(key: &str, label: &str, value: Option<f64>, display: String, min: f64, max: f64) -> Metric {
        Metric {
            key: key.into(),
            label: label.into(),
            value,
            display,
            min,
            max,
            fair: None,
            good: None,
            better: Better::Higher,
            explain: String::new(),
            source: String::new(),
            turns: Vec::new(),
            unit: String::new(),
        }
    }
    pub fn thresholds(mut self, fair: Option<f64>, good: Option<f64>) -> Metric {
        self.fair = fair;
        self.good = good;
        self
    }
    pub fn better(mut self, b: Better) -> Metric {
        self.better = b;
        self
    }
    pub fn explain(mut self, s: impl Into<String>) -> Metric {
        self.explain = s.into();
        self
    }
    pub fn source(mut self, s: impl Into<String>) -> Metric {
        self.source = s.into();
        self
    }
    pub fn turns(mut self, t: Vec<usize>) -> Metric {
        self.turns = t;
        self
    }
    pub fn unit(mut self, u: &str) -> Metric {
        self.unit = u.into();
        self
    }

    /// `good`, `fair`, `low` or `na` against the thresholds.
    pub fn band(&self) -> &'static str {
        let Some(v) = self.value else { return "na" };
        match self.better {
            Better::Higher => match (self.good, self.fair) {
                (Some(g), _) if v >= g => "good",
                (_, Some(f)) if v >= f => "fair",
                (None, None) => "na",
                _ => "low",
            },
            Better::Lower => match (self.good, self.fair) {
                (Some(g), _) if v <= g => "good",
                (_, Some(f)) if v <= f => "fair",
                (None, None) => "na",
                _ => "low",
            },
            Better::Neither => match (self.fair, self.good) {
                // For a band, `fair` is the lower and `good` the upper edge of the target range.
                (Some(lo), Some(hi)) if v >= lo && v <= hi => "good",
                (Some(_), Some(_)) => "low",
                _ => "na",
            },
        }
    }
}

/// What kind of moment a list entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MomentKind {
    /// A misattunement flag on a therapist turn.
    Flag,
    /// A client withdrawal or confrontation episode begins.
    Rupture,
    /// The therapist repaired a rupture.
    Repair,
}

/// One entry of the moments list.
#[derive(Debug, Clone, PartialEq)]
pub struct Moment {
    pub kind: MomentKind,
    /// Machine name (`premature_fixing`, `rupture.confrontation`, `repair`).
    pub name: String,
    /// Human label ("Premature fixing").
    pub label: String,
    /// The turn the moment is about (the therapist's for flags and repairs, the client's for ruptures).
    pub turn: usize,
    /// The client turn it answered, if any (shown before the quote).
    pub client_turn: Option<usize>,
    /// The words to quote, when narrower than the whole turn.
    pub quote: Option<String>,
    /// A later turn to show after the quote (the client re-engaging after a repair).
    pub then_turn: Option<usize>,
    /// What happened, in a sentence.
    pub what: String,
    /// An example of an attuned alternative (flags only).
    pub alternative: Option<String>,
    /// Words or patterns that drove the decision.
    pub evidence: Vec<String>,
    /// 0 (mild) .. 1 (strong).
    pub severity: f64,
}

/// A rupture episode for the timeline and the rupture table.
#[derive(Debug, Clone, PartialEq)]
pub struct Episode {
    /// `withdrawal` or `confrontation`.
    pub kind: String,
    pub start: usize,
    pub end: usize,
    /// The misattuned therapist turn before it, if one was found.
    pub after_turn: Option<usize>,
    pub repair_turn: Option<usize>,
    /// The client turn that shows re-engagement, if any.
    pub reengaged_turn: Option<usize>,
    /// Markers found (3RS names: minimal response, complaint about therapist...).
    pub markers: Vec<String>,
}

/// Language style matching figures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Style {
    /// Session LSM, 0..1.
    pub lsm: Option<f64>,
    /// Per category: name, LSM_c.
    pub categories: Vec<(String, f64)>,
    /// Turn-level rLSM: turn index, value 0..1 (each turn against the other speaker's preceding turn).
    pub rlsm: Vec<(usize, f64)>,
    pub rlsm_therapist: Option<f64>,
    pub rlsm_client: Option<f64>,
}

/// Everything the report shows beyond the coded turns.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct View {
    /// Attunement index, 0..100.
    pub index: Option<Metric>,
    pub subscores: Vec<Metric>,
    pub miti: Vec<Metric>,
    /// MITI behaviour counts (label, count) shown beside the summary scores.
    pub counts: Vec<(String, f64)>,
    pub pacing: Vec<Metric>,
    pub style: Style,
    pub moments: Vec<Moment>,
    pub episodes: Vec<Episode>,
    /// Problems the analysis met (no timestamps, roles inferred...), shown in a box.
    pub notes: Vec<String>,
    /// Thresholds' manual version, e.g. "MITI 4.2.1".
    pub manual: String,
}

impl View {
    /// Indices of flagged therapist turns, with the flag labels.
    pub fn flags_at(&self, turn: usize) -> impl Iterator<Item = &Moment> {
        self.moments.iter().filter(move |m| m.turn == turn && m.kind == MomentKind::Flag)
    }
}

// ---------------------------------------------------------------------------------------------
// From the assessment.

use attune_assess::{Assessment, Band, Count, Measure, MarkerKind};
use attune_core::CodedSession;

/// Display bands for 0–100 sub-scores and the index. These are attune's own reading aids, not
/// published cut-offs; the report says so.
pub const DISPLAY_FAIR: f64 = 50.0;
pub const DISPLAY_GOOD: f64 = 70.0;
/// Source label of the display bands.
pub const DISPLAY_SOURCE: &str = "attune display bands";

fn subscore_label(name: &str) -> String {
    match name {
        "reflective_listening" => "Reflective listening".into(),
        "emotional_responsiveness" => "Emotional responsiveness".into(),
        "fix_orientation" => "Restraint from fixing".into(),
        "pacing" => "Pacing".into(),
        "rupture_repair" => "Rupture and repair".into(),
        "style_matching" => "Style matching".into(),
        "synchrony" => "Synchrony".into(),
        other => {
            let s = other.replace('_', " ");
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => s,
            }
        }
    }
}

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{:.0} %", v * 100.0)).unwrap_or_else(|| "–".into())
}

fn measure(key: &str, label: &str, m: &Measure, display: String, min: f64, max: f64) -> Metric {
    Metric::new(key, label, m.value, display, min, max).explain(m.formula.clone()).turns(m.turns.clone())
}

fn human(s: &str) -> String {
    s.replace('_', " ")
}

impl View {
    /// Builds the report's view of an assessment of `coded`.
    pub fn from_assessment(coded: &CodedSession, a: &Assessment) -> View {
        let turns = &coded.session.turns;
        let mut v = View { manual: a.scores.manual.clone(), ..View::default() };

        let idx = &a.index;
        v.index = Some(
            Metric::new("index", "Attunement index", Some(idx.value), format!("{:.0}", idx.value), 0.0, 100.0)
                .thresholds(Some(DISPLAY_FAIR), Some(DISPLAY_GOOD))
                .source(DISPLAY_SOURCE)
                .explain("Weighted mean of the sub-scores that could be measured in this session."),
        );
        for s in &idx.subscores {
            let mut m = Metric::new(
                &format!("index.{}", s.name),
                &subscore_label(&s.name),
                s.value,
                s.value.map(|x| format!("{x:.0}")).unwrap_or_else(|| "not measured".into()),
                0.0,
                100.0,
            )
            .thresholds(Some(DISPLAY_FAIR), Some(DISPLAY_GOOD))
            .source(DISPLAY_SOURCE)
            .explain(s.explanation.clone())
            .turns(s.turns.clone());
            if s.value.is_none() {
                m.fair = None;
                m.good = None;
            }
            v.subscores.push(m);
        }

        let sc = &a.scores;
        let rq = &sc.reflection_to_question;
        let rq_v = rq.value;
        let rq_max = rq_v.unwrap_or(0.0).max(rq.threshold.as_ref().map(|t| t.good * 1.5).unwrap_or(3.0)).max(3.0);
        let mut m = Metric::new(
            "miti.rq_ratio",
            "Reflection-to-question ratio",
            rq_v,
            rq_v.map(|x| format!("{x:.2} : 1")).unwrap_or_else(|| "no questions".into()),
            0.0,
            rq_max,
        )
        .explain(rq.formula.clone())
        .turns(rq.turns.clone())
        .unit(" : 1");
        if let Some(t) = &rq.threshold {
            m = m.thresholds(Some(t.fair), Some(t.good)).source(t.source.clone());
        }
        v.miti.push(m);
        let cr = &sc.percent_complex_reflections;
        let mut m = Metric::new(
            "miti.pct_cr",
            "Complex reflections",
            cr.value,
            cr.value.map(|x| format!("{x:.0} %")).unwrap_or_else(|| "no reflections".into()),
            0.0,
            100.0,
        )
        .explain(cr.formula.clone())
        .turns(cr.turns.clone())
        .unit(" %");
        if let Some(t) = &cr.threshold {
            m = m.thresholds(Some(t.fair), Some(t.good)).source(t.source.clone());
        }
        v.miti.push(m);
        // Keep the assessment's own band when it disagrees (e.g. configured thresholds differ in direction).
        for (m, b) in v.miti.iter_mut().zip([rq.band, cr.band]) {
            if b == Band::NotApplicable {
                m.value = None;
            }
        }
        let count = |label: &str, c: &Count| (format!("{label} — {}", c.definition), c.value as f64);
        v.counts = vec![
            count("Reflections", &sc.reflections),
            count("Complex reflections", &sc.complex_reflections),
            count("Questions", &sc.questions),
            count("MI-adherent", &sc.mi_adherent),
            count("MI-non-adherent", &sc.mi_non_adherent),
        ];

        let p = &a.pacing;
        v.pacing.push(
            measure("pacing.talk_share_words", "Therapist share of words", &p.talk_share_words, pct(p.talk_share_words.value), 0.0, 1.0)
                .thresholds(Some(0.25), Some(0.5))
                .better(Better::Neither)
                .source(DISPLAY_SOURCE),
        );
        if p.talk_share_time.value.is_some() {
            v.pacing.push(
                measure("pacing.talk_share_time", "Therapist share of talk time", &p.talk_share_time, pct(p.talk_share_time.value), 0.0, 1.0)
                    .thresholds(Some(0.25), Some(0.5))
                    .better(Better::Neither)
                    .source(DISPLAY_SOURCE),
            );
        }
        let tl = p.turn_length_ratio.value;
        v.pacing.push(measure(
            "pacing.turn_length_ratio",
            "Turn length, therapist / client",
            &p.turn_length_ratio,
            tl.map(|x| format!("{x:.2}")).unwrap_or_else(|| "–".into()),
            0.0,
            tl.unwrap_or(0.0).max(3.0),
        ));
        if let Some(l) = p.latency_after_disclosures.value {
            v.pacing.push(measure(
                "pacing.latency",
                "Pause after disclosures",
                &p.latency_after_disclosures,
                format!("{l:.1} s"),
                0.0,
                l.max(3.0),
            ));
        }
        if let (Some(t), Some(c)) = (p.speaking_rate_wpm_therapist.value, p.speaking_rate_wpm_client.value) {
            v.pacing.push(measure(
                "pacing.rate_match",
                "Speaking-rate match",
                &p.speaking_rate_match,
                format!(
                    "{} ({t:.0} vs {c:.0} words/min)",
                    p.speaking_rate_match.value.map(|x| format!("{x:.2}")).unwrap_or_else(|| "–".into())
                ),
                0.0,
                1.0,
            ));
        }
        if !p.overlaps.is_empty() {
            v.notes.push(format!("{} overlapping turns (one speaker starting before the other finished).", p.overlaps.len()));
        }

        let st = &a.style;
        v.style = Style {
            lsm: st.lsm,
            categories: st.categories.iter().map(|c| (human(&c.category), c.lsm)).collect(),
            rlsm: st.rlsm.iter().map(|r| (r.turn, r.value)).collect(),
            rlsm_therapist: st.rlsm_therapist,
            rlsm_client: st.rlsm_client,
        };

        for f in &a.flags {
            v.moments.push(Moment {
                kind: MomentKind::Flag,
                name: f.kind.as_str().into(),
                label: f.kind.label().into(),
                turn: f.turn,
                client_turn: f.answers,
                quote: (!f.quote.is_empty()).then(|| f.quote.clone()),
                then_turn: None,
                what: f.explanation.clone(),
                alternative: (!f.alternative.text.is_empty()).then(|| f.alternative.text.clone()),
                evidence: vec![],
                severity: f.severity.weight() / 3.0,
            });
        }
        for r in &a.ruptures {
            let confront = r.markers.iter().any(|m| m.kind == MarkerKind::Confrontation);
            let kind = if confront { "confrontation" } else { "withdrawal" };
            let mut markers: Vec<String> = Vec::new();
            for m in &r.markers {
                let h = human(m.subtype.as_str());
                if !markers.contains(&h) {
                    markers.push(h);
                }
            }
            let after_turn = r.preceded_by_flag.and_then(|i| a.flags.get(i)).map(|f| f.turn);
            let what = match (r.preceding_flag_kind, r.start == r.end) {
                (Some(k), _) => format!(
                    "The client {} ({}) after a flagged turn ({}).",
                    if confront { "pushed back" } else { "withdrew" },
                    markers.join(", "),
                    k.label().to_lowercase()
                ),
                (None, _) => format!(
                    "The client {} ({}).",
                    if confront { "pushed back" } else { "withdrew" },
                    markers.join(", ")
                ),
            };
            let start_quote = r.markers.first().map(|m| m.quote.clone()).filter(|q| !q.is_empty());
            v.moments.push(Moment {
                kind: MomentKind::Rupture,
                name: format!("rupture.{kind}"),
                label: format!("Rupture ({kind})"),
                turn: r.start,
                client_turn: None,
                quote: start_quote,
                then_turn: None,
                what,
                alternative: None,
                evidence: vec![],
                severity: 1.0,
            });
            if let Some(rep) = &r.repair {
                v.moments.push(Moment {
                    kind: MomentKind::Repair,
                    name: "repair".into(),
                    label: "Repair".into(),
                    turn: rep.therapist_turn,
                    client_turn: None,
                    quote: (!rep.quote.is_empty()).then(|| rep.quote.clone()),
                    then_turn: Some(rep.client_turn),
                    what: format!(
                        "The therapist repaired the rupture ({}) and the client re-engaged.",
                        human(match rep.strategy {
                            attune_assess::RepairStrategy::Acknowledge => "acknowledged_the_miss",
                            attune_assess::RepairStrategy::Clarify => "checked_understanding",
                            attune_assess::RepairStrategy::InviteNegative => "invited_negative_feelings",
                            attune_assess::RepairStrategy::ValidateStance => "validated_the_stance",
                        })
                    ),
                    alternative: None,
                    evidence: vec![],
                    severity: 0.0,
                });
            }
            v.episodes.push(Episode {
                kind: kind.into(),
                start: r.start,
                end: r.end,
                after_turn,
                repair_turn: r.repair.as_ref().map(|x| x.therapist_turn),
                reengaged_turn: r.repair.as_ref().map(|x| x.client_turn),
                markers,
            });
        }

        if !turns.is_empty() && !coded.session.has_times() {
            v.notes.push("The transcript has no timestamps: times are shown as turn numbers, and talk time, latency and overlaps are not measured.".into());
        }
        if coded.session.roles_inferred {
            v.notes.push("Therapist and client roles were guessed from the transcript; check the speaker names in the transcript below.".into());
        }
        if coded.model == "placeholder" {
            v.notes.push("The coder is a placeholder model: codes, flags and scores in this report are not meaningful yet.".into());
        }
        v
    }
}
