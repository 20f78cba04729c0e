//! A value copied out of a print with its quotes, and often its key, still around it:
//! `'abc…'`, `"abc…"`, `'tokenHash' => 'abc…',`, `tokenHash: 'abc…'`, `"tokenHash": "abc…"`.
//! The quotes are the print's (PHP, Python, Node, JSON all quote strings), not what was
//! sent: a hash sent with quotes shows them in the request itself (URL, body, curl). The
//! same holds for the parameter's name (`tokenHash=abc…`) and spaces around a pasted value.

/// The value inside, and the print form it was copied with (for the finding), when `text`
/// is a quoted string with an optional `key =>` / `key:` before and `,` / `;` after, the
/// `tokenHash=` parameter with its name, or a value with spaces around it.
///
/// ```
/// use ks_core::intake::paste::unquote;
/// assert_eq!(unquote("'tokenHash' => 'ab12',").map(|u| u.0), Some("ab12".to_string()));
/// assert_eq!(unquote("\"ab12\"").map(|u| u.0), Some("ab12".to_string()));
/// assert_eq!(unquote("tokenHash=ab12").map(|u| u.0), Some("ab12".to_string()));
/// assert_eq!(unquote("ab12"), None);
/// ```
pub fn unquote(text: &str) -> Option<(String, &'static str)> {
    let t = text.trim();
    if let Some(q) = quoted(t) {
        return Some(q);
    }
    if let Some(v) = parameter_value(t) {
        return Some((v.to_string(), "parameter's name and = sign"));
    }
    // A file's final newline is no paste (the engine takes it off silently); other
    // whitespace around the value came with the copy.
    let unfinal = text
        .strip_suffix('\n')
        .map_or(text, |c| c.strip_suffix('\r').unwrap_or(c));
    (!t.is_empty() && t.len() != unfinal.len()).then(|| (t.to_string(), "spaces"))
}

/// `'…'` or `"…"`, with a print's key before it.
fn quoted(t: &str) -> Option<(String, &'static str)> {
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

/// The value of `tokenHash=…` (or `&tokenHash=…`, `tokenHash: …`): the request parameter
/// pasted with its name. Only the parameter's own name is taken off; a label such as
/// `sha1=` may be what was sent, and the engine names it (`hash_decoration`).
fn parameter_value(t: &str) -> Option<&str> {
    let t = t.trim_start_matches(['&', '?']);
    let name = ["tokenHash", "token_hash"].into_iter().find(|n| {
        t.len() > n.len() && t.get(..n.len()).is_some_and(|p| p.eq_ignore_ascii_case(n))
    })?;
    let rest = t[name.len()..].trim_start();
    let rest = rest
        .strip_prefix("=>")
        .or_else(|| rest.strip_prefix('='))
        .or_else(|| rest.strip_prefix(':'))?
        .trim_start();
    let value = rest.trim_end_matches([',', ';', '&']).trim_end();
    let plain = !value.is_empty()
        && !value.contains(|c: char| c.is_whitespace() || matches!(c, '&' | '\'' | '"'));
    plain.then_some(value)
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
            "tokenHash=5e1f",
            "&tokenHash=5e1f",
            "  5e1f  ",
            "tokenhash: 5e1f",
        ] {
            assert_eq!(
                unquote(text).map(|u| u.0).as_deref(),
                Some("5e1f"),
                "{text}"
            );
        }
    }

    #[test]
    fn hash_pasted_with_its_parameter_name_or_spaces_is_read() {
        assert_eq!(
            unquote("tokenHash=5e1f").map(|u| u.1),
            Some("parameter's name and = sign")
        );
        assert_eq!(unquote(" 5e1f ").map(|u| u.1), Some("spaces"));
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
            "5e1f\n",
            "5e1f\r\n",
            "tokenHash=",
            "ks=5e1f",
            "tokenHaé=5e1f",
            "é",
        ] {
            assert_eq!(unquote(text), None, "{text}");
        }
    }
}
