//! Reads the error the server answered, as the user's program printed it: a
//! `KalturaAPIException` in JSON or XML, or just its code. The type is [`ApiError`].

use super::error_text::{self, Scope};
use super::{IntakeError, json_scalar, parse_json};
use crate::api_error::ApiError;
use crate::json_text::unwrap_result;
use crate::{kaltura_errors, xml_text};

/// Reads an error: JSON (`{"code":…,"message":…,"objectType":"KalturaAPIException"}`, bare,
/// in `{"result": …}` or `{"result": {"error": …}}`), XML (`<error><code>…`), or a bare code
/// such as `INVALID_APP_TOKEN_HASH`.
///
/// ```
/// use ks_core::api_error::Stage;
/// use ks_core::intake::read_error::parse;
/// let e = parse(r#"{"code":"INVALID_APP_TOKEN_HASH","message":"Invalid application token hash","objectType":"KalturaAPIException","args":[]}"#).unwrap();
/// assert_eq!(e.stage(), Stage::Hash);
/// ```
pub fn parse(text: &str) -> Result<ApiError, IntakeError> {
    let t = text.trim().trim_start_matches('\u{feff}');
    if t.is_empty() {
        return Err(IntakeError::new(
            "the error is empty",
            "the whole value",
            "paste the error response, or just its code (e.g. INVALID_APP_TOKEN_HASH)",
        ));
    }
    let mut e = if t.starts_with('<') {
        from_xml(t)?
    } else if t.starts_with('{') {
        match from_json(t) {
            Ok(e) => e,
            Err(not_json) => printed_object(t).ok_or(not_json)?,
        }
    } else if let Some(e) = t.contains('{').then(|| printed_object(t)).flatten() {
        e
    } else if is_code(t) {
        bare_code(t)?
    } else if let Some(e) = error_text::read(t, Scope::Error) {
        // A client's exception text or the server's message.
        e
    } else {
        return Err(IntakeError::new(
            "this is not an API error response, an error code, or a Kaltura error message",
            "the whole value",
            "paste the JSON or XML the API returned, the client's exception text, or the code (e.g. INVALID_APP_TOKEN_HASH, -1)",
        ));
    };
    if let Some(m) = e.message.clone() {
        if e.ks.is_none() {
            e.ks = quoted_after(&m, "Invalid KS \"");
        }
        if e.ks_error.is_none() {
            e.ks_error = quoted_after(&m, "Error \"");
        }
    }
    Ok(e)
}

/// The error behind a message as the server's log prints it (only the message is logged,
/// not the code), e.g. `Invalid application token hash` or
/// `Invalid KS "EXPIRED", Error "-1,INVALID_STR"`: read back through Kaltura's templates
/// ([`crate::kaltura_errors`], from KalturaErrors.php and APIErrors.class.php).
///
/// ```
/// use ks_core::api_error::Stage;
/// use ks_core::intake::read_error::from_message;
/// let e = from_message("Application token id \"0_ab\" expired").unwrap();
/// assert_eq!((e.code.as_str(), e.stage()), ("APP_TOKEN_EXPIRED", Stage::AfterHash));
/// assert_eq!(from_message("Invalid KS \"EXPIRED\", Error \"-1,INVALID_STR\"").unwrap().ks_error.as_deref(), Some("-1,INVALID_STR"));
/// assert_eq!(from_message("Unknown widget [_77]").unwrap().code, "INVALID_WIDGET_ID");
/// ```
pub fn from_message(message: &str) -> Option<ApiError> {
    let m = message.trim();
    let found = kaltura_errors::match_message(m)?;
    let mut e = ApiError {
        code: found.template.code.to_string(),
        message: Some(m.to_string()),
        ks: None,
        ks_error: None,
    };
    error_text::apply_args(&mut e, &found);
    Some(e)
}

