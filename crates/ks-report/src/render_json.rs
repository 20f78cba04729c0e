//! `--json` for diagnose: the cli.md wire format (schema in docs/diagnosis.schema.json).

use crate::redact::{Redactor, Secrets};
use crate::verdict_words::{KsNames, headline};
use ks_core::diagnose::{Cause, Condition, Diagnosis, Finding, Outcome, Segment, StopSource};
use serde_json::{Map, Value, json};

/// Bumped on any incompatible change to this object.
pub const SCHEMA_VERSION: u32 = 1;

fn cause(c: &Cause, secrets: &Secrets, redact: &Redactor) -> Value {
    let mut o = Map::new();
    o.insert("code".into(), json!(c.code.as_str()));
    for (k, v) in &c.details {
        o.insert((*k).into(), json!(secrets.guard(v, redact)));
    }
    Value::Object(o)
}

fn finding(f: &Finding) -> Value {
    let mut o = Map::new();
    o.insert("code".into(), json!(f.code.as_str()));
    o.insert("message".into(), json!(f.message));
    for (k, v) in &f.details {
        o.insert((*k).into(), json!(v));
    }
    Value::Object(o)
}

/// A segment as JSON: KS and token text, and any text carrying them, only with --show-secrets.
pub fn segment(s: &Segment, secrets: &Secrets, redact: &Redactor) -> Value {
    let text = match s.role.as_str() {
        "token" => redact.secret("token", &s.text),
        r if r.starts_with("ks") => redact.ks(&s.text),
        _ => secrets.guard(&s.text, redact),
    };
    json!({"role": s.role, "length": s.text.len(), "text": text})
}

/// The wire object, with KS named `ks`, `other_ks #1`, ... (batch lines, library callers).
pub fn diagnosis(d: &Diagnosis, redact: &Redactor) -> Value {
    diagnosis_named(d, redact, &KsNames::plain())
}

/// The wire object, with each KS named by where it came from.
pub fn diagnosis_named(d: &Diagnosis, redact: &Redactor, names: &KsNames) -> Value {
    let secrets = Secrets::of(&d.token, &d.ks);
    let explanations: Vec<Value> = d
        .explanations
        .iter()
        .map(|e| {
            let mut o = Map::new();
            o.insert("causes".into(), Value::from(e.causes.iter().map(|c| cause(c, &secrets, redact)).collect::<Vec<_>>()));
            o.insert("reproduced_hash".into(), json!(secrets.guard(&e.reproduced_hash, redact)));
            o.insert("hash_type".into(), json!(e.hash_type.cli_name()));
            if !e.produced_digest.is_empty() {
                o.insert("produced_digest".into(), json!(e.produced_digest));
            }
            if let Some(h) = &e.hashed {
                o.insert(
                    "hashed".into(),
                    json!({
                        "byte_len": h.byte_len,
                        "encoding": h.encoding,
                        "method": h.method,
                        "segments": h.segments.iter().map(|s| segment(s, &secrets, redact)).collect::<Vec<_>>(),
                    }),
                );
            }
            if let Some(n) = &e.note {
                o.insert("note".into(), json!(secrets.guard(n, redact)));
            }
            o.insert(
                "hash_types".into(),
                json!(e.hash_types.iter().map(|h| h.cli_name()).collect::<Vec<_>>()),
            );
            Value::Object(o)
        })
        .collect();
    let source = d.hash_type_source.as_str();
    let mut o = Map::new();
    o.insert("schema_version".into(), json!(SCHEMA_VERSION));
    o.insert("verdict".into(), json!(d.verdict.as_str()));
    o.insert("hash_type".into(), json!(d.hash_type.cli_name()));
    o.insert("hash_type_source".into(), json!(source));
    o.insert("expected_hash".into(), json!(d.expected_hash));
    o.insert("explanations".into(), Value::from(explanations));
    o.insert(
        "findings".into(),
        Value::from(d.findings.iter().map(finding).collect::<Vec<_>>()),
    );
    o.insert("evidence".into(), json!(d.evidence));
    o.insert(
        "families_tried".into(),
        json!(
            d.families_tried
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
        ),
    );
    o.insert("candidates_tried".into(), json!(d.candidates_tried));
    o.insert("headline".into(), json!(headline(d, names)));
    o.insert("proven".into(), json!(d.conditions.is_empty()));
    // What the ✓ and exit status 0 rest on: the server would accept the call.
    o.insert("call_accepted".into(), json!(d.call_accepted()));
    o.insert("conditions".into(), conditions(d, names));
    o.insert("sent_ks_known".into(), json!(d.sent_ks_known));
    o.insert("sent_ks".into(), json!(names.name(d.sent_ks_index)));
    o.insert("readings".into(), readings(d, names));
    o.insert("not_tried".into(), json!(d.not_tried));
    if let Some(s) = &d.stop {
        o.insert(
            "stop".into(),
            json!({
                "code": s.code,
                "detail": s.detail,
                "source": match s.source { StopSource::Reported => "reported", StopSource::Predicted => "predicted" },
                "before_hash": s.before_hash,
                "meaning": s.meaning,
            }),
        );
    }
    Value::Object(o)
}

fn conditions(d: &Diagnosis, names: &KsNames) -> Value {
    Value::from(
        d.conditions
            .iter()
            .map(|c| match c {
                Condition::HashType(t) => json!({
                    "fact": "hash_type",
                    "hash_types": t.iter().map(|h| h.cli_name()).collect::<Vec<_>>(),
                }),
                Condition::SentKs(i) => json!({"fact": "sent_ks", "sent_ks": names.name(*i)}),
            })
            .collect::<Vec<_>>(),
    )
}

fn readings(d: &Diagnosis, names: &KsNames) -> Value {
    Value::from(
        d.readings
            .iter()
            .map(|r| {
                let mut o = Map::new();
                o.insert("hash_type".into(), json!(r.hash_type.cli_name()));
                o.insert("sent_ks".into(), json!(names.name(r.sent_ks)));
                o.insert("outcome".into(), json!(r.outcome.as_str()));
                o.insert("expected_hash".into(), json!(r.expected_hash));
                match &r.outcome {
                    Outcome::Explained(c) => {
                        o.insert(
                            "causes".into(),
                            json!(c.iter().map(|c| c.as_str()).collect::<Vec<_>>()),
                        );
                    }
                    Outcome::RuledOut(why) => {
                        o.insert("ruled_out_by".into(), json!(why));
                    }
                    Outcome::Match | Outcome::Unexplained => {}
                }
                Value::Object(o)
            })
            .collect::<Vec<_>>(),
    )
}
