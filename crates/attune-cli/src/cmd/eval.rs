//! `attune eval`: accuracy against annotated data, with bootstrap intervals over conversations.

use anyhow::{bail, Context};
use attune_eval::{Task, TaskResult};
use attune_text::Coder;
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  attune eval --task annomi-behaviour ../shared/data/annomi/annomi.jsonl --split dev\n  \
attune eval --task esconv-outcome ../shared/data/esconv/esconv.jsonl ../shared/data/esconv_failed/esconv_failed.jsonl --split dev --json\n  \
attune eval --all --data ../shared/data --split dev\n  attune eval --all --split dev --tier accurate\n  attune eval --agreement\n\nTasks: annomi-behaviour annomi-reflection annomi-question annomi-quality esconv-strategy \
esconv-outcome epitome-reactions epitome-interpretations epitome-explorations mi-codes goemotions-distress ed-distress sad-severity \
esconv-emotion mi-adherence exchanges-empathy vignettes sessions client-acts good-session-flag-rate redact\n\n\
redact scores the redaction on a span-annotated set (default eval/redact/dev.jsonl): recall of direct identifiers and \
of organisations and places, precision, identifier-free sentences changed:\n  attune eval --task redact eval/redact/dev.jsonl --errors\n\nvignettes reads attune's own set (eval/vignettes.jsonl; --split dev or holdout):\n  \
attune eval --task vignettes eval/vignettes.jsonl --split dev --errors\n  attune eval --task mi-adherence ../shared/data/mi_gold/mi_gold.jsonl\n\n\
sessions reads attune's own whole sessions (eval/sessions.jsonl; --split dev or holdout): misattuned therapist turns \
flagged, attuned ones flagged, ruptures found, repairs found:\n  attune eval --task sessions eval/sessions.jsonl --split dev --errors\n\n\
client-acts reads attune's own labelled client turns (eval/client-acts.jsonl; --split dev or holdout): what the client \
is doing (disclosing, asking for help, pushing back, withdrawing, other), macro-F1, the phrase rules beside the model:\n  \
attune eval --task client-acts eval/client-acts.jsonl --split dev --errors")]
pub struct Args {
    /// The task (see the list below).
    #[arg(long, required_unless_present_any = ["all", "agreement"])]
    task: Option<String>,
    /// JSON Lines files in the normalized form (esconv-outcome: successful file, then failed file).
    files: Vec<PathBuf>,
    /// Only conversations of this split (`train`, `dev`); default: every line of the files.
    #[arg(long)]
    split: Option<String>,
    /// Run every task on its standard file under --data.
    #[arg(long)]
    all: bool,
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// A model file instead of the shipped one (e.g. one just written by `attune train`).
    #[arg(long)]
    model: Option<PathBuf>,
    /// A client-state model file instead of the shipped one (e.g. one just written by `attune train --only client`).
    #[arg(long)]
    client_model: Option<PathBuf>,
    /// A judge model file instead of the shipped one (e.g. one just written by `attune train --only judge --out FILE`).
    #[arg(long)]
    judge_model: Option<PathBuf>,
    /// Which shipped coder: `fast`, `accurate` (MiniLM sentence embeddings; the data's are cached in
    /// models/minilm/), or `auto`: accurate where scripts/setup.sh installed the encoder, else fast. Each result
    /// names the model it measured. Ignored with --model, whose file says which tier it is.
    #[arg(long, value_enum, default_value = "auto")]
    tier: super::common::TierArg,
    /// Also print how well AnnoMI's human annotators agree with each other (the ceiling for the AnnoMI tasks).
    #[arg(long)]
    agreement: bool,
    /// One JSON object per task on stdout.
    #[arg(long)]
    json: bool,
    /// With --task redact: score another tool's spans (JSON Lines `{"id", "spans": [{"start", "end", "label"}]}`,
    /// e.g. scripts/bench/presidio_redact.py's output) by the same definitions, instead of attune's.
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,
    /// Print the top confusions with examples (for error analysis).
    #[arg(long)]
    errors: bool,
}

