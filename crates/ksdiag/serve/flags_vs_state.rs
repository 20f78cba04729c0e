//! `--state` wins: a `--partner` or `--app-token` whose id the state file already holds is
//! not applied, so a token deleted with appToken.delete stays deleted and one changed by
//! appToken.update keeps its change across restarts. Flags only add ids the file lacks; when
//! a flag says something else for an id the file holds, one warning line names the id and
//! what differs (never a secret or a token).

use ks_api::{Partner, StoredToken};
use std::path::Path;

/// The fields in which `flag` differs from `held`, by their appToken names. `flag` was built
/// as if stored when `held` was (same createdAt base), so a relative expiry compares equal.
pub fn token_differences(held: &StoredToken, flag: &StoredToken) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut check = |differs: bool, name: &'static str| {
        if differs {
            out.push(name);
        }
    };
    check(held.token != flag.token, "token");
    check(held.partner_id != flag.partner_id, "partnerId");
    check(held.status != flag.status, "status");
    check(held.expiry != flag.expiry, "expiry");
    check(held.hash_type_name() != flag.hash_type_name(), "hashType");
    check(held.session_type != flag.session_type, "sessionType");
    check(
        held.session_user_id != flag.session_user_id,
        "sessionUserId",
    );
    check(
        held.session_duration != flag.session_duration,
        "sessionDuration",
    );
    check(
        held.session_privileges != flag.session_privileges,
        "sessionPrivileges",
    );
    check(held.description != flag.description, "description");
    check(held.created_at != flag.created_at, "createdAt");
    out
}

fn status_name(status: i64) -> String {
    match status {
        1 => "1 (DISABLED)".into(),
        2 => "2 (ACTIVE)".into(),
        3 => "3 (DELETED)".into(),
        n => n.to_string(),
    }
}

/// The warning for an app token the file holds and the flag describes otherwise.
pub fn token_warning(held: &StoredToken, fields: &[&str], state: &Path) -> String {
    let mut what = fields.join(", ");
    if fields == ["status"] {
        what = format!("status: {} in the file", status_name(held.status));
    }
    format!(
        "warning: --app-token {id}: the --state file {path} holds app token {id} with another {what}; the state file's version is kept (changes made through the API, such as appToken.update or appToken.delete, survive restarts); to start over from the flags, delete {path}, or give the token another id",
        id = held.id,
        path = state.display(),
    )
}

/// The warning for a partner the file holds with another admin secret, or `None`.
pub fn partner_warning(held: &Partner, flag: &Partner, state: &Path) -> Option<String> {
    (held.admin_secret != flag.admin_secret).then(|| {
        format!(
            "warning: --partner {id}: the --state file {path} holds partner {id} with another admin secret; the state file's secret is kept; to start over from the flags, delete {path}, or use another partner id",
            id = held.id,
            path = state.display(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> StoredToken {
        StoredToken {
            hash_type: Some("SHA256".into()),
            ..StoredToken::active("0_abc", "4f1c3a9e8b7d6c5b4a39281706f5e4d3", 7, 100)
        }
    }

    #[test]
    fn a_deleted_token_differs_in_status_only_and_the_warning_hides_the_token() {
        let flag = token();
        let held = StoredToken {
            status: 3,
            updated_at: 500,
            ..token()
        };
        let fields = token_differences(&held, &flag);
        assert_eq!(fields, ["status"]);
        let w = token_warning(&held, &fields, Path::new("s.json"));
        assert!(w.contains("0_abc") && w.contains("3 (DELETED)"), "{w}");
        assert!(!w.contains(&held.token), "{w}");
    }

    #[test]
    fn an_unset_hash_type_reads_as_sha1() {
        let held = StoredToken {
            hash_type: Some("SHA1".into()),
            ..token()
        };
        let flag = StoredToken {
            hash_type: None,
            ..token()
        };
        assert!(token_differences(&held, &flag).is_empty());
    }

    #[test]
    fn another_admin_secret_warns_without_either_secret() {
        let held = Partner {
            id: 5,
            admin_secret: "held-secret".into(),
            user_secret: None,
        };
        let flag = Partner {
            admin_secret: "flag-secret".into(),
            ..held.clone()
        };
        let w = partner_warning(&held, &flag, Path::new("s.json")).unwrap_or_default();
        assert!(
            w.contains("partner 5") && w.contains("delete s.json"),
            "{w}"
        );
        assert!(
            !w.contains("held-secret") && !w.contains("flag-secret"),
            "{w}"
        );
        assert!(partner_warning(&held, &held, Path::new("s.json")).is_none());
    }
}
