//! Which KS recently issued to a partner a rejected tokenHash's diagnosis tries as the KS meant.

use ks_core::digest::{HashType, token_hash};

/// The newest KS issued to the partner always go to the diagnosis as candidates; of the
/// older ones (up to [`crate::MAX_CANDIDATES`]), those whose plain hash under some hashType,
/// either order, gives the claimed hash. The full search over every candidate costs about a
/// millisecond each when nothing explains the hash; this keeps a diagnosis near that of one KS.
pub const ALWAYS_TRIED: usize = 4;

pub(crate) fn candidates(issued: &[String], token: &str, claimed: &str) -> Vec<String> {
    let claimed = claimed.trim().to_ascii_lowercase();
    // Only a hashType whose hex is as long as the claim can give it.
    let types: Vec<HashType> = HashType::ALL
        .into_iter()
        .filter(|h| h.hex_len() == claimed.len())
        .collect();
    let reproduces = |ks: &String| {
        types.iter().any(|h| {
            token_hash(*h, ks, token).as_str() == claimed
                || token_hash(*h, token, ks).as_str() == claimed
        })
    };
    let mut out: Vec<String> = issued.iter().take(ALWAYS_TRIED).cloned().collect();
    out.extend(
        issued
            .iter()
            .skip(ALWAYS_TRIED)
            .filter(|k| reproduces(k))
            .cloned(),
    );
    out
}
