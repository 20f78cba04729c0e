//! Kaltura's error codes in plain words, as the server and its logs print them. Sources:
//! KalturaErrors.php (codes, messages), AppTokenService.php (the check order),
//! kSessionBase.class.php and kSessionUtils.class.php (the KS error numbers and names),
//! KalturaFrontController.php (every KS failure reported as -1,INVALID_STR); spec
//! ks-format.md sections 5 and 6.3, kaltura-api.md sections 5 and 7.

/// One error code: what it means and what to check.
#[derive(Debug)]
pub struct Entry {
    /// The spellings that find this entry (upper case).
    pub codes: &'static [&'static str],
    /// `CODE: the message the server prints`.
    pub title: &'static str,
    /// What it means for the call.
    pub meaning: &'static str,
    /// What to check, in order.
    pub check: &'static [&'static str],
    /// The ksdiag command that checks it.
    pub command: &'static str,
}

impl Entry {
    /// The title's code part: `INVALID_KS`, `EXPIRED (-5)`.
    pub fn name(&self) -> &'static str {
        self.title
            .split_once(": ")
            .map_or(self.title, |(name, _)| name)
    }

    /// The title without its leading code: the message the server prints.
    pub fn message(&self) -> &'static str {
        self.title
            .split_once(": ")
            .map_or(self.title, |(_, rest)| rest)
    }
}

const KS_REASON: &str = "The server reports it as INVALID_KS, Error \"-1,INVALID_STR\", with this name in the first slot (Invalid KS \"NAME\"). The hash was not checked.";

