//! PHP's `print_r` of an array or an object (`Array\n(\n    [ks] => …\n)`,
//! `KalturaAppToken Object\n(\n    [id] => …\n    [token:protected] => …\n)`): one `[key] =>
//! value` a line, nested blocks after `=> Array` / `=> Name Object`. Values are written
//! bare, so a value is the rest of its line (a trailing space is print_r's own).

use serde_json::{Map, Value};

/// True when line `i` opens a print_r block: it ends with `Array` or `… Object` and the next
/// line is `(`.
pub(crate) fn opens(lines: &[&str], i: usize) -> bool {
    let t = lines[i].trim_end();
    (t.ends_with("Array") || t.ends_with(" Object") || t == "Object")
        && lines.get(i + 1).is_some_and(|l| l.trim() == "(")
}

/// Reads the block whose `(` is on line `open` (0-based); returns the value and the line
/// after its `)`.
pub(crate) fn read(lines: &[&str], open: usize) -> Option<(Value, usize)> {
    let mut i = open + 1;
    let mut map = Map::new();
    while i < lines.len() && i < open + 10_000 {
        let t = lines[i].trim();
        i += 1;
        if t == ")" {
            return Some((Value::Object(map), i));
        }
        let Some(body) = t.strip_prefix('[') else {
            continue;
        };
        let (key, value) = match body.split_once("] => ") {
            Some(kv) => kv,
            None => match body.strip_suffix("] =>") {
                Some(k) => (k, ""),
                None => continue,
            },
        };
        // `[token:protected]`, `[x:KalturaAppToken:private]`: the property's name.
        let key = key.split(':').next().unwrap_or(key);
        if (value == "Array" || value.ends_with(" Object"))
            && lines.get(i).is_some_and(|l| l.trim() == "(")
        {
            let (inner, next) = read(lines, i)?;
            map.insert(key.to_string(), inner);
            i = next;
            continue;
        }
        map.insert(key.to_string(), Value::String(value.to_string()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{opens, read};
    use serde_json::json;

    #[test]
    fn nested_arrays_and_objects_with_visibility_suffixes() {
        let text = "params: Array\n(\n    [ks] => K1\n    [id] => 0_a\n    [nested] => Array\n        (\n            [tokenHash] => h1\n            [userId] =>\n        )\n\n    [token] => KalturaAppToken Object\n        (\n            [id:protected] => 0_b\n            [hashType:KalturaAppToken:private] => SHA256\n        )\n\n)\nafter";
        let lines: Vec<&str> = text.lines().collect();
        assert!(opens(&lines, 0) && !opens(&lines, 2));
        let (v, next) = read(&lines, 1).unwrap();
        assert_eq!(
            v,
            json!({"ks": "K1", "id": "0_a", "nested": {"tokenHash": "h1", "userId": ""}, "token": {"id": "0_b", "hashType": "SHA256"}})
        );
        assert_eq!(lines[next], "after");
    }

    #[test]
    fn an_unclosed_block_is_not_read() {
        let lines: Vec<&str> = "Array\n(\n    [ks] => K1\n".lines().collect();
        assert!(read(&lines, 1).is_none());
    }
}
