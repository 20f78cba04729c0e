//! Shared by the integration tests: fixtures are data, loaded by name.

/// Loads `fixtures/oracle/<name>` as JSON, naming the file on failure.
#[allow(dead_code)] // each test binary uses its own subset of these helpers
pub fn oracle(name: &str) -> Vec<serde_json::Value> {
    let path = format!("{}/fixtures/oracle/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Runs the ksdiag binary with `args`, extra environment, `stdin` and (optionally) a working
/// directory; colors off. Returns its whole output.
#[allow(dead_code)] // each test binary uses its own subset of these helpers
pub fn ksdiag<S: AsRef<std::ffi::OsStr>>(
    args: &[S],
    env: &[(&str, &str)],
    stdin: &[u8],
    cwd: Option<&std::path::Path>,
) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ksdiag"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    let mut child = cmd.spawn().expect("ksdiag runs");
    let mut input = child.stdin.take().expect("stdin is piped");
    // A command that never reads stdin may exit first: a broken pipe here is not a failure.
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().expect("ksdiag finishes")
}

pub mod server;
