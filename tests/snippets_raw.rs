//! Every `--flow raw` program (and `--flow client`), run the way serve.md says, against
//! `ksdiag serve`: it prints a KS that `ksdiag decode` reads as the app token's session, and
//! with a wrong token it exits 1 with INVALID_APP_TOKEN_HASH on stderr.
//!
//! Under CI=true a missing interpreter (or official client) fails the test; elsewhere the test
//! says why it skips.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test set-up failing should fail loudly

mod common;

use ks_snippets::{Flow, Lang};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const PARTNER: &str = "1234567";
const SECRET: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const TOKEN_ID: &str = "0_snip1234";
const TOKEN: &str = "8e2f1c0d9b7a6f5e4d3c2b1a09f8e7d6";

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn available(what: &str, tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools.iter().copied().filter(|t| !have(t)).collect();
    if missing.is_empty() {
        return true;
    }
    assert!(!in_ci(), "{what}: {} not installed", missing.join(", "));
    eprintln!("skipped: {what}: {} not installed", missing.join(", "));
    false
}

/// `ksdiag serve --port 0` with one partner and one SHA256 app token; killed on drop.
struct Serve {
    child: Child,
    url: String,
}

impl Serve {
    fn start(ks_version: &str) -> Serve {
        let app_token = format!(
            r#"{{"id":"{TOKEN_ID}","token":"{TOKEN}","partnerId":{PARTNER},"hashType":"SHA256","status":2,"objectType":"KalturaAppToken"}}"#
        );
        let mut child = Command::new(env!("CARGO_BIN_EXE_ksdiag"))
            .args(["serve", "--port", "0", "--ks-version", ks_version])
            .args(["--partner", &format!("{PARTNER}:{SECRET}")])
            .args(["--app-token", &app_token])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("ksdiag serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped"))
            .read_line(&mut line)
            .expect("serve prints its address");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("serve said {line:?}"))
            .to_string();
        Serve { child, url }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn work_dir(label: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("snippets-raw")
        .join(label);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes the program where a user would and returns how serve.md says to run it.
fn prepare(lang: Lang, code: &str, dir: &Path) -> Vec<String> {
    let file = |name: &str| {
        let p = dir.join(name);
        std::fs::write(&p, code).unwrap();
        p.to_string_lossy().into_owned()
    };
    let sh = |script: String| vec!["sh".to_string(), "-c".to_string(), script];
    match lang {
        Lang::Bash => vec!["bash".into(), file("f.sh")],
        Lang::Python => vec!["python3".into(), file("f.py")],
        Lang::Node => vec!["node".into(), file("f.js")],
        Lang::Php => vec!["php".into(), file("f.php")],
        Lang::Ruby => vec!["ruby".into(), file("f.rb")],
        Lang::Go => vec!["go".into(), "run".into(), file("f.go")],
        Lang::Java => vec!["java".into(), file("F.java")],
        Lang::Csharp => {
            let f = file("f.cs");
            let exe = dir.join("f.exe").to_string_lossy().into_owned();
            let out = Command::new("mcs")
                .arg(format!("-out:{exe}"))
                .args(["-r:System.Net.Http.dll", "-r:System.Xml.Linq.dll", &f])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "mcs: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            sh(format!("mono '{exe}'"))
        }
        Lang::Perl => vec!["perl".into(), file("f.pl")],
    }
}

fn run(argv: &[String], env: &[(&str, &str)], extra: &[(String, String)]) -> Output {
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..]).stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let start = Instant::now();
    let out = cmd.output().unwrap_or_else(|e| panic!("{argv:?}: {e}"));
    assert!(
        start.elapsed() < Duration::from_secs(240),
        "{argv:?} took too long"
    );
    out
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs the program of `lang` for `flow` against serve, with the right and a wrong token.
fn against_serve(lang: Lang, flow: Flow, argv_extra: &[(String, String)]) {
    let out = common::ksdiag(
        &[
            "snippet",
            "--lang",
            lang.name(),
            "--flow",
            flow.name(),
            "--hash-type",
            "sha256",
        ],
        &[],
        b"",
        None,
    );
    assert!(
        out.status.success(),
        "snippet {lang} {flow}: {}",
        text(&out.stderr)
    );
    let code = text(&out.stdout);
    let dir = work_dir(&format!("{flow}-{lang}"));
    let argv = prepare(lang, &code, &dir);
    for ks_version in ["2", "1"] {
        let serve = Serve::start(ks_version);
        let env = [
            ("KALTURA_SERVICE_URL", serve.url.as_str()),
            ("KALTURA_PARTNER_ID", PARTNER),
            ("KALTURA_APP_TOKEN_ID", TOKEN_ID),
            ("KALTURA_APP_TOKEN", TOKEN),
        ];
        let out = run(&argv, &env, argv_extra);
        assert!(
            out.status.success(),
            "{lang} {flow} (KS v{ks_version}): {}\n{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        let stdout = text(&out.stdout);
        let ks = stdout.trim_end_matches('\n');
        assert!(
            !ks.is_empty() && !ks.contains('\n'),
            "{lang}: one KS line, got {stdout:?}"
        );
        let decoded = common::ksdiag(
            &["decode", ks, "--admin-secret", SECRET, "--json"],
            &[],
            b"",
            None,
        );
        let v: serde_json::Value = serde_json::from_slice(&decoded.stdout)
            .unwrap_or_else(|e| panic!("{lang}: decode {ks}: {e}: {}", text(&decoded.stderr)));
        assert_eq!(
            (
                v["privileges"].as_str(),
                v["partner_id"].as_i64(),
                v["signature"].as_str()
            ),
            (
                Some(format!("sessionid:{TOKEN_ID},apptoken:{TOKEN_ID}").as_str()),
                Some(1_234_567),
                Some("valid")
            ),
            "{lang} {flow}: not the app token's session: {v:#}"
        );

        let wrong = "ffffffffffffffffffffffffffffffff";
        let env_wrong = [env[0], env[1], env[2], ("KALTURA_APP_TOKEN", wrong)];
        let out = run(&argv, &env_wrong, argv_extra);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{lang} {flow}, wrong token: stdout {} stderr {}",
            text(&out.stdout),
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains("INVALID_APP_TOKEN_HASH"),
            "{lang} {flow}, wrong token: {}",
            text(&out.stderr)
        );
        assert!(
            out.stdout.is_empty(),
            "{lang}: stdout {}",
            text(&out.stdout)
        );
    }
}

