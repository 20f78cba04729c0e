//! Format 1 (server `KalturaJsonSerializer`): bare JSON, no envelope; null properties dropped
//! and `objectType` appended last; `/` escaped as `\/` like PHP's `json_encode`.

use crate::out::Out;
use std::fmt::Write;

pub(super) fn string(s: &mut String, text: &str) {
    s.push('"');
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '/' => s.push_str("\\/"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                // json_encode escapes non-ASCII as \uXXXX (UTF-16 units).
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    let _ = write!(s, "\\u{unit:04x}");
                }
            }
            c => s.push(c),
        }
    }
    s.push('"');
}

pub(super) fn write(s: &mut String, out: &Out) {
    match out {
        Out::Null => s.push_str("null"),
        Out::Bool(b) => s.push_str(if *b { "true" } else { "false" }),
        Out::Int(i) => {
            let _ = write!(s, "{i}");
        }
        Out::Str(t) => string(s, t),
        Out::Array(items) => {
            s.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    s.push(',');
                }
                write(s, item);
            }
            s.push(']');
        }
        Out::Object(class, props) => {
            s.push('{');
            for (name, v) in props.iter().filter(|(_, v)| *v != Out::Null) {
                string(s, name);
                s.push(':');
                write(s, v);
                s.push(',');
            }
            s.push_str("\"objectType\":");
            string(s, class);
            s.push('}');
        }
        Out::Error(e) => {
            // KalturaSerializer::convertExceptionsToPhpArrays: code, message, objectType, args;
            // no args is an empty PHP array, `[]` in JSON.
            s.push_str("{\"code\":");
            string(s, e.code);
            s.push_str(",\"message\":");
            string(s, &e.message);
            s.push_str(",\"objectType\":\"KalturaAPIException\",\"args\":");
            if e.args.is_empty() {
                s.push_str("[]");
            } else {
                s.push('{');
                for (i, (k, v)) in e.args.iter().enumerate() {
                    if i > 0 {
                        s.push(',');
                    }
                    string(s, k);
                    s.push(':');
                    string(s, v);
                }
                s.push('}');
            }
            s.push('}');
        }
    }
}
