//! What each privilege name in a KS means, and notes on privileges that grant nothing.
//!
//! Sources: the `PRIVILEGE_*` constants of `kSessionBase` (server
//! `alpha/apps/kaltura/lib/request/kSessionBase.class.php`), the names `appToken.startSession`
//! reserves (`ks::retrieveAllowedAppSessionPrivileges`, spec kaltura-api.md section 5), and
//! `session.startWidgetSession` (`view:*,widget:1`, spec ks-format.md section 6.1).

use super::fields::Privilege;

/// What a privilege's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A switch: the name alone does it; a value is ignored.
    Flag,
    /// The name needs a value (ids, a number, an address): without one it grants nothing.
    Required,
}

/// One privilege name the server knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrivilegeInfo {
    /// The name as written in a KS (`sview`, `setrole`, ...).
    pub name: &'static str,
    /// What its value is.
    pub value: ValueKind,
    /// What it does, in words.
    pub meaning: &'static str,
    /// Reserved by the server: `appToken.startSession` does not let a request's
    /// `sessionPrivileges` set it (only the app token's own sessionPrivileges can).
    pub reserved: bool,
}

const fn p(
    name: &'static str,
    value: ValueKind,
    reserved: bool,
    meaning: &'static str,
) -> PrivilegeInfo {
    PrivilegeInfo {
        name,
        value,
        meaning,
        reserved,
    }
}

use ValueKind::{Flag, Required};

/// Every privilege name ksdiag knows, the server's reserved ones first, in the server's order.
pub const KNOWN_PRIVILEGES: &[PrivilegeInfo] = &[
    p(
        "edit",
        Required,
        true,
        "may edit the listed entries (entry ids separated by /; * for all) even when the session's user does not own them",
    ),
    p(
        "sview",
        Required,
        true,
        "may play the listed entries (entry ids; * for all) where an access-control profile demands a KS with this privilege",
    ),
    p(
        "list",
        Required,
        true,
        "entry and cue-point lists are not filtered to the session user's own objects (* lifts the filter)",
    ),
    p(
        "download",
        Required,
        true,
        "may download the listed entries (entry ids; * for all)",
    ),
    p(
        "downloadasset",
        Required,
        true,
        "may download the listed assets (asset ids); also makes the server's KS deterministic (expiry rounded to 300 s)",
    ),
    p(
        "editplaylist",
        Required,
        true,
        "may edit the entries of the listed playlists (playlist ids)",
    ),
    p(
        "sviewplaylist",
        Required,
        true,
        "may play the entries of the listed playlists (playlist ids)",
    ),
    p(
        "actionslimit",
        Required,
        true,
        "the KS works for at most this many API calls; then INVALID_KS with EXCEEDED_ACTIONS_LIMIT",
    ),
    p(
        "setrole",
        Required,
        true,
        "the session acts with the listed user role ids (from the partner's roles) instead of its user's roles",
    ),
    p(
        "restrictingrole",
        Required,
        true,
        "a user role id that restricts what the session may do",
    ),
    p(
        "limitentry",
        Required,
        true,
        "the KS works only for the listed entry ids (a widget with an entry adds it)",
    ),
    p(
        "iprestrict",
        Required,
        true,
        "the KS works only from this client IP address; else INVALID_KS with EXCEEDED_RESTRICTED_IP",
    ),
    p(
        "urirestrict",
        Required,
        true,
        "the KS works only for request URIs that match this; else INVALID_KS with EXCEEDED_RESTRICTED_URI",
    ),
    p(
        "enableentitlement",
        Flag,
        true,
        "entitlement is enforced for this session: it sees only entries in categories its user is entitled to",
    ),
    p(
        "disableentitlement",
        Flag,
        true,
        "entitlement is not enforced: the session sees every entry of the partner, whatever the categories",
    ),
    p(
        "disableentitlementforentry",
        Required,
        true,
        "entitlement is not enforced for the listed entry ids (startWidgetSession adds it for the widget's entry)",
    ),
    p(
        "disableentitlementforplaylist",
        Required,
        true,
        "entitlement is not enforced for the entries of the listed playlist ids",
    ),
    p(
        "privacycontext",
        Required,
        true,
        "the entitlement privacy context: which categories' membership decides what the session sees",
    ),
    p(
        "enablecategorymoderation",
        Flag,
        true,
        "category moderation rules apply to this session",
    ),
    p(
        "reftime",
        Required,
        true,
        "a reference time (unix seconds) used in place of now where scheduling is checked",
    ),
    p(
        "sessionkey",
        Required,
        true,
        "a key that ties this KS to a caller-defined session",
    ),
    p(
        "preview",
        Required,
        true,
        "plays only a preview of this many seconds (pay-per-view access control)",
    ),
    p(
        "sessionid",
        Required,
        true,
        "the session's id: appToken.startSession sets the app token id, and deleting that app token ends every such KS (INVALID_KS with LOGOUT)",
    ),
    p(
        "jobtype",
        Required,
        true,
        "the batch job types a batch worker's KS may handle (server internal)",
    ),
    p(
        "apptoken",
        Required,
        true,
        "the id of the app token this KS was started from (set by appToken.startSession)",
    ),
    p(
        "enablechangeaccount",
        Required,
        true,
        "may switch to the listed partner (account) ids",
    ),
    p("edituser", Required, true, "may edit the listed user ids"),
    p(
        "enablecaptionmoderation",
        Flag,
        true,
        "caption moderation rules apply to this session",
    ),
    p("editadmintags", Flag, true, "may set entries' admin tags"),
    p(
        "restrictexplicitliveview",
        Flag,
        true,
        "live entries with explicit live may be viewed only while they are broadcast",
    ),
    p(
        "virtualeventid",
        Required,
        true,
        "the virtual event this session belongs to",
    ),
    p(
        "searchcontext",
        Required,
        true,
        "the search context (eSearch) applied to this session's searches",
    ),
    p(
        "disablesessiontypecheck",
        Flag,
        true,
        "the session type is not checked where an action would demand one",
    ),
    p(
        "view",
        Required,
        false,
        "the widget privilege: view:* lets an anonymous session see every entry the widget may show (startWidgetSession writes view:*,widget:1)",
    ),
    p(
        "widget",
        Required,
        false,
        "marks a widget session: the server treats a USER KS with an anonymous user and the text widget:1 as one",
    ),
    p(
        "all",
        Required,
        false,
        "v2 writes * as all:*; the server reads it back as * (every privilege check that accepts * passes)",
    ),
];

