//! attune-eval: see README.md.
