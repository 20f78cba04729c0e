//! What every request is served from, and the router's state type.

use super::feed::Feed;
use super::persist::Persist;
use ks_api::Emulator;
use std::sync::{Arc, Mutex};

/// What every request is served from: the emulation, the --state file, the feed.
pub struct Shared {
    pub(crate) emulator: Mutex<Emulator>,
    pub(crate) persist: Option<Persist>,
    pub(crate) feed: Feed,
    /// `--cors-origin`: origins beyond loopback ones whose pages may call the API.
    pub(crate) cors_origins: Vec<String>,
}

impl Shared {
    /// The latest calls (what GET /ksdiag/requests answers).
    pub fn feed(&self) -> &Feed {
        &self.feed
    }
}

/// The router's state: routes merged in through [`crate::Setup::routes`] are `Router<AppState>`.
pub type AppState = Arc<Shared>;
