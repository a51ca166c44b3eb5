use crate::{Affect, TurnCoding};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version tag written in every serialized [`Session`]; readers accept this major version.
pub const SESSION_SCHEMA: &str = "attune.session/1";
/// Version tag written in every serialized [`CodedSession`].
pub const CODED_SCHEMA: &str = "attune.coded/1";

/// Who a speaker is in the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The listener: therapist, trainee, peer supporter, chatbot.
    Therapist,
    /// The person seeking help.
    Client,
    /// Anyone else (interpreter, family member, unknown).
    Other,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Therapist => "therapist",
            Role::Client => "client",
            Role::Other => "other",
        }
    }
}

/// One turn of talk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    pub role: Role,
    /// The speaker's display name as it appeared in the source ("Dr. Lee", "SPEAKER_01").
    pub speaker: String,
    pub text: String,
    /// Start time in seconds from the session start, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<f64>,
    /// End time in seconds, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<f64>,
    /// Gold labels carried from annotated data (never used as model input).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, serde_json::Value>,
    /// 1-based line in the source file where the turn began, when the reader knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_line: Option<usize>,
}

impl Turn {
    pub fn new(role: Role, speaker: impl Into<String>, text: impl Into<String>) -> Turn {
        Turn {
            role,
            speaker: speaker.into(),
            text: text.into(),
            start: None,
            end: None,
            labels: BTreeMap::new(),
            source_line: None,
        }
    }
    pub fn with_times(mut self, start: Option<f64>, end: Option<f64>) -> Turn {
        self.start = start;
        self.end = end;
        self
    }
    pub fn duration(&self) -> Option<f64> {
        match (self.start, self.end) {
            (Some(s), Some(e)) if e >= s => Some(e - s),
            _ => None,
        }
    }
    pub fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// A conversation: metadata plus turns in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Always [`SESSION_SCHEMA`] when written by attune.
    #[serde(default = "default_schema")]
    pub schema: String,
    pub id: String,
    /// Free-form metadata (source data set, topic, date...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub meta: BTreeMap<String, serde_json::Value>,
    /// True when therapist/client roles were guessed rather than given.
    #[serde(default)]
    pub roles_inferred: bool,
    /// The file the session was read from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub turns: Vec<Turn>,
}

fn default_schema() -> String {
    SESSION_SCHEMA.to_string()
}

impl Session {
    pub fn new(id: impl Into<String>) -> Session {
        Session {
            schema: SESSION_SCHEMA.to_string(),
            id: id.into(),
            meta: BTreeMap::new(),
            roles_inferred: false,
            source: None,
            turns: Vec::new(),
        }
    }

    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }

    /// Parses a session written by [`Session::to_json`], checking the schema's major version.
    pub fn from_json(s: &str) -> Result<Session, String> {
        let sess: Session = serde_json::from_str(s).map_err(|e| e.to_string())?;
        if !sess.schema.starts_with("attune.session/1") {
            return Err(format!(
                "schema `{}` is not supported (expected {SESSION_SCHEMA})",
                sess.schema
            ));
        }
        Ok(sess)
    }

    /// Index of the nearest earlier turn spoken by `role`, if any.
    pub fn previous(&self, i: usize, role: Role) -> Option<usize> {
        (0..i).rev().find(|&j| self.turns[j].role == role)
    }

    /// The client turn that therapist turn `i` answers: the nearest earlier client turn with only
    /// therapist turns between them (a turn by someone else breaks the link).
    pub fn answered_client_turn(&self, i: usize) -> Option<usize> {
        let mut j = i.min(self.turns.len());
        while j > 0 {
            j -= 1;
            match self.turns[j].role {
                Role::Client => return Some(j),
                Role::Therapist => continue,
                Role::Other => return None,
            }
        }
        None
    }

    /// Distinct speaker names in order of first appearance.
    pub fn speakers(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for t in &self.turns {
            if !out.contains(&t.speaker) {
                out.push(t.speaker.clone());
            }
        }
        out
    }

    pub fn has_times(&self) -> bool {
        self.turns.iter().any(|t| t.start.is_some())
    }
}

/// What the text analyzers say about one turn: a coding for therapist turns, affect for client turns.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TurnAnalysis {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coding: Option<TurnCoding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affect: Option<Affect>,
}

/// A session with one [`TurnAnalysis`] per turn (same order and length as `session.turns`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodedSession {
    #[serde(default = "default_coded_schema")]
    pub schema: String,
    pub session: Session,
    pub turns: Vec<TurnAnalysis>,
    /// Identifies the model that produced the codes (name and content hash).
    pub model: String,
}

fn default_coded_schema() -> String {
    CODED_SCHEMA.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;
    use proptest::prelude::*;

    fn arb_role() -> impl Strategy<Value = Role> {
        prop_oneof![Just(Role::Therapist), Just(Role::Client), Just(Role::Other)]
    }

    proptest! {
        #[test]
        fn session_json_round_trips(
            id in ".{0,12}",
            turns in proptest::collection::vec((arb_role(), ".{0,8}", ".{0,40}", proptest::option::of(0.0f64..1e5)), 0..20)
        ) {
            let mut s = Session::new(id);
            for (role, sp, text, start) in turns {
                s.turns.push(Turn::new(role, sp, text).with_times(start, start.map(|x| x + 1.5)));
            }
            let back = Session::from_json(&s.to_json().unwrap()).unwrap();
            prop_assert_eq!(back, s);
        }
    }

    #[test]
    fn codes_round_trip_through_strings() {
        for c in Code::ALL {
            assert_eq!(c.as_str().parse::<Code>().unwrap(), c);
            let j = serde_json::to_string(&c).unwrap();
            assert_eq!(j, format!("\"{}\"", c.as_str()));
        }
    }

    #[test]
    fn rejects_future_schema() {
        let j = r#"{"schema":"attune.session/2","id":"x","turns":[]}"#;
        assert!(Session::from_json(j).unwrap_err().contains("not supported"));
    }
}
