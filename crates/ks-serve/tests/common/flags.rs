//! The leak scanner of the server tests (issue 21): no answer names a command-line flag.
//! One file, read by ks-serve's route tests and by the workspace's serve tests
//! (`tests/common/server.rs` includes it by path).

/// Every `--` then a lowercase letter in `text`: a command-line flag.
pub fn flags_in(text: &str) -> Vec<String> {
    text.match_indices("--")
        .filter_map(|(i, _)| {
            let rest = &text[i + 2..];
            // A flag starts a word: `--` inside a KS, a signature or a token (base64url's `-`,
            // `…Nzd8--jnv…`) is no flag.
            let starts_word = text[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '/')));
            (starts_word && rest.starts_with(|c: char| c.is_ascii_lowercase())).then(|| {
                let end = rest
                    .find(|c: char| !(c.is_ascii_lowercase() || c == '-'))
                    .unwrap_or(rest.len());
                text[i..i + 2 + end].to_string()
            })
        })
        .collect()
}

/// No server answer names a command-line flag (issue 21): api_v3's answers read like
/// Kaltura's, `/ksdiag/*` and refusals name JSON fields and settings, never `--partner` or
/// `--cors-origin` (those are for the operator's stderr). The page's files (HTML, scripts,
/// styles, where `--` is CSS's or JavaScript's) are not answers.
pub fn assert_no_flag(target: &str, content_type: Option<&str>, body: &[u8]) {
    let ct = content_type.unwrap_or("");
    if ["javascript", "css", "html", "wasm"]
        .iter()
        .any(|k| ct.contains(k))
    {
        return;
    }
    let text = String::from_utf8_lossy(body);
    let found = flags_in(&text);
    assert!(
        found.is_empty(),
        "{target} answered a command-line flag {found:?}: {text}"
    );
}
