//! tokenHash known answers (fixtures/oracle/token-hash-vectors.json): every hash type, and
//! every wrong variant is indeed different from the correct hash.

#![allow(clippy::unwrap_used, clippy::expect_used)] // fixtures are trusted; a bad one should fail loudly

mod common;

use ks_core::digest::{HashType, token_hash};
use serde_json::Value;

fn vectors() -> Vec<Value> {
    common::oracle("token-hash-vectors.json")
}

#[test]
fn every_hash_type_reproduces_the_official_token_hash() {
    let all = vectors();
    assert_eq!(all.len(), 6);
    let mut checked = 0;
    for v in &all {
        let id = v["id"].as_str().unwrap();
        let ks = v["ks"].as_str().unwrap();
        let token = v["token"].as_str().unwrap();
        assert_eq!(
            format!("{ks}{token}"),
            v["hash_input"].as_str().unwrap(),
            "{id}"
        );
        for (name, want) in v["token_hash"].as_object().unwrap() {
            let ht: HashType = name.parse().unwrap();
            assert_eq!(
                token_hash(ht, ks, token).as_str(),
                want.as_str().unwrap(),
                "{id} {name}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 24);
}

#[test]
fn wrong_variants_never_equal_the_correct_hash() {
    for v in &vectors() {
        let id = v["id"].as_str().unwrap();
        for (name, variants) in v["wrong_variants"].as_object().unwrap() {
            let good = v["token_hash"][name].as_str().unwrap();
            for (kind, bad) in variants.as_object().unwrap() {
                assert_ne!(bad.as_str().unwrap(), good, "{id} {name} {kind}");
            }
        }
    }
}
