//! A clonable streaming hasher over the four app-token digests, with stack-allocated output.
//!
//! The diagnosis engine hashes the KS once and clones the state for every candidate suffix,
//! so the hasher is an enum of the concrete RustCrypto types (cheap `Clone`, no boxing).

use super::HashType;
use md5::Md5;
use sha1::{Digest as _, Sha1};
use sha2::{Sha256, Sha512};

/// The longest digest (SHA-512) in bytes.
pub const MAX_DIGEST_LEN: usize = 64;

/// A digest held on the stack.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RawDigest {
    bytes: [u8; MAX_DIGEST_LEN],
    len: u8,
}

impl RawDigest {
    /// A digest from its bytes (at most [`MAX_DIGEST_LEN`]; longer input is cut).
    pub(crate) fn from_slice(bytes: &[u8]) -> RawDigest {
        let n = bytes.len().min(MAX_DIGEST_LEN);
        let mut out = RawDigest {
            bytes: [0u8; MAX_DIGEST_LEN],
            len: n as u8,
        };
        out.bytes[..n].copy_from_slice(&bytes[..n]);
        out
    }

    /// The digest bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
    }

    /// Whether `hex` is exactly the lowercase hex of this digest (what the server's strict
    /// comparison accepts), without building the hex text.
    ///
    /// ```
    /// use ks_core::digest::{HashType, digest_parts};
    /// let d = digest_parts(HashType::Md5, &[b"abc"]);
    /// assert!(d.matches_lower_hex(b"900150983cd24fb0d6963f7d28e17f72"));
    /// assert!(!d.matches_lower_hex(b"900150983CD24FB0D6963F7D28E17F72"));
    /// assert!(!d.matches_lower_hex(b"900150983cd24fb0"));
    /// ```
    pub fn matches_lower_hex(&self, hex: &[u8]) -> bool {
        const LOWER: &[u8; 16] = b"0123456789abcdef";
        let bytes = self.as_bytes();
        if hex.len() != bytes.len() * 2 {
            return false;
        }
        let mut diff = 0u8;
        for (b, pair) in bytes.iter().zip(hex.chunks_exact(2)) {
            diff |= LOWER[(b >> 4) as usize] ^ pair[0];
            diff |= LOWER[(b & 0x0f) as usize] ^ pair[1];
        }
        diff == 0
    }

    /// Lowercase hex of the digest, on the stack.
    pub fn to_hex(&self) -> HexDigest {
        HexDigest::encode(self.as_bytes(), b"0123456789abcdef")
    }

    /// Uppercase hex of the digest, on the stack.
    pub fn to_upper_hex(&self) -> HexDigest {
        HexDigest::encode(self.as_bytes(), b"0123456789ABCDEF")
    }
}

impl std::fmt::Debug for RawDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.to_hex().as_str())
    }
}

/// Hex text of a digest, held on the stack (no allocation per candidate).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct HexDigest {
    text: [u8; MAX_DIGEST_LEN * 2],
    len: u8,
}

impl HexDigest {
    fn encode(bytes: &[u8], alphabet: &[u8; 16]) -> HexDigest {
        let mut text = [0u8; MAX_DIGEST_LEN * 2];
        for (i, b) in bytes.iter().enumerate() {
            text[2 * i] = alphabet[(b >> 4) as usize];
            text[2 * i + 1] = alphabet[(b & 0x0f) as usize];
        }
        HexDigest {
            text,
            len: (bytes.len() * 2) as u8,
        }
    }

    /// The hex text.
    pub fn as_str(&self) -> &str {
        // Only ASCII hex digits are ever written into `text`.
        std::str::from_utf8(&self.text[..self.len as usize]).unwrap_or_default()
    }
}

impl std::fmt::Debug for HexDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for HexDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A streaming hasher for one [`HashType`].
#[derive(Clone)]
pub enum Hasher {
    /// MD5 state.
    Md5(Md5),
    /// SHA-1 state.
    Sha1(Sha1),
    /// SHA-256 state.
    Sha256(Sha256),
    /// SHA-512 state.
    Sha512(Sha512),
}

