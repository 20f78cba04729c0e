//! `ksdiag diagnose`: one case from flags, the built-in example, or a JSON Lines batch.

use crate::cli::{ColorChoice, DiagnoseArgs, ReportFormat};
use crate::{example, gather};
use anyhow::Result;
use ks_core::app_token::AppToken;
use ks_core::diagnose::{CallTime, Case, Diagnosis, Finding, FindingCode, diagnose};
use ks_core::digest::HashType;
use ks_core::intake::api_error;
use ks_core::intake::cross_check::{Sourced, check_error};
use ks_core::intake::given::Inputs;
use ks_core::intake::source::{Field, Source};
use ks_report::provenance::Provenance;
use ks_report::redact::Redactor;
use ks_report::source_words::Voice;
use ks_report::verdict_words::KsNames;
use ks_report::{render_fix_code, render_human, render_json, render_markdown};
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

#[derive(serde::Deserialize)]
struct Line {
    ks: String,
    token: String,
    hash: String,
    #[serde(default)]
    hash_type: Option<String>,
    #[serde(default)]
    token_id: Option<String>,
    #[serde(default)]
    app_token: Option<serde_json::Value>,
    #[serde(default)]
    now: Option<i64>,
    /// Other KS strings the client may have hashed (earlier startWidgetSession calls).
    #[serde(default)]
    other_ks: Vec<String>,
    /// False when nothing says which KS was sent: `ks` and `other_ks` are then candidates,
    /// newest first.
    #[serde(default = "yes")]
    sent_ks_known: bool,
    /// The server's error: its code, or the KalturaAPIException JSON object.
    #[serde(default)]
    server_error: Option<serde_json::Value>,
}

fn yes() -> bool {
    true
}

/// The fields of a `diagnose --batch` line, for the message when a line is no object.
const LINE_FIELDS: &str = "ks, token, hash (strings) and, optionally, hash_type, token_id, app_token, now, other_ks, sent_ks_known, server_error";

/// Diagnoses one batch line. The call's time is the line's `now`, else `--now` (`call`);
/// `today` (the system clock) only says what has expired since.
fn diagnose_line(
    text: &str,
    call: Option<i64>,
    today: i64,
    redact: &Redactor,
) -> Result<(serde_json::Value, bool), String> {
    let line: Line = crate::json_line::parse(text.as_bytes(), LINE_FIELDS)?;
    let hash_type = line
        .hash_type
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(str::parse::<HashType>)
        .transpose()
        .map_err(|e| e.to_string())?;
    let app_token = match &line.app_token {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::Object(o)) => {
            Some(AppToken::from_object(o).map_err(|e| format!("app_token: {e}"))?)
        }
        Some(_) => return Err("app_token must be an object".into()),
    };
    if line.hash.is_empty() {
        return Err("hash is empty".into());
    }
    if let Some(n) = line.now {
        crate::input::unix_seconds(&n.to_string()).map_err(|e| format!("now: {e}"))?;
    }
    let server_error = match &line.server_error {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(code)) => Some(code.clone()),
        Some(v @ serde_json::Value::Object(_)) => Some(v.to_string()),
        Some(_) => return Err("server_error must be an error code or an object".into()),
    }
    .map(|text| api_error::parse(&text).map_err(|e| format!("server_error: {e}")))
    .transpose()?;
    // A hash copied out of a print keeps the print's quotes: not what was sent.
    let unquoted = ks_core::intake::paste::unquote(&line.hash);
    let case = Case {
        ks: &line.ks,
        token: &line.token,
        claimed: unquoted.as_ref().map_or(&line.hash, |(h, _)| h),
        hash_type,
        token_id: line.token_id.as_deref(),
        partner_id: None,
        app_token: app_token.as_ref(),
        other_ks: &line.other_ks,
        call_time: match (line.now, call) {
            (Some(at), _) => Some(CallTime::exact(at, Source::JsonField(Field::Now))),
            (None, Some(at)) => Some(CallTime::exact(at, Source::Given(Field::Now))),
            (None, None) => None,
        },
        today: Some(today),
        sent_without_ks: false,
        request_partner_id: None,
        ks_verbatim: false,
        hash_verbatim: false,
        sent_ks_unknown: !line.sent_ks_known,
        server_error: server_error.as_ref(),
    };
    let mut d = diagnose(&case);
    if let Some(e) = &server_error {
        d.findings.extend(check_error(e, &d));
    }
    if let Some((_, form)) = &unquoted {
        d.findings.push(Finding::new(
            FindingCode::InputNormalized,
            format!("hash: the {form} it was copied with were taken off; quotes count as sent only when the request shows them"),
        ));
    }
    Ok((render_json::diagnosis(&d, redact), d.call_accepted()))
}

fn batch(path: &str, a: &DiagnoseArgs) -> Result<ExitCode> {
    let redact = Redactor {
        show: a.show_secrets,
        voice: ks_report::source_words::Voice::Cli,
    };
    // One clock for the whole batch, read once.
    let today = crate::system_now();
    let answer = |n: usize, line: &[u8], out: &mut Vec<u8>| {
        let result = std::str::from_utf8(line)
            .map_err(|e| {
                format!(
                    "not a valid input line: invalid UTF-8 at byte {}",
                    e.valid_up_to()
                )
            })
            .and_then(|text| diagnose_line(text, a.now, today, &redact));
        match result {
            Ok((mut v, accepted)) => {
                if let serde_json::Value::Object(o) = &mut v {
                    o.insert("line".into(), n.into());
                }
                out.extend_from_slice(v.to_string().as_bytes());
                out.push(b'\n');
                accepted
            }
            Err(e) => {
                crate::batch::error_line(n, &e, out);
                false
            }
        }
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let input = crate::batch::open(path)?;
    let mut out = std::io::stdout().lock();
    let all_match = crate::batch::run(
        input,
        threads,
        crate::batch::SMALL_BLOCKS,
        &answer,
        &mut out,
        path,
    )?;
    Ok(crate::exit_for_hashes(all_match))
}
