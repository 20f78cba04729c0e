//! `diagnose --json` and `diagnose --batch` against the contract: every object validates
//! against docs/diagnosis.schema.json, and decodes into this test's own types (unknown keys
//! rejected) with the values the oracle says.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a broken contract should fail loudly

mod common;

use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize, PartialEq, Eq, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum Verdict {
    Match,
    Explained,
    Unexplained,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Diagnosis {
    #[serde(default)]
    line: Option<u64>,
    #[serde(default)]
    inputs: Option<Inputs>,
    schema_version: u32,
    verdict: Verdict,
    hash_type: String,
    hash_type_source: String,
    expected_hash: String,
    explanations: Vec<Explanation>,
    findings: Vec<Coded>,
    evidence: Vec<String>,
    families_tried: Vec<String>,
    candidates_tried: u64,
    headline: String,
    proven: bool,
    /// What the ✓ and exit status 0 rest on.
    call_accepted: bool,
    conditions: Vec<Value>,
    sent_ks_known: bool,
    sent_ks: String,
    readings: Vec<Reading>,
    not_tried: Vec<String>,
    #[serde(default)]
    stop: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reading {
    hash_type: String,
    sent_ks: String,
    outcome: String,
    expected_hash: String,
    #[serde(default)]
    causes: Vec<String>,
    #[serde(default)]
    ruled_out_by: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Inputs {
    ks: String,
    hash: String,
    token: String,
    #[serde(default)]
    token_id: Option<String>,
    other_ks: Vec<String>,
    sent_ks_known: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Explanation {
    causes: Vec<Coded>,
    reproduced_hash: String,
    hash_type: String,
    #[serde(default)]
    produced_digest: Option<String>,
    #[serde(default)]
    hashed: Option<Hashed>,
    #[serde(default)]
    note: Option<String>,
    hash_types: Vec<String>,
}

/// A cause or a finding: a code plus string details.
#[derive(Debug, Deserialize)]
struct Coded {
    code: String,
    #[serde(flatten)]
    details: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Hashed {
    byte_len: usize,
    encoding: String,
    method: String,
    segments: Vec<Segment>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Segment {
    role: String,
    length: usize,
    text: String,
}

fn validator() -> jsonschema::Validator {
    let path = format!("{}/docs/diagnosis.schema.json", env!("CARGO_MANIFEST_DIR"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn check_schema(v: &jsonschema::Validator, doc: &Value) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "schema errors {errors:?} in {doc}");
}

fn ksdiag(args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = common::ksdiag(args, &[], stdin.as_bytes(), None);
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Every oracle case (correct and wrong variants) as one batch; returns (line, claimed,
/// correct hash, expected verdict) per input line.
fn oracle_batch() -> (String, Vec<(String, String, Verdict)>) {
    let mut input = String::new();
    let mut expect = Vec::new();
    for v in common::oracle("token-hash-vectors.json") {
        for (ht, correct) in v["token_hash"].as_object().unwrap() {
            let correct = correct.as_str().unwrap().to_string();
            let mut claims = vec![(correct.clone(), Verdict::Match)];
            if let Some(w) = v["wrong_variants"][ht].as_object() {
                claims.extend(
                    w.values()
                        .map(|h| (h.as_str().unwrap().to_string(), Verdict::Explained)),
                );
            }
            for (claimed, verdict) in claims {
                let line = serde_json::json!({"ks": v["ks"], "token": v["token"], "hash": claimed, "hash_type": ht, "now": 1_700_000_000});
                input.push_str(&format!("{line}\n"));
                expect.push((claimed, correct.clone(), verdict));
            }
        }
    }
    (input, expect)
}

#[test]
fn batch_output_follows_the_schema_and_the_oracle() {
    let v = validator();
    let (mut input, expect) = oracle_batch();
    input.push_str(
        "{\"ks\": 1}\n\n{\"ks\":\"a\",\"token\":\"b\",\"hash\":\"c\",\"hash_type\":\"sha3\"}\n",
    );
    let (code, stdout, stderr) = ksdiag(&["diagnose", "--batch", "-"], &input);
    assert_eq!(code, 1, "{stderr}");
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), expect.len() + 2);
    for (i, doc) in lines.iter().enumerate() {
        check_schema(&v, doc);
        if i >= expect.len() {
            continue;
        }
        let d: Diagnosis = serde_json::from_value(doc.clone()).unwrap();
        let (claimed, correct, verdict) = &expect[i];
        assert_eq!(d.line, Some(i as u64 + 1));
        assert!(d.inputs.is_none());
        assert_eq!(d.schema_version, 1);
        assert_eq!(d.verdict, *verdict, "line {}: {doc}", i + 1);
        assert_eq!(&d.expected_hash, correct);
        assert_eq!(d.hash_type_source, "declared");
        assert_eq!(
            d.families_tried.len(),
            ks_core::diagnose::CauseCode::ALL.len()
        );
        if d.verdict == Verdict::Explained {
            let top = &d.explanations[0];
            assert_eq!(&top.reproduced_hash, claimed);
            assert!(!top.causes.is_empty() && !top.causes[0].code.is_empty());
            if let Some(h) = &top.hashed {
                assert_eq!(
                    h.segments.iter().map(|s| s.length).sum::<usize>() + utf16_extra(h),
                    h.byte_len,
                    "{doc}"
                );
                assert!(!h.method.is_empty());
                // Redacted by default: the token never appears in a segment.
                assert!(
                    h.segments
                        .iter()
                        .all(|s| s.role != "token" || s.text.starts_with("<token"))
                );
            }
            assert!(
                top.produced_digest
                    .as_deref()
                    .is_none_or(|p| p.len() == top.hash_type_len())
            );
        } else {
            assert!(d.explanations.is_empty());
            assert!(d.candidates_tried == 0 || d.verdict == Verdict::Unexplained);
        }
        assert!(d.evidence.is_empty() || d.verdict == Verdict::Unexplained);
        assert!(
            d.findings
                .iter()
                .all(|f| !f.code.is_empty()
                    && f.details.get("message").is_some_and(|m| !m.is_empty()))
        );
        let _ = &d.hash_type;
    }
    let bad: Vec<&Value> = lines[expect.len()..].iter().collect();
    assert_eq!(bad[0]["line"], expect.len() + 1);
    assert!(
        bad[0]["error"]
            .as_str()
            .unwrap()
            .contains("not a valid input line")
    );
    assert_eq!(
        bad[1]["line"],
        expect.len() + 3,
        "the blank line is counted, not answered"
    );
    assert!(bad[1]["error"].as_str().unwrap().contains("sha3"));
}

/// Segments count characters of the text; a UTF-16 encoding doubles the bytes.
fn utf16_extra(h: &Hashed) -> usize {
    let chars: usize = h.segments.iter().map(|s| s.length).sum();
    match h.encoding.as_str() {
        "UTF-16LE" | "UTF-16BE" => chars,
        "UTF-16LE with BOM" | "UTF-16BE with BOM" => chars + 2,
        "UTF-8 with BOM" => 3,
        "UTF-32LE" => chars * 3,
        _ => 0,
    }
}

impl Explanation {
    fn hash_type_len(&self) -> usize {
        match self.hash_type.as_str() {
            "md5" => 32,
            "sha1" => 40,
            "sha256" => 64,
            _ => 128,
        }
    }
}

#[test]
fn single_diagnoses_with_every_intake_follow_the_schema() {
    let v = validator();
    let ks = "ZmYyM2E2NmEwMGY3MjEyNTg0OGFlYmVmYzhkNGEwZGZmY2VmYjEzN3wxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
    let url = format!(
        "https://www.kaltura.com/api_v3/service/appToken/action/startSession?ks={ks}&id=0_abcd1234&tokenHash=FD805F3EF7844B22C8C4AF730DA0BCA6C0929E3A"
    );
    let widget = format!("{{\"partnerId\":1234567,\"ks\":\"{ks}\",\"userId\":0}}");
    let cases: Vec<(Vec<String>, Verdict, &[&str])> = vec![
        (
            vec!["--example".into()],
            Verdict::Explained,
            &["hash_type_assumed"][..0],
        ),
        (
            vec![
                "--url".into(),
                url.clone(),
                "--token".into(),
                "f973211b7115b849cc0b5".into(),
                "--error".into(),
                "INVALID_APP_TOKEN_HASH".into(),
                "--widget-response".into(),
                widget,
                "--now".into(),
                "1700000000".into(),
            ],
            Verdict::Explained,
            &["server_error", "secret_on_command_line"],
        ),
        (
            vec![
                "--url".into(),
                url.replace(
                    "FD805F3EF7844B22C8C4AF730DA0BCA6C0929E3A",
                    "fd805f3ef7844b22c8c4af730da0bca6c0929e3a",
                ),
                "--token".into(),
                "f973211b7115b849cc0b5".into(),
                "--error".into(),
                "INVALID_APP_TOKEN_HASH".into(),
                "--hash-type".into(),
                "sha1".into(),
                "--now".into(),
                "1700000000".into(),
            ],
            Verdict::Match,
            &["error_contradicts_inputs"],
        ),
        // Without a hashType, the server's error rules out SHA1, the reading under which
        // this hash is correct: the hash is wrong under every reading that remains.
        (
            vec![
                "--url".into(),
                url.replace(
                    "FD805F3EF7844B22C8C4AF730DA0BCA6C0929E3A",
                    "fd805f3ef7844b22c8c4af730da0bca6c0929e3a",
                ),
                "--token".into(),
                "f973211b7115b849cc0b5".into(),
                "--error".into(),
                "INVALID_APP_TOKEN_HASH".into(),
                "--now".into(),
                "1700000000".into(),
            ],
            Verdict::Explained,
            &["server_error", "hash_type_assumed"],
        ),
        (
            vec![
                "--ks".into(),
                ks.into(),
                "--token".into(),
                "t".into(),
                "--hash".into(),
                "0".repeat(40),
                "--now".into(),
                "1800000000".into(),
            ],
            Verdict::Unexplained,
            &["ks_expired"],
        ),
    ];
    for (args, verdict, codes) in cases {
        let mut all = vec!["diagnose", "--json"];
        all.extend(args.iter().map(String::as_str));
        let (code, stdout, stderr) = ksdiag(&all, "");
        assert_eq!(
            code,
            // A correct hash the server reported rejected still fails the call: exit 1.
            if verdict == Verdict::Match && !args.iter().any(|a| a == "INVALID_APP_TOKEN_HASH") {
                0
            } else {
                1
            },
            "{args:?}: {stderr}"
        );
        let doc: Value = serde_json::from_str(&stdout).unwrap();
        check_schema(&v, &doc);
        let d: Diagnosis = serde_json::from_value(doc).unwrap();
        assert_eq!(d.verdict, verdict, "{args:?}");
        assert_eq!(d.line, None);
        let inputs = d
            .inputs
            .as_ref()
            .expect("single diagnoses say where inputs came from");
        assert!(!inputs.ks.is_empty() && !inputs.hash.is_empty() && !inputs.token.is_empty());
        // The widget response's KS is the one sent: no other KS to try.
        assert!(inputs.other_ks.is_empty(), "{:?}", inputs.other_ks);
        assert!(inputs.sent_ks_known && d.sent_ks_known);
        assert_eq!(d.sent_ks, inputs.ks);
        // A verdict is "proven" exactly when it rests on nothing unstated.
        assert_eq!(d.proven, d.conditions.is_empty(), "{args:?}");
        // Exit 0 exactly when the server would accept the call: a match with no stop.
        assert_eq!(d.call_accepted, code == 0, "{args:?}");
        assert!(
            !d.call_accepted || (d.verdict == Verdict::Match && d.stop.is_none()),
            "{args:?}"
        );
        assert!(!d.headline.is_empty() && !d.readings.is_empty());
        let hash_type_given = matches!(d.hash_type_source.as_str(), "declared" | "app_token");
        assert_eq!(d.readings.len(), if hash_type_given { 1 } else { 4 });
        for r in &d.readings {
            assert_eq!(r.sent_ks, inputs.ks);
            let ht: ks_core::digest::HashType = r.hash_type.parse().unwrap();
            assert_eq!(r.expected_hash.len(), ht.hex_len(), "{r:?}");
            assert!(
                r.ruled_out_by.is_some() == (r.outcome == "ruled_out"),
                "{r:?}"
            );
            assert!(r.causes.is_empty() || r.outcome == "explained", "{r:?}");
        }
        for e in &d.explanations {
            assert!(e.hash_types.contains(&d.hash_type) || e.hash_types.len() == 1);
        }
        assert!(d.not_tried.iter().all(|n| n.contains("pass ")));
        // A stop comes from the server's error, or is predicted from a KS the server
        // cannot parse or that has expired.
        assert!(
            d.stop.is_none()
                || args.contains(&"--error".to_string())
                || stdout.contains("\"ks_expired\"")
                || stdout.contains("\"ks_unparsable\"")
        );
        if args.contains(&"--url".to_string()) {
            assert_eq!(
                (inputs.ks.as_str(), inputs.hash.as_str()),
                ("--url", "--url")
            );
            assert_eq!(inputs.token_id.as_deref(), Some("--url"));
        }
        for c in codes {
            assert!(
                d.findings.iter().any(|f| f.code == *c),
                "{args:?}: no {c} in {:?}",
                d.findings
            );
        }
        if verdict == Verdict::Explained {
            assert!(d.explanations[0].note.is_none() || d.explanations[0].hash_type == "sha1");
        }
    }
}

#[test]
fn the_schema_lists_exactly_the_engines_codes() {
    let path = format!("{}/docs/diagnosis.schema.json", env!("CARGO_MANIFEST_DIR"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let listed = |ptr: &str| -> Vec<String> {
        let mut v: Vec<String> = schema
            .pointer(ptr)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    let mut causes: Vec<String> = ks_core::diagnose::CauseCode::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .collect();
    causes.sort();
    let mut findings: Vec<String> = ks_core::diagnose::FindingCode::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .collect();
    findings.sort();
    assert_eq!(listed("/$defs/cause/properties/code/enum"), causes);
    assert_eq!(listed("/$defs/finding/properties/code/enum"), findings);
    // Each code is explained by `ksdiag explain`.
    for code in causes.iter().chain(&findings) {
        let (status, stdout, stderr) = ksdiag(&["explain", code], "");
        assert_eq!(status, 0, "{code}: {stderr}");
        assert!(
            stdout.starts_with(code.as_str()) && stdout.lines().count() >= 3,
            "{code}: {stdout}"
        );
    }
}

#[test]
fn a_batch_line_can_name_other_ks_the_client_may_have_hashed() {
    let v = &common::oracle("token-hash-vectors.json");
    let (sent, earlier) = (v[0]["ks"].as_str().unwrap(), v[1]["ks"].as_str().unwrap());
    let token = v[1]["token"].as_str().unwrap();
    // The hash of the earlier KS with this token, as the oracle computed it.
    let hash = v[1]["token_hash"]["SHA1"].as_str().unwrap();
    let line = serde_json::json!({"ks": sent, "token": token, "hash": hash, "other_ks": [earlier], "now": 1_700_000_000});
    let (code, stdout, stderr) = ksdiag(&["diagnose", "--batch", "-"], &format!("{line}\n"));
    assert_eq!(code, 1, "{stderr}");
    let doc: Value = serde_json::from_str(stdout.trim()).unwrap();
    check_schema(&validator(), &doc);
    let d: Diagnosis = serde_json::from_value(doc).unwrap();
    assert_eq!(d.verdict, Verdict::Explained);
    assert_eq!(d.explanations[0].causes[0].code, "different_ks");
    assert_eq!(d.explanations[0].reproduced_hash, hash);
}

/// The failure class: an explanation whose hashed message is empty (Go's
/// `sha256.New().Sum(data)`: nothing written, the digest of nothing appended to the message).
/// Its `segments` are empty, which the schema allows exactly when `byte_len` is 0, and the
/// human report names the empty message instead of printing nothing.
#[test]
fn digest_of_nothing_appended_names_the_empty_message_within_the_schema() {
    let dir = format!(
        "{}/fixtures/cases/digest_appended-go-empty",
        env!("CARGO_MANIFEST_DIR")
    );
    let case: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/case.json")).unwrap())
            .unwrap();
    let hash = std::fs::read_to_string(format!("{dir}/output.txt")).unwrap();
    let args = [
        "diagnose",
        "--ks",
        case["ks"].as_str().unwrap(),
        "--token",
        case["token"].as_str().unwrap(),
        "--hash",
        hash.trim(),
        "--hash-type",
        "sha256",
        "--now",
        "1764000000",
    ];
    let mut json_args = args.to_vec();
    json_args.push("--json");
    let (code, stdout, stderr) = ksdiag(&json_args, "");
    assert_eq!(code, 1, "{stderr}");
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    check_schema(&validator(), &doc);
    let e = &doc["explanations"][0];
    assert_eq!(e["causes"][0]["code"], "digest_appended", "{doc}");
    assert_eq!(e["causes"][0]["hashed"], "nothing", "{doc}");
    assert_eq!(e["hashed"]["byte_len"], 0, "{doc}");
    assert_eq!(e["hashed"]["segments"], serde_json::json!([]), "{doc}");
    // The schema still refuses empty segments for a message that has bytes.
    let mut bad = doc.clone();
    bad["explanations"][0]["hashed"]["byte_len"] = 5.into();
    assert!(validator().iter_errors(&bad).next().is_some(), "{bad}");
    let (_, human, _) = ksdiag(&args, "");
    let line = human
        .lines()
        .find(|l| l.trim_start().starts_with("hashed"))
        .unwrap_or_else(|| panic!("{human}"));
    assert!(
        line.ends_with("the empty message (nothing was written to the hash)"),
        "{line}"
    );
}
