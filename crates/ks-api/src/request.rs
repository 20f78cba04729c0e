//! Reading a request the way api_v3 does: path segments, query string and body merged into
//! one parameter tree.
//!
//! Source: server `alpha/apps/kaltura/lib/request/infraRequestUtils.class.php`
//! (`getUrlRequestParams`: path segments after the script are key/value pairs, merged over
//! `$_GET`; the body is JSON only when the Content-Type is exactly `application/json`, else
//! `$_POST`; path and query win over the body) and `api_v3/lib/KalturaRequestDeserializer.php`
//! (`groupParams`: `a:b=v` and `a[b]=v` nest; `name__null` sends null; `{"-": ""}` is empty).

use serde_json::{Map, Value};

/// An HTTP request as the transport received it: no sockets, just bytes.
#[derive(Debug, Clone, Copy)]
pub struct HttpRequest<'a> {
    /// `GET`, `POST`, …
    pub method: &'a str,
    /// The path, percent-encoded as sent, e.g. `/api_v3/service/apptoken/action/add`.
    pub path: &'a str,
    /// The query string without `?` (may be empty).
    pub query: &'a str,
    /// The Content-Type header, if any.
    pub content_type: Option<&'a str>,
    /// The body bytes.
    pub body: &'a [u8],
}

/// Why the body was not read as parameters, though the request was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyNote {
    /// The body was read (or empty).
    Read,
    /// A body whose Content-Type the server does not parse (e.g. `application/json;
    /// charset=utf-8`, `text/plain`): PHP leaves `$_POST` empty, so the server saw no
    /// parameters from the body at all.
    Ignored(String),
}

/// The request's parameters, merged, and what happened to the body.
#[derive(Debug, Clone)]
pub struct Params {
    /// The merged parameter tree (strings, numbers, booleans, nulls, nested objects).
    pub tree: Map<String, Value>,
    /// Whether the body counted.
    pub body: BodyNote,
}

/// A request that cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable(pub String);

/// PHP's `urldecode` (`plus_is_space`, query strings and form bodies) or `rawurldecode`
/// (path segments): `%XX` a byte, an invalid escape kept literally as PHP keeps it.
fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let out = if plus_is_space {
        ks_core::ks::php::urldecode(s.as_bytes())
    } else {
        ks_core::ks::php::rawurldecode(s.as_bytes())
    };
    String::from_utf8_lossy(&out).into_owned()
}

/// Splits a key into its path: `a:b:c`, `a[b][c]`.
fn key_path(key: &str) -> Vec<String> {
    let (head, rest) = match key.find('[') {
        Some(i) if key.ends_with(']') => (&key[..i], Some(&key[i + 1..key.len() - 1])),
        _ => (key, None),
    };
    let mut path: Vec<String> = head.split(':').map(str::to_string).collect();
    if let Some(rest) = rest {
        path.extend(rest.split("][").map(str::to_string));
    }
    path
}

fn insert_path(tree: &mut Map<String, Value>, path: &[String], value: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut node = tree;
    for p in parents {
        let entry = node
            .entry(p.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        let Value::Object(next) = entry else { return };
        node = next;
    }
    // `name__null` sends null (KalturaRequestDeserializer).
    match last.strip_suffix("__null") {
        Some(name) => {
            node.insert(name.to_string(), Value::Null);
        }
        None => {
            node.insert(last.clone(), value);
        }
    }
}

/// Parses `a=1&b:c=2` form encoding into a tree (PHP: the last repeated key wins).
pub fn form_tree(text: &str) -> Map<String, Value> {
    let mut tree = Map::new();
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(k, true);
        let path = key_path(&key);
        insert_path(&mut tree, &path, Value::String(percent_decode(v, true)));
    }
    tree
}

/// Applies `__null` and `:`-joined keys inside a JSON body, recursively.
fn group_json(obj: Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in obj {
        let v = match v {
            Value::Object(o) => Value::Object(group_json(o)),
            other => other,
        };
        insert_path(&mut out, &key_path(&k), v);
    }
    out
}

/// `array_replace_recursive($base, $over)`.
fn replace_recursive(base: &mut Map<String, Value>, over: Map<String, Value>) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(Value::Object(b)), Value::Object(o)) => replace_recursive(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// The api_v3 path a request path reaches through Kaltura's web server, or `None` when it
/// reaches no api_v3 at all.
///
/// Source: server `configurations/apache/conf.d/enabled.kaltura.conf.template`:
/// `RewriteRule ^api/(.*)$ /api_v3/index.php/$1` (the `/api/service/…` form) and the unanchored
/// `RewriteRule api_v3/service/(.*)$ api_v3/index.php/service/$1`, which also matches the
/// `//api_v3/service/…` that the official PHP client sends when its serviceUrl ends in `/`
/// (Apache's `MergeSlashes On`, nginx's `merge_slashes on` fold the doubled slash).
///
/// ```
/// use ks_api::api_path;
/// assert_eq!(api_path("//api_v3/service/session/action/get").as_deref(), Some("/api_v3/service/session/action/get"));
/// assert_eq!(api_path("/api/service/session/action/get").as_deref(), Some("/api_v3/index.php/service/session/action/get"));
/// assert_eq!(api_path("/kaltura/api_v3/service/session").as_deref(), Some("/api_v3/service/session"));
/// assert_eq!(api_path("/api_v3").as_deref(), Some("/api_v3"));
/// assert_eq!(api_path("/favicon.ico"), None);
/// assert_eq!(api_path("/api"), None);
/// ```
pub fn api_path(path: &str) -> Option<String> {
    let mut merged = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && merged.ends_with('/')) {
            merged.push(c);
        }
    }
    if let Some(rest) = merged.strip_prefix("/api/") {
        return Some(format!("/api_v3/index.php/{rest}"));
    }
    if merged == "/api_v3" || merged.starts_with("/api_v3/") {
        return Some(merged);
    }
    merged
        .find("/api_v3/service/")
        .map(|at| merged[at..].to_string())
}

