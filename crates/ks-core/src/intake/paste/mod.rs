//! What people paste from their own program's output: PHP's `print_r`, `var_dump` and
//! `var_export`, Python's `print()` of a dict, Node's `console.log` of an object, a
//! Monolog/PSR-3 line whose context JSON holds the request, and the error words their client
//! printed. Each form is read into one value (a JSON value: objects, strings, numbers), and
//! the startSession request and the server's error are taken from it.
//!
//! A value in a print is the program's string, decoded from the language's quoting: the
//! quotes around `'tokenHash' => 'abc…'` are the print's, not part of what was sent.

mod print_r;
mod quoted_value;
mod var_dump;

pub use quoted_value::unquote;

use super::error_text::{self, Scope};
use super::literal;
use super::seen_request::SeenRequest;
use crate::api_error::ApiError;
use serde_json::Value;

/// The form a block was printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// PHP `print_r`.
    PrintR,
    /// PHP `var_dump` (or Xdebug's).
    VarDump,
    /// A language literal: PHP `var_export`, Python `repr`, Node `util.inspect`, JSON.
    Literal,
}

impl Form {
    /// How the form is named in messages.
    pub fn name(self) -> &'static str {
        match self {
            Form::PrintR => "PHP print_r",
            Form::VarDump => "PHP var_dump",
            Form::Literal => "printed object",
        }
    }
}

/// One printed structure found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// 1-based line of its first line.
    pub line: usize,
    /// 1-based line of its last line.
    pub last_line: usize,
    /// How it was printed.
    pub form: Form,
    /// What it holds.
    pub value: Value,
}

/// How many lines after a request its error may be printed (the request's own block aside).
const ERROR_WINDOW: usize = 40;

/// Most attempts at a literal per line: the first few `{`, `[`, `(`, `array (` positions.
const TRIES_PER_LINE: usize = 4;

/// Every printed object or array in `text`, in order; nested prints are part of their
/// outer block.
///
/// ```
/// use ks_core::intake::paste::{blocks, Form};
/// let log = "[2026-12-01 09:14:02] params: array (\n  'ks' => 'K1',\n  'tokenHash' => 'ab',\n)\n";
/// let b = blocks(log);
/// assert_eq!((b[0].line, b[0].last_line, b[0].form), (1, 4, Form::Literal));
/// assert_eq!(b[0].value["tokenHash"], "ab");
/// ```
pub fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut offsets = Vec::with_capacity(lines.len());
    let mut at = 0;
    for l in &lines {
        // `lines()` drops "\n" or "\r\n": find each line where it really starts.
        let start = text[at..].find(l).map_or(at, |p| at + p);
        offsets.push(start);
        at = start + l.len();
    }
    let line_of = |byte: usize| offsets.partition_point(|&o| o <= byte).max(1);
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if print_r::opens(&lines, i)
            && let Some((value, next)) = print_r::read(&lines, i + 1)
        {
            out.push(Block {
                line: i + 1,
                last_line: next,
                form: Form::PrintR,
                value,
            });
            i = next;
            continue;
        }
        if let Some(p) = var_dump::start_in(lines[i])
            && let Some((value, end)) = var_dump::parse_at(text, offsets[i] + p)
        {
            let last = line_of(end.saturating_sub(1));
            out.push(Block {
                line: i + 1,
                last_line: last,
                form: Form::VarDump,
                value,
            });
            i = last;
            continue;
        }
        if let Some((value, end)) = literal_in(text, offsets[i], lines[i]) {
            let last = line_of(end.saturating_sub(1));
            out.push(Block {
                line: i + 1,
                last_line: last,
                form: Form::Literal,
                value,
            });
            i = last;
            continue;
        }
        i += 1;
    }
    out
}

/// The first literal object on `line` (at byte `base` of `text`) that holds at least one key.
fn literal_in(text: &str, base: usize, line: &str) -> Option<(Value, usize)> {
    let starts = line
        .char_indices()
        .filter(|&(p, c)| {
            c == '{'
                || (c == '[' && line[p + 1..].trim_start().starts_with(['\'', '"']))
                || (c == 'a'
                    && (line[p..].starts_with("array (") || line[p..].starts_with("array(")))
                || (c == '(' && line[p..].starts_with("(object)"))
                || (c == '\\' && line[p..].contains("::__set_state("))
        })
        .map(|(p, _)| p)
        .take(TRIES_PER_LINE);
    for p in starts {
        if let Some((v, end)) = literal::parse_at(text, base + p)
            && v.as_object().is_some_and(|o| !o.is_empty())
        {
            return Some((v, end));
        }
    }
    None
}

