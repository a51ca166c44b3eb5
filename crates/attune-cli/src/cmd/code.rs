//! `attune code FILE`: arguments → `attune::Pipeline::code` → the coded transcript, as a readable table or JSON.

use super::common::TierArg;
use anyhow::bail;
use attune::input::ReadSpec;
use attune::{Options, Pipeline};
use attune_core::Role;
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  attune code session.vtt\n  attune code zoom.vtt --therapist \"Dr. Lee\" --client Sam\n  \
attune code session.srt --json > coded.json\n  attune code whisper.json --rttm diarization.rttm")]
pub struct Args {
    /// The transcript: .vtt, .srt, .txt, .csv, attune .json, .jsonl, or Whisper .json (with --rttm).
    file: PathBuf,
    /// The therapist's speaker name as written in the transcript (otherwise roles are inferred).
    #[arg(long, value_name = "NAME")]
    therapist: Option<String>,
    /// The client's speaker name as written in the transcript.
    #[arg(long, value_name = "NAME")]
    client: Option<String>,
    /// Force the input format (vtt, srt, txt, csv, json, jsonl, whisper).
    #[arg(long, value_name = "FORMAT")]
    format: Option<String>,
    /// A pyannote RTTM diarization to combine with a Whisper JSON transcript.
    #[arg(long, value_name = "FILE")]
    rttm: Option<PathBuf>,
    /// Register of the talk: `spoken` (transcribed session) or `chat` (written support); default:
    /// spoken when the transcript has times.
    #[arg(long, value_name = "REGISTER")]
    register: Option<String>,
    /// Print the coded session(s) as JSON (schema attune.coded/1), one document per session.
    #[arg(long)]
    json: bool,
    /// Coder tier: `fast` (default) or `accurate` (adds MiniLM sentence embeddings; slower, more accurate).
    #[arg(long, value_enum, default_value_t)]
    tier: TierArg,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let spec = ReadSpec {
        therapist: args.therapist.clone(),
        client: args.client.clone(),
        format: args.format.clone(),
        session: None,
        rttm: args.rttm.clone(),
    };
    let (sessions, warnings) = attune::input::read_all(&args.file, &spec)?;
    for w in &warnings {
        eprintln!("{w}");
    }
    let pipeline = Pipeline::new(Options { tier: args.tier.into(), ..Options::default() })?;
    for mut s in sessions {
        if let Some(r) = &args.register {
            if r != "spoken" && r != "chat" {
                bail!("--register takes `spoken` or `chat`, not `{r}`");
            }
            s.meta.insert("register".into(), serde_json::Value::String(r.clone()));
        }
        let coded = pipeline.code(&s)?;
        if args.json {
            println!("{}", serde_json::to_string_pretty(&coded)?);
            continue;
        }
        println!("session {} ({} turns){}", s.id, s.turns.len(), if s.roles_inferred { " — roles were inferred; set --therapist/--client to fix them" } else { "" });
        println!("{:>4}  {:>8}  {:<10} {:<19} {:>5}  {:<5}  text / evidence", "#", "time", "speaker", "code", "conf", "E R/I/X");
        for (i, (t, a)) in s.turns.iter().zip(&coded.turns).enumerate() {
            let time = t.start.map(|x| format!("{:02}:{:02}:{:02}", (x / 3600.0) as u64, ((x % 3600.0) / 60.0) as u64, (x % 60.0) as u64)).unwrap_or_default();
            let who: String = t.speaker.chars().take(10).collect();
            match (t.role, &a.coding, &a.affect) {
                (Role::Therapist, Some(c), _) => {
                    let mut code = c.code.to_string();
                    if c.feeling {
                        code.push_str("+feel");
                    }
                    if c.permission {
                        code.push_str("+perm");
                    }
                    println!("{:>4}  {:>8}  {:<10} {:<19} {:>5.2}  {}/{}/{}    {}", i + 1, time, who, code, c.confidence, c.empathy.reactions, c.empathy.interpretations, c.empathy.explorations, clip(&t.text, 90));
                    if !c.evidence.is_empty() {
                        println!("{:>60}because: {}", "", c.evidence.iter().take(3).cloned().collect::<Vec<_>>().join("; "));
                    }
                }
                (_, _, Some(af)) => {
                    let mood = format!("{} {:.1}", af.emotion, af.intensity);
                    println!("{:>4}  {:>8}  {:<10} {:<19} {:>5}  {:<5}    {}", i + 1, time, who, mood, "", "", clip(&t.text, 90));
                }
                _ => println!("{:>4}  {:>8}  {:<10} {:<19} {:>5}  {:<5}    {}", i + 1, time, who, "", "", "", clip(&t.text, 90)),
            }
        }
        println!();
    }
    Ok(0)
}

fn clip(s: &str, n: usize) -> String {
    let s = s.replace('\n', " ");
    if s.chars().count() <= n {
        s
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}
