//! The answer to one `verify --batch` line: `{"line":N,"ok":true|false}` or an error line.
//!
//! The hot loop: the line is scanned in place ([`crate::verify_line`]), a hash that cannot
//! match is not hashed, the digest is compared against the hex without formatting it, and the
//! answer is written as bytes.

use crate::engine::{error_line, push_decimal};
use ks_core::digest::{HashType, Hasher};

/// The line's `hash_type`: SHA1 when absent or empty, else any spelling `HashType` takes.
fn hash_type_of(name: Option<&[u8]>) -> Result<HashType, String> {
    match name {
        None | Some(b"") => Ok(HashType::Sha1),
        Some(b"sha1" | b"SHA1") => Ok(HashType::Sha1),
        Some(b"sha256" | b"SHA256") => Ok(HashType::Sha256),
        Some(b"md5" | b"MD5") => Ok(HashType::Md5),
        Some(b"sha512" | b"SHA512") => Ok(HashType::Sha512),
        Some(other) => String::from_utf8_lossy(other)
            .parse()
            .map_err(|e: ks_core::digest::UnknownHashType| e.to_string()),
    }
}

/// Checks one line; `Ok(true)` when the hash is correct.
fn check(line: &[u8]) -> Result<bool, String> {
    crate::verify_line::read(line, |l| {
        let ht = hash_type_of(l.hash_type)?;
        // Only lowercase hex of the right length can ever match: no need to hash the rest.
        let lower_hex = l
            .hash
            .iter()
            .fold(true, |ok, &c| ok & matches!(c, b'0'..=b'9' | b'a'..=b'f'));
        if l.hash.len() != ht.hex_len() || !lower_hex {
            return Ok(false);
        }
        let mut h = Hasher::new(ht);
        h.update(l.ks);
        h.update(l.token);
        Ok(h.finalize().matches_lower_hex(l.hash))
    })?
}

/// One output line for input line `n`; returns whether its hash is correct (the
/// [`crate::engine::LineFn`] of `verify --batch`).
pub fn answer(n: usize, line: &[u8], out: &mut Vec<u8>) -> bool {
    match check(line) {
        Ok(ok) => {
            out.extend_from_slice(b"{\"line\":");
            push_decimal(out, n);
            out.extend_from_slice(if ok {
                b",\"ok\":true}\n"
            } else {
                b",\"ok\":false}\n"
            });
            ok
        }
        Err(msg) => {
            error_line(n, &msg, out);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::answer;

    fn one(line: &str) -> (String, bool) {
        let mut out = Vec::new();
        let ok = answer(7, line.as_bytes(), &mut out);
        (String::from_utf8(out).unwrap_or_default(), ok)
    }

    #[test]
    fn a_correct_hash_is_ok_and_any_other_is_not() {
        let hash = ks_core::digest::token_hash(ks_core::digest::HashType::Sha256, "KS", "T");
        let line = format!(
            r#"{{"ks":"KS","token":"T","hash":"{}","hash_type":"SHA256"}}"#,
            hash.as_str()
        );
        assert_eq!(one(&line), ("{\"line\":7,\"ok\":true}\n".into(), true));
        let upper = line.replace(hash.as_str(), &hash.as_str().to_uppercase());
        assert_eq!(one(&upper), ("{\"line\":7,\"ok\":false}\n".into(), false));
        let (text, ok) = one(r#"{"ks":"KS","token":"T","hash":"ab","hash_type":"sha9"}"#);
        assert!(!ok && text.starts_with("{\"line\":7,\"error\":"), "{text}");
    }
}
