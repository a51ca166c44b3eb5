//! `attune train`: rebuild the shipped coder model from the train splits of ../shared/data.

use anyhow::Context;
use attune_eval::train::{parse_seeds, train, TrainSettings};
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  attune train                              # coder, client model and judge (fast tier)\n  attune train --only judge --out /tmp/judge.bin && attune eval --task vignettes eval/vignettes.jsonl --split dev --judge-model /tmp/judge.bin\n  attune train --tier accurate              # the accurate coder and client model (needs scripts/setup.sh)")]
pub struct Args {
    /// Folder holding annomi/, esconv/, esconv_failed/ and epitome/ JSON Lines.
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// Seed examples for the codes no public data labels, and for the written register (default: every
    /// models/seeds*.tsv).
    #[arg(long)]
    seeds: Vec<PathBuf>,
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
    /// seed_weight, balance, sub_balance, average, drop_context_every; client model: client_lr, client_epochs, client_l2,
    /// client_average, client_min_count, client_aux, esconv_severity, sad_distress, distress_other, teach_severity,
    /// teach_distress, and per head sev_l2, sev_epochs, sev_lr, sev_min_count, sev_average and the same with dis_).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// Train only one model: `coder` (codes therapist turns), `client` (client state: distress, emotion,
    /// severity) or `judge` (misattunement; reads the built-in coder and the client model trained in this run
    /// or, with `--only judge`, the built-in one). Default: all three, in that order.
    /// `redact` trains the redaction tagger on attune's own set (eval/redact train, passes chosen on dev).
    /// `words` distils the fast tier's static word vectors from the MiniLM encoder (needs scripts/setup.sh; the
    /// coder and client model read them, so retrain those after it).
    /// `segment` trains the model that reads where sentences end in text typed without punctuation (the judge
    /// reads replies through it, so retrain the judge after it).
    /// `spelling` writes the word list the judge's spelling mender reads: word counts of the train splits and the
    /// words of `--dict` (the judge reads replies through it, so retrain the judge after it).
    #[arg(long, value_parser = ["coder", "client", "judge", "redact", "words", "segment", "spelling"])]
    only: Option<String>,
    /// English word lists for `--only spelling`, one word per line (Debian's wbritish-large and wamerican-large packages).
    #[arg(long, value_name = "FILE", default_values = ["/usr/share/dict/british-english-large", "/usr/share/dict/american-english-large"])]
    dict: Vec<PathBuf>,
    /// Attune's own written judge examples (default: every models/misattunement-seeds*.jsonl).
    #[arg(long)]
    judge_seeds: Vec<PathBuf>,
    /// Vignettes whose `dev` part calibrates the judge's flag threshold.
    #[arg(long, default_value = "eval/vignettes.jsonl")]
    calibration: PathBuf,
}

/// The files the client model trains on, relative to `--data`.
pub const CLIENT_FILES: [&str; 4] =
    ["goemotions/goemotions.jsonl", "sad_stress/sad_stress.jsonl", "empathetic_dialogues/empathetic_dialogues.jsonl", "esconv/esconv.jsonl"];

/// The files the judge trains on (besides attune's own examples), relative to `--data`.
pub const JUDGE_FILES: [&str; 6] = [
    "annomi/annomi.jsonl",
    "esconv/esconv.jsonl",
    "esconv_failed/esconv_failed.jsonl",
    "epitome/epitome.jsonl",
    "mi_advise_pairs/mi_advise_pairs.jsonl",
    "empathetic_exchanges/empathetic_exchanges.jsonl",
];

fn read_files(data: &std::path::Path, files: &[&str], split: &str) -> anyhow::Result<Vec<attune_core::Session>> {
    let mut sessions = Vec::new();
    for f in files {
        let p = data.join(f);
        sessions.extend(attune_io::read_jsonl_path(&p, Some(split)).with_context(|| format!("reading {}", p.display()))?);
    }
    Ok(sessions)
}

