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

/// The KS forms to try besides the KS as sent.
pub(crate) fn ks_forms(ks: &str, other_ks: &[String]) -> Vec<Form> {
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
    out
}

/// The token forms to try besides the token value.
pub(crate) fn token_forms(token: &str, token_id: Option<&str>) -> Vec<Form> {
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
    out
}
