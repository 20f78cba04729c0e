//! One row per shape people paste: the text, then the request and error read from it.

use super::{blocks, merge_into, start_sessions};

struct Row {
    name: &'static str,
    text: &'static str,
    ks: Option<&'static str>,
    id: Option<&'static str>,
    hash: &'static str,
    error: Option<&'static str>,
}

const ROWS: &[Row] = &[
    Row {
        name: "python_pprint_with_the_ks_split_over_lines",
        text: "{'id': '0_a',\n 'ks': 'KS'\n       '1',\n 'tokenHash': 'h1'}\n",
        ks: Some("KS1"),
        id: Some("0_a"),
        hash: "h1",
        error: None,
    },
    Row {
        name: "old_node_string_split_with_plus",
        text: "{ ks:\n   'K' +\n   'S1',\n  id: '0_a',\n  tokenHash: 'h1' }\n",
        ks: Some("KS1"),
        id: Some("0_a"),
        hash: "h1",
        error: None,
    },
    Row {
        name: "xdebug_var_dump_after_its_file_line",
        text: "/var/www/a.php:3:\narray(3) {\n  'ks' =>\n  string(3) \"KS1\"\n  'id' =>\n  string(3) \"0_a\"\n  'tokenHash' =>\n  string(2) \"h1\"\n}\n",
        ks: Some("KS1"),
        id: Some("0_a"),
        hash: "h1",
        error: None,
    },
    Row {
        name: "php_var_export_of_the_params",
        text: "[2026-12-01 09:14:02] startSession params: array (\n  'ks' => 'KS1',\n  'id' => '0_a',\n  'tokenHash' => 'h1',\n)\n",
        ks: Some("KS1"),
        id: Some("0_a"),
        hash: "h1",
        error: None,
    },
    Row {
        name: "php_var_dump_of_the_same_params",
        text: "array(3) {\n  [\"ks\"]=>\n  string(3) \"KS1\"\n  [\"id\"]=>\n  string(3) \"0_a\"\n  [\"tokenHash\"]=>\n  string(2) \"h1\"\n}\n",
        ks: Some("KS1"),
        id: Some("0_a"),
        hash: "h1",
        error: None,
    },
    Row {
        name: "php_print_r_of_nested_arrays",
        text: "DEBUG call: Array\n(\n    [service] => apptoken\n    [params] => Array\n        (\n            [ks] => KS1\n            [id] => 0_a\n            [tokenHash] => h1\n        )\n\n)\n",
        ks: Some("KS1"),
        id: Some("0_a"),
        hash: "h1",
        error: None,
    },
    Row {
        name: "php_short_array_on_one_line",
        text: "params=['ks' => 'KS1', 'id' => '0_a', 'tokenHash' => 'h1']\n",
        ks: Some("KS1"),
        id: Some("0_a"),
        hash: "h1",
        error: None,
    },
    Row {
        name: "python_repr_over_two_lines",
        text: "INFO:root:request {'ks': 'KS1', 'id': '0_a',\n 'tokenHash': 'h1', 'expiry': None, 'sessionPrivileges': None, 'ok': True}\n",
        ks: Some("KS1"),
        id: Some("0_a"),
        hash: "h1",
        error: None,
    },
    Row {
        name: "python_repr_then_the_client_exception",
        text: "{'ks': 'KS1', 'id': '0_a', 'tokenHash': 'h1'}\nTraceback (most recent call last):\n  File \"app.py\", line 9, in <module>\nKalturaClient.Base.KalturaException: Invalid application token hash (INVALID_APP_TOKEN_HASH)\n",
        ks: Some("KS1"),
        id: Some("0_a"),
        hash: "h1",
        error: Some("INVALID_APP_TOKEN_HASH"),
    },
    Row {
        name: "node_object_with_nested_elisions",
        text: "startSession request {\n  ks: 'KS1',\n  id: '0_a',\n  tokenHash: 'h1',\n  client: KalturaClient { config: [Object], ks: [Object] }\n}\n",
        ks: Some("KS1"),
        id: Some("0_a"),
        hash: "h1",
        error: None,
    },
    Row {
        name: "node_error_object_after_the_request",
        text: "{ ks: 'KS1', id: '0_a', tokenHash: 'h1' }\nKalturaAPIException [Error]: Application token id \"0_a\" not found\n    at Object.<anonymous> (/app/index.js:10:9) {\n  code: 'APP_TOKEN_ID_NOT_FOUND'\n}\n",
        ks: Some("KS1"),
        id: Some("0_a"),
        hash: "h1",
        error: Some("APP_TOKEN_ID_NOT_FOUND"),
    },
    Row {
        name: "monolog_context_with_the_error_and_extra",
        text: "[2026-12-01T09:14:02.123456+00:00] kaltura.ERROR: startSession failed {\"request\":{\"ks\":\"KS1\",\"id\":\"0_a\",\"tokenHash\":\"h1\"},\"exception\":\"[object] (KalturaException(code: 0): Invalid application token hash at /app/vendor/kaltura/KalturaClientBase.php:412)\"} {\"uid\":\"5e1f\"}\n",
        ks: Some("KS1"),
        id: Some("0_a"),
        hash: "h1",
        error: Some("INVALID_APP_TOKEN_HASH"),
    },
    Row {
        name: "monolog_context_with_a_bare_code",
        text: "[2026-12-01T09:14:02+00:00] app.ERROR: failed {\"ks\": \"KS1\", \"id\": \"0_a\", \"tokenHash\": \"h1\", \"error\": \"INVALID_APP_TOKEN_HASH\"} []\n",
        ks: Some("KS1"),
        id: Some("0_a"),
        hash: "h1",
        error: Some("INVALID_APP_TOKEN_HASH"),
    },
    Row {
        name: "php_print_r_of_an_exception_object_after_the_request",
        text: "array (\n  'ks' => 'KS1',\n  'id' => '0_a',\n  'tokenHash' => 'h1',\n)\nKalturaException Object\n(\n    [message:protected] => Invalid KS \"EXPIRED\", Error \"-5,EXPIRED\"\n    [code:protected] => INVALID_KS\n)\n",
        ks: Some("KS1"),
        id: Some("0_a"),
        hash: "h1",
        error: Some("INVALID_KS"),
    },
];

