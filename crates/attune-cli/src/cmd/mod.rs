//! One module per subcommand. Each exposes `Args` (clap) and `run(Args) -> anyhow::Result<u8>`
//! returning the process exit code.

pub mod analyze;
pub mod batch;
pub mod bench;
pub mod check;
pub mod code;
pub mod demo;
pub mod common;
pub mod eval;
pub mod prosody;
pub mod sync;
pub mod train;
pub mod transcribe;
pub mod bench_code;
pub mod bench_analyze;
pub mod bench_sync;
pub mod bench_prosody;
pub mod bench_check;
pub mod serve;
pub mod user;
pub mod bench_serve;
