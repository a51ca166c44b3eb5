//! `attune bench serve`: the server on loopback, in this process, on a temporary database file: POST /api/check
//! at a fixed open-loop rate (latency counted from when each request was due, so a slow server cannot hide its
//! queue), uploads of a 60-minute transcript to the stored report, and concurrent live streams; peak memory before
//! and after the load.

use attune::bench::{load_average, peak_rss_mib, quantile};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

#[derive(clap::Args)]
#[command(after_help = "Targets (issue 12): check p99 ≤ 10 ms at 500 requests/s for 60 s with no error; 100 live streams, \
each therapist turn answered within 20 ms p99; a 60-minute transcript uploaded and analysed to the stored report in ≤ 200 ms; \
memory flat over the load.\n\nExample:\n  attune bench serve --rate 500 --seconds 60 --streams 100")]
pub struct Args {
    /// Check requests per second (open loop).
    #[arg(long, default_value_t = 500.0)]
    rate: f64,
    /// Seconds of check load.
    #[arg(long, default_value_t = 60.0)]
    seconds: f64,
    /// Keep-alive connections the check load is spread over.
    #[arg(long, default_value_t = 16)]
    connections: usize,
    /// Concurrent live streams.
    #[arg(long, default_value_t = 100)]
    streams: usize,
    /// Therapist turns per live stream (each after a client turn).
    #[arg(long, default_value_t = 20)]
    live_turns: usize,
    /// Turns of the uploaded transcript (the demo session repeated; 260 turns span 60 minutes).
    #[arg(long, default_value_t = 260)]
    upload_turns: usize,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

const CHECK: &str = r#"{"context": ["How have you been?", "Terrible. I sat in the car outside work for forty minutes and couldn't go in."], "response": "Have you tried making a to-do list the night before?"}"#;

/// One keep-alive HTTP/1.1 exchange; returns the status code.
async fn exchange<S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin>(s: &mut BufReader<S>, req: &[u8]) -> std::io::Result<u16> {
    s.get_mut().write_all(req).await?;
    let mut line = String::new();
    s.read_line(&mut line).await?;
    let status: u16 = line.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let mut len = 0usize;
    loop {
        line.clear();
        s.read_line(&mut line).await?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            len = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0u8; len];
    s.read_exact(&mut body).await?;
    Ok(status)
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    anyhow::ensure!(args.rate > 0.0 && args.seconds > 0.0 && args.connections > 0, "--rate, --seconds and --connections must be positive");
    let dir = std::env::temp_dir().join(format!("attune-bench-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut store = attune_store::Store::open(&dir.join("bench.db"))?;
    let user = store.add_user("bench", attune_store::Role::Therapist, None)?;
    let token = store.new_token(user.id)?;
    let state = attune_server::AppState::new(store).map_err(|e| anyhow::anyhow!(e))?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let result = rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        tokio::spawn(async move { axum::serve(listener, attune_server::router(state)).await });

        // 1. Upload a 60-minute transcript to the stored report.
        let vtt = attune::demo::long_session_vtt(args.upload_turns)?;
        let last = vtt.lines().filter(|l| l.contains("-->")).last().unwrap_or("").to_string();
        let b = "XattuneBench";
        let body = format!("--{b}\r\nContent-Disposition: form-data; name=\"transcript\"; filename=\"hour.vtt\"\r\n\r\n{vtt}\r\n--{b}--\r\n");
        let req = format!(
            "POST /api/sessions HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: multipart/form-data; boundary={b}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let mut conn = BufReader::new(tokio::net::TcpStream::connect(addr).await?);
        let mut upload_ms = Vec::new();
        for _ in 0..6 {
            let t = Instant::now();
            let status = exchange(&mut conn, req.as_bytes()).await?;
            anyhow::ensure!(status == 201, "upload answered {status}");
            upload_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        upload_ms.remove(0); // warm-up
        let rss_before = peak_rss_mib();

        // 2. Check at a fixed rate over keep-alive connections.
        let check_req = format!(
            "POST /api/check HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{CHECK}",
            CHECK.len()
        );
        let total = (args.rate * args.seconds).round() as usize;
        let interval = Duration::from_secs_f64(args.connections as f64 / args.rate);
        let start = Instant::now() + Duration::from_millis(50);
        let mut tasks = Vec::new();
        for c in 0..args.connections {
            let req = check_req.clone();
            let n = total / args.connections + usize::from(c < total % args.connections);
            let offset = Duration::from_secs_f64(c as f64 / args.rate);
            tasks.push(tokio::spawn(async move {
                let mut conn = BufReader::new(tokio::net::TcpStream::connect(addr).await?);
                let mut lat = Vec::with_capacity(n);
                let mut errors = 0usize;
                for k in 0..n {
                    let due = start + offset + interval * k as u32;
                    tokio::time::sleep_until(due.into()).await;
                    match exchange(&mut conn, req.as_bytes()).await {
                        Ok(200) => lat.push(due.elapsed().as_secs_f64() * 1000.0),
                        _ => errors += 1,
                    }
                }
                anyhow::Ok((lat, errors))
            }));
        }
        let (mut lat, mut errors) = (Vec::new(), 0);
        for t in tasks {
            let (l, e) = t.await??;
            lat.extend(l);
            errors += e;
        }
        let check_s = start.elapsed().as_secs_f64();
        let rss_after = peak_rss_mib();

        // 3. Live streams.
        let mut streams = Vec::new();
        let go = Instant::now() + Duration::from_millis(200);
        for _ in 0..args.streams {
            let url = format!("ws://{addr}/api/live?token={token}");
            let turns = args.live_turns;
            streams.push(tokio::spawn(async move {
                use futures_util::{SinkExt, StreamExt};
                use tokio_tungstenite::tungstenite::Message;
                let (mut ws, _) = tokio_tungstenite::connect_async(url).await?;
                tokio::time::sleep_until(go.into()).await;
                let mut lat = Vec::new();
                for k in 0..turns {
                    for (role, text) in [
                        ("client", "Honestly it's been awful, I can't sleep and I keep thinking I mess everything up."),
                        ("therapist", if k % 2 == 0 { "It sounds exhausting to carry that worry every night." } else { "Have you tried going to bed earlier?" }),
                    ] {
                        let t = Instant::now();
                        ws.send(Message::Text(serde_json::json!({"type": "turn", "role": role, "text": text}).to_string().into())).await?;
                        while let Some(m) = ws.next().await {
                            if let Message::Text(_) = m? {
                                break;
                            }
                        }
                        if role == "therapist" {
                            lat.push(t.elapsed().as_secs_f64() * 1000.0);
                        }
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                let _ = ws.close(None).await;
                anyhow::Ok(lat)
            }));
        }
        let mut live = Vec::new();
        for s in streams {
            live.extend(s.await??);
        }
        anyhow::Ok((upload_ms, last, lat, errors, check_s, rss_before, rss_after, live))
    });
    std::fs::remove_dir_all(&dir).ok();
    let (upload_ms, last, lat, errors, check_s, rss_before, rss_after, live) = result?;
    let up_med = quantile(&upload_ms, 0.5);
    let (p50, p99, max) = (quantile(&lat, 0.5), quantile(&lat, 0.99), quantile(&lat, 1.0));
    let (l50, l99) = (quantile(&live, 0.5), quantile(&live, 0.99));
    if args.json {
        let j = serde_json::json!({
            "upload_60min_ms": {"median": up_med, "runs": upload_ms, "last_cue": last, "target": 200.0},
            "check": {"rate": args.rate, "seconds": check_s, "requests": lat.len() + errors, "errors": errors, "p50_ms": p50, "p99_ms": p99, "max_ms": max, "target_p99_ms": 10.0},
            "live": {"streams": args.streams, "therapist_turns": live.len(), "p50_ms": l50, "p99_ms": l99, "target_p99_ms": 20.0},
            "peak_rss_mib": {"before_load": rss_before, "after_load": rss_after},
            "load_average_1min": load_average(),
        });
        println!("{}", serde_json::to_string_pretty(&j)?);
        return Ok(0);
    }
    println!("loopback, in-process server, temporary database; load average {:.1}", load_average());
    println!("upload + analyze + store, {}-turn transcript (last cue {last}): median {up_med:.1} ms over {} runs [target ≤ 200 ms]", args.upload_turns, upload_ms.len());
    println!(
        "POST /api/check at {:.0}/s for {:.1} s over {} connections: {} requests, {errors} errors; latency from due time p50 {p50:.2} ms, p99 {p99:.2} ms, max {max:.1} ms [target p99 ≤ 10 ms]",
        args.rate,
        check_s,
        args.connections,
        lat.len() + errors
    );
    println!("live: {} streams, {} therapist turns; answer p50 {l50:.2} ms, p99 {l99:.2} ms [target p99 ≤ 20 ms]", args.streams, live.len());
    println!("peak RSS {rss_before:.1} MiB before the check load, {rss_after:.1} MiB after");
    Ok(0)
}
