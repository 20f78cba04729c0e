//! No `/ksdiag/*` answer names a command-line flag: the server speaks in the JSON fields its
//! callers send (`"now"`, `other_ks[0]`, `log line 3`), never in `--now`, `--ks (2nd)` or
//! `--log line 3`. Every fixtures/cases entry is posted as the page sends it (the fields of
//! page/inputs.js), then again in shapes that bring the findings and sources
//! which name inputs (no hash type, a request, a log, a widget answer, an error, a time), and
//! each case's KS to `/ksdiag/decode`, whole and broken.
//! The leak class this guards: `"inputs":{"ks":"--ks (1st)"}`, "pass --token-id or
//! --app-token" in a server answer (issue 21).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failure should be loud
mod common;
use common::server::{Server, flags_in};
use serde_json::{Value, json};
use std::path::PathBuf;

/// The body the page sends for a case (inputs.js: ks, token, hash, hash_type, token_id,
/// app_token, other_ks, now).
fn page_body(case: &Value, hash: &str) -> Value {
    let mut b = json!({"ks": case["ks"], "token": case["token"], "hash": hash});
    for k in ["hash_type", "token_id", "app_token", "other_ks"] {
        if let Some(v) = case.get(k).filter(|v| !v.is_null()) {
            b[k] = v.clone();
        }
    }
    b
}

/// The same case in shapes that bring sources and findings naming inputs.
fn variants(case: &Value, hash: &str) -> Vec<Value> {
    let page = page_body(case, hash);
    let ks = case["ks"].as_str().unwrap_or_default();
    let token_id = case["token_id"].as_str().unwrap_or("0_abc123");
    let url = format!(
        "https://www.kaltura.com/api_v3/service/appToken/action/startSession?ks={}&id={token_id}&tokenHash={hash}",
        ks.replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D")
    );
    let log = format!(
        "2026-11-12 10:00:01 POST /api_v3/service/appToken/action/startSession ks={ks}&id={token_id}&tokenHash={hash}\n"
    );
    let mut no_type = page.clone();
    no_type.as_object_mut().unwrap().remove("hash_type");
    let mut quoted = no_type.clone();
    quoted["hash"] = json!(format!("\"{hash}\""));
    let mut late = page.clone();
    late["now"] = json!(4_102_444_800_i64); // 2100: every KS has expired by then
    vec![
        page.clone(),
        no_type,
        quoted,
        late,
        json!({"url": url, "token": case["token"], "ks": "other", "error": "INVALID_APP_TOKEN_HASH"}),
        json!({"log": log, "token": case["token"], "widget_response": format!("{{\"ks\":\"{ks}x\",\"partnerId\":7}}"), "partner_id": 8}),
        json!({"log": "nothing here", "ks": ks, "other_ks": ["a", "b"], "token": case["token"], "hash": hash, "error": "-1,INVALID_STR"}),
    ]
}

#[test]
fn no_ksdiag_answer_names_a_flag_for_any_case() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/cases");
    let mut cases = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let p = e.path();
        let (Ok(case), Ok(out)) = (
            std::fs::read_to_string(p.join("case.json")),
            std::fs::read_to_string(p.join("output.txt")),
        ) else {
            continue;
        };
        let case: Value = serde_json::from_str(&case).unwrap();
        cases.push((p, case, out));
    }
    assert!(cases.len() > 30, "only {} cases", cases.len());
    let s = Server::start(&[]);
    let mut posted = 0;
    let mut decode_errors = 0;
    let mut leaks = Vec::new();
    // The API's words for what was given, seen at least once each: the variants reach the
    // findings and sources that name inputs.
    let mut api_words = [
        ("\"ks\":\"log line 1\"", 0),
        ("send \\\"hash_type\\\"", 0),
        ("\"hash\":\"url\"", 0),
        ("other_ks[", 0),
        ("the KS in \\\"widget_response\\\"", 0),
    ];
    for (p, case, out) in &cases {
        let hash = out.strip_suffix('\n').unwrap_or(out);
        for body in variants(case, hash) {
            let text = body.to_string();
            for path in [
                "/ksdiag/diagnose",
                "/ksdiag/report",
                "/ksdiag/fix?lang=python",
            ] {
                let a = s.post_json(path, &text);
                posted += 1;
                let answer = a.text();
                let found = flags_in(&answer);
                for (w, n) in &mut api_words {
                    *n += usize::from(answer.contains(*w));
                }
                if !found.is_empty() {
                    leaks.push(format!(
                        "{} {path} {text}: {found:?} in {answer}",
                        p.display()
                    ));
                }
            }
        }
    }
    // /ksdiag/decode for every case's KS: as given, with a wrong admin secret, quoted and cut
    // (a parse error with what was taken and what is readable), and empty (the hint).
    for (p, case, _) in &cases {
        let ks = case["ks"].as_str().unwrap_or_default();
        for body in [
            json!({"ks": ks}),
            json!({"ks": ks, "admin_secret": "not-the-secret", "now": 4_102_444_800_i64}),
            json!({"ks": format!("'{}%'", ks.chars().take(60).collect::<String>())}),
            json!({"ks": ""}),
        ] {
            let text = body.to_string();
            let answer = s.post_json("/ksdiag/decode", &text).text();
            posted += 1;
            decode_errors += usize::from(answer.contains("cannot parse the KS"));
            let found = flags_in(&answer);
            if !found.is_empty() {
                leaks.push(format!(
                    "{} /ksdiag/decode {text}: {found:?} in {answer}",
                    p.display()
                ));
            }
        }
    }
    assert!(
        decode_errors >= 2 * cases.len(),
        "{decode_errors} decode errors"
    );
    // The requests feed shows what those calls were judged; it must not leak either.
    let feed = s.get("/ksdiag/requests").text();
    assert!(flags_in(&feed).is_empty(), "{feed}");
    assert!(posted > 300, "{posted}");
    for (w, n) in api_words {
        assert!(n > 0, "no answer says {w}");
    }
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n\n")
    );
}

#[test]
fn the_leak_scanner_sees_a_flag() {
    assert_eq!(
        flags_in("pass --token-id or --app-token; a -- b; x--Y"),
        ["--token-id", "--app-token"]
    );
    // A random KS, signature or token may hold `--` (base64url): inside a word it is no flag
    // (serve_load once failed on a feed's `djJ8Nzd8--jnv…`).
    assert_eq!(
        flags_in(r#""text":"djJ8Nzd8--jnv…" (`--now`) "--url""#),
        ["--now", "--url"]
    );
}
