//! What the server makes of an app token's `expiry`: `kTime::getRelativeTime` (server
//! `alpha/apps/kaltura/lib/kTime.class.php`, spec kaltura-api.md section 4) stores a value
//! within `max_relative_time` (ten years) of 0 as now plus that value, returns -1
//! (`REMOVE_DATE`) as it is and takes anything else as absolute unix seconds. The `expiry`
//! column is an integer (server `alpha/config/schema.xml`, table `app_token`) and no setter
//! clears it for -1, so -1 is stored as -1: a time long past, not "no expiry". appToken.startSession
//! then answers APP_TOKEN_EXPIRED when `expiry - now < 0` (after the hash check).

use super::AppToken;

/// `max_relative_time` in the server's default configuration: ten years, in seconds.
pub const MAX_RELATIVE_TIME: i64 = 315_360_000;

/// `kTime::REMOVE_DATE`: returned unchanged by getRelativeTime, and stored as -1.
const REMOVE_DATE: i64 = -1;

/// How the server reads an `expiry` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiryReading {
    /// No expiry: absent (or sent as null).
    Never,
    /// Absolute unix seconds.
    At(i64),
    /// Within ten years of 0: seconds after the moment the server stored it. `at` is that
    /// moment plus `seconds` when the document says when it was stored (`createdAt`).
    Relative {
        /// The value as written.
        seconds: i64,
        /// The absolute expiry, when the storing time is known.
        at: Option<i64>,
    },
}

impl AppToken {
    /// How the server reads this token's `expiry`.
    ///
    /// ```
    /// use ks_core::app_token::{AppToken, ExpiryReading};
    /// let t = AppToken::from_json(r#"{"id":"0_ab","expiry":0}"#).unwrap();
    /// assert_eq!(t.expiry_reading(), ExpiryReading::Relative { seconds: 0, at: None });
    /// assert!(t.is_expired(1_700_000_000)); // expired the moment it was stored
    /// ```
    pub fn expiry_reading(&self) -> ExpiryReading {
        match self.expiry {
            None => ExpiryReading::Never,
            Some(REMOVE_DATE) => ExpiryReading::At(REMOVE_DATE),
            Some(v) if (-MAX_RELATIVE_TIME..=MAX_RELATIVE_TIME).contains(&v) => {
                ExpiryReading::Relative {
                    seconds: v,
                    at: self.created_at.map(|c| c.saturating_add(v)),
                }
            }
            Some(v) => ExpiryReading::At(v),
        }
    }

    /// True when appToken.startSession would answer APP_TOKEN_EXPIRED at `now_unix` (once the
    /// hash is right): the expiry is before now, or it was written relative (within ten years
    /// of 0) as 0 or less, which expires the moment the server stores it.
    pub fn is_expired(&self, now_unix: i64) -> bool {
        match self.expiry_reading() {
            ExpiryReading::Never => false,
            ExpiryReading::At(t) => t < now_unix,
            ExpiryReading::Relative { seconds, .. } if seconds <= 0 => true,
            ExpiryReading::Relative { at, .. } => at.is_some_and(|t| t < now_unix),
        }
    }

    /// Why the token is expired, in words, when [`AppToken::is_expired`]; `None` otherwise.
    pub fn expiry_problem(&self, now_unix: i64) -> Option<String> {
        if !self.is_expired(now_unix) {
            return None;
        }
        Some(match self.expiry_reading() {
            ExpiryReading::Relative { seconds, .. } => format!(
                "the app token's expiry is {seconds}: the server reads any expiry within ten years of 0 as relative to the moment it stores it (kTime::getRelativeTime), so this token expired when it was made; the server answers APP_TOKEN_EXPIRED once the hash is right. Set an absolute unix time, or leave expiry out for none"
            ),
            ExpiryReading::At(REMOVE_DATE) => "the app token's expiry is -1: the server stores -1 (kTime::REMOVE_DATE is returned as it is, into an integer column), a time long past, not \"no expiry\"; the server answers APP_TOKEN_EXPIRED once the hash is right. Leave expiry out (or send it as null) for none".to_string(),
            ExpiryReading::At(t) => format!(
                "the app token expired at {} (expiry {t}): once the hash is right the server answers APP_TOKEN_EXPIRED",
                crate::unix_time::iso8601(t)
            ),
            ExpiryReading::Never => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(expiry: Option<i64>, created_at: Option<i64>) -> AppToken {
        AppToken {
            expiry,
            created_at,
            ..AppToken::default()
        }
    }

    #[test]
    fn values_near_zero_are_relative_to_when_the_server_stored_them() {
        let now = 1_796_000_000;
        assert!(token(Some(0), None).is_expired(now));
        assert!(token(Some(-60), None).is_expired(now));
        assert!(!token(Some(3600), None).is_expired(now)); // unknown storing time
        assert!(token(Some(3600), Some(now - 7200)).is_expired(now));
        assert!(!token(Some(3600), Some(now - 60)).is_expired(now));
        // REMOVE_DATE is stored as -1, long past (regression: read as "never" before).
        assert!(token(Some(-1), None).is_expired(now));
        assert!(
            token(Some(-1), None)
                .expiry_problem(now)
                .unwrap()
                .contains("stores -1")
        );
        assert!(!token(None, None).is_expired(now));
        assert_eq!(
            token(Some(MAX_RELATIVE_TIME), None).expiry_reading(),
            ExpiryReading::Relative {
                seconds: MAX_RELATIVE_TIME,
                at: None
            }
        );
        assert_eq!(
            token(Some(MAX_RELATIVE_TIME + 1), None).expiry_reading(),
            ExpiryReading::At(MAX_RELATIVE_TIME + 1)
        );
    }

    #[test]
    fn an_absolute_expiry_is_past_only_when_before_now() {
        // AppTokenService: min(sessionDuration, expiry - time()) < 0.
        let now = 1_796_000_000;
        assert!(!token(Some(now), None).is_expired(now));
        assert!(token(Some(now - 1), None).is_expired(now));
        assert!(
            token(Some(0), None)
                .expiry_problem(now)
                .unwrap()
                .contains("expired when it was made")
        );
    }
}