fn standard_files(task: Task, data: &std::path::Path) -> Vec<PathBuf> {
    let f = match task {
        Task::AnnomiBehaviour | Task::AnnomiReflection | Task::AnnomiQuestion | Task::AnnomiQuality => vec!["annomi/annomi.jsonl"],
        Task::EsconvStrategy => vec!["esconv/esconv.jsonl"],
        Task::EsconvOutcome => vec!["esconv/esconv.jsonl", "esconv_failed/esconv_failed.jsonl"],
        Task::EpitomeReactions | Task::EpitomeInterpretations | Task::EpitomeExplorations => vec!["epitome/epitome.jsonl"],
        Task::MiCodes | Task::MiAdherence => vec!["mi_gold/mi_gold.jsonl"],
        Task::GoemotionsDistress => vec!["goemotions/goemotions.jsonl"],
        Task::EdDistress => vec!["empathetic_dialogues/empathetic_dialogues.jsonl"],
        Task::SadSeverity => vec!["sad_stress/sad_stress.jsonl"],
        Task::EsconvEmotion => vec!["esconv/esconv.jsonl"],
        Task::ExchangesEmpathy => vec!["empathetic_exchanges/empathetic_exchanges.jsonl"],
        Task::GoodSessionFlagRate => vec!["annomi/annomi.jsonl", "esconv/esconv.jsonl"],
        // our own set, in the repository (its `split` field is dev or holdout)
        Task::Vignettes => return vec![PathBuf::from("eval/vignettes.jsonl")],
    };
    f.into_iter().map(|x| data.join(x)).collect()
}

pub fn load_coder(model: &Option<PathBuf>, tier: super::common::TierArg) -> anyhow::Result<Coder> {
    match model {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
            let m = attune_text::Model::from_bytes(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            Ok(Coder::new(std::sync::Arc::new(m)))
        }
        None => Ok(attune::tier::bundled_coder(tier.into())?),
    }
}

