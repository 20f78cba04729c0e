//! `ksdiag explain CODE`: Kaltura error codes in plain words. Sources: KalturaErrors.php,
//! AppTokenService.php, kSessionBase.class.php (spec ks-format.md sections 5 and 6.3).

use crate::cli::ExplainArgs;
use anyhow::{Result, bail};
use ks_core::diagnose::{CauseCode, FindingCode};
use std::io::Write;
use std::process::ExitCode;

struct Entry {
    codes: &'static [&'static str],
    title: &'static str,
    meaning: &'static str,
    check: &'static [&'static str],
    command: &'static str,
}

const TABLE: &[Entry] = &[
    Entry {
        codes: &["INVALID_APP_TOKEN_HASH"],
        title: "INVALID_APP_TOKEN_HASH: Invalid application token hash",
        meaning: "The KS parsed and is valid, the token id exists for the KS's partner and is active: only the tokenHash string is wrong. The server compares lowercase_hex(H(KS + token)) strictly, H being the app token's hashType (SHA1 by default).",
        check: &[
            "the algorithm is the app token's hashType (SHA1 when none was set)",
            "the order is KS first, then the token; nothing between, no newline (echo -n)",
            "the KS hashed is exactly the KS sent with this request (each startWidgetSession returns a new one)",
            "you hash the token value, not the app token id; the hex is lowercase",
        ],
        command: "ksdiag diagnose --ks env:KS --token env:TOKEN --hash VALUE --app-token token.json",
    },
    Entry {
        codes: &["APP_TOKEN_ID_NOT_FOUND"],
        title: "APP_TOKEN_ID_NOT_FOUND: Application token id [ID] not found",
        meaning: "No app token with this id exists for the partner of the KS sent. The hash was not checked.",
        check: &[
            "the id (like 0_abcd1234) is the app token's id",
            "the widget KS belongs to the same partner as the app token (widget id _<partnerId>)",
            "the app token was not deleted",
        ],
        command: "ksdiag decode KS   # shows the KS's partner id",
    },
    Entry {
        codes: &["APP_TOKEN_NOT_ACTIVE"],
        title: "APP_TOKEN_NOT_ACTIVE: Application token id [ID] is not active",
        meaning: "The app token's status is not ACTIVE (2): it is DISABLED (1) or DELETED (3). The hash was not checked.",
        check: &[
            "appToken.get shows status 2",
            "re-enable it or create a new one with appToken.add",
        ],
        command: "ksdiag diagnose ... --app-token token.json   # reports app_token_inactive",
    },
    Entry {
        codes: &["APP_TOKEN_EXPIRED"],
        title: "APP_TOKEN_EXPIRED: Application token id [ID] expired",
        meaning: "The hash was right, but the app token's expiry has passed. This check runs after the hash check.",
        check: &[
            "appToken.get: expiry is 0 (none) or in the future",
            "create a new app token",
        ],
        command: "ksdiag diagnose ... --app-token token.json   # reports app_token_expired",
    },
    Entry {
        codes: &["INVALID_KS", "-1", "INVALID_STR"],
        title: "INVALID_KS: Invalid KS \"...\", Error \"-1,INVALID_STR\"",
        meaning: "Every KS failure is reported as -1,INVALID_STR; the real reason is in the first slot: the KS itself when it could not be parsed, or EXPIRED, LOGOUT, EXCEEDED_RESTRICTED_IP, ... when it parsed but is not valid. The hash was not checked.",
        check: &[
            "the KS was sent whole and URL-encoded (a '+' sent raw becomes a space)",
            "the KS has not expired (ksdiag decode shows valid_until)",
            "the KS was not ended with session.end",
        ],
        command: "ksdiag decode KS",
    },
    Entry {
        codes: &["-5", "EXPIRED"],
        title: "EXPIRED (-5): the KS's valid_until is in the past",
        meaning: "Reported as INVALID_KS with \"EXPIRED\" in the first slot. Widget sessions last 86400 s unless the partner caps them.",
        check: &[
            "start a fresh widget session right before appToken.startSession",
            "the client's clock does not matter; the server's does",
        ],
        command: "ksdiag decode KS --now $(date +%s)",
    },
    Entry {
        codes: &["MISSING_KS"],
        title: "MISSING_KS: no KS on a request that needs one",
        meaning: "appToken.startSession must carry the widget KS in its ks parameter; the tokenHash is computed over that KS.",
        check: &["the request has ks=<widget KS>"],
        command: "ksdiag diagnose --example",
    },
    Entry {
        codes: &["SERVICE_FORBIDDEN"],
        title: "SERVICE_FORBIDDEN: the service/action is not allowed for this KS",
        meaning: "Not about the hash. Later calls with the KS from appToken.startSession fail when the app token's sessionPrivileges or sessionType do not allow them.",
        check: &[
            "the app token's sessionPrivileges and sessionType",
            "the role set with setrole",
        ],
        command: "ksdiag decode KS --admin-secret env:ADMIN_SECRET",
    },
    Entry {
        codes: &["START_WIDGET_SESSION_ERROR", "INVALID_WIDGET_ID"],
        title: "INVALID_WIDGET_ID / START_WIDGET_SESSION_ERROR: the widget does not exist",
        meaning: "session.startWidgetSession needs a widget id, usually _<partnerId> (with the underscore).",
        check: &["widgetId is \"_\" followed by the partner id"],
        command: "ksdiag explain INVALID_APP_TOKEN_HASH",
    },
];

/// A ksdiag cause or finding code, explained from the engine's own tables.
fn explain_ksdiag_code(code: &str, out: &mut impl Write) -> Result<bool> {
    let code = code.trim().to_ascii_lowercase();
    if let Some(c) = CauseCode::ALL.iter().find(|c| c.as_str() == code) {
        writeln!(
            out,
            "{} (a cause: how the tokenHash was computed wrong)\n",
            c.as_str()
        )?;
        writeln!(out, "{}.\n\nFix:\n  {}", capitalized(c.summary()), c.fix())?;
        return Ok(true);
    }
    if let Some(f) = FindingCode::ALL.iter().find(|f| f.as_str() == code) {
        writeln!(
            out,
            "{} (a finding: a problem beside the hash)\n",
            f.as_str()
        )?;
        writeln!(out, "{}", f.summary())?;
        return Ok(true);
    }
    Ok(false)
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|first| first.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

pub fn run(a: ExplainArgs) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    if explain_ksdiag_code(&a.code, &mut out)? {
        return Ok(ExitCode::from(crate::EXIT_OK));
    }
    let wanted = a
        .code
        .trim()
        .trim_start_matches("KalturaErrors::")
        .to_ascii_uppercase();
    let Some(e) = TABLE.iter().find(|e| e.codes.iter().any(|c| *c == wanted)) else {
        let known: Vec<&str> = TABLE.iter().flat_map(|e| e.codes.iter().copied()).collect();
        bail!(
            "unknown error code {:?}; known codes: {}; hint: ksdiag's own cause and finding codes (e.g. whitespace, ks_expired) are explained too",
            a.code,
            known.join(", ")
        );
    };
    writeln!(out, "{}\n\n{}\n\nCheck:", e.title, e.meaning)?;
    for c in e.check {
        writeln!(out, "  - {c}")?;
    }
    writeln!(out, "\nTry:\n  {}", e.command)?;
    Ok(ExitCode::from(crate::EXIT_OK))
}
