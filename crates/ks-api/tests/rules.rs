//! The emulation's rules as a table: one row per rule, request in, answer out. Each row
//! names the server code its rule comes from (see kaltura-api.md).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failure should be loud

use ks_api::{Emulator, Entropy, HttpRequest, Partner, State, StoredToken};
use ks_core::digest::{HashType, token_hash};
use ks_core::ks::{Generator, KsSpec, Randomness, generate};

const NOW: i64 = 1_700_000_000;
const SECRET: &str = "partner-123-admin-secret";
const TOKEN: &str = "0123456789abcdef0123456789abcdef";

struct Counter(u8);
impl Entropy for Counter {
    fn fill(&mut self, buf: &mut [u8]) {
        for b in buf {
            self.0 = self.0.wrapping_add(37);
            *b = self.0;
        }
    }
}

fn token(id: &str, partner: i64, status: i64, hash: &str, expiry: Option<i64>) -> StoredToken {
    StoredToken {
        status,
        expiry,
        session_duration: Some(86400),
        hash_type: Some(hash.into()),
        ..StoredToken::active(id, TOKEN, partner, NOW - 100)
    }
}

fn ks(partner: i64, secret: &str, ks_type: i64, user: &str, privs: &str, expiry: i64) -> String {
    let spec = KsSpec {
        partner_id: partner,
        ks_type,
        user_id: Some(user.into()),
        privileges: privs.into(),
        expiry,
        master_partner_id: None,
        additional_data: None,
    };
    generate(
        &spec,
        secret,
        Generator::Server,
        &Randomness::V2Random([7; 16]),
    )
    .ks
}

fn fixture() -> Emulator {
    let mut s = State::default();
    s.add_partner(Partner {
        id: 123,
        admin_secret: SECRET.into(),
        user_secret: Some("user-secret".into()),
    });
    s.add_partner(Partner {
        id: 456,
        admin_secret: "other-secret".into(),
        user_secret: None,
    });
    s.add_token(token("0_active01", 123, 2, "SHA256", None));
    s.add_token(token("0_disabled", 123, 1, "SHA1", None));
    s.add_token(token("0_expired1", 123, 2, "SHA1", Some(NOW - 10)));
    s.add_token(token("0_deleted1", 123, 3, "SHA1", None));
    s.add_token(token("0_other456", 456, 2, "SHA1", None));
    Emulator::new(s, ks_api::Config::default())
}

/// Placeholders in a row's body.
fn fill(body: &str) -> String {
    let widget = ks(123, SECRET, 0, "0", "view:*,widget:1", NOW + 3600);
    let sha256 = token_hash(HashType::Sha256, &widget, TOKEN);
    let sha1 = token_hash(HashType::Sha1, &widget, TOKEN);
    body.replace("{ADMIN}", &ks(123, SECRET, 2, "", "", NOW + 3600))
        .replace("{EXPIRED}", &ks(123, SECRET, 2, "", "", NOW - 1))
        .replace(
            "{BADSIG}",
            &ks(123, "not-the-secret", 2, "", "", NOW + 3600),
        )
        .replace("{UNKNOWN_PARTNER}", &ks(999, SECRET, 2, "", "", NOW + 3600))
        .replace(
            "{DELETED_SESSION}",
            &ks(
                123,
                SECRET,
                0,
                "",
                "sessionid:0_deleted1,apptoken:0_deleted1",
                NOW + 3600,
            ),
        )
        .replace("{SHA256}", sha256.as_str())
        .replace("{SHA1}", sha1.as_str())
        .replace("{WIDGET}", &widget)
}

