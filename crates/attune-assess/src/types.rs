//! The serializable output of the assessment. Field names are stable within `attune.assessment/1`.
use attune_core::{Affect, Code, Emotion, Empathy, Role};
use serde::{Deserialize, Serialize};

/// Version tag written in every serialized [`Assessment`].
pub const ASSESSMENT_SCHEMA: &str = "attune.assessment/1";
/// Label of every suggested alternative: it is an example, not a prescription.
pub const EXAMPLE_LABEL: &str = "example";
/// The manual the MITI thresholds come from.
pub const MITI_SOURCE: &str = "MITI 4.2.1";

/// Everything the assessment says about one coded session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// Always [`ASSESSMENT_SCHEMA`].
    pub schema: String,
    pub session_id: String,
    /// The coder model that produced the codes.
    pub model: String,
    /// Misattuned therapist turns, in turn order.
    pub flags: Vec<Flag>,
    /// Every client withdrawal/confrontation marker found (3RS), in turn order.
    pub markers: Vec<ClientMarker>,
    /// Rupture episodes built from the markers, with their repair if any.
    pub ruptures: Vec<Rupture>,
    /// MITI 4.2.1 summary scores.
    pub scores: Scores,
    pub pacing: Pacing,
    pub style: StyleMatching,
    pub index: AttunementIndex,
    /// One tidy row per turn, for tables.
    pub per_turn: Vec<TurnRow>,
}

/// Kinds of misattuned therapist turn (DESIGN.md § Misattunement and repair).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// Advise/inform/reframe/reassure/interpret answering intense client emotion not yet reflected or validated.
    PrematureFixing,
    /// The client's feeling is labelled as disorder, irrational or wrong.
    Pathologizing,
    /// Shrinks or dismisses the feeling.
    Minimizing,
    /// Reassurance over distress.
    Cheerleading,
    /// Takes up none of the client's emotional content and opens a new topic.
    SubjectChange,
    /// A run of client emotion met only with facts or closed questions.
    Detached,
    /// Therapist starts before the client has finished (needs times).
    Interrupting,
    /// Long therapist monologue while the therapist's share of talk time is high (needs times).
    OverTalking,
    /// Advising, directing or warning without asking permission (MITI non-adherent), even without context.
    AdviceWithoutPermission,
    /// A silver lining or another way to see it before the pain has been heard.
    Reframing,
    /// The listener's own story or feelings take the floor.
    SelfFocus,
    /// Judging, blaming, arguing, or defending when the client complains.
    Confronting,
    /// The client spoke of suicide or self-harm, plainly or in passing, and the reply moved on without asking.
    MissedRisk,
}

impl FlagKind {
    pub const ALL: [FlagKind; 13] = [
        FlagKind::PrematureFixing,
        FlagKind::Pathologizing,
        FlagKind::Minimizing,
        FlagKind::Cheerleading,
        FlagKind::SubjectChange,
        FlagKind::Detached,
        FlagKind::Interrupting,
        FlagKind::OverTalking,
        FlagKind::AdviceWithoutPermission,
        FlagKind::Reframing,
        FlagKind::SelfFocus,
        FlagKind::Confronting,
        FlagKind::MissedRisk,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            FlagKind::PrematureFixing => "premature_fixing",
            FlagKind::Pathologizing => "pathologizing",
            FlagKind::Minimizing => "minimizing",
            FlagKind::Cheerleading => "cheerleading",
            FlagKind::SubjectChange => "subject_change",
            FlagKind::Detached => "detached",
            FlagKind::Interrupting => "interrupting",
            FlagKind::OverTalking => "over_talking",
            FlagKind::AdviceWithoutPermission => "advice_without_permission",
            FlagKind::Reframing => "reframing",
            FlagKind::SelfFocus => "self_focus",
            FlagKind::Confronting => "confronting",
            FlagKind::MissedRisk => "missed_risk",
        }
    }
    /// Human label for reports.
    pub fn label(self) -> &'static str {
        match self {
            FlagKind::PrematureFixing => "Premature fixing",
            FlagKind::Pathologizing => "Pathologizing or criticizing",
            FlagKind::Minimizing => "Minimizing",
            FlagKind::Cheerleading => "Cheerleading",
            FlagKind::SubjectChange => "Changing the subject",
            FlagKind::Detached => "Detached",
            FlagKind::Interrupting => "Interrupting",
            FlagKind::OverTalking => "Over-talking",
            FlagKind::AdviceWithoutPermission => "Advice without permission",
            FlagKind::Reframing => "Reframing too soon",
            FlagKind::SelfFocus => "Self-focus",
            FlagKind::Confronting => "Confronting or defending",
            FlagKind::MissedRisk => "Risk not taken up",
        }
    }
    /// The flag kind of a learned misattunement kind.
    pub fn from_mis(k: attune_judge::MisKind) -> FlagKind {
        use attune_judge::MisKind as M;
        match k {
            M::PrematureFixing => FlagKind::PrematureFixing,
            M::AdviceWithoutPermission => FlagKind::AdviceWithoutPermission,
            M::Minimizing => FlagKind::Minimizing,
            M::Cheerleading => FlagKind::Cheerleading,
            M::Reframing => FlagKind::Reframing,
            M::SubjectChange => FlagKind::SubjectChange,
            M::Detached => FlagKind::Detached,
            M::SelfFocus => FlagKind::SelfFocus,
            M::Confronting => FlagKind::Confronting,
            M::Pathologizing => FlagKind::Pathologizing,
        }
    }
}

