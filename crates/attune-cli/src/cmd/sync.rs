//! `attune sync`: movement / physiological synchrony with rMEA's semantics.

use anyhow::Context;
use attune_signal::ccf::{CcfConfig, CcfResult, Preprocess};
use attune_signal::report::{self, Modality, ReportData, SyncOptions};
use attune_signal::series::Dyad;
use attune_signal::{SignalInput, surrogate};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  attune sync 200_01.txt --lag 5 --window 60 --increment 30\n  \
attune sync a.txt b.txt --surrogates 1000 --json\n  attune sync hr.csv --columns hr_A,hr_B --rate 4 --modality physiology\n\n\
MEA text files (.txt): a header line, then two or more numeric columns; with more than two, the first half \
are summed as person 1 and the second half as person 2. CSV files: a header row; --time-col or --rate; the \
first two numeric columns (or --columns) are the two people. Positive lags mean person 1 (patient) leads.")]
pub struct Args {
    /// Input files, one dyad each (MEA .txt or CSV).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Maximum lag in seconds (each side).
    #[arg(long, default_value_t = 5.0)]
    lag: f64,
    /// Window length in seconds.
    #[arg(long, default_value_t = 60.0)]
    window: f64,
    /// Step between windows in seconds.
    #[arg(long, default_value_t = 30.0)]
    increment: f64,
    /// Sample rate in Hz (MEA default 25; CSV without a time column needs it).
    #[arg(long)]
    rate: Option<f64>,
    /// Smooth first with a centred moving average of this many seconds (rMEA's MEAsmooth, 0.5).
    #[arg(long)]
    smooth: Option<f64>,
    /// Divide each series by its standard deviation first (rMEA's MEAscale).
    #[arg(long)]
    scale: bool,
    /// Keep the sign of the correlations (rMEA's ABS = FALSE).
    #[arg(long)]
    signed: bool,
    /// Report plain r instead of Fisher z (rMEA's r2Z = FALSE).
    #[arg(long)]
    plain_r: bool,
    /// Number of segment-shuffle surrogates.
    #[arg(long, default_value_t = 0)]
    surrogates: usize,
    /// Segment length of the shuffle in seconds.
    #[arg(long, default_value_t = 30.0)]
    segment: f64,
    /// Seed of the surrogate draws.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Also run SUSY (segment = --segment, max lag = --lag).
    #[arg(long)]
    susy: bool,
    /// Shift the series onto the transcript's clock by this many seconds.
    #[arg(long, default_value_t = 0.0)]
    offset: f64,
    /// CSV: name of the time column (seconds).
    #[arg(long)]
    time_col: Option<String>,
    /// CSV: the two columns, comma-separated (person 1, person 2).
    #[arg(long, value_delimiter = ',')]
    columns: Vec<String>,
    /// What the series measure (sets the published reference effect); default: movement for MEA
    /// files, physiology for ECG CSV (converted to heart rate at 4 Hz), other for CSV.
    #[arg(long, value_enum)]
    modality: Option<ModalityArg>,
    /// The files are RR-interval lists (ms or s, one per line, as heart-rate straps and Kubios
    /// export them), taken two at a time (person 1, person 2), both starting at --offset; each
    /// pair becomes heart rate on a 4 Hz grid.
    #[arg(long)]
    rr: bool,
    /// With several files: also compare each dyad with between-dyad pseudo pairs (its person 1
    /// with every other dyad's person 2 and vice versa).
    #[arg(long)]
    between: bool,
    /// Write rMEA-compatible <id>_ccf.csv and <id>_ccfRes.csv into this folder.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// JSON Lines: one object per dyad instead of the summary CSV.
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ModalityArg {
    Movement,
    Physiology,
    Other,
}

fn load(path: &Path, a: &Args) -> anyhow::Result<(Dyad, Modality)> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let label = path.display().to_string();
    let input = SignalInput {
        format: None,
        rate_hz: a.rate,
        offset_s: a.offset,
        columns: a.columns.clone(),
        time_col: a.time_col.clone(),
    };
    let (d, m) = attune_signal::load_dyad(&text, &label, &input)?;
    for n in &d.quality.notes {
        eprintln!("warning: {n}");
    }
    Ok((d, m))
}

fn fmt(v: f64) -> String {
    if v.is_nan() { "NA".into() } else { format!("{v}") }
}

fn hms(s: f64) -> String {
    let t = s.round() as i64;
    format!("{:02}:{:02}:{:02}", t / 3600, (t / 60) % 60, t % 60)
}