#[test]
fn every_pasted_shape_gives_its_request_and_error() {
    for (i, r) in ROWS.iter().enumerate() {
        let mut seen = Vec::new();
        merge_into(&mut seen, r.text);
        assert_eq!(seen.len(), 1, "row {i} {}: {seen:?}", r.name);
        let s = &seen[0];
        assert_eq!(
            (
                s.ks.as_deref(),
                s.token_id.as_deref(),
                s.token_hash.as_deref(),
                s.error.as_ref().map(|e| e.code.as_str())
            ),
            (r.ks, r.id, Some(r.hash), r.error),
            "row {i} {}",
            r.name
        );
    }
}

#[test]
fn an_exception_object_printed_alone_is_an_error_not_a_request() {
    let text = "KalturaException Object\n(\n    [message:protected] => Invalid KS \"EXPIRED\", Error \"-5,EXPIRED\"\n    [code:protected] => INVALID_KS\n)\n";
    let b = blocks(text);
    assert!(start_sessions(&b).is_empty());
    let e = super::error_in(&b[0].value).unwrap();
    assert_eq!(
        (e.code.as_str(), e.ks_error.as_deref()),
        ("INVALID_KS", Some("-5,EXPIRED"))
    );
}

#[test]
fn an_error_far_below_the_request_is_another_calls() {
    let mut text = String::from("{'ks': 'KS1', 'id': '0_a', 'tokenHash': 'h1'}\n");
    text.push_str(&"INFO: playing entry 1_abc\n".repeat(60));
    text.push_str("KalturaException: Invalid KS \"EXPIRED\", Error \"-5,EXPIRED\" (INVALID_KS)\n");
    let mut seen = Vec::new();
    merge_into(&mut seen, &text);
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].error, None);
}

#[test]
fn python_bytes_of_a_hex_digest_are_read_as_the_hex() {
    let mut seen = Vec::new();
    merge_into(
        &mut seen,
        "{'ks': 'KS1', 'id': '0_a', 'tokenHash': b'5e1f'}\n",
    );
    assert_eq!(seen[0].token_hash.as_deref(), Some("5e1f"));
}

#[test]
fn pprint_split_python_bytes_are_joined() {
    let mut seen = Vec::new();
    merge_into(
        &mut seen,
        "{'ks': 'KS1',\n 'id': '0_a',\n 'tokenHash': (b'5e1f0a'\n               b'77c3')}\n",
    );
    assert_eq!(seen[0].token_hash.as_deref(), Some("5e1f0a77c3"));
}

#[test]
fn python_bytes_of_a_raw_digest_stay_as_printed() {
    let mut seen = Vec::new();
    merge_into(
        &mut seen,
        "{'ks': 'KS1', 'id': '0_a', 'tokenHash': b'\\x8f\\x01'}\n",
    );
    assert_eq!(seen[0].token_hash.as_deref(), Some("b'\\x8f\\x01'"));
}

#[test]
fn prose_braces_and_log_brackets_are_not_blocks() {
    let text = "[2026-12-01 09:14:02] {user} logged in [ok]\nfunction f() { return 1; }\n";
    assert!(blocks(text).is_empty(), "{:?}", blocks(text));
}