/// (rule and its source, path, JSON body, expected start of the format-1 answer, reason code)
const ROWS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "SessionService::startWidgetSession: default widget _P",
        "/api_v3/service/session/action/startWidgetSession",
        r#"{"widgetId":"_123","format":1}"#,
        r#"{"partnerId":123,"ks":"djJ8MTIzf"#,
        "",
    ),
    (
        "startWidgetSession: unknown widget",
        "/api_v3/service/session/action/startWidgetSession",
        r#"{"widgetId":"_77","format":1}"#,
        r#"{"code":"INVALID_WIDGET_ID","message":"Unknown widget [_77]","objectType":"KalturaAPIException","args":{"WIDGET_ID":"_77"}}"#,
        "unknown_widget",
    ),
    (
        "startWidgetSession: missing widgetId",
        "/api_v3/service/session/action/startWidgetSession",
        r#"{"format":1}"#,
        r#"{"code":"MISSING_MANDATORY_PARAMETER","message":"Missing parameter \"widgetId\"","objectType":"KalturaAPIException","args":{"PARAM_NAME":"widgetId"}}"#,
        "missing_parameter",
    ),
    (
        "SessionService::start: admin secret",
        "/api_v3/service/session/action/start",
        r#"{"secret":"partner-123-admin-secret","partnerId":123,"type":2,"format":1}"#,
        r#""djJ8MTIzf"#,
        "",
    ),
    (
        "session.start: wrong secret",
        "/api_v3/service/session/action/start",
        r#"{"secret":"nope","partnerId":123,"type":2,"format":1}"#,
        r#"{"code":"START_SESSION_ERROR","message":"Error while starting session for partner [123]","objectType":"KalturaAPIException","args":{"PID":"123"}}"#,
        "wrong_secret",
    ),
    (
        "session.start: user secret cannot start ADMIN",
        "/api_v3/service/session/action/start",
        r#"{"secret":"user-secret","partnerId":123,"type":2,"format":1}"#,
        r#"{"code":"START_SESSION_ERROR""#,
        "wrong_secret",
    ),
    (
        "session.start: user secret starts USER",
        "/api_v3/service/session/action/start",
        r#"{"secret":"user-secret","partnerId":123,"type":0,"format":1}"#,
        r#""djJ8MTIzf"#,
        "",
    ),
    (
        "kPermissionManager::init: unknown partner is blocked",
        "/api_v3/service/session/action/start",
        r#"{"secret":"x","partnerId":999,"format":1}"#,
        r#"{"code":"SERVICE_FORBIDDEN_CONTENT_BLOCKED""#,
        "unknown_partner",
    ),
    (
        "session.start: bad type enum",
        "/api_v3/service/session/action/start",
        r#"{"secret":"x","partnerId":123,"type":5,"format":1}"#,
        r#"{"code":"INVALID_ENUM_VALUE""#,
        "invalid_enum",
    ),
    (
        "AppTokenService::add: ADMIN KS",
        "/api_v3/service/apptoken/action/add",
        r#"{"ks":"{ADMIN}","appToken":{"objectType":"KalturaAppToken","hashType":"SHA512","description__null":""},"format":1}"#,
        r#"{"id":"0_"#,
        "",
    ),
    (
        "add: widget KS is forbidden",
        "/api_v3/service/apptoken/action/add",
        r#"{"ks":"{WIDGET}","appToken":{"hashType":"SHA1"},"format":1}"#,
        r#"{"code":"SERVICE_FORBIDDEN","message":"The access to service [apptoken->add] is forbidden","objectType":"KalturaAPIException","args":{"SERVICE":"apptoken->add"}}"#,
        "not_admin_ks",
    ),
    (
        "add: no KS is forbidden",
        "/api_v3/service/apptoken/action/add",
        r#"{"appToken":{"hashType":"SHA1"},"format":1}"#,
        r#"{"code":"SERVICE_FORBIDDEN""#,
        "no_ks",
    ),
    (
        "add: hashType is case-sensitive",
        "/api_v3/service/apptoken/action/add",
        r#"{"ks":"{ADMIN}","appToken":{"hashType":"sha256"},"format":1}"#,
        r#"{"code":"INVALID_ENUM_VALUE""#,
        "invalid_enum",
    ),
    (
        "add: readonly token",
        "/api_v3/service/apptoken/action/add",
        r#"{"ks":"{ADMIN}","appToken":{"token":"abc"},"format":1}"#,
        r#"{"code":"PROPERTY_VALIDATION_NOT_UPDATABLE","message":"The property \"KalturaAppToken::token\" cannot be updated""#,
        "readonly_property",
    ),
    (
        "AppTokenService::get: found",
        "/api_v3/service/apptoken/action/get",
        r#"{"ks":"{ADMIN}","id":"0_active01","format":1}"#,
        r#"{"id":"0_active01","token":"0123456789abcdef0123456789abcdef","partnerId":123"#,
        "",
    ),
    (
        "get: other partner's id",
        "/api_v3/service/apptoken/action/get",
        r#"{"ks":"{ADMIN}","id":"0_other456","format":1}"#,
        r#"{"code":"APP_TOKEN_ID_NOT_FOUND","message":"Application token id \"0_other456\" not found","objectType":"KalturaAPIException","args":{"ID":"0_other456"}}"#,
        "other_partner",
    ),
    (
        "get: deleted is not found",
        "/api_v3/service/apptoken/action/get",
        r#"{"ks":"{ADMIN}","id":"0_deleted1","format":1}"#,
        r#"{"code":"APP_TOKEN_ID_NOT_FOUND""#,
        "app_token_deleted",
    ),
    (
        "list: deleted never listed",
        "/api_v3/service/apptoken/action/list",
        r#"{"ks":"{ADMIN}","format":1}"#,
        r#"{"objects":[{"id":"0_active01""#,
        "",
    ),
    (
        "startSession 1: unknown id",
        "/api_v3/service/apptoken/action/startSession",
        r#"{"ks":"{WIDGET}","id":"0_nothere","tokenHash":"x","format":1}"#,
        r#"{"code":"APP_TOKEN_ID_NOT_FOUND""#,
        "unknown_id",
    ),
    (
        "startSession 2: disabled",
        "/api_v3/service/apptoken/action/startSession",
        r#"{"ks":"{WIDGET}","id":"0_disabled","tokenHash":"{SHA1}","format":1}"#,
        r#"{"code":"APP_TOKEN_NOT_ACTIVE","message":"Application token id \"0_disabled\" not active""#,
        "app_token_not_active",
    ),
    (
        "startSession 3: wrong hash",
        "/api_v3/service/apptoken/action/startSession",
        r#"{"ks":"{WIDGET}","id":"0_active01","tokenHash":"{SHA1}","format":1}"#,
        r#"{"code":"INVALID_APP_TOKEN_HASH","message":"Invalid application token hash","objectType":"KalturaAPIException","args":[]}"#,
        "invalid_hash",
    ),
    (
        "startSession 4: expiry after the hash (wrong hash first)",
        "/api_v3/service/apptoken/action/startSession",
        r#"{"ks":"{WIDGET}","id":"0_expired1","tokenHash":"{SHA256}","format":1}"#,
        r#"{"code":"INVALID_APP_TOKEN_HASH""#,
        "invalid_hash",
    ),
    (
        "startSession 4: expired token, right hash",
        "/api_v3/service/apptoken/action/startSession",
        r#"{"ks":"{WIDGET}","id":"0_expired1","tokenHash":"{SHA1}","format":1}"#,
        r#"{"code":"APP_TOKEN_EXPIRED","message":"Application token id \"0_expired1\" expired""#,
        "app_token_expired",
    ),
    (
        "startSession: right hash",
        "/api_v3/service/apptoken/action/startSession",
        r#"{"ks":"{WIDGET}","id":"0_active01","tokenHash":"{SHA256}","format":1}"#,
        r#"{"ks":"djJ8MTIzf"#,
        "",
    ),
    (
        "startSession: no KS",
        "/api_v3/service/apptoken/action/startSession",
        r#"{"id":"0_active01","tokenHash":"x","format":1}"#,
        r#"{"code":"SERVICE_FORBIDDEN","message":"The access to service [apptoken->startSession] is forbidden""#,
        "no_ks",
    ),
    (
        "startSession: missing tokenHash before the KS checks",
        "/api_v3/service/apptoken/action/startSession",
        r#"{"ks":"{EXPIRED}","id":"0_active01","format":1}"#,
        r#"{"code":"MISSING_MANDATORY_PARAMETER""#,
        "missing_parameter",
    ),
    (
        "errorIfKsNotValid: EXPIRED",
        "/api_v3/service/apptoken/action/get",
        r#"{"ks":"{EXPIRED}","id":"0_active01","format":1}"#,
        r#"{"code":"INVALID_KS","message":"Invalid KS \"EXPIRED\", Error \"-1,INVALID_STR\"","objectType":"KalturaAPIException","args":{"KSID":"EXPIRED","ERR_CODE":"-1","ERR_DESC":"INVALID_STR"}}"#,
        "ks_expired",
    ),
    (
        "errorIfKsNotValid: LOGOUT after appToken.delete",
        "/api_v3/service/apptoken/action/startSession",
        r#"{"ks":"{DELETED_SESSION}","id":"0_active01","tokenHash":"x","format":1}"#,
        r#"{"code":"INVALID_KS","message":"Invalid KS \"LOGOUT\"#,
        "app_token_deleted",
    ),
    (
        "initKsPartnerUser: bad signature",
        "/api_v3/service/apptoken/action/get",
        r#"{"ks":"{BADSIG}","id":"0_active01","format":1}"#,
        r#"{"code":"INVALID_KS","message":"Invalid KS \"djJ8MTIzf"#,
        "ks_signature",
    ),
    (
        "initKsPartnerUser: unknown partner",
        "/api_v3/service/apptoken/action/get",
        r#"{"ks":"{UNKNOWN_PARTNER}","id":"0_active01","format":1}"#,
        r#"{"code":"INVALID_KS""#,
        "ks_unknown_partner",
    ),
    (
        "initKsPartnerUser: random bytes",
        "/api_v3/service/apptoken/action/get",
        r#"{"ks":"bm90IGEga3M=","id":"0_active01","format":1}"#,
        r#"{"code":"INVALID_KS","message":"Invalid KS \"bm90IGEga3M=\", Error \"-1,INVALID_STR\"""#,
        "ks_unreadable",
    ),
    (
        "KalturaDispatcher: service not emulated",
        "/api_v3/service/media/action/list",
        r#"{"format":1}"#,
        r#"{"code":"SERVICE_DOES_NOT_EXISTS","message":"Service \"media\" does not exists: ksdiag serve does not emulate"#,
        "not_emulated",
    ),
    (
        "KalturaDispatcher: action not emulated",
        "/api_v3/service/apptoken/action/fly",
        r#"{"format":1}"#,
        r#"{"code":"ACTION_DOES_NOT_EXISTS""#,
        "not_emulated",
    ),
    (
        "KalturaDispatcher: names are case-insensitive",
        "/api_v3/service/SESSION/action/STARTWIDGETSESSION",
        r#"{"widgetId":"_123","format":1}"#,
        r#"{"partnerId":123"#,
        "",
    ),
];

