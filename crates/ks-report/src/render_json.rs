//! `--json` for diagnose: the cli.md wire format, as typed messages (ripgrep's
//! `printer/src/jsont.rs` is the model) rather than maps built by hand. The schema
//! docs/diagnosis.schema.json describes these types; `tests/wire_schema.rs` checks that
//! every object they make validates against it and that each property the schema names
//! is one they write.

use crate::redact::{Redactor, Secrets};
use crate::source_words::{self, Voice};
use crate::verdict_words::{KsNames, headline};
use ks_core::diagnose::{self, Condition, Outcome, StopSource};
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Bumped on any incompatible change to this object.
pub const SCHEMA_VERSION: u32 = 1;

/// One diagnosis on the wire (`diagnose --json`, a batch line, `/ksdiag/diagnose`). The front
/// end adds its own keys beside these (`inputs`, `line`, `fix_code`).
#[derive(Debug, Serialize)]
pub struct Diagnosis<'a> {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// `match`, `explained` or `unexplained`.
    pub verdict: &'static str,
    /// The app token's hashType the diagnosis used (`SHA1`, ...).
    pub hash_type: &'static str,
    /// Where that hashType came from (`declared`, `app_token`, ...).
    pub hash_type_source: &'static str,
    /// The tokenHash the client sent.
    pub expected_hash: &'a str,
    /// Each reproduction of the claimed hash, best first.
    pub explanations: Vec<Explanation<'a>>,
    /// What else the inputs show.
    pub findings: Vec<Finding<'a>>,
    /// The facts the verdict rests on, in words.
    pub evidence: &'a [String],
    /// The cause families searched.
    pub families_tried: Vec<&'static str>,
    /// How many candidate hashes were computed.
    pub candidates_tried: usize,
    /// The one-line verdict in words.
    pub headline: String,
    /// True when nothing the verdict rests on was assumed.
    pub proven: bool,
    /// What the ✓ and exit status 0 rest on: the server would accept the call.
    pub call_accepted: bool,
    /// The facts the verdict holds under, when some were assumed.
    pub conditions: Vec<ConditionWire>,
    /// True when the inputs say which KS was sent.
    pub sent_ks_known: bool,
    /// The name of the KS the verdict takes as sent.
    pub sent_ks: String,
    /// Every (hashType, sent KS) reading and its outcome.
    pub readings: Vec<Reading<'a>>,
    /// Cause families not tried, and why.
    pub not_tried: Vec<String>,
    /// The check that stopped the call before (or instead of) the hash.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop: Option<Stop<'a>>,
}

/// A coded cause: `code` and its details as keys of their own.
#[derive(Debug, Serialize)]
pub struct Cause {
    /// The cause code (docs/causes.md).
    pub code: &'static str,
    /// The cause's details, secrets guarded.
    #[serde(flatten)]
    pub details: BTreeMap<&'static str, String>,
}

/// A finding: `code`, its message and its details as keys of their own.
#[derive(Debug, Serialize)]
pub struct Finding<'a> {
    /// The finding code (docs/causes.md).
    pub code: &'static str,
    /// The finding in words.
    pub message: String,
    /// The finding's details.
    #[serde(flatten)]
    pub details: BTreeMap<&'static str, Cow<'a, str>>,
}

/// How the claimed hash was reproduced.
#[derive(Debug, Serialize)]
pub struct Explanation<'a> {
    /// The chain of causes, best-known first.
    pub causes: Vec<Cause>,
    /// The claimed hash, reproduced (guarded when it carries a secret).
    pub reproduced_hash: String,
    /// The algorithm that produced it.
    pub hash_type: &'static str,
    /// Lowercase hex of the digest the mistake produced, when it differs from the hash.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub produced_digest: &'a str,
    /// What was hashed; absent when nothing was (token_as_hash).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hashed: Option<Hashed>,
    /// Another reading of the same evidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The hashTypes under which this explanation holds.
    pub hash_types: Vec<&'static str>,
}

/// The message that was hashed, segment by segment.
#[derive(Debug, Serialize)]
pub struct Hashed {
    /// Its length in bytes.
    pub byte_len: usize,
    /// How its text was encoded.
    pub encoding: &'static str,
    /// How it was hashed.
    pub method: String,
    /// Its parts.
    pub segments: Vec<Segment>,
}

/// One part of a hashed message.
#[derive(Debug, Serialize)]
pub struct Segment {
    /// `ks`, `token`, `separator`, ...
    pub role: String,
    /// Its length in bytes.
    pub length: usize,
    /// Its text: KS and token text, and any text carrying them, only with --show-secrets.
    pub text: String,
}

/// A fact the verdict holds under.
#[derive(Debug, Serialize)]
#[serde(tag = "fact", rename_all = "snake_case")]
pub enum ConditionWire {
    /// The app token's hashType is one of these.
    HashType {
        /// The hashTypes.
        hash_types: Vec<&'static str>,
    },
    /// This KS is the one sent.
    SentKs {
        /// Its name.
        sent_ks: String,
    },
}

/// One (hashType, sent KS) reading.
#[derive(Debug, Serialize)]
pub struct Reading<'a> {
    /// The hashType read.
    pub hash_type: &'static str,
    /// The KS taken as sent.
    pub sent_ks: String,
    /// `match`, `explained`, `unexplained` or `ruled_out`.
    pub outcome: &'static str,
    /// The hash expected under this reading.
    pub expected_hash: &'a str,
    /// The causes, when explained.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub causes: Option<Vec<&'static str>>,
    /// Why it was ruled out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ruled_out_by: Option<&'a str>,
}

