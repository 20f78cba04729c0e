//! Findings read from the shape of a value alone: a claimed hash that is a language's
//! default text for an object (it cannot be recomputed), and a token that is not what the
//! server issues (`AppToken::generateToken`: 32 lowercase hex characters, md5 of random data).

use super::finding::{Finding, FindingCode};

/// A language's default text for an object, how to recognize it, and the call to use.
struct ObjectText {
    language: &'static str,
    what: &'static str,
    fix: &'static str,
    matches: fn(&str) -> bool,
}

fn hex_tail(s: &str, prefix: &str) -> bool {
    s.strip_prefix(prefix)
        .is_some_and(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_hexdigit()))
}

const OBJECT_TEXTS: [ObjectText; 8] = [
    ObjectText {
        language: "Java",
        what: "byte[].toString() (type [B, then the identity hash code)",
        fix: "HexFormat.of().formatHex(digest) (Java 17+), or String.format(\"%040x\", new BigInteger(1, digest)) sized to the digest",
        matches: |s| hex_tail(s, "[B@"),
    },
    ObjectText {
        language: ".NET",
        what: "byte[].ToString()",
        fix: "Convert.ToHexString(digest).ToLowerInvariant() (.NET 5+)",
        matches: |s| s == "System.Byte[]",
    },
    ObjectText {
        language: "Python",
        what: "str() of a hashlib object",
        fix: "hashlib.sha1((ks + token).encode()).hexdigest()",
        matches: |s| s.starts_with('<') && s.contains("HASH object"),
    },
    ObjectText {
        language: "Python",
        what: "the hexdigest method itself, not its result (hexdigest without ())",
        fix: "call it: h.hexdigest()",
        matches: |s| s.starts_with("<built-in method ") || s.starts_with("<bound method "),
    },
    ObjectText {
        language: "JavaScript",
        what: "String() of an object or ArrayBuffer",
        fix: "crypto.createHash('sha1').update(ks + token).digest('hex') (Node), or map each byte of new Uint8Array(await crypto.subtle.digest(...)) to b.toString(16).padStart(2, '0')",
        matches: |s| s.starts_with("[object ") && s.ends_with(']'),
    },
    ObjectText {
        language: "PHP",
        what: "a resource (hash_init) converted to a string",
        fix: "hash_final($ctx) (hex by default), or sha1($ks . $token)",
        matches: |s| s.starts_with("Resource id #") || s.starts_with("Object id #"),
    },
    ObjectText {
        language: "Perl",
        what: "a reference (a Digest object) converted to a string",
        fix: "$ctx->hexdigest, or Digest::SHA::sha1_hex($ks . $token)",
        matches: |s| {
            ["SCALAR(0x", "HASH(0x", "ARRAY(0x", "=HASH(0x", "=SCALAR(0x"]
                .iter()
                .any(|p| s.contains(p))
                && s.ends_with(')')
        },
    },
    ObjectText {
        language: "Ruby",
        what: "inspect of a Digest object",
        fix: "Digest::SHA1.hexdigest(ks + token)",
        matches: |s| s.starts_with("#<Digest::"),
    },
];

/// `hash_is_object_text`, when the claimed hash is a language's object text.
pub(crate) fn object_text(claimed: &str) -> Option<Finding> {
    let s = claimed.trim();
    let o = OBJECT_TEXTS.iter().find(|o| (o.matches)(s))?;
    Some(
        Finding::new(
            FindingCode::HashIsObjectText,
            format!(
                "the claimed hash is not a digest: it is {}'s text for {}; nothing can be recomputed from it; send the hex digest instead: {}",
                o.language, o.what, o.fix
            ),
        )
        .with("language", o.language)
        .with("call", o.fix),
    )
}