impl std::fmt::Display for FlagKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    /// 1 low, 2 medium, 3 high.
    pub fn weight(self) -> f64 {
        match self {
            Severity::Low => 1.0,
            Severity::Medium => 2.0,
            Severity::High => 3.0,
        }
    }
}

/// An example of an attuned response, built from the client's own words and detected emotion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alternative {
    pub text: String,
    /// Always [`EXAMPLE_LABEL`] (`"example"`).
    pub label: String,
    /// The emotion the example names, when one was detected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emotion: Option<Emotion>,
    /// The phrase taken from the client's turn (pronouns turned to the second person).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_phrase: Option<String>,
}

/// One misattuned therapist turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    pub kind: FlagKind,
    /// Index of the flagged therapist turn in `session.turns`.
    pub turn: usize,
    /// Index of the client turn it answered, if any.
    pub answers: Option<usize>,
    /// Start time of the flagged turn, seconds, when known.
    pub time: Option<f64>,
    /// The words that triggered the flag (a sentence of the turn, or the whole turn).
    pub quote: String,
    /// Why it was flagged, in plain language, naming the rule.
    pub explanation: String,
    pub alternative: Alternative,
    pub severity: Severity,
    /// All turns behind the flag (for `detached`: the whole run; otherwise the flagged and answered turns).
    pub turns: Vec<usize>,
}

/// 3RS marker family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkerKind {
    Withdrawal,
    Confrontation,
}

/// 3RS marker subtype (Eubanks, Muran & Safran 2015), as detected from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkerSubtype {
    MinimalResponse,
    Denial,
    TopicShift,
    DeferentialAgreement,
    AbstractTalk,
    ContentAffectSplit,
    Complaint,
    RejectingIntervention,
    PushingBack,
}

impl MarkerSubtype {
    pub fn kind(self) -> MarkerKind {
        match self {
            MarkerSubtype::Complaint | MarkerSubtype::RejectingIntervention | MarkerSubtype::PushingBack => {
                MarkerKind::Confrontation
            }
            _ => MarkerKind::Withdrawal,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            MarkerSubtype::MinimalResponse => "minimal_response",
            MarkerSubtype::Denial => "denial",
            MarkerSubtype::TopicShift => "topic_shift",
            MarkerSubtype::DeferentialAgreement => "deferential_agreement",
            MarkerSubtype::AbstractTalk => "abstract_talk",
            MarkerSubtype::ContentAffectSplit => "content_affect_split",
            MarkerSubtype::Complaint => "complaint",
            MarkerSubtype::RejectingIntervention => "rejecting_intervention",
            MarkerSubtype::PushingBack => "pushing_back",
        }
    }
}

/// A client withdrawal or confrontation marker on one client turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientMarker {
    pub turn: usize,
    pub kind: MarkerKind,
    pub subtype: MarkerSubtype,
    pub quote: String,
    pub time: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepairStrategy {
    /// Acknowledges the miss ("I'm sorry, I may have rushed").
    Acknowledge,
    /// Checks understanding ("help me understand", "did I get that right").
    Clarify,
    /// Invites negative feelings about the work ("how is this going for you?").
    InviteNegative,
    /// Validates the defensive stance (a reflection or affirmation of the pushback).
    ValidateStance,
}

/// The repair of a rupture: the therapist turn that repaired it and the client turn that re-engaged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Repair {
    pub therapist_turn: usize,
    pub client_turn: usize,
    pub strategy: RepairStrategy,
    pub quote: String,
}

/// A rupture episode: consecutive client turns with withdrawal or confrontation markers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rupture {
    /// First and last turn of the episode (inclusive).
    pub start: usize,
    pub end: usize,
    pub time: Option<f64>,
    pub markers: Vec<ClientMarker>,
    /// Index into `Assessment.flags` of a flag on the therapist turn just before the episode.
    pub preceded_by_flag: Option<usize>,
    pub preceding_flag_kind: Option<FlagKind>,
    /// Therapist turns that tried to repair (matched a repair pattern) whether or not the client re-engaged.
    pub repair_attempts: Vec<usize>,
    /// Present when a repair attempt was followed by client re-engagement.
    pub repair: Option<Repair>,
    /// All turns behind the episode.
    pub turns: Vec<usize>,
}

/// MITI thresholds for one summary score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Threshold {
    pub fair: f64,
    pub good: f64,
    /// The manual version, e.g. "MITI 4.2.1".
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    BelowFair,
    Fair,
    Good,
    /// Not computable (e.g. no questions for R:Q).
    NotApplicable,
}

/// A summary score with its formula, thresholds and the turns it counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<Threshold>,
    pub band: Band,
    pub formula: String,
    pub turns: Vec<usize>,
}

