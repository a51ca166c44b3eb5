//! `attune train`: rebuild the shipped coder model from the train splits of ../shared/data.

use anyhow::Context;
use attune_eval::train::{parse_seeds, train, TrainSettings};
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  attune train --data ../shared/data --out models/attune-coder-v1.bin\n  attune train --tier accurate")]
pub struct Args {
    /// Folder holding annomi/, esconv/, esconv_failed/ and epitome/ JSON Lines.
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// Seed examples for the codes no public data labels.
    #[arg(long, default_value = "models/seeds.tsv")]
    seeds: PathBuf,
    /// Where to write the model (default: models/attune-coder-v1.bin, or models/attune-coder-v1-accurate.bin
    /// with `--tier accurate`).
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// `fast` (features only) or `accurate` (features + MiniLM sentence embeddings; needs the weights that
    /// scripts/setup.sh fetches, and caches the data's embeddings in models/minilm/).
    #[arg(long, default_value = "fast", value_parser = ["fast", "accurate"])]
    tier: String,
    /// Also write the strongest features per code (for the model card).
    #[arg(long)]
    top_features: Option<PathBuf>,
    /// Override training settings for experiments, e.g. `--set epochs=12 --set balance=0.7`
    /// (keys: epochs, lr, sub_lr, emp_lr, sub_epochs, l2, sub_l2, emp_l2, min_count, annomi_weight, chat_weight,
    /// seed_weight, balance, sub_balance, average, drop_context_every).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
}

fn apply(st: &mut TrainSettings, kv: &str) -> anyhow::Result<()> {
    let (k, v) = kv.split_once('=').ok_or_else(|| anyhow::anyhow!("--set takes KEY=VALUE, got `{kv}`"))?;
    let f: f32 = v.parse().map_err(|_| anyhow::anyhow!("--set {k}: `{v}` is not a number"))?;
    match k {
        "epochs" => {
            st.code.epochs = f as usize;
            st.empathy.epochs = f as usize;
            st.subtype.epochs = f as usize;
        }
        "lr" => st.code.learning_rate = f,
        "sub_lr" => st.subtype.learning_rate = f,
        "emp_lr" => st.empathy.learning_rate = f,
        "sub_epochs" => st.subtype.epochs = f as usize,
        "l2" => st.code.l2 = f,
        "sub_l2" => st.subtype.l2 = f,
        "emp_l2" => st.empathy.l2 = f,
        "min_count" => {
            st.code.min_count = f as usize;
            st.subtype.min_count = f as usize;
            st.empathy.min_count = f as usize;
        }
        "annomi_weight" => st.annomi_weight = f,
        "chat_weight" => st.chat_weight = f,
        "seed_weight" => st.seed_weight = f,
        "balance" => st.balance = f,
        "average" => {
            st.code.average = f as usize;
            st.subtype.average = f as usize;
            st.empathy.average = f as usize;
        }
        "drop_context_every" => st.drop_context_every = f as usize,
        "sub_balance" => st.sub_balance = f,
        _ => anyhow::bail!("unknown training setting `{k}`"),
    }
    Ok(())
}

/// The data files training reads, relative to `--data`.
pub const TRAIN_FILES: [&str; 4] = ["annomi/annomi.jsonl", "esconv/esconv.jsonl", "esconv_failed/esconv_failed.jsonl", "epitome/epitome.jsonl"];

pub fn load_split(data: &std::path::Path, split: &str) -> anyhow::Result<Vec<attune_core::Session>> {
    let mut sessions = Vec::new();
    for f in TRAIN_FILES {
        let p = data.join(f);
        sessions.extend(attune_io::read_jsonl_path(&p, Some(split)).with_context(|| format!("reading {}", p.display()))?);
    }
    Ok(sessions)
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let sessions = load_split(&args.data, "train")?;
    let seeds_text = std::fs::read_to_string(&args.seeds).with_context(|| format!("reading {}", args.seeds.display()))?;
    let seeds = parse_seeds(&seeds_text).map_err(|e| anyhow::anyhow!("{}: {e}", args.seeds.display()))?;
    let accurate = args.tier == "accurate";
    let mut settings = if accurate { TrainSettings::accurate() } else { TrainSettings::default() };
    for kv in &args.set {
        apply(&mut settings, kv)?;
    }
    let table = if accurate {
        let mut texts = super::embed::session_texts(&sessions);
        for (_, ctx, text) in &seeds {
            texts.push(ctx);
            texts.push(text);
        }
        Some(super::embed::table_for(&texts, Some(&super::embed::data_cache()), false)?)
    } else {
        None
    };
    let model = train(&sessions, &seeds, &settings, table.as_ref());
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from(if accurate { "models/attune-coder-v1-accurate.bin" } else { "models/attune-coder-v1.bin" }));
    std::fs::write(&out, model.to_bytes()).with_context(|| format!("writing {}", out.display()))?;
    if let Some(p) = &args.top_features {
        std::fs::write(p, attune_eval::train::top_features_report(&sessions, &seeds, &model))
            .with_context(|| format!("writing {}", p.display()))?;
    }
    eprintln!("trained {} ({} code features) from {} train conversations and {} seeds -> {}", model.id, model.code.n_features(), sessions.len(), seeds.len(), out.display());
    Ok(0)
}
