//! A value copied out of a print with its quotes, and often its key, still around it:
//! `'abc…'`, `"abc…"`, `'tokenHash' => 'abc…',`, `tokenHash: 'abc…'`, `"tokenHash": "abc…"`.
//! The quotes are the print's (PHP, Python, Node, JSON all quote strings), not what was
//! sent: a hash sent with quotes shows them in the request itself (URL, body, curl).

/// The value inside, and the print form it was copied with (for the finding), when `text`
/// is a quoted string with an optional `key =>` / `key:` before and `,` / `;` after.
///
/// ```
/// use ks_core::intake::paste::unquote;
/// assert_eq!(unquote("'tokenHash' => 'ab12',").map(|u| u.0), Some("ab12".to_string()));
/// assert_eq!(unquote("\"ab12\"").map(|u| u.0), Some("ab12".to_string()));
/// assert_eq!(unquote("ab12"), None);
/// ```
pub fn unquote(text: &str) -> Option<(String, &'static str)> {
    let t = text.trim();
    let (rest, keyed) = match key_end(t) {
        Some(n) => (t[n..].trim_start(), true),
        None => (t, false),
    };
    let rest = rest.trim_end_matches([',', ';']).trim_end();
    let q = rest.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
    let inner = rest.strip_prefix(q)?.strip_suffix(q)?;
    if inner.is_empty() || inner.contains(q) || inner.contains('\n') {
        return None;
    }
    let form = if keyed {
        "key and quotes of a printed object"
    } else {
        "quotes"
    };
    Some((inner.to_string(), form))
}

/// The end of a leading `'key' =>`, `"key":`, `key:` or `[key] =>`.
fn key_end(t: &str) -> Option<usize> {
    let (key_len, rest) =
        if let Some(q) = t.chars().next().filter(|c| matches!(c, '\'' | '"' | '[')) {
            let close = if q == '[' { ']' } else { q };
            let end = t[1..].find(close)? + 2;
            (end, &t[end..])
        } else {
            let end = t.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
            (end, &t[end..])
        };
    let key = t[..key_len].trim_matches(['\'', '"', '[', ']']);
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    let spaces = rest.len() - rest.trim_start().len();
    let after = rest.trim_start();
    let sep = if after.starts_with("=>") {
        2
    } else if after.starts_with(':') {
        1
    } else {
        return None;
    };
    Some(key_len + spaces + sep)
}

#[cfg(test)]
mod tests {
    use super::unquote;

    #[test]
    fn quotes_and_keys_of_each_print_are_taken_off() {
        for text in [
            "'5e1f'",
            "\"5e1f\"",
            "'tokenHash' => '5e1f',",
            "[tokenHash] => '5e1f'",
            "tokenHash: '5e1f'",
            "\"tokenHash\": \"5e1f\",",
            "  '5e1f';\n",
        ] {
            assert_eq!(
                unquote(text).map(|u| u.0).as_deref(),
                Some("5e1f"),
                "{text}"
            );
        }
    }

    #[test]
    fn a_bare_or_half_quoted_value_is_left_alone() {
        for text in [
            "5e1f",
            "'5e1f",
            "5e1f'",
            "''",
            "'a'b'",
            "sha1=5e1f",
            "\"5e1f'",
        ] {
            assert_eq!(unquote(text), None, "{text}");
        }
    }
}
