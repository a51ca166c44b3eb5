//! Every route, with no token (401), with someone else's session (404), and as the owner, the supervisor and an
//! admin; uploads too large or malformed; the stored report is the pipeline's.

use attune_server::{router, AppState, MAX_UPLOAD};
use attune_store::{Role, Store};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

const VTT: &str = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Therapist>How have things been this week?\n\n00:00:04.500 --> 00:00:09.000\n<v Client>Honestly awful. I lost my job and I can't sleep.\n\n00:00:09.500 --> 00:00:13.000\n<v Therapist>Losing your job has left you exhausted and scared.\n";

struct World {
    app: axum::Router,
    ana: String,
    ben: String,
    sup: String,
    admin: String,
}

fn world() -> World {
    let mut st = Store::in_memory().unwrap();
    st.add_user("Dr Reyes", Role::Supervisor, None).unwrap();
    let ana = st.add_user("Ana", Role::Therapist, Some("Dr Reyes")).unwrap();
    let ben = st.add_user("Ben", Role::Therapist, None).unwrap();
    let sup = st.user_by_name("Dr Reyes").unwrap().unwrap();
    let admin = st.add_user("root", Role::Admin, None).unwrap();
    let (ana, ben, sup, admin) = (st.new_token(ana.id).unwrap(), st.new_token(ben.id).unwrap(), st.new_token(sup.id).unwrap(), st.new_token(admin.id).unwrap());
    World { app: router(AppState::new(st).unwrap()), ana, ben, sup, admin }
}

async fn call(app: &axum::Router, method: &str, uri: &str, token: Option<&str>, body: Body, ctype: Option<&str>) -> (StatusCode, Vec<u8>) {
    let mut rq = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        rq = rq.header("authorization", format!("Bearer {t}"));
    }
    if let Some(c) = ctype {
        rq = rq.header("content-type", c);
    }
    let res = app.clone().oneshot(rq.body(body).unwrap()).await.unwrap();
    let status = res.status();
    (status, res.into_body().collect().await.unwrap().to_bytes().to_vec())
}

fn multipart(name: &str, content: &[u8]) -> (Body, String) {
    let b = "XattuneBoundary7";
    let mut body = Vec::new();
    body.extend_from_slice(format!("--{b}\r\nContent-Disposition: form-data; name=\"transcript\"; filename=\"{name}\"\r\nContent-Type: text/vtt\r\n\r\n").as_bytes());
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    (Body::from(body), format!("multipart/form-data; boundary={b}"))
}

fn json(b: &[u8]) -> Value {
    serde_json::from_slice(b).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(b)))
}

async fn upload(w: &World, token: &str) -> i64 {
    let (body, ct) = multipart("s.vtt", VTT.as_bytes());
    let (s, b) = call(&w.app, "POST", "/api/sessions", Some(token), body, Some(&ct)).await;
    assert_eq!(s, StatusCode::CREATED, "{}", String::from_utf8_lossy(&b));
    json(&b)["id"].as_i64().unwrap()
}

