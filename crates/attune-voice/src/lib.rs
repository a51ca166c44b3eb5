//! attune-voice: see README.md.
pub mod pitch;
