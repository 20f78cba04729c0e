//! `AppTokenService::startSessionAction`: the check order, the KS it issues.
//!
//! Checks after the pre-action ones: 1 the id (APP_TOKEN_ID_NOT_FOUND), 2 the status
//! (APP_TOKEN_NOT_ACTIVE), 3 the hash (INVALID_APP_TOKEN_HASH: strict comparison with the
//! lowercase hex of `hash(hashType, ks . token)`), 4 the token's expiry (APP_TOKEN_EXPIRED),
//! after the hash.

use crate::app_token::find;
use crate::call::{Call, Failure, HashCheck, php_int};
use crate::error::ApiError;
use crate::ks_check::{check_valid, issue};
use crate::out::Out;
use ks_core::digest::{HashType, token_hash};
use ks_core::ks::{KsSpec, parse_privileges};

/// Privilege names the request's `sessionPrivileges` cannot set (kSessionBase reserved names).
const RESERVED: [&str; 31] = [
    "edit",
    "sview",
    "list",
    "download",
    "downloadasset",
    "editplaylist",
    "sviewplaylist",
    "actionslimit",
    "setrole",
    "restrictingrole",
    "limitentry",
    "iprestrict",
    "urirestrict",
    "enableentitlement",
    "disableentitlement",
    "disableentitlementforentry",
    "disableentitlementforplaylist",
    "privacycontext",
    "enablecategorymoderation",
    "reftime",
    "sessionkey",
    "preview",
    "sessionid",
    "jobtype",
    "apptoken",
    "enablechangeaccount",
    "edituser",
    "enablecaptionmoderation",
    "editadmintags",
    "restrictexplicitliveview",
    "virtualeventid",
];
const RESERVED_MORE: [&str; 2] = ["searchcontext", "disablesessiontypecheck"];

fn reserved(name: &str) -> bool {
    RESERVED.contains(&name) || RESERVED_MORE.contains(&name)
}

