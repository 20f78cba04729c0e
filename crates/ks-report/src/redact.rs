//! Secrets are never printed in full unless `--show-secrets` is given.

use crate::source_words::Voice;
use ks_core::diagnose::Cause;
use ks_core::digest::{HashType, digest_parts};

/// Shows secrets or hides them.
#[derive(Debug, Clone, Copy)]
pub struct Redactor {
    /// Show secrets in full (`--show-secrets`); hide them when false.
    pub show: bool,
    /// Whose words say how to show them (the CLI has a flag for it; the server never does).
    pub voice: Voice,
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
    /// What the server and the page show: secrets hidden, and no flag to show them.
    pub fn api() -> Redactor {
        Redactor {
            show: false,
            voice: Voice::Api,
        }
    }

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

/// The secrets a diagnosis holds, in every form a printed value could carry them: the token
/// as is, hex-encoded (either case) and base64-encoded (standard or URL-safe, at any byte
/// alignment), the KS whole or hex-encoded, and a v1 KS signature as is or hex-encoded.
/// A value containing any of them (e.g. Go's `h.Sum(b)`, which hexes KS ‖ token ‖ digest)
/// is hidden unless `--show-secrets`.
#[derive(Debug, Clone, Default)]
pub struct Secrets {
    /// The token as given.
    token: String,
    /// Compared as they are: (needle, what, how encoded).
    exact: Vec<Needle>,
    /// Compared with the value lowercased (hex).
    folded: Vec<Needle>,
}

type Needle = (String, &'static str, &'static str);

/// Shorter needles would match by chance.
const MIN_NEEDLE: usize = 8;

impl Secrets {
    /// The forms of `token` and `ks` (either may be empty).
    pub fn of(token: &str, ks: &str) -> Secrets {
        let mut s = Secrets {
            token: token.to_string(),
            ..Secrets::default()
        };
        s.add(token.as_bytes(), "the token");
        s.add(ks.as_bytes(), "the KS");
        if let Some(sig) = v1_signature(ks) {
            s.add(sig.as_bytes(), "the KS signature");
        }
        s
    }

    fn add(&mut self, secret: &[u8], what: &'static str) {
        if secret.len() < MIN_NEEDLE {
            return;
        }
        let push = |v: &mut Vec<Needle>, n: String, how: &'static str| {
            if n.len() >= MIN_NEEDLE {
                v.push((n, what, how));
            }
        };
        push(
            &mut self.exact,
            String::from_utf8_lossy(secret).into_owned(),
            "",
        );
        push(&mut self.folded, hex::encode(secret), " hex-encoded");
        if secret.iter().all(u8::is_ascii_hexdigit) {
            let lower = secret.to_ascii_lowercase().escape_ascii().to_string();
            push(&mut self.folded, lower, "");
        }
        for engine in [
            &base64::engine::general_purpose::STANDARD,
            &base64::engine::general_purpose::URL_SAFE,
        ] {
            for k in 0..3 {
                push(
                    &mut self.exact,
                    base64_core(engine, secret, k),
                    " base64-encoded",
                );
            }
        }
    }

    /// What secret `value` carries and how it is encoded, if any.
    pub fn found_in(&self, value: &str) -> Option<(&'static str, &'static str)> {
        if let Some((_, w, h)) = self.exact.iter().find(|(n, ..)| value.contains(n.as_str())) {
            return Some((w, h));
        }
        let lower = value.to_ascii_lowercase();
        self.folded
            .iter()
            .find(|(n, ..)| lower.contains(n.as_str()))
            .map(|(_, w, h)| (*w, *h))
    }

    /// The cause with each detail value guarded (see [`Secrets::guard`]).
    pub fn cause(&self, c: &Cause, redact: &Redactor) -> Cause {
        let mut c = c.clone();
        for (_, v) in &mut c.details {
            *v = self.guard(v, redact);
        }
        c
    }

    /// `value` as is, or hidden when it carries a secret and secrets are not shown. A value
    /// containing the token as is keeps the token's form (`<token: N chars, fp …>`).
    pub fn guard(&self, value: &str, redact: &Redactor) -> String {
        if redact.show {
            return value.to_string();
        }
        match self.found_in(value) {
            None => value.to_string(),
            Some(_) if !self.token.is_empty() && value.contains(&self.token) => {
                redact.secret("token", value)
            }
            Some((what, how)) => format!(
                "<hidden: {} chars containing {what}{how}{}>",
                value.chars().count(),
                match redact.voice {
                    Voice::Cli => "; --show-secrets shows it",
                    Voice::Api | Voice::Page => "",
                }
            ),
        }
    }
}

/// The base64 characters that depend only on `secret` when it starts `k` bytes into the
/// encoded data (the edges, which mix in neighbouring bytes or padding, dropped).
fn base64_core(engine: &base64::engine::GeneralPurpose, secret: &[u8], k: usize) -> String {
    use base64::Engine as _;
    let mut data = vec![0u8; k];
    data.extend_from_slice(secret);
    let text = engine.encode(&data);
    let text = text.trim_end_matches('=');
    let skip = (8 * k).div_ceil(6);
    let end = text.len().saturating_sub(2);
    text.get(skip..end).unwrap_or_default().to_string()
}

/// A v1 KS's signature: the hex text before the first `|` of the decoded KS.
fn v1_signature(ks: &str) -> Option<String> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(ks.trim())
        .ok()?;
    let pos = bytes.iter().position(|b| *b == b'|')?;
    let sig = &bytes[..pos];
    (sig.len() == 40 && sig.iter().all(u8::is_ascii_hexdigit))
        .then(|| String::from_utf8_lossy(sig).into_owned())
}
