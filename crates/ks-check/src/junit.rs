//! `check --serve --junit PATH`: JUnit XML, the shape CI systems read (GitLab's
//! `artifacts:reports:junit`, Jenkins, GitHub test reporters): `testsuites` > one
//! `testsuite` > one `testcase` per run, with `failure` (a wrong result) or `error` (the
//! program hung), `system-out` and `system-err`; `tests`, `failures`, `errors` and `time` on
//! both containers.

use crate::command_line;
use crate::serve::{Options, RunResult};
use crate::serve_report::{details, kind, tail, why};
use std::fmt::Write;

/// XML text or attribute value: the five special characters escaped, and the characters
/// XML 1.0 cannot hold at all (control characters but tab, CR, LF) as U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn seconds(s: f64) -> String {
    format!("{s:.3}")
}

/// The report of the runs; `now` (unix seconds) is the suite's `timestamp`.
pub fn render(o: &Options, runs: &[RunResult], now: i64) -> String {
    let (lang, timeout) = (o.lang, o.timeout_seconds());
    let errors = runs.iter().filter(|r| r.timed_out()).count();
    let failures = runs
        .iter()
        .filter(|r| !r.passed() && !r.timed_out())
        .count();
    let total: f64 = runs.iter().map(|r| r.seconds).sum();
    let name = escape(&format!("ksdiag check --serve -- {}", command_line(&o.cmd)));
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let counts = format!(
        "tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{}\"",
        runs.len(),
        seconds(total)
    );
    let _ = writeln!(x, "<testsuites name=\"{name}\" {counts}>");
    let _ = writeln!(
        x,
        "  <testsuite name=\"{name}\" {counts} skipped=\"0\" timestamp=\"{}\" hostname=\"localhost\">",
        ks_report::timefmt::iso8601(now).trim_end_matches('Z')
    );
    for r in runs {
        let _ = write!(
            x,
            "    <testcase name=\"app token {}\" classname=\"ksdiag.check.serve\" time=\"{}\"",
            r.hash_type.kaltura_name(),
            seconds(r.seconds)
        );
        let Some(w) = why(r, timeout) else {
            let _ = writeln!(x, "/>");
            continue;
        };
        let _ = writeln!(x, ">");
        let element = if r.timed_out() { "error" } else { "failure" };
        let mut body = Vec::new();
        let _ = details(&mut body, r, lang);
        let _ = writeln!(
            x,
            "      <{element} message=\"{}\" type=\"{}\">{}</{element}>",
            escape(&w),
            escape(&kind(r)),
            escape(&String::from_utf8_lossy(&body))
        );
        for (tag, bytes) in [("system-out", &r.ran.stdout), ("system-err", &r.ran.stderr)] {
            let lines = tail(bytes);
            if !lines.is_empty() {
                let _ = writeln!(x, "      <{tag}>{}</{tag}>", escape(&lines.join("\n")));
            }
        }
        let _ = writeln!(x, "    </testcase>");
    }
    x.push_str("  </testsuite>\n</testsuites>\n");
    x
}

/// The report of a run that could not start at all (exit 2): one testcase with an `error`,
/// so that a CI job's test report says why instead of missing its file.
/// `why` is the error's text, `now` the suite's `timestamp`.
pub fn cannot_run(cmd: &[String], why: &str, now: i64) -> String {
    let name = escape(&format!("ksdiag check --serve -- {}", command_line(cmd)));
    let counts = "tests=\"1\" failures=\"0\" errors=\"1\" time=\"0.000\"";
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{name}\" {counts}>\n  <testsuite name=\"{name}\" {counts} skipped=\"0\" timestamp=\"{}\" hostname=\"localhost\">\n    <testcase name=\"the program starts\" classname=\"ksdiag.check.serve\" time=\"0.000\">\n      <error message=\"{}\" type=\"cannot_run\"/>\n    </testcase>\n  </testsuite>\n</testsuites>\n",
        ks_report::timefmt::iso8601(now).trim_end_matches('Z'),
        escape(why)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_never_break_the_xml() {
        assert_eq!(
            escape("a<b>&\"c'\u{1b}[31m\n"),
            "a&lt;b&gt;&amp;&quot;c&apos;\u{FFFD}[31m\n"
        );
    }
}
