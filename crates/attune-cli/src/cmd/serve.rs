//! `attune serve`: the JSON API (attune-server) on a SQLite database.

use anyhow::Context;
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  attune user add \"Dr Reyes\" --role supervisor --db attune.db\n  \
attune user add Ana --role therapist --supervisor \"Dr Reyes\" --token --db attune.db\n  \
attune serve --db attune.db --addr 127.0.0.1:7878\n  \
curl -H \"Authorization: Bearer $TOKEN\" -F transcript=@session.vtt http://127.0.0.1:7878/api/sessions\n\n\
The API is described at /api/openapi.json. Nothing leaves the machine; bind to 127.0.0.1 unless a proxy with TLS \
stands in front.")]
pub struct Args {
    /// The SQLite database (created and migrated if needed).
    #[arg(long, default_value = "attune.db")]
    db: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:7878")]
    addr: String,
    /// Start on a temporary database seeded with a fictional clinic (a supervisor, two trainees, twelve
    /// sessions over six weeks); it is deleted when the server stops.
    #[arg(long, conflicts_with = "db")]
    demo: bool,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let demo_dir = args.demo.then(|| std::env::temp_dir().join(format!("attune-demo-clinic-{}", std::process::id())));
    let db = match &demo_dir {
        Some(d) => {
            std::fs::create_dir_all(d)?;
            d.join("demo.db")
        }
        None => args.db.clone(),
    };
    let store = attune_store::Store::open(&db).with_context(|| format!("{}: cannot open the database", db.display()))?;
    let state = attune_server::AppState::new(store).map_err(|e| anyhow::anyhow!(e))?;
    if demo_dir.is_some() {
        let users = attune_server::seed_demo(&state).map_err(|e| anyhow::anyhow!(e))?;
        eprintln!("demo clinic: log in as {} with the password `{}`", users.join(", "), attune_server::DEMO_PASSWORD);
    }
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&args.addr).await.with_context(|| format!("cannot listen on {}", args.addr))?;
        eprintln!("attune serving on http://{} (database {})", listener.local_addr()?, db.display());
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        axum::serve(listener, attune_server::router(state)).with_graceful_shutdown(shutdown).await.context("the server stopped")?;
        if let Some(d) = &demo_dir {
            std::fs::remove_dir_all(d).ok();
        }
        anyhow::Ok(0)
    })
}
