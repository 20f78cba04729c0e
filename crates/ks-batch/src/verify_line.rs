//! Reading one `verify --batch` line: `{"ks", "token", "hash", "hash_type"?}`.
//!
//! The hot path scans the flat object in place (no allocation) when every string is free of
//! escapes; anything else (escapes, other value types, a malformed line) goes to serde_json,
//! which also writes the error messages. Both paths give the same answer for every line:
//! a test compares them over generated and hostile inputs.

use std::borrow::Cow;

/// The fields of a batch line, borrowed from it where possible.
#[derive(Debug, PartialEq, Eq, serde::Deserialize)]
pub struct Fields<'a> {
    /// The KS as sent.
    #[serde(borrow)]
    pub ks: Cow<'a, str>,
    /// The app token's `token`.
    #[serde(borrow)]
    pub token: Cow<'a, str>,
    /// The tokenHash to check.
    #[serde(borrow)]
    pub hash: Cow<'a, str>,
    /// The app token's hashType (SHA1 when absent).
    #[serde(default, borrow)]
    pub hash_type: Option<Cow<'a, str>>,
}

/// The fields of a `verify --batch` line, for the message when a line is no object.
const LINE_FIELDS: &str = "ks, token, hash (strings) and, optionally, hash_type";

/// Reads a line and hands its fields to `use_fields`; the error is serde_json's message.
pub fn read<R>(line: &[u8], use_fields: impl FnOnce(Bytes<'_>) -> R) -> Result<R, String> {
    if let Some(f) = scan(line) {
        return Ok(use_fields(f));
    }
    let f: Fields<'_> = crate::json_line::parse(line, LINE_FIELDS)?;
    Ok(use_fields(Bytes {
        ks: f.ks.as_bytes(),
        token: f.token.as_bytes(),
        hash: f.hash.as_bytes(),
        hash_type: f.hash_type.as_deref().map(str::as_bytes),
    }))
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// A JSON string at `i` without escapes or control characters; returns (content, next,
/// whether it is all printable ASCII).
fn plain_string(b: &[u8], i: usize) -> Option<(&[u8], usize, bool)> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let start = i + 1;
    let len = memchr::memchr2(b'"', b'\\', &b[start..])?;
    if b[start + len] != b'"' {
        return None;
    }
    let s = &b[start..start + len];
    // Printable ASCII (0x20..=0x7f) checked with an OR-reduction LLVM vectorizes; anything
    // else is checked by `scan` (UTF-8) or left to serde (control characters are not
    // allowed in JSON strings).
    let outside = s
        .iter()
        .fold(0u8, |acc, &c| acc | (c.wrapping_sub(0x20) >= 0x60) as u8);
    let printable_ascii = outside == 0;
    if !printable_ascii && s.iter().any(|&c| c < 0x20) {
        return None;
    }
    Some((s, start + len + 1, printable_ascii))
}

/// The fields as bytes (already known to be valid UTF-8).
#[derive(Debug, PartialEq, Eq)]
pub struct Bytes<'a> {
    /// The KS as sent.
    pub ks: &'a [u8],
    /// The app token's `token`.
    pub token: &'a [u8],
    /// The tokenHash to check.
    pub hash: &'a [u8],
    /// The app token's hashType, when the line has one.
    pub hash_type: Option<&'a [u8]>,
}

/// The fast path: `None` means "ask serde" (never "invalid").
fn scan(b: &[u8]) -> Option<Bytes<'_>> {
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    let (mut ks, mut token, mut hash, mut hash_type) = (None, None, None, None);
    i = skip_ws(b, i + 1);
    if b.get(i) == Some(&b'}') {
        return None;
    }
    loop {
        let (key, after_key, _) = plain_string(b, i)?;
        i = skip_ws(b, after_key);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(b, i + 1);
        let (value, after_value, ascii) = plain_string(b, i)?;
        let slot = match key {
            b"ks" => &mut ks,
            b"token" => &mut token,
            b"hash" => &mut hash,
            b"hash_type" => &mut hash_type,
            // Unknown keys with plain string values are ignored, as serde does.
            _ => &mut None,
        };
        if slot.is_some() {
            return None; // duplicate key: serde reports it
        }
        if !ascii {
            std::str::from_utf8(value).ok()?;
        }
        *slot = Some(value);
        i = skip_ws(b, after_value);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b'}') => break,
            _ => return None,
        }
    }
    if skip_ws(b, i + 1) != b.len() {
        return None;
    }
    Some(Bytes {
        ks: ks?,
        token: token?,
        hash: hash?,
        hash_type,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(b: Bytes<'_>) -> [Option<Vec<u8>>; 4] {
        [
            Some(b.ks.to_vec()),
            Some(b.token.to_vec()),
            Some(b.hash.to_vec()),
            b.hash_type.map(<[u8]>::to_vec),
        ]
    }

    fn serde_only(line: &[u8]) -> Result<[Option<Vec<u8>>; 4], String> {
        let f: Fields<'_> = crate::json_line::parse(line, super::LINE_FIELDS)?;
        Ok([
            Some(f.ks.as_bytes().to_vec()),
            Some(f.token.as_bytes().to_vec()),
            Some(f.hash.as_bytes().to_vec()),
            f.hash_type.as_deref().map(|s| s.as_bytes().to_vec()),
        ])
    }

    #[test]
    fn fast_path_agrees_with_serde() {
        let lines: &[&[u8]] = &[
            br#"{"ks": "a", "token": "b", "hash": "c", "hash_type": "sha1"}"#,
            br#"  {"hash":"c","token":"b","ks":"a"}  "#,
            br#"{"ks":"a","token":"b","hash":"c","extra":"x"}"#,
            br#"{"ks":"a\/b","token":"b","hash":"c"}"#,
            br#"{"ks":"a","token":"b","hash":"c","hash_type":null}"#,
            br#"{"ks":"a","ks":"b","token":"b","hash":"c"}"#,
            br#"{"ks":"a","token":"b"}"#,
            br#"{"ks":1,"token":"b","hash":"c"}"#,
            br#"{"ks":"a","token":"b","hash":"c"} x"#,
            br#"{"ks":"a","token":"b","hash":"c",}"#,
            br#"{"ks":"caf\u00e9","token":"b","hash":"c"}"#,
            "{\"ks\":\"café\",\"token\":\"b\",\"hash\":\"c\"}".as_bytes(),
            b"{\"ks\":\"\xff\",\"token\":\"b\",\"hash\":\"c\"}",
            b"{\"ks\":\"a\tb\",\"token\":\"b\",\"hash\":\"c\"}",
            b"{}",
            b"[]",
            b"",
            b"{\"ks\"",
        ];
        for line in lines {
            assert_eq!(
                read(line, owned),
                serde_only(line),
                "{}",
                String::from_utf8_lossy(line)
            );
        }
    }

    #[test]
    fn plain_lines_take_the_fast_path() {
        let line = br#"{"ks": "a", "token": "b", "hash": "c", "hash_type": "sha1"}"#;
        let f = scan(line).unwrap();
        assert_eq!((f.ks, f.hash_type), (&b"a"[..], Some(&b"sha1"[..])));
    }
}
