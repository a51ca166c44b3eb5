//! attune-server: the JSON API of `attune serve`. Every route calls the `attune` pipeline exactly as the CLI
//! does and keeps what it makes in the SQLite store (attune-store). Access is by API token (`Authorization:
//! Bearer att_…`, from `attune user add --token`); without one a route answers 401, and a session the caller
//! may not see answers 404 as if it did not exist. Errors are JSON `{"error": {"code", "message"}}` with
//! stable codes.
//!
//! Routes: see [`OPENAPI`] (served at /api/openapi.json).

mod live;
pub mod web;

use attune::{Options, Pipeline};
use attune_store::{NewSession, Store, User};
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

/// The most bytes one upload may have.
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;

pub struct AppState {
    store: Mutex<Store>,
    pipeline: Pipeline,
    /// Live sessions in progress, for supervisors to watch.
    live: Mutex<live::Board>,
}

pub type Shared = Arc<AppState>;

impl AppState {
    pub fn new(store: Store) -> Result<Shared, String> {
        let pipeline = Pipeline::new(Options::default()).map_err(|e| e.to_string())?;
        Ok(Arc::new(AppState { store: Mutex::new(store), pipeline, live: Mutex::new(live::Board::default()) }))
    }
}

/// An API error: HTTP status, stable code, message.
#[derive(Debug)]
pub struct ApiError(StatusCode, pub(crate) &'static str, pub(crate) String);

impl ApiError {
    fn not_found() -> ApiError {
        ApiError(StatusCode::NOT_FOUND, "not_found", "no such session".into())
    }
    fn bad(code: &'static str, msg: impl Into<String>) -> ApiError {
        ApiError(StatusCode::BAD_REQUEST, code, msg.into())
    }
    fn internal(msg: impl std::fmt::Display) -> ApiError {
        ApiError(StatusCode::INTERNAL_SERVER_ERROR, "internal", msg.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({"error": {"code": self.1, "message": self.2}}))).into_response()
    }
}

type ApiResult<T> = Result<T, ApiError>;

pub(crate) fn lock(st: &AppState) -> ApiResult<std::sync::MutexGuard<'_, Store>> {
    st.store.lock().map_err(|_| ApiError::internal("the store is unavailable after an earlier failure; restart the server"))
}

/// The caller, from the bearer token.
fn caller(st: &AppState, headers: &HeaderMap) -> ApiResult<User> {
    caller_with(st, headers, None)
}

/// The caller, from the bearer token (or, for the WebSocket, which browsers open without headers, `?token=`).
fn caller_with(st: &AppState, headers: &HeaderMap, query_token: Option<&str>) -> ApiResult<User> {
    let unauthorized = |m: &str| ApiError(StatusCode::UNAUTHORIZED, "unauthorized", m.to_string());
    let token = match (headers.get(header::AUTHORIZATION), query_token) {
        (Some(h), _) => h.to_str().ok().and_then(|v| v.strip_prefix("Bearer ")).ok_or_else(|| unauthorized("the Authorization header must be `Bearer TOKEN`"))?,
        (None, Some(t)) => t,
        (None, None) => {
            // A page of the web UI (its login cookie), from this server's own origin only.
            let same_origin = match (headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()), headers.get(header::HOST).and_then(|h| h.to_str().ok())) {
                (Some(o), Some(h)) => o.split("://").nth(1) == Some(h),
                (None, _) => true,
                _ => false,
            };
            let user = web::cookie(headers, web::COOKIE)
                .filter(|_| same_origin)
                .and_then(|c| lock(st).ok()?.web_session(&c).ok().flatten())
                .map(|(u, _)| u);
            return user.ok_or_else(|| unauthorized("send `Authorization: Bearer TOKEN` (attune user add NAME --token)"));
        }
    };
    lock(st)?.user_for_token(token.trim()).map_err(ApiError::internal)?.ok_or_else(|| unauthorized("unknown token"))
}

/// Runs blocking work (the pipeline, the database) off the async workers.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> ApiResult<T> + Send + 'static) -> ApiResult<T> {
    tokio::task::spawn_blocking(f).await.map_err(ApiError::internal)?
}

pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/api/sessions", post(upload).get(list))
        .route("/api/sessions/{id}", get(one).delete(remove))
        .route("/api/sessions/{id}/report", get(report))
        .route("/api/check", post(check))
        .route("/api/check/batch", post(check_batch))
        .route("/api/therapists/{id}/trends", get(trends))
        .route("/api/live", get(live_upgrade))
        .route("/api/live/{id}/watch", get(watch_upgrade))
        .merge(web::routes())
        .fallback(|| async { ApiError(StatusCode::NOT_FOUND, "no_route", "no such route; see /api/openapi.json".into()) })
        .layer(DefaultBodyLimit::max(MAX_UPLOAD))
        .with_state(state)
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

/// POST /api/sessions: multipart with a `transcript` file (any format attune reads) and an optional `title`.
async fn upload(State(st): State<Shared>, headers: HeaderMap, mut mp: Multipart) -> ApiResult<(StatusCode, Json<Value>)> {
    let user = caller(&st, &headers)?;
    let (mut bytes, mut name, mut title) = (None, String::from("upload"), None);
    let mut att = Attachments::default();
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                let status = e.status();
                let code = if status == StatusCode::PAYLOAD_TOO_LARGE { "too_large" } else { "bad_multipart" };
                return Err(ApiError(status, code, format!("the upload could not be read: {e} (at most {} MiB)", MAX_UPLOAD >> 20)));
            }
        };
        match field.name() {
            Some("transcript") => {
                name = field.file_name().unwrap_or("upload").to_string();
                let data = field.bytes().await.map_err(|e| ApiError(e.status(), "bad_multipart", format!("the transcript could not be read: {e}")))?;
                bytes = Some(data);
            }
            Some("title") => title = Some(field.text().await.map_err(|e| ApiError::bad("bad_multipart", e.to_string()))?),
            Some(kind @ ("audio" | "signal")) => {
                let kind = kind.to_string();
                let fname = field.file_name().unwrap_or(&kind).to_string();
                let data = field.bytes().await.map_err(|e| ApiError(e.status(), "bad_multipart", format!("the {kind} file could not be read: {e}")))?;
                if kind == "audio" { att.audio = Some((fname, data.to_vec())) } else { att.signal = Some((fname, data.to_vec())) }
            }
            _ => {}
        }
    }
    let bytes = bytes.ok_or_else(|| ApiError::bad("missing_transcript", "send the transcript as a multipart file field named `transcript`"))?;
    let st2 = st.clone();
    let (id, summary) = blocking(move || {
        let report = attune::attune_io::parse_bytes(&bytes, &name, &Default::default()).map_err(|e| ApiError::bad("unreadable_transcript", e.to_string()))?;
        let session = attune::input::pick(report.sessions, &name, None).map_err(|e| ApiError::bad("unreadable_transcript", e.to_string()))?;
        let title = title.unwrap_or_else(|| name.clone());
        store_analysis_with(&st2, user.id, session, &title, &att)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id, "summary": summary, "report": format!("/api/sessions/{id}/report")}))))
}

/// Analyses `session` with the pipeline and stores it for `owner` (uploads and the end of a live session).
pub(crate) fn store_analysis(st: &AppState, owner: i64, session: attune::Session, title: &str) -> ApiResult<(i64, Value)> {
    store_analysis_with(st, owner, session, title, &Attachments::default())
}

/// Audio and body-signal files sent with a transcript: (file name, bytes).
#[derive(Default)]
pub(crate) struct Attachments {
    pub audio: Option<(String, Vec<u8>)>,
    pub signal: Option<(String, Vec<u8>)>,
    /// The signal's sample rate when its file does not say (live samples).
    pub signal_rate: Option<f64>,
}