#[test]
fn each_rule_answers_as_the_server_does() {
    for (name, path, body, expected, reason) in ROWS {
        let mut api = fixture();
        let body = fill(body);
        let req = HttpRequest {
            method: "POST",
            path,
            query: "",
            content_type: Some("application/json"),
            body: body.as_bytes(),
        };
        let a = api.handle(&req, NOW, &mut Counter(0));
        let got = String::from_utf8(a.body).unwrap();
        assert!(
            got.starts_with(expected),
            "{name}: got {got}\nexpected start {expected}"
        );
        let got_reason = a.calls[0].failure.as_ref().map_or("", |f| f.reason_code);
        assert_eq!(got_reason, *reason, "{name}: reason");
    }
}

/// startWidgetSession for partner 123; the KS issued.
fn widget_ks(api: &mut Emulator, seed: u8) -> String {
    let req = HttpRequest {
        method: "POST",
        path: "/api_v3/service/session/action/startWidgetSession",
        query: "widgetId=_123&format=1",
        content_type: None,
        body: b"",
    };
    let v: serde_json::Value =
        serde_json::from_slice(&api.handle(&req, NOW, &mut Counter(seed)).body).unwrap();
    v["ks"].as_str().unwrap().to_string()
}

/// startSession with `ks` and a SHA-256 tokenHash made over `hashed`; the proof inputs of
/// the rejection.
fn rejected_check(api: &mut Emulator, ks: &str, hashed: &str) -> ks_api::HashCheck {
    let hash = token_hash(HashType::Sha256, hashed, TOKEN);
    let q = format!("ks={ks}&id=0_active01&tokenHash={}&format=1", hash.as_str());
    let req = HttpRequest {
        method: "GET",
        path: "/api_v3/service/apptoken/action/startSession",
        query: &q,
        content_type: None,
        body: b"",
    };
    let a = api.handle(&req, NOW, &mut Counter(99));
    let failure = a.calls[0].failure.as_ref().expect("startSession fails");
    *failure
        .hash_check
        .clone()
        .expect("a rejected hash carries its proof inputs")
}

