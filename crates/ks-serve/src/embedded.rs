//! `ksdiag check --serve`: the same server in this process, on a free loopback port, with a
//! generated partner and app token; its feed tells which calls the program made.

use super::feed::Seen;
use super::http::app_sharing;
use super::setup::{Generated, generated};
use super::shared::AppState;
use crate::Error;
use axum::Router;
use ks_core::digest::HashType;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

/// A running server; stopped when dropped.
pub struct Embedded {
    /// `http://127.0.0.1:PORT`, no final `/`.
    pub url: String,
    /// What it was started with.
    pub generated: Generated,
    shared: AppState,
    runtime: Option<tokio::runtime::Runtime>,
}

/// Starts a server whose one app token has `hash_type`, issuing KS of `ks_version`.
/// `routes` are merged into the server's, as `ksdiag serve` merges its own.
pub fn start(
    hash_type: HashType,
    ks_version: u8,
    routes: Router<AppState>,
) -> Result<Embedded, Error> {
    let (setup, generated) = generated(hash_type, ks_version, routes);
    // Two workers: the program under test makes a few calls, one after the other.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(4)
        .enable_all()
        .build()
        .map_err(Error::Runtime)?;
    let listen = |source| Error::Listen {
        bind: Ipv4Addr::LOCALHOST.into(),
        port: 0,
        source,
    };
    let listener =
        std::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).map_err(listen)?;
    listener.set_nonblocking(true).map_err(listen)?;
    let addr = listener.local_addr().map_err(listen)?;
    let (router, shared) = app_sharing(setup, addr);
    shared.feed.set_quiet(true);
    let listener = {
        let _in_runtime = runtime.enter();
        tokio::net::TcpListener::from_std(listener).map_err(listen)?
    };
    runtime.spawn(super::listen::serve(
        listener,
        router,
        std::future::pending::<()>(),
    ));
    Ok(Embedded {
        url: format!("http://{addr}"),
        generated,
        shared,
        runtime: Some(runtime),
    })
}

impl Embedded {
    /// The calls answered so far, oldest first.
    pub fn calls(&self) -> Vec<Seen> {
        self.shared.feed.calls()
    }
}

impl Drop for Embedded {
    fn drop(&mut self) {
        // The program has exited (or was killed): its calls are recorded; nothing to drain.
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_timeout(Duration::from_millis(200));
        }
    }
}
