use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One primary code per therapist turn (DESIGN.md § Codebook).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Code {
    #[serde(rename = "reflection.simple")]
    ReflectionSimple,
    #[serde(rename = "reflection.complex")]
    ReflectionComplex,
    #[serde(rename = "question.open")]
    QuestionOpen,
    #[serde(rename = "question.closed")]
    QuestionClosed,
    #[serde(rename = "affirm")]
    Affirm,
    #[serde(rename = "reassure")]
    Reassure,
    #[serde(rename = "reframe")]
    Reframe,
    #[serde(rename = "minimize")]
    Minimize,
    #[serde(rename = "advise")]
    Advise,
    #[serde(rename = "inform")]
    Inform,
    #[serde(rename = "interpret")]
    Interpret,
    #[serde(rename = "disclose")]
    Disclose,
    #[serde(rename = "confront")]
    Confront,
    #[serde(rename = "autonomy")]
    Autonomy,
    #[serde(rename = "other")]
    Other,
}

impl Code {
    pub const ALL: [Code; 15] = [
        Code::ReflectionSimple,
        Code::ReflectionComplex,
        Code::QuestionOpen,
        Code::QuestionClosed,
        Code::Affirm,
        Code::Reassure,
        Code::Reframe,
        Code::Minimize,
        Code::Advise,
        Code::Inform,
        Code::Interpret,
        Code::Disclose,
        Code::Confront,
        Code::Autonomy,
        Code::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::ReflectionSimple => "reflection.simple",
            Code::ReflectionComplex => "reflection.complex",
            Code::QuestionOpen => "question.open",
            Code::QuestionClosed => "question.closed",
            Code::Affirm => "affirm",
            Code::Reassure => "reassure",
            Code::Reframe => "reframe",
            Code::Minimize => "minimize",
            Code::Advise => "advise",
            Code::Inform => "inform",
            Code::Interpret => "interpret",
            Code::Disclose => "disclose",
            Code::Confront => "confront",
            Code::Autonomy => "autonomy",
            Code::Other => "other",
        }
    }

    pub fn index(self) -> usize {
        Code::ALL.iter().position(|c| *c == self).unwrap_or(Code::ALL.len() - 1)
    }

    pub fn is_reflection(self) -> bool {
        matches!(self, Code::ReflectionSimple | Code::ReflectionComplex)
    }
    pub fn is_question(self) -> bool {
        matches!(self, Code::QuestionOpen | Code::QuestionClosed)
    }
    /// Codes that move to fix, explain or cheer rather than to understand.
    pub fn is_fixing(self) -> bool {
        matches!(self, Code::Advise | Code::Inform | Code::Reframe | Code::Reassure | Code::Interpret)
    }
    /// Codes that reflect or validate the client's experience.
    pub fn is_attuning(self) -> bool {
        matches!(self, Code::ReflectionSimple | Code::ReflectionComplex | Code::Affirm)
    }
    /// Plain-language description for reports and `--help`.
    pub fn describe(self) -> &'static str {
        match self {
            Code::ReflectionSimple => "says back what the client said, adding little",
            Code::ReflectionComplex => "adds meaning or feeling the client implied",
            Code::QuestionOpen => "invites elaboration",
            Code::QuestionClosed => "asks for a yes/no or a fact",
            Code::Affirm => "validates the client's experience, strengths or efforts",
            Code::Reassure => "cheerleads or promises it will be fine",
            Code::Reframe => "offers a silver lining or another way to see it",
            Code::Minimize => "shrinks or dismisses the feeling",
            Code::Advise => "suggests or directs what to do",
            Code::Inform => "gives facts or psychoeducation",
            Code::Interpret => "offers the therapist's explanation of causes or hidden meaning",
            Code::Disclose => "therapist self-disclosure",
            Code::Confront => "argues, warns, criticizes, disagrees",
            Code::Autonomy => "emphasizes the client's choice, seeks collaboration",
            Code::Other => "greetings, structuring, facilitation",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Code {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| format!("unknown code `{s}`"))
    }
}

/// EPITOME empathy levels (Sharma et al. 2020): each 0 none, 1 weak, 2 strong.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Empathy {
    pub reactions: u8,
    pub interpretations: u8,
    pub explorations: u8,
}

impl Empathy {
    /// Sum of the three levels, 0..=6.
    pub fn total(&self) -> u8 {
        self.reactions + self.interpretations + self.explorations
    }
}

