//! Property-testing support for downstream CI (feature `proptest`): strategies for widget KS
//! strings, tokens and planted mistakes, and a helper that checks a caller's own tokenHash
//! function and, on failure, returns the diagnosis of the failing case.
//!
//! ```
//! use ks_core::digest::{HashType, token_hash};
//! // Your implementation under test:
//! fn my_token_hash(ks: &str, token: &str, ht: HashType) -> String {
//!     token_hash(ht, ks, token).as_str().to_string()
//! }
//! ks_core::testing::check_token_hash_fn(my_token_hash, 64).unwrap();
//!
//! // A buggy one is caught, and the diagnosis says why:
//! let buggy = |ks: &str, token: &str, ht: HashType| token_hash(ht, token, ks).as_str().to_string();
//! let failure = ks_core::testing::check_token_hash_fn(buggy, 64).unwrap_err();
//! assert_eq!(failure.diagnosis.explanations[0].causes[0].code.as_str(), "swapped_order");
//! ```

use crate::diagnose::{Case, CauseCode, Diagnosis, diagnose};
use crate::digest::{HashType, digest_parts, hmac_digest, token_hash};
use crate::ks::{Generator, KsSpec, Randomness, generate};
use base64::Engine as _;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};

/// Any of the four hash types.
pub fn hash_type() -> impl Strategy<Value = HashType> {
    prop::sample::select(HashType::ALL.to_vec())
}

/// A token as the server makes them: 32 lowercase hex characters.
pub fn token() -> impl Strategy<Value = String> {
    any::<[u8; 16]>().prop_map(hex::encode)
}

/// A widget KS v1 as startWidgetSession returns it (server generator, 9 fields).
pub fn widget_ks_v1() -> impl Strategy<Value = String> {
    (
        100_000i64..5_000_000,
        1_600_000_000i64..1_900_000_000,
        0u32..10_000,
        "[0-9a-f]{32}",
    )
        .prop_map(|(pid, created, frac, secret)| {
            let spec = KsSpec::widget(pid, created + 86_400);
            generate(
                &spec,
                &secret,
                Generator::Server,
                &Randomness::V1Rand(format!("{created}.{frac:04}")),
            )
            .ks
        })
}

/// A widget KS v2 as startWidgetSession returns it for partners on KS v2.
pub fn widget_ks_v2() -> impl Strategy<Value = String> {
    (
        100_000i64..5_000_000,
        1_600_000_000i64..1_900_000_000,
        any::<[u8; 16]>(),
        "[0-9a-f]{32}",
    )
        .prop_map(|(pid, expiry, random, secret)| {
            generate(
                &KsSpec::widget(pid, expiry),
                &secret,
                Generator::Server,
                &Randomness::V2Random(random),
            )
            .ks
        })
}

/// A widget KS of either version.
pub fn widget_ks() -> impl Strategy<Value = String> {
    prop_oneof![widget_ks_v1(), widget_ks_v2()]
}

/// A mistake from causes.md, planted on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mistake {
    /// Another algorithm (SHA-256 for SHA-1; SHA-1 for the others).
    WrongHashType,
    /// `H(token + KS)`.
    SwappedOrder,
    /// `echo` without `-n`.
    TrailingNewline,
    /// A CRLF file line.
    TrailingCrlf,
    /// Uppercase hex.
    UppercaseHex,
    /// base64 of the raw digest.
    Base64Digest,
    /// UTF-16LE text (.NET `Encoding.Unicode`).
    Utf16Le,
    /// A zero-width space copied from a page, after the token.
    ZeroWidthSpace,
    /// The token sent as the hash.
    TokenAsHash,
    /// The app token id hashed instead of the token.
    TokenIdForToken,
    /// HMAC keyed with the token.
    Hmac,
    /// `sha1sum`'s `  -` suffix kept.
    Sha1sumSuffix,
    /// A `:` between KS and token.
    Separator,
    /// Only the token hashed.
    TokenOnly,
    /// Digest of the hex digest.
    DoubleHash,
    /// The token in double quotes.
    QuotedToken,
}

impl Mistake {
    /// Every planted mistake.
    pub const ALL: [Mistake; 16] = [
        Mistake::WrongHashType,
        Mistake::SwappedOrder,
        Mistake::TrailingNewline,
        Mistake::TrailingCrlf,
        Mistake::UppercaseHex,
        Mistake::Base64Digest,
        Mistake::Utf16Le,
        Mistake::ZeroWidthSpace,
        Mistake::TokenAsHash,
        Mistake::TokenIdForToken,
        Mistake::Hmac,
        Mistake::Sha1sumSuffix,
        Mistake::Separator,
        Mistake::TokenOnly,
        Mistake::DoubleHash,
        Mistake::QuotedToken,
    ];

