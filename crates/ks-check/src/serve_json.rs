//! `ksdiag check --serve --json`: one object for CI. Typed messages with
//! `#[derive(Serialize)]`, their fields in alphabetical order, the order the report has
//! always had (it was a `serde_json::Map`, which sorts), so that the bytes stay the same.

use crate::serve::{Options, RunResult};
use crate::serve_report::{call_name, chain, hard_coded, hard_coded_hint, kind, tail, why};
use ks_core::diagnose::Verdict;
use ks_report::cause_words::describe;
use ks_serve::feed::Seen;
use ks_snippets::Lang;
use serde::Serialize;
use std::io::Write;

/// The whole report.
#[derive(Debug, Serialize)]
pub struct Wire<'a> {
    /// The program and its arguments, as given.
    pub command: &'a [String],
    /// Runs that failed.
    pub failed: usize,
    /// The one algorithm the program hashes with whatever the type, when every failed run
    /// says so; `null` otherwise.
    pub hard_coded: Option<HardCoded>,
    /// The language of the fixes shown (`python`), or `null`.
    pub lang: Option<&'static str>,
    /// Always `serve`.
    pub mode: &'static str,
    /// Every run passed.
    pub ok: bool,
    /// Runs that passed.
    pub passed: usize,
    /// One per hash type, in the order run.
    pub runs: Vec<Run<'a>>,
}

/// `hard_coded`.
#[derive(Debug, Serialize)]
pub struct HardCoded {
    /// The algorithm's Kaltura name (`SHA1`).
    pub hash_type: &'static str,
    /// What to do about it.
    pub hint: String,
}

/// One run of the program.
#[derive(Debug, Serialize)]
pub struct Run<'a> {
    /// The command line run, placeholders replaced.
    pub argv: &'a [String],
    /// Every call the server answered, oldest first.
    pub calls: Vec<Call>,
    /// Its exit status; `null` when stopped or killed by a signal.
    pub exit_status: Option<i32>,
    /// The app token's type.
    pub hash_type: &'static str,
    /// For a failed run: the proven causes joined by `+`, an error code, `timeout`,
    /// `no_start_session` or `exit_status`.
    pub kind: Option<String>,
    /// A session and exit 0.
    pub ok: bool,
    /// How long it ran, to the millisecond.
    pub seconds: f64,
    /// appToken.startSession answered with a session.
    pub session: bool,
    /// The last lines of its stderr.
    pub stderr: Vec<String>,
    /// The last lines of its stdout.
    pub stdout: Vec<String>,
    /// It was stopped at the time limit.
    pub timed_out: bool,
    /// Why it failed, in a sentence; `null` when it passed.
    pub why: Option<String>,
}

/// One call the program made.
#[derive(Debug, Serialize)]
pub struct Call {
    /// `appToken.startSession`.
    pub call: String,
    /// For a rejected tokenHash with a proven mistake: the cause codes.
    pub causes: Option<Vec<&'static str>>,
    /// The Kaltura error code, `null` when it succeeded.
    pub code: Option<&'static str>,
    /// The causes in `diagnose`'s words.
    pub description: Option<Vec<String>>,
    /// Each cause's fix.
    pub fix: Option<Vec<&'static str>>,
    /// It succeeded.
    pub ok: bool,
    /// Why it failed, in a sentence.
    pub reason: Option<String>,
}

fn call(c: &Seen) -> Call {
    let d = c.proof.as_ref().map(|p| p.diagnosis());
    let best = d
        .filter(|d| d.verdict == Verdict::Explained)
        .and_then(|d| d.explanations.first());
    Call {
        call: call_name(c),
        causes: d.filter(|d| d.verdict == Verdict::Explained).map(chain),
        code: c.code,
        description: best.map(|e| e.causes.iter().map(|x| describe(x, Some(e))).collect()),
        fix: best.map(|e| e.causes.iter().map(|x| x.code.fix()).collect()),
        ok: c.code.is_none(),
        reason: c.reason.clone(),
    }
}

fn run<'a>(r: &'a RunResult, timeout: u64) -> Run<'a> {
    Run {
        argv: &r.argv,
        calls: r.calls.iter().map(call).collect(),
        exit_status: r.ran.status.and_then(|s| s.code()),
        hash_type: r.hash_type.kaltura_name(),
        kind: (!r.passed()).then(|| kind(r)),
        ok: r.passed(),
        seconds: (r.seconds * 1000.0).round() / 1000.0,
        session: r.got_session(),
        stderr: tail(&r.ran.stderr),
        stdout: tail(&r.ran.stdout),
        timed_out: r.timed_out(),
        why: why(r, timeout),
    }
}

/// The report as its wire type.
pub fn wire<'a>(o: &'a Options, runs: &'a [RunResult]) -> Wire<'a> {
    let passed = runs.iter().filter(|r| r.passed()).count();
    Wire {
        command: &o.cmd,
        failed: runs.len() - passed,
        hard_coded: hard_coded(runs).map(|h| HardCoded {
            hash_type: h.kaltura_name(),
            hint: hard_coded_hint(h),
        }),
        lang: o.lang.map(Lang::name),
        mode: "serve",
        ok: passed == runs.len(),
        passed,
        runs: runs.iter().map(|r| run(r, o.timeout_seconds())).collect(),
    }
}

/// Writes the report as one line of JSON.
pub fn write(out: &mut impl Write, o: &Options, runs: &[RunResult]) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &wire(o, runs))?;
    writeln!(out)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::run::Ran;
    use ks_core::digest::HashType;
    use std::os::unix::process::ExitStatusExt;

    /// As in `report_json`: the typed fields keep the sorted order the old map printed.
    #[test]
    fn wire_fields_keep_the_sorted_order_of_the_old_map() {
        let o = Options {
            cmd: vec!["true".into()],
            hash_types: vec![HashType::Sha1],
            ks_version: 2,
            names: Options::standard_names(),
            env: Vec::new(),
            lang: Some(Lang::Python),
            timeout: std::time::Duration::from_secs(3),
        };
        let seen = |service: &str, action: &str, code| Seen {
            path: "/api_v3/".into(),
            service: service.into(),
            action: action.into(),
            code,
            reason: code.map(|_| "no".to_string()),
            proof: None,
        };
        let run = RunResult {
            hash_type: HashType::Sha1,
            argv: o.cmd.clone(),
            seconds: 0.12345,
            ran: Ran {
                status: Some(std::process::ExitStatus::from_raw(1 << 8)),
                stdout: b"hello\n".to_vec(),
                stderr: Vec::new(),
            },
            calls: vec![
                seen("session", "startWidgetSession", None),
                seen("apptoken", "startSession", Some("INVALID_KS")),
            ],
        };
        let mut out = Vec::new();
        write(&mut out, &o, &[run]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(text, format!("{value}\n"));
        assert_eq!(value["runs"][0]["kind"], "INVALID_KS");
        assert_eq!(value["runs"][0]["exit_status"], 1);
        assert_eq!(value["runs"][0]["seconds"], 0.123);
        assert_eq!(
            value["runs"][0]["calls"][1]["call"],
            "appToken.startSession"
        );
        assert_eq!(value["failed"], 1);
    }
}
