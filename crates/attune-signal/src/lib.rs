//! attune-signal: see README.md.
