//! Finds the appToken.startSession requests in a log, a HAR file or a curl trace, so that
//! `--log` alone says which KS was sent, with which token id and tokenHash.
//!
//! A HAR file (JSON with `log.entries`) is read entry by entry: the request URL and its
//! body. Any other text is read line by line: a line that mentions `tokenHash` is taken
//! apart into URL, form-body or JSON-object pieces, each read as a request.

use super::seen_request::SeenRequest;
use super::{request, server_log};

/// Every startSession request in `text`, in order.
///
/// ```
/// use ks_core::intake::log_requests::start_sessions;
/// let log = "10:00:01 POST /api_v3/service/appToken/action/startSession ks=djJ8MTIzfA%3D%3D&id=0_x&tokenHash=ab12\n";
/// let seen = start_sessions(log);
/// assert_eq!(seen[0].place, "line 1");
/// assert_eq!(seen[0].ks.as_deref(), Some("djJ8MTIzfA=="));
/// assert_eq!(seen[0].token_hash.as_deref(), Some("ab12"));
/// ```
pub fn start_sessions(text: &str) -> Vec<SeenRequest> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{')
        && let Ok(v) = serde_json::from_str::<serde_json::Value>(trimmed)
        && let Some(entries) = v.pointer("/log/entries").and_then(|e| e.as_array())
    {
        return entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| from_har_entry(i + 1, e))
            .collect();
    }
    // Kaltura's own API log: the parameters as the server received them.
    let mut out = if server_log::is_server_log(text) {
        server_log::start_sessions(text)
    } else {
        Vec::new()
    };
    for (i, line) in text.lines().enumerate() {
        if !line.contains("tokenHash") {
            continue;
        }
        if let Some(seen) = from_line(line) {
            out.push(SeenRequest {
                place: format!("line {}", i + 1),
                ..seen
            });
        }
    }
    out.sort_by_key(|s| {
        s.place
            .strip_prefix("line ")
            .and_then(|n| n.parse::<usize>().ok())
    });
    // Requests and errors printed by the user's program (print_r, var_dump, var_export,
    // Python's print, Node's console.log, Monolog's context) and its client's exception text.
    // Not in Kaltura's own API log: its reader (server_log) knows that its multirequest
    // references (`{1:result:ks}`) are not values.
    if !server_log::is_server_log(text) {
        super::paste::merge_into(&mut out, text);
    }
    out
}

fn is_start_session(url: &str) -> bool {
    let u = url.to_ascii_lowercase();
    u.contains("apptoken") && u.contains("startsession")
}

fn from_har_entry(n: usize, entry: &serde_json::Value) -> Option<SeenRequest> {
    let url = entry.pointer("/request/url")?.as_str()?;
    if !is_start_session(url) {
        return None;
    }
    let mut seen = SeenRequest {
        place: format!("HAR entry {n}"),
        ks: None,
        token_id: None,
        token_hash: None,
        response: entry
            .pointer("/response/content/text")
            .and_then(|t| t.as_str())
            .map(str::to_string),
        error: None,
    };
    merge(&mut seen, request::parse(url).ok());
    if let Some(body) = entry
        .pointer("/request/postData/text")
        .and_then(|t| t.as_str())
    {
        merge(&mut seen, request::parse(body).ok());
    }
    (seen.token_hash.is_some() || seen.ks.is_some()).then_some(seen)
}

fn merge(seen: &mut SeenRequest, r: Option<request::Request>) {
    if let Some(r) = r {
        seen.ks = r.ks.or(seen.ks.take());
        seen.token_id = r.token_id.or(seen.token_id.take());
        seen.token_hash = r.token_hash.or(seen.token_hash.take());
    }
}

fn from_line(line: &str) -> Option<SeenRequest> {
    let mut seen = SeenRequest {
        place: String::new(),
        ks: None,
        token_id: None,
        token_hash: None,
        response: None,
        error: None,
    };
    // A JSON body on the line: from the first '{' to the last '}'.
    if let (Some(a), Some(b)) = (line.find('{'), line.rfind('}'))
        && a < b
        && line[a..=b].contains("\"tokenHash\"")
    {
        merge(&mut seen, request::parse(&line[a..=b]).ok());
    }
    // URLs and form bodies: whitespace- or quote-separated pieces with parameters in them.
    for piece in line.split(|c: char| c.is_whitespace() || c == '"' || c == '\'') {
        if piece.contains("ks=") || piece.contains("tokenHash=") || piece.contains("/ks/") {
            merge(&mut seen, request::parse(piece).ok());
        }
    }
    (seen.token_hash.is_some()).then_some(seen)
}

#[cfg(test)]
mod tests {
    use super::start_sessions;

    #[test]
    fn har_entries_with_a_form_or_json_body() {
        let har = r#"{"log": {"entries": [
            {"request": {"url": "https://www.kaltura.com/api_v3/service/session/action/startWidgetSession", "postData": {"text": "widgetId=_1"}}},
            {"request": {"url": "https://www.kaltura.com/api_v3/service/appToken/action/startSession", "postData": {"text": "ks=KS%2B1&id=0_a&tokenHash=h1"}}},
            {"request": {"url": "https://www.kaltura.com/api_v3/service/apptoken/action/startsession?format=1", "postData": {"text": "{\"ks\":\"KS2\",\"id\":\"0_b\",\"tokenHash\":\"h2\"}"}}, "response": {"content": {"text": "{\"code\":\"INVALID_APP_TOKEN_HASH\"}"}}}
        ]}}"#;
        let seen = start_sessions(har);
        assert_eq!(seen.len(), 2);
        assert_eq!(
            (
                seen[0].place.as_str(),
                seen[0].ks.as_deref(),
                seen[0].token_hash.as_deref()
            ),
            ("HAR entry 2", Some("KS+1"), Some("h1"))
        );
        assert_eq!(
            (seen[1].ks.as_deref(), seen[1].token_id.as_deref()),
            (Some("KS2"), Some("0_b"))
        );
    }

    #[test]
    fn trace_lines_with_urls_bodies_and_json() {
        let log = "> POST /api_v3/service/appToken/action/startSession?ks=K1&id=0_a&tokenHash=h1 HTTP/1.1\n\
                   => Send data: ks=K2&id=0_a&tokenHash=h2\n\
                   body {\"ks\": \"K3\", \"id\": \"0_a\", \"tokenHash\": \"h3\"}\n\
                   nothing here\n";
        let seen = start_sessions(log);
        let got: Vec<(&str, Option<&str>, Option<&str>)> = seen
            .iter()
            .map(|s| (s.place.as_str(), s.ks.as_deref(), s.token_hash.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("line 1", Some("K1"), Some("h1")),
                ("line 2", Some("K2"), Some("h2")),
                ("line 3", Some("K3"), Some("h3"))
            ]
        );
    }
}
