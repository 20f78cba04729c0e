//! `ksdiag check`: runs the user's own tokenHash program on known-answer cases and groups
//! what it gets wrong by the proven cause (spec serve.md, "ksdiag check").

use crate::check_run::{self, Ran};
use crate::cli::CheckArgs;
use crate::known_answers::{KnownAnswer, check_cases};
use anyhow::{Result, bail};
use ks_core::diagnose::{Case, Verdict, diagnose};
use ks_core::digest::HashType;
use ks_report::cause_words::describe;
use serde_json::json;
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

/// What the program answered for one case.
enum Answer {
    /// Its stdout, less the one line end that ends an answer.
    Text(String),
    /// It exited with a failure status.
    Failed(String),
    /// It was stopped at the time limit.
    TimedOut,
    /// `--lines`: no line for this case.
    Missing,
}

/// The wrong answers that share one cause (or one way of failing).
struct Group {
    key: String,
    /// `explained`, `unexplained`, `empty`, `failed`, `timeout`, `no_answer`.
    kind: &'static str,
    /// One line per cause of the proven chain, in words; or what happened.
    lines: Vec<String>,
    causes: Vec<&'static str>,
    fixes: Vec<&'static str>,
    /// Indices of the cases, first is the example.
    cases: Vec<usize>,
    /// For `failed`: the program's stderr on the example.
    stderr: Option<String>,
    /// What the program printed for the example, when it printed something.
    example_text: Option<String>,
}

fn line_end_stripped(out: &[u8]) -> String {
    let text = String::from_utf8_lossy(out);
    let t = text.strip_suffix('\n').unwrap_or(&text);
    t.strip_suffix('\r').unwrap_or(t).to_string()
}

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

fn cannot_run(cmd: &[String], e: &std::io::Error) -> anyhow::Error {
    anyhow::anyhow!(
        "cannot run `{}`: {e}; hint: give the program and its arguments after --, e.g. `ksdiag check -- python3 token_hash.py`",
        crate::io_words::command_line(cmd)
    )
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
fn run_each(cmd: &[String], cases: &[KnownAnswer], limit: Duration) -> Result<Vec<Answer>> {
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
                            check_run::run(&substitute(cmd, c), &env, b"", limit).map(answer)
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
        out.extend(r.map_err(|e| cannot_run(cmd, &e))?);
    }
    Ok(out)
}