/// Every model's training settings, as `--set KEY=VALUE` may change them.
struct Settings {
    coder: TrainSettings,
    client: attune_eval::client_data::ClientTrainSettings,
    judge: attune_eval::judge_data::JudgeTrainSettings,
    words: attune_eval::words::WordSettings,
}

fn settings(args: &Args) -> anyhow::Result<Settings> {
    let mut all = Settings {
        coder: if args.tier == "accurate" { TrainSettings::accurate() } else { TrainSettings::default() },
        client: if args.tier == "accurate" { attune_eval::client_data::ClientTrainSettings::accurate() } else { Default::default() },
        judge: Default::default(),
        words: Default::default(),
    };
    for kv in &args.set {
        apply(&mut all, kv)?;
    }
    Ok(all)
}

/// One training setting of a single head (`l2`, `epochs`, `lr`, `min_count` or `average`).
fn set_head_cfg(c: &mut attune_text::linear::TrainConfig, field: &str, f: f32) {
    match field {
        "l2" => c.l2 = f,
        "epochs" => c.epochs = f as usize,
        "lr" => c.learning_rate = f,
        "min_count" => c.min_count = f as usize,
        _ => c.average = f as usize,
    }
}

fn apply(all: &mut Settings, kv: &str) -> anyhow::Result<()> {
    let (st, cs, js, ws) = (&mut all.coder, &mut all.client, &mut all.judge, &mut all.words);
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
        "written_seeds" => st.written_seeds = f,
        "seed_bare_weight" => st.seed_bare_weight = f,
        "balance" => st.balance = f,
        "average" => {
            st.code.average = f as usize;
            st.subtype.average = f as usize;
            st.empathy.average = f as usize;
        }
        "drop_context_every" => st.drop_context_every = f as usize,
        "bare_every" => st.bare_every = f as usize,
        "bare_weight" => st.bare_weight = f,
        "sub_balance" => st.sub_balance = f,
        "client_lr" => cs.cfg.learning_rate = f,
        "client_epochs" => cs.cfg.epochs = f as usize,
        "client_l2" => cs.cfg.l2 = f,
        "client_average" => cs.cfg.average = f as usize,
        "client_min_count" => cs.cfg.min_count = f as usize,
        "client_aux" => cs.aux_weight = f,
        "teach_severity" => cs.teach_severity = f,
        "teach_distress" => cs.teach_distress = f,
        "sev_l2" | "sev_epochs" | "sev_lr" | "sev_min_count" | "sev_average" => {
            set_head_cfg(cs.severity_cfg.get_or_insert_with(|| cs.cfg.clone()), &k[4..], f)
        }
        "dis_l2" | "dis_epochs" | "dis_lr" | "dis_min_count" | "dis_average" => {
            set_head_cfg(cs.distress_cfg.get_or_insert_with(|| cs.cfg.clone()), &k[4..], f)
        }
        "esconv_severity" => cs.esconv_severity = f,
        "sad_distress" => cs.sad_distress = f,
        "hardship_situation" => cs.hardship_situation = f,
        "hardship_turn" => cs.hardship_turn = f,
        "hardship_neutral" => cs.hardship_neutral = f,
        "hardship_sad" => cs.hardship_sad = f,
        "act_ed_weight" => cs.act_ed_weight = f,
        "act_ed_every" => cs.act_ed_every = f as usize,
        "act_helpful_weight" => cs.act_helpful_weight = f,
        "client_state_weight" => cs.state_weight = f,
        "client_state_hardship" => cs.state_hardship_weight = f,
        "skip_ambiguous" => cs.skip_ambiguous = f > 0.0,
        "ed_distress" => cs.ed_distress = f,
        "esconv_distress" => cs.esconv_distress = f,
        "ed_situation" => cs.ed_situation = f,
        "ed_situation_emotion" => cs.ed_situation_emotion = f,
        "ed_later" => cs.ed_later = f,
        "goemotions_distress" => cs.goemotions_distress = f,
        "distress_other" => cs.distress_other = f,
        "emotion_balance" => cs.emotion_balance = f,
        "mlp_hidden" => cs.mlp.hidden = f as usize,
        "mlp_epochs" => cs.mlp.epochs = f as usize,
        "mlp_lr" => cs.mlp.learning_rate = f,
        "mlp_l2" => cs.mlp.l2 = f,
        "words_dim" => ws.dim = f as usize,
        "words_sif" => ws.sif = f as f64,
        "words_min_count" => ws.min_count = f as u64,
        "words_max" => ws.max_words = f as usize,
        "judge_lr" => js.cfg.learning_rate = f,
        "judge_epochs" => js.cfg.epochs = f as usize,
        "judge_l2" => js.cfg.l2 = f,
        "judge_max_false" => js.max_false_flags = f as f64,
        "judge_max_false_nc" => js.max_false_flags_nc = f as f64,
        "judge_max_session" => js.max_session_flags = f as f64,
        "judge_good_weight" => js.good_session_weight = f,
        "judge_seed_weight" => js.seed_weight = f,
        "judge_dropout" => js.context_dropout = f as usize,
        "judge_prior_met_every" => js.prior_met_every = f as usize,
        "judge_unpunct_every" => js.unpunctuated_every = f as usize,
        "judge_unpunct_weight" => js.unpunctuated_weight = f,
        "judge_prior_met_weight" => js.prior_met_weight = f,
        "judge_code_seed_weight" => js.code_seed_weight = f,
        "judge_nc_mi" => js.nc_mi = f as u8,
        "judge_esconv_nc" => js.esconv_nc_weight = f,
        "judge_studied" => js.studied_weight = f,
        "judge_nc_cal" => js.nc_calibration = f > 0.0,
        "judge_seed" => js.cfg.seed = v.parse().map_err(|_| anyhow::anyhow!("--set judge_seed: `{v}` is not a whole number"))?,
        _ => anyhow::bail!("unknown training setting `{k}` (see `attune train --help`)"),
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
    if args.out.is_some() && args.only.is_none() {
        anyhow::bail!("--out names one model's file: use it with --only coder|client|judge|redact");
    }
    // check every --set before any work
    settings(&args)?;
    let accurate = args.tier == "accurate";
    let want = |m: &str| args.only.as_deref().is_none_or(|o| o == m);
    if args.only.as_deref() == Some("segment") {
        return train_segment(&args).map(|_| 0);
    }
    if args.only.as_deref() == Some("spelling") {
        return train_spelling(&args).map(|_| 0);
    }
    if args.only.as_deref() == Some("words") {
        return train_words(&args).map(|_| 0);
    }
    if want("coder") {
        train_coder(&args)?;
    }
    let mut client = None;
    if want("client") {
        let sessions = read_files(&args.data, &CLIENT_FILES, "train")?;
        // attune's own labelled client turns for the act head (eval/client-acts.jsonl is never read here)
        // (models/client-acts*.jsonl), and the rupture turns of the training sessions (models/judge-sessions*.jsonl)
        let mut acts = read_each(&model_files("client-acts", ".jsonl")?, |t| attune_eval::client_data::parse_client_acts(t, None))?;
        if acts.is_empty() {
            anyhow::bail!("no models/client-acts*.jsonl: the client model's act head is trained on them (run attune train from the repository root)");
        }
        acts.extend(attune_eval::client_data::session_act_examples(&training_sessions()?));
        // the rupture head also learns the rupture turns of attune's studied evaluation sessions (eval/sessions.jsonl,
        // the splits `STUDIED_SESSION_SPLITS` names; never dev, holdout or a set not yet read)
        let studied = attune_eval::client_data::session_act_examples(&studied_sessions()?);
        // attune's own client turns labelled with distress and emotion (models/client-state*.jsonl)
        let states = read_each(&model_files("client-state", ".jsonl")?, attune_eval::client_data::parse_client_states)?;
        let table = if accurate {
            let mut texts = attune_eval::client_data::client_texts(&sessions);
            texts.extend(acts.iter().map(|a| a.text.as_str()));
            texts.extend(studied.iter().map(|a| a.text.as_str()));
            texts.extend(states.iter().map(|a| a.text.as_str()));
            Some(super::common::data_table(&texts, false)?)
        } else {
            None
        };
        let cs = settings(&args)?.client;
        let out = args.out.clone().unwrap_or_else(|| PathBuf::from(if accurate { "models/attune-client-v1-accurate.bin" } else { "models/attune-client-v1.bin" }));
        let teacher_model;
        let teacher_table;
        // the fast tier's severity also learns the shipped accurate client model's readings (its teacher), which read
        // the MiniLM embeddings of the training texts
        let teacher = if !accurate && (cs.teach_severity > 0.0 || cs.teach_distress > 0.0) {
            teacher_model = attune_text::client::ClientModel::bundled_accurate().map_err(|e| anyhow::anyhow!("the accurate client model: {e}"))?;
            teacher_table = super::common::data_table(&attune_eval::client_data::teacher_texts(&sessions), false).context(
                "the fast client model learns severity from the accurate tier's readings, which need the MiniLM encoder: run `bash scripts/setup.sh` (or train without it: --set teach_severity=0)",
            )?;
            Some(attune_eval::client_data::Teacher { model: &teacher_model, table: &teacher_table })
        } else {
            None
        };
        let m = attune_eval::client_data::train_client(&sessions, &acts, &studied, &states, &cs, table.as_ref(), teacher.as_ref());
        std::fs::write(&out, m.to_bytes()).with_context(|| format!("writing {}", out.display()))?;
        eprintln!("trained {} from {} train conversations -> {}", m.id, sessions.len(), out.display());
        client = Some(std::sync::Arc::new(m));
    }
    if want("judge") && !accurate {
        train_judge(&args, client)?;
    }
    if want("redact") && !accurate {
        train_redact(&args)?;
    }
    Ok(0)
}


