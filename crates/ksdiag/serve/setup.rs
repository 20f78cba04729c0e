//! From the flags to the server's [`Setup`]: --state, --partner, --app-token and --cors-origin
//! read into values; `ks_serve::start` makes the starting state, `start_words` says its notes.

use super::start_words;
use crate::cli::ServeArgs;
use crate::input::{MAX_VALUE_BYTES, Reader, Source, Value};
use anyhow::{Context, Result, bail};
use ks_api::{Config, Emulator, Partner, State};
use ks_core::app_token::AppToken;
use ks_serve::persist::Persist;
use ks_serve::start::starting_state;
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

pub fn build(a: &ServeArgs) -> Result<Setup> {
    let cors_origins = ks_serve::parse_origins(&a.cors_origin)
        .map_err(|e| anyhow::anyhow!("--cors-origin {e}"))?;
    let mut rng = OsEntropy;
    let now = crate::system_now();
    let mut r = Reader::default();
    let persist = a.state.as_ref().map(|p| Persist::new(p.clone()));
    let held = match &persist {
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
    // What the file holds wins; flags only add what it lacks (ks_serve::start).
    let partners = a
        .partner
        .iter()
        .map(|raw| partner(&mut r, raw))
        .collect::<Result<Vec<_>>>()?;
    let mut tokens = Vec::new();
    for raw in &a.app_token {
        let text = r
            .read_document("--app-token", raw, MAX_VALUE_BYTES, false)?
            .text;
        tokens.push(AppToken::parse(&text).context("--app-token")?);
    }
    let (state, notes) = starting_state(held, partners, tokens, now, &mut rng).map_err(|_| {
        anyhow::anyhow!(
            "--app-token: the app token has no `token` value; hint: pass what appToken.add returned (get hides nothing either)"
        )
    })?;
    let state_path = a.state.as_deref().unwrap_or(std::path::Path::new(""));
    for note in &notes {
        for line in start_words::lines(note, &state, state_path) {
            eprintln!("{line}");
        }
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
        routes: ks_serve::diagnose_routes(),
        start_with_words: start_words::flag_words,
    })
}
