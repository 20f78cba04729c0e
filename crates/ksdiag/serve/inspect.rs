//! `POST /ksdiag/diagnose` (what `diagnose --json` prints) and `POST /ksdiag/decode` (what
//! `decode --json` prints), through the same code as the commands. Values are taken as text:
//! a request never names a file or an environment variable on this machine.

use axum::body::Bytes;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ks_core::diagnose::Diagnosis;
use ks_core::digest::HashType;
use ks_core::intake::gather::gather;
use ks_core::intake::given::Given;
use ks_report::provenance::Provenance;
use ks_report::redact::Redactor;
use ks_report::source_words::{self, Voice};
use ks_report::verdict_words::KsNames;
use serde_json::{Value, json};

/// A `diagnose --batch` line plus the artifacts as text.
#[derive(serde::Deserialize)]
struct DiagnoseRequest {
    ks: Option<String>,
    token: Option<String>,
    hash: Option<String>,
    hash_type: Option<String>,
    token_id: Option<String>,
    app_token: Option<Value>,
    #[serde(default)]
    other_ks: Vec<String>,
    now: Option<i64>,
    url: Option<String>,
    widget_response: Option<String>,
    error: Option<String>,
    log: Option<String>,
}

fn answer(status: StatusCode, v: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        v.to_string(),
    )
        .into_response()
}

fn bad(msg: impl std::fmt::Display) -> Response {
    answer(
        StatusCode::BAD_REQUEST,
        &json!({ "error": msg.to_string() }),
    )
}

/// What the user gave, from the body's fields: an empty field is one not given (a form's
/// empty box), `ks` then `other_ks` are the KS given in order.
fn given(r: DiagnoseRequest) -> Result<Given, String> {
    if let Some(n) = r.now {
        crate::input::unix_seconds(&n.to_string())
            .map_err(|e| format!("\"now\": {}", e.replace("pass seconds", "send seconds")))?;
    }
    let some = |v: Option<String>| v.filter(|x| !x.is_empty());
    let hash_type = some(r.hash_type)
        .map(|h| h.parse::<HashType>())
        .transpose()
        .map_err(|e| format!("\"hash_type\": {e}"))?;
    let given = Given {
        ks: some(r.ks)
            .into_iter()
            .chain(r.other_ks.into_iter().filter(|k| !k.is_empty()))
            .collect(),
        token: some(r.token),
        hash: some(r.hash),
        hash_type,
        token_id: some(r.token_id),
        app_token: r.app_token.filter(|a| !a.is_null()).and_then(|a| match a {
            Value::String(s) => some(Some(s)),
            other => Some(other.to_string()),
        }),
        request: some(r.url),
        widget_response: some(r.widget_response),
        error: some(r.error),
        log: some(r.log),
        now: r.now,
        ..Given::default()
    };
    // The limits of the CLI's values: a request cannot hand in more.
    match given.too_large() {
        Some(e) => Err(source_words::message(&e.message, Voice::Api)),
        None => Ok(given),
    }
}

/// The fields a diagnose request takes, for hints.
const DIAGNOSE_FIELDS: &str = "ks, token, hash (and optionally hash_type, token_id, app_token, other_ks, now, url, widget_response, error, log)";

/// Reads a route's JSON body into `T`: what is wrong with the body (not UTF-8, invalid JSON,
/// not an object), or which field has the wrong type (`serde_path_to_error` names it), then
/// `hint`.
fn request<T: serde::de::DeserializeOwned>(body: &[u8], hint: &str) -> Result<T, String> {
    let object = ks_api::json_object(body).map_err(|e| format!("{e}; hint: {hint}"))?;
    serde_path_to_error::deserialize(Value::Object(object)).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." || path.is_empty() {
            format!("{inner}; hint: {hint}")
        } else {
            format!("field \"{path}\": {inner}; hint: {hint}")
        }
    })
}

/// A diagnose request read and diagnosed: the diagnosis with what names its inputs
/// (also the page's Markdown report, `page_api`). Errors name the JSON fields, not flags.
pub(super) fn analysed(body: &[u8]) -> Result<(Diagnosis, Provenance, KsNames), String> {
    let req: DiagnoseRequest =
        request(body, &format!("send a JSON object with {DIAGNOSE_FIELDS}"))?;
    let inputs = gather(&given(req)?).map_err(|e| source_words::message(&e.message, Voice::Api))?;
    // The system clock only says what has expired since; the call's time is `now` if given.
    Ok(ks_report::provenance::diagnose(
        &inputs,
        Some(crate::system_now()),
        Voice::Api,
    ))
}

fn diagnose_json(body: &[u8]) -> Result<Value, String> {
    let (d, provenance, names) = analysed(body)?;
    Ok(crate::cmd_diagnose::json_report(
        &d,
        &provenance,
        &names,
        &Redactor::api(),
    ))
}

/// `POST /ksdiag/diagnose`: 200 with the diagnosis, or 400 with `{"error": …}`.
pub async fn diagnose(body: Bytes) -> Response {
    // About a millisecond of hashing: off the async workers.
    match tokio::task::spawn_blocking(move || diagnose_json(&body)).await {
        Ok(Ok(v)) => answer(StatusCode::OK, &v),
        Ok(Err(e)) => bad(e),
        Err(_) => answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            &json!({"error": "the diagnosis failed"}),
        ),
    }
}

#[derive(serde::Deserialize)]
struct DecodeRequest {
    ks: String,
    admin_secret: Option<String>,
    now: Option<i64>,
}

/// `POST /ksdiag/decode`: `{"ks", "admin_secret"?, "now"?}` → what `decode --json` prints.
pub async fn decode(body: Bytes) -> Response {
    let req: DecodeRequest = match request(
        &body,
        "send {\"ks\": \"…\", \"admin_secret\": \"…\"} (admin_secret optional)",
    ) {
        Ok(r) => r,
        Err(e) => return bad(e),
    };
    let now = req.now.unwrap_or_else(crate::system_now);
    let secret = req.admin_secret.filter(|s| !s.is_empty());
    match ks_report::decoded::with_decoded(&req.ks, secret.as_deref(), now, |view| {
        ks_report::decoded::to_json(view, &Redactor::api())
    }) {
        Ok(v) => answer(StatusCode::OK, &v),
        Err(e) => bad(super::field_words::http_words(&format!("{e:#}"))),
    }
}
