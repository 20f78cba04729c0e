//! Known-answer vectors from Kaltura's official clients and server (fixtures/oracle):
//! generate gives the identical string, parse gives the server's reading, v1 signatures
//! verify, v2 decrypts; edge cases get the server's verdict.

#![allow(clippy::unwrap_used, clippy::expect_used)] // fixtures are trusted; a bad one should fail loudly

mod common;

use ks_core::ks::{
    Generator, KsBody, KsSpec, Randomness, ServerFields, SignatureStatus, generate, parse,
};
use serde_json::Value;

fn load(name: &str) -> Vec<Value> {
    common::oracle(name)
}

fn opt_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// Compares our reading with the server's `server_parsed`, naming the vector on failure.
fn assert_server_reading(id: &str, got: &ServerFields, want: &Value) {
    let pairs: [(&str, &Option<String>); 9] = [
        ("partner_id", &got.partner_id),
        ("partner_pattern", &got.partner_pattern),
        ("valid_until", &got.valid_until),
        ("type", &got.ks_type),
        ("rand", &got.rand),
        ("user", &got.user),
        ("privileges", &got.privileges),
        ("master_partner_id", &got.master_partner_id),
        ("additional_data", &got.additional_data),
    ];
    for (key, value) in pairs {
        assert_eq!(value, &opt_text(&want[key]), "{id}: {key}");
    }
    assert_eq!(
        Some(got.hash.clone()),
        opt_text(&want["hash"]),
        "{id}: hash"
    );
    let mut privs = serde_json::Map::new();
    for p in &got.parsed_privileges {
        privs.insert(p.name.clone(), Value::from(p.values.clone()));
    }
    let want_privs = match &want["parsed_privileges"] {
        Value::Array(a) if a.is_empty() => serde_json::Map::new(), // PHP's empty array
        Value::Object(o) => o.clone(),
        other => panic!("{id}: parsed_privileges {other}"),
    };
    assert_eq!(privs, want_privs, "{id}: parsed_privileges");
    // Key order matters too: the server keeps insertion order.
    let order: Vec<&String> = got.parsed_privileges.iter().map(|p| &p.name).collect();
    let want_order: Vec<&String> = want_privs.keys().collect();
    assert_eq!(order.len(), want_order.len(), "{id}: privilege count");
    assert_eq!(
        got.is_admin(),
        want["is_admin"].as_bool().unwrap(),
        "{id}: is_admin"
    );
    assert_eq!(
        got.is_anonymous(),
        want["is_anonymous"].as_bool().unwrap(),
        "{id}: is_anonymous"
    );
    assert_eq!(
        got.is_widget_session(),
        want["is_widget_session"].as_bool().unwrap(),
        "{id}: is_widget_session"
    );
}

fn spec_of(v: &Value) -> KsSpec {
    KsSpec {
        partner_id: v["partner_id"].as_i64().unwrap(),
        ks_type: v["type"].as_i64().unwrap(),
        user_id: opt_text(&v["user_id"]),
        privileges: v["privileges"].as_str().unwrap().to_string(),
        expiry: v["expiry"].as_i64().unwrap(),
        master_partner_id: opt_text(&v["master_partner_id"]),
        additional_data: opt_text(&v["additional_data"]),
    }
}

fn randomness_of(v: &Value) -> Randomness {
    if v["version"] == 1 {
        Randomness::V1Rand(v["rand"].as_str().unwrap().to_string())
    } else {
        let bytes: [u8; 16] = hex::decode(v["random_hex"].as_str().unwrap())
            .unwrap()
            .try_into()
            .unwrap();
        Randomness::V2Random(bytes)
    }
}

#[test]
fn every_vector_is_generated_byte_for_byte() {
    let vectors = load("ks-vectors.json");
    assert_eq!(vectors.len(), 42);
    for v in &vectors {
        let id = v["id"].as_str().unwrap();
        let generator = if id.starts_with("py-") {
            Generator::PythonClient
        } else {
            Generator::Server
        };
        let got = generate(
            &spec_of(v),
            v["admin_secret"].as_str().unwrap(),
            generator,
            &randomness_of(v),
        );
        assert_eq!(got.ks, v["ks"].as_str().unwrap(), "{id}: generated KS");
    }
}