fn tools(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Bash => &["bash", "curl", "sha256sum", "sed"],
        Lang::Python => &["python3"],
        Lang::Node => &["node"],
        Lang::Php => &["php"],
        Lang::Ruby => &["ruby"],
        Lang::Go => &["go"],
        Lang::Java => &["java"],
        Lang::Csharp => &["mcs", "mono"],
        Lang::Perl => &["perl"],
    }
}

fn raw(lang: Lang) {
    if available(lang.name(), tools(lang)) {
        against_serve(lang, Flow::Raw, &[]);
    }
}

macro_rules! per_language {
    ($($name:ident => $lang:ident),* $(,)?) => {
        mod raw_program_gets_a_session_from_serve {
            $( #[test] fn $name() { super::raw(ks_snippets::Lang::$lang) } )*
        }
    };
}

per_language! {
    bash => Bash,
    python => Python,
    node => Node,
    php => Php,
    ruby => Ruby,
    go => Go,
    java => Java,
    csharp => Csharp,
    perl => Perl,
}

/// The official clients from `.ci/install.d/50-clients.sh` (under `target/`), or from
/// KSDIAG_E2E_PYTHON / KSDIAG_E2E_NODE_MODULES.
fn client_tool(var: &str, default: &str) -> Option<String> {
    let path =
        std::env::var(var).unwrap_or_else(|_| format!("{}/{default}", env!("CARGO_MANIFEST_DIR")));
    if Path::new(&path).exists() {
        return Some(path);
    }
    assert!(
        !in_ci(),
        "{path} is missing: run bash .ci/install.d/50-clients.sh"
    );
    eprintln!("skipped: {path} is missing: run bash .ci/install.d/50-clients.sh");
    None
}

#[test]
fn client_flow_python_gets_a_session_from_serve() {
    let Some(python) = client_tool("KSDIAG_E2E_PYTHON", "target/e2e-venv/bin/python") else {
        return;
    };
    // The program is run as serve.md says (`python3 f.py`), with the venv's python3 first on PATH.
    let bin = Path::new(&python)
        .parent()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let path = format!("{bin}:{}", std::env::var("PATH").unwrap_or_default());
    against_serve(Lang::Python, Flow::Client, &[("PATH".into(), path)]);
}

#[test]
fn client_flow_node_gets_a_session_from_serve() {
    if !available("node", &["node"]) {
        return;
    }
    let Some(module) = client_tool(
        "KSDIAG_E2E_NODE_MODULES",
        "target/e2e-npm/node_modules/kaltura-client",
    ) else {
        return;
    };
    let node_path = Path::new(&module)
        .parent()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    against_serve(Lang::Node, Flow::Client, &[("NODE_PATH".into(), node_path)]);
}

/// The official PHP client is on Packagist only, which is not reachable here (PyPI, npm and
/// Debian do not have it): `--flow client` for php runs with a stand-in of KalturaClient.php
/// that requests and reads as KalturaClientBase does (format 3, unserialize into the client's
/// classes, errors thrown as KalturaException with Kaltura's code).
#[test]
fn client_flow_php_gets_a_session_from_serve_through_a_stand_in_of_kalturaclient_php() {
    if !available("php", &["php"]) {
        return;
    }
    let standin = format!(
        "{}/tests/e2e/php_client_standin/KalturaClient.php",
        env!("CARGO_MANIFEST_DIR")
    );
    against_serve(
        Lang::Php,
        Flow::Client,
        &[("KALTURA_PHP_CLIENT".into(), standin)],
    );
}

/// `--flow raw-typed`: the hashType comes from appToken.get with an ADMIN KS, the answers
/// in format 3 (PHP serialize) read by PHP's own unserialize().
#[test]
fn raw_typed_php_reads_the_hash_type_with_apptoken_get_in_format_3_and_gets_a_session() {
    if !available("php", &["php"]) {
        return;
    }
    against_serve(
        Lang::Php,
        Flow::RawTyped,
        &[("KALTURA_ADMIN_SECRET".into(), SECRET.into())],
    );
}