/// The fast tier's static word vectors: the train splits' vocabulary, each word embedded alone by MiniLM.
fn train_words(args: &Args) -> anyhow::Result<()> {
    use attune_eval::words::{distill, vocabulary, WordSettings};
    let sessions = read_files(&args.data, &attune_eval::words::WORD_FILES, "train")?;
    let st: WordSettings = settings(args)?.words;
    let (vocab, total) = vocabulary(&sessions, &st);
    let words: Vec<&str> = vocab.iter().map(|(w, _)| w.as_str()).collect();
    eprintln!("embedding {} words ({} tokens in {} train conversations)", words.len(), total, sessions.len());
    let vectors = attune::tier::Encoder::default().embed(&words, &mut |_| {}).context("the word vectors need the MiniLM encoder (bash scripts/setup.sh)")?;
    let wv = distill(&vocab, total, &vectors, &st).map_err(|e| anyhow::anyhow!(e))?;
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("models/attune-words-v1.bin"));
    let bytes = wv.to_bytes();
    std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    let wv = attune_text::wordvec::WordVectors::from_bytes(&bytes).map_err(|e| anyhow::anyhow!(e))?;
    eprintln!("distilled {} ({} words x {}) -> {}", wv.id, wv.len(), wv.dim(), out.display());
    Ok(())
}

