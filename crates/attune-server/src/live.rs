//! Live mode: a WebSocket at /api/live. The client sends turns as live speech-to-text produces them; each
//! therapist turn is answered at once with its code, judgement and flags (the `attune check` of that turn in the
//! context so far) and a rolling attunement meter; when the client says `end`, the whole session is analysed
//! and stored like an upload.
//!
//! Messages in (JSON text frames): `{"type": "turn", "role": "therapist"|"client", "speaker": "...", "text":
//! "...", "start": 12.3, "end": 15.0}` (speaker, start, end optional), `{"type": "signal", "t": 12.34,
//! "therapist": 0.8, "client": 1.1}` (a sample of a body signal of both people, e.g. movement energy, at
//! session time `t`; at the end they become the session's synchrony section), `{"type": "end", "title": "..."}`.
//! Messages out: `{"type": "judgement", "turn", "code", "score", "flags", "p_misattuned", "meter",
//! "latency_ms"}` for a therapist turn, `{"type": "ack", "turn", "meter"}` for a client turn,
//! `{"type": "stored", "id", "index"}` at the end, `{"type": "error", "code", "message"}` for a bad message
//! (the stream goes on).

use crate::{store_analysis_with, Attachments, Shared};
use attune::{Role, Turn};
use attune_store::User;
use axum::extract::ws::{Message, WebSocket};
use serde_json::{json, Value};
use std::collections::{BTreeMap, VecDeque};
use tokio::sync::broadcast;
use std::time::Instant;

/// Live sessions in progress: what each one's therapist is told is also sent to its watchers.
#[derive(Default)]
pub(crate) struct Board {
    next: u64,
    /// id → (owner, owner's name, started, channel)
    streams: BTreeMap<u64, (i64, String, String, broadcast::Sender<String>)>,
}

impl Board {
    fn open(&mut self, owner: &User) -> (u64, broadcast::Sender<String>) {
        self.next += 1;
        let (tx, _) = broadcast::channel(256);
        let started = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        self.streams.insert(self.next, (owner.id, owner.name.clone(), format!("{started}"), tx.clone()));
        (self.next, tx)
    }

    fn close(&mut self, id: u64) {
        self.streams.remove(&id);
    }

    pub(crate) fn subscribe(&self, id: u64) -> Option<(i64, broadcast::Receiver<String>)> {
        self.streams.get(&id).map(|(owner, _, _, tx)| (*owner, tx.subscribe()))
    }

    /// (id, owner, owner's name, started as Unix seconds)
    pub(crate) fn list(&self) -> Vec<(u64, i64, String, String)> {
        self.streams.iter().map(|(id, (o, n, s, _))| (*id, *o, n.clone(), s.clone())).collect()
    }
}

/// Forwards a live session's messages to one watcher until it ends or the watcher leaves.
pub(crate) async fn watch(mut socket: WebSocket, mut rx: broadcast::Receiver<String>) {
    loop {
        tokio::select! {
            m = rx.recv() => match m {
                Ok(text) => {
                    let end = text.contains("\"type\":\"ended\"");
                    if socket.send(Message::Text(text.into())).await.is_err() || end {
                        break;
                    }
                }
                // A slow watcher skips what it missed.
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => break,
            },
            m = socket.recv() => match m {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                _ => {}
            },
        }
    }
}

/// The meter looks at this many recent therapist turns.
const WINDOW: usize = 10;

#[derive(Default)]
struct Meter {
    /// (reflection, fixing, score, therapist words) of recent therapist turns.
    recent: VecDeque<(bool, bool, f64, usize)>,
    client_words: VecDeque<usize>,
    distress: Option<f32>,
}

