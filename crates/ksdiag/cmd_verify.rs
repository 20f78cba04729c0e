//! `ksdiag verify`: silent single check, or a streaming JSON Lines batch (ks-batch's
//! `verify::answer` on all cores).

use crate::batch_input;
use crate::cli::VerifyArgs;
use crate::input::Reader;
use anyhow::Result;
use ks_core::digest::HashType;
use std::process::ExitCode;

pub fn run(a: VerifyArgs) -> Result<ExitCode> {
    if let Some(path) = &a.batch {
        let threads = a
            .threads
            .unwrap_or_else(batch_input::default_workers)
            .max(1);
        return run_batch(path, threads);
    }
    let mut r = Reader::default();
    let hash_type: HashType = a.hash_type;
    let ks = r.read("--ks", a.ks.as_deref().unwrap_or_default())?;
    let token = r.read("--token", a.token.as_deref().unwrap_or_default())?;
    crate::warn_if_literal_secret("--token", &token);
    let claimed = r.read("--hash", a.hash.as_deref().unwrap_or_default())?;
    // An empty value is a mistake in the call of verify, not a wrong hash: exit 2, as diagnose
    // and hash say it.
    for (flag, v) in [
        ("--ks", &ks.text),
        ("--token", &token.text),
        ("--hash", &claimed.text),
    ] {
        if v.is_empty() {
            anyhow::bail!("{flag} is empty; hint: pass the value itself, or env:NAME / @PATH / @-");
        }
    }
    let ok = ks_core::digest::token_hash(hash_type, &ks.text, &token.text).as_str() == claimed.text;
    Ok(crate::exit_for_hashes(ok))
}

fn run_batch(path: &str, threads: usize) -> Result<ExitCode> {
    let all_ok = batch_input::run(
        path,
        threads,
        ks_batch::engine::BIG_BLOCKS,
        &ks_batch::verify::answer,
    )?;
    Ok(crate::exit_for_hashes(all_ok))
}