/// The spelling mender's word list: the train splits' word counts and the dictionaries' words.
fn train_spelling(args: &Args) -> anyhow::Result<()> {
    let sessions = read_files(&args.data, &attune_eval::words::WORD_FILES, "train")?;
    let counts = attune_eval::spelling::word_counts(&sessions);
    let dicts = args
        .dict
        .iter()
        .map(|p| std::fs::read_to_string(p).with_context(|| format!("reading {} (install Debian's wbritish-large and wamerican-large, or name word lists with --dict)", p.display())))
        .collect::<anyhow::Result<Vec<String>>>()?;
    let list = attune_eval::spelling::word_list(&counts, &dicts);
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("models/attune-spelling-v1.txt"));
    std::fs::write(&out, &list).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("{} words ({} written in {} train conversations) -> {}", list.lines().count() - 1, counts.len(), sessions.len(), out.display());
    Ok(())
}

/// The sentence-end model: the train splits' turns without their punctuation, the threshold chosen on the dev splits.
fn train_segment(args: &Args) -> anyhow::Result<()> {
    use attune_eval::segment::{lines, train_segmenter, SegmentSettings};
    let train = lines(&read_files(&args.data, &attune_eval::words::WORD_FILES, "train")?);
    let dev = lines(&read_files(&args.data, &attune_eval::words::WORD_FILES, "dev")?);
    let (m, log) = train_segmenter(&train, &dev, &SegmentSettings::default());
    for l in log {
        eprintln!("sentence ends: {l}");
    }
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("models/attune-segment-v1.bin"));
    std::fs::write(&out, m.to_bytes()).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("trained {} -> {}", m.id, out.display());
    Ok(())
}