/// A CSV table (header and rows) through the csv crate, so that any field with a comma, quote or line
/// break is quoted.
fn csv_table(header: &[String], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(&r);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// rMEA-style matrix CSV.
pub fn matrix_csv(r: &CcfResult) -> String {
    let header: Vec<String> = std::iter::once("window".to_string()).chain(r.lags_s.iter().map(|l| format!("lag{l}"))).collect();
    csv_table(
        &header,
        (0..r.n_windows()).map(|w| std::iter::once(format!("w{}", w + 1)).chain(r.row(w).iter().map(|v| fmt(*v))).collect()),
    )
}

/// rMEA-style per-window summaries CSV.
pub fn res_csv(r: &CcfResult) -> String {
    let header: Vec<String> = "window,start,end,all_lags,s1_lead,s2_lead,lag_zero,s1_lead_0,s2_lead_0,bestLag".split(',').map(String::from).collect();
    csv_table(
        &header,
        r.windows.iter().map(|w| {
            vec![
                format!("w{}", w.index + 1),
                hms(w.start_s),
                hms(w.end_s),
                fmt(w.all_lags),
                fmt(w.s1_lead),
                fmt(w.s2_lead),
                fmt(w.lag_zero),
                fmt(w.s1_lead_0),
                fmt(w.s2_lead_0),
                fmt(w.best_lag_s),
            ]
        }),
    )
}

fn json_of(d: &Dyad, r: &ReportData) -> serde_json::Value {
    let c = &r.ccf;
    let matrix: Vec<Vec<Option<f64>>> =
        (0..c.n_windows()).map(|w| c.row(w).iter().map(|v| if v.is_nan() { None } else { Some(*v) }).collect()).collect();
    serde_json::json!({
        "id": r.id,
        "s1": r.s1_name,
        "s2": r.s2_name,
        "rate_hz": c.rate_hz,
        "samples": d.s1.values.len().min(d.s2.values.len()),
        "config": c.config,
        "percent_moving": [attune_signal::ccf::percent_moving(&d.s1.values), attune_signal::ccf::percent_moving(&d.s2.values)],
        "grand_average": c.grand_average,
        "n_windows": c.n_windows(),
        "lags": c.lags_s,
        "windows": c.windows,
        "matrix": matrix,
        "surrogates": r.surrogate,
        "susy": r.susy,
        "lead_lag": r.lead_lag,
        "concordance": r.concordance,
        "evidence": r.evidence,
        "quality": d.quality,
    })
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    match run_inner(args) {
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) => Ok(0),
        r => r,
    }
}

