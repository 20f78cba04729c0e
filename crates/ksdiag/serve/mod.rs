//! `ksdiag serve`: the emulation (crate `ks-api`) on HTTP, with axum on tokio.
//!
//! Files: `setup` (flags → partners and app tokens), `http` (routes and the api_v3 handler),
//! `guard` (Host check, limits), `cors` (browser apps), `log` (stderr that never blocks),
//! `feed` (the latest calls, stderr lines), `persist`
//! (`--state`), `flags_vs_state` (the --state file wins over the flags), `assets` (the
//! page), `page_api` (the page's explain and report routes), `inspect` (POST
//! /ksdiag/diagnose and /ksdiag/decode), `field_words` (their errors in the JSON fields'
//! names), `embedded` (the server inside `check --serve`).

mod assets;
mod cors;
pub mod embedded;
pub mod feed;
mod field_words;
mod flags_vs_state;
mod guard;
mod http;
mod inspect;
mod listen;
mod log;
mod page_api;
mod persist;
mod setup;

use crate::cli::ServeArgs;
use anyhow::{Context, Result};
use std::io::Write;
use std::process::ExitCode;

/// Randomness from the operating system.
pub struct OsEntropy;

impl ks_api::Entropy for OsEntropy {
    fn fill(&mut self, buf: &mut [u8]) {
        if getrandom::fill(buf).is_err() {
            // getrandom does not fail on the systems ksdiag runs on; never hand out zeros.
            let t = crate::system_now() as u64 ^ std::process::id() as u64;
            for (i, b) in buf.iter_mut().enumerate() {
                *b = (t.rotate_left(i as u32 % 64) as u8) ^ (i as u8).wrapping_mul(151);
            }
        }
    }
}

pub fn run(a: ServeArgs) -> Result<ExitCode> {
    let setup = setup::build(&a)?;
    if !a.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}, which is not a loopback address: anyone who can reach it can read the admin secrets and app tokens this server holds",
            a.bind
        );
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Diagnoses and --state writes run on blocking threads: CPU-bound or short, so a few
        // suffice, and memory stays flat under load.
        .max_blocking_threads(16)
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(async move {
        let stop = shutdown_signal()?;
        let listener = tokio::net::TcpListener::bind((a.bind, a.port))
            .await
            .with_context(|| {
                format!(
                    "cannot listen on {}:{}; hint: pick another --port, or 0 for a free one",
                    a.bind, a.port
                )
            })?;
        let addr = listener.local_addr()?;
        let host = match addr.ip() {
            std::net::IpAddr::V6(ip) => format!("[{ip}]"),
            std::net::IpAddr::V4(ip) => ip.to_string(),
        };
        let app = http::app(setup, addr);
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on http://{host}:{}", addr.port())?;
        out.flush()?;
        drop(out);
        listen::serve(listener, app, stop).await;
        Ok::<_, anyhow::Error>(())
    })?;
    // The last lines, unless nobody reads stderr.
    log::flush(std::time::Duration::from_secs(2));
    Ok(ExitCode::from(crate::EXIT_OK))
}

/// SIGINT or SIGTERM. The handlers are installed when this is called, before the listening
/// line is printed: a signal sent as soon as the line is read stops the server cleanly.
fn shutdown_signal() -> Result<impl Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut int = signal(SignalKind::interrupt()).context("cannot handle SIGINT")?;
        let mut term = signal(SignalKind::terminate()).context("cannot handle SIGTERM")?;
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