/// The redaction tagger: eval/redact/train.jsonl, passes chosen on eval/redact/dev.jsonl (the test split is
/// never read here).
fn train_redact(args: &Args) -> anyhow::Result<()> {
    let read = |p: &str| -> anyhow::Result<Vec<attune_eval::redact::Item>> {
        let text = std::fs::read_to_string(p).with_context(|| format!("reading {p}"))?;
        attune_eval::redact::parse(&text, None).map_err(|e| anyhow::anyhow!("{p}: {e}"))
    };
    let (train, dev) = (read("eval/redact/train.jsonl")?, read("eval/redact/dev.jsonl")?);
    let (tagger, log) = attune_eval::redact::train_tagger(&train, &dev);
    for l in log {
        eprintln!("redact tagger: {l}");
    }
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("models/attune-redact-tagger.bin"));
    std::fs::write(&out, tagger.to_bytes()).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("trained the redaction tagger ({} weights) from {} sentences -> {}", tagger.len(), train.len(), out.display());
    Ok(())
}

fn train_judge(args: &Args, client: Option<std::sync::Arc<attune_text::ClientModel>>) -> anyhow::Result<()> {
    use attune_eval::judge_data::*;
    let sessions = read_files(&args.data, &JUDGE_FILES, "train")?;
    let mut examples = judge_examples(&sessions);
    let seed_files = if args.judge_seeds.is_empty() { model_files("misattunement-seeds", ".jsonl")? } else { args.judge_seeds.clone() };
    examples.extend(read_each(&seed_files, |t| parse_judge_seeds(t, 2.0))?);
    // whole sessions written for training, every therapist turn labelled
    examples.extend(session_seed_examples(&training_sessions()?));
    let code_seeds = read_code_seeds(args)?;
    examples.extend(code_seed_examples(&code_seeds, 1.0));
    let js = settings(args)?.judge;
    if js.studied_weight > 0.0 {
        examples.extend(studied_examples()?);
    }
    // the judge reads the fast coder's codes and the client model's state, as it will at run time
    let client = match client {
        Some(c) => Some(c),
        None => attune_text::ClientModel::bundled().ok(),
    };
    let coder = attune_text::Coder::bundled().with_client_model(client);
    let vtext = std::fs::read_to_string(&args.calibration).with_context(|| format!("reading {}", args.calibration.display()))?;
    let vign = attune_eval::judge_tasks::parse_vignettes(&vtext, Some("dev")).map_err(|e| anyhow::anyhow!("{}: {e}", args.calibration.display()))?;
    // thresholds: with a client turn on our vignettes' dev part; without one on the MI advise pairs' dev split
    // and the vignettes with an empty context
    let mut calibration: Vec<Calibration> = vign.iter().map(|v| Calibration::of(&vignette_example(v), &coder)).collect();
    let dev_pairs = read_files(&args.data, &["mi_advise_pairs/mi_advise_pairs.jsonl"], "dev")?;
    calibration.extend(judge_examples(&dev_pairs).iter().map(|e| Calibration::of(e, &coder)));
    // every fifth of our own no-context sentences is held out of training for the no-context threshold
    let mut k = 0usize;
    let (held, kept): (Vec<JudgeExample>, Vec<JudgeExample>) = examples.into_iter().partition(|e| {
        let hold = e.source == "seeds" && e.client.is_empty() && {
            k += 1;
            k % 5 == 0
        };
        hold
    });
    let examples = kept;
    calibration.extend(held.iter().map(|e| Calibration::of(e, &coder)));
    if js.nc_calibration {
        let files = model_files("nc-calibration", ".jsonl")?;
        if files.is_empty() {
            anyhow::bail!("no models/nc-calibration*.jsonl: the no-context threshold is set on them (or train with --set judge_nc_cal=0)");
        }
        let nc = read_each(&files, |t| parse_judge_seeds(t, 1.0))?;
        if let Some(e) = nc.iter().find(|e| !e.client.is_empty()) {
            anyhow::bail!("no-context calibration files must leave `context` empty; one has a client turn before `{}`", e.response);
        }
        calibration.extend(nc.iter().map(|e| Calibration::of(e, &coder)));
    }
    let mut counts: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for e in &examples {
        let c = counts.entry(e.source).or_default();
        if e.misattuned { c.0 += 1 } else { c.1 += 1 }
    }
    let mut examples = examples;
    for e in examples.iter_mut() {
        match e.source {
            "seeds" | "session_seeds" => e.weight = js.seed_weight,
            "code_seeds" => e.weight = js.code_seed_weight,
            "studied" => e.weight = js.seed_weight * js.studied_weight,
            _ => {}
        }
    }
    let examples = with_unpunctuated(examples, js.unpunctuated_every, js.unpunctuated_weight);
    let mut examples = mi_no_context(with_context_dropout(with_prior_met(examples, js.prior_met_every, js.prior_met_weight), js.context_dropout), js.nc_mi);
    if js.esconv_nc_weight > 0.0 {
        examples.extend(esconv_no_context(&sessions, 3, js.esconv_nc_weight));
    }
    // turns of conversations rated good: a third calibrates the threshold, the rest train as (weakly) attuned
    let good = good_session_turns(&sessions, 1);
    let session_cal: Vec<Calibration> = good.iter().step_by(3).map(|e| Calibration::of(e, &coder)).collect();
    let mut examples = examples;
    examples.extend(good.into_iter().enumerate().filter(|(i, _)| i % 3 != 0).map(|(_, mut e)| {
        e.weight = js.good_session_weight;
        e
    }));
    let m = train_judge_model(&examples, &coder, &js, &calibration, &session_cal);
    let nc_attuned = calibration.iter().filter(|c| !c.has_client && !c.misattuned).count();
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("models/attune-judge-v1.bin"));
    std::fs::write(&out, m.to_bytes()).with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "trained {} (flag thresholds {:.2} with a client turn, {:.2} without, set on {} attuned no-context responses) from {} examples {:?} -> {}",
        m.id,
        m.flag_threshold,
        m.flag_threshold_nc,
        nc_attuned,
        examples.len(),
        counts,
        out.display()
    );
    Ok(())
}