fn run_inner(args: Args) -> anyhow::Result<u8> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let opts = SyncOptions {
        config: CcfConfig {
            lag_s: args.lag,
            window_s: args.window,
            increment_s: args.increment,
            r_to_z: !args.plain_r,
            abs: !args.signed,
        },
        preprocess: Preprocess { smooth_s: args.smooth, scale: args.scale },
        surrogates: args.surrogates,
        segment_s: args.segment,
        seed: args.seed,
        susy: if args.susy { Some((args.segment, args.lag)) } else { None },
        modality: Modality::Movement,
    };
    let forced = args.modality.map(|m| match m {
        ModalityArg::Movement => Modality::Movement,
        ModalityArg::Physiology => Modality::Physiology,
        ModalityArg::Other => Modality::Other,
    });
    if let Some(o) = &args.out {
        std::fs::create_dir_all(o).with_context(|| format!("cannot create {}", o.display()))?;
    }
    let mut header_done = false;
    let (dyads, labels): (Vec<(Dyad, Modality)>, Vec<PathBuf>) = if args.rr {
        if args.files.len() % 2 != 0 {
            anyhow::bail!("--rr takes RR files in pairs (person 1, person 2); got {}", args.files.len());
        }
        let mut v = vec![];
        for pair in args.files.chunks(2) {
            let read = |p: &PathBuf| std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()));
            let (t1, t2) = (read(&pair[0])?, read(&pair[1])?);
            let (l1, l2) = (pair[0].display().to_string(), pair[1].display().to_string());
            let d = attune_signal::input::dyad_from_rr((&t1, &l1), (&t2, &l2), None, args.offset)?;
            for n in &d.quality.notes {
                eprintln!("warning: {n}");
            }
            v.push(((d, Modality::Physiology), pair[0].clone()));
        }
        v.into_iter().unzip()
    } else {
        let d = args.files.iter().map(|f| load(f, &args)).collect::<anyhow::Result<Vec<_>>>()?;
        (d, args.files.clone())
    };
    let between = if args.between && dyads.len() >= 2 {
        let prepped: Vec<(Vec<f64>, Vec<f64>, f64)> = dyads
            .iter()
            .map(|(d, _)| {
                let d = d.aligned()?;
                let r = d.s1.rate_hz;
                Ok((
                    attune_signal::ccf::preprocess_for_ccf(&d.s1.values, r, &opts.preprocess),
                    attune_signal::ccf::preprocess_for_ccf(&d.s2.values, r, &opts.preprocess),
                    r,
                ))
            })
            .collect::<anyhow::Result<_>>()?;
        let rate = prepped[0].2;
        if prepped.iter().any(|p| p.2 != rate) {
            anyhow::bail!("--between needs all files at the same sample rate");
        }
        let refs: Vec<(&[f64], &[f64])> = prepped.iter().map(|p| (p.0.as_slice(), p.1.as_slice())).collect();
        (0..refs.len()).map(|i| surrogate::between_dyads(&refs, i, rate, &opts.config).map(Some)).collect::<Result<Vec<_>, _>>()?
    } else {
        vec![None; dyads.len()]
    };
    for (((d, detected), f), btw) in dyads.iter().zip(&labels).zip(&between) {
        let opts = SyncOptions { modality: forced.unwrap_or(*detected), ..opts.clone() };
        let r = report::analyze(d, &opts).with_context(|| format!("{}", f.display()))?;
        if let Some(o) = &args.out {
            let p1 = o.join(format!("{}_ccf.csv", r.id));
            let p2 = o.join(format!("{}_ccfRes.csv", r.id));
            std::fs::write(&p1, matrix_csv(&r.ccf)).with_context(|| format!("cannot write {}", p1.display()))?;
            std::fs::write(&p2, res_csv(&r.ccf)).with_context(|| format!("cannot write {}", p2.display()))?;
        }
        if args.json {
            let mut j = json_of(d, &r);
            if let Some(b) = btw {
                j["between_dyad"] = serde_json::to_value(b)?;
            }
            writeln!(out, "{}", serde_json::to_string(&j)?)?;
            continue;
        }
        let c = &r.ccf;
        let m = |f: fn(&attune_signal::WindowSummary) -> f64| attune_signal::ccf::mean_finite_pub(c.windows.iter().map(f));
        let mut header: Vec<String> =
            "uid,s1,s2,s1_pct,s2_pct,all_lags,s1_lead,s2_lead,lag_zero,grandAver,n_win,concordance,leader".split(',').map(String::from).collect();
        let mut row = vec![
            r.id.clone(),
            r.s1_name.clone(),
            r.s2_name.clone(),
            fmt(attune_signal::ccf::percent_moving(&d.s1.values)),
            fmt(attune_signal::ccf::percent_moving(&d.s2.values)),
            fmt(m(|w| w.all_lags)),
            fmt(m(|w| w.s1_lead)),
            fmt(m(|w| w.s2_lead)),
            fmt(m(|w| w.lag_zero)),
            fmt(c.grand_average),
            c.n_windows().to_string(),
            fmt(r.concordance),
            r.lead_lag.leader.clone().unwrap_or_else(|| "none".into()),
        ];
        if args.surrogates > 0 {
            header.extend("surr_n,surr_mean,surr_sd,cohens_d,percentile,p_value".split(',').map(String::from));
        }
        if let Some(s) = &r.surrogate {
            row.extend([s.n.to_string(), fmt(s.mean), fmt(s.sd), fmt(s.cohens_d), fmt(s.percentile), fmt(s.p_value)]);
        }
        if let Some(b) = btw {
            header.extend("between_n,between_mean,between_d,between_percentile".split(',').map(String::from));
            row.extend([b.n.to_string(), fmt(b.mean), fmt(b.cohens_d), fmt(b.percentile)]);
        }
        if args.susy {
            header.extend("susy_Z,susy_Z_pseudo,susy_ES".split(',').map(String::from));
        }
        if let Some(s) = &r.susy {
            row.extend([fmt(s.z), fmt(s.z_pseudo), fmt(s.es)]);
        }
        let table = csv_table(&header, [row]);
        // The header once, before the first row.
        let text = if header_done { table.split_once('\n').map(|(_, rest)| rest).unwrap_or("") } else { table.as_str() };
        header_done = true;
        out.write_all(text.as_bytes())?;
    }
    Ok(0)
}
