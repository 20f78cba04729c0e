//! What `ksdiag diagnose` prints for one case, in the form asked: the JSON object (with the
//! fix code in `--lang`), the Markdown report or the terminal report (each with the fix code
//! and the line that says where the inputs came from when that is worth saying).

use crate::provenance::{Provenance, json_report};
use crate::redact::Redactor;
use crate::verdict_words::KsNames;
use crate::{render_fix_code, render_human, render_markdown};
use ks_core::diagnose::Diagnosis;
use ks_snippets::Lang;
use std::io::{Result, Write};

/// The form of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// One JSON object, then a newline (docs/cli.md's contract).
    Json,
    /// A redacted Markdown report, safe to paste in a forum post.
    Markdown,
    /// The terminal report (colors as `anstyle` escapes; the caller strips them).
    Human,
}

/// A diagnosis and what names its inputs, as [`crate::provenance::diagnose`] made them.
pub struct Report<'a> {
    /// The diagnosis.
    pub diagnosis: &'a Diagnosis,
    /// Where each input came from.
    pub provenance: &'a Provenance,
    /// How the KS given are named.
    pub names: &'a KsNames,
}

/// Writes `report` in `form`; `lang` adds the fix as code in that language.
pub fn write(
    out: &mut impl Write,
    report: &Report<'_>,
    form: Form,
    redact: &Redactor,
    lang: Option<Lang>,
) -> Result<()> {
    let Report {
        diagnosis: d,
        provenance,
        names,
    } = *report;
    let shown = provenance.is_interesting();
    match form {
        Form::Json => {
            let mut v = json_report(d, provenance, names, redact);
            if let (Some(l), serde_json::Value::Object(o)) = (lang, &mut v) {
                o.insert("fix_code".into(), render_fix_code::json(d, l));
            }
            writeln!(out, "{v}")
        }
        Form::Markdown => {
            render_markdown::write(out, d, names)?;
            if let Some(l) = lang {
                render_fix_code::markdown(out, d, l)?;
            }
            if shown {
                writeln!(out, "\n**Inputs:** {}", provenance.sentence())?;
            }
            Ok(())
        }
        Form::Human => {
            render_human::write(out, d, redact, names)?;
            if let Some(l) = lang {
                render_fix_code::human(out, d, l)?;
            }
            if shown {
                writeln!(out, "\nInputs: {}", provenance.sentence())?;
            }
            Ok(())
        }
    }
}
