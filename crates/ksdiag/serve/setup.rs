//! From the flags to the emulation's starting state: --state, --partner, --app-token.

use super::flags_vs_state;
use crate::cli::ServeArgs;
use crate::input::{MAX_VALUE_BYTES, Reader, Source, Value};
use anyhow::{Context, Result, bail};
use ks_api::{Config, Emulator, Entropy, Partner, StartWith, State, StoredToken};
use ks_core::app_token::{AppToken, AppTokenStatus, ExpiryReading};
use ks_serve::persist::Persist;
use ks_serve::setup::secret;
use ks_serve::{OsEntropy, Setup};

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
        if text == raw {
            // As `generate --admin-secret` warns: the secret itself was typed.
            let typed = Value {
                text: secret.to_string(),
                source: Source::Literal,
            };
            crate::warn_if_literal_secret(&format!("--partner {id}'s admin secret"), &typed);
        }
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
    // No partnerId: the caller places it (0 stands for "not given" until then).
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

/// Warns about an app token a user would not get from appToken.add: a token that is not 32
/// lowercase hex characters, no partnerId, no id. It is served all the same.
fn warn_if_odd(t: &StoredToken, had_id: bool, placed: Option<&str>) {
    let which = format!("--app-token {}: the token", t.id);
    if let Some(f) = ks_core::diagnose::token_shape(&t.token, &which) {
        eprintln!(
            "warning: {}; it is served as given: a tokenHash must hash exactly these characters",
            f.message
        );
    }
    if let Some(placed) = placed {
        eprintln!("warning: --app-token {}: no partnerId: {placed}", t.id);
    }
    if !had_id {
        eprintln!(
            "warning: --app-token: no id: it is served as {}; with --state, give it an id, or each start adds another copy",
            t.id
        );
    }
}

pub fn build(a: &ServeArgs) -> Result<Setup> {
    let cors_origins = ks_serve::parse_origins(&a.cors_origin)
        .map_err(|e| anyhow::anyhow!("--cors-origin {e}"))?;
    let mut rng = OsEntropy;
    let now = crate::system_now();
    let mut r = Reader::default();
    let persist = a.state.as_ref().map(|p| Persist::new(p.clone()));
    let mut state = match &persist {
        Some(p) => match p.load().context("--state")? {
            Some(snapshot) => {
                let problems = snapshot.problems();
                if !problems.is_empty() {
                    anyhow::bail!(
                        "--state: {} holds what the server could never have stored: {}; hint: fix those entries in the file (it is left untouched), or give another path to start afresh",
                        p.path().display(),
                        problems.join("; ")
                    );
                }
                State::from_snapshot(snapshot)
            }
            None => State::default(),
        },
        None => State::default(),
    };
    // What the file holds wins; flags only add what it lacks (flags_vs_state).
    let held = state.clone();
    let state_path = a.state.as_deref().unwrap_or(std::path::Path::new(""));
    let mut first_flag_partner = None;
    for raw in &a.partner {
        let p = partner(&mut r, raw)?;
        first_flag_partner.get_or_insert(p.id);
        match held.partner(p.id) {
            Some(h) => {
                if let Some(w) = flags_vs_state::partner_warning(h, &p, state_path) {
                    eprintln!("{w}");
                }
            }
            None => state.add_partner(p),
        }
    }
    let first_partner = first_flag_partner.or_else(|| state.partners().next().map(|p| p.id));
    for raw in &a.app_token {
        let text = r
            .read_document("--app-token", raw, MAX_VALUE_BYTES, false)?
            .text;
        let parsed = AppToken::parse(&text).context("--app-token")?;
        let (had_id, had_partner) = (parsed.id.is_some(), parsed.partner_id.is_some());
        let in_file = parsed.id.as_deref().and_then(|id| held.token(id));
        // A relative expiry and a missing createdAt count from when the file's copy was stored.
        let base = in_file.map_or(now, |h| h.created_at);
        let mut t = token(parsed, base, &mut rng, "--app-token")?;
        let mut placed = None;
        if !had_partner {
            t.partner_id = first_partner.unwrap_or(0);
            placed = Some(match first_partner {
                Some(p) => format!(
                    "added to partner {p} (the first --partner, or else the state file's lowest partner id); add \"partnerId\" to choose"
                ),
                None => "added to partner 0, which is made with a generated admin secret (below); add \"partnerId\" or --partner to choose".to_string(),
            });
        }
        if let Some(h) = in_file {
            t.updated_at = h.updated_at;
            let fields = flags_vs_state::token_differences(h, &t);
            if !fields.is_empty() {
                eprintln!("{}", flags_vs_state::token_warning(h, &fields, state_path));
            }
            continue;
        }
        warn_if_odd(&t, had_id, placed.as_deref());
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
        p.write_now(&state.snapshot()).context("--state")?;
    }
    let config = Config {
        ks_version: a.ks_version,
    };
    Ok(Setup {
        emulator: Emulator::new(state, config),
        persist,
        cors_origins,
        routes: super::routes(),
        start_with_words: flag_words,
    })
}

/// What the server could be started with, as the flag of `ksdiag serve` that sets it: the
/// operator's stderr line ends with it ("start ksdiag serve with --partner 77:ADMIN_SECRET").
pub fn flag_words(s: &StartWith) -> String {
    match s {
        StartWith::Partner(Some(id)) => {
            format!("start ksdiag serve with --partner {id}:ADMIN_SECRET")
        }
        StartWith::Partner(None) => "start ksdiag serve with --partner ID:ADMIN_SECRET".into(),
        StartWith::CorsOrigin(o) => format!("start it with --cors-origin {o}"),
    }
}
