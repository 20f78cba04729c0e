//! `ksdiag decode`: read a KS the way the server does.

use crate::cli::DecodeArgs;
use crate::input::Reader;
use crate::redact::Redactor;
use crate::timefmt;
use anyhow::Result;
use ks_core::ks::{Inspection, ParsedKs, ServerFields, parse};
use serde_json::{Map, Value, json};
use std::io::Write;
use std::process::ExitCode;

pub fn run(a: DecodeArgs) -> Result<ExitCode> {
    let mut r = Reader::default();
    let ks = r.read("KS", &a.ks)?;
    let secret = match &a.admin_secret {
        Some(s) => {
            let v = r.read("--admin-secret", s)?;
            crate::warn_if_literal_secret("--admin-secret", &v);
            Some(v.text)
        }
        None => None,
    };
    let text = ks.text.trim_end_matches(['\n', '\r']);
    let parsed = parse(text).map_err(|e| {
        let salvage = salvage(text);
        let hint = if e.hint().is_some() || e.to_string().contains("hint:") {
            ""
        } else {
            "; hint: pass the KS exactly as the API returned it (the ks value, URL-decoded, without quotes)"
        };
        anyhow::anyhow!("cannot parse the KS: {e}{hint}{salvage}")
    })?;
    let seen = parsed.inspect(secret.as_deref());
    let now = a.now.unwrap_or_else(crate::system_now);
    let redact = Redactor {
        show: a.show_secrets,
    };
    let mut out = std::io::stdout().lock();
    if a.json {
        writeln!(out, "{}", to_json(&parsed, &seen, now, &redact))?;
    } else {
        write_human(&mut out, &parsed, &seen, now, &redact, secret.is_some())?;
    }
    Ok(ExitCode::from(crate::EXIT_OK))
}

/// What can still be read before the error (the signed fields of a v1 KS, the v2 header).
fn salvage(text: &str) -> String {
    let prefix: String = text
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '-' | '_'))
        .collect();
    let usable = &prefix[..prefix.len() / 4 * 4];
    use base64::Engine as _;
    let norm = usable.replace('-', "+").replace('_', "/");
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(norm) else {
        return String::new();
    };
    let shown = if bytes.starts_with(b"v2|") {
        let header: Vec<u8> = bytes
            .iter()
            .copied()
            .take(3)
            .chain(
                bytes[3..]
                    .iter()
                    .copied()
                    .take_while(|b| b.is_ascii_digit()),
            )
            .collect();
        String::from_utf8_lossy(&header).into_owned()
    } else if let Some(bar) = bytes.iter().position(|&b| b == b'|') {
        String::from_utf8_lossy(&bytes[bar + 1..])
            .chars()
            .filter(|c| !c.is_control())
            .collect()
    } else {
        return String::new();
    };
    if shown.is_empty() {
        String::new()
    } else {
        format!("\n  readable before the error: {shown:?}")
    }
}

/// A KS member as JSON: integer when the server's text is an integer, else text; null when
/// empty or absent.
fn typed(v: &Option<String>) -> Value {
    match v.as_deref() {
        None | Some("") => Value::Null,
        Some(s) => s
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::from(s)),
    }
}

fn text_or_null(v: &Option<String>) -> Value {
    match v.as_deref() {
        None | Some("") => Value::Null,
        Some(s) => Value::from(s),
    }
}

