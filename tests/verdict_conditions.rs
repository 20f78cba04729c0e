//! Verdicts that say what they rest on (issue 9), in every output format: human, JSON,
//! Markdown and batch. Each test is named after the mistake of judgment it prevents.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure should be loud

mod common;

use ks_core::digest::{HashType, token_hash};
use serde_json::{Value, json};

/// The `srv-v1-widget` oracle KS (made by kaltura/server's generator) and a token.
const KS: &str = "ZmYyM2E2NmEwMGY3MjEyNTg0OGFlYmVmYzhkNGEwZGZmY2VmYjEzN3wxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
const TOKEN: &str = "8a3f0c5e9b1d4f7a2c6e0b9d8f1a3c5e";
/// Two KS from two startWidgetSession calls, the second one newer (tests/cmd fixture).
const OLDER_KS: &str = "MDIyNDk2NjNlZTI2ZWY3MWU3OTliNmJjNjQ4YjIyNGM5ZGM5NDlmNnwxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
const NEWER_KS: &str = "MzAzY2UwNDgxZDNmYmJhZjU2YjllMTk5NTMxYTRkM2MwNGRmMTQzNnwxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQ0MjswOzE3MDAwMDAwNDIuNTY3ODswO3ZpZXc6Kix3aWRnZXQ6MTs7";
const NOW: &str = "1700000100";

fn log_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cmd/diagnose-log-without-request.in")
}

/// Runs `ksdiag diagnose` with `args`, the token in $TOKEN; returns (status, stdout).
fn diagnose(args: &[&str], format: &str, cwd: Option<&std::path::Path>) -> (i32, String) {
    let mut all = vec!["diagnose", "--token", "env:TOKEN", "--now", NOW];
    all.extend(args);
    match format {
        "json" => all.push("--json"),
        "markdown" => all.extend(["--format", "markdown"]),
        _ => {}
    }
    let out = common::ksdiag(&all, &[("TOKEN", TOKEN)], b"", cwd);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.code().unwrap() < 2, "{all:?}: {stderr}");
    (out.status.code().unwrap(), stdout)
}

/// Runs one `diagnose --batch -` line; returns its output object.
fn batch(line: Value) -> Value {
    let input = format!("{line}\n");
    let out = common::ksdiag(&["diagnose", "--batch", "-"], &[], input.as_bytes(), None);
    let text = String::from_utf8(out.stdout).unwrap();
    let v: Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(v["line"], 1, "{v}");
    assert!(v.get("error").is_none(), "{v}");
    v
}

fn sha(h: HashType, ks: &str) -> String {
    token_hash(h, ks, TOKEN).as_str().to_string()
}

