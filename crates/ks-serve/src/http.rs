//! The router: api_v3 (every method), the feed, the page; the api_v3 handler.

use super::feed::{Feed, judge};
use super::setup::Setup;
use super::shared::{AppState, Shared};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ks_api::{ApiError, Format, HttpRequest, Out};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Largest request body; a larger one gets a Kaltura-shaped error.
pub const MAX_BODY: usize = 1024 * 1024;
/// Largest body of POST /ksdiag/diagnose (a log may be 16 MiB, like `--log`).
pub const MAX_INSPECT_BODY: usize = ks_core::intake::given::MAX_LOG_BYTES + 1024 * 1024;
/// A request (headers and body) must arrive within this time.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The whole application: API, feed, page, behind the Host check.
pub fn app(setup: Setup, bound: SocketAddr) -> Router {
    app_sharing(setup, bound).0
}

/// [`app`], and the state it serves from (`check --serve` reads the calls from its feed).
pub fn app_sharing(setup: Setup, bound: SocketAddr) -> (Router, AppState) {
    let routes = setup.routes;
    let shared = Arc::new(Shared {
        emulator: Mutex::new(setup.emulator),
        persist: setup.persist,
        feed: Feed::new(setup.start_with_words),
        cors_origins: setup.cors_origins,
    });
    let router = Router::new()
        .route("/ksdiag/requests", get(requests))
        // The page's files; routes the page needs beyond these go in their own file, merged
        // here with one more `.merge(…)` line (a `Router<AppState>`).
        .merge(super::assets::router())
        // The binary's routes (/ksdiag/diagnose, /decode, /explain, /report, /fix).
        .merge(routes)
        // Every other path: api_v3 as Kaltura's rewrite rules reach it (`//api_v3/…`,
        // `/api/…`), else a refusal that is logged, never a silent 404.
        .fallback(api_or_not_served)
        .layer(DefaultBodyLimit::max(MAX_INSPECT_BODY))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .with_state(shared.clone())
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            super::cors::check,
        ))
        .layer(axum::middleware::from_fn_with_state(
            bound,
            super::guard::check_host,
        ));
    (router, shared)
}

async fn api_or_not_served(
    State(s): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if ks_api::is_api_path(uri.path()) {
        return api(State(s), method, uri, headers, body).await;
    }
    let why = format!(
        "ksdiag serve does not serve {}: the API is at /api_v3/service/SERVICE/action/ACTION (or /api/service/…, as Kaltura rewrites it), the latest calls at /ksdiag/requests; check the service URL your program uses",
        uri.path()
    );
    s.feed.refused(
        crate::system_now(),
        (method.as_str(), uri.path()),
        "NOT_SERVED",
        &why,
        None,
    );
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{why}\n"),
    )
        .into_response()
}

/// The feed; `X-Ksdiag-Stderr-Dropped` counts the stderr lines lost to a reader that fell
/// behind since the start.
async fn requests(State(s): State<AppState>) -> Response {
    let dropped = super::log::dropped().to_string();
    (
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (
                header::HeaderName::from_static("x-ksdiag-stderr-dropped"),
                dropped,
            ),
        ],
        s.feed.json(),
    )
        .into_response()
}

/// A Kaltura-shaped error for a request that could not be read at all, in the format the
/// query string asks for.
fn unreadable(uri: &Uri, why: &str) -> Response {
    let query = uri.query().unwrap_or("");
    let format = query
        .split('&')
        .find_map(|p| p.strip_prefix("format="))
        .and_then(|f| Format::from_param(Some(f)))
        .unwrap_or(Format::Xml);
    let body = ks_api::render(
        &Out::Error(ApiError::unreadable_request(why)),
        format,
        false,
    );
    super::log::line(format!("ksdiag serve: {} refused: {why}", uri.path()));
    let mut r = (StatusCode::OK, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    r.headers_mut().insert(
        "x-ksdiag-diagnosis",
        HeaderValue::from_static("bad_request"),
    );
    r
}

async fn read_body(headers: &HeaderMap, body: Body) -> Result<Bytes, String> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let too_big = || format!("the body is larger than {} MiB", MAX_BODY / (1024 * 1024));
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(too_big());
    }
    axum::body::to_bytes(body, MAX_BODY).await.map_err(|e| {
        let mut src: Option<&dyn std::error::Error> = Some(&e);
        while let Some(s) = src {
            if s.is::<http_body_util::LengthLimitError>() {
                return too_big();
            }
            src = s.source();
        }
        format!("the body could not be read: {e}")
    })
}

