//! The answer to one `diagnose --batch` line: the diagnosis as one JSON object with the
//! line's number, or `{"line":N,"error":"..."}`.
//!
//! A line is `{"ks", "token", "hash"}` and, optionally, `hash_type`, `token_id`, `app_token`
//! (the object), `now`, `other_ks`, `sent_ks_known` and `server_error` (docs/cli.md). Its
//! fields are read into what the user gave (a `Given`) and go through the same intake as the
//! CLI's flags, the server's body and the page's boxes (`ks_core::intake::gather`): the same
//! refusals, cross-checks and findings. The intake costs a few microseconds against the
//! diagnosis's milliseconds (the `diagnose_line` bench).

use crate::engine::error_line;
use ks_core::diagnose::{Finding, FindingCode};
use ks_core::digest::HashType;
use ks_core::intake::gather::gather;
use ks_core::intake::given::Given;
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
        let app_token = match line.app_token {
            None | Some(serde_json::Value::Null) => None,
            Some(o @ serde_json::Value::Object(_)) => Some(o.to_string()),
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
        let server_error = match line.server_error {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(code)) => Some(code),
            Some(v @ serde_json::Value::Object(_)) => Some(v.to_string()),
            Some(_) => return Err("server_error must be an error code or an object".into()),
        };
        // A hash copied out of a print keeps the print's quotes, which were not sent. A line
        // has no request to show them (gather's rule names one), so they come off here, in
        // the words a line has always had.
        let (hash, unquoted) = match ks_core::intake::paste::unquote(&line.hash) {
            Some((inner, form)) => (inner, Some(form)),
            None => (line.hash, None),
        };
        let given = Given {
            ks: std::iter::once(line.ks).chain(line.other_ks).collect(),
            token: Some(line.token),
            hash: Some(hash),
            hash_type,
            token_id: line.token_id,
            app_token,
            error: server_error,
            // The line's own time, else the batch's (--now).
            now: line.now.or(self.call),
            ..Given::default()
        };
        let mut inputs =
            gather(&given).map_err(|e| ks_report::source_words::line_message(&e.message))?;
        // What a line says that a `Given` has no field for: its time is the line's `now`
        // (named as the line's field, not as --now), and whether the first KS is the one sent.
        if let (Some(_), Some(t)) = (line.now, inputs.call_time.as_mut()) {
            t.source = Source::JsonField(Field::Now);
        }
        inputs.sent_ks_known &= line.sent_ks_known;
        let mut d = inputs.diagnose(Some(self.today));
        if let Some(form) = unquoted {
            d.findings.push(Finding::new(
                FindingCode::InputNormalized,
                format!("hash: the {form} it was copied with were taken off; quotes count as sent only when the request shows them"),
            ));
        }
        Ok((render_json::diagnosis(&d, &self.redact), d.call_accepted()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ks_report::source_words::Voice;

    const KS: &str = "ZmYyM2E2NmEwMGY3MjEyNTg0OGFlYmVmYzhkNGEwZGZmY2VmYjEzN3wxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
    const TOKEN: &str = "8a3f0c5e9b1d4f7a2c6e0b9d8f1a3c5e";

    fn answer(call: Option<i64>, line: serde_json::Value) -> serde_json::Value {
        let lines = Lines {
            call,
            today: 1_800_000_000,
            redact: Redactor {
                show: false,
                voice: Voice::Cli,
            },
        };
        let mut out = Vec::new();
        lines.answer(1, line.to_string().as_bytes(), &mut out);
        serde_json::from_slice(&out).unwrap_or_default()
    }

    fn finding(v: &serde_json::Value, code: &str) -> String {
        v["findings"]
            .as_array()
            .and_then(|f| f.iter().find(|f| f["code"] == code))
            .and_then(|f| f["message"].as_str())
            .unwrap_or_default()
            .to_string()
    }

    #[test]
    fn a_line_goes_through_the_intake_s_refusals_in_the_line_s_keys() {
        let v = answer(
            None,
            serde_json::json!({"ks": TOKEN, "token": KS, "hash": "ab"}),
        );
        let e = v["error"].as_str().unwrap_or_default();
        assert!(e.starts_with("ks and token look swapped"), "{v}");
        assert!(!e.contains(KS) && !e.contains(TOKEN), "{e}");
    }

    #[test]
    fn a_line_gets_the_intake_s_cross_checks_of_the_server_error() {
        let error = serde_json::json!({"code": "APP_TOKEN_ID_NOT_FOUND", "message": "Application token id \"0_abc\" not found", "args": {"id": "0_abc"}});
        let v = answer(
            None,
            serde_json::json!({"ks": KS, "token": TOKEN, "hash": "ab", "token_id": "0_other", "server_error": error}),
        );
        assert!(finding(&v, "inputs_disagree").contains("\"0_abc\""), "{v}");
    }

    #[test]
    fn the_call_s_time_is_named_as_the_line_s_now_or_the_batch_s_flag() {
        let line =
            serde_json::json!({"ks": KS, "token": TOKEN, "hash": "ab", "now": 1_800_000_000});
        assert!(finding(&answer(None, line), "ks_expired").contains("(from now)"));
        let line = serde_json::json!({"ks": KS, "token": TOKEN, "hash": "ab"});
        let v = answer(Some(1_800_000_000), line);
        assert!(finding(&v, "ks_expired").contains("(from --now)"), "{v}");
    }
}
