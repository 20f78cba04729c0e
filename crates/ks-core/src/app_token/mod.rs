//! The app token as returned by `appToken.add` / `appToken.get` (JSON), typed.
//!
//! Source: `api_v3/lib/types/KalturaAppToken.php` (field names), `AppTokenStatus`
//! (DISABLED=1, ACTIVE=2, DELETED=3), `KalturaAppTokenHashType` (a string enum).

mod expiry;

pub use expiry::{ExpiryReading, MAX_RELATIVE_TIME};

use crate::digest::HashType;
use crate::json_text::{json_kind, unwrap_result};
use serde_json::{Map, Value};

/// `AppTokenStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppTokenStatus {
    /// 1.
    Disabled,
    /// 2: the only status `appToken.startSession` accepts.
    Active,
    /// 3.
    Deleted,
    /// Any other number.
    Other(i64),
}

impl AppTokenStatus {
    /// From the API's integer.
    pub fn from_code(code: i64) -> AppTokenStatus {
        match code {
            1 => AppTokenStatus::Disabled,
            2 => AppTokenStatus::Active,
            3 => AppTokenStatus::Deleted,
            n => AppTokenStatus::Other(n),
        }
    }

    /// A short name.
    pub fn name(self) -> String {
        match self {
            AppTokenStatus::Disabled => "DISABLED (1)".into(),
            AppTokenStatus::Active => "ACTIVE (2)".into(),
            AppTokenStatus::Deleted => "DELETED (3)".into(),
            AppTokenStatus::Other(n) => format!("unknown ({n})"),
        }
    }
}

/// An app token, as far as the JSON tells.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AppToken {
    /// `id`, e.g. `0_abc123xy`.
    pub id: Option<String>,
    /// `token`: the shared secret (32 hex characters when made by the server).
    pub token: Option<String>,
    /// `partnerId`.
    pub partner_id: Option<i64>,
    /// `hashType`; `None` when absent (the server then uses SHA1).
    pub hash_type: Option<HashType>,
    /// `status`.
    pub status: Option<AppTokenStatus>,
    /// `expiry` as written: unix seconds, or relative when within ten years of 0
    /// ([`AppToken::expiry_reading`]); absent means none.
    pub expiry: Option<i64>,
    /// `createdAt`, unix seconds: when a relative expiry was stored.
    pub created_at: Option<i64>,
    /// `sessionType`.
    pub session_type: Option<i64>,
    /// `sessionUserId`.
    pub session_user_id: Option<String>,
    /// `sessionDuration` in seconds.
    pub session_duration: Option<i64>,
    /// `sessionPrivileges`.
    pub session_privileges: Option<String>,
    /// `description`.
    pub description: Option<String>,
}

/// Why app-token JSON could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AppTokenError {
    /// Not JSON.
    #[error("not valid JSON: {message} (line {line}, column {column})")]
    Json {
        /// serde_json's message.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// JSON, but not an object.
    #[error("expected a JSON object (an appToken.add/get response), got {0}")]
    NotAnObject(&'static str),
    /// A Kaltura error response instead of an app token.
    #[error("this is a Kaltura error response, not an app token: {code}: {message}")]
    ApiException {
        /// The error code.
        code: String,
        /// The error message.
        message: String,
    },
    /// A field of the wrong type.
    #[error("field `{field}` must be {expected}, got {got}")]
    WrongType {
        /// Field name as in the JSON.
        field: &'static str,
        /// What was expected.
        expected: &'static str,
        /// What was found, shortly.
        got: String,
    },
    /// An unknown `hashType`.
    #[error("field `hashType` is {0:?}: expected MD5, SHA1, SHA256 or SHA512")]
    UnknownHashType(String),
    /// A document with none of an app token's fields (another response, an HTML page, …).
    #[error(
        "none of an app token's fields (id, token, hashType, partnerId, status, …) is there; hint: pass the JSON or XML that appToken.add or appToken.get returned"
    )]
    NoAppTokenFields,
}

/// The fields an app token response has; a document with none of them is something else.
const APP_TOKEN_FIELDS: [&str; 13] = [
    "objectType",
    "createdAt",
    "id",
    "token",
    "partnerId",
    "hashType",
    "status",
    "expiry",
    "sessionType",
    "sessionUserId",
    "sessionDuration",
    "sessionPrivileges",
    "description",
];

fn has_app_token_fields(obj: &Map<String, Value>) -> bool {
    APP_TOKEN_FIELDS.iter().any(|f| obj.contains_key(*f))
}

