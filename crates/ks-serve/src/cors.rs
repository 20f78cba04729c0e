//! Middleware: browsers. A web app on a local dev server (http://localhost:5173) calls api_v3
//! cross-origin; Kaltura answers such calls, so serve does too, but only from a loopback
//! origin or one named with `--cors-origin`, because it holds admin secrets and app tokens.
//! ksdiag's own endpoints (`/ksdiag/*`, the page) never answer another origin.
//!
//! What Kaltura sends (server `api_v3/web/index.php`): `Access-Control-Expose-Headers` on
//! every answer; for OPTIONS, before anything else runs, `Access-Control-Allow-Origin: *`,
//! `Access-Control-Allow-Headers: Origin, X-Requested-With, Content-Type, Accept, Range,
//! Cache-Control`, `Access-Control-Allow-Methods: POST, GET, HEAD, OPTIONS`,
//! `Access-Control-Max-Age: 86400` and an empty body; and `Access-Control-Allow-Origin:*` on
//! every API answer (`KalturaResponseCacher::sendCachingHeaders`). serve names the allowed
//! origin instead of `*` (with `Vary: Origin`): to the browser it is the same answer, and no
//! other origin gets one.

use super::shared::AppState;
use crate::Error;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ks_api::StartWith;

/// `Access-Control-Allow-Headers` of api_v3/web/index.php.
pub const ALLOW_HEADERS: &str =
    "Origin, X-Requested-With, Content-Type, Accept, Range, Cache-Control";
/// `Access-Control-Allow-Methods` of api_v3/web/index.php.
pub const ALLOW_METHODS: &str = "POST, GET, HEAD, OPTIONS";
/// `Access-Control-Expose-Headers` of api_v3/web/index.php, and serve's diagnosis header.
pub const EXPOSE_HEADERS: &str = "Server, Content-Length, Content-Range, Date, X-Kaltura, X-Kaltura-Session, X-Me, X-Ksdiag-Diagnosis";

/// The origins to answer beyond loopback ones, checked and normalised
/// (`scheme://host[:port]`, lowercase).
pub fn parse_origins(values: &[String]) -> Result<Vec<String>, Error> {
    values
        .iter()
        .map(|v| {
            let o = v.trim().trim_end_matches('/').to_ascii_lowercase();
            let rest = o
                .strip_prefix("http://")
                .or_else(|| o.strip_prefix("https://"));
            match rest {
                _ if o == "null" => Ok(o),
                Some(r) if !r.is_empty() && !r.contains(['/', '?', '#', '*', ' ']) => Ok(o),
                _ => Err(Error::NotAnOrigin { value: v.clone() }),
            }
        })
        .collect()
}

/// The host of `scheme://host[:port]`, without brackets; `None` for anything else.
fn origin_host(origin: &str) -> Option<&str> {
    let rest = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))?;
    if let Some(v6) = rest.strip_prefix('[') {
        return v6.split_once(']').map(|(h, _)| h);
    }
    Some(rest.rsplit_once(':').map_or(rest, |(h, _)| h))
}

