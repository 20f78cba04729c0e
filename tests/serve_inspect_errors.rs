//! `POST /ksdiag/diagnose` and `/ksdiag/decode` answer their errors in an HTTP caller's
//! words: the JSON fields to send (`"ks"`, `"url"`, …), never the command line's flags
//! (`--ks VALUE`, `--example`), and what is wrong with a body that cannot be read.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failure should be loud
mod common;
use common::server::Server;

/// A real v1 widget KS (the README's example).
const KS: &str = "ZmYyM2E2NmEwMGY3MjEyNTg0OGFlYmVmYzhkNGEwZGZmY2VmYjEzN3wxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
const TOKEN: &str = "0123456789abcdef0123456789abcdef";

/// The first `--` followed by a letter: a command-line flag.
fn flag_in(msg: &str) -> Option<&str> {
    msg.match_indices("--").find_map(|(i, _)| {
        let rest = &msg[i + 2..];
        rest.starts_with(|c: char| c.is_ascii_lowercase())
            .then(|| &msg[i..(i + 2 + rest.find([' ', ',', ')', ';', ':']).unwrap_or(rest.len()))])
    })
}

fn error_of(s: &Server, path: &str, body: &[u8]) -> String {
    let a = s.request("POST", path, &[("Content-Type", "application/json")], body);
    assert_eq!(a.status, 400, "{}", a.text());
    a.json()["error"]
        .as_str()
        .unwrap_or_else(|| panic!("no error in {}", a.text()))
        .to_string()
}