fn kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() > 24 => "a string".into(),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn text(o: &Map<String, Value>, field: &'static str) -> Result<Option<String>, AppTokenError> {
    match o.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        // Kaltura ids can be numeric; a number where text is expected is read as its digits.
        Some(Value::Number(n)) if field != "token" => Ok(Some(n.to_string())),
        Some(v) => Err(AppTokenError::WrongType {
            field,
            expected: "a string",
            got: kind(v),
        }),
    }
}

fn int(o: &Map<String, Value>, field: &'static str) -> Result<Option<i64>, AppTokenError> {
    match o.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.is_i64() => Ok(n.as_i64()),
        // `"partnerId": "123"`: some prints and older serializers quote numbers; PHP reads a
        // numeric string as its number, and so does the server's `intval` of a field.
        Some(Value::String(t)) if t.trim().parse::<i64>().is_ok() => Ok(t.trim().parse().ok()),
        Some(v) => Err(AppTokenError::WrongType {
            field,
            expected: "an integer",
            got: kind(v),
        }),
    }
}

impl AppToken {
    /// Parses an `appToken.add` / `appToken.get` response: the object itself or wrapped as
    /// `{"result": {...}}`.
    ///
    /// ```
    /// use ks_core::app_token::AppToken;
    /// let t = AppToken::from_json(r#"{"result":{"id":"0_ab","token":"f00","hashType":"SHA256","status":2}}"#).unwrap();
    /// assert_eq!(t.hash_type, Some(ks_core::digest::HashType::Sha256));
    /// ```
    pub fn from_json(json: &str) -> Result<AppToken, AppTokenError> {
        let value: Value = serde_json::from_str(json).map_err(|e| AppTokenError::Json {
            message: crate::json_text::json_error_message(&e),
            line: e.line(),
            column: e.column(),
        })?;
        let obj = match unwrap_result(&value) {
            Value::Object(o) => o,
            other => return Err(AppTokenError::NotAnObject(json_kind(other))),
        };
        let object_type = obj.get("objectType").and_then(Value::as_str).unwrap_or("");
        if object_type == "KalturaAPIException"
            || (obj.contains_key("code")
                && obj.contains_key("message")
                && !obj.contains_key("token"))
        {
            return Err(AppTokenError::ApiException {
                code: text(obj, "code")?.unwrap_or_default(),
                message: text(obj, "message")?.unwrap_or_default(),
            });
        }
        if !has_app_token_fields(obj) {
            return Err(AppTokenError::NoAppTokenFields);
        }
        Self::from_object(obj)
    }

    /// Parses an appToken.add / appToken.get response in either of the API's formats: JSON
    /// (`format=1`) or the default XML (`<xml><result>…</result></xml>`).
    ///
    /// ```
    /// use ks_core::app_token::AppToken;
    /// let xml = "<?xml version=\"1.0\"?><xml><result><objectType>KalturaAppToken</objectType>\
    ///            <id>0_ab</id><token>f00</token><partnerId>42</partnerId><status>2</status>\
    ///            <hashType>SHA256</hashType><expiry></expiry></result></xml>";
    /// let t = AppToken::parse(xml).unwrap();
    /// assert_eq!((t.id.as_deref(), t.partner_id, t.expiry), (Some("0_ab"), Some(42), None));
    /// ```
    pub fn parse(text: &str) -> Result<AppToken, AppTokenError> {
        let t = text.trim_start().trim_start_matches('\u{feff}');
        if t.starts_with('<') {
            Self::from_xml(t)
        } else {
            Self::from_json(text)
        }
    }

    fn from_xml(doc: &str) -> Result<AppToken, AppTokenError> {
        use crate::xml_text::leaf;
        if let Some(code) = leaf(doc, Some("error"), "code") {
            return Err(AppTokenError::ApiException {
                code,
                message: leaf(doc, Some("error"), "message").unwrap_or_default(),
            });
        }
        const NUMBERS: [&str; 6] = [
            "createdAt",
            "partnerId",
            "status",
            "expiry",
            "sessionType",
            "sessionDuration",
        ];
        let mut obj = Map::new();
        for field in &APP_TOKEN_FIELDS {
            let Some(v) = leaf(doc, Some("result"), field).filter(|v| !v.is_empty()) else {
                continue;
            };
            let value = match (NUMBERS.contains(field), v.trim().parse::<i64>()) {
                (true, Ok(n)) => Value::from(n),
                _ => Value::from(v),
            };
            obj.insert((*field).to_string(), value);
        }
        if !has_app_token_fields(&obj) {
            return Err(AppTokenError::NoAppTokenFields);
        }
        Self::from_object(&obj)
    }

