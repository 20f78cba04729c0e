//! The server's KS base64 decoding, reproduced byte for byte.
//!
//! `kSessionBase::parseKS`: `base64_decode(str_replace(['-','_'], ['+','/'], $ks), true)`.
//! PHP's strict decoder skips TAB/LF/CR/SPACE anywhere, takes `=` padding as optional but
//! rejects a wrong count or data after it, rejects a lone trailing character, and ignores the
//! unused low bits of the last character (verified against php 8.2, see spec ks-format.md 1.2).

use super::error::{Hint, KsError};
use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// Ways in which an accepted KS string differs from what a generator writes.
///
/// Each of them still parses, but the tokenHash is computed over the string as sent, so each
/// is a different hash input than the canonical KS.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Irregularities {
    /// Offsets of skipped whitespace bytes (TAB, LF, CR, SPACE).
    pub whitespace_offsets: Vec<usize>,
    /// `+` or `/` seen.
    pub standard_alphabet_chars: bool,
    /// `-` or `_` seen.
    pub urlsafe_alphabet_chars: bool,
    /// `=` padding was left out.
    pub missing_padding: bool,
    /// The last character carries non-zero unused bits.
    pub noncanonical_last_char: bool,
}

/// Bytes decoded from a KS and how the KS text deviated from canonical base64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded bytes.
    pub bytes: Vec<u8>,
    /// What was irregular but accepted.
    pub irregular: Irregularities,
}

fn value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    }
}

fn is_skipped(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\r' | b' ')
}

fn hint_for(text: &[u8], offset: usize) -> Option<Hint> {
    let c = text[offset];
    let has_escape = text
        .windows(3)
        .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit());
    if c == b'%' && has_escape {
        Some(Hint::LooksUrlEncoded)
    } else if matches!(c, b'"' | b'\'' | b'`') && (offset == 0 || offset + 1 == text.len()) {
        Some(Hint::Quoted)
    } else if c == b'=' || c == b'&' || c == b'?' || c == b':' {
        Some(Hint::IncludesParameterName)
    } else {
        None
    }
}

/// Decodes `text` exactly as the server does, or says where and why it fails.
pub fn decode(text: &[u8]) -> Result<Decoded, KsError> {
    if text.is_empty() {
        return Err(KsError::Empty);
    }
    let mut irregular = Irregularities::default();
    let mut data = Vec::with_capacity(text.len());
    let mut first_pad: Option<usize> = None;
    let mut pads = 0usize;
    for (offset, &c) in text.iter().enumerate() {
        if is_skipped(c) {
            irregular.whitespace_offsets.push(offset);
            continue;
        }
        if c == b'=' {
            first_pad.get_or_insert(offset);
            pads += 1;
            continue;
        }
        let Some(v) = value(c) else {
            return Err(KsError::InvalidByte {
                offset,
                byte: c,
                hint: hint_for(text, offset),
            });
        };
        if first_pad.is_some() {
            // `ks=djJ8...`: a parameter name before the value, not padding.
            let pad_at = first_pad.unwrap_or(0);
            let named = pad_at <= 16 && text[..pad_at].iter().all(u8::is_ascii_alphabetic);
            return Err(KsError::DataAfterPadding {
                offset,
                hint: named.then_some(Hint::IncludesParameterName),
            });
        }
        match c {
            b'+' | b'/' => irregular.standard_alphabet_chars = true,
            b'-' | b'_' => irregular.urlsafe_alphabet_chars = true,
            _ => {}
        }
        data.push(v);
    }
    let rem = data.len() % 4;
    if rem == 1 {
        return Err(KsError::Truncated { len: data.len() });
    }
    let expected_pads = (4 - rem) % 4;
    if let Some(offset) = first_pad
        && pads != expected_pads
    {
        return Err(KsError::BadPadding {
            offset,
            found: pads,
            expected: expected_pads,
        });
    }
    irregular.missing_padding = pads == 0 && expected_pads > 0;
    if let Some(&last) = data.last() {
        irregular.noncanonical_last_char = match rem {
            2 => last & 0x0f != 0,
            3 => last & 0x03 != 0,
            _ => false,
        };
    }
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let normalized: Vec<u8> = data.iter().map(|&v| ALPHABET[v as usize]).collect();
    let engine = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(DecodePaddingMode::RequireNone),
    );
    // Every byte was validated above, so this cannot fail; map defensively all the same.
    let bytes = engine
        .decode(&normalized)
        .map_err(|_| KsError::Truncated { len: data.len() })?;
    if bytes.is_empty() || bytes == b"0" {
        return Err(KsError::DecodesToFalsy(
            String::from_utf8_lossy(&bytes).into_owned(),
        ));
    }
    Ok(Decoded { bytes, irregular })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_php_accepts() {
        for (input, want) in [
            ("YWJjZA==", "abcd"),
            ("YWJjZA", "abcd"),
            ("YW Jj\nZA", "abcd"),
            ("YWJjZB", "abcd"), // non-canonical last char
            ("Pz8_", "???"),
            ("Pz8/", "???"),
        ] {
            let got = decode(input.as_bytes()).unwrap();
            assert_eq!(got.bytes, want.as_bytes(), "{input}");
        }
    }

    #[test]
    fn rejects_what_php_rejects() {
        assert_eq!(
            decode(b"YWJjZA=").unwrap_err(),
            KsError::BadPadding {
                offset: 6,
                found: 1,
                expected: 2
            }
        );
        assert_eq!(
            decode(b"YWJjZGU==").unwrap_err(),
            KsError::BadPadding {
                offset: 7,
                found: 2,
                expected: 1
            }
        );
        assert!(matches!(
            decode(b"YWJjZA==QUFB"),
            Err(KsError::DataAfterPadding { offset: 8, .. })
        ));
        assert!(matches!(
            decode(b"YWJjZ"),
            Err(KsError::Truncated { len: 5 })
        ));
        assert!(matches!(decode(b"MA=="), Err(KsError::DecodesToFalsy(_))));
        assert!(matches!(
            decode(b"ks=djJ8MTIzNA"),
            Err(KsError::DataAfterPadding {
                offset: 3,
                hint: Some(Hint::IncludesParameterName)
            })
        ));
        assert_eq!(decode(b""), Err(KsError::Empty));
    }

    #[test]
    fn url_encoding_gets_a_hint_and_an_offset() {
        let err = decode(b"YWJjZA%3D%3D").unwrap_err();
        assert_eq!(
            err,
            KsError::InvalidByte {
                offset: 6,
                byte: b'%',
                hint: Some(Hint::LooksUrlEncoded)
            }
        );
        assert!(err.to_string().contains("offset 6"), "{err}");
        assert!(err.to_string().contains("URL-encoded"), "{err}");
    }

    #[test]
    fn records_irregularities() {
        let d = decode(b"YW Jj\nZB").unwrap();
        assert_eq!(d.irregular.whitespace_offsets, vec![2, 5]);
        assert!(d.irregular.missing_padding);
        assert!(d.irregular.noncanonical_last_char);
    }
}
