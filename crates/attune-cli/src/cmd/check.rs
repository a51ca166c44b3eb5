//! `attune check`: check one chatbot or supporter response, or JSON Lines of them.
//! Arguments → `attune::Pipeline::check` (one response) or `attune::check::check_lines` (JSON Lines, in
//! parallel chunks written in input order).
use anyhow::Context as _;
use attune::check::{check_lines, context, to_json};
use attune::{CheckResult, Pipeline};
use std::io::{BufRead, Write};

#[derive(clap::Args)]
#[command(after_help = "Examples:
  attune check --client \"I can't sleep, I'm so stressed about work\" --response \"Just try melatonin\"
  attune check --client \"...\" --response \"...\" --json
  attune check --response \"You need to stop drinking right now.\"   # no context: MI adherence
  attune check --jsonl responses.jsonl --fail-under 60
  cat responses.jsonl | attune check --jsonl -

JSON Lines input, one object per line:
  {\"context\": [\"I feel awful\", \"What happened?\", \"I lost my job\"], \"response\": \"...\"}
  {\"context\": [{\"role\": \"user\", \"text\": \"...\"}, {\"role\": \"assistant\", \"text\": \"...\"}], \"response\": \"...\", \"id\": \"42\"}
A list of strings alternates speakers and ends with the client's turn. Output: one JSON object per input line
with code, confidence, flags (kind, quote, explanation, alternative labelled \"example\"), empathy, score (0-100)
and evidence.

Exit codes: 0 all checked and none below --fail-under; 1 some score below --fail-under; 2 bad input
(each bad line is reported with its line number; the other lines are still checked).")]
pub struct Args {
    /// The client's message that the response answers (leave it out to check a response on its own,
    /// as MI adherence is coded: advice without permission, confronting, warning and directing are flagged).
    #[arg(long, value_name = "TEXT", conflicts_with = "jsonl", requires = "response")]
    pub client: Option<String>,
    /// The response to check.
    #[arg(long, value_name = "TEXT", conflicts_with = "jsonl")]
    pub response: Option<String>,
    /// Earlier turns before --client, oldest first, alternating (the last one is the supporter's). Repeatable.
    #[arg(long = "context", value_name = "TEXT", conflicts_with = "jsonl", requires = "client")]
    pub context: Vec<String>,
    /// Read JSON Lines of {"context": [...], "response": "..."} from FILE, or `-` for standard input.
    #[arg(long, value_name = "FILE|-")]
    pub jsonl: Option<String>,
    /// Print the single result as JSON (JSON Lines input always prints JSON).
    #[arg(long)]
    pub json: bool,
    /// Exit with code 1 when any score is below SCORE (0-100).
    #[arg(long, value_name = "SCORE", value_parser = parse_score)]
    pub fail_under: Option<f64>,
}

fn parse_score(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if !(0.0..=100.0).contains(&v) {
        return Err(format!("{v} is outside 0-100"));
    }
    Ok(v)
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let pipeline = Pipeline::fast()?;
    if let Some(src) = &args.jsonl {
        return run_jsonl(src, &pipeline, args.fail_under);
    }
    let Some(response) = &args.response else {
        anyhow::bail!("give --response TEXT (with --client TEXT for the message it answers), or --jsonl FILE (use `-` for standard input); see `attune check --help`");
    };
    let turns = match &args.client {
        Some(client) => context(&args.context, client),
        None => Vec::new(),
    };
    let r = pipeline.check(&turns, response);
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&to_json(&r, None, None))?)?;
    } else {
        write_readable(&mut out, &r)?;
    }
    Ok(match args.fail_under {
        Some(min) if r.score < min => {
            eprintln!("score {:.0} is below --fail-under {min}", r.score);
            1
        }
        _ => 0,
    })
}

