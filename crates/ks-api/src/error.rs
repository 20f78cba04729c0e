//! `KalturaAPIException`s the emulation raises, with the server's codes, messages and args.
//!
//! Source: server `api_v3/lib/KalturaErrors.php` and
//! `alpha/apps/kaltura/lib/webservices/APIErrors.class.php` (`APIErrors::getErrorData`: the
//! message template with `@ARG@` replaced, the args as strings). The templates and the
//! arguments' names are read from ks-core's table of them ([`ks_core::kaltura_errors`]), so
//! the emulation and the intake that reads errors back use the same words.

use ks_core::kaltura_errors::{self, Class};

/// A Kaltura API error: what a client receives in place of a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The code, e.g. `INVALID_APP_TOKEN_HASH`.
    pub code: &'static str,
    /// The message with its arguments filled in.
    pub message: String,
    /// The arguments, by name, in the template's order (`[]` when none).
    pub args: Vec<(&'static str, String)>,
}

/// The error `class` defines for `code`, its message rendered from the table with `values`
/// (in the template's argument order).
fn table(class: Class, code: &'static str, values: &[&str]) -> ApiError {
    match kaltura_errors::template(class, code) {
        Some(t) => err(
            code,
            t.render(values),
            t.args
                .iter()
                .zip(values)
                .map(|(n, v)| (*n, (*v).to_string()))
                .collect(),
        ),
        // Not reached: the tests below render every code used here from the table.
        None => err(code, values.join(" "), vec![]),
    }
}

fn err(code: &'static str, message: String, args: Vec<(&'static str, String)>) -> ApiError {
    ApiError {
        code,
        message,
        args,
    }
}

impl ApiError {
    /// `SERVICE_DOES_NOT_EXISTS` (KalturaDispatcher: unknown service). The argument is
    /// `SRV_NAME`, as KalturaErrors.php names it (`SERVICE_DOES_NOT_EXISTS;SRV_NAME;…`).
    pub fn service_does_not_exist(service: &str) -> ApiError {
        table(Class::KalturaErrors, "SERVICE_DOES_NOT_EXISTS", &[service])
    }

    /// `ACTION_DOES_NOT_EXISTS` (KalturaDispatcher: unknown action); the arguments are
    /// `ACTION_NAME` and `SERVICE_NAME` (KalturaErrors.php).
    pub fn action_does_not_exist(action: &str, service: &str) -> ApiError {
        table(
            Class::KalturaErrors,
            "ACTION_DOES_NOT_EXISTS",
            &[action, service],
        )
    }

    /// `SERVICE_DOES_NOT_EXISTS` for a real Kaltura service that ksdiag does not emulate:
    /// the code a client expects, a message that says why.
    pub fn not_emulated(service: &str, action: &str) -> ApiError {
        err(
            "SERVICE_DOES_NOT_EXISTS",
            format!(
                "Service \"{service}\" does not exists: ksdiag serve does not emulate {service}.{action}; it emulates session.startWidgetSession, start, get, end and appToken.add, get, list, update, delete, startSession"
            ),
            vec![("SRV_NAME", service.into())],
        )
    }

    /// `ACTION_DOES_NOT_EXISTS` for an action of an emulated service that ksdiag does not
    /// emulate.
    pub fn action_not_emulated(action: &str, service: &str) -> ApiError {
        err(
            "ACTION_DOES_NOT_EXISTS",
            format!(
                "Action \"{action}\" does not exists for service \"{service}\": ksdiag serve does not emulate it"
            ),
            vec![
                ("ACTION_NAME", action.into()),
                ("SERVICE_NAME", service.into()),
            ],
        )
    }

    /// `INVALID_KS` as KalturaFrontController::getExceptionObject builds it:
    /// `KSID` is the KS text (unparsable KS) or the error name (`EXPIRED`, `LOGOUT`).
    pub fn invalid_ks(ksid: &str) -> ApiError {
        table(
            Class::KalturaErrors,
            "INVALID_KS",
            &[ksid, "-1", "INVALID_STR"],
        )
    }

