//! The answer to one `diagnose --batch` line: the diagnosis as one JSON object with the
//! line's number, or `{"line":N,"error":"..."}`.
//!
//! A line is `{"ks", "token", "hash"}` and, optionally, `hash_type`, `token_id`, `app_token`
//! (the object), `now`, `other_ks`, `sent_ks_known` and `server_error` (docs/cli.md).

use crate::engine::error_line;
use ks_core::app_token::AppToken;
use ks_core::diagnose::{CallTime, Case, Finding, FindingCode, diagnose};
use ks_core::digest::HashType;
use ks_core::intake::cross_check::check_error;
use ks_core::intake::read_error;
use ks_core::source::{Field, Source};
use ks_report::redact::Redactor;
use ks_report::render_json;

#[derive(serde::Deserialize)]
struct Line {
    ks: String,
    token: String,
    hash: String,
    #[serde(default)]
    hash_type: Option<String>,
    #[serde(default)]
    token_id: Option<String>,
    #[serde(default)]
    app_token: Option<serde_json::Value>,
    #[serde(default)]
    now: Option<i64>,
    /// Other KS strings the client may have hashed (earlier startWidgetSession calls).
    #[serde(default)]
    other_ks: Vec<String>,
    /// False when nothing says which KS was sent: `ks` and `other_ks` are then candidates,
    /// newest first.
    #[serde(default = "yes")]
    sent_ks_known: bool,
    /// The server's error: its code, or the KalturaAPIException JSON object.
    #[serde(default)]
    server_error: Option<serde_json::Value>,
}

fn yes() -> bool {
    true
}

/// The fields of a `diagnose --batch` line, for the message when a line is no object.
const LINE_FIELDS: &str = "ks, token, hash (strings) and, optionally, hash_type, token_id, app_token, now, other_ks, sent_ks_known, server_error";

/// What every line of one batch shares: the call's time when the line has none, the clock,
/// and how secrets are shown.
pub struct Lines {
    /// The call's time for a line without its own `now` (the front end's `--now`).
    pub call: Option<i64>,
    /// The clock, read once for the whole batch: it only says what has expired since.
    pub today: i64,
    /// How secrets are shown.
    pub redact: Redactor,
}

impl Lines {
    /// One output line for input line `n`; returns whether the call was accepted (the
    /// [`crate::engine::LineFn`] of `diagnose --batch`).
    pub fn answer(&self, n: usize, line: &[u8], out: &mut Vec<u8>) -> bool {
        let result = std::str::from_utf8(line)
            .map_err(|e| {
                format!(
                    "not a valid input line: invalid UTF-8 at byte {}",
                    e.valid_up_to()
                )
            })
            .and_then(|text| self.diagnose_line(text));
        match result {
            Ok((mut v, accepted)) => {
                if let serde_json::Value::Object(o) = &mut v {
                    o.insert("line".into(), n.into());
                }
                out.extend_from_slice(v.to_string().as_bytes());
                out.push(b'\n');
                accepted
            }
            Err(e) => {
                error_line(n, &e, out);
                false
            }
        }
    }

    /// Diagnoses one line. The call's time is the line's `now`, else [`Lines::call`].
    fn diagnose_line(&self, text: &str) -> Result<(serde_json::Value, bool), String> {
        let line: Line = crate::json_line::parse(text.as_bytes(), LINE_FIELDS)?;
        let hash_type = line
            .hash_type
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(str::parse::<HashType>)
            .transpose()
            .map_err(|e| e.to_string())?;
        let app_token = match &line.app_token {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::Object(o)) => {
                Some(AppToken::from_object(o).map_err(|e| format!("app_token: {e}"))?)
            }
            Some(_) => return Err("app_token must be an object".into()),
        };
        if line.hash.is_empty() {
            return Err("hash is empty".into());
        }
        if let Some(n) = line.now {
            // As `--now` is checked: seconds, not milliseconds (the command line's words: pass).
            ks_core::unix_time::seconds(n).map_err(|e| {
                let words = ks_report::source_words::message(
                    &e.message(),
                    ks_report::source_words::Voice::Cli,
                );
                format!("now: {words}")
            })?;
        }
        let server_error = match &line.server_error {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(code)) => Some(code.clone()),
            Some(v @ serde_json::Value::Object(_)) => Some(v.to_string()),
            Some(_) => return Err("server_error must be an error code or an object".into()),
        }
        .map(|text| read_error::parse(&text).map_err(|e| format!("server_error: {e}")))
        .transpose()?;
        // A hash copied out of a print keeps the print's quotes: not what was sent.
        let unquoted = ks_core::intake::paste::unquote(&line.hash);
        let case = Case {
            ks: &line.ks,
            token: &line.token,
            claimed: unquoted.as_ref().map_or(&line.hash, |(h, _)| h),
            hash_type,
            token_id: line.token_id.as_deref(),
            partner_id: None,
            app_token: app_token.as_ref(),
            other_ks: &line.other_ks,
            call_time: match (line.now, self.call) {
                (Some(at), _) => Some(CallTime::exact(at, Source::JsonField(Field::Now))),
                (None, Some(at)) => Some(CallTime::exact(at, Source::Given(Field::Now))),
                (None, None) => None,
            },
            today: Some(self.today),
            sent_without_ks: false,
            request_partner_id: None,
            ks_verbatim: false,
            hash_verbatim: false,
            sent_ks_unknown: !line.sent_ks_known,
            server_error: server_error.as_ref(),
        };
        let mut d = diagnose(&case);
        if let Some(e) = &server_error {
            d.findings.extend(check_error(e, &d));
        }
        if let Some((_, form)) = &unquoted {
            d.findings.push(Finding::new(
                FindingCode::InputNormalized,
                format!("hash: the {form} it was copied with were taken off; quotes count as sent only when the request shows them"),
            ));
        }
        Ok((render_json::diagnosis(&d, &self.redact), d.call_accepted()))
    }
}
