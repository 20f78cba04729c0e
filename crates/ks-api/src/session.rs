//! The session service (server `api_v3/services/SessionService.php`).

use crate::call::{Call, Failure, php_int};
use crate::error::ApiError;
use crate::ks_check::{check_valid, issue};
use crate::out::Out;
use crate::start_with::StartWith;
use ks_core::ks::KsSpec;

/// Kaltura's default `ksMaxExpiryInSeconds` (0/null counts as this).
pub const KS_MAX_EXPIRY: i64 = 86_400;

/// `SessionService::startWidgetSessionAction`: a USER KS with user `0` and
/// `view:*,widget:1` for the default widget `_<partnerId>` (`Partner::getDefaultWidgetId`).
pub fn start_widget_session(c: &mut Call<'_>) -> Result<Out, Failure> {
    let widget_id = c.required("widgetId")?;
    let expiry = c.int("expiry", 86_400);
    if let Some(k) = &c.ks {
        check_valid(c.state, k, c.now)?;
    }
    let partner = widget_id
        .strip_prefix('_')
        .and_then(|p| p.parse::<i64>().ok())
        .and_then(|p| c.state.partner(p).cloned());
    let Some(partner) = partner else {
        let known: Vec<String> = c.state.partners().map(|p| format!("_{}", p.id)).collect();
        return Err(Failure::new(
            ApiError::invalid_widget_id(&widget_id),
            "unknown_widget",
            format!(
                "widget {widget_id:?} is not a widget of a partner this server knows; the default widget of partner P is _P (known: {})",
                known.join(", ")
            ),
        ));
    };
    let expiry = expiry.min(KS_MAX_EXPIRY);
    let spec = KsSpec::widget(partner.id, c.now + expiry);
    let ks = issue(
        c.state,
        c.cfg,
        c.rng,
        c.now,
        &partner,
        &spec,
        "session.startWidgetSession",
    );
    Ok(Out::Object(
        "KalturaStartWidgetSessionResponse",
        vec![
            ("partnerId", Out::Int(partner.id)),
            ("ks", Out::Str(ks)),
            ("userId", Out::Int(0)),
        ],
    ))
}

/// `SessionService::startAction` (kSessionUtils::startKSession, Partner::validateSecret).
pub fn start(c: &mut Call<'_>) -> Result<Out, Failure> {
    let secret = c.required("secret")?;
    let user_id = c.text("userId").unwrap_or_default();
    let ks_type = c.session_type("type")?.unwrap_or(0);
    let partner_text = c.text("partnerId").unwrap_or_default();
    let partner_id = php_int(&partner_text);
    let expiry = c.int("expiry", 86_400);
    let privileges = c.text("privileges").unwrap_or_default();
    if let Some(k) = &c.ks {
        check_valid(c.state, k, c.now)?;
    }
    let Some(partner) = c.state.partner(partner_id).cloned() else {
        let named = partner_text.trim().parse::<i64>().ok();
        return Err(Failure::new(
            ApiError::partner_blocked(),
            "unknown_partner",
            format!("partnerId {partner_text:?} is not a partner this server knows"),
        )
        .needs(StartWith::Partner(named)));
    };
    // ks::validatePrivileges runs in the action, after kPermissionManager::init
    // found the partner, before the secret is checked.
    if ks_core::ks::parse_privileges(Some(&privileges))
        .iter()
        .any(|p| p.name == "setrole")
    {
        return Err(Failure::new(
            ApiError::unknown_role(),
            "unknown_role",
            "the privileges name a role (setrole:…), and ksdiag serve knows no roles",
        ));
    }
    let admin_ok = secret == partner.admin_secret;
    let user_ok = ks_type != 2 && partner.user_secret.as_deref() == Some(secret.as_str());
    if !admin_ok && !user_ok {
        let why = if ks_type == 2 && partner.user_secret.as_deref() == Some(secret.as_str()) {
            "the user secret was sent with type 2 (ADMIN): an ADMIN session needs the admin secret"
                .to_string()
        } else {
            format!("the secret is not partner {partner_id}'s admin secret (nor its user secret)")
        };
        return Err(Failure::new(
            ApiError::start_session_error(&partner_id.to_string()),
            "wrong_secret",
            why,
        ));
    }
    let spec = KsSpec {
        partner_id,
        ks_type,
        user_id: Some(user_id),
        privileges,
        expiry: c.now + expiry.min(KS_MAX_EXPIRY),
        master_partner_id: None,
        additional_data: None,
    };
    Ok(Out::Str(issue(
        c.state,
        c.cfg,
        c.rng,
        c.now,
        &partner,
        &spec,
        "session.start",
    )))
}

/// `SessionService::getAction`: the `KalturaSessionInfo` of `session` (or of the call's KS).
///
/// Who may call it: `deployment/permissions/service.session.ini` gives session.get to
/// SESSION_READ_PERMISSION, KMC_ACCESS and KMC_READ_ONLY (and system partners' groups), which
/// only PARTNER_ADMIN_ROLE (`permissionNames="*"`, init_data `03.UserRole.ini`) holds among
/// the roles a KS of this emulation can have: an ADMIN KS. A USER or widget KS, or none, gets
/// SERVICE_FORBIDDEN.
///
/// What it answers: the action copies `partnerId`, `userId`, `expiry`, `sessionType` and
/// `privileges` from `ks::fromSecureString`, whose fields are the strings parsed out of the KS,
/// so JSON has `"partnerId":"123"`, `"expiry":"1483311163"`, `"sessionType":"2"` (a recorded
/// answer shows these as strings; typed decoders in Go and Swift depend on it). `ks` is not
/// set, so JSON omits it.
pub fn get(c: &mut Call<'_>) -> Result<Out, Failure> {
    if let Some(k) = &c.ks {
        check_valid(c.state, k, c.now)?;
    }
    let ks = c.require_admin()?.clone();
    let target = match c.text("session").filter(|s| !s.is_empty()) {
        Some(text) => crate::ks_check::parse_ks(c.state, &text)?,
        None => ks.clone(),
    };
    // myPartnerUtils::allowPartnerAccessPartner: a partner reads only its own sessions.
    if target.partner_id != ks.partner_id {
        return Err(Failure::new(
            ApiError::partner_access_forbidden(ks.partner_id, target.partner_id),
            "other_partner",
            format!(
                "the session belongs to partner {}, the KS to partner {}",
                target.partner_id, ks.partner_id
            ),
        ));
    }
    let f = &target.fields;
    Ok(Out::Object(
        "KalturaSessionInfo",
        vec![
            ("ks", Out::Null),
            ("sessionType", Out::opt_str(f.ks_type.as_deref())),
            (
                "partnerId",
                Out::Str(
                    f.partner_id
                        .clone()
                        .unwrap_or_else(|| target.partner_id.to_string()),
                ),
            ),
            ("userId", Out::opt_str(f.user.as_deref())),
            ("expiry", Out::opt_str(f.valid_until.as_deref())),
            ("privileges", Out::opt_str(f.privileges.as_deref())),
        ],
    ))
}

/// `SessionService::endAction`: later calls with this KS get INVALID_KS `LOGOUT`.
pub fn end(c: &mut Call<'_>) -> Result<Out, Failure> {
    if let Some(k) = &c.ks {
        check_valid(c.state, k, c.now)?;
    }
    let text = c.require_ks()?.text.clone();
    c.state.end_session(&text);
    Ok(Out::Null)
}
