//! `attune user`: users of `attune serve` (roles, supervisors, API tokens).

use anyhow::Context;
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  attune user add \"Dr Reyes\" --role supervisor --db attune.db\n  \
attune user add Ana --role therapist --supervisor \"Dr Reyes\" --token --db attune.db\n  attune user token Ana --db attune.db")]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Add a user.
    Add {
        name: String,
        /// therapist (trainees are therapists with a supervisor), supervisor or admin.
        #[arg(long)]
        role: String,
        /// The supervisor who may see this therapist's sessions.
        #[arg(long)]
        supervisor: Option<String>,
        /// Also print a new API token (shown once; only its hash is stored).
        #[arg(long)]
        token: bool,
        /// Read a password for the web UI from standard input (one line, at least 8 characters).
        #[arg(long)]
        password_stdin: bool,
        #[arg(long, default_value = "attune.db")]
        db: PathBuf,
    },
    /// Print a new API token for a user (shown once).
    Token {
        name: String,
        #[arg(long, default_value = "attune.db")]
        db: PathBuf,
    },
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    match args.action {
        Action::Add { name, role, supervisor, token, password_stdin, db } => {
            let role = attune_store::Role::parse(&role).with_context(|| format!("unknown role `{role}` (therapist, supervisor, admin)"))?;
            let mut st = attune_store::Store::open(&db).with_context(|| format!("{}: cannot open the database", db.display()))?;
            let u = st.add_user(&name, role, supervisor.as_deref())?;
            if password_stdin {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                st.set_password(u.id, line.trim_end_matches(['\r', '\n']))?;
            }
            eprintln!("added {} ({}, id {})", u.name, u.role.as_str(), u.id);
            if token {
                println!("{}", st.new_token(u.id)?);
            }
        }
        Action::Token { name, db } => {
            let mut st = attune_store::Store::open(&db).with_context(|| format!("{}: cannot open the database", db.display()))?;
            let u = st.user_by_name(&name)?.with_context(|| format!("no user `{name}`"))?;
            println!("{}", st.new_token(u.id)?);
        }
    }
    Ok(0)
}
