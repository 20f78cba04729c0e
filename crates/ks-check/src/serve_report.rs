//! What `check --serve` prints: a line per run, and for a failed run each failed call with
//! its proven cause in `diagnose`'s words, the fix in the program's language, and the
//! program's own output (its last lines).

use crate::command_line;
use crate::serve::{Options, RunResult, is_start_session};
use ks_core::diagnose::{Diagnosis, Verdict};
use ks_core::digest::HashType;
use ks_report::cause_words::describe;
use ks_serve::feed::Seen;
use ks_snippets::Lang;
use std::io::Write;

/// At most this many of the last lines of stdout and of stderr are shown, each cut at
/// [`MAX_LINE`] characters.
pub const TAIL_LINES: usize = 20;
/// The longest line shown, in characters.
pub const MAX_LINE: usize = 300;

/// `appToken.startSession`: the service as Kaltura's docs spell it.
pub fn call_name(c: &Seen) -> String {
    if c.service.is_empty() {
        // A request serve refused before any call was read (a path it does not serve).
        return format!("a request to {}", c.path);
    }
    let service = match c.service.as_str() {
        "apptoken" => "appToken",
        s => s,
    };
    if c.action.is_empty() {
        service.to_string()
    } else {
        format!("{service}.{}", c.action)
    }
}

/// The last lines of a stream, bounded; empty when it printed nothing.
pub fn tail(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    let skip = lines.len().saturating_sub(TAIL_LINES);
    let mut out: Vec<String> = Vec::new();
    if skip > 0 {
        out.push(format!("[{skip} earlier lines not shown]"));
    }
    for l in &lines[skip..] {
        let mut cut: String = l.chars().take(MAX_LINE).collect();
        if cut.len() < l.len() {
            cut.push_str(" […]");
        }
        out.push(cut);
    }
    out
}

/// Why a run failed, in one sentence; `None` when it passed.
pub fn why(r: &RunResult, timeout: u64) -> Option<String> {
    if r.passed() {
        return None;
    }
    let status = match r.ran.status {
        None => {
            return Some(format!(
                "the program did not finish within {timeout} s and was killed (--timeout {timeout}){}",
                if r.got_session() {
                    "; it had got a session"
                } else {
                    ""
                }
            ));
        }
        Some(s) => s,
    };
    let exit = match status.code() {
        Some(c) => format!("exit status {c}"),
        None => "killed by a signal".to_string(),
    };
    Some(if r.got_session() {
        format!("it got a session from appToken.startSession, but exited with {exit}")
    } else if r.called_start_session() {
        format!("appToken.startSession gave it no session ({exit})")
    } else if r.calls.is_empty() {
        format!(
            "it never called appToken.startSession: it made no call to the server at all ({exit}); hint: does it read the service URL from KALTURA_SERVICE_URL (or the name --env-name gives)?"
        )
    } else {
        let made: Vec<String> = r.calls.iter().map(call_name).collect();
        format!(
            "it never called appToken.startSession (it sent: {}; {exit})",
            made.join(", ")
        )
    })
}

/// The failure's kind, for JUnit's `type` and the JSON: the proven causes of the first
/// rejected tokenHash, else the first error code, else what happened.
pub fn kind(r: &RunResult) -> String {
    for c in r.calls.iter().filter(|c| c.code.is_some()) {
        if let Some(d) = c.proof.as_ref().map(|p| p.diagnosis())
            && d.verdict == Verdict::Explained
        {
            return chain(d).join("+");
        }
    }
    if let Some(code) = r.calls.iter().find_map(|c| c.code) {
        return code.to_string();
    }
    if r.timed_out() {
        "timeout".into()
    } else if !r.called_start_session() {
        "no_start_session".into()
    } else {
        "exit_status".into()
    }
}

/// The algorithm a wrong_hash_type says was used, for the run's first rejected tokenHash.
fn used_algorithm(r: &RunResult) -> Option<String> {
    let d = r.calls.iter().find_map(|c| c.proof.as_ref())?.diagnosis();
    let e = d
        .explanations
        .first()
        .filter(|_| d.verdict == Verdict::Explained)?;
    let [cause] = e.causes.as_slice() else {
        return None;
    };
    (cause.code.as_str() == "wrong_hash_type")
        .then(|| cause.detail("used").map(str::to_string))
        .flatten()
}

/// `--all-hash-types`: the one algorithm the program hashes with whatever the token's type
/// (every failed run is a plain wrong_hash_type that used it, and the run of that type
/// passed), as `check` without --serve says it.
pub fn hard_coded(runs: &[RunResult]) -> Option<HashType> {
    if runs.len() < 2 || runs.iter().all(RunResult::passed) {
        return None;
    }
    let mut used: Option<String> = None;
    for r in runs.iter().filter(|r| !r.passed()) {
        let u = used_algorithm(r)?;
        if used.as_ref().is_some_and(|x| *x != u) {
            return None;
        }
        used = Some(u);
    }
    let h: HashType = used?.parse().ok()?;
    runs.iter()
        .any(|r| r.hash_type == h && r.passed())
        .then_some(h)
}