/// Every code `explain` knows, in the order it lists them.
pub const TABLE: &[Entry] = &[
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
        title: "APP_TOKEN_ID_NOT_FOUND: Application token id \"ID\" not found",
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
        title: "APP_TOKEN_NOT_ACTIVE: Application token id \"ID\" not active",
        meaning: "The app token's status is not ACTIVE (2): it is DISABLED (1) or DELETED (3). The hash was not checked.",
        check: &[
            "appToken.get shows status 2",
            "re-enable it or create a new one with appToken.add",
        ],
        command: "ksdiag diagnose ... --app-token token.json   # reports app_token_inactive",
    },
    Entry {
        codes: &["APP_TOKEN_EXPIRED"],
        title: "APP_TOKEN_EXPIRED: Application token id \"ID\" expired",
        meaning: "The server's answer when the hash was right but the app token's expiry has passed. This check runs after the hash check, so a wrong hash on an expired token gives INVALID_APP_TOKEN_HASH first. The server reads any expiry within ten years of 0 as relative to the time it was stored: an app token added with \"expiry\": 0 expired the moment it was made.",
        check: &[
            "appToken.get: expiry is absent (none) or in the future",
            "set expiry as an absolute unix time, or leave it out; never 0",
            "create a new app token",
        ],
        command: "ksdiag diagnose ... --app-token token.json   # reports app_token_expired",
    },
    Entry {
        codes: &["INVALID_KS", "-1", "INVALID_STR", "-1,INVALID_STR"],
        title: "INVALID_KS: Invalid KS \"...\", Error \"-1,INVALID_STR\"",
        meaning: "Every KS failure is reported as -1,INVALID_STR; the real reason is in the first slot: the KS itself when it could not be parsed or its signature did not match, or EXPIRED, LOGOUT, EXCEEDED_RESTRICTED_IP, ... when it parsed but is not valid. The hash was not checked.",
        check: &[
            "a KS that parses (ksdiag decode reads it) and has not expired: it was signed with another admin secret than the partner's (a rotated or stale secret, another partner's, or for a system partner such as -5 not that partner's own); decode it with the partner's admin secret to check its signature",
            "the KS was sent whole and exactly as returned: URL-encoded in a URL (a '+' sent raw becomes a space), without quotes, without JSON's \\/ escapes",
            "the KS has not expired (ksdiag decode shows valid_until)",
            "the KS was not ended with session.end, and its app token was not deleted (LOGOUT)",
            "on session.startWidgetSession (the message then reads Invalid KS [...]. Error [...]): it needs no KS, but checks any KS sent; a stale KS still set on the client rides along and fails: send none (clear the client's KS before startWidgetSession)",
        ],
        command: "ksdiag decode KS --admin-secret env:ADMIN_SECRET",
    },
    Entry {
        codes: &["-5", "EXPIRED", "-5,EXPIRED"],
        title: "EXPIRED (-5): the KS's valid_until is in the past",
        meaning: "Reported as INVALID_KS with \"EXPIRED\" in the first slot. Widget sessions last 86400 s unless the partner caps them.",
        check: &[
            "start a fresh widget session right before appToken.startSession",
            "on session.startWidgetSession itself: a stale KS still set on the client was sent along; startWidgetSession needs none, so send none (clear the client's KS first)",
            "the client's clock does not matter; the server's does",
        ],
        command: "ksdiag decode KS --now $(date +%s)",
    },
    Entry {
        codes: &["-6", "LOGOUT", "-6,LOGOUT"],
        title: "LOGOUT (-6): the KS was ended",
        meaning: KS_REASON,
        check: &[
            "session.end was called with this KS",
            "the app token it was started from was deleted: that ends every KS with privilege sessionid:<id>",
        ],
        command: "ksdiag decode KS   # shows the sessionid privilege",
    },
    Entry {
        codes: &["-8", "EXCEEDED_ACTIONS_LIMIT"],
        title: "EXCEEDED_ACTIONS_LIMIT (-8): the KS has been used for more calls than it allows",
        meaning: KS_REASON,
        check: &["the KS's actionslimit privilege; start a new session"],
        command: "ksdiag decode KS",
    },
    Entry {
        codes: &["-9", "EXCEEDED_RESTRICTED_IP"],
        title: "EXCEEDED_RESTRICTED_IP (-9): the KS is restricted to another IP address",
        meaning: KS_REASON,
        check: &[
            "the KS's iprestrict privilege names the address the server sees the call from (behind a proxy it may differ)",
        ],
        command: "ksdiag decode KS",
    },
    Entry {
        codes: &["-11", "EXCEEDED_RESTRICTED_URI"],
        title: "EXCEEDED_RESTRICTED_URI (-11): the KS is restricted to other request URIs",
        meaning: KS_REASON,
        check: &["the KS's urirestrict privilege matches the request's URI"],
        command: "ksdiag decode KS",
    },
    Entry {
        codes: &["-2", "INVALID_PARTNER"],
        title: "INVALID_PARTNER (-2): the KS's partner does not fit the request",
        meaning: KS_REASON,
        check: &["the KS's partner id is the partner the call is for"],
        command: "ksdiag decode KS",
    },
    Entry {
        codes: &["MISSING_KS"],
        title: "MISSING_KS: Missing KS, session not established",
        meaning: "appToken.startSession must carry the widget KS in its ks parameter; the tokenHash is computed over that KS.",
        check: &["the request has ks=<widget KS>"],
        command: "ksdiag diagnose --example",
    },
    Entry {
        codes: &["MISSING_MANDATORY_PARAMETER"],
        title: "MISSING_MANDATORY_PARAMETER: Missing parameter \"NAME\"",
        meaning: "appToken.startSession needs id and tokenHash (spelled exactly so: the server ignores tokenhash or token_hash).",
        check: &["the request has id=<app token id> and tokenHash=<hex>"],
        command: "ksdiag diagnose --url 'THE REQUEST' --token env:TOKEN",
    },
    Entry {
        codes: &["INVALID_ENUM_VALUE"],
        title: "INVALID_ENUM_VALUE: Invalid enumeration value \"V\" for parameter \"P\", expecting enumeration type \"T\"",
        meaning: "On appToken.add or update: hashType must be exactly SHA1, MD5, SHA256 or SHA512 (upper case; the server matches case-sensitively).",
        check: &["appToken hashType spelled in upper case, e.g. SHA256"],
        command: "ksdiag explain wrong_hash_type",
    },
    Entry {
        codes: &["SERVICE_FORBIDDEN"],
        title: "SERVICE_FORBIDDEN: The access to service [SERVICE->ACTION] is forbidden",
        meaning: "Not about the hash. appToken.startSession without any KS gets it; later calls with the KS from appToken.startSession get it when the app token's sessionPrivileges or sessionType do not allow them.",
        check: &[
            "the startSession request carries a KS (a widget KS will do)",
            "the app token's sessionPrivileges and sessionType",
            "the role set with setrole",
        ],
        command: "ksdiag decode KS --admin-secret env:ADMIN_SECRET",
    },
    Entry {
        codes: &["INVALID_WIDGET_ID", "START_WIDGET_SESSION_ERROR"],
        title: "INVALID_WIDGET_ID: Unknown widget [WIDGET_ID]",
        meaning: "session.startWidgetSession found no widget with this id on the server that was called (SessionService::startWidgetSession, APIErrors::INVALID_WIDGET_ID). START_WIDGET_SESSION_ERROR, \"error while starting session for widget id [ID]\", is the rarer failure to make the KS after the widget was found.",
        check: &[
            "widgetId is \"_\" followed by the partner id (the partner's default widget), with the underscore",
            "the service URL is the server that hosts your partner: a Kaltura SaaS partner lives in one region (www.kaltura.com, or its region's own host), a self-hosted partner on its own server; the same widget id is unknown on another region's or server's URL",
            "the partner id is typed right (ksdiag decode shows a KS's partner)",
        ],
        command: "ksdiag decode KS   # the partner id a widget KS belongs to",
    },
    Entry {
        codes: &["START_SESSION_ERROR"],
        title: "START_SESSION_ERROR: Error while starting session for partner [PID]",
        meaning: "The hash was accepted, but the server could not build the new KS. Practically unreachable; it points at the partner's configuration.",
        check: &["the partner exists and has an admin secret"],
        command: "ksdiag explain INVALID_APP_TOKEN_HASH",
    },
];

