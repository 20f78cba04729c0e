//! What the server starts with: the emulation's state, the state file, the origins, and
//! the routes merged in (`crate::diagnose_routes`: `/ksdiag/diagnose` and its kin).

use crate::OsEntropy;
use crate::persist::Persist;
use crate::shared::AppState;
use axum::Router;
use ks_api::{Config, Emulator, Entropy, Partner, State, StoredToken};

/// What the server starts with.
pub struct Setup {
    /// The emulation, with the partners and app tokens it starts with.
    pub emulator: Emulator,
    /// Where changes are written before they are answered (`--state`), if anywhere.
    pub persist: Option<Persist>,
    /// Origins beyond loopback ones whose pages may call the API, checked
    /// ([`crate::cors::parse_origins`]).
    pub cors_origins: Vec<String>,
    /// Routes merged into the server's, behind the same guards (Host, CORS, limits).
    pub routes: Router<AppState>,
    /// What the server could be started with (a partner it does not know, an origin it does
    /// not answer), in the words of the front end that starts it: the binary names its flags.
    /// Only the operator's stderr lines say these words; answers say `ks_api::neutral_words`.
    pub start_with_words: ks_api::StartWithWords,
}

/// 16 random bytes in hex: an admin secret or an app token as Kaltura makes them.
pub fn secret(rng: &mut impl Entropy) -> String {
    let mut b = [0u8; 16];
    rng.fill(&mut b);
    hex::encode(b)
}

/// The partner and app token `check --serve` makes for one run: made up for the test, so
/// they may be shown in full.
pub struct Generated {
    /// The partner's id.
    pub partner_id: i64,
    /// The partner's admin secret.
    pub admin_secret: String,
    /// The app token's id.
    pub token_id: String,
    /// The app token's `token`.
    pub token: String,
}

/// A server with one generated partner and one active app token of `hash_type`, as
/// appToken.add makes it (32 lowercase hex characters, id `0_` and 8 characters, no expiry).
pub fn generated(
    hash_type: ks_core::digest::HashType,
    ks_version: u8,
    routes: Router<AppState>,
) -> (Setup, Generated) {
    let mut rng = OsEntropy;
    let now = crate::system_now();
    let mut id = [0u8; 4];
    rng.fill(&mut id);
    let g = Generated {
        // 7 digits, as Kaltura's partner ids look; never one of the fixed ids the docs use.
        partner_id: 1_000_000 + i64::from(u32::from_le_bytes(id) % 8_000_000),
        admin_secret: secret(&mut rng),
        token_id: {
            rng.fill(&mut id);
            format!("0_{}", hex::encode(id))
        },
        token: secret(&mut rng),
    };
    let mut state = State::default();
    state.add_partner(Partner {
        id: g.partner_id,
        admin_secret: g.admin_secret.clone(),
        user_secret: None,
    });
    state.add_token(StoredToken {
        hash_type: Some(hash_type.kaltura_name().to_string()),
        // appToken.get and list answer it: words of the run, not of a command line.
        description: Some("made by ksdiag for one check of a tokenHash program".into()),
        ..StoredToken::active(g.token_id.clone(), g.token.clone(), g.partner_id, now)
    });
    let setup = Setup {
        emulator: Emulator::new(state, Config { ks_version }),
        persist: None,
        cors_origins: Vec::new(),
        routes,
        start_with_words: ks_api::neutral_words,
    };
    (setup, g)
}
