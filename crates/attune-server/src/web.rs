//! The web UI: server-rendered pages, a little inline CSS, two small inline scripts (upload progress, the live
//! view) and nothing from elsewhere. Login with a
//! password (argon2) sets an HttpOnly, Secure, SameSite=Strict cookie; every form carries the login's CSRF token
//! (the login form a double-submitted one). Pages: sessions (filter by therapist or title), upload, a session
//! with its stored report, a therapist's trends (index over time as an inline SVG chart, the flag kinds that
//! recur), practice (answer a client vignette, see the judgement and an attuned example; attempts are kept).
//! Anything not the viewer's to see is a 404 page, as in the API.

use crate::{lock, store_analysis_with, ApiError, Attachments, Shared};
use attune_store::User;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use std::fmt::Write;

pub(crate) const COOKIE: &str = "attune_session";
const LOGIN_COOKIE: &str = "attune_login";
const HOURS: i64 = 8;

/// Client messages to practise on (our own writing), each with an attuned example.
pub const VIGNETTES: &[(&str, &str)] = &[
    (
        "I sat in the car outside work for forty minutes this morning and couldn't go in. I keep thinking I mess up everything I touch.",
        "Forty minutes in the car, unable to go in — and a voice telling you that you ruin everything. That sounds exhausting and lonely.",
    ),
    (
        "My chest has been pounding all week and I keep thinking something terrible is about to happen.",
        "A whole week of your body on alert, bracing for something terrible. That sounds frightening.",
    ),
    (
        "Nobody at my new school talks to me. I sit by myself every break.",
        "Sitting alone every break while everyone else has someone — that hurts. How long has it felt like this?",
    ),
    (
        "My dad keeps saying I'm overreacting about the divorce, but I can't stop crying.",
        "You're crying a lot and then being told it's too much — as if your sadness isn't allowed. It makes sense that this hurts.",
    ),
];

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(home))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/upload", get(upload_page).post(upload))
        .route("/sessions/{id}", get(session_page))
        .route("/sessions/{id}/report", get(report))
        .route("/therapists/{id}", get(trends_page))
        .route("/therapists/{id}/export/{file}", get(export))
        .route("/practice", get(practice_page).post(practice))
        .route("/live", get(live_list))
        .route("/trainees", get(trainees))
        .route("/live/{id}", get(live_view))
}

pub(crate) fn esc(s: &str) -> String {
    attune::attune_report::escape(s)
}

pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

/// The logged-in viewer and their CSRF token; a redirect to the login page otherwise.
fn viewer(st: &Shared, headers: &HeaderMap) -> Result<(User, String), Response> {
    let found = cookie(headers, COOKIE).and_then(|c| lock(st).ok()?.web_session(&c).ok().flatten());
    found.ok_or_else(|| Redirect::to("/login").into_response())
}

/// The logged-in viewer, when the form's CSRF token is theirs (a refusal page otherwise).
fn viewer_posting(st: &Shared, headers: &HeaderMap, sent: &str) -> Result<(User, String), Response> {
    let (user, csrf) = viewer(st, headers)?;
    if sent != csrf {
        return Err(bad_csrf());
    }
    Ok((user, csrf))
}

fn page(title: &str, user: Option<(&User, &str)>, body: &str) -> Html<String> {
    let mut nav = String::new();
    if let Some((u, csrf)) = user {
        let _ = write!(
            nav,
            "<nav><a href=\"/\">Sessions</a> <a href=\"/upload\">Upload</a> <a href=\"/therapists/{}\">My trends</a> <a href=\"/practice\">Practice</a> <a href=\"/live\">Live</a> <a href=\"/trainees\">Trainees</a>\
             <form method=\"post\" action=\"/logout\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"{}\"><button>Log out {}</button></form></nav>",
            u.id,
            esc(csrf),
            esc(&u.name)
        );
    }
    Html(format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>{} · attune</title><style>{CSS}</style></head><body><header><strong>attune</strong> {nav}</header><main><h1>{}</h1>{body}</main></body></html>",
        esc(title),
        esc(title)
    ))
}

const CSS: &str = "body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#24292f}header{background:#f6f8fa;padding:.6em 1em;border-bottom:1px solid #d0d7de}\
nav{display:inline}nav a{margin-left:1em}main{max-width:60em;margin:1em auto;padding:0 1em}table{border-collapse:collapse;width:100%}\
td,th{border-bottom:1px solid #d0d7de;padding:.3em .5em;text-align:left}.inline{display:inline;margin-left:1em}.err{color:#cf222e}\
iframe{width:100%;height:80vh;border:1px solid #d0d7de}textarea{width:100%}label{display:block;margin:.5em 0}";