pub fn to_json(parsed: &ParsedKs, seen: &Inspection, now: i64, redact: &Redactor) -> Value {
    let mut o = Map::new();
    o.insert("version".into(), json!(parsed.version()));
    o.insert("partner_id".into(), typed(&Some(seen.partner_id.clone())));
    if let Some(f) = &seen.fields {
        o.insert("valid_until".into(), typed(&f.valid_until));
        o.insert("type".into(), typed(&f.ks_type));
        o.insert("user_id".into(), json!(f.user.clone().unwrap_or_default()));
        o.insert(
            "privileges".into(),
            json!(f.privileges.clone().unwrap_or_default()),
        );
        o.insert("master_partner_id".into(), typed(&f.master_partner_id));
        o.insert("additional_data".into(), text_or_null(&f.additional_data));
        o.insert("rand".into(), text_or_null(&f.rand));
        o.insert("widget".into(), json!(f.is_widget_session()));
        o.insert("expired".into(), json!(f.is_expired(now)));
        o.insert("admin".into(), json!(f.is_admin()));
        if parsed.version() == 1 {
            o.insert("partner_pattern".into(), text_or_null(&f.partner_pattern));
            o.insert("signature_hex".into(), json!(redact.signature(&f.hash)));
        }
    }
    o.insert("signature".into(), json!(seen.signature.as_str()));
    o.insert("encrypted".into(), json!(seen.encrypted));
    let irregular: Vec<String> = parsed
        .irregularities()
        .iter()
        .map(|i| i.to_string())
        .collect();
    o.insert("irregularities".into(), json!(irregular));
    Value::Object(o)
}

fn show(v: &Option<String>) -> String {
    match v.as_deref() {
        None => "(absent)".into(),
        Some("") => "(empty)".into(),
        Some(s) => format!("{s:?}"),
    }
}

fn write_human(
    out: &mut impl Write,
    parsed: &ParsedKs,
    seen: &Inspection,
    now: i64,
    redact: &Redactor,
    had_secret: bool,
) -> Result<()> {
    writeln!(out, "KS v{}  partner {}", parsed.version(), seen.partner_id)?;
    match &seen.fields {
        Some(f) => write_fields(out, f, parsed.version(), now, redact)?,
        None => writeln!(out, "  (encrypted: pass --admin-secret to read the fields)")?,
    }
    let status = match (seen.signature, parsed.version(), had_secret) {
        (ks_core::ks::SignatureStatus::Unchecked, _, _) => {
            "unchecked (pass --admin-secret to check)".to_string()
        }
        (s, 2, _) => format!("{} (inner SHA-1 of the decrypted fields)", s.as_str()),
        (s, _, _) => s.as_str().to_string(),
    };
    writeln!(out, "  {:<18} {status}", "signature check")?;
    if let Some(why) = seen.v2_rejected {
        writeln!(out, "  {:<18} {why}", "why")?;
    }
    for i in parsed.irregularities() {
        writeln!(out, "  note: {i}")?;
    }
    Ok(())
}

fn write_fields(
    out: &mut impl Write,
    f: &ServerFields,
    version: u8,
    now: i64,
    redact: &Redactor,
) -> Result<()> {
    let row = |out: &mut dyn Write, k: &str, v: String| writeln!(out, "  {k:<18} {v}");
    if version == 1 {
        row(out, "partner_pattern", show(&f.partner_pattern))?;
    }
    let until = match f.valid_until_unix() {
        Some(t) => format!(
            "{t}  {} ({})",
            timefmt::iso8601(t),
            timefmt::relative_expiry(t, now)
        ),
        None => show(&f.valid_until),
    };
    row(out, "valid_until", until)?;
    let kind = match f.ks_type_int() {
        Some(0) => " (USER)",
        Some(2) => " (ADMIN)",
        _ => "",
    };
    row(out, "type", format!("{}{kind}", show(&f.ks_type)))?;
    row(out, "rand", show(&f.rand))?;
    row(out, "user_id", show(&f.user))?;
    row(out, "privileges", show(&f.privileges))?;
    row(out, "master_partner_id", show(&f.master_partner_id))?;
    row(out, "additional_data", show(&f.additional_data))?;
    if version == 1 {
        row(out, "signature", redact.signature(&f.hash))?;
    }
    row(
        out,
        "widget session",
        if f.is_widget_session() {
            "yes".into()
        } else {
            "no".into()
        },
    )?;
    Ok(())
}
