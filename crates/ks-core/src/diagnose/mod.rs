//! The diagnosis engine: find the exact mistake that reproduces a rejected tokenHash.
//!
//! Nothing is "explained" unless recomputing the mistake reproduces the claimed hash byte
//! for byte.
//!
//! ```
//! use ks_core::diagnose::{diagnose, Case, Verdict};
//! use ks_core::digest::{token_hash, HashType};
//! let ks = "djJ8MTIzNHxzb21lLWNpcGhlcnRleHQ=";
//! let token = "0123456789abcdef0123456789abcdef";
//! // The classic: `echo "$KS$TOKEN" | sha1sum` hashes a trailing newline.
//! let claimed = token_hash(HashType::Sha1, ks, &format!("{token}\n"));
//! let d = diagnose(&Case::new(ks, token, claimed.as_str()));
//! assert_eq!(d.verdict, Verdict::Explained);
//! assert_eq!(d.explanations[0].causes[0].code.as_str(), "whitespace");
//! ```

mod canonical;
mod cause;
mod claimed;
mod evidence;
mod findings;
mod forms;
mod recipe;
mod search;
mod variants;

pub use canonical::InputFix;
pub use cause::{Cause, CauseCode};
pub use findings::{Finding, FindingCode};
pub use recipe::Segment;

use crate::app_token::AppToken;
use crate::digest::{HashType, token_hash};
use recipe::Parts;
use search::Method;

/// Everything known about one rejected (or accepted) startSession call.
#[derive(Debug, Clone, Default)]
pub struct Case<'a> {
    /// The KS as sent (as pasted; cleaned before use).
    pub ks: &'a str,
    /// The app token's `token` value.
    pub token: &'a str,
    /// The tokenHash that was sent.
    pub claimed: &'a str,
    /// The declared hash type; `None` falls back to the app token's, then SHA1.
    pub hash_type: Option<HashType>,
    /// The app token id that was sent.
    pub token_id: Option<&'a str>,
    /// The partner id the caller expects.
    pub partner_id: Option<i64>,
    /// The app token JSON, when given.
    pub app_token: Option<&'a AppToken>,
    /// Other KS strings the client may have hashed instead (earlier startWidgetSession calls).
    pub other_ks: &'a [String],
    /// The clock for expiry findings, unix seconds.
    pub now: Option<i64>,
    /// The KS is the exact text the server received (taken from a request, a server log or
    /// the server's error), not something pasted: it is not cleaned of quotes, escapes or
    /// whitespace, since the server hashed and parsed it as it is.
    pub ks_verbatim: bool,
}

impl<'a> Case<'a> {
    /// A case with just the three values.
    pub fn new(ks: &'a str, token: &'a str, claimed: &'a str) -> Case<'a> {
        Case {
            ks,
            token,
            claimed,
            ..Case::default()
        }
    }
}

/// The verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The claimed hash is correct.
    Match,
    /// A chain of causes reproduces the claimed hash byte for byte.
    Explained,
    /// Nothing reproduces it.
    Unexplained,
}

impl Verdict {
    /// `match`, `explained`, `unexplained`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Match => "match",
            Verdict::Explained => "explained",
            Verdict::Unexplained => "unexplained",
        }
    }
}

/// Where the hash type came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashTypeSource {
    /// Given explicitly.
    Declared,
    /// From the app token JSON.
    AppToken,
    /// Assumed: SHA1, the server default.
    Assumed,
}

/// Exactly what was hashed in a reproduced mistake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashedMessage {
    /// The labelled parts, in order, before text encoding.
    pub segments: Vec<Segment>,
    /// Text encoding of the bytes (`UTF-8`, `UTF-16LE`, ...).
    pub encoding: &'static str,
    /// Length in bytes of what was hashed.
    pub byte_len: usize,
    /// How the digest was taken: `plain`, `hmac(key=token)`, `sha1(hex(...))`.
    pub method: String,
}

/// One proven explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The chain of causes, best-known first.
    pub causes: Vec<Cause>,
    /// The algorithm that produced the claimed hash.
    pub hash_type: HashType,
    /// The claimed hash, reproduced exactly.
    pub reproduced_hash: String,
    /// Lowercase hex of the digest the mistake produced (before any rendering).
    pub produced_digest: String,
    /// What was hashed; `None` when nothing was (token_as_hash).
    pub hashed: Option<HashedMessage>,
    /// Another reading of the same evidence, e.g. an old server that ignores hashType.
    pub note: Option<String>,
}

/// The result of a diagnosis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    /// The verdict.
    pub verdict: Verdict,
    /// The hash type the server uses for this token.
    pub hash_type: HashType,
    /// Where that came from.
    pub hash_type_source: HashTypeSource,
    /// The correct tokenHash for the canonical inputs.
    pub expected_hash: String,
    /// The KS diagnosed against (cleaned).
    pub ks: String,
    /// The token diagnosed against (cleaned).
    pub token: String,
    /// Proven explanations, best first (empty unless `Explained`).
    pub explanations: Vec<Explanation>,
    /// Findings beyond the hash.
    pub findings: Vec<Finding>,
    /// For `Unexplained`: what the claimed hash's shape still says.
    pub evidence: Vec<String>,
    /// The cause families the search covered.
    pub families_tried: Vec<CauseCode>,
    /// How many candidate messages were hashed.
    pub candidates_tried: usize,
}

/// At most this many explanations are reported.
pub const MAX_EXPLANATIONS: usize = 8;

fn rank(causes: &[Cause]) -> (usize, u32) {
    (causes.len(), causes.iter().map(|c| c.code.rarity()).sum())
}

