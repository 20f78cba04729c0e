//! `ksdiag decode`, human output: what was taken from the pasted text, the fields as the
//! server reads them, the signature check, each privilege in words, and warnings.

use crate::decoded::Decoded;
use crate::redact::Redactor;
use crate::timefmt;
use ks_core::ks::{ServerFields, SignatureStatus};
use std::io::{Result, Write};

fn show(v: &Option<String>) -> String {
    match v.as_deref() {
        None => "(absent)".into(),
        Some("") => "(empty)".into(),
        Some(s) => format!("{s:?}"),
    }
}

/// Writes `decode`'s human report.
pub fn write(out: &mut impl Write, d: &Decoded<'_>, redact: &Redactor) -> Result<()> {
    if let Some(why) = d.secret_mismatch() {
        writeln!(out, "✗ {why}\n")?;
    }
    if !d.taken.is_empty() {
        writeln!(out, "Read from the pasted text:")?;
        for t in d.taken {
            let mark = if t.server_rejects_as_pasted() {
                "!"
            } else {
                "-"
            };
            writeln!(out, "  {mark} {t}")?;
        }
        writeln!(out)?;
    }
    let (parsed, seen) = (d.parsed, d.seen);
    writeln!(out, "KS v{}  partner {}", parsed.version(), seen.partner_id)?;
    match &seen.fields {
        Some(f) => write_fields(out, f, parsed.version(), d.now, redact)?,
        None if d.secrets.is_some() => writeln!(
            out,
            "  (encrypted: the fields cannot be read, as the admin secret given does not decrypt it)"
        )?,
        None => writeln!(out, "  (encrypted: pass --admin-secret to read the fields)")?,
    }
    let status = match (seen.signature, parsed.version()) {
        (SignatureStatus::Unchecked, _) => "unchecked (pass --admin-secret to check)".to_string(),
        (SignatureStatus::Invalid, _) => "invalid: does not match the admin secret given".into(),
        (s, 2) => format!("{} (inner SHA-1 of the decrypted fields)", s.as_str()),
        (s, _) => format!("{} (signed with the admin secret given)", s.as_str()),
    };
    writeln!(out, "  {:<18} {status}", "signature check")?;
    if let Some(why) = seen.v2_rejected {
        writeln!(out, "  {:<18} {why}", "why")?;
    }
    for i in parsed.irregularities() {
        writeln!(out, "  note: {i}")?;
    }
    let privileges = d.privileges();
    if !privileges.is_empty() {
        writeln!(out, "\nPrivileges:")?;
        for p in &privileges {
            let written = if p.values.is_empty() {
                p.name.clone()
            } else {
                format!("{}:{}", p.name, p.values.join("/"))
            };
            let meaning = p
                .meaning
                .unwrap_or(if ks_core::ks::is_permission_name(&p.name) {
                    "(a permission name, not a privilege)"
                } else {
                    "(unknown to the server)"
                });
            writeln!(out, "  {written:<26} {meaning}")?;
            if let Some(w) = &p.warning {
                writeln!(out, "  {:<26} ! {w}", "")?;
            }
        }
    }
    let warnings = d.warnings();
    if !warnings.is_empty() {
        writeln!(out, "\nWarnings:")?;
        for w in warnings {
            writeln!(out, "  ! {w}")?;
        }
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
    let widget = if f.is_widget_session() { "yes" } else { "no" };
    row(out, "widget session", widget.into())?;
    Ok(())
}
