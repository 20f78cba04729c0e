//! From the flags to the emulation's starting state: --state, --partner, --app-token.

use super::OsEntropy;
use crate::cli::ServeArgs;
use crate::input::{MAX_VALUE_BYTES, Reader};
use anyhow::{Context, Result, bail};
use ks_api::{Config, Emulator, Entropy, Partner, State, StoredToken};
use ks_core::app_token::{AppToken, AppTokenStatus, ExpiryReading};

/// What the server starts with.
pub struct Setup {
    pub emulator: Emulator,
    pub persist: Option<super::persist::Persist>,
}

fn secret(rng: &mut OsEntropy) -> String {
    let mut b = [0u8; 16];
    rng.fill(&mut b);
    hex::encode(b)
}

fn partner(r: &mut Reader, raw: &str) -> Result<Partner> {
    let text = if raw.starts_with("env:") || raw.starts_with('@') {
        r.read("--partner", raw)?.text.trim().to_string()
    } else {
        raw.to_string()
    };
    let Some((id, secret)) = text.split_once(':') else {
        bail!(
            "--partner {raw:?}: expected ID:ADMIN_SECRET, e.g. --partner 1234567:env:KALTURA_ADMIN_SECRET"
        );
    };
    let id: i64 = id.trim().parse().with_context(|| {
        format!("--partner: the id {id:?} is not a number; hint: ID:ADMIN_SECRET, e.g. 1234567:env:SECRET")
    })?;
    let secret = if secret.starts_with("env:") || secret.starts_with('@') {
        r.read("--partner", secret)?.text.trim().to_string()
    } else {
        secret.to_string()
    };
    if secret.is_empty() {
        bail!("--partner {id}: the admin secret is empty");
    }
    Ok(Partner {
        id,
        admin_secret: secret,
        user_secret: None,
    })
}

fn token(t: AppToken, now: i64, rng: &mut OsEntropy, flag: &str) -> Result<StoredToken> {
    // As the server stored it: a relative expiry counts from createdAt (or now).
    let expiry = match t.expiry_reading() {
        ExpiryReading::Never => None,
        ExpiryReading::At(at) => Some(at),
        ExpiryReading::Relative { at: Some(at), .. } => Some(at),
        ExpiryReading::Relative { seconds, at: None } => Some(now + seconds),
    };
    let Some(token) = t.token.filter(|t| !t.is_empty()) else {
        bail!(
            "{flag}: the app token has no `token` value; hint: pass what appToken.add returned (get hides nothing either)"
        );
    };
    let id = t.id.unwrap_or_else(|| {
        let mut b = [0u8; 4];
        rng.fill(&mut b);
        format!("0_{}", hex::encode(b))
    });
    let status = match t.status {
        None => 2,
        Some(AppTokenStatus::Disabled) => 1,
        Some(AppTokenStatus::Active) => 2,
        Some(AppTokenStatus::Deleted) => 3,
        Some(AppTokenStatus::Other(n)) => n,
    };
    Ok(StoredToken {
        id,
        token,
        partner_id: t.partner_id.unwrap_or(0),
        created_at: t.created_at.unwrap_or(now),
        updated_at: now,
        status,
        expiry,
        session_type: t.session_type,
        session_user_id: t.session_user_id,
        session_duration: t.session_duration,
        session_privileges: t.session_privileges,
        hash_type: t.hash_type.map(|h| h.kaltura_name().to_string()),
        description: t.description,
    })
}

pub fn build(a: &ServeArgs) -> Result<Setup> {
    let mut rng = OsEntropy;
    let now = crate::system_now();
    let mut r = Reader::default();
    let persist = a
        .state
        .as_ref()
        .map(|p| super::persist::Persist::new(p.clone()));
    let mut state = match &persist {
        Some(p) => p.load()?.map(State::from_snapshot).unwrap_or_default(),
        None => State::default(),
    };
    for raw in &a.partner {
        state.add_partner(partner(&mut r, raw)?);
    }
    let first_partner = state.partners().next().map(|p| p.id);
    for raw in &a.app_token {
        let text = r
            .read_document("--app-token", raw, MAX_VALUE_BYTES, false)?
            .text;
        let parsed = AppToken::parse(&text).context("--app-token")?;
        let mut t = token(parsed, now, &mut rng, "--app-token")?;
        if t.partner_id == 0
            && let Some(p) = first_partner
        {
            t.partner_id = p;
        }
        if state.partner(t.partner_id).is_none() {
            let s = secret(&mut rng);
            eprintln!(
                "ksdiag serve: app token {} names partner {}, which was not given: added it with admin secret {s}",
                t.id, t.partner_id
            );
            state.add_partner(Partner {
                id: t.partner_id,
                admin_secret: s,
                user_secret: None,
            });
        }
        state.add_token(t);
    }
    if state.partners().next().is_none() {
        let s = secret(&mut rng);
        let id = 100_000;
        eprintln!("ksdiag serve: no --partner given: demo partner {id}, admin secret {s}");
        state.add_partner(Partner {
            id,
            admin_secret: s,
            user_secret: None,
        });
    }
    if let Some(p) = &persist {
        p.write_now(&state.snapshot())?;
    }
    let config = Config {
        ks_version: a.ks_version,
    };
    Ok(Setup {
        emulator: Emulator::new(state, config),
        persist,
    })
}
