//! Reading the claimed tokenHash: which digests and renderings could have produced it.
//!
//! The shape is read once: the alphabet and length say which algorithms and renderings can
//! apply, so the search hashes only what could match and never rehashes for a rendering.

use super::algorithm::Algorithm;
use super::cause::{Cause, CauseCode};
use super::raw_text::{RawReading, readings};
use crate::digest::HashType;
use base64::Engine as _;

/// How a target is compared with a computed digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Matcher {
    /// The digest bytes equal these.
    Bytes(Vec<u8>),
    /// Lowercase hex of the digest, leading zeros removed, equals this text.
    HexWithoutLeadingZeros(String),
    /// Each byte as lowercase hex without padding (`b.toString(16)`), joined, equals this.
    HexUnpadded(String),
    /// The digest decoded as UTF-8, invalid bytes as U+FFFD, equals this text.
    Utf8Lossy(String),
}

/// One reading of the claimed hash: a digest of `algorithm`, rendered with `render` causes.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub algorithm: Algorithm,
    pub matcher: Matcher,
    pub render: Vec<Cause>,
    /// For `digest_appended`: the bytes before the digest, which must be the message hashed.
    pub needs_message: Option<Vec<u8>>,
}

impl Target {
    /// False for a lossy reading (`Utf8Lossy`), which many different digests match.
    pub fn is_exact(&self) -> bool {
        !matches!(self.matcher, Matcher::Utf8Lossy(_))
    }

