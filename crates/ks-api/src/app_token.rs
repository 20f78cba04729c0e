//! appToken CRUD (server `api_v3/services/AppTokenService.php`,
//! `api_v3/lib/types/KalturaAppToken.php`, `alpha/lib/model/AppToken.php`).

use crate::call::{Call, Failure, php_int};
use crate::error::ApiError;
use crate::out::Out;
use crate::state::StoredToken;
use serde_json::{Map, Value};

const CLASS: &str = "KalturaAppToken";
/// Readonly properties: setting one on add or update is PROPERTY_VALIDATION_NOT_UPDATABLE.
const READONLY: [&str; 6] = [
    "id",
    "token",
    "partnerId",
    "createdAt",
    "updatedAt",
    "status",
];
/// `kTime::max_relative_time`: a time within ±10 years is relative to now.
const MAX_RELATIVE_TIME: i64 = 315_360_000;
/// `KalturaAppTokenHashType`, matched case-sensitively (`in_array`).
const HASH_TYPES: [&str; 4] = ["SHA1", "MD5", "SHA256", "SHA512"];

/// The `KalturaAppToken` object, properties in declaration order, parent (`relatedObjects`)
/// first.
pub fn to_out(t: &StoredToken) -> Out {
    Out::Object(
        CLASS,
        vec![
            ("relatedObjects", Out::Null),
            ("id", Out::Str(t.id.clone())),
            ("token", Out::Str(t.token.clone())),
            ("partnerId", Out::Int(t.partner_id)),
            ("createdAt", Out::Int(t.created_at)),
            ("updatedAt", Out::Int(t.updated_at)),
            ("status", Out::Int(t.status)),
            ("expiry", Out::opt_int(t.expiry)),
            ("sessionType", Out::opt_int(t.session_type)),
            ("sessionUserId", Out::opt_str(t.session_user_id.as_deref())),
            ("sessionDuration", Out::opt_int(t.session_duration)),
            (
                "sessionPrivileges",
                Out::opt_str(t.session_privileges.as_deref()),
            ),
            ("hashType", Out::Str(t.hash_type_name().to_string())),
            ("description", Out::opt_str(t.description.as_deref())),
        ],
    )
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "1" } else { "" }.to_string()),
        _ => None,
    }
}

/// The expiry the server stores for the text a client sent: `kTime::getRelativeTime`
/// (server `alpha/apps/kaltura/lib/kTime.class.php`, reached through
/// `KalturaRequestDeserializer::castSimpleType("time", …)`). An empty value is 0, not now
/// ("empty fields should be treated as 0"); -1 (`REMOVE_DATE`) is returned as it is; a value
/// within ±10 years of 0 is relative to now; anything else is absolute. The `expiry` column
/// is an integer, so 0 and -1 are stored as such, not as "no expiry": startSession then finds
/// `expiry - now < 0` and answers APP_TOKEN_EXPIRED (AppTokenService::startSessionAction).
/// Only an absent or null expiry (`expiry__null`) means none.
pub(crate) fn stored_expiry(sent: &str, now: i64) -> i64 {
    if sent.is_empty() {
        return 0;
    }
    match php_int(sent) {
        -1 => -1,
        e if e.abs() <= MAX_RELATIVE_TIME => now + e,
        e => e,
    }
}

/// Applies the writable fields of a `KalturaAppToken` parameter (add and update).
fn apply(t: &mut StoredToken, obj: &Map<String, Value>, now: i64) -> Result<(), Failure> {
    for (name, v) in obj {
        let text = value_text(v);
        let int = || text.as_deref().map(php_int);
        match name.as_str() {
            "objectType" | "relatedObjects" => {}
            n if READONLY.contains(&n) => {
                return Err(ApiError::not_updatable(CLASS, n).into());
            }
            "expiry" => t.expiry = text.as_deref().map(|e| stored_expiry(e, now)),
            "sessionType" => {
                t.session_type = match text.as_deref().map(str::trim) {
                    None | Some("") => None,
                    Some("0") => Some(0),
                    Some("2") => Some(2),
                    Some(other) => {
                        return Err(ApiError::invalid_enum(
                            other,
                            "sessionType",
                            "KalturaSessionType",
                        )
                        .into());
                    }
                }
            }
            "sessionUserId" => t.session_user_id = text,
            "sessionDuration" => t.session_duration = int(),
            "sessionPrivileges" => t.session_privileges = text,
            "description" => t.description = text,
            "hashType" => match text {
                None => t.hash_type = None,
                Some(h) if HASH_TYPES.contains(&h.as_str()) => t.hash_type = Some(h),
                Some(h) => {
                    let mut f: Failure =
                        ApiError::invalid_enum(&h, "hashType", "KalturaAppTokenHashType").into();
                    if HASH_TYPES.contains(&h.to_ascii_uppercase().as_str()) {
                        f.reason = format!(
                            "hashType {h:?} is not one of MD5, SHA1, SHA256, SHA512: the server matches it case-sensitively; send {:?}",
                            h.to_ascii_uppercase()
                        );
                    }
                    return Err(f);
                }
            },
            // Unknown properties are ignored, as KalturaObject::fromArray does.
            _ => {}
        }
    }
    Ok(())
}

fn random_id(c: &mut Call<'_>) -> String {
    // kString::generateStringId: 8 characters of [0-9a-z], after the data centre id.
    let mut b = [0u8; 8];
    c.rng.fill(&mut b);
    let chars: String = b
        .iter()
        .map(|x| char::from_digit(u32::from(*x) % 36, 36).unwrap_or('0'))
        .collect();
    format!("0_{chars}")
}

