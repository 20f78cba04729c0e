//! The catalogue of `explain`: every cause, finding and Kaltura error code in words, as one
//! JSON object. `GET /ksdiag/explain` of `ksdiag serve` answers it, and the page's engine
//! (crates/ks-wasm) answers it in the browser: one function, so both say the same.

use crate::explain_codes;
use ks_core::diagnose::{CauseCode, FindingCode};
use serde::Serialize;
use std::collections::BTreeMap;

/// `{"causes": {code: {summary, fix}}, "findings": {code: {summary}},
/// "errors": {CODE: {title, meaning, check}}, "words": {…}}` (words: [`crate::page_words`]).
#[derive(Serialize)]
pub struct Catalogue {
    /// Each cause code (`wrong_hash_type`) in words.
    pub causes: BTreeMap<&'static str, CauseText>,
    /// Each finding code (`ks_expired`) in words.
    pub findings: BTreeMap<&'static str, FindingText>,
    /// Each Kaltura error code, under every spelling that finds it (`EXPIRED`, `-5`).
    pub errors: BTreeMap<&'static str, ErrorText>,
    /// The page's sentences around the JSON it renders.
    pub words: crate::page_words::PageWords,
}

/// A cause: what the mistake is and how to fix it.
#[derive(Serialize)]
pub struct CauseText {
    /// The mistake in one line.
    pub summary: &'static str,
    /// What to write instead.
    pub fix: &'static str,
}

/// A finding in one line.
#[derive(Serialize)]
pub struct FindingText {
    /// What the finding says.
    pub summary: &'static str,
}

/// A Kaltura error code as `explain` words it (an entry of [`explain_codes::TABLE`]).
#[derive(Serialize, Clone, Copy)]
pub struct ErrorText {
    /// `CODE: the message the server prints`.
    pub title: &'static str,
    /// What it means for the call.
    pub meaning: &'static str,
    /// What to check, in order.
    pub check: &'static [&'static str],
}

/// The whole catalogue.
pub fn catalogue() -> Catalogue {
    let causes = CauseCode::ALL
        .iter()
        .map(|c| {
            let t = CauseText {
                summary: c.summary(),
                fix: c.fix(),
            };
            (c.as_str(), t)
        })
        .collect();
    let findings = FindingCode::ALL
        .iter()
        .map(|f| {
            (
                f.as_str(),
                FindingText {
                    summary: f.summary(),
                },
            )
        })
        .collect();
    let errors = explain_codes::TABLE
        .iter()
        .flat_map(|e| {
            let t = ErrorText {
                title: e.title,
                meaning: e.meaning,
                check: e.check,
            };
            e.codes.iter().map(move |code| (*code, t))
        })
        .collect();
    Catalogue {
        causes,
        findings,
        errors,
        words: crate::page_words::page_words(),
    }
}

#[cfg(test)]
mod tests {
    use super::catalogue;
    use serde_json::Value;

    #[test]
    fn catalogue_names_every_cause_finding_and_the_hash_error() {
        let c: Value = serde_json::to_value(catalogue()).unwrap_or(Value::Null);
        for code in ks_core::diagnose::CauseCode::ALL {
            let e = &c["causes"][code.as_str()];
            assert!(
                e["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{code:?}"
            );
            assert!(e["fix"].as_str().is_some_and(|s| !s.is_empty()), "{code:?}");
        }
        for code in ks_core::diagnose::FindingCode::ALL {
            assert!(
                c["findings"][code.as_str()]["summary"].is_string(),
                "{code:?}"
            );
        }
        let hash = &c["errors"]["INVALID_APP_TOKEN_HASH"];
        assert!(
            hash["meaning"]
                .as_str()
                .is_some_and(|m| m.contains("tokenHash"))
        );
        assert!(hash["title"].is_string() && hash["check"].is_array());
        // Not explain's `command` (a command line): what the server and the page answer names no
        // flag.
        assert_eq!(hash.as_object().map(|o| o.len()), Some(3), "{hash}");
    }

    #[test]
    fn the_catalogue_names_no_command_line_flag() {
        // GET /ksdiag/explain and the page's engine answer this catalogue whole.
        let text = serde_json::to_string(&catalogue()).unwrap_or_default();
        let flag = text
            .match_indices("--")
            .find(|(i, _)| text[i + 2..].starts_with(|c: char| c.is_ascii_lowercase()));
        assert!(
            flag.is_none(),
            "a flag in the catalogue: …{}…",
            flag.map(|(i, _)| &text[i.saturating_sub(60)..(i + 30).min(text.len())])
                .unwrap_or_default()
        );
        assert!(text.len() > 10_000, "{} bytes", text.len());
    }
}
