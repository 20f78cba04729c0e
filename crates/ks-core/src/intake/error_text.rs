//! The server's error as people paste it in words rather than as the API's JSON: a client's
//! exception text (Python's `KalturaException: Invalid application token hash
//! (INVALID_APP_TOKEN_HASH)`, PHP's `Uncaught KalturaException: … in /path:N`, Node's
//! `KalturaAPIException [Error]: … { code: 'INVALID_KS' }`, Java's `APIException: …`), the
//! server's message alone (`Unknown widget [_77]`, `Invalid KS "…", Error "-5,EXPIRED"`), a
//! log line that holds either. The words are read back through Kaltura's own templates
//! ([`crate::kaltura_errors`]), so a message names its code and arguments.

use crate::api_error::ApiError;
use crate::kaltura_errors::{self, FLOW_CODES, MessageMatch};

/// How strict to be: a value given as the error may name any code; a line of a log only
/// counts when it carries one of the startSession flow's codes or messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole text is an error (`--error`, an `error` member of a logged object).
    Error,
    /// A line of a log: only the flow's codes and messages, in a form that says "error".
    LogLine,
}

/// The error `text` states, or `None`.
///
/// ```
/// use ks_core::intake::error_text::{read, Scope};
/// let e = read("kaltura.KalturaException: Invalid application token hash (INVALID_APP_TOKEN_HASH)", Scope::LogLine).unwrap();
/// assert_eq!(e.code, "INVALID_APP_TOKEN_HASH");
/// let e = read("Invalid KS \"djJ8MTIz\", Error \"-5,EXPIRED\"", Scope::Error).unwrap();
/// assert_eq!((e.ks.as_deref(), e.ks_error.as_deref()), (Some("djJ8MTIz"), Some("-5,EXPIRED")));
/// ```
pub fn read(text: &str, scope: Scope) -> Option<ApiError> {
    let code = stated_code(text, scope);
    let message =
        kaltura_errors::find_in(text).filter(|m| code.is_none_or(|c| c == m.template.code));
    let code = code.or(message.as_ref().map(|m| m.template.code))?;
    let mut e = ApiError {
        code: code.to_string(),
        message: message
            .as_ref()
            .map(|m| text[m.span.0..m.span.1].trim().to_string()),
        ks: None,
        ks_error: None,
    };
    if let Some(m) = &message {
        apply_args(&mut e, m);
    }
    Some(e)
}

/// INVALID_KS's arguments: the first slot is the KS when it did not parse, else the reason
/// (EXPIRED, LOGOUT); then the KS check's number and name.
pub(crate) fn apply_args(e: &mut ApiError, m: &MessageMatch) {
    if m.template.code != "INVALID_KS" {
        return;
    }
    e.ks = m
        .arg("KSID")
        .filter(|s| {
            !s.is_empty()
                && !s
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b == b'_' || b == b'?')
        })
        .map(str::to_string);
    if let (Some(c), Some(d)) = (m.arg("ERR_CODE"), m.arg("ERR_DESC")) {
        e.ks_error = Some(format!("{c},{d}"));
    }
}

/// A code the text names: `(CODE)` after a message (the Python client's `str()` of its
/// exception), `code: 'CODE'` / `"code": "CODE"` / `[code] => CODE` (an error object
/// printed), or, for a value given as the error, any known code word in it.
fn stated_code(text: &str, scope: Scope) -> Option<&'static str> {
    let known = |w: &str| -> Option<&'static str> {
        let t = kaltura_errors::templates(w).next()?;
        (scope == Scope::Error || FLOW_CODES.contains(&t.code)).then_some(t.code)
    };
    let words = code_words(text);
    // `(CODE)` and `code…CODE` first: the strongest forms.
    for (start, w) in &words {
        let before = text[..*start].trim_end_matches([' ', '\'', '"', ':', '=', '>', '[', ']']);
        let paren = text[..*start].ends_with('(') && text[start + w.len()..].starts_with(')');
        if (paren || before.to_ascii_lowercase().ends_with("code"))
            && let Some(c) = known(w)
        {
            return Some(c);
        }
    }
    if scope == Scope::Error {
        return words.iter().find_map(|(_, w)| known(w));
    }
    None
}

/// The words of upper-case letters, digits and `_` with at least one `_` (code shapes).
fn code_words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_uppercase()
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
        {
            let s = i;
            while i < b.len()
                && (b[i].is_ascii_uppercase() || b[i].is_ascii_digit() || b[i] == b'_')
            {
                i += 1;
            }
            let w = &text[s..i];
            let ends_word = i == b.len() || !b[i].is_ascii_alphanumeric();
            if ends_word && w.contains('_') && w.len() >= 6 {
                out.push((s, w));
            }
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Scope, read};

    fn code(text: &str, scope: Scope) -> Option<String> {
        read(text, scope).map(|e| e.code)
    }

    #[test]
    fn client_exception_texts_of_each_language() {
        let cases = [
            // Python: KalturaException.__str__ is "message (code)".
            (
                "Traceback (most recent call last):\nKalturaClient.Base.KalturaException: Application token id \"0_x\" not found (APP_TOKEN_ID_NOT_FOUND)",
                "APP_TOKEN_ID_NOT_FOUND",
            ),
            // PHP: an uncaught KalturaException, the message only.
            (
                "PHP Fatal error:  Uncaught KalturaException: Invalid application token hash in /var/www/vendor/kaltura/KalturaClientBase.php:412",
                "INVALID_APP_TOKEN_HASH",
            ),
            // Node: console.error of the client's error object.
            (
                "KalturaAPIException [Error]: The access to service [apptoken->startSession] is forbidden\n    at ... {\n  code: 'SERVICE_FORBIDDEN',\n  args: { SERVICE: 'apptoken->startSession' }\n}",
                "SERVICE_FORBIDDEN",
            ),
            // Java: the client's APIException.
            (
                "com.kaltura.client.utils.response.base.APIException: Application token id \"0_x\" not active",
                "APP_TOKEN_NOT_ACTIVE",
            ),
            ("Unknown widget [_77]", "INVALID_WIDGET_ID"),
        ];
        for (text, want) in cases {
            assert_eq!(code(text, Scope::LogLine).as_deref(), Some(want), "{text}");
            assert_eq!(code(text, Scope::Error).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn a_log_line_needs_the_flows_words_a_value_any_code() {
        assert_eq!(code("retrying: ENTRY_ID_NOT_FOUND", Scope::LogLine), None);
        assert_eq!(
            code(
                "ENTRY_ID_NOT_FOUND: Entry id \"0_a\" not found",
                Scope::Error
            )
            .as_deref(),
            Some("ENTRY_ID_NOT_FOUND")
        );
        assert_eq!(code("user clicked INVALID_KS_HELP", Scope::LogLine), None);
        assert_eq!(code("nothing here", Scope::Error), None);
    }

    #[test]
    fn invalid_ks_of_start_widget_session_keeps_its_arguments() {
        let e = read(
            "error: Invalid KS [EXPIRED]. Error [-5,EXPIRED]",
            Scope::LogLine,
        )
        .unwrap();
        assert_eq!(
            (e.code.as_str(), e.ks.as_deref(), e.ks_error.as_deref()),
            ("INVALID_KS", None, Some("-5,EXPIRED"))
        );
    }
}
