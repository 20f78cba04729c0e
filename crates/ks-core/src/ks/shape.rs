//! Signs that a KS which still parses was cut short when it was copied.
//!
//! Every generator writes at least 7 v1 fields (the official clients 7, the server 9: spec
//! ks-format.md section 2.1) and a v2 ciphertext of whole 16-byte AES blocks (section 3.1);
//! the server parses a v1 KS with 3 fields, and any v2 envelope, so a cut-off KS gets as far
//! as the signature check and fails there with INVALID_KS (-1,INVALID_STR).

use super::{KsBody, ParsedKs};

/// A reason to think the KS was cut short.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CutShort {
    /// v1 with fewer fields than any generator writes.
    V1MissingFields {
        /// How many `;`-separated fields there are.
        found: usize,
    },
    /// v1 whose signature is not 40 hex digits.
    V1Signature {
        /// Its length in characters.
        len: usize,
    },
    /// v2 whose ciphertext is not a whole number of 16-byte blocks (no secret needed).
    V2CiphertextLength {
        /// The ciphertext length in bytes.
        len: usize,
    },
}

impl std::fmt::Display for CutShort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CutShort::V1MissingFields { found } => write!(
                f,
                "the KS looks cut short: it has {found} of the 7 fields the clients write (the server writes 9: partner;partner;valid_until;type;rand;user;privileges;master_partner;additional_data); the signature will not match, and the server answers INVALID_KS (-1,INVALID_STR)"
            ),
            CutShort::V1Signature { len } => write!(
                f,
                "the signature has {len} characters where a v1 KS has 40 hex digits: the KS is damaged or not one a generator wrote; the server answers INVALID_KS (-1,INVALID_STR)"
            ),
            CutShort::V2CiphertextLength { len } => write!(
                f,
                "the KS looks cut short: its encrypted body is {len} bytes, not a multiple of 16 (AES blocks); no admin secret can decrypt it, and the server answers INVALID_KS (-1,INVALID_STR)"
            ),
        }
    }
}

impl ParsedKs {
    /// Signs that the KS was cut short (or damaged), readable without the admin secret.
    ///
    /// ```
    /// use ks_core::ks::{parse, CutShort};
    /// use base64::Engine as _;
    /// let text = base64::engine::general_purpose::STANDARD
    ///     .encode("ff23a66a00f72125848aebefc8d4a0dffcefb137|1234567;1234567;1700086400");
    /// let ks = parse(&text).unwrap();
    /// assert_eq!(ks.cut_short(), vec![CutShort::V1MissingFields { found: 3 }]);
    /// ```
    pub fn cut_short(&self) -> Vec<CutShort> {
        let mut out = Vec::new();
        match &self.body {
            KsBody::V1(v) => {
                if v.field_count < 7 {
                    out.push(CutShort::V1MissingFields {
                        found: v.field_count,
                    });
                }
                let sig = &v.signature;
                if sig.len() != 40 || !sig.bytes().all(|b| b.is_ascii_hexdigit()) {
                    out.push(CutShort::V1Signature {
                        len: sig.chars().count(),
                    });
                }
            }
            KsBody::V2(e) => {
                if !e.ciphertext.len().is_multiple_of(16) || e.ciphertext.is_empty() {
                    out.push(CutShort::V2CiphertextLength {
                        len: e.ciphertext.len(),
                    });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::CutShort;
    use crate::ks::{Generator, KsSpec, Randomness, generate, parse};
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE;

    #[test]
    fn generated_ks_is_whole() {
        for (v, r) in [
            (Generator::Server, Randomness::V1Rand("1700000000.1".into())),
            (Generator::PythonClient, Randomness::V1Rand("7".into())),
            (Generator::Server, Randomness::V2Random([7; 16])),
        ] {
            let ks = generate(&KsSpec::widget(42, 1_700_086_400), "s", v, &r).ks;
            assert_eq!(parse(&ks).unwrap().cut_short(), vec![], "{ks}");
        }
    }

    #[test]
    fn a_v2_ks_cut_short_is_seen_without_the_secret() {
        let ks = generate(
            &KsSpec::widget(42, 1_700_086_400),
            "s",
            Generator::Server,
            &Randomness::V2Random([7; 16]),
        )
        .ks;
        let mut bytes = URL_SAFE.decode(&ks).unwrap();
        bytes.truncate(bytes.len() - 5);
        let cut = parse(&URL_SAFE.encode(&bytes)).unwrap().cut_short();
        assert!(matches!(cut[..], [CutShort::V2CiphertextLength { len }] if len % 16 == 11));
    }
}
