//! Property tests for what users paste into `decode`: a KS wrapped in a URL, embed code, a
//! JSON or XML response, quotes or JSON escapes comes back exactly; a KS that parses is never
//! touched; a KS cut short is warned about, a whole one never.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure should be loud

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE;
use ks_core::intake::pasted_ks::extract;
use ks_core::ks::{CutShort, parse};
use ks_core::testing::widget_ks;
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn url_encoded(ks: &str) -> String {
    ks.replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D")
}

/// Every way a KS reaches a user's clipboard, each with the KS inside.
fn wrappings(ks: &str) -> Vec<String> {
    let enc = url_encoded(ks);
    let esc = ks.replace('/', "\\/");
    vec![
        format!(
            "https://cdnapisec.kaltura.com/p/42/embedPlaykitJs/uiconf_id/1/?iframeembed=true&ks={enc}&entry_id=1_abc"
        ),
        format!(
            "<iframe src=\"https://cdnapisec.kaltura.com/p/42/sp/4200/embedIframeJs/uiconf_id/1/partner_id/42?iframeembed=true&amp;flashvars[ks]={enc}&amp;entry_id=1_abc\"></iframe>"
        ),
        format!("https://www.kaltura.com/api_v3/service/media/action/list/ks/{enc}/format/1"),
        format!("ks={enc}"),
        format!(
            "{{\"partnerId\":42,\"ks\":\"{esc}\",\"userId\":0,\"objectType\":\"KalturaStartWidgetSessionResponse\"}}"
        ),
        format!("<xml><result><partnerId>42</partnerId><ks>{ks}</ks></result></xml>"),
        format!("\"{ks}\""),
        format!("'{ks}'\n"),
        format!("\"{esc}\""),
        esc,
        enc,
    ]
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn every_wrapping_gives_the_ks_back(ks in widget_ks()) {
        for text in wrappings(&ks) {
            let got = extract(&text);
            prop_assert_eq!(&got.ks, &ks, "{}", text);
            prop_assert_eq!(got.taken.is_empty(), text == ks);
        }
    }

    #[test]
    fn a_ks_that_parses_is_never_changed(ks in widget_ks()) {
        let got = extract(&ks);
        prop_assert_eq!(got.ks, ks);
        prop_assert!(got.taken.is_empty());
    }

    #[test]
    fn a_whole_ks_is_never_called_cut_short(ks in widget_ks()) {
        prop_assert_eq!(parse(&ks).unwrap().cut_short(), vec![]);
    }

    #[test]
    fn a_v2_ks_cut_short_is_always_seen(ks in widget_ks(), cut in 1usize..15) {
        let bytes = URL_SAFE.decode(&ks).unwrap();
        prop_assume!(bytes.starts_with(b"v2|"));
        let short = URL_SAFE.encode(&bytes[..bytes.len() - cut]);
        let found = parse(&short).unwrap().cut_short();
        prop_assert!(matches!(found[..], [CutShort::V2CiphertextLength { .. }]), "{:?}", found);
    }
}

/// Pieces of what users paste, for texts that come close to every form `extract` and the
/// server-log reader look for.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("ks=".to_string()),
        Just("[ks]=".to_string()),
        Just("/ks/".to_string()),
        Just("\"ks\":".to_string()),
        Just("'ks': '".to_string()),
        Just("<ks>".to_string()),
        Just("</ks>".to_string()),
        Just("\\/".to_string()),
        Just("%2F".to_string()),
        Just("%".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("https://x/?".to_string()),
        Just("Params [Array\n(\n".to_string()),
        Just("    [tokenHash] => ".to_string()),
        Just("    [1] => Array\n".to_string()),
        Just(")\n]\n".to_string()),
        Just("with message '".to_string()),
        Just("' in /".to_string()),
        "\\PC{0,12}",
    ]
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn no_pasted_text_makes_the_readers_panic(parts in prop::collection::vec(fragment(), 0..16)) {
        let text: String = parts.concat();
        let got = extract(&text);
        // The unwrapping is bounded: at most six steps, whatever the text.
        prop_assert!(got.taken.len() <= 6);
        let _ = ks_core::intake::server_log::start_sessions(&text);
        let _ = ks_core::intake::log_requests::start_sessions(&text);
    }
}
