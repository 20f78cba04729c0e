//! Findings: problems next to the verdict that are not about how the hash was computed.

use super::canonical::InputFix;
use crate::app_token::{AppToken, AppTokenStatus};
use crate::digest::HashType;
use crate::intake::source::Field;
use crate::ks::{KsError, ParsedKs};
use crate::message::{Message, Part};
use crate::words;

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

pub(crate) fn from_fixes(fixes: &[InputFix], out: &mut Vec<Finding>) {
    for f in fixes {
        let code = if f.non_ascii {
            FindingCode::NonAsciiInInput
        } else {
            FindingCode::InputNormalized
        };
        out.push(
            Finding::new(code, format!("the {} as given {}; diagnosed against the cleaned value (what the server most likely received)", f.field, f.what))
                .with("field", f.field)
                .with("what", &f.what),
        );
    }
}

/// What the KS's own text says: parse errors, irregular text, its partner against the app
/// token's, its expiry at the call (the returned bool: expired then, INVALID_KS) or since, and
/// whether it is a widget KS.
pub(crate) fn from_ks(
    ks: &Result<ParsedKs, KsError>,
    clock: &Clock<'_>,
    app_token: Option<&AppToken>,
    partner_id: Option<i64>,
    out: &mut Vec<Finding>,
) -> bool {
    let parsed = match ks {
        Err(e) => {
            out.push(Finding::new(FindingCode::KsUnparsable, format!("the server cannot parse this KS ({e}): it answers INVALID_KS (-1 INVALID_STR) before looking at the hash")).with("error", e));
            return false;
        }
        Ok(p) => p,
    };
    for irregular in parsed.irregularities() {
        out.push(Finding::new(FindingCode::KsNoncanonical, format!("the KS text is accepted but unusual: {irregular}; the hash must be computed over the exact string sent")));
    }
    let ks_partner = parsed.partner_id().trim().parse::<i64>().ok();
    for (source, pid) in [
        (None, app_token.and_then(|t| t.partner_id)),
        (Some(Field::PartnerId), partner_id),
    ] {
        if let (Some(want), Some(have)) = (pid, ks_partner)
            && want != have
        {
            let f = match source {
                None => Finding::new(FindingCode::PartnerMismatch, format!("the KS belongs to partner {have} but the app token to partner {want}: the server looks app tokens up among the KS partner's only, so it answers APP_TOKEN_ID_NOT_FOUND before it checks the tokenHash; use a KS of partner {want} (session.startWidgetSession with widgetId _{want})")).with("against", "app token"),
                Some(field) => Finding::new(FindingCode::PartnerMismatch, words![format!("the KS belongs to partner {have} but the "), field, format!(" says {want}: if the app token is partner {want}'s, the server answers APP_TOKEN_ID_NOT_FOUND (it looks app tokens up among the KS partner's only)")]).with_ref("against", field),
            };
            out.push(
                f.with("ks_partner_id", have)
                    .with("expected_partner_id", want),
            );
        }
    }
    let inspection = parsed.inspect(None);
    let Some(fields) = inspection.fields else {
        return false;
    };
    let expired = super::expiry::ks(&fields, clock.call, clock.today, clock.error);
    let at_call = expired.as_ref().is_some_and(|(_, at_call)| *at_call);
    out.extend(expired.map(|(f, _)| f));
    super::permission_words::check(fields.privileges.as_deref(), "the KS's privileges", out);
    if !fields.is_widget_session() {
        out.push(
            Finding::new(FindingCode::KsNotWidget, {
                let t = fields.ks_type.as_deref().unwrap_or("?");
                let kind = match t.trim() {
                    "0" => "a USER session (type 0)".to_string(),
                    "2" => "an ADMIN session (type 2)".to_string(),
                    other => format!("a session of type {other:?}"),
                };
                let user = fields.user.as_deref().unwrap_or("");
                let user = if user.is_empty() { "no user".to_string() } else { format!("user {user:?}") };
                let privileges = fields.privileges.as_deref().unwrap_or("");
                let privileges = if privileges.is_empty() { "no privileges".to_string() } else { format!("privileges {privileges:?}") };
                format!("this KS is {kind} with {user} and {privileges}, not a widget KS; a widget KS, what session.startWidgetSession returns and appToken.startSession is normally called with, is type USER (0), for the anonymous user (\"0\" or none), with privileges that include widget:1 (e.g. \"view:*,widget:1\")")
            })
                .with("type", fields.ks_type.clone().unwrap_or_default())
                .with("user", fields.user.clone().unwrap_or_default()),
        );
    }
    at_call
}