fn not_found(user: &User, csrf: &str) -> Response {
    (StatusCode::NOT_FOUND, page("Not found", Some((user, csrf)), "<p>There is no such page here.</p>")).into_response()
}

fn bad_csrf() -> Response {
    (StatusCode::FORBIDDEN, page("Form expired", None, "<p>The form was not sent from this site or has expired. <a href=\"/\">Start again</a>.</p>")).into_response()
}

fn internal(e: impl std::fmt::Display) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, page("Error", None, &format!("<p class=\"err\">{}</p>", esc(&e.to_string())))).into_response()
}

async fn login_page() -> Response {
    let token = attune_store::random_hex();
    let body = format!(
        "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf\" value=\"{token}\">\
         <label>Name <input name=\"name\" autocomplete=\"username\" required></label>\
         <label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label><button>Log in</button></form>"
    );
    (
        [(header::SET_COOKIE, format!("{LOGIN_COOKIE}={token}; HttpOnly; Secure; SameSite=Strict; Path=/login; Max-Age=600"))],
        page("Log in", None, &body),
    )
        .into_response()
}

#[derive(Deserialize)]
struct LoginForm {
    name: String,
    password: String,
    csrf: String,
}

async fn login(State(st): State<Shared>, headers: HeaderMap, Form(f): Form<LoginForm>) -> Response {
    if cookie(&headers, LOGIN_COOKIE).is_none_or(|c| c != f.csrf) {
        return bad_csrf();
    }
    let st2 = st.clone();
    let user = tokio::task::spawn_blocking(move || lock(&st2).ok()?.check_password(&f.name, &f.password).ok().flatten()).await.ok().flatten();
    let Some(user) = user else {
        return (StatusCode::UNAUTHORIZED, page("Log in", None, "<p class=\"err\">Wrong name or password.</p><p><a href=\"/login\">Try again</a></p>")).into_response();
    };
    let made = lock(&st).map_err(|e| e.2).and_then(|mut s| s.new_web_session(user.id, HOURS * 3600).map_err(|e| e.to_string()));
    match made {
        Ok((c, _)) => (
            StatusCode::SEE_OTHER,
            [
                (header::SET_COOKIE, format!("{COOKIE}={c}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age={}", HOURS * 3600)),
                (header::LOCATION, "/".to_string()),
            ],
        )
            .into_response(),
        Err(e) => internal(e),
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

async fn logout(State(st): State<Shared>, headers: HeaderMap, Form(f): Form<CsrfForm>) -> Response {
    if let Err(r) = viewer_posting(&st, &headers, &f.csrf) {
        return r;
    }
    if let (Some(c), Ok(mut s)) = (cookie(&headers, COOKIE), lock(&st)) {
        let _ = s.end_web_session(&c);
    }
    (StatusCode::SEE_OTHER, [(header::SET_COOKIE, format!("{COOKIE}=; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=0")), (header::LOCATION, "/login".into())]).into_response()
}

#[derive(Deserialize)]
struct ListQuery {
    therapist: Option<i64>,
    q: Option<String>,
}

async fn home(State(st): State<Shared>, headers: HeaderMap, Query(q): Query<ListQuery>) -> Response {
    let (user, csrf) = match viewer(&st, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let (sessions, people) = match lock(&st).and_then(|s| {
        let l = s.list_sessions(&user, q.therapist).map_err(ApiError::internal)?;
        let p = s.visible_users(&user).map_err(ApiError::internal)?;
        Ok((l, p))
    }) {
        Ok(v) => v,
        Err(e) => return internal(e.2),
    };
    let needle = q.q.clone().unwrap_or_default().to_lowercase();
    let mut b = String::from("<form method=\"get\" action=\"/\"><label>Therapist <select name=\"therapist\"><option value=\"\">everyone</option>");
    for p in &people {
        let sel = if q.therapist == Some(p.id) { " selected" } else { "" };
        let _ = write!(b, "<option value=\"{}\"{sel}>{}</option>", p.id, esc(&p.name));
    }
    let _ = write!(b, "</select></label><label>Title contains <input name=\"q\" value=\"{}\"></label><button>Filter</button></form>", esc(&needle));
    if people.len() > 1 {
        b.push_str("<p>Trends: ");
        for p in &people {
            let _ = write!(b, "<a href=\"/therapists/{}\">{}</a> ", p.id, esc(&p.name));
        }
        b.push_str("</p>");
    }
    b.push_str("<table><thead><tr><th>Date</th><th>Title</th><th>Therapist</th><th>Turns</th><th>Index</th><th>Flags</th></tr></thead><tbody>");
    for s in sessions.iter().filter(|s| needle.is_empty() || s.title.to_lowercase().contains(&needle)) {
        let _ = write!(
            b,
            "<tr><td>{}</td><td><a href=\"/sessions/{}\">{}</a></td><td>{}</td><td>{}</td><td>{:.0}</td><td>{}</td></tr>",
            esc(s.created.get(..10).unwrap_or(&s.created)),
            s.id,
            esc(&s.title),
            esc(&s.owner_name),
            s.turns,
            s.index,
            s.flags
        );
    }
    b.push_str("</tbody></table>");
    page("Sessions", Some((&user, &csrf)), &b).into_response()
}

async fn upload_page(State(st): State<Shared>, headers: HeaderMap) -> Response {
    let (user, csrf) = match viewer(&st, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    page("Upload a session", Some((&user, &csrf)), &upload_form(&csrf, "")).into_response()
}

fn upload_form(csrf: &str, error: &str) -> String {
    format!(
        "{}<form method=\"post\" action=\"/upload\" enctype=\"multipart/form-data\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
         <label>Transcript (WebVTT, SRT, text, CSV, JSON, Otter, Teams…) <input type=\"file\" name=\"transcript\" required></label>\
         <label>Audio of the session, optional (WAV, FLAC, MP3, Ogg) <input type=\"file\" name=\"audio\"></label>\
         <label>Movement, heart or breathing signals of both people, optional (MEA .txt, RR list, ECG CSV) <input type=\"file\" name=\"signal\"></label>\
         <label>Title <input name=\"title\"></label><button>Upload and analyse</button></form>\
         <p id=\"progress\" aria-live=\"polite\"></p><p>Everything stays on this machine. The analysis takes a moment for a long session.</p>\
         <script>{UPLOAD_JS}</script>",
        if error.is_empty() { String::new() } else { format!("<p class=\"err\">{}</p>", esc(error)) },
        esc(csrf)
    )
}

async fn upload(State(st): State<Shared>, headers: HeaderMap, mut mp: Multipart) -> Response {
    let (user, csrf) = match viewer(&st, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let (mut sent_csrf, mut bytes, mut name, mut title) = (String::new(), None, String::from("upload"), String::new());
    let mut att = Attachments::default();
    loop {
        match mp.next_field().await {
            Ok(Some(f)) => match f.name() {
                Some("csrf") => sent_csrf = f.text().await.unwrap_or_default(),
                Some("title") => title = f.text().await.unwrap_or_default(),
                Some(kind @ ("audio" | "signal")) => {
                    let kind = kind.to_string();
                    let fname = f.file_name().unwrap_or(&kind).to_string();
                    match f.bytes().await {
                        Ok(b) if b.is_empty() => {}
                        Ok(b) => {
                            if kind == "audio" { att.audio = Some((fname, b.to_vec())) } else { att.signal = Some((fname, b.to_vec())) }
                        }
                        Err(e) => return (e.status(), page("Upload a session", Some((&user, &csrf)), &upload_form(&csrf, &format!("The {kind} file could not be read: {e}")))).into_response(),
                    }
                }
                Some("transcript") => {
                    name = f.file_name().unwrap_or("upload").to_string();
                    match f.bytes().await {
                        Ok(b) => bytes = Some(b),
                        Err(e) => return (e.status(), page("Upload a session", Some((&user, &csrf)), &upload_form(&csrf, &format!("The file could not be read: {e}")))).into_response(),
                    }
                }
                _ => {}
            },
            Ok(None) => break,
            Err(e) => return (e.status(), page("Upload a session", Some((&user, &csrf)), &upload_form(&csrf, &format!("The upload could not be read: {e}")))).into_response(),
        }
    }
    if sent_csrf != csrf {
        return bad_csrf();
    }
    let Some(bytes) = bytes.filter(|b| !b.is_empty()) else {
        return (StatusCode::BAD_REQUEST, page("Upload a session", Some((&user, &csrf)), &upload_form(&csrf, "Choose a transcript file."))).into_response();
    };
    let (st2, owner) = (st.clone(), user.id);
    let title = if title.trim().is_empty() { name.clone() } else { title };
    let done = tokio::task::spawn_blocking(move || {
        let report = attune::attune_io::parse_bytes(&bytes, &name, &Default::default()).map_err(|e| e.to_string())?;
        let session = attune::input::pick(report.sessions, &name, None).map_err(|e| e.to_string())?;
        store_analysis_with(&st2, owner, session, &title, &att).map_err(|e| e.2)
    })
    .await;
    match done {
        Ok(Ok((id, _))) => Redirect::to(&format!("/sessions/{id}")).into_response(),
        Ok(Err(msg)) => (StatusCode::BAD_REQUEST, page("Upload a session", Some((&user, &csrf)), &upload_form(&csrf, &msg))).into_response(),
        Err(e) => internal(e),
    }
}

async fn session_page(State(st): State<Shared>, headers: HeaderMap, Path(id): Path<i64>) -> Response {
    let (user, csrf) = match viewer(&st, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let s = match lock(&st).and_then(|s| s.session(&user, id).map_err(ApiError::internal)) {
        Ok(Some(s)) => s,
        Ok(None) => return not_found(&user, &csrf),
        Err(e) => return internal(e.2),
    };
    let body = format!(
        "<p>{} · {} · {} turns · attunement index {:.0} · {} flags · <a href=\"/therapists/{}\">trends</a> · <a href=\"/sessions/{id}/report\">report alone</a></p>\
         <iframe title=\"report\" src=\"/sessions/{id}/report\" sandbox=\"allow-same-origin allow-scripts\"></iframe>",
        esc(&s.owner_name),
        esc(s.created.get(..10).unwrap_or(&s.created)),
        s.turns,
        s.index,
        s.flags,
        s.owner
    );
    page(&s.title, Some((&user, &csrf)), &body).into_response()
}

async fn report(State(st): State<Shared>, headers: HeaderMap, Path(id): Path<i64>) -> Response {
    let (user, csrf) = match viewer(&st, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    match lock(&st).and_then(|s| s.session_blob(&user, id, true).map_err(ApiError::internal)) {
        Ok(Some(html)) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Ok(None) => not_found(&user, &csrf),
        Err(e) => internal(e.2),
    }
}

/// An inline SVG line chart of the index over sessions (0..100).
fn chart(points: &[(String, f64)]) -> String {
    let (w, h, pad) = (640.0, 220.0, 30.0);
    let n = points.len().max(2) as f64 - 1.0;
    let x = |i: usize| pad + (w - 2.0 * pad) * i as f64 / n;
    let y = |v: f64| h - pad - (h - 2.0 * pad) * v.clamp(0.0, 100.0) / 100.0;
    let mut s = format!("<svg role=\"img\" aria-label=\"attunement index over sessions\" viewBox=\"0 0 {w} {h}\" width=\"100%\">");
    for g in [0.0, 50.0, 100.0] {
        let _ = write!(s, "<line x1=\"{pad}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#d0d7de\"/><text x=\"2\" y=\"{:.1}\" font-size=\"11\">{g:.0}</text>", w - pad, y(g), y(g), y(g) + 4.0);
    }
    let path: Vec<String> = points.iter().enumerate().map(|(i, p)| format!("{}{:.1},{:.1}", if i == 0 { "M" } else { "L" }, x(i), y(p.1))).collect();
    let _ = write!(s, "<path d=\"{}\" fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\"/>", path.join(""));
    for (i, p) in points.iter().enumerate() {
        let _ = write!(s, "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"#0969da\"><title>{}: {:.0}</title></circle>", x(i), y(p.1), esc(&p.0), p.1);
    }
    s.push_str("</svg>");
    s
}

/// Sub-scores over sessions: one line each (0..100), with a legend.
fn subscore_chart(series: &[(String, Vec<Option<f64>>)]) -> String {
    const COLOURS: &[&str] = &["#0969da", "#1a7f37", "#9a6700", "#cf222e", "#8250df", "#bf3989", "#57606a", "#0550ae"];
    let (w, h, pad) = (640.0, 220.0, 30.0);
    let n = series.first().map_or(2, |s| s.1.len()).max(2) as f64 - 1.0;
    let x = |i: usize| pad + (w - 2.0 * pad) * i as f64 / n;
    let y = |v: f64| h - pad - (h - 2.0 * pad) * v.clamp(0.0, 100.0) / 100.0;
    let mut s = format!("<svg role=\"img\" aria-label=\"sub-scores over sessions\" viewBox=\"0 0 {w} {h}\" width=\"100%\">");
    for g in [0.0, 50.0, 100.0] {
        let _ = write!(s, "<line x1=\"{pad}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#d0d7de\"/>", w - pad, y(g), y(g));
    }
    let mut legend = String::from("<p>");
    for (k, (name, values)) in series.iter().enumerate() {
        let c = COLOURS[k % COLOURS.len()];
        let mut d = String::new();
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                let _ = write!(d, "{}{:.1},{:.1}", if d.is_empty() { "M" } else { "L" }, x(i), y(*v));
            }
        }
        let _ = write!(s, "<path d=\"{d}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"1.5\"><title>{}</title></path>", esc(name));
        let _ = write!(legend, "<span style=\"color:{c}\">■</span> {} ", esc(name));
    }
    s.push_str("</svg>");
    legend.push_str("</p>");
    s + &legend
}

async fn trends_page(State(st): State<Shared>, headers: HeaderMap, Path(id): Path<i64>) -> Response {
    let (user, csrf) = match viewer(&st, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let data = lock(&st).and_then(|s| {
        if !s.may_see(&user, id).map_err(ApiError::internal)? {
            return Ok(None);
        }
        let Some(who) = s.user(id).map_err(ApiError::internal)? else { return Ok(None) };
        Ok(Some((who, s.list_sessions(&user, Some(id)).map_err(ApiError::internal)?)))
    });
    let (who, mut sessions) = match data {
        Ok(Some(v)) => v,
        Ok(None) => return not_found(&user, &csrf),
        Err(e) => return internal(e.2),
    };
    sessions.reverse();
    let points: Vec<(String, f64)> = sessions.iter().map(|s| (s.created.get(..10).unwrap_or(&s.created).to_string(), s.index)).collect();
    let mut kinds: std::collections::BTreeMap<String, (i64, Vec<i64>)> = Default::default();
    for (k, s) in sessions.iter().enumerate() {
        if let Some(o) = s.flag_kinds.as_object() {
            for (name, n) in o {
                let e = kinds.entry(name.clone()).or_default();
                e.0 += n.as_i64().unwrap_or(0);
                e.1.push(k as i64);
            }
        }
    }
    let mut b = if sessions.is_empty() { "<p>No sessions yet.</p>".to_string() } else { chart(&points) };
    if let (Some(first), Some(last)) = (sessions.first(), sessions.last()) {
        if sessions.len() > 1 {
            let _ = write!(b, "<p>From {:.0} in the first session to {:.0} in the latest ({} sessions).</p>", first.index, last.index, sessions.len());
        }
    }
    // Sub-scores over time, and what improved: flag kinds rarer in the later half of the sessions.
    let mut names: Vec<String> = sessions.iter().filter_map(|s| s.subscores.as_object()).flat_map(|o| o.keys().cloned()).collect();
    names.sort();
    names.dedup();
    if sessions.len() > 1 && !names.is_empty() {
        let series: Vec<(String, Vec<Option<f64>>)> =
            names.iter().map(|n| (n.clone(), sessions.iter().map(|s| s.subscores.get(n).and_then(serde_json::Value::as_f64)).collect())).collect();
        b.push_str("<h2>Sub-scores</h2>");
        b.push_str(&subscore_chart(&series));
    }
    if sessions.len() >= 2 {
        let half = sessions.len() / 2;
        let per = |part: &[attune_store::StoredSession], k: &str| {
            part.iter().map(|s| s.flag_kinds.get(k).and_then(serde_json::Value::as_i64).unwrap_or(0)).sum::<i64>() as f64 / part.len().max(1) as f64
        };
        let mut better = Vec::new();
        for k in kinds.keys() {
            let (early, late) = (per(&sessions[..half], k), per(&sessions[half..], k));
            if late < early {
                better.push(format!("{}: {early:.1} → {late:.1} per session", k.replace('_', " ")));
            }
        }
        b.push_str("<h2>What improved</h2>");
        if better.is_empty() {
            b.push_str("<p>No flag kind has become rarer yet.</p>");
        } else {
            b.push_str("<ul>");
            for x in better {
                let _ = write!(b, "<li>{}</li>", esc(&x));
            }
            b.push_str("</ul>");
        }
    }
    b.push_str("<h2>Flag kinds that recur</h2><table><thead><tr><th>Kind</th><th>Flags</th><th>Sessions with it</th></tr></thead><tbody>");
    let mut rows: Vec<_> = kinds.into_iter().collect();
    rows.sort_by_key(|r| -r.1 .0);
    for (k, (n, in_sessions)) in rows {
        let _ = write!(b, "<tr><td>{}</td><td>{n}</td><td>{} of {}</td></tr>", esc(&k.replace('_', " ")), in_sessions.len(), sessions.len());
    }
    b.push_str("</tbody></table>");
    let _ = write!(
        b,
        "<p>Export (the tables `attune batch` writes): sessions <a href=\"/therapists/{id}/export/sessions.csv\">CSV</a> \
         <a href=\"/therapists/{id}/export/sessions.parquet\">Parquet</a> · coded turns <a href=\"/therapists/{id}/export/turns.csv\">CSV</a> \
         <a href=\"/therapists/{id}/export/turns.parquet\">Parquet</a></p>"
    );
    page(&format!("Trends: {}", who.name), Some((&user, &csrf)), &b).into_response()
}

#[derive(Deserialize)]
struct PracticeQuery {
    v: Option<usize>,
}

fn practice_form(csrf: &str, v: usize) -> String {
    format!(
        "<p>The client says:</p><blockquote>{}</blockquote><form method=\"post\" action=\"/practice\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
         <input type=\"hidden\" name=\"v\" value=\"{v}\"><label>Your response <textarea name=\"answer\" rows=\"3\" required></textarea></label><button>Check my response</button></form>",
        esc(VIGNETTES[v].0),
        esc(csrf)
    )
}

async fn practice_page(State(st): State<Shared>, headers: HeaderMap, Query(q): Query<PracticeQuery>) -> Response {
    let (user, csrf) = match viewer(&st, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let v = q.v.unwrap_or(0) % VIGNETTES.len();
    let mut b = practice_form(&csrf, v);
    if let Ok(attempts) = lock(&st).and_then(|s| s.practice(user.id).map_err(ApiError::internal)) {
        if !attempts.is_empty() {
            b.push_str("<h2>Your attempts</h2><table><tbody>");
            for (vig, answer, score, created) in attempts.iter().take(20) {
                let _ = write!(b, "<tr><td>{}</td><td>vignette {}</td><td>{}</td><td>{score:.0}</td></tr>", esc(created.get(..10).unwrap_or(created)), vig + 1, esc(answer));
            }
            b.push_str("</tbody></table>");
        }
    }
    page("Practice", Some((&user, &csrf)), &b).into_response()
}

#[derive(Deserialize)]
struct PracticeForm {
    csrf: String,
    v: usize,
    answer: String,
}

async fn practice(State(st): State<Shared>, headers: HeaderMap, Form(f): Form<PracticeForm>) -> Response {
    let (user, csrf) = match viewer_posting(&st, &headers, &f.csrf) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let v = f.v % VIGNETTES.len();
    let ctx = attune::check::context(&[], VIGNETTES[v].0);
    let r = st.pipeline.check(&ctx, f.answer.trim());
    let json = attune::check::to_json(&r, None, None);
    if let Ok(mut s) = lock(&st) {
        let _ = s.add_practice(user.id, v as i64, f.answer.trim(), r.score, &json.to_string());
    }
    let mut b = format!("<p>Your response was coded <strong>{}</strong> and scored <strong>{:.0}</strong> of 100.</p>", esc(r.code.as_str()), r.score);
    if r.flags.is_empty() {
        b.push_str("<p>No misattunement flagged.</p>");
    }
    for fl in &r.flags {
        let _ = write!(b, "<p class=\"err\">{} — {}</p><p>Try: {}</p>", esc(&format!("{:?}", fl.kind)), esc(&fl.explanation), esc(&fl.alternative.text));
    }
    let _ = write!(b, "<p>An attuned example: <em>{}</em></p><p><a href=\"/practice?v={}\">Next vignette</a></p>", esc(VIGNETTES[v].1), (v + 1) % VIGNETTES.len());
    page("Practice", Some((&user, &csrf)), &b).into_response()
}

/// The sessions of therapist `id` the viewer may see (None: not theirs to see).
fn therapist_sessions(st: &Shared, user: &User, id: i64) -> Result<Option<Vec<attune_store::StoredSession>>, ApiError> {
    let s = lock(st)?;
    if !s.may_see(user, id).map_err(ApiError::internal)? || s.user(id).map_err(ApiError::internal)?.is_none() {
        return Ok(None);
    }
    Ok(Some(s.list_sessions(user, Some(id)).map_err(ApiError::internal)?))
}

/// A therapist's tidy tables — the rows `attune batch` writes, per turn or per session — as CSV or Parquet.
async fn export(State(st): State<Shared>, headers: HeaderMap, Path((id, file)): Path<(i64, String)>) -> Response {
    let (user, csrf) = match viewer(&st, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let (table, ext) = file.split_once('.').unwrap_or((file.as_str(), ""));
    let format = match ext {
        "csv" => attune::tables::Format::Csv,
        "parquet" => attune::tables::Format::Parquet,
        _ => return not_found(&user, &csrf),
    };
    if table != "turns" && table != "sessions" {
        return not_found(&user, &csrf);
    }
    let sessions = match therapist_sessions(&st, &user, id) {
        Ok(Some(v)) => v,
        Ok(None) => return not_found(&user, &csrf),
        Err(e) => return internal(e.2),
    };
    let mut analyses = Vec::new();
    for s in sessions.iter().rev() {
        let doc = match lock(&st).and_then(|l| l.session_blob(&user, s.id, false).map_err(ApiError::internal)) {
            Ok(Some(d)) => d,
            _ => continue,
        };
        match attune::Analysis::from_json(&doc) {
            Ok(a) => analyses.push((a, format!("session {}: {}", s.id, s.title))),
            Err(e) => return internal(e),
        }
    }
    let bytes = tokio::task::spawn_blocking(move || attune::tables::tables_bytes(analyses.iter().map(|(a, l)| (a, l.as_str())), format)).await;
    let (turns, sessions) = match bytes {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => return internal(e),
        Err(e) => return internal(e),
    };
    let ctype = if ext == "csv" { "text/csv; charset=utf-8" } else { "application/vnd.apache.parquet" };
    let body = if table == "turns" { turns } else { sessions };
    ([(header::CONTENT_TYPE, ctype.to_string()), (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\""))], body).into_response()
}

async fn live_list(State(st): State<Shared>, headers: HeaderMap) -> Response {
    let (user, csrf) = match viewer(&st, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let live = crate::live_sessions(&st, &user);
    let mut b = String::from("<p>Sessions being held now, streamed to <code>/api/live</code> by a live transcription client. Open one to watch each therapist turn judged as it happens.</p>");
    if live.is_empty() {
        b.push_str("<p>No live session in progress.</p>");
    } else {
        b.push_str("<ul>");
        for (id, name, _) in &live {
            let _ = write!(b, "<li><a href=\"/live/{id}\">{} — live session {id}</a></li>", esc(name));
        }
        b.push_str("</ul>");
    }
    page("Live sessions", Some((&user, &csrf)), &b).into_response()
}

/// A live session as it happens: each turn, the judgement of each therapist turn, and the meter. The little
/// script opens the watch socket on this server and writes what arrives into the page (text only, no HTML).
async fn live_view(State(st): State<Shared>, headers: HeaderMap, Path(id): Path<u64>) -> Response {
    let (user, csrf) = match viewer(&st, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    if !crate::live_sessions(&st, &user).iter().any(|(i, _, _)| *i == id) {
        return not_found(&user, &csrf);
    }
    let body = format!(
        "<p id=\"status\">Connecting…</p><p>Meter: client distress <strong id=\"distress\">–</strong> · reflections <strong id=\"refl\">–</strong> · \
         fixing <strong id=\"fix\">–</strong> · mean score <strong id=\"score\">–</strong> · therapist talk share <strong id=\"talk\">–</strong></p>\
         <table><thead><tr><th>#</th><th>Role</th><th>Turn</th><th>Code</th><th>Score</th><th>Flags</th></tr></thead><tbody id=\"turns\"></tbody></table>\
         <script>{LIVE_JS}</script>"
    )
    .replace("LIVE_ID", &id.to_string());
    page(&format!("Live session {id}"), Some((&user, &csrf)), &body).into_response()
}

const LIVE_JS: &str = "(() => {\
  const pct = (x) => (x === null || x === undefined) ? '–' : Math.round(x * 100) + '%';\
  const set = (id, v) => { document.getElementById(id).textContent = v; };\
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/live/LIVE_ID/watch');\
  ws.onopen = () => set('status', 'Watching.');\
  ws.onclose = () => set('status', 'The session has ended.');\
  ws.onmessage = (e) => {\
    const m = JSON.parse(e.data);\
    if (m.type === 'ended') { set('status', 'The session has ended.'); return; }\
    const tr = document.createElement('tr');\
    const flags = (m.flags || []).map((f) => f.kind).join(', ');\
    for (const v of [m.turn, m.role, m.text, m.code || '', m.score === undefined ? '' : Math.round(m.score), flags]) {\
      const td = document.createElement('td'); td.textContent = v; tr.appendChild(td);\
    }\
    document.getElementById('turns').appendChild(tr);\
    const k = m.meter || {};\
    set('distress', pct(k.client_distress)); set('refl', pct(k.reflections)); set('fix', pct(k.fixing));\
    set('score', k.mean_score === null || k.mean_score === undefined ? '–' : Math.round(k.mean_score)); set('talk', pct(k.therapist_talk_share));\
  };\
})();";

/// Shows the upload's progress, then goes where the server sends it (or shows its message).
const UPLOAD_JS: &str = "(() => {\
  const form = document.querySelector('form[action=\\'/upload\\']');\
  const out = document.getElementById('progress');\
  form.addEventListener('submit', (e) => {\
    e.preventDefault();\
    const xhr = new XMLHttpRequest();\
    xhr.open('POST', '/upload');\
    xhr.upload.onprogress = (p) => { if (p.lengthComputable) out.textContent = 'Uploading… ' + Math.round(100 * p.loaded / p.total) + '%'; };\
    xhr.upload.onload = () => { out.textContent = 'Uploaded; analysing…'; };\
    xhr.onload = () => {\
      if (xhr.status === 200 && xhr.responseURL && !xhr.responseURL.endsWith('/upload')) { location.href = xhr.responseURL; return; }\
      document.open(); document.write(xhr.responseText); document.close();\
    };\
    xhr.onerror = () => { out.textContent = 'The upload failed: the server could not be reached.'; };\
    xhr.send(new FormData(form));\
  });\
})();";

/// A supervisor's view: each trainee (or, for an admin, each therapist) with their sessions, first and latest
/// index, and the flag kind that recurs most.
async fn trainees(State(st): State<Shared>, headers: HeaderMap) -> Response {
    let (user, csrf) = match viewer(&st, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let data = lock(&st).and_then(|s| {
        let people = s.visible_users(&user).map_err(ApiError::internal)?;
        let mut rows = Vec::new();
        for p in people.into_iter().filter(|p| p.id != user.id) {
            let mut v = s.list_sessions(&user, Some(p.id)).map_err(ApiError::internal)?;
            v.reverse();
            rows.push((p, v));
        }
        Ok(rows)
    });
    let rows = match data {
        Ok(r) => r,
        Err(e) => return internal(e.2),
    };
    let mut b = String::new();
    if rows.is_empty() {
        b.push_str("<p>No trainees: therapists are linked to a supervisor with <code>attune user add NAME --supervisor SUPERVISOR</code>.</p>");
    } else {
        b.push_str("<table><thead><tr><th>Trainee</th><th>Sessions</th><th>First index</th><th>Latest index</th><th>Most frequent flag</th><th></th></tr></thead><tbody>");
        for (p, v) in &rows {
            let mut kinds: std::collections::BTreeMap<String, i64> = Default::default();
            for s in v {
                for (k, n) in s.flag_kinds.as_object().into_iter().flatten() {
                    *kinds.entry(k.clone()).or_default() += n.as_i64().unwrap_or(0);
                }
            }
            let top = kinds.iter().max_by_key(|(_, n)| **n).map(|(k, n)| format!("{} ({n})", k.replace('_', " "))).unwrap_or_default();
            let f = |s: Option<&attune_store::StoredSession>| s.map(|s| format!("{:.0}", s.index)).unwrap_or_default();
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><a href=\"/therapists/{}\">trends</a> · <a href=\"/?therapist={}\">sessions</a></td></tr>",
                esc(&p.name),
                v.len(),
                f(v.first()),
                f(v.last()),
                esc(&top),
                p.id,
                p.id
            );
        }
        b.push_str("</tbody></table>");
    }
    page("Trainees", Some((&user, &csrf)), &b).into_response()
}
