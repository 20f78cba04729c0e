//! `ksdiag serve`: the flags read into a [`ks_serve::Setup`], then the server of crate
//! `ks-serve`. Files: `setup` (flags → partners, app tokens, origins), `start_words` (what the
//! start tells the operator, and the hints of refused calls, in the flags' words).

mod setup;
mod start_words;

use crate::cli::ServeArgs;
use anyhow::Result;
use std::process::ExitCode;

pub fn run(a: ServeArgs) -> Result<ExitCode> {
    let setup = setup::build(&a)?;
    if !a.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}, which is not a loopback address: anyone who can reach it can read the admin secrets and app tokens this server holds",
            a.bind
        );
    }
    match ks_serve::run(setup, a.bind, a.port) {
        // The server says what failed; the hint names this command's flag.
        Err(e @ ks_serve::Error::Listen { .. }) => {
            let why = std::error::Error::source(&e).map_or(String::new(), |s| format!(": {s}"));
            Err(anyhow::anyhow!(
                "{e}; hint: pick another --port, or 0 for a free one{why}"
            ))
        }
        other => other.map_err(anyhow::Error::from),
    }?;
    Ok(ExitCode::from(crate::EXIT_OK))
}
