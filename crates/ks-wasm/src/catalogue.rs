//! `explain`: every cause, finding and Kaltura error code in words, the tables `ksdiag
//! explain` prints from (the same object as `GET /ksdiag/explain` of `ksdiag serve`).

use ks_core::diagnose::{CauseCode, FindingCode};
use ks_report::explain_codes;
use serde_json::{Map, Value, json};

/// `{"causes": {code: {summary, fix}}, "findings": {code: {summary}},
/// "errors": {CODE: {title, meaning, check, command}}}`; error entries under each spelling.
pub fn catalogue() -> Value {
    let causes: Map<String, Value> = CauseCode::ALL
        .iter()
        .map(|c| {
            let v = json!({"summary": c.summary(), "fix": c.fix()});
            (c.as_str().to_string(), v)
        })
        .collect();
    let findings: Map<String, Value> = FindingCode::ALL
        .iter()
        .map(|f| (f.as_str().to_string(), json!({"summary": f.summary()})))
        .collect();
    let mut errors = Map::new();
    for e in explain_codes::TABLE {
        let v =
            json!({"title": e.title, "meaning": e.meaning, "check": e.check, "command": e.command});
        for code in e.codes {
            errors.insert((*code).to_string(), v.clone());
        }
    }
    json!({"causes": causes, "findings": findings, "errors": errors})
}
