//! The rules that raise findings from the case's evidence (the KS, the app token, the
//! hash's text); the type is [`Finding`].

use super::canonical::InputFix;
use crate::app_token::{AppToken, AppTokenStatus};
use crate::digest::HashType;
use crate::ks::{KsError, ParsedKs};
use crate::message::Part;
use crate::source::Field;
use crate::words;

use super::finding::{Finding, FindingCode};

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
    pub(crate) error: Option<&'a crate::api_error::ApiError>,
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
