//! `ksdiag check --serve`: real programs in Python, PHP and Node, each with a bug people
//! plant (a token file's newline, the admin KS hashed, a hard-coded SHA1) and fixed, run in
//! their real interpreters against the in-process server; the proven cause is named, the fixed
//! program passes, and the JUnit XML has the shape CI systems read (tests/check_serve/junit.xsd,
//! checked with xmllint).
//!
//! Under CI=true a missing interpreter (or xmllint) fails the test; elsewhere it says why it
//! skips.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test set-up failing should fail loudly

mod common;

use common::ksdiag;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

fn available(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(found || !in_ci(), "{tool} is not installed (CI=true)");
    if !found {
        eprintln!("skipped: {tool} is not installed");
    }
    found
}

fn program(name: &str) -> String {
    format!("{}/tests/check_serve/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn work_dir(label: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("check-serve")
        .join(label);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn check(args: &[&str]) -> Output {
    let mut all = vec!["check", "--serve"];
    all.extend_from_slice(args);
    ksdiag(&all, &[], b"", None)
}

fn json(args: &[&str]) -> (Option<i32>, Value) {
    json_env(args, &[])
}

fn json_env(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, Value) {
    let mut all = vec!["check", "--serve", "--json"];
    all.extend_from_slice(args);
    let o = ksdiag(&all, env, b"", None);
    let v = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o)));
    (o.status.code(), v)
}

/// The proven causes of the first failed call of each run.
fn causes(v: &Value) -> Vec<String> {
    v["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap_or("passed").to_string())
        .collect()
}

fn validate_junit(path: &Path) {
    if !available("xmllint") {
        return;
    }
    let o = Command::new("xmllint")
        .args(["--noout", "--schema", &program("junit.xsd")])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "JUnit XML does not validate: {}",
        text(&o)
    );
}

fn attr<'a>(xml: &'a str, element: &str, name: &str) -> &'a str {
    let start = xml.find(&format!("<{element} ")).unwrap();
    let tag = &xml[start..start + xml[start..].find('>').unwrap()];
    let at = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
    &tag[at..at + tag[at..].find('"').unwrap()]
}

#[test]
fn a_token_file_read_with_its_final_newline_is_proven_whitespace_and_the_stripped_one_passes() {
    if !available("python3") {
        return;
    }
    let dir = work_dir("python");
    let file = dir.join("app_token.txt").to_string_lossy().into_owned();
    let env = format!("KALTURA_APP_TOKEN_FILE={file}");
    // As a CI job writes a secret to a file: echo, which adds the newline.
    let run = |mode: &str| {
        let script = format!(
            "echo \"$KALTURA_APP_TOKEN\" > \"$KALTURA_APP_TOKEN_FILE\" && exec python3 {} {mode}",
            program("login.py")
        );
        let args = ["--lang", "python", "--env", &env, "--", "sh", "-c", &script];
        (json(&args), check(&args))
    };
    let ((code, v), human) = run("buggy");
    assert_eq!(code, Some(1), "{v}");
    assert_eq!(causes(&v), ["whitespace"]);
    let call = &v["runs"][0]["calls"][1];
    assert_eq!(call["call"], "appToken.startSession");
    assert_eq!(call["code"], "INVALID_APP_TOKEN_HASH");
    let h = text(&human);
    assert!(
        h.contains("a trailing newline after the token"),
        "diagnose's words: {h}"
    );
    assert!(h.contains("Fix in python:"), "{h}");
    assert!(
        h.contains("| INVALID_APP_TOKEN_HASH: Invalid application token hash"),
        "the program's stderr: {h}"
    );
    let ((code, v), _) = run("fixed");
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["runs"][0]["session"], true);
    assert_eq!(
        v["runs"][0]["stdout"][0].as_str().unwrap().get(..10),
        Some("logged in:")
    );
}

