//! `ksdiag hash`: print the correct tokenHash.

use crate::cli::HashArgs;
use crate::input::Reader;
use anyhow::Result;
use ks_core::digest::{HashType, token_hash};
use std::io::Write;
use std::process::ExitCode;

pub fn run(a: HashArgs) -> Result<ExitCode> {
    let mut r = Reader::default();
    let hash_type: HashType = r.read("--hash-type", &a.hash_type)?.text.parse()?;
    let ks = r.read("--ks", &a.ks)?;
    let token = r.read("--token", &a.token)?;
    crate::warn_if_literal_secret("--token", &token);
    if ks.text.is_empty() {
        anyhow::bail!("--ks is empty; hint: pass the KS returned by session.startWidgetSession");
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", token_hash(hash_type, &ks.text, &token.text))?;
    Ok(ExitCode::from(crate::EXIT_OK))
}
