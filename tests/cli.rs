//! CLI snapshot cases (tests/cmd/*.toml with .stdout/.stderr beside them). Accept an
//! intended change with `TRYCMD=overwrite cargo test --test cli`, then review the diff.

#![allow(clippy::unwrap_used, clippy::expect_used)] // fixtures are trusted; a bad one should fail loudly

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
