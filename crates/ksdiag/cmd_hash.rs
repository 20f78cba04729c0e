//! `ksdiag hash`: print the correct tokenHash.

use crate::cli::HashArgs;
use crate::input::Reader;
use anyhow::Result;
use ks_core::digest::{HashType, token_hash};
use std::io::Write;
use std::process::ExitCode;

/// The value without surrounding ASCII whitespace, as `diagnose` reads a KS or token: the
/// server's KS and token never hold any, and a file written with `echo` ends in "\n" (the
/// classic mistake). What was taken off is said on stderr, so nothing changes silently.
fn trimmed<'a>(flag: &str, text: &'a str) -> &'a str {
    let t = text.trim_matches(|c: char| c.is_ascii_whitespace());
    if t.len() != text.len() {
        let start = text.find(t).unwrap_or(0);
        let shown = |s: &str| s.escape_debug().to_string();
        let (lead, trail) = (&text[..start], &text[start + t.len()..]);
        let what = match (lead.is_empty(), trail.is_empty()) {
            (true, _) => format!("trailing whitespace \"{}\"", shown(trail)),
            (_, true) => format!("leading whitespace \"{}\"", shown(lead)),
            _ => format!(
                "leading whitespace \"{}\" and trailing \"{}\"",
                shown(lead),
                shown(trail)
            ),
        };
        eprintln!(
            "note: {flag}: took off the {what} before hashing (as diagnose does; a file written with echo ends in a newline the server's value does not have)"
        );
    }
    t
}

pub fn run(a: HashArgs) -> Result<ExitCode> {
    let mut r = Reader::default();
    let hash_type: HashType = a.hash_type;
    let ks = r.read("--ks", &a.ks)?;
    let token = r.read("--token", &a.token)?;
    if !token.text.is_empty() {
        crate::warn_if_literal_secret("--token", &token);
    }
    let ks_text = trimmed("--ks", &ks.text);
    let token_text = trimmed("--token", &token.text);
    if ks_text.is_empty() {
        anyhow::bail!("--ks is empty; hint: pass the KS returned by session.startWidgetSession");
    }
    if token_text.is_empty() {
        anyhow::bail!(
            "--token is empty; hint: pass the app token's `token` value (not its id), e.g. env:NAME or @PATH"
        );
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", token_hash(hash_type, ks_text, token_text))?;
    Ok(ExitCode::from(crate::EXIT_OK))
}