/// The path's key/value segments after `/api_v3/` (and an optional `index.php`).
fn path_tree(path: &str) -> Option<Map<String, Value>> {
    let path = api_path(path)?;
    let rest = path.strip_prefix("/api_v3")?;
    let rest = rest.strip_prefix("/index.php").unwrap_or(rest);
    let segments: Vec<String> = rest
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| percent_decode(s, false))
        .collect();
    let mut tree = Map::new();
    for pair in segments.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_default();
        insert_path(&mut tree, &key_path(&pair[0]), Value::String(value));
    }
    Some(tree)
}

/// True when `path` reaches an api_v3 path this emulation answers (see [`api_path`]).
pub fn is_api_path(path: &str) -> bool {
    api_path(path).is_some()
}

/// Reads a JSON body that must be one object, or says what is wrong with it, where, without a
/// hint (the caller knows what the object should hold): `not UTF-8 at byte N`, `invalid JSON
/// at line L column C: serde_json's message`, or valid JSON of another type than an object.
///
/// ```
/// let e = ks_api::json_object(b"{\"format\":1, widgetId:").unwrap_err();
/// assert_eq!(e, "the JSON body is invalid JSON at line 1 column 14: key must be a string");
/// ```
pub fn json_object(body: &[u8]) -> Result<Map<String, Value>, String> {
    let text = std::str::from_utf8(body).map_err(|e| {
        let at = e.valid_up_to();
        format!(
            "the JSON body is not UTF-8 at byte {at} (0x{:02x}; bytes count from 0)",
            body[at]
        )
    })?;
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(o)) => Ok(o),
        Ok(other) => Err(format!(
            "the JSON body is valid JSON but not an object: it is {}",
            ks_core::json_text::json_kind(&other)
        )),
        Err(e) => Err(format!(
            "the JSON body is invalid JSON at line {} column {}: {}",
            e.line(),
            e.column(),
            ks_core::json_text::json_error_message(&e)
        )),
    }
}

/// Reads the request into parameters, or says why it cannot be read.
pub fn read(req: &HttpRequest<'_>) -> Result<Params, Unreadable> {
    let Some(path) = path_tree(req.path) else {
        return Err(Unreadable(format!("{} is not an api_v3 path", req.path)));
    };
    let mut tree = Map::new();
    let mut note = BodyNote::Read;
    if !req.body.is_empty() {
        let ct = req.content_type.unwrap_or("").trim().to_ascii_lowercase();
        let text = std::str::from_utf8(req.body);
        if ct == "application/json" {
            let object = json_object(req.body).map_err(|why| {
                Unreadable(format!(
                    "{why}; hint: send the parameters as one JSON object, {{\"name\": value, …}}, in UTF-8"
                ))
            })?;
            tree = group_json(object);
        } else if ct.starts_with("application/x-www-form-urlencoded") {
            match text {
                Ok(t) => tree = form_tree(t),
                Err(e) => {
                    return Err(Unreadable(format!(
                        "the form body is not valid UTF-8 (byte {})",
                        e.valid_up_to()
                    )));
                }
            }
        } else if ct.starts_with("application/json") {
            note = BodyNote::Ignored(format!(
                "the body was ignored: its Content-Type is {:?}, and Kaltura reads a JSON body only when the Content-Type is exactly application/json (no charset)",
                req.content_type.unwrap_or("")
            ));
        } else {
            note = BodyNote::Ignored(format!(
                "the body was ignored: Kaltura reads a body sent as application/json (exactly) or application/x-www-form-urlencoded, and this one is {:?}",
                req.content_type.unwrap_or("none")
            ));
        }
    }
    replace_recursive(&mut tree, form_tree(req.query));
    replace_recursive(&mut tree, path);
    Ok(Params { tree, body: note })
}

/// A parameter as PHP casts it to a string: numbers as written, `true` as `1`, `false` and
/// null as absent-or-empty. Objects and arrays are not strings (`None`).
pub fn text(tree: &Map<String, Value>, name: &str) -> Option<String> {
    match tree.get(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(true) => Some("1".into()),
        Value::Bool(false) => Some(String::new()),
        _ => None,
    }
}
