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
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let store = attune_store::Store::open(&args.db).with_context(|| format!("{}: cannot open the database", args.db.display()))?;
    let state = attune_server::AppState::new(store).map_err(|e| anyhow::anyhow!(e))?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&args.addr).await.with_context(|| format!("cannot listen on {}", args.addr))?;
        eprintln!("attune serving on http://{} (database {})", listener.local_addr()?, args.db.display());
        axum::serve(listener, attune_server::router(state)).await.context("the server stopped")?;
        anyhow::Ok(0)
    })
}
