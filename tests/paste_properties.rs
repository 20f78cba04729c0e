//! Property tests for what users paste from their programs' output (ks-core intake::paste,
//! error_text, kaltura_errors): any text, and the handed shapes cut or mangled anywhere,
//! never panic; a print of a request keeps its values exactly, whatever bytes they hold.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure should be loud

use ks_core::intake::error_text::{Scope, read};
use ks_core::intake::log_requests::start_sessions;
use ks_core::intake::paste::{blocks, request_body, unquote, value_of};
use ks_core::kaltura_errors::{find_in, match_message, suggest};
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// One print of each form people paste, with `ks`, `id` and `tokenHash` in it.
fn prints(ks: &str, hash: &str) -> Vec<String> {
    vec![
        format!("array (\n  'ks' => '{ks}',\n  'id' => '0_a',\n  'tokenHash' => '{hash}',\n)"),
        format!(
            "array(3) {{\n  [\"ks\"]=>\n  string({}) \"{ks}\"\n  [\"id\"]=>\n  string(3) \"0_a\"\n  [\"tokenHash\"]=>\n  string({}) \"{hash}\"\n}}",
            ks.len(),
            hash.len()
        ),
        format!("Array\n(\n    [ks] => {ks}\n    [id] => 0_a\n    [tokenHash] => {hash}\n)"),
        format!("{{'ks': '{ks}', 'id': '0_a',\n 'tokenHash': '{hash}', 'x': None}}"),
        format!("{{\n  ks: '{ks}',\n  id: '0_a',\n  tokenHash: '{hash}',\n  c: [Object]\n}}"),
        format!(
            "[2026-12-01T09:14:02+00:00] app.ERROR: x {{\"ks\":\"{ks}\",\"id\":\"0_a\",\"tokenHash\":\"{hash}\",\"error\":\"INVALID_APP_TOKEN_HASH\"}} []"
        ),
    ]
}

fn every_reader(text: &str) {
    let _ = blocks(text);
    let _ = start_sessions(text);
    let _ = value_of(text);
    let _ = request_body(text);
    let _ = unquote(text);
    let _ = read(text, Scope::Error);
    let _ = read(text, Scope::LogLine);
    let _ = match_message(text);
    let _ = find_in(text);
    let _ = suggest(text);
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_text_is_read_without_panicking(text in "\\PC{0,300}") {
        every_reader(&text);
    }

    #[test]
    fn prints_cut_anywhere_or_with_a_byte_changed_never_panic(
        cut in 0usize..400, at in 0usize..400, c in any::<char>(), which in 0usize..6,
    ) {
        let p = &prints("S0tTX1ZBTFVFX+/=", "ab12CD")[which];
        let cut_at = (0..=cut.min(p.len())).rev().find(|&i| p.is_char_boundary(i)).unwrap();
        every_reader(&p[..cut_at]);
        let mut chars: Vec<char> = p.chars().collect();
        let i = at % chars.len();
        chars[i] = c;
        every_reader(&chars.into_iter().collect::<String>());
    }

    #[test]
    fn a_print_of_a_request_keeps_its_values_exactly(
        ks in "[A-Za-z0-9+/=_-]{20,80}", hash in "[0-9a-fA-F]{32,64}", which in 0usize..6,
    ) {
        let p = &prints(&ks, &hash)[which];
        let seen = start_sessions(p);
        prop_assert_eq!(seen.len(), 1, "{}", p);
        prop_assert_eq!(seen[0].ks.as_deref(), Some(ks.as_str()));
        prop_assert_eq!(seen[0].token_hash.as_deref(), Some(hash.as_str()));
        prop_assert_eq!(seen[0].token_id.as_deref(), Some("0_a"));
    }
}
