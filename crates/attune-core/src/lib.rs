//! attune-core: the domain model every other attune crate speaks.
//!
//! * [`Session`] and [`Turn`]: a conversation as read from any transcript format.
//! * [`Code`], [`TurnCoding`], [`Empathy`], [`Affect`]: what the analyzers say about a turn.
//! * [`CodedSession`]: a session plus one [`TurnAnalysis`] per turn, the input of the assessment.
//! * [`IngestError`]: a located, actionable error for anything a user supplied.
//!
//! Architecture invariant: this crate does no I/O and depends on nothing but serde and thiserror.
//!
//! ```
//! use attune_core::{Session, Turn, Role};
//! let mut s = Session::new("demo");
//! s.turns.push(Turn::new(Role::Client, "Client", "I feel lost."));
//! let json = s.to_json().unwrap();
//! assert_eq!(Session::from_json(&json).unwrap(), s);
//! ```

mod codebook;
pub mod hash;
mod error;
mod session;

pub use codebook::*;
pub use error::*;
pub use session::*;
