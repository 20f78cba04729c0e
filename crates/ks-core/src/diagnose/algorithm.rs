//! Every digest a client may have used: the server's four `hashType` values and the other
//! algorithms a user can pick by mistake (`hash('sha384', …)`, `hashlib.sha3_256`,
//! `crypto.createHash('sha224')`). The server offers only MD5, SHA1, SHA256 and SHA512
//! (`alpha/lib/enums/AppTokenHashType.php`); the others can only be a `wrong_hash_type`.

use crate::digest::{HashType, Hasher, RawDigest};
use sha2::{Digest as _, Sha224, Sha384, Sha512_224, Sha512_256};
use sha3::{Sha3_224, Sha3_256, Sha3_384, Sha3_512};

/// A digest algorithm a client may have used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Algorithm {
    /// One of the server's four `hashType` values.
    Server(HashType),
    /// SHA-224 (28 bytes).
    Sha224,
    /// SHA-384 (48 bytes).
    Sha384,
    /// SHA-512/224 (28 bytes).
    Sha512_224,
    /// SHA-512/256 (32 bytes).
    Sha512_256,
    /// SHA3-224 (28 bytes).
    Sha3_224,
    /// SHA3-256 (32 bytes).
    Sha3_256,
    /// SHA3-384 (48 bytes).
    Sha3_384,
    /// SHA3-512 (64 bytes).
    Sha3_512,
}

impl From<HashType> for Algorithm {
    fn from(h: HashType) -> Algorithm {
        Algorithm::Server(h)
    }
}

impl PartialEq<HashType> for Algorithm {
    fn eq(&self, other: &HashType) -> bool {
        *self == Algorithm::Server(*other)
    }
}

impl Algorithm {
    /// Every algorithm: the server's four first, then the others by how often they are met.
    pub const ALL: [Algorithm; 12] = [
        Algorithm::Server(HashType::Sha1),
        Algorithm::Server(HashType::Sha256),
        Algorithm::Server(HashType::Md5),
        Algorithm::Server(HashType::Sha512),
        Algorithm::Sha384,
        Algorithm::Sha224,
        Algorithm::Sha3_256,
        Algorithm::Sha3_512,
        Algorithm::Sha512_256,
        Algorithm::Sha3_384,
        Algorithm::Sha3_224,
        Algorithm::Sha512_224,
    ];

    /// The server's hash type, when the server offers this algorithm.
    pub const fn server(self) -> Option<HashType> {
        match self {
            Algorithm::Server(h) => Some(h),
            _ => None,
        }
    }

    /// Digest length in bytes.
    pub const fn digest_len(self) -> usize {
        match self {
            Algorithm::Server(h) => h.digest_len(),
            Algorithm::Sha224 | Algorithm::Sha512_224 | Algorithm::Sha3_224 => 28,
            Algorithm::Sha512_256 | Algorithm::Sha3_256 => 32,
            Algorithm::Sha384 | Algorithm::Sha3_384 => 48,
            Algorithm::Sha3_512 => 64,
        }
    }

    /// Lowercase hex length of the digest.
    pub const fn hex_len(self) -> usize {
        self.digest_len() * 2
    }

    /// Lowercase name as tools spell it: `sha1`, `sha384`, `sha512/224`, `sha3-256`.
    pub const fn cli_name(self) -> &'static str {
        match self {
            Algorithm::Server(h) => h.cli_name(),
            Algorithm::Sha224 => "sha224",
            Algorithm::Sha384 => "sha384",
            Algorithm::Sha512_224 => "sha512/224",
            Algorithm::Sha512_256 => "sha512/256",
            Algorithm::Sha3_224 => "sha3-224",
            Algorithm::Sha3_256 => "sha3-256",
            Algorithm::Sha3_384 => "sha3-384",
            Algorithm::Sha3_512 => "sha3-512",
        }
    }

    /// The Kaltura spelling for the server's four (`SHA256`), the standard name otherwise
    /// (`SHA-384`, `SHA3-256`).
    pub const fn kaltura_name(self) -> &'static str {
        match self {
            Algorithm::Server(h) => h.kaltura_name(),
            Algorithm::Sha224 => "SHA-224",
            Algorithm::Sha384 => "SHA-384",
            Algorithm::Sha512_224 => "SHA-512/224",
            Algorithm::Sha512_256 => "SHA-512/256",
            Algorithm::Sha3_224 => "SHA3-224",
            Algorithm::Sha3_256 => "SHA3-256",
            Algorithm::Sha3_384 => "SHA3-384",
            Algorithm::Sha3_512 => "SHA3-512",
        }
    }

    /// Every algorithm whose digest has `len` bytes.
    pub fn with_digest_len(len: usize) -> impl Iterator<Item = Algorithm> {
        Algorithm::ALL
            .into_iter()
            .filter(move |a| a.digest_len() == len)
    }
}

