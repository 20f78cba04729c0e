//! App-token digests: `tokenHash = lowercase_hex(H(KS + token))`.

mod hash_type;
mod hasher;

pub use hash_type::{HashType, UnknownHashType};
pub use hasher::{Hasher, HexDigest, MAX_DIGEST_LEN, RawDigest, digest_parts, hmac_digest};

/// The correct `tokenHash` for `ks` and `token`: lowercase hex of `H(ks + token)`.
///
/// Source: `AppToken::calcHash` in kaltura/server (`hash($hashType, $ks . $token)`).
///
/// ```
/// use ks_core::digest::{token_hash, HashType};
/// let h = token_hash(HashType::Sha1, "KS", "token");
/// assert_eq!(h.as_str().len(), 40);
/// ```
pub fn token_hash(hash_type: HashType, ks: &str, token: &str) -> HexDigest {
    digest_parts(hash_type, &[ks.as_bytes(), token.as_bytes()]).to_hex()
}