/// True for a page served from this machine: `localhost`, `127.x.x.x` or `[::1]`, any
/// scheme of http/https, any port.
pub fn is_loopback_origin(origin: &str) -> bool {
    let Some(host) = origin_host(origin) else {
        return false;
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn text(h: &HeaderMap, name: header::HeaderName) -> Option<String> {
    h.get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

/// What a browser asked for in a preflight that Kaltura's answer does not allow, in words.
fn preflight_gap(h: &HeaderMap) -> Option<String> {
    let allowed: Vec<String> = ALLOW_HEADERS
        .split(", ")
        .map(str::to_ascii_lowercase)
        .collect();
    let mut gaps = Vec::new();
    if let Some(m) = text(h, header::ACCESS_CONTROL_REQUEST_METHOD)
        && !ALLOW_METHODS
            .split(", ")
            .any(|a| a.eq_ignore_ascii_case(m.trim()))
    {
        gaps.push(format!("the method {m}"));
    }
    if let Some(list) = text(h, header::ACCESS_CONTROL_REQUEST_HEADERS) {
        let extra: Vec<&str> = list
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty() && !allowed.contains(&n.to_ascii_lowercase()))
            .collect();
        if !extra.is_empty() {
            gaps.push(format!("the header(s) {}", extra.join(", ")));
        }
    }
    (!gaps.is_empty()).then(|| {
        format!(
            "the browser asked to send {}, which Kaltura's answer does not allow (it allows the methods {ALLOW_METHODS} and the headers {ALLOW_HEADERS}): the browser will refuse the call, against Kaltura too; send the KS in the ks parameter, not a header",
            gaps.join(" and ")
        )
    })
}

fn refuse(
    s: &AppState,
    method: &Method,
    path: &str,
    reason: &str,
    start_with: Option<StartWith>,
) -> Response {
    let reason = s.feed.refused(
        crate::system_now(),
        (method.as_str(), path),
        "CORS_REFUSED",
        reason,
        start_with.as_ref(),
    );
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("ksdiag serve: {reason}\n"),
    )
        .into_response()
}

pub async fn check(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let api = ks_api::is_api_path(&path);
    let method = req.method().clone();
    let h = req.headers();
    let origin = text(h, header::ORIGIN).map(|o| o.trim().to_string());
    let host = text(h, header::HOST).unwrap_or_default();
    // The page calling its own server (a POST from it carries Origin too).
    let same_origin = origin
        .as_deref()
        .is_some_and(|o| o.eq_ignore_ascii_case(&format!("http://{host}")));
    let allowed =
        |o: &str| is_loopback_origin(o) || s.cors_origins.iter().any(|a| a.eq_ignore_ascii_case(o));
    match origin.as_deref() {
        Some(o) if !same_origin && !api => {
            return refuse(
                &s,
                &method,
                &path,
                &format!(
                    "{path} is ksdiag's own and never answers another origin ({o}); only the API, /api_v3/…, answers browser apps"
                ),
                None,
            );
        }
        Some(o) if !same_origin && !allowed(o) => {
            return refuse(
                &s,
                &method,
                &path,
                &format!(
                    "a page at {o} called the API; serve answers browser apps only from a loopback origin (localhost, 127.0.0.1, [::1]) or one it was started with"
                ),
                Some(StartWith::CorsOrigin(o.to_string())),
            );
        }
        _ => {}
    }
    if !api {
        return next.run(req).await;
    }
    // Kaltura's index.php answers OPTIONS before the API runs: never a call, never a
    // diagnosis of missing parameters.
    let mut r = if method == Method::OPTIONS {
        if let Some(gap) = preflight_gap(h) {
            super::log::line(format!(
                "ksdiag serve: OPTIONS {path} from {}: {gap}",
                origin.as_deref().unwrap_or("no origin")
            ));
        }
        let mut r = StatusCode::OK.into_response();
        let rh = r.headers_mut();
        rh.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOW_HEADERS),
        );
        rh.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(ALLOW_METHODS),
        );
        rh.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("86400"),
        );
        r
    } else {
        next.run(req).await
    };
    let rh = r.headers_mut();
    rh.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSE_HEADERS),
    );
    if let Some(v) = origin.and_then(|o| HeaderValue::from_str(&o).ok()) {
        rh.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
        rh.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_dev_server_on_any_port_is_a_loopback_origin() {
        for o in [
            "http://localhost:5173",
            "http://LOCALHOST:3000",
            "http://127.0.0.1:8080",
            "https://127.0.0.2",
            "http://[::1]:5173",
            "http://localhost",
        ] {
            assert!(is_loopback_origin(o), "{o}");
        }
        for o in [
            "http://evil.example",
            "http://localhost.evil.example:5173",
            "http://127.0.0.1.evil.example",
            "null",
            "file://",
            "http://[::2]:80",
        ] {
            assert!(!is_loopback_origin(o), "{o}");
        }
    }

    #[test]
    fn cors_origin_values_are_origins_only() {
        let ok = parse_origins(&["https://Dev.Example.test:3000/".into(), "null".into()]).unwrap();
        assert_eq!(ok, vec!["https://dev.example.test:3000", "null"]);
        for bad in ["*", "dev.example.test", "http://a/b", "http://"] {
            let e = parse_origins(&[bad.into()]).unwrap_err().to_string();
            assert!(e.contains("is not an origin"), "{bad}: {e}");
        }
    }
}