impl Meter {
    fn therapist(&mut self, r: &attune::CheckResult, words: usize) {
        let fixing = matches!(r.code, attune::Code::Advise | attune::Code::Reassure | attune::Code::Minimize | attune::Code::Reframe)
            || r.flags.iter().any(|f| matches!(serde_json::to_value(f.kind).ok().as_ref().and_then(Value::as_str), Some("premature_fixing")));
        self.recent.push_back((r.code.is_reflection(), fixing, r.score, words));
        if self.recent.len() > WINDOW {
            self.recent.pop_front();
        }
        if let Some(a) = &r.client_affect {
            self.distress = Some(a.distress);
        }
    }

    fn client(&mut self, words: usize) {
        self.client_words.push_back(words);
        if self.client_words.len() > WINDOW {
            self.client_words.pop_front();
        }
    }

    fn to_json(&self) -> Value {
        let n = self.recent.len().max(1) as f64;
        let share = |f: fn(&(bool, bool, f64, usize)) -> bool| self.recent.iter().filter(|x| f(x)).count() as f64 / n;
        let t_words: usize = self.recent.iter().map(|x| x.3).sum();
        let c_words: usize = self.client_words.iter().sum();
        json!({
            "turns": self.recent.len(),
            "client_distress": self.distress,
            "reflections": share(|x| x.0),
            "fixing": share(|x| x.1),
            "mean_score": if self.recent.is_empty() { Value::Null } else { json!(self.recent.iter().map(|x| x.2).sum::<f64>() / n) },
            // Talk-time balance: the therapist's share of the words in the window (pacing; ~0.3-0.5 is typical).
            "therapist_talk_share": if t_words + c_words == 0 { Value::Null } else { json!(t_words as f64 / (t_words + c_words) as f64) },
        })
    }
}

/// Live samples as a two-column signal file at their median rate (a minute at least, else none).
fn signal_attachment(samples: &[(f64, f64, f64)]) -> Attachments {
    let mut att = Attachments::default();
    if samples.len() < 3 {
        return att;
    }
    let mut dts: Vec<f64> = samples.windows(2).map(|w| w[1].0 - w[0].0).collect();
    dts.sort_by(|a, b| a.total_cmp(b));
    let dt = dts[dts.len() / 2];
    let span = samples[samples.len() - 1].0 - samples[0].0;
    if !(dt > 0.0) || span < 60.0 {
        return att;
    }
    let mut text = String::with_capacity(samples.len() * 16);
    for (_, a, b) in samples {
        text.push_str(&format!("{a}\t{b}\n"));
    }
    att.signal = Some(("live-signal.txt".into(), text.into_bytes()));
    att.signal_rate = Some(1.0 / dt);
    att
}

fn error(code: &str, message: impl Into<String>) -> Message {
    Message::Text(json!({"type": "error", "code": code, "message": message.into()}).to_string().into())
}

pub(crate) async fn run(socket: WebSocket, st: Shared, user: User) {
    let opened = st.live.lock().map(|mut b| b.open(&user)).ok();
    let tx = opened.as_ref().map(|(_, tx)| tx.clone());
    serve(socket, &st, &user, tx.as_ref()).await;
    if let Some((id, tx)) = opened {
        let _ = tx.send(json!({"type": "ended"}).to_string());
        if let Ok(mut b) = st.live.lock() {
            b.close(id);
        }
    }
}

