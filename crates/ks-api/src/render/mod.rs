//! The three response formats: 1 JSON, 2 XML (the default), 3 PHP `serialize()`.
//!
//! Source: server `api_v3/lib/KalturaFrontController.php` setSerializerByFormat and
//! `types/enums/KalturaResponseType.php`; each serializer in its own file.

mod json;
mod php;
mod xml;

use crate::out::Out;

/// A response format, from the `format` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// 1: JSON, `application/json`.
    Json,
    /// 2: XML, `text/xml` (the default when `format` is absent).
    Xml,
    /// 3: PHP serialize (the server sets no content type; we say `text/plain`).
    Php,
}

impl Format {
    /// The format a `format` parameter names; the server compares loosely, so `"1"` is `1`.
    /// `None` for a value the server has no serializer for here (JSONP 9 and others).
    pub fn from_param(value: Option<&str>) -> Option<Format> {
        match value.map(str::trim) {
            None | Some("") => Some(Format::Xml),
            Some(v) => match v.parse::<f64>().ok().map(|n| (n, n as i64)) {
                Some((n, i)) if n == i as f64 => match i {
                    1 => Some(Format::Json),
                    2 => Some(Format::Xml),
                    3 => Some(Format::Php),
                    _ => None,
                },
                _ => None,
            },
        }
    }

    /// The number clients send.
    pub fn number(self) -> u8 {
        match self {
            Format::Json => 1,
            Format::Xml => 2,
            Format::Php => 3,
        }
    }

    /// The Content-Type header of an answer in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Xml => "text/xml",
            Format::Php => "text/plain; charset=utf-8",
        }
    }
}

/// Writes a result in `format`. `ignore_null` drops null properties in XML (JSON and PHP
/// always drop them), as the server does for `ignoreNull=1`.
pub fn render(out: &Out, format: Format, ignore_null: bool) -> Vec<u8> {
    let mut s = String::with_capacity(256);
    match format {
        Format::Json => json::write(&mut s, out),
        Format::Xml => xml::document(&mut s, out, ignore_null),
        Format::Php => php::write(&mut s, out),
    }
    s.into_bytes()
}
