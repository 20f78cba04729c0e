//! Every bad input gets a clear message on stderr (what, where, a hint), exit status 2, and
//! nothing on stdout. One table row per input.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test setup failing should fail loudly

mod common;

use std::path::Path;

const KS: &str = "ZmYyM2E2NmEwMGY3MjEyNTg0OGFlYmVmYzhkNGEwZGZmY2VmYjEzN3wxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
const TOKEN: &str = "env:KSDIAG_TEST_TOKEN";

struct Row {
    args: Vec<String>,
    stdin: &'static [u8],
    /// Every one of these must appear in stderr.
    expect: &'static [&'static str],
}

fn row(args: &[&str], expect: &'static [&'static str]) -> Row {
    Row {
        args: args.iter().map(|s| s.to_string()).collect(),
        stdin: b"",
        expect,
    }
}

fn setup(dir: &Path) {
    std::fs::write(dir.join("invalid-utf8.txt"), b"abc\xff\xfedef").unwrap();
    std::fs::write(
        dir.join("binary.bin"),
        (0..=255u8).cycle().take(4096).collect::<Vec<_>>(),
    )
    .unwrap();
    std::fs::write(dir.join("big.txt"), vec![b'A'; 10 * 1024 * 1024]).unwrap();
    std::fs::write(dir.join("file.txt"), KS).unwrap();
    std::fs::write(dir.join("huge.log"), vec![b'x'; 17 * 1024 * 1024]).unwrap();
    std::fs::create_dir_all(dir.join("a-directory")).unwrap();
}