/// [`store_analysis`] with the voice and synchrony sections of uploaded audio and signal files (written to a
/// private temporary folder for the readers, removed afterwards).
pub(crate) fn store_analysis_with(st: &AppState, owner: i64, session: attune::Session, title: &str, att: &Attachments) -> ApiResult<(i64, Value)> {
    let dir = std::env::temp_dir().join(format!("attune-upload-{}-{}", std::process::id(), attune_store::random_hex().get(..12).unwrap_or("x")));
    let mut extras = attune::Extras::default();
    if att.audio.is_some() || att.signal.is_some() {
        std::fs::create_dir_all(&dir).map_err(ApiError::internal)?;
    }
    // Keep the file name's extension (readers may look at it) but not the name itself.
    let place = |name: &str, bytes: &[u8], stem: &str| -> ApiResult<std::path::PathBuf> {
        let ext = std::path::Path::new(name).extension().and_then(|e| e.to_str()).filter(|e| e.chars().all(|c| c.is_ascii_alphanumeric())).unwrap_or("bin");
        let p = dir.join(format!("{stem}.{ext}"));
        std::fs::write(&p, bytes).map_err(ApiError::internal)?;
        Ok(p)
    };
    // Messages name the files as the user called them, not where the server put them.
    let mut names: Vec<(String, String)> = Vec::new();
    if let Some((name, bytes)) = &att.audio {
        let p = place(name, bytes, "audio")?;
        names.push((p.display().to_string(), name.clone()));
        extras.audio = Some(p);
    }
    if let Some((name, bytes)) = &att.signal {
        let p = place(name, bytes, "signal")?;
        names.push((p.display().to_string(), name.clone()));
        let mut spec = attune::sections::SignalSpec::new(p);
        spec.rate_hz = att.signal_rate;
        extras.signal = Some(spec);
    }
    let analysed = st.pipeline.analyze_with(session, &extras);
    std::fs::remove_dir_all(&dir).ok();
    let a = analysed.map_err(|e| {
        let msg = names.iter().fold(e.to_string(), |m, (path, name)| m.replace(path, name));
        ApiError::bad("analysis_failed", msg)
    })?;
    let json_doc = a.to_json().map_err(ApiError::internal)?;
    let html = a.to_html();
    let s = a.summary();
    let mut kinds = serde_json::Map::new();
    for f in &a.assessment.flags {
        let k = serde_json::to_value(f.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
        let n = kinds.get(&k).and_then(Value::as_i64).unwrap_or(0);
        kinds.insert(k, json!(n + 1));
    }
    let subscores: serde_json::Map<String, Value> = s.subscores.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    let id = lock(st)?
        .insert_session(
            owner,
            &NewSession {
                title,
                turns: s.turns as i64,
                index: s.index,
                flags: s.flags as i64,
                flag_kinds: Value::Object(kinds),
                subscores: Value::Object(subscores),
                analysis_json: &json_doc,
                report_html: &html,
            },
        )
        .map_err(ApiError::internal)?;
    Ok((id, json!({"index": s.index, "turns": s.turns, "flags": s.flags, "ruptures": s.ruptures, "repaired": s.repaired})))
}

#[derive(serde::Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

/// GET /api/live: upgrades to the live WebSocket (see [`live`]) once the caller is known.
async fn live_upgrade(State(st): State<Shared>, headers: HeaderMap, Query(q): Query<TokenQuery>, ws: WebSocketUpgrade) -> ApiResult<Response> {
    let user = caller_with(&st, &headers, q.token.as_deref())?;
    Ok(ws.on_upgrade(move |socket| live::run(socket, st, user)))
}

/// GET /api/live/{id}/watch: follows a live session in progress (what its therapist is told, turn by turn) if
/// the caller may see its therapist's sessions; 404 otherwise or when it has ended.
async fn watch_upgrade(State(st): State<Shared>, headers: HeaderMap, Path(id): Path<u64>, Query(q): Query<TokenQuery>, ws: WebSocketUpgrade) -> ApiResult<Response> {
    let user = caller_with(&st, &headers, q.token.as_deref())?;
    let (owner, rx) = st.live.lock().map_err(|_| ApiError::internal("live board unavailable"))?.subscribe(id).ok_or_else(ApiError::not_found)?;
    if !lock(&st)?.may_see(&user, owner).map_err(ApiError::internal)? {
        return Err(ApiError::not_found());
    }
    Ok(ws.on_upgrade(move |socket| live::watch(socket, rx)))
}

/// Live sessions in progress that `viewer` may watch: (id, therapist, started).
pub(crate) fn live_sessions(st: &AppState, viewer: &User) -> Vec<(u64, String, String)> {
    let all = st.live.lock().map(|b| b.list()).unwrap_or_default();
    let Ok(store) = lock(st) else { return vec![] };
    all.into_iter().filter(|(_, owner, _, _)| store.may_see(viewer, *owner).unwrap_or(false)).map(|(id, _, name, started)| (id, name, started)).collect()
}

async fn list(State(st): State<Shared>, headers: HeaderMap) -> ApiResult<Json<Value>> {
    let user = caller(&st, &headers)?;
    let v = lock(&st)?.list_sessions(&user, None).map_err(ApiError::internal)?;
    Ok(Json(json!({"sessions": v})))
}

async fn one(State(st): State<Shared>, headers: HeaderMap, Path(id): Path<i64>) -> ApiResult<Json<Value>> {
    let user = caller(&st, &headers)?;
    let store = lock(&st)?;
    let s = store.session(&user, id).map_err(ApiError::internal)?.ok_or_else(ApiError::not_found)?;
    let doc = store.session_blob(&user, id, false).map_err(ApiError::internal)?.ok_or_else(ApiError::not_found)?;
    let analysis: Value = serde_json::from_str(&doc).map_err(ApiError::internal)?;
    Ok(Json(json!({"session": s, "analysis": analysis})))
}

async fn report(State(st): State<Shared>, headers: HeaderMap, Path(id): Path<i64>) -> ApiResult<Response> {
    let user = caller(&st, &headers)?;
    let html = lock(&st)?.session_blob(&user, id, true).map_err(ApiError::internal)?.ok_or_else(ApiError::not_found)?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response())
}

