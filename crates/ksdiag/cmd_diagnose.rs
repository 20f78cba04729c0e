//! `ksdiag diagnose`: one case from flags or the built-in example (ks-core's
//! `intake::example`), or a JSON Lines batch (ks-batch); the report is ks-report's
//! `render_report`.

use crate::cli::{ColorChoice, DiagnoseArgs, ReportFormat};
use crate::gather;
use anyhow::Result;
use ks_core::intake::example;
use ks_report::provenance;
use ks_report::redact::Redactor;
use ks_report::render_report::{self, Form, Report};
use ks_report::source_words::Voice;
use std::io::Write;
use std::process::ExitCode;

pub fn run(a: DiagnoseArgs) -> Result<ExitCode> {
    if let Some(path) = &a.batch {
        return batch(path, &a);
    }
    match a.color {
        ColorChoice::Always => anstream::ColorChoice::Always.write_global(),
        ColorChoice::Never => anstream::ColorChoice::Never.write_global(),
        ColorChoice::Auto => {}
    }
    // The example's call is made the day its KS was, unless --now says; otherwise the system
    // clock only says what has expired since, and the call's time is --now or what the
    // inputs show (a HAR entry's or a log line's time).
    let (inputs, today) = if a.example {
        (example::inputs(a.hash_type, a.now), example::NOW)
    } else {
        (gather::gather(&a)?, crate::system_now())
    };
    let (d, provenance, names) = provenance::diagnose(&inputs, Some(today), Voice::Cli);
    let redact = Redactor {
        show: a.show_secrets,
        voice: Voice::Cli,
    };
    let form = match (a.json, a.format) {
        (true, _) => Form::Json,
        (false, ReportFormat::Markdown) => Form::Markdown,
        (false, ReportFormat::Human) => Form::Human,
    };
    let report = Report {
        diagnosis: &d,
        provenance: &provenance,
        names: &names,
    };
    let mut out = anstream::stdout().lock();
    let written =
        render_report::write(&mut out, &report, form, &redact, a.lang).and_then(|()| out.flush());
    crate::written(written)?;
    Ok(crate::exit_for_hashes(d.call_accepted()))
}

fn batch(path: &str, a: &DiagnoseArgs) -> Result<ExitCode> {
    let lines = ks_batch::diagnose::Lines {
        call: a.now,
        // One clock for the whole batch, read once.
        today: crate::system_now(),
        redact: Redactor {
            show: a.show_secrets,
            voice: Voice::Cli,
        },
    };
    let answer = |n: usize, line: &[u8], out: &mut Vec<u8>| lines.answer(n, line, out);
    let threads = crate::batch_input::default_workers();
    let all_match =
        crate::batch_input::run(path, threads, ks_batch::engine::SMALL_BLOCKS, &answer)?;
    Ok(crate::exit_for_hashes(all_match))
}
