//! `ksdiag … | head -1`: when the reader leaves early, ksdiag stops quietly (nothing on
//! stderr) and its exit status still means what it always means; a batch whose reader left
//! before every line was answered cannot pass (exit 1, one line on stderr says why).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failure should be loud

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

/// Runs ksdiag, reads one line of its stdout, closes the pipe; returns (first line, exit
/// status, stderr).
fn first_line_then_close(args: &[&str]) -> (String, Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ksdiag"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    {
        let mut out = BufReader::with_capacity(64, child.stdout.take().unwrap());
        out.read_line(&mut line).unwrap();
    } // the read end closes here
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (line, child.wait().unwrap().code(), err)
}

#[test]
fn a_reader_that_leaves_early_gets_quiet_exits() {
    let (line, code, err) = first_line_then_close(&["vectors", "--count", "200000"]);
    assert!(line.starts_with("{\"hash\":"), "{line}");
    assert_eq!((code, err.as_str()), (Some(0), ""));

    let (line, code, err) = first_line_then_close(&["diagnose", "--example"]);
    assert!(line.contains("tokenHash is wrong"), "{line}");
    // The verdict (a wrong hash) still decides the status.
    assert_eq!((code, err.as_str()), (Some(1), ""));

    let (line, code, err) = first_line_then_close(&["man"]);
    assert!(!line.is_empty());
    assert_eq!((code, err.as_str()), (Some(0), ""));
}

/// Runs ksdiag with `stdin` and a stdout whose reader has already left (every write fails
/// with EPIPE, as under `| true`); returns (exit status, stderr).
fn with_stdout_closed(args: &[&str], stdin: &str) -> (Option<i32>, String) {
    use std::io::Write;
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut child = Command::new(env!("CARGO_BIN_EXE_ksdiag"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_batch_or_a_check_whose_reader_left_never_passes() {
    // A wrong hash, answered to nobody: not "all correct" (it was 0 when the closed pipe
    // counted as a quiet success).
    let wrong = "{\"ks\":\"a\",\"token\":\"b\",\"hash\":\"c\"}\n";
    let (code, err) = with_stdout_closed(&["verify", "--batch", "-"], wrong);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("not all checked"), "{err}");
    let (code, err) = with_stdout_closed(&["diagnose", "--batch", "-"], wrong);
    assert_eq!(code, Some(1), "{err}");

    // check's report is written after its verdict: a program that always prints the same
    // wrong hash still fails.
    let (code, err) = with_stdout_closed(
        &[
            "check",
            "--count",
            "3",
            "--hash-type",
            "sha1",
            "--",
            "sh",
            "-c",
            "echo 0000",
        ],
        "",
    );
    assert_eq!(code, Some(1), "{err}");
    let (code, err) = with_stdout_closed(&["diagnose", "--example"], "");
    assert_eq!((code, err.as_str()), (Some(1), ""));
}