/// One run for all cases: a `KS<TAB>TOKEN<TAB>HASH_TYPE` line each on stdin, one answer line
/// each on stdout.
fn run_lines(cmd: &[String], cases: &[KnownAnswer], limit: Duration) -> Result<Vec<Answer>> {
    let mut input = String::new();
    for c in cases {
        input.push_str(&format!(
            "{}\t{}\t{}\n",
            c.ks,
            c.token,
            c.hash_type.kaltura_name()
        ));
    }
    let ran = check_run::run(cmd, &[], input.as_bytes(), limit).map_err(|e| cannot_run(cmd, &e))?;
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

/// Sorts each wrong answer into its group; returns the groups, biggest first.
fn grade(cases: &[KnownAnswer], answers: &[Answer]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (i, (c, a)) in cases.iter().zip(answers).enumerate() {
        let mut g = match a {
            Answer::Text(t) if *t == c.hash => continue,
            Answer::Text(t) if t.is_empty() => Group::plain("empty", "printed nothing on stdout"),
            Answer::Text(t) => {
                let case = Case {
                    hash_type: Some(c.hash_type),
                    ..Case::new(&c.ks, &c.token, t)
                };
                let d = diagnose(&case);
                match d.verdict {
                    Verdict::Match => continue,
                    Verdict::Unexplained => {
                        Group::plain("unexplained", "wrong, and no known mistake reproduces it")
                    }
                    Verdict::Explained => {
                        let best = &d.explanations[0];
                        let chain = &best.causes;
                        Group {
                            key: chain
                                .iter()
                                .map(|c| c.code.as_str())
                                .collect::<Vec<_>>()
                                .join("+"),
                            kind: "explained",
                            lines: chain
                                .iter()
                                .map(|c| {
                                    format!("{:<22} {}", c.code.as_str(), describe(c, Some(best)))
                                })
                                .collect(),
                            causes: chain.iter().map(|c| c.code.as_str()).collect(),
                            fixes: chain.iter().map(|c| c.code.fix()).collect(),
                            cases: Vec::new(),
                            stderr: None,
                            example_text: None,
                        }
                    }
                }
            }
            Answer::Failed(e) => {
                let mut g = Group::plain("failed", "the program failed");
                g.stderr = Some(e.clone());
                g
            }
            Answer::TimedOut => {
                Group::plain("timeout", "the program did not finish in time (--timeout)")
            }
            Answer::Missing => Group::plain(
                "no_answer",
                "no answer line for this case (--lines: one line per input line)",
            ),
        };
        match groups.iter_mut().find(|x| x.key == g.key) {
            Some(x) => x.cases.push(i),
            None => {
                if let Answer::Text(t) = a {
                    g.example_text = Some(t.clone());
                }
                g.cases.push(i);
                groups.push(g);
            }
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.cases.len()));
    groups
}

impl Group {
    fn plain(kind: &'static str, what: &str) -> Group {
        Group {
            key: kind.to_string(),
            kind,
            lines: vec![what.to_string()],
            causes: Vec::new(),
            fixes: Vec::new(),
            cases: Vec::new(),
            stderr: None,
            example_text: None,
        }
    }
}

/// "25 of 25 SHA256, 3 of 25 MD5": how many cases of each hash type the group holds.
fn per_type(g: &Group, cases: &[KnownAnswer], types: &[HashType]) -> Vec<(HashType, usize, usize)> {
    types
        .iter()
        .map(|t| {
            let of_type = cases.iter().filter(|c| c.hash_type == *t).count();
            let n = g
                .cases
                .iter()
                .filter(|i| cases[**i].hash_type == *t)
                .count();
            (*t, n, of_type)
        })
        .filter(|(_, n, _)| *n > 0)
        .collect()
}

fn ks_kind(ks: &str) -> &'static str {
    if ks.starts_with("djJ8") { "v2" } else { "v1" }
}

pub fn run(a: CheckArgs) -> Result<ExitCode> {
    if a.serve {
        return crate::check_serve::run(a);
    }
    let types: Vec<HashType> = match a.hash_type {
        Some(t) => vec![t],
        None => HashType::ALL.to_vec(),
    };
    if a.count == 0 {
        bail!("--count must be at least 1");
    }
    if a.count > 100_000 {
        bail!(
            "--count {} is more than 100000 cases per hash type",
            a.count
        );
    }
    let cases: Vec<KnownAnswer> = types
        .iter()
        .flat_map(|t| check_cases(a.seed, *t, a.count))
        .collect();
    let limit = Duration::from_secs(a.timeout.max(1));
    let answers = if a.lines {
        run_lines(&a.cmd, &cases, limit)?
    } else {
        run_each(&a.cmd, &cases, limit)?
    };
    // A program hard-coded to one algorithm is judged on that algorithm's cases, and told so.
    let fixed = a
        .hash_type
        .is_none()
        .then(|| hard_coded(&cases, &answers, &types))
        .flatten();
    let (cases, answers, types, others) = match fixed {
        Some(h) => {
            let others = cases.iter().filter(|c| c.hash_type != h).count();
            let (c, an): (Vec<KnownAnswer>, Vec<Answer>) = cases
                .into_iter()
                .zip(answers)
                .filter(|(c, _)| c.hash_type == h)
                .unzip();
            (c, an, vec![h], others)
        }
        None => (cases, answers, types, 0),
    };
    let groups = grade(&cases, &answers);
    // A program that fails every case without a word on stdout was not run: a usage problem.
    if let [only] = groups.as_slice()
        && only.kind == "failed"
        && only.cases.len() == cases.len()
    {
        bail!(
            "`{}` failed on every case ({}); hint: run it by hand with KALTURA_KS, KALTURA_APP_TOKEN and KALTURA_HASH_TYPE set{}",
            crate::io_words::command_line(&a.cmd),
            only.stderr.as_deref().unwrap_or("no message"),
            if a.lines {
                ", one KS<TAB>TOKEN<TAB>HASH_TYPE line on stdin"
            } else {
                ""
            }
        );
    }
    let wrong: usize = groups.iter().map(|g| g.cases.len()).sum();
    let mut out = std::io::stdout().lock();
    if a.json {
        let mut v = json_report(&a, &cases, &types, &groups);
        if let (Some(h), serde_json::Value::Object(o)) = (fixed, &mut v) {
            // The other types' cases were all answered with this algorithm's correct hash.
            o.insert(
                "hard_coded".into(),
                json!({"hash_type": h.kaltura_name(), "other_cases": others, "hint": hard_coded_hint(h)}),
            );
            o.insert("ok".into(), json!(false));
        }
        writeln!(out, "{v}")?;
    } else {
        if let Some(h) = fixed {
            hard_coded_head(&mut out, h, &cases, wrong, others)?;
        }
        human(
            &mut out,
            &a,
            &cases,
            &types,
            &groups,
            wrong,
            fixed.is_some(),
        )?;
    }
    out.flush()?;
    // The run as asked (every type) is not all right; `--hash-type` makes it so.
    Ok(crate::exit_for_hashes(wrong == 0 && fixed.is_none()))
}

