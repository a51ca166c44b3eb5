//! The fast-tier response coder (placeholder rules until the trained model lands).
use attune_core::{CodedSession, Code, Empathy, Role, Session, TurnAnalysis, TurnCoding, CODED_SCHEMA};

/// Codes therapist turns; cheap to clone, safe to share across threads.
#[derive(Debug, Clone, Default)]
pub struct Coder {}

impl Coder {
    /// The model shipped with attune.
    pub fn bundled() -> Coder {
        Coder {}
    }

    /// Codes one therapist turn given the client's preceding turn (empty if none).
    pub fn code_turn(&self, client_context: &str, text: &str) -> TurnCoding {
        let _ = client_context;
        let t = text.trim();
        let code = if t.ends_with('?') { Code::QuestionOpen } else { Code::Other };
        TurnCoding { code, feeling: false, permission: false, confidence: 0.5, evidence: vec![], empathy: Empathy::default(), sentences: vec![] }
    }

    /// Codes every therapist turn and measures affect on every client turn.
    pub fn code_session(&self, session: &Session) -> CodedSession {
        let mut turns = Vec::with_capacity(session.turns.len());
        for (i, t) in session.turns.iter().enumerate() {
            let mut a = TurnAnalysis::default();
            match t.role {
                Role::Therapist => {
                    let ctx = session.previous(i, Role::Client).map(|j| session.turns[j].text.as_str()).unwrap_or("");
                    a.coding = Some(self.code_turn(ctx, &t.text));
                }
                Role::Client => a.affect = Some(crate::affect::affect(&t.text)),
                Role::Other => {}
            }
            turns.push(a);
        }
        CodedSession { schema: CODED_SCHEMA.to_string(), session: session.clone(), turns, model: "placeholder".into() }
    }
}
