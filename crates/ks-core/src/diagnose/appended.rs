//! `digest_appended` of the digest of nothing: Go's `sha1.New().Sum(msg)` hashes nothing and
//! appends that digest to `msg`, so the hex is `hex(msg) ‖ hex(H(""))`. Recognized from the
//! claim (the tail is a digest of nothing) and proven by the prefix being the message.
//! (`h.Sum(msg)` after writing the message is a target of the main search instead.)

use super::algorithm::{Algorithm, digest};
use super::cause::{Cause, CauseCode};

/// The algorithm, when `claimed` is the hex of `message ‖ H("")`.
pub(crate) fn of_nothing(claimed: &str, message: &[u8]) -> Option<(Algorithm, Cause)> {
    let lower = claimed.to_ascii_lowercase();
    if lower.len() <= message.len() * 2 || !lower.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let bytes = hex::decode(&lower).ok()?;
    let (prefix, tail) = bytes.split_at(message.len());
    if prefix != message {
        return None;
    }
    let a = Algorithm::with_digest_len(tail.len()).find(|a| digest(*a, b"").as_bytes() == tail)?;
    Some((
        a,
        Cause::new(CauseCode::DigestAppended)
            .with("prefix", "message")
            .with("hashed", "nothing"),
    ))
}
