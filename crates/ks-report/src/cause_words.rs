//! A cause in the words a user knows: "a trailing newline after the token", not
//! "field message, side trailing".

use crate::redact::{Redactor, Secrets, escape_visible};
use ks_core::diagnose::{Cause, Diagnosis, Explanation};

/// `a newline`, `a CRLF (\r\n)`, `a space`, ... for whitespace text.
fn whitespace_name(text: &str) -> String {
    match text {
        "\n" => "newline".into(),
        "\r\n" => "CRLF (\\r\\n)".into(),
        "\r" => "carriage return (\\r)".into(),
        " " => "space".into(),
        "  " => "two spaces".into(),
        "\t" => "tab".into(),
        other => format!("\"{}\"", escape_visible(other)),
    }
}

/// The message part next to an insert: `the token`, `the KS`, by the message's own order.
fn part_next_to(field: &str, side: &str, e: Option<&Explanation>) -> &'static str {
    let role = match field {
        "ks" => "ks",
        "token" => "token",
        _ => {
            let segs = e.and_then(|e| e.hashed.as_ref()).map(|h| &h.segments);
            let parts = segs
                .into_iter()
                .flatten()
                .filter(|s| s.role != "extra")
                .map(|s| s.role.as_str());
            let mut parts = parts.collect::<Vec<_>>();
            if side == "leading" {
                parts.truncate(1);
            }
            parts.last().copied().unwrap_or("message")
        }
    };
    match role {
        r if r.starts_with("ks") => "the KS",
        "token" => "the token",
        "token_id" => "the token id",
        _ => "the message",
    }
}

/// Where an insert sits, in words: `after the token`, `before the KS`.
fn place(c: &Cause, e: Option<&Explanation>) -> Option<String> {
    let field = c.detail("field")?;
    let side = c.detail("side")?;
    if side == "inside" {
        // Within the value, not at an end: say where (characters before the insert).
        let at = c
            .detail("offset")
            .map(|o| format!(", after character {o}"))
            .unwrap_or_default();
        return Some(format!("{{}} inside {}{at}", part_next_to(field, side, e)));
    }
    let (adj, prep) = if side == "leading" {
        ("leading", "before")
    } else {
        ("trailing", "after")
    };
    Some(format!(
        "{adj} {{}} {prep} {}",
        part_next_to(field, side, e)
    ))
}

/// Each cause of `e` in the words the terminal report prints after its code ([`describe`]),
/// with the secrets in its details hidden as `redact` says: what the page shows for a cause.
pub fn explanation_words(d: &Diagnosis, e: &Explanation, redact: &Redactor) -> Vec<String> {
    let secrets = Secrets::of(&d.token, &d.ks);
    e.causes
        .iter()
        .map(|c| describe(&secrets.cause(c, redact), Some(e)))
        .collect()
}

/// One cause in words, with its details.
pub fn describe(c: &Cause, e: Option<&Explanation>) -> String {
    let code = c.code.as_str();
    let words = match code {
        "whitespace" => place(c, e).zip(c.detail("text")).map(|(p, t)| {
            let phrase = p.replacen("{}", &whitespace_name(t), 1);
            format!("extra whitespace was hashed along: a {phrase}")
        }),
        "non_ascii_char" => place(c, e).map(|p| {
            let name = c.detail("name").unwrap_or("an invisible character");
            let ch = c.detail("char").unwrap_or("");
            let phrase = p.replacen("{}", &format!("{name} ({ch})"), 1);
            format!("an invisible character was hashed along: a {phrase}")
        }),
        // Under several readings the expected algorithm is any of them: say so.
        "wrong_hash_type" if e.is_some_and(|e| e.hash_types.len() > 1) => {
            let types = e.map(|e| crate::verdict_words::either(&e.hash_types));
            c.detail("used").zip(types).map(|(used, types)| {
                format!("{} (used {used}, expected {types})", c.code.summary())
            })
        }
        "hmac" => c.detail("key").map(|key| {
            let key = if key == "token" {
                "the token"
            } else {
                "the KS"
            };
            let msg = match c.detail("message") {
                Some("ks") => "the KS",
                Some("token") => "the token",
                Some(_) => "KS + token",
                None => "the message",
            };
            format!(
                "an HMAC was computed instead of a plain digest: HMAC over {msg}, keyed with {key}"
            )
        }),
        _ => None,
    };
    if let Some(w) = words {
        return w;
    }
    let details: Vec<String> = c
        .details
        .iter()
        .filter(|(k, _)| *k != "text" || code != "hash_decoration")
        // A candidate KS named by its source needs no index.
        .filter(|(k, _)| *k != "which" || !c.details.iter().any(|(k, _)| *k == "source"))
        .map(|(k, v)| {
            format!(
                "{k} {}",
                if *k == "text" || *k == "prefix" || *k == "suffix" {
                    format!("\"{}\"", escape_visible(v))
                } else {
                    v.clone()
                }
            )
        })
        .collect();
    if details.is_empty() {
        c.code.summary().to_string()
    } else {
        format!("{} ({})", c.code.summary(), details.join(", "))
    }
}
