//! Secrets never leave ksdiag unless asked: every output format of diagnose and decode runs
//! over many cases, and the output (stdout and stderr) is searched for the token, the admin
//! secret and the KS signature. With --show-secrets the same search must find them, which
//! proves the search can fail.

#![allow(clippy::unwrap_used, clippy::expect_used)] // fixtures are trusted; a leak should fail loudly

mod common;

struct Run {
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    stdin: Option<String>,
    secrets: Vec<String>,
}

fn output(r: &Run) -> String {
    let env: Vec<(&str, &str)> = r.env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let stdin = r.stdin.as_deref().unwrap_or_default();
    let out = common::ksdiag(&r.args, &env, stdin.as_bytes(), None);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{:?}: {}",
        r.args,
        String::from_utf8_lossy(&out.stderr)
    );
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The v1 signature: the hex text before the first '|' of the decoded KS.
fn v1_signature(ks: &str) -> Option<String> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD.decode(ks).ok()?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (sig, _) = text.split_once('|')?;
    (sig.len() == 40).then(|| sig.to_string())
}

/// The forms a printed value could carry the token in: as is, hex-encoded, base64-encoded.
fn token_forms(token: &str) -> Vec<String> {
    use base64::Engine as _;
    vec![
        token.to_string(),
        hex::encode(token),
        base64::engine::general_purpose::STANDARD
            .encode(token)
            .trim_end_matches('=')
            .to_string(),
    ]
}

/// Go's `h.Sum(b)`: hex(KS ‖ token ‖ H(KS ‖ token)) after writing the message, and
/// hex(KS ‖ token ‖ H("")) for `sha1.New().Sum(data)`: hashes that carry the token hex-encoded.
fn digest_appended_claims(ks: &str, token: &str) -> Vec<String> {
    use ks_core::digest::{HashType, digest_parts};
    let msg = format!("{ks}{token}");
    let mut out = Vec::new();
    for inner in [msg.as_bytes(), b"".as_slice()] {
        let d = digest_parts(HashType::Sha1, &[inner]);
        let mut all = msg.as_bytes().to_vec();
        all.extend_from_slice(d.as_bytes());
        out.push(hex::encode(all));
    }
    out
}

const FORMATS: &[&[&str]] = &[
    &["--color", "never"],
    &["--color", "always"],
    &["--json"],
    &["--format", "markdown"],
];

fn diagnose_runs() -> Vec<Run> {
    let mut runs = Vec::new();
    for v in common::oracle("token-hash-vectors.json") {
        let ks = v["ks"].as_str().unwrap().to_string();
        let token = v["token"].as_str().unwrap().to_string();
        let mut secrets = token_forms(&token);
        secrets.extend(v1_signature(&ks));
        let mut claims: Vec<(String, String)> = vec![
            // The token pasted as the hash, and a hash that contains the token.
            ("SHA1".into(), token.clone()),
            ("SHA1".into(), format!("0x{token}")),
        ];
        claims.extend(
            digest_appended_claims(&ks, &token)
                .into_iter()
                .map(|c| ("SHA1".to_string(), c)),
        );
        for (ht, variants) in v["wrong_variants"].as_object().unwrap() {
            for h in variants.as_object().unwrap().values() {
                claims.push((ht.clone(), h.as_str().unwrap().to_string()));
            }
        }
        for (ht, claimed) in &claims {
            for fmt in FORMATS {
                let mut args: Vec<String> = [
                    "diagnose",
                    "--ks",
                    &ks,
                    "--token",
                    "env:T",
                    "--hash",
                    "env:H",
                    "--hash-type",
                    ht,
                    "--now",
                    "1700000000",
                ]
                .iter()
                .map(|s| s.to_string())
                .collect();
                args.extend(fmt.iter().map(|s| s.to_string()));
                runs.push(Run {
                    args,
                    env: vec![("T", token.clone()), ("H", claimed.clone())],
                    stdin: None,
                    secrets: secrets.clone(),
                });
            }
        }
        // The batch form, with an app token carrying the token.
        let mut lines = String::new();
        for hash in [token.clone()]
            .into_iter()
            .chain(digest_appended_claims(&ks, &token))
        {
            let line = serde_json::json!({"ks": ks, "token": token, "hash": hash, "app_token": {"id": "0_x", "token": token, "hashType": "SHA1", "status": 2}});
            lines.push_str(&format!("{line}\n"));
        }
        runs.push(Run {
            args: vec!["diagnose".into(), "--batch".into(), "-".into()],
            env: vec![],
            stdin: Some(lines),
            secrets: secrets.clone(),
        });
    }
    runs
}

