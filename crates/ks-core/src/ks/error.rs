//! Why a KS string could not be parsed, with where and what to try.

use std::fmt;

/// A hint attached to a parse error: the most likely reason a real user hit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hint {
    /// The text contains `%XX` escapes: it was URL-encoded.
    LooksUrlEncoded,
    /// The text starts or ends with a quote character.
    Quoted,
    /// The text starts with `ks=` or is a whole URL.
    IncludesParameterName,
    /// The text is too short to hold a KS, or its base64 ends mid-group: cut off when copied.
    Truncated,
    /// A `+` became a space: an unencoded KS in a URL query.
    PlusBecameSpace,
    /// The value is not a KS at all (e.g. a hash or a token).
    NotAKs,
    /// The text keeps JSON's `\/` escapes: JSON text used as if it were decoded.
    JsonEscapes,
}

impl fmt::Display for Hint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Hint::LooksUrlEncoded => {
                "it looks URL-encoded (%2B, %2F, %3D): percent-decode it first"
            }
            Hint::Quoted => "it keeps its surrounding quotes: remove them",
            Hint::IncludesParameterName => {
                "it includes more than the KS (a `ks=` name or a URL): pass only the value"
            }
            Hint::Truncated => "it looks truncated: copy the whole KS",
            Hint::PlusBecameSpace => {
                "a space stands where base64 has `+`: the KS was put in a URL query unencoded"
            }
            Hint::NotAKs => "this does not look like a KS (a KS is base64 text of 100+ characters)",
            Hint::JsonEscapes => {
                "it keeps JSON's \\/ escapes (JSON text used as if decoded): JSON-decode it, \\/ is /"
            }
        })
    }
}

/// Why a KS could not be parsed, as the server's `kSessionBase::parseKS` would reject it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KsError {
    /// The KS is empty.
    #[error("the KS is empty")]
    Empty,
    /// A byte that is in neither base64 alphabet.
    #[error("byte {} at offset {offset} is not base64{}", show_byte(*.byte), hint_suffix(.hint))]
    InvalidByte {
        /// Byte offset in the KS text.
        offset: usize,
        /// The offending byte.
        byte: u8,
        /// The most likely reason.
        hint: Option<Hint>,
    },
    /// Base64 characters after the `=` padding.
    #[error("data after the '=' padding at offset {offset}{}", hint_suffix(.hint))]
    DataAfterPadding {
        /// Offset of the first non-padding byte after padding.
        offset: usize,
        /// The most likely reason.
        hint: Option<Hint>,
    },
    /// Padding present but of the wrong length.
    #[error("wrong '=' padding at offset {offset}: {found} '=' where {expected} belong")]
    BadPadding {
        /// Offset of the first `=`.
        offset: usize,
        /// How many `=` were found.
        found: usize,
        /// How many belong there (0, 1 or 2).
        expected: usize,
    },
    /// One base64 character too many or too few: the text ends mid-byte.
    #[error("the base64 ends in a lone character (length {len} is 1 more than a multiple of 4){}", hint_suffix(&Some(Hint::Truncated)))]
    Truncated {
        /// Number of base64 data characters.
        len: usize,
    },
    /// The decoded bytes are empty or the string `"0"`, which PHP treats as false.
    #[error("the KS decodes to {0:?}, which the server treats as no KS")]
    DecodesToFalsy(String),
    /// v1: no `|` between signature and fields.
    #[error("decoded v1 KS has no '|' between signature and fields{}", hint_suffix(.hint))]
    NoSeparator {
        /// The most likely reason.
        hint: Option<Hint>,
    },
    /// v1: fewer than 3 `;`-separated fields.
    #[error(
        "decoded v1 KS has {found} field(s); the server needs at least 3 (partner;partner;expiry)"
    )]
    TooFewFields {
        /// How many fields were found.
        found: usize,
    },
    /// v2: the header is not `v2|partner|ciphertext`.
    #[error("decoded v2 KS lacks the 'v2|<partner>|' header parts")]
    V2Header,
}

fn show_byte(b: u8) -> String {
    match b {
        0x20..=0x7e => format!("{:?} (0x{b:02x})", b as char),
        _ => format!("0x{b:02x}"),
    }
}

fn hint_suffix(h: &Option<Hint>) -> String {
    match h {
        Some(h) => format!("; hint: {h}"),
        None => String::new(),
    }
}

impl KsError {
    /// The hint attached to this error, if any.
    pub fn hint(&self) -> Option<Hint> {
        match self {
            KsError::InvalidByte { hint, .. }
            | KsError::DataAfterPadding { hint, .. }
            | KsError::NoSeparator { hint } => *hint,
            KsError::Truncated { .. } => Some(Hint::Truncated),
            _ => None,
        }
    }
}