#[test]
fn rejected_hash_carries_the_proof_inputs_and_the_issued_ks_as_candidates() {
    let mut api = fixture();
    let first = widget_ks(&mut api, 1);
    let second = widget_ks(&mut api, 2);
    // The client hashed the first KS and sent the second: different_ks, proven.
    let check = rejected_check(&mut api, &second, &first);
    assert_eq!(check.candidates(), vec![first.clone()]);
    let d = check.diagnose();
    assert_eq!(d.verdict, ks_core::diagnose::Verdict::Explained);
    assert_eq!(d.explanations[0].causes[0].code.as_str(), "different_ks");
}

#[test]
fn formats_2_and_3_write_the_same_error() {
    let mut api = fixture();
    for (format, expected) in [
        (
            "2",
            "<error><objectType>KalturaAPIException</objectType><code>APP_TOKEN_ID_NOT_FOUND</code><message>Application token id &quot;0_x&quot; not found</message><args><item><objectType>KalturaApiExceptionArg</objectType><name>ID</name><value>0_x</value></item></args></error>",
        ),
        (
            "3",
            r#"a:4:{s:4:"code";s:22:"APP_TOKEN_ID_NOT_FOUND";s:7:"message";s:36:"Application token id "0_x" not found";s:10:"objectType";s:19:"KalturaAPIException";s:4:"args";a:1:{s:2:"ID";s:3:"0_x";}}"#,
        ),
    ] {
        let body = fill(&format!(
            r#"{{"ks":"{{ADMIN}}","id":"0_x","format":"{format}"}}"#
        ));
        let req = HttpRequest {
            method: "POST",
            path: "/api_v3/service/apptoken/action/get",
            query: "",
            content_type: Some("application/json"),
            body: body.as_bytes(),
        };
        let got = String::from_utf8(api.handle(&req, NOW, &mut Counter(0)).body).unwrap();
        assert!(got.contains(expected), "format {format}: {got}");
    }
}

