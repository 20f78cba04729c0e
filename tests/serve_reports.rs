//! What `ksdiag serve` reports about failed calls beyond the answer itself: the header of a
//! multirequest, call by call; a request whose body cannot be read, still named by its path; a
//! change the --state file could not take; advice that fits a server, not a command line.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failure should be loud
mod common;
use common::server::Server;

const SECRET: &str = "serve-reports-admin-secret";
const TOKEN: &str = "0123456789abcdef0123456789abcdef";

fn app_token() -> String {
    format!(
        r#"{{"id":"0_reports1","token":"{TOKEN}","hashType":"SHA1","partnerId":4321,"status":2}}"#
    )
}

/// A server for partner 4321 with the SHA1 app token 0_reports1.
fn with_app_token() -> Server {
    Server::start(&[
        "--partner",
        &format!("4321:{SECRET}"),
        "--app-token",
        &app_token(),
    ])
}

/// The tokenHash of token + KS: `swapped_order`.
fn swapped(ks: &str) -> ks_core::digest::HexDigest {
    ks_core::digest::token_hash(ks_core::digest::HashType::Sha1, TOKEN, ks)
}

fn widget_ks(s: &Server) -> String {
    let w = s
        .get("/api_v3/service/session/action/startWidgetSession?widgetId=_4321&format=1")
        .json();
    w["ks"].as_str().unwrap().to_string()
}

#[test]
fn a_multirequest_header_has_one_code_a_call_in_order() {
    let s = with_app_token();
    let ks = widget_ks(&s);
    let wrong = swapped(&ks);
    let body = serde_json::json!({
        "format": 1,
        "1": {"service": "session", "action": "startWidgetSession", "widgetId": "_4321"},
        "2": {"service": "apptoken", "action": "startSession", "ks": ks, "id": "0_reports1",
              "tokenHash": wrong.as_str()},
        "3": {"service": "media", "action": "list"},
        "4": {"service": "session", "action": "startWidgetSession", "widgetId": "_4321"},
    });
    let a = s.post_json("/api_v3/service/multirequest", &body.to_string());
    let codes: Vec<&str> = a.header("x-ksdiag-diagnosis").unwrap().split(',').collect();
    assert_eq!(codes.len(), 4, "{codes:?}");
    assert_eq!(codes[0], "ok");
    assert_eq!(codes[1], "swapped_order");
    assert_ne!(codes[2], "ok");
    assert_eq!(codes[3], "ok");
    // All calls ok: no header at all.
    let fine = serde_json::json!({
        "format": 1,
        "1": {"service": "session", "action": "startWidgetSession", "widgetId": "_4321"},
        "2": {"service": "session", "action": "startWidgetSession", "widgetId": "_4321"},
    });
    let a = s.post_json("/api_v3/service/multirequest", &fine.to_string());
    assert_eq!(a.header("x-ksdiag-diagnosis"), None);
}

#[test]
fn an_unreadable_body_is_still_named_by_its_path_and_answered_in_its_format() {
    let s = Server::start(&["--partner", &format!("4321:{SECRET}")]);
    let a = s.post_json(
        "/api_v3/service/session/action/startWidgetSession?format=1",
        r#"{"format":1, widgetId:"#,
    );
    assert_eq!(a.header("content-type"), Some("application/json"));
    assert_eq!(a.json()["code"], "INTERNAL_SERVERL_ERROR");
    let err = s.stderr_with("session.startWidgetSession INTERNAL_SERVERL_ERROR");
    assert!(
        err.contains("ksdiag serve: session.startWidgetSession INTERNAL_SERVERL_ERROR"),
        "{err}"
    );
    let feed = s.get("/ksdiag/requests").json();
    assert_eq!(feed[0]["service"], "session");
    assert_eq!(feed[0]["action"], "startWidgetSession");
}

#[test]
fn a_change_the_state_file_cannot_take_is_named_with_the_file_and_the_call() {
    let dir = std::env::temp_dir().join(format!("ksdiag-reports-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("gone")).unwrap();
    let state = dir.join("gone").join("state.json");
    let s = Server::start(&[
        "--partner",
        &format!("4321:{SECRET}"),
        "--state",
        state.to_str().unwrap(),
    ]);
    std::fs::remove_dir_all(dir.join("gone")).unwrap();
    let admin = s
        .post_json(
            "/api_v3/service/session/action/start",
            &format!(r#"{{"secret":"{SECRET}","partnerId":4321,"type":2,"format":1}}"#),
        )
        .json();
    let add = s.post_json(
        "/api_v3/service/apptoken/action/add",
        &format!(
            r#"{{"ks":"{}","appToken":{{"objectType":"KalturaAppToken"}},"format":1}}"#,
            admin.as_str().unwrap()
        ),
    );
    assert_eq!(add.json()["code"], "INTERNAL_SERVERL_ERROR");
    assert_eq!(add.header("x-ksdiag-diagnosis"), Some("state_not_written"));
    let err = s.stderr_with("could not write the --state file");
    assert!(err.contains("apptoken.add INTERNAL_SERVERL_ERROR"), "{err}");
    assert!(err.contains("state.json"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_feed_advises_like_a_server_not_a_command_line() {
    let s = with_app_token();
    let ks = widget_ks(&s);
    let wrong = swapped(&ks);
    let a = s.post_json(
        "/api_v3/service/apptoken/action/startSession",
        &format!(
            r#"{{"ks":"{ks}","id":"0_reports1","tokenHash":"{}","format":1}}"#,
            wrong.as_str()
        ),
    );
    assert_eq!(a.header("x-ksdiag-diagnosis"), Some("swapped_order"));
    let feed = s.get("/ksdiag/requests").json();
    let not_tried = feed[0]["diagnosis"]["not_tried"].to_string();
    assert!(
        not_tried.contains("this server issued no other KS to the partner"),
        "{not_tried}"
    );
    assert!(
        !not_tried.contains("--"),
        "command-line advice: {not_tried}"
    );
}

/// The state file holds admin secrets and tokens: only its owner may read it.
#[cfg(unix)]
#[test]
fn the_state_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("ksdiag-mode-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let _ = std::fs::remove_file(&state);
    let s = Server::start(&[
        "--partner",
        &format!("4321:{SECRET}"),
        "--state",
        state.to_str().unwrap(),
    ]);
    let mode = std::fs::metadata(&state).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "state file mode {mode:o}");
    assert!(s.stop().success());
    let _ = std::fs::remove_dir_all(&dir);
}
