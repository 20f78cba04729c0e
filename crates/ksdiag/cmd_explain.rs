//! `ksdiag explain [CODE]`: Kaltura error codes (explain_codes.rs), ksdiag's own cause and
//! finding codes (from the engine's tables) and KS privilege names, in plain words; with no
//! code, the list of all of them.

use crate::cli::ExplainArgs;
use anyhow::{Result, bail};
use ks_core::diagnose::{CauseCode, FindingCode};
use ks_core::kaltura_errors::{self, Class};
use ks_core::ks::{KNOWN_PRIVILEGES, PrivilegeInfo, ValueKind, privilege_info};
use ks_report::explain_codes::{self, Entry};
use std::io::Write;
use std::process::ExitCode;

/// What a code names.
enum Found {
    Server(&'static Entry),
    /// A code of the wider API (the server's error table), without a hand-written entry.
    Table(&'static str),
    /// A Kaltura permission name (what a user role grants).
    Permission(&'static str),
    Cause(CauseCode),
    Finding(FindingCode),
    Privilege(&'static PrivilegeInfo),
}

fn ksdiag_code(code: &str) -> Option<Found> {
    let code = code.trim().to_ascii_lowercase();
    if let Some(c) = CauseCode::ALL.iter().find(|c| c.as_str() == code) {
        return Some(Found::Cause(*c));
    }
    FindingCode::ALL
        .iter()
        .find(|f| f.as_str() == code)
        .map(|f| Found::Finding(*f))
}

fn privilege(code: &str) -> Option<Found> {
    let name = code.trim();
    let name = name.split(':').next().unwrap_or(name);
    privilege_info(name)
        .or_else(|| privilege_info(&name.to_ascii_lowercase()))
        .map(Found::Privilege)
}

/// Lower-case input is ksdiag's vocabulary first; upper case (as servers and logs print
/// codes) is Kaltura's first: `APP_TOKEN_EXPIRED` is the server's error, `app_token_expired`
/// ksdiag's finding.
fn lookup(code: &str) -> Vec<Found> {
    let server = || {
        explain_codes::find(code)
            .map(Found::Server)
            .or_else(|| table_code(code).map(Found::Table))
    };
    let order: [Option<Found>; 4] = if code.chars().any(|c| c.is_ascii_lowercase()) {
        [
            ksdiag_code(code),
            privilege(code),
            server(),
            permission(code),
        ]
    } else {
        [
            server(),
            permission(code),
            ksdiag_code(code),
            privilege(code),
        ]
    };
    order.into_iter().flatten().collect()
}

/// A code of the server's error table (`KalturaErrors::CODE` or a message of it too).
fn table_code(raw: &str) -> Option<&'static str> {
    let t = raw.trim();
    let bare = t
        .trim_start_matches("KalturaErrors::")
        .trim_start_matches("APIErrors::")
        .to_ascii_uppercase();
    if let Some(tpl) = kaltura_errors::templates(&bare).next() {
        return Some(tpl.code);
    }
    kaltura_errors::match_message(t).map(|m| m.template.code)
}

fn permission(code: &str) -> Option<Found> {
    let name = code.trim();
    let name = name.split(':').next().unwrap_or(name);
    ks_core::ks::permission_names()
        .iter()
        .find(|p| p.eq_ignore_ascii_case(name))
        .map(|p| Found::Permission(p))
}

/// Every word explain knows, for "did you mean".
fn nearest_word(code: &str) -> Option<String> {
    let mut words: Vec<String> = kaltura_errors::words().map(str::to_string).collect();
    words.extend(
        explain_codes::TABLE
            .iter()
            .flat_map(|e| e.codes.iter().map(|c| c.to_string())),
    );
    words.extend(CauseCode::ALL.iter().map(|c| c.as_str().to_string()));
    words.extend(FindingCode::ALL.iter().map(|f| f.as_str().to_string()));
    words.extend(KNOWN_PRIVILEGES.iter().map(|p| p.name.to_string()));
    words.extend(
        ks_core::ks::permission_names()
            .iter()
            .map(|p| p.to_string()),
    );
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let typed = code.trim().to_ascii_lowercase();
    let near = kaltura_errors::nearest(&typed, lower.iter().map(String::as_str))?;
    let i = lower.iter().position(|w| w == near)?;
    Some(words[i].clone())
}

/// The server's message templates for `code`, with the class that defines each.
fn write_messages(out: &mut impl Write, code: &str) -> Result<()> {
    let mut first = true;
    for t in kaltura_errors::templates(code) {
        if first {
            writeln!(out, "\nMessages ({code}):")?;
            first = false;
        }
        let class = match t.class {
            Class::KalturaErrors => "KalturaErrors.php",
            Class::ApiErrors => "APIErrors.class.php",
        };
        let args = if t.args.is_empty() {
            String::new()
        } else {
            format!("; arguments {}", t.args.join(", "))
        };
        writeln!(out, "  {}   ({class}{args})", t.message)?;
    }
    Ok(())
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|first| first.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn write_found(out: &mut impl Write, found: &Found) -> Result<()> {
    match found {
        Found::Server(e) => {
            writeln!(out, "{}\n\n{}\n\nCheck:", e.title, e.meaning)?;
            for c in e.check {
                writeln!(out, "  - {c}")?;
            }
            for code in e.codes {
                write_messages(out, code)?;
            }
            writeln!(out, "\nTry:\n  {}", e.command)?;
        }
        Found::Table(code) => {
            let t = kaltura_errors::templates(code)
                .next()
                .map_or("", |t| t.message);
            writeln!(out, "{code}: {t}\n")?;
            writeln!(
                out,
                "An error of the wider Kaltura API, not one of appToken.startSession's checks: the tokenHash is not what it is about. The message names its arguments as the server fills them in."
            )?;
            write_messages(out, code)?;
            writeln!(
                out,
                "\nSource: api_v3/lib/KalturaErrors.php and alpha/apps/kaltura/lib/webservices/APIErrors.class.php (Kaltura server)\n\nTry:\n  ksdiag explain INVALID_APP_TOKEN_HASH   # the error this tool is about"
            )?;
        }
        Found::Permission(name) => {
            writeln!(out, "{name} (a Kaltura permission name)\n")?;
            writeln!(
                out,
                "A permission is what a user role grants (the permissionNames of a role; each action lists the permissions that may call it). It is not a KS privilege: written into a KS's privileges or an app token's sessionPrivileges, it is an unknown privilege name and grants nothing.\n\nFix:\n  create a role that has it (userRole.add with permissionNames \"{name}\"), then write setrole:<roleId> in the privileges (the app token's sessionPrivileges)\n\nSource: alpha/lib/enums/PermissionName.php, deployment/permissions/*.ini (Kaltura server)\n\nTry:\n  ksdiag decode KS   # names permission names among a KS's privileges"
            )?;
        }
        Found::Cause(c) => {
            writeln!(
                out,
                "{} (a cause: how the tokenHash was computed wrong)\n",
                c.as_str()
            )?;
            writeln!(out, "{}.\n\nFix:\n  {}", capitalized(c.summary()), c.fix())?;
        }
        Found::Finding(f) => {
            writeln!(
                out,
                "{} (a finding: a problem beside the hash)\n",
                f.as_str()
            )?;
            writeln!(out, "{}", f.summary())?;
        }
        Found::Privilege(p) => write_privilege(out, p)?,
    }
    Ok(())
}

fn write_privilege(out: &mut impl Write, p: &PrivilegeInfo) -> Result<()> {
    writeln!(out, "{} (a KS privilege)\n", p.name)?;
    writeln!(out, "{}.\n", capitalized(p.meaning))?;
    match p.value {
        ValueKind::Flag => writeln!(out, "Written: {} (a switch: no value needed)", p.name)?,
        ValueKind::Required => writeln!(
            out,
            "Written: {}:VALUE, several values separated by / (e.g. {}:*); an empty value ({}:) grants nothing",
            p.name, p.name, p.name
        )?,
    }
    if p.reserved {
        writeln!(
            out,
            "Reserved: appToken.startSession does not take it from a request's sessionPrivileges; only the app token's own sessionPrivileges can set it"
        )?;
    } else {
        writeln!(
            out,
            "Not reserved: a request's sessionPrivileges may add it to an app-token session"
        )?;
    }
    writeln!(
        out,
        "Source: kSessionBase PRIVILEGE_* constants, ks::retrieveAllowedAppSessionPrivileges (Kaltura server)\n\nTry:\n  ksdiag decode KS   # every privilege of a KS in words"
    )?;
    Ok(())
}

fn see_also(found: &Found) -> Option<String> {
    match found {
        Found::Server(e) => e
            .codes
            .iter()
            .find_map(|c| ksdiag_code(c))
            .map(|f| match f {
                Found::Cause(c) => c.as_str(),
                Found::Finding(f) => f.as_str(),
                _ => "",
            })
            .map(|c| format!("ksdiag's finding or cause of the same name: ksdiag explain {c}")),
        Found::Finding(f) => explain_codes::find(&f.as_str().to_ascii_uppercase())
            .filter(|e| e.codes.contains(&f.as_str().to_ascii_uppercase().as_str()))
            .map(|e| {
                format!(
                    "the server's error of the same name: ksdiag explain {}",
                    e.codes[0]
                )
            }),
        _ => None,
    }
}

fn list(out: &mut impl Write) -> Result<()> {
    writeln!(
        out,
        "ksdiag explain CODE explains any of these.\n\nKaltura errors (as the server and its logs print them):"
    )?;
    for e in explain_codes::TABLE {
        writeln!(out, "  {:<34} {}", e.name(), e.message())?;
    }
    writeln!(
        out,
        "\nCauses (how a tokenHash was computed wrong; ksdiag diagnose names them):"
    )?;
    for c in CauseCode::ALL {
        writeln!(out, "  {:<34} {}", c.as_str(), c.summary())?;
    }
    writeln!(out, "\nFindings (problems beside the hash):")?;
    for f in FindingCode::ALL {
        writeln!(out, "  {:<34} {}", f.as_str(), f.summary())?;
    }
    writeln!(out, "\nKS privileges (ksdiag decode explains a KS's own):")?;
    for p in KNOWN_PRIVILEGES {
        writeln!(out, "  {:<34} {}", p.name, p.meaning)?;
    }
    writeln!(
        out,
        "\nEvery other code the server sends ({} templates from KalturaErrors.php and APIErrors.class.php), and the {} Kaltura permission names, are explained too: ksdiag explain CODE",
        kaltura_errors::all().len(),
        ks_core::ks::permission_names().len()
    )?;
    Ok(())
}

pub fn run(a: ExplainArgs) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let Some(code) = a.code.as_deref() else {
        list(&mut out)?;
        return Ok(ExitCode::from(crate::EXIT_OK));
    };
    let found = lookup(code);
    let Some(first) = found.first() else {
        if let Some(near) = nearest_word(code) {
            bail!(
                "unknown code {code:?}; did you mean {near}? hint: `ksdiag explain {near}`; `ksdiag explain` with no code lists them all"
            );
        }
        let known: Vec<&str> = explain_codes::TABLE.iter().map(Entry::name).collect();
        bail!(
            "unknown error code {code:?}; known Kaltura codes of appToken.startSession: {}; hint: every code the server sends, ksdiag's own cause and finding codes (e.g. whitespace, ks_expired), KS privilege names (e.g. setrole) and Kaltura permission names are explained too; `ksdiag explain` with no code lists them all",
            known.join(", ")
        );
    };
    write_found(&mut out, first)?;
    if let Some(also) = see_also(first) {
        writeln!(out, "\nSee also: {also}")?;
    }
    Ok(ExitCode::from(crate::EXIT_OK))
}
