//! attune-voice: see README.md.
