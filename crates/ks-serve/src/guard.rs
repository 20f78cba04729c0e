//! Middleware: the Host check against DNS rebinding. A page on another site that points its
//! own DNS name at 127.0.0.1 still sends its own name as Host, so only `localhost` and the
//! bound address (any IP literal when bound to all interfaces) are served.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, SocketAddr};

/// True when `host` (a Host header value) names this server.
pub fn host_allowed(host: &str, bound: SocketAddr) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, p)| {
            if p.chars().all(|c| c.is_ascii_digit()) {
                h
            } else {
                host
            }
        }),
    };
    let name = name.trim_end_matches('.');
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => {
            ip == bound.ip()
                || bound.ip().is_unspecified()
                || (ip.is_loopback() && bound.ip().is_loopback())
        }
        Err(_) => false,
    }
}

pub async fn check_host(State(bound): State<SocketAddr>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("\u{fffd}").to_string())
        .or_else(|| req.uri().authority().map(|a| a.to_string()));
    if let Some(h) = host
        && !host_allowed(&h, bound)
    {
        super::log::line(format!(
            "ksdiag serve: refused a request for Host {h:?} (only localhost and {} are served: DNS rebinding guard)",
            bound.ip()
        ));
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("ksdiag serve refuses Host {h:?}: only localhost and {} are served (a guard against DNS rebinding); use http://localhost:{}/\n", bound.ip(), bound.port()),
        )
            .into_response();
    }
    next.run(req).await
}
