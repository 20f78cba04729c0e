//! `ksdiag explain [CODE]`: what the code names (ks-report's `explain::lookup`) in words, or
//! the list of every code; an unknown code is a usage error with the nearest known one.

use crate::cli::ExplainArgs;
use anyhow::{Result, bail};
use ks_report::{explain, render_explain};
use std::process::ExitCode;

pub fn run(a: ExplainArgs) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let Some(code) = a.code.as_deref() else {
        render_explain::write_list(&mut out)?;
        return Ok(ExitCode::from(crate::EXIT_OK));
    };
    let Some(first) = explain::lookup(code).into_iter().next() else {
        bail!(
            "{}",
            explain::unknown(code, ks_report::source_words::Voice::Cli)
        );
    };
    render_explain::write(&mut out, &first)?;
    Ok(ExitCode::from(crate::EXIT_OK))
}
