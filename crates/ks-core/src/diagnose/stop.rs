//! What stopped the call when it was not the tokenHash: the server's error when given, or a
//! KS the server cannot parse.
//!
//! Source: `AppTokenService::startSessionAction` (kaltura/server, api_v3/services) checks the
//! KS first (INVALID_KS, reported as `-1,INVALID_STR`), then the app token id for the KS's
//! partner, its status, the hash, and only then the token's expiry (server-facts.md).

use crate::api_error::{ApiError, Stage};
use crate::app_token::AppTokenStatus;

/// Where a [`Stop`] is known from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopSource {
    /// The server's error, as given (`--error`, or the answer in a log).
    Reported,
    /// Predicted from the inputs: no KS, a KS the server cannot parse or that had expired
    /// at the call's known time, an app token of another partner, inactive or expired.
    Predicted,
}

/// A check of the server's that decides the answer instead of (or after) the tokenHash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    /// The error code the server answers, e.g. `INVALID_KS`, `APP_TOKEN_ID_NOT_FOUND`.
    pub code: String,
    /// The KS error inside INVALID_KS, e.g. `-1,INVALID_STR`.
    pub detail: Option<String>,
    /// Reported or predicted.
    pub source: StopSource,
    /// True when the server stopped before comparing the tokenHash; false when it compared
    /// and accepted it (APP_TOKEN_EXPIRED).
    pub before_hash: bool,
    /// What it means, in one clause.
    pub meaning: &'static str,
}

/// What the inputs show about the checks before the tokenHash, in the server's order.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Before {
    /// The request carried no KS (or an empty one).
    pub(crate) no_ks: bool,
    /// The KS does not parse.
    pub(crate) ks_unparsable: bool,
    /// The KS had expired at the call's known time.
    pub(crate) ks_expired_at_call: bool,
    /// The KS's partner is not the app token's.
    pub(crate) partner_mismatch: bool,
    /// The app token's status, when it is not ACTIVE.
    pub(crate) status: Option<AppTokenStatus>,
}

/// The stop, if any: a reported error that is not INVALID_APP_TOKEN_HASH, else (with no
/// error given) the first check before the hash the inputs show will fail, in the order
/// of `KalturaFrontController` / `kPermissionManager` (no KS: SERVICE_FORBIDDEN; a KS it
/// cannot parse or that had expired: INVALID_KS) and `AppTokenService::startSessionAction`
/// (the token looked up for the KS's partner: APP_TOKEN_ID_NOT_FOUND; its status:
/// APP_TOKEN_NOT_ACTIVE).
pub(crate) fn find(error: Option<&ApiError>, b: Before) -> Option<Stop> {
    if let Some(e) = error {
        let (before_hash, meaning) = match e.stage() {
            Stage::Hash => return None,
            Stage::Ks => (
                true,
                "the server rejected the KS before it checked the tokenHash",
            ),
            Stage::TokenId => (
                true,
                "the server found no app token with this id for the KS's partner, before it checked the tokenHash",
            ),
            Stage::TokenStatus => (
                true,
                "the app token is not active; the server stopped before it checked the tokenHash",
            ),
            Stage::AfterHash => (
                false,
                "the server accepted the tokenHash; the app token itself has expired",
            ),
            Stage::Other if b.no_ks && e.code.eq_ignore_ascii_case("SERVICE_FORBIDDEN") => (
                true,
                "the request carried no KS, and without one appToken.startSession is forbidden: the server stopped before the action ran",
            ),
            Stage::Other => (
                true,
                "this error does not come from appToken.startSession's tokenHash check",
            ),
        };
        return Some(Stop {
            code: e.code.clone(),
            detail: e.ks_error.clone(),
            source: StopSource::Reported,
            before_hash,
            meaning,
        });
    }
    let predicted = |code: &str, detail: Option<&str>, meaning: &'static str| Stop {
        code: code.into(),
        detail: detail.map(Into::into),
        source: StopSource::Predicted,
        before_hash: true,
        meaning,
    };
    if b.no_ks {
        // kaltura-api.md §5: with no KS the NO_SESSION_ROLE lacks the action's permission.
        return Some(predicted(
            "SERVICE_FORBIDDEN",
            None,
            "the request carries no KS, and without one appToken.startSession is forbidden (the access to service [apptoken->startSession] is forbidden) before the action runs",
        ));
    }
    if b.ks_unparsable {
        return Some(predicted(
            "INVALID_KS",
            Some("-1,INVALID_STR"),
            "the server cannot parse this KS, so it answers INVALID_KS before it checks the tokenHash",
        ));
    }
    // `ks::isValidBase`: valid_until <= time() is EXPIRED, reported by
    // `kPermissionManager::errorIfKsNotValid` as `Invalid KS "EXPIRED", Error "-1,INVALID_STR"`.
    if b.ks_expired_at_call {
        return Some(predicted(
            "INVALID_KS",
            Some("KSID \"EXPIRED\", -1,INVALID_STR"),
            "the KS had expired when the call was made, so the server answers INVALID_KS before it checks the tokenHash",
        ));
    }
    // `AppTokenPeer` lookups are partner-filtered (`applyPartnerFilterForClass('AppToken')`);
    // a DELETED token is excluded by the default criteria.
    if b.partner_mismatch || b.status == Some(AppTokenStatus::Deleted) {
        return Some(predicted(
            "APP_TOKEN_ID_NOT_FOUND",
            None,
            if b.partner_mismatch {
                "the server looks the app token up among the KS partner's tokens only, and it belongs to another partner: it answers APP_TOKEN_ID_NOT_FOUND before it checks the tokenHash"
            } else {
                "the app token is deleted, so the server finds no app token with this id: it answers APP_TOKEN_ID_NOT_FOUND before it checks the tokenHash"
            },
        ));
    }
    b.status.map(|_| {
        predicted(
            "APP_TOKEN_NOT_ACTIVE",
            None,
            "the app token is not active, so the server answers APP_TOKEN_NOT_ACTIVE before it checks the tokenHash",
        )
    })
}

/// APP_TOKEN_EXPIRED, checked after the hash (`AppTokenService::startSessionAction`): the
/// hash is right and the app token had expired at the call's known time.
pub(crate) fn app_token_expired() -> Stop {
    Stop {
        code: "APP_TOKEN_EXPIRED".into(),
        detail: None,
        source: StopSource::Predicted,
        before_hash: false,
        meaning: "the tokenHash is right, but the app token had expired when the call was made: the server answers APP_TOKEN_EXPIRED after it accepts the hash",
    }
}

/// The server answered INVALID_APP_TOKEN_HASH although the tokenHash is correct for the
/// inputs given: one of them (the app token's stored hashType or token, or the KS sent) is
/// not what the server has.
pub(crate) fn rejected_correct_hash(error: &ApiError) -> Option<Stop> {
    (error.stage() == Stage::Hash).then(|| Stop {
        code: error.code.clone(),
        detail: None,
        source: StopSource::Reported,
        before_hash: false,
        meaning: "it rejected a tokenHash that is correct for the inputs given, so one of them is not what the server has (the app token's hashType or token, or the KS sent)",
    })
}

impl Stop {
    /// True when the server accepted (or would accept) the tokenHash despite this stop:
    /// only APP_TOKEN_EXPIRED and errors from other stages after the hash.
    pub fn hash_accepted(&self) -> bool {
        !self.before_hash && self.code != "INVALID_APP_TOKEN_HASH"
    }
}
