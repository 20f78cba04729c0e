//! The human report: the verdict in one line, then the proof, the fix and the findings.

use crate::cause_words::describe;
use crate::redact::{Redactor, Secrets, escape_visible};
use crate::verdict_words::{KsNames, correct_hashes, headline, other_readings};
use anstyle::{AnsiColor, Style};
use ks_core::diagnose::{Diagnosis, Explanation, Segment, Verdict};
use std::io::Write;

const RED: Style = AnsiColor::Red.on_default().bold();
const GREEN: Style = AnsiColor::Green.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default().bold();
const DIM: Style = Style::new().dimmed();
const BOLD: Style = Style::new().bold();

/// The parts of a message; another KS is named by where it came from (`[ks from --log
/// line 2 …]`).
/// Any other text that carries a secret is hidden too. No parts: the empty message, said so.
pub fn segments(segs: &[Segment], secrets: &Secrets, redact: &Redactor, names: &KsNames) -> String {
    if segs.is_empty() {
        return "the empty message (nothing was written to the hash)".to_string();
    }
    segs.iter()
        .map(|s| match s.role.as_str() {
            "token" => format!("[token {}]", redact.secret("token", &s.text)),
            "token_id" => format!("[token id {}]", s.text),
            r if r.starts_with("ks#") => {
                let which = r[3..].parse::<usize>().unwrap_or(0);
                format!("[ks from {} {}]", names.name(which), redact.ks(&s.text))
            }
            r if r.starts_with("ks") => format!("[{r} {}]", redact.ks(&s.text)),
            _ if !redact.show && secrets.found_in(&s.text).is_some() => {
                format!("[{}]", secrets.guard(&s.text, redact))
            }
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
    names: &KsNames,
) -> std::io::Result<()> {
    let secrets = Secrets::of(&d.token, &d.ks);
    for (i, c) in e.causes.iter().enumerate() {
        let c = &secrets.cause(c, redact);
        writeln!(
            out,
            "  {}. {BOLD}{:<22}{BOLD:#} {}",
            i + 1,
            c.code.as_str(),
            describe(c, Some(e))
        )?;
    }
    if let Some(h) = &e.hashed {
        let algo = e.hash_type.kaltura_name();
        if let Some(key) = h.method.strip_prefix("hmac(key=") {
            // The HMAC's message and key as they were.
            let key_seg = if key.starts_with("token") {
                Segment {
                    role: "token".into(),
                    text: d.token.clone(),
                }
            } else {
                Segment {
                    role: "ks".into(),
                    text: d.ks.clone(),
                }
            };
            writeln!(
                out,
                "  hashed     HMAC-{algo} of {} bytes {}: {}",
                h.byte_len,
                h.encoding,
                segments(&h.segments, &secrets, redact, names)
            )?;
            writeln!(
                out,
                "             keyed with {}",
                segments(std::slice::from_ref(&key_seg), &secrets, redact, names)
            )?;
        } else {
            writeln!(
                out,
                "  hashed     {algo} {} bytes {}: {}",
                h.byte_len,
                h.encoding,
                segments(&h.segments, &secrets, redact, names)
            )?;
            if h.method != "plain" {
                writeln!(out, "             as {}", h.method)?;
            }
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
        segments(&should, &secrets, redact, names)
    )?;
    writeln!(
        out,
        "  claimed    {}",
        secrets.guard(&e.reproduced_hash, redact)
    )?;
    if !e.produced_digest.is_empty() && e.produced_digest != e.reproduced_hash {
        writeln!(
            out,
            "  digest     {} {DIM}(before rendering){DIM:#}",
            e.produced_digest
        )?;
    }
    if let Some(n) = &e.note {
        writeln!(out, "  note: {}", secrets.guard(n, redact))?;
    }
    Ok(())
}

/// Writes the terminal report of a diagnosis (colors as `anstyle` escapes; the caller strips them).
pub fn write(
    out: &mut impl Write,
    d: &Diagnosis,
    redact: &Redactor,
    names: &KsNames,
) -> std::io::Result<()> {
    let (mark, style) = match d.verdict {
        // The call fails before (or whatever) the hash says: no green tick.
        // (or the server rejected a hash that is right for the inputs given).
        _ if d.stop.is_some() => ("✗", RED),
        Verdict::Match if !d.call_accepted() => ("✗", RED),
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
                "{BOLD}Proven{BOLD:#}: {}",
                crate::verdict_words::PROVEN
            )?;
            explanation(out, d, &d.explanations[0], redact, names)?;
            if !redact.show {
                writeln!(out, "  {DIM}{}{DIM:#}", crate::redact::FINGERPRINT_NOTE)?;
            }
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
                explanation(out, d, e, redact, names)?;
            }
        }
        Verdict::Unexplained => {
            let families: Vec<&str> = d.families_tried.iter().map(|c| c.as_str()).collect();
            // Nothing hashed at all: the claimed hash's shape ruled every mistake out.
            writeln!(
                out,
                "{}",
                crate::page_words::tried(d.candidates_tried, &families)
            )?;
            for e in &d.evidence {
                writeln!(out, "  - {e}")?;
            }
            if !d.not_tried.is_empty() {
                writeln!(out, "Could not be tried with these inputs:")?;
                for n in &d.not_tried {
                    writeln!(out, "  - {}", names.voice.message(n))?;
                }
            }
        }
    }
    if d.verdict != Verdict::Match {
        writeln!(out)?;
        for (label, hash) in correct_hashes(d, names) {
            writeln!(out, "correct tokenHash ({label}): {hash}")?;
        }
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
                names.voice.message(&f.message)
            )?;
        }
    }
    Ok(())
}
