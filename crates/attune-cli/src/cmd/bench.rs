//! `attune bench`: measured speed of the fast paths, each in its own module.

use clap::Subcommand;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// Coding speed of the fast-tier coder (turns per second, one core).
    Code(super::bench_code::Args),
    /// End-to-end analysis and batch throughput.
    Analyze(super::bench_analyze::Args),
    /// Synchrony engine against rMEA / SUSY recorded times.
    Sync(super::bench_sync::Args),
    /// Pitch and intensity against Praat's recorded times.
    Prosody(super::bench_prosody::Args),
    /// Responses judged per second (`check --jsonl`'s whole job).
    Check(super::bench_check::Args),
    /// The server on loopback: check latency under load, uploads, live streams.
    Serve(super::bench_serve::Args),
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    match args.what {
        What::Code(a) => super::bench_code::run(a),
        What::Analyze(a) => super::bench_analyze::run(a),
        What::Sync(a) => super::bench_sync::run(a),
        What::Prosody(a) => super::bench_prosody::run(a),
        What::Check(a) => super::bench_check::run(a),
        What::Serve(a) => super::bench_serve::run(a),
    }
}
