//! The built-in sample case (what the front ends run on when asked for an example): a real-shaped
//! widget KS (the `srv-v1-widget` oracle vector, made by kaltura/server's own generator), an app token whose
//! hashType is SHA256, and the hash a shell one-liner really produces:
//! `echo "$KS$TOKEN" | sha1sum | cut -d' ' -f1` (SHA-1, with echo's newline). Every value's
//! source is [`Field::Example`].

use super::cross_check::Sourced;
use super::given::Inputs;
use crate::app_token::AppToken;
use crate::digest::{HashType, token_hash};
use crate::source::{Field, Source};

/// The sample's KS.
pub const KS: &str = "ZmYyM2E2NmEwMGY3MjEyNTg0OGFlYmVmYzhkNGEwZGZmY2VmYjEzN3wxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
/// The sample's token.
pub const TOKEN: &str = "8a3f0c5e9b1d4f7a2c6e0b9d8f1a3c5e";
/// The sample's app token, as appToken.get answers it.
pub const APP_TOKEN_JSON: &str = r#"{"id":"0_s9x2kq7w","token":"8a3f0c5e9b1d4f7a2c6e0b9d8f1a3c5e","partnerId":1234567,"hashType":"SHA256","status":2,"sessionType":0,"objectType":"KalturaAppToken"}"#;
/// When the sample's call was made: within its KS's lifetime, so no expiry finding
/// distracts from the hash (and the clock of a front end using it).
pub const NOW: i64 = 1_700_003_600;

/// The claimed hash: what the shell one-liner above prints for these values.
pub fn claimed_hash() -> String {
    token_hash(HashType::Sha1, KS, &format!("{TOKEN}\n"))
        .as_str()
        .to_string()
}

/// The sample's inputs. `hash_type` is the one the user declares, if any; the call is made
/// at [`NOW`] unless `now` (the time the user states) says otherwise.
pub fn inputs(hash_type: Option<HashType>, now: Option<i64>) -> Inputs {
    let example = Source::Given(Field::Example);
    let sourced = |value: String| Sourced {
        value,
        source: example,
    };
    Inputs {
        ks: sourced(KS.to_string()),
        ks_verbatim: false,
        hash_verbatim: false,
        other_ks: Vec::new(),
        token: sourced(TOKEN.to_string()),
        claimed: sourced(claimed_hash()),
        token_id: None,
        partner_id: None,
        // The constant parses (a test below says so); no app token only if it did not.
        app_token: AppToken::from_json(APP_TOKEN_JSON).ok(),
        error: None,
        findings: Vec::new(),
        sent_ks_known: true,
        hash_type,
        sent_without_ks: false,
        request_partner_id: None,
        call_time: Some(match now {
            Some(t) => Sourced {
                value: t,
                source: Source::Given(Field::Now),
            },
            None => Sourced {
                value: NOW,
                source: example,
            },
        }),
        call_time_slack: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_claim_is_the_shell_one_liners_output() {
        // Recorded with: echo "$KS$TOKEN" | sha1sum | cut -d' ' -f1
        assert_eq!(claimed_hash(), "8e25a09e0eab280200d5079ad24a70692724abba");
    }

    #[test]
    fn the_sample_app_token_parses_with_its_sha256_hash_type() {
        let i = inputs(None, None);
        let t = i.app_token.as_ref().map(|t| t.hash_type);
        assert_eq!(t, Some(Some(HashType::Sha256)));
        assert_eq!(i.call_time.map(|c| c.value), Some(NOW));
    }
}