/// `AppTokenService::addAction`.
pub fn add(c: &mut Call<'_>) -> Result<Out, Failure> {
    let Some(obj) = c.object("appToken").cloned() else {
        return Err(ApiError::missing_parameter("appToken").into());
    };
    let partner_id = admin_partner(c)?;
    let mut token = [0u8; 16];
    c.rng.fill(&mut token);
    let mut t = StoredToken::active(String::new(), hex::encode(token), partner_id, c.now);
    apply(&mut t, &obj, c.now)?;
    if t.session_duration.is_none() {
        t.session_duration = Some(crate::session::KS_MAX_EXPIRY);
    }
    t.id = loop {
        let id = random_id(c);
        if c.state.token(&id).is_none() {
            break id;
        }
    };
    let out = to_out(&t);
    c.state.add_token(t);
    Ok(out)
}

/// Finds a token of the KS partner that is not deleted; says why not otherwise.
pub fn find(c: &Call<'_>, id: &str, partner_id: i64) -> Result<StoredToken, Failure> {
    let not_found = ApiError::app_token_not_found(id);
    match c.state.token(id) {
        Some(t) if t.partner_id != partner_id => Err(Failure::new(
            not_found,
            "other_partner",
            format!(
                "the id belongs to partner {}, the KS to partner {partner_id}: app tokens are looked up within the KS's partner",
                t.partner_id
            ),
        )),
        Some(t) if t.status == 3 => Err(Failure::new(
            not_found,
            "app_token_deleted",
            format!("app token {id} was deleted (appToken.delete); add a new one"),
        )),
        Some(t) => Ok(t.clone()),
        None => {
            let trimmed = id.trim();
            let hint = if trimmed != id && c.state.token(trimmed).is_some() {
                format!(" (the id has surrounding whitespace; {trimmed:?} exists)")
            } else {
                String::new()
            };
            Err(Failure::new(
                not_found,
                "unknown_id",
                format!("no app token with id {id:?} exists on this server{hint}"),
            ))
        }
    }
}

/// Runs the validity and ADMIN checks in the server's order; returns the KS partner.
fn admin_partner(c: &Call<'_>) -> Result<i64, Failure> {
    if let Some(k) = &c.ks {
        crate::ks_check::check_valid(c.state, k, c.now)?;
    }
    Ok(c.require_admin()?.partner_id)
}

/// `AppTokenService::getAction`.
pub fn get(c: &mut Call<'_>) -> Result<Out, Failure> {
    let id = c.required("id")?;
    let pid = admin_partner(c)?;
    Ok(to_out(&find(c, &id, pid)?))
}

/// `AppTokenService::deleteAction`: status 3; every KS started with it is now LOGOUT.
pub fn delete(c: &mut Call<'_>) -> Result<Out, Failure> {
    let id = c.required("id")?;
    let pid = admin_partner(c)?;
    let mut t = find(c, &id, pid)?;
    t.status = 3;
    t.updated_at = c.now;
    c.state.add_token(t);
    Ok(Out::Null)
}

/// `AppTokenService::updateAction`: only writable fields.
pub fn update(c: &mut Call<'_>) -> Result<Out, Failure> {
    let id = c.required("id")?;
    let Some(obj) = c.object("appToken").cloned() else {
        return Err(ApiError::missing_parameter("appToken").into());
    };
    let pid = admin_partner(c)?;
    let mut t = find(c, &id, pid)?;
    apply(&mut t, &obj, c.now)?;
    t.updated_at = c.now;
    let out = to_out(&t);
    c.state.add_token(t);
    Ok(out)
}

/// `AppTokenService::listAction`: filter (idEqual, idIn, statusEqual, statusIn,
/// sessionUserIdEqual) and pager (pageSize 30, at most 500; pageIndex from 1).
pub fn list(c: &mut Call<'_>) -> Result<Out, Failure> {
    let pid = admin_partner(c)?;
    let empty = Map::new();
    let filter = c.object("filter").unwrap_or(&empty);
    let pager = c.object("pager").unwrap_or(&empty);
    let ft = |k: &str| filter.get(k).and_then(value_text).filter(|s| !s.is_empty());
    let pt = |k: &str, d: i64| pager.get(k).and_then(value_text).map_or(d, |s| php_int(&s));
    let mut rows: Vec<&StoredToken> = c
        .state
        .tokens
        .values()
        .filter(|t| t.partner_id == pid && t.status != 3)
        .filter(|t| ft("idEqual").is_none_or(|v| t.id == v))
        .filter(|t| ft("idIn").is_none_or(|v| v.split(',').any(|x| x == t.id)))
        .filter(|t| ft("statusEqual").is_none_or(|v| php_int(&v) == t.status))
        .filter(|t| ft("statusIn").is_none_or(|v| v.split(',').any(|x| php_int(x) == t.status)))
        .filter(|t| {
            ft("sessionUserIdEqual").is_none_or(|v| t.session_user_id.as_deref() == Some(&v))
        })
        .collect();
    rows.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    if ft("orderBy").as_deref() == Some("-createdAt") {
        rows.reverse();
    }
    let size = pt("pageSize", 30).clamp(1, 500) as usize;
    let index = pt("pageIndex", 1).max(1) as usize;
    let total = rows.len();
    let objects: Vec<Out> = rows
        .into_iter()
        .skip((index - 1).saturating_mul(size))
        .take(size)
        .map(to_out)
        .collect();
    Ok(Out::Object(
        "KalturaAppTokenListResponse",
        vec![
            ("relatedObjects", Out::Null),
            ("objects", Out::Array(objects)),
            ("totalCount", Out::Int(total as i64)),
        ],
    ))
}
