//! Format 3 (server `KalturaPhpSerializer`): PHP `serialize()`. Objects keep only non-null
//! properties (`KalturaObject::__sleep`); errors are arrays (code, message, objectType, args).

use crate::out::Out;
use std::fmt::Write;

fn string(s: &mut String, text: &str) {
    // The length is in bytes, as PHP counts it.
    let _ = write!(s, "s:{}:\"{text}\";", text.len());
}

pub(super) fn write(s: &mut String, out: &Out) {
    match out {
        Out::Null => s.push_str("N;"),
        Out::Bool(b) => s.push_str(if *b { "b:1;" } else { "b:0;" }),
        Out::Int(i) => {
            let _ = write!(s, "i:{i};");
        }
        Out::Str(t) => string(s, t),
        Out::Array(items) => {
            let _ = write!(s, "a:{}:{{", items.len());
            for (i, item) in items.iter().enumerate() {
                let _ = write!(s, "i:{i};");
                write(s, item);
            }
            s.push('}');
        }
        Out::Object(class, props) => {
            let kept: Vec<_> = props.iter().filter(|(_, v)| *v != Out::Null).collect();
            let _ = write!(s, "O:{}:\"{class}\":{}:{{", class.len(), kept.len());
            for (name, v) in kept {
                string(s, name);
                write(s, v);
            }
            s.push('}');
        }
        Out::Error(e) => {
            s.push_str("a:4:{");
            string(s, "code");
            string(s, e.code);
            string(s, "message");
            string(s, &e.message);
            string(s, "objectType");
            string(s, "KalturaAPIException");
            string(s, "args");
            let _ = write!(s, "a:{}:{{", e.args.len());
            for (k, v) in &e.args {
                string(s, k);
                string(s, v);
            }
            s.push_str("}}");
        }
    }
}