fn table() -> Vec<Row> {
    let d = |extra: &[&str]| {
        let mut v = vec!["diagnose", "--ks", KS, "--token", TOKEN, "--hash", "ab12"];
        v.extend_from_slice(extra);
        v.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let with = |args: Vec<String>, expect: &'static [&'static str]| Row {
        args,
        stdin: b"",
        expect,
    };
    vec![
        // diagnose: missing and empty values
        row(&["diagnose"], &["no KS given", "hint:"]),
        row(
            &["diagnose", "--ks", KS, "--token", TOKEN],
            &["no claimed hash", "hint:"],
        ),
        row(
            &["diagnose", "--ks", KS, "--hash", "ab"],
            &["no token given", "hint:"],
        ),
        row(
            &["diagnose", "--ks", KS, "--token", TOKEN, "--hash", ""],
            &["empty tokenHash", "hint:"],
        ),
        row(
            &[
                "diagnose",
                "--ks",
                KS,
                "--token",
                "env:KSDIAG_EMPTY",
                "--hash",
                "ab",
            ],
            &["--token is empty", "hint:"],
        ),
        with(
            d(&["--hash-type", "sha3"]),
            &["unknown hash type \"sha3\"", "md5, sha1, sha256, sha512"],
        ),
        with(
            d(&["--now", "yesterday"]),
            &["invalid value 'yesterday'", "--now"],
        ),
        // diagnose: artifacts
        with(
            d(&["--app-token", "{\"id\": \"0_x\", "]),
            &["--app-token", "JSON"],
        ),
        with(
            d(&["--app-token", "{\"hashType\": 5}"]),
            &["--app-token", "hashType"],
        ),
        with(
            d(&["--app-token", "a-directory"]),
            &["--app-token", "is a directory"],
        ),
        with(
            d(&["--app-token", "{}"]),
            &["--app-token", "none of an app token's fields", "hint:"],
        ),
        with(
            d(&["--app-token", "<html>nope</html>"]),
            &["--app-token", "none of an app token's fields", "hint:"],
        ),
        row(
            &[
                "diagnose",
                "--url",
                "curl 'https://x/api_v3/service/appToken/action/startSession?ks=a",
                "--token",
                TOKEN,
            ],
            &["unclosed ' quote", "byte 5", "hint:"],
        ),
        row(
            &["diagnose", "--url", "hello world", "--token", TOKEN],
            &["not a URL", "hint:"],
        ),
        row(
            &["diagnose", "--url", "{\"ks\": ", "--token", TOKEN],
            &["not valid JSON", "line 1", "hint:"],
        ),
        with(
            d(&["--widget-response", "{\"ks\": 5}"]),
            &["'ks' is a number", "key 'ks'", "hint:"],
        ),
        with(
            d(&["--widget-response", "{\"code\":\"INVALID_KS\"}"]),
            &["an API error", "--error"],
        ),
        with(
            d(&["--error", "it broke :("]),
            &["not an API error", "hint:"],
        ),
        with(
            d(&["--error", "{\"message\": \"x\"}"]),
            &["no 'code'", "hint:"],
        ),
        with(
            d(&["--log", "missing.log"]),
            &["cannot read --log file 'missing.log'", "hint:"],
        ),
        with(d(&["--log", "a-directory"]), &["--log", "is a directory"]),
        with(d(&["--log", "huge.log"]), &["larger than 16 MiB", "hint:"]),
        // values: files, stdin, env
        row(
            &["hash", "--ks", "@missing.txt", "--token", TOKEN],
            &["cannot read --ks file 'missing.txt'", "hint:"],
        ),
        row(
            &["hash", "--ks", "@a-directory", "--token", TOKEN],
            &["is a directory", "hint:"],
        ),
        row(
            &["hash", "--ks", "@big.txt", "--token", TOKEN],
            &["larger than 64 KiB", "hint:"],
        ),
        row(
            &["hash", "--ks", "@invalid-utf8.txt", "--token", TOKEN],
            &["not valid UTF-8", "offset 3", "hint:"],
        ),
        row(
            &["hash", "--ks", "@binary.bin", "--token", TOKEN],
            &["not valid UTF-8", "offset 128"],
        ),
        row(
            &["hash", "--ks", "@file.txt/x", "--token", TOKEN],
            &["cannot read --ks file 'file.txt/x'"],
        ),
        row(
            &["hash", "--ks", "@-", "--token", "@-"],
            &["both read standard input", "hint:"],
        ),
        row(
            &[
                "hash",
                "--ks",
                "env:KSDIAG_UNSET_VARIABLE",
                "--token",
                TOKEN,
            ],
            &["KSDIAG_UNSET_VARIABLE is not set", "hint:"],
        ),
        row(
            &["hash", "--ks", KS, "--token", TOKEN, "--hash-type", ""],
            &["unknown hash type"],
        ),
        // decode
        row(&["decode", ""], &["empty", "hint:"]),
        row(&["decode", "   "], &["hint:"]),
        row(&["decode", "not base64 at all!"], &["offset", "hint:"]),
        row(&["decode", "ks%3DZmYyM2E2NmEw"], &["URL", "hint:"]),
        row(&["decode", "@invalid-utf8.txt"], &["not valid UTF-8"]),
        // verify, generate, explain, vectors, completions
        row(
            &["verify", "--batch", "missing.jsonl"],
            &["cannot read batch file 'missing.jsonl'"],
        ),
        row(
            &["verify", "--batch", "a-directory"],
            &["is a directory", "hint:"],
        ),
        row(
            &["diagnose", "--batch", "a-directory"],
            &["is a directory", "hint:"],
        ),
        row(
            &[
                "verify",
                "--ks",
                KS,
                "--token",
                TOKEN,
                "--hash",
                "ab",
                "--hash-type",
                "crc32",
            ],
            &["unknown hash type \"crc32\""],
        ),
        row(
            &["generate", "--partner-id", "abc", "--admin-secret", TOKEN],
            &["invalid value 'abc'"],
        ),
        row(
            &[
                "generate",
                "--partner-id",
                "1",
                "--admin-secret",
                TOKEN,
                "--version",
                "2",
                "--random-hex",
                "zz",
            ],
            &["--random-hex", "hint:"],
        ),
        row(
            &[
                "generate",
                "--partner-id",
                "1",
                "--admin-secret",
                TOKEN,
                "--version",
                "3",
            ],
            &["invalid value '3'"],
        ),
        row(
            &["explain", "NO_SUCH_CODE"],
            &["unknown error code", "INVALID_APP_TOKEN_HASH"],
        ),
        row(&["vectors", "--hash-type", "sha3"], &["unknown hash type"]),
        row(&["completions", "nosh"], &["invalid value 'nosh'"]),
        row(&["frobnicate"], &["unrecognized subcommand 'frobnicate'"]),
        // A literal that names a file: the user meant @PATH (issue 9)
        row(
            &["hash", "--ks", "file.txt", "--token", TOKEN],
            &["did you mean @file.txt?"],
        ),
        with(
            d(&["--token-id", "file.txt"]),
            &["--token-id", "did you mean @file.txt?"],
        ),
        // A missing file's hint fits the flag
        row(
            &[
                "diagnose",
                "--ks",
                KS,
                "--token",
                "@missing.txt",
                "--hash",
                "ab",
            ],
            &[
                "cannot read --token file 'missing.txt'",
                "app token's `token`",
            ],
        ),
        row(
            &[
                "diagnose",
                "--log",
                "missing.log",
                "--token",
                TOKEN,
                "--hash",
                "ab",
            ],
            &["--log", "HAR file"],
        ),
        // Conflicting flags are an error, not a silent choice
        with(
            d(&["--json", "--format", "markdown"]),
            &["'--json' cannot be used with '--format"],
        ),
    ]
}

