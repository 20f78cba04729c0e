//! `ksdiag explain [CODE]`: Kaltura error codes (explain_codes.rs), ksdiag's own cause and
//! finding codes (from the engine's tables) and KS privilege names, in plain words; with no
//! code, the list of all of them.

use crate::cli::ExplainArgs;
use crate::explain_codes::{self, Entry};
use anyhow::{Result, bail};
use ks_core::diagnose::{CauseCode, FindingCode};
use ks_core::ks::{KNOWN_PRIVILEGES, PrivilegeInfo, ValueKind, privilege_info};
use std::io::Write;
use std::process::ExitCode;

/// What a code names.
enum Found {
    Server(&'static Entry),
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
    let server = || explain_codes::find(code).map(Found::Server);
    let order: [Option<Found>; 3] = if code.chars().any(|c| c.is_ascii_lowercase()) {
        [ksdiag_code(code), privilege(code), server()]
    } else {
        [server(), ksdiag_code(code), privilege(code)]
    };
    order.into_iter().flatten().collect()
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
            writeln!(out, "\nTry:\n  {}", e.command)?;
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
        let known: Vec<&str> = explain_codes::TABLE.iter().map(Entry::name).collect();
        bail!(
            "unknown error code {code:?}; known Kaltura codes: {}; hint: ksdiag's own cause and finding codes (e.g. whitespace, ks_expired) and KS privilege names (e.g. setrole) are explained too; `ksdiag explain` with no code lists them all",
            known.join(", ")
        );
    };
    write_found(&mut out, first)?;
    if let Some(also) = see_also(first) {
        writeln!(out, "\nSee also: {also}")?;
    }
    Ok(ExitCode::from(crate::EXIT_OK))
}