fn decode_runs() -> Vec<Run> {
    let mut runs = Vec::new();
    for v in common::oracle("ks-vectors.json") {
        let ks = v["ks"].as_str().unwrap().to_string();
        let secret = v["admin_secret"].as_str().unwrap().to_string();
        let mut secrets = vec![secret.clone()];
        secrets.extend(v1_signature(&ks));
        for json in [false, true] {
            let mut args = vec![
                "decode".to_string(),
                ks.clone(),
                "--admin-secret".into(),
                "env:S".into(),
                "--now".into(),
                "1700000000".into(),
            ];
            if json {
                args.push("--json".into());
            }
            runs.push(Run {
                args,
                env: vec![("S", secret.clone())],
                stdin: None,
                secrets: secrets.clone(),
            });
        }
    }
    runs
}

#[test]
fn no_output_format_reveals_a_secret() {
    let runs: Vec<Run> = diagnose_runs().into_iter().chain(decode_runs()).collect();
    assert!(runs.len() > 300, "only {} runs", runs.len());
    let mut leaks = Vec::new();
    for r in &runs {
        let text = output(r);
        for s in &r.secrets {
            if text.contains(s.as_str()) {
                leaks.push(format!("{:?} printed {s}", r.args));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}

#[test]
fn show_secrets_reveals_them_so_the_search_can_fail() {
    let v = &common::oracle("token-hash-vectors.json")[0];
    let ks = v["ks"].as_str().unwrap();
    let token = v["token"].as_str().unwrap();
    let wrong = v["wrong_variants"]["SHA1"]["token_then_ks"]
        .as_str()
        .unwrap();
    for json in [false, true] {
        let mut args: Vec<String> = [
            "diagnose",
            "--ks",
            ks,
            "--token",
            "env:T",
            "--hash",
            wrong,
            "--show-secrets",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        if json {
            args.push("--json".into());
        }
        let text = output(&Run {
            args,
            env: vec![("T", token.to_string())],
            stdin: None,
            secrets: vec![],
        });
        assert!(
            text.contains(token),
            "--show-secrets should print the token: {text}"
        );
        assert!(text.contains(&v1_signature(ks).unwrap()) || text.contains(ks));
    }
}

/// The failure class: a printed hash (claimed, reproduced) that carries a secret in another
/// encoding. Go's `h.Sum(b)` hexes KS ‖ token ‖ digest, so the token shows hex-encoded; it is
/// hidden in every format, and shown with --show-secrets (so the search can fail).
#[test]
fn secret_encoded_inside_a_printed_hash_is_hidden() {
    let v = &common::oracle("token-hash-vectors.json")[0];
    let ks = v["ks"].as_str().unwrap();
    let token = v["token"].as_str().unwrap();
    let hex_token = hex::encode(token);
    for claim in digest_appended_claims(ks, token) {
        for show in [false, true] {
            for fmt in FORMATS {
                if show && fmt.contains(&"markdown") {
                    continue; // markdown is always redacted
                }
                let mut args: Vec<String> = [
                    "diagnose",
                    "--ks",
                    ks,
                    "--token",
                    "env:T",
                    "--hash",
                    "env:H",
                    "--hash-type",
                    "SHA1",
                    "--now",
                    "1700000000",
                ]
                .iter()
                .map(|s| s.to_string())
                .collect();
                args.extend(fmt.iter().map(|s| s.to_string()));
                if show {
                    args.push("--show-secrets".into());
                }
                let text = output(&Run {
                    args: args.clone(),
                    env: vec![("T", token.to_string()), ("H", claim.clone())],
                    stdin: None,
                    secrets: vec![],
                });
                assert!(text.contains("digest_appended"), "{args:?}: {text}");
                assert_eq!(
                    text.contains(&hex_token),
                    show,
                    "{args:?} (show {show}): {text}"
                );
            }
        }
    }
}

/// `ksdiag serve`: the feed (GET /ksdiag/requests), POST /ksdiag/diagnose and stderr never
/// show a token, the admin secret or a KS signature, over wrong hashes that contain the token
/// (the token pasted as the hash, `0x` + token, token + KS). The appToken.add answer, which
/// must carry the token, proves the search can find it.
#[test]
fn serve_feed_and_stderr_reveal_no_secret() {
    use common::server::{Conn, Server};
    use ks_core::digest::{HashType, token_hash};
    const ADMIN: &str = "serve-secret-leak-admin-secret";
    // v1 KS: their signature is readable text, so a leak of it can be searched for.
    let s = Server::start(&["--partner", &format!("55:{ADMIN}"), "--ks-version", "1"]);
    let mut c = Conn::open(s.addr);
    let admin: String = serde_json::from_slice(
        &c.post_json(
            "/api_v3/service/session/action/start",
            &format!(r#"{{"secret":"{ADMIN}","partnerId":55,"type":2,"format":1}}"#),
        )
        .body,
    )
    .unwrap();
    let mut secrets = vec![ADMIN.to_string()];
    secrets.extend(v1_signature(&admin));
    for hash_type in ["SHA1", "SHA256"] {
        let add = c.post_json(
            "/api_v3/service/apptoken/action/add",
            &format!(r#"{{"ks":"{admin}","appToken":{{"hashType":"{hash_type}"}},"format":1}}"#),
        );
        let v = add.json();
        let (id, token) = (
            v["id"].as_str().unwrap().to_string(),
            v["token"].as_str().unwrap().to_string(),
        );
        assert!(
            add.text().contains(&token),
            "the control: add answers the token"
        );
        secrets.push(token.clone());
        let w = c
            .post_json(
                "/api_v3/service/session/action/startWidgetSession",
                r#"{"widgetId":"_55","format":1}"#,
            )
            .json();
        let ks = w["ks"].as_str().unwrap().to_string();
        secrets.extend(v1_signature(&ks));
        let swapped = token_hash(HashType::Sha1, &token, &ks);
        secrets.push(hex::encode(&token));
        let claims = [
            token.clone(),
            format!("0x{token}"),
            swapped.as_str().to_string(),
            format!("{token}{ks}"),
        ];
        for claim in claims
            .into_iter()
            .chain(digest_appended_claims(&ks, &token))
        {
            for format in [1, 2, 3] {
                let a = c.post_json(
                    "/api_v3/service/apptoken/action/startSession",
                    &serde_json::json!({"ks": ks, "id": id, "tokenHash": claim, "format": format})
                        .to_string(),
                );
                assert!(a.text().contains("INVALID_APP_TOKEN_HASH"), "{}", a.text());
            }
            let d = c.post_json(
                "/ksdiag/diagnose",
                &serde_json::json!({"ks": ks, "token": token, "hash": claim, "hash_type": hash_type}).to_string(),
            );
            assert_eq!(d.status, 200, "{}", d.text());
            for secret in &secrets {
                assert!(
                    !d.text().contains(secret.as_str()),
                    "POST /ksdiag/diagnose shows a secret"
                );
            }
        }
    }
    let feed = s.get("/ksdiag/requests").text();
    assert!(
        feed.contains("\"verdict\":\"explained\""),
        "the feed has the diagnoses: {feed}"
    );
    let stderr = s.stderr_with("INVALID_APP_TOKEN_HASH");
    assert!(stderr.contains("INVALID_APP_TOKEN_HASH"), "{stderr}");
    for secret in &secrets {
        assert!(!feed.contains(secret.as_str()), "the feed shows a secret");
        assert!(!stderr.contains(secret.as_str()), "stderr shows a secret");
    }
}
