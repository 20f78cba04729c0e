//! Values written as a language's literal: PHP's `var_export` (`array ( 'ks' => '…', )`,
//! `\Foo::__set_state(array(…))`, `(object) array(…)`), Python's `repr` of a dict (single
//! quotes, `True`, `None`, `b'…'`, pprint's `('…'\n '…')` split strings), Node's
//! `util.inspect` text as `console.log` prints it (unquoted keys, single quotes, `[Object]`,
//! `[Array]`, a class name before `{`, old Node's `'…' +\n '…'` split strings), and JSON.
//!
//! One tolerant reader for all of them: they share braces, quotes and `key: value` or
//! `key => value` pairs. What a print elides (`[Object]`, `... 2 more items`) reads as null.

use serde_json::{Map, Value};

/// The largest block read (a print of a request object is a few KiB).
const MAX_BYTES: usize = 256 * 1024;
const MAX_DEPTH: usize = 32;

/// The first object printed in `text` (JSON, a Node `util.inspect` object with or without a
/// class name before it, a Python dict) that `accept` takes: each `{` is tried in turn, the
/// first eight at most (an error printed by Node holds its stack before the object).
pub(crate) fn first_object(text: &str, accept: impl Fn(&Value) -> bool) -> Option<Value> {
    text.match_indices('{')
        .take(8)
        .filter_map(|(i, _)| parse_at(text, i))
        .map(|(v, _)| v)
        .find(|v| v.is_object() && accept(v))
}

