//! `explain`'s lookup: what a code names (a Kaltura error, a code of the server's wider error
//! table, a Kaltura permission, a ksdiag cause or finding, a KS privilege), in the order a
//! user most likely meant it, and what to say when it names nothing. The renderings are in
//! [`crate::render_explain`]; the CLI's `ksdiag explain CODE` and the server read the same
//! lookup.

use crate::explain_codes::{self, Entry};
use crate::source_words::Voice;
use ks_core::diagnose::{CauseCode, FindingCode};
use ks_core::kaltura_errors;
use ks_core::ks::{KNOWN_PRIVILEGES, PrivilegeInfo, privilege_info};

/// What a code names.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Found {
    /// A Kaltura error of appToken.startSession's checks, explained by hand
    /// ([`explain_codes::TABLE`]).
    Server(&'static Entry),
    /// A code of the wider API (the server's error table), without a hand-written entry.
    Table(&'static str),
    /// A Kaltura permission name (what a user role grants).
    Permission(&'static str),
    /// A ksdiag cause code.
    Cause(CauseCode),
    /// A ksdiag finding code.
    Finding(FindingCode),
    /// A KS privilege name.
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

/// Everything `code` names, the likeliest first. Lower-case input is ksdiag's vocabulary
/// first; upper case (as servers and logs print codes) is Kaltura's first:
/// `APP_TOKEN_EXPIRED` is the server's error, `app_token_expired` ksdiag's finding.
pub fn lookup(code: &str) -> Vec<Found> {
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

/// What to say when `code` names nothing: the nearest word explain knows, else the codes of
/// appToken.startSession and what else can be asked. The command line's words add the
/// command to run; the API's name no command.
pub fn unknown(code: &str, voice: Voice) -> String {
    let cli = voice == Voice::Cli;
    if let Some(near) = nearest_word(code) {
        if !cli {
            return format!("unknown code {code:?}; did you mean {near}?");
        }
        return format!(
            "unknown code {code:?}; did you mean {near}? hint: `ksdiag explain {near}`; `ksdiag explain` with no code lists them all"
        );
    }
    let known: Vec<&str> = explain_codes::TABLE.iter().map(Entry::name).collect();
    let also = "every code the server sends, ksdiag's own cause and finding codes (e.g. whitespace, ks_expired), KS privilege names (e.g. setrole) and Kaltura permission names are explained too";
    if !cli {
        return format!(
            "unknown error code {code:?}; known Kaltura codes of appToken.startSession: {}; {also}",
            known.join(", ")
        );
    }
    format!(
        "unknown error code {code:?}; known Kaltura codes of appToken.startSession: {}; hint: {also}; `ksdiag explain` with no code lists them all",
        known.join(", ")
    )
}

/// The other thing of the same name (the server's `APP_TOKEN_EXPIRED` and ksdiag's
/// `app_token_expired`), as a line to add.
pub fn see_also(found: &Found) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_case_is_kaltura_s_code_first_and_lower_case_ksdiag_s() {
        let upper = lookup("APP_TOKEN_EXPIRED");
        assert!(matches!(upper.first(), Some(Found::Server(_))), "{upper:?}");
        let lower = lookup("app_token_expired");
        assert!(
            matches!(
                lower.first(),
                Some(Found::Finding(FindingCode::AppTokenExpired))
            ),
            "{lower:?}"
        );
        assert!(matches!(
            lookup("whitespace").first(),
            Some(Found::Cause(CauseCode::Whitespace))
        ));
        assert!(
            matches!(lookup("setrole:3").first(), Some(Found::Privilege(p)) if p.name == "setrole")
        );
        assert!(matches!(
            lookup("KMC_ACCESS").first(),
            Some(Found::Permission("KMC_ACCESS"))
        ));
    }

    #[test]
    fn a_typo_is_answered_with_the_nearest_code() {
        assert!(lookup("INVALID_APP_TOKN_HASH").is_empty());
        let m = unknown("INVALID_APP_TOKN_HASH", Voice::Cli);
        assert!(m.contains("did you mean INVALID_APP_TOKEN_HASH?"), "{m}");
        let api = unknown("INVALID_APP_TOKN_HASH", Voice::Api);
        assert_eq!(
            api,
            "unknown code \"INVALID_APP_TOKN_HASH\"; did you mean INVALID_APP_TOKEN_HASH?"
        );
    }
}
