//! Expiry judged by the call's time, never by today's clock.
//!
//! A KS (or app token) that has expired *since* says nothing about the call: an old report
//! read today would otherwise be "INVALID_KS" for a call that got past every KS check. The
//! call's time comes from evidence only ([`CallTime`]); the server's own answer is evidence
//! too: any error from a check after the KS checks (APP_TOKEN_ID_NOT_FOUND,
//! APP_TOKEN_NOT_ACTIVE, INVALID_APP_TOKEN_HASH, APP_TOKEN_EXPIRED) means the KS was valid
//! at that moment (`AppTokenService::startSessionAction` runs after
//! `kPermissionManager::errorIfKsNotValid`, kaltura/server api_v3).

use super::finding::{Finding, FindingCode};
use crate::api_error::{ApiError, Stage};
use crate::app_token::AppToken;
use crate::ks::ServerFields;
use crate::message::{Message, Part};
use crate::source::{Field, Source};
use crate::unix_time::iso8601;
use crate::words;

/// When the call was made, as the evidence shows: a time stated for it, a HAR entry's
/// `startedDateTime`, a log line's time stamp, a `Date:` header of the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallTime {
    /// Unix seconds.
    pub at: i64,
    /// Where it is known from (the time given, a log line).
    pub source: Source,
    /// Seconds either way the real time may differ (a log stamp without a time zone: 14 h);
    /// an expiry within that window is not judged at the call.
    pub slack: i64,
}

impl CallTime {
    /// A time known to the second.
    pub fn exact(at: i64, source: Source) -> CallTime {
        CallTime {
            at,
            source,
            slack: 0,
        }
    }

    /// Expired at the call for sure: even at the earliest the call may have been made.
    fn after(&self, expired_at: impl Fn(i64) -> bool) -> bool {
        expired_at(self.at.saturating_sub(self.slack))
    }

    /// Valid at the call for sure: even at the latest it may have been made.
    fn before(&self, expired_at: impl Fn(i64) -> bool) -> bool {
        !expired_at(self.at.saturating_add(self.slack))
    }
}

/// Where the call's time is known from: its source, and that a stamp with slack names no
/// time zone.
fn from(c: &CallTime) -> Message {
    let m = Message::from(c.source);
    if c.slack > 0 {
        m.and(", no time zone")
    } else {
        m
    }
}

/// ` (pass --now to say when the call was made)`, in the front end's words.
fn pass_now() -> Message {
    words![
        " (",
        Part::Give,
        " ",
        Field::Now,
        " to say when the call was made)"
    ]
}

/// True when the server's answer comes from a check after the KS checks: the KS was valid
/// when the call was made.
pub(crate) fn ks_passed_checks(error: Option<&ApiError>) -> bool {
    error.is_some_and(|e| {
        matches!(
            e.stage(),
            Stage::TokenId | Stage::TokenStatus | Stage::Hash | Stage::AfterHash
        )
    })
}

