//! The built-in sample for `ksdiag diagnose --example`: a real-shaped widget KS (the
//! `srv-v1-widget` oracle vector, made by kaltura/server's own generator), an app token whose
//! hashType is SHA256, and the hash a shell one-liner really produces:
//! `echo "$KS$TOKEN" | sha1sum | cut -d' ' -f1` (SHA-1, with echo's newline).

use ks_core::digest::{HashType, token_hash};

pub const KS: &str = "ZmYyM2E2NmEwMGY3MjEyNTg0OGFlYmVmYzhkNGEwZGZmY2VmYjEzN3wxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
pub const TOKEN: &str = "8a3f0c5e9b1d4f7a2c6e0b9d8f1a3c5e";
pub const APP_TOKEN_JSON: &str = r#"{"id":"0_s9x2kq7w","token":"8a3f0c5e9b1d4f7a2c6e0b9d8f1a3c5e","partnerId":1234567,"hashType":"SHA256","status":2,"sessionType":0,"objectType":"KalturaAppToken"}"#;
/// Within the sample KS's lifetime, so no expiry finding distracts from the hash.
pub const NOW: i64 = 1_700_003_600;

/// The claimed hash: what the shell one-liner above prints for these values.
pub fn claimed_hash() -> String {
    token_hash(HashType::Sha1, KS, &format!("{TOKEN}\n"))
        .as_str()
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sample_claim_is_the_shell_one_liners_output() {
        // Recorded with: echo "$KS$TOKEN" | sha1sum | cut -d' ' -f1
        assert_eq!(
            super::claimed_hash(),
            "8e25a09e0eab280200d5079ad24a70692724abba"
        );
    }
}
