//! Judgment on what users really bring (issue 19, part A): verdicts that rest on evidence.
//! Each test is named after the mistake of judgment it prevents, and checks every output
//! form (human, JSON, Markdown, batch) where the mistake could show.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure should be loud

mod common;

use ks_core::digest::{HashType, token_hash};
use serde_json::{Value, json};

/// The `srv-v1-widget` oracle KS: partner 1234567, valid until 2023-11-15T22:13:20Z, so it
/// has expired since (by any clock these tests run on).
const KS: &str = "ZmYyM2E2NmEwMGY3MjEyNTg0OGFlYmVmYzhkNGEwZGZmY2VmYjEzN3wxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
const TOKEN: &str = "8a3f0c5e9b1d4f7a2c6e0b9d8f1a3c5e";
/// Before and after the KS's valid_until.
const BEFORE: &str = "1700000100";
const AFTER: &str = "1800000000";

fn sha(h: HashType, ks: &str) -> String {
    token_hash(h, ks, TOKEN).as_str().to_string()
}

/// `ksdiag diagnose ARGS` in one format, the token in $TOKEN: (status, stdout).
fn run(args: &[&str], format: &str) -> (i32, String) {
    let mut all = vec!["diagnose", "--token", "env:TOKEN"];
    all.extend(args);
    match format {
        "json" => all.push("--json"),
        "markdown" => all.extend(["--format", "markdown"]),
        _ => {}
    }
    let out = common::ksdiag(&all, &[("TOKEN", TOKEN)], b"", None);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.code().unwrap() < 2, "{all:?}: {stderr}");
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn json_of(args: &[&str]) -> (i32, Value) {
    let (code, out) = run(args, "json");
    (code, serde_json::from_str(&out).unwrap())
}

/// One `diagnose --batch -` line: (status, its output object).
fn batch(line: Value) -> (i32, Value) {
    let input = format!("{line}\n");
    let out = common::ksdiag(&["diagnose", "--batch", "-"], &[], input.as_bytes(), None);
    let v: Value = serde_json::from_str(String::from_utf8(out.stdout).unwrap().trim()).unwrap();
    assert!(v.get("error").is_none(), "{v}");
    (out.status.code().unwrap(), v)
}

fn finding<'a>(v: &'a Value, code: &str) -> Option<&'a Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == code)
}

/// The human and Markdown forms agree with the JSON on the mark and the stop.
fn human_and_markdown_agree(args: &[&str], code: i32, stop: Option<&str>) {
    let (c, human) = run(args, "human");
    assert_eq!(c, code, "{human}");
    let first = human.lines().next().unwrap();
    let mark = if code == 0 { "✓" } else { "✗" };
    assert!(first.starts_with(mark), "{first}");
    let (c, md) = run(args, "markdown");
    assert_eq!(c, code, "{md}");
    let head = md.lines().next().unwrap();
    match stop {
        Some(s) => {
            assert!(first.contains(s), "{first}");
            assert!(head.contains(s), "{head}");
        }
        None => {
            assert!(
                !first.contains("INVALID_KS") && !head.contains("INVALID_KS"),
                "{first}\n{head}"
            );
        }
    }
}

// --- No verdict rests on today's clock --------------------------------------------------

#[test]
fn an_old_report_with_a_correct_hash_is_a_match_not_invalid_ks() {
    let hash = sha(HashType::Sha256, KS);
    let args = ["--ks", KS, "--hash", &hash, "--hash-type", "sha256"];
    let (code, v) = json_of(&args);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["verdict"], "match");
    assert_eq!(v["call_accepted"], true);
    assert!(v.get("stop").is_none(), "{v}");
    let f = finding(&v, "ks_expired").expect("the KS has expired since");
    assert_eq!(f["expired_when"], "since");
    assert!(f["message"].as_str().unwrap().contains("2023-11-15"), "{f}");
    assert!(f["message"].as_str().unwrap().contains("--now"), "{f}");
    human_and_markdown_agree(&args, 0, None);
    let (code, line) =
        batch(json!({"ks": KS, "token": TOKEN, "hash": hash, "hash_type": "sha256"}));
    assert_eq!(
        (code, &line["verdict"], &line["call_accepted"]),
        (0, &json!("match"), &json!(true))
    );
    assert!(line.get("stop").is_none(), "{line}");
}

