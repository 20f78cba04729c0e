//! `KalturaAPIException`s the emulation raises, with the server's codes, messages and args.
//!
//! Source: server `api_v3/lib/KalturaErrors.php` and
//! `alpha/apps/kaltura/lib/webservices/APIErrors.class.php` (`APIErrors::getErrorData`: the
//! message template with `@ARG@` replaced, the args as strings).

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
        err(
            "SERVICE_DOES_NOT_EXISTS",
            format!("Service \"{service}\" does not exists"),
            vec![("SRV_NAME", service.into())],
        )
    }

    /// `ACTION_DOES_NOT_EXISTS` (KalturaDispatcher: unknown action); the arguments are
    /// `ACTION_NAME` and `SERVICE_NAME` (KalturaErrors.php).
    pub fn action_does_not_exist(action: &str, service: &str) -> ApiError {
        err(
            "ACTION_DOES_NOT_EXISTS",
            format!("Action \"{action}\" does not exists for service \"{service}\""),
            vec![
                ("ACTION_NAME", action.into()),
                ("SERVICE_NAME", service.into()),
            ],
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
        err(
            "INVALID_KS",
            format!("Invalid KS \"{ksid}\", Error \"-1,INVALID_STR\""),
            vec![
                ("KSID", ksid.into()),
                ("ERR_CODE", "-1".into()),
                ("ERR_DESC", "INVALID_STR".into()),
            ],
        )
    }

    /// `MISSING_MANDATORY_PARAMETER` (KalturaActionReflection argument building).
    pub fn missing_parameter(name: &str) -> ApiError {
        err(
            "MISSING_MANDATORY_PARAMETER",
            format!("Missing parameter \"{name}\""),
            vec![("PARAM_NAME", name.into())],
        )
    }

    /// `INVALID_ENUM_VALUE` (KalturaRequestDeserializer); the arguments are `ENUM_VAL`,
    /// `PARAM_NAME`, `ENUM_TYPE` (KalturaErrors.php).
    pub fn invalid_enum(value: &str, param: &str, enum_type: &str) -> ApiError {
        err(
            "INVALID_ENUM_VALUE",
            format!(
                "Invalid enumeration value \"{value}\" for parameter \"{param}\", expecting enumeration type \"{enum_type}\""
            ),
            vec![
                ("ENUM_VAL", value.into()),
                ("PARAM_NAME", param.into()),
                ("ENUM_TYPE", enum_type.into()),
            ],
        )
    }

    /// `SERVICE_FORBIDDEN` (KalturaBaseService::initService), `service->action` as in `@action`.
    pub fn service_forbidden(service: &str, action: &str) -> ApiError {
        let s = format!("{service}->{action}");
        err(
            "SERVICE_FORBIDDEN",
            format!("The access to service [{s}] is forbidden"),
            vec![("SERVICE", s)],
        )
    }

    /// `SERVICE_FORBIDDEN_CONTENT_BLOCKED`: the requested partner does not exist
    /// (kPermissionManager::init, PARTNER_BLOCKED).
    pub fn partner_blocked() -> ApiError {
        err(
            "SERVICE_FORBIDDEN_CONTENT_BLOCKED",
            "The access to this service is forbidden since the specified partner is blocked".into(),
            vec![],
        )
    }

    /// `PARTNER_ACCESS_FORBIDDEN` (SessionService::getAction, for another partner's session).
    pub fn partner_access_forbidden(accessing: i64, accessed: i64) -> ApiError {
        err(
            "PARTNER_ACCESS_FORBIDDEN",
            format!("Partner [{accessing}] cannot access partner [{accessed}]"),
            vec![
                ("ACCESSING_PID", accessing.to_string()),
                ("ACCESSED_PID", accessed.to_string()),
            ],
        )
    }

    /// `INVALID_WIDGET_ID` (SessionService::startWidgetSessionAction).
    pub fn invalid_widget_id(widget_id: &str) -> ApiError {
        err(
            "INVALID_WIDGET_ID",
            format!("Unknown widget [{widget_id}]"),
            vec![("WIDGET_ID", widget_id.into())],
        )
    }

    /// `START_SESSION_ERROR` (SessionService::startAction; AppTokenService::startSession).
    pub fn start_session_error(partner_id: &str) -> ApiError {
        err(
            "START_SESSION_ERROR",
            format!("Error while starting session for partner [{partner_id}]"),
            vec![("PID", partner_id.into())],
        )
    }

    /// `UNKNOWN_ROLE_ID` (`ks::validatePrivileges`: a `setrole` naming a role that does not
    /// exist; ksdiag knows no roles).
    pub fn unknown_role() -> ApiError {
        err("UNKNOWN_ROLE_ID", "Unknown role id".into(), vec![])
    }

    /// `APP_TOKEN_ID_NOT_FOUND` (AppTokenService: get, update, delete, startSession).
    pub fn app_token_not_found(id: &str) -> ApiError {
        err(
            "APP_TOKEN_ID_NOT_FOUND",
            format!("Application token id \"{id}\" not found"),
            vec![("ID", id.into())],
        )
    }

    /// `APP_TOKEN_NOT_ACTIVE` (AppTokenService::startSessionAction, check 2).
    pub fn app_token_not_active(id: &str) -> ApiError {
        err(
            "APP_TOKEN_NOT_ACTIVE",
            format!("Application token id \"{id}\" not active"),
            vec![("ID", id.into())],
        )
    }

    /// `INVALID_APP_TOKEN_HASH` (AppTokenService::startSessionAction, check 3).
    pub fn invalid_app_token_hash() -> ApiError {
        err(
            "INVALID_APP_TOKEN_HASH",
            "Invalid application token hash".into(),
            vec![],
        )
    }

    /// `APP_TOKEN_EXPIRED` (AppTokenService::startSessionAction, check 4).
    pub fn app_token_expired(id: &str) -> ApiError {
        err(
            "APP_TOKEN_EXPIRED",
            format!("Application token id \"{id}\" expired"),
            vec![("ID", id.into())],
        )
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
