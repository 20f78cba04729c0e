//! The wire types against docs/diagnosis.schema.json: every object they make for the oracle's
//! cases (correct, each planted mistake, a stopped call) validates, and every property the
//! schema names for a diagnosis or an explanation is one the types write (the schema
//! describes these types, not an older shape).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a broken contract should fail loudly

use ks_core::diagnose::{Case, diagnose};
use ks_core::digest::HashType;
use ks_report::redact::Redactor;
use ks_report::render_json::diagnosis;
use serde_json::Value;
use std::collections::BTreeSet;

fn repo_file(rel: &str) -> Value {
    let path = format!("{}/../../{rel}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The properties the schema names under `$defs/<def>`, minus those a front end adds.
fn schema_properties(schema: &Value, def: &str) -> BTreeSet<String> {
    let front_end = ["line", "inputs", "fix_code"];
    schema["$defs"][def]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("$defs/{def} has no properties"))
        .keys()
        .filter(|k| !front_end.contains(&k.as_str()))
        .cloned()
        .collect()
}

/// One wire object per oracle case: the correct hash, every wrong variant, another hashType's
/// hash, and the same call sent without a KS attached (a stop before the hash), each redacted and with secrets shown.
fn wire_objects() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for v in repo_file("fixtures/oracle/token-hash-vectors.json")
        .as_array()
        .unwrap()
    {
        let (ks, token) = (v["ks"].as_str().unwrap(), v["token"].as_str().unwrap());
        let id = v["id"].as_str().unwrap();
        for (ht, correct) in v["token_hash"].as_object().unwrap() {
            let hash_type: HashType = ht.parse().unwrap();
            let mut claims = vec![("correct".to_string(), correct.as_str().unwrap().to_string())];
            if let Some(w) = v["wrong_variants"][ht].as_object() {
                claims.extend(
                    w.iter()
                        .map(|(k, h)| (k.clone(), h.as_str().unwrap().to_string())),
                );
            }
            // Another hashType's correct hash: the wrong algorithm (and a note on old servers).
            for (other, h) in v["token_hash"].as_object().unwrap() {
                if other != ht {
                    claims.push((
                        format!("hashed_as_{other}"),
                        h.as_str().unwrap().to_string(),
                    ));
                }
            }
            for (name, claimed) in claims {
                for sent_without_ks in [false, true] {
                    let case = Case {
                        hash_type: Some(hash_type),
                        today: Some(1_700_000_000),
                        sent_without_ks,
                        ..Case::new(ks, token, &claimed)
                    };
                    let d = diagnose(&case);
                    for show in [false, true] {
                        let label = format!("{id} {ht} {name} no_ks={sent_without_ks} show={show}");
                        out.push((
                            label,
                            diagnosis(
                                &d,
                                &Redactor {
                                    show,
                                    voice: Default::default(),
                                },
                            ),
                        ));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_wire_object_validates_against_the_schema() {
    let schema = repo_file("docs/diagnosis.schema.json");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let objects = wire_objects();
    assert!(objects.len() > 100, "only {} objects", objects.len());
    for (label, doc) in &objects {
        let errors: Vec<String> = validator
            .iter_errors(doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{label}: schema errors {errors:?} in {doc}"
        );
    }
}

#[test]
fn every_property_the_schema_names_is_written_by_the_wire_types() {
    let schema = repo_file("docs/diagnosis.schema.json");
    let (mut diagnosis_keys, mut explanation_keys) = (BTreeSet::new(), BTreeSet::new());
    for (_, doc) in wire_objects() {
        diagnosis_keys.extend(doc.as_object().unwrap().keys().cloned());
        for e in doc["explanations"].as_array().unwrap() {
            explanation_keys.extend(e.as_object().unwrap().keys().cloned());
        }
    }
    assert_eq!(schema_properties(&schema, "diagnosis"), diagnosis_keys);
    assert_eq!(schema_properties(&schema, "explanation"), explanation_keys);
}
