//! Kaltura permission names (`BASE_USER_SESSION_PERMISSION`, `KMC_ACCESS`, ...) written into
//! a KS's privileges or an app token's sessionPrivileges: the server reads privileges by
//! their own names (kSessionBase PRIVILEGE_*), so a permission name there grants nothing;
//! permissions come with a role (`setrole:<roleId>`). See ks/permission_names.rs.

use super::finding::{Finding, FindingCode};
use crate::ks::{is_permission_name, parse_privileges, permission_warning};

/// A finding per permission name in `privileges` (a KS's or an app token's, named by
/// `whose`).
pub(crate) fn check(privileges: Option<&str>, whose: &str, out: &mut Vec<Finding>) {
    for p in parse_privileges(privileges) {
        if is_permission_name(&p.name) {
            out.push(
                Finding::new(
                    FindingCode::PermissionAsPrivilege,
                    format!("{whose}: {}", permission_warning(&p.name)),
                )
                .with("name", p.name.trim())
                .with("in", whose),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn permission_names_among_privileges_are_found_and_privileges_are_not() {
        let mut out = Vec::new();
        check(
            Some("view:*,widget:1,BASE_USER_SESSION_PERMISSION,setrole:5,KMC_ACCESS:1"),
            "the KS's privileges",
            &mut out,
        );
        let names: Vec<&str> = out.iter().map(|f| f.details[0].1.as_str()).collect();
        assert_eq!(names, ["BASE_USER_SESSION_PERMISSION", "KMC_ACCESS"]);
        assert!(out[0].message.to_string().starts_with(
            "the KS's privileges: BASE_USER_SESSION_PERMISSION is a Kaltura permission name"
        ));
        out.clear();
        check(Some("view:*,widget:1"), "x", &mut out);
        check(None, "x", &mut out);
        assert!(out.is_empty());
    }
}