/// The one algorithm the program hashes with whatever KALTURA_HASH_TYPE says: every case of
/// every other type was answered with that algorithm's correct tokenHash, or with a hash whose
/// proven mistake includes hashing with it (`wrong_hash_type`, used that algorithm).
fn hard_coded(cases: &[KnownAnswer], answers: &[Answer], types: &[HashType]) -> Option<HashType> {
    if types.len() < 2 {
        return None;
    }
    let used_only = |h: HashType, c: &KnownAnswer, t: &str| {
        if t == ks_core::digest::token_hash(h, &c.ks, &c.token).as_str() {
            return true;
        }
        let d = diagnose(&Case {
            hash_type: Some(c.hash_type),
            ..Case::new(&c.ks, &c.token, t)
        });
        d.verdict == Verdict::Explained
            && d.explanations[0].causes.iter().any(|x| {
                x.code == ks_core::diagnose::CauseCode::WrongHashType
                    && x.detail("used") == Some(h.cli_name())
            })
    };
    types.iter().copied().find(|&h| {
        cases
            .iter()
            .zip(answers)
            .all(|(c, a)| c.hash_type == h || matches!(a, Answer::Text(t) if used_only(h, c, t)))
    })
}

fn hard_coded_hint(h: HashType) -> String {
    format!(
        "pass --hash-type {} if that is your token's type; to serve app tokens of every type, hash with KALTURA_HASH_TYPE",
        h.cli_name()
    )
}

fn hard_coded_head(
    out: &mut impl Write,
    h: HashType,
    cases: &[KnownAnswer],
    wrong: usize,
    others: usize,
) -> std::io::Result<()> {
    let n = h.kaltura_name();
    let (right, rest) = if wrong == 0 {
        (
            format!("all {} {n} cases right", cases.len()),
            format!("each the correct {n} hash"),
        )
    } else {
        (
            format!(
                "✗ {} of {} {n} cases right",
                cases.len() - wrong,
                cases.len()
            ),
            format!("hashed with {n}, with the mistakes below"),
        )
    };
    writeln!(
        out,
        "{right}; the program hashes {n} whatever KALTURA_HASH_TYPE says (its {others} cases of other types are {rest}): {}",
        hard_coded_hint(h)
    )
}