#[test]
fn the_admin_ks_hashed_instead_of_the_widget_ks_is_proven_different_ks_and_the_fixed_one_passes() {
    if !available("php") {
        return;
    }
    let (code, v) = json(&[
        "--hash-type",
        "sha256",
        "--",
        "php",
        &program("login.php"),
        "buggy",
    ]);
    assert_eq!(code, Some(1), "{v}");
    assert_eq!(causes(&v), ["different_ks"]);
    assert_eq!(v["lang"], "php", "guessed from `php login.php`");
    let o = check(&[
        "--hash-type",
        "sha256",
        "--",
        "php",
        &program("login.php"),
        "buggy",
    ]);
    let h = text(&o);
    assert!(
        h.contains("the hash was computed over another KS than the one sent"),
        "{h}"
    );
    assert!(h.contains("Fix in php:"), "{h}");
    let (code, v) = json(&[
        "--hash-type",
        "sha256",
        "--",
        "php",
        &program("login.php"),
        "fixed",
    ]);
    assert_eq!(code, Some(0), "{v}");
    let calls: Vec<&str> = v["runs"][0]["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["call"].as_str().unwrap())
        .collect();
    assert_eq!(
        calls,
        [
            "session.start",
            "session.startWidgetSession",
            "appToken.startSession"
        ]
    );
}

#[test]
fn a_hard_coded_sha1_fails_every_other_type_and_reading_it_with_apptoken_get_passes_all_four() {
    if !available("node") {
        return;
    }
    let dir = work_dir("node");
    let junit = dir.join("buggy.xml");
    let j = junit.to_string_lossy().into_owned();
    let args = [
        "--all-hash-types",
        "--junit",
        &j,
        "--",
        "node",
        &program("login.js"),
        "buggy",
    ];
    let (code, v) = json(&args);
    assert_eq!(code, Some(1), "{v}");
    let by_type: Vec<(String, String)> = v["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["hash_type"].as_str().unwrap().to_string(),
                r["kind"].as_str().unwrap_or("passed").to_string(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = [
        ("SHA1", "passed"),
        ("SHA256", "wrong_hash_type"),
        ("MD5", "wrong_hash_type"),
        ("SHA512", "wrong_hash_type"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(by_type, want);
    assert_eq!(v["hard_coded"]["hash_type"], "SHA1", "{v}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    validate_junit(&junit);
    assert_eq!(attr(&xml, "testsuites", "tests"), "4");
    assert_eq!(attr(&xml, "testsuites", "failures"), "3");
    assert_eq!(attr(&xml, "testsuite", "errors"), "0");
    assert_eq!(xml.matches("<testcase ").count(), 4);
    assert_eq!(xml.matches("<failure ").count(), 3);
    assert!(xml.contains("type=\"wrong_hash_type\""), "{xml}");
    assert!(xml.contains("(used sha1, expected sha512)"), "{xml}");

    let fixed = dir.join("fixed.xml");
    let f = fixed.to_string_lossy().into_owned();
    let o = check(&[
        "--all-hash-types",
        "--junit",
        &f,
        "--",
        "node",
        &program("login.js"),
        "fixed",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("4 of 4 runs passed"), "{}", text(&o));
    assert!(!text(&o).contains("hard-coded"), "{}", text(&o));
    let xml = std::fs::read_to_string(&fixed).unwrap();
    validate_junit(&fixed);
    assert_eq!(attr(&xml, "testsuites", "failures"), "0");
    assert_eq!(xml.matches("<testcase ").count(), 4);
}

#[test]
fn a_program_that_hangs_is_killed_at_the_timeout_with_its_children_and_its_output_kept() {
    let dir = work_dir("hang");
    let junit = dir.join("hang.xml");
    let j = junit.to_string_lossy().into_owned();
    let started = std::time::Instant::now();
    let o = check(&[
        "--timeout",
        "1",
        "--junit",
        &j,
        "--",
        "sh",
        "-c",
        "echo started; sleep 30",
    ]);
    let took = started.elapsed();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    // The sleep, a child of sh, is stopped too: nothing holds the pipes open (else this
    // takes the sleep's 30 s; the bound leaves room for a loaded CI machine).
    assert!(took.as_secs_f64() < 15.0, "took {took:?}");
    let h = text(&o);
    assert!(
        h.contains("the program did not finish within 1 s and was killed (--timeout 1)"),
        "{h}"
    );
    assert!(h.contains("| started"), "its output so far: {h}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    validate_junit(&junit);
    assert_eq!(attr(&xml, "testsuites", "errors"), "1");
    assert_eq!(attr(&xml, "testsuites", "failures"), "0");
    assert!(
        xml.contains("<error message=\"the program did not finish"),
        "{xml}"
    );
}

#[test]
fn a_program_that_never_calls_start_session_is_told_so_even_when_it_exits_0() {
    let o = check(&["--", "true"]);
    assert_eq!(o.status.code(), Some(1));
    let h = text(&o);
    assert!(
        h.contains("it never called appToken.startSession: it made no call to the server at all (exit status 0)"),
        "{h}"
    );
}

#[test]
fn renamed_and_extra_variables_reach_the_program_with_placeholders_replaced() {
    let script = "test -n \"$MY_URL\" && test -z \"$KALTURA_SERVICE_URL\" \
        && test \"$TYPE\" = SHA512 && test \"$ID\" = \"$KALTURA_APP_TOKEN_ID\" \
        && case \"$MY_URL\" in http://127.0.0.1:*) echo fine;; *) exit 3;; esac";
    // The job's own (real) service URL is not inherited under the standard name once renamed.
    let real = [("KALTURA_SERVICE_URL", "https://www.kaltura.com")];
    let (code, v) = json_env(
        &[
            "--hash-type",
            "SHA512",
            "--env-name",
            "KALTURA_SERVICE_URL=MY_URL",
            "--env",
            "TYPE={hash_type}",
            "--env",
            "ID={app_token_id}",
            "--",
            "sh",
            "-c",
            script,
        ],
        &real,
    );
    assert_eq!(code, Some(1), "no startSession: {v}");
    assert_eq!(v["runs"][0]["exit_status"], 0, "{v}");
    assert_eq!(v["runs"][0]["stdout"][0], "fine");
    assert_eq!(v["runs"][0]["kind"], "no_start_session");
}

#[test]
fn a_command_that_cannot_start_or_a_bad_flag_exits_2_with_a_hint() {
    let junit = work_dir("cannot-run").join("report.xml");
    let j = junit.to_string_lossy().into_owned();
    let o = check(&["--junit", &j, "--", "/nonexistent/login"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("cannot run `/nonexistent/login`"),
        "{}",
        text(&o)
    );
    // The job's test report says why, instead of missing its file.
    validate_junit(&junit);
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert_eq!(attr(&xml, "testsuites", "errors"), "1");
    assert!(xml.contains("type=\"cannot_run\""), "{xml}");
    assert!(xml.contains("cannot run `/nonexistent/login`"), "{xml}");
    let o = check(&["--env-name", "KALTURA_TOKEN=X", "--", "true"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("hint: one of KALTURA_SERVICE_URL"),
        "{}",
        text(&o)
    );
    let o = check(&["--env", "NOEQUALS", "--", "true"]);
    assert_eq!(o.status.code(), Some(2));
    let o = ksdiag(&["check", "--all-hash-types", "--", "true"], &[], b"", None);
    assert_eq!(o.status.code(), Some(2), "--all-hash-types needs --serve");
    let o = check(&["--lines", "--", "true"]);
    assert_eq!(o.status.code(), Some(2), "--lines and --serve conflict");
}

fn snippet_file(dir: &Path, flow: &str, name: &str) -> String {
    let o = ksdiag(
        &["snippet", "--lang", "php", "--flow", flow],
        &[],
        b"",
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
    let path = dir.join(name);
    std::fs::write(&path, &o.stdout).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn the_php_program_that_reads_the_hash_type_with_apptoken_get_passes_every_type_in_format_3() {
    if !available("php") {
        return;
    }
    let dir = work_dir("raw-typed");
    let file = snippet_file(&dir, "raw-typed", "typed.php");
    for ks_version in ["2", "1"] {
        let (code, v) = json(&[
            "--all-hash-types",
            "--ks-version",
            ks_version,
            "--",
            "php",
            &file,
        ]);
        assert_eq!(code, Some(0), "KS v{ks_version}: {v}");
        let calls: Vec<&str> = v["runs"][3]["calls"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["call"].as_str().unwrap())
            .collect();
        assert_eq!(
            calls,
            [
                "session.start",
                "appToken.get",
                "session.startWidgetSession",
                "appToken.startSession"
            ]
        );
    }
}

#[test]
fn the_php_client_flow_with_its_default_sha1_on_a_sha512_token_is_proven_wrong_hash_type() {
    if !available("php") {
        return;
    }
    let dir = work_dir("php-client");
    let file = snippet_file(&dir, "client", "client.php");
    let standin = format!(
        "KALTURA_PHP_CLIENT={}",
        program("../e2e/php_client_standin/KalturaClient.php")
    );
    let (code, v) = json(&[
        "--hash-type",
        "sha512",
        "--env",
        &standin,
        "--",
        "php",
        &file,
    ]);
    assert_eq!(code, Some(1), "{v}");
    assert_eq!(causes(&v), ["wrong_hash_type"]);
    let (code, v) = json(&[
        "--hash-type",
        "sha512",
        "--env",
        &standin,
        "--env",
        "KALTURA_HASH_TYPE={hash_type}",
        "--",
        "php",
        &file,
    ]);
    assert_eq!(code, Some(0), "{v}");
}

/// A terminal's Ctrl-C reaches ksdiag's process group only, not the program's own: ksdiag stops
/// the program and what it started, and exits 130.
#[cfg(unix)]
#[test]
fn an_interrupted_check_stops_the_program_and_what_it_started() {
    let dir = work_dir("interrupt");
    let pidfile = dir.join("pid");
    let script = format!("sleep 60 & echo $! > '{}'; wait", pidfile.display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_ksdiag"))
        .args(["check", "--serve", "--", "sh", "-c", &script])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let pid = loop {
        if let Some(p) = std::fs::read_to_string(&pidfile)
            .ok()
            .filter(|p| p.ends_with('\n'))
        {
            break p.trim().to_string();
        }
        assert!(
            started.elapsed().as_secs() < 20,
            "the program never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    // Killed: gone, or a zombie until something reaps it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let running = state
            .rsplit(") ")
            .next()
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| c != 'Z' && c != 'X');
        if !running {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "sleep {pid} still runs: {state}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn a_program_that_calls_a_path_serve_does_not_serve_is_told_which_path() {
    if !available("python3") {
        return;
    }
    let script = "import os, urllib.request, urllib.error\n\
        try:\n    urllib.request.urlopen(os.environ['KALTURA_SERVICE_URL'] + '/api_v4/service/session/action/startWidgetSession')\n\
        except urllib.error.HTTPError:\n    pass\n";
    let (code, v) = json(&["--", "python3", "-c", script]);
    assert_eq!(code, Some(1), "{v}");
    let run = &v["runs"][0];
    assert_eq!(
        run["why"],
        "it never called appToken.startSession (it sent: a request to /api_v4/service/session/action/startWidgetSession; exit status 0)"
    );
    assert_eq!(run["calls"][0]["code"], "NOT_SERVED");
    assert_eq!(v["lang"], "python");
}

/// The official clients (`.ci/install.d/50-clients.sh`, under target/): their flows pass
/// unchanged, and the same program with a SHA1 default on a SHA256 token is proven wrong.
#[test]
fn the_official_python_and_node_client_flows_pass_unchanged_and_a_wrong_type_is_proven() {
    let root = env!("CARGO_MANIFEST_DIR");
    let python = format!("{root}/target/e2e-venv/bin/python");
    let modules = format!("{root}/target/e2e-npm/node_modules");
    let present = std::path::Path::new(&python).exists()
        && std::path::Path::new(&modules)
            .join("kaltura-client")
            .exists();
    assert!(
        present || !in_ci(),
        "the official clients are missing: run bash .ci/install.d/50-clients.sh"
    );
    if !present || !available("node") {
        eprintln!("skipped: the official clients are not installed under target/");
        return;
    }
    let dir = work_dir("official");
    for (lang, file, cmd0, env) in [
        ("python", "client.py", python.as_str(), String::new()),
        ("node", "client.js", "node", format!("NODE_PATH={modules}")),
    ] {
        let o = ksdiag(
            &["snippet", "--lang", lang, "--flow", "client"],
            &[],
            b"",
            None,
        );
        assert!(o.status.success(), "{}", text(&o));
        let path = dir.join(file);
        std::fs::write(&path, &o.stdout).unwrap();
        let p = path.to_string_lossy().into_owned();
        let mut args: Vec<&str> = Vec::new();
        if !env.is_empty() {
            args.extend(["--env", env.as_str()]);
        }
        args.extend(["--lang", lang, "--", cmd0, p.as_str()]);
        let (code, v) = json(&args);
        assert_eq!(code, Some(0), "{lang}: {v}");
        let mut wrong = vec!["--hash-type", "sha256"];
        wrong.extend(&args);
        let (code, v) = json(&wrong);
        assert_eq!(code, Some(1), "{lang}: {v}");
        assert_eq!(causes(&v), ["wrong_hash_type"], "{lang}: {v}");
    }
}