/// What to do about a program hard-coded to `h`.
pub fn hard_coded_hint(h: HashType) -> String {
    format!(
        "the program hashes with {} whatever the app token's hashType: read the type with appToken.get (ksdiag snippet --lang php --flow raw-typed shows how) or take it from configuration (--env KALTURA_HASH_TYPE={{hash_type}} passes it here)",
        h.kaltura_name()
    )
}

pub(crate) fn chain(d: &Diagnosis) -> Vec<&'static str> {
    d.explanations
        .first()
        .map(|e| e.causes.iter().map(|c| c.code.as_str()).collect())
        .unwrap_or_default()
}

/// One failed call: its code and reason, and for a rejected tokenHash the proven causes in
/// words, each cause's fix, and the fix as code in `lang`.
fn failed_call(out: &mut impl Write, c: &Seen, lang: Option<Lang>) -> std::io::Result<()> {
    let code = c.code.unwrap_or("error");
    writeln!(out, "  {} {code}", call_name(c))?;
    let d = c.proof.as_ref().map(|p| p.diagnosis());
    match d {
        Some(d) if d.verdict == Verdict::Explained => {
            let e = &d.explanations[0];
            writeln!(out, "    proven: {}", chain(d).join(" + "))?;
            for (i, cause) in e.causes.iter().enumerate() {
                writeln!(
                    out,
                    "    {}. {:<22} {}",
                    i + 1,
                    cause.code.as_str(),
                    describe(cause, Some(e))
                )?;
            }
            for cause in &e.causes {
                writeln!(out, "    fix: {}", cause.code.fix())?;
            }
        }
        _ => {
            if let Some(reason) = &c.reason {
                writeln!(out, "    {reason}")?;
            }
        }
    }
    if let (Some(d), Some(lang)) = (d, lang) {
        let mut code = Vec::new();
        ks_report::render_fix_code::human(&mut code, d, lang)?;
        for l in String::from_utf8_lossy(&code)
            .lines()
            .skip_while(|l| l.is_empty())
        {
            if l.trim().is_empty() {
                writeln!(out)?;
            } else {
                writeln!(out, "  {l}")?;
            }
        }
    }
    Ok(())
}

/// The details of a failed run: the failed calls, then the program's output.
pub fn details(out: &mut impl Write, r: &RunResult, lang: Option<Lang>) -> std::io::Result<()> {
    let failed: Vec<&Seen> = r.calls.iter().filter(|c| c.code.is_some()).collect();
    for c in &failed {
        failed_call(out, c, lang)?;
    }
    if !failed.is_empty() && !r.calls.iter().any(is_start_session) {
        writeln!(out, "  (appToken.startSession was never called)")?;
    }
    for (name, bytes) in [("stdout", &r.ran.stdout), ("stderr", &r.ran.stderr)] {
        let lines = tail(bytes);
        if lines.is_empty() {
            writeln!(out, "  the program's {name}: (nothing)")?;
            continue;
        }
        writeln!(out, "  the program's {name}:")?;
        for l in lines {
            writeln!(out, "    | {l}")?;
        }
    }
    Ok(())
}

fn label(r: &RunResult) -> String {
    format!("app token {}", r.hash_type.kaltura_name())
}

/// Writes the report: a line per run, the details of each failed one, a last line of how
/// many passed.
pub fn human(out: &mut impl Write, o: &Options, runs: &[RunResult]) -> std::io::Result<()> {
    let (lang, timeout) = (o.lang, o.timeout_seconds());
    let passed = runs.iter().filter(|r| r.passed()).count();
    for r in runs {
        let calls: Vec<String> = r
            .calls
            .iter()
            .map(|c| format!("{} {}", call_name(c), c.code.unwrap_or("ok")))
            .collect();
        match why(r, timeout) {
            None => writeln!(
                out,
                "✓ {}: a session from appToken.startSession, exit 0 ({:.2} s; {})",
                label(r),
                r.seconds,
                calls.join(", ")
            )?,
            Some(w) => {
                writeln!(out, "✗ {}: {w} ({:.2} s)", label(r), r.seconds)?;
                if !calls.is_empty() {
                    writeln!(out, "  calls: {}", calls.join(", "))?;
                }
                details(out, r, lang)?;
            }
        }
    }
    if let Some(h) = hard_coded(runs) {
        writeln!(out, "hard-coded: {}", hard_coded_hint(h))?;
    }
    let mark = if passed == runs.len() { "✓" } else { "✗" };
    writeln!(
        out,
        "{mark} {passed} of {} runs passed: `{}` against a local server (ksdiag check --serve)",
        runs.len(),
        command_line(&o.cmd)
    )
}