#[test]
fn multirequest_references_earlier_results() {
    let mut api = fixture();
    let body = fill(
        r#"{"format":1,"0":{"service":"session","action":"startWidgetSession","widgetId":"_123"},"1":{"service":"apptoken","action":"get","id":"0_active01","ks":"{1:result:ks}"},"ks":"{ADMIN}"}"#,
    );
    let req = HttpRequest {
        method: "POST",
        path: "/api_v3/service/multirequest",
        query: "",
        content_type: Some("application/json"),
        body: body.as_bytes(),
    };
    let a = api.handle(&req, NOW, &mut Counter(0));
    let v: serde_json::Value = serde_json::from_slice(&a.body).unwrap();
    assert_eq!(v[0]["objectType"], "KalturaStartWidgetSessionResponse");
    // The widget KS (from result 1) replaced the top-level admin KS: a widget KS cannot get.
    assert_eq!(v[1]["code"], "SERVICE_FORBIDDEN", "{v}");
    assert_eq!(a.calls.len(), 2);
}

#[test]
fn body_with_charset_is_ignored_like_php_does() {
    let mut api = fixture();
    let req = HttpRequest {
        method: "POST",
        path: "/api_v3/service/session/action/startWidgetSession",
        query: "format=1",
        content_type: Some("application/json; charset=utf-8"),
        body: br#"{"widgetId":"_123"}"#,
    };
    let a = api.handle(&req, NOW, &mut Counter(0));
    let f = a.calls[0].failure.as_ref().unwrap();
    assert_eq!(f.error.code, "MISSING_MANDATORY_PARAMETER");
    assert!(
        f.reason.contains("exactly application/json"),
        "{}",
        f.reason
    );
}

