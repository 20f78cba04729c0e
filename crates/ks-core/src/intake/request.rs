//! The failing `appToken.startSession` request: a URL (query string or path parameters), a
//! form or JSON body, a whole curl command line, or a browser's "Copy as fetch" / "Copy as
//! PowerShell". Parameters are read the way the server's PHP front end reads them: query
//! and form values URL-decoded with `+` as a space, JSON values JSON-decoded, later sources
//! overriding earlier ones (path, query, then body).

use super::{IntakeError, devtools_copy, json_scalar, parse_json, shell_words};
use crate::diagnose::{Finding, FindingCode};
use crate::ks::php;

/// What the request carried.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// The URL, when there was one.
    pub url: Option<String>,
    /// `service` (from the path or a parameter), e.g. `appToken`.
    pub service: Option<String>,
    /// `action`, e.g. `startSession`.
    pub action: Option<String>,
    /// The `ks` parameter as the client meant it (percent-decoded, a raw `+` kept).
    pub ks: Option<String>,
    /// The `id` parameter: the app token id.
    pub token_id: Option<String>,
    /// The `tokenHash` parameter.
    pub token_hash: Option<String>,
    /// A `partnerId` parameter, when present.
    pub partner_id: Option<String>,
    /// Problems seen while reading (raw `+` in the KS, a parameter given twice, ...).
    pub findings: Vec<Finding>,
}

/// Where a parameter came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Path,
    Query,
    Body,
}

impl Place {
    fn name(self) -> &'static str {
        match self {
            Place::Path => "URL path",
            Place::Query => "query string",
            Place::Body => "request body",
        }
    }
}

struct Param {
    key: String,
    value: String,
    place: Place,
    /// The KS was written with a raw `+` that the server's urldecode turns into a space.
    raw_plus: bool,
}

/// Reads a URL, a curl command, a browser's "Copy as fetch" or "Copy as PowerShell", a form
/// body (`ks=…&id=…`) or a JSON body.
pub fn parse(text: &str) -> Result<Request, IntakeError> {
    let trimmed = text.trim().trim_start_matches("$ ").trim_start();
    if trimmed.is_empty() {
        return Err(IntakeError::new(
            "the request is empty",
            "the whole value",
            "paste the startSession URL or the curl command that failed",
        ));
    }
    let mut params = Vec::new();
    let mut url = None;
    let mut notes = Vec::new();
    let first_word = trimmed.split_whitespace().next().unwrap_or_default();
    let copied = if trimmed.starts_with("fetch(") || trimmed.starts_with("await fetch(") {
        devtools_copy::from_fetch(trimmed)
    } else if !trimmed.starts_with("curl") {
        devtools_copy::from_powershell(trimmed)
    } else {
        None
    };
    if let Some(c) = copied {
        read_url(&c.url, &mut params);
        if let Some(body) = &c.body {
            if body.trim_start().starts_with('{') {
                read_json_body(body, &mut params)?;
            } else {
                read_form(body, Place::Body, &mut params);
            }
        }
        url = Some(c.url);
    } else if matches!(
        first_word.to_ascii_lowercase().as_str(),
        "curl" | "curl.exe"
    ) {
        let words = shell_words::split(trimmed)?;
        let cmd = read_curl(&words[1..], &mut notes);
        if let Some(u) = &cmd.url {
            read_url(u, &mut params);
        }
        for d in &cmd.data {
            if cmd.get {
                read_form(d, Place::Query, &mut params);
            } else if cmd.json || d.trim_start().starts_with('{') {
                read_json_body(d, &mut params)?;
            } else {
                read_form(d, Place::Body, &mut params);
            }
        }
        for (k, v) in cmd.form_fields {
            params.push(Param {
                key: k,
                value: v,
                place: Place::Body,
                raw_plus: false,
            });
        }
        url = cmd.url;
    } else if trimmed.starts_with('{') {
        read_json_body(trimmed, &mut params)?;
    } else if trimmed.contains("://") || trimmed.starts_with('/') || trimmed.contains('?') {
        read_url(trimmed, &mut params);
        url = Some(trimmed.to_string());
    } else if trimmed.contains('=') {
        read_form(trimmed, Place::Body, &mut params);
    } else {
        return Err(IntakeError::new(
            "this is not a URL, a curl/fetch/PowerShell command, a form body or a JSON body",
            "the whole value",
            "paste the startSession request, e.g. https://www.kaltura.com/api_v3/service/appToken/action/startSession?ks=…&id=…&tokenHash=…",
        ));
    }
    let mut r = Request {
        url,
        findings: notes,
        ..Request::default()
    };
    r.service = last(&params, "service", &mut r.findings).map(|p| p.value.clone());
    r.action = last(&params, "action", &mut r.findings).map(|p| p.value.clone());
    if let Some(p) = last(&params, "ks", &mut r.findings) {
        if p.raw_plus {
            r.findings.push(
                Finding::new(
                    FindingCode::KsPlusInUrl,
                    format!("the KS in the {} has a raw '+': the server's query parser turns it into a space, so it receives a different KS (usually INVALID_KS); URL-encode the KS (+ as %2B)", p.place.name()),
                )
                .with("place", p.place.name()),
            );
        }
        r.ks = Some(p.value.clone());
    }
    r.token_id = last(&params, "id", &mut r.findings).map(|p| p.value.clone());
    r.token_hash = last(&params, "tokenHash", &mut r.findings).map(|p| p.value.clone());
    r.partner_id = last(&params, "partnerId", &mut r.findings).map(|p| p.value.clone());
    for p in &params {
        if p.key != "tokenHash" && p.key.eq_ignore_ascii_case("tokenhash") {
            r.findings.push(
                Finding::new(
                    FindingCode::WrongRequest,
                    format!("the parameter is spelled '{}': the server reads 'tokenHash' exactly and ignores this one", p.key),
                )
                .with("parameter", &p.key),
            );
        }
    }
    check_shape(&mut r);
    Ok(r)
}

