//! `ksdiag serve`: the emulation (crate `ks-api`) on HTTP, with axum on tokio.
//!
//! Files: `setup` (what the server starts with), `start` (the starting state: the state file
//! wins over the partners and app tokens given, with typed notes for the operator), `shared`
//! (what every request is served from), `http` (routes and the api_v3 handler),
//! `guard` (Host check, limits), `cors` (browser apps), `log` (stderr that never blocks),
//! `feed` (the latest calls, stderr lines), `persist` (the state file), `assets` (the page),
//! `embedded` (the server inside `check --serve`), `listen` (the connection loop),
//! `inspect` (`POST /ksdiag/diagnose` and `/decode`: a JSON body into the library intake,
//! answered in the API's words), `page_api` (the page's explain, report and fix routes).
//!
//! The binary reads the flags into a [`Setup`] and calls [`run`]; nothing here knows clap.
//! [`app`] is the whole router (what `run` serves), for tests with `tower::ServiceExt::oneshot`
//! (`tests/routes_*.rs`) or another listener:
//!
//! ```
//! use ks_api::{Config, Emulator, Partner, State};
//! let mut state = State::default();
//! state.add_partner(Partner { id: 4321, admin_secret: "secret".into(), user_secret: None });
//! let setup = ks_serve::Setup {
//!     emulator: Emulator::new(state, Config::default()),
//!     persist: None,
//!     cors_origins: ks_serve::parse_origins(&["http://dev.example.test:3000".into()])?,
//!     routes: axum::Router::new(),
//!     start_with_words: ks_api::neutral_words,
//! };
//! let bound: std::net::SocketAddr = "127.0.0.1:8080".parse()?;
//! let router: axum::Router = ks_serve::app(setup, bound);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

mod assets;
mod cors;
pub mod embedded;
mod error;
pub mod feed;
mod guard;
mod http;
mod inspect;
mod listen;
mod log;
mod page_api;
pub mod persist;
pub mod setup;
mod shared;
pub mod start;

pub use cors::parse_origins;
pub use error::Error;
pub use http::{app, app_sharing};
pub use setup::{Generated, Setup, generated};
pub use shared::{AppState, Shared};

/// The routes that diagnose what a caller sends (`POST /ksdiag/diagnose`, `/ksdiag/decode`)
/// and the page's (`GET /ksdiag/explain`, `POST /ksdiag/report`, `/ksdiag/fix`): the library
/// intake (`ks_core::intake::gather`) and ks-report's renderers in the API's words, no argv.
/// Merged into the server's router through [`Setup::routes`].
pub fn diagnose_routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    axum::Router::new()
        .route("/ksdiag/diagnose", axum::routing::post(inspect::diagnose))
        .route("/ksdiag/decode", axum::routing::post(inspect::decode))
        .merge(page_api::router())
}

use std::io::Write;
use std::net::IpAddr;

/// Randomness from the operating system.
pub struct OsEntropy;

impl ks_api::Entropy for OsEntropy {
    fn fill(&mut self, buf: &mut [u8]) {
        if getrandom::fill(buf).is_err() {
            // getrandom does not fail on the systems ksdiag runs on; never hand out zeros.
            let t = system_now() as u64 ^ std::process::id() as u64;
            for (i, b) in buf.iter_mut().enumerate() {
                *b = (t.rotate_left(i as u32 % 64) as u8) ^ (i as u8).wrapping_mul(151);
            }
        }
    }
}

/// The system clock, unix seconds: the time each call is answered at.
pub fn system_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Serves `setup` on `bind:port` until SIGINT or SIGTERM: prints `listening on URL` on
/// stdout once the socket is bound, then answers until stopped.
pub fn run(setup: Setup, bind: IpAddr, port: u16) -> Result<(), Error> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Diagnoses and --state writes run on blocking threads: CPU-bound or short, so a few
        // suffice, and memory stays flat under load.
        .max_blocking_threads(16)
        .build()
        .map_err(Error::Runtime)?;
    rt.block_on(async move {
        let stop = shutdown_signal()?;
        let listener = tokio::net::TcpListener::bind((bind, port))
            .await
            .map_err(|source| Error::Listen { bind, port, source })?;
        let addr = listener.local_addr().map_err(Error::Announce)?;
        let host = match addr.ip() {
            std::net::IpAddr::V6(ip) => format!("[{ip}]"),
            std::net::IpAddr::V4(ip) => ip.to_string(),
        };
        let app = http::app(setup, addr);
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on http://{host}:{}", addr.port())
            .and_then(|()| out.flush())
            .map_err(Error::Announce)?;
        drop(out);
        listen::serve(listener, app, stop).await;
        Ok::<_, Error>(())
    })?;
    // The last lines, unless nobody reads stderr.
    log::flush(std::time::Duration::from_secs(2));
    Ok(())
}

/// SIGINT or SIGTERM. The handlers are installed when this is called, before the listening
/// line is printed: a signal sent as soon as the line is read stops the server cleanly.
fn shutdown_signal() -> Result<impl Future<Output = ()>, Error> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::SignalKind;
        let handler = |kind, signal| {
            tokio::signal::unix::signal(kind).map_err(|source| Error::Signal { signal, source })
        };
        let mut int = handler(SignalKind::interrupt(), "SIGINT")?;
        let mut term = handler(SignalKind::terminate(), "SIGTERM")?;
        Ok(async move {
            tokio::select! {
                _ = int.recv() => {},
                _ = term.recv() => {},
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}