/// The `ks_expired` finding, if the KS has expired at the call or since; the bool is true
/// when it had expired at the call (the server answers INVALID_KS then).
pub(crate) fn ks(
    fields: &ServerFields,
    call: Option<CallTime>,
    today: Option<i64>,
    error: Option<&ApiError>,
) -> Option<(Finding, bool)> {
    let until_raw = fields.valid_until.clone().unwrap_or_default();
    let until = fields.valid_until_unix();
    let on = until.map_or_else(|| format!("valid_until {until_raw:?}"), iso8601);
    let passed = ks_passed_checks(error);
    let f = |when: &'static str, msg: Message| {
        Finding::new(FindingCode::KsExpired, msg)
            .with("valid_until", &until_raw)
            .with("expired_when", when)
    };
    // A KS with no (or an unreadable) valid_until is expired at any time (`null <= time()`).
    let always = fields.is_expired(i64::MIN);
    if let Some(c) = call
        .filter(|c| c.after(|t| fields.is_expired(t)))
        .or(always.then_some(CallTime::exact(i64::MIN, Source::Given(Field::Ks))))
    {
        if passed && always {
            let e = error.map(|e| e.code.as_str()).unwrap_or_default();
            return Some((
                f(
                    "since",
                    format!(
                        "the KS has no valid expiry ({on}), which the server reads as expired at any time, yet its answer {e} shows the KS passed its checks: the KS given may not be the one sent"
                    )
                    .into(),
                ),
                false,
            ));
        }
        if passed {
            let e = error.map(|e| e.code.as_str()).unwrap_or_default();
            return Some((
                f("since", words![format!("the KS expired at {on}, before the call time given ({}, from ", iso8601(c.at)), from(&c), format!("); but the server's answer {e} shows the KS passed its checks when the call was made, so the call was made before {on}: the time given is not the call's")])
                    .with("call_time", c.at),
                false,
            ));
        }
        return Some((
            if always {
                f(
                    "at_call",
                    format!(
                        "the KS has no valid expiry ({on}): the server reads it as expired at any time and answers INVALID_KS (EXPIRED) before it checks the tokenHash"
                    )
                    .into(),
                )
            } else {
                f("at_call", words![format!("the KS had expired when the call was made: valid_until {on}, the call at {} (from ", iso8601(c.at)), from(&c), "): the server answers INVALID_KS (EXPIRED) before it checks the tokenHash; start a new widget session for each call"])
                    .with("call_time", c.at)
            },
            true,
        ));
    }
    // With the call's time known and the KS valid then, today's clock has nothing to add.
    if call.is_some_and(|c| c.before(|t| fields.is_expired(t))) {
        return None;
    }
    let now = today.filter(|&t| fields.is_expired(t))?;
    // No if-let guards: they are newer than the crate's rust-version.
    let msg = match (call, passed) {
        (Some(c), _) => words![
            format!(
                "the KS expired at {on}, within hours of the call's time stamp ({}, from ",
                iso8601(c.at)
            ),
            from(&c),
            "), which names no time zone: whether it had expired at the call is not known, so the verdict rests on the hash",
            pass_now(),
        ],
        (None, true) => format!(
            "the KS expired at {on}; the server's answer ({}) shows it was still valid when the call was made: a call made with it now gets INVALID_KS (EXPIRED)",
            error.map(|e| e.code.as_str()).unwrap_or_default()
        )
        .into(),
        (None, false) => words![
            format!(
                "the KS expired at {on}: a call made after that gets INVALID_KS (EXPIRED); nothing given says when the call was made, so the verdict rests on the hash"
            ),
            pass_now(),
        ],
    };
    Some((f("since", msg).with("today", now), false))
}

/// The `app_token_expired` finding, if the app token has expired at the call or since; the
/// bool is true when it had expired at the call (APP_TOKEN_EXPIRED once the hash is right).
pub(crate) fn app_token(
    t: &AppToken,
    call: Option<CallTime>,
    today: Option<i64>,
) -> Option<(Finding, bool)> {
    let expiry = t.expiry.unwrap_or_default();
    // An expiry the server read as relative and 0 or less: expired whenever the call was.
    if let Some(problem) = t
        .is_expired(i64::MIN)
        .then(|| t.expiry_problem(i64::MIN))
        .flatten()
    {
        return Some((
            Finding::new(FindingCode::AppTokenExpired, problem)
                .with("expiry", expiry)
                .with("expired_when", "at_call"),
            true,
        ));
    }
    if let Some(c) = call.filter(|c| c.after(|now| t.is_expired(now)))
        && let Some(problem) = t.expiry_problem(c.at.saturating_sub(c.slack))
    {
        return Some((
            Finding::new(
                FindingCode::AppTokenExpired,
                words![
                    format!("at the call ({}, from ", iso8601(c.at)),
                    from(&c),
                    format!("): {problem}")
                ],
            )
            .with("expiry", expiry)
            .with("expired_when", "at_call")
            .with("call_time", c.at),
            true,
        ));
    }
    // With the call's time known and the token valid then, today's clock has nothing to add.
    if call.is_some_and(|c| c.before(|now| t.is_expired(now))) {
        return None;
    }
    let now = today?;
    let problem = t.expiry_problem(now)?;
    Some((
        Finding::new(
            FindingCode::AppTokenExpired,
            words![
                format!("{problem}; but nothing given says when the call was made, so the verdict rests on the hash"),
                pass_now(),
            ],
        )
        .with("expiry", expiry)
        .with("expired_when", "since")
        .with("today", now),
        false,
    ))
}
