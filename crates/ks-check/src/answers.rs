//! What the program answered for each known-answer case: once per case (on all cores, the case
//! in its environment and arguments) or once for all (`--lines`, a line per case on stdin).

use crate::Error;
use crate::known_answers::KnownAnswer;
use crate::run::{self, Ran};
use std::time::Duration;

/// What the program answered for one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Its stdout, less the one line end that ends an answer.
    Text(String),
    /// It exited with a failure status: the status and its last lines of stderr.
    Failed(String),
    /// It was stopped at the time limit.
    TimedOut,
    /// `--lines`: no line for this case.
    Missing,
}

/// The answer is the output less one final `\n` (or `\r\n`): `print` and `echo` add it, and
/// any other whitespace is the user's mistake to diagnose, not ours to trim.
fn line_end_stripped(out: &[u8]) -> String {
    let text = String::from_utf8_lossy(out);
    let t = text.strip_suffix('\n').unwrap_or(&text);
    t.strip_suffix('\r').unwrap_or(t).to_string()
}

/// The last three non-blank lines: where a stack trace says what went wrong.
fn last_lines(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(3)..].join("\n")
}

fn answer(ran: Ran) -> Answer {
    match ran.status {
        None => Answer::TimedOut,
        Some(s) if !s.success() => Answer::Failed(format!(
            "exit status {}{}",
            s.code().map_or("(signal)".to_string(), |c| c.to_string()),
            match last_lines(&ran.stderr) {
                e if e.is_empty() => String::new(),
                e => format!(": {e}"),
            }
        )),
        Some(_) => Answer::Text(line_end_stripped(&ran.stdout)),
    }
}

fn cannot_run(cmd: &[String], e: std::io::Error) -> Error {
    Error::CannotRun {
        cmd: cmd.to_vec(),
        reason: e,
        serve: false,
    }
}

fn substitute(cmd: &[String], c: &KnownAnswer) -> Vec<String> {
    cmd.iter()
        .map(|a| {
            a.replace("{ks}", &c.ks)
                .replace("{token}", &c.token)
                .replace("{hash_type}", c.hash_type.kaltura_name())
        })
        .collect()
}

/// One run per case, on all cores, in order.
pub fn each(cmd: &[String], cases: &[KnownAnswer], limit: Duration) -> Result<Vec<Answer>, Error> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = cases.len().div_ceil(workers).max(1);
    let results: Vec<std::io::Result<Vec<Answer>>> = std::thread::scope(|s| {
        let handles: Vec<_> = cases
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|c| {
                            let env = [
                                ("KALTURA_KS", c.ks.as_str()),
                                ("KALTURA_APP_TOKEN", c.token.as_str()),
                                ("KALTURA_HASH_TYPE", c.hash_type.kaltura_name()),
                            ];
                            run::run(&substitute(cmd, c), &env, b"", limit).map(answer)
                        })
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("worker panicked")))
            })
            .collect()
    });
    let mut out = Vec::with_capacity(cases.len());
    for r in results {
        out.extend(r.map_err(|e| cannot_run(cmd, e))?);
    }
    Ok(out)
}

/// One run for all cases: a `KS<TAB>TOKEN<TAB>HASH_TYPE` line each on stdin, one answer line
/// each on stdout. Lines missing after a failure or the time limit take that failure.
pub fn lines(cmd: &[String], cases: &[KnownAnswer], limit: Duration) -> Result<Vec<Answer>, Error> {
    let mut input = String::new();
    for c in cases {
        input.push_str(&format!(
            "{}\t{}\t{}\n",
            c.ks,
            c.token,
            c.hash_type.kaltura_name()
        ));
    }
    let ran = run::run(cmd, &[], input.as_bytes(), limit).map_err(|e| cannot_run(cmd, e))?;
    let text = String::from_utf8_lossy(&ran.stdout).into_owned();
    let mut lines = text
        .split_inclusive('\n')
        .map(|l| line_end_stripped(l.as_bytes()));
    let failure = match ran.status {
        None => Some(Answer::TimedOut),
        Some(s) if !s.success() => Some(answer(ran)),
        Some(_) => None,
    };
    Ok(cases
        .iter()
        .map(|_| match (lines.next(), &failure) {
            (Some(l), _) => Answer::Text(l),
            (None, Some(Answer::TimedOut)) => Answer::TimedOut,
            (None, Some(Answer::Failed(e))) => Answer::Failed(e.clone()),
            (None, _) => Answer::Missing,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_one_final_line_end_is_taken_off_an_answer() {
        assert_eq!(line_end_stripped(b"abc\n"), "abc");
        assert_eq!(line_end_stripped(b"abc\r\n"), "abc");
        assert_eq!(line_end_stripped(b"abc\n\n"), "abc\n");
        assert_eq!(line_end_stripped(b" abc "), " abc ");
    }

    #[test]
    fn a_failure_shows_the_last_three_lines_of_stderr() {
        assert_eq!(last_lines(b"1\n2\n\n3\n4\n  \n"), "2\n3\n4");
        assert_eq!(last_lines(b""), "");
    }
}