#[test]
fn every_vector_parses_to_the_servers_reading() {
    for v in &load("ks-vectors.json") {
        let id = v["id"].as_str().unwrap();
        let secret = v["admin_secret"].as_str().unwrap();
        let parsed = parse(v["ks"].as_str().unwrap()).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(
            parsed.version() as i64,
            v["version"].as_i64().unwrap(),
            "{id}: version"
        );
        assert!(
            parsed.irregularities().is_empty(),
            "{id}: generated KS judged irregular"
        );
        assert_eq!(
            parsed.canonical_text(),
            v["ks"].as_str().unwrap(),
            "{id}: canonical text"
        );
        // The server was given "not-the-secret,<secret>": the fallback must work too.
        let seen = parsed.inspect(Some(&format!("not-the-secret,{secret}")));
        assert_eq!(seen.signature, SignatureStatus::Valid, "{id}: signature");
        assert_server_reading(id, seen.fields.as_ref().unwrap(), &v["server_parsed"]);
        let decoded = &v["decoded"];
        match &parsed.body {
            KsBody::V1(k) => {
                assert_eq!(
                    k.signature,
                    decoded["signature_hex"].as_str().unwrap(),
                    "{id}"
                );
                assert_eq!(
                    hex::encode(&k.info),
                    decoded["signed_info_hex"].as_str().unwrap(),
                    "{id}"
                );
            }
            KsBody::V2(_) => {
                let body = seen.v2.as_ref().unwrap();
                assert_eq!(
                    hex::encode(&body.plaintext),
                    decoded["plaintext_hex"].as_str().unwrap(),
                    "{id}"
                );
                assert_eq!(
                    String::from_utf8_lossy(&body.query),
                    decoded["fields_query"].as_str().unwrap(),
                    "{id}"
                );
            }
        }
        // Without the secret: v1 fully readable but unchecked, v2 only its header.
        let blind = parsed.inspect(None);
        assert_eq!(blind.signature, SignatureStatus::Unchecked, "{id}");
        assert_eq!(
            blind.partner_id,
            v["partner_id"].to_string(),
            "{id}: partner id"
        );
        assert_eq!(blind.encrypted, parsed.version() == 2, "{id}: encrypted");
        // A wrong secret is reported as invalid, never as valid.
        assert_eq!(
            parsed.inspect(Some("wrong")).signature,
            SignatureStatus::Invalid,
            "{id}"
        );
    }
}

#[test]
fn edge_cases_get_the_servers_verdict() {
    let cases = load("ks-parse-edge-cases.json");
    assert_eq!(cases.len(), 26);
    for c in &cases {
        let id = c["id"].as_str().unwrap();
        let accepts = c["server_accepts"].as_bool().unwrap();
        let verdict = parse(c["ks"].as_str().unwrap())
            .map(|p| p.inspect(Some(c["admin_secret"].as_str().unwrap())));
        let ours = matches!(&verdict, Ok(s) if s.signature == SignatureStatus::Valid);
        assert_eq!(ours, accepts, "{id}: accepted? ours {verdict:?}");
        if accepts {
            let fields = verdict.unwrap().fields.unwrap();
            assert_server_reading(id, &fields, &c["server_parsed"]);
        }
    }
}

#[test]
fn edge_case_irregularities_are_named() {
    use ks_core::ks::Irregularity;
    let cases = load("ks-parse-edge-cases.json");
    let find = |id: &str| {
        let c = cases.iter().find(|c| c["id"] == id).unwrap();
        parse(c["ks"].as_str().unwrap()).unwrap().irregularities()
    };
    assert_eq!(find("v1-no-padding"), vec![Irregularity::MissingPadding]);
    let newline_case = cases
        .iter()
        .find(|c| c["id"] == "v1-trailing-newline")
        .unwrap();
    let newline_at = newline_case["ks"].as_str().unwrap().len() - 1;
    assert_eq!(
        find("v1-trailing-newline"),
        vec![Irregularity::Whitespace(vec![newline_at])]
    );
    assert_eq!(
        find("v1-urlsafe-alphabet"),
        vec![Irregularity::OtherAlphabet]
    );
    assert_eq!(
        find("v2-standard-alphabet"),
        vec![Irregularity::OtherAlphabet]
    );
    assert_eq!(
        find("v1-noncanonical-last-char"),
        vec![Irregularity::NonCanonicalLastChar]
    );
}
