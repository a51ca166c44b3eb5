//! attune-report: see README.md.