/// What `parse` reads from each file, in order; an error names the file (and `parse` the line).
fn read_each<T>(files: &[PathBuf], parse: impl Fn(&str) -> Result<Vec<T>, String>) -> anyhow::Result<Vec<T>> {
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).with_context(|| format!("reading {} (it must be UTF-8 text: save it as UTF-8)", f.display()))?;
        out.extend(parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?);
    }
    Ok(out)
}

/// The responses of the studied evaluation sets the judge learns from: the vignette files and session splits
/// `attune_eval::judge_data::STUDIED_JUDGE_VIGNETTES` and `attune_eval::client_data::STUDIED_SESSION_SPLITS` name (read
/// once unseen, then studied).
fn studied_examples() -> anyhow::Result<Vec<attune_eval::judge_data::JudgeExample>> {
    use attune_eval::judge_data::*;
    let mut out = Vec::new();
    for name in STUDIED_JUDGE_VIGNETTES {
        let path = PathBuf::from(format!("eval/vignettes-{name}.jsonl"));
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let vs = attune_eval::judge_tasks::parse_vignettes(&text, None).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        out.extend(vs.iter().map(|v| JudgeExample { source: "studied", ..vignette_example(v) }));
    }
    out.extend(session_seed_examples(&studied_sessions()?).into_iter().map(|e| JudgeExample { source: "studied", ..e }));
    Ok(out)
}

