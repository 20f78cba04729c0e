//! Which action a call names (server `KalturaDispatcher::dispatch`: service and action are
//! lowercased), and running it with the pre-action checks.

use crate::call::CallRecord;
use crate::call::{Call, Failure};
use crate::config::Config;
use crate::entropy::Entropy;
use crate::error::ApiError;
use crate::out::Out;
use crate::state::State;
use crate::{app_token, ks_check, session, start_session};
use serde_json::{Map, Value};

type Action = fn(&mut Call<'_>) -> Result<Out, Failure>;

/// The emulated actions: (service, action as lowercased, action as in `@action`, handler).
const ACTIONS: [(&str, &str, &str, Action); 10] = [
    (
        "session",
        "startwidgetsession",
        "startWidgetSession",
        session::start_widget_session,
    ),
    ("session", "start", "start", session::start),
    ("session", "get", "get", session::get),
    ("session", "end", "end", session::end),
    ("apptoken", "add", "add", app_token::add),
    ("apptoken", "get", "get", app_token::get),
    ("apptoken", "list", "list", app_token::list),
    ("apptoken", "update", "update", app_token::update),
    ("apptoken", "delete", "delete", app_token::delete),
    (
        "apptoken",
        "startsession",
        "startSession",
        start_session::start_session,
    ),
];

fn resolve(service: &str, action: &str) -> Result<(&'static str, &'static str, Action), Failure> {
    let (s, a) = (service.to_ascii_lowercase(), action.to_ascii_lowercase());
    if let Some((sv, _, name, f)) = ACTIONS.iter().find(|(sv, ac, _, _)| *sv == s && *ac == a) {
        return Ok((sv, name, *f));
    }
    if s.is_empty() {
        return Err(Failure::new(
            ApiError::service_does_not_exist(""),
            "no_service",
            "the request names no service: use /api_v3/service/SERVICE/action/ACTION",
        ));
    }
    if a.is_empty() {
        return Err(Failure::new(
            ApiError::missing_parameter("action"),
            "no_action",
            "the request names no action",
        ));
    }
    if ACTIONS.iter().any(|(sv, ..)| *sv == s) {
        return Err(Failure::new(
            ApiError::action_not_emulated(action, &s),
            "not_emulated",
            format!("ksdiag serve does not emulate {s}.{action}"),
        ));
    }
    Err(Failure::new(
        ApiError::not_emulated(&s, action),
        "not_emulated",
        format!("ksdiag serve does not emulate the {s} service"),
    ))
}

/// Runs one call (a plain request or one item of a multirequest).
pub fn run(
    state: &mut State,
    cfg: &Config,
    now: i64,
    rng: &mut dyn Entropy,
    params: &Map<String, Value>,
) -> (Out, CallRecord) {
    let text = |k: &str| crate::request::text(params, k).unwrap_or_default();
    let (service, action) = (text("service"), text("action"));
    let mut record = CallRecord {
        service: service.to_ascii_lowercase(),
        action: action.clone(),
        failure: None,
    };
    let result = resolve(&service, &action).and_then(|(sv, name, f)| {
        record.service = sv.to_string();
        record.action = name.to_string();
        let ks = match crate::request::text(params, "ks").filter(|k| !k.is_empty()) {
            Some(k) => Some(ks_check::parse_ks(state, &k)?),
            None => None,
        };
        let mut call = Call {
            state,
            cfg,
            now,
            rng,
            params,
            ks,
            service: sv,
            action: name,
        };
        f(&mut call)
    });
    match result {
        Ok(out) => (out, record),
        Err(f) => {
            let out = Out::Error(f.error.clone());
            record.failure = Some(f);
            (out, record)
        }
    }
}