/// Reads one value starting at byte `start` of `text`; returns it and the byte after it.
pub(crate) fn parse_at(text: &str, start: usize) -> Option<(Value, usize)> {
    let end = text.len().min(start + MAX_BYTES);
    let end = (end..=text.len()).find(|&e| text.is_char_boundary(e))?;
    let mut p = Parser {
        s: &text[..end],
        i: start,
        depth: 0,
    };
    let v = p.value()?;
    Some((v, p.i))
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.i..]
    }

    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    fn ws(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_ascii_whitespace() {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    fn eat(&mut self, lit: &str) -> bool {
        if self.rest().starts_with(lit) {
            self.i += lit.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Option<Value> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let v = self.value_inner();
        self.depth -= 1;
        v
    }

    fn value_inner(&mut self) -> Option<Value> {
        self.ws();
        // Node's `<ref *1> { … }` for an object that refers to itself.
        if self.rest().starts_with("<ref *") {
            self.i += self.rest().find('>')? + 1;
            self.ws();
        }
        match self.peek()? {
            b'{' => {
                self.i += 1;
                self.entries(b'}', true)
            }
            b'[' => {
                if let Some(n) = elided(self.rest()) {
                    self.i += n;
                    return Some(Value::Null);
                }
                self.i += 1;
                self.entries(b']', false)
            }
            b'(' => {
                if self.eat("(object)") {
                    return self.value();
                }
                // A group (pprint's split string) or a tuple.
                self.i += 1;
                self.entries(b')', false).map(|v| match v {
                    Value::Array(mut a) if a.len() == 1 => a.remove(0),
                    other => other,
                })
            }
            b'\'' | b'"' | b'`' => self.strings(),
            b'-' | b'+' | b'0'..=b'9' | b'.' => self.number(),
            c if c.is_ascii_alphabetic() || c == b'\\' || c == b'_' => self.word(),
            _ => None,
        }
    }

    /// `{ … }`, `[ … ]`, `array( … )`: `key SEP value` pairs (SEP `:`, `=>` or `=`) or bare
    /// values; an object when any pair has a key.
    fn entries(&mut self, close: u8, braces: bool) -> Option<Value> {
        let mut map = Map::new();
        let mut list = Vec::new();
        loop {
            self.ws();
            if self.peek()? == close {
                self.i += 1;
                break;
            }
            // Node: "... 3 more items".
            if self.rest().starts_with("...") {
                self.i += self.rest().find(['\n', close as char]).unwrap_or(3);
                continue;
            }
            let mark = self.i;
            let key = self.key();
            self.ws();
            let sep = key.is_some() && (self.eat("=>") || self.eat(":") || self.eat("="));
            if sep {
                let v = self.value()?;
                map.insert(key.unwrap_or_default(), v);
            } else {
                self.i = mark;
                let v = self.value()?;
                if braces && !map.is_empty() {
                    return None;
                }
                list.push(v);
            }
            self.ws();
            if !self.eat(",") {
                self.ws();
                if self.peek()? != close {
                    return None;
                }
            }
        }
        if !map.is_empty() {
            return Some(Value::Object(map));
        }
        if braces && !list.is_empty() {
            // A Python set, `{1, 2}`.
            return Some(Value::Array(list));
        }
        Some(if braces {
            Value::Object(map)
        } else {
            Value::Array(list)
        })
    }

    /// A key: quoted, a number, or a bare identifier (JS).
    fn key(&mut self) -> Option<String> {
        match self.peek()? {
            b'\'' | b'"' => match self.string()? {
                Value::String(s) => Some(s),
                _ => None,
            },
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c == b'-' => {
                let start = self.i;
                while let Some(c) = self.peek() {
                    if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'-' | b'.') {
                        self.i += 1;
                    } else {
                        break;
                    }
                }
                Some(self.s[start..self.i].to_string())
            }
            _ => None,
        }
    }

    /// One or more string literals joined: adjacent (Python), `+` (old Node), `.` (PHP).
    fn strings(&mut self) -> Option<Value> {
        let Value::String(mut out) = self.string()? else {
            return None;
        };
        loop {
            let mark = self.i;
            self.ws();
            // `+` or `.` between the parts, or nothing (Python's adjacent literals).
            let _ = self.eat("+") || self.eat(".");
            self.ws();
            if matches!(self.peek(), Some(b'\'' | b'"'))
                && let Some(Value::String(s)) = self.string()
            {
                out.push_str(&s);
                continue;
            }
            self.i = mark;
            break;
        }
        Some(Value::String(out))
    }

    /// A quoted string with backslash escapes (\\ \' \" \n \t \r \0 \xHH \uHHHH).
    fn string(&mut self) -> Option<Value> {
        let q = self.peek()?;
        self.i += 1;
        let mut out = String::new();
        loop {
            let c = self.rest().chars().next()?;
            self.i += c.len_utf8();
            match c {
                '\\' => {
                    let e = self.rest().chars().next()?;
                    self.i += e.len_utf8();
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        '0' => out.push('\0'),
                        'x' => {
                            let h =
                                u32::from_str_radix(self.s.get(self.i..self.i + 2)?, 16).ok()?;
                            self.i += 2;
                            out.push(char::from_u32(h)?);
                        }
                        'u' => {
                            let h =
                                u32::from_str_radix(self.s.get(self.i..self.i + 4)?, 16).ok()?;
                            self.i += 4;
                            out.push(char::from_u32(h).unwrap_or('\u{fffd}'));
                        }
                        '\\' | '\'' | '"' | '`' | '/' => out.push(e),
                        other => {
                            out.push('\\');
                            out.push(other);
                        }
                    }
                }
                c if c as u32 == q as u32 => return Some(Value::String(out)),
                '\n' if q != b'`' => return None,
                c => out.push(c),
            }
        }
    }

    fn number(&mut self) -> Option<Value> {
        let start = self.i;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'+' | b'_') {
                self.i += 1;
            } else {
                break;
            }
        }
        let t = &self.s[start..self.i];
        if t.is_empty() {
            return None;
        }
        Some(match t.parse::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => match t.parse::<f64>() {
                Ok(f) => {
                    serde_json::Number::from_f64(f).map_or(Value::String(t.into()), Value::Number)
                }
                Err(_) => Value::String(t.to_string()),
            },
        })
    }

    /// `array (…)`, `\Cls::__set_state(…)`, `True`/`None`/`null`/…, `b'…'`, `ClassName {…}`,
    /// `Name(…)` (a Python call: its first argument).
    fn word(&mut self) -> Option<Value> {
        let start = self.i;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'\\' | b':' | b'.' | b'$') {
                self.i += 1;
            } else {
                break;
            }
        }
        let w = &self.s[start..self.i];
        // Python's bytes: `b'5e1f…'` printed in a dict is a hex digest kept as bytes
        // (`h.hexdigest().encode()`), which `requests` and `urlencode` send as its text, so
        // printable ASCII reads as that text; pprint splits a long one into adjacent
        // literals, each with its own `b`. Bytes that are not (`b'\x8f…'`, `str(h.digest())`)
        // stay as printed, for the diagnosis to read (raw_digest).
        if matches!(w, "b" | "rb" | "br") && matches!(self.peek(), Some(b'\'' | b'"')) {
            let Value::String(mut text) = self.string()? else {
                return None;
            };
            loop {
                let mark = self.i;
                self.ws();
                if self.eat("b")
                    && matches!(self.peek(), Some(b'\'' | b'"'))
                    && let Some(Value::String(more)) = self.string()
                {
                    text.push_str(&more);
                    continue;
                }
                self.i = mark;
                break;
            }
            if !text.is_empty() && text.bytes().all(|b| b.is_ascii_graphic()) {
                return Some(Value::String(text));
            }
            return Some(Value::String(self.s[start..self.i].to_string()));
        }
        // Other prefixed strings (u'…', r'…', f'…') are plain text.
        if matches!(w, "u" | "r" | "f") && matches!(self.peek(), Some(b'\'' | b'"')) {
            return self.strings();
        }
        match w {
            "True" | "true" => return Some(Value::Bool(true)),
            "False" | "false" => return Some(Value::Bool(false)),
            "None" | "null" | "NULL" | "undefined" | "NaN" | "Infinity" => {
                return Some(Value::Null);
            }
            _ => {}
        }
        let after = self.i;
        self.ws();
        match self.peek() {
            Some(b'(') => {
                self.i += 1;
                let args = self.entries(b')', false)?;
                // array(…) is the value; __set_state(array(…)) and Python calls: the first argument.
                if w.eq_ignore_ascii_case("array") {
                    return Some(args);
                }
                match args {
                    Value::Array(mut a) if !a.is_empty() => Some(a.remove(0)),
                    other => Some(other),
                }
            }
            // Node: `KalturaAppToken { … }`, `Object [Array] […]`.
            Some(b'{') => self.value(),
            Some(b'[') if !w.is_empty() => self.value(),
            _ => {
                self.i = after;
                None
            }
        }
    }
}