async fn api(
    State(s): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let bytes = match read_body(&headers, body).await {
        Ok(b) => b,
        Err(why) => return unreadable(&uri, &why),
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let req = HttpRequest {
        method: method.as_str(),
        path: uri.path(),
        query: uri.query().unwrap_or(""),
        content_type: content_type.as_deref(),
        body: &bytes,
    };
    let now = crate::system_now();
    let (answer, snapshot) = {
        let mut emu = s.emulator.lock().unwrap_or_else(|e| e.into_inner());
        let answer = emu.handle(&req, now, &mut crate::OsEntropy);
        let snapshot = (answer.changed && s.persist.is_some()).then(|| {
            (
                emu.state.revision(),
                serde_json::to_vec_pretty(&emu.state.snapshot()).unwrap_or_default(),
            )
        });
        (answer, snapshot)
    };
    if let (Some((rev, bytes)), Some(_)) = (snapshot, &s.persist) {
        let s2 = s.clone();
        let written =
            tokio::task::spawn_blocking(move || s2.persist.as_ref().map(|p| p.write(rev, &bytes)))
                .await;
        if !matches!(written, Ok(Some(Ok(())))) {
            let why = match written {
                Ok(Some(Err(e))) => e.to_string(),
                _ => "the writer stopped".to_string(),
            };
            let calls: Vec<String> = answer
                .calls
                .iter()
                .map(|c| format!("{}.{}", c.service, c.action))
                .collect();
            super::log::line(format!(
                "ksdiag serve: {} INTERNAL_SERVERL_ERROR: could not write the state file {} ({why}); the change was not acknowledged, but the running server keeps it in memory",
                calls.join(","),
                s.persist
                    .as_ref()
                    .map_or(String::new(), |p| p.path().display().to_string()),
            ));
            let body = ks_api::render(&Out::Error(ApiError::internal()), answer.format, false);
            return (
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, answer.content_type()),
                    (
                        header::HeaderName::from_static("x-ksdiag-diagnosis"),
                        "state_not_written",
                    ),
                ],
                body,
            )
                .into_response();
        }
    }
    // A rejected tokenHash costs a diagnosis: tens of microseconds when the mistake is proven,
    // about 1.5 ms when nothing explains it. One is run right here (a hop to a blocking thread
    // cost more than it saved: p99 4.4-4.8 ms against 3.0 ms in scripts/compare-serve.sh); a
    // multirequest with several goes to a blocking thread, so that it cannot hold up the
    // other connections of this worker for long.
    let proofs = answer
        .calls
        .iter()
        .filter(|c| c.failure.as_ref().is_some_and(|f| f.hash_check.is_some()))
        .count();
    let judged: Vec<_> = if proofs > 1 {
        let calls = answer.calls.clone();
        tokio::task::spawn_blocking(move || calls.iter().map(judge).collect())
            .await
            .unwrap_or_default()
    } else {
        answer.calls.iter().map(judge).collect()
    };
    // One code a failed call; in a multirequest, one a call in order, `ok` for those that
    // succeeded, so that each code can be matched to its call.
    let many = answer.calls.len() > 1;
    let mut header_codes: Vec<String> = Vec::new();
    for (record, judged) in answer.calls.iter().zip(&judged) {
        match judged {
            Some(j) => header_codes.push(j.header.clone()),
            None if many => header_codes.push("ok".into()),
            None => {}
        }
        s.feed.push(
            now,
            uri.path(),
            answer.format.number(),
            record,
            judged.as_ref(),
        );
    }
    let mut r = (StatusCode::OK, answer.body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(answer.format.content_type()),
    );
    if header_codes.iter().any(|c| c != "ok")
        && let Ok(v) = HeaderValue::from_str(&diagnosis_header(&header_codes))
    {
        h.insert("x-ksdiag-diagnosis", v);
    }
    r
}

/// Longest `X-Ksdiag-Diagnosis` value: clients refuse long headers (Node's parser stops at
/// 16 KiB for all of them together, some proxies at 4-8 KiB).
pub const MAX_DIAGNOSIS_HEADER: usize = 2048;

/// The codes joined by `,`; when that is too long, as many as fit, then `+N more` (the feed,
/// GET /ksdiag/requests, has every call).
fn diagnosis_header(codes: &[String]) -> String {
    let mut out = String::new();
    for (i, c) in codes.iter().enumerate() {
        let more = format!(",+{} more", codes.len() - i);
        let sep = if out.is_empty() { "" } else { "," };
        if out.len() + sep.len() + c.len() + more.len() > MAX_DIAGNOSIS_HEADER {
            out.push_str(if out.is_empty() { &more[1..] } else { &more });
            return out;
        }
        out.push_str(sep);
        out.push_str(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_diagnosis_header_is_cut_with_a_count_never_past_the_limit() {
        let codes: Vec<String> = (0..1000)
            .map(|i| format!("wrong_hash_type+different_ks+hex_case{i}"))
            .collect();
        let h = diagnosis_header(&codes);
        assert!(h.len() <= MAX_DIAGNOSIS_HEADER, "{}", h.len());
        let shown = h.split(',').count() - 1;
        assert!(h.ends_with(&format!(",+{} more", 1000 - shown)), "{h}");
        assert!(shown > 10);
        let short: Vec<String> = vec!["ok".into(), "hex_case".into()];
        assert_eq!(diagnosis_header(&short), "ok,hex_case");
    }
}