/// The last value of `key` (later sources override earlier ones, as in PHP); a finding when
/// it was given more than once with different values.
fn last<'p>(params: &'p [Param], key: &str, findings: &mut Vec<Finding>) -> Option<&'p Param> {
    let all: Vec<&Param> = params.iter().filter(|p| p.key == key).collect();
    let chosen = *all.last()?;
    if all.iter().any(|p| p.value != chosen.value) {
        findings.push(
            Finding::new(
                FindingCode::InputsDisagree,
                format!("the request gives '{key}' {} times with different values; the server uses the one in the {}", all.len(), chosen.place.name()),
            )
            .with("parameter", key),
        );
    }
    Some(chosen)
}

fn check_shape(r: &mut Request) {
    let is =
        |v: &Option<String>, want: &str| v.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(want));
    if (r.service.is_some() && !is(&r.service, "apptoken"))
        || (r.action.is_some() && !is(&r.action, "startsession"))
    {
        r.findings.push(Finding::new(
            FindingCode::WrongRequest,
            format!(
                "this request is {}.{}, not appToken.startSession: the tokenHash is checked only by appToken.startSession",
                r.service.as_deref().unwrap_or("?"),
                r.action.as_deref().unwrap_or("?")
            ),
        ));
    }
    for (name, value) in [
        ("ks", &r.ks),
        ("id", &r.token_id),
        ("tokenHash", &r.token_hash),
    ] {
        if value.is_none() && name == "ks" {
            // kaltura-api.md §5: with no KS, appToken.startSession is SERVICE_FORBIDDEN.
            r.findings.push(
                Finding::new(
                    FindingCode::WrongRequest,
                    "the request carries no ks: the client attached no KS to it (in the official clients, `client.ks = …` or a KS kept in a variable instead of `client.setKs(…)`), so the server answers SERVICE_FORBIDDEN before startSession runs; attach the widget KS you hashed to the startSession call",
                )
                .with("parameter", name),
            );
        } else if value.is_none() {
            r.findings.push(
                Finding::new(
                    FindingCode::WrongRequest,
                    format!("the request has no '{name}' parameter; appToken.startSession needs ks, id and tokenHash"),
                )
                .with("parameter", name),
            );
        }
    }
}