#[test]
fn a_known_call_time_after_valid_until_leads_with_invalid_ks() {
    let hash = sha(HashType::Sha256, KS);
    let args = [
        "--ks",
        KS,
        "--hash",
        &hash,
        "--hash-type",
        "sha256",
        "--now",
        AFTER,
    ];
    let (code, v) = json_of(&args);
    assert_eq!(code, 1);
    assert_eq!(v["verdict"], "match");
    assert_eq!(v["stop"]["code"], "INVALID_KS");
    assert_eq!(v["stop"]["source"], "predicted");
    assert_eq!(
        finding(&v, "ks_expired").unwrap()["expired_when"],
        "at_call"
    );
    human_and_markdown_agree(&args, 1, Some("INVALID_KS"));
    // A batch line's own `now` is the call's time too.
    let (code, line) = batch(
        json!({"ks": KS, "token": TOKEN, "hash": hash, "hash_type": "sha256", "now": 1_800_000_000}),
    );
    assert_eq!((code, &line["stop"]["code"]), (1, &json!("INVALID_KS")));
    // And a call time before valid_until: nothing about expiry at all.
    let (code, v) = json_of(&[
        "--ks",
        KS,
        "--hash",
        &hash,
        "--hash-type",
        "sha256",
        "--now",
        BEFORE,
    ]);
    assert_eq!(code, 0);
    assert!(finding(&v, "ks_expired").is_none(), "{v}");
}

#[test]
fn an_invalid_hash_answer_means_the_ks_was_valid_at_the_call() {
    // SHA1 for a SHA256 token, and the server's INVALID_APP_TOKEN_HASH quoted.
    let hash = sha(HashType::Sha1, KS);
    let args = [
        "--ks",
        KS,
        "--hash",
        &hash,
        "--hash-type",
        "sha256",
        "--error",
        "INVALID_APP_TOKEN_HASH",
    ];
    let (code, v) = json_of(&args);
    assert_eq!(code, 1);
    assert_eq!(v["verdict"], "explained");
    assert_eq!(v["explanations"][0]["causes"][0]["code"], "wrong_hash_type");
    assert!(v.get("stop").is_none(), "{v}");
    assert!(finding(&v, "error_contradicts_inputs").is_none(), "{v}");
    let text = v.to_string();
    assert!(!text.contains("not the KS the server received"), "{text}");
    assert!(
        finding(&v, "ks_expired").unwrap()["message"]
            .as_str()
            .unwrap()
            .contains("still valid when the call was made")
    );
    human_and_markdown_agree(&args, 1, None);
}

