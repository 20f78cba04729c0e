//! ks-core knows no command line: no string literal in its source names a flag (`--now`,
//! `--url`, ...); nor do the emulation (ks-api) and the server (ks-serve). What the user gave is named by reference (`ks_core::message::Part`,
//! `ks_core::source`), and each front end words it (ks-report's `source_words`).
//!
//! The one exception is curl's own options, which the request parser reads out of a pasted
//! curl command (`intake/request.rs`, `intake/shell_words.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failure should be loud

use std::path::{Path, PathBuf};

/// The string literals of Rust source `src` (plain, byte and raw strings), in order.
fn literals(src: &str) -> Vec<String> {
    let b: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r' && (i == 0 || !ident(b[i - 1])) && matches!(next, Some('"' | '#')) {
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                i += 1;
                continue;
            }
            let start = j + 1;
            let mut k = start;
            loop {
                if k >= b.len() {
                    break;
                }
                if b[k] == '"' && (0..hashes).all(|h| b.get(k + 1 + h) == Some(&'#')) {
                    break;
                }
                k += 1;
            }
            out.push(b[start..k.min(b.len())].iter().collect());
            i = k + 1 + hashes;
        } else if c == '"' {
            let mut s = String::new();
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    s.push(b[i]);
                    i += 1;
                }
                if i < b.len() {
                    s.push(b[i]);
                }
                i += 1;
            }
            out.push(s);
            i += 1;
        } else if c == '\'' {
            // A char literal ('"', '\'', '\n'), or a lifetime ('a), which has no closing quote.
            if next == Some('\\') {
                i += 2;
                while i < b.len() && b[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if b.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The flag-like words in `s`: `--` then a lowercase letter.
fn flags(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(at) = rest.find("--") {
        let after = &rest[at + 2..];
        let len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c == '-'))
            .unwrap_or(after.len());
        if after.starts_with(|c: char| c.is_ascii_lowercase()) {
            out.push(&rest[at..at + 2 + len]);
        }
        rest = &after[len..];
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// curl's options, read out of a pasted curl command: the literal is the option itself, or a
/// whole curl command in a test.
fn curl_words(file: &Path, literal: &str) -> bool {
    let parser = file.ends_with("intake/request.rs") || file.ends_with("intake/shell_words.rs");
    parser && (literal.starts_with("curl ") || flags(literal) == [literal])
}

#[test]
fn the_scanner_finds_a_flag_in_a_literal_and_none_in_comments() {
    let src = r##"
        // pass --now in a comment
        /* --log in a block */
        let a = "pass --now to say when"; let c = '"'; let l: &'static str = "x";
        let r = r#"raw --hash-type "quoted""#;
    "##;
    let lits = literals(src);
    let found: Vec<&str> = lits.iter().flat_map(|l| flags(l)).collect();
    assert_eq!(found, ["--now", "--hash-type"]);
    assert!(curl_words(Path::new("src/intake/request.rs"), "--data-raw"));
    assert!(!curl_words(Path::new("src/diagnose/expiry.rs"), "--now"));
    assert!(!curl_words(
        Path::new("src/intake/request.rs"),
        "pass --url instead"
    ));
}

/// The flag-naming literals under `dir` (curl's options in ks-core's request parser aside).
fn flag_literals(dir: &Path) -> (usize, Vec<String>) {
    let mut files = Vec::new();
    rust_files(dir, &mut files);
    let mut bad = Vec::new();
    for f in &files {
        let src = std::fs::read_to_string(f).unwrap();
        for l in literals(&src) {
            if !flags(&l).is_empty() && !curl_words(f, &l) {
                bad.push(format!("{}: {l:?}", f.display()));
            }
        }
    }
    (files.len(), bad)
}

#[test]
fn no_string_literal_in_ks_core_names_a_cli_flag() {
    let (files, bad) = flag_literals(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(files > 50, "found only {files} files");
    assert!(
        bad.is_empty(),
        "flag names in ks-core (name a Field or Source and let ks_report::source_words word it):\n{}",
        bad.join("\n")
    );
}

/// The emulation (ks-api) and the server (ks-serve) know no command line either: what the
/// server could be started with is a typed `ks_api::StartWith` that the binary words as its
/// flag on the operator's stderr; answers read like Kaltura's or the server's own.
#[test]
fn no_string_literal_in_ks_api_or_ks_serve_names_a_cli_flag() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for (name, at_least) in [("ks-api", 15), ("ks-serve", 12)] {
        let (files, bad) = flag_literals(&crates.join(name).join("src"));
        assert!(files >= at_least, "{name}: found only {files} files");
        assert!(
            bad.is_empty(),
            "flag names in {name} (say what is missing as a type, e.g. ks_api::StartWith, and let the binary word it):\n{}",
            bad.join("\n")
        );
    }
}
