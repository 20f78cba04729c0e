//! The four `AppTokenHashType` values and their spellings.

use std::fmt;
use std::str::FromStr;

/// An app token's `hashType`: the digest the server applies to `KS + token`.
///
/// Source: `alpha/lib/enums/AppTokenHashType.php` in kaltura/server; `getHashType()` defaults
/// to `SHA1` when the token has none.
///
/// ```
/// use ks_core::digest::HashType;
/// // Read in any case, as the API's SHA256 or a user's sha256.
/// let h: HashType = "SHA256".parse().unwrap();
/// assert_eq!((h, h.hex_len()), ("sha256".parse().unwrap(), 64));
/// assert!("sha3".parse::<HashType>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HashType {
    /// MD5, 16-byte digest.
    Md5,
    /// SHA-1, 20-byte digest: the server default.
    Sha1,
    /// SHA-256, 32-byte digest.
    Sha256,
    /// SHA-512, 64-byte digest.
    Sha512,
}

impl HashType {
    /// Every hash type, the server default first, then by how often it is chosen.
    pub const ALL: [HashType; 4] = [
        HashType::Sha1,
        HashType::Sha256,
        HashType::Md5,
        HashType::Sha512,
    ];

    /// The hash type the server uses when the app token names none.
    pub const SERVER_DEFAULT: HashType = HashType::Sha1;

    /// Digest length in bytes.
    pub const fn digest_len(self) -> usize {
        match self {
            HashType::Md5 => 16,
            HashType::Sha1 => 20,
            HashType::Sha256 => 32,
            HashType::Sha512 => 64,
        }
    }

    /// Lowercase hex length of the digest.
    pub const fn hex_len(self) -> usize {
        self.digest_len() * 2
    }

    /// The command-line spelling: `md5`, `sha1`, `sha256`, `sha512`.
    pub const fn cli_name(self) -> &'static str {
        match self {
            HashType::Md5 => "md5",
            HashType::Sha1 => "sha1",
            HashType::Sha256 => "sha256",
            HashType::Sha512 => "sha512",
        }
    }

    /// The Kaltura API spelling (`KalturaAppTokenHashType`): `MD5`, `SHA1`, `SHA256`, `SHA512`.
    pub const fn kaltura_name(self) -> &'static str {
        match self {
            HashType::Md5 => "MD5",
            HashType::Sha1 => "SHA1",
            HashType::Sha256 => "SHA256",
            HashType::Sha512 => "SHA512",
        }
    }

    /// The hash type whose lowercase hex digest has `len` characters, if any.
    pub fn from_hex_len(len: usize) -> Option<HashType> {
        HashType::ALL.into_iter().find(|h| h.hex_len() == len)
    }
}

impl fmt::Display for HashType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.cli_name())
    }
}

/// A hash type name that is none of the four known ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown hash type {given:?}: expected one of md5, sha1, sha256, sha512 (any case)")]
pub struct UnknownHashType {
    /// The text that was given.
    pub given: String,
}

impl FromStr for HashType {
    type Err = UnknownHashType;

    /// Case-insensitive, with or without a dash: `sha256`, `SHA256`, `SHA-256`, `Sha1`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let folded: String = s
            .trim()
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match folded.as_str() {
            "md5" => Ok(HashType::Md5),
            "sha1" => Ok(HashType::Sha1),
            "sha256" => Ok(HashType::Sha256),
            "sha512" => Ok(HashType::Sha512),
            _ => Err(UnknownHashType {
                given: s.to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_spellings_case_insensitively() {
        for (text, want) in [
            ("sha256", HashType::Sha256),
            ("SHA256", HashType::Sha256),
            ("Sha-256", HashType::Sha256),
            ("md5", HashType::Md5),
            ("MD5", HashType::Md5),
            ("sha1", HashType::Sha1),
            ("SHA512", HashType::Sha512),
        ] {
            assert_eq!(text.parse::<HashType>(), Ok(want), "{text}");
        }
    }

    #[test]
    fn rejects_unknown_names_with_the_given_text() {
        let err = "sha3".parse::<HashType>().unwrap_err();
        assert_eq!(err.given, "sha3");
        assert!(err.to_string().contains("md5, sha1, sha256, sha512"));
    }

    #[test]
    fn hex_length_maps_back_to_the_type() {
        for h in HashType::ALL {
            assert_eq!(HashType::from_hex_len(h.hex_len()), Some(h));
        }
        assert_eq!(HashType::from_hex_len(41), None);
    }
}
