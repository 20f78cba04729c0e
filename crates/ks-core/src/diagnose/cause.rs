//! Cause codes (stable public contract, spec causes.md) and how common each mistake is.

/// A cause code. The string forms are a stable contract: add new ones, never rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum CauseCode {
    /// Another algorithm than the app token's hashType.
    WrongHashType,
    /// `H(token + KS)`.
    SwappedOrder,
    /// Extra whitespace hashed along.
    Whitespace,
    /// UTF-16/UTF-32 or a BOM.
    TextEncoding,
    /// An invisible or look-alike non-ASCII character hashed along.
    NonAsciiChar,
    /// The claimed hash is the token itself.
    TokenAsHash,
    /// The app token id hashed in place of the token.
    TokenIdForToken,
    /// Uppercase or mixed-case hex.
    HexCase,
    /// base64 / base64url digest instead of hex.
    DigestEncoding,
    /// The KS was percent-encoded before hashing.
    KsUrlEncoded,
    /// The KS carried JSON escapes (`\/`).
    KsJsonEscaped,
    /// A value kept its surrounding quotes.
    Quoted,
    /// HMAC instead of a plain digest.
    Hmac,
    /// Characters between KS and token.
    Separator,
    /// Only the token was hashed.
    TokenOnly,
    /// Only the KS was hashed.
    KsOnly,
    /// Digest of the hex digest.
    DoubleHash,
    /// The claimed hash carries a prefix or suffix.
    HashDecoration,
    /// Leading zeros of the hex digest lost.
    LeadingZerosDropped,
    /// Hash computed over another candidate KS than the one sent.
    DifferentKs,
    /// The KS was hashed with its `+` turned into spaces (read back from an unencoded URL).
    KsPlusAsSpace,
    /// Each digest byte written as hex without its leading zero (`b.toString(16)`).
    HexUnpaddedBytes,
    /// Hex pairs joined by a separator (`AB-CD-…`, `ab:cd`).
    HexSeparators,
    /// The raw digest bytes sent as text (Latin-1, UTF-8 with U+FFFD, a bytes literal, percent-encoded).
    RawDigest,
    /// The digest appended to other bytes and the whole hexed (Go's `h.Sum(b)`).
    DigestAppended,
    /// A missing value hashed as its language's null literal (`None`, `null`, `undefined`, `nil`, `NULL`).
    NullValue,
    /// The startWidgetSession answer (JSON or XML body, or a fragment) hashed in place of the KS.
    ResponseHashed,
    /// Only part of the app token's token hashed (characters lost or gained at an end).
    TokenPartial,
}

impl CauseCode {
    /// Every code, in the order of causes.md.
    pub const ALL: [CauseCode; 28] = [
        CauseCode::WrongHashType,
        CauseCode::SwappedOrder,
        CauseCode::Whitespace,
        CauseCode::TextEncoding,
        CauseCode::NonAsciiChar,
        CauseCode::TokenAsHash,
        CauseCode::TokenIdForToken,
        CauseCode::HexCase,
        CauseCode::DigestEncoding,
        CauseCode::KsUrlEncoded,
        CauseCode::KsJsonEscaped,
        CauseCode::Quoted,
        CauseCode::Hmac,
        CauseCode::Separator,
        CauseCode::TokenOnly,
        CauseCode::KsOnly,
        CauseCode::DoubleHash,
        CauseCode::HashDecoration,
        CauseCode::LeadingZerosDropped,
        CauseCode::DifferentKs,
        CauseCode::KsPlusAsSpace,
        CauseCode::HexUnpaddedBytes,
        CauseCode::HexSeparators,
        CauseCode::RawDigest,
        CauseCode::DigestAppended,
        CauseCode::NullValue,
        CauseCode::ResponseHashed,
        CauseCode::TokenPartial,
    ];

