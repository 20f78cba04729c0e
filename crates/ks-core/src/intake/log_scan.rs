//! Finds every KS in a log, a HAR file or a curl trace (`curl -v`, `--trace-ascii`).
//!
//! The scan is textual so it reads any of them: runs of base64 characters (either alphabet,
//! `%2B %2F %3D` decoded, JSON's `\/` unescaped) that the server's KS parser accepts and
//! that look generated (a v1 signature of 40 hex digits and a numeric partner; a v2 header
//! with a numeric partner). Each distinct KS is reported once, at its first line, with the
//! startSession parameters seen next to it when the same line is a startSession request.

use super::ks_timing::{KsTiming, timing};
use crate::ks::{KsBody, parse};

/// One KS found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundKs {
    /// The KS text (percent-decoded, JSON-unescaped).
    pub ks: String,
    /// The 1-based line of its first occurrence.
    pub line: usize,
    /// How many times it occurs.
    pub occurrences: usize,
    /// The line is an appToken.startSession request: this KS was sent with a tokenHash.
    pub sent_to_start_session: bool,
    /// What the KS says about its time (partner, valid_until, creation).
    pub timing: KsTiming,
}

/// The shortest text considered: a real widget KS is well over 100 characters.
const MIN_KS_CHARS: usize = 60;

/// Scans `text` and returns each distinct KS in order of first appearance.
///
/// ```
/// use ks_core::intake::log_scan::scan;
/// let ks = "MGJlMDk1Y2I3MGY0ZmNiMTg4OGZkYjQwZmQyMGQ3ZjVmNjc0MzcyYXwxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
/// let log = format!("GET /api_v3/service/session/action/startWidgetSession\n<- {{\"ks\":\"{ks}\"}}\n");
/// let found = scan(&log);
/// assert_eq!(found.len(), 1);
/// assert_eq!((found[0].line, found[0].timing.partner_id.as_str()), (2, "1234567"));
/// ```
pub fn scan(text: &str) -> Vec<FoundKs> {
    let mut found: Vec<FoundKs> = Vec::new();
    for (i, raw_line) in text.lines().enumerate() {
        let line = raw_line.replace("\\/", "/");
        let start_session = line.contains("startSession") && line.contains("tokenHash");
        for candidate in candidates(&line) {
            if let Some(f) = found.iter_mut().find(|f| f.ks == candidate) {
                f.occurrences += 1;
                f.sent_to_start_session |= start_session;
                continue;
            }
            if plausible(&candidate)
                && let Some(t) = timing(&candidate)
            {
                found.push(FoundKs {
                    ks: candidate,
                    line: i + 1,
                    occurrences: 1,
                    sent_to_start_session: start_session,
                    timing: t,
                });
            }
        }
    }
    found
}

fn is_ks_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b'-' | b'_' | b'%')
}

/// Maximal runs of KS characters, percent-decoded, split after `=` padding.
fn candidates(line: &str) -> Vec<String> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !is_ks_char(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_ks_char(bytes[i]) {
            i += 1;
        }
        if i - start < MIN_KS_CHARS {
            continue;
        }
        let decoded = percent_decode_b64(&line[start..i]);
        for piece in split_after_padding(&decoded) {
            if piece.len() >= MIN_KS_CHARS {
                out.push(piece.to_string());
            }
        }
    }
    out
}

fn percent_decode_b64(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('%') {
        out.push_str(&rest[..p]);
        let code = rest.get(p + 1..p + 3).map(str::to_ascii_uppercase);
        match code.as_deref() {
            Some("2B") => out.push('+'),
            Some("2F") => out.push('/'),
            Some("3D") => out.push('='),
            // Any other escape ends a KS: keep a separator.
            _ => {
                out.push(' ');
                rest = &rest[p + 1..];
                continue;
            }
        }
        rest = &rest[p + 3..];
    }
    out.push_str(rest);
    out
}

/// Splits `ks=AAAA==BBBB` into `ks=`, `AAAA==`, `BBBB`: `=` only ends a value.
fn split_after_padding(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut start = 0;
    for i in 0..b.len() {
        let boundary = b[i] == b' ' || (b[i] == b'=' && i + 1 < b.len() && b[i + 1] != b'=');
        if boundary {
            let end = if b[i] == b' ' { i } else { i + 1 };
            out.push(&s[start..end]);
            start = i + 1;
        }
    }
    out.push(&s[start..]);
    out
}

fn plausible(ks: &str) -> bool {
    let Ok(parsed) = parse(ks) else {
        return false;
    };
    let partner = parsed.partner_id().trim();
    if partner.is_empty() || !partner.bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    match &parsed.body {
        KsBody::V1(v) => {
            v.signature.len() == 40 && v.signature.bytes().all(|c| c.is_ascii_hexdigit())
        }
        KsBody::V2(e) => !e.ciphertext.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::scan;
    use crate::ks::{Generator, KsSpec, Randomness, generate};

    fn ks(rand: &str) -> String {
        generate(
            &KsSpec::widget(4242, 1_700_086_400),
            "s3cret",
            Generator::Server,
            &Randomness::V1Rand(rand.into()),
        )
        .ks
    }

    fn url_encoded(s: &str) -> String {
        s.replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D")
    }

    #[test]
    fn finds_each_ks_once_in_har_curl_and_url_forms() {
        let (a, b) = (ks("1700000001.5"), ks("1700000002.25"));
        let log = format!(
            "{{\"response\":{{\"content\":{{\"text\":\"{{\\\"ks\\\":\\\"{}\\\"}}\"}}}}}}\n\
             > POST /api_v3/service/appToken/action/startSession?ks={}&id=0_x&tokenHash=ab\n\
             noise {a} noise\n",
            a.replace('/', "\\/"),
            url_encoded(&b),
        );
        let found = scan(&log);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            (found[0].ks.as_str(), found[0].line, found[0].occurrences),
            (a.as_str(), 1, 2)
        );
        assert_eq!((found[1].ks.as_str(), found[1].line), (b.as_str(), 2));
        assert!(found[1].sent_to_start_session && !found[0].sent_to_start_session);
        assert_eq!(found[0].timing.valid_until, Some(1_700_086_400));
        assert_eq!(found[0].timing.created, Some(1_700_000_001));
        assert_eq!(found[0].timing.partner_id, "4242");
    }

    #[test]
    fn ignores_other_base64_and_hex() {
        let noise = "sha1 = 5e1f8c0d2a9b7c6e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f\n\
                     cookie=QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5eg==\n";
        assert!(scan(noise).is_empty());
    }
}
