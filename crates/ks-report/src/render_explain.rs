//! `explain` in words: one code ([`write()`]) or the list of every code ([`write_list`]) for
//! a terminal, and one code as JSON ([`json`]) for the server and scripts. What a code names
//! is [`crate::explain::lookup`]'s.

use crate::explain::{Found, see_also};
use crate::explain_codes;
use crate::source_words::Voice;
use ks_core::diagnose::{CauseCode, FindingCode};
use ks_core::kaltura_errors::{self, Class};
use ks_core::ks::{KNOWN_PRIVILEGES, PrivilegeInfo, ValueKind};
use serde::Serialize;
use std::io::{Result, Write};

/// The file of Kaltura's server that defines a message template.
fn class_file(class: Class) -> &'static str {
    match class {
        Class::KalturaErrors => "KalturaErrors.php",
        Class::ApiErrors => "APIErrors.class.php",
    }
}

/// The server's message templates for `code`, with the class that defines each.
fn write_messages(out: &mut dyn Write, code: &str) -> Result<()> {
    let mut first = true;
    for t in kaltura_errors::templates(code) {
        if first {
            writeln!(out, "\nMessages ({code}):")?;
            first = false;
        }
        let args = if t.args.is_empty() {
            String::new()
        } else {
            format!("; arguments {}", t.args.join(", "))
        };
        writeln!(out, "  {}   ({}{args})", t.message, class_file(t.class))?;
    }
    Ok(())
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|first| first.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// What `ksdiag explain CODE` prints for what the code names, with its "See also" line.
pub fn write(out: &mut dyn Write, found: &Found) -> Result<()> {
    write_found(out, found)?;
    if let Some(also) = see_also(found) {
        writeln!(out, "\nSee also: {also}")?;
    }
    Ok(())
}

fn write_found(out: &mut dyn Write, found: &Found) -> Result<()> {
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
            writeln!(out, "{TABLE_MEANING}")?;
            write_messages(out, code)?;
            writeln!(
                out,
                "\nSource: {TABLE_SOURCE}\n\nTry:\n  ksdiag explain INVALID_APP_TOKEN_HASH   # the error this tool is about"
            )?;
        }
        Found::Permission(name) => {
            writeln!(out, "{name} (a Kaltura permission name)\n")?;
            writeln!(
                out,
                "{PERMISSION_MEANING}\n\nFix:\n  {}\n\nSource: {PERMISSION_SOURCE}\n\nTry:\n  ksdiag decode KS   # names permission names among a KS's privileges",
                permission_fix(name)
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

const TABLE_MEANING: &str = "An error of the wider Kaltura API, not one of appToken.startSession's checks: the tokenHash is not what it is about. The message names its arguments as the server fills them in.";
const TABLE_SOURCE: &str = "api_v3/lib/KalturaErrors.php and alpha/apps/kaltura/lib/webservices/APIErrors.class.php (Kaltura server)";
const PERMISSION_MEANING: &str = "A permission is what a user role grants (the permissionNames of a role; each action lists the permissions that may call it). It is not a KS privilege: written into a KS's privileges or an app token's sessionPrivileges, it is an unknown privilege name and grants nothing.";
const PERMISSION_SOURCE: &str =
    "alpha/lib/enums/PermissionName.php, deployment/permissions/*.ini (Kaltura server)";
const PRIVILEGE_SOURCE: &str =
    "kSessionBase PRIVILEGE_* constants, ks::retrieveAllowedAppSessionPrivileges (Kaltura server)";

fn permission_fix(name: &str) -> String {
    format!(
        "create a role that has it (userRole.add with permissionNames \"{name}\"), then write setrole:<roleId> in the privileges (the app token's sessionPrivileges)"
    )
}

fn privilege_written(p: &PrivilegeInfo) -> String {
    match p.value {
        ValueKind::Flag => format!("{} (a switch: no value needed)", p.name),
        ValueKind::Required => format!(
            "{}:VALUE, several values separated by / (e.g. {}:*); an empty value ({}:) grants nothing",
            p.name, p.name, p.name
        ),
    }
}

fn privilege_reserved(p: &PrivilegeInfo) -> &'static str {
    if p.reserved {
        "Reserved: appToken.startSession does not take it from a request's sessionPrivileges; only the app token's own sessionPrivileges can set it"
    } else {
        "Not reserved: a request's sessionPrivileges may add it to an app-token session"
    }
}

fn write_privilege(out: &mut dyn Write, p: &PrivilegeInfo) -> Result<()> {
    writeln!(out, "{} (a KS privilege)\n", p.name)?;
    writeln!(out, "{}.\n", capitalized(p.meaning))?;
    writeln!(out, "Written: {}", privilege_written(p))?;
    writeln!(out, "{}", privilege_reserved(p))?;
    writeln!(
        out,
        "Source: {PRIVILEGE_SOURCE}\n\nTry:\n  ksdiag decode KS   # every privilege of a KS in words"
    )?;
    Ok(())
}

/// What `ksdiag explain` with no code prints: every code it explains, by kind.
pub fn write_list(out: &mut dyn Write) -> Result<()> {
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

/// One message template of the server, as JSON.
#[derive(Serialize)]
struct MessageJson {
    code: &'static str,
    message: &'static str,
    args: Vec<&'static str>,
    file: &'static str,
}

fn messages(code: &str) -> Vec<MessageJson> {
    kaltura_errors::templates(code)
        .map(|t| MessageJson {
            code: t.code,
            message: t.message,
            args: t.args.clone(),
            file: class_file(t.class),
        })
        .collect()
}

/// What a code names, as JSON: `kind` says which, the other fields are its words (the same
/// as [`write()`]'s).
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Explained {
    KalturaError {
        codes: &'static [&'static str],
        title: &'static str,
        meaning: &'static str,
        check: &'static [&'static str],
        /// The ksdiag command that checks it: for the command line only.
        #[serde(skip_serializing_if = "Option::is_none")]
        command: Option<&'static str>,
        messages: Vec<MessageJson>,
    },
    ServerError {
        code: &'static str,
        meaning: &'static str,
        messages: Vec<MessageJson>,
        source: &'static str,
    },
    Permission {
        name: &'static str,
        meaning: &'static str,
        fix: String,
        source: &'static str,
    },
    Cause {
        code: &'static str,
        summary: &'static str,
        fix: &'static str,
    },
    Finding {
        code: &'static str,
        summary: &'static str,
    },
    Privilege {
        name: &'static str,
        meaning: &'static str,
        written: String,
        reserved: bool,
        reserved_words: &'static str,
        source: &'static str,
    },
}

/// What a code names as one JSON object (`{"kind": "kaltura_error" | "server_error" |
/// "permission" | "cause" | "finding" | "privilege", …, "see_also"?}`). In the API's voice
/// (the server, the page) the ksdiag command lines (`command`, `see_also`) are left out: an
/// answer names no flag.
pub fn json(found: &Found, voice: Voice) -> serde_json::Value {
    let cli = voice == Voice::Cli;
    let e = match *found {
        Found::Server(e) => Explained::KalturaError {
            codes: e.codes,
            title: e.title,
            meaning: e.meaning,
            check: e.check,
            command: cli.then_some(e.command),
            messages: e.codes.iter().flat_map(|c| messages(c)).collect(),
        },
        Found::Table(code) => Explained::ServerError {
            code,
            meaning: TABLE_MEANING,
            messages: messages(code),
            source: TABLE_SOURCE,
        },
        Found::Permission(name) => Explained::Permission {
            name,
            meaning: PERMISSION_MEANING,
            fix: permission_fix(name),
            source: PERMISSION_SOURCE,
        },
        Found::Cause(c) => Explained::Cause {
            code: c.as_str(),
            summary: c.summary(),
            fix: c.fix(),
        },
        Found::Finding(f) => Explained::Finding {
            code: f.as_str(),
            summary: f.summary(),
        },
        Found::Privilege(p) => Explained::Privilege {
            name: p.name,
            meaning: p.meaning,
            written: privilege_written(p),
            reserved: p.reserved,
            reserved_words: privilege_reserved(p),
            source: PRIVILEGE_SOURCE,
        },
    };
    let mut v = serde_json::to_value(e).unwrap_or(serde_json::Value::Null);
    if let (true, Some(also), serde_json::Value::Object(o)) = (cli, see_also(found), &mut v) {
        o.insert("see_also".into(), also.into());
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::lookup;

    fn human(code: &str) -> String {
        let mut out = Vec::new();
        let found = lookup(code);
        write(&mut out, &found[0]).unwrap_or_default();
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn the_human_and_json_words_of_a_code_are_the_same() {
        for code in [
            "INVALID_APP_TOKEN_HASH",
            "whitespace",
            "ks_expired",
            "setrole",
            "KMC_ACCESS",
            "ENTRY_ID_NOT_FOUND",
        ] {
            let found = lookup(code);
            let j = json(&found[0], Voice::Cli);
            let text = human(code);
            let field = ["meaning", "summary", "title"]
                .iter()
                .find_map(|k| j[*k].as_str())
                .unwrap_or("<none>");
            // A privilege's meaning is capitalized in the text.
            let field = capitalized(field);
            assert!(text.contains(&field), "{code}: {field:?} not in {text}");
            assert!(j["kind"].is_string(), "{code}: {j}");
        }
    }

    #[test]
    fn a_server_error_shares_its_name_with_a_finding_both_ways() {
        let j = json(&lookup("APP_TOKEN_EXPIRED")[0], Voice::Cli);
        assert_eq!(j["kind"], "kaltura_error");
        assert_eq!(
            j["see_also"],
            "ksdiag's finding or cause of the same name: ksdiag explain app_token_expired"
        );
        assert!(
            human("app_token_expired").contains("See also: the server's error of the same name")
        );
    }
}