async fn remove(State(st): State<Shared>, headers: HeaderMap, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    let user = caller(&st, &headers)?;
    if lock(&st)?.delete_session(&user, id).map_err(ApiError::internal)? { Ok(StatusCode::NO_CONTENT) } else { Err(ApiError::not_found()) }
}

/// POST /api/check: one `{"context": [...], "response": "..."}` object, answered with the `check` object.
async fn check(State(st): State<Shared>, headers: HeaderMap, body: String) -> ApiResult<Json<Value>> {
    caller(&st, &headers)?;
    let st2 = st.clone();
    blocking(move || {
        let (r, id) = attune::check::check_line(&st2.pipeline, body.trim()).map_err(|e| ApiError::bad("bad_check", e))?;
        Ok(Json(attune::check::to_json(&r, None, id)))
    })
    .await
}

/// POST /api/check/batch: JSON Lines in, JSON Lines out (a bad line gets an error object with its number).
async fn check_batch(State(st): State<Shared>, headers: HeaderMap, body: String) -> ApiResult<Response> {
    caller(&st, &headers)?;
    let st2 = st.clone();
    let out = blocking(move || {
        let lines: Vec<(usize, std::io::Result<String>)> = body.lines().enumerate().map(|(i, l)| (i + 1, Ok(l.to_string()))).collect();
        let mut out = String::new();
        for (line, r) in attune::check::check_lines(&st2.pipeline, lines) {
            let v = match r {
                None => continue,
                Some(Ok((r, id))) => attune::check::to_json(&r, Some(line), id),
                Some(Err(e)) => json!({"line": line, "error": {"code": "bad_check", "message": e}}),
            };
            out.push_str(&v.to_string());
            out.push('\n');
        }
        Ok(out)
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], out).into_response())
}