/// The server's knowledge of `name`, when it is a known privilege.
pub fn privilege_info(name: &str) -> Option<&'static PrivilegeInfo> {
    KNOWN_PRIVILEGES.iter().find(|p| p.name == name)
}

/// A note on one privilege as written, for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivilegeNote {
    /// The name, as the server reads it.
    pub name: String,
    /// The values (after `:`, split on `/`).
    pub values: Vec<String>,
    /// What the name does, when the server knows it.
    pub meaning: Option<&'static str>,
    /// What is odd about it: an empty value that grants nothing, an unknown name, spaces.
    pub warning: Option<String>,
}

/// Explains each privilege of a parsed KS (`ServerFields::parsed_privileges`). An empty
/// privileges string (one privilege with an empty name) gives nothing.
///
/// ```
/// use ks_core::ks::{describe_privileges, parse_privileges};
/// let notes = describe_privileges(&parse_privileges(Some("setrole:881,sview:,mine:1")));
/// assert!(notes[0].meaning.unwrap().contains("role"));
/// assert!(notes[1].warning.as_deref().unwrap().contains("grants nothing"));
/// assert!(notes[2].warning.as_deref().unwrap().contains("not a privilege the server knows"));
/// ```
pub fn describe_privileges(privileges: &[Privilege]) -> Vec<PrivilegeNote> {
    privileges
        .iter()
        .filter(|p| !(p.name.is_empty() && p.values.is_empty()))
        .map(describe)
        .collect()
}

