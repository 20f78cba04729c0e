//! How a proven cause reads in every format: where an invisible character sits, and what was
//! hashed when it was nothing. Each test is named after the failure class it pins.

#![allow(clippy::unwrap_used, clippy::expect_used)] // fixtures are trusted; a bad one should fail loudly

mod common;

use ks_core::digest::{HashType, digest_parts};

const KS: &str = "M2VkZDVjMzVhNzI4OTFmNmZmMGZjYWI5NTNiMDYzYjMxMmE1ZTkyOXwxMjM0NTY3OzEyMzQ1Njc7MTc2NDA4NjQwMDswOzE3NjQwMDAwMDAuMTI7MDt2aWV3Oiosd2lkZ2V0OjE7Ow==";
const TOKEN: &str = "9c1e5a7f3b2d4e6a8c0f1b3d5e7a0014";

/// stdout of `ksdiag diagnose` over KS and token (given by env) with `hash`, in `format`.
fn diagnose(hash: &str, format: &[&str]) -> String {
    let mut args = vec![
        "diagnose",
        "--ks",
        KS,
        "--token",
        "env:T",
        "--hash",
        hash,
        "--hash-type",
        "SHA1",
        "--now",
        "1764000000",
    ];
    args.extend_from_slice(format);
    let out = common::ksdiag(&args, &[("T", TOKEN)], b"", None);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn with_char_at(value: &str, at: usize, c: char) -> String {
    let mut s = value[..at].to_string();
    s.push(c);
    s.push_str(&value[at..]);
    s
}

fn sha1_hex(text: &str) -> String {
    digest_parts(HashType::Sha1, &[text.as_bytes()])
        .to_hex()
        .as_str()
        .to_string()
}

#[test]
fn invisible_character_inside_a_value_is_placed_inside_not_at_its_end() {
    let cases = [
        (
            sha1_hex(&format!("{KS}{}", with_char_at(TOKEN, 10, '\u{200B}'))),
            "token",
            "inside the token, after character 10",
        ),
        (
            sha1_hex(&format!("{}{TOKEN}", with_char_at(KS, 60, '\u{200B}'))),
            "ks",
            "inside the KS, after character 60",
        ),
    ];
    for (hash, field, words) in cases {
        let v: serde_json::Value = serde_json::from_str(&diagnose(&hash, &["--json"])).unwrap();
        let cause = &v["explanations"][0]["causes"][0];
        assert_eq!(cause["code"], "non_ascii_char", "{v}");
        assert_eq!(cause["field"], field, "{v}");
        assert_eq!(cause["side"], "inside", "{v}");
        for format in [&["--color", "never"][..], &["--format", "markdown"]] {
            let text = diagnose(&hash, format);
            assert!(
                text.contains(&format!("ZERO WIDTH SPACE (U+200B) {words}")),
                "{format:?}: {text}"
            );
            assert!(!text.contains("trailing"), "{format:?}: {text}");
        }
    }
}
