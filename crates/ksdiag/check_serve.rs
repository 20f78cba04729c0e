//! `ksdiag check --serve`: runs the user's whole program against a server in this process
//! and grades what it did there (spec serve.md, "ksdiag check --serve"): it passes when it got
//! a session from appToken.startSession and exited 0.

use crate::check_run::{self, Ran};
use crate::cli::CheckArgs;
use anyhow::{Result, bail};
use ks_core::digest::HashType;
use ks_serve::embedded;
use ks_serve::feed::Seen;
use ks_snippets::Lang;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The variables CMD gets, by their standard names, in this order.
pub const NAMES: [&str; 5] = [
    "KALTURA_SERVICE_URL",
    "KALTURA_PARTNER_ID",
    "KALTURA_APP_TOKEN_ID",
    "KALTURA_APP_TOKEN",
    "KALTURA_ADMIN_SECRET",
];

/// The placeholders of CMD and --env values, in the order of [`NAMES`], then the type.
const PLACEHOLDERS: [&str; 6] = [
    "{service_url}",
    "{partner_id}",
    "{app_token_id}",
    "{app_token}",
    "{admin_secret}",
    "{hash_type}",
];

/// What one run of the program did against its server.
pub struct RunResult {
    pub hash_type: HashType,
    /// The program's command line, placeholders replaced.
    pub argv: Vec<String>,
    pub seconds: f64,
    pub ran: Ran,
    /// Every call the server answered, oldest first.
    pub calls: Vec<Seen>,
}

impl RunResult {
    /// appToken.startSession answered with a session.
    pub fn got_session(&self) -> bool {
        self.calls
            .iter()
            .any(|c| is_start_session(c) && c.code.is_none())
    }

    pub fn timed_out(&self) -> bool {
        self.ran.status.is_none()
    }

    pub fn exited_ok(&self) -> bool {
        self.ran.status.is_some_and(|s| s.success())
    }

    pub fn passed(&self) -> bool {
        self.got_session() && self.exited_ok()
    }

    pub fn called_start_session(&self) -> bool {
        self.calls.iter().any(is_start_session)
    }
}

pub fn is_start_session(c: &Seen) -> bool {
    c.service.eq_ignore_ascii_case("apptoken") && c.action.eq_ignore_ascii_case("startsession")
}

/// `--env-name KALTURA_APP_TOKEN=APP_TOKEN`: the name each standard variable is given.
fn names(a: &CheckArgs) -> Result<Vec<String>> {
    let mut out: Vec<String> = NAMES.iter().map(|n| n.to_string()).collect();
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
        if !valid_name(to.trim()) {
            bail!("--env-name {raw:?}: {to:?} is not a variable name (letters, digits, _)");
        }
        out[i] = to.trim().to_string();
    }
    Ok(out)
}

fn valid_name(n: &str) -> bool {
    !n.is_empty()
        && !n.starts_with(|c: char| c.is_ascii_digit())
        && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
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
            if !valid_name(n) {
                bail!("--env {raw:?}: {n:?} is not a variable name (letters, digits, _)");
            }
            Ok((n.to_string(), v.to_string()))
        })
        .collect()
}

fn substitute(text: &str, values: &[String; 6]) -> String {
    PLACEHOLDERS
        .iter()
        .zip(values)
        .fold(text.to_string(), |t, (p, v)| t.replace(p, v))
}

/// The language of the fix: --lang, else guessed from CMD.
pub fn fix_lang(a: &CheckArgs) -> Result<Option<Lang>> {
    Ok(a.lang.or_else(|| ks_snippets::guess(&a.cmd)))
}

fn one_run(
    a: &CheckArgs,
    names: &[String],
    extra: &[(String, String)],
    hash_type: HashType,
) -> Result<RunResult> {
    let server = embedded::start(hash_type, a.ks_version, crate::serve::routes())?;
    let g = &server.generated;
    let values: [String; 6] = [
        server.url.clone(),
        g.partner_id.to_string(),
        g.token_id.clone(),
        g.token.clone(),
        g.admin_secret.clone(),
        hash_type.kaltura_name().to_string(),
    ];
    let mut env: Vec<(String, String)> = names.iter().cloned().zip(values.clone()).collect();
    env.extend(
        extra
            .iter()
            .map(|(n, v)| (n.clone(), substitute(v, &values))),
    );
    let env_refs: Vec<(&str, &str)> = env.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let argv: Vec<String> = a.cmd.iter().map(|x| substitute(x, &values)).collect();
    let limit = Duration::from_secs(a.timeout.max(1));
    let started = Instant::now();
    // A standard name given another one is not inherited either: the program must not find
    // the real KALTURA_SERVICE_URL (or token) of the job's own environment there.
    let renamed: Vec<&str> = NAMES
        .iter()
        .zip(names)
        .filter(|(std_name, given)| **std_name != given.as_str())
        .map(|(std_name, _)| *std_name)
        .collect();
    let ran = check_run::run_without(&argv, &env_refs, &renamed, b"", limit).map_err(|e| {
        anyhow::anyhow!(
            "cannot run `{}`: {e}; hint: give the program and its arguments after --, e.g. `ksdiag check --serve -- python3 login.py`",
            crate::io_words::command_line(&a.cmd)
        )
    })?;
    let seconds = started.elapsed().as_secs_f64();
    let calls = server.calls();
    Ok(RunResult {
        hash_type,
        argv,
        seconds,
        ran,
        calls,
    })
}

pub fn run(a: CheckArgs) -> Result<ExitCode> {
    let types: Vec<HashType> = if a.all_hash_types {
        HashType::ALL.to_vec()
    } else {
        vec![a.hash_type.unwrap_or(HashType::Sha1)]
    };
    let names = names(&a)?;
    let extra = extra_env(&a)?;
    let lang = fix_lang(&a)?;
    let mut runs = Vec::with_capacity(types.len());
    for t in types {
        match one_run(&a, &names, &extra, t) {
            Ok(r) => runs.push(r),
            Err(e) => {
                if let Some(path) = &a.junit {
                    // Best effort: the error itself is what the job prints and exits 2 for.
                    let _ = std::fs::write(
                        path,
                        crate::check_junit::cannot_run(&a.cmd, &format!("{e:#}")),
                    );
                }
                return Err(e);
            }
        }
    }
    if let Some(path) = &a.junit {
        let xml = crate::check_junit::render(&a.cmd, &runs, lang, a.timeout.max(1));
        std::fs::write(path, xml).map_err(|e| {
            anyhow::anyhow!(
                "--junit {}: cannot write the report: {e}; hint: its folder must exist",
                path.display()
            )
        })?;
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        use std::io::Write;
        writeln!(
            out,
            "{}",
            crate::check_serve_report::json(&a.cmd, &runs, lang, a.timeout.max(1))
        )?;
    } else {
        crate::check_serve_report::human(&mut out, &a.cmd, &runs, lang, a.timeout.max(1))?;
    }
    Ok(crate::exit_for_hashes(runs.iter().all(RunResult::passed)))
}
