//! What real clients hit on `ksdiag serve`, each test named after it: the PHP client's
//! service URL ending in `/` (`//api_v3/…`), the `/api/…` path Kaltura rewrites, a path serve
//! does not serve, a browser app on a local dev server (CORS preflight and calls), and which KS
//! a rejected tokenHash was made over.

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
fn php_client_service_url_ending_in_slash_sends_a_double_slash_and_is_served() {
    let s = start();
    // KalturaClientBase: serviceUrl . "/api_v3/service/…", with serviceUrl "http://host:port/".
    let a = s.post_json(
        "//api_v3/service/session/action/startWidgetSession",
        &format!(r#"{{"widgetId":"_{PARTNER}","format":"3"}}"#),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(
        a.text()
            .starts_with(r#"O:33:"KalturaStartWidgetSessionResponse""#),
        "{}",
        a.text()
    );
    let a = s.post_json(
        "//api_v3//service/multirequest",
        &format!(
            r#"{{"format":1,"0":{{"service":"session","action":"startWidgetSession","widgetId":"_{PARTNER}"}}}}"#
        ),
    );
    assert_eq!(
        a.json()[0]["objectType"],
        "KalturaStartWidgetSessionResponse"
    );
}

#[test]
fn the_api_path_kaltura_rewrites_to_api_v3_is_served() {
    // enabled.kaltura.conf.template: RewriteRule ^api/(.*)$ /api_v3/index.php/$1
    let s = start();
    let a = s.get(&format!(
        "/api/service/session/action/startWidgetSession?widgetId=_{PARTNER}&format=1"
    ));
    assert_eq!(a.json()["partnerId"], 4321, "{}", a.text());
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
fn a_vite_dev_server_preflight_gets_kalturas_cors_answer_and_is_not_a_call() {
    let s = start();
    for origin in [
        "http://localhost:5173",
        "http://127.0.0.1:3000",
        "http://[::1]:8080",
    ] {
        let a = s.request(
            "OPTIONS",
            "/api_v3/service/session/action/startWidgetSession",
            &[
                ("Origin", origin),
                ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "content-type"),
            ],
            b"",
        );
        assert_eq!(a.status, 200, "{origin}");
        assert!(a.body.is_empty(), "{origin}: {}", a.text());
        // api_v3/web/index.php's answer to OPTIONS.
        assert_eq!(a.header("access-control-allow-origin"), Some(origin));
        assert_eq!(
            a.header("access-control-allow-headers"),
            Some("Origin, X-Requested-With, Content-Type, Accept, Range, Cache-Control")
        );
        assert_eq!(
            a.header("access-control-allow-methods"),
            Some("POST, GET, HEAD, OPTIONS")
        );
        assert_eq!(a.header("access-control-max-age"), Some("86400"));
        assert!(a.header("x-ksdiag-diagnosis").is_none(), "{origin}");
    }
    // Never diagnosed as a call with missing parameters; with no Origin either.
    let a = s.request(
        "OPTIONS",
        "/api_v3/service/apptoken/action/startSession",
        &[],
        b"",
    );
    assert_eq!(a.status, 200);
    assert!(a.header("x-ksdiag-diagnosis").is_none());
    assert!(feed(&s).is_empty(), "{:?}", feed(&s));
    assert!(!s.stderr().contains("MISSING_MANDATORY_PARAMETER"));
}

#[test]
fn a_browser_app_on_localhost_reads_the_answer_and_the_diagnosis_header() {
    let s = start();
    let a = s.request(
        "POST",
        "/api_v3/service/apptoken/action/startSession",
        &[
            ("Origin", "http://localhost:5173"),
            ("Content-Type", "application/json"),
        ],
        br#"{"format":1}"#,
    );
    assert_eq!(a.status, 200);
    assert_eq!(
        a.header("access-control-allow-origin"),
        Some("http://localhost:5173")
    );
    assert_eq!(a.header("vary"), Some("Origin"));
    let expose = a.header("access-control-expose-headers").unwrap();
    assert!(
        expose.starts_with(
            "Server, Content-Length, Content-Range, Date, X-Kaltura, X-Kaltura-Session, X-Me"
        ),
        "{expose}"
    );
    assert!(expose.contains("X-Ksdiag-Diagnosis"), "{expose}");
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

#[test]
fn ksdiag_own_endpoints_never_answer_another_origin_even_localhost() {
    let s = start();
    for (method, path, body) in [
        ("GET", "/ksdiag/requests", &b""[..]),
        ("POST", "/ksdiag/decode", &br#"{"ks":"x"}"#[..]),
        ("GET", "/", &b""[..]),
    ] {
        let a = s.request(
            method,
            path,
            &[
                ("Origin", "http://localhost:5173"),
                ("Content-Type", "application/json"),
            ],
            body,
        );
        assert_eq!(a.status, 403, "{method} {path}: {}", a.text());
        assert!(a.header("access-control-allow-origin").is_none());
    }
    // The page calling its own server is not cross-origin.
    let own = format!("http://{}", s.host());
    let a = s.request("GET", "/ksdiag/requests", &[("Origin", &own)], b"");
    assert_eq!(a.status, 200, "{}", a.text());
}

#[test]
fn the_host_check_still_refuses_a_rebinding_page_from_a_loopback_origin() {
    let s = start();
    let raw = "OPTIONS /api_v3/service/session/action/start HTTP/1.1\r\nHost: attacker.example\r\nOrigin: http://localhost:5173\r\nConnection: close\r\n\r\n";
    let a = s.raw(raw.as_bytes());
    assert_eq!(a.status, 403);
    assert!(a.header("access-control-allow-origin").is_none());
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