/// `sessionid:<id>,apptoken:<id>`, the token's privileges merged in, then the request's for
/// names neither reserved nor on the token (unless the token's value has `*`).
pub fn privileges(id: &str, token_privs: Option<&str>, request_privs: &str) -> String {
    let mut list: Vec<(String, Vec<String>)> = vec![
        ("sessionid".into(), vec![id.into()]),
        ("apptoken".into(), vec![id.into()]),
    ];
    let merge = |name: &str, values: Vec<String>, list: &mut Vec<(String, Vec<String>)>| match list
        .iter_mut()
        .find(|(n, _)| n == name)
    {
        Some((_, v)) => v.extend(values),
        None => list.push((name.to_string(), values)),
    };
    if let Some(p) = token_privs.filter(|p| !p.is_empty()) {
        for pr in parse_privileges(Some(p)) {
            merge(&pr.name, pr.values, &mut list);
        }
    }
    let token_names: Vec<(String, bool)> = parse_privileges(token_privs)
        .into_iter()
        .map(|p| (p.name, p.values.iter().any(|v| v.contains('*'))))
        .collect();
    if !request_privs.is_empty() {
        for pr in parse_privileges(Some(request_privs)) {
            if reserved(&pr.name) {
                continue;
            }
            match token_names.iter().find(|(n, _)| *n == pr.name) {
                Some((_, true)) => {
                    if let Some((_, v)) = list.iter_mut().find(|(n, _)| *n == pr.name) {
                        *v = pr.values;
                    }
                }
                Some((_, false)) => {}
                None => merge(&pr.name, pr.values, &mut list),
            }
        }
    }
    list.iter()
        .map(|(n, v)| {
            if v.is_empty() {
                n.clone()
            } else {
                format!("{n}:{}", v.join("/"))
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// `AppTokenService::startSessionAction`.
pub fn start_session(c: &mut Call<'_>) -> Result<Out, Failure> {
    let id = c.required("id")?;
    let token_hash_sent = c.required("tokenHash")?;
    let user_id = c.text("userId").unwrap_or_default();
    let req_type = c.session_type("type")?;
    let req_expiry = c.int("expiry", 0);
    let req_privs = c.text("sessionPrivileges").unwrap_or_default();
    if let Some(k) = &c.ks {
        check_valid(c.state, k, c.now)?;
    }
    let ks = c.require_ks()?.clone();
    let partner_id = match c.text("partnerId").filter(|p| !p.is_empty()) {
        Some(p) => php_int(&p),
        None => ks.partner_id,
    };
    let t = find(c, &id, partner_id)?;
    if t.status != 2 {
        return Err(Failure::new(
            ApiError::app_token_not_active(&id),
            "app_token_not_active",
            format!(
                "app token {id} has status {} ({}); only ACTIVE (2) tokens start sessions",
                t.status,
                if t.status == 1 {
                    "DISABLED"
                } else {
                    "not ACTIVE"
                }
            ),
        ));
    }
    let hash_type: HashType = t.hash_type_name().parse().unwrap_or(HashType::Sha1);
    let expected = token_hash(hash_type, &ks.text, &t.token);
    if expected.as_str() != token_hash_sent {
        let mut f = Failure::new(
            ApiError::invalid_app_token_hash(),
            "invalid_hash",
            format!(
                "the tokenHash is not {}(ks + token)",
                hash_type.kaltura_name()
            ),
        );
        f.hash_check = Some(Box::new(HashCheck {
            ks: ks.text.clone(),
            token_hash: token_hash_sent.clone(),
            app_token: t.to_core(),
            issued: c.state.issued_candidates(partner_id, c.now, &ks.text),
            origins: c.state.issued_origins(partner_id, c.now),
            now: c.now,
        }));
        return Err(f);
    }
    let duration = t.session_duration.unwrap_or(crate::session::KS_MAX_EXPIRY);
    let token_expiry = match t.expiry {
        Some(e) => duration.min(e - c.now),
        None => duration,
    };
    if token_expiry < 0 {
        return Err(Failure::new(
            ApiError::app_token_expired(&id),
            "app_token_expired",
            match t.expiry {
                // Stored as 0 or -1: what appToken.add/update makes of an expiry sent as ""
                // or -1 (kTime::getRelativeTime), not "no expiry".
                Some(e @ (0 | -1)) => format!(
                    "app token {id} has expiry {e}: an expiry sent as \"\" is stored as 0 and -1 as -1 (kTime::getRelativeTime), both long past, not \"never\"; the hash was right; for no expiry, send none (or expiry__null) on appToken.add or update"
                ),
                _ => format!(
                    "app token {id} expired at {} ({} seconds ago); the hash was right",
                    t.expiry.unwrap_or(0),
                    -token_expiry
                ),
            },
        ));
    }
    let e = if req_expiry == 0 {
        token_expiry
    } else {
        req_expiry
    };
    let expiry = e.min(token_expiry);
    let ks_type = t.session_type.or(req_type).unwrap_or(0);
    let user = t.session_user_id.clone().unwrap_or(user_id);
    let privs = privileges(&id, t.session_privileges.as_deref(), &req_privs);
    let Some(partner) = c.state.partner(partner_id).cloned() else {
        return Err(ApiError::start_session_error(&partner_id.to_string()).into());
    };
    let spec = KsSpec {
        partner_id,
        ks_type,
        user_id: Some(user.clone()),
        privileges: privs.clone(),
        expiry: c.now + expiry,
        master_partner_id: None,
        additional_data: None,
    };
    let new_ks = issue(
        c.state,
        c.cfg,
        c.rng,
        c.now,
        &partner,
        &spec,
        "appToken.startSession",
    );
    Ok(Out::Object(
        "KalturaSessionInfo",
        vec![
            ("ks", Out::Str(new_ks)),
            ("sessionType", Out::Int(ks_type)),
            ("partnerId", Out::Str(partner_id.to_string())),
            ("userId", Out::Str(user)),
            ("expiry", Out::Int(c.now + expiry)),
            ("privileges", Out::Str(privs)),
        ],
    ))
}
