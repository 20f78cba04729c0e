//! fixtures/cases: scenarios for every cause code (and the findings read from a claim's
//! shape), each produced by real code (a Python, Node.js, bash, PHP, Ruby, Go, Java or C#
//! snippet kept beside its recorded output; fixtures/cases/record.sh re-records them).
//! The engine never made these hashes: it has to find the snippet's mistake on its own.

#![allow(clippy::unwrap_used, clippy::expect_used)] // fixtures are trusted; a bad one should fail loudly

use ks_core::app_token::AppToken;
use ks_core::diagnose::{Case, CauseCode, Verdict, diagnose};
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    /// The cause the snippet makes; absent for a finding-only case.
    #[serde(default)]
    cause: String,
    /// The top explanation's codes when the snippet makes more than its `cause`.
    #[serde(default)]
    causes: Vec<String>,
    /// The token given with --token when it differs from the app token's `token`.
    #[serde(default)]
    given_token: Option<String>,
    /// The text the snippet holds in place of the token (a copy of it with a mistake).
    #[serde(default)]
    snippet_token: Option<String>,
    /// `explained` unless told.
    #[serde(default)]
    verdict: Option<String>,
    /// A finding the diagnosis must report.
    #[serde(default)]
    finding: Option<String>,
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
        // Read as `ksdiag diagnose --hash @PATH` reads it: raw digest bytes that are not
        // UTF-8 are kept one char per byte.
        let bytes = std::fs::read(dir.join("output.txt")).unwrap();
        let output = String::from_utf8(bytes.clone())
            .unwrap_or_else(|_| bytes.iter().map(|&b| b as char).collect());
        out.push((meta, snippet, output));
    }
    out.sort_by(|a, b| a.0.cause.cmp(&b.0.cause));
    out
}

#[test]
fn every_cause_code_has_a_recorded_case() {
    let mut have: Vec<String> = load()
        .into_iter()
        .map(|(m, _, _)| m.cause)
        .filter(|c| !c.is_empty())
        .collect();
    have.dedup();
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
        let name = if meta.cause.is_empty() {
            meta.finding.clone().unwrap_or_default()
        } else {
            meta.cause.clone()
        };
        let name = &name;
        // The snippet really uses the case's values (the fixture cannot drift from its code).
        let escaped = meta.ks.replace('/', "\\/");
        if name != "token_only" && name != "token_as_hash" {
            assert!(
                snippet.contains(&meta.ks) || snippet.contains(&escaped),
                "{name}: snippet lacks the KS"
            );
        }
        if name != "ks_only" {
            let token = meta.snippet_token.as_ref().unwrap_or(&meta.token);
            assert!(
                snippet.contains(token.as_str()),
                "{name}: snippet lacks the token"
            );
        }
        assert!(!meta.story.is_empty());
        // What the user pastes: the printed line, without print's own newline.
        let claimed = output.strip_suffix('\n').unwrap_or(&output);
        let app_token = AppToken {
            token: Some(meta.token.clone()),
            ..AppToken::default()
        };
        let given = meta.given_token.as_deref().unwrap_or(&meta.token);
        let mut case = Case::new(&meta.ks, given, claimed);
        if meta.given_token.is_some() {
            case.app_token = Some(&app_token);
        }
        case.hash_type = Some(meta.hash_type.parse().unwrap());
        case.token_id = meta.token_id.as_deref();
        case.other_ks = &meta.other_ks;
        case.today = Some(1_764_000_100);
        let d = diagnose(&case);
        if let Some(f) = &meta.finding {
            assert!(
                d.findings.iter().any(|x| x.code.as_str() == f),
                "{name}: no finding {f} in {:?}",
                d.findings
            );
        }
        if meta.verdict.as_deref() == Some("unexplained") {
            assert_eq!(
                d.verdict,
                Verdict::Unexplained,
                "{name}: {:?}",
                d.explanations
            );
            continue;
        }
        assert_eq!(
            d.verdict,
            Verdict::Explained,
            "{name}: {claimed:?} not explained; evidence {:?}",
            d.evidence
        );
        let top = &d.explanations[0];
        let codes: Vec<&str> = top.causes.iter().map(|c| c.code.as_str()).collect();
        let want: Vec<&str> = if meta.causes.is_empty() {
            vec![name.as_str()]
        } else {
            meta.causes.iter().map(String::as_str).collect()
        };
        assert_eq!(codes, want, "{name}: top explanation is {codes:?}");
        assert_eq!(top.reproduced_hash, claimed);
    }
}
