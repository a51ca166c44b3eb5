//! attune-signal: signals and synchrony for attune. See README.md.
//!
//! * [`series`]: named series per person, readers (MEA text, CSV, RR lists, ECG CSV), quality.
//! * [`ccf`]: windowed cross-lagged correlation with rMEA's `MEAccf` semantics (exact, fast).
//! * [`surrogate`]: pseudo-synchrony (segment shuffle, between-dyad shuffle), effect sizes.
//! * [`susy`]: Surrogate Synchrony (Tschacher & Meier 2020).
//! * [`heart`]: RR → heart rate, HRV (RMSSD, SDNN), R-peaks from ECG, breathing rate.
//! * [`report`]: the data the HTML report and `attune analyze --signal` need.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bench;
pub mod ccf;
pub mod error;
pub mod heart;
pub mod input;
pub mod report;
pub mod series;
pub mod surrogate;
pub mod susy;
mod sum;

pub use ccf::{Preprocess, CcfConfig, CcfResult, Geometry, Peak, WindowSummary, ccf};
pub use error::SignalError;
pub use series::{Dyad, Quality, Series};
pub use surrogate::{SegmentPermutation, SurrogateResult};
pub use susy::Susy;
pub use report::{Modality, ReportData, SyncOptions, analyze};
pub use input::{SignalFormat, SignalInput, load_dyad};