/// Diagnoses one case.
pub fn diagnose(case: &Case<'_>) -> Diagnosis {
    let mut findings = Vec::new();
    let (ks, ks_fixes) = if case.ks_verbatim {
        (case.ks.to_string(), Vec::new())
    } else {
        canonical::canonicalize(case.ks, "ks", true)
    };
    let (token, token_fixes) = canonical::canonicalize(case.token, "token", false);
    findings::from_fixes(&ks_fixes, &mut findings);
    findings::from_fixes(&token_fixes, &mut findings);
    // A file's final newline on the claimed hash is not evidence of anything.
    let claimed = case
        .claimed
        .strip_suffix('\n')
        .map(|c| c.strip_suffix('\r').unwrap_or(c))
        .unwrap_or(case.claimed);

    let (hash_type, source) = match (case.hash_type, case.app_token.and_then(|t| t.hash_type)) {
        (Some(h), _) => (h, HashTypeSource::Declared),
        (None, Some(h)) => (h, HashTypeSource::AppToken),
        (None, None) => (HashType::SERVER_DEFAULT, HashTypeSource::Assumed),
    };
    let expected = token_hash(hash_type, &ks, &token).as_str().to_string();

    let parsed = crate::ks::parse(&ks);
    findings::from_ks(
        &parsed,
        case.now,
        case.app_token,
        case.partner_id,
        &mut findings,
    );
    if let Some(t) = case.app_token {
        findings::from_app_token(t, case.token_id, case.now, &mut findings);
    }
    findings::about_hash(
        claimed,
        &token,
        hash_type,
        source != HashTypeSource::Assumed,
        &mut findings,
    );

    let mut d = Diagnosis {
        verdict: Verdict::Unexplained,
        hash_type,
        hash_type_source: source,
        expected_hash: expected.clone(),
        ks: ks.clone(),
        token: token.clone(),
        explanations: Vec::new(),
        findings,
        evidence: Vec::new(),
        families_tried: CauseCode::ALL.to_vec(),
        candidates_tried: 0,
    };
    if claimed == expected {
        d.verdict = Verdict::Match;
        return d;
    }

    let mut explanations = Vec::new();
    if claimed == token || claimed == case.token {
        explanations.push(Explanation {
            causes: vec![Cause::new(CauseCode::TokenAsHash)],
            hash_type,
            reproduced_hash: claimed.to_string(),
            produced_digest: String::new(),
            hashed: None,
            note: None,
        });
    }

    // The raw pasted values are candidates too: the client may have hashed them as pasted.
    let token_id = case
        .token_id
        .or(case.app_token.and_then(|t| t.id.as_deref()));
    let mut ks_forms = forms::ks_forms(&ks, case.other_ks);
    ks_forms.extend(forms::as_pasted(case.ks, &ks, &ks_fixes, "ks"));
    let mut token_forms = forms::token_forms(&token, token_id);
    token_forms.extend(forms::as_pasted(case.token, &token, &token_fixes, "token"));
    let parts = Parts {
        ks: &ks,
        token: &token,
        ks_forms: &ks_forms,
        token_forms: &token_forms,
    };
    let targets = claimed::read_targets(claimed);
    let (hits, tried) = search::run(&parts, &targets, hash_type);
    d.candidates_tried = tried;

    let mut seen_messages: Vec<(Vec<u8>, HashType, Method)> = Vec::new();
    let mut buf = Vec::new();
    for hit in hits {
        hit.recipe.write(&parts, &mut buf);
        if seen_messages
            .iter()
            .any(|(m, h, k)| *m == buf && *h == hit.hash_type && *k == hit.method)
        {
            continue;
        }
        seen_messages.push((buf.clone(), hit.hash_type, hit.method));
        let mut causes = hit.recipe.causes(&parts);
        let method = match hit.method {
            Method::Plain => "plain".to_string(),
            Method::Hmac { key_is_token } => {
                let key = if key_is_token { "token" } else { "ks" };
                causes.push(Cause::new(CauseCode::Hmac).with("key", key));
                format!("hmac(key={key})")
            }
            Method::Double { inner } => {
                causes.push(Cause::new(CauseCode::DoubleHash).with("inner", inner.cli_name()));
                format!(
                    "{}(hex({}(...)))",
                    hit.hash_type.cli_name(),
                    inner.cli_name()
                )
            }
        };
        let mut note = None;
        if hit.hash_type != hash_type {
            causes.insert(
                0,
                Cause::new(CauseCode::WrongHashType)
                    .with("used", hit.hash_type.cli_name())
                    .with("expected", hash_type.cli_name()),
            );
            if hit.hash_type == HashType::Sha1 {
                note = Some(format!(
                    "two readings: the client used SHA1 where the app token says {}; or, if your client library or server release predates hashType, it always uses SHA1 and then the server is the one using the wrong algorithm (check the server version)",
                    hash_type.kaltura_name()
                ));
            }
        }
        causes.extend(hit.render.iter().cloned());
        explanations.push(Explanation {
            causes,
            hash_type: hit.hash_type,
            reproduced_hash: claimed.to_string(),
            produced_digest: hit.digest.to_hex().as_str().to_string(),
            hashed: Some(HashedMessage {
                segments: hit.recipe.segments(&parts),
                encoding: hit.recipe.encoding.name(),
                byte_len: buf.len(),
                method,
            }),
            note,
        });
    }
    explanations.sort_by_key(|e| rank(&e.causes));
    explanations.truncate(MAX_EXPLANATIONS);
    if explanations.is_empty() {
        d.evidence = evidence::describe(claimed, hash_type, &token);
    } else {
        d.verdict = Verdict::Explained;
    }
    d.explanations = explanations;
    d
}
