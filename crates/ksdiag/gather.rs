//! Reads the diagnose flags (values, files, stdin, `env:`) into what the user gave
//! ([`Given`]); the library (`ks_core::intake::gather`) turns that into the case, and its
//! errors are worded here as flags.

use crate::cli::DiagnoseArgs;
use crate::input::{MAX_VALUE_BYTES, Reader, Source};
use anyhow::Result;
use ks_core::intake::gather::gather as gather_given;
use ks_core::intake::given::{GatherError, Given, Inputs};
use ks_report::source_words::{self, Voice};

/// Largest log, HAR file or trace read by --log.
pub use ks_core::intake::given::MAX_LOG_BYTES;

/// Reads every flag's value by the value conventions, in the order the flags are read.
fn read_given(a: &DiagnoseArgs, r: &mut Reader) -> Result<Given> {
    let hash_type = a.hash_type; // typed by clap (input::choice), env:/@PATH included
    let mut g = Given {
        hash_type,
        partner_id: a.partner_id,
        now: a.now,
        ..Given::default()
    };
    if let Some(raw) = &a.app_token {
        g.app_token = Some(
            r.read_document("--app-token", raw, MAX_VALUE_BYTES, false)?
                .text,
        );
    }
    if let Some(raw) = &a.url {
        g.request = Some(r.read("--url", raw)?.text);
    }
    if let Some(raw) = &a.error {
        g.error = Some(r.read_document("--error", raw, MAX_VALUE_BYTES, true)?.text);
    }
    if let Some(raw) = &a.widget_response {
        g.widget_response = Some(
            r.read_document("--widget-response", raw, MAX_VALUE_BYTES, false)?
                .text,
        );
    }
    if let Some(raw) = &a.log {
        g.log = Some(r.read_log("--log", raw, MAX_LOG_BYTES)?.text);
    }
    if let Some(s) = &a.sent_ks {
        g.sent_ks = Some(r.read("--sent-ks", s)?.text);
    }
    for k in &a.ks {
        g.ks.push(r.read("--ks", k)?.text);
    }
    if let Some(h) = &a.hash {
        g.hash = Some(r.read_claimed("--hash", h)?.text);
    }
    if let Some(id) = &a.token_id {
        g.token_id = Some(r.read("--token-id", id)?.text);
    }
    if let Some(t) = &a.token {
        let v = r.read("--token", t)?;
        if v.source == Source::Literal {
            crate::warn_if_literal_secret("--token", &v);
            g.token_given_literally = true;
        }
        g.token = Some(v.text);
    }
    Ok(g)
}

/// A library error in the CLI's words (its flags).
pub fn cli_error(e: &GatherError) -> anyhow::Error {
    anyhow::anyhow!(source_words::message(&e.message, Voice::Cli))
}

pub fn gather(a: &DiagnoseArgs) -> Result<Inputs> {
    let given = read_given(a, &mut Reader::default())?;
    gather_given(&given).map_err(|e| cli_error(&e))
}