impl Hasher {
    /// A fresh hasher for `hash_type`.
    pub fn new(hash_type: HashType) -> Hasher {
        match hash_type {
            HashType::Md5 => Hasher::Md5(Md5::new()),
            HashType::Sha1 => Hasher::Sha1(Sha1::new()),
            HashType::Sha256 => Hasher::Sha256(Sha256::new()),
            HashType::Sha512 => Hasher::Sha512(Sha512::new()),
        }
    }

    /// Feeds more bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Md5(h) => h.update(bytes),
            Hasher::Sha1(h) => h.update(bytes),
            Hasher::Sha256(h) => h.update(bytes),
            Hasher::Sha512(h) => h.update(bytes),
        }
    }

    /// Finishes and returns the digest.
    pub fn finalize(self) -> RawDigest {
        let mut out = RawDigest {
            bytes: [0u8; MAX_DIGEST_LEN],
            len: 0,
        };
        let written: &[u8] = match self {
            Hasher::Md5(h) => &h.finalize(),
            Hasher::Sha1(h) => &h.finalize(),
            Hasher::Sha256(h) => &h.finalize(),
            Hasher::Sha512(h) => &h.finalize(),
        };
        out.bytes[..written.len()].copy_from_slice(written);
        out.len = written.len() as u8;
        out
    }
}

/// The digest of the concatenation of `parts`.
pub fn digest_parts(hash_type: HashType, parts: &[&[u8]]) -> RawDigest {
    let mut h = Hasher::new(hash_type);
    for p in parts {
        h.update(p);
    }
    h.finalize()
}

/// HMAC of `message` under `key`, for the `hmac` cause (a third-party guide calls it HMAC).
pub fn hmac_digest(hash_type: HashType, key: &[u8], message: &[u8]) -> RawDigest {
    use hmac::{KeyInit, Mac, SimpleHmac};
    fn run<M: Mac + KeyInit>(key: &[u8], message: &[u8]) -> RawDigest {
        let mut out = RawDigest {
            bytes: [0u8; MAX_DIGEST_LEN],
            len: 0,
        };
        // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
        if let Ok(mut mac) = <M as KeyInit>::new_from_slice(key) {
            mac.update(message);
            let tag = mac.finalize().into_bytes();
            out.bytes[..tag.len()].copy_from_slice(&tag);
            out.len = tag.len() as u8;
        }
        out
    }
    match hash_type {
        HashType::Md5 => run::<SimpleHmac<Md5>>(key, message),
        HashType::Sha1 => run::<SimpleHmac<Sha1>>(key, message),
        HashType::Sha256 => run::<SimpleHmac<Sha256>>(key, message),
        HashType::Sha512 => run::<SimpleHmac<Sha512>>(key, message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers_for_abc() {
        let cases = [
            (HashType::Md5, "900150983cd24fb0d6963f7d28e17f72"),
            (HashType::Sha1, "a9993e364706816aba3e25717850c26c9cd0d89d"),
            (
                HashType::Sha256,
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
        ];
        for (h, want) in cases {
            assert_eq!(digest_parts(h, &[b"a", b"bc"]).to_hex().as_str(), want);
        }
    }

    #[test]
    fn cloned_prefix_state_equals_one_shot() {
        let mut prefix = Hasher::new(HashType::Sha512);
        prefix.update(b"KS-PREFIX");
        let mut a = prefix.clone();
        a.update(b"token");
        assert_eq!(
            a.finalize(),
            digest_parts(HashType::Sha512, &[b"KS-PREFIXtoken"])
        );
    }

    #[test]
    fn hmac_matches_rfc_2202_case_2() {
        let got = hmac_digest(HashType::Sha1, b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            got.to_hex().as_str(),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
        assert_eq!(
            got.to_upper_hex().as_str(),
            "EFFCDF6AE5EB2FA2D27416D5F184DF9C259A7C79"
        );
    }
}
