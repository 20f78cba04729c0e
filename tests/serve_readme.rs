//! The README's loop, run as a new user would: start `ksdiag serve` with an app token, run
//! `examples/app-token-flow.py` against it (it hashes with SHA1, the token says SHA256), read
//! why it failed, fix the one line, run it again.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failure should be loud
mod common;
use common::server::Server;
use std::process::Command;

const TOKEN: &str = "4f1c3a9e8b7d6c5b4a39281706f5e4d3";

fn python_or_skip() -> Option<&'static str> {
    if Command::new("python3").arg("--version").output().is_ok() {
        return Some("python3");
    }
    assert!(
        std::env::var("CI").is_err(),
        "python3 is required under CI=true"
    );
    eprintln!("skipped: python3 is not installed");
    None
}

fn run(py: &str, program: &std::path::Path, url: &str) -> std::process::Output {
    Command::new(py)
        .arg(program)
        .env("KALTURA_SERVICE_URL", url)
        .env("KALTURA_PARTNER_ID", "1234567")
        .env("KALTURA_APP_TOKEN_ID", "0_readme01")
        .env("KALTURA_APP_TOKEN", TOKEN)
        .output()
        .unwrap()
}

#[test]
fn readme_program_fails_says_why_and_passes_once_fixed() {
    let Some(py) = python_or_skip() else { return };
    let app_token = format!(
        r#"{{"id":"0_readme01","token":"{TOKEN}","hashType":"SHA256","partnerId":1234567}}"#
    );
    let s = Server::start(&[
        "--partner",
        "1234567:readme-admin-secret",
        "--app-token",
        &app_token,
    ]);
    let program =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/app-token-flow.py");
    let out = run(py, &program, &s.url);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "INVALID_APP_TOKEN_HASH: Invalid application token hash"
    );
    let err = s.stderr_with("apptoken.startSession INVALID_APP_TOKEN_HASH");
    assert!(
        err.contains(
            "apptoken.startSession INVALID_APP_TOKEN_HASH: the mistake is proven: the digest was made with another algorithm than the app token's hashType (used sha1, expected sha256) [wrong_hash_type]; the correct tokenHash is SHA256(ks + token); GET /ksdiag/requests has the proof"
        ),
        "{err}"
    );
    // The fix: the token's hashType.
    let dir = std::env::temp_dir().join(format!("ksdiag-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fixed = dir.join("app-token-flow.py");
    let text = std::fs::read_to_string(&program).unwrap();
    assert_eq!(text.matches("hashlib.sha1(").count(), 1);
    std::fs::write(&fixed, text.replace("hashlib.sha1(", "hashlib.sha256(")).unwrap();
    let out = run(py, &fixed, &s.url);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ks = String::from_utf8(out.stdout).unwrap();
    assert!(ks.trim().starts_with("djJ8MTIzNDU2N3"), "{ks}");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(s.stop().success());
}
