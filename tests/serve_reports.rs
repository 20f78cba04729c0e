//! What `ksdiag serve` reports about failed calls beyond the answer itself, on stderr: a
//! request whose body cannot be read, still named by its path; a change the --state file could
//! not take; what to start serve with for a partner it does not know. (A multirequest's header
//! and the feed's advice: crates/ks-serve/tests.)

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failure should be loud
mod common;
use common::server::Server;

const SECRET: &str = "serve-reports-admin-secret";
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
    let err = s.stderr_with("could not write the state file");
    assert!(err.contains("apptoken.add INTERNAL_SERVERL_ERROR"), "{err}");
    assert!(err.contains("state.json"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
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

/// What to start serve with is the operator's: the stderr line names the flag, worded by the
/// binary from the emulation's typed hint; the answer and the feed (which the page shows)
/// read like Kaltura and the server, never a flag (issue 21).
#[test]
fn an_unknown_partner_names_the_flag_on_stderr_only() {
    let s = Server::start(&["--partner", &format!("4321:{SECRET}")]);
    let a = s.post_json(
        "/api_v3/service/session/action/start",
        r#"{"secret":"x","partnerId":999,"format":1}"#,
    );
    assert_eq!(a.json()["code"], "SERVICE_FORBIDDEN_CONTENT_BLOCKED");
    let err = s.stderr_with("--partner 999:ADMIN_SECRET");
    assert!(
        err.contains("session.start SERVICE_FORBIDDEN_CONTENT_BLOCKED: partnerId \"999\" is not a partner this server knows; start ksdiag serve with --partner 999:ADMIN_SECRET"),
        "{err}"
    );
    let feed = s.get("/ksdiag/requests").json();
    assert_eq!(
        feed[0]["reason"],
        "partnerId \"999\" is not a partner this server knows; start the server with partner 999 and its admin secret"
    );
}
