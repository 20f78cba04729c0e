//! `ksdiag check --serve`: runs the user's whole program against a server in this process and
//! grades what it did there (spec `docs/serve.md`, "ksdiag check --serve"): it passes when it
//! got a session from appToken.startSession and exited 0.

use crate::Error;
use crate::run::{self, Ran};
use ks_core::digest::HashType;
use ks_serve::embedded;
use ks_serve::feed::Seen;
use ks_snippets::Lang;
use std::time::{Duration, Instant};

/// The variables the program gets, by their standard names, in this order.
pub const NAMES: [&str; 5] = [
    "KALTURA_SERVICE_URL",
    "KALTURA_PARTNER_ID",
    "KALTURA_APP_TOKEN_ID",
    "KALTURA_APP_TOKEN",
    "KALTURA_ADMIN_SECRET",
];

/// The placeholders of the command and of extra variables' values, in the order of
/// [`NAMES`], then the type.
const PLACEHOLDERS: [&str; 6] = [
    "{service_url}",
    "{partner_id}",
    "{app_token_id}",
    "{app_token}",
    "{admin_secret}",
    "{hash_type}",
];

/// A name a shell and every language's environment reads: letters, digits and `_`, not
/// starting with a digit.
pub fn is_variable_name(n: &str) -> bool {
    !n.is_empty()
        && !n.starts_with(|c: char| c.is_ascii_digit())
        && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// What the flags asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The program and its arguments; the placeholders (`{service_url}`, …, `{hash_type}`)
    /// in them are replaced.
    pub cmd: Vec<String>,
    /// One run per type, each against an app token of that type.
    pub hash_types: Vec<HashType>,
    /// The KS version the server issues (1 or 2).
    pub ks_version: u8,
    /// The name each of [`NAMES`] is given, in that order (a standard name given another one
    /// is taken out of the inherited environment).
    pub names: [String; 5],
    /// More variables (`NAME`, `VALUE` with placeholders replaced).
    pub env: Vec<(String, String)>,
    /// The language of the fix; `None`: none shown.
    pub lang: Option<Lang>,
    /// How long one run may take before it is stopped with what it started.
    pub timeout: Duration,
}

impl Options {
    /// The standard names, in the order of [`NAMES`].
    pub fn standard_names() -> [String; 5] {
        NAMES.map(String::from)
    }

    /// The time limit in whole seconds, at least 1, as the reports name it.
    pub fn timeout_seconds(&self) -> u64 {
        self.timeout.as_secs().max(1)
    }
}

/// What one run of the program did against its server.
pub struct RunResult {
    /// The app token's type.
    pub hash_type: HashType,
    /// The program's command line, placeholders replaced.
    pub argv: Vec<String>,
    /// How long it ran.
    pub seconds: f64,
    /// Its exit status and output.
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

    /// It was stopped at the time limit.
    pub fn timed_out(&self) -> bool {
        self.ran.status.is_none()
    }

    /// It exited with status 0.
    pub fn exited_ok(&self) -> bool {
        self.ran.status.is_some_and(|s| s.success())
    }

    /// A session and exit 0.
    pub fn passed(&self) -> bool {
        self.got_session() && self.exited_ok()
    }

    /// It called appToken.startSession, with whatever answer.
    pub fn called_start_session(&self) -> bool {
        self.calls.iter().any(is_start_session)
    }
}

/// The call is appToken.startSession (service and action in any case, as api_v3 takes them).
pub fn is_start_session(c: &Seen) -> bool {
    c.service.eq_ignore_ascii_case("apptoken") && c.action.eq_ignore_ascii_case("startsession")
}

fn substitute(text: &str, values: &[String; 6]) -> String {
    PLACEHOLDERS
        .iter()
        .zip(values)
        .fold(text.to_string(), |t, (p, v)| t.replace(p, v))
}

fn one_run(o: &Options, hash_type: HashType) -> Result<RunResult, Error> {
    // The same /ksdiag/* routes as `ksdiag serve`: the program may call them too.
    let server = embedded::start(hash_type, o.ks_version, ks_serve::diagnose_routes())?;
    let g = &server.generated;
    let values: [String; 6] = [
        server.url.clone(),
        g.partner_id.to_string(),
        g.token_id.clone(),
        g.token.clone(),
        g.admin_secret.clone(),
        hash_type.kaltura_name().to_string(),
    ];
    let mut env: Vec<(String, String)> = o.names.iter().cloned().zip(values.clone()).collect();
    env.extend(
        o.env
            .iter()
            .map(|(n, v)| (n.clone(), substitute(v, &values))),
    );
    let env_refs: Vec<(&str, &str)> = env.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let argv: Vec<String> = o.cmd.iter().map(|x| substitute(x, &values)).collect();
    let limit = Duration::from_secs(o.timeout_seconds());
    let started = Instant::now();
    // A standard name given another one is not inherited either: the program must not find
    // the real KALTURA_SERVICE_URL (or token) of the job's own environment there.
    let renamed: Vec<&str> = NAMES
        .iter()
        .zip(&o.names)
        .filter(|(std_name, given)| **std_name != given.as_str())
        .map(|(std_name, _)| *std_name)
        .collect();
    let ran =
        run::run_without(&argv, &env_refs, &renamed, b"", limit).map_err(|e| Error::CannotRun {
            cmd: o.cmd.clone(),
            reason: e,
            serve: true,
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

/// Runs the program once per type of `o.hash_types`, each against a new server whose one
/// app token has that type.
///
/// # Errors
/// [`Error::Server`] when a server does not start, [`Error::CannotRun`] when the program
/// does not: no run is reported then.
pub fn check(o: &Options) -> Result<Vec<RunResult>, Error> {
    o.hash_types.iter().map(|t| one_run(o, *t)).collect()
}
