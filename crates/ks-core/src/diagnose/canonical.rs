//! Canonical inputs: what the server most likely received when a pasted value carries
//! whitespace, quotes, invisible characters, URL encoding or JSON escapes.

use super::cause::{Cause, CauseCode};
use super::message_variants::char_name;

/// One change made to a pasted value to get its canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFix {
    /// `ks`, `token` or `hash`.
    pub field: &'static str,
    /// What was changed, for people.
    pub what: String,
    /// The cause this change stands for when the raw value was what got hashed.
    pub cause: Cause,
    /// True for a non-ASCII character (finding `non_ascii_in_input`).
    pub non_ascii: bool,
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'
            ..='\u{200D}'
                | '\u{2060}'
                | '\u{FEFF}'
                | '\u{00A0}'
                | '\u{00AD}'
                | '\u{2028}'
                | '\u{2029}'
    )
}

fn escape(s: &str) -> String {
    s.replace('\n', "\\n")
        .replace('\r', "\\r")
        .replace('\t', "\\t")
}

/// Returns the canonical value and the fixes applied.
pub(crate) fn canonicalize(raw: &str, field: &'static str, is_ks: bool) -> (String, Vec<InputFix>) {
    let mut fixes = Vec::new();
    let mut v = raw.to_string();
    // Invisible characters anywhere (web pages, rich-text editors).
    if v.chars().any(is_invisible) {
        for (offset, c) in v.char_indices().filter(|(_, c)| is_invisible(*c)) {
            let code = format!("U+{:04X}", c as u32);
            fixes.push(InputFix {
                field,
                what: format!("removed {code} {} at byte {offset}", char_name(c)),
                cause: Cause::new(CauseCode::NonAsciiChar)
                    .with("field", field)
                    .with("char", code)
                    .with("offset", offset.to_string())
                    .with("name", char_name(c)),
                non_ascii: true,
            });
        }
        v = v.chars().filter(|c| !is_invisible(*c)).collect();
    }
    for _ in 0..2 {
        let trimmed = v.trim_matches(|c: char| c.is_ascii_whitespace());
        if trimmed.len() != v.len() {
            let start = v.find(trimmed).unwrap_or(0);
            let (lead, trail) = (&v[..start], &v[start + trimmed.len()..]);
            for (side, text) in [("leading", lead), ("trailing", trail)] {
                if !text.is_empty() {
                    fixes.push(InputFix {
                        field,
                        what: format!("trimmed {side} whitespace \"{}\"", escape(text)),
                        cause: Cause::new(CauseCode::Whitespace)
                            .with("field", field)
                            .with("side", side)
                            .with("text", text),
                        non_ascii: false,
                    });
                }
            }
            v = trimmed.to_string();
        }
        let b = v.as_bytes();
        if b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0] {
            let q = (b[0] as char).to_string();
            fixes.push(InputFix {
                field,
                what: format!("removed surrounding {q} quotes"),
                cause: Cause::new(CauseCode::Quoted)
                    .with("field", field)
                    .with("quote", q),
                non_ascii: false,
            });
            v = v[1..v.len() - 1].to_string();
        }
    }
    if is_ks {
        if v.contains("\\/") {
            fixes.push(InputFix {
                field,
                what: "unescaped JSON \\/ to /".into(),
                cause: Cause::new(CauseCode::KsJsonEscaped),
                non_ascii: false,
            });
            v = v.replace("\\/", "/");
        }
        let lower = v.to_ascii_lowercase();
        if ["%2b", "%2f", "%3d"].iter().any(|e| lower.contains(e)) {
            let decoded = crate::ks::php::rawurldecode(v.as_bytes());
            if let Ok(text) = String::from_utf8(decoded) {
                fixes.push(InputFix {
                    field,
                    what: "percent-decoded (%2B %2F %3D)".into(),
                    cause: Cause::new(CauseCode::KsUrlEncoded),
                    non_ascii: false,
                });
                v = text;
            }
        }
    }
    (v, fixes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_quotes_whitespace_and_invisibles() {
        let (v, fixes) = canonicalize("\u{200B}\"abc\"\n", "token", false);
        assert_eq!(v, "abc");
        let codes: Vec<_> = fixes.iter().map(|f| f.cause.code).collect();
        assert_eq!(
            codes,
            vec![
                CauseCode::NonAsciiChar,
                CauseCode::Whitespace,
                CauseCode::Quoted
            ]
        );
    }

    #[test]
    fn url_encoded_ks_is_decoded() {
        let (v, fixes) = canonicalize("YWJj%2BZA%3D%3D", "ks", true);
        assert_eq!(v, "YWJj+ZA==");
        assert_eq!(fixes[0].cause.code, CauseCode::KsUrlEncoded);
    }
}
