//! PHP's `var_dump` (`array(3) {\n  ["ks"]=>\n  string(120) "…"\n …}`,
//! `object(KalturaAppToken)#5 (14) {\n  ["token":protected]=>\n …}`) and Xdebug's form of it
//! (`'ks' =>\n  string(120) "…"`). A string is read by its byte count, since var_dump does
//! not escape quotes inside it.

use serde_json::{Map, Value};

const MAX_DEPTH: usize = 32;

/// Where a var_dump value starts in `line`, if it does: `array(N) {` or `object(Name)#`.
pub(crate) fn start_in(line: &str) -> Option<usize> {
    let a = line.find("array(").filter(|&p| {
        line[p + 6..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit())
    });
    let o = line.find("object(").filter(|&p| line[p..].contains(")#"));
    match (a, o) {
        (Some(a), Some(o)) => Some(a.min(o)),
        (a, o) => a.or(o),
    }
}

/// Reads one value at byte `at` of `text`; returns it and the byte after it.
pub(crate) fn parse_at(text: &str, at: usize) -> Option<(Value, usize)> {
    let mut p = Dump { s: text, i: at };
    let v = p.value(0)?;
    Some((v, p.i))
}

struct Dump<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Dump<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.i..]
    }

    fn ws(&mut self) {
        let n = self.rest().len() - self.rest().trim_start().len();
        self.i += n;
    }

    /// `NAME(` … `)`: the text inside the parentheses.
    fn call(&mut self, name: &str) -> Option<&str> {
        let r = self.rest().strip_prefix(name)?.strip_prefix('(')?;
        let close = r.find(')')?;
        let start = self.i + name.len() + 1;
        self.i = start + close + 1;
        Some(&self.s[start..start + close])
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        let r = self.rest();
        if r.starts_with("NULL") {
            self.i += 4;
            return Some(Value::Null);
        }
        if r.starts_with("*RECURSION*") {
            self.i += 11;
            return Some(Value::Null);
        }
        if r.starts_with("string(") {
            let n: usize = self.call("string")?.trim().parse().ok()?;
            self.ws();
            let body = self.rest().strip_prefix('"')?;
            let start = self.i + 1;
            // The byte count, when the closing quote is where it says; else up to the quote
            // that ends the line (a paste that changed the bytes).
            let end = if body.get(n..n + 1) == Some("\"") {
                start + n
            } else {
                let line_end = body.find('\n').unwrap_or(body.len());
                start + body[..line_end].rfind('"')?
            };
            self.i = end + 1;
            return Some(Value::String(self.s[start..end].to_string()));
        }
        for (name, kind) in [
            ("int", 0),
            ("float", 1),
            ("bool", 2),
            ("enum", 3),
            ("uninitialized", 3),
            ("resource", 3),
        ] {
            if r.starts_with(&format!("{name}(")) {
                let inner = self.call(name)?.trim().to_string();
                if name == "resource" {
                    // resource(5) of type (stream)
                    let line_end = self.rest().find('\n').unwrap_or(self.rest().len());
                    self.i += line_end;
                }
                return Some(match kind {
                    0 => inner
                        .parse::<i64>()
                        .map_or(Value::String(inner.clone()), Value::from),
                    1 => inner
                        .parse::<f64>()
                        .ok()
                        .and_then(serde_json::Number::from_f64)
                        .map_or(Value::String(inner.clone()), Value::Number),
                    2 => Value::Bool(inner == "true"),
                    _ => Value::Null,
                });
            }
        }
        let is_array = r.starts_with("array(");
        if is_array || r.starts_with("object(") {
            self.call(if is_array { "array" } else { "object" })?;
            // object(Name)#5 (14) {
            let brace = self.rest().find('{')?;
            if self.rest()[..brace].contains('\n') {
                return None;
            }
            self.i += brace + 1;
            return self.entries(depth);
        }
        None
    }

    fn entries(&mut self, depth: usize) -> Option<Value> {
        let mut map = Map::new();
        loop {
            self.ws();
            if self.rest().starts_with('}') {
                self.i += 1;
                return Some(Value::Object(map));
            }
            let key = self.key()?;
            self.ws();
            if !self.rest().starts_with("=>") {
                return None;
            }
            self.i += 2;
            let v = self.value(depth + 1)?;
            map.insert(key, v);
        }
    }

    /// `["ks"]`, `["token":protected]`, `["x":"Cls":private]`, `[0]`, Xdebug's `'ks'`,
    /// `protected $token`, `public $id`.
    fn key(&mut self) -> Option<String> {
        let r = self.rest();
        if let Some(b) = r.strip_prefix('[') {
            let close = b.find("]=>").or_else(|| b.find("] =>"))?;
            let inner = &b[..close];
            self.i += 1 + close + 1;
            let name = match inner.strip_prefix('"') {
                Some(q) => &q[..q.find('"')?],
                None => inner,
            };
            return Some(name.to_string());
        }
        if let Some(q) = r.strip_prefix('\'') {
            let close = q.find('\'')?;
            self.i += close + 2;
            return Some(q[..close].to_string());
        }
        for vis in ["public $", "protected $", "private $"] {
            if let Some(n) = r.strip_prefix(vis) {
                let end = n.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
                self.i += vis.len() + end;
                return Some(n[..end].to_string());
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_at, start_in};
    use serde_json::json;

    #[test]
    fn php_var_dump_with_a_quote_inside_a_string_and_an_object() {
        let text = "array(4) {\n  [\"ks\"]=>\n  string(4) \"K\"1\"\n  [\"n\"]=>\n  int(5)\n  [\"ok\"]=>\n  bool(true)\n  [\"token\"]=>\n  object(KalturaAppToken)#3 (2) {\n    [\"id\"]=>\n    string(4) \"0_ab\"\n    [\"hashType\":protected]=>\n    NULL\n  }\n}\n";
        assert_eq!(start_in(text), Some(0));
        let (v, end) = parse_at(text, 0).unwrap();
        assert_eq!(
            v,
            json!({"ks": "K\"1", "n": 5, "ok": true, "token": {"id": "0_ab", "hashType": null}})
        );
        assert_eq!(&text[end..], "\n");
    }

    #[test]
    fn xdebug_var_dump() {
        let text = "/var/www/app.php:12:\narray(2) {\n  'ks' =>\n  string(2) \"K1\"\n  'tokenHash' =>\n  string(3) \"abc\"\n}";
        let at = start_in(text.lines().nth(1).unwrap()).unwrap() + text.find("array").unwrap();
        assert_eq!(
            parse_at(text, at).unwrap().0,
            json!({"ks": "K1", "tokenHash": "abc"})
        );
    }
}
