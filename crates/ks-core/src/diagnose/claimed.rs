//! Reading the claimed tokenHash: which digests and renderings could have produced it.
//!
//! The shape is read once: the alphabet and length say which algorithms and renderings can
//! apply, so the search hashes only what could match and never rehashes for a rendering.

use super::cause::{Cause, CauseCode};
use crate::digest::HashType;
use base64::Engine as _;

/// How a target is compared with a computed digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Matcher {
    /// The digest bytes equal these.
    Bytes(Vec<u8>),
    /// Lowercase hex of the digest, leading zeros removed, equals this text.
    HexWithoutLeadingZeros(String),
}

/// One reading of the claimed hash: a digest of `hash_type`, rendered with `render` causes.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub hash_type: HashType,
    pub matcher: Matcher,
    pub render: Vec<Cause>,
}

fn strip_decoration(claimed: &str) -> (&str, Option<Cause>) {
    // The longest run of digest-alphabet characters is the digest; what surrounds it is
    // decoration (`0x`, `sha1=`, `  -` from sha1sum, quotes).
    let is_digest_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '-' | '_' | '=');
    let mut best = (0usize, 0usize);
    let mut start = None;
    for (i, c) in claimed
        .char_indices()
        .chain(std::iter::once((claimed.len(), ' ')))
    {
        match (is_digest_char(c) && i < claimed.len(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if i - s > best.1 - best.0 {
                    best = (s, i);
                }
                start = None;
            }
            _ => {}
        }
    }
    let (mut s, mut e) = best;
    // `0x` prefixes and `sha1=` labels are inside the run: peel them off.
    let run = &claimed[s..e];
    for prefix in ["0x", "0X"] {
        if run.len() > 2
            && run.starts_with(prefix)
            && run[2..].bytes().all(|b| b.is_ascii_hexdigit())
        {
            s += 2;
        }
    }
    if let Some(eq) = claimed[s..e].find('=')
        && claimed[s..s + eq].parse::<HashType>().is_ok()
    {
        s += eq + 1;
    }
    // A trailing '-' belongs to sha1sum's "  -", not to base64url: keep only if no space before.
    while e > s
        && claimed[..e].ends_with('-')
        && claimed[s..e - 1].bytes().all(|b| b.is_ascii_hexdigit())
    {
        e -= 1;
    }
    if s == 0 && e == claimed.len() {
        return (claimed, None);
    }
    let text = format!("{}…{}", &claimed[..s], &claimed[e..]);
    let cause = Cause::new(CauseCode::HashDecoration)
        .with("prefix", &claimed[..s])
        .with("suffix", &claimed[e..])
        .with("text", text);
    (&claimed[s..e], Some(cause))
}

/// Every way the claimed hash could have been rendered from a digest.
pub(crate) fn read_targets(claimed: &str) -> Vec<Target> {
    let (core, decoration) = strip_decoration(claimed);
    let base: Vec<Cause> = decoration.into_iter().collect();
    let mut out = Vec::new();
    let is_hex = !core.is_empty() && core.bytes().all(|b| b.is_ascii_hexdigit());
    if is_hex {
        let lower = core.to_ascii_lowercase();
        let mut render = base.clone();
        if lower != core {
            render.push(Cause::new(CauseCode::HexCase).with(
                "text",
                if core.bytes().any(|b| b.is_ascii_lowercase()) {
                    "mixed"
                } else {
                    "upper"
                },
            ));
        }
        if let Some(ht) = HashType::from_hex_len(core.len())
            && let Ok(bytes) = hex::decode(&lower)
        {
            out.push(Target {
                hash_type: ht,
                matcher: Matcher::Bytes(bytes),
                render: render.clone(),
            });
        }
        // Java's BigInteger.toString(16) drops leading zeros: a shorter hex string.
        if !lower.starts_with('0') {
            for ht in HashType::ALL {
                if core.len() < ht.hex_len() && core.len() + 8 >= ht.hex_len() {
                    let mut r = render.clone();
                    r.push(
                        Cause::new(CauseCode::LeadingZerosDropped)
                            .with("missing", (ht.hex_len() - core.len()).to_string()),
                    );
                    out.push(Target {
                        hash_type: ht,
                        matcher: Matcher::HexWithoutLeadingZeros(lower.clone()),
                        render: r,
                    });
                }
            }
        }
    }
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    for (engine, name) in [
        (&STANDARD, "base64"),
        (&STANDARD_NO_PAD, "base64 (no padding)"),
        (&URL_SAFE, "base64url"),
        (&URL_SAFE_NO_PAD, "base64url (no padding)"),
    ] {
        if let Ok(bytes) = engine.decode(core)
            && let Some(ht) = HashType::ALL
                .into_iter()
                .find(|h| h.digest_len() == bytes.len())
            && !(is_hex && HashType::from_hex_len(core.len()).is_some())
        {
            let mut render = base.clone();
            render.push(Cause::new(CauseCode::DigestEncoding).with("encoding", name));
            out.push(Target {
                hash_type: ht,
                matcher: Matcher::Bytes(bytes),
                render,
            });
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1sum_suffix_is_decoration() {
        let t = read_targets("a9993e364706816aba3e25717850c26c9cd0d89d  -");
        assert_eq!(t[0].hash_type, HashType::Sha1);
        assert_eq!(t[0].render[0].detail("suffix"), Some("  -"));
    }

    #[test]
    fn uppercase_is_hex_case_and_base64_is_digest_encoding() {
        let t = read_targets("A9993E364706816ABA3E25717850C26C9CD0D89D");
        assert_eq!(t[0].render[0].code, CauseCode::HexCase);
        let t = read_targets("qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
        assert_eq!(t[0].hash_type, HashType::Sha1);
        assert_eq!(t[0].render[0].code, CauseCode::DigestEncoding);
    }

    #[test]
    fn labels_and_0x_are_peeled() {
        for s in [
            "0xa9993e364706816aba3e25717850c26c9cd0d89d",
            "sha1=a9993e364706816aba3e25717850c26c9cd0d89d",
        ] {
            let t = read_targets(s);
            assert_eq!(t[0].hash_type, HashType::Sha1, "{s}");
            assert_eq!(t[0].render[0].code, CauseCode::HashDecoration, "{s}");
        }
    }

    #[test]
    fn short_hex_may_have_lost_leading_zeros() {
        let t = read_targets(&"a".repeat(39));
        assert!(t.iter().any(|t| t.hash_type == HashType::Sha1
            && matches!(t.matcher, Matcher::HexWithoutLeadingZeros(_))));
    }
}
