//! `/api_v3/service/multirequest` (server `KalturaFrontController::handleMultiRequest`):
//! numbered calls from 0 or 1, stopping at the first without service or action; the top-level
//! `ks`, `partnerId` and `clientTag` are copied into calls that lack them; `{N:result:prop}`
//! (N from 1) is replaced by a property of an earlier result.

use crate::call::CallRecord;
use crate::config::Config;
use crate::entropy::Entropy;
use crate::out::Out;
use crate::state::State;
use serde_json::{Map, Value};

/// Most calls ksdiag answers in one multirequest (Kaltura sets no limit; this one keeps a
/// request's work within the server's 30-second request time): a longer one is refused whole,
/// with a message that says so, never cut short in silence.
pub const MAX_CALLS: usize = 1000;

fn reference(text: &str, results: &[Out]) -> Option<String> {
    let inner = text.strip_prefix('{')?.strip_suffix('}')?;
    let (n, rest) = inner.split_once(':')?;
    let n: usize = n.parse().ok()?;
    let path = rest.strip_prefix("result")?;
    let mut node = results.get(n.checked_sub(1)?)?;
    for prop in path.split(':').filter(|p| !p.is_empty()) {
        node = node.get(prop)?;
    }
    node.as_text()
}

fn substitute(v: &mut Value, results: &[Out]) {
    match v {
        Value::String(s) => {
            if let Some(r) = reference(s, results) {
                *s = r;
            }
        }
        Value::Object(o) => o.values_mut().for_each(|x| substitute(x, results)),
        Value::Array(a) => a.iter_mut().for_each(|x| substitute(x, results)),
        _ => {}
    }
}

/// Runs the calls; the answer is the array of their results.
pub fn run(
    state: &mut State,
    cfg: &Config,
    now: i64,
    rng: &mut dyn Entropy,
    top: &Map<String, Value>,
) -> (Out, Vec<CallRecord>) {
    let start = usize::from(!top.contains_key("0"));
    let numbered = (start..)
        .take_while(|i| {
            matches!(top.get(&i.to_string()), Some(Value::Object(sub))
                if sub.contains_key("service") && sub.contains_key("action"))
        })
        .take(MAX_CALLS + 1)
        .count();
    if numbered > MAX_CALLS {
        let why = format!(
            "this multirequest has more than {MAX_CALLS} calls, more than ksdiag serve answers in one request (Kaltura itself sets no such limit); split it"
        );
        let err = crate::error::ApiError::unreadable_request(&why);
        let record = CallRecord {
            service: "multirequest".into(),
            action: String::new(),
            failure: Some(crate::call::Failure::new(
                err.clone(),
                "too_many_calls",
                why,
            )),
        };
        return (Out::Error(err), vec![record]);
    }
    let mut results = Vec::new();
    let mut records = Vec::new();
    for i in start..start + MAX_CALLS {
        let Some(Value::Object(sub)) = top.get(&i.to_string()) else {
            break;
        };
        if !sub.contains_key("service") || !sub.contains_key("action") {
            break;
        }
        let mut sub = sub.clone();
        for k in ["ks", "partnerId", "clientTag"] {
            if !sub.contains_key(k)
                && let Some(v) = top.get(k)
            {
                sub.insert(k.to_string(), v.clone());
            }
        }
        let mut as_value = Value::Object(sub);
        substitute(&mut as_value, &results);
        let Value::Object(sub) = as_value else { break };
        let (out, record) = crate::dispatch::run(state, cfg, now, rng, &sub);
        results.push(out);
        records.push(record);
    }
    (Out::Array(results), records)
}