/// A count with the turns counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    pub value: usize,
    pub definition: String,
    pub turns: Vec<usize>,
}

/// MITI 4.2.1 summary scores (Moyers et al. 2016) from the behaviour codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// "MITI 4.2.1".
    pub manual: String,
    pub reflections: Count,
    pub complex_reflections: Count,
    pub questions: Count,
    /// Reflection-to-question ratio, R / Q.
    pub reflection_to_question: Metric,
    /// % complex reflections, 100 * CR / R.
    pub percent_complex_reflections: Metric,
    /// Affirm + Seeking collaboration / Emphasizing autonomy (+ advice with permission).
    pub mi_adherent: Count,
    /// Confront + Persuade (advice without permission).
    pub mi_non_adherent: Count,
}

/// A single value with the turns it is computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    pub value: Option<f64>,
    pub formula: String,
    pub turns: Vec<usize>,
}

/// One overlap: `turn` began before `overlapped` ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overlap {
    pub turn: usize,
    pub overlapped: usize,
    pub role: Role,
    pub seconds: f64,
}

/// Talk and timing measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pacing {
    /// Therapist words / all therapist+client words.
    pub talk_share_words: Measure,
    /// Therapist speaking time / therapist+client speaking time (needs start and end times).
    pub talk_share_time: Measure,
    /// Mean therapist turn length / mean client turn length (words).
    pub turn_length_ratio: Measure,
    /// Mean seconds from the end of a client disclosure to the therapist's next start.
    pub latency_after_disclosures: Measure,
    pub speaking_rate_wpm_therapist: Measure,
    pub speaking_rate_wpm_client: Measure,
    /// 1 - |r_t - r_c| / (r_t + r_c).
    pub speaking_rate_match: Measure,
    pub overlaps: Vec<Overlap>,
}

/// LSM of one function-word category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryLsm {
    pub category: String,
    /// Share of the therapist's words in the category.
    pub therapist: f64,
    /// Share of the client's words in the category.
    pub client: f64,
    pub lsm: f64,
}

/// rLSM of one turn against the other speaker's preceding turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RlsmPoint {
    pub turn: usize,
    pub previous: usize,
    pub role: Role,
    pub value: f64,
}

/// Language style matching (Ireland & Pennebaker 2010) and turn-level rLSM (Müller-Frommeyer et al. 2019).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StyleMatching {
    /// Mean of the category LSMs; None when a speaker has no words.
    pub lsm: Option<f64>,
    pub categories: Vec<CategoryLsm>,
    /// One point per turn that follows a turn of the other role.
    pub rlsm: Vec<RlsmPoint>,
    /// Mean rLSM of therapist turns (therapist matching the client).
    pub rlsm_therapist: Option<f64>,
    /// Mean rLSM of client turns.
    pub rlsm_client: Option<f64>,
    pub formula: String,
}

/// One component of the attunement index, 0..100.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubScore {
    /// reflective_listening, emotional_responsiveness, fix_orientation, pacing, rupture_repair, style_matching, synchrony.
    pub name: String,
    /// 0..100; None when not measurable in this session (its weight is then spread over the others).
    pub value: Option<f64>,
    pub weight: f64,
    pub turns: Vec<usize>,
    pub explanation: String,
    /// The components the value is built from, each 0..1 (see README.md § Attunement index).
    #[serde(default)]
    pub parts: Vec<Part>,
}

/// One component of a sub-score, 0..1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub name: String,
    pub value: f64,
}

/// The attunement index 0..100: the weighted mean of the available sub-scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttunementIndex {
    pub value: f64,
    pub subscores: Vec<SubScore>,
    pub formula: String,
}

/// One tidy row per turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnRow {
    pub turn: usize,
    pub role: Role,
    pub speaker: String,
    pub start: Option<f64>,
    pub end: Option<f64>,
    pub words: usize,
    pub code: Option<Code>,
    pub confidence: Option<f32>,
    pub feeling: Option<bool>,
    pub empathy: Option<Empathy>,
    pub emotion: Option<Emotion>,
    pub intensity: Option<f32>,
    pub valence: Option<f32>,
    pub flags: Vec<FlagKind>,
    pub markers: Vec<MarkerSubtype>,
    /// rLSM against the other speaker's preceding turn.
    pub rlsm: Option<f64>,
}

/// The result of checking one response (`attune check`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    pub code: Code,
    pub confidence: f32,
    pub feeling: bool,
    pub flags: Vec<Flag>,
    pub empathy: Empathy,
    /// 0..100, higher is more attuned.
    pub score: f64,
    /// Coder evidence plus the reasons behind the score.
    pub evidence: Vec<String>,
    /// Affect detected in the client turn answered.
    pub client_affect: Option<Affect>,
    /// The learned probability that the response is misattuned (absent when no judge model is built in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p_misattuned: Option<f32>,
    /// The likeliest kind of miss, when the response is more likely misattuned than not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likely_kind: Option<String>,
    /// The language of the response or of the client turn it answers when that is not English
    /// (`attune_text::lang`): attune reads English only, so no flag is raised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}
