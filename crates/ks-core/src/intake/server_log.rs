//! Kaltura's own API log (`kaltura_api_v3.log` on a self-hosted server): the request's
//! parameters as `KalturaFrontController::run` logs them (`Params [` + PHP `print_r` of the
//! parameters + `]`) and the exception line `getExceptionObject` logs when the call fails.
//!
//! The values in the Params block are exactly what the server received (after HTTP
//! decoding): the KS there is the string the tokenHash was checked against. Multirequests
//! are read in both forms the server logs: flat `[2:tokenHash]` keys, or nested
//! `[2] => Array ( … )` blocks.

use super::read_error::from_message;
use super::seen_request::SeenRequest;
use crate::api_error::ApiError;

/// True when `text` looks like a Kaltura API server log.
pub fn is_server_log(text: &str) -> bool {
    text.contains("Params [Array")
}

/// One `[key] => value` line of a print_r block, with the group it belongs to (`""` for the
/// top level, `"2"` for a multirequest's second call).
struct Param {
    group: String,
    key: String,
    value: String,
}

/// Every appToken.startSession call in the log, with the error the server logged for it.
///
/// ```
/// use ks_core::intake::server_log::start_sessions;
/// let log = "2026-11-29 10:00:11 [0.1] [192.0.2.10] [71] [3] [API] [KalturaFrontController->run] DEBUG: Params [Array\n(\n    [service] => apptoken\n    [action] => startSession\n    [ks] => djJ8MTIzfA==\n    [id] => 0_k3x9m2qa\n    [tokenHash] => 7a40\n)\n]\n2026-11-29 10:00:11 [0.1] [192.0.2.10] [71] [41] [API] [KalturaFrontController->getExceptionObject] ERR: exception 'KalturaAPIException' with message 'Invalid application token hash' in /opt/kaltura/app/api_v3/services/AppTokenService.php:160\n";
/// let seen = start_sessions(log);
/// assert_eq!(seen[0].place, "line 1");
/// assert_eq!((seen[0].ks.as_deref(), seen[0].token_hash.as_deref()), (Some("djJ8MTIzfA=="), Some("7a40")));
/// assert_eq!(seen[0].error.as_ref().unwrap().code, "INVALID_APP_TOKEN_HASH");
/// ```
pub fn start_sessions(text: &str) -> Vec<SeenRequest> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<(Option<String>, SeenRequest)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(at) = line.find("Params [Array") {
            let request_id = request_id(&line[..at]);
            let (params, next) = read_block(&lines, i + 1);
            for seen in calls(&params, i + 1) {
                out.push((request_id.clone(), seen));
            }
            i = next;
            continue;
        }
        if let Some(error) = exception(line) {
            let rid = request_id(line);
            // The latest call of the same request (or, without ids, the latest call) that
            // has no error yet.
            if let Some((_, seen)) = out
                .iter_mut()
                .rev()
                .find(|(r, s)| s.error.is_none() && (rid.is_none() || *r == rid))
            {
                seen.error = Some(error);
            }
        }
        i += 1;
    }
    out.into_iter().map(|(_, s)| s).collect()
}

/// The request's unique id: the 4th bracketed field of a log line
/// (`date [time] [ip] [id] [n] [context] …`); `None` when the line has fewer.
fn request_id(prefix: &str) -> Option<String> {
    let mut fields = prefix.split('[').skip(1).map(|f| f.split(']').next());
    fields.nth(2).flatten().map(str::to_string)
}

/// Reads `(` … `)` from `start` (the line after `Params [Array`); returns the parameters and
/// the line after the block.
fn read_block(lines: &[&str], start: usize) -> (Vec<Param>, usize) {
    let mut params = Vec::new();
    let mut groups: Vec<String> = Vec::new();
    let mut depth = 0usize;
    let mut pending_group: Option<String> = None;
    let mut i = start;
    while i < lines.len() {
        let t = lines[i].trim();
        i += 1;
        match t {
            "(" => {
                depth += 1;
                if depth > 1 {
                    groups.push(pending_group.take().unwrap_or_default());
                }
            }
            ")" => {
                if depth <= 1 {
                    break;
                }
                depth -= 1;
                groups.pop();
            }
            _ => {
                let Some((key, value)) = t.strip_prefix('[').and_then(|r| r.split_once("] => "))
                else {
                    // A print_r key with an empty value ends in "=> " trimmed to "=>".
                    if let Some(key) = t.strip_prefix('[').and_then(|r| r.strip_suffix("] =>")) {
                        params.push(param(&groups, key, ""));
                    }
                    continue;
                };
                if value == "Array" {
                    pending_group = Some(key.to_string());
                    continue;
                }
                params.push(param(&groups, key, value));
            }
        }
    }
    // The closing "]" of "Params [ … ]".
    if lines.get(i).is_some_and(|l| l.trim() == "]") {
        i += 1;
    }
    (params, i)
}

fn param(groups: &[String], key: &str, value: &str) -> Param {
    // Flat multirequest keys: "2:tokenHash".
    let (group, key) = match (groups.last(), key.split_once(':')) {
        (None, Some((n, k))) if n.bytes().all(|b| b.is_ascii_digit()) && !n.is_empty() => {
            (n.to_string(), k)
        }
        _ => (groups.join("/"), key),
    };
    Param {
        group,
        key: key.to_string(),
        value: value.to_string(),
    }
}