#[test]
fn inspect_route_errors_name_json_fields_not_flags() {
    let s = Server::start(&[]);
    let swapped = serde_json::json!({"ks": TOKEN, "token": KS, "hash": "ab"}).to_string();
    // A request without ks is diagnosed (wrong_request, SERVICE_FORBIDDEN: tests/judgment.rs);
    // a request of another action is refused, naming what to send instead.
    let other_action_url = serde_json::json!({
        "url": "https://www.kaltura.com/api_v3/service/session/action/startWidgetSession?widgetId=_1",
        "token": TOKEN,
        "hash": "ab",
    })
    .to_string();
    let error_as_widget = serde_json::json!({
        "ks": KS, "token": TOKEN, "hash": "ab",
        "widget_response": r#"{"code":"INVALID_KS","message":"Invalid KS"}"#,
    })
    .to_string();
    let cases: Vec<(&str, Vec<u8>, &[&str])> = vec![
        (
            "/ksdiag/diagnose",
            b"{}".to_vec(),
            &["no KS given", "send \"ks\"", "\"url\"", "\"log\""],
        ),
        (
            "/ksdiag/diagnose",
            format!(r#"{{"ks":"{KS}"}}"#).into_bytes(),
            &["no token given", "\"token\"", "\"app_token\""],
        ),
        (
            "/ksdiag/diagnose",
            format!(r#"{{"ks":"{KS}","token":"{TOKEN}"}}"#).into_bytes(),
            &[
                "no claimed hash given",
                "send \"hash\"",
                "\"url\"",
                "\"log\"",
            ],
        ),
        (
            "/ksdiag/diagnose",
            swapped.into_bytes(),
            &["\"ks\" and \"token\" look swapped"],
        ),
        (
            "/ksdiag/diagnose",
            other_action_url.into_bytes(),
            &[
                "\"url\": this request is session.startWidgetSession",
                "\"widget_response\"",
            ],
        ),
        (
            "/ksdiag/diagnose",
            br#"{"log":"nothing to see"}"#.to_vec(),
            &["no KS given", "\"log\""],
        ),
        // An empty KS is a fact to diagnose (tests/judgment.rs); the next thing missing is named.
        (
            "/ksdiag/diagnose",
            br#"{"ks":"  "}"#.to_vec(),
            &["no token given", "\"token\""],
        ),
        (
            "/ksdiag/diagnose",
            error_as_widget.into_bytes(),
            &["\"widget_response\"", "send it as \"error\""],
        ),
        (
            "/ksdiag/diagnose",
            br#"{"ks":5}"#.to_vec(),
            &["field \"ks\"", "invalid type"],
        ),
        (
            "/ksdiag/diagnose",
            br#"{"now":"soon"}"#.to_vec(),
            &["field \"now\"", "invalid type"],
        ),
        (
            "/ksdiag/diagnose",
            br#"{"ks":"x","token":"y","hash":"z","hash_type":"sha9"}"#.to_vec(),
            &["\"hash_type\": unknown hash type \"sha9\""],
        ),
        (
            "/ksdiag/diagnose",
            br#"{"ks":"x","app_token":"{oops"}"#.to_vec(),
            &["\"app_token\": not valid JSON"],
        ),
        (
            "/ksdiag/diagnose",
            b"[1]".to_vec(),
            &["valid JSON but not an object: it is an array"],
        ),
        (
            "/ksdiag/diagnose",
            br#"{"ks":"#.to_vec(),
            &["invalid JSON at line 1 column 6"],
        ),
        (
            "/ksdiag/diagnose",
            b"{\"ks\":\"\xff\"}".to_vec(),
            &["not UTF-8 at byte 7"],
        ),
        (
            "/ksdiag/decode",
            b"{}".to_vec(),
            &["missing field `ks`", "\"admin_secret\""],
        ),
        (
            "/ksdiag/decode",
            br#"{"ks":1}"#.to_vec(),
            &["field \"ks\"", "invalid type"],
        ),
        ("/ksdiag/decode", br#"{"ks":"%%%"}"#.to_vec(), &["KS"]),
        // The hint's verb is the API's (it was the command line's "pass the KS exactly").
        (
            "/ksdiag/decode",
            br#"{"ks":""}"#.to_vec(),
            &[
                "cannot parse the KS: the KS is empty",
                "; hint: send the KS exactly as the API returned it",
            ],
        ),
        // `Date.now()` as the time: refused with the seconds to send (`--now`'s rule).
        (
            "/ksdiag/diagnose",
            br#"{"ks":"x","token":"y","hash":"z","now":1700000100000}"#.to_vec(),
            &[
                "\"now\": 1700000100000 looks like milliseconds (13 digits), not unix seconds; send seconds: 1700000100",
            ],
        ),
        (
            "/ksdiag/decode",
            br#"{"widgetId":"_2"#.to_vec(),
            &["invalid JSON at line 1 column 15"],
        ),
    ];
    for (path, body, wanted) in cases {
        let msg = error_of(&s, path, &body);
        assert_eq!(flag_in(&msg), None, "{path} names a flag: {msg}");
        assert!(!msg.contains("--example"), "{path}: {msg}");
        assert!(!msg.contains("not a JSON object"), "{path}: {msg}");
        assert!(
            !msg.contains("pass "),
            "{path} speaks the command line's verb: {msg}"
        );
        for w in wanted {
            assert!(msg.contains(w), "{path}: {w:?} not in {msg:?}");
        }
    }
}

#[test]
fn api_json_body_errors_say_what_is_wrong_once() {
    let s = Server::start(&[]);
    let cases: [(&[u8], &str); 3] = [
        (
            br#"{"format":1, widgetId:"#,
            "invalid JSON at line 1 column 14: key must be a string",
        ),
        (b"{\"widgetId\":\"_2222\xff\"}", "not UTF-8 at byte 18"),
        (b"{\"widgetId\":\n}", "at line 2 column 1"),
    ];
    for (body, wanted) in cases {
        let a = s.request(
            "POST",
            "/api_v3/service/session/action/startWidgetSession?format=1",
            &[("Content-Type", "application/json")],
            body,
        );
        let msg = a.json()["message"].as_str().unwrap_or_default().to_string();
        assert_eq!(a.json()["code"], "INTERNAL_SERVERL_ERROR", "{}", a.text());
        assert!(msg.contains(wanted), "{wanted:?} not in {msg:?}");
        assert_eq!(
            msg.matches("line ").count(),
            usize::from(wanted.contains("line")),
            "{msg}"
        );
    }
}
