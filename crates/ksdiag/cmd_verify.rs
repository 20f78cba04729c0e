//! `ksdiag verify`: silent single check, or a streaming JSON Lines batch.
//!
//! The batch path is the hot loop: lines are scanned in place (batch_line), hex goes into a
//! stack buffer, answers are written as bytes without formatting machinery, and blocks of
//! lines are hashed on all cores while their order is kept (batch).

use crate::cli::VerifyArgs;
use crate::input::Reader;
use crate::{batch, batch_line};
use anyhow::Result;
use ks_core::digest::{HashType, Hasher};
use std::process::ExitCode;

pub fn run(a: VerifyArgs) -> Result<ExitCode> {
    if let Some(path) = &a.batch {
        let threads = a.threads.unwrap_or_else(default_workers).max(1);
        return run_batch(path, threads);
    }
    let mut r = Reader::default();
    let hash_type: HashType = a.hash_type;
    let ks = r.read("--ks", a.ks.as_deref().unwrap_or_default())?;
    let token = r.read("--token", a.token.as_deref().unwrap_or_default())?;
    crate::warn_if_literal_secret("--token", &token);
    let claimed = r.read("--hash", a.hash.as_deref().unwrap_or_default())?;
    let ok = ks_core::digest::token_hash(hash_type, &ks.text, &token.text).as_str() == claimed.text;
    Ok(crate::exit_for_hashes(ok))
}

fn hash_type_of(name: Option<&[u8]>) -> Result<HashType, String> {
    match name {
        None | Some(b"") => Ok(HashType::Sha1),
        Some(b"sha1" | b"SHA1") => Ok(HashType::Sha1),
        Some(b"sha256" | b"SHA256") => Ok(HashType::Sha256),
        Some(b"md5" | b"MD5") => Ok(HashType::Md5),
        Some(b"sha512" | b"SHA512") => Ok(HashType::Sha512),
        Some(other) => String::from_utf8_lossy(other)
            .parse()
            .map_err(|e: ks_core::digest::UnknownHashType| e.to_string()),
    }
}

/// One worker per core: workers read their own blocks, so no thread is left idle.
fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Checks one line; `Ok(true)` when the hash is correct.
fn check(line: &[u8]) -> Result<bool, String> {
    batch_line::read(line, |l| {
        let ht = hash_type_of(l.hash_type)?;
        // Only lowercase hex of the right length can ever match: no need to hash the rest.
        let lower_hex = l
            .hash
            .iter()
            .fold(true, |ok, &c| ok & matches!(c, b'0'..=b'9' | b'a'..=b'f'));
        if l.hash.len() != ht.hex_len() || !lower_hex {
            return Ok(false);
        }
        let mut h = Hasher::new(ht);
        h.update(l.ks);
        h.update(l.token);
        Ok(h.finalize().matches_lower_hex(l.hash))
    })?
}

/// One output line for one input line.
fn answer(n: usize, line: &[u8], out: &mut Vec<u8>) -> bool {
    match check(line) {
        Ok(ok) => {
            out.extend_from_slice(b"{\"line\":");
            batch::push_decimal(out, n);
            out.extend_from_slice(if ok {
                b",\"ok\":true}\n"
            } else {
                b",\"ok\":false}\n"
            });
            ok
        }
        Err(msg) => {
            batch::error_line(n, &msg, out);
            false
        }
    }
}

fn run_batch(path: &str, threads: usize) -> Result<ExitCode> {
    let input = batch::open(path)?;
    let mut out = std::io::stdout().lock();
    let all_ok = batch::run(input, threads, batch::BIG_BLOCKS, &answer, &mut out, path)?;
    Ok(crate::exit_for_hashes(all_ok))
}
