//! The report `ksdiag check` prints: a line of how many cases were right, then per group of
//! wrong answers its proven causes in `diagnose`'s words (`ks_report::cause_words`), one
//! example case in full (the KS and tokens are made up for the test), and the fix per cause.

use crate::check::Report;
use crate::command_line;
use crate::grade::{Group, GroupKind};
use ks_core::digest::HashType;
use ks_report::cause_words::describe;
use std::io::Write;

/// What the group's answers got wrong, a line per cause of the proven chain
/// (`swapped_order          token + KS was hashed instead of KS + token`), or what happened.
pub fn description(g: &Group) -> Vec<String> {
    let what = match g.kind {
        GroupKind::Explained => {
            let e = g.explanation.as_ref();
            return g
                .causes()
                .iter()
                .map(|c| format!("{:<22} {}", c.code.as_str(), describe(c, e)))
                .collect();
        }
        GroupKind::Unexplained => "wrong, and no known mistake reproduces it",
        GroupKind::Empty => "printed nothing on stdout",
        GroupKind::Failed => "the program failed",
        GroupKind::Timeout => "the program did not finish in time (--timeout)",
        GroupKind::NoAnswer => "no answer line for this case (--lines: one line per input line)",
    };
    vec![what.to_string()]
}

/// The fix of each cause of the chain (`CauseCode::fix`, as `diagnose` prints it).
pub fn fixes(g: &Group) -> Vec<&'static str> {
    g.causes().iter().map(|c| c.code.fix()).collect()
}

/// What to do about a program hard-coded to `h`.
pub fn hard_coded_hint(h: HashType) -> String {
    format!(
        "pass --hash-type {} if that is your token's type; to serve app tokens of every type, hash with KALTURA_HASH_TYPE",
        h.cli_name()
    )
}

fn ks_kind(ks: &str) -> &'static str {
    if ks.starts_with("djJ8") { "v2" } else { "v1" }
}

/// Writes the report.
pub fn write(out: &mut impl Write, r: &Report) -> std::io::Result<()> {
    let wrong = r.wrong();
    let total = r.cases.len();
    if let Some(hc) = r.hard_coded {
        let n = hc.hash_type.kaltura_name();
        let (right, rest) = if wrong == 0 {
            (
                format!("all {total} {n} cases right"),
                format!("each the correct {n} hash"),
            )
        } else {
            (
                format!("✗ {} of {total} {n} cases right", total - wrong),
                format!("hashed with {n}, with the mistakes below"),
            )
        };
        writeln!(
            out,
            "{right}; the program hashes {n} whatever KALTURA_HASH_TYPE says (its {} cases of other types are {rest}): {}",
            hc.other_cases,
            hard_coded_hint(hc.hash_type)
        )?;
        if wrong == 0 {
            return Ok(());
        }
    }
    let names: Vec<&str> = r.types.iter().map(|t| t.kaltura_name()).collect();
    if wrong == 0 {
        return writeln!(
            out,
            "✓ all {total} cases right ({} each of {}; v1 and v2 KS with + / = - _, digests with leading zero bytes)",
            r.count,
            names.join(", ")
        );
    }
    if r.hard_coded.is_none() {
        writeln!(
            out,
            "✗ {} of {total} cases right, {wrong} wrong ({} each of {}), `{}`",
            total - wrong,
            r.count,
            names.join(", "),
            command_line(&r.command)
        )?;
    }
    for g in &r.groups {
        group(out, r, g)?;
    }
    Ok(())
}

fn group(out: &mut impl Write, r: &Report, g: &Group) -> std::io::Result<()> {
    writeln!(out)?;
    let counts: Vec<String> = r
        .per_type(g)
        .iter()
        .map(|(t, n, of)| format!("{n} of {of} {}", t.kaltura_name()))
        .collect();
    let head = match g.kind {
        GroupKind::Explained => format!("proven: {}", g.key()),
        _ => g.key(),
    };
    writeln!(
        out,
        "{head}, {} cases ({})",
        g.cases.len(),
        counts.join(", ")
    )?;
    for l in description(g) {
        writeln!(out, "  {l}")?;
    }
    let i = g.cases[0];
    let c = &r.cases[i];
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
    for f in fixes(g) {
        writeln!(out, "  fix: {f}")?;
    }
    Ok(())
}
