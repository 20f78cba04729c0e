//! `ks_serve::app` answering requests in this process with `tower::ServiceExt::oneshot`: the
//! routes' answers, without a socket, a process or a port.
#![allow(dead_code)] // each test binary uses its own subset of these helpers

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use ks_api::{Config, Emulator, Partner, State, StoredToken};
use std::net::SocketAddr;
use tower::ServiceExt;

mod flags;
#[allow(unused_imports)] // each test binary uses its own subset
pub use flags::{assert_no_flag, flags_in};

/// The partner every test app has.
pub const PARTNER: i64 = 4321;
/// Its admin secret.
pub const SECRET: &str = "ks-serve-tests-admin-secret";
/// The address the app believes it is bound to (what the Host check compares with).
pub const BOUND: &str = "127.0.0.1:38080";

/// A server's answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// The application of `ksdiag serve --partner 4321:SECRET` and, when given, one app token.
pub struct App {
    router: Router,
}

/// The SHA1 app token `0_routes1` of partner 4321.
pub fn sha1_token(token: &str) -> StoredToken {
    StoredToken {
        hash_type: Some("SHA1".into()),
        ..StoredToken::active("0_routes1", token, PARTNER, 1_700_000_000)
    }
}

impl App {
    /// Partner 4321 with `tokens`, origins `cors_origins`, and `routes` merged in.
    pub fn with(
        tokens: Vec<StoredToken>,
        cors_origins: &[&str],
        routes: Router<ks_serve::AppState>,
    ) -> App {
        let mut state = State::default();
        state.add_partner(Partner {
            id: PARTNER,
            admin_secret: SECRET.into(),
            user_secret: None,
        });
        for t in tokens {
            state.add_token(t);
        }
        let origins: Vec<String> = cors_origins.iter().map(|o| o.to_string()).collect();
        let setup = ks_serve::Setup {
            emulator: Emulator::new(state, Config::default()),
            persist: None,
            cors_origins: ks_serve::parse_origins(&origins).unwrap(),
            routes,
            start_with_words: ks_api::neutral_words,
        };
        let bound: SocketAddr = BOUND.parse().unwrap();
        let (router, shared) = ks_serve::app_sharing(setup, bound);
        // Test runs print nothing per failed call.
        shared.feed().set_quiet(true);
        App { router }
    }

    /// Partner 4321 and nothing else.
    pub fn new() -> App {
        App::with(Vec::new(), &[], Router::new())
    }

    /// `method path` with `headers` (Host is the bound address unless given) and `body`.
    pub async fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Answer {
        let mut req = Request::builder().method(method).uri(path);
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            req = req.header("host", BOUND);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req.body(Body::from(body.to_vec())).unwrap();
        let r = self.router.clone().oneshot(req).await.unwrap();
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let body = axum::body::to_bytes(r.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec();
        assert_no_flag(
            path,
            headers.get("content-type").and_then(|v| v.to_str().ok()),
            &body,
        );
        Answer {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.request("GET", path, &[], b"").await
    }

    pub async fn post_json(&self, path: &str, body: &str) -> Answer {
        self.request(
            "POST",
            path,
            &[("content-type", "application/json")],
            body.as_bytes(),
        )
        .await
    }

    /// appToken.startSession of the app token `0_routes1` with `ks` and `token_hash`.
    pub async fn start_session(&self, ks: &str, token_hash: &str) -> Answer {
        self.post_json(
            "/api_v3/service/apptoken/action/startSession",
            &format!(r#"{{"ks":"{ks}","id":"0_routes1","tokenHash":"{token_hash}","format":1}}"#),
        )
        .await
    }

    /// GET /ksdiag/requests, newest first.
    pub async fn feed(&self) -> Vec<serde_json::Value> {
        self.get("/ksdiag/requests")
            .await
            .json()
            .as_array()
            .cloned()
            .unwrap()
    }

    /// startWidgetSession for the partner: the KS.
    pub async fn widget_ks(&self) -> String {
        let w = self
            .get(&format!(
                "/api_v3/service/session/action/startWidgetSession?widgetId=_{PARTNER}&format=1"
            ))
            .await
            .json();
        w["ks"].as_str().unwrap().to_string()
    }
}
