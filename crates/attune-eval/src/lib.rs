//! attune-eval: measures attune against the annotated data sets of `../shared/data`
//! (DESIGN.md § Evaluation) and trains the coder from their train splits.
//!
//! * [`tasks`]: every evaluation task, as a pure function of sessions and a coder.
//! * [`metrics`]: macro-F1, ROC AUC, bootstrap intervals over conversations (fixed seed).
//! * [`datasets`]: how each data set's labels map to attune's codes.
//! * [`agreement`]: human inter-annotator agreement, the ceiling for the AnnoMI tasks.
//! * [`train`]: reproducible training of the shipped model.

pub mod agreement;
pub mod client_data;
pub mod client_tasks;
pub mod datasets;
pub mod errors;
pub mod judge_data;
pub mod judge_tasks;
mod jsonl;
pub mod metrics;
pub mod redact;
pub mod segment;
pub mod session_tasks;
pub mod spelling;
pub mod tasks;
pub mod train;
pub mod words;

pub use metrics::TaskResult;
pub use tasks::{run, run_many, Task};
