//! A finding: a problem next to the verdict that is not about how the hash was computed.

use crate::message::{Message, Part};

/// A finding code (stable snake_case, like the cause codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FindingCode {
    /// The KS had expired at the call (INVALID_KS, EXPIRED), or has expired since.
    KsExpired,
    /// Not a widget KS (type USER, anonymous user, `widget:1`).
    KsNotWidget,
    /// The KS partner differs from the app token's partnerId (APP_TOKEN_ID_NOT_FOUND).
    PartnerMismatch,
    /// The app token's status is not ACTIVE (APP_TOKEN_NOT_ACTIVE).
    AppTokenInactive,
    /// The app token had expired at the call (APP_TOKEN_EXPIRED once the hash is right), or
    /// has expired since.
    AppTokenExpired,
    /// The server's parser rejects the KS (INVALID_KS, -1 INVALID_STR).
    KsUnparsable,
    /// The KS text is accepted but not what a generator writes (re-encoded?).
    KsNoncanonical,
    /// A pasted value carried non-ASCII invisible characters.
    NonAsciiInInput,
    /// A pasted value carried whitespace, quotes or escapes that were removed.
    InputNormalized,
    /// A secret was given on the command line (set by the caller).
    SecretOnCommandLine,
    /// No hash type was given: SHA1, the server default, was assumed.
    HashTypeAssumed,
    /// The claimed hash's length contradicts the declared hash type.
    DigestLengthMismatch,
    /// The token id given differs from the app token's id.
    TokenIdUnknown,
    /// The token looks like an app token id (`0_xxxxxxxx`), not a token value.
    TokenLooksLikeId,
    /// Two inputs (flags, request, responses, log) give different values for the same thing.
    InputsDisagree,
    /// The request's KS carries a raw `+`, which the server's query parser reads as a space.
    KsPlusInUrl,
    /// The request given is not `appToken.startSession`, or lacks one of its parameters.
    WrongRequest,
    /// The error the server reported, and what it says about where the problem is.
    ServerError,
    /// The reported error cannot happen with the inputs given: the server saw something else.
    ErrorContradictsInputs,
    /// A log was given but no KS was found in it.
    LogWithoutKs,
    /// No input said which KS was sent; each candidate was tried as the sent one, newest first.
    SentKsAssumed,
    /// The claimed hash is a language's default text for an object (`[B@1b6d3586`), not a digest.
    HashIsObjectText,
    /// The claimed hash is the message itself (KS + token), not its digest.
    HashIsMessage,
    /// The token is not what the server issues: 32 lowercase hex characters.
    TokenShape,
    /// A Kaltura permission name (a user role's) written as a KS privilege: it grants nothing.
    PermissionAsPrivilege,
}

impl FindingCode {
    /// Every code, in declaration order.
    pub const ALL: [FindingCode; 25] = [
        FindingCode::KsExpired,
        FindingCode::KsNotWidget,
        FindingCode::PartnerMismatch,
        FindingCode::AppTokenInactive,
        FindingCode::AppTokenExpired,
        FindingCode::KsUnparsable,
        FindingCode::KsNoncanonical,
        FindingCode::NonAsciiInInput,
        FindingCode::InputNormalized,
        FindingCode::SecretOnCommandLine,
        FindingCode::HashTypeAssumed,
        FindingCode::DigestLengthMismatch,
        FindingCode::TokenIdUnknown,
        FindingCode::TokenLooksLikeId,
        FindingCode::InputsDisagree,
        FindingCode::KsPlusInUrl,
        FindingCode::WrongRequest,
        FindingCode::ServerError,
        FindingCode::ErrorContradictsInputs,
        FindingCode::LogWithoutKs,
        FindingCode::SentKsAssumed,
        FindingCode::HashIsObjectText,
        FindingCode::HashIsMessage,
        FindingCode::TokenShape,
        FindingCode::PermissionAsPrivilege,
    ];

