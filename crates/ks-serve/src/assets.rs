//! The local page (files under `page/`), embedded in the server and served
//! under `/` with a Content-Security-Policy that allows nothing but this server.
//!
//! Two files differ from the folder's: `/host.js` tells the page it was sent by `ksdiag serve`
//! (so it adds the live list of calls), and `/engine-wasm.js` is the engine that
//! scripts/build-page.sh built, when there was one at compile time (build.rs copies it; else
//! the folder's empty placeholder, and the page asks this server instead).

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

const HTML: &str = "text/html; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const SVG: &str = "image/svg+xml";

macro_rules! page_file {
    ($name:literal, $ct:expr) => {
        (
            concat!("/", $name),
            $ct,
            include_bytes!(concat!("../../../page/", $name)) as &[u8],
        )
    };
}

/// (URL path, content type, bytes). A test checks that every file of the folder is here.
const FILES: &[(&str, &str, &[u8])] = &[
    ("/", HTML, include_bytes!("../../../page/index.html")),
    page_file!("index.html", HTML),
    page_file!("style.css", CSS),
    page_file!("favicon.svg", SVG),
    page_file!("app.js", JS),
    page_file!("api.js", JS),
    page_file!("decoder.js", JS),
    page_file!("diagnose.js", JS),
    page_file!("dom.js", JS),
    page_file!("explain.js", JS),
    page_file!("fix.js", JS),
    page_file!("har.js", JS),
    page_file!("inputs.js", JS),
    page_file!("live.js", JS),
    page_file!("redact.js", JS),
    page_file!("render.js", JS),
    page_file!("visible.js", JS),
    ("/host.js", JS, HOST_JS.as_bytes()),
    (
        "/engine-wasm.js",
        JS,
        include_bytes!(concat!(env!("OUT_DIR"), "/engine-wasm.js")),
    ),
];

/// What `/host.js` answers here, instead of the folder's `host = "static"`.
const HOST_JS: &str = "// Sent by ksdiag serve (crates/ks-serve/src/assets.rs): the page adds the live list.\nwindow.ksdiag = window.ksdiag || {};\nwindow.ksdiag.hostKind = \"serve\";\n";

/// Whether the engine of scripts/build-page.sh is built in (`page built` or `page placeholder`).
#[cfg(test)]
const ENGINE: &str = env!("KSDIAG_PAGE_ENGINE");

/// Nothing from anywhere but this server; no inline scripts or styles. `'wasm-unsafe-eval'`
/// lets the page compile its WebAssembly engine (and nothing else: no eval of text).
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

fn file(content_type: &'static str, bytes: &'static [u8]) -> Response {
    let mut r = (StatusCode::OK, bytes).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // The page is what it shows: pasted secrets must not end up in a shared cache or the
    // referrer of anything.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// The routes serving the page's files.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    let mut r = Router::new();
    for (path, ct, bytes) in FILES {
        r = r.route(path, get(move || async move { file(ct, bytes) }));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::FILES;

    #[test]
    fn every_page_file_is_served_and_every_served_file_exists() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../page");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok())
            .map(|e| format!("/{}", e.file_name().to_string_lossy()))
            .collect();
        on_disk.sort();
        let mut served: Vec<String> = FILES
            .iter()
            .filter(|(p, _, _)| *p != "/")
            .map(|(p, _, _)| p.to_string())
            .collect();
        served.sort();
        assert_eq!(served, on_disk, "list each file of page/ in FILES");
    }

    fn served(path: &str) -> &'static str {
        let (_, _, bytes) = FILES
            .iter()
            .find(|(p, _, _)| *p == path)
            .unwrap_or_else(|| panic!("{path} is not served"));
        std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn every_script_the_page_loads_is_served_and_none_is_a_module() {
        let html = served("/index.html");
        assert!(
            !html.contains("type=\"module\""),
            "a page opened from disk runs no module"
        );
        let scripts: Vec<&str> = html
            .split("<script src=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        assert!(scripts.len() >= 10, "{scripts:?}");
        for s in scripts {
            served(&format!("/{s}"));
        }
    }

    #[test]
    fn the_page_is_told_it_was_served_and_gets_the_engine_build_rs_found() {
        assert!(served("/host.js").contains("hostKind = \"serve\""));
        let folder = include_str!("../../../page/host.js");
        assert!(folder.contains("hostKind = \"static\""), "{folder}");
        let engine = served("/engine-wasm.js");
        assert_eq!(
            engine.contains("wasmBase64 = \""),
            super::ENGINE == "page built",
            "{}",
            super::ENGINE
        );
    }

    #[test]
    fn content_types_follow_the_extension() {
        for (path, ct, _) in FILES {
            let want = match path.rsplit('.').next() {
                Some("js") => super::JS,
                Some("css") => super::CSS,
                Some("svg") => super::SVG,
                _ => super::HTML,
            };
            assert_eq!(*ct, want, "{path}");
        }
    }
}