fn codes(v: &Value) -> Vec<String> {
    v["explanations"][0]["causes"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| c["code"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

// --- Unknown hashType -------------------------------------------------------------------

#[test]
fn correct_sha256_code_without_a_hash_type_is_never_called_wrong() {
    let hash = sha(HashType::Sha256, KS);
    let args = ["--ks", KS, "--hash", hash.as_str()];
    for format in ["human", "markdown"] {
        let (code, out) = diagnose(&args, format, None);
        assert_eq!(code, 0, "{format}: {out}");
        let first = out.lines().next().unwrap();
        assert!(
            first.contains("tokenHash is correct if your app token's hashType is SHA256"),
            "{format}: {first}"
        );
        assert!(
            !out.contains("wrong_hash_type (used sha256"),
            "{format}: {out}"
        );
    }
    let (code, out) = diagnose(&args, "json", None);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!((code, v["verdict"].as_str()), (0, Some("match")));
    assert_eq!(v["hash_type"], "sha256");
    assert_eq!(v["hash_type_source"], "inferred");
    assert_eq!(v["proven"], false);
    assert_eq!(
        v["conditions"],
        json!([{"fact": "hash_type", "hash_types": ["sha256"]}])
    );
    let lookup = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "hash_type_assumed")
        .expect("a finding says how to look the hashType up");
    assert!(lookup["message"].as_str().unwrap().contains("appToken.get"));
    let b = batch(json!({"ks": KS, "token": TOKEN, "hash": hash}));
    assert_eq!(
        (b["verdict"].as_str(), b["hash_type_source"].as_str()),
        (Some("match"), Some("inferred"))
    );
    assert!(
        b["headline"]
            .as_str()
            .unwrap()
            .contains("if your app token's hashType is SHA256")
    );
}

#[test]
fn sha1_code_the_server_rejected_is_never_called_correct() {
    let hash = sha(HashType::Sha1, KS);
    let args = [
        "--ks",
        KS,
        "--hash",
        hash.as_str(),
        "--error",
        "INVALID_APP_TOKEN_HASH",
    ];
    for format in ["human", "markdown"] {
        let (code, out) = diagnose(&args, format, None);
        assert_eq!(code, 1, "{format}: {out}");
        let first = out.lines().next().unwrap();
        assert!(!first.contains("correct"), "{format}: {first}");
        assert!(first.contains("SHA256, SHA512 or MD5"), "{format}: {first}");
        assert!(first.contains("SHA1 ruled out"), "{format}: {first}");
    }
    let (_, out) = diagnose(&args, "json", None);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["verdict"], "explained");
    assert_eq!(codes(&v), ["wrong_hash_type"]);
    let sha1 = v["readings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["hash_type"] == "sha1")
        .unwrap();
    assert_eq!(sha1["outcome"], "ruled_out");
    let b = batch(
        json!({"ks": KS, "token": TOKEN, "hash": hash, "server_error": "INVALID_APP_TOKEN_HASH"}),
    );
    assert_eq!(b["verdict"], "explained");
    assert_eq!(codes(&b), ["wrong_hash_type"]);
}

#[test]
fn a_mistake_found_without_a_hash_type_names_the_reading_it_rests_on() {
    // `echo "$KS$TOKEN" | sha1sum`: SHA1 with echo's newline.
    let hash = token_hash(HashType::Sha1, KS, &format!("{TOKEN}\n"))
        .as_str()
        .to_string();
    let args = ["--ks", KS, "--hash", hash.as_str()];
    for format in ["human", "markdown"] {
        let (_, out) = diagnose(&args, format, None);
        assert!(
            out.lines()
                .next()
                .unwrap()
                .contains("proven if your app token's hashType is SHA1: whitespace"),
            "{format}: {out}"
        );
    }
    let (_, out) = diagnose(&args, "json", None);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(codes(&v), ["whitespace"]);
    assert_eq!(v["explanations"][0]["hash_types"], json!(["sha1"]));
    let b = batch(json!({"ks": KS, "token": TOKEN, "hash": hash}));
    assert_eq!(
        b["conditions"],
        json!([{"fact": "hash_type", "hash_types": ["sha1"]}])
    );
}

// --- Unknown sent KS --------------------------------------------------------------------

#[test]
fn a_guessed_sent_ks_never_proves_different_ks() {
    // Right for the older KS; the log has only startWidgetSession answers.
    let hash = sha(HashType::Sha256, OLDER_KS);
    let args = [
        "--log",
        "widget-only.log",
        "--hash",
        hash.as_str(),
        "--hash-type",
        "sha256",
    ];
    let dir = log_dir();
    for format in ["human", "markdown"] {
        let (_, out) = diagnose(&args, format, Some(&dir));
        let first = out.lines().next().unwrap();
        assert!(
            first.contains(
                "correct for the KS at --log line 2; if that is the one you sent, the hash is right"
            ),
            "{format}: {first}"
        );
        assert!(!first.contains("proven"), "{format}: {first}");
    }
    let (_, out) = diagnose(&args, "json", Some(&dir));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["verdict"].as_str(), v["sent_ks_known"].as_bool()),
        (Some("match"), Some(false))
    );
    assert_eq!(
        v["conditions"],
        json!([{"fact": "sent_ks", "sent_ks": "--log line 2"}])
    );
    // The newest KS is the first reading offered.
    assert_eq!(v["readings"][0]["sent_ks"], "--log line 4");
    let b = batch(
        json!({"ks": NEWER_KS, "other_ks": [OLDER_KS], "token": TOKEN, "hash": hash, "hash_type": "sha256", "sent_ks_known": false}),
    );
    assert_eq!(b["verdict"], "match");
    assert_eq!(b["proven"], false);
    assert!(codes(&b).is_empty());
}