    /// The stable snake_case code.
    pub const fn as_str(self) -> &'static str {
        match self {
            CauseCode::WrongHashType => "wrong_hash_type",
            CauseCode::SwappedOrder => "swapped_order",
            CauseCode::Whitespace => "whitespace",
            CauseCode::TextEncoding => "text_encoding",
            CauseCode::NonAsciiChar => "non_ascii_char",
            CauseCode::TokenAsHash => "token_as_hash",
            CauseCode::TokenIdForToken => "token_id_for_token",
            CauseCode::HexCase => "hex_case",
            CauseCode::DigestEncoding => "digest_encoding",
            CauseCode::KsUrlEncoded => "ks_url_encoded",
            CauseCode::KsJsonEscaped => "ks_json_escaped",
            CauseCode::Quoted => "quoted",
            CauseCode::Hmac => "hmac",
            CauseCode::Separator => "separator",
            CauseCode::TokenOnly => "token_only",
            CauseCode::KsOnly => "ks_only",
            CauseCode::DoubleHash => "double_hash",
            CauseCode::HashDecoration => "hash_decoration",
            CauseCode::LeadingZerosDropped => "leading_zeros_dropped",
            CauseCode::DifferentKs => "different_ks",
            CauseCode::KsPlusAsSpace => "ks_plus_as_space",
            CauseCode::HexUnpaddedBytes => "hex_unpadded_bytes",
            CauseCode::HexSeparators => "hex_separators",
            CauseCode::RawDigest => "raw_digest",
            CauseCode::DigestAppended => "digest_appended",
            CauseCode::NullValue => "null_value",
            CauseCode::ResponseHashed => "response_hashed",
            CauseCode::TokenPartial => "token_partial",
        }
    }

    /// How common the mistake is in forum threads and issue trackers (server-facts.md,
    /// "Mistakes users really make"): lower is more common. Breaks ties between chains of
    /// equal length. Data, not logic: adjust here only.
    pub const fn rarity(self) -> u32 {
        match self {
            CauseCode::TokenAsHash => 1,
            CauseCode::WrongHashType => 2,
            CauseCode::SwappedOrder => 3,
            CauseCode::Whitespace => 4,
            CauseCode::HexCase => 5,
            CauseCode::DifferentKs => 6,
            CauseCode::DigestEncoding => 7,
            CauseCode::TextEncoding => 8,
            CauseCode::NonAsciiChar => 9,
            CauseCode::TokenIdForToken => 10,
            CauseCode::Hmac => 11,
            CauseCode::KsUrlEncoded => 12,
            CauseCode::KsJsonEscaped => 13,
            CauseCode::LeadingZerosDropped => 14,
            CauseCode::HashDecoration => 15,
            CauseCode::Quoted => 16,
            CauseCode::Separator => 17,
            CauseCode::TokenOnly => 18,
            CauseCode::KsOnly => 19,
            CauseCode::DoubleHash => 20,
            CauseCode::KsPlusAsSpace => 12,
            CauseCode::HexUnpaddedBytes => 21,
            CauseCode::HexSeparators => 22,
            CauseCode::RawDigest => 23,
            CauseCode::DigestAppended => 24,
            CauseCode::NullValue => 25,
            CauseCode::ResponseHashed => 26,
            CauseCode::TokenPartial => 27,
        }
    }

    /// One sentence for people: what went wrong.
    pub const fn summary(self) -> &'static str {
        match self {
            CauseCode::WrongHashType => {
                "the digest was made with another algorithm than the app token's hashType"
            }
            CauseCode::SwappedOrder => "token + KS was hashed instead of KS + token",
            CauseCode::Whitespace => "extra whitespace was hashed along",
            CauseCode::TextEncoding => {
                "the text was encoded as something other than plain UTF-8 before hashing"
            }
            CauseCode::NonAsciiChar => "an invisible non-ASCII character was hashed along",
            CauseCode::TokenAsHash => "the token itself was sent as the tokenHash",
            CauseCode::TokenIdForToken => "the app token id was hashed in place of the token value",
            CauseCode::HexCase => "the hex digest is not all lowercase",
            CauseCode::DigestEncoding => {
                "the digest was rendered as base64 instead of lowercase hex"
            }
            CauseCode::KsUrlEncoded => "the KS was percent-encoded before hashing",
            CauseCode::KsJsonEscaped => "the KS kept JSON escapes (\\/) when hashed",
            CauseCode::Quoted => "a value kept its surrounding quotes",
            CauseCode::Hmac => "an HMAC was computed instead of a plain digest",
            CauseCode::Separator => "characters were put between KS and token",
            CauseCode::TokenOnly => "only the token was hashed",
            CauseCode::KsOnly => "only the KS was hashed",
            CauseCode::DoubleHash => "the hex digest was hashed a second time",
            CauseCode::HashDecoration => "the tokenHash carries extra characters around the digest",
            CauseCode::LeadingZerosDropped => "the hex digest lost its leading zeros",
            CauseCode::DifferentKs => "the hash was computed over another KS than the one sent",
            CauseCode::KsPlusAsSpace => {
                "the KS was hashed with its '+' characters turned into spaces"
            }
            CauseCode::HexUnpaddedBytes => {
                "each digest byte was written as hex without its leading zero"
            }
            CauseCode::HexSeparators => "the hex pairs of the digest are joined by a separator",
            CauseCode::RawDigest => "the raw digest bytes were sent as text instead of hex",
            CauseCode::DigestAppended => {
                "the hex covers more than the digest: the digest was appended to other bytes"
            }
            CauseCode::NullValue => "a missing value was hashed as its language's null literal",
            CauseCode::ResponseHashed => {
                "the startWidgetSession answer was hashed in place of the bare KS"
            }
            CauseCode::TokenPartial => {
                "only part of the app token's token was hashed (characters lost or gained at an end)"
            }
        }
    }

    /// The concrete fix.
    pub const fn fix(self) -> &'static str {
        match self {
            CauseCode::WrongHashType => "use the app token's hashType (SHA1 when none was set)",
            CauseCode::SwappedOrder => "hash the KS first, then the token: H(ks + token)",
            CauseCode::Whitespace => {
                "hash the exact strings: no newline (echo -n / printf '%s'), no spaces, no CR"
            }
            CauseCode::TextEncoding => {
                "hash the UTF-8 bytes (e.g. .NET Encoding.UTF8 without BOM, not Encoding.Unicode)"
            }
            CauseCode::NonAsciiChar => {
                "retype or strip the value: it carries an invisible character copied from a page"
            }
            CauseCode::TokenAsHash => "send lowercase_hex(H(ks + token)), not the token",
            CauseCode::TokenIdForToken => "hash the app token's `token` value, not its `id`",
            CauseCode::HexCase => "lowercase the hex digest (the server compares strictly)",
            CauseCode::DigestEncoding => "send the digest as lowercase hex, not base64",
            CauseCode::KsUrlEncoded => {
                "hash the KS as it is, before URL-encoding it for the request"
            }
            CauseCode::KsJsonEscaped => "decode the JSON first: hash the KS without \\/ escapes",
            CauseCode::Quoted => "strip the quotes: hash the bare values",
            CauseCode::Hmac => "use a plain digest H(ks + token), not an HMAC",
            CauseCode::Separator => "concatenate KS and token with nothing between them",
            CauseCode::TokenOnly => "hash the KS followed by the token",
            CauseCode::KsOnly => "append the token to the KS before hashing",
            CauseCode::DoubleHash => "hash once: lowercase_hex(H(ks + token))",
            CauseCode::HashDecoration => "send only the hex digest (strip 0x, `  -`, labels)",
            CauseCode::LeadingZerosDropped => {
                "zero-pad the hex digest to its full length (not BigInteger.toString(16))"
            }
            CauseCode::DifferentKs => {
                "hash the same KS you send: each startWidgetSession call returns a new KS"
            }
            CauseCode::KsPlusAsSpace => {
                "URL-encode the KS in the request (+ as %2B) and hash it with its '+' intact"
            }
            CauseCode::HexUnpaddedBytes => {
                "pad every byte to two hex digits (b.toString(16).padStart(2, '0'), %02x, String.format(\"%02x\", b))"
            }
            CauseCode::HexSeparators => {
                "send the hex digits alone, lowercase (.NET: Convert.ToHexString(d).ToLowerInvariant(), not BitConverter.ToString)"
            }
            CauseCode::RawDigest => {
                "hex-encode the digest: hexdigest() / bin2hex / .hexdigest / digest('hex'), not the raw bytes"
            }
            CauseCode::DigestAppended => {
                "hex only the digest: Go's h.Sum(nil) (Sum appends to its argument), or sha1.Sum(msg)"
            }
            CauseCode::NullValue => {
                "check the value is set before hashing: the KS and token must be the real strings"
            }
            CauseCode::ResponseHashed => {
                "parse the startWidgetSession answer and hash only its ks value"
            }
            CauseCode::TokenPartial => {
                "copy the whole token (32 hex characters) from appToken.add / appToken.get"
            }
        }
    }
}

impl std::fmt::Display for CauseCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One cause in an explanation, with its details (`field`, `side`, `text`, `used`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    /// The stable code.
    pub code: CauseCode,
    /// Details in a fixed order, e.g. `("field", "message")`, `("side", "trailing")`.
    pub details: Vec<(&'static str, String)>,
}

impl Cause {
    pub(crate) fn new(code: CauseCode) -> Cause {
        Cause {
            code,
            details: Vec::new(),
        }
    }

    pub(crate) fn with(mut self, key: &'static str, value: impl Into<String>) -> Cause {
        self.details.push((key, value.into()));
        self
    }

    /// The value of a detail.
    pub fn detail(&self, key: &str) -> Option<&str> {
        self.details
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }
}
