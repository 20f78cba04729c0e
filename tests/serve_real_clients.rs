//! What real clients hit on `ksdiag serve`, where the process's stderr is the point: a path
//! serve does not serve, a page on another origin, and which KS a rejected tokenHash was made
//! over, said on stderr. The answers alone (the PHP client's `//api_v3/…`, the `/api/…`
//! rewrite, CORS preflights, the Host check) are crates/ks-serve/tests/routes_*.rs.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failure should be loud
mod common;
use common::server::Server;

const SECRET: &str = "real-clients-admin-secret";
const PARTNER: &str = "4321";

fn start() -> Server {
    Server::start(&["--partner", &format!("{PARTNER}:{SECRET}")])
}

fn feed(s: &Server) -> Vec<serde_json::Value> {
    s.get("/ksdiag/requests")
        .json()
        .as_array()
        .cloned()
        .unwrap()
}

#[test]
fn a_path_serve_does_not_serve_is_logged_and_listed_never_a_silent_404() {
    let s = start();
    let a = s.post_json("/kaltura/api_v4/service/session", "{}");
    assert_eq!(a.status, 404);
    assert!(
        a.text()
            .contains("does not serve /kaltura/api_v4/service/session")
    );
    let err = s.stderr_with("POST /kaltura/api_v4/service/session refused");
    assert!(err.contains("check the service URL"), "{err}");
    let f = feed(&s);
    assert_eq!(f[0]["path"], "/kaltura/api_v4/service/session", "{f:?}");
    assert_eq!(f[0]["code"], "NOT_SERVED");
    assert_eq!(f[0]["ok"], false);
}

#[test]
fn a_page_on_another_origin_needs_cors_origin() {
    let origin = "http://app.example.test:3000";
    let s = start();
    let a = s.request(
        "OPTIONS",
        "/api_v3/service/session/action/start",
        &[
            ("Origin", origin),
            ("Access-Control-Request-Method", "POST"),
        ],
        b"",
    );
    assert_eq!(a.status, 403);
    assert!(a.header("access-control-allow-origin").is_none());
    let err = s.stderr_with("--cors-origin http://app.example.test:3000");
    assert!(
        err.contains("OPTIONS /api_v3/service/session/action/start refused"),
        "{err}"
    );
    assert_eq!(feed(&s)[0]["code"], "CORS_REFUSED");

    let s = Server::start(&[
        "--partner",
        &format!("{PARTNER}:{SECRET}"),
        "--cors-origin",
        origin,
    ]);
    let a = s.request(
        "POST",
        &format!("/api_v3/service/session/action/startWidgetSession?widgetId=_{PARTNER}&format=1"),
        &[("Origin", origin)],
        b"",
    );
    assert_eq!(a.status, 200);
    assert_eq!(a.header("access-control-allow-origin"), Some(origin));
    assert_eq!(a.json()["partnerId"], 4321);
}

/// startWidgetSession for the partner: the KS.
fn widget(s: &Server) -> String {
    s.get(&format!(
        "/api_v3/service/session/action/startWidgetSession?widgetId=_{PARTNER}&format=1"
    ))
    .json()["ks"]
        .as_str()
        .unwrap()
        .to_string()
}

/// An ADMIN KS, a SHA256 app token: (admin KS, id, token).
fn admin_and_token(s: &Server) -> (String, String, String) {
    let admin: String = serde_json::from_slice(
        &s.post_json(
            "/api_v3/service/session/action/start",
            &format!(r#"{{"secret":"{SECRET}","partnerId":{PARTNER},"type":2,"format":1}}"#),
        )
        .body,
    )
    .unwrap();
    let t = s
        .post_json(
            "/api_v3/service/apptoken/action/add",
            &format!(r#"{{"ks":"{admin}","appToken":{{"objectType":"KalturaAppToken","hashType":"SHA256"}},"format":1}}"#),
        )
        .json();
    (
        admin,
        t["id"].as_str().unwrap().into(),
        t["token"].as_str().unwrap().into(),
    )
}

fn start_session(s: &Server, ks: &str, id: &str, hash: &str) {
    let a = s.post_json(
        "/api_v3/service/apptoken/action/startSession",
        &format!(r#"{{"ks":"{ks}","id":"{id}","tokenHash":"{hash}","format":1}}"#),
    );
    assert_eq!(a.json()["code"], "INVALID_APP_TOKEN_HASH", "{}", a.text());
}

fn sha256(parts: &[&[u8]]) -> String {
    ks_core::digest::digest_parts(ks_core::digest::HashType::Sha256, parts)
        .to_hex()
        .as_str()
        .to_string()
}

#[test]
fn admin_ks_hashed_instead_of_the_widget_ks_names_the_session_start_that_issued_it() {
    let s = start();
    let (admin, id, token) = admin_and_token(&s);
    let w = widget(&s);
    start_session(&s, &w, &id, &sha256(&[admin.as_bytes(), token.as_bytes()]));
    let line = s.stderr_with("apptoken.startSession INVALID_APP_TOKEN_HASH");
    assert!(
        line.contains("the KS session.start issued at ")
            && line.contains("(ADMIN; the last session.start)"),
        "{line}"
    );
    assert!(line.contains("[different_ks]"), "{line}");
    let f = feed(&s);
    let cause = &f[0]["diagnosis"]["explanations"][0]["causes"][0];
    assert_eq!(cause["code"], "different_ks", "{cause}");
    assert!(
        cause
            .to_string()
            .contains("(ADMIN; the last session.start)"),
        "{cause}"
    );
}

#[test]
fn a_hash_over_the_previous_widget_ks_names_the_startwidgetsession_before_the_last_one() {
    let s = start();
    let (_, id, token) = admin_and_token(&s);
    let first = widget(&s);
    let second = widget(&s);
    start_session(
        &s,
        &second,
        &id,
        &sha256(&[first.as_bytes(), token.as_bytes()]),
    );
    let line = s.stderr_with("apptoken.startSession INVALID_APP_TOKEN_HASH");
    assert!(
        line.contains("(USER; the session.startWidgetSession before the last one)"),
        "{line}"
    );
}

#[test]
fn a_token_read_from_a_file_with_its_newline_is_said_in_words_on_stderr() {
    let s = start();
    let (_, id, token) = admin_and_token(&s);
    let w = widget(&s);
    start_session(
        &s,
        &w,
        &id,
        &sha256(&[w.as_bytes(), token.as_bytes(), b"\n"]),
    );
    let line = s.stderr_with("apptoken.startSession INVALID_APP_TOKEN_HASH");
    // The CLI's words (cause_words::describe), and the code for scripts.
    assert!(
        line.contains("a trailing newline after the token"),
        "{line}"
    );
    assert!(line.contains("[whitespace]"), "{line}");
}

#[test]
fn a_cors_origin_that_is_not_an_origin_is_refused_at_start() {
    // `*` would answer every page on the web, and a path is never in an Origin header.
    for bad in ["*", "http://localhost:5173/app"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_ksdiag"))
            .args(["serve", "--port", "0", "--cors-origin", bad])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(out.stdout.is_empty(), "{bad}: it must not start");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("is not an origin; hint:"), "{bad}: {err}");
    }
}
