//! A local stand-in for the part of Kaltura's api_v3 that the app-token flow uses:
//! `session.startWidgetSession`, `start`, `get`, `end` and `appToken.add`, `get`, `list`,
//! `update`, `delete`, `startSession`, alone or in a multirequest, answered in format 1
//! (JSON), 2 (XML) or 3 (PHP serialize) exactly as Kaltura answers, with the reason for every
//! failure.
//!
//! Pure: no sockets, no clock, no files. A request (method, path, query, content type, body)
//! and the time go in; the answer (body, format, one record per call with the failure, its
//! reason and, for INVALID_APP_TOKEN_HASH, the inputs of ks-core's proof) comes out. Each rule
//! names the Kaltura server file it comes from.
//!
//! ```
//! use ks_api::{Emulator, Entropy, HttpRequest, Partner};
//!
//! struct Counter(u8);
//! impl Entropy for Counter {
//!     fn fill(&mut self, buf: &mut [u8]) {
//!         for b in buf { self.0 = self.0.wrapping_add(1); *b = self.0; }
//!     }
//! }
//!
//! let mut api = Emulator::default();
//! api.state.add_partner(Partner { id: 123, admin_secret: "s3cret".into(), user_secret: None });
//! let req = HttpRequest {
//!     method: "POST",
//!     path: "/api_v3/service/session/action/startWidgetSession",
//!     query: "",
//!     content_type: Some("application/json"),
//!     body: br#"{"widgetId":"_123","format":1}"#,
//! };
//! let answer = api.handle(&req, 1_700_000_000, &mut Counter(0));
//! let body = String::from_utf8(answer.body).unwrap();
//! assert!(body.starts_with(r#"{"partnerId":123,"ks":"djJ8MTIzf"#), "{body}");
//! assert!(answer.calls[0].failure.is_none());
//! ```
#![warn(missing_docs)]

mod app_token;
mod call;
mod candidates;
mod config;
mod dispatch;
mod emulator;
mod entropy;
mod error;
mod ks_check;
mod multirequest;
mod out;
mod render;
mod request;
mod session;
mod start_session;
mod start_with;
mod state;

pub use call::{CallRecord, Failure, HashCheck};
pub use candidates::ALWAYS_TRIED;
pub use config::Config;
pub use emulator::{Answer, Emulator};
pub use entropy::Entropy;
pub use error::ApiError;
pub use multirequest::MAX_CALLS as MULTIREQUEST_MAX_CALLS;
pub use out::Out;
pub use render::{Format, render};
pub use request::{HttpRequest, api_path, is_api_path, json_object};
pub use start_session::privileges as start_session_privileges;
pub use start_with::{StartWith, StartWithWords, neutral_words};
pub use state::{
    CANDIDATE_WINDOW_SECS, IssuedKs, MAX_CANDIDATES, Partner, SNAPSHOT_VERSION, Snapshot, State,
    StoredToken,
};