#[test]
fn k_time_reads_small_expiry_values_as_relative() {
    for (sent, stored) in [
        ("3600", Some(NOW + 3600)),
        ("0", Some(NOW)),
        // kTime::getRelativeTime: -1 (REMOVE_DATE) comes back as -1 and "" as 0, both
        // stored in the integer column as they are (regression: -1 was stored as no expiry).
        ("-1", Some(-1)),
        ("", Some(0)),
        ("1900000000", Some(1_900_000_000)),
    ] {
        let mut api = fixture();
        let body = fill(&format!(
            r#"{{"ks":"{{ADMIN}}","appToken":{{"expiry":"{sent}"}},"format":1}}"#
        ));
        let req = HttpRequest {
            method: "POST",
            path: "/api_v3/service/apptoken/action/add",
            query: "",
            content_type: Some("application/json"),
            body: body.as_bytes(),
        };
        let v: serde_json::Value =
            serde_json::from_slice(&api.handle(&req, NOW, &mut Counter(0)).body).unwrap();
        assert_eq!(v["expiry"].as_i64(), stored, "expiry {sent}: {v}");
    }
}

#[test]
fn an_older_issued_ks_that_reproduces_the_hash_stays_a_candidate() {
    let mut api = fixture();
    let issued: Vec<String> = (1..=12u8).map(|seed| widget_ks(&mut api, seed)).collect();
    // Hashed the first of twelve, sent the last: beyond the newest ALWAYS_TRIED, still proven.
    let check = rejected_check(&mut api, &issued[11], &issued[0]);
    assert_eq!(check.candidates().len(), ks_api::ALWAYS_TRIED + 1);
    let d = check.diagnose();
    assert_eq!(d.explanations[0].causes[0].code.as_str(), "different_ks");
}

/// The server compares the tokenHash as received: a final newline (or CRLF) makes it wrong,
/// and the diagnosis must not trim it away as if it were a file's line end and call it a match.
#[test]
fn a_correct_hash_with_a_final_newline_is_rejected_never_called_a_match() {
    for end in ["\n", "\r\n"] {
        let mut api = fixture();
        let ks = widget_ks(&mut api, 1);
        let hash = format!("{}{end}", token_hash(HashType::Sha256, &ks, TOKEN).as_str());
        let body = serde_json::json!({
            "ks": ks, "id": "0_active01", "tokenHash": hash, "format": 1
        })
        .to_string();
        let req = HttpRequest {
            method: "POST",
            path: "/api_v3/service/apptoken/action/startSession",
            query: "",
            content_type: Some("application/json"),
            body: body.as_bytes(),
        };
        let a = api.handle(&req, NOW, &mut Counter(7));
        let failure = a.calls[0].failure.as_ref().expect("rejected");
        assert_eq!(failure.error.code, "INVALID_APP_TOKEN_HASH");
        let d = failure.hash_check.as_ref().unwrap().diagnose();
        assert_eq!(d.verdict, ks_core::diagnose::Verdict::Explained, "{end:?}");
        assert_eq!(
            d.explanations[0].causes[0].code.as_str(),
            "hash_decoration",
            "{end:?}"
        );
    }
}

