//! The sentences the page shows around what the diagnosis and decode JSON carry, so the page
//! holds no copy of them: they travel in the [`crate::catalogue`] (`words`), which the page
//! reads once from its engine or from `ksdiag serve`. A `{name}` in a sentence is filled by
//! the page with the value named (`{n}`, `{families}`, `{hash}`, `{source}`).
//!
//! Where the CLI says the same thing, both take it from here ([`tried`] is the sentence of
//! `diagnose`'s unexplained report).

use ks_core::diagnose::HashTypeSource;
use serde::Serialize;
use std::collections::BTreeMap;

/// "Tried {n} candidate messages…", with `{n}` and `{families}`.
pub const TRIED: &str =
    "Tried {n} candidate messages over these mistakes, alone and in pairs: {families}.";

/// When nothing was hashed at all.
pub const TRIED_NONE: &str =
    "No candidate message was hashed: the claimed hash's shape rules out every known mistake:";

/// The unexplained report's first sentence: how much was searched.
pub fn tried(candidates: usize, families: &[&str]) -> String {
    if candidates == 0 {
        return TRIED_NONE.to_string();
    }
    TRIED
        .replace("{n}", &candidates.to_string())
        .replace("{families}", &families.join(", "))
}

/// Where the hashType came from, in words, for each `hash_type_source` of the wire format.
pub fn hash_type_source(s: HashTypeSource) -> &'static str {
    match s {
        HashTypeSource::Declared => "as given",
        HashTypeSource::AppToken => "from the app token",
        HashTypeSource::Inferred => "inferred: the only hash type under which the hash fits",
        HashTypeSource::Unknown => "not known",
    }
}

const SOURCES: [HashTypeSource; 4] = [
    HashTypeSource::Declared,
    HashTypeSource::AppToken,
    HashTypeSource::Inferred,
    HashTypeSource::Unknown,
];

/// The page's sentences (the catalogue's `words`).
#[derive(Serialize)]
pub struct PageWords {
    /// [`hash_type_source`] under each `hash_type_source` value.
    pub hash_type_source: BTreeMap<&'static str, &'static str>,
    /// Under the headline of each verdict; `{hash}` the hashType, `{source}` where it came from.
    pub verdict: BTreeMap<&'static str, &'static str>,
    /// [`TRIED`].
    pub tried: &'static str,
    /// [`TRIED_NONE`].
    pub tried_none: &'static str,
    /// After [`TRIED`]: what no candidate gave.
    pub tried_after: &'static str,
    /// The fix when no cause was proven.
    pub fix_default: &'static str,
    /// The decoder's warnings, by what they say.
    pub decode: BTreeMap<&'static str, &'static str>,
    /// A KS `type` in words (`0` is USER).
    pub ks_type: BTreeMap<&'static str, &'static str>,
}

/// Every sentence of [`PageWords`].
pub fn page_words() -> PageWords {
    PageWords {
        hash_type_source: SOURCES
            .iter()
            .map(|s| (s.as_str(), hash_type_source(*s)))
            .collect(),
        verdict: BTreeMap::from([
            ("match", "Computed with {hash} ({source})."),
            ("explained", crate::verdict_words::PROVEN_LINE),
            (
                "unexplained",
                "Hash type {hash} ({source}). The correct hash is below.",
            ),
        ]),
        tried: TRIED,
        tried_none: TRIED_NONE,
        tried_after: "None gives the hash that was sent.",
        fix_default: "Hash the KS exactly as sent followed by the token, UTF-8, nothing else, and send the digest as lowercase hex; the code below does.",
        // kSessionBase.class.php: an expired KS is EXPIRED (-5); AppTokenService::startSession
        // takes the KS of session.startWidgetSession (kSessionUtils: widget privileges).
        decode: BTreeMap::from([
            (
                "expired",
                "Expired: its valid_until has passed, so the server answers INVALID_KS (EXPIRED, -5). Start a new widget session right before appToken.startSession.",
            ),
            (
                "signature_invalid",
                "The signature does not check with this admin secret: the KS was signed with another secret, or changed after signing.",
            ),
            (
                "not_widget",
                "Not a widget KS: appToken.startSession expects the KS of session.startWidgetSession (type USER, no user id, privileges with widget:1).",
            ),
            (
                "encrypted",
                "A v2 KS is encrypted: without the partner's admin secret only its version and partner are readable.",
            ),
            ("signature_valid", "Signature valid for this admin secret."),
            (
                "signature_unchecked",
                "unchecked: give the admin secret to check it",
            ),
            (
                "empty",
                "Paste a KS to read its fields: partner, expiry in local time and UTC, privileges, and with the admin secret its signature.",
            ),
        ]),
        // decode_human.rs words the same types.
        ks_type: BTreeMap::from([("0", "0 (USER)"), ("2", "2 (ADMIN)")]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tried_says_how_much_was_searched() {
        assert_eq!(
            tried(12, &["whitespace", "hex_case"]),
            "Tried 12 candidate messages over these mistakes, alone and in pairs: whitespace, hex_case."
        );
        assert_eq!(tried(0, &["whitespace"]), TRIED_NONE);
    }

    #[test]
    fn every_hash_type_source_of_the_wire_format_has_words() {
        let w = page_words();
        assert_eq!(
            w.hash_type_source.keys().copied().collect::<Vec<_>>(),
            ["app_token", "declared", "inferred", "unknown"]
        );
        assert!(w.hash_type_source.values().all(|s| !s.is_empty()));
    }

    // No sentence the page shows may name a command-line flag (issue 21: words belong to
    // the front end, and the page has boxes, not flags).
    #[test]
    fn page_words_name_no_command_line_flag() {
        let text = serde_json::to_string(&page_words()).unwrap_or_default();
        let flag = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .find(|w| w.starts_with("--") && w.len() > 2);
        assert_eq!(flag, None, "{text}");
    }
}
