//! fixtures/cases: one scenario per cause code, each produced by real code (a Python, Node.js
//! or bash snippet kept beside its recorded output; fixtures/cases/record.sh re-records them).
//! The engine never made these hashes: it has to find the snippet's mistake on its own.

#![allow(clippy::unwrap_used, clippy::expect_used)] // fixtures are trusted; a bad one should fail loudly

use ks_core::diagnose::{Case, CauseCode, Verdict, diagnose};
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    cause: String,
    story: String,
    snippet: String,
    ks: String,
    token: String,
    hash_type: String,
    #[serde(default)]
    token_id: Option<String>,
    #[serde(default)]
    other_ks: Vec<String>,
}

fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/cases")
}

fn load() -> Vec<(Meta, String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(cases_dir()).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let meta: Meta =
            serde_json::from_str(&std::fs::read_to_string(dir.join("case.json")).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let snippet = std::fs::read_to_string(dir.join(&meta.snippet)).unwrap();
        let output = std::fs::read_to_string(dir.join("output.txt")).unwrap();
        out.push((meta, snippet, output));
    }
    out.sort_by(|a, b| a.0.cause.cmp(&b.0.cause));
    out
}

#[test]
fn every_cause_code_has_a_recorded_case() {
    let have: Vec<String> = load().into_iter().map(|(m, _, _)| m.cause).collect();
    let mut want: Vec<String> = CauseCode::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .collect();
    want.sort();
    assert_eq!(have, want);
}

#[test]
fn each_recorded_mistake_is_the_top_explanation() {
    for (meta, snippet, output) in load() {
        let name = &meta.cause;
        // The snippet really uses the case's values (the fixture cannot drift from its code).
        let escaped = meta.ks.replace('/', "\\/");
        if name != "token_only" && name != "token_as_hash" {
            assert!(
                snippet.contains(&meta.ks) || snippet.contains(&escaped),
                "{name}: snippet lacks the KS"
            );
        }
        if name != "ks_only" {
            assert!(
                snippet.contains(&meta.token),
                "{name}: snippet lacks the token"
            );
        }
        assert!(!meta.story.is_empty());
        // What the user pastes: the printed line, without print's own newline.
        let claimed = output.strip_suffix('\n').unwrap_or(&output);
        let mut case = Case::new(&meta.ks, &meta.token, claimed);
        case.hash_type = Some(meta.hash_type.parse().unwrap());
        case.token_id = meta.token_id.as_deref();
        case.other_ks = &meta.other_ks;
        case.now = Some(1_764_000_100);
        let d = diagnose(&case);
        assert_eq!(
            d.verdict,
            Verdict::Explained,
            "{name}: {claimed:?} not explained; evidence {:?}",
            d.evidence
        );
        let top = &d.explanations[0];
        let codes: Vec<&str> = top.causes.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(
            codes,
            [name.as_str()],
            "{name}: top explanation is {codes:?}"
        );
        assert_eq!(top.reproduced_hash, claimed);
    }
}
