//! The guards in front of every route, the binary's merged ones included: the Host check
//! (DNS rebinding) and CORS as api_v3/web/index.php answers it. Answers only (oneshot).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failure should be loud
mod common;
use axum::Router;
use axum::routing::post;
use common::{App, BOUND, PARTNER};

#[tokio::test]
async fn host_header_of_another_site_is_refused() {
    let s = App::new();
    for (host, allowed) in [
        (BOUND, true),
        ("localhost:38080", true),
        ("localhost", true),
        ("127.0.0.2:38080", true),
        ("evil.example:38080", false),
        ("attacker.test", false),
        ("127.0.0.1.evil.test:38080", false),
    ] {
        let a = s
            .request("GET", "/ksdiag/requests", &[("host", host)], b"")
            .await;
        assert_eq!(a.status == 200, allowed, "Host {host}: {}", a.status);
        if !allowed {
            assert!(a.text().contains("DNS rebinding"), "{}", a.text());
        }
    }
    let page = s.get("/").await;
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-security-policy")
            .unwrap()
            .contains("default-src 'self'")
    );
}

#[tokio::test]
async fn the_host_check_still_refuses_a_rebinding_page_from_a_loopback_origin() {
    let s = App::new();
    let a = s
        .request(
            "OPTIONS",
            "/api_v3/service/session/action/start",
            &[
                ("host", "attacker.example"),
                ("origin", "http://localhost:5173"),
            ],
            b"",
        )
        .await;
    assert_eq!(a.status, 403);
    assert!(a.header("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn a_vite_dev_server_preflight_gets_kalturas_cors_answer_and_is_not_a_call() {
    let s = App::new();
    for origin in [
        "http://localhost:5173",
        "http://127.0.0.1:3000",
        "http://[::1]:8080",
    ] {
        let a = s
            .request(
                "OPTIONS",
                "/api_v3/service/session/action/startWidgetSession",
                &[
                    ("origin", origin),
                    ("access-control-request-method", "POST"),
                    ("access-control-request-headers", "content-type"),
                ],
                b"",
            )
            .await;
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
    let a = s
        .request(
            "OPTIONS",
            "/api_v3/service/apptoken/action/startSession",
            &[],
            b"",
        )
        .await;
    assert_eq!(a.status, 200);
    assert!(a.header("x-ksdiag-diagnosis").is_none());
    assert!(s.feed().await.is_empty());
}

#[tokio::test]
async fn a_browser_app_on_localhost_reads_the_answer_and_the_diagnosis_header() {
    let s = App::new();
    let a = s
        .request(
            "POST",
            "/api_v3/service/apptoken/action/startSession",
            &[
                ("origin", "http://localhost:5173"),
                ("content-type", "application/json"),
            ],
            br#"{"format":1}"#,
        )
        .await;
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
    assert!(a.header("x-ksdiag-diagnosis").is_some());
}

#[tokio::test]
async fn a_page_on_another_origin_is_answered_only_when_named() {
    let origin = "http://app.example.test:3000";
    let s = App::new();
    let a = s
        .request(
            "OPTIONS",
            "/api_v3/service/session/action/start",
            &[
                ("origin", origin),
                ("access-control-request-method", "POST"),
            ],
            b"",
        )
        .await;
    assert_eq!(a.status, 403);
    assert!(a.header("access-control-allow-origin").is_none());
    assert!(a.text().contains(origin), "{}", a.text());
    assert_eq!(s.feed().await[0]["code"], "CORS_REFUSED");

    let s = App::with(Vec::new(), &[origin], Router::new());
    let a = s
        .request(
            "POST",
            &format!(
                "/api_v3/service/session/action/startWidgetSession?widgetId=_{PARTNER}&format=1"
            ),
            &[("origin", origin)],
            b"",
        )
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(a.header("access-control-allow-origin"), Some(origin));
    assert_eq!(a.json()["partnerId"], PARTNER);
}

/// The binary's routes (/ksdiag/diagnose …) are merged through `Setup::routes`: the guards
/// must cover them as they cover ks-serve's own.
#[tokio::test]
async fn ksdiag_own_endpoints_and_merged_routes_never_answer_another_origin() {
    let merged = Router::new().route("/ksdiag/merged", post(|| async { "merged" }));
    let s = App::with(Vec::new(), &[], merged);
    for (method, path) in [
        ("GET", "/ksdiag/requests"),
        ("POST", "/ksdiag/merged"),
        ("GET", "/"),
    ] {
        let a = s
            .request(method, path, &[("origin", "http://localhost:5173")], b"")
            .await;
        assert_eq!(a.status, 403, "{method} {path}: {}", a.text());
        assert!(a.header("access-control-allow-origin").is_none());
        let a = s
            .request(method, path, &[("host", "attacker.example")], b"")
            .await;
        assert_eq!(a.status, 403, "{method} {path} from another Host");
    }
    // The page calling its own server is not cross-origin.
    let own = format!("http://{BOUND}");
    let a = s
        .request("POST", "/ksdiag/merged", &[("origin", &own)], b"")
        .await;
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.text(), "merged");
}
