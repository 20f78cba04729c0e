//! The body of `POST /ksdiag/diagnose`, which the page's engine takes too: the fields of a
//! `diagnose --batch` line (ks, token, hash, hash_type, token_id, app_token, other_ks, now) and
//! the artifacts as text (url, widget_response, error, log), read into what the user gave
//! ([`Given`]) for `ks_core::intake::gather`. One type for the server and the page, so both
//! read a body the same way; errors name the JSON fields.

use crate::source_words::Voice;
use ks_core::digest::HashType;
use ks_core::intake::given::Given;
use ks_core::source::Field;
use serde::Deserialize;
use serde_json::Value;

/// The fields of a diagnose body. An empty string is a field not given (a form's empty box).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DiagnoseBody {
    /// The KS sent.
    pub ks: Option<String>,
    /// The app token's `token`.
    pub token: Option<String>,
    /// The tokenHash sent.
    pub hash: Option<String>,
    /// The declared hash type (`sha256`, `SHA256`, ...).
    pub hash_type: Option<String>,
    /// The app token id.
    pub token_id: Option<String>,
    /// The app token: the object (as in a batch line) or its text (JSON, XML, a print).
    pub app_token: Option<Value>,
    /// Other KS the client may have hashed.
    #[serde(default)]
    pub other_ks: Vec<String>,
    /// When the call was made (unix seconds).
    pub now: Option<i64>,
    /// The failing request (URL, body, curl command).
    pub url: Option<String>,
    /// startWidgetSession's answer.
    pub widget_response: Option<String>,
    /// The server's error (`server_error`, the batch line's name for it, is read too).
    #[serde(alias = "server_error")]
    pub error: Option<String>,
    /// A log, HAR file or trace.
    pub log: Option<String>,
}

/// The fields a diagnose body takes, for hints.
pub const DIAGNOSE_FIELDS: &str = "ks, token, hash (and optionally hash_type, token_id, app_token, other_ks, now, url, widget_response, error, log)";

impl DiagnoseBody {
    /// What the user gave: `ks` then `other_ks` are the KS given in order; empty fields are
    /// left out; a value larger than a front end takes is refused (`Given::too_large`), and a
    /// `now` in milliseconds (`Date.now()`) too, as `--now` is (`ks_core::unix_time::seconds`).
    pub fn given(self) -> Result<Given, String> {
        self.given_in(Voice::Api)
    }

    /// [`given`](Self::given), its errors in `voice`'s words: the page's engine names the
    /// boxes (`Voice::Page`), the server the JSON fields.
    pub fn given_in(self, voice: Voice) -> Result<Given, String> {
        let words = |m: &ks_core::message::Message| voice.message(m);
        if let Some(Err(e)) = self.now.map(ks_core::unix_time::seconds) {
            return Err(words(&ks_core::words![Field::Now, ": "].and(e.message())));
        }
        let some = |v: Option<String>| v.filter(|x| !x.is_empty());
        let hash_type = some(self.hash_type)
            .map(|h| h.parse::<HashType>())
            .transpose()
            .map_err(|e| format!("{}: {e}", voice.field(Field::HashType)))?;
        let given = Given {
            ks: some(self.ks)
                .into_iter()
                .chain(self.other_ks.into_iter().filter(|k| !k.is_empty()))
                .collect(),
            token: some(self.token),
            hash: some(self.hash),
            hash_type,
            token_id: some(self.token_id),
            app_token: match self.app_token {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => some(Some(s)),
                Some(other) => Some(other.to_string()),
            },
            request: some(self.url),
            widget_response: some(self.widget_response),
            error: some(self.error),
            log: some(self.log),
            now: self.now,
            ..Given::default()
        };
        match given.too_large() {
            Some(e) => Err(words(&e.message)),
            None => Ok(given),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_fields_are_not_given_and_other_ks_follow_ks() {
        let b: DiagnoseBody = serde_json::from_value(serde_json::json!({
            "ks": "A", "other_ks": ["", "B"], "token": "", "url": "", "app_token": {"id": "0_x"}
        }))
        .unwrap();
        let g = b.given().unwrap();
        assert_eq!(g.ks, ["A", "B"]);
        assert_eq!((g.token, g.request), (None, None));
        assert_eq!(g.app_token.as_deref(), Some(r#"{"id":"0_x"}"#));
    }

    #[test]
    fn a_bad_hash_type_names_the_field() {
        let b = DiagnoseBody {
            hash_type: Some("sha9".into()),
            ..DiagnoseBody::default()
        };
        assert!(b.given().unwrap_err().starts_with("\"hash_type\": "));
    }

    #[test]
    fn now_in_milliseconds_is_refused_in_the_apis_words() {
        let b = DiagnoseBody {
            now: Some(1_700_000_100_000),
            ..DiagnoseBody::default()
        };
        assert_eq!(
            b.given().unwrap_err(),
            "\"now\": 1700000100000 looks like milliseconds (13 digits), not unix seconds; send seconds: 1700000100"
        );
        let b = DiagnoseBody {
            now: Some(1_700_000_100),
            ..DiagnoseBody::default()
        };
        assert_eq!(b.given().unwrap().now, Some(1_700_000_100));
    }
}