impl std::fmt::Display for Algorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.cli_name())
    }
}

/// A clonable streaming hasher over every [`Algorithm`] (the KS prefix state is cloned per
/// candidate, as with [`Hasher`]).
#[derive(Clone)]
pub(crate) enum AnyHasher {
    Server(Hasher),
    Sha224(Sha224),
    Sha384(Sha384),
    Sha512_224(Sha512_224),
    Sha512_256(Sha512_256),
    Sha3_224(Sha3_224),
    Sha3_256(Sha3_256),
    Sha3_384(Sha3_384),
    Sha3_512(Sha3_512),
}

impl AnyHasher {
    pub fn new(a: Algorithm) -> AnyHasher {
        match a {
            Algorithm::Server(h) => AnyHasher::Server(Hasher::new(h)),
            Algorithm::Sha224 => AnyHasher::Sha224(Sha224::new()),
            Algorithm::Sha384 => AnyHasher::Sha384(Sha384::new()),
            Algorithm::Sha512_224 => AnyHasher::Sha512_224(Sha512_224::new()),
            Algorithm::Sha512_256 => AnyHasher::Sha512_256(Sha512_256::new()),
            Algorithm::Sha3_224 => AnyHasher::Sha3_224(Sha3_224::new()),
            Algorithm::Sha3_256 => AnyHasher::Sha3_256(Sha3_256::new()),
            Algorithm::Sha3_384 => AnyHasher::Sha3_384(Sha3_384::new()),
            Algorithm::Sha3_512 => AnyHasher::Sha3_512(Sha3_512::new()),
        }
    }

    pub fn update(&mut self, bytes: &[u8]) {
        match self {
            AnyHasher::Server(h) => h.update(bytes),
            AnyHasher::Sha224(h) => h.update(bytes),
            AnyHasher::Sha384(h) => h.update(bytes),
            AnyHasher::Sha512_224(h) => h.update(bytes),
            AnyHasher::Sha512_256(h) => h.update(bytes),
            AnyHasher::Sha3_224(h) => h.update(bytes),
            AnyHasher::Sha3_256(h) => h.update(bytes),
            AnyHasher::Sha3_384(h) => h.update(bytes),
            AnyHasher::Sha3_512(h) => h.update(bytes),
        }
    }

    pub fn finalize(self) -> RawDigest {
        match self {
            AnyHasher::Server(h) => h.finalize(),
            AnyHasher::Sha224(h) => RawDigest::from_slice(&h.finalize()),
            AnyHasher::Sha384(h) => RawDigest::from_slice(&h.finalize()),
            AnyHasher::Sha512_224(h) => RawDigest::from_slice(&h.finalize()),
            AnyHasher::Sha512_256(h) => RawDigest::from_slice(&h.finalize()),
            AnyHasher::Sha3_224(h) => RawDigest::from_slice(&h.finalize()),
            AnyHasher::Sha3_256(h) => RawDigest::from_slice(&h.finalize()),
            AnyHasher::Sha3_384(h) => RawDigest::from_slice(&h.finalize()),
            AnyHasher::Sha3_512(h) => RawDigest::from_slice(&h.finalize()),
        }
    }
}

/// The digest of `bytes` under `a`.
pub(crate) fn digest(a: Algorithm, bytes: &[u8]) -> RawDigest {
    let mut h = AnyHasher::new(a);
    h.update(bytes);
    h.finalize()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers_for_abc() {
        // FIPS 180-4 / FIPS 202 example values for "abc".
        let cases = [
            (
                Algorithm::Sha224,
                "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
            ),
            (
                Algorithm::Sha512_256,
                "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
            ),
            (
                Algorithm::Sha3_256,
                "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
            ),
        ];
        for (a, want) in cases {
            assert_eq!(digest(a, b"abc").to_hex().as_str(), want, "{a}");
        }
        assert_eq!(digest(Algorithm::Sha384, b"abc").as_bytes().len(), 48);
    }

    #[test]
    fn lengths_name_every_algorithm_that_fits() {
        let names: Vec<_> = Algorithm::with_digest_len(48)
            .map(|a| a.cli_name())
            .collect();
        assert_eq!(names, ["sha384", "sha3-384"]);
    }
}
