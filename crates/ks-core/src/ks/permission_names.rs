//! Kaltura's permission names (`BASE_USER_SESSION_PERMISSION`, `KMC_ACCESS`, ...): what a
//! user role grants, never a KS privilege. People paste them into a KS's privileges or an app
//! token's sessionPrivileges; there they are an unknown privilege name that grants nothing.
//! The way to grant them is a role that has them (`userRole.add` with `permissionNames`) and
//! `setrole:<roleId>` in the privileges.
//!
//! The list is `permission_names.txt`, written by `scripts/kaltura-permissions.py` from
//! kaltura/server's alpha/lib/enums/PermissionName.php, deployment/base/scripts/init_data/
//! 02.Permission.ini and 03.UserRole.ini, and the permissionItem lists of
//! deployment/permissions/*.ini.

use std::sync::LazyLock;

const DATA: &str = include_str!("permission_names.txt");

static NAMES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    DATA.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// Every permission name the server defines, sorted.
pub fn permission_names() -> &'static [&'static str] {
    &NAMES
}

/// True when `name` (as written, surrounding spaces aside) is a Kaltura permission name.
///
/// ```
/// use ks_core::ks::is_permission_name;
/// assert!(is_permission_name("BASE_USER_SESSION_PERMISSION"));
/// assert!(is_permission_name(" KMC_ACCESS"));
/// assert!(!is_permission_name("setrole"));
/// ```
pub fn is_permission_name(name: &str) -> bool {
    NAMES.binary_search(&name.trim()).is_ok()
}

/// The words a finding or a decode note says about a permission name written as a privilege.
pub fn permission_warning(name: &str) -> String {
    format!(
        "{} is a Kaltura permission name (what a user role grants), not a KS privilege: as a privilege it grants nothing; to grant it, create a role that has it (userRole.add with permissionNames) and write setrole:<roleId> in the privileges",
        name.trim()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_holds_the_names_users_paste() {
        let n = permission_names();
        assert!(n.len() > 300, "{}", n.len());
        assert!(n.windows(2).all(|w| w[0] < w[1]), "sorted, no duplicates");
        for name in [
            "BASE_USER_SESSION_PERMISSION",
            "KMC_ACCESS",
            "WIDGET_SESSION_PERMISSION",
            "PLAYBACK_BASE_PERMISSION",
            "ALWAYS_ALLOWED_ACTIONS",
        ] {
            assert!(is_permission_name(name), "{name}");
        }
        assert!(!is_permission_name("sview") && !is_permission_name("kmc_access"));
    }
}
