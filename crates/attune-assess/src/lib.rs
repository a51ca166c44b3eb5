//! attune-assess: see README.md.