    /// What the finding means, in one sentence.
    pub const fn summary(self) -> &'static str {
        match self {
            FindingCode::KsExpired => {
                "The KS had expired when the call was made (INVALID_KS, EXPIRED), or has expired since (a call made after it gets INVALID_KS)."
            }
            FindingCode::KsNotWidget => "Not a widget KS (type USER, anonymous user, `widget:1`).",
            FindingCode::PartnerMismatch => {
                "The KS partner differs from the app token's partnerId (APP_TOKEN_ID_NOT_FOUND)."
            }
            FindingCode::AppTokenInactive => {
                "The app token's status is not ACTIVE (APP_TOKEN_NOT_ACTIVE)."
            }
            FindingCode::AppTokenExpired => {
                "The app token had expired when the call was made (APP_TOKEN_EXPIRED once the hash is right), or has expired since."
            }
            FindingCode::KsUnparsable => {
                "The server's parser rejects the KS (INVALID_KS, -1 INVALID_STR)."
            }
            FindingCode::KsNoncanonical => {
                "The KS text is accepted but not what a generator writes (re-encoded?)."
            }
            FindingCode::NonAsciiInInput => {
                "A pasted value carried non-ASCII invisible characters."
            }
            FindingCode::InputNormalized => {
                "A pasted value carried whitespace, quotes or escapes that were removed."
            }
            FindingCode::SecretOnCommandLine => {
                "A secret was given on the command line (set by the caller)."
            }
            FindingCode::HashTypeAssumed => {
                "No hashType was given: each type the server offers (SHA1, SHA256, SHA512, MD5) was tried as a reading, and the verdict names the one it rests on; for an app token answer without the hashType member, the server may predate hashType and hash SHA1 only (what the hash is under SHA1 is said)."
            }
            FindingCode::DigestLengthMismatch => {
                "The claimed hash's length contradicts the declared hash type."
            }
            FindingCode::TokenIdUnknown => "The token id given differs from the app token's id.",
            FindingCode::TokenLooksLikeId => {
                "The token looks like an app token id (`0_xxxxxxxx`), not a token value."
            }
            FindingCode::InputsDisagree => {
                "Two inputs (flags, request, responses, log) give different values for the same thing."
            }
            FindingCode::KsPlusInUrl => {
                "The request's KS carries a raw `+`, which the server's query parser reads as a space."
            }
            FindingCode::WrongRequest => {
                "The request given is not `appToken.startSession`, or lacks one of its parameters."
            }
            FindingCode::ServerError => {
                "The error the server reported, and what it says about where the problem is."
            }
            FindingCode::ErrorContradictsInputs => {
                "The reported error cannot happen with the inputs given: the server saw something else."
            }
            FindingCode::LogWithoutKs => "A log was given but no KS was found in it.",
            FindingCode::SentKsAssumed => {
                "No input said which KS was sent; each candidate was tried as the sent one, newest first."
            }
            FindingCode::HashIsObjectText => {
                "The claimed hash is a language's default text for an object (`[B@1b6d3586`, `System.Byte[]`), not a digest."
            }
            FindingCode::HashIsMessage => {
                "The claimed hash is the message itself (the KS and the token), not its digest: the hashing step is missing."
            }
            FindingCode::TokenShape => {
                "The token is not what the server issues: 32 lowercase hex characters."
            }
            FindingCode::PermissionAsPrivilege => {
                "A Kaltura permission name (what a user role grants) was written as a KS privilege, where it grants nothing; a role with it and setrole:<roleId> grants it."
            }
        }
    }

    /// The stable snake_case code.
    pub const fn as_str(self) -> &'static str {
        match self {
            FindingCode::KsExpired => "ks_expired",
            FindingCode::KsNotWidget => "ks_not_widget",
            FindingCode::PartnerMismatch => "partner_mismatch",
            FindingCode::AppTokenInactive => "app_token_inactive",
            FindingCode::AppTokenExpired => "app_token_expired",
            FindingCode::KsUnparsable => "ks_unparsable",
            FindingCode::KsNoncanonical => "ks_noncanonical",
            FindingCode::NonAsciiInInput => "non_ascii_in_input",
            FindingCode::InputNormalized => "input_normalized",
            FindingCode::SecretOnCommandLine => "secret_on_command_line",
            FindingCode::HashTypeAssumed => "hash_type_assumed",
            FindingCode::DigestLengthMismatch => "digest_length_mismatch",
            FindingCode::TokenIdUnknown => "token_id_unknown",
            FindingCode::TokenLooksLikeId => "token_looks_like_id",
            FindingCode::InputsDisagree => "inputs_disagree",
            FindingCode::KsPlusInUrl => "ks_plus_in_url",
            FindingCode::WrongRequest => "wrong_request",
            FindingCode::ServerError => "server_error",
            FindingCode::ErrorContradictsInputs => "error_contradicts_inputs",
            FindingCode::LogWithoutKs => "log_without_ks",
            FindingCode::SentKsAssumed => "sent_ks_assumed",
            FindingCode::HashIsObjectText => "hash_is_object_text",
            FindingCode::HashIsMessage => "hash_is_message",
            FindingCode::TokenShape => "token_shape",
            FindingCode::PermissionAsPrivilege => "permission_as_privilege",
        }
    }
}

/// A finding with its message and details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The stable code.
    pub code: FindingCode,
    /// One sentence for people, naming what the user gave by reference (worded by the
    /// front end).
    pub message: Message,
    /// Details, e.g. `("valid_until", "1700086400")`.
    pub details: Vec<(&'static str, String)>,
    /// Details that name what the user gave (a field, a source), worded by the front end:
    /// `("kept", Part::Source(…))`.
    pub refs: Vec<(&'static str, Part)>,
}

impl Finding {
    /// A finding with no details.
    pub fn new(code: FindingCode, message: impl Into<Message>) -> Finding {
        Finding {
            code,
            message: message.into(),
            details: Vec::new(),
            refs: Vec::new(),
        }
    }

    /// Adds a detail that names what the user gave.
    pub fn with_ref(mut self, key: &'static str, value: impl Into<Part>) -> Finding {
        self.refs.push((key, value.into()));
        self
    }

    /// Adds a detail.
    pub fn with(mut self, key: &'static str, value: impl ToString) -> Finding {
        debug_assert!(
            !matches!(key, "code" | "message"),
            "a detail named {key} would hide the finding's own {key} in JSON"
        );
        self.details.push((key, value.to_string()));
        self
    }
}
