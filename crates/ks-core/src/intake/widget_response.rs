//! The `session.startWidgetSession` response: JSON (`format=1`, bare or wrapped in
//! `{"result": …}`) or the API's default XML.

use super::{IntakeError, json_scalar, parse_json};
use crate::json_text::{json_kind, unwrap_result};
use crate::message::Part;
use crate::source::Field;
use crate::xml_text;

/// What startWidgetSession returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetSession {
    /// The widget KS.
    pub ks: String,
    /// `partnerId`, when present.
    pub partner_id: Option<i64>,
    /// `userId` (`0` for a widget session).
    pub user_id: Option<String>,
}

/// Reads a startWidgetSession response.
///
/// ```
/// use ks_core::intake::widget_response;
/// let w = widget_response::parse(r#"{"partnerId":123,"ks":"djJ8MTIzfA==","userId":0,"objectType":"KalturaStartWidgetSessionResponse"}"#).unwrap();
/// assert_eq!((w.ks.as_str(), w.partner_id), ("djJ8MTIzfA==", Some(123)));
/// ```
pub fn parse(text: &str) -> Result<WidgetSession, IntakeError> {
    let t = text.trim().trim_start_matches('\u{feff}');
    if t.starts_with('<') {
        return from_xml(t);
    }
    let v = parse_json(
        t,
        "the startWidgetSession response",
        "paste the whole response body (JSON with format=1, or the XML)",
    )?;
    let o = unwrap_result(&v);
    if o.get("code").is_some() && o.get("ks").is_none() {
        return Err(IntakeError::new(
            "this is an API error, not a startWidgetSession response",
            "the whole value",
            crate::words![Part::GiveItAs, " ", Field::Error, " instead"],
        ));
    }
    let ks = match o.get("ks") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(IntakeError::new(
                format!("'ks' is {}, not a string", json_kind(other)),
                "key 'ks'",
                "paste the response exactly as the API returned it",
            ));
        }
        None => {
            return Err(IntakeError::new(
                "the response has no 'ks'",
                "the whole value",
                "paste the response of session.startWidgetSession (it has ks, partnerId, userId)",
            ));
        }
    };
    let partner_id = match o.get("partnerId") {
        None | Some(serde_json::Value::Null) => None,
        Some(p) => Some(partner(json_scalar(p).as_deref())?),
    };
    Ok(WidgetSession {
        ks,
        partner_id,
        user_id: o.get("userId").and_then(json_scalar),
    })
}

fn from_xml(doc: &str) -> Result<WidgetSession, IntakeError> {
    if doc.contains("<error>") {
        return Err(IntakeError::new(
            "this is an API error, not a startWidgetSession response",
            "the whole value",
            crate::words![Part::GiveItAs, " ", Field::Error, " instead"],
        ));
    }
    let ks = xml_text::leaf(doc, Some("result"), "ks").ok_or_else(|| {
        IntakeError::new(
            "the XML response has no <ks> element",
            "the whole value",
            "paste the response of session.startWidgetSession",
        )
    })?;
    let partner_id = match xml_text::leaf(doc, Some("result"), "partnerId") {
        Some(p) => Some(partner(Some(&p))?),
        None => None,
    };
    Ok(WidgetSession {
        ks,
        partner_id,
        user_id: xml_text::leaf(doc, Some("result"), "userId"),
    })
}

fn partner(v: Option<&str>) -> Result<i64, IntakeError> {
    v.and_then(|s| s.trim().parse().ok()).ok_or_else(|| {
        IntakeError::new(
            format!("partnerId {:?} is not a number", v.unwrap_or("(object)")),
            "key 'partnerId'",
            "paste the response exactly as the API returned it",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::{Field, Part, parse};

    #[test]
    fn json_error_position_is_said_once() {
        let e = parse("{\"ks\":\n}").unwrap_err().to_string();
        assert!(e.contains("line 2, column 1"), "{e}");
        assert_eq!(e.matches("line 2").count(), 1, "{e}");
    }

    #[test]
    fn json_bare_wrapped_and_xml() {
        let bare = r#"{"partnerId":"42","ks":"K","userId":0}"#;
        let w = parse(bare).unwrap();
        assert_eq!(
            (w.ks.as_str(), w.partner_id, w.user_id.as_deref()),
            ("K", Some(42), Some("0"))
        );
        let wrapped = parse(r#"{"result":{"ks":"K2","partnerId":7}}"#).unwrap();
        assert_eq!((wrapped.ks.as_str(), wrapped.partner_id), ("K2", Some(7)));
        let xml = "<?xml version=\"1.0\"?><xml><result><objectType>KalturaStartWidgetSessionResponse</objectType><partnerId>9</partnerId><ks>K3</ks><userId>0</userId></result><executionTime>0.01</executionTime></xml>";
        let x = parse(xml).unwrap();
        assert_eq!((x.ks.as_str(), x.partner_id), ("K3", Some(9)));
    }

    #[test]
    fn errors_say_what_and_where() {
        assert!(parse("{").unwrap_err().place.starts_with("line 1"));
        assert!(parse(r#"{"ks": 5}"#).unwrap_err().what.contains("a number"));
        assert!(
            parse(r#"{"partnerId": 1}"#)
                .unwrap_err()
                .what
                .contains("no 'ks'")
        );
        assert!(
            parse(r#"{"code":"X","message":"m"}"#)
                .unwrap_err()
                .hint
                .parts()
                .contains(&Part::Field(Field::Error))
        );
        assert!(
            parse(r#"{"ks":"K","partnerId":"abc"}"#)
                .unwrap_err()
                .place
                .contains("partnerId")
        );
    }
}