fn read_url(url: &str, params: &mut Vec<Param>) {
    let no_fragment = url.split('#').next().unwrap_or_default();
    let (path, query) = match no_fragment.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (no_fragment, None),
    };
    // Path parameters: /api_v3/service/appToken/action/startSession/ks/XXX/id/YYY
    let segments: Vec<&str> = path.split('/').collect();
    if let Some(at) = segments.iter().position(|s| *s == "service") {
        for pair in segments[at..].chunks(2) {
            if let [k, v] = pair
                && !k.is_empty()
            {
                push_urlencoded(params, k, v, Place::Path);
            }
        }
    }
    if let Some(q) = query {
        read_form(q, Place::Query, params);
    }
}

fn read_form(body: &str, place: Place, params: &mut Vec<Param>) {
    for pair in body.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        push_urlencoded(params, k, v, place);
    }
}

fn push_urlencoded(params: &mut Vec<Param>, key: &str, raw: &str, place: Place) {
    let key = String::from_utf8_lossy(&php::urldecode(key.as_bytes())).into_owned();
    let is_ks = key == "ks";
    // The KS keeps a raw '+' (what the client meant) and is flagged; other values are read
    // exactly as PHP reads them.
    let value = if is_ks {
        String::from_utf8_lossy(&php::urldecode(raw.replace('+', "%2B").as_bytes())).into_owned()
    } else {
        String::from_utf8_lossy(&php::urldecode(raw.as_bytes())).into_owned()
    };
    params.push(Param {
        raw_plus: is_ks && raw.contains('+'),
        key,
        value,
        place,
    });
}

fn read_json_body(body: &str, params: &mut Vec<Param>) -> Result<(), IntakeError> {
    let v = parse_json(
        body,
        "the JSON request body",
        "paste the body exactly as sent",
    )?;
    let serde_json::Value::Object(o) = v else {
        return Err(IntakeError::new(
            "the JSON request body is not an object",
            "request body",
            "the body should look like {\"ks\": \"…\", \"id\": \"…\", \"tokenHash\": \"…\"}",
        ));
    };
    for (k, v) in &o {
        if let Some(value) = json_scalar(v) {
            params.push(Param {
                key: k.clone(),
                value,
                place: Place::Body,
                raw_plus: false,
            });
        }
    }
    Ok(())
}

#[derive(Default)]
struct Curl {
    url: Option<String>,
    data: Vec<String>,
    form_fields: Vec<(String, String)>,
    get: bool,
    json: bool,
}

/// curl options that take a value (the ones that matter here plus common ones to skip).
const CURL_VALUE_OPTS: &[&str] = &[
    "-X",
    "--request",
    "-H",
    "--header",
    "-A",
    "--user-agent",
    "-e",
    "--referer",
    "-b",
    "--cookie",
    "-c",
    "--cookie-jar",
    "-o",
    "--output",
    "-u",
    "--user",
    "-x",
    "--proxy",
    "-m",
    "--max-time",
    "--connect-timeout",
    "--retry",
    "-w",
    "--write-out",
    "--cacert",
    "--cert",
    "--key",
    "--resolve",
    "-T",
    "--upload-file",
    "--limit-rate",
    "-K",
    "--config",
];

