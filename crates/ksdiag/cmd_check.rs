//! `ksdiag check`: the flags read into `ks_check`'s options, its report printed, the exit
//! status. The check itself (cases, runs, grading, reports) is crate `ks-check`.

use crate::cli::CheckArgs;
use anyhow::{Result, bail};
use ks_check::serve::{self, NAMES, is_variable_name};
use ks_core::digest::HashType;
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

pub fn run(a: CheckArgs) -> Result<ExitCode> {
    if a.serve {
        return run_serve(a);
    }
    if a.count == 0 {
        bail!("--count must be at least 1");
    }
    if a.count > 100_000 {
        bail!(
            "--count {} is more than 100000 cases per hash type",
            a.count
        );
    }
    let report = ks_check::check(&ks_check::Options {
        cmd: a.cmd,
        hash_type: a.hash_type,
        count: a.count,
        seed: a.seed,
        lines: a.lines,
        timeout: Duration::from_secs(a.timeout),
    })?;
    let mut out = std::io::stdout().lock();
    crate::written(if a.json {
        ks_check::report_json::write(&mut out, &report)
    } else {
        ks_check::report_human::write(&mut out, &report)
    })?;
    crate::written(out.flush())?;
    // The run as asked (every type) is not all right when hard-coded; `--hash-type` makes it so.
    Ok(crate::exit_for_hashes(report.passed()))
}

/// `--env-name KALTURA_APP_TOKEN=APP_TOKEN`: the name each standard variable is given.
fn names(a: &CheckArgs) -> Result<[String; 5]> {
    let mut out = serve::Options::standard_names();
    for raw in &a.env_name {
        let Some((from, to)) = raw.split_once('=') else {
            bail!(
                "--env-name {raw:?}: expected KALTURA_NAME=NAME, e.g. --env-name KALTURA_APP_TOKEN=APP_TOKEN"
            );
        };
        let Some(i) = NAMES.iter().position(|n| *n == from.trim()) else {
            bail!(
                "--env-name {raw:?}: {from:?} is not one of the variables --serve sets; hint: one of {}",
                NAMES.join(", ")
            );
        };
        if !is_variable_name(to.trim()) {
            bail!("--env-name {raw:?}: {to:?} is not a variable name (letters, digits, _)");
        }
        out[i] = to.trim().to_string();
    }
    Ok(out)
}

/// `--env NAME=VALUE`, checked before anything runs.
fn extra_env(a: &CheckArgs) -> Result<Vec<(String, String)>> {
    a.env
        .iter()
        .map(|raw| {
            let Some((n, v)) = raw.split_once('=') else {
                bail!(
                    "--env {raw:?}: expected NAME=VALUE, e.g. --env KALTURA_HASH_TYPE={{hash_type}}"
                );
            };
            if !is_variable_name(n) {
                bail!("--env {raw:?}: {n:?} is not a variable name (letters, digits, _)");
            }
            Ok((n.to_string(), v.to_string()))
        })
        .collect()
}

fn run_serve(a: CheckArgs) -> Result<ExitCode> {
    let o = serve::Options {
        hash_types: if a.all_hash_types {
            HashType::ALL.to_vec()
        } else {
            vec![a.hash_type.unwrap_or(HashType::Sha1)]
        },
        ks_version: a.ks_version,
        names: names(&a)?,
        env: extra_env(&a)?,
        // The language of the fix: --lang, else guessed from CMD.
        lang: a.lang.or_else(|| ks_snippets::guess(&a.cmd)),
        timeout: Duration::from_secs(a.timeout),
        cmd: a.cmd,
    };
    let runs = match serve::check(&o) {
        Ok(runs) => runs,
        Err(e) => {
            let e = anyhow::Error::from(e);
            if let Some(path) = &a.junit {
                // Best effort: the error itself is what the job prints and exits 2 for.
                let xml =
                    ks_check::junit::cannot_run(&o.cmd, &format!("{e:#}"), crate::system_now());
                let _ = std::fs::write(path, xml);
            }
            return Err(e);
        }
    };
    if let Some(path) = &a.junit {
        let xml = ks_check::junit::render(&o, &runs, crate::system_now());
        std::fs::write(path, xml).map_err(|e| {
            anyhow::anyhow!(
                "--junit {}: cannot write the report: {e}; hint: its folder must exist",
                path.display()
            )
        })?;
    }
    let mut out = std::io::stdout().lock();
    crate::written(if a.json {
        ks_check::serve_json::write(&mut out, &o, &runs)
    } else {
        ks_check::serve_report::human(&mut out, &o, &runs)
    })?;
    crate::written(out.flush())?;
    Ok(crate::exit_for_hashes(runs.iter().all(|r| r.passed())))
}