    /// The cause code a diagnosis must name for this mistake.
    pub fn cause(self) -> CauseCode {
        match self {
            Mistake::WrongHashType => CauseCode::WrongHashType,
            Mistake::SwappedOrder => CauseCode::SwappedOrder,
            Mistake::TrailingNewline | Mistake::TrailingCrlf => CauseCode::Whitespace,
            Mistake::UppercaseHex => CauseCode::HexCase,
            Mistake::Base64Digest => CauseCode::DigestEncoding,
            Mistake::Utf16Le => CauseCode::TextEncoding,
            Mistake::ZeroWidthSpace => CauseCode::NonAsciiChar,
            Mistake::TokenAsHash => CauseCode::TokenAsHash,
            Mistake::TokenIdForToken => CauseCode::TokenIdForToken,
            Mistake::Hmac => CauseCode::Hmac,
            Mistake::Sha1sumSuffix => CauseCode::HashDecoration,
            Mistake::Separator => CauseCode::Separator,
            Mistake::TokenOnly => CauseCode::TokenOnly,
            Mistake::DoubleHash => CauseCode::DoubleHash,
            Mistake::QuotedToken => CauseCode::Quoted,
        }
    }

    /// The tokenHash a client making this mistake sends. `token_id` is used by
    /// `TokenIdForToken` only.
    pub fn apply(self, ht: HashType, ks: &str, token: &str, token_id: &str) -> String {
        let hex =
            |parts: &[&[u8]], h: HashType| digest_parts(h, parts).to_hex().as_str().to_string();
        let good = || token_hash(ht, ks, token).as_str().to_string();
        match self {
            Mistake::WrongHashType => hex(
                &[ks.as_bytes(), token.as_bytes()],
                if ht == HashType::Sha1 {
                    HashType::Sha256
                } else {
                    HashType::Sha1
                },
            ),
            Mistake::SwappedOrder => hex(&[token.as_bytes(), ks.as_bytes()], ht),
            Mistake::TrailingNewline => hex(&[ks.as_bytes(), token.as_bytes(), b"\n"], ht),
            Mistake::TrailingCrlf => hex(&[ks.as_bytes(), token.as_bytes(), b"\r\n"], ht),
            Mistake::UppercaseHex => good().to_uppercase(),
            Mistake::Base64Digest => base64::engine::general_purpose::STANDARD
                .encode(digest_parts(ht, &[ks.as_bytes(), token.as_bytes()]).as_bytes()),
            Mistake::Utf16Le => {
                let bytes: Vec<u8> = format!("{ks}{token}")
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect();
                hex(&[&bytes], ht)
            }
            Mistake::ZeroWidthSpace => hex(
                &[ks.as_bytes(), token.as_bytes(), "\u{200B}".as_bytes()],
                ht,
            ),
            Mistake::TokenAsHash => token.to_string(),
            Mistake::TokenIdForToken => hex(&[ks.as_bytes(), token_id.as_bytes()], ht),
            Mistake::Hmac => hmac_digest(ht, token.as_bytes(), ks.as_bytes())
                .to_hex()
                .as_str()
                .to_string(),
            Mistake::Sha1sumSuffix => format!("{}  -", good()),
            Mistake::Separator => hex(&[ks.as_bytes(), b":", token.as_bytes()], ht),
            Mistake::TokenOnly => hex(&[token.as_bytes()], ht),
            Mistake::DoubleHash => hex(&[good().as_bytes()], ht),
            Mistake::QuotedToken => hex(&[ks.as_bytes(), b"\"", token.as_bytes(), b"\""], ht),
        }
    }
}

/// Any planted mistake.
pub fn mistake() -> impl Strategy<Value = Mistake> {
    prop::sample::select(Mistake::ALL.to_vec())
}

/// A failing case found by [`check_token_hash_fn`], with its diagnosis.
#[derive(Debug)]
pub struct TokenHashFailure {
    /// The KS of the (shrunk) failing case.
    pub ks: String,
    /// The token of the failing case.
    pub token: String,
    /// The hash type of the failing case.
    pub hash_type: HashType,
    /// What the function under test returned.
    pub got: String,
    /// Why it is wrong, proven where possible.
    pub diagnosis: Diagnosis,
}

/// Property-tests `f(ks, token, hash_type) -> tokenHash` against the server's rule over
/// `cases` random widget KS (v1 and v2), tokens and hash types.
pub fn check_token_hash_fn(
    f: impl Fn(&str, &str, HashType) -> String,
    cases: u32,
) -> Result<(), Box<TokenHashFailure>> {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&(widget_ks(), token(), hash_type()), |(ks, token, ht)| {
        let got = f(&ks, &token, ht);
        if got == token_hash(ht, &ks, &token).as_str() {
            Ok(())
        } else {
            Err(TestCaseError::fail("mismatch"))
        }
    });
    let (ks, token, ht) = match result {
        Ok(()) => return Ok(()),
        Err(TestError::Fail(_, shrunk)) => shrunk,
        // Nothing here rejects cases, so an abort cannot happen; report it as a failure of
        // the empty case rather than claim success.
        Err(TestError::Abort(_)) => (String::new(), String::new(), HashType::Sha1),
    };
    let got = f(&ks, &token, ht);
    let mut case = Case::new(&ks, &token, &got);
    case.hash_type = Some(ht);
    let diagnosis = diagnose(&case);
    Err(Box::new(TokenHashFailure {
        ks,
        token,
        hash_type: ht,
        got,
        diagnosis,
    }))
}
