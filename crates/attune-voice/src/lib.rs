//! attune-voice: see README.md.
pub mod pitch;
pub mod intensity;
pub mod cputime;
