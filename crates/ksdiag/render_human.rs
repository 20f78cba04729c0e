//! The human report: the verdict in one line, then the proof, the fix and the findings.

use crate::redact::{Redactor, escape_visible};
use crate::verdict_words::{KsNames, headline, other_readings};
use anstyle::{AnsiColor, Style};
use ks_core::diagnose::{Cause, Diagnosis, Explanation, Segment, Verdict};
use std::io::Write;

const RED: Style = AnsiColor::Red.on_default().bold();
const GREEN: Style = AnsiColor::Green.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default().bold();
const DIM: Style = Style::new().dimmed();
const BOLD: Style = Style::new().bold();

/// One cause in words, with its details.
pub fn describe(c: &Cause) -> String {
    let details: Vec<String> = c
        .details
        .iter()
        .filter(|(k, _)| *k != "text" || c.code.as_str() != "hash_decoration")
        // A candidate KS named by its source needs no index.
        .filter(|(k, _)| *k != "which" || !c.details.iter().any(|(k, _)| *k == "source"))
        .map(|(k, v)| {
            format!(
                "{k} {}",
                if *k == "text" || *k == "prefix" || *k == "suffix" {
                    format!("\"{}\"", escape_visible(v))
                } else {
                    v.clone()
                }
            )
        })
        .collect();
    if details.is_empty() {
        c.code.summary().to_string()
    } else {
        format!("{} ({})", c.code.summary(), details.join(", "))
    }
}

pub fn segments(segs: &[Segment], redact: &Redactor) -> String {
    segs.iter()
        .map(|s| match s.role.as_str() {
            "token" => format!("[token {}]", redact.secret("token", &s.text)),
            "token_id" => format!("[token id {}]", s.text),
            r if r.starts_with("ks") => format!("[{r} {}]", redact.ks(&s.text)),
            _ => format!("[{}]", escape_visible(&s.text)),
        })
        .collect::<Vec<_>>()
        .join("")
}

fn explanation(
    out: &mut impl Write,
    d: &Diagnosis,
    e: &Explanation,
    redact: &Redactor,
) -> std::io::Result<()> {
    for (i, c) in e.causes.iter().enumerate() {
        writeln!(
            out,
            "  {}. {BOLD}{:<22}{BOLD:#} {}",
            i + 1,
            c.code.as_str(),
            describe(c)
        )?;
    }
    if let Some(h) = &e.hashed {
        writeln!(
            out,
            "  hashed     {} {} bytes {}: {}",
            e.hash_type.kaltura_name(),
            h.byte_len,
            h.encoding,
            segments(&h.segments, redact)
        )?;
        if h.method != "plain" {
            writeln!(out, "             as {}", h.method)?;
        }
    }
    let should = [
        Segment {
            role: "ks".into(),
            text: d.ks.clone(),
        },
        Segment {
            role: "token".into(),
            text: d.token.clone(),
        },
    ];
    writeln!(
        out,
        "  should be  {} {} bytes UTF-8: {}",
        d.hash_type.kaltura_name(),
        d.ks.len() + d.token.len(),
        segments(&should, redact)
    )?;
    writeln!(
        out,
        "  claimed    {}",
        crate::render_json::guard(&e.reproduced_hash, &d.token, redact)
    )?;
    if !e.produced_digest.is_empty() && e.produced_digest != e.reproduced_hash {
        writeln!(
            out,
            "  digest     {} {DIM}(before rendering){DIM:#}",
            e.produced_digest
        )?;
    }
    if let Some(n) = &e.note {
        writeln!(out, "  note: {n}")?;
    }
    Ok(())
}

pub fn write(
    out: &mut impl Write,
    d: &Diagnosis,
    redact: &Redactor,
    names: &KsNames,
) -> std::io::Result<()> {
    let (mark, style) = match d.verdict {
        Verdict::Match => ("✓", GREEN),
        Verdict::Explained => ("✗", RED),
        Verdict::Unexplained => ("?", YELLOW),
    };
    writeln!(out, "{style}{mark} {}{style:#}", headline(d, names))?;
    writeln!(out)?;
    match d.verdict {
        Verdict::Match => writeln!(
            out,
            "{}(KS + token) = {}",
            d.hash_type.kaltura_name(),
            d.expected_hash
        )?,
        Verdict::Explained => {
            writeln!(
                out,
                "{BOLD}Proven{BOLD:#}: recomputing this mistake reproduces the claimed hash byte for byte."
            )?;
            explanation(out, d, &d.explanations[0], redact)?;
            writeln!(out)?;
            writeln!(out, "{BOLD}Fix{BOLD:#}:")?;
            for c in &d.explanations[0].causes {
                writeln!(out, "  - {}", c.code.fix())?;
            }
            for (i, e) in d.explanations.iter().enumerate().skip(1) {
                writeln!(out)?;
                writeln!(
                    out,
                    "{BOLD}Also reproduces it{BOLD:#} (explanation {}, less likely):",
                    i + 1
                )?;
                explanation(out, d, e, redact)?;
            }
        }
        Verdict::Unexplained => {
            let families: Vec<&str> = d.families_tried.iter().map(|c| c.as_str()).collect();
            writeln!(
                out,
                "Tried {} candidate messages over these mistakes, alone and in pairs: {}.",
                d.candidates_tried,
                families.join(", ")
            )?;
            for e in &d.evidence {
                writeln!(out, "  - {e}")?;
            }
            if !d.not_tried.is_empty() {
                writeln!(out, "Could not be tried with these inputs:")?;
                for n in &d.not_tried {
                    writeln!(out, "  - {n}")?;
                }
            }
        }
    }
    if d.verdict != Verdict::Match {
        writeln!(out)?;
        writeln!(
            out,
            "correct tokenHash ({}): {}",
            d.hash_type.kaltura_name(),
            d.expected_hash
        )?;
    }
    let others = other_readings(d, names);
    if !others.is_empty() {
        writeln!(out)?;
        writeln!(out, "{BOLD}Other readings{BOLD:#} (what no input said):")?;
        for r in others {
            writeln!(out, "  - {r}")?;
        }
    }
    if !d.findings.is_empty() {
        writeln!(out)?;
        writeln!(out, "{BOLD}Findings{BOLD:#}:")?;
        for f in &d.findings {
            writeln!(
                out,
                "  {YELLOW}!{YELLOW:#} {}: {}",
                f.code.as_str(),
                f.message
            )?;
        }
    }
    Ok(())
}