async fn serve(mut socket: WebSocket, st: &Shared, user: &User, watchers: Option<&broadcast::Sender<String>>) {
    let mut turns: Vec<Turn> = Vec::new();
    let mut meter = Meter::default();
    // (t, therapist, client) samples of a body signal, in arrival order.
    let mut samples: Vec<(f64, f64, f64)> = Vec::new();
    while let Some(Ok(msg)) = socket.recv().await {
        let text = match msg {
            Message::Text(t) => t.to_string(),
            Message::Close(_) => break,
            Message::Binary(_) => {
                let _ = socket.send(error("bad_message", "send JSON text frames")).await;
                continue;
            }
            _ => continue,
        };
        let t0 = Instant::now();
        let v: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                let _ = socket.send(error("bad_message", format!("not valid JSON: {e}"))).await;
                continue;
            }
        };
        match v["type"].as_str() {
            Some("turn") => {
                let role = match v["role"].as_str() {
                    Some("therapist") => Role::Therapist,
                    Some("client") => Role::Client,
                    _ => {
                        let _ = socket.send(error("bad_message", "a turn needs \"role\": \"therapist\" or \"client\"")).await;
                        continue;
                    }
                };
                let Some(body) = v["text"].as_str().filter(|t| !t.trim().is_empty()) else {
                    let _ = socket.send(error("bad_message", "a turn needs a non-empty \"text\"")).await;
                    continue;
                };
                let speaker = v["speaker"].as_str().unwrap_or(role.as_str()).to_string();
                let mut turn = Turn::new(role, speaker, body);
                turn.start = v["start"].as_f64();
                turn.end = v["end"].as_f64();
                let words = body.split_whitespace().count();
                let k = turns.len() + 1;
                let reply = if role == Role::Therapist {
                    let (context, st2, text) = (turns.clone(), st.clone(), body.to_string());
                    let r = match tokio::task::spawn_blocking(move || st2.pipeline.check(&context, &text)).await {
                        Ok(r) => r,
                        Err(e) => {
                            let _ = socket.send(error("internal", e.to_string())).await;
                            continue;
                        }
                    };
                    meter.therapist(&r, words);
                    let mut j = attune::check::to_json(&r, None, None);
                    if let Some(o) = j.as_object_mut() {
                        o.insert("type".into(), json!("judgement"));
                        o.insert("turn".into(), json!(k));
                        o.insert("meter".into(), meter.to_json());
                        o.insert("latency_ms".into(), json!(t0.elapsed().as_secs_f64() * 1000.0));
                    }
                    j
                } else {
                    meter.client(words);
                    json!({"type": "ack", "turn": k, "meter": meter.to_json()})
                };
                let mut shown = reply.clone();
                if let Some(o) = shown.as_object_mut() {
                    o.insert("text".into(), json!(body));
                    o.insert("role".into(), json!(role.as_str()));
                }
                if let Some(tx) = watchers {
                    let _ = tx.send(shown.to_string());
                }
                turns.push(turn);
                if socket.send(Message::Text(reply.to_string().into())).await.is_err() {
                    break;
                }
            }
            Some("signal") => {
                match (v["t"].as_f64(), v["therapist"].as_f64(), v["client"].as_f64()) {
                    (Some(t), Some(a), Some(b)) if t.is_finite() && a.is_finite() && b.is_finite() && samples.last().is_none_or(|l| t > l.0) => {
                        if samples.len() < 2_000_000 {
                            samples.push((t, a, b));
                        }
                    }
                    _ => {
                        let _ = socket.send(error("bad_message", "a signal sample needs finite \"t\" (later than the last), \"therapist\" and \"client\"")).await;
                    }
                }
            }
            Some("end") => {
                let title = v["title"].as_str().unwrap_or("live session").to_string();
                let mut session = attune::Session::new(format!("live-{}", turns.len()));
                session.turns = std::mem::take(&mut turns);
                let att = signal_attachment(&samples);
                let (st2, owner) = (st.clone(), user.id);
                let stored = tokio::task::spawn_blocking(move || store_analysis_with(&st2, owner, session, &title, &att)).await;
                let msg = match stored {
                    Ok(Ok((id, summary))) => json!({"type": "stored", "id": id, "index": summary["index"]}),
                    Ok(Err(e)) => json!({"type": "error", "code": e.1, "message": e.2}),
                    Err(e) => json!({"type": "error", "code": "internal", "message": e.to_string()}),
                };
                let _ = socket.send(Message::Text(msg.to_string().into())).await;
                break;
            }
            _ => {
                let _ = socket.send(error("bad_message", "\"type\" must be \"turn\", \"signal\" or \"end\"")).await;
            }
        }
    }
}
