//! Field reports (issue 10, "From the field"): what users bring from real deployments.
//! Each test is named after the kind of report it pins.

#![allow(clippy::unwrap_used, clippy::expect_used)] // fixtures are trusted; a bad one should fail loudly

mod common;

use serde_json::Value;

fn diagnose_json(args: &[&str], env: &[(&str, &str)]) -> Value {
    let mut all = vec!["diagnose", "--json"];
    all.extend_from_slice(args);
    let out = common::ksdiag(&all, env, b"", None);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}",
            String::from_utf8_lossy(&out.stderr) + String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn codes(list: &Value) -> Vec<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["code"].as_str().map(str::to_string))
        .collect()
}

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/cmd/diagnose-kaltura-server-log.in/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn kaltura_server_log_gives_the_request_and_the_servers_error() {
    let d = diagnose_json(
        &[
            "--log",
            &fixture("kaltura_api_v3.log"),
            "--app-token",
            &fixture("app-token.json"),
            "--now",
            "1796013700",
        ],
        &[],
    );
    assert_eq!(d["verdict"], "explained", "{d}");
    assert_eq!(codes(&d["explanations"][0]["causes"]), ["wrong_hash_type"]);
    assert_eq!(d["explanations"][0]["causes"][0]["used"], "sha1");
    // The exception line's message, mapped back to its code.
    let server_error = d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "server_error")
        .expect("the log's exception is read as the server's error");
    assert!(
        server_error["message"]
            .as_str()
            .unwrap()
            .contains("INVALID_APP_TOKEN_HASH"),
        "{server_error}"
    );
}

/// The KS from a request (or a server log) is what the server received: a JSON-escaped KS
/// sent as is gets INVALID_KS, and its hash is over that very text. Cleaning it like a
/// pasted value would "prove" ks_json_escaped, a mistake the client did not make.
#[test]
fn a_ks_the_server_received_is_not_cleaned_like_a_pasted_one() {
    let escaped = "YjU3ZjhhNmY3NTllOGM1NWY4YjY5YjgyZmY2OTEwMzY3MWFhZjBmMnw0ODE1MTYyOzQ4MTUxNjI7MTc5NjEwMDAwMDswOzE3OTYwMTM2MzMuMTA7em\\/Dqzt2aWV3Oiosd2lkZ2V0OjE7Ow==";
    let token = "7d3f0c2b9a8e4f1d6c5b0a9e8d7c6b5a";
    let hash = ks_core::digest::token_hash(ks_core::digest::HashType::Sha1, escaped, token)
        .as_str()
        .to_string();
    let url = format!(
        "https://www.kaltura.com/api_v3/service/appToken/action/startSession?ks={escaped}&id=0_k3x9m2qa&tokenHash={hash}"
    );
    let env = [("T", token)];
    let sent = diagnose_json(
        &[
            "--url",
            &url,
            "--token",
            "env:T",
            "--hash-type",
            "sha1",
            "--now",
            "1796013700",
        ],
        &env,
    );
    assert_eq!(sent["expected_hash"], hash.as_str(), "{sent}");
    let unparsable = sent["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "ks_unparsable")
        .expect("the server cannot parse the escaped KS");
    assert!(
        unparsable["message"]
            .as_str()
            .unwrap()
            .contains("JSON's \\/ escapes"),
        "{unparsable}"
    );
    assert!(
        !sent["explanations"].to_string().contains("ks_json_escaped"),
        "{sent}"
    );
    // Pasted with --ks, the same text is still cleaned: the paste may have added the escapes.
    let pasted = diagnose_json(
        &[
            "--ks",
            escaped,
            "--token",
            "env:T",
            "--hash",
            &hash,
            "--hash-type",
            "sha1",
            "--now",
            "1796013700",
        ],
        &env,
    );
    assert_eq!(
        codes(&pasted["explanations"][0]["causes"]),
        ["ks_json_escaped"]
    );
}

/// kTime::getRelativeTime: an expiry within ten years of 0 is relative to the moment the
/// server stores it, so `"expiry": 0` is a token that expired when it was made, not one
/// without expiry.
#[test]
fn app_token_expiry_zero_is_a_token_that_expired_when_it_was_made() {
    let ks = "ZmYyM2E2NmEwMGY3MjEyNTg0OGFlYmVmYzhkNGEwZGZmY2VmYjEzN3wxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
    let token = "8a3f0c5e9b1d4f7a2c6e0b9d8f1a3c5e";
    let hash = ks_core::digest::token_hash(ks_core::digest::HashType::Sha256, ks, token)
        .as_str()
        .to_string();
    let finding = |app_token: &str| {
        let d = diagnose_json(
            &[
                "--ks",
                ks,
                "--hash",
                &hash,
                "--app-token",
                app_token,
                "--now",
                "1700003600",
            ],
            &[],
        );
        d["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "app_token_expired")
            .cloned()
    };
    let doc = |expiry: &str| {
        format!(
            r#"{{"id":"0_s9x2kq7w","token":"{token}","partnerId":1234567,"hashType":"SHA256","status":2{expiry},"createdAt":1700000000}}"#
        )
    };
    let zero = finding(&doc(r#","expiry":0"#)).expect("expiry 0 is expired");
    let message = zero["message"].as_str().unwrap();
    assert!(
        message.contains("relative") && message.contains("APP_TOKEN_EXPIRED"),
        "{message}"
    );
    // Relative and still running (createdAt + 7200 is after now), absolute in the future,
    // absent: not expired.
    for expiry in [r#","expiry":7200"#, r#","expiry":1800000000"#, ""] {
        assert_eq!(finding(&doc(expiry)), None, "{expiry}");
    }
    // Relative and past: createdAt + 60.
    assert!(finding(&doc(r#","expiry":60"#)).is_some());
}
