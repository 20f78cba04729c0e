//! Secrets are never printed in full unless `--show-secrets` is given.

use ks_core::digest::{HashType, digest_parts};

/// Shows secrets or hides them.
#[derive(Debug, Clone, Copy)]
pub struct Redactor {
    pub show: bool,
}

/// What "fp" means, said once under a report that shows one.
pub const FINGERPRINT_NOTE: &str = "fp: the token's fingerprint, the first 8 hex digits of its SHA-256, so you can check it is your token without it being shown: printf %s \"$TOKEN\" | sha256sum | cut -c1-8";

/// A short, stable fingerprint: the first 8 hex digits of SHA-256 of the value.
pub fn fingerprint(secret: &str) -> String {
    digest_parts(HashType::Sha256, &[secret.as_bytes()])
        .to_hex()
        .as_str()[..8]
        .to_string()
}

impl Redactor {
    /// A token (or admin secret): its length and fingerprint.
    pub fn secret(&self, label: &str, value: &str) -> String {
        if self.show {
            value.to_string()
        } else {
            format!(
                "<{label}: {} chars, fp {}>",
                value.chars().count(),
                fingerprint(value)
            )
        }
    }

    /// A KS: its start and end, enough to tell two apart, not the signature it carries.
    pub fn ks(&self, ks: &str) -> String {
        let n = ks.chars().count();
        if self.show || n <= 24 {
            return ks.to_string();
        }
        let head: String = ks.chars().take(12).collect();
        let tail: String = ks.chars().skip(n - 8).collect();
        format!("{head}…{tail} ({n} chars)")
    }

    /// A v1 signature: first and last 4 hex digits.
    pub fn signature(&self, sig: &str) -> String {
        if self.show || sig.len() < 12 {
            return sig.to_string();
        }
        format!("{}…{}", &sig[..4], &sig[sig.len() - 4..])
    }
}

/// Escapes text so every byte is visible: `\n`, `\r`, `\t`, `U+200B`, `\x00`.
pub fn escape_visible(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' ' => out.push('␠'),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if !c.is_ascii() => out.push_str(&format!("<U+{:04X}>", c as u32)),
            c => out.push(c),
        }
    }
    out
}
