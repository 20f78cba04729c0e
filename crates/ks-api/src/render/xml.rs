//! Format 2 (server `KalturaXmlSerializer`, production C extension `kaltura.c`):
//! `<xml><result>…</result><executionTime>…</executionTime></xml>`, `objectType` first.

use crate::out::Out;
use std::fmt::Write;

fn escape(s: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '"' => s.push_str("&quot;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '\'' => s.push_str("&apos;"),
            c => s.push(c),
        }
    }
}

fn element(s: &mut String, name: &str, v: &Out, ignore_null: bool) {
    let _ = write!(s, "<{name}>");
    value(s, v, ignore_null);
    let _ = write!(s, "</{name}>");
}

fn value(s: &mut String, out: &Out, ignore_null: bool) {
    match out {
        Out::Null => {}
        Out::Bool(b) => s.push(if *b { '1' } else { '0' }),
        Out::Int(i) => {
            let _ = write!(s, "{i}");
        }
        Out::Str(t) => escape(s, t),
        Out::Array(items) => {
            for item in items {
                element(s, "item", item, ignore_null);
            }
        }
        Out::Object(class, props) => {
            s.push_str("<objectType>");
            escape(s, class);
            s.push_str("</objectType>");
            for (name, v) in props {
                if ignore_null && *v == Out::Null {
                    continue;
                }
                element(s, name, v, ignore_null);
            }
        }
        Out::Error(e) => {
            s.push_str("<error><objectType>KalturaAPIException</objectType><code>");
            escape(s, e.code);
            s.push_str("</code><message>");
            escape(s, &e.message);
            s.push_str("</message><args>");
            for (k, v) in &e.args {
                s.push_str("<item><objectType>KalturaApiExceptionArg</objectType><name>");
                escape(s, k);
                s.push_str("</name><value>");
                escape(s, v);
                s.push_str("</value></item>");
            }
            s.push_str("</args></error>");
        }
    }
}

pub(super) fn document(s: &mut String, out: &Out, ignore_null: bool) {
    s.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?><xml><result>");
    value(s, out, ignore_null);
    s.push_str("</result><executionTime>0.0001</executionTime></xml>");
}
