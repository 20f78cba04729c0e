//! Color only where it helps: on a terminal (auto), or when asked (--color always); never
//! with --color never, in JSON, or in Markdown; NO_COLOR turns auto off.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failure should be loud

mod common;

fn stdout(args: &[&str], env: &[(&str, &str)]) -> String {
    let out = common::ksdiag(args, env, b"", None);
    assert_eq!(out.status.code(), Some(1), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

const ESC: &str = "\u{1b}[";

#[test]
fn color_follows_the_flag_and_the_terminal() {
    let always = stdout(&["diagnose", "--example", "--color", "always"], &[]);
    assert!(always.contains(ESC), "--color always must color");
    // (common::ksdiag sets NO_COLOR=1: explicitly asked for is stronger than NO_COLOR.)
    // Not a terminal (a pipe here) and no NO_COLOR: auto means none.
    let auto = std::process::Command::new(env!("CARGO_BIN_EXE_ksdiag"))
        .args(["diagnose", "--example"])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(!String::from_utf8(auto.stdout).unwrap().contains(ESC));
    assert!(!stdout(&["diagnose", "--example", "--color", "never"], &[]).contains(ESC));
    for fmt in [&["--json"][..], &["--format", "markdown"][..]] {
        let mut args = vec!["diagnose", "--example", "--color", "always"];
        args.extend_from_slice(fmt);
        assert!(!stdout(&args, &[]).contains(ESC), "{fmt:?} must stay plain");
    }
    // The same words with and without color.
    let plain = stdout(&["diagnose", "--example", "--color", "never"], &[]);
    let stripped: String = strip_ansi(&always);
    assert_eq!(stripped, plain);
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ params final-byte
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