/// One printed value given whole (a `--url`, `--app-token` or `--widget-response` that is
/// a print rather than JSON): the first block, when the text holds one.
///
/// print_r writes every scalar bare: its empty values read as null and its short integers
/// (up to 12 digits: a partner id, a status, an expiry) as numbers, as the API's JSON has them.
pub fn value_of(text: &str) -> Option<(Form, Value)> {
    let b = blocks(text).into_iter().next()?;
    let mut value = b.value;
    if b.form == Form::PrintR {
        typed(&mut value);
    }
    Some((b.form, value))
}

fn typed(v: &mut Value) {
    match v {
        Value::Object(o) => o.values_mut().for_each(typed),
        Value::String(s) if s.is_empty() => *v = Value::Null,
        Value::String(s)
            if s.len() <= 12
                && s.trim_start_matches('-')
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                && !s.trim_start_matches('-').is_empty() =>
        {
            if let Ok(n) = s.parse::<i64>() {
                *v = Value::from(n);
            }
        }
        _ => {}
    }
}

/// The request a printed value holds, as a form body (`ks=…&id=…&tokenHash=…`) the request
/// reader takes; `None` when the text is no print of one.
///
/// ```
/// let body = ks_core::intake::paste::request_body("{'ks': 'K1', 'id': '0_a', 'tokenHash': 'ab'}").unwrap();
/// let r = ks_core::intake::request::parse(&body).unwrap();
/// assert_eq!((r.ks.as_deref(), r.token_hash.as_deref()), (Some("K1"), Some("ab")));
/// ```
pub fn request_body(text: &str) -> Option<String> {
    let (_, value) = value_of(text)?;
    let mut found = Vec::new();
    requests_in(&value, None, &mut found);
    let (ks, id, hash) = found.into_iter().next()?;
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    let mut parts = Vec::new();
    if let Some(k) = ks {
        parts.push(format!("ks={}", enc(&k)));
    }
    if let Some(i) = id {
        parts.push(format!("id={}", enc(&i)));
    }
    parts.push(format!("tokenHash={}", enc(&hash)));
    Some(parts.join("&"))
}

/// The startSession requests the blocks hold: every object with a `tokenHash` member (any
/// case, or `token_hash`), with its `ks` and `id`, and the error printed beside them.
pub fn start_sessions(blocks: &[Block]) -> Vec<SeenRequest> {
    let mut out = Vec::new();
    for b in blocks {
        let error = error_in(&b.value);
        let mut found = Vec::new();
        requests_in(&b.value, None, &mut found);
        for (ks, id, hash) in found {
            out.push(SeenRequest {
                place: format!("line {}", b.line),
                ks,
                token_id: id,
                token_hash: Some(hash),
                response: None,
                error: error.clone(),
            });
        }
    }
    out
}

fn member<'v>(o: &'v serde_json::Map<String, Value>, names: &[&str]) -> Option<&'v Value> {
    o.iter()
        .find(|(k, _)| names.iter().any(|n| k.eq_ignore_ascii_case(n)))
        .map(|(_, v)| v)
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

type Found = (Option<String>, Option<String>, String);