fn run_jsonl(src: &str, pipeline: &Pipeline, fail_under: Option<f64>) -> anyhow::Result<u8> {
    let reader: Box<dyn BufRead> = if src == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(src).with_context(|| format!("cannot open `{src}`"))?;
        Box::new(std::io::BufReader::new(f))
    };
    let label = if src == "-" { "<stdin>" } else { src };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failures: Vec<(usize, String)> = Vec::new();
    let mut below: Vec<usize> = Vec::new();
    let mut checked = 0usize;
    // chunks of lines are judged in parallel and written in input order
    let mut lines = reader.lines().enumerate();
    loop {
        let mut chunk: Vec<(usize, std::io::Result<String>)> = Vec::with_capacity(CHUNK);
        for _ in 0..CHUNK {
            match lines.next() {
                Some((i, l)) => chunk.push((i + 1, l)),
                None => break,
            }
        }
        if chunk.is_empty() {
            break;
        }
        for (lineno, res) in check_lines(pipeline, chunk) {
            match res {
                None => {}
                Some(Ok((r, id))) => {
                    checked += 1;
                    if fail_under.map(|m| r.score < m).unwrap_or(false) {
                        below.push(lineno);
                    }
                    writeln!(out, "{}", serde_json::to_string(&to_json(&r, Some(lineno), id))?)?;
                }
                Some(Err(e)) => {
                    eprintln!("{label}:{lineno}: {e}");
                    failures.push((lineno, e));
                }
            }
        }
    }
    out.flush()?;
    drop(out);
    if !failures.is_empty() {
        let lines: Vec<String> = failures.iter().map(|(l, _)| l.to_string()).collect();
        eprintln!(
            "error: {} line(s) of {label} could not be checked (line {}); {checked} checked",
            failures.len(),
            lines.join(", ")
        );
        return Ok(2);
    }
    if let Some(m) = fail_under {
        if !below.is_empty() {
            let lines: Vec<String> = below.iter().map(|l| l.to_string()).collect();
            eprintln!("{} of {checked} response(s) scored below {m} (line {})", below.len(), lines.join(", "));
            return Ok(1);
        }
    }
    Ok(0)
}

const CHUNK: usize = 4096;

fn write_readable(out: &mut impl Write, r: &CheckResult) -> std::io::Result<()> {
    writeln!(out, "score     {:.0}/100", r.score)?;
    if let Some(p) = r.p_misattuned {
        writeln!(out, "judged    {:.0}% likely misattuned{}", p * 100.0, r.likely_kind.as_deref().map(|k| format!(" (most like {})", k.replace('_', " "))).unwrap_or_default())?;
    }
    if let Some(l) = &r.language {
        writeln!(out, "language  {l}: attune reads English only, so no flag is raised and the score is a guess")?;
    }
    writeln!(out, "code      {} ({:.0}% confident) — {}", r.code, r.confidence * 100.0, r.code.describe())?;
    writeln!(
        out,
        "empathy   reactions {} · interpretations {} · explorations {} (EPITOME, 0-2 each)",
        r.empathy.reactions, r.empathy.interpretations, r.empathy.explorations
    )?;
    if let Some(a) = &r.client_affect {
        writeln!(out, "client    {} (intensity {:.2}, distress {:.0}%, hardship told {:.0}%, {})", a.emotion, a.intensity, a.distress * 100.0, a.hardship * 100.0, a.act.as_str().replace('_', " "))?;
    }
    if r.flags.is_empty() {
        writeln!(out, "flags     none")?;
    } else {
        writeln!(out, "flags")?;
        for f in &r.flags {
            writeln!(out, "  ✗ {} ({:?}): \"{}\"", f.kind.label(), f.severity, f.quote)?;
            writeln!(out, "    why: {}", f.explanation)?;
            writeln!(out, "    an attuned alternative ({}): \"{}\"", f.alternative.label, f.alternative.text)?;
        }
    }
    if !r.evidence.is_empty() {
        writeln!(out, "evidence  {}", r.evidence.join("; "))?;
    }
    Ok(())
}