/// A code given alone: one the server sends, a KS check result (`-5`, `EXPIRED`,
/// `-5,EXPIRED`), or an unknown code far from every known one (a plugin's); a code one typo
/// away from a known one is refused with "did you mean".
fn bare_code(t: &str) -> Result<ApiError, IntakeError> {
    let up = t.to_ascii_uppercase();
    let known = kaltura_errors::is_code(&up) || kaltura_errors::is_ks_error(&up);
    if !known && let Some(near) = kaltura_errors::suggest(&up) {
        return Err(IntakeError::new(
            format!("{t:?} is not an error code the server sends; did you mean {near}?"),
            "the whole value",
            format!("give the code as {near}, or paste the JSON the API returned"),
        ));
    }
    Ok(ApiError {
        code: if known { up } else { t.to_string() },
        message: None,
        ks: None,
        ks_error: None,
    })
}

fn is_code(t: &str) -> bool {
    t.len() <= 64
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ','))
}

fn quoted_after(text: &str, lead: &str) -> Option<String> {
    let start = text.find(lead)? + lead.len();
    let end = text[start..].find('"')? + start;
    Some(text[start..end].to_string())
}

/// The error object a program printed rather than the API's JSON: Node's
/// `console.log(err)` (`KalturaAPIException { code: '…', message: '…' }`, `{ code: '…',
/// message: '…', args: {…} }`, or an `Error: …` with its stack and then `{ code: '…' }`)
/// and Python's `print(dict)`. Only an object whose `code` is one the server sends is
/// taken: a print's other `code` members (an HTTP status, a process exit) are not errors.
fn printed_object(t: &str) -> Option<ApiError> {
    let known = |v: &serde_json::Value| {
        let o = unwrap_result(v);
        let o = o.get("error").filter(|x| x.is_object()).unwrap_or(o);
        o.get("code").and_then(json_scalar).is_some_and(|c| {
            let c = c.to_ascii_uppercase();
            kaltura_errors::is_code(&c) || kaltura_errors::is_ks_error(&c)
        })
    };
    let v = super::literal::first_object(t, known)?;
    from_value(&v).ok()
}

fn from_json(t: &str) -> Result<ApiError, IntakeError> {
    let v = parse_json(
        t,
        "the error",
        "paste the response body exactly as returned",
    )?;
    from_value(&v)
}

fn from_value(v: &serde_json::Value) -> Result<ApiError, IntakeError> {
    let mut o = unwrap_result(v);
    if let Some(inner) = o.get("error").filter(|x| x.is_object()) {
        o = inner;
    }
    let code = o.get("code").and_then(json_scalar).ok_or_else(|| {
        IntakeError::new(
            "the JSON has no 'code': it is not an API error",
            "the whole value",
            "a KalturaAPIException looks like {\"code\":\"INVALID_APP_TOKEN_HASH\",\"message\":…}",
        )
    })?;
    let mut e = ApiError {
        code,
        message: o.get("message").and_then(json_scalar),
        ks: None,
        ks_error: None,
    };
    // args: {"KS": "…", "ERR_CODE": "-1", "ERR_DESC": "INVALID_STR"} or a list of {name, value}.
    let mut arg = |name: &str, value: String| match name {
        "KS" => e.ks = Some(value),
        "ERR_CODE" => e.ks_error = Some(value),
        "ERR_DESC" => {
            if let Some(c) = &e.ks_error {
                e.ks_error = Some(format!("{c},{value}"));
            }
        }
        _ => {}
    };
    match o.get("args") {
        Some(serde_json::Value::Object(m)) => {
            for (k, v) in m {
                if let Some(s) = json_scalar(v) {
                    arg(k, s);
                }
            }
        }
        Some(serde_json::Value::Array(items)) => {
            for item in items {
                if let (Some(n), Some(v)) = (
                    item.get("name").and_then(json_scalar),
                    item.get("value").and_then(json_scalar),
                ) {
                    arg(&n, v);
                }
            }
        }
        _ => {}
    }
    Ok(e)
}

