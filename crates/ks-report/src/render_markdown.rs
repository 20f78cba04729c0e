//! `--format markdown`: a redacted report safe to paste into a forum post.

use crate::cause_words::describe;
use crate::redact::{Redactor, Secrets};
use crate::render_human::segments;
use crate::verdict_words::{KsNames, headline, other_readings};
use ks_core::diagnose::{Diagnosis, Verdict};
use std::io::Write;

/// Writes the Markdown report, always redacted: it is meant to be posted in public.
pub fn write(out: &mut impl Write, d: &Diagnosis, names: &KsNames) -> std::io::Result<()> {
    // Always redacted, whatever --show-secrets says: this report is meant to be shared.
    let redact = Redactor {
        show: false,
        voice: names.voice,
    };
    let secrets = Secrets::of(&d.token, &d.ks);
    writeln!(out, "### ksdiag report: {}", headline(d, names))?;
    writeln!(out)?;
    writeln!(
        out,
        "- ksdiag {} (offline; secrets redacted)",
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(
        out,
        "- hash type: {} ({})",
        d.hash_type.kaltura_name(),
        d.hash_type_source.as_str()
    )?;
    writeln!(out, "- verdict: **{}**", d.verdict.as_str())?;
    if d.verdict == Verdict::Explained {
        let e = &d.explanations[0];
        writeln!(out)?;
        writeln!(
            out,
            "**Proven recipe** (recomputed; it reproduces the sent tokenHash byte for byte):"
        )?;
        writeln!(out)?;
        for c in &e.causes {
            writeln!(
                out,
                "1. `{}`: {}",
                c.code.as_str(),
                describe(&secrets.cause(c, &redact), Some(e))
            )?;
        }
        if let Some(h) = &e.hashed {
            writeln!(out)?;
            writeln!(out, "```text")?;
            writeln!(
                out,
                "hashed:    {} {} bytes {} {}",
                e.hash_type.kaltura_name(),
                h.byte_len,
                h.encoding,
                segments(&h.segments, &secrets, &redact, names)
            )?;
            writeln!(
                out,
                "should be: {} of [ks][token], UTF-8, lowercase hex",
                d.hash_type.kaltura_name()
            )?;
            writeln!(out, "```")?;
            writeln!(out)?;
            writeln!(out, "{}", crate::redact::FINGERPRINT_NOTE)?;
        }
        writeln!(out)?;
        writeln!(out, "**Fix:**")?;
        for c in &e.causes {
            writeln!(out, "- {}", c.code.fix())?;
        }
    } else if d.verdict == Verdict::Unexplained {
        writeln!(out)?;
        for e in &d.evidence {
            writeln!(out, "- {e}")?;
        }
        for n in &d.not_tried {
            writeln!(out, "- could not be tried: {}", names.voice.message(n))?;
        }
    }
    let others = other_readings(d, names);
    if !others.is_empty() {
        writeln!(out)?;
        writeln!(out, "**Other readings** (what no input said):")?;
        for r in others {
            writeln!(out, "- {r}")?;
        }
    }
    if !d.findings.is_empty() {
        writeln!(out)?;
        writeln!(out, "**Findings:**")?;
        for f in &d.findings {
            writeln!(
                out,
                "- `{}`: {}",
                f.code.as_str(),
                names.voice.message(&f.message)
            )?;
        }
    }
    Ok(())
}