#[tokio::test]
async fn every_route_guards_its_sessions() {
    let w = world();
    let id = upload(&w, &w.ana).await;
    let routes = [("GET", format!("/api/sessions/{id}")), ("GET", format!("/api/sessions/{id}/report")), ("GET", "/api/therapists/2/trends".to_string())];
    for (m, uri) in &routes {
        let (s, b) = call(&w.app, m, uri, None, Body::empty(), None).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{m} {uri} without a token");
        assert_eq!(json(&b)["error"]["code"], "unauthorized");
        let (s, _) = call(&w.app, m, uri, Some("att_forged"), Body::empty(), None).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{m} {uri} with a forged token");
        let (s, b) = call(&w.app, m, uri, Some(&w.ben), Body::empty(), None).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{m} {uri} as another therapist: {}", String::from_utf8_lossy(&b));
        for t in [&w.ana, &w.sup, &w.admin] {
            let (s, _) = call(&w.app, m, uri, Some(t), Body::empty(), None).await;
            assert_eq!(s, StatusCode::OK, "{m} {uri} as owner, supervisor or admin");
        }
    }
    for (m, uri, body) in [("GET", "/api/sessions", ""), ("POST", "/api/check", "{}"), ("POST", "/api/check/batch", "{}")] {
        let (s, _) = call(&w.app, m, uri, None, Body::from(body), None).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{m} {uri}");
    }
    // Lists show only what the caller may see.
    let count = |b: &[u8]| json(b)["sessions"].as_array().map_or(0, |a| a.len());
    assert_eq!(count(&call(&w.app, "GET", "/api/sessions", Some(&w.ben), Body::empty(), None).await.1), 0);
    assert_eq!(count(&call(&w.app, "GET", "/api/sessions", Some(&w.sup), Body::empty(), None).await.1), 1);
    // Delete: not Ben's to delete (404, and it stays); Ana's.
    assert_eq!(call(&w.app, "DELETE", &format!("/api/sessions/{id}"), Some(&w.ben), Body::empty(), None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(call(&w.app, "DELETE", &format!("/api/sessions/{id}"), None, Body::empty(), None).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(call(&w.app, "DELETE", &format!("/api/sessions/{id}"), Some(&w.ana), Body::empty(), None).await.0, StatusCode::NO_CONTENT);
    assert_eq!(call(&w.app, "GET", &format!("/api/sessions/{id}"), Some(&w.ana), Body::empty(), None).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn report_is_the_pipelines_and_trends_follow_sessions() {
    let w = world();
    let id = upload(&w, &w.ana).await;
    upload(&w, &w.ana).await;
    let (s, html) = call(&w.app, "GET", &format!("/api/sessions/{id}/report"), Some(&w.ana), Body::empty(), None).await;
    assert_eq!(s, StatusCode::OK);
    let html = String::from_utf8(html).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("lost my job"), "the stored report is attune's HTML");
    let (_, b) = call(&w.app, "GET", &format!("/api/sessions/{id}"), Some(&w.ana), Body::empty(), None).await;
    assert_eq!(json(&b)["analysis"]["schema"], "attune.analysis/1");
    let (s, b) = call(&w.app, "GET", "/api/therapists/2/trends", Some(&w.sup), Body::empty(), None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(json(&b)["sessions"].as_array().unwrap().len(), 2);
    assert_eq!(call(&w.app, "GET", "/api/therapists/99/trends", Some(&w.admin), Body::empty(), None).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_uploads_get_clear_errors_and_store_nothing() {
    let w = world();
    let (body, ct) = multipart("bad.vtt", b"\x00\x01 binary");
    let (s, b) = call(&w.app, "POST", "/api/sessions", Some(&w.ana), body, Some(&ct)).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let e = json(&b);
    assert_eq!(e["error"]["code"], "unreadable_transcript");
    assert!(e["error"]["message"].as_str().unwrap().contains("bad.vtt"), "{e}");
    let (s, b) = call(&w.app, "POST", "/api/sessions", Some(&w.ana), Body::from("--x\r\nnot multipart"), Some("multipart/form-data; boundary=x")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{}", String::from_utf8_lossy(&b));
    let big = vec![b'a'; MAX_UPLOAD + 1024];
    let (body, ct) = multipart("big.vtt", &big);
    let (s, b) = call(&w.app, "POST", "/api/sessions", Some(&w.ana), body, Some(&ct)).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{}", String::from_utf8_lossy(&b));
    assert_eq!(json(&b)["error"]["code"], "too_large");
    let (_, b) = call(&w.app, "GET", "/api/sessions", Some(&w.ana), Body::empty(), None).await;
    assert_eq!(json(&b)["sessions"].as_array().unwrap().len(), 0, "nothing stored from bad uploads");
}

#[tokio::test]
async fn check_and_batch_and_openapi() {
    let w = world();
    let rq = r#"{"context": ["I lost my job today and I feel worthless."], "response": "Just update your CV tonight.", "id": 7}"#;
    let (s, b) = call(&w.app, "POST", "/api/check", Some(&w.ben), Body::from(rq), Some("application/json")).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    let v = json(&b);
    assert_eq!(v["id"], 7);
    assert!(v["score"].as_f64().unwrap() < 60.0, "{v}");
    let (s, b) = call(&w.app, "POST", "/api/check", Some(&w.ben), Body::from("not json"), None).await;
    assert_eq!((s, json(&b)["error"]["code"].clone()), (StatusCode::BAD_REQUEST, Value::from("bad_check")));
    let batch = format!("{rq}\n\nnot json\n{rq}\n");
    let (s, b) = call(&w.app, "POST", "/api/check/batch", Some(&w.ben), Body::from(batch), None).await;
    assert_eq!(s, StatusCode::OK);
    let lines: Vec<Value> = String::from_utf8(b).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["line"], 3);
    assert_eq!(lines[1]["error"]["code"], "bad_check");
    let (s, b) = call(&w.app, "GET", "/api/openapi.json", None, Body::empty(), None).await;
    assert_eq!(s, StatusCode::OK);
    let doc = json(&b);
    assert_eq!(doc["openapi"], "3.0.3");
    for p in ["/api/sessions", "/api/sessions/{id}", "/api/sessions/{id}/report", "/api/check", "/api/check/batch", "/api/therapists/{id}/trends"] {
        assert!(doc["paths"].get(p).is_some(), "{p} documented");
    }
    assert_eq!(call(&w.app, "GET", "/api/nothing", Some(&w.ben), Body::empty(), None).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn live_mode_judges_each_therapist_turn_and_stores_the_session() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    let mut st = Store::in_memory().unwrap();
    let ana = st.add_user("Ana", Role::Therapist, None).unwrap();
    let ben = st.add_user("Ben", Role::Therapist, None).unwrap();
    let (token, ben_token) = (st.new_token(ana.id).unwrap(), st.new_token(ben.id).unwrap());
    let app = router(AppState::new(st).unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    // Without a token the upgrade is refused.
    assert!(tokio_tungstenite::connect_async(format!("ws://{addr}/api/live")).await.is_err());
    let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/api/live?token={token}")).await.unwrap();
    let turns = [
        ("therapist", "How have things been since we last met?"),
        ("client", "Terrible. I sat in the car outside work for forty minutes and couldn't go in."),
        ("therapist", "You should just make a to-do list the night before."),
        ("client", "I guess. It just feels like too much."),
        ("therapist", "It sounds like even getting through the door feels overwhelming right now."),
    ];
    let mut replies = Vec::new();
    for (role, text) in turns {
        ws.send(Message::Text(serde_json::json!({"type": "turn", "role": role, "text": text}).to_string().into())).await.unwrap();
        let reply = loop {
            if let Message::Text(t) = ws.next().await.unwrap().unwrap() {
                break serde_json::from_str::<Value>(&t).unwrap();
            }
        };
        replies.push(reply);
    }
    assert_eq!(replies[0]["type"], "judgement");
    assert_eq!(replies[1]["type"], "ack");
    assert_eq!(replies[2]["code"], "advise", "{}", replies[2]);
    assert!(replies[2]["latency_ms"].as_f64().is_some());
    assert!(replies[2]["score"].as_f64().unwrap() < replies[4]["score"].as_f64().unwrap(), "advice right after distress scores below the reflection");
    assert!(replies[4]["code"].as_str().unwrap().starts_with("reflection"));
    let meter = &replies[4]["meter"];
    assert!(meter["client_distress"].as_f64().is_some() && meter["reflections"].as_f64().unwrap() > 0.0, "{meter}");
    // A bad message gets an error and the stream goes on.
    ws.send(Message::Text("{\"type\": \"turn\"}".into())).await.unwrap();
    let err = loop {
        if let Message::Text(t) = ws.next().await.unwrap().unwrap() {
            break serde_json::from_str::<Value>(&t).unwrap();
        }
    };
    assert_eq!(err["code"], "bad_message");
    // Two minutes of movement of both people at 10 Hz: the stored session gets a synchrony section.
    for k in 0..1200 {
        let t = k as f64 / 10.0;
        let a = (t * 0.7).sin().abs() + 0.1 * ((k * 7919) % 13) as f64 / 13.0;
        let b = ((t - 1.0) * 0.7).sin().abs() + 0.1 * ((k * 104729) % 11) as f64 / 11.0;
        ws.send(Message::Text(serde_json::json!({"type": "signal", "t": t, "therapist": a, "client": b}).to_string().into())).await.unwrap();
    }
    ws.send(Message::Text(serde_json::json!({"type": "end", "title": "live check"}).to_string().into())).await.unwrap();
    let stored = loop {
        if let Message::Text(t) = ws.next().await.unwrap().unwrap() {
            break serde_json::from_str::<Value>(&t).unwrap();
        }
    };
    assert_eq!(stored["type"], "stored", "{stored}");
    let id = stored["id"].as_i64().unwrap();
    {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        let rq = format!("GET /api/sessions/{id}/report HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n");
        s.write_all(rq.as_bytes()).await.unwrap();
        let mut resp = String::new();
        s.read_to_string(&mut resp).await.unwrap();
        assert!(resp.contains("id=\"sync\""), "the live signal samples became a synchrony section");
    }
    // Stored like an upload: Ana sees it, Ben does not.
    let client = |t: &str| format!("GET /api/sessions/{id} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {t}\r\nConnection: close\r\n\r\n");
    for (t, want) in [(&token, "200"), (&ben_token, "404")] {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(client(t).as_bytes()).await.unwrap();
        let mut resp = String::new();
        s.read_to_string(&mut resp).await.unwrap();
        assert!(resp.starts_with(&format!("HTTP/1.1 {want}")), "{resp}");
    }
}

#[tokio::test]
async fn web_pages_need_a_login_and_forms_need_their_token() {
    let w = world();
    for uri in ["/", "/upload", "/sessions/1", "/sessions/1/report", "/therapists/1", "/practice"] {
        let res = w.app.clone().oneshot(Request::builder().uri(uri).body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{uri} without a login");
        assert_eq!(res.headers()["location"], "/login");
    }
    // A login form posted without the cookie it was served with (a cross-site post) is refused.
    let res = w
        .app
        .clone()
        .oneshot(
            Request::builder()
                .method("POST")
                .uri("/login")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from("name=Ana&password=whatever1&csrf=abc"))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The login page sets the double-submit cookie, Secure and HttpOnly.
    let res = w.app.clone().oneshot(Request::builder().uri("/login").body(Body::empty()).unwrap()).await.unwrap();
    let c = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(c.contains("HttpOnly") && c.contains("Secure") && c.contains("SameSite=Strict"), "{c}");
}

#[tokio::test]
async fn an_upload_with_audio_and_signal_gets_their_sections() {
    let reference = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference");
    assert!(reference.is_dir(), "this test needs ../shared/reference beside the repository");
    let mea = std::fs::read(reference.join("rmea/input/normal/200_01.txt")).unwrap();
    let wav = std::fs::read(reference.join("praat/dialogue_stereo_T_left_C_right.wav")).unwrap();
    let w = world();
    let b = "XattuneBoundary9";
    let mut body = Vec::new();
    for (field, file, bytes) in [("transcript", "s.vtt", VTT.as_bytes()), ("signal", "pair.txt", &mea[..]), ("audio", "session.wav", &wav[..])] {
        body.extend_from_slice(format!("--{b}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file}\"\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{b}--\r\n").as_bytes());
    let ct = format!("multipart/form-data; boundary={b}");
    let (s, out) = call(&w.app, "POST", "/api/sessions", Some(&w.ana), Body::from(body), Some(&ct)).await;
    assert_eq!(s, StatusCode::CREATED, "{}", String::from_utf8_lossy(&out));
    let id = json(&out)["id"].as_i64().unwrap();
    let (_, html) = call(&w.app, "GET", &format!("/api/sessions/{id}/report"), Some(&w.ana), Body::empty(), None).await;
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("id=\"sync\"") && html.contains("id=\"voice\""), "synchrony and voice sections");
    // A signal file that is not one gets the reader's message, without the server's temporary path.
    let mut body = Vec::new();
    for (field, file, bytes) in [("transcript", "s.vtt", VTT.as_bytes()), ("signal", "pair.txt", &b"not a signal\n"[..])] {
        body.extend_from_slice(format!("--{b}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file}\"\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{b}--\r\n").as_bytes());
    let (s, out) = call(&w.app, "POST", "/api/sessions", Some(&w.ana), Body::from(body), Some(&ct)).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{}", String::from_utf8_lossy(&out));
    let msg = String::from_utf8_lossy(&out);
    assert!(!msg.contains("attune-upload-") && msg.contains("pair.txt"), "{msg}");
}

#[tokio::test]
async fn a_bounded_loopback_load_gets_no_error() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let w = world();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = w.app.clone();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let body = r#"{"context": ["I can't sleep and I keep crying."], "response": "That sounds exhausting."}"#;
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let token = w.ana.clone();
            tokio::spawn(async move {
                let mut ok = 0;
                for _ in 0..40 {
                    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
                    let rq = format!(
                        "POST /api/check HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    s.write_all(rq.as_bytes()).await.unwrap();
                    let mut resp = String::new();
                    s.read_to_string(&mut resp).await.unwrap();
                    ok += usize::from(resp.starts_with("HTTP/1.1 200"));
                }
                ok
            })
        })
        .collect();
    let mut total = 0;
    for t in tasks {
        total += t.await.unwrap();
    }
    assert_eq!(total, 320, "every request of the load answered 200");
}
