//! attune-voice: session audio → per-speaker pitch and loudness, per-turn prosody, vocal
//! matching and vocal synchrony (through attune-signal's engine), numerically faithful to Praat. See README.md.
//!
//! ```no_run
//! use attune_voice::{audio, pitch, intensity};
//! let a = audio::decode_file("session.wav".as_ref(), audio::Channel::Mix).unwrap();
//! let f0 = pitch::pitch_ac(&a.samples, a.rate as f64, &pitch::PitchParams::default());
//! let db = intensity::intensity(&a.samples, a.rate as f64, &intensity::IntensityParams::default());
//! println!("{} pitch frames, {} intensity frames", f0.frames.len(), db.frames.len());
//! ```
//!
//! For whole files prefer [`analyze_file`]: it streams (two decoding passes, bounded memory).
//!
//! Architecture invariant: pitch and intensity are pure functions of samples; only `audio` and
//! `prosody::read_turns_csv` touch files, and none of the library panics on bad input.

// NaN-safe comparisons (`!(x > 0.0)`) are deliberate throughout; indexed loops over fixed
// lane arrays are written that way so they vectorize.
#![allow(clippy::neg_cmp_op_on_partial_ord, clippy::needless_range_loop)]

pub mod audio;
pub mod intensity;
pub mod pitch;
pub mod prosody;
pub mod synchrony;

pub use audio::{Audio, Channel};
pub use intensity::{IntensityParams, IntensityTrack};
pub use pitch::{PitchParams, PitchTrack};
pub use prosody::*;
pub use synchrony::{vocal_synchrony, FeatureSynchrony, SpeakerFrames, VocalLeadLag, VocalSurrogate, VocalSyncConfig, VocalSynchrony};

/// Errors name the file and say what to do.
#[derive(Debug, thiserror::Error)]
pub enum VoiceError {
    #[error("{file}: {message} (hint: {hint})")]
    Audio { file: String, message: String, hint: String },
    #[error("{file}:{line}: {message}")]
    Transcript { file: String, line: usize, message: String },
    #[error("{0}")]
    Param(String),
}
