//! Checking the `ks` parameter before the action, and issuing new KS.
//!
//! Source: server `KalturaDispatcher::dispatch` and `kCurrentContext::initKsPartnerUser` (a KS
//! that cannot be parsed, of an unknown partner or with a bad signature: INVALID_KS with the
//! KS text), then `kPermissionManager::init` → `errorIfKsNotValid` (EXPIRED, LOGOUT: INVALID_KS
//! with the error name); `kSessionBase::generateKsV1/V2` for the KS issued.

use crate::call::{Failure, KsSeen};
use crate::config::Config;
use crate::entropy::Entropy;
use crate::error::ApiError;
use crate::start_with::StartWith;
use crate::state::{Partner, State};
use ks_core::ks::{Generator, KsSpec, Randomness, SignatureStatus, encode, parse};

/// Step 2: parse the KS and check its signature against its partner's admin secret.
pub fn parse_ks(state: &State, text: &str) -> Result<KsSeen, Failure> {
    let bad = |code, reason: String| Failure::new(ApiError::invalid_ks(text), code, reason);
    let parsed =
        parse(text).map_err(|e| bad("ks_unreadable", format!("the KS cannot be read: {e}")))?;
    let pid_text = parsed.partner_id().to_string();
    let Ok(pid) = pid_text.trim().parse::<i64>() else {
        return Err(bad(
            "ks_unreadable",
            format!("the KS's partner id {pid_text:?} is not a number"),
        ));
    };
    let Some(partner) = state.partner(pid) else {
        let known: Vec<String> = state.partners().map(|p| p.id.to_string()).collect();
        return Err(bad(
            "ks_unknown_partner",
            format!(
                "the KS belongs to partner {pid}, which this server does not know (it knows {})",
                known.join(", ")
            ),
        )
        .needs(StartWith::Partner(Some(pid))));
    };
    let seen = parsed.inspect(Some(&partner.admin_secret));
    match (seen.signature, seen.fields) {
        (SignatureStatus::Valid, Some(fields)) => Ok(KsSeen {
            text: text.to_string(),
            partner_id: pid,
            fields,
        }),
        _ => Err(bad(
            "ks_signature",
            format!(
                "the KS of partner {pid} was signed with another secret than this partner's admin secret"
            ),
        )),
    }
}

/// Step 4: a KS that parsed but is no longer valid (`ks::isValid`): EXPIRED, LOGOUT.
pub fn check_valid(state: &State, ks: &KsSeen, now: i64) -> Result<(), Failure> {
    if ks.fields.is_expired(now) {
        let until = ks.fields.valid_until_unix().unwrap_or(0);
        return Err(Failure::new(
            ApiError::invalid_ks("EXPIRED"),
            "ks_expired",
            format!(
                "the KS expired {} seconds ago (valid until {until}, now {now}); start a new session",
                now - until
            ),
        ));
    }
    if state.is_ended(&ks.text) {
        return Err(Failure::new(
            ApiError::invalid_ks("LOGOUT"),
            "session_ended",
            "the KS was ended by session.end; start a new session",
        ));
    }
    for p in &ks.fields.parsed_privileges {
        if p.name != "sessionid" {
            continue;
        }
        for id in &p.values {
            if state.token(id).is_some_and(|t| t.status == 3) {
                return Err(Failure::new(
                    ApiError::invalid_ks("LOGOUT"),
                    "app_token_deleted",
                    format!(
                        "the KS was started with app token {id}, which was deleted since (appToken.delete invalidates its sessions)"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Issues a KS for `partner` in the server's shape and the configured version, and remembers
/// it, with `call` (`session.start`) that issued it, as a candidate for later diagnoses.
pub fn issue(
    state: &mut State,
    cfg: &Config,
    rng: &mut dyn Entropy,
    now: i64,
    partner: &Partner,
    spec: &KsSpec,
    call: &'static str,
) -> String {
    let randomness = if cfg.ks_version == 1 {
        // microtime(true): seconds and a 4-digit fraction.
        let mut b = [0u8; 2];
        rng.fill(&mut b);
        Randomness::V1Rand(format!("{now}.{:04}", u16::from_le_bytes(b) % 10_000))
    } else {
        let mut b = [0u8; 16];
        rng.fill(&mut b);
        Randomness::V2Random(b)
    };
    let ks = encode(spec, &partner.admin_secret, Generator::Server, &randomness);
    state.remember_issued(partner.id, now, &ks, call, spec.ks_type);
    ks
}