/// A multirequest longer than ksdiag answers is refused whole with a message naming the limit,
/// never cut short in silence; one at the limit is answered call by call.
#[test]
fn an_overlong_multirequest_is_refused_whole_never_cut_short() {
    for (n, answered) in [
        (ks_api::MULTIREQUEST_MAX_CALLS, true),
        (ks_api::MULTIREQUEST_MAX_CALLS + 1, false),
    ] {
        let mut api = fixture();
        let mut body = serde_json::Map::new();
        body.insert("format".into(), 1.into());
        for i in 1..=n {
            body.insert(
                i.to_string(),
                serde_json::json!({"service": "session", "action": "startWidgetSession", "widgetId": "_123"}),
            );
        }
        let body = serde_json::Value::Object(body).to_string();
        let req = HttpRequest {
            method: "POST",
            path: "/api_v3/service/multirequest",
            query: "",
            content_type: Some("application/json"),
            body: body.as_bytes(),
        };
        let a = api.handle(&req, NOW, &mut Counter(3));
        let v: serde_json::Value = serde_json::from_slice(&a.body).unwrap();
        if answered {
            assert_eq!(a.calls.len(), n);
            assert_eq!(v.as_array().map(Vec::len), Some(n));
        } else {
            assert_eq!(a.calls.len(), 1);
            assert_eq!(v["code"], "INTERNAL_SERVERL_ERROR");
            let msg = v["message"].as_str().unwrap();
            assert!(
                msg.contains("more than 1000 calls") && msg.contains("split it"),
                "{msg}"
            );
        }
    }
}

/// POSTs a JSON body; the format-1 answer, parsed.
fn post(api: &mut Emulator, path: &str, body: &str) -> serde_json::Value {
    let body = fill(body);
    let req = HttpRequest {
        method: "POST",
        path,
        query: "",
        content_type: Some("application/json"),
        body: body.as_bytes(),
    };
    serde_json::from_slice(&api.handle(&req, NOW, &mut Counter(3)).body).unwrap()
}

#[test]
fn session_get_copies_the_ks_fields_as_strings_for_typed_go_and_swift_decoders() {
    // SessionService::getAction copies ks::fromSecureString's parsed strings; a recorded
    // answer has "partnerId":"1851571" and "expiry":"1483311163". `ks` is not set.
    let mut api = fixture();
    let v = post(
        &mut api,
        "/api_v3/service/session/action/get",
        r#"{"ks":"{ADMIN}","format":1}"#,
    );
    assert_eq!(v["partnerId"], "123", "{v}");
    assert_eq!(v["sessionType"], "2", "{v}");
    assert_eq!(v["expiry"], (NOW + 3600).to_string(), "{v}");
    assert_eq!(v["objectType"], "KalturaSessionInfo");
    assert!(v.get("ks").is_none(), "{v}");
}

