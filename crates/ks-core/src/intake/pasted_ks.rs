//! A KS from what users paste: a player or API URL (`ks=…`, `flashvars[ks]=…`, `/ks/…/`),
//! embed code, a JSON response or fragment (`"ks":"…"`, with or without its `\/` escapes), a
//! KS in quotes. Each step says what it took away, so a tool can tell the user.
//!
//! A step is taken only while the text does not parse as a KS: a KS that parses is never
//! changed (whitespace inside it is what the server skips, and is reported by the parser).
//!
//! ```
//! use ks_core::intake::pasted_ks::{extract, Taken};
//! let p = extract("https://cdnapisec.kaltura.com/p/1/embedPlaykitJs/uiconf_id/2/?iframeembed=true&ks=djJ8MTIzfGFiY2RlZmdoaWprbG1ub3Bx&entry_id=1_x");
//! assert_eq!(p.ks, "djJ8MTIzfGFiY2RlZmdoaWprbG1ub3Bx");
//! assert_eq!(p.taken, vec![Taken::UrlParameter { path: false }]);
//! ```

use crate::ks::{parse, php};

/// One thing taken away from the pasted text to get at the KS.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Taken {
    /// The `ks` parameter of a URL or embed code: from the query (`ks=`, `flashvars[ks]=`)
    /// or, with `path`, from a `/ks/<KS>/` path segment; percent-decoded.
    UrlParameter {
        /// True for a `/ks/…/` path segment.
        path: bool,
    },
    /// The value of a `"ks"` field in JSON or JavaScript text, JSON-decoded.
    JsonField,
    /// The text of a `<ks>` element in an XML response (the API's default format).
    XmlElement,
    /// Surrounding quotes (and whitespace).
    Quotes(char),
    /// JSON's `\/` escapes (PHP's `json_encode` writes them): read as `/`. Sent as they are,
    /// the server cannot parse the text: INVALID_KS (-1,INVALID_STR).
    JsonEscapes {
        /// How many `\/` there were.
        count: usize,
    },
    /// `%2B`, `%2F`, `%3D` escapes decoded.
    PercentDecoded,
}

impl Taken {
    /// True when the text as pasted, sent as the `ks` parameter, gets INVALID_KS.
    pub fn server_rejects_as_pasted(&self) -> bool {
        matches!(
            self,
            Taken::JsonEscapes { .. } | Taken::Quotes(_) | Taken::PercentDecoded
        )
    }

    /// A short code for JSON output.
    pub fn code(&self) -> &'static str {
        match self {
            Taken::UrlParameter { path: false } => "url_query_parameter",
            Taken::UrlParameter { path: true } => "url_path_segment",
            Taken::JsonField => "json_field",
            Taken::XmlElement => "xml_element",
            Taken::Quotes(_) => "quotes",
            Taken::JsonEscapes { .. } => "json_escapes",
            Taken::PercentDecoded => "percent_encoding",
        }
    }
}

impl std::fmt::Display for Taken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Taken::UrlParameter { path: false } => f.write_str("took the ks parameter from the URL's query string (percent-decoded as the server decodes it); the rest of the URL was left out"),
            Taken::UrlParameter { path: true } => f.write_str("took the KS from the URL's /ks/…/ path segment; the rest of the URL was left out"),
            Taken::JsonField => f.write_str("took the value of the \"ks\" field from the JSON text (JSON-decoded)"),
            Taken::XmlElement => f.write_str("took the text of the <ks> element from the XML response"),
            Taken::Quotes(q) => write!(f, "removed the surrounding {q} quotes"),
            Taken::JsonEscapes { count } => write!(f, "the text keeps JSON escapes: {count} \\/ where the KS has / (JSON text used as if it were decoded, e.g. cut out with sed or grep); sent like this the server cannot parse it and answers INVALID_KS (-1,INVALID_STR); read here with \\/ as /"),
            Taken::PercentDecoded => f.write_str("percent-decoded %2B %2F %3D (the text is still URL-encoded; sent encoded twice, the server answers INVALID_KS)"),
        }
    }
}

