//! attune-text: the text analyzers, pure functions of strings and sessions.
//!
//! * [`Coder`]: the fast-tier response coder (features + a trained linear model shipped in `models/`).
//! * [`affect`]: client affect per turn (valence, arousal, emotion, intensity) from a shipped lexicon.
//!
//! Architecture invariant: no file or network I/O; models are embedded at compile time or passed in.

pub mod advice;
pub mod affect;
pub mod client;
pub mod coder;
pub mod diagnosis;
pub mod embedding;
pub mod features;
pub mod lang;
pub mod linear;
mod memo;
pub mod mlp;
pub mod redirect;
pub mod rules;
pub mod segment;
pub mod sides;
pub mod tokens;
pub mod wordvec;

pub use client::{ClientModel, ClientState};
pub use coder::{Coder, Model, context_in, register_of};
pub use embedding::EmbeddingTable;
pub use features::{Context, Register};
