//! The redaction policy: one rule for every output the pipeline makes (HTML, JSON, tables, file names).
//!
//! When redaction is on, the session is redacted by attune-redact *before* anything is coded, and its id
//! and source path, which often carry the client's name, are replaced: the source is dropped and the id
//! becomes `redacted-XXXXXXXX`, a hash of the original id and source, so the per-turn and per-session rows
//! of a batch still join and two runs give the same ids.

use attune_core::Session;

/// Whether identifiers are taken out before analysis.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Redaction {
    #[default]
    Off,
    On,
}

impl Redaction {
    pub fn is_on(self) -> bool {
        self == Redaction::On
    }

    /// The session as every output will see it.
    pub fn apply(self, session: Session) -> Session {
        self.apply_with(session, &attune_redact::Policy::default())
    }

    /// As [`Redaction::apply`], keeping the kinds `policy` names (consistent pseudonyms within the session:
    /// `[CLIENT]`, `[PERSON 1]`, `[PLACE 1]`).
    pub fn apply_with(self, session: Session, policy: &attune_redact::Policy) -> Session {
        if !self.is_on() {
            return session;
        }
        let id = pseudonym(&session);
        let mut out = attune_redact::redact_session_with(&session, policy);
        out.id = id;
        out.source = None;
        out
    }

    /// The source label a table row carries (the file path, or `redacted`).
    pub fn source_label(self, source: &str) -> String {
        if self.is_on() { "redacted".to_string() } else { source.to_string() }
    }

    /// The stem of a file name derived from an input (`session` for `session.vtt`, or `redacted`).
    pub fn file_stem(self, input: &std::path::Path) -> String {
        if self.is_on() {
            return "redacted".into();
        }
        input.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "session".into())
    }
}

/// `redacted-` and eight hex digits of a 64-bit FNV-1a hash of the original id and source.
fn pseudonym(s: &Session) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.id.bytes().chain([0u8]).chain(s.source.as_deref().unwrap_or("").bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("redacted-{:08x}", (h >> 32) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use attune_core::{Role, Turn};

    #[test]
    fn redaction_hides_id_source_and_names_and_is_stable() {
        let mut s = Session::new("maria_gonzalez_2024");
        s.source = Some("/clinic/maria_gonzalez.vtt".into());
        s.turns.push(Turn::new(Role::Therapist, "Dr Patel", "Hello Maria, how was Leeds?"));
        s.turns.push(Turn::new(Role::Client, "Maria", "Hard. My brother Tom is 34 now."));
        let r = Redaction::On.apply(s.clone());
        let all = serde_json::to_string(&r).unwrap();
        for secret in ["maria", "Maria", "gonzalez", "Patel", "clinic"] {
            assert!(!all.contains(secret), "{secret} survived: {all}");
        }
        assert!(r.id.starts_with("redacted-") && r.id.len() == 17);
        assert_eq!(r.id, Redaction::On.apply(s.clone()).id, "the same session gets the same id");
        let mut other = s.clone();
        other.id = "another".into();
        assert_ne!(r.id, Redaction::On.apply(other).id);
        assert_eq!(Redaction::Off.apply(s.clone()), s);
        assert_eq!(Redaction::On.file_stem(std::path::Path::new("maria.vtt")), "redacted");
        assert_eq!(Redaction::Off.file_stem(std::path::Path::new("maria.vtt")), "maria");
    }
}
