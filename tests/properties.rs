//! Property tests: the engine's invariants and the codec's round trips, on random inputs.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure should be loud

use base64::Engine as _;
use ks_core::diagnose::{Case, CauseCode, Verdict, diagnose};
use ks_core::digest::{HashType, digest_parts, token_hash};
use ks_core::ks::{
    GenerateWarning, Generator, KsSpec, Randomness, SignatureStatus, generate, parse,
};
use ks_core::testing::{Mistake, hash_type, mistake, token, widget_ks};
use proptest::prelude::*;

const TOKEN_ID: &str = "0_x7k2m9qa";

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn a_correct_hash_is_never_a_mismatch(ks in widget_ks(), token in token(), ht in hash_type()) {
        let claimed = token_hash(ht, &ks, &token);
        let mut case = Case::new(&ks, &token, claimed.as_str());
        case.hash_type = Some(ht);
        let d = diagnose(&case);
        prop_assert_eq!(d.verdict, Verdict::Match);
        prop_assert!(d.explanations.is_empty());
    }

    #[test]
    fn a_planted_mistake_is_the_top_explanation(ks in widget_ks(), token in token(), ht in hash_type(), m in mistake()) {
        let claimed = m.apply(ht, &ks, &token, TOKEN_ID);
        let mut case = Case::new(&ks, &token, &claimed);
        case.hash_type = Some(ht);
        case.token_id = Some(TOKEN_ID);
        let d = diagnose(&case);
        prop_assert_eq!(d.verdict, Verdict::Explained, "{:?}: {:?}", m, d.evidence);
        let top: Vec<CauseCode> = d.explanations[0].causes.iter().map(|c| c.code).collect();
        prop_assert_eq!(top, vec![m.cause()], "{:?}", m);
        prop_assert_eq!(&d.explanations[0].reproduced_hash, &claimed);
    }

    #[test]
    fn two_planted_mistakes_are_found(ks in widget_ks(), token in token(), ht in hash_type(),
                                      m in prop::sample::select(vec![Mistake::SwappedOrder, Mistake::TrailingNewline, Mistake::TrailingCrlf, Mistake::Utf16Le, Mistake::TokenIdForToken, Mistake::Separator, Mistake::QuotedToken, Mistake::WrongHashType]),
                                      render in 0..3u8) {
        let hex = m.apply(ht, &ks, &token, TOKEN_ID);
        let (claimed, second) = match render {
            0 => (hex.to_uppercase(), CauseCode::HexCase),
            1 => (base64::engine::general_purpose::STANDARD.encode(hex::decode(&hex).unwrap()), CauseCode::DigestEncoding),
            _ => (format!("{hex}  -"), CauseCode::HashDecoration),
        };
        let mut case = Case::new(&ks, &token, &claimed);
        case.hash_type = Some(ht);
        case.token_id = Some(TOKEN_ID);
        let d = diagnose(&case);
        let want = { let mut w = vec![m.cause(), second]; w.sort(); w };
        let found = d.explanations.iter().any(|e| { let mut c: Vec<_> = e.causes.iter().map(|c| c.code).collect(); c.sort(); c == want });
        prop_assert!(found, "{:?} + {:?} not found in {:?}", m, second, d.explanations.iter().map(|e| &e.causes).collect::<Vec<_>>());
    }

    #[test]
    fn two_message_mistakes_are_found(ks in widget_ks(), token in token(), ht in hash_type()) {
        // `echo "$TOKEN$KS" | sha1sum`-style: swapped order and a trailing newline.
        let claimed = digest_parts(ht, &[token.as_bytes(), ks.as_bytes(), b"\n"]).to_hex();
        let mut case = Case::new(&ks, &token, claimed.as_str());
        case.hash_type = Some(ht);
        let d = diagnose(&case);
        let top: Vec<CauseCode> = d.explanations[0].causes.iter().map(|c| c.code).collect();
        prop_assert_eq!(top, vec![CauseCode::SwappedOrder, CauseCode::Whitespace]);
    }

    #[test]
    fn a_random_digest_length_hex_is_never_explained(ks in widget_ks(), token in token(), ht in hash_type(), bytes in prop::collection::vec(any::<u8>(), 64)) {
        let claimed = hex::encode(&bytes[..ht.digest_len()]);
        let mut case = Case::new(&ks, &token, &claimed);
        case.hash_type = Some(ht);
        let d = diagnose(&case);
        prop_assert_eq!(d.verdict, Verdict::Unexplained);
        prop_assert!(!d.evidence.is_empty());
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn parsing_arbitrary_text_never_panics(s in "\\PC{0,300}") {
        let _ = parse(&s).map(|p| (p.inspect(Some("secret")), p.irregularities(), p.canonical_text()));
    }

    #[test]
    fn parsing_arbitrary_base64_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = base64::engine::general_purpose::STANDARD.encode(&bytes);
        let _ = parse(&text).map(|p| p.inspect(Some("secret")));
        let v2 = base64::engine::general_purpose::URL_SAFE.encode([b"v2|1|".as_slice(), &bytes].concat());
        let _ = parse(&v2).map(|p| p.inspect(Some("secret")));
    }

    #[test]
    fn app_token_json_never_panics(s in "\\PC{0,200}") {
        let _ = ks_core::app_token::AppToken::from_json(&s);
    }

    #[test]
    fn app_token_xml_never_panics(s in "(<xml>|<result>|</result>|<error>|<code>|</code>|<token>|</token>|<status>|</status>|<partnerId>|</partnerId>|<hashType>|</hashType>|[a-zA-Z0-9_ &;<>]){0,60}") {
        let _ = ks_core::app_token::AppToken::parse(&format!("<{s}"));
    }

    #[test]
    fn v2_round_trips_arbitrary_user_ids(user in "\\PC{0,40}", pid in 1i64..10_000_000, expiry in 0i64..4_000_000_000, random in any::<[u8; 16]>(), python in any::<bool>()) {
        let spec = KsSpec { user_id: Some(user.clone()), ..KsSpec::widget(pid, expiry) };
        let generator = if python { Generator::PythonClient } else { Generator::Server };
        let g = generate(&spec, "s3cret", generator, &Randomness::V2Random(random));
        let seen = parse(&g.ks).unwrap().inspect(Some("s3cret"));
        prop_assert_eq!(seen.signature, SignatureStatus::Valid);
        let f = seen.fields.unwrap();
        prop_assert_eq!(f.valid_until_unix(), Some(expiry));
        prop_assert_eq!(f.user, Some(user));
        prop_assert_eq!(f.privileges.as_deref(), Some("view:*,widget:1"));
        prop_assert!(g.warnings.is_empty(), "{:?}", g.warnings);
    }

    #[test]
    fn v1_round_trips_values_without_semicolons(user in "[^;]{0,40}", privs in "[a-z:*,/_0-9]{0,40}", pid in 1i64..10_000_000, rand in "[0-9.]{1,16}") {
        let spec = KsSpec { user_id: Some(user.clone()), privileges: privs.clone(), ..KsSpec::widget(pid, 1_700_000_000) };
        let g = generate(&spec, "s3cret", Generator::PhpClient, &Randomness::V1Rand(rand.clone()));
        let seen = parse(&g.ks).unwrap().inspect(Some("s3cret"));
        prop_assert_eq!(seen.signature, SignatureStatus::Valid);
        let f = seen.fields.unwrap();
        prop_assert_eq!(f.user, Some(user));
        prop_assert_eq!(f.privileges, Some(privs));
        prop_assert_eq!(f.rand, Some(rand));
        prop_assert!(g.warnings.is_empty(), "{:?}", g.warnings);
    }

    #[test]
    fn v1_reproduces_the_servers_field_shift_and_warns(head in "[a-z]{1,8}", tail in "[a-z]{1,8}") {
        let user = format!("{head};{tail}");
        let spec = KsSpec { user_id: Some(user), ..KsSpec::widget(42, 1_700_000_000) };
        let g = generate(&spec, "s3cret", Generator::PhpClient, &Randomness::V1Rand("1".into()));
        let f = parse(&g.ks).unwrap().inspect(Some("s3cret")).fields.unwrap();
        // The server splits on every ';': the user is cut, the rest shifts one field right.
        prop_assert_eq!(f.user, Some(head));
        prop_assert_eq!(f.privileges, Some(tail));
        prop_assert_eq!(f.master_partner_id.as_deref(), Some("view:*,widget:1"));
        let warned = g.warnings.contains(&GenerateWarning::SemicolonShiftsFields { field: "user id" });
        prop_assert!(warned, "{:?}", g.warnings);
    }
}

