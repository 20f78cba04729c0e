//! What the local page needs beyond the endpoints scripts use: `GET /ksdiag/explain`, every
//! cause, finding and Kaltura error code in words (the tables `ksdiag explain` prints from;
//! `?code=CODE` for one, through `ksdiag explain`'s own lookup),
//! and `POST /ksdiag/report`, the redacted Markdown report of `diagnose --format markdown`
//! for the same body as `POST /ksdiag/diagnose`, and `POST /ksdiag/fix?lang=LANG`, the fix as
//! code in the user's language (the `fix_code` object of `diagnose --lang LANG --json`).

use axum::Router;
use axum::body::Bytes;
use axum::extract::Query;
use axum::extract::rejection::BytesRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::sync::LazyLock;

/// The routes; merged into the server's router.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/ksdiag/explain", get(explain))
        .route("/ksdiag/report", post(report))
        .route("/ksdiag/fix", post(fix))
}

static CATALOGUE: LazyLock<String> = LazyLock::new(|| {
    serde_json::to_string(&ks_report::catalogue::catalogue()).unwrap_or_else(|_| "{}".into())
});

/// The query of `GET /ksdiag/explain`.
#[derive(serde::Deserialize)]
struct ExplainQuery {
    code: Option<String>,
}

/// `GET /ksdiag/explain`: the whole catalogue; `?code=CODE`: what that code names, in the
/// words `ksdiag explain CODE` prints (ks-report's one lookup), or 404 `{"error": …}` with
/// the nearest code.
async fn explain(Query(q): Query<ExplainQuery>) -> Response {
    let json_type = [(header::CONTENT_TYPE, "application/json")];
    let Some(code) = q.code.filter(|c| !c.trim().is_empty()) else {
        return (json_type, CATALOGUE.as_str()).into_response();
    };
    let voice = ks_report::source_words::Voice::Api;
    match ks_report::explain::lookup(&code).first() {
        Some(found) => (
            json_type,
            ks_report::render_explain::json(found, voice).to_string(),
        )
            .into_response(),
        None => {
            let why = ks_report::explain::unknown(&code, voice);
            (
                StatusCode::NOT_FOUND,
                json_type,
                json!({ "error": why }).to_string(),
            )
                .into_response()
        }
    }
}

fn markdown(body: &[u8]) -> Result<Vec<u8>, String> {
    let (d, _provenance, names) = crate::inspect::analysed(body)?;
    let mut out = Vec::new();
    ks_report::render_markdown::write(&mut out, &d, &names).map_err(|e| e.to_string())?;
    Ok(out)
}

/// `POST /ksdiag/report`: 200 with the Markdown (always redacted), or 400 `{"error": …}`.
async fn report(body: Result<Bytes, BytesRejection>) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(r) => return crate::inspect::rejected(r),
    };
    match tokio::task::spawn_blocking(move || markdown(&body)).await {
        Ok(Ok(md)) => {
            ([(header::CONTENT_TYPE, "text/markdown; charset=utf-8")], md).into_response()
        }
        Ok(Err(e)) => (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "application/json")],
            json!({ "error": e }).to_string(),
        )
            .into_response(),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "application/json")],
            json!({"error": "the report failed"}).to_string(),
        )
            .into_response(),
    }
}

/// The query of `POST /ksdiag/fix`.
#[derive(serde::Deserialize)]
struct FixQuery {
    lang: String,
}

fn fix_code(body: &[u8], lang: ks_snippets::Lang) -> Result<Value, String> {
    let (d, _provenance, _names) = crate::inspect::analysed(body)?;
    Ok(ks_report::render_fix_code::json(&d, lang))
}

fn bad_request(e: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "application/json")],
        json!({ "error": e }).to_string(),
    )
        .into_response()
}

/// `POST /ksdiag/fix?lang=LANG` with the body of `POST /ksdiag/diagnose`: 200 with
/// `{lang, hash_type, lines: [{causes, wrote, write}], code}`, or 400 `{"error": …}` for an
/// unknown language or a bad body.
async fn fix(Query(q): Query<FixQuery>, body: Result<Bytes, BytesRejection>) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(r) => return crate::inspect::rejected(r),
    };
    let lang: ks_snippets::Lang = match q.lang.parse() {
        Ok(l) => l,
        Err(e) => return bad_request(format!("{e}")),
    };
    match tokio::task::spawn_blocking(move || fix_code(&body, lang)).await {
        Ok(Ok(v)) => ([(header::CONTENT_TYPE, "application/json")], v.to_string()).into_response(),
        Ok(Err(e)) => bad_request(e),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "application/json")],
            json!({"error": "the fix failed"}).to_string(),
        )
            .into_response(),
    }
}