#[test]
fn a_hash_for_the_newest_ks_is_not_blamed_on_an_older_one() {
    let hash = sha(HashType::Sha256, NEWER_KS);
    let args = [
        "--log",
        "widget-only.log",
        "--hash",
        hash.as_str(),
        "--hash-type",
        "sha256",
    ];
    let (code, out) = diagnose(&args, "human", Some(&log_dir()));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.lines()
            .next()
            .unwrap()
            .contains("correct for the KS at --log line 4"),
        "{out}"
    );
    assert!(!out.contains("proven: different_ks"), "{out}");
}

#[test]
fn different_ks_is_proven_once_the_server_error_rules_the_other_ks_out() {
    let hash = sha(HashType::Sha256, OLDER_KS);
    let args = [
        "--log",
        "widget-only.log",
        "--hash",
        hash.as_str(),
        "--hash-type",
        "sha256",
        "--error",
        "INVALID_APP_TOKEN_HASH",
    ];
    let (code, out) = diagnose(&args, "json", Some(&log_dir()));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!((code, v["verdict"].as_str()), (1, Some("explained")));
    assert_eq!(codes(&v), ["different_ks"]);
    assert_eq!(v["sent_ks"], "--log line 4");
}

// --- A KS the server cannot parse -------------------------------------------------------

#[test]
fn a_ks_the_server_cannot_parse_never_gets_a_headline_about_the_hash_alone() {
    let bad = &KS[..60];
    let hash = sha(HashType::Sha1, bad);
    let args = ["--ks", bad, "--hash", hash.as_str(), "--hash-type", "sha1"];
    for format in ["human", "markdown"] {
        let (_, out) = diagnose(&args, format, None);
        let first = out.lines().next().unwrap();
        assert!(
            first.contains(
                "the server answers INVALID_KS (-1,INVALID_STR) before it checks tokenHash"
            ),
            "{format}: {first}"
        );
        assert!(!first.starts_with('✓'), "{format}: {first}");
    }
    let (_, out) = diagnose(&args, "json", None);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["stop"]["code"], "INVALID_KS");
    assert_eq!(v["stop"]["detail"], "-1,INVALID_STR");
    assert_eq!(v["stop"]["source"], "predicted");
    assert!(
        v["headline"]
            .as_str()
            .unwrap()
            .starts_with("the server answers INVALID_KS")
    );
    let b = batch(json!({"ks": bad, "token": TOKEN, "hash": hash, "hash_type": "sha1"}));
    assert_eq!(b["stop"]["code"], "INVALID_KS");
    assert!(
        b["headline"]
            .as_str()
            .unwrap()
            .starts_with("the server answers INVALID_KS")
    );
}

#[test]
fn an_error_that_stopped_the_call_before_the_hash_leads_the_verdict() {
    let hash = sha(HashType::Sha1, KS);
    for (error, lead) in [
        (
            "APP_TOKEN_ID_NOT_FOUND",
            "the server answered APP_TOKEN_ID_NOT_FOUND before checking tokenHash",
        ),
        (
            "APP_TOKEN_EXPIRED",
            "the server answered APP_TOKEN_EXPIRED: the server accepted the tokenHash",
        ),
    ] {
        let args = [
            "--ks",
            KS,
            "--hash",
            hash.as_str(),
            "--hash-type",
            "sha1",
            "--error",
            error,
        ];
        let (_, out) = diagnose(&args, "human", None);
        assert!(out.lines().next().unwrap().contains(lead), "{error}: {out}");
    }
}

#[test]
fn a_hash_type_flag_that_contradicts_the_app_token_is_never_obeyed_into_a_match() {
    let hash = sha(HashType::Sha1, KS);
    let app_token = json!({"id": "0_abc123", "hashType": "SHA256", "token": TOKEN}).to_string();
    let args = [
        "--ks",
        KS,
        "--hash",
        hash.as_str(),
        "--hash-type",
        "sha1",
        "--app-token",
        app_token.as_str(),
    ];
    for format in ["human", "markdown"] {
        let (code, out) = diagnose(&args, format, None);
        assert_eq!(code, 1, "{format}: {out}");
        assert!(!out.contains('✓'), "{format}: {out}");
        assert!(
            out.contains("contradicts the app token's hashType (SHA256)"),
            "{format}: {out}"
        );
    }
    let (_, out) = diagnose(&args, "json", None);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_ne!(v["verdict"], "match", "{v}");
    assert_eq!(v["hash_type"], "sha256", "{v}");
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "inputs_disagree")
        .unwrap_or_else(|| panic!("{v}"));
    let msg = f["message"].as_str().unwrap();
    assert!(msg.contains("under SHA1 the tokenHash is correct"), "{msg}");
    assert!(msg.contains("diagnosis uses SHA256"), "{msg}");
}

