//! `diagnose --lang LANG`: the fix as code in the user's language. For the proven causes, the
//! line they most likely wrote beside the line to write (the `ks-snippets` table), then the
//! whole corrected tokenHash function for the token's hashType.

use ks_core::diagnose::{Diagnosis, Verdict};
use ks_core::digest::HashType;
use ks_snippets::{Fix, Flow, Lang, fixes_for, render, snippet};
use serde_json::json;
use std::io::Write;

/// The table lines that match the best proven explanation.
fn lines(d: &Diagnosis, lang: Lang) -> Vec<&'static Fix> {
    match d.verdict {
        Verdict::Explained => fixes_for(lang, &d.explanations[0].causes),
        _ => Vec::new(),
    }
}

/// The algorithm the user's code used: the proven `wrong_hash_type`'s, else the token's. The
/// line they wrote is shown with it, the line to write with the token's.
fn used_type(d: &Diagnosis) -> HashType {
    d.explanations
        .first()
        .into_iter()
        .flat_map(|e| &e.causes)
        .filter(|c| c.code.as_str() == "wrong_hash_type")
        .flat_map(|c| &c.details)
        .find(|(k, _)| *k == "used")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(d.hash_type)
}

fn code(d: &Diagnosis, lang: Lang) -> String {
    snippet(lang, Flow::Hash, d.hash_type).unwrap_or_default()
}

/// The fix for a terminal: the line people write, the line to write, and the whole function.
pub fn human(out: &mut impl Write, d: &Diagnosis, lang: Lang) -> std::io::Result<()> {
    if d.verdict == Verdict::Match {
        return Ok(());
    }
    let h = d.hash_type;
    writeln!(out)?;
    writeln!(out, "Fix in {lang}:")?;
    for f in lines(d, lang) {
        writeln!(
            out,
            "  you probably wrote  {}",
            render(f.wrote, used_type(d))
        )?;
        writeln!(out, "  write instead       {}", render(f.write, h))?;
        writeln!(out)?;
    }
    writeln!(
        out,
        "  the whole function (ksdiag snippet --lang {lang} --hash-type {h}):"
    )?;
    for l in code(d, lang).lines() {
        writeln!(out, "    {l}")?;
    }
    Ok(())
}

/// The fix as Markdown, for a forum post.
pub fn markdown(out: &mut impl Write, d: &Diagnosis, lang: Lang) -> std::io::Result<()> {
    if d.verdict == Verdict::Match {
        return Ok(());
    }
    let (h, tag) = (d.hash_type, lang.markdown_tag());
    writeln!(out, "\n### Fix in {lang}\n")?;
    for f in lines(d, lang) {
        writeln!(
            out,
            "You probably wrote:\n\n```{tag}\n{}\n```\n",
            render(f.wrote, used_type(d))
        )?;
        writeln!(
            out,
            "Write instead:\n\n```{tag}\n{}\n```\n",
            render(f.write, h)
        )?;
    }
    writeln!(
        out,
        "The whole function (`ksdiag snippet --lang {lang} --hash-type {h}`):\n\n```{tag}\n{}```",
        code(d, lang)
    )
}

/// The `fix_code` field of `diagnose --json`.
pub fn json(d: &Diagnosis, lang: Lang) -> serde_json::Value {
    let h = d.hash_type;
    let lines: Vec<serde_json::Value> = lines(d, lang)
        .into_iter()
        .map(|f| json!({"causes": f.causes, "wrote": render(f.wrote, used_type(d)), "write": render(f.write, h)}))
        .collect();
    json!({
        "lang": lang.name(),
        "hash_type": h.cli_name(),
        "lines": lines,
        "code": if d.verdict == Verdict::Match { serde_json::Value::Null } else { code(d, lang).into() },
    })
}
