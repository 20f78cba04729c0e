//! The KS members as the server's `kSessionBase` holds them after parsing.

use super::php;

/// One privilege and its `/`-separated values, as in `kSessionBase::$parsedPrivileges`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Privilege {
    /// The name before the first `:` (spaces kept, as the server keeps them).
    pub name: String,
    /// The values after `:` split on `/`; empty when there was no `:`.
    pub values: Vec<String>,
}

/// KS members exactly as the server reads them: text or null (`None`), never reinterpreted.
///
/// A v1 user id containing `;` shifts the later members, so e.g. `master_partner_id` can hold
/// arbitrary text; this struct keeps what the server keeps and leaves typing to the caller.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServerFields {
    /// `partner_id`.
    pub partner_id: Option<String>,
    /// `partner_pattern` (v1 field 1; always null in v2).
    pub partner_pattern: Option<String>,
    /// `valid_until`, absolute unix seconds as text.
    pub valid_until: Option<String>,
    /// `type`: `0` USER, `2` ADMIN.
    pub ks_type: Option<String>,
    /// `rand`: v1 field 4; v2 the hex of the 16 random bytes.
    pub rand: Option<String>,
    /// `user`.
    pub user: Option<String>,
    /// `privileges` as the server holds it (v2: rebuilt from the fields).
    pub privileges: Option<String>,
    /// `master_partner_id`.
    pub master_partner_id: Option<String>,
    /// `additional_data`.
    pub additional_data: Option<String>,
    /// `hash`: v1 the signature text; v2 the hex of the inner SHA-1.
    pub hash: String,
    /// `parsedPrivileges`, in the server's order.
    pub parsed_privileges: Vec<Privilege>,
}

impl ServerFields {
    /// `kSessionBase::isAdmin()`: `type >= 1` under PHP 8 comparison rules.
    pub fn is_admin(&self) -> bool {
        php::loose_ge_int(self.ks_type.as_deref(), 1)
    }

    /// `kSessionBase::isAnonymousSession()`: user is `''`, `'0'` or null (strict).
    pub fn is_anonymous(&self) -> bool {
        matches!(self.user.as_deref(), None | Some("") | Some("0"))
    }

    /// `kSessionBase::isWidgetSession()`: `type == 0`, anonymous, and privileges contain the
    /// substring `widget:1` (so `widget:10` counts too, as on the server).
    pub fn is_widget_session(&self) -> bool {
        php::loose_eq_int(self.ks_type.as_deref(), 0)
            && self.is_anonymous()
            && self
                .privileges
                .as_deref()
                .is_some_and(|p| p.contains("widget:1"))
    }

    /// `valid_until` as an integer, when it is one.
    pub fn valid_until_unix(&self) -> Option<i64> {
        self.valid_until
            .as_deref()
            .and_then(|v| v.trim().parse().ok())
    }

    /// `kSessionBase::isValidBase`: expired when `valid_until <= now` (PHP 8 comparison; a
    /// missing expiry counts as expired, as `null <= time()` is true).
    pub fn is_expired(&self, now_unix: i64) -> bool {
        match self.valid_until.as_deref() {
            None => true,
            Some(v) => match php::numeric_value(v) {
                Some(x) => x <= now_unix as f64,
                None => v.as_bytes() <= now_unix.to_string().as_bytes(),
            },
        }
    }

    /// The session type as an integer, when it is one.
    pub fn ks_type_int(&self) -> Option<i64> {
        self.ks_type.as_deref().and_then(|v| v.parse().ok())
    }
}
