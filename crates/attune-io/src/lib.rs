//! attune-io: see README.md.
