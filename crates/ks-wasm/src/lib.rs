//! ksdiag's engine for the browser: `ks-core` and the words of `ks-report` compiled to
//! WebAssembly (`wasm32-unknown-unknown`) behind one JSON-in/JSON-out call, so the page
//! answers with the CLI's own code and words and needs no server.
//!
//! The interface is hand-written (see `abi`, and docs/page.md for why not wasm-bindgen): the
//! page writes a request's UTF-8 JSON into the module's memory, calls `ks_call`, and reads
//! the answer's JSON back. Requests are `{"op": OP, ...}`:
//!
//! - `diagnose`: the body of `POST /ksdiag/diagnose` (ks, token, hash, hash_type, token_id,
//!   app_token, other_ks, now, and the artifacts url, widget_response, error, log) plus `today`, the browser's clock, which only says what has
//!   expired since (the call's time is `now`). Answers what `diagnose --json` prints.
//! - `report`: the same body; answers the redacted Markdown of `diagnose --format markdown`.
//! - `fix`: the same body plus `lang`; answers `fix_code` of `diagnose --lang LANG --json`.
//! - `decode`: `{ks, admin_secret?, now}`; answers what `decode --json` prints.
//! - `explain`: every cause, finding and Kaltura error code in words (`ksdiag explain`).
//!
//! `diagnose`, `report`, `fix` and `decode` take `"voice": "page"` too: what the user gave is
//! then named by the page's boxes (`the Log or HAR box, line 5`) instead of the server's JSON
//! fields (`log line 5`, the default, so a server's body gets the server's answer).
//!
//! Every answer is `{"ok": VALUE}` or `{"error": MESSAGE}`. Pure like `ks-core`: the clock
//! comes from the caller, nothing is read or written but the answer.
#![warn(missing_docs)]

mod abi;
mod intake;

use serde_json::{Value, json};

/// Answers one request (the JSON text of `{"op": …, …}`) with `{"ok": …}` or `{"error": …}`.
pub fn call(request: &[u8]) -> String {
    match answer(request) {
        Ok(v) => json!({ "ok": v }).to_string(),
        Err(e) => json!({ "error": e }).to_string(),
    }
}

fn answer(request: &[u8]) -> Result<Value, String> {
    let text =
        std::str::from_utf8(request).map_err(|e| format!("the request is not UTF-8: {e}"))?;
    let v: Value =
        serde_json::from_str(text).map_err(|e| format!("the request is not JSON: {e}"))?;
    let op = v.get("op").and_then(Value::as_str).ok_or(
        "the request names no \"op\"; hint: one of diagnose, report, fix, decode, explain",
    )?;
    match op {
        "diagnose" => intake::diagnose_json(&v),
        "report" => intake::report(&v).map(Value::String),
        "fix" => intake::fix(&v),
        "decode" => intake::decode(&v),
        "explain" => {
            serde_json::to_value(ks_report::catalogue::catalogue()).map_err(|e| e.to_string())
        }
        other => Err(format!(
            "unknown op {other:?}; hint: one of diagnose, report, fix, decode, explain"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::call;
    use serde_json::{Value, json};

    fn answer(request: Value) -> Value {
        serde_json::from_str(&call(request.to_string().as_bytes())).unwrap_or(Value::Null)
    }

    // The README's example (crates/ksdiag/example.rs): SHA1 of KS + token + "\n" for a SHA256
    // token. tests/page/wasm.test.mjs checks the same through the .wasm against the CLI.
    #[test]
    fn diagnose_proves_the_readme_example() {
        let ks = "ZmYyM2E2NmEwMGY3MjEyNTg0OGFlYmVmYzhkNGEwZGZmY2VmYjEzN3wxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
        let a = answer(json!({
            "op": "diagnose", "ks": ks, "token": "8a3f0c5e9b1d4f7a2c6e0b9d8f1a3c5e",
            "hash": "8e25a09e0eab280200d5079ad24a70692724abba", "hash_type": "sha256", "now": 1700003600
        }));
        let d = &a["ok"];
        assert_eq!(d["verdict"], "explained", "{a}");
        let causes: Vec<&str> = d["explanations"][0]["causes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["code"].as_str())
            .collect();
        assert_eq!(causes, ["wrong_hash_type", "whitespace"]);
        // What the page shows for each cause: the terminal report's words, not the details.
        let words: Vec<&str> = d["explanations"][0]["causes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["words"].as_str())
            .collect();
        assert_eq!(
            words,
            [
                "the digest was made with another algorithm than the app token's hashType (used sha1, expected sha256)",
                "extra whitespace was hashed along: a trailing newline after the token"
            ]
        );
        assert_eq!(
            d["expected_hash"],
            "03a54f609c2353ec870d069d23337841d9051beee3d33780e246c1225468481f"
        );
    }

    // A KS found in a log is named by the box it was pasted in for the page, by the JSON
    // field for a server's body (no voice).
    #[test]
    fn the_page_voice_names_the_box_the_user_filled() {
        let ks = "ZmYyM2E2NmEwMGY3MjEyNTg0OGFlYmVmYzhkNGEwZGZmY2VmYjEzN3wxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
        let log = format!(
            "boot\nGET /api_v3/service/appToken/action/startSession?ks={ks}&id=0_x&tokenHash=00\n"
        );
        let body = |voice: Option<&str>| {
            let mut b = json!({"op": "diagnose", "log": log, "token": "8a3f0c5e9b1d4f7a2c6e0b9d8f1a3c5e", "now": 1700000100});
            if let Some(v) = voice {
                b["voice"] = json!(v);
            }
            answer(b)
        };
        let page = body(Some("page"));
        assert_eq!(
            page["ok"]["inputs"]["ks"], "the Log or HAR box, line 2",
            "{page}"
        );
        assert_eq!(page["ok"]["inputs"]["token"], "the Token box", "{page}");
        let api = body(None);
        assert_eq!(api["ok"]["inputs"]["ks"], "log line 2", "{api}");
        let missing = answer(json!({"op": "diagnose", "ks": ks, "voice": "page"}));
        assert!(
            missing["error"]
                .as_str()
                .unwrap_or("")
                .contains("the Token box"),
            "{missing}"
        );
        let bad = answer(json!({"op": "diagnose", "ks": ks, "voice": "shout"}));
        assert!(
            bad["error"].as_str().unwrap_or("").contains("voice"),
            "{bad}"
        );
    }

    #[test]
    fn bad_requests_are_answered_in_words() {
        let e = |r: &[u8]| -> String {
            let v: Value = serde_json::from_str(&call(r)).unwrap_or(Value::Null);
            v["error"].as_str().unwrap_or("").to_string()
        };
        assert!(e(b"{").contains("not JSON"));
        assert!(e(b"\xff").contains("not UTF-8"));
        assert!(e(br#"{"op":"guess"}"#).contains("unknown op"));
        assert!(e(br#"{"op":"diagnose","ks":5}"#).contains("invalid type"));
    }
}
