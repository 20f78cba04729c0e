//! `ksdiag serve` start-up: the --state file wins over --partner/--app-token for the ids it
//! holds (with a warning when they differ), a state file it cannot read is refused and left
//! untouched, odd app tokens and typed secrets are served with a warning.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failure should be loud
mod common;
use common::server::{Conn, Server};
use std::path::{Path, PathBuf};

const SECRET: &str = "startup-admin-secret";
const KEEP: &str = r#"{"id":"0_keep0001","token":"4f1c3a9e8b7d6c5b4a39281706f5e4d3","hashType":"SHA256","partnerId":77}"#;
const UPD: &str = r#"{"id":"0_upd00001","token":"0123456789abcdef0123456789abcdef","hashType":"SHA256","partnerId":77}"#;

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ksdiag-startup-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn secret_file(d: &Path, secret: &str) -> String {
    let p = d.join(format!("secret-{secret}"));
    std::fs::write(&p, secret).unwrap();
    format!("77:@{}", p.display())
}

fn admin_ks(c: &mut Conn, secret: &str) -> String {
    let a = c.post_json(
        "/api_v3/service/session/action/start",
        &format!(r#"{{"secret":"{secret}","partnerId":77,"type":2,"format":1}}"#),
    );
    a.json()
        .as_str()
        .unwrap_or_else(|| panic!("no KS: {}", a.text()))
        .to_string()
}

fn held_token(state: &Path, id: &str) -> serde_json::Value {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(state).unwrap()).unwrap();
    v["app_tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("{id} not in the state file: {v}"))
}

#[test]
fn restart_with_the_first_flags_keeps_deleted_and_updated_app_tokens() {
    let d = dir("restart");
    let state = d.join("state.json");
    let partner = secret_file(&d, SECRET);
    let args = [
        "--partner",
        partner.as_str(),
        "--state",
        state.to_str().unwrap(),
        "--app-token",
        KEEP,
        "--app-token",
        UPD,
    ];
    let s = Server::start(&args);
    let mut c = Conn::open(s.addr);
    let admin = admin_ks(&mut c, SECRET);
    let del = c.post_json(
        "/api_v3/service/apptoken/action/delete",
        &format!(r#"{{"ks":"{admin}","id":"0_keep0001","format":1}}"#),
    );
    assert_eq!(del.text(), "null", "delete answered {}", del.text());
    let upd = c.post_json(
        "/api_v3/service/apptoken/action/update",
        &format!(
            r#"{{"ks":"{admin}","id":"0_upd00001","appToken":{{"objectType":"KalturaAppToken","hashType":"SHA512"}},"format":1}}"#
        ),
    );
    assert_eq!(upd.json()["hashType"], "SHA512", "{}", upd.text());
    assert!(s.stop().success());

    let s = Server::start(&args);
    let err = s.stderr_with("0_upd00001");
    let mut c = Conn::open(s.addr);
    let admin = admin_ks(&mut c, SECRET);
    let got = c
        .post_json(
            "/api_v3/service/apptoken/action/get",
            &format!(r#"{{"ks":"{admin}","id":"0_upd00001","format":1}}"#),
        )
        .json();
    assert_eq!(got["hashType"], "SHA512", "the update was undone: {got}");
    assert!(s.stop().success());
    assert_eq!(
        held_token(&state, "0_keep0001")["status"],
        3,
        "deleted token came back"
    );
    assert_eq!(held_token(&state, "0_upd00001")["hashType"], "SHA512");

    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("warning:")).collect();
    let keep: Vec<&&str> = lines.iter().filter(|l| l.contains("0_keep0001")).collect();
    assert_eq!(keep.len(), 1, "one warning for the deleted token: {err}");
    assert!(
        keep[0].contains("3 (DELETED)") && keep[0].contains("kept"),
        "{}",
        keep[0]
    );
    assert!(
        keep[0].contains(&format!("delete {}", state.display())),
        "{}",
        keep[0]
    );
    let upd: Vec<&&str> = lines.iter().filter(|l| l.contains("0_upd00001")).collect();
    assert_eq!(upd.len(), 1, "{err}");
    assert!(upd[0].contains("hashType"), "{}", upd[0]);
    for token in [
        "4f1c3a9e8b7d6c5b4a39281706f5e4d3",
        "0123456789abcdef0123456789abcdef",
    ] {
        assert!(!err.contains(token), "a token was printed: {err}");
    }
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn restart_with_another_partner_secret_keeps_the_state_files_secret() {
    let d = dir("partner");
    let state = d.join("state.json");
    let first = secret_file(&d, SECRET);
    let s = Server::start(&["--partner", &first, "--state", state.to_str().unwrap()]);
    assert!(s.stop().success());
    let other = secret_file(&d, "another-secret");
    let s = Server::start(&["--partner", &other, "--state", state.to_str().unwrap()]);
    let err = s.stderr_with("partner 77");
    let mut c = Conn::open(s.addr);
    assert!(
        admin_ks(&mut c, SECRET).len() > 20,
        "the file's secret works"
    );
    assert!(s.stop().success());
    let w: Vec<&str> = err.lines().filter(|l| l.contains("partner 77")).collect();
    assert_eq!(w.len(), 1, "{err}");
    assert!(
        w[0].starts_with("warning:") && w[0].contains("kept"),
        "{}",
        w[0]
    );
    assert!(
        !err.contains(SECRET) && !err.contains("another-secret"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

/// Runs `serve --state PATH`; a server that starts serving instead of refusing is killed
/// after 10 s, so the test fails instead of hanging.
fn refused_or_killed(path: &Path) -> std::process::Output {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_ksdiag"))
        .args(["serve", "--port", "0", "--state", path.to_str().unwrap()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(10) {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_state_file_of_another_version_or_kind_is_refused_and_left_untouched() {
    let d = dir("foreign");
    let cases: [(&str, &str, &str); 4] = [
        (
            "v2.json",
            r#"{"version":2,"partners":[],"app_tokens":[]}"#,
            "version 2",
        ),
        (
            "package.json",
            r#"{"name":"x","version":"1.0.0"}"#,
            "version \"1.0.0\"",
        ),
        ("list.json", "[1,2,3]", "not a ksdiag state file"),
        ("notes.txt", "hello", "not a ksdiag state file"),
    ];
    for (name, text, says) in cases {
        let path = d.join(name);
        std::fs::write(&path, text).unwrap();
        let out = refused_or_killed(&path);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(out.stdout.is_empty(), "{name}: it listened");
        assert!(err.contains(says) && err.contains("hint:"), "{name}: {err}");
        assert!(err.contains(path.to_str().unwrap()), "{name}: {err}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            text,
            "{name} changed"
        );
    }
    // An empty file (as `mktemp` makes) is a state file with nothing in it yet.
    let empty = d.join("empty.json");
    std::fs::write(&empty, "").unwrap();
    let s = Server::start(&["--state", empty.to_str().unwrap()]);
    assert!(s.stop().success());
    assert!(
        std::fs::read_to_string(&empty)
            .unwrap()
            .contains("\"version\": 1")
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn odd_app_tokens_are_served_with_a_warning() {
    let d = dir("odd");
    let partner = secret_file(&d, SECRET);
    let s = Server::start(&[
        "--partner",
        &partner,
        "--app-token",
        r#"{"id":"0_odd00001","token":"My-Test-Token","hashType":"SHA256"}"#,
    ]);
    let err = s.stderr_with("partnerId");
    let mut c = Conn::open(s.addr);
    let admin = admin_ks(&mut c, SECRET);
    let got = c
        .post_json(
            "/api_v3/service/apptoken/action/get",
            &format!(r#"{{"ks":"{admin}","id":"0_odd00001","format":1}}"#),
        )
        .json();
    assert_eq!(got["token"], "My-Test-Token", "served as given: {got}");
    assert_eq!(got["partnerId"], 77, "{got}");
    assert!(s.stop().success());
    let shape = err
        .lines()
        .find(|l| l.contains("13 characters"))
        .unwrap_or_else(|| panic!("no shape warning: {err}"));
    assert!(
        shape.starts_with("warning: --app-token 0_odd00001"),
        "{shape}"
    );
    assert!(shape.contains("32 lowercase hex"), "{shape}");
    let placed = err
        .lines()
        .find(|l| l.contains("no partnerId"))
        .unwrap_or_else(|| panic!("no partnerId warning: {err}"));
    assert!(placed.contains("added to partner 77"), "{placed}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_partner_secret_typed_on_the_command_line_warns_like_generate() {
    let s = Server::start(&["--partner", "77:typed-secret-value"]);
    let err = s.stderr_with("command line");
    assert!(s.stop().success());
    let w = err
        .lines()
        .find(|l| l.contains("command line"))
        .unwrap_or_else(|| panic!("no warning: {err}"));
    assert!(w.starts_with("warning: --partner 77"), "{w}");
    assert!(w.contains("env:NAME") && w.contains("@PATH"), "{w}");
    assert!(!err.contains("typed-secret-value"), "{err}");

    let d = dir("typed");
    let s = Server::start(&["--partner", &secret_file(&d, SECRET)]);
    let mut c = Conn::open(s.addr);
    admin_ks(&mut c, SECRET);
    // Stderr lines before the listening line have had a whole request's time to arrive.
    let err = s.stderr();
    assert!(s.stop().success());
    assert!(!err.contains("command line"), "@PATH is not typed: {err}");
    let _ = std::fs::remove_dir_all(&d);
}

/// A state file edited by hand into something the server could never store (a hashType
/// Kaltura does not offer, a token of a partner the file lacks, an id held twice) is refused,
/// never served: it gave "INVALID_APP_TOKEN_HASH: the hash matches".
#[test]
fn a_state_file_holding_what_the_server_never_stores_is_refused_and_left_untouched() {
    let d = dir("impossible");
    let token = |id: &str, partner: i64, hash: &str| {
        format!(
            r#"{{"id":"{id}","token":"0123456789abcdef0123456789abcdef","partnerId":{partner},"createdAt":1,"updatedAt":1,"status":2,"hashType":"{hash}"}}"#
        )
    };
    let partner = r#"{"id":55,"admin_secret":"state-file-admin-secret"}"#;
    let cases = [
        (
            "sha3.json",
            format!(
                r#"{{"version":1,"partners":[{partner}],"app_tokens":[{}]}}"#,
                token("0_a", 55, "SHA3")
            ),
            "hashType \"SHA3\"",
        ),
        (
            "orphan.json",
            format!(
                r#"{{"version":1,"partners":[{partner}],"app_tokens":[{}]}}"#,
                token("0_a", 555, "SHA1")
            ),
            "partner 555",
        ),
        (
            "twice.json",
            format!(
                r#"{{"version":1,"partners":[{partner}],"app_tokens":[{},{}]}}"#,
                token("0_a", 55, "SHA1"),
                token("0_a", 55, "MD5")
            ),
            "held twice",
        ),
    ];
    for (name, text, says) in cases {
        let path = d.join(name);
        std::fs::write(&path, &text).unwrap();
        let out = refused_or_killed(&path);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(out.stdout.is_empty(), "{name}: it listened");
        assert!(err.contains(says) && err.contains("hint:"), "{name}: {err}");
        assert!(
            !err.contains("state-file-admin-secret"),
            "{name}: secret shown"
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            text,
            "{name} changed"
        );
    }
    let _ = std::fs::remove_dir_all(&d);
}