fn read_curl(words: &[String], notes: &mut Vec<Finding>) -> Curl {
    let mut c = Curl::default();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        let next = words.get(i + 1).cloned().unwrap_or_default();
        match w {
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii" | "--json" => {
                if w == "--json" {
                    c.json = true;
                }
                if w != "--data-raw" && next.starts_with('@') {
                    notes.push(Finding::new(
                        FindingCode::WrongRequest,
                        format!("the body is read from the file {next}, which ksdiag does not open here; paste the body's contents instead"),
                    ));
                } else {
                    c.data.push(next);
                }
                i += 1;
            }
            "--data-urlencode" => {
                // name=content: curl encodes content, so the server decodes back to it.
                match next.split_once('=') {
                    Some((name, content)) if !name.is_empty() => {
                        c.form_fields.push((name.to_string(), content.to_string()))
                    }
                    _ => c.data.push(next.trim_start_matches('=').to_string()),
                }
                i += 1;
            }
            "-F" | "--form" | "--form-string" => {
                if let Some((k, v)) = next.split_once('=') {
                    c.form_fields.push((k.to_string(), v.to_string()));
                }
                i += 1;
            }
            "-G" | "--get" => c.get = true,
            "--url" => {
                c.url = Some(next);
                i += 1;
            }
            "-H" | "--header" => {
                let h = next.to_ascii_lowercase();
                if h.starts_with("content-type") && h.contains("json") {
                    c.json = true;
                }
                i += 1;
            }
            opt if CURL_VALUE_OPTS.contains(&opt) => i += 1,
            opt if opt.starts_with('-') => {}
            _ => {
                if c.url.is_none() {
                    c.url = Some(w.to_string());
                }
            }
        }
        i += 1;
    }
    c
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::diagnose::FindingCode;

    #[test]
    fn query_string_url() {
        let r = parse("https://www.kaltura.com/api_v3/service/apptoken/action/startSession?format=1&ks=abc%2Bdef%3D&id=0_x&tokenHash=ab12").unwrap();
        assert_eq!(r.ks.as_deref(), Some("abc+def="));
        assert_eq!(r.token_id.as_deref(), Some("0_x"));
        assert_eq!(r.token_hash.as_deref(), Some("ab12"));
        assert_eq!(r.service.as_deref(), Some("apptoken"));
        assert!(r.findings.is_empty(), "{:?}", r.findings);
    }

    #[test]
    fn raw_plus_in_ks_is_kept_and_flagged() {
        let r = parse(
            "/api_v3/index.php?service=appToken&action=startSession&ks=ab+cd&id=1&tokenHash=f",
        )
        .unwrap();
        assert_eq!(r.ks.as_deref(), Some("ab+cd"));
        assert_eq!(r.findings[0].code, FindingCode::KsPlusInUrl);
    }

    #[test]
    fn path_parameters() {
        let r = parse(
            "https://x/api_v3/service/appToken/action/startSession/ks/KS1/id/0_y/tokenHash/99",
        )
        .unwrap();
        assert_eq!(
            (
                r.ks.as_deref(),
                r.token_id.as_deref(),
                r.token_hash.as_deref()
            ),
            (Some("KS1"), Some("0_y"), Some("99"))
        );
        assert_eq!(r.action.as_deref(), Some("startSession"));
    }

    #[test]
    fn curl_with_json_body() {
        let r = parse(r#"curl -X POST "https://x/api_v3/service/appToken/action/startSession" -H 'Content-Type: application/json' --data-raw '{"ks":"K\/S","id":"0_z","tokenHash":"aa","format":1}'"#).unwrap();
        assert_eq!(r.ks.as_deref(), Some("K/S"));
        assert_eq!(r.token_hash.as_deref(), Some("aa"));
    }

    #[test]
    fn curl_with_form_fields_and_urlencode() {
        let r = parse("curl https://x/api_v3/service/appToken/action/startSession -F id=0_a --data-urlencode 'ks=a+b=' --data-urlencode tokenHash=cc").unwrap();
        assert_eq!(r.ks.as_deref(), Some("a+b="));
        assert_eq!(r.token_id.as_deref(), Some("0_a"));
        assert!(
            !r.findings
                .iter()
                .any(|f| f.code == FindingCode::KsPlusInUrl)
        );
    }

    #[test]
    fn later_sources_win_and_disagreements_are_findings() {
        let r = parse("curl 'https://x/api_v3/service/appToken/action/startSession?tokenHash=11' -d 'ks=k&id=i&tokenHash=22'").unwrap();
        assert_eq!(r.token_hash.as_deref(), Some("22"));
        assert_eq!(r.findings[0].code, FindingCode::InputsDisagree);
    }

    #[test]
    fn wrong_action_and_missing_parameters() {
        let r = parse("https://x/api_v3/service/session/action/startWidgetSession?widgetId=_123")
            .unwrap();
        let codes: Vec<_> = r.findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, [FindingCode::WrongRequest; 4]);
        let r = parse("ks=a&id=b&tokenhash=c").unwrap();
        assert!(
            r.findings
                .iter()
                .any(|f| f.message.contains("spelled 'tokenhash'"))
        );
    }

    #[test]
    fn not_a_request() {
        assert!(parse("").is_err());
        assert!(parse("hello world").unwrap_err().what.contains("not a URL"));
        assert!(parse("{nope").unwrap_err().place.starts_with("line 1"));
    }
}