/// `--task redact FILE`: attune's redaction scored on a span-annotated set (eval/redact/*.jsonl).
fn run_redact(args: &Args) -> anyhow::Result<u8> {
    let files = if args.files.is_empty() { vec![PathBuf::from("eval/redact/dev.jsonl")] } else { args.files.clone() };
    let mut items = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
        items.extend(attune_eval::redact::parse(&text, args.split.as_deref()).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?);
    }
    if items.is_empty() {
        bail!("no sentences in {:?} (split filter: {:?})", files, args.split);
    }
    let (results, misses) = match &args.predictions {
        None => attune_eval::redact::evaluate(&items),
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            let preds = attune_eval::redact::parse_predictions(&text, &items).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            attune_eval::redact::evaluate_predictions(&items, &preds)
        }
    };
    for mut r in results {
        r.notes.push(format!("set: {}", files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")));
        if args.json {
            println!("{}", serde_json::to_string(&r)?);
        } else {
            print_human(&r);
        }
    }
    if args.errors {
        println!("misses and false alarms ({}):", misses.len());
        for (id, label, span, text) in misses.iter().take(60) {
            println!("  {id:<14} {label:<22} {span:?} in {text:?}");
        }
    }
    Ok(0)
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    if args.task.as_deref() == Some("redact") {
        return run_redact(&args);
    }
    let mut coder = load_coder(&args.model, args.tier)?;
    if let Some(p) = &args.client_model {
        let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
        let m = attune_text::ClientModel::from_bytes(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
        coder = coder.with_client_model(Some(std::sync::Arc::new(m)));
    }
    if let Some(p) = &args.judge_model {
        let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
        let m = attune_judge::JudgeModel::from_bytes(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
        attune_assess::use_judge_model(std::sync::Arc::new(m));
    }
    let tasks: Vec<(Task, Vec<PathBuf>)> = if args.all {
        Task::ALL.iter().map(|&t| (t, standard_files(t, &args.data))).filter(|(_, f)| !f.is_empty()).collect()
    } else if args.task.is_none() || matches!(args.task.as_deref(), Some("sessions" | "client-acts")) {
        Vec::new()
    } else {
        let name = args.task.as_deref().unwrap_or("");
        let Some(t) = Task::from_name(name) else {
            bail!("unknown task `{name}`; see `attune eval --help` for the list");
        };
        let need = if t.takes_two_files() { 2 } else { 1 };
        if args.files.len() < need || (t.takes_two_files() && args.files.len() != 2) {
            bail!("task {} takes {} file(s): {}", t.name(), need, if need == 2 { "successful conversations, then failed ones" } else { "JSON Lines" });
        }
        vec![(t, args.files.clone())]
    };
    // Read every task's files first, so that an accurate-tier coder embeds (and loads its cache) once per run.
    let read = |p: &PathBuf| attune_io::read_jsonl_path(p, args.split.as_deref()).with_context(|| format!("reading {}", p.display()));
    let mut inputs = Vec::with_capacity(tasks.len());
    let mut vignette_sets = Vec::new();
    let session_sets = if args.all || args.task.as_deref() == Some("sessions") {
        own_sets(&args, if args.all { &[] } else { &args.files }, "eval/sessions.jsonl", attune_eval::session_tasks::parse_sessions)?
    } else {
        Vec::new()
    };
    let act_sets = if args.all || args.task.as_deref() == Some("client-acts") {
        own_sets(&args, if args.all { &[] } else { &args.files }, "eval/client-acts.jsonl", attune_eval::client_data::parse_client_acts)?
    } else {
        Vec::new()
    };
    for (task, files) in tasks {
        if task == Task::Vignettes {
            vignette_sets.extend(own_sets(&args, &files, "eval/vignettes.jsonl", attune_eval::judge_tasks::parse_vignettes)?);
            continue;
        }
        let (main, failed) = if task.takes_two_files() {
            (read(&files[0])?, read(&files[1])?)
        } else {
            let mut all = Vec::new();
            for f in &files {
                all.extend(read(f)?);
            }
            (all, Vec::new())
        };
        inputs.push((task, files, main, failed));
    }
    // the accurate tier needs the embeddings of our own sets' texts too (a response as a therapist turn after its
    // context): without them its coder and client model would run on the sparse features alone
    let own: Vec<attune_core::Session> = vignette_sets
        .iter()
        .flat_map(|(_, v)| v.iter())
        .map(|v| {
            let mut turns = v.context.clone();
            turns.push(attune_core::Turn::new(attune_core::Role::Therapist, "therapist", v.response.as_str()));
            attune_core::Session { schema: attune_core::SESSION_SCHEMA.into(), id: v.pair.clone(), meta: Default::default(), roles_inferred: false, source: None, turns }
        })
        .chain(session_sets.iter().flat_map(|(_, s)| s.iter().map(|l| l.session.clone())))
        .chain(act_sets.iter().flat_map(|(_, a)| a.iter()).map(|a| {
            let turns = vec![attune_core::Turn::new(attune_core::Role::Client, "client", a.text.as_str())];
            attune_core::Session { schema: attune_core::SESSION_SCHEMA.into(), id: String::new(), meta: Default::default(), roles_inferred: false, source: None, turns }
        }))
        .collect();
    let all_sessions = inputs.iter().flat_map(|(_, _, main, failed)| main.iter().chain(failed)).chain(own.iter());
    let coder = super::common::corpus_coder(coder, all_sessions, args.json)?;
    let tier = if coder.model().uses_embeddings() { "accurate" } else { "fast" };
    let coder_note = format!("coder: {} ({tier} tier)", coder.model().id);
    for (task, files, main, failed) in &inputs {
        if main.is_empty() {
            bail!("no conversations for {} in {:?} (split filter: {:?})", task.name(), files, args.split);
        }
        report(attune_eval::run_many(*task, main, failed, &coder), &coder_note, args.json)?;
        if args.errors && attune_eval::errors::has_errors(*task) {
            print!("{}", attune_eval::errors::top_confusions(*task, main, &coder, 6, 3));
        }
    }
    use attune_eval::{client_tasks as ct, judge_tasks as jt, session_tasks as st};
    score_sets(&args, &coder_note, "vignettes", &vignette_sets, |v| jt::vignettes(v, &coder), |v| jt::vignette_errors(v, &coder))?;
    score_sets(&args, &coder_note, "sessions", &session_sets, |s| st::sessions(s, &coder), |s| st::session_errors(s, &coder))?;
    score_sets(&args, &coder_note, "client turns", &act_sets, |a| ct::client_acts(a, &coder), |a| ct::client_act_errors(a, &coder))?;
    if args.agreement {
        let p = args.data.join("annomi/annomi.jsonl");
        let sessions = attune_io::read_jsonl_path(&p, args.split.as_deref()).with_context(|| format!("reading {}", p.display()))?;
        let results = attune_eval::agreement::annomi_agreement(&sessions);
        if results.is_empty() {
            eprintln!("no multiply-annotated AnnoMI transcripts in {} (split filter: {:?})", p.display(), args.split);
        }
        for r in results {
            if args.json {
                println!("{}", serde_json::to_string(&r)?);
            } else {
                print_human(&r);
            }
        }
    }
    Ok(0)
}

/// One of attune's own evaluation sets, from the files given (none: its default file), each parsed with `parse`.
/// `--all` reads the dev part: the holdout stays untouched until it is asked for by name.
#[allow(clippy::type_complexity)]
fn own_sets<T>(args: &Args, files: &[PathBuf], default: &str, parse: fn(&str, Option<&str>) -> Result<Vec<T>, String>) -> anyhow::Result<Vec<(PathBuf, Vec<T>)>> {
    let files = if files.is_empty() { vec![PathBuf::from(default)] } else { files.to_vec() };
    let split = if args.all { Some("dev") } else { args.split.as_deref() };
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).with_context(|| format!("reading {}", f.display()))?;
            let v = parse(&text, split).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
            Ok((f, v))
        })
        .collect()
}