/// The KS found in pasted text, and what was taken away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pasted {
    /// The KS text (unchanged when the input already parsed).
    pub ks: String,
    /// What was taken away, in order.
    pub taken: Vec<Taken>,
}

/// Finds the KS in pasted text. A final newline is dropped without a note (a file's end).
pub fn extract(text: &str) -> Pasted {
    let mut cur = text.trim_end_matches(['\n', '\r']).to_string();
    let mut taken = Vec::new();
    for _ in 0..6 {
        if parse(&cur).is_ok() {
            break;
        }
        match step(&cur) {
            Some((next, t)) if next != cur && !next.is_empty() => {
                cur = next;
                taken.push(t);
            }
            _ => break,
        }
    }
    Pasted { ks: cur, taken }
}

fn step(t: &str) -> Option<(String, Taken)> {
    if let Some(v) = query_parameter(t) {
        return Some((v, Taken::UrlParameter { path: false }));
    }
    if looks_like_url(t)
        && let Some(v) = path_segment(t)
    {
        return Some((v, Taken::UrlParameter { path: true }));
    }
    if let Some(v) = json_field(t) {
        return Some((v, Taken::JsonField));
    }
    if let Some(v) = crate::xml_text::leaf(t, None, "ks") {
        return Some((v, Taken::XmlElement));
    }
    let trimmed = t.trim();
    let b = trimmed.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'"' | b'\'' | b'`') && b[b.len() - 1] == b[0] {
        return Some((
            trimmed[1..trimmed.len() - 1].to_string(),
            Taken::Quotes(b[0] as char),
        ));
    }
    let count = t.matches("\\/").count();
    if count > 0 {
        return Some((t.replace("\\/", "/"), Taken::JsonEscapes { count }));
    }
    let lower = t.to_ascii_lowercase();
    if ["%2b", "%2f", "%3d"].iter().any(|e| lower.contains(e)) {
        let decoded = String::from_utf8(php::urldecode(t.replace('+', "%2B").as_bytes())).ok()?;
        return Some((decoded, Taken::PercentDecoded));
    }
    None
}

fn looks_like_url(t: &str) -> bool {
    t.contains("://") || t.contains('?') || t.contains('<') || t.trim_start().starts_with("/p/")
}

fn ends_value(c: char) -> bool {
    c.is_whitespace() || matches!(c, '&' | '"' | '\'' | '#' | '<' | '>' | '`' | ')' | ';')
}

/// `ks=VALUE` at the start or after `?`, `&`, `;` (`&amp;`), whitespace or a quote;
/// `flashvars[ks]=VALUE` too. The last one wins, as in PHP.
fn query_parameter(t: &str) -> Option<String> {
    let mut found = None;
    for lead in ["ks=", "[ks]="] {
        for (at, _) in t.match_indices(lead) {
            let before = t[..at].chars().next_back();
            let ok = lead == "[ks]="
                || before.is_none_or(|c| {
                    matches!(c, '?' | '&' | ';' | '"' | '\'' | '(') || c.is_whitespace()
                });
            if !ok {
                continue;
            }
            let rest = &t[at + lead.len()..];
            let end = rest.find(ends_value).unwrap_or(rest.len());
            let raw = &rest[..end];
            if raw.is_empty() {
                continue;
            }
            // A raw '+' is kept: it is what the client meant (the server would read a space).
            let value = php::urldecode(raw.replace('+', "%2B").as_bytes());
            found = Some((at, String::from_utf8_lossy(&value).into_owned()));
        }
    }
    found.map(|(_, v)| v)
}

/// `/ks/VALUE/` (or to the end, `?` or `#`).
fn path_segment(t: &str) -> Option<String> {
    let at = t.rfind("/ks/")?;
    let rest = &t[at + 4..];
    let end = rest
        .find(|c: char| c == '/' || c == '?' || ends_value(c))
        .unwrap_or(rest.len());
    let raw = &rest[..end];
    (!raw.is_empty()).then(|| String::from_utf8_lossy(&php::urldecode(raw.as_bytes())).into_owned())
}

