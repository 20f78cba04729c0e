//! `ksdiag diagnose`: one case from flags, the built-in example, or a JSON Lines batch.

use crate::cli::{ColorChoice, DiagnoseArgs, ReportFormat};
use crate::{example, gather};
use anyhow::Result;
use ks_core::app_token::AppToken;
use ks_core::diagnose::Diagnosis;
use ks_core::intake::cross_check::Sourced;
use ks_core::intake::given::Inputs;
use ks_core::source::{Field, Source};
use ks_report::provenance::Provenance;
use ks_report::redact::Redactor;
use ks_report::source_words::Voice;
use ks_report::verdict_words::KsNames;
use ks_report::{render_fix_code, render_human, render_markdown};
use std::io::Write;
use std::process::ExitCode;

pub fn run(a: DiagnoseArgs) -> Result<ExitCode> {
    if let Some(path) = &a.batch {
        return batch(path, &a);
    }
    let lang: Option<ks_snippets::Lang> = a.lang;
    match a.color {
        ColorChoice::Always => anstream::ColorChoice::Always.write_global(),
        ColorChoice::Never => anstream::ColorChoice::Never.write_global(),
        ColorChoice::Auto => {}
    }
    let (inputs, now) = if a.example {
        (example_inputs(&a)?, example::NOW)
    } else {
        (gather::gather(&a)?, crate::system_now())
    };
    let (d, provenance, names) = analyse(&inputs, now);
    let redact = Redactor {
        show: a.show_secrets,
        voice: ks_report::source_words::Voice::Cli,
    };
    let mut out = anstream::stdout().lock();
    let shown = provenance.is_interesting();
    let written = if a.json {
        let mut v = ks_report::provenance::json_report(&d, &provenance, &names, &redact);
        if let (Some(l), serde_json::Value::Object(o)) = (lang, &mut v) {
            o.insert("fix_code".into(), render_fix_code::json(&d, l));
        }
        writeln!(out, "{v}")
    } else if a.format == ReportFormat::Markdown {
        render_markdown::write(&mut out, &d, &names).and_then(|()| {
            if let Some(l) = lang {
                render_fix_code::markdown(&mut out, &d, l)?;
            }
            if shown {
                writeln!(out, "\n**Inputs:** {}", provenance.sentence())?;
            }
            Ok(())
        })
    } else {
        render_human::write(&mut out, &d, &redact, &names).and_then(|()| {
            if let Some(l) = lang {
                render_fix_code::human(&mut out, &d, l)?;
            }
            if shown {
                writeln!(out, "\nInputs: {}", provenance.sentence())?;
            }
            Ok(())
        })
    }
    .and_then(|()| out.flush());
    match written {
        // `ksdiag diagnose … | head -1`: the reader left; the verdict still decides the status.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    Ok(crate::exit_for_hashes(d.call_accepted()))
}

/// The built-in example's inputs: its call is made the day its KS was, unless --now says.
fn example_inputs(a: &DiagnoseArgs) -> Result<Inputs> {
    let example = Source::Given(Field::Example);
    let sourced = |value: String| Sourced {
        value,
        source: example,
    };
    Ok(Inputs {
        ks: sourced(example::KS.to_string()),
        ks_verbatim: false,
        hash_verbatim: false,
        other_ks: Vec::new(),
        token: sourced(example::TOKEN.to_string()),
        claimed: sourced(example::claimed_hash()),
        token_id: None,
        partner_id: None,
        app_token: Some(AppToken::from_json(example::APP_TOKEN_JSON)?),
        error: None,
        findings: Vec::new(),
        sent_ks_known: true,
        hash_type: a.hash_type,
        sent_without_ks: false,
        request_partner_id: None,
        call_time: Some(match a.now {
            Some(t) => Sourced {
                value: t,
                source: Source::Given(Field::Now),
            },
            None => Sourced {
                value: example::NOW,
                source: example,
            },
        }),
        call_time_slack: 0,
    })
}

/// Diagnoses gathered inputs in the CLI's words: the engine, the named candidates, the
/// server error's contradictions and the intake findings.
///
/// `today` is the system clock: it only says what has expired since. The call's time is
/// `--now` when given, else what the inputs show (a HAR entry's or a log line's time).
fn analyse(inputs: &Inputs, today: i64) -> (Diagnosis, Provenance, KsNames) {
    ks_report::provenance::diagnose(inputs, Some(today), Voice::Cli)
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