    /// `MISSING_MANDATORY_PARAMETER` (KalturaActionReflection argument building).
    pub fn missing_parameter(name: &str) -> ApiError {
        table(Class::KalturaErrors, "MISSING_MANDATORY_PARAMETER", &[name])
    }

    /// `INVALID_ENUM_VALUE` (KalturaRequestDeserializer); the arguments are `ENUM_VAL`,
    /// `PARAM_NAME`, `ENUM_TYPE` (KalturaErrors.php).
    pub fn invalid_enum(value: &str, param: &str, enum_type: &str) -> ApiError {
        table(
            Class::KalturaErrors,
            "INVALID_ENUM_VALUE",
            &[value, param, enum_type],
        )
    }

    /// `SERVICE_FORBIDDEN` (KalturaBaseService::initService), `service->action` as in `@action`.
    pub fn service_forbidden(service: &str, action: &str) -> ApiError {
        let s = format!("{service}->{action}");
        table(Class::ApiErrors, "SERVICE_FORBIDDEN", &[&s])
    }

    /// `SERVICE_FORBIDDEN_CONTENT_BLOCKED`: the requested partner does not exist
    /// (kPermissionManager::init, PARTNER_BLOCKED).
    pub fn partner_blocked() -> ApiError {
        table(Class::ApiErrors, "SERVICE_FORBIDDEN_CONTENT_BLOCKED", &[])
    }

    /// `PARTNER_ACCESS_FORBIDDEN` (SessionService::getAction, for another partner's session).
    pub fn partner_access_forbidden(accessing: i64, accessed: i64) -> ApiError {
        table(
            Class::ApiErrors,
            "PARTNER_ACCESS_FORBIDDEN",
            &[&accessing.to_string(), &accessed.to_string()],
        )
    }

    /// `INVALID_WIDGET_ID` (SessionService::startWidgetSessionAction).
    pub fn invalid_widget_id(widget_id: &str) -> ApiError {
        table(Class::ApiErrors, "INVALID_WIDGET_ID", &[widget_id])
    }

    /// `START_SESSION_ERROR` (SessionService::startAction; AppTokenService::startSession).
    pub fn start_session_error(partner_id: &str) -> ApiError {
        table(Class::ApiErrors, "START_SESSION_ERROR", &[partner_id])
    }

    /// `UNKNOWN_ROLE_ID` (`ks::validatePrivileges`: a `setrole` naming a role that does not
    /// exist; ksdiag knows no roles).
    pub fn unknown_role() -> ApiError {
        table(Class::ApiErrors, "UNKNOWN_ROLE_ID", &[])
    }

    /// `APP_TOKEN_ID_NOT_FOUND` (AppTokenService: get, update, delete, startSession).
    pub fn app_token_not_found(id: &str) -> ApiError {
        table(Class::KalturaErrors, "APP_TOKEN_ID_NOT_FOUND", &[id])
    }

    /// `APP_TOKEN_NOT_ACTIVE` (AppTokenService::startSessionAction, check 2).
    pub fn app_token_not_active(id: &str) -> ApiError {
        table(Class::KalturaErrors, "APP_TOKEN_NOT_ACTIVE", &[id])
    }

    /// `INVALID_APP_TOKEN_HASH` (AppTokenService::startSessionAction, check 3).
    pub fn invalid_app_token_hash() -> ApiError {
        table(Class::KalturaErrors, "INVALID_APP_TOKEN_HASH", &[])
    }

    /// `APP_TOKEN_EXPIRED` (AppTokenService::startSessionAction, check 4).
    pub fn app_token_expired(id: &str) -> ApiError {
        table(Class::KalturaErrors, "APP_TOKEN_EXPIRED", &[id])
    }

