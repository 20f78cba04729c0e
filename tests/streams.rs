//! `ksdiag … | head -1`: when the reader leaves early, ksdiag stops quietly (nothing on
//! stderr) and its exit status still means what it always means.

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
