//! `ksdiag decode`: read a KS the way the server does.

use crate::cli::DecodeArgs;
use crate::input::Reader;
use anyhow::Result;
use ks_report::decoded::{to_json, with_decoded};
use ks_report::redact::Redactor;
use ks_report::source_words::Voice;
use std::io::Write;
use std::process::ExitCode;

pub fn run(a: DecodeArgs) -> Result<ExitCode> {
    let mut r = Reader::default();
    let ks = r.read("KS", &a.ks)?;
    let secret = match &a.admin_secret {
        Some(s) => {
            let v = r.read("--admin-secret", s)?;
            crate::warn_if_literal_secret("--admin-secret", &v);
            Some(v.text)
        }
        None => None,
    };
    let now = a.now.unwrap_or_else(crate::system_now);
    let redact = Redactor {
        show: a.show_secrets,
        voice: Voice::Cli,
    };
    let mut out = std::io::stdout().lock();
    with_decoded(&ks.text, secret.as_deref(), now, |view| {
        if a.json {
            writeln!(out, "{}", to_json(view, &redact))
        } else {
            ks_report::decode_human::write(&mut out, view, &redact)
        }
    })
    .map_err(|e| anyhow::anyhow!(e.words(Voice::Cli)))??;
    Ok(ExitCode::from(crate::EXIT_OK))
}
