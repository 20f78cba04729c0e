//! What the shape of an unexplained claimed hash still says.

use crate::digest::HashType;

/// Plain-language evidence about a claimed hash that nothing reproduced: its shape only.
/// What was tried is reported from the run itself ([`ruled_out`]), never guessed.
pub(crate) fn describe(claimed: &str, expected: HashType, token: &str) -> Vec<String> {
    let mut out = Vec::new();
    let len = claimed.len();
    let lower_hex = !claimed.is_empty()
        && claimed
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let any_hex = !claimed.is_empty() && claimed.bytes().all(|b| b.is_ascii_hexdigit());
    if lower_hex && len == expected.hex_len() {
        out.push(format!(
            "{len} lowercase hex characters: exactly the shape of a correct {} tokenHash, so the algorithm and rendering are right and a different message was hashed",
            expected.kaltura_name()
        ));
    } else if any_hex && let Some(other) = HashType::from_hex_len(len) {
        out.push(format!(
            "{len} hex characters: the shape of a {} digest of some other message",
            other.kaltura_name()
        ));
    } else if any_hex {
        out.push(format!(
            "{len} hex characters: no digest has this length ({} needs {})",
            expected.kaltura_name(),
            expected.hex_len()
        ));
    } else if claimed.len() == token.len() {
        out.push("as long as the token but different from it: perhaps another app token's token was pasted".into());
    } else {
        // Count characters, not UTF-8 bytes (a binary file is read one character a byte);
        // say when some are not ASCII, which no written hash contains.
        let chars = claimed.chars().count();
        let non_ascii = claimed.chars().filter(|c| !c.is_ascii()).count();
        let read = if non_ascii > 0 {
            format!(" ({non_ascii} of them not ASCII: binary data, not a hash written as text?)")
        } else {
            String::new()
        };
        out.push(format!(
            "{chars} characters{read} that are not a hex or base64 digest of any supported algorithm"
        ));
    }
    out
}

/// What this run ruled out, from the inputs it had.
pub(crate) fn ruled_out(other_ks: usize, token_id: bool, readings: usize) -> Vec<String> {
    let mut out = Vec::new();
    if other_ks > 0 {
        out.push(format!(
            "ruled out in this run: the hash made over any of the {other_ks} other KS given (different_ks), alone or with one more mistake"
        ));
    }
    if token_id {
        out.push("ruled out in this run: the app token id hashed in place of the token (token_id_for_token)".to_string());
    }
    if readings > 1 {
        out.push(format!(
            "ruled out in this run: each of the {readings} hashTypes the server offers, with every mistake in the catalogue"
        ));
    }
    out
}

/// A hex claim whose length fits none of the server's four digests: the algorithms it fits.
pub(crate) fn other_algorithms(claimed: &str) -> Option<String> {
    use super::algorithm::Algorithm;
    let hex = !claimed.is_empty() && claimed.bytes().all(|b| b.is_ascii_hexdigit());
    if !hex || HashType::from_hex_len(claimed.len()).is_some() {
        return None;
    }
    let names: Vec<&str> = Algorithm::ALL
        .iter()
        .filter(|a| a.hex_len() == claimed.len())
        .map(|a| a.kaltura_name())
        .collect();
    (!names.is_empty()).then(|| {
        format!(
            "{} hex characters fit none of the server's hashTypes; they fit {}: a client that picked that algorithm (with another mistake besides, since it alone does not reproduce the hash)",
            claimed.len(),
            names.join(" or ")
        )
    })
}
