//! `POST /ksdiag/diagnose` (what `diagnose --json` prints) and `POST /ksdiag/decode` (what
//! `decode --json` prints), through the same code as the commands. Values are taken as text:
//! a request never names a file or an environment variable on this machine.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ks_core::diagnose::Diagnosis;
use ks_core::intake::gather::gather;
use ks_report::api_body::{DIAGNOSE_FIELDS, DiagnoseBody};
use ks_report::provenance::Provenance;
use ks_report::redact::Redactor;
use ks_report::source_words::{self, Voice};
use ks_report::verdict_words::KsNames;
use serde_json::{Value, json};

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

/// The `{"error": …}` answer (with axum's status: 413 past the size limit) for a body that
/// could not be read: `/ksdiag/*` answers JSON even then.
pub(crate) fn rejected(r: BytesRejection) -> Response {
    let limit = crate::http::MAX_INSPECT_BODY / (1024 * 1024);
    let error = format!(
        "{}; hint: a body is at most {limit} MiB (a log up to 16 MiB and the rest)",
        r.body_text()
    );
    answer(r.status(), &json!({ "error": error }))
}

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
    let req: DiagnoseBody = request(body, &format!("send a JSON object with {DIAGNOSE_FIELDS}"))?;
    let inputs =
        gather(&req.given()?).map_err(|e| source_words::message(&e.message, Voice::Api))?;
    // The system clock only says what has expired since; the call's time is `now` if given.
    Ok(ks_report::provenance::diagnose(
        &inputs,
        Some(crate::system_now()),
        Voice::Api,
    ))
}

fn diagnose_json(body: &[u8]) -> Result<Value, String> {
    let (d, provenance, names) = analysed(body)?;
    Ok(ks_report::provenance::json_report(
        &d,
        &provenance,
        &names,
        &Redactor::api(),
    ))
}

/// `POST /ksdiag/diagnose`: 200 with the diagnosis, or 400 with `{"error": …}`.
pub async fn diagnose(body: Result<Bytes, BytesRejection>) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(r) => return rejected(r),
    };
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
pub async fn decode(body: Result<Bytes, BytesRejection>) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(r) => return rejected(r),
    };
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
        Err(e) => bad(e.words(Voice::Api)),
    }
}