#[test]
fn every_bad_input_is_refused_clearly() {
    let dir = std::env::temp_dir().join(format!("ksdiag-bad-inputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    setup(&dir);
    let rows = table();
    assert!(rows.len() >= 30);
    let mut failures = Vec::new();
    for r in &rows {
        let out = common::ksdiag(
            &r.args,
            &[
                ("KSDIAG_TEST_TOKEN", "f973211b7115b849cc0b5"),
                ("KSDIAG_EMPTY", ""),
            ],
            r.stdin,
            Some(&dir),
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        let mut problems = Vec::new();
        if out.status.code() != Some(2) {
            problems.push(format!("exit {:?}", out.status.code()));
        }
        if !out.stdout.is_empty() {
            problems.push(format!(
                "stdout not empty: {}",
                String::from_utf8_lossy(&out.stdout)
            ));
        }
        if !stderr.starts_with("error:") {
            problems.push("stderr does not start with 'error:'".into());
        }
        for e in r.expect {
            if !stderr.contains(e) {
                problems.push(format!("stderr lacks {e:?}"));
            }
        }
        if stderr.contains("f973211b7115b849cc0b5") {
            problems.push("the error message reveals the token".into());
        }
        if stderr.contains("panicked") || stderr.len() > 4000 {
            problems.push("panic or runaway message".into());
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{:?}\n  {}\n  stderr: {stderr}",
                r.args,
                problems.join("; ")
            ));
        }
    }
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

#[test]
fn swapped_ks_and_token_are_refused_not_proven_as_swapped_order() {
    let token = "8a3f0c5e9b1d4f7a2c6e0b9d8f1a3c5e";
    let out = common::ksdiag(
        &[
            "diagnose",
            "--ks",
            "env:A",
            "--token",
            "env:B",
            "--hash",
            "0123456789abcdef0123456789abcdef01234567",
        ],
        &[("A", token), ("B", KS)],
        b"",
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(stderr.contains("--ks and --token look swapped"), "{stderr}");
    assert!(stderr.contains("32 hex characters"), "{stderr}");
    assert!(!stderr.contains(&token[..8]), "{stderr}");
    assert!(!stderr.contains(&KS[..8]), "{stderr}");
}
