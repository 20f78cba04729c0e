//! Whole-artifact intake: read what users actually have at hand (the failing request URL or
//! curl command, the startWidgetSession response, the server's error, a log or HAR file)
//! and cross-check them.
//!
//! Everything here is pure text in, values and [`Finding`]s out; reading files is the
//! caller's job.
//!
//! ```
//! use ks_core::intake::request;
//! let r = request::parse(
//!     "curl 'https://www.kaltura.com/api_v3/service/appToken/action/startSession' \
//!      -d 'ks=djJ8MTIzfA%3D%3D&id=0_abc123&tokenHash=5e1f'",
//! ).unwrap();
//! assert_eq!(r.ks.as_deref(), Some("djJ8MTIzfA=="));
//! assert_eq!(r.token_id.as_deref(), Some("0_abc123"));
//! assert_eq!(r.token_hash.as_deref(), Some("5e1f"));
//! assert_eq!(r.action.as_deref(), Some("startSession"));
//! ```
//!
//! [`Finding`]: crate::diagnose::Finding

pub mod call_time;
pub mod cross_check;
mod devtools_copy;
pub mod error_text;
pub mod example;
pub mod gather;
pub mod given;
pub mod ks_timing;
pub(crate) mod literal;
pub mod log_requests;
pub mod log_scan;
pub mod paste;
pub mod pasted_ks;
pub mod read_error;
pub mod request;
pub mod seen_request;
pub mod server_log;
mod shell_words;
pub mod widget_response;
pub(crate) use crate::message::Message;

/// Input that cannot be read at all: what is wrong, where, and what to try.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} (at {place}); hint: {hint}")]
pub struct IntakeError {
    /// What is wrong.
    pub what: String,
    /// Where: a byte offset, a key, a line.
    pub place: String,
    /// What to try (naming what to give by reference, worded by the front end).
    pub hint: Message,
}

impl IntakeError {
    pub(crate) fn new(
        what: impl Into<String>,
        place: impl Into<String>,
        hint: impl Into<Message>,
    ) -> IntakeError {
        IntakeError {
            what: what.into(),
            place: place.into(),
            hint: hint.into(),
        }
    }
}

/// Parses JSON, naming `what` it should have been and where it broke.
pub(crate) fn parse_json(
    text: &str,
    what: &str,
    hint: &str,
) -> Result<serde_json::Value, IntakeError> {
    serde_json::from_str(text).map_err(|e| {
        IntakeError::new(
            format!(
                "{what} is not valid JSON: {}",
                crate::json_text::json_error_message(&e)
            ),
            format!("line {}, column {}", e.line(), e.column()),
            hint,
        )
    })
}

/// A JSON scalar as text (strings as is, numbers as written); `None` for anything else.
pub(crate) fn json_scalar(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