/// `hash_is_message`, when the claimed hash is the text that should have been hashed (the
/// KS and the token, either order, or the KS alone): `--hash "$KS$TOKEN"`, or a program
/// that sent its message and forgot the digest. Nothing of the value is quoted (it holds the
/// token); its length and parts are said.
pub(crate) fn message_as_hash(claimed: &str, ks: &str, token: &str) -> Option<Finding> {
    let c = claimed.trim();
    if ks.is_empty() || c.len() < ks.len() {
        return None;
    }
    let what = if !token.is_empty() && c == format!("{ks}{token}") {
        "the KS followed by the token"
    } else if !token.is_empty() && c == format!("{token}{ks}") {
        "the token followed by the KS"
    } else if c == ks {
        "the KS itself"
    } else if c.contains(ks) {
        "text that holds the whole KS"
    } else {
        return None;
    };
    Some(
        Finding::new(
            FindingCode::HashIsMessage,
            format!(
                "the hash given is not a digest: it is {what} ({} characters), the message to hash; send its digest instead, lowercase_hex(H(KS + token)) with H the app token's hashType (`ksdiag hash` prints it)",
                c.chars().count()
            ),
        )
        .with("what", what),
    )
}

/// `token_shape`, when `token` is not 32 lowercase hex characters (what `appToken.add`
/// issues: `bin2hex(openssl_random_pseudo_bytes(16))`, `AppToken::preInsert`). `which` names
/// the value in the finding's message, e.g. "the token".
pub fn token_shape(token: &str, which: &str) -> Option<Finding> {
    let n = token.chars().count();
    let hex = token
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if n == 32 && hex {
        return None;
    }
    let what = match (n, hex) {
        (32, false) => "32 characters, but not all lowercase hex".to_string(),
        (n, true) => format!("{n} hex characters"),
        (n, false) => format!("{n} characters, not all lowercase hex"),
    };
    Some(
        Finding::new(
            FindingCode::TokenShape,
            format!(
                "{which} has {what}; the server issues tokens of 32 lowercase hex characters: check it was copied whole from appToken.add / appToken.get"
            ),
        )
        .with("length", n),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_language() {
        for (s, lang) in [
            ("[B@5e2de80c", "Java"),
            ("System.Byte[]", ".NET"),
            ("<sha1 _hashlib.HASH object @ 0x7f3a2c1b8d50>", "Python"),
            (
                "<built-in method hexdigest of _hashlib.HASH object at 0x7f>",
                "Python",
            ),
            ("[object ArrayBuffer]", "JavaScript"),
            ("Resource id #5", "PHP"),
            ("Digest::SHA=SCALAR(0x55d0c8a1e2f0)", "Perl"),
        ] {
            let f = object_text(s).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(f.details[0].1, lang, "{s}");
        }
        assert!(object_text("a9993e364706816aba3e25717850c26c9cd0d89d").is_none());
    }

    #[test]
    fn hash_that_is_the_message_not_its_digest_is_named() {
        let f = message_as_hash("KSTEXTtok", "KSTEXT", "tok").unwrap();
        assert_eq!(f.code, FindingCode::HashIsMessage);
        assert!(
            f.message
                .contains("the KS followed by the token (9 characters)"),
            "{}",
            f.message
        );
        assert!(!f.message.contains("KSTEXT"), "{}", f.message);
        let f = message_as_hash("tokKSTEXT", "KSTEXT", "tok").unwrap();
        assert!(
            f.message.contains("the token followed by the KS"),
            "{}",
            f.message
        );
        assert!(message_as_hash("KSTEXT", "KSTEXT", "tok").is_some());
        assert!(
            message_as_hash("a9993e364706816aba3e25717850c26c9cd0d89d", "KSTEXT", "tok").is_none()
        );
        assert!(message_as_hash("x", "", "tok").is_none());
    }

    #[test]
    fn token_shape_counts() {
        assert!(token_shape("7d3f0c2b9a8e4f1d6c5b0a9e8d7c6b5a", "t").is_none());
        let f = token_shape("7d3f0c2b9a8e4f1d6c5b0a9e8d7c6b5", "the token");
        assert!(f.unwrap().message.contains("31 hex characters"));
    }
}
