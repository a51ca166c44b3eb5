//! `attune demo`: the bundled demo session (a fictional 42-turn session with premature advice after a
//! painful disclosure, a rupture and a repair) through the pipeline, to a report.

use super::common::{summary, write_out};
use attune::demo::{demo_session, DEMO_VTT};
use attune::Pipeline;
use std::path::PathBuf;

const NEXT_TO_REPORT: &str = "\u{1}next-to-report";

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  attune demo\n  attune demo -o demo.html --json demo.json\n  attune demo --transcript demo.vtt   # then: attune analyze demo.vtt")]
pub struct Args {
    /// Where to write the HTML report (`-` for standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE", default_value = "attune-demo-report.html")]
    pub output: PathBuf,
    /// Also write the JSON (assessment and coded turns); without a value, next to the report as .json.
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = NEXT_TO_REPORT)]
    pub json: Option<PathBuf>,
    /// Also write the demo transcript itself, to try `attune analyze` on it.
    #[arg(long, value_name = "FILE")]
    pub transcript: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let a = Pipeline::fast()?.analyze(demo_session()?)?;
    let mut meta = a.report_meta();
    meta.title = "Attunement report: demo session".into();
    meta.source = Some("demo session (fictional)".into());
    write_out(&args.output, &a.to_html_with(meta))?;
    let to_stdout = args.output.as_os_str() == "-";
    let mut wrote = vec![];
    if !to_stdout {
        wrote.push(args.output.clone());
    }
    if let Some(j) = &args.json {
        let path = if j.as_os_str() != NEXT_TO_REPORT {
            j.clone()
        } else if to_stdout {
            PathBuf::from("attune-demo-report.json")
        } else {
            args.output.with_extension("json")
        };
        write_out(&path, &a.to_json()?)?;
        if path.as_os_str() != "-" {
            wrote.push(path);
        }
    }
    if let Some(t) = &args.transcript {
        write_out(t, DEMO_VTT)?;
        if t.as_os_str() != "-" {
            wrote.push(t.clone());
        }
    }
    if !args.quiet {
        if !to_stdout {
            eprintln!("{}", summary(&a));
        }
        for p in wrote {
            let shown = std::path::absolute(&p).unwrap_or(p);
            eprintln!("wrote {}", shown.display());
        }
    }
    Ok(0)
}
