//! The README's loop, run as a new user would with only `ksdiag` installed: start `ksdiag
//! serve` with an app token, write the program with `ksdiag snippet --lang python --flow raw >
//! flow.py` (it hashes with SHA1, the server's default; the token says SHA256), run it against
//! the server, read why it failed, make it again with `--hash-type sha256` (one line differs),
//! run it again.

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

/// `ksdiag snippet --lang python --flow raw [EXTRA...]`, as the README runs it.
fn snippet(extra: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ksdiag"))
        .args(["snippet", "--lang", "python", "--flow", "raw"])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
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
    let dir = std::env::temp_dir().join(format!("ksdiag-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let program = dir.join("flow.py");
    let first = snippet(&[]);
    std::fs::write(&program, &first).unwrap();
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
    // The fix: the program made for the token's hashType. It differs only in the hash type's
    // default, in the one line of code and in the docstring, as the README says.
    let fixed = snippet(&["--hash-type", "sha256"]);
    let changed: Vec<(&str, &str)> = first
        .lines()
        .zip(fixed.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(first.lines().count(), fixed.lines().count());
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert!(changed.contains(&(
        r#"    hash_type = os.environ.get("KALTURA_HASH_TYPE", "SHA1")"#,
        r#"    hash_type = os.environ.get("KALTURA_HASH_TYPE", "SHA256")"#
    )));
    assert!(
        changed
            .iter()
            .all(|(a, b)| b.replace("SHA256", "SHA1") == *a)
    );
    std::fs::write(&program, &fixed).unwrap();
    let out = run(py, &program, &s.url);
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