/// The studied splits of `eval/sessions.jsonl` (`attune_eval::client_data::STUDIED_SESSION_SPLITS`): the rupture head
/// learns their rupture turns, and with `--set judge_studied=W` the judge their labelled turns.
fn studied_sessions() -> anyhow::Result<Vec<attune_eval::session_tasks::LabelledSession>> {
    let all = read_each(&[PathBuf::from("eval/sessions.jsonl")], |t| attune_eval::session_tasks::parse_sessions(t, None))?;
    Ok(all.into_iter().filter(|s| attune_eval::client_data::STUDIED_SESSION_SPLITS.contains(&s.split.as_str())).collect())
}

/// The whole sessions written for training (`models/judge-sessions*.jsonl`): the judge learns from their labelled
/// therapist turns, the client model's act head from their rupture turns.
fn training_sessions() -> anyhow::Result<Vec<attune_eval::session_tasks::LabelledSession>> {
    read_each(&model_files("judge-sessions", ".jsonl")?, |t| attune_eval::session_tasks::parse_sessions(t, None))
}

/// Files in models/ whose names start with `prefix` and end with `ext`, in name order.
fn model_files(prefix: &str, ext: &str) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("models").context("reading models/ (run attune train from the repository root)")? {
        let p = e?.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with(prefix) && name.ends_with(ext) {
            out.push(p);
        }
    }
    out.sort();
    Ok(out)
}

fn read_code_seeds(args: &Args) -> anyhow::Result<Vec<(attune_core::Code, String, String)>> {
    let files = if args.seeds.is_empty() { model_files("seeds", ".tsv")? } else { args.seeds.clone() };
    seeds_from(&files)
}

fn seeds_from(files: &[PathBuf]) -> anyhow::Result<Vec<(attune_core::Code, String, String)>> {
    let mut seeds = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
        seeds.extend(parse_seeds(&text).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?);
    }
    Ok(seeds)
}

fn train_coder(args: &Args) -> anyhow::Result<()> {
    let sessions = load_split(&args.data, "train")?;
    let accurate = args.tier == "accurate";
    // The accurate coder learns from the spoken-register seeds at full weight and from the written ones
    // (seeds-written.tsv) at `written_seeds` (0.07). At full weight the written seeds moved its dev figures off AnnoMI
    // (annomi-behaviour 0.785 -> 0.773, annomi-quality 0.912 -> 0.824) for mi-codes 0.336 -> 0.456. Dev, annomi-behaviour
    // / esconv-strategy / vignette recall / attuned flagged (mi-codes, looked at too): 0 -> 0.787 / 0.492 / 0.831 /
    // 0.044 (0.336); 0.03 -> 0.782 / 0.487 / 0.853 / 0.051 (0.428); 0.07 -> 0.780 / 0.483 / 0.860 / 0.044 (0.449);
    // 0.15 -> 0.779 / 0.481 / 0.860 / 0.059 (0.443); 0.3 -> 0.777 / 0.481 / 0.868 / 0.059 (0.423).
    let mut settings = settings(args)?.coder;
    let seeds = if accurate && args.seeds.is_empty() {
        let mut seeds = seeds_from(&[PathBuf::from("models/seeds.tsv")])?;
        if settings.written_seeds > 0.0 {
            settings.seed_tail_weight = Some((seeds.len(), settings.written_seeds));
            seeds.extend(seeds_from(&[PathBuf::from("models/seeds-written.tsv")])?);
        }
        seeds
    } else {
        read_code_seeds(args)?
    };
    let table = if accurate {
        let mut texts = attune::tier::session_texts(&sessions);
        for (_, ctx, text) in &seeds {
            texts.push(ctx);
            texts.push(text);
        }
        Some(super::common::data_table(&texts, false)?)
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
    Ok(())
}