#[test]
fn downstream_helper_catches_a_buggy_implementation_with_its_diagnosis() {
    let buggy =
        |ks: &str, token: &str, ht: HashType| token_hash(ht, ks, token).as_str().to_uppercase();
    let failure = ks_core::testing::check_token_hash_fn(buggy, 16).unwrap_err();
    assert_eq!(
        failure.diagnosis.explanations[0].causes[0].code,
        CauseCode::HexCase
    );
    assert!(
        ks_core::testing::check_token_hash_fn(
            |ks, t, ht| token_hash(ht, ks, t).as_str().to_string(),
            16
        )
        .is_ok()
    );
}

/// The stable twins of the fuzz/ targets `intake` and `diagnose` (fuzzing needs nightly;
/// these run in every CI build).
mod intake_properties {
    use super::*;
    use ks_core::intake::{log_requests, log_scan, read_error, request, widget_response};

    fn url_encode(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    }

    proptest! {
        #![proptest_config(config(256))]

        #[test]
        fn intake_never_panics_on_arbitrary_text(s in "\\PC{0,300}") {
            let _ = request::parse(&s);
            let _ = widget_response::parse(&s);
            let _ = read_error::parse(&s).map(|e| e.stage());
            let _ = log_requests::start_sessions(&s);
            for f in log_scan::scan(&s) {
                prop_assert!(parse(&f.ks).is_ok());
            }
        }

        #[test]
        fn intake_never_panics_on_shell_like_text(s in "(curl |'|\"|\\$'|\\\\|\\^\n|`\n| -d |ks=|&|%2B|\\{|\\}|[a-z0-9]){0,60}") {
            let _ = request::parse(&s);
        }

        #[test]
        fn diagnosis_never_panics_and_never_explains_without_reproducing(ks in "\\PC{0,200}", token in "\\PC{1,40}", claimed in "\\PC{1,80}") {
            let d = diagnose(&Case::new(&ks, &token, &claimed));
            if d.verdict == Verdict::Explained {
                let c = claimed.strip_suffix('\n').map(|c| c.strip_suffix('\r').unwrap_or(c)).unwrap_or(&claimed);
                prop_assert!(d.explanations.iter().all(|e| e.reproduced_hash == c));
            }
        }
    }