    /// `PROPERTY_VALIDATION_NOT_UPDATABLE` (KalturaObject::validateForInsert/Update).
    pub fn not_updatable(class: &str, property: &str) -> ApiError {
        let p = format!("{class}::{property}");
        err(
            "PROPERTY_VALIDATION_NOT_UPDATABLE",
            format!("The property \"{p}\" cannot be updated"),
            vec![("PROP_NAME", p)],
        )
    }

    /// `INVALID_FIELD_VALUE`.
    pub fn invalid_field_value(field: &str) -> ApiError {
        err(
            "INVALID_FIELD_VALUE",
            format!("value in field [{field}] is not valid"),
            vec![("FIELD_NAME", field.into())],
        )
    }

    /// `INTERNAL_SERVERL_ERROR` (sic), for a request the server could not read at all.
    pub fn internal() -> ApiError {
        err(
            "INTERNAL_SERVERL_ERROR",
            "Internal server error occurred".into(),
            vec![],
        )
    }

    /// `INVALID_PARAMETER_CHAR`-like refusal of a request body ksdiag cannot read (bad JSON,
    /// invalid UTF-8, over the size limit). The code is Kaltura's; the message says what.
    pub fn unreadable_request(why: &str) -> ApiError {
        err(
            "INTERNAL_SERVERL_ERROR",
            format!("Internal server error occurred: ksdiag could not read the request: {why}"),
            vec![],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::ApiError;

    /// Every error the emulation raises, worded from the table: a code the table lacks would
    /// fall back to bare values, which these messages would show.
    #[test]
    fn every_error_is_worded_from_kalturas_table() {
        let cases = [
            (ApiError::invalid_widget_id("_77"), "Unknown widget [_77]"),
            (
                ApiError::invalid_ks("EXPIRED"),
                "Invalid KS \"EXPIRED\", Error \"-1,INVALID_STR\"",
            ),
            (
                ApiError::app_token_not_found("0_x"),
                "Application token id \"0_x\" not found",
            ),
            (
                ApiError::app_token_not_active("0_x"),
                "Application token id \"0_x\" not active",
            ),
            (
                ApiError::app_token_expired("0_x"),
                "Application token id \"0_x\" expired",
            ),
            (
                ApiError::invalid_app_token_hash(),
                "Invalid application token hash",
            ),
            (
                ApiError::service_forbidden("apptoken", "startSession"),
                "The access to service [apptoken->startSession] is forbidden",
            ),
            (
                ApiError::start_session_error("42"),
                "Error while starting session for partner [42]",
            ),
            (
                ApiError::missing_parameter("id"),
                "Missing parameter \"id\"",
            ),
            (ApiError::unknown_role(), "Unknown role id"),
            (
                ApiError::partner_blocked(),
                "The access to this service is forbidden since the specified partner is blocked",
            ),
            (
                ApiError::partner_access_forbidden(1, 2),
                "Partner [1] cannot access partner [2]",
            ),
            (
                ApiError::service_does_not_exist("x"),
                "Service \"x\" does not exists",
            ),
            (
                ApiError::action_does_not_exist("a", "s"),
                "Action \"a\" does not exists for service \"s\"",
            ),
            (
                ApiError::invalid_enum("v", "p", "T"),
                "Invalid enumeration value \"v\" for parameter \"p\", expecting enumeration type \"T\"",
            ),
        ];
        for (e, message) in cases {
            assert_eq!(e.message, message, "{}", e.code);
            // The intake reads the same words back to the same code.
            assert_eq!(
                ks_core::intake::read_error::from_message(&e.message)
                    .map(|x| x.code)
                    .as_deref(),
                Some(e.code),
                "{message}"
            );
        }
        assert_eq!(
            ApiError::partner_access_forbidden(1, 2).args,
            [
                ("ACCESSING_PID", "1".to_string()),
                ("ACCESSED_PID", "2".to_string())
            ]
        );
    }
}
