//! `ksdiag diagnose`: one case from flags, the built-in example, or a JSON Lines batch.

use crate::cli::{ColorChoice, DiagnoseArgs, ReportFormat};
use crate::input::{Reader, Source};
use crate::redact::Redactor;
use crate::{example, render_human, render_json, render_markdown};
use anyhow::{Context, Result, bail};
use ks_core::app_token::AppToken;
use ks_core::diagnose::{Case, Finding, FindingCode, Verdict, diagnose};
use ks_core::digest::HashType;
use std::io::{BufRead, Write};
use std::process::ExitCode;

fn read_app_token(r: &mut Reader, raw: &str) -> Result<AppToken> {
    let trimmed = raw.trim_start();
    let text = if trimmed.starts_with('{') {
        raw.to_string()
    } else if raw == "-" || raw.starts_with('@') {
        r.read("--app-token", raw)?.text
    } else {
        r.read("--app-token", &format!("@{raw}"))?.text
    };
    AppToken::from_json(&text).context("--app-token")
}

fn exit_for(v: Verdict) -> ExitCode {
    ExitCode::from(if v == Verdict::Match {
        crate::EXIT_OK
    } else {
        crate::EXIT_MISMATCH
    })
}

pub fn run(a: DiagnoseArgs) -> Result<ExitCode> {
    if let Some(path) = &a.batch {
        return batch(path, &a);
    }
    match a.color {
        ColorChoice::Always => anstream::ColorChoice::Always.write_global(),
        ColorChoice::Never => anstream::ColorChoice::Never.write_global(),
        ColorChoice::Auto => {}
    }
    let mut r = Reader::default();
    let mut extra_findings = Vec::new();
    let (ks_list, token, claimed, app_token, now) = if a.example {
        let t = AppToken::from_json(example::APP_TOKEN_JSON)?;
        (
            vec![example::KS.to_string()],
            example::TOKEN.to_string(),
            example::claimed_hash(),
            Some(t),
            a.now.unwrap_or(example::NOW),
        )
    } else {
        let app_token = a
            .app_token
            .as_deref()
            .map(|raw| read_app_token(&mut r, raw))
            .transpose()?;
        let mut ks_list = Vec::new();
        if let Some(s) = &a.sent_ks {
            ks_list.push(r.read("--sent-ks", s)?.text);
        }
        for k in &a.ks {
            let v = r.read("--ks", k)?.text;
            if !ks_list.contains(&v) {
                ks_list.push(v);
            }
        }
        if ks_list.is_empty() {
            bail!(
                "no KS given; hint: pass --ks VALUE (the KS sent with appToken.startSession), or try --example"
            );
        }
        let token = match (&a.token, app_token.as_ref().and_then(|t| t.token.clone())) {
            (Some(t), _) => {
                let v = r.read("--token", t)?;
                if v.source == Source::Literal {
                    crate::warn_if_literal_secret("--token", &v);
                    extra_findings.push(Finding::new(
                        FindingCode::SecretOnCommandLine,
                        "the token was given on the command line; prefer env:NAME, @PATH or @-",
                    ));
                }
                v.text
            }
            (None, Some(t)) => t,
            (None, None) => bail!(
                "no token given; hint: pass --token VALUE (the app token's `token`, not its id) or --app-token JSON"
            ),
        };
        let Some(h) = &a.hash else {
            bail!("no claimed hash given; hint: pass --hash VALUE (the tokenHash that was sent)")
        };
        let claimed = r.read("--hash", h)?.text;
        (
            ks_list,
            token,
            claimed,
            app_token,
            a.now.unwrap_or_else(crate::system_now),
        )
    };
    if claimed.is_empty() {
        bail!("--hash is empty; hint: pass the tokenHash that was sent");
    }
    if token.is_empty() {
        bail!("--token is empty; hint: pass the app token's `token` value");
    }
    let hash_type = a
        .hash_type
        .as_deref()
        .map(str::parse::<HashType>)
        .transpose()?;
    let token_id = a.token_id.clone();
    let others: Vec<String> = ks_list[1..].to_vec();
    let case = Case {
        ks: &ks_list[0],
        token: &token,
        claimed: &claimed,
        hash_type,
        token_id: token_id.as_deref(),
        partner_id: a.partner_id,
        app_token: app_token.as_ref(),
        other_ks: &others,
        now: Some(now),
    };
    let mut d = diagnose(&case);
    d.findings.extend(extra_findings);
    let redact = Redactor {
        show: a.show_secrets,
    };
    let mut out = anstream::stdout().lock();
    if a.json {
        writeln!(out, "{}", render_json::diagnosis(&d, &redact))?;
    } else if a.format == ReportFormat::Markdown {
        render_markdown::write(&mut out, &d)?;
    } else {
        render_human::write(&mut out, &d, &redact)?;
    }
    out.flush()?;
    Ok(exit_for(d.verdict))
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
}

fn diagnose_line(
    text: &str,
    a: &DiagnoseArgs,
    redact: &Redactor,
) -> Result<(serde_json::Value, Verdict), String> {
    let line: Line =
        serde_json::from_str(text).map_err(|e| format!("not a valid input line: {e}"))?;
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
    let case = Case {
        ks: &line.ks,
        token: &line.token,
        claimed: &line.hash,
        hash_type,
        token_id: line.token_id.as_deref(),
        partner_id: None,
        app_token: app_token.as_ref(),
        other_ks: &[],
        now: line.now.or(a.now).or(Some(crate::system_now())),
    };
    let d = diagnose(&case);
    Ok((render_json::diagnosis(&d, redact), d.verdict))
}

fn batch(path: &str, a: &DiagnoseArgs) -> Result<ExitCode> {
    let redact = Redactor {
        show: a.show_secrets,
    };
    let reader = crate::cmd_verify::open_batch(path)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut all_match = true;
    for (i, line) in reader.lines().enumerate() {
        let n = i + 1;
        let line = line.with_context(|| format!("{path}: cannot read line {n}"))?;
        if line.trim().is_empty() {
            continue;
        }
        match diagnose_line(&line, a, &redact) {
            Ok((mut v, verdict)) => {
                all_match &= verdict == Verdict::Match;
                if let serde_json::Value::Object(o) = &mut v {
                    o.insert("line".into(), n.into());
                }
                writeln!(out, "{v}")?;
            }
            Err(e) => {
                all_match = false;
                writeln!(out, "{}", serde_json::json!({"line": n, "error": e}))?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::from(if all_match {
        crate::EXIT_OK
    } else {
        crate::EXIT_MISMATCH
    }))
}