    proptest! {
        #![proptest_config(config(48))]

        #[test]
        fn a_request_gives_back_what_was_put_in(ks in widget_ks(), id in "0_[a-z0-9]{8}", hash in "[0-9a-f]{40}", form in 0u8..5) {
            let url = "https://www.kaltura.com/api_v3/service/appToken/action/startSession";
            let body = format!("ks={}&id={id}&tokenHash={hash}", url_encode(&ks));
            let text = match form {
                0 => format!("{url}?{body}"),
                1 => format!("curl -X POST '{url}' \\\n  -d 'ks={}&id={id}' --data-urlencode 'tokenHash={hash}'", url_encode(&ks)),
                2 => format!("curl '{url}' -H 'Content-Type: application/json' --data-raw '{}'", serde_json::json!({"ks": ks, "id": id, "tokenHash": hash})),
                3 => format!("fetch({}, {{\"body\": {}, \"method\": \"POST\"}});", serde_json::json!(url), serde_json::json!(body)),
                _ => format!("Invoke-WebRequest -UseBasicParsing -Uri \"{url}\" `\n-Method \"POST\" `\n-Body \"{body}\""),
            };
            let r = request::parse(&text).unwrap();
            prop_assert_eq!(r.ks.as_deref(), Some(ks.as_str()));
            prop_assert_eq!(r.token_id.as_deref(), Some(id.as_str()));
            prop_assert_eq!(r.token_hash.as_deref(), Some(hash.as_str()));
            prop_assert!(r.findings.is_empty(), "{:?}", r.findings);
        }

        #[test]
        fn a_log_scan_finds_every_ks_in_it(a in widget_ks(), b in widget_ks(), noise in "[ a-z:=\"{},]{0,40}") {
            let log = format!("{noise}\n< {{\"ks\":\"{}\"}}\n{noise} ks={}&id=0_x\n", a.replace('/', "\\/"), url_encode(&b));
            let found: Vec<String> = log_scan::scan(&log).into_iter().map(|f| f.ks).collect();
            prop_assert!(found.contains(&a), "{:?} not in {:?}", a, found);
            prop_assert!(found.contains(&b));
        }
    }
}
