//! Claimed hashes that are the raw digest bytes written as text (`raw_digest`): PHP
//! `sha1($m, true)` and Ruby `Digest::SHA1.digest` printed as is (Latin-1 when read back
//! byte for byte), Node's `digest().toString()` (UTF-8, invalid bytes as U+FFFD), Python's
//! `str(h.digest())` (a bytes literal `b'\x8f…'`), PHP `urlencode(sha1($m, true))`.
//!
//! Each reading is recognized from the claim's shape alone; only a reading whose byte count
//! fits a digest becomes a target.

/// One reading of a raw-digest claim.
pub(crate) enum RawReading {
    /// The exact digest bytes.
    Bytes(Vec<u8>, &'static str),
    /// The digest decoded as UTF-8 with U+FFFD for invalid bytes: compared after decoding.
    Utf8Lossy(String),
}

/// Parses a Python bytes literal `b'…'` / `b"…"` (`repr(bytes)`): `\xNN`, `\n`, `\r`, `\t`,
/// `\\`, `\'`, `\"`; every other character is its ASCII byte.
pub(crate) fn python_bytes_literal(s: &str) -> Option<Vec<u8>> {
    let body = s.strip_prefix('b')?;
    let q = body.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let body = body.strip_prefix(q)?.strip_suffix(q)?;
    let b = body.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii() {
            return None;
        }
        if b[i] != b'\\' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        let next = *b.get(i + 1)?;
        match next {
            b'x' => {
                let hex = body.get(i + 2..i + 4)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 4;
                continue;
            }
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'\\' | b'\'' | b'"' => out.push(next),
            _ => return None,
        }
        i += 2;
    }
    Some(out)
}

/// Decodes `%NN` escapes (with `+` as a space when `plus_is_space`); `None` unless the text
/// has at least three escapes and every `%` starts one.
pub(crate) fn percent_bytes(s: &str, plus_is_space: bool) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let (mut i, mut escapes) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                escapes += 1;
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            c if c.is_ascii_graphic() => {
                out.push(c);
                i += 1;
            }
            _ => return None,
        }
    }
    (escapes >= 3).then_some(out)
}

/// Every raw-digest reading of `claimed` whose length fits one of `lens` (digest lengths).
pub(crate) fn readings(claimed: &str, lens: &[usize]) -> Vec<RawReading> {
    let fits = |n: usize| lens.contains(&n);
    let mut out = Vec::new();
    if let Some(b) = python_bytes_literal(claimed) {
        if fits(b.len()) {
            out.push(RawReading::Bytes(
                b,
                "Python bytes literal (str(h.digest()))",
            ));
        }
        return out;
    }
    if claimed.contains('%') {
        for plus in [false, true] {
            if let Some(b) = percent_bytes(claimed, plus)
                && fits(b.len())
            {
                out.push(RawReading::Bytes(b, "percent-encoded bytes"));
                return out;
            }
        }
    }
    // Text that is not printable ASCII: the bytes themselves, read one char per byte
    // (Latin-1, also how ksdiag reads a file of raw bytes), or decoded as UTF-8.
    let odd = claimed
        .chars()
        .any(|c| !c.is_ascii() || c.is_ascii_control());
    if !odd {
        return out;
    }
    if claimed.contains('\u{FFFD}') {
        out.push(RawReading::Utf8Lossy(claimed.to_string()));
    }
    if claimed.chars().all(|c| (c as u32) <= 0xFF) {
        let b: Vec<u8> = claimed.chars().map(|c| c as u32 as u8).collect();
        if fits(b.len()) {
            out.push(RawReading::Bytes(
                b,
                "Latin-1 text (the raw bytes, binary string)",
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_literal_escapes() {
        assert_eq!(
            python_bytes_literal(r#"b"\x1c\xf4'L\n""#),
            Some(vec![0x1c, 0xf4, b'\'', b'L', b'\n'])
        );
        assert_eq!(python_bytes_literal("b'\\q'"), None);
        assert_eq!(python_bytes_literal("abc"), None);
    }

    #[test]
    fn percent_needs_escapes() {
        assert_eq!(
            percent_bytes("%1C%F4%08L", false),
            Some(vec![0x1c, 0xf4, 8, b'L'])
        );
        assert_eq!(percent_bytes("abc%2", false), None);
        assert_eq!(percent_bytes("a%2Fb", false), None);
    }
}