/// Per-sentence code inside a long therapist turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceCode {
    pub text: String,
    pub code: Code,
    pub confidence: f32,
}

/// What the coder says about one therapist turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnCoding {
    pub code: Code,
    /// The turn names or points at the client's emotion.
    pub feeling: bool,
    /// Advice asked for or offered with permission.
    pub permission: bool,
    /// Probability of `code` under the model, 0..1.
    pub confidence: f32,
    /// The words or patterns that drove the decision, strongest first.
    pub evidence: Vec<String>,
    pub empathy: Empathy,
    /// Codes per sentence for turns with more than one sentence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sentences: Vec<SentenceCode>,
}

/// Discrete client emotion (DESIGN.md § Client markers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Emotion {
    Sadness,
    Fear,
    Anger,
    Shame,
    Joy,
    Neutral,
}

impl Emotion {
    pub fn as_str(self) -> &'static str {
        match self {
            Emotion::Sadness => "sadness",
            Emotion::Fear => "fear",
            Emotion::Anger => "anger",
            Emotion::Shame => "shame",
            Emotion::Joy => "joy",
            Emotion::Neutral => "neutral",
        }
    }
}

impl fmt::Display for Emotion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Affect of a client turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Affect {
    /// -1 (very negative) .. 1 (very positive).
    pub valence: f32,
    /// 0 (calm) .. 1 (highly activated).
    pub arousal: f32,
    pub emotion: Emotion,
    /// 0 .. 1: how strongly the emotion is expressed.
    pub intensity: f32,
    /// Emotion words found, after negation handling.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cues: Vec<String>,
    /// 0 .. 1: probability that the client is in distress (the learned client model; the lexicon's guess otherwise).
    #[serde(default)]
    pub distress: f32,
    /// What the client is doing in the turn.
    #[serde(default)]
    pub act: ClientAct,
    /// What the client is doing as the client model's rupture head reads it (the act head trained again with whole
    /// sessions' rupture turns; `None` without that head): the rupture markers read
    /// it through [`Affect::rupture_act`], nothing else does. Written out so that an analysis read back from its
    /// document finds the same ruptures; absent without that head.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rupture_head_act: Option<ClientAct>,
    /// 0 .. 1: how hard what the client tells is (a loss, a rejection, a threat), whether or not they name a
    /// feeling: "They let me go on Friday after nine years." (the learned client model; 0 without one).
    #[serde(default)]
    pub hardship: f32,
}

/// What a client turn does (DESIGN.md § Client markers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientAct {
    /// Tells of their experience.
    Disclosing,
    /// Asks for advice or help.
    AskingForHelp,
    /// Complains about the listener or rejects what was offered.
    PushingBack,
    /// A minimal or deflecting reply.
    Withdrawing,
    #[default]
    Other,
}

impl ClientAct {
    /// The client is telling something of their own: a disclosure, or one that ends in asking for help (the
    /// learned act names the request; what earlier versions' phrase rules called disclosing holds both).
    pub fn tells(self) -> bool {
        matches!(self, ClientAct::Disclosing | ClientAct::AskingForHelp)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ClientAct::Disclosing => "disclosing",
            ClientAct::AskingForHelp => "asking_for_help",
            ClientAct::PushingBack => "pushing_back",
            ClientAct::Withdrawing => "withdrawing",
            ClientAct::Other => "other",
        }
    }
}

impl Affect {
    /// The act the rupture markers read: pushing back or withdrawing where either the act head (from 0.55) or the
    /// rupture head (from 0.7) names it, else `act`. The rupture head alone lost three ruptures the act head had found in
    /// the studied sessions (121 → 119 of 128 in dev, holdout, `fresh`–fresh12, fast) for fewer reported in good ESConv
    /// sessions (2.87 per 100 therapist turns, against 3.42 with both and 3.38 with the act head alone).
    pub fn rupture_act(&self) -> ClientAct {
        match (self.act, self.rupture_head_act) {
            (ClientAct::PushingBack | ClientAct::Withdrawing, _) | (_, None) => self.act,
            (_, Some(r)) => r,
        }
    }

    pub fn neutral() -> Affect {
        Affect { valence: 0.0, arousal: 0.0, emotion: Emotion::Neutral, intensity: 0.0, cues: vec![], distress: 0.0, act: Default::default(), hardship: 0.0, rupture_head_act: None }
    }
}
