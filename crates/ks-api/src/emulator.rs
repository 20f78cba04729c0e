//! The emulation's front: a request and a clock in, an answer out.

use crate::call::{CallRecord, Failure};
use crate::config::Config;
use crate::entropy::Entropy;
use crate::render::{Format, render};
use crate::request::{BodyNote, HttpRequest, read};
use crate::state::State;

/// The answer to one HTTP request.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The body, in `format`.
    pub body: Vec<u8>,
    /// The format it is written in.
    pub format: Format,
    /// The calls it answered.
    pub calls: Vec<CallRecord>,
    /// A note on the request itself (a body that was ignored, an unknown format).
    pub note: Option<String>,
    /// True when partners or app tokens changed (what `--state` must write first).
    pub changed: bool,
}

impl Answer {
    /// The Content-Type header.
    pub fn content_type(&self) -> &'static str {
        self.format.content_type()
    }
}

/// The emulated server: its state and settings.
#[derive(Debug, Clone, Default)]
pub struct Emulator {
    /// Partners, app tokens, sessions.
    pub state: State,
    /// Settings.
    pub config: Config,
}

impl Emulator {
    /// A server with `state` and `config`.
    pub fn new(state: State, config: Config) -> Emulator {
        Emulator { state, config }
    }

    /// Answers an api_v3 request at time `now` (unix seconds).
    pub fn handle(&mut self, req: &HttpRequest<'_>, now: i64, rng: &mut dyn Entropy) -> Answer {
        let before = self.state.revision();
        let params = match read(req) {
            Ok(p) => p,
            Err(e) => {
                let err = crate::error::ApiError::unreadable_request(&e.0);
                let failure = Failure::new(err.clone(), "bad_request", e.0);
                // The body is unreadable, the query string is not: answer in its format.
                let query = crate::request::form_tree(req.query);
                let format = Format::from_param(crate::request::text(&query, "format").as_deref())
                    .unwrap_or(Format::Xml);
                let (service, action) = named_in_path(req.path);
                return Answer {
                    body: render(&crate::out::Out::Error(err), format, false),
                    format,
                    calls: vec![CallRecord {
                        service,
                        action,
                        failure: Some(failure),
                    }],
                    note: None,
                    changed: false,
                };
            }
        };
        let format_param = crate::request::text(&params.tree, "format");
        let mut note = match params.body {
            BodyNote::Read => None,
            BodyNote::Ignored(why) => Some(why),
        };
        let format = Format::from_param(format_param.as_deref()).unwrap_or_else(|| {
            note = Some(format!(
                "format {:?} is not one ksdiag writes (1 JSON, 2 XML, 3 PHP): answered in XML, the default",
                format_param.unwrap_or_default()
            ));
            Format::Xml
        });
        let ignore_null = matches!(
            params.tree.get("ignoreNull"),
            Some(serde_json::Value::Bool(true))
        ) || crate::request::text(&params.tree, "ignoreNull").as_deref()
            == Some("1");
        let service = crate::request::text(&params.tree, "service").unwrap_or_default();
        let (out, mut calls) = if service.eq_ignore_ascii_case("multirequest") {
            crate::multirequest::run(&mut self.state, &self.config, now, rng, &params.tree)
        } else {
            let (out, record) =
                crate::dispatch::run(&mut self.state, &self.config, now, rng, &params.tree);
            (out, vec![record])
        };
        if let Some(n) = &note {
            for c in &mut calls {
                if let Some(f) = &mut c.failure {
                    f.reason = format!("{}; note: {n}", f.reason);
                }
            }
        }
        Answer {
            body: render(&out, format, ignore_null),
            format,
            calls,
            note,
            changed: self.state.revision() != before,
        }
    }
}

/// The service and action a path names (`/api_v3/service/S/action/A`), for a request whose
/// parameters could not be read: the log line and the feed still say which call it was.
fn named_in_path(path: &str) -> (String, String) {
    let path = crate::request::api_path(path).unwrap_or_default();
    let rest = path.strip_prefix("/api_v3").unwrap_or("");
    let segments: Vec<&str> = rest
        .strip_prefix("/index.php")
        .unwrap_or(rest)
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let value = |key: &str| {
        segments
            .chunks(2)
            .find(|p| p[0].eq_ignore_ascii_case(key))
            .and_then(|p| p.get(1))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    (value("service").to_ascii_lowercase(), value("action"))
}