fn describe(p: &Privilege) -> PrivilegeNote {
    let info = privilege_info(&p.name);
    let has_value = p.values.iter().any(|v| !v.is_empty());
    let warning = match info {
        _ if p.name.is_empty() => Some(
            "an empty name (a stray ',' or ':'): it grants nothing".to_string(),
        ),
        // A user role's permission name pasted as a privilege (permission_names.rs).
        None if super::is_permission_name(&p.name) => Some(super::permission_warning(&p.name)),
        None if privilege_info(p.name.trim()).is_some() => Some(format!(
            "the name has spaces around it: the server does not trim, so {:?} is not {:?} and grants nothing",
            p.name,
            p.name.trim()
        )),
        None if privilege_info(&p.name.to_ascii_lowercase()).is_some() => Some(format!(
            "names are case-sensitive: {:?} is not {:?} and grants nothing",
            p.name,
            p.name.to_ascii_lowercase()
        )),
        None => Some(
            "not a privilege the server knows: kept in the KS and ignored by the server's own checks (fine for your application's own use)"
                .to_string(),
        ),
        Some(i) if i.value == Required && !has_value => Some(if p.values.is_empty() {
            format!(
                "no value: {} needs one (e.g. {}:*), so as written it grants nothing",
                i.name, i.name
            )
        } else {
            format!(
                "an empty value: {}: names nothing, so it grants nothing (use {}:* for all, or list ids)",
                i.name, i.name
            )
        }),
        Some(_) => None,
    };
    PrivilegeNote {
        name: p.name.clone(),
        values: p.values.clone(),
        meaning: info.map(|i| i.meaning),
        warning,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ks::parse_privileges;

    fn warning(list: &str) -> Option<String> {
        describe_privileges(&parse_privileges(Some(list)))
            .pop()
            .and_then(|n| n.warning)
    }

    #[test]
    fn empty_values_grant_nothing_and_flags_need_none() {
        assert!(warning("sview:").unwrap().contains("grants nothing"));
        assert!(warning("list").unwrap().contains("no value"));
        assert_eq!(warning("disableentitlement"), None);
        assert_eq!(warning("sview:*"), None);
        assert_eq!(warning("setrole:88112"), None);
    }

    #[test]
    fn unknown_spaced_and_uppercase_names_are_named() {
        assert!(warning("myapp:1").unwrap().contains("not a privilege"));
        assert!(warning(" view:*").unwrap().contains("spaces"));
        assert!(warning("SVIEW:*").unwrap().contains("case-sensitive"));
        assert!(describe_privileges(&parse_privileges(Some(""))).is_empty());
    }

    #[test]
    fn permission_names_pasted_as_privileges_grant_nothing_and_point_at_setrole() {
        for list in [
            "BASE_USER_SESSION_PERMISSION",
            "KMC_ACCESS:*",
            " WIDGET_SESSION_PERMISSION",
        ] {
            let w = warning(list).unwrap();
            assert!(
                w.contains("permission name")
                    && w.contains("grants nothing")
                    && w.contains("setrole:<roleId>"),
                "{list}: {w}"
            );
        }
    }

    #[test]
    fn the_reserved_list_of_app_token_start_session_is_known() {
        // kaltura-api.md section 5: names a request's sessionPrivileges may not set.
        let reserved = "edit sview list download downloadasset editplaylist sviewplaylist actionslimit setrole \
            restrictingrole limitentry iprestrict urirestrict enableentitlement disableentitlement disableentitlementforentry \
            disableentitlementforplaylist privacycontext enablecategorymoderation reftime sessionkey preview sessionid jobtype \
            apptoken enablechangeaccount edituser enablecaptionmoderation editadmintags restrictexplicitliveview \
            virtualeventid searchcontext disablesessiontypecheck";
        for name in reserved.split_whitespace() {
            assert!(privilege_info(name).is_some_and(|i| i.reserved), "{name}");
        }
        assert!(!privilege_info("view").unwrap().reserved);
        assert!(!privilege_info("widget").unwrap().reserved);
    }
}
