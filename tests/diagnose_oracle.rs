//! The engine against the oracle's wrong variants (fixtures/oracle/token-hash-vectors.json):
//! each is explained, with the expected cause on top, and each correct hash is a match.

#![allow(clippy::unwrap_used, clippy::expect_used)] // fixtures are trusted; a bad one should fail loudly

mod common;

use ks_core::diagnose::{Case, CauseCode, Verdict, diagnose};
use ks_core::digest::HashType;
use serde_json::Value;

fn vectors() -> Vec<Value> {
    common::oracle("token-hash-vectors.json")
}

fn expected_cause(kind: &str) -> CauseCode {
    match kind {
        "token_then_ks" => CauseCode::SwappedOrder,
        "uppercase_hex" => CauseCode::HexCase,
        "token_with_trailing_newline" | "ks_with_trailing_newline" => CauseCode::Whitespace,
        "base64_of_raw_digest" => CauseCode::DigestEncoding,
        "ks_plus_sent_unencoded_in_url" => CauseCode::KsPlusAsSpace,
        other => panic!("unknown wrong variant {other}: add its expected cause here"),
    }
}

#[test]
fn correct_hashes_are_matches() {
    for v in &vectors() {
        for (name, hash) in v["token_hash"].as_object().unwrap() {
            let mut case = Case::new(
                v["ks"].as_str().unwrap(),
                v["token"].as_str().unwrap(),
                hash.as_str().unwrap(),
            );
            case.hash_type = Some(name.parse().unwrap());
            let d = diagnose(&case);
            assert_eq!(d.verdict, Verdict::Match, "{} {name}", v["id"]);
        }
    }
}

#[test]
fn every_wrong_variant_is_explained_with_its_cause_on_top() {
    let mut checked = 0;
    for v in &vectors() {
        let id = v["id"].as_str().unwrap();
        for (name, variants) in v["wrong_variants"].as_object().unwrap() {
            let ht: HashType = name.parse().unwrap();
            for (kind, bad) in variants.as_object().unwrap() {
                let mut case = Case::new(
                    v["ks"].as_str().unwrap(),
                    v["token"].as_str().unwrap(),
                    bad.as_str().unwrap(),
                );
                case.hash_type = Some(ht);
                let d = diagnose(&case);
                assert_eq!(
                    d.verdict,
                    Verdict::Explained,
                    "{id} {name} {kind}: {:?}",
                    d.evidence
                );
                let top = &d.explanations[0];
                assert_eq!(top.causes.len(), 1, "{id} {name} {kind}: {:?}", top.causes);
                assert_eq!(
                    top.causes[0].code,
                    expected_cause(kind),
                    "{id} {name} {kind}"
                );
                assert_eq!(top.reproduced_hash, bad.as_str().unwrap());
                checked += 1;
            }
        }
    }
    assert!(checked >= 120, "only {checked} variants checked");
}

#[test]
fn ks_trailing_newline_is_placed_between_ks_and_token() {
    let v = &vectors()[0];
    let bad = v["wrong_variants"]["SHA1"]["ks_with_trailing_newline"]
        .as_str()
        .unwrap();
    let d = diagnose(&Case::new(
        v["ks"].as_str().unwrap(),
        v["token"].as_str().unwrap(),
        bad,
    ));
    let cause = &d.explanations[0].causes[0];
    assert_eq!(cause.detail("field"), Some("ks"));
    assert_eq!(cause.detail("side"), Some("trailing"));
    assert_eq!(cause.detail("text"), Some("\n"));
    let roles: Vec<_> = d.explanations[0]
        .hashed
        .as_ref()
        .unwrap()
        .segments
        .iter()
        .map(|s| s.role.as_str())
        .collect();
    assert_eq!(roles, ["ks", "extra", "token"]);
}