#[test]
fn a_call_time_from_a_har_entry_judges_the_expiry() {
    let dir = std::env::temp_dir().join(format!("ksdiag-judgment-har-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let hash = sha(HashType::Sha256, KS);
    let har = |started: &str| {
        json!({"log": {"entries": [{
            "startedDateTime": started,
            "request": {"url": "https://www.kaltura.com/api_v3/service/appToken/action/startSession",
                        "postData": {"text": format!("ks={KS}&id=0_abcd1234&tokenHash={hash}")}},
            "response": {"content": {"text": "{}"}}
        }]}})
    };
    for (started, stop) in [
        ("2023-11-15T00:00:00.000Z", None),
        ("2025-01-01T00:00:00.000Z", Some("INVALID_KS")),
    ] {
        let path = dir.join("calls.har");
        std::fs::write(&path, har(started).to_string()).unwrap();
        let (code, v) = json_of(&["--log", path.to_str().unwrap(), "--hash-type", "sha256"]);
        assert_eq!(v["stop"]["code"].as_str(), stop, "{started}: {v}");
        assert_eq!(code, i32::from(stop.is_some()), "{started}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

// --- ✓ and exit 0 only when the server would accept the call -----------------------------

fn app_token(partner: i64, status: i64, expiry: Option<i64>) -> Value {
    let mut t = json!({"id": "0_abcd1234", "token": TOKEN, "partnerId": partner, "status": status, "hashType": "SHA256", "objectType": "KalturaAppToken"});
    if let Some(e) = expiry {
        t["expiry"] = json!(e);
    }
    t
}

/// A correct hash whose call the server refuses anyway: `stop` in every form, never ✓.
fn refused(t: &Value, extra: &[&str], stop: &str, finding_code: &str) {
    let hash = sha(HashType::Sha256, KS);
    let at = t.to_string();
    let mut args = vec!["--ks", KS, "--hash", &hash, "--app-token", &at];
    args.extend(extra);
    let (code, v) = json_of(&args);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["verdict"], "match");
    assert_eq!(v["call_accepted"], false);
    assert_eq!(v["stop"]["code"], stop, "{v}");
    assert!(finding(&v, finding_code).is_some(), "{v}");
    human_and_markdown_agree(&args, 1, Some(stop));
    let mut line = json!({"ks": KS, "token": TOKEN, "hash": hash, "app_token": t});
    if extra.first() == Some(&"--now") {
        line["now"] = json!(extra[1].parse::<i64>().unwrap());
    }
    let (code, line) = batch(line);
    assert_eq!((code, &line["stop"]["code"]), (1, &json!(stop)), "{line}");
}

#[test]
fn a_ks_of_another_partner_than_the_app_token_stops_at_the_id_lookup() {
    refused(
        &app_token(7654321, 2, None),
        &[],
        "APP_TOKEN_ID_NOT_FOUND",
        "partner_mismatch",
    );
}

#[test]
fn an_inactive_or_deleted_app_token_stops_before_the_hash() {
    refused(
        &app_token(1234567, 1, None),
        &[],
        "APP_TOKEN_NOT_ACTIVE",
        "app_token_inactive",
    );
    refused(
        &app_token(1234567, 3, None),
        &[],
        "APP_TOKEN_ID_NOT_FOUND",
        "app_token_inactive",
    );
}

#[test]
fn an_app_token_expired_at_the_call_fails_a_correct_hash() {
    refused(
        &app_token(1234567, 2, Some(1_700_000_050)),
        &["--now", BEFORE],
        "APP_TOKEN_EXPIRED",
        "app_token_expired",
    );
    // Without the call's time, an expiry since is a finding, not the verdict.
    let hash = sha(HashType::Sha256, KS);
    let at = app_token(1234567, 2, Some(1_700_000_050)).to_string();
    let (code, v) = json_of(&["--ks", KS, "--hash", &hash, "--app-token", &at]);
    assert_eq!(code, 0, "{v}");
    assert!(v.get("stop").is_none(), "{v}");
    assert_eq!(
        finding(&v, "app_token_expired").unwrap()["expired_when"],
        "since"
    );
}

// --- The request, not the answers -------------------------------------------------------

#[test]
fn a_start_session_request_without_ks_is_wrong_request_and_service_forbidden() {
    let hash = sha(HashType::Sha1, KS);
    let url = format!(
        "https://www.kaltura.com/api_v3/service/appToken/action/startSession?id=0_abcd1234&tokenHash={hash}"
    );
    let widget = json!({"partnerId": 1234567, "ks": KS, "userId": 0, "objectType": "KalturaStartWidgetSessionResponse"}).to_string();
    // Whether or not the server's answer is given, SERVICE_FORBIDDEN stops the call.
    for error in [None, Some("SERVICE_FORBIDDEN")] {
        let mut args = vec![
            "--url",
            &url,
            "--widget-response",
            &widget,
            "--hash-type",
            "sha1",
            "--now",
            BEFORE,
        ];
        if let Some(e) = error {
            args.extend(["--error", e]);
        }
        let (code, v) = json_of(&args);
        assert_eq!(code, 1, "{v}");
        assert_eq!(v["stop"]["code"], "SERVICE_FORBIDDEN", "{v}");
        assert_eq!(v["sent_ks_known"], false);
        assert_eq!(v["verdict"], "match");
        assert!(
            finding(&v, "wrong_request").unwrap()["message"]
                .as_str()
                .unwrap()
                .contains("no ks")
        );
        let (_, human) = run(&args, "human");
        assert!(!human.contains("KS sent from --widget-response"), "{human}");
        human_and_markdown_agree(&args, 1, Some("SERVICE_FORBIDDEN"));
    }
}

#[test]
fn a_request_without_ks_and_nothing_else_is_still_diagnosed() {
    // The client never had a KS: it hashed the token alone.
    let hash = token_hash(HashType::Sha1, "", TOKEN).as_str().to_string();
    let url = format!(
        "https://www.kaltura.com/api_v3/service/appToken/action/startSession?id=0_abcd1234&tokenHash={hash}"
    );
    let (code, v) = json_of(&["--url", &url, "--hash-type", "sha1"]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["stop"]["code"], "SERVICE_FORBIDDEN");
    assert_eq!(v["verdict"], "explained", "{v}");
    assert_eq!(v["explanations"][0]["causes"][0]["code"], "token_only");
}

#[test]
fn an_empty_ks_is_a_fact_and_the_ks_free_mistakes_stay_provable() {
    let only = token_hash(HashType::Sha1, "", TOKEN).as_str().to_string();
    for (hash, cause) in [(only.as_str(), "token_only"), (TOKEN, "token_as_hash")] {
        let (code, v) = json_of(&[
            "--ks",
            "",
            "--hash",
            hash,
            "--hash-type",
            "sha1",
            "--show-secrets",
        ]);
        assert_eq!(code, 1, "{v}");
        assert_eq!(v["verdict"], "explained", "{v}");
        assert_eq!(v["explanations"][0]["causes"][0]["code"], cause, "{v}");
        assert_eq!(v["stop"]["code"], "SERVICE_FORBIDDEN");
        assert!(finding(&v, "ks_unparsable").is_none(), "{v}");
        let (code, line) =
            batch(json!({"ks": "", "token": TOKEN, "hash": hash, "hash_type": "sha1"}));
        assert_eq!(
            (code, &line["explanations"][0]["causes"][0]["code"]),
            (1, &json!(cause))
        );
    }
}

#[test]
fn a_pasted_request_of_another_action_is_named_with_what_to_pass() {
    for (url, says) in [
        (
            "https://www.kaltura.com/api_v3/service/session/action/startWidgetSession?widgetId=_1234567",
            "session.startWidgetSession",
        ),
        (
            &*format!(
                "https://www.kaltura.com/api_v3/service/session/action/startWidgetSession?widgetId=_1234567&ks={KS}"
            ),
            "send none",
        ),
        (
            "https://www.kaltura.com/api_v3/service/session/action/start?secret=x&partnerId=1",
            "session.start",
        ),
    ] {
        let out = common::ksdiag(
            &[
                "diagnose",
                "--url",
                url,
                "--token",
                "env:TOKEN",
                "--hash",
                "ab",
            ],
            &[("TOKEN", TOKEN)],
            b"",
            None,
        );
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.starts_with("error: --url: this request is"),
            "{stderr}"
        );
        assert!(
            stderr.contains(says) && stderr.contains("hint:"),
            "{stderr}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn an_app_token_answer_without_hash_type_is_read_as_a_sha1_only_server_too() {
    // The SHA256 hash, and an app token answer that lacks the hashType member.
    let hash = sha(HashType::Sha256, KS);
    let at =
        json!({"id": "0_abcd1234", "token": TOKEN, "partnerId": 1234567, "status": 2}).to_string();
    let (code, v) = json_of(&["--ks", KS, "--hash", &hash, "--app-token", &at]);
    assert_eq!(v["verdict"], "match", "{v}");
    assert_eq!(code, 0);
    let f = finding(&v, "hash_type_assumed").unwrap();
    assert_eq!(f["reading"], "server_without_hash_type", "{f}");
    assert_eq!(f["under_sha1"], "wrong: wrong_hash_type", "{f}");
    assert!(
        f["message"].as_str().unwrap().contains("predates hashType"),
        "{f}"
    );
    // The same token with its hashType: no such reading.
    let at = app_token(1234567, 2, None).to_string();
    let (_, v) = json_of(&["--ks", KS, "--hash", &hash, "--app-token", &at]);
    assert!(finding(&v, "hash_type_assumed").is_none(), "{v}");
}

#[test]
fn a_call_time_from_a_stamped_log_line_or_a_curl_date_judges_the_expiry() {
    let dir = std::env::temp_dir().join(format!("ksdiag-judgment-log-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let hash = sha(HashType::Sha256, KS);
    let line = format!(
        "POST /api_v3/service/appToken/action/startSession ks={KS}&id=0_abcd1234&tokenHash={hash}"
    );
    for (log, stop) in [
        (format!("2023-11-15 10:00:00 {line}\n"), None),
        (
            format!("[2024-06-01T10:00:00+00:00] app.DEBUG: {line}\n"),
            Some("INVALID_KS"),
        ),
        (
            format!(
                "> {line} HTTP/1.1\n> Host: www.kaltura.com\n< HTTP/1.1 200 OK\n< Date: Sat, 01 Jun 2024 10:00:00 GMT\n"
            ),
            Some("INVALID_KS"),
        ),
        // No stamp: not known, the hash verdict stands.
        (format!("{line}\n"), None),
    ] {
        let path = dir.join("client.log");
        std::fs::write(&path, &log).unwrap();
        let (code, v) = json_of(&["--log", path.to_str().unwrap(), "--hash-type", "sha256"]);
        assert_eq!(v["stop"]["code"].as_str(), stop, "{log}: {v}");
        assert_eq!(code, i32::from(stop.is_some()), "{log}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

// --- check is fair ----------------------------------------------------------------------

/// `ksdiag hash` as the user's program: it hashes with the type its arguments say.
fn check(args: &[&str], program: &[&str]) -> (i32, String) {
    let bin = env!("CARGO_BIN_EXE_ksdiag");
    let mut all = vec!["check", "--count", "3"];
    all.extend(args);
    all.push("--");
    all.push(bin);
    all.extend(program);
    let out = common::ksdiag(&all, &[], b"", None);
    assert!(
        out.status.code().unwrap() < 2,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn check_on_a_function_hard_coded_to_one_algorithm_is_no_wall_of_failures() {
    let sha256_only = [
        "hash",
        "--ks",
        "{ks}",
        "--token",
        "{token}",
        "--hash-type",
        "sha256",
    ];
    let (code, out) = check(&[], &sha256_only);
    assert_eq!(code, 1, "{out}");
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("all 3 SHA256 cases right"), "{first}");
    assert!(
        first.contains("pass --hash-type sha256 if that is your token's type"),
        "{first}"
    );
    assert!(
        !out.contains("wrong_hash_type") && out.lines().count() == 1,
        "{out}"
    );
    let (_, json) = check(&["--json"], &sha256_only);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["hard_coded"]["hash_type"], "SHA256", "{v}");
    assert_eq!(v["hard_coded"]["other_cases"], 9);
    assert_eq!(
        (v["right"].as_u64(), v["groups"].as_array().unwrap().len()),
        (Some(3), 0)
    );
    // Told its type, it passes.
    let (code, out) = check(&["--hash-type", "sha256"], &sha256_only);
    assert_eq!(code, 0, "{out}");
    // A program that reads the hash type is judged on all four, and never called hard-coded.
    let reads_type = [
        "hash",
        "--ks",
        "{ks}",
        "--token",
        "{token}",
        "--hash-type",
        "{hash_type}",
    ];
    let (code, out) = check(&[], &reads_type);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("✓ all 12 cases right"), "{out}");
}

/// A HAR file saved minified is one line: the startWidgetSession answer's KS shares the line
/// with the startSession request, and must still be only a candidate.
#[test]
fn a_ks_in_a_start_widget_session_answer_is_never_the_ks_sent() {
    let dir = std::env::temp_dir().join(format!("ksdiag-judgment-answer-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let hash = sha(HashType::Sha1, KS);
    let newer = "MzAzY2UwNDgxZDNmYmJhZjU2YjllMTk5NTMxYTRkM2MwNGRmMTQzNnwxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQ0MjswOzE3MDAwMDAwNDIuNTY3ODswO3ZpZXc6Kix3aWRnZXQ6MTs7";
    let har = |body: String| {
        json!({"log": {"entries": [
            {"startedDateTime": "2023-11-15T00:00:00.000Z",
             "request": {"url": "https://www.kaltura.com/api_v3/service/session/action/startWidgetSession", "postData": {"text": "widgetId=_1234567"}},
             "response": {"content": {"text": json!({"partnerId": 1234567, "ks": KS, "userId": 0}).to_string()}}},
            {"startedDateTime": "2023-11-15T00:00:01.000Z",
             "request": {"url": "https://www.kaltura.com/api_v3/service/appToken/action/startSession", "postData": {"text": body}},
             "response": {"content": {"text": "{\"code\":\"SERVICE_FORBIDDEN\",\"objectType\":\"KalturaAPIException\"}"}}}
        ]}})
        .to_string()
    };
    let path = dir.join("calls.har");
    // No ks on startSession: the answer's KS is what was hashed, not what was sent.
    std::fs::write(
        &path,
        har(format!("format=1&id=0_abcd1234&tokenHash={hash}")),
    )
    .unwrap();
    let args = ["--log", path.to_str().unwrap(), "--hash-type", "sha1"];
    let (code, v) = json_of(&args);
    assert_eq!(code, 1);
    assert_eq!(v["sent_ks_known"], false, "{v}");
    assert_eq!(v["stop"]["code"], "SERVICE_FORBIDDEN");
    assert!(finding(&v, "wrong_request").is_some(), "{v}");
    let (_, human) = run(&args, "human");
    assert!(
        human.contains("hashed but not sent") && human.contains("no KS sent"),
        "{human}"
    );
    assert!(!human.contains("KS sent from"), "{human}");
    // Another KS on startSession: that one was sent; the answer's is the different_ks.
    std::fs::write(
        &path,
        har(format!(
            "format=1&ks={newer}&id=0_abcd1234&tokenHash={hash}"
        )),
    )
    .unwrap();
    let (_, v) = json_of(&args);
    assert_eq!(v["sent_ks_known"], true);
    assert_eq!(v["inputs"]["ks"], "--log HAR entry 2", "{v}");
    assert_eq!(v["explanations"][0]["causes"][0]["code"], "different_ks");
    assert!(finding(&v, "inputs_disagree").is_none(), "{v}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A log's time stamp without a time zone is the writer's local time: an expiry within
/// 14 hours of it is not judged at the call (no false INVALID_KS), one further off is.
#[test]
fn a_log_stamp_without_a_time_zone_never_tips_an_expiry_within_its_slack() {
    let dir = std::env::temp_dir().join(format!("ksdiag-judgment-zone-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let hash = sha(HashType::Sha256, KS);
    let line = format!(
        "POST /api_v3/service/appToken/action/startSession ks={KS}&id=0_abcd1234&tokenHash={hash}"
    );
    // valid_until is 2023-11-15T22:13:20Z.
    for (stamp, stop) in [
        ("2023-11-16 03:00:00", None), // 5 h after, no zone: not known
        ("2023-11-16T03:00:00Z", Some("INVALID_KS")), // 5 h after, in UTC: expired
        ("2023-11-17 03:00:00", Some("INVALID_KS")), // 29 h after: expired in any zone
        ("2023-11-15 20:00:00", None), // before
    ] {
        let path = dir.join("app.log");
        std::fs::write(&path, format!("{stamp} {line}\n")).unwrap();
        let (code, v) = json_of(&["--log", path.to_str().unwrap(), "--hash-type", "sha256"]);
        assert_eq!(v["stop"]["code"].as_str(), stop, "{stamp}: {v}");
        assert_eq!(code, i32::from(stop.is_some()), "{stamp}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_time_stamps_client_logs_write_give_the_call_time() {
    let dir = std::env::temp_dir().join(format!("ksdiag-judgment-stamps-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let hash = sha(HashType::Sha256, KS);
    let req = format!(
        "/api_v3/service/appToken/action/startSession?ks={KS}&id=0_abcd1234&tokenHash={hash}"
    );
    // Each a year after the KS's valid_until (2023-11-15T22:13:20Z): INVALID_KS at the call.
    for log in [
        format!("198.51.100.7 - - [16/Nov/2024:10:00:00 +0000] \"POST {req} HTTP/1.1\" 200 312"),
        format!("[16-Nov-2024 10:00:00 UTC] calling {req}"),
        format!(
            "{{\"level\":30,\"time\":1731751200000,\"url\":\"{req}\",\"tokenHash\":\"{hash}\"}}"
        ),
        format!("2024-11-16T10:00:00.123Z INFO POST {req}"),
    ] {
        let path = dir.join("client.log");
        std::fs::write(&path, format!("{log}\n")).unwrap();
        let (code, v) = json_of(&["--log", path.to_str().unwrap(), "--hash-type", "sha256"]);
        assert_eq!(v["stop"]["code"], "INVALID_KS", "{log}: {v}");
        assert_eq!(code, 1);
        let f = finding(&v, "ks_expired").unwrap();
        assert_eq!(f["expired_when"], "at_call", "{f}");
        assert_eq!(f["call_time"], "1731751200", "{f}");
    }
    // Syslog has no year: the one nearest the KS's own time (2023) puts it after expiry.
    let path = dir.join("syslog");
    std::fs::write(&path, format!("Nov 17 10:00:00 web1 php: POST {req}\n")).unwrap();
    let (_, v) = json_of(&["--log", path.to_str().unwrap(), "--hash-type", "sha256"]);
    assert_eq!(v["stop"]["code"], "INVALID_KS", "{v}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The id sent names the app token the server checks: a hash right for another app token's
/// token is no ✓.
#[test]
fn a_correct_hash_for_another_app_token_than_the_id_sent_is_no_tick() {
    let hash = sha(HashType::Sha256, KS);
    let at = app_token(1234567, 2, None).to_string();
    let args = [
        "--ks",
        KS,
        "--hash",
        &hash,
        "--app-token",
        &at,
        "--token-id",
        "0_zzzz9999",
    ];
    let (code, v) = json_of(&args);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["verdict"], "match");
    assert_eq!(v["call_accepted"], false);
    assert!(
        finding(&v, "token_id_unknown").unwrap()["message"]
            .as_str()
            .unwrap()
            .contains("APP_TOKEN_ID_NOT_FOUND")
    );
    assert!(
        v["headline"]
            .as_str()
            .unwrap()
            .contains("the id sent names another app token"),
        "{v}"
    );
    let (code, human) = run(&args, "human");
    assert_eq!(code, 1);
    assert!(human.starts_with("✗"), "{human}");
    // The same id: ✓.
    let (code, _) = json_of(&[
        "--ks",
        KS,
        "--hash",
        &hash,
        "--app-token",
        &at,
        "--token-id",
        "0_abcd1234",
    ]);
    assert_eq!(code, 0);
}

/// An explicit partnerId of the app token's partner moves the server's lookup there: no
/// APP_TOKEN_ID_NOT_FOUND is predicted for the KS of another partner (the finding stays).
#[test]
fn an_explicit_partner_id_in_the_request_moves_the_lookup() {
    let hash = sha(HashType::Sha256, KS);
    let at = app_token(7654321, 2, None).to_string();
    let url = |pid: &str| {
        format!(
            "https://www.kaltura.com/api_v3/service/appToken/action/startSession?ks={KS}&id=0_abcd1234&tokenHash={hash}{pid}"
        )
    };
    let (code, v) = json_of(&["--url", &url("&partnerId=7654321"), "--app-token", &at]);
    assert!(v.get("stop").is_none(), "{v}");
    // Still no ✓: the KS is another partner's.
    assert_eq!((code, &v["call_accepted"]), (1, &json!(false)), "{v}");
    assert!(
        v["headline"].as_str().unwrap().contains("another partner"),
        "{v}"
    );
    assert!(finding(&v, "partner_mismatch").is_some(), "{v}");
    let (code, v) = json_of(&["--url", &url(""), "--app-token", &at]);
    assert_eq!(
        (code, &v["stop"]["code"]),
        (1, &json!("APP_TOKEN_ID_NOT_FOUND")),
        "{v}"
    );
}

#[test]
fn a_deleted_app_token_is_said_to_be_not_found_as_the_stop_says() {
    let hash = sha(HashType::Sha256, KS);
    let at = app_token(1234567, 3, None).to_string();
    let (_, v) = json_of(&["--ks", KS, "--hash", &hash, "--app-token", &at]);
    assert_eq!(v["stop"]["code"], "APP_TOKEN_ID_NOT_FOUND", "{v}");
    let words = finding(&v, "app_token_inactive").unwrap()["message"]
        .as_str()
        .unwrap();
    assert!(words.contains("APP_TOKEN_ID_NOT_FOUND"), "{words}");
    assert!(!words.contains("APP_TOKEN_NOT_ACTIVE"), "{words}");
}

#[test]
fn a_ks_of_another_partner_than_the_partner_id_given_is_never_a_tick() {
    let hash = sha(HashType::Sha256, KS);
    let args = [
        "--ks",
        KS,
        "--hash",
        &hash,
        "--hash-type",
        "sha256",
        "--partner-id",
        "7654321",
    ];
    let (code, v) = json_of(&args);
    assert_eq!((code, &v["verdict"]), (1, &json!("match")), "{v}");
    assert_eq!(v["call_accepted"], false);
    assert!(finding(&v, "partner_mismatch").is_some(), "{v}");
    let (code, human) = run(&args, "human");
    assert_eq!(code, 1);
    assert!(human.starts_with('✗'), "{human}");
    assert!(human.contains("another partner"), "{human}");
}

#[test]
fn a_curl_trace_whose_start_session_shows_no_body_takes_its_answer_as_the_error() {
    // `curl -v` prints the request line and headers, never the form body: the error printed
    // after the startSession line is that call's answer, INVALID_KS included, so never ✓.
    let dir = std::env::temp_dir().join(format!("ksdiag-judgment-curl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let hash = sha(HashType::Sha256, KS);
    let trace = format!(
        "> POST /api_v3/service/appToken/action/startSession?format=1 HTTP/1.1\n> Host: www.kaltura.com\n> Content-Type: application/x-www-form-urlencoded\n>\n< HTTP/1.1 200 OK\n< Content-Type: application/json\n<\n{{\"code\":\"INVALID_KS\",\"message\":\"Invalid KS \\\"{KS}\\\" Error \\\"-1,INVALID_STR\\\"\",\"objectType\":\"KalturaAPIException\",\"args\":{{\"KSID\":\"{KS}\",\"ERR_CODE\":\"-1\",\"ERR_DESC\":\"INVALID_STR\"}}}}\n"
    );
    let path = dir.join("trace.txt");
    std::fs::write(&path, &trace).unwrap();
    let args = [
        "--log",
        path.to_str().unwrap(),
        "--hash",
        &hash,
        "--hash-type",
        "sha256",
    ];
    let (code, v) = json_of(&args);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["call_accepted"], false, "{v}");
    assert_eq!(v["stop"]["code"], "INVALID_KS", "{v}");
    assert!(finding(&v, "server_error").is_some(), "{v}");
    std::fs::remove_dir_all(&dir).unwrap();
}
