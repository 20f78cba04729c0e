//! Small readers of pasted JSON shared by the intake and the app token's reader: messages
//! about what a value is, and the API's `{"result": …}` envelope.

/// serde_json's message without the ` at line L column C` it ends with, for messages that
/// give the place once, themselves (`e.line()`, `e.column()`).
///
/// ```
/// let e = serde_json::from_str::<serde_json::Value>("{\"a\":").unwrap_err();
/// assert_eq!(ks_core::json_text::json_error_message(&e), "EOF while parsing a value");
/// ```
pub fn json_error_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let tail = format!(" at line {} column {}", e.line(), e.column());
    full.strip_suffix(&tail).unwrap_or(&full).to_string()
}

/// The kind of a JSON value, for messages: "a number", "an object", ...
pub fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Unwraps `{"result": {...}}` (the API's JSON envelope) when present.
pub fn unwrap_result(v: &serde_json::Value) -> &serde_json::Value {
    match v.get("result") {
        Some(inner) if inner.is_object() => inner,
        _ => v,
    }
}