#[test]
fn a_correct_hash_the_server_rejected_is_never_called_correct() {
    for (flag, h) in [("sha256", HashType::Sha256), ("sha1", HashType::Sha1)] {
        let hash = sha(h, KS);
        let args = [
            "--ks",
            KS,
            "--hash",
            hash.as_str(),
            "--hash-type",
            flag,
            "--error",
            "INVALID_APP_TOKEN_HASH",
        ];
        for format in ["human", "markdown"] {
            let (code, out) = diagnose(&args, format, None);
            assert_eq!(code, 1, "{flag} {format}: {out}");
            let first = out.lines().next().unwrap();
            assert!(!first.contains('✓'), "{flag} {format}: {first}");
            assert!(
                first.contains("one of them is not what the server has"),
                "{flag} {format}: {first}"
            );
        }
        let (_, out) = diagnose(&args, "json", None);
        let v: Value = serde_json::from_str(&out).unwrap();
        let f = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "error_contradicts_inputs")
            .unwrap_or_else(|| panic!("{v}"));
        let msg = f["message"].as_str().unwrap();
        assert!(msg.contains("appToken.get"), "{msg}");
        assert!(
            msg.contains("the KS given is exactly the one sent"),
            "{msg}"
        );
        assert!(!msg.contains("--hash-type"), "{msg}");
        let b = batch(
            json!({"ks": KS, "token": TOKEN, "hash": hash, "hash_type": flag,
            "server_error": "INVALID_APP_TOKEN_HASH"}),
        );
        assert!(
            b["headline"]
                .as_str()
                .unwrap()
                .contains("one of them is not what the server has"),
            "{b}"
        );
    }
}

#[test]
fn an_expired_ks_leads_the_verdict_even_when_the_hash_is_right() {
    let hash = sha(HashType::Sha1, KS);
    // The KS is valid until 1700086400.
    let all = [
        "diagnose",
        "--token",
        "env:TOKEN",
        "--now",
        "1800000000",
        "--ks",
        KS,
        "--hash",
        hash.as_str(),
        "--hash-type",
        "sha1",
    ];
    let out = common::ksdiag(&all, &[("TOKEN", TOKEN)], b"", None);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    let first = text.lines().next().unwrap();
    assert!(!first.contains('✓'), "{first}");
    assert!(first.contains("INVALID_KS"), "{first}");
    assert!(first.contains("EXPIRED"), "{first}");
    assert!(
        first.contains("as for the hash: tokenHash is correct"),
        "{first}"
    );
    // Before its expiry the same case is a plain match.
    let (code, out) = diagnose(
        &["--ks", KS, "--hash", hash.as_str(), "--hash-type", "sha1"],
        "human",
        None,
    );
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_hash_whose_shape_rules_everything_out_never_claims_zero_tries_over_every_cause() {
    let (code, out) = diagnose(&["--ks", KS, "--hash", "5e1f"], "human", None);
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains("Tried 0 candidate"), "{out}");
    assert!(out.contains("shape rules out every known mistake"), "{out}");
}

#[test]
fn a_binary_hash_file_is_counted_in_what_was_read_not_in_utf8_bytes() {
    let dir = std::env::temp_dir().join(format!("ksdiag-binary-hash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bytes: Vec<u8> = (0..3000u32).map(|i| (i % 256) as u8).collect();
    std::fs::write(dir.join("hash.bin"), &bytes).unwrap();
    let (code, out) = diagnose(&["--ks", KS, "--hash", "@hash.bin"], "human", Some(&dir));
    assert_eq!(code, 1, "{out}");
    // One character a byte (0x09-0x0d and 0x20 at the ends are trimmed), never UTF-8 bytes.
    assert!(!out.contains("4489 characters"), "{out}");
    assert!(out.contains("of them not ASCII: binary data"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}
