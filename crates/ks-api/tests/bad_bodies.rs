//! Request bodies the emulation cannot read: the message says what is really wrong (bad
//! UTF-8, a JSON syntax error, JSON of another type than an object), where, once, and the
//! code stays Kaltura's.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failure should be loud

use ks_api::{Emulator, Entropy, HttpRequest};

struct Zero;
impl Entropy for Zero {
    fn fill(&mut self, buf: &mut [u8]) {
        buf.fill(0);
    }
}

/// The code and the message of the answer to a JSON body posted to startWidgetSession.
fn refusal(body: &[u8]) -> (String, String) {
    let req = HttpRequest {
        method: "POST",
        path: "/api_v3/service/session/action/startWidgetSession",
        query: "",
        content_type: Some("application/json"),
        body,
    };
    let a = Emulator::default().handle(&req, 1_700_000_000, &mut Zero);
    let f = a.calls[0].failure.as_ref().expect("the body is refused");
    (f.error.code.to_string(), f.error.message.clone())
}

#[test]
fn json_syntax_error_is_named_with_its_place() {
    let (code, msg) = refusal(br#"{"format":1, widgetId:"#);
    assert_eq!(code, "INTERNAL_SERVERL_ERROR");
    assert!(
        msg.contains("invalid JSON at line 1 column 14: key must be a string"),
        "{msg}"
    );
    assert!(!msg.contains("not a JSON object"), "{msg}");
}

#[test]
fn invalid_utf8_in_a_json_body_is_named_with_its_byte() {
    let (code, msg) = refusal(b"{\"widgetId\":\"_2222\xff\"}");
    assert_eq!(code, "INTERNAL_SERVERL_ERROR");
    assert!(msg.contains("not UTF-8 at byte 18 (0xff"), "{msg}");
    assert!(!msg.contains("not a JSON object"), "{msg}");
}

#[test]
fn json_of_another_type_says_which() {
    for (body, kind) in [
        (&b"[1,2,3]"[..], "an array"),
        (b"\"hello\"", "a string"),
        (b"42", "a number"),
        (b"null", "null"),
    ] {
        let (_, msg) = refusal(body);
        assert!(
            msg.contains(&format!("valid JSON but not an object: it is {kind}")),
            "{msg}"
        );
    }
}

#[test]
fn position_is_said_once() {
    let (_, msg) = refusal(b"{\"widgetId\":\n}");
    assert!(msg.contains("at line 2 column 1"), "{msg}");
    assert_eq!(msg.matches("line 2").count(), 1, "{msg}");
}
