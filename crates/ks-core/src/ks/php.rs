//! The few PHP behaviours the server's KS code depends on, reproduced exactly.
//!
//! Sources: PHP 8 string-to-number comparison rules ("Saner string to number comparisons"),
//! `urlencode` / `http_build_query`, `urldecode` as used by `parse_str`, `rawurldecode`, and
//! `trim`. The URL decoding is percent-encoding's; what is PHP's is the order (`+` first).

/// PHP 8 "numeric string": optional leading/trailing whitespace, sign, digits, one dot,
/// exponent. Returns its value when numeric.
pub(crate) fn numeric_value(s: &str) -> Option<f64> {
    let ws = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c');
    let t = s.trim_matches(ws);
    let b = t.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - int_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - frac_start;
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        let exp_start = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j > exp_start {
            i = j;
        }
    }
    if i != b.len() {
        return None;
    }
    t.parse::<f64>().ok()
}

/// PHP 8 `$value == $int` for a KS member that is a string or null.
pub(crate) fn loose_eq_int(value: Option<&str>, int: i64) -> bool {
    match value {
        // null == int compares as booleans.
        None => int == 0,
        Some(s) => match numeric_value(s) {
            Some(v) => v == int as f64,
            // A non-numeric string is compared with the int cast to string.
            None => s == int.to_string(),
        },
    }
}

/// PHP 8 `$value >= $int` for a KS member that is a string or null.
pub(crate) fn loose_ge_int(value: Option<&str>, int: i64) -> bool {
    match value {
        None => int == 0, // null >= int compares false >= bool(int)
        Some(s) => match numeric_value(s) {
            Some(v) => v >= int as f64,
            None => s.as_bytes() >= int.to_string().as_bytes(),
        },
    }
}

/// PHP `urlencode`: space as `+`, everything but `[A-Za-z0-9._-]` as `%XX` (uppercase).
/// `python_quote_plus` leaves `~` unencoded as Python's `urllib.parse.quote_plus` does.
pub(crate) fn urlencode_into(out: &mut String, value: &[u8], python_quote_plus: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in value {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-' => out.push(b as char),
            b'~' if python_quote_plus => out.push('~'),
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 0xf) as usize] as char);
            }
        }
    }
}

/// PHP `urldecode` (ext/standard/url.c `php_url_decode`), byte for byte: `+` is a space,
/// `%XX` a byte, an invalid escape is kept literally. The `+` goes first, so a `%2B` stays
/// a `+`; `percent_decode` keeps invalid escapes as PHP does.
pub fn urldecode(value: &[u8]) -> Vec<u8> {
    let spaced: Vec<u8> = value
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    percent_encoding::percent_decode(&spaced).collect()
}

/// PHP `rawurldecode` (ext/standard/url.c `php_raw_url_decode`): `%XX` a byte, an invalid
/// escape kept literally, `+` kept.
pub fn rawurldecode(value: &[u8]) -> Vec<u8> {
    percent_encoding::percent_decode(value).collect()
}

/// PHP `trim` with its default character list `" \t\n\r\0\x0B"`.
pub(crate) fn trim(s: &str) -> &str {
    s.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\0' | '\x0b'))
}

/// PHP truthiness of a string: `""` and `"0"` are false.
pub(crate) fn is_truthy(s: &str) -> bool {
    !(s.is_empty() || s == "0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_strings_follow_php8() {
        for yes in [
            "0", " 0", "0 ", "00", "0.0", "-1", "+3", ".5", "5.", "1e3", "0e5",
        ] {
            assert!(numeric_value(yes).is_some(), "{yes:?} should be numeric");
        }
        for no in ["", " ", "abc", "1a", "0x1A", ".", "e5", "1e", "inf", "NaN"] {
            assert!(numeric_value(no).is_none(), "{no:?} should not be numeric");
        }
    }

    #[test]
    fn loose_comparisons_follow_php8() {
        assert!(loose_eq_int(Some("0"), 0));
        assert!(loose_eq_int(None, 0));
        assert!(!loose_eq_int(Some(""), 0));
        assert!(!loose_eq_int(Some("abc"), 0));
        assert!(loose_ge_int(Some("2"), 1));
        assert!(!loose_ge_int(Some("0"), 1));
        assert!(!loose_ge_int(None, 1));
        // "abc" >= 1 compares "abc" with "1" as strings in PHP 8.
        assert!(loose_ge_int(Some("abc"), 1));
    }

    #[test]
    fn urlencode_matches_php_and_python() {
        let mut php = String::new();
        urlencode_into(&mut php, "o~brien+plus%25 sp*".as_bytes(), false);
        assert_eq!(php, "o%7Ebrien%2Bplus%2525+sp%2A");
        let mut py = String::new();
        urlencode_into(&mut py, b"o~b", true);
        assert_eq!(py, "o~b");
    }

    #[test]
    fn urldecode_keeps_invalid_escapes() {
        assert_eq!(urldecode(b"a+b%2Ac%ZZ%4"), b"a b*c%ZZ%4");
    }

    #[test]
    fn urldecode_matches_php_at_the_edges() {
        // Outputs of PHP 8's urldecode() for each input.
        let rows: [(&[u8], &[u8]); 6] = [
            (b"%2B", b"+"),
            (b"%2b+%20", b"+  "),
            (b"%41", b"A"),
            (b"%%41", b"%A"),
            (b"%", b"%"),
            (b"%e2%80%8B", b"\xe2\x80\x8b"),
        ];
        for (i, (input, php)) in rows.iter().enumerate() {
            assert_eq!(urldecode(input), *php, "row {i}");
        }
    }
}