fn human(
    out: &mut impl Write,
    a: &CheckArgs,
    cases: &[KnownAnswer],
    types: &[HashType],
    groups: &[Group],
    wrong: usize,
    headed: bool,
) -> std::io::Result<()> {
    let names: Vec<&str> = types.iter().map(|t| t.kaltura_name()).collect();
    let total = cases.len();
    if headed && wrong == 0 {
        return Ok(());
    }
    if wrong == 0 {
        writeln!(
            out,
            "✓ all {total} cases right ({} each of {}; v1 and v2 KS with + / = - _, digests with leading zero bytes)",
            a.count,
            names.join(", ")
        )?;
        return Ok(());
    }
    if !headed {
        writeln!(
            out,
            "✗ {} of {total} cases right, {wrong} wrong ({} each of {}), `{}`",
            total - wrong,
            a.count,
            names.join(", "),
            crate::io_words::command_line(&a.cmd)
        )?;
    }
    for g in groups {
        writeln!(out)?;
        let counts: Vec<String> = per_type(g, cases, types)
            .iter()
            .map(|(t, n, of)| format!("{n} of {of} {}", t.kaltura_name()))
            .collect();
        let head = if g.kind == "explained" {
            format!("proven: {}", g.key)
        } else {
            g.key.clone()
        };
        writeln!(
            out,
            "{head}, {} cases ({})",
            g.cases.len(),
            counts.join(", ")
        )?;
        for l in &g.lines {
            writeln!(out, "  {l}")?;
        }
        let i = g.cases[0];
        let c = &cases[i];
        writeln!(
            out,
            "  example: case {}, {} KS, {}",
            i + 1,
            ks_kind(&c.ks),
            c.hash_type.kaltura_name()
        )?;
        writeln!(out, "    ks        {}", c.ks)?;
        writeln!(out, "    token     {}", c.token)?;
        match (&g.example_text, &g.stderr) {
            (_, Some(e)) => writeln!(out, "    {e}")?,
            (Some(t), None) => writeln!(out, "    printed   {t}")?,
            (None, None) => {}
        }
        writeln!(out, "    expected  {}", c.hash)?;
        for f in &g.fixes {
            writeln!(out, "  fix: {f}")?;
        }
    }
    Ok(())
}

fn json_report(
    a: &CheckArgs,
    cases: &[KnownAnswer],
    types: &[HashType],
    groups: &[Group],
) -> serde_json::Value {
    let wrong: usize = groups.iter().map(|g| g.cases.len()).sum();
    let by_type: serde_json::Map<String, serde_json::Value> = types
        .iter()
        .map(|t| {
            let of: Vec<usize> = (0..cases.len())
                .filter(|i| cases[*i].hash_type == *t)
                .collect();
            let bad = groups
                .iter()
                .flat_map(|g| &g.cases)
                .filter(|i| cases[**i].hash_type == *t)
                .count();
            (
                t.kaltura_name().to_string(),
                json!({"cases": of.len(), "right": of.len() - bad}),
            )
        })
        .collect();
    let groups: Vec<serde_json::Value> = groups
        .iter()
        .map(|g| {
            let c = &cases[g.cases[0]];
            let counts: serde_json::Map<String, serde_json::Value> = per_type(g, cases, types)
                .into_iter()
                .map(|(t, n, _)| (t.kaltura_name().to_string(), n.into()))
                .collect();
            json!({
                "kind": g.kind,
                "causes": g.causes,
                "count": g.cases.len(),
                "by_hash_type": counts,
                "description": g.lines,
                "fix": g.fixes,
                "example": {
                    "case": g.cases[0] + 1,
                    "hash_type": c.hash_type.kaltura_name(),
                    "ks": c.ks,
                    "token": c.token,
                    "printed": g.example_text,
                    "error": g.stderr,
                    "expected": c.hash,
                },
            })
        })
        .collect();
    json!({
        "ok": wrong == 0,
        "command": a.cmd,
        "mode": if a.lines { "lines" } else { "per_case" },
        "seed": a.seed,
        "cases": cases.len(),
        "right": cases.len() - wrong,
        "wrong": wrong,
        "by_hash_type": by_type,
        "groups": groups,
    })
}