/// Scores each of attune's own sets (an empty one is an error naming its file and the split) and, with `--errors`,
/// prints what it got wrong.
fn score_sets<T>(
    args: &Args,
    coder_note: &str,
    what: &str,
    sets: &[(PathBuf, Vec<T>)],
    score: impl Fn(&[T]) -> Vec<TaskResult>,
    errors: impl Fn(&[T]) -> String,
) -> anyhow::Result<()> {
    for (f, items) in sets {
        if items.is_empty() {
            bail!("no {what} in {} (split filter: {:?})", f.display(), args.split);
        }
        report(score(items), coder_note, args.json)?;
        if args.errors {
            print!("{}", errors(items));
        }
    }
    Ok(())
}

/// Prints each result, as JSON or for reading, with a note naming the coder.
fn report(results: Vec<TaskResult>, coder_note: &str, json: bool) -> anyhow::Result<()> {
    for mut r in results {
        r.notes.push(coder_note.to_string());
        if json {
            println!("{}", serde_json::to_string(&r)?);
        } else {
            print_human(&r);
        }
    }
    Ok(())
}

fn print_human(r: &TaskResult) {
    println!("{:<24} {} = {:.3}  95% CI [{:.3}, {:.3}]  n = {} ({} conversations)", r.task, r.metric, r.value, r.ci95[0], r.ci95[1], r.n, r.groups);
    for (label, c) in &r.per_class {
        println!("    {:<30} P {:.3}  R {:.3}  F1 {:.3}  support {}", label, c.precision, c.recall, c.f1, c.support);
    }
    if let Some(conf) = &r.confusion {
        println!("    confusion (rows gold, columns predicted): {}", conf.labels.join(" | "));
        for (l, row) in conf.labels.iter().zip(&conf.matrix) {
            println!("    {:<30} {:?}", l, row);
        }
    }
    for n in &r.notes {
        println!("    note: {n}");
    }
}
