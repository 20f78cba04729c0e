//! The official Kaltura clients against `ksdiag serve`: the Python client (XML answers), the
//! Node client (JSON answers) and PHP's own `unserialize()` (format 3) run the scripts in
//! `tests/e2e/`, each of which starts `ksdiag serve --port 0` itself and checks every answer;
//! the Python and Node scripts run a second time with a service URL ending in `/`.
//!
//! The clients live in the build directory (`bash .ci/install.d/50-clients.sh` puts them in
//! `target/e2e-venv` and `target/e2e-npm`; `KSDIAG_E2E_PYTHON` (an interpreter) and
//! `KSDIAG_E2E_NODE_MODULES` (the `kaltura-client` folder) point elsewhere). Under `CI=true` a missing interpreter or client fails the test; outside CI
//! the test is skipped with the reason on stderr.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A script that has not finished by then is killed: the server or a client hangs.
const TIMEOUT: Duration = Duration::from_secs(300);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// The path from `var`, else the default under the repository; `None` (after a skip message,
/// or a panic under CI) when it is not there.
fn required(what: &str, var: &str, default: &str) -> Option<PathBuf> {
    let path = std::env::var_os(var).map_or_else(|| root().join(default), PathBuf::from);
    if path.exists() {
        return Some(path);
    }
    let why = format!(
        "{what} not found at {} (install: bash .ci/install.d/50-clients.sh, or set {var})",
        path.display()
    );
    assert!(!in_ci(), "{why}; CI=true requires it");
    eprintln!("skipped: {why}");
    None
}

fn interpreter(name: &str) -> Option<PathBuf> {
    let found = Command::new(name)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if found {
        return Some(PathBuf::from(name));
    }
    let why = format!("{name} is not installed (Debian package list: .ci/apt.d/clients.txt)");
    assert!(!in_ci(), "{why}; CI=true requires it");
    eprintln!("skipped: {why}");
    None
}

/// Runs `program script` with KSDIAG_BIN set; the script prints one line per check and
/// `N passed, M failed`, and exits non-zero when a check failed.
fn run_script(program: &Path, script: &str, env: &[(&str, &Path)]) {
    let mut cmd = Command::new(program);
    cmd.arg(root().join("tests/e2e").join(script))
        .env("KSDIAG_BIN", env!("CARGO_BIN_EXE_ksdiag"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    // Its own process group, so a timeout ends the script and the server it started.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    let start = Instant::now();
    while child.try_wait().ok().flatten().is_none() && start.elapsed() < TIMEOUT {
        std::thread::sleep(Duration::from_millis(100));
    }
    if start.elapsed() >= TIMEOUT {
        #[cfg(unix)]
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .status();
        let _ = child.kill();
    }
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("{script}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stdout.lines().last().unwrap_or_default();
    assert!(
        out.status.success() && last.ends_with(" passed, 0 failed"),
        "{script} failed ({}; {:?}):\n{stdout}\n--- stderr ---\n{stderr}",
        out.status,
        start.elapsed()
    );
    println!("{script}: {last}");
}

#[test]
fn official_python_client_runs_the_app_token_flow_over_xml() {
    let Some(python) = required(
        "the Python venv with KalturaApiClient",
        "KSDIAG_E2E_PYTHON",
        "target/e2e-venv/bin/python",
    ) else {
        return;
    };
    run_script(&python, "python_client.py", &[]);
}

#[test]
fn official_node_client_runs_the_app_token_flow_over_json() {
    let Some(node) = interpreter("node") else {
        return;
    };
    let Some(modules) = required(
        "npm kaltura-client",
        "KSDIAG_E2E_NODE_MODULES",
        "target/e2e-npm/node_modules/kaltura-client",
    ) else {
        return;
    };
    let modules = modules.parent().unwrap_or(&modules).to_path_buf();
    run_script(&node, "node_client.js", &[("NODE_PATH", &modules)]);
}

/// A service URL ending in `/` (`http://127.0.0.1:PORT/`), as users copy it: the clients then
/// send `//api_v3/service/…`, which Kaltura's rewrite rules serve; so must serve.
const URL_SLASH: (&str, &str) = ("KSDIAG_E2E_URL_SUFFIX", "/");

#[test]
fn official_python_client_with_a_service_url_ending_in_slash() {
    let Some(python) = required(
        "the Python venv with KalturaApiClient",
        "KSDIAG_E2E_PYTHON",
        "target/e2e-venv/bin/python",
    ) else {
        return;
    };
    run_script(
        &python,
        "python_client.py",
        &[(URL_SLASH.0, Path::new(URL_SLASH.1))],
    );
}

#[test]
fn official_node_client_with_a_service_url_ending_in_slash() {
    let Some(node) = interpreter("node") else {
        return;
    };
    let Some(modules) = required(
        "npm kaltura-client",
        "KSDIAG_E2E_NODE_MODULES",
        "target/e2e-npm/node_modules/kaltura-client",
    ) else {
        return;
    };
    let modules = modules.parent().unwrap_or(&modules).to_path_buf();
    run_script(
        &node,
        "node_client.js",
        &[
            ("NODE_PATH", &modules),
            (URL_SLASH.0, Path::new(URL_SLASH.1)),
        ],
    );
}

#[test]
fn php_unserialize_reads_every_format_3_answer() {
    let Some(php) = interpreter("php") else {
        return;
    };
    run_script(&php, "php_format3.php", &[]);
}