/// The check that stops the call.
#[derive(Debug, Serialize)]
pub struct Stop<'a> {
    /// The error code.
    pub code: &'a str,
    /// Its detail, if any.
    pub detail: Option<&'a str>,
    /// `reported` (in the given error) or `predicted` (from the inputs).
    pub source: &'static str,
    /// True when the server stops before checking the hash.
    pub before_hash: bool,
    /// What it means.
    pub meaning: &'static str,
}

fn cause(c: &diagnose::Cause, secrets: &Secrets, redact: &Redactor) -> Cause {
    Cause {
        code: c.code.as_str(),
        details: c
            .details
            .iter()
            .map(|(k, v)| (*k, secrets.guard(v, redact)))
            .collect(),
    }
}

fn finding(f: &diagnose::Finding, voice: Voice) -> Finding<'_> {
    let refs = f
        .refs
        .iter()
        .map(|(k, p)| (*k, Cow::Owned(source_words::detail(p, voice))));
    Finding {
        code: f.code.as_str(),
        message: voice.message(&f.message),
        details: f
            .details
            .iter()
            .map(|(k, v)| (*k, Cow::Borrowed(v.as_str())))
            .chain(refs)
            .collect(),
    }
}

/// A segment on the wire: KS and token text, and any text carrying them, only with
/// --show-secrets.
pub fn segment(s: &diagnose::Segment, secrets: &Secrets, redact: &Redactor) -> Segment {
    let text = match s.role.as_str() {
        "token" => redact.secret("token", &s.text),
        r if r.starts_with("ks") => redact.ks(&s.text),
        _ => secrets.guard(&s.text, redact),
    };
    Segment {
        role: s.role.clone(),
        length: s.text.len(),
        text,
    }
}

fn explanation<'a>(
    e: &'a diagnose::Explanation,
    secrets: &Secrets,
    redact: &Redactor,
) -> Explanation<'a> {
    Explanation {
        causes: e.causes.iter().map(|c| cause(c, secrets, redact)).collect(),
        reproduced_hash: secrets.guard(&e.reproduced_hash, redact),
        hash_type: e.hash_type.cli_name(),
        produced_digest: &e.produced_digest,
        hashed: e.hashed.as_ref().map(|h| Hashed {
            byte_len: h.byte_len,
            encoding: h.encoding,
            method: h.method.clone(),
            segments: h
                .segments
                .iter()
                .map(|s| segment(s, secrets, redact))
                .collect(),
        }),
        note: e.note.as_ref().map(|n| secrets.guard(n, redact)),
        hash_types: e.hash_types.iter().map(|h| h.cli_name()).collect(),
    }
}

/// The wire message of a diagnosis, with each KS named by where it came from.
pub fn wire<'a>(d: &'a diagnose::Diagnosis, redact: &Redactor, names: &KsNames) -> Diagnosis<'a> {
    let secrets = Secrets::of(&d.token, &d.ks);
    Diagnosis {
        schema_version: SCHEMA_VERSION,
        verdict: d.verdict.as_str(),
        hash_type: d.hash_type.cli_name(),
        hash_type_source: d.hash_type_source.as_str(),
        expected_hash: &d.expected_hash,
        explanations: d
            .explanations
            .iter()
            .map(|e| explanation(e, &secrets, redact))
            .collect(),
        findings: d.findings.iter().map(|f| finding(f, names.voice)).collect(),
        evidence: &d.evidence,
        families_tried: d.families_tried.iter().map(|c| c.as_str()).collect(),
        candidates_tried: d.candidates_tried,
        headline: headline(d, names),
        proven: d.conditions.is_empty(),
        call_accepted: d.call_accepted(),
        conditions: d
            .conditions
            .iter()
            .map(|c| match c {
                Condition::HashType(t) => ConditionWire::HashType {
                    hash_types: t.iter().map(|h| h.cli_name()).collect(),
                },
                Condition::SentKs(i) => ConditionWire::SentKs {
                    sent_ks: names.name(*i),
                },
            })
            .collect(),
        sent_ks_known: d.sent_ks_known,
        sent_ks: names.name(d.sent_ks_index),
        readings: d
            .readings
            .iter()
            .map(|r| Reading {
                hash_type: r.hash_type.cli_name(),
                sent_ks: names.name(r.sent_ks),
                outcome: r.outcome.as_str(),
                expected_hash: &r.expected_hash,
                causes: match &r.outcome {
                    Outcome::Explained(c) => Some(c.iter().map(|c| c.as_str()).collect()),
                    _ => None,
                },
                ruled_out_by: match &r.outcome {
                    Outcome::RuledOut(why) => Some(why),
                    _ => None,
                },
            })
            .collect(),
        not_tried: d.not_tried.iter().map(|n| names.voice.message(n)).collect(),
        stop: d.stop.as_ref().map(|s| Stop {
            code: &s.code,
            detail: s.detail.as_deref(),
            source: match s.source {
                StopSource::Reported => "reported",
                StopSource::Predicted => "predicted",
            },
            before_hash: s.before_hash,
            meaning: s.meaning,
        }),
    }
}

/// The wire object, with KS named `ks`, `other_ks #1`, ... (batch lines, library callers).
pub fn diagnosis(d: &diagnose::Diagnosis, redact: &Redactor) -> Value {
    diagnosis_named(d, redact, &KsNames::plain())
}

/// The wire object as a JSON value (keys sorted), for front ends that add keys of their own.
pub fn diagnosis_named(d: &diagnose::Diagnosis, redact: &Redactor, names: &KsNames) -> Value {
    // Strings, numbers and bools under string keys: serializing cannot fail.
    serde_json::to_value(wire(d, redact, names)).unwrap_or_default()
}