    fn new(algorithm: Algorithm, matcher: Matcher, render: Vec<Cause>) -> Target {
        Target {
            algorithm,
            matcher,
            render,
            needs_message: None,
        }
    }
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

/// `AB-CD-…` (.NET `BitConverter.ToString`), `ab:cd:…`, `ab cd …`: the hex digits and the
/// separator, when every pair is split by the same one.
fn strip_separators(claimed: &str) -> Option<(String, char)> {
    let sep = claimed
        .chars()
        .nth(2)
        .filter(|c| matches!(c, '-' | ':' | ' '))?;
    let mut hex = String::with_capacity(claimed.len());
    for (i, pair) in claimed.split(sep).enumerate() {
        if pair.len() != 2 || !pair.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let _ = i;
        hex.push_str(pair);
    }
    (hex.len() >= 32).then_some((hex, sep))
}

/// Every way the claimed hash could have been rendered from a digest.
pub(crate) fn read_targets(claimed: &str) -> Vec<Target> {
    let lens: Vec<usize> = Algorithm::ALL.iter().map(|a| a.digest_len()).collect();
    let mut out = Vec::new();
    for r in readings(claimed, &lens) {
        match r {
            RawReading::Bytes(bytes, rendering) => {
                for a in Algorithm::with_digest_len(bytes.len()) {
                    let render =
                        vec![Cause::new(CauseCode::RawDigest).with("rendering", rendering)];
                    out.push(Target::new(a, Matcher::Bytes(bytes.clone()), render));
                }
            }
            RawReading::Utf8Lossy(text) => {
                let n = text.chars().count();
                for a in Algorithm::ALL.into_iter().filter(|a| a.digest_len() >= n) {
                    let render = vec![
                        Cause::new(CauseCode::RawDigest)
                            .with("rendering", "UTF-8 text (invalid bytes became U+FFFD)"),
                    ];
                    out.push(Target::new(a, Matcher::Utf8Lossy(text.clone()), render));
                }
            }
        }
    }
    if !out.is_empty() {
        return out;
    }
    if let Some((hex, sep)) = strip_separators(claimed) {
        let sep_cause = Cause::new(CauseCode::HexSeparators).with("text", sep.to_string());
        hex_targets(&hex, vec![sep_cause], &mut out);
        return out;
    }
    let (core, decoration) = strip_decoration(claimed);
    let base: Vec<Cause> = decoration.into_iter().collect();
    let is_hex = !core.is_empty() && core.bytes().all(|b| b.is_ascii_hexdigit());
    if is_hex {
        hex_targets(core, base.clone(), &mut out);
    }
    let hex_digest_len = Algorithm::ALL.iter().any(|a| a.hex_len() == core.len());
    if !(is_hex && hex_digest_len) {
        base64_targets(core, &base, &mut out);
    }
    out
}

fn hex_case(core: &str, render: &mut Vec<Cause>) {
    if core.bytes().any(|b| b.is_ascii_uppercase()) {
        render.push(Cause::new(CauseCode::HexCase).with(
            "text",
            if core.bytes().any(|b| b.is_ascii_lowercase()) {
                "mixed"
            } else {
                "upper"
            },
        ));
    }
}

/// Readings of a hex claim: a whole digest, one that lost zeros (leading, or one per byte),
/// or a digest appended to the message (`digest_appended`).
fn hex_targets(core: &str, mut render: Vec<Cause>, out: &mut Vec<Target>) {
    let lower = core.to_ascii_lowercase();
    hex_case(core, &mut render);
    let n = core.len();
    for a in Algorithm::ALL {
        if n == a.hex_len() {
            if let Ok(bytes) = hex::decode(&lower) {
                out.push(Target::new(a, Matcher::Bytes(bytes), render.clone()));
            }
            continue;
        }
        // Java's BigInteger.toString(16) drops leading zeros: a shorter hex string.
        if n < a.hex_len() && n + 8 >= a.hex_len() && !lower.starts_with('0') {
            let mut r = render.clone();
            r.push(
                Cause::new(CauseCode::LeadingZerosDropped)
                    .with("missing", (a.hex_len() - n).to_string()),
            );
            out.push(Target::new(
                a,
                Matcher::HexWithoutLeadingZeros(lower.clone()),
                r,
            ));
        }
        // `b.toString(16)` per byte: one zero lost per byte below 0x10, anywhere.
        // Each byte is below 0x10 with odds 1/16: more than a quarter of them is no digest.
        if n < a.hex_len() && n + a.digest_len() / 4 >= a.hex_len() {
            let mut r = render.clone();
            r.push(
                Cause::new(CauseCode::HexUnpaddedBytes)
                    .with("missing", (a.hex_len() - n).to_string()),
            );
            out.push(Target::new(a, Matcher::HexUnpadded(lower.clone()), r));
        }
        // Go's `h.Sum(b)` appends the digest to `b`: hex(message ‖ digest).
        if n > a.hex_len()
            && n.is_multiple_of(2)
            && let Ok(bytes) = hex::decode(&lower)
        {
            let (prefix, tail) = bytes.split_at(bytes.len() - a.digest_len());
            let mut r = render.clone();
            r.push(
                Cause::new(CauseCode::DigestAppended)
                    .with("prefix", "message")
                    .with("hashed", "message"),
            );
            let mut t = Target::new(a, Matcher::Bytes(tail.to_vec()), r);
            t.needs_message = Some(prefix.to_vec());
            out.push(t);
        }
    }
}

/// base64 of the digest, or base64 of its hex text (`base64_of_hex`).
fn base64_targets(core: &str, base: &[Cause], out: &mut Vec<Target>) {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    for (engine, name) in [
        (&STANDARD, "base64"),
        (&STANDARD_NO_PAD, "base64 (no padding)"),
        (&URL_SAFE, "base64url"),
        (&URL_SAFE_NO_PAD, "base64url (no padding)"),
    ] {
        let Ok(bytes) = engine.decode(core) else {
            continue;
        };
        let mut render = base.to_vec();
        let hex_text = std::str::from_utf8(&bytes)
            .ok()
            .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_hexdigit()));
        if let Some(text) = hex_text
            && Algorithm::ALL.iter().any(|a| a.hex_len() == text.len())
        {
            render.push(Cause::new(CauseCode::DigestEncoding).with("encoding", "base64_of_hex"));
            hex_case(text, &mut render);
            if let Ok(raw) = hex::decode(text.to_ascii_lowercase()) {
                for a in Algorithm::with_digest_len(raw.len()) {
                    out.push(Target::new(a, Matcher::Bytes(raw.clone()), render.clone()));
                }
            }
            break;
        }
        if Algorithm::ALL.iter().any(|a| a.digest_len() == bytes.len()) {
            render.push(Cause::new(CauseCode::DigestEncoding).with("encoding", name));
            for a in Algorithm::with_digest_len(bytes.len()) {
                out.push(Target::new(
                    a,
                    Matcher::Bytes(bytes.clone()),
                    render.clone(),
                ));
            }
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1sum_suffix_is_decoration() {
        let t = read_targets("a9993e364706816aba3e25717850c26c9cd0d89d  -");
        assert_eq!(t[0].algorithm, HashType::Sha1);
        assert_eq!(t[0].render[0].detail("suffix"), Some("  -"));
    }

    #[test]
    fn uppercase_is_hex_case_and_base64_is_digest_encoding() {
        let t = read_targets("A9993E364706816ABA3E25717850C26C9CD0D89D");
        assert_eq!(t[0].render[0].code, CauseCode::HexCase);
        let t = read_targets("qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
        assert_eq!(t[0].algorithm, HashType::Sha1);
        assert_eq!(t[0].render[0].code, CauseCode::DigestEncoding);
    }

    #[test]
    fn labels_and_0x_are_peeled() {
        for s in [
            "0xa9993e364706816aba3e25717850c26c9cd0d89d",
            "sha1=a9993e364706816aba3e25717850c26c9cd0d89d",
        ] {
            let t = read_targets(s);
            assert_eq!(t[0].algorithm, HashType::Sha1, "{s}");
            assert_eq!(t[0].render[0].code, CauseCode::HashDecoration, "{s}");
        }
    }

    #[test]
    fn short_hex_may_have_lost_leading_zeros() {
        let t = read_targets(&"a".repeat(39));
        assert!(t.iter().any(|t| t.algorithm == HashType::Sha1
            && matches!(t.matcher, Matcher::HexWithoutLeadingZeros(_))));
    }
}
