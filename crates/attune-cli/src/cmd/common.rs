//! What several subcommands share at the edge: the tier flag, writing a file or standard output, colour,
//! and the one-screen summary. No pipeline logic lives here (that is the `attune` crate).

use anyhow::Context;
use std::io::{IsTerminal, Write};
use std::path::Path;

/// `--tier`: which coder runs.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TierArg {
    /// Features only (any speed).
    #[default]
    Fast,
    /// Features + MiniLM sentence embeddings (needs `bash scripts/setup.sh`).
    Accurate,
    /// Accurate where the encoder is installed, fast otherwise.
    Auto,
}

impl From<TierArg> for attune::Tier {
    fn from(t: TierArg) -> attune::Tier {
        match t {
            TierArg::Fast => attune::Tier::Fast,
            TierArg::Accurate => attune::Tier::Accurate,
            TierArg::Auto => attune::Tier::Auto,
        }
    }
}

/// Writes `text` to `path`, or to standard output for `-`.
pub fn write_out(path: &Path, text: &str) -> anyhow::Result<()> {
    if path.as_os_str() == "-" {
        let mut so = std::io::stdout().lock();
        so.write_all(text.as_bytes())?;
        so.flush()?;
        return Ok(());
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Whether to colour messages on standard error (a terminal, and `NO_COLOR` unset or empty).
pub fn colour() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// A one-screen summary of an analysis, for `--verbose` and `demo`.
pub fn summary(a: &attune::Analysis) -> String {
    let x = a.summary();
    let (b, r) = if colour() { ("\x1b[1m", "\x1b[0m") } else { ("", "") };
    let mut s = format!("attunement index {b}{:.0}{r}/100", x.index);
    for (name, v) in &x.subscores {
        s += &format!(", {name} {v:.0}");
    }
    let rq = x.reflection_to_question.map(|v| format!("{v:.2}")).unwrap_or_else(|| "–".into());
    let cr = x.percent_complex_reflections.map(|v| format!("{v:.0} %")).unwrap_or_else(|| "–".into());
    s += &format!(
        "\n{} turns; R:Q {rq}, complex reflections {cr}; {} flag(s), {} rupture(s), {} repaired",
        x.turns, x.flags, x.ruptures, x.repaired
    );
    s
}

/// The embeddings of public-data texts (eval and train), cached beside the encoder's weights, with a
/// progress bar when there are many to compute.
pub fn data_table(texts: &[&str], quiet: bool) -> anyhow::Result<attune_text::EmbeddingTable> {
    let bar = indicatif::ProgressBar::hidden();
    let mut shown = false;
    let t = attune::tier::table_for(&attune::tier::Encoder::default(), texts, Some(&attune::tier::data_cache()), &mut |done, total| {
        if !quiet && !shown && total >= 200 {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.set_length(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("embedding {bar:40} {pos}/{len} texts ({per_sec}, {eta} left)")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            shown = true;
        }
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    Ok(t)
}

/// `coder` with the embeddings of the sessions' texts when its model reads them (accurate tier).
pub fn corpus_coder<'a>(
    coder: attune_text::Coder,
    sessions: impl IntoIterator<Item = &'a attune_core::Session>,
    quiet: bool,
) -> anyhow::Result<attune_text::Coder> {
    if !coder.model().uses_embeddings() {
        return Ok(coder);
    }
    let mut texts = Vec::new();
    for s in sessions {
        texts.extend(attune::tier::session_texts([s]));
        // the sentences of therapist turns too when the coder codes them (as `analyze` does)
        if coder.explain {
            for t in s.turns.iter().filter(|t| t.role == attune_core::Role::Therapist) {
                let sents = attune_text::tokens::sentences(&t.text);
                if sents.len() > 1 {
                    texts.extend(sents);
                }
            }
        }
    }
    let table = data_table(&texts, quiet)?;
    Ok(coder.with_embeddings(std::sync::Arc::new(table)))
}

/// Transcribes a recording with a progress bar on standard error (seconds of audio done, time left), hidden
/// when `quiet` or when standard error is not a terminal.
pub fn transcribe_recording(path: &Path, spec: &attune::speech::TranscribeSpec, quiet: bool) -> anyhow::Result<attune::speech::Transcription> {
    transcribe_recording_saving(path, spec, quiet, None)
}

/// Where [`transcribe_recording_saving`] keeps its progress, and whether to go on from it.
pub struct SavedProgress<'a> {
    pub file: &'a Path,
    pub resume: bool,
}

/// [`transcribe_recording`] that saves its progress after every window into `saved.file` (written whole and
/// renamed, so it is never half-written) and, with `saved.resume`, goes on from what an interrupted run left
/// there. The file is removed once the transcript is complete.
pub fn transcribe_recording_saving(
    path: &Path,
    spec: &attune::speech::TranscribeSpec,
    quiet: bool,
    saved: Option<SavedProgress<'_>>,
) -> anyhow::Result<attune::speech::Transcription> {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    // the recording first, so that a bad file is named before the model is looked for
    let recording = attune::speech::decode_recording(path)?;
    let whisper = attune::speech::load_whisper(spec.model_dir.as_deref())?;
    let bar = ProgressBar::with_draw_target(Some(1000), if quiet { ProgressDrawTarget::hidden() } else { ProgressDrawTarget::stderr() });
    bar.set_style(
        ProgressStyle::with_template("transcribing {spinner} [{elapsed_precise}] {wide_bar} {percent}%  eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let resume = match &saved {
        Some(SavedProgress { file, resume: true }) if file.exists() => {
            let text = std::fs::read_to_string(file).with_context(|| format!("cannot read the saved progress {}", file.display()))?;
            let p: attune::speech::Partial = serde_json::from_str(&text)
                .with_context(|| format!("{}: not a saved transcription (delete it to start over)", file.display()))?;
            Some(p)
        }
        Some(SavedProgress { file, resume: true }) => {
            if !quiet {
                eprintln!("note: nothing saved at {} to resume from; transcribing from the start", file.display());
            }
            None
        }
        Some(SavedProgress { file, resume: false }) if file.exists() && !quiet => {
            eprintln!("note: {} holds an interrupted transcription; it is replaced (use --resume to go on from it)", file.display());
            None
        }
        _ => None,
    };
    // for tests: stop after this many windows, as an interruption would
    let stop_after: Option<usize> = std::env::var("ATTUNE_TRANSCRIBE_STOP_AFTER").ok().and_then(|v| v.parse().ok());
    let mut windows = 0usize;
    let file = saved.as_ref().map(|s| s.file.to_path_buf());
    let mut save = |p: &attune::speech::Partial| -> Result<(), String> {
        if let Some(f) = &file {
            let tmp = f.with_extension("partial-tmp");
            let text = serde_json::to_string(p).map_err(|e| e.to_string())?;
            std::fs::write(&tmp, text).and_then(|_| std::fs::rename(&tmp, f)).map_err(|e| format!("{}: cannot save progress: {e}", f.display()))?;
        }
        windows += 1;
        match stop_after {
            Some(n) if windows >= n => Err(format!("stopped after {windows} window(s) (ATTUNE_TRANSCRIBE_STOP_AFTER); --resume goes on")),
            _ => Ok(()),
        }
    };
    let cp = attune::speech::Checkpoints { resume, save: &mut save };
    let t = attune::speech::transcribe_channels_resumable(path, &recording, spec, &whisper, cp, &mut |done, total| {
        if total > 0.0 {
            bar.set_position((1000.0 * done / total).round() as u64);
        }
    });
    bar.finish_and_clear();
    let t = t?;
    if let Some(f) = &saved {
        std::fs::remove_file(f.file).ok();
    }
    Ok(t)
}
