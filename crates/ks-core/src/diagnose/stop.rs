//! What stopped the call when it was not the tokenHash: the server's error when given, or a
//! KS the server cannot parse.
//!
//! Source: `AppTokenService::startSessionAction` (kaltura/server, api_v3/services) checks the
//! KS first (INVALID_KS, reported as `-1,INVALID_STR`), then the app token id for the KS's
//! partner, its status, the hash, and only then the token's expiry (server-facts.md).

use crate::intake::api_error::{ApiError, Stage};

/// Where a [`Stop`] is known from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopSource {
    /// The server's error, as given (`--error`, or the answer in a log).
    Reported,
    /// Predicted from the inputs: a KS the server cannot parse, or one expired at the clock
    /// used.
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

/// The stop, if any: a reported error that is not INVALID_APP_TOKEN_HASH, else (with no
/// error given) a KS the server cannot parse or that has expired.
pub(crate) fn find(
    error: Option<&ApiError>,
    ks_unparsable: bool,
    ks_expired: bool,
) -> Option<Stop> {
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
    if ks_unparsable {
        return Some(Stop {
            code: "INVALID_KS".into(),
            detail: Some("-1,INVALID_STR".into()),
            source: StopSource::Predicted,
            before_hash: true,
            meaning: "the server cannot parse this KS, so it answers INVALID_KS before it checks the tokenHash",
        });
    }
    // `ks::isValidBase`: valid_until <= time() is EXPIRED, reported by
    // `kPermissionManager::errorIfKsNotValid` as `Invalid KS "EXPIRED", Error "-1,INVALID_STR"`.
    ks_expired.then(|| Stop {
        code: "INVALID_KS".into(),
        detail: Some("KSID \"EXPIRED\", -1,INVALID_STR".into()),
        source: StopSource::Predicted,
        before_hash: true,
        meaning: "the KS has expired (at the clock used), so the server answers INVALID_KS before it checks the tokenHash",
    })
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