fn requests_in(v: &Value, outer_ks: Option<&str>, out: &mut Vec<Found>) {
    match v {
        Value::Object(o) => {
            let ks = member(o, &["ks"]).and_then(scalar);
            let ks_here = ks.as_deref().or(outer_ks);
            if let Some(h) = member(o, &["tokenHash", "token_hash"]).and_then(scalar) {
                let id =
                    member(o, &["id", "appTokenId", "tokenId", "app_token_id"]).and_then(scalar);
                out.push((ks_here.map(str::to_string), id, h));
            }
            for inner in o.values() {
                requests_in(inner, ks_here, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| requests_in(x, outer_ks, out)),
        _ => {}
    }
}

/// The server's error a block holds: an object with a known `code` (an API exception
/// printed), or the words of an `error`/`exception` member (Monolog's context, a client's
/// exception serialized as `[object] (KalturaException(code: 0): … at /path:N)`).
pub fn error_in(v: &Value) -> Option<ApiError> {
    match v {
        Value::Object(o) => {
            if let Some(code) = member(o, &["code"]).and_then(scalar)
                && crate::kaltura_errors::is_code(&code)
            {
                let message = member(o, &["message"]).and_then(scalar);
                let from_words = message
                    .as_deref()
                    .and_then(|m| error_text::read(m, Scope::Error));
                return Some(match from_words {
                    Some(e) if e.code == code => e,
                    _ => ApiError {
                        code,
                        message,
                        ks: None,
                        ks_error: None,
                    },
                });
            }
            for (k, inner) in o {
                let strong = [
                    "error",
                    "exception",
                    "err",
                    "fault",
                    "reason",
                    "errorcode",
                    "error_code",
                ]
                .iter()
                .any(|n| k.eq_ignore_ascii_case(n));
                if let Some(s) = inner.as_str() {
                    let scope = if strong { Scope::Error } else { Scope::LogLine };
                    if let Some(e) = error_text::read(s, scope) {
                        return Some(e);
                    }
                } else if let Some(e) = error_in(inner) {
                    return Some(e);
                }
            }
            None
        }
        Value::Array(a) => a.iter().find_map(error_in),
        _ => None,
    }
}

/// The server's error a log states when it holds no startSession request: the last
/// error of appToken.startSession's own codes (INVALID_APP_TOKEN_HASH, APP_TOKEN_…), which
/// no other call answers, as `(line, error)`.
pub fn lone_error(text: &str) -> Option<(usize, ApiError)> {
    all_errors(text)
        .into_iter()
        .rev()
        .find(|(_, e)| e.code == "INVALID_APP_TOKEN_HASH" || e.code.starts_with("APP_TOKEN_"))
}

/// The server's answer to a startSession call that a trace shows only by its request line
/// (`curl -v` prints `> POST /api_v3/service/appToken/action/startSession` and the answer,
/// never the form body): the first error printed within 40 lines after the last such line,
/// whatever its code, since it is that call's answer (INVALID_KS included), as `(line, error)`.
pub fn error_after_start_session_line(text: &str) -> Option<(usize, ApiError)> {
    let request_line = text
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.to_ascii_lowercase();
            l.contains("/service/apptoken/action/startsession")
                || (l.contains("service=apptoken") && l.contains("action=startsession"))
        })
        .last()?
        .0
        + 1;
    all_errors(text)
        .into_iter()
        .find(|(n, _)| *n > request_line && *n <= request_line + 40)
}

/// Every error a log states, on its lines and in its printed blocks, in line order.
fn all_errors(text: &str) -> Vec<(usize, ApiError)> {
    let blocks = blocks(text);
    let mut errors = error_lines(text, &blocks);
    errors.extend(
        blocks
            .iter()
            .filter_map(|b| error_in(&b.value).map(|e| (b.line, e))),
    );
    errors.sort_by_key(|(n, _)| *n);
    errors
}

/// Errors written on the lines of a log outside any printed block (a client's exception
/// text, the server's message): `(line, error)`, only the startSession flow's.
pub fn error_lines(text: &str, blocks: &[Block]) -> Vec<(usize, ApiError)> {
    let mut out = Vec::new();
    let mut next_block = blocks.iter().peekable();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        while next_block.peek().is_some_and(|b| b.last_line < n) {
            next_block.next();
        }
        if next_block.peek().is_some_and(|b| b.line <= n) {
            continue;
        }
        if let Some(e) = error_text::read(line, Scope::LogLine) {
            out.push((n, e));
        }
    }
    out
}

/// Adds the requests printed in `text` to `seen` (the requests read from its lines): a
/// request at a line already read gets the members it lacked (a Monolog line's error);
/// others are added. Then each error line goes to the latest request before it, up to the
/// next request. `seen` stays in line order.
pub fn merge_into(seen: &mut Vec<SeenRequest>, text: &str) {
    let blocks = blocks(text);
    for p in start_sessions(&blocks) {
        match seen.iter_mut().find(|s| s.place == p.place) {
            Some(s) => {
                s.ks = s.ks.take().or(p.ks);
                s.token_id = s.token_id.take().or(p.token_id);
                s.token_hash = s.token_hash.take().or(p.token_hash);
                s.error = s.error.take().or(p.error);
            }
            None => seen.push(p),
        }
    }
    seen.sort_by_key(|s| line_number(&s.place));
    // Errors: the lines outside blocks, and blocks that are an error and no request (a
    // printed exception object).
    let mut errors = error_lines(text, &blocks);
    for b in &blocks {
        if start_sessions(std::slice::from_ref(b)).is_empty()
            && let Some(e) = error_in(&b.value)
        {
            errors.push((b.line, e));
        }
    }
    errors.sort_by_key(|(n, _)| *n);
    for (n, e) in errors {
        // The error of a call is printed right after it (a traceback is a few lines); one
        // further down may be another call's.
        let owner = seen
            .iter_mut()
            .rev()
            .find(|s| line_number(&s.place).is_some_and(|l| l <= n))
            .filter(|s| line_number(&s.place).is_some_and(|l| n - l <= ERROR_WINDOW));
        if let Some(s) = owner
            && s.error.is_none()
        {
            s.error = Some(e);
        }
    }
}

fn line_number(place: &str) -> Option<usize> {
    place.strip_prefix("line ").and_then(|n| n.parse().ok())
}

#[cfg(test)]
mod tests;