/// The clocks a diagnosis knows: the call's time (evidence only) and today's (which only
/// says what has expired since), and the server's answer (a check after the KS checks means
/// the KS was valid at the call).
pub(crate) struct Clock<'a> {
    pub(crate) call: Option<super::CallTime>,
    pub(crate) today: Option<i64>,
    pub(crate) error: Option<&'a crate::intake::api_error::ApiError>,
}

/// What the app token says: its status, its expiry (the returned bool: expired at the call,
/// APP_TOKEN_EXPIRED once the hash is right) and its id against the one sent.
pub(crate) fn from_app_token(
    t: &AppToken,
    token_id: Option<&str>,
    clock: &Clock<'_>,
    out: &mut Vec<Finding>,
) -> bool {
    if let Some(status) = t.status
        && status != AppTokenStatus::Active
    {
        out.push(
            Finding::new(
                FindingCode::AppTokenInactive,
                if status == AppTokenStatus::Deleted {
                    // AppTokenService::startSession: the default criteria leave DELETED rows
                    // out of the lookup, so a deleted token is never found (kaltura-api.md).
                    format!(
                        "the app token's status is {}: the server does not find a deleted app token and answers APP_TOKEN_ID_NOT_FOUND",
                        status.name()
                    )
                } else {
                    format!(
                        "the app token's status is {}: the server answers APP_TOKEN_NOT_ACTIVE",
                        status.name()
                    )
                },
            )
            .with("status", status.name()),
        );
    }
    super::permission_words::check(
        t.session_privileges.as_deref(),
        "the app token's sessionPrivileges",
        out,
    );
    let expired = super::expiry::app_token(t, clock.call, clock.today);
    let at_call = expired.as_ref().is_some_and(|(_, at_call)| *at_call);
    out.extend(expired.map(|(f, _)| f));
    if let (Some(given), Some(id)) = (token_id, t.id.as_deref())
        && given != id
    {
        out.push(
            Finding::new(
                FindingCode::TokenIdUnknown,
                format!("the token id {given:?} is not this app token's id {id:?}: the server checks the tokenHash against the token of the app token the id sent names, not this one's, so the call fails (APP_TOKEN_ID_NOT_FOUND if no app token {given:?} exists for the KS's partner, else INVALID_APP_TOKEN_HASH unless both have the same token); send the id of the app token whose token you hash"),
            )
            .with("given", given)
            .with("app_token_id", id),
        );
    }
    at_call
}

pub(crate) fn about_hash(
    claimed: &str,
    token: &str,
    stated: Option<HashType>,
    out: &mut Vec<Finding>,
) {
    if stated.is_none() {
        out.push(Finding::new(FindingCode::HashTypeAssumed, words!["no hash type given: each type the server offers (SHA1, SHA256, SHA512, MD5) was tried as a reading, and the verdict names the one it rests on. Look yours up: appToken.get returns the token's hashType (SHA1 when none was set), and the admin console shows it in its integration settings (app tokens); then ", Part::Give, " ", Field::HashType, " or ", Field::AppToken]));
    }
    let hexlike = !claimed.is_empty() && claimed.bytes().all(|b| b.is_ascii_hexdigit());
    if let Some(expected) = stated
        && hexlike
        && claimed.len() != expected.hex_len()
        && let Some(other) = HashType::from_hex_len(claimed.len())
    {
        out.push(
            Finding::new(FindingCode::DigestLengthMismatch, format!("the claimed hash has {} hex characters, a {} digest; the app token's {} gives {}", claimed.len(), other.kaltura_name(), expected.kaltura_name(), expected.hex_len()))
                .with("length", claimed.len())
                .with("expected_length", expected.hex_len()),
        );
    }
    let b = token.as_bytes();
    if b.len() >= 3
        && b[0].is_ascii_digit()
        && b[1] == b'_'
        && b[2..].iter().all(u8::is_ascii_alphanumeric)
        && b.len() <= 16
    {
        out.push(Finding::new(FindingCode::TokenLooksLikeId, "the token looks like an app token id (like 0_abcd1234), not the 32-character token value"));
    }
}