    /// Reads an app token from an already parsed JSON object.
    pub fn from_object(obj: &Map<String, Value>) -> Result<AppToken, AppTokenError> {
        let hash_type = match text(obj, "hashType")? {
            None => None,
            Some(s) if s.is_empty() => None,
            Some(s) => Some(
                s.parse::<HashType>()
                    .map_err(|_| AppTokenError::UnknownHashType(s))?,
            ),
        };
        Ok(AppToken {
            id: text(obj, "id")?,
            token: text(obj, "token")?,
            partner_id: int(obj, "partnerId")?,
            hash_type,
            status: int(obj, "status")?.map(AppTokenStatus::from_code),
            expiry: int(obj, "expiry")?,
            created_at: int(obj, "createdAt")?,
            session_type: int(obj, "sessionType")?,
            session_user_id: text(obj, "sessionUserId")?,
            session_duration: int(obj, "sessionDuration")?,
            session_privileges: text(obj, "sessionPrivileges")?,
            description: text(obj, "description")?,
        })
    }

    /// The hash type the server will use: the token's, or SHA1 when it names none.
    pub fn effective_hash_type(&self) -> HashType {
        self.hash_type.unwrap_or(HashType::SERVER_DEFAULT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partner_id_as_a_numeric_string_is_read() {
        let t =
            AppToken::from_json(r#"{"id":"0_x1","token":"abc","partnerId":"123","status":"2"}"#)
                .unwrap();
        assert_eq!(
            (t.partner_id, t.status),
            (Some(123), Some(AppTokenStatus::Active))
        );
        assert!(AppToken::from_json(r#"{"id":"0_x1","token":"abc","partnerId":"12a"}"#).is_err());
    }

    #[test]
    fn reads_bare_and_wrapped_responses() {
        let bare = r#"{"id":"0_x1","token":"abc","partnerId":123,"hashType":"SHA512","status":2,"expiry":0,"sessionType":0,"objectType":"KalturaAppToken"}"#;
        let t = AppToken::from_json(bare).unwrap();
        assert_eq!(t.partner_id, Some(123));
        assert_eq!(t.status, Some(AppTokenStatus::Active));
        assert_eq!(t.effective_hash_type(), HashType::Sha512);
        let wrapped = format!(r#"{{"result":{bare}}}"#);
        assert_eq!(AppToken::from_json(&wrapped).unwrap(), t);
    }

    #[test]
    fn missing_hash_type_means_the_server_default() {
        let t = AppToken::from_json(r#"{"id":"0_x"}"#).unwrap();
        assert_eq!(t.hash_type, None);
        assert_eq!(t.effective_hash_type(), HashType::Sha1);
    }

    #[test]
    fn wrong_types_name_the_field() {
        let err = AppToken::from_json(r#"{"status":"two"}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "field `status` must be an integer, got the string \"two\""
        );
        let err = AppToken::from_json(r#"{"hashType":"SHA3"}"#).unwrap_err();
        assert_eq!(err, AppTokenError::UnknownHashType("SHA3".into()));
    }

    #[test]
    fn documents_without_app_token_fields_are_refused() {
        for doc in [
            "{}",
            r#"{"result":{"foo":1}}"#,
            "<html>nope</html>",
            "<xml><result><status>2</status>",
        ] {
            assert_eq!(
                AppToken::parse(doc),
                Err(AppTokenError::NoAppTokenFields),
                "{doc}"
            );
        }
        // One real field is enough (a partial object, as batch lines may carry).
        assert!(AppToken::parse(r#"{"hashType":"SHA256"}"#).is_ok());
    }

    #[test]
    fn malformed_json_and_api_errors_are_distinct() {
        let err = AppToken::from_json("{\"id\": ").unwrap_err();
        assert!(matches!(err, AppTokenError::Json { line: 1, .. }), "{err}");
        let err = AppToken::from_json(r#"{"code":"APP_TOKEN_ID_NOT_FOUND","message":"Application token id [0_x] not found","objectType":"KalturaAPIException"}"#).unwrap_err();
        assert!(err.to_string().contains("APP_TOKEN_ID_NOT_FOUND"));
        assert_eq!(
            AppToken::from_json("[1]").unwrap_err(),
            AppTokenError::NotAnObject("an array")
        );
    }
}