/// The entry for a code as the server, its logs or a user write it: `INVALID_KS`,
/// `-1,INVALID_STR`, `Error "-5,EXPIRED"`, `KalturaErrors::APP_TOKEN_EXPIRED`, or a whole
/// `Invalid KS "EXPIRED", Error "-1,INVALID_STR"` message (the reason in the first slot wins).
pub fn find(raw: &str) -> Option<&'static Entry> {
    let t = raw.trim();
    let by = |code: &str| {
        let c = code
            .trim()
            .trim_matches(|c: char| c == '"' || c == '\'' || c == '[' || c == ']')
            .trim()
            .trim_start_matches("KalturaErrors::")
            .trim_start_matches("APIErrors::")
            .to_ascii_uppercase();
        TABLE.iter().find(|e| e.codes.contains(&c.as_str()))
    };
    if let Some(e) = by(t) {
        return Some(e);
    }
    // Either INVALID_KS template (KalturaErrors' `Invalid KS "…", Error "…"`, APIErrors'
    // `Invalid KS […]. Error […]`): the first slot's reason, else the KS check's name.
    let m =
        ks_core::kaltura_errors::match_message(t).or_else(|| ks_core::kaltura_errors::find_in(t));
    if let Some(m) = m.filter(|m| m.template.code == "INVALID_KS") {
        let reason = m.arg("KSID").and_then(by);
        let check = m
            .arg("ERR_DESC")
            .filter(|d| *d != "INVALID_STR")
            .and_then(by);
        return reason.or(check).or_else(|| by("INVALID_KS"));
    }
    // Invalid KS "EXPIRED", Error "-1,INVALID_STR": the first slot names the reason when the
    // KS parsed; otherwise it is the KS itself.
    if let Some(slot) = quoted_after(t, "Invalid KS \"") {
        return by(&slot).or_else(|| by("INVALID_KS"));
    }
    if let Some(err) = quoted_after(t, "Error \"") {
        return by(&err).or_else(|| err.split(',').find_map(by));
    }
    // A message as the server's log prints it (the log has no code), alone or inside the
    // exception line: exception 'KalturaAPIException' with message '…' in /path:N.
    let message = t.split_once("with message '").map_or(t, |(_, rest)| {
        rest.rsplit_once("' in ").map_or(rest, |(m, _)| m)
    });
    if let Some(e) = ks_core::intake::read_error::from_message(message).or_else(|| {
        ks_core::intake::error_text::read(message, ks_core::intake::error_text::Scope::LogLine)
    }) {
        return by(&e.code);
    }
    t.split(',').rev().find_map(by)
}

fn quoted_after(text: &str, lead: &str) -> Option<String> {
    let start = text.find(lead)? + lead.len();
    let end = text[start..].find('"')? + start;
    Some(text[start..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn codes_as_servers_and_logs_print_them() {
        let title = |s: &str| find(s).map(|e| e.codes[0]);
        assert_eq!(title("-1,INVALID_STR"), Some("INVALID_KS"));
        assert_eq!(title("Error \"-1,INVALID_STR\""), Some("INVALID_KS"));
        assert_eq!(title("invalid_ks"), Some("INVALID_KS"));
        assert_eq!(title("-5,EXPIRED"), Some("-5"));
        assert_eq!(
            title("Invalid KS \"EXPIRED\", Error \"-1,INVALID_STR\""),
            Some("-5")
        );
        assert_eq!(
            title("Invalid KS \"djJ8MTIz\", Error \"-1,INVALID_STR\""),
            Some("INVALID_KS")
        );
        assert_eq!(
            title("KalturaErrors::APP_TOKEN_EXPIRED"),
            Some("APP_TOKEN_EXPIRED")
        );
        assert_eq!(
            title("Invalid application token hash"),
            Some("INVALID_APP_TOKEN_HASH")
        );
        assert_eq!(
            title(
                "exception 'KalturaAPIException' with message 'Application token id \"0_x\" expired' in /opt/kaltura/app/api_v3/services/AppTokenService.php:170"
            ),
            Some("APP_TOKEN_EXPIRED")
        );
        assert_eq!(
            title("Invalid KS [djJ8MTIz]. Error [-5,EXPIRED]"),
            Some("-5")
        );
        assert_eq!(title("Unknown widget [_77]"), Some("INVALID_WIDGET_ID"));
        assert_eq!(title("nope"), None);
    }
}