#[test]
fn session_get_follows_the_permission_data_admin_ks_only() {
    // service.session.ini: get needs SESSION_READ_PERMISSION/KMC_ACCESS/KMC_READ_ONLY, held
    // by PARTNER_ADMIN_ROLE ("*") and not by the widget or basic user session roles.
    for (name, sent, reason) in [
        ("widget KS", "{WIDGET}", "not_admin_ks"),
        ("user KS", "{USER}", "not_admin_ks"),
        ("no KS", "", "no_ks"),
    ] {
        let mut api = fixture();
        let user = ks(123, SECRET, 0, "someone", "", NOW + 3600);
        let body = fill(&format!(r#"{{"ks":"{sent}","format":1}}"#)).replace("{USER}", &user);
        let req = HttpRequest {
            method: "POST",
            path: "/api_v3/service/session/action/get",
            query: "",
            content_type: Some("application/json"),
            body: body.as_bytes(),
        };
        let a = api.handle(&req, NOW, &mut Counter(0));
        let got = String::from_utf8(a.body).unwrap();
        assert!(
            got.starts_with(r#"{"code":"SERVICE_FORBIDDEN","message":"The access to service [session->get] is forbidden""#),
            "{name}: {got}"
        );
        assert_eq!(
            a.calls[0].failure.as_ref().unwrap().reason_code,
            reason,
            "{name}"
        );
    }
    // Another partner's session: PARTNER_ACCESS_FORBIDDEN (myPartnerUtils::allowPartnerAccessPartner).
    let mut api = fixture();
    let other = ks(456, "other-secret", 2, "", "", NOW + 3600);
    let v = post(
        &mut api,
        "/api_v3/service/session/action/get",
        &format!(r#"{{"ks":"{{ADMIN}}","session":"{other}","format":1}}"#),
    );
    assert_eq!(v["code"], "PARTNER_ACCESS_FORBIDDEN", "{v}");
    assert_eq!(v["args"]["ACCESSED_PID"], "456", "{v}");
}

#[test]
fn an_expiry_sent_empty_by_the_python_client_or_as_minus_one_is_stored_and_expires_as_kaltura() {
    // kTime::getRelativeTime: "" is 0 and -1 stays -1, stored in the integer column;
    // AppTokenService::startSessionAction: expiry - time() < 0 gives APP_TOKEN_EXPIRED after
    // the hash check, for both.
    for (sent, stored) in [("\"\"", 0), ("-1", -1), ("\"-1\"", -1)] {
        let mut api = fixture();
        let added = post(
            &mut api,
            "/api_v3/service/apptoken/action/add",
            &format!(
                r#"{{"ks":"{{ADMIN}}","appToken":{{"objectType":"KalturaAppToken","expiry":{sent}}},"format":1}}"#
            ),
        );
        assert_eq!(added["expiry"], stored, "expiry {sent}: {added}");
        let id = added["id"].as_str().unwrap().to_string();
        let token = added["token"].as_str().unwrap().to_string();
        let got = post(
            &mut api,
            "/api_v3/service/apptoken/action/get",
            &format!(r#"{{"ks":"{{ADMIN}}","id":"{id}","format":1}}"#),
        );
        assert_eq!(got["expiry"], stored, "get, expiry {sent}: {got}");
        let widget = widget_ks(&mut api, 5);
        let hash = token_hash(HashType::Sha1, &widget, &token);
        let body = format!(
            r#"{{"ks":"{widget}","id":"{id}","tokenHash":"{}","format":1}}"#,
            hash.as_str()
        );
        let req = HttpRequest {
            method: "POST",
            path: "/api_v3/service/apptoken/action/startSession",
            query: "",
            content_type: Some("application/json"),
            body: body.as_bytes(),
        };
        let a = api.handle(&req, NOW, &mut Counter(9));
        let f = a.calls[0].failure.as_ref().expect("an expired token");
        assert_eq!(f.error.code, "APP_TOKEN_EXPIRED", "expiry {sent}");
        assert!(f.reason.contains("not \"never\""), "{}", f.reason);
    }
}

#[test]
fn error_args_are_named_as_kaltura_errors_php_names_them() {
    // KalturaErrors.php: SERVICE_DOES_NOT_EXISTS;SRV_NAME, ACTION_DOES_NOT_EXISTS;
    // ACTION_NAME,SERVICE_NAME, INVALID_ENUM_VALUE;ENUM_VAL,PARAM_NAME,ENUM_TYPE.
    let mut api = fixture();
    let v = post(
        &mut api,
        "/api_v3/service/media/action/list",
        r#"{"format":1}"#,
    );
    assert_eq!(v["args"], serde_json::json!({"SRV_NAME": "media"}), "{v}");
    let v = post(
        &mut api,
        "/api_v3/service/apptoken/action/fly",
        r#"{"format":1}"#,
    );
    assert_eq!(
        v["args"],
        serde_json::json!({"ACTION_NAME": "fly", "SERVICE_NAME": "apptoken"}),
        "{v}"
    );
    let v = post(
        &mut api,
        "/api_v3/service/apptoken/action/add",
        r#"{"ks":"{ADMIN}","appToken":{"hashType":"sha1"},"format":1}"#,
    );
    assert_eq!(
        v["args"],
        serde_json::json!({"ENUM_VAL": "sha1", "PARAM_NAME": "hashType", "ENUM_TYPE": "KalturaAppTokenHashType"}),
        "{v}"
    );
}
