//! Reading one JSON Lines input line (`diagnose --batch`, `verify --batch`) into its typed
//! fields, with errors that say what a line is and which field is wrong: serde_json alone
//! says "invalid type: integer `1`, expected a string" for `[1]` or `{"ks": 1}`, naming
//! neither the line's shape nor the field (`serde_path_to_error` names the field).

use serde::Deserialize;

/// What a JSON value is, in words (for a line that is not an object).
fn kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::Bool(_) => "true or false",
        serde_json::Value::Null => "null",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Reads `line` as one JSON object into `T`; `fields` names the fields a line has, for the
/// message when it is something else.
pub fn parse<'de, T: Deserialize<'de>>(line: &'de [u8], fields: &str) -> Result<T, String> {
    let start = line.iter().position(|b| !b.is_ascii_whitespace());
    if start.is_some_and(|i| line[i] != b'{') {
        let what = match serde_json::from_slice::<serde_json::Value>(line) {
            Ok(v) => kind(&v).to_string(),
            Err(e) => format!("not JSON ({e})"),
        };
        return Err(format!(
            "not a valid input line: a line is one JSON object with the fields {fields}; this line is {what}"
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(line);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." || path.is_empty() {
            format!("not a valid input line: {inner}")
        } else {
            format!("not a valid input line: field {path}: {inner}")
        }
    })?;
    de.end()
        .map_err(|e| format!("not a valid input line: {e}"))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // read only to be checked
    struct Line {
        ks: String,
    }

    #[test]
    fn a_line_that_is_no_object_says_what_a_line_is() {
        let e = parse::<Line>(b"[1]", "ks").unwrap_err();
        assert_eq!(
            e,
            "not a valid input line: a line is one JSON object with the fields ks; this line is an array"
        );
        assert!(
            parse::<Line>(b"\"x\"", "ks")
                .unwrap_err()
                .ends_with("this line is a string")
        );
        assert!(
            parse::<Line>(b"nope", "ks")
                .unwrap_err()
                .ends_with("this line is not JSON (expected ident at line 1 column 2)")
        );
    }

    #[test]
    fn a_field_of_the_wrong_type_is_named() {
        let e = parse::<Line>(br#"{"ks": 1}"#, "ks").unwrap_err();
        assert!(
            e.starts_with(
                "not a valid input line: field ks: invalid type: integer `1`, expected a string"
            ),
            "{e}"
        );
        assert!(parse::<Line>(br#"{"ks": "a"} x"#, "ks").is_err());
        assert_eq!(parse::<Line>(br#" {"ks": "a"} "#, "ks").unwrap().ks, "a");
    }
}