fn from_xml(t: &str) -> Result<ApiError, IntakeError> {
    let code = xml_text::leaf(t, Some("error"), "code").ok_or_else(|| {
        IntakeError::new(
            "the XML has no <error><code>: it is not an API error",
            "the whole value",
            "paste the whole response body",
        )
    })?;
    Ok(ApiError {
        code,
        message: xml_text::leaf(t, Some("error"), "message"),
        ks: None,
        ks_error: None,
    })
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::api_error::Stage;

    #[test]
    fn invalid_ks_names_the_ks_and_the_reason() {
        let e = parse(r#"{"result":{"error":{"code":"INVALID_KS","message":"Invalid KS \"djJ8MTIz\". Error \"-1,INVALID_STR\"","objectType":"KalturaAPIException","args":{"KS":"djJ8MTIz","ERR_CODE":"-1","ERR_DESC":"INVALID_STR"}}}}"#).unwrap();
        assert_eq!(e.stage(), Stage::Ks);
        assert_eq!(e.ks.as_deref(), Some("djJ8MTIz"));
        assert_eq!(e.ks_error.as_deref(), Some("-1,INVALID_STR"));
    }

    #[test]
    fn message_is_read_when_args_are_missing() {
        let e =
            parse(r#"{"code":"INVALID_KS","message":"Invalid KS \"abc\". Error \"-5,EXPIRED\""}"#)
                .unwrap();
        assert_eq!(
            (e.ks.as_deref(), e.ks_error.as_deref()),
            (Some("abc"), Some("-5,EXPIRED"))
        );
    }

    #[test]
    fn xml_and_bare_codes() {
        let e = parse("<xml><result><error><objectType>KalturaAPIException</objectType><code>APP_TOKEN_ID_NOT_FOUND</code><message>Application token id [0_x] not found</message></error></result></xml>").unwrap();
        assert_eq!(e.stage(), Stage::TokenId);
        assert_eq!(
            parse("APP_TOKEN_EXPIRED").unwrap().stage(),
            Stage::AfterHash
        );
        assert_eq!(parse("-1").unwrap().stage(), Stage::Ks);
        assert_eq!(parse("-1,INVALID_STR").unwrap().stage(), Stage::Ks);
        assert_eq!(parse("-5,EXPIRED").unwrap().stage(), Stage::Ks);
    }

    #[test]
    fn node_printed_error_objects_are_read() {
        for text in [
            "KalturaAPIException { code: 'INVALID_APP_TOKEN_HASH', message: 'Invalid application token hash' }",
            "{ code: 'INVALID_APP_TOKEN_HASH', message: 'Invalid application token hash' }",
            "{\n  code: 'APP_TOKEN_ID_NOT_FOUND',\n  message: 'Application token id [0_abc] not found',\n  args: { APP_TOKEN_ID: '0_abc' }\n}",
            "KalturaAPIException [Error]: Invalid application token hash\n    at KalturaRequest.parse (/app/node_modules/kaltura-client/KalturaClientBase.js:300:11) {\n  code: 'INVALID_APP_TOKEN_HASH'\n}",
            "{'code': 'INVALID_APP_TOKEN_HASH', 'message': 'Invalid application token hash'}",
        ] {
            let e = parse(text).unwrap_or_else(|e| panic!("{text}: {}", e.what));
            assert!(
                matches!(
                    e.code.as_str(),
                    "INVALID_APP_TOKEN_HASH" | "APP_TOKEN_ID_NOT_FOUND"
                ),
                "{text}: {}",
                e.code
            );
        }
        // A print's other `code` (an HTTP status) is no API error.
        assert!(parse("{ code: 500, message: 'boom' }").is_err());
    }

    #[test]
    fn not_an_error() {
        assert!(parse("").is_err());
        assert!(
            parse(r#"{"ks":"K"}"#)
                .unwrap_err()
                .what
                .contains("no 'code'")
        );
        assert!(
            parse("it failed :(")
                .unwrap_err()
                .what
                .contains("not an API error")
        );
    }
}