/// The startSession calls among the parameters: each group with a tokenHash, or an apptoken
/// service with the startSession action. A `ks` at the top level applies to every call
/// without its own; a `{1:result:ks}` reference is not a KS.
fn calls(params: &[Param], line: usize) -> Vec<SeenRequest> {
    let mut groups: Vec<&str> = Vec::new();
    for p in params {
        if !groups.contains(&p.group.as_str()) {
            groups.push(&p.group);
        }
    }
    let get = |group: &str, key: &str| {
        params
            .iter()
            .rev()
            .find(|p| p.group == group && p.key == key)
            .map(|p| p.value.clone())
    };
    let mut out = Vec::new();
    for g in groups {
        let is_start = get(g, "service").is_some_and(|s| s.eq_ignore_ascii_case("apptoken"))
            && get(g, "action").is_some_and(|a| a.eq_ignore_ascii_case("startsession"));
        let hash = get(g, "tokenHash");
        if !is_start && hash.is_none() {
            continue;
        }
        let ks = get(g, "ks")
            .or_else(|| get("", "ks"))
            .filter(|k| !(k.starts_with('{') && k.ends_with('}')));
        out.push(SeenRequest {
            place: format!("line {line}"),
            ks,
            token_id: get(g, "id"),
            token_hash: hash,
            response: None,
            error: None,
        });
    }
    out
}

/// The API error on an exception line: PHP 5's `exception 'KalturaAPIException' with message
/// '…' in /path:N` or PHP 7's `KalturaAPIException: … in /path:N`.
fn exception(line: &str) -> Option<ApiError> {
    let message = if let Some(at) = line.find("with message '") {
        let rest = &line[at + "with message '".len()..];
        &rest[..rest.rfind("' in ").unwrap_or(rest.len())]
    } else if let Some(at) = line.find("KalturaAPIException: ") {
        let rest = &line[at + "KalturaAPIException: ".len()..];
        &rest[..rest.rfind(" in /").unwrap_or(rest.len())]
    } else {
        return None;
    };
    from_message(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "2026-11-29 10:00:11 [0.000331] [192.0.2.10] [71234567] [3] [API] [KalturaFrontController->run] DEBUG: ";

    #[test]
    fn a_flat_and_a_nested_multirequest() {
        let log = format!(
            "{HEAD}Params [Array\n(\n    [service] => multirequest\n    [ks] => KS-TOP\n    [1:service] => session\n    [1:action] => startWidgetSession\n    [2:service] => apptoken\n    [2:action] => startSession\n    [2:ks] => {{1:result:ks}}\n    [2:id] => 0_a\n    [2:tokenHash] => h1\n)\n]\n\
             {HEAD}Params [Array\n(\n    [service] => multirequest\n    [1] => Array\n        (\n            [service] => apptoken\n            [action] => startSession\n            [ks] => KS-NESTED\n            [id] => 0_b\n            [tokenHash] => h2\n            [userId] =>\n        )\n\n)\n]\n"
        );
        let seen = start_sessions(&log);
        let got: Vec<_> = seen
            .iter()
            .map(|s| {
                (
                    s.place.as_str(),
                    s.ks.as_deref(),
                    s.token_id.as_deref(),
                    s.token_hash.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                // {1:result:ks} is the first call's answer: not in the log, not KS-TOP.
                ("line 1", None, Some("0_a"), Some("h1")),
                ("line 14", Some("KS-NESTED"), Some("0_b"), Some("h2"))
            ]
        );
    }

    #[test]
    fn the_exception_goes_to_the_call_of_the_same_request() {
        let log = format!(
            "{HEAD}Params [Array\n(\n    [service] => apptoken\n    [action] => startSession\n    [ks] => K\n    [id] => 0_x\n    [tokenHash] => h\n)\n]\n\
             2026-11-29 10:00:12 [0.1] [192.0.2.11] [99] [9] [API] [KalturaFrontController->getExceptionObject] ERR: KalturaAPIException: Invalid KS \"EXPIRED\", Error \"-1,INVALID_STR\" in /opt/kaltura/app/x.php:1\n\
             2026-11-29 10:00:12 [0.1] [192.0.2.10] [71234567] [41] [API] [KalturaFrontController->getExceptionObject] ERR: KalturaAPIException: Application token id \"0_x\" not found in /opt/kaltura/app/api_v3/services/AppTokenService.php:150\n"
        );
        let seen = start_sessions(&log);
        let e = seen[0].error.as_ref().unwrap();
        assert_eq!(e.code, "APP_TOKEN_ID_NOT_FOUND");
    }

    #[test]
    fn other_calls_are_not_start_sessions() {
        let log = format!(
            "{HEAD}Params [Array\n(\n    [service] => session\n    [action] => startWidgetSession\n    [widgetId] => _1\n)\n]\n"
        );
        assert!(is_server_log(&log));
        assert!(start_sessions(&log).is_empty());
    }
}
