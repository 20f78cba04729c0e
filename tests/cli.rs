//! CLI snapshot cases (tests/cmd/*.toml with .stdout/.stderr beside them). Accept an
//! intended change with `TRYCMD=overwrite cargo test --test cli`, then review the diff.
//!
//! `KSDIAG_TEST_BIN=/abs/path/ksdiag cargo test --test cli` runs the same cases against
//! another `ksdiag` (the one a wheel or an npm package installed; see
//! scripts/test-packages.sh) instead of the one cargo built. With `KSDIAG_TEST_BIN_OS=windows`
//! (a Windows binary run under Wine) the cases that start a Unix program are left out, each
//! named in `UNIX_PROGRAM_CASES` with the program: Windows has no such program.

#![allow(clippy::unwrap_used, clippy::expect_used)] // fixtures are trusted; a bad one should fail loudly

/// Cases whose command runs a Unix program, which a Windows binary cannot start.
const UNIX_PROGRAM_CASES: &[(&str, &str)] = &[
    ("tests/cmd/check-serve-never-called.toml", "runs `true`"),
    ("tests/cmd/check-command-shown-quoted.toml", "runs `sh`"),
    ("tests/cmd/check-hard-coded-sha256.toml", "runs `sh`"),
    ("tests/cmd/check-swapped-order-md5.toml", "runs `sh`"),
    ("tests/cmd/check-swapped-order-md5-json.toml", "runs `sh`"),
];

#[test]
fn cli_cases() {
    let cases = trycmd::TestCases::new();
    if let Some(bin) = std::env::var_os("KSDIAG_TEST_BIN") {
        // Cases run in their own folders: resolve a relative path here, where it was meant.
        let bin = std::path::absolute(&bin).expect("KSDIAG_TEST_BIN is not a usable path");
        assert!(
            bin.is_file(),
            "KSDIAG_TEST_BIN={} is not a file",
            bin.display()
        );
        eprintln!("cli cases run against {}", bin.display());
        cases.register_bin("ksdiag", bin);
    }
    cases.case("tests/cmd/*.toml");
    if std::env::var("KSDIAG_TEST_BIN_OS").as_deref() == Ok("windows") {
        for (case, why) in UNIX_PROGRAM_CASES {
            eprintln!("left out for a Windows binary: {case} ({why})");
            cases.skip(case);
        }
    }
}
