//! api_v3 as real clients reach it, and what serve adds to a failed call's answer: the
//! `X-Ksdiag-Diagnosis` header and the feed. Answers only; the stderr lines, the socket and
//! the process are the tests under the workspace's tests/ (serve_*.rs).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failure should be loud
mod common;
use axum::Router;
use common::{App, PARTNER, sha1_token};

const TOKEN: &str = "0123456789abcdef0123456789abcdef";

/// The tokenHash of token + KS: `swapped_order`.
fn swapped(ks: &str) -> ks_core::digest::HexDigest {
    ks_core::digest::token_hash(ks_core::digest::HashType::Sha1, TOKEN, ks)
}

fn with_token() -> App {
    App::with(vec![sha1_token(TOKEN)], &[], Router::new())
}

#[tokio::test]
async fn php_client_service_url_ending_in_slash_sends_a_double_slash_and_is_served() {
    let s = App::new();
    // KalturaClientBase: serviceUrl . "/api_v3/service/…", with serviceUrl "http://host:port/".
    let a = s
        .post_json(
            "//api_v3/service/session/action/startWidgetSession",
            &format!(r#"{{"widgetId":"_{PARTNER}","format":"3"}}"#),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(
        a.text()
            .starts_with(r#"O:33:"KalturaStartWidgetSessionResponse""#),
        "{}",
        a.text()
    );
    let a = s
        .post_json(
            "//api_v3//service/multirequest",
            &format!(
                r#"{{"format":1,"0":{{"service":"session","action":"startWidgetSession","widgetId":"_{PARTNER}"}}}}"#
            ),
        )
        .await;
    assert_eq!(
        a.json()[0]["objectType"],
        "KalturaStartWidgetSessionResponse"
    );
}

#[tokio::test]
async fn the_api_path_kaltura_rewrites_to_api_v3_is_served() {
    // enabled.kaltura.conf.template: RewriteRule ^api/(.*)$ /api_v3/index.php/$1
    let s = App::new();
    let a = s
        .get(&format!(
            "/api/service/session/action/startWidgetSession?widgetId=_{PARTNER}&format=1"
        ))
        .await;
    assert_eq!(a.json()["partnerId"], PARTNER, "{}", a.text());
    assert_eq!(a.header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn a_path_serve_does_not_serve_is_answered_and_listed_never_a_silent_404() {
    let s = App::new();
    let a = s.post_json("/kaltura/api_v4/service/session", "{}").await;
    assert_eq!(a.status, 404);
    assert!(
        a.text()
            .contains("does not serve /kaltura/api_v4/service/session"),
        "{}",
        a.text()
    );
    assert!(a.text().contains("check the service URL"), "{}", a.text());
    let f = s.feed().await;
    assert_eq!(f[0]["path"], "/kaltura/api_v4/service/session", "{f:?}");
    assert_eq!(f[0]["code"], "NOT_SERVED");
    assert_eq!(f[0]["ok"], false);
}

#[tokio::test]
async fn a_multirequest_header_has_one_code_a_call_in_order() {
    let s = with_token();
    let ks = s.widget_ks().await;
    let wrong = swapped(&ks);
    let body = serde_json::json!({
        "format": 1,
        "1": {"service": "session", "action": "startWidgetSession", "widgetId": "_4321"},
        "2": {"service": "apptoken", "action": "startSession", "ks": ks, "id": "0_routes1",
              "tokenHash": wrong.as_str()},
        "3": {"service": "media", "action": "list"},
        "4": {"service": "session", "action": "startWidgetSession", "widgetId": "_4321"},
    });
    let a = s
        .post_json("/api_v3/service/multirequest", &body.to_string())
        .await;
    let codes: Vec<&str> = a.header("x-ksdiag-diagnosis").unwrap().split(',').collect();
    assert_eq!(codes, ["ok", "swapped_order", codes[2], "ok"]);
    assert_ne!(codes[2], "ok");
    // All calls ok: no header at all.
    let fine = serde_json::json!({
        "format": 1,
        "1": {"service": "session", "action": "startWidgetSession", "widgetId": "_4321"},
        "2": {"service": "session", "action": "startWidgetSession", "widgetId": "_4321"},
    });
    let a = s
        .post_json("/api_v3/service/multirequest", &fine.to_string())
        .await;
    assert_eq!(a.header("x-ksdiag-diagnosis"), None);
}

#[tokio::test]
async fn the_feed_advises_like_a_server_not_a_command_line() {
    let s = with_token();
    let ks = s.widget_ks().await;
    let wrong = swapped(&ks);
    let a = s.start_session(&ks, wrong.as_str()).await;
    assert_eq!(a.header("x-ksdiag-diagnosis"), Some("swapped_order"));
    let feed = s.feed().await;
    assert_eq!(feed[0]["code"], "INVALID_APP_TOKEN_HASH");
    assert_eq!(feed[0]["diagnosis"]["verdict"], "explained");
    let not_tried = feed[0]["diagnosis"]["not_tried"].to_string();
    assert!(
        not_tried.contains("this server issued no other KS to the partner"),
        "{not_tried}"
    );
    assert!(
        !not_tried.contains("--"),
        "command-line advice: {not_tried}"
    );
    let text = s.get("/ksdiag/requests").await.text();
    assert!(!text.contains(TOKEN), "the token leaked into the feed");
}

#[tokio::test]
async fn a_hash_over_the_previous_widget_ks_names_the_call_that_issued_it_in_the_feed() {
    let s = with_token();
    let first = s.widget_ks().await;
    let second = s.widget_ks().await;
    let hash = ks_core::digest::token_hash(ks_core::digest::HashType::Sha1, &first, TOKEN);
    let a = s.start_session(&second, hash.as_str()).await;
    assert_eq!(a.json()["code"], "INVALID_APP_TOKEN_HASH", "{}", a.text());
    assert_eq!(a.header("x-ksdiag-diagnosis"), Some("different_ks"));
    let feed = s.feed().await;
    let cause = &feed[0]["diagnosis"]["explanations"][0]["causes"][0];
    assert_eq!(cause["code"], "different_ks", "{cause}");
    assert!(
        cause
            .to_string()
            .contains("(USER; the session.startWidgetSession before the last one)"),
        "{cause}"
    );
}

#[tokio::test]
async fn a_body_larger_than_the_limit_gets_a_kaltura_error_in_its_format() {
    let s = App::new();
    let big = vec![b'a'; 1024 * 1024 + 1];
    let a = s
        .request(
            "POST",
            "/api_v3/service/session/action/startWidgetSession?format=1",
            &[("content-type", "application/x-www-form-urlencoded")],
            &big,
        )
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(a.header("content-type"), Some("application/json"));
    assert_eq!(a.header("x-ksdiag-diagnosis"), Some("bad_request"));
    assert!(a.text().contains("larger than 1 MiB"), "{}", a.text());
}

#[tokio::test]
async fn explain_answers_one_code_in_ksdiag_explain_s_words_without_its_command_line() {
    let s = App::with(Vec::new(), &[], ks_serve::diagnose_routes());
    // `get` refuses any answer that names a flag.
    let a = s.get("/ksdiag/explain?code=INVALID_APP_TOKEN_HASH").await;
    assert_eq!(a.status, 200, "{}", a.text());
    let v = a.json();
    assert_eq!(v["kind"], "kaltura_error");
    let entry = ks_report::explain_codes::find("INVALID_APP_TOKEN_HASH").unwrap();
    assert_eq!(v["meaning"], entry.meaning);
    assert!(v.get("command").is_none(), "{v}");
    let a = s.get("/ksdiag/explain?code=whitespace").await;
    assert_eq!(a.json()["kind"], "cause");
    let a = s.get("/ksdiag/explain?code=INVALID_APP_TOKN_HASH").await;
    assert_eq!(a.status, 404);
    assert_eq!(
        a.json()["error"],
        "unknown code \"INVALID_APP_TOKN_HASH\"; did you mean INVALID_APP_TOKEN_HASH?"
    );
}

#[tokio::test]
async fn a_ksdiag_body_over_the_limit_is_answered_in_json_not_plain_text() {
    let s = App::with(Vec::new(), &[], ks_serve::diagnose_routes());
    let big = vec![b' '; 18 * 1024 * 1024];
    for path in ["/ksdiag/diagnose", "/ksdiag/decode", "/ksdiag/report"] {
        let a = s
            .request("POST", path, &[("content-type", "application/json")], &big)
            .await;
        assert_eq!(a.status, 413, "{path}");
        assert_eq!(a.header("content-type"), Some("application/json"), "{path}");
        let error = a.json()["error"].as_str().unwrap_or_default().to_string();
        assert!(error.contains("at most 17 MiB"), "{path}: {error}");
    }
}

#[tokio::test]
async fn the_server_error_is_read_by_the_batch_line_s_name_too() {
    let s = App::with(Vec::new(), &[], ks_serve::diagnose_routes());
    // The README example's KS (ks_core::intake::example).
    let ks = "ZmYyM2E2NmEwMGY3MjEyNTg0OGFlYmVmYzhkNGEwZGZmY2VmYjEzN3wxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
    for field in ["error", "server_error"] {
        let body = serde_json::json!({
            "ks": ks, "token": TOKEN, "hash": "00", field: "APP_TOKEN_ID_NOT_FOUND"
        });
        let a = s
            .request(
                "POST",
                "/ksdiag/diagnose",
                &[("content-type", "application/json")],
                body.to_string().as_bytes(),
            )
            .await;
        assert_eq!(a.status, 200, "{field}: {}", a.text());
        assert!(a.json()["stop"].is_object(), "{field}: {}", a.text());
    }
}