/// The string value of a `"ks"` (or `'ks'`, or bare `ks`) key followed by `:` and a quoted
/// string; double-quoted values are JSON-decoded.
fn json_field(t: &str) -> Option<String> {
    for key in ["\"ks\"", "'ks'", "ks"] {
        for (at, _) in t.match_indices(key) {
            if key == "ks"
                && t[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
            {
                continue;
            }
            let rest = t[at + key.len()..].trim_start();
            let Some(rest) = rest.strip_prefix(':') else {
                continue;
            };
            let rest = rest.trim_start();
            let quote = rest.chars().next()?;
            if quote == '"' {
                let mut de = serde_json::Deserializer::from_str(rest).into_iter::<String>();
                if let Some(Ok(v)) = de.next() {
                    return Some(v);
                }
            } else if quote == '\'' {
                let body = &rest[1..];
                let end = body.find('\'')?;
                return Some(body[..end].to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const KS: &str = "YjU3ZjhhNmY3NTllOGM1NWY4YjY5YjgyZmY2OTEwMzY3MWFhZjBmMnw0ODE1MTYyOzQ4MTUxNjI7MTc5NjEwMDAwMDswOzE3OTYwMTM2MzMuMTA7em/Dqzt2aWV3Oiosd2lkZ2V0OjE7Ow==";

    fn got(text: &str) -> (String, Vec<&'static str>) {
        let p = extract(text);
        (p.ks, p.taken.iter().map(Taken::code).collect())
    }

    #[test]
    fn a_ks_that_parses_is_left_alone() {
        assert_eq!(got(&format!("{KS}\n")), (KS.to_string(), vec![]));
    }

    #[test]
    fn urls_embed_codes_and_path_segments() {
        let enc = KS.replace('/', "%2F").replace('=', "%3D");
        for (text, code) in [
            (
                format!("https://x.example/p/1/?iframeembed=true&ks={enc}&entry_id=1_a"),
                "url_query_parameter",
            ),
            (
                format!(
                    "<iframe src=\"https://x.example/p/1/sp/100/embedIframeJs/uiconf_id/2?iframeembed=true&amp;flashvars[ks]={enc}&amp;entry_id=1\"></iframe>"
                ),
                "url_query_parameter",
            ),
            (format!("ks={enc}"), "url_query_parameter"),
            (
                format!("https://x.example/p/1/thumbnail/entry_id/1_a/ks/{enc}/width/100"),
                "url_path_segment",
            ),
        ] {
            assert_eq!(got(&text), (KS.to_string(), vec![code]), "{text}");
        }
    }

    #[test]
    fn json_fragments_quotes_and_escapes() {
        let esc = KS.replace('/', "\\/");
        assert_eq!(
            got(&format!(
                "{{\"partnerId\":4815162,\"ks\":\"{esc}\",\"userId\":0}}"
            )),
            (KS.to_string(), vec!["json_field"])
        );
        assert_eq!(
            got(&format!("kWidget.embed({{flashvars: {{ks: '{KS}'}}}})")),
            (KS.to_string(), vec!["json_field"])
        );
        assert_eq!(got(&format!("\"{KS}\"")), (KS.to_string(), vec!["quotes"]));
        assert_eq!(
            got(&format!(
                "<?xml version=\"1.0\"?><xml><result><objectType>KalturaStartWidgetSessionResponse</objectType><partnerId>4815162</partnerId><ks>{KS}</ks><userId>0</userId></result></xml>"
            )),
            (KS.to_string(), vec!["xml_element"])
        );
        // grep -o '"ks":"[^"]*"' | cut -d: -f2 keeps both the quotes and the escapes.
        assert_eq!(
            got(&format!("\"{esc}\"")),
            (KS.to_string(), vec!["quotes", "json_escapes"])
        );
        let p = extract(&esc);
        assert_eq!(p.taken, vec![Taken::JsonEscapes { count: 1 }]);
        assert!(p.taken[0].server_rejects_as_pasted());
    }

    #[test]
    fn text_without_a_ks_is_returned_for_the_parser_to_judge() {
        assert_eq!(got("hello world"), ("hello world".to_string(), vec![]));
        assert_eq!(got("ks="), ("ks=".to_string(), vec![]));
    }
}
