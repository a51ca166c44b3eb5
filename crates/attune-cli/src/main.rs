//! `attune`: the command line. Each subcommand lives in `cmd/<name>.rs` with its own clap `Args`
//! and a `run` function; this file only dispatches and maps errors to exit codes.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod cmd;

/// Exit codes: 0 success; 1 a check failed (`--fail-under`) or some batch inputs failed;
/// 2 bad input or usage (the message names the file and line).
#[derive(Parser)]
#[command(
    name = "attune",
    version,
    about = "Measure, show and teach attunement in therapy and support conversations.",
    long_about = "attune reads a session (transcript, and optionally audio and body signals), codes every \
therapist turn, flags misattuned moments with an attuned alternative, finds ruptures and repairs, measures \
synchrony and scores the session. Everything runs locally: nothing a client said leaves the machine.",
    after_help = "Examples:\n  attune demo -o demo.html\n  attune code session.vtt --therapist \"Dr. Lee\"\n  \
attune analyze session.vtt -o report.html --json report.json\n  attune analyze session.wav --therapist left   # a recording: transcribed here, then analyzed\n  attune eval --task annomi-behaviour ../shared/data/annomi/annomi.jsonl --split dev\n  \
attune check --client \"I can't sleep\" --response \"Just try melatonin\"\n  attune sync pair.txt --lag 5 --window 60 --increment 30"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Code every therapist turn of a transcript.
    Code(cmd::code::Args),
    /// Measure accuracy against annotated data (../shared/data).
    Eval(cmd::eval::Args),
    /// Train the fast-tier coder from the train splits of ../shared/data.
    Train(cmd::train::Args),
    /// Analyze a session into a report (HTML, JSON).
    Analyze(cmd::analyze::Args),
    /// Transcribe a recording on this machine (Whisper), speakers by channel or told apart by voice (CAM++).
    Transcribe(cmd::transcribe::Args),
    /// Analyze the bundled demo session.
    Demo(cmd::demo::Args),
    /// Check one chatbot or supporter response (or JSON Lines of them).
    Check(cmd::check::Args),
    /// Analyze a whole corpus into tidy tables.
    Batch(cmd::batch::Args),
    /// Movement / physiological synchrony (rMEA-compatible).
    Sync(cmd::sync::Args),
    /// Pitch, intensity and per-turn prosody from session audio.
    Prosody(cmd::prosody::Args),
    /// Benchmarks of the fast paths.
    Bench(cmd::bench::Args),
    /// The JSON API on a SQLite database (`attune serve --db attune.db`).
    Serve(cmd::serve::Args),
    /// Users of `attune serve`: add, token.
    User(cmd::user::Args),
}

fn main() -> ExitCode {
    // Behave like other Unix tools when the reader of our output goes away (`attune code x | head`).
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(a) => cmd::code::run(a),
        Command::Eval(a) => cmd::eval::run(a),
        Command::Train(a) => cmd::train::run(a),
        Command::Analyze(a) => cmd::analyze::run(a),
        Command::Transcribe(a) => cmd::transcribe::run(a),
        Command::Demo(a) => cmd::demo::run(a),
        Command::Check(a) => cmd::check::run(a),
        Command::Batch(a) => cmd::batch::run(a),
        Command::Sync(a) => cmd::sync::run(a),
        Command::Prosody(a) => cmd::prosody::run(a),
        Command::Bench(a) => cmd::bench::run(a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::User(a) => cmd::user::run(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