/// Node's placeholders for what it did not print: `[Object]`, `[Array]`, `[Function: f]`,
/// `[Circular *1]`, `[Getter]`, ...: the bytes they take.
fn elided(rest: &str) -> Option<usize> {
    const WORDS: &[&str] = &[
        "Object",
        "Array",
        "Function",
        "Circular",
        "Getter",
        "Setter",
        "class",
        "AsyncFunction",
    ];
    let inner = rest.strip_prefix('[')?;
    let end = inner.find(']')?;
    let body = &inner[..end];
    WORDS
        .iter()
        .any(|w| {
            body == *w
                || body.starts_with(&format!("{w}:"))
                || body.starts_with(&format!("{w} "))
                || body.starts_with(&format!("{w}/"))
        })
        .then_some(end + 2)
}

#[cfg(test)]
mod tests {
    use super::parse_at;
    use serde_json::json;

    fn read(text: &str) -> serde_json::Value {
        parse_at(text, 0).unwrap_or_else(|| panic!("{text}")).0
    }

    #[test]
    fn php_var_export_of_arrays_and_objects() {
        assert_eq!(
            read(
                "array (\n  'ks' => 'K\\'1',\n  'id' => '0_a',\n  'n' => 3,\n  'x' => NULL,\n  'sub' => \n  array (\n    0 => true,\n  ),\n)"
            ),
            json!({"ks": "K'1", "id": "0_a", "n": 3, "x": null, "sub": {"0": true}})
        );
        assert_eq!(
            read(
                "\\KalturaAppToken::__set_state(array(\n   'id' => '0_a',\n   'hashType' => 'SHA256',\n))"
            ),
            json!({"id": "0_a", "hashType": "SHA256"})
        );
        assert_eq!(
            read("(object) array(\n   'a' => 'b',\n)"),
            json!({"a": "b"})
        );
    }

    #[test]
    fn python_reprs_over_lines_with_bytes_and_constants() {
        assert_eq!(
            read(
                "{'ks': 'K1', 'ok': True, 'none': None, 'raw': b'ab\\x00',\n 'long': ('abc'\n          'def'), 'hex': b'5e1f', 'split': (b'5e1f'\n b'00aa')}"
            ),
            json!({"ks": "K1", "ok": true, "none": null, "raw": "b'ab\\x00'", "long": "abcdef", "hex": "5e1f", "split": "5e1f00aa"})
        );
        assert_eq!(read("OrderedDict([('a', 1)])"), json!([["a", 1]]));
    }

    #[test]
    fn node_console_log_with_elisions_and_split_strings() {
        assert_eq!(
            read(
                "KalturaRequest {\n  ks: 'K1',\n  'token-hash': \"it's\",\n  nested: { a: [Object], b: [Array], f: [Function: x] },\n  s: 'abc' +\n    'def',\n  list: [ 1, 2, ... 3 more items ]\n}"
            ),
            json!({"ks": "K1", "token-hash": "it's", "nested": {"a": null, "b": null, "f": null}, "s": "abcdef", "list": [1, 2]})
        );
    }

    #[test]
    fn json_and_garbage() {
        assert_eq!(
            read("{\"a\": [1, {\"b\": null}]}"),
            json!({"a": [1, {"b": null}]})
        );
        assert!(parse_at("{ this is prose }", 0).is_none());
        assert!(parse_at("[2026-12-01 09:14:02] x", 0).is_none());
        assert!(parse_at("{'a': 'unclosed\n}", 0).is_none());
    }
}
