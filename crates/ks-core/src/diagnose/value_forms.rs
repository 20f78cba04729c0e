//! The forms a KS or a token can take in a wrong message: each one small unit with its cause.

use super::canonical::InputFix;
use super::cause::{Cause, CauseCode};

/// A KS or token text as it may have been hashed, with the causes that make it so.
#[derive(Debug, Clone)]
pub(crate) struct Form {
    pub text: String,
    pub causes: Vec<Cause>,
    pub common: bool,
    /// Which part this is, for segment labels: `ks`, `token`, `token_id`, `ks#N`.
    pub role: String,
}

/// Percent-encoding of a KS as `urlencode`/`encodeURIComponent` write it (`%2B`, `%2F`,
/// `%3D`), in upper or lower case hex.
pub(crate) fn url_encoded(ks: &str, lower: bool) -> String {
    let mut out = String::with_capacity(ks.len() + 16);
    for b in ks.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else if lower {
            out.push_str(&format!("%{b:02x}"));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The value exactly as pasted, when cleaning changed it: the client may have hashed it so.
/// Its causes are the fixes cleaning applied.
pub(crate) fn as_pasted(raw: &str, clean: &str, fixes: &[InputFix], role: &str) -> Option<Form> {
    (!fixes.is_empty() && raw != clean).then(|| Form {
        text: raw.to_string(),
        causes: fixes.iter().map(|f| f.cause.clone()).collect(),
        common: true,
        role: role.to_string(),
    })
}

/// The literals a language writes for a missing value: Python `str(None)`, JavaScript
/// `String(null)` / `${undefined}`, Ruby `nil.inspect` (`"#{nil}"` is empty: token_only),
/// PHP `var_export(null, true)`, SQL and Perl-ish `NULL`.
pub(crate) const NULL_LITERALS: [&str; 5] = ["None", "null", "undefined", "nil", "NULL"];

fn null_forms(field: &str, out: &mut Vec<Form>) {
    for lit in NULL_LITERALS {
        out.push(Form {
            text: lit.to_string(),
            causes: vec![
                Cause::new(CauseCode::NullValue)
                    .with("field", field.to_string())
                    .with("literal", lit),
            ],
            common: false,
            role: field.to_string(),
        });
    }
}

/// The startWidgetSession answer as the server serializes it (kaltura-api.md §2.2, §2.3:
/// `KalturaJsonSerializer`, `KalturaXmlSerializer`; §3: `KalturaStartWidgetSessionResponse`
/// is partnerId, ks, userId 0), and the fragments people cut out of it. The whole XML body
/// carries the server's executionTime, which cannot be recomputed: only its parts are tried.
fn response_forms(ks: &str, partner_id: Option<i64>) -> Vec<(String, &'static str)> {
    let json_ks = ks.replace('/', "\\/");
    let xml_ks = ks
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let mut out = Vec::new();
    if let Some(p) = partner_id {
        out.push((
            format!(
                "{{\"partnerId\":{p},\"ks\":\"{json_ks}\",\"userId\":0,\"objectType\":\"KalturaStartWidgetSessionResponse\"}}"
            ),
            "the JSON body (format=1)",
        ));
        out.push((
            format!(
                "<result><objectType>KalturaStartWidgetSessionResponse</objectType><partnerId>{p}</partnerId><ks>{xml_ks}</ks><userId>0</userId></result>"
            ),
            "the XML <result> element (format=2)",
        ));
    }
    out.push((
        format!("\"ks\":\"{json_ks}\""),
        "the JSON fragment \"ks\":\"…\"",
    ));
    if json_ks != ks {
        out.push((
            format!("\"ks\":\"{ks}\""),
            "the JSON fragment \"ks\":\"…\" (unescaped)",
        ));
    }
    out.push((format!("<ks>{xml_ks}</ks>"), "the XML fragment <ks>…</ks>"));
    out
}

/// The KS forms to try besides the KS as sent.
pub(crate) fn ks_forms(ks: &str, other_ks: &[String], partner_id: Option<i64>) -> Vec<Form> {
    let mut out = Vec::new();
    let mut push = |text: String, cause: Cause, common: bool, role: &str| {
        if text != ks && !out.iter().any(|f: &Form| f.text == text) {
            out.push(Form {
                text,
                causes: vec![cause],
                common,
                role: role.to_string(),
            });
        }
    };
    push(
        url_encoded(ks, false),
        Cause::new(CauseCode::KsUrlEncoded).with("style", "%2B %2F %3D"),
        true,
        "ks",
    );
    push(
        url_encoded(ks, true),
        Cause::new(CauseCode::KsUrlEncoded).with("style", "%2b %2f %3d"),
        false,
        "ks",
    );
    push(
        ks.replace('/', "\\/"),
        Cause::new(CauseCode::KsJsonEscaped),
        false,
        "ks",
    );
    push(
        ks.replace('+', " "),
        Cause::new(CauseCode::KsPlusAsSpace),
        false,
        "ks",
    );
    push(
        format!("\"{ks}\""),
        Cause::new(CauseCode::Quoted)
            .with("field", "ks")
            .with("quote", "\""),
        false,
        "ks",
    );
    push(
        format!("'{ks}'"),
        Cause::new(CauseCode::Quoted)
            .with("field", "ks")
            .with("quote", "'"),
        false,
        "ks",
    );
    for (i, other) in other_ks.iter().enumerate() {
        push(
            other.clone(),
            Cause::new(CauseCode::DifferentKs).with("which", (i + 1).to_string()),
            true,
            &format!("ks#{}", i + 1),
        );
    }
    if ks.contains('/') {
        // `grep -o '"ks":"[^"]*"' | cut -d: -f2`: the quotes and the JSON escapes both stay.
        let text = format!("\"{}\"", ks.replace('/', "\\/"));
        if !out.iter().any(|f| f.text == text) {
            out.push(Form {
                text,
                causes: vec![
                    Cause::new(CauseCode::Quoted)
                        .with("field", "ks")
                        .with("quote", "\""),
                    Cause::new(CauseCode::KsJsonEscaped),
                ],
                common: false,
                role: "ks".into(),
            });
        }
    }
    for (text, what) in response_forms(ks, partner_id) {
        out.push(Form {
            text,
            causes: vec![Cause::new(CauseCode::ResponseHashed).with("what", what)],
            common: false,
            role: "ks".into(),
        });
    }
    null_forms("ks", &mut out);
    out
}

/// How `given` relates to the full `token`: a copy that lost characters at its end or start,
/// or gained characters; `None` when it is not a part of it either way.
pub(crate) fn partial_of(token: &str, given: &str) -> Option<String> {
    let (tl, gl) = (token.chars().count(), given.chars().count());
    let n = tl.abs_diff(gl);
    let plural = |what: &str| {
        if n == 1 {
            format!("the {what} character")
        } else {
            format!("the {n} {what} characters")
        }
    };
    if given.is_empty() || given == token {
        None
    } else if token.starts_with(given) {
        Some(plural("last"))
    } else if token.ends_with(given) {
        Some(plural("first"))
    } else if let Some(extra) = given.strip_prefix(token) {
        Some(format!("gained {n} at the end: {extra:?}"))
    } else {
        given
            .strip_suffix(token)
            .map(|extra| format!("gained {n} at the start: {extra:?}"))
    }
}

/// Most characters a partial copy is tried with, lost at either end of the token.
const MAX_LOST: usize = 3;

fn partial_forms(token: &str, given: Option<&str>, out: &mut Vec<Form>) {
    let mut push = |text: &str| {
        if let Some(lost) = partial_of(token, text)
            && !out.iter().any(|f: &Form| f.text == text)
        {
            out.push(Form {
                text: text.to_string(),
                causes: vec![Cause::new(CauseCode::TokenPartial).with("lost", lost)],
                common: false,
                role: "token".into(),
            });
        }
    };
    if let Some(g) = given {
        push(g);
    }
    if token.is_ascii() && token.len() > 2 * MAX_LOST {
        for n in 1..=MAX_LOST {
            push(&token[..token.len() - n]);
            push(&token[n..]);
        }
    }
}

/// The token forms to try besides the token value. `given` is another copy of the token
/// (`--token` when it differs from the app token's).
pub(crate) fn token_forms(token: &str, token_id: Option<&str>, given: Option<&str>) -> Vec<Form> {
    let mut out = Vec::new();
    if let Some(id) = token_id.filter(|id| !id.is_empty() && *id != token) {
        out.push(Form {
            text: id.to_string(),
            causes: vec![Cause::new(CauseCode::TokenIdForToken)],
            common: true,
            role: "token_id".into(),
        });
    }
    for q in ['"', '\''] {
        out.push(Form {
            text: format!("{q}{token}{q}"),
            causes: vec![
                Cause::new(CauseCode::Quoted)
                    .with("field", "token")
                    .with("quote", q.to_string()),
            ],
            common: false,
            role: "token".into(),
        });
    }
    partial_forms(token, given, &mut out);
    null_forms("token", &mut out);
    out
}