/// GET /api/therapists/{id}/trends: the therapist's sessions in time order with index, sub-scores and flag kinds.
async fn trends(State(st): State<Shared>, headers: HeaderMap, Path(id): Path<i64>) -> ApiResult<Json<Value>> {
    let user = caller(&st, &headers)?;
    let store = lock(&st)?;
    if !store.may_see(&user, id).map_err(ApiError::internal)? || store.user(id).map_err(ApiError::internal)?.is_none() {
        return Err(ApiError(StatusCode::NOT_FOUND, "not_found", "no such therapist".into()));
    }
    let mut v = store.list_sessions(&user, Some(id)).map_err(ApiError::internal)?;
    v.reverse();
    let mut recurring = serde_json::Map::new();
    for s in &v {
        if let Some(o) = s.flag_kinds.as_object() {
            for (k, n) in o {
                let c = recurring.get(k).and_then(Value::as_i64).unwrap_or(0) + n.as_i64().unwrap_or(0);
                recurring.insert(k.clone(), json!(c));
            }
        }
    }
    let points: Vec<Value> = v
        .iter()
        .map(|s| json!({"session": s.id, "created": s.created, "index": s.index, "subscores": s.subscores, "flags": s.flags}))
        .collect();
    Ok(Json(json!({"therapist": id, "sessions": points, "flag_kinds": recurring})))
}

/// The OpenAPI 3 document of these routes.
pub const OPENAPI: &str = include_str!("openapi.json");

/// The password of the demo clinic's users (printed by `attune serve --demo`).
pub const DEMO_PASSWORD: &str = "attune-demo";

/// Seeds a fictional clinic: a supervisor (Dr Reyes), two trainees (Ana, Ben) and six weekly sessions each,
/// variations of the bundled demo session (our own writing) in which early sessions rush to advise more often
/// and later ones reflect more, so the trends show growth. Returns the users' names.
pub fn seed_demo(state: &AppState) -> Result<Vec<String>, String> {
    let err = |e: attune_store::StoreError| e.to_string();
    {
        let mut st = state.store.lock().map_err(|_| "the store is unavailable".to_string())?;
        st.add_user("Dr Reyes", attune_store::Role::Supervisor, None).map_err(err)?;
        for name in ["Ana", "Ben"] {
            st.add_user(name, attune_store::Role::Therapist, Some("Dr Reyes")).map_err(err)?;
        }
        for name in ["Dr Reyes", "Ana", "Ben"] {
            let u = st.user_by_name(name).map_err(err)?.ok_or("seeding failed")?;
            st.set_password(u.id, DEMO_PASSWORD).map_err(err)?;
        }
    }
    const RUSHED: &[&str] = &[
        "Have you tried writing a to-do list the night before?",
        "You should just try to get more sleep.",
        "Look on the bright side, at least you still have your friends.",
        "I'm sure it will all work out fine.",
    ];
    let demo = attune::demo::demo_session().map_err(|e| e.to_string())?;
    for (who, offset) in [("Ana", 0usize), ("Ben", 1)] {
        let owner = {
            let st = state.store.lock().map_err(|_| "the store is unavailable".to_string())?;
            st.user_by_name(who).map_err(err)?.ok_or("seeding failed")?.id
        };
        for week in 0..6usize {
            let mut s = demo.clone();
            s.id = format!("{}-week-{}", who.to_lowercase(), week + 1);
            // Early weeks replace more of the therapist's reflections with rushed advice.
            let rushed_every = 2 + week + offset;
            let mut k = 0;
            for t in s.turns.iter_mut().filter(|t| t.role == attune::Role::Therapist) {
                if k % rushed_every == 0 && week < 5 {
                    t.text = RUSHED[(k / rushed_every + week) % RUSHED.len()].to_string();
                }
                k += 1;
            }
            let (id, _) = store_analysis(state, owner, s, &format!("{who}: week {}", week + 1)).map_err(|e| e.2)?;
            // Weekly from Monday 7 September 2026.
            let created = if week < 4 { format!("2026-09-{:02}T10:00:00Z", 7 + 7 * week) } else { format!("2026-10-{:02}T10:00:00Z", 5 + 7 * (week - 4)) };
            state.store.lock().map_err(|_| "the store is unavailable".to_string())?.set_created(id, &created).map_err(err)?;
        }
    }
    Ok(vec!["Dr Reyes".into(), "Ana".into(), "Ben".into()])
}
