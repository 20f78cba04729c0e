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

mod algorithm;
mod appended;
mod canonical;
mod cause;
mod claimed;
mod evidence;
mod expiry;
mod explain_hits;
mod finding;
mod findings;
mod invisible_chars;
mod message_variants;
mod one_ks;
mod permission_words;
mod raw_text;
mod readings;
mod recipe;
mod search;
#[cfg(test)]
mod search_equivalence;
mod shape_findings;
mod stop;
mod table;
mod value_forms;

pub use algorithm::Algorithm;
pub use canonical::InputFix;
pub use cause::{Cause, CauseCode};
pub use expiry::CallTime;
pub use finding::{Finding, FindingCode};
pub use readings::{Condition, Outcome, READINGS, Reading};
pub use recipe::Segment;
pub use shape_findings::token_shape;
pub use stop::{Stop, StopSource};

use crate::api_error::ApiError;
use crate::app_token::AppToken;
use crate::digest::HashType;
use crate::message::{Message, Part};
use crate::source::Field;
use crate::words;

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
    /// When the call was made, as the evidence shows (a time stated for it, a HAR entry's or
    /// a log line's time stamp): the clock the KS's and the app token's expiry are judged by.
    /// `None`: not known, and no expiry decides the verdict.
    pub call_time: Option<CallTime>,
    /// Today's clock, unix seconds: it only says that a KS or app token has expired since
    /// (a finding), never what the server answered the call.
    pub today: Option<i64>,
    /// The request the server got carried no KS (the client attached none): it answers
    /// SERVICE_FORBIDDEN before the action runs, and `ks` is only what the client hashed.
    pub sent_without_ks: bool,
    /// An explicit `partnerId` parameter of the request: the server then looks the app token
    /// up among that partner's (kaltura-api.md §5), not the KS partner's.
    pub request_partner_id: Option<i64>,
    /// The KS is the exact text the server received (taken from a request, a server log or
    /// the server's error), not something pasted: it is not cleaned of quotes, escapes or
    /// whitespace, since the server hashed and parsed it as it is.
    pub ks_verbatim: bool,
    /// The tokenHash is the exact text the server received (taken from a request or a server
    /// log): a final newline is part of what was sent, not a file's line end, so it is not
    /// trimmed (the server compares strictly, and `hash_decoration` names it).
    pub hash_verbatim: bool,
    /// True when nothing says which KS was sent: `ks` and `other_ks` are then all candidates,
    /// newest first (clients send their newest KS), and `different_ks` is never proven.
    pub sent_ks_unknown: bool,
    /// The error the server answered, when known: evidence that rules readings out.
    pub server_error: Option<&'a ApiError>,
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
    /// Not given; exactly one of the server's hash types fits the claimed hash (a match, or
    /// an explanation that needs no other algorithm), and the verdict rests on it.
    Inferred,
    /// Not given, and no reading fits alone (none does, or several do): SHA1, the server
    /// default, is shown.
    Unknown,
}

impl HashTypeSource {
    /// `declared`, `app_token`, `inferred`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            HashTypeSource::Declared => "declared",
            HashTypeSource::AppToken => "app_token",
            HashTypeSource::Inferred => "inferred",
            HashTypeSource::Unknown => "unknown",
        }
    }

    /// True when the hash type was stated by an input (flag or app token).
    pub fn is_known(self) -> bool {
        matches!(self, HashTypeSource::Declared | HashTypeSource::AppToken)
    }
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
    /// The algorithm that produced the claimed hash (one of the server's four, or another
    /// digest a client picked by mistake: SHA-384, SHA3-256, ...).
    pub hash_type: Algorithm,
    /// The claimed hash, reproduced exactly.
    pub reproduced_hash: String,
    /// Lowercase hex of the digest the mistake produced (before any rendering).
    pub produced_digest: String,
    /// What was hashed; `None` when nothing was (token_as_hash).
    pub hashed: Option<HashedMessage>,
    /// Another reading of the same evidence, e.g. an old server that ignores hashType.
    pub note: Option<String>,
    /// The app token hashTypes under which this explanation holds as written: one when the
    /// hashType is known; with an unknown hashType, the readings it rests on.
    pub hash_types: Vec<HashType>,
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
    /// What the verdict rests on that no input stated; empty when it rests on nothing.
    pub conditions: Vec<Condition>,
    /// Every reading considered (hashType x KS taken as sent) and its outcome.
    pub readings: Vec<Reading>,
    /// Which KS was diagnosed as the one sent: 0 is [`Case::ks`], n is `other_ks[n-1]`.
    /// `different_ks` causes name their KS by the same numbering (`which`).
    pub sent_ks_index: usize,
    /// Whether an input said which KS was sent.
    pub sent_ks_known: bool,
    /// The request carried no KS: the KS diagnosed is only the one the client hashed.
    pub sent_without_ks: bool,
    /// A check that stops the call before (or regardless of) the tokenHash comparison.
    pub stop: Option<Stop>,
    /// What could not be tried, and which input would allow it.
    pub not_tried: Vec<Message>,
}

/// At most this many explanations are reported.
pub const MAX_EXPLANATIONS: usize = 8;

fn rank(causes: &[Cause]) -> (usize, u32) {
    (causes.len(), causes.iter().map(|c| c.code.rarity()).sum())
}

/// Diagnoses one case.
///
/// When the case does not say which KS was sent (`sent_ks_unknown` with other candidates),
/// each candidate is a reading of its own, the first (newest) first; when it does not say
/// the hashType, each type the server offers is a reading. The verdict says which readings
/// it rests on ([`Diagnosis::conditions`]).
pub fn diagnose(case: &Case<'_>) -> Diagnosis {
    if let (Some(declared), Some(stored)) =
        (case.hash_type, case.app_token.and_then(|t| t.hash_type))
        && declared != stored
    {
        return under_stored_hash_type(case, declared, stored);
    }
    let mut d = if case.sent_ks_unknown && !case.other_ks.is_empty() {
        readings::over_sent_ks(case)
    } else {
        let mut d = one_ks::diagnose_sent(case);
        if case.sent_ks_unknown {
            // One candidate, and nothing says it was sent: the verdict rests on it.
            d.sent_ks_known = false;
            if d.verdict != Verdict::Unexplained {
                d.conditions.push(Condition::SentKs(0));
            }
        }
        d
    };
    if d.verdict == Verdict::Match && d.stop.is_none() {
        d.stop = case.server_error.and_then(stop::rejected_correct_hash);
    }
    if case.hash_type.is_none()
        && let Some(t) = case.app_token
        && t.hash_type.is_none()
    {
        old_server_reading(&mut d);
    }
    if d.verdict == Verdict::Match
        && d.stop.is_none()
        && let Some(t) = case.app_token
        && (t.is_expired(i64::MIN)
            || case
                .call_time
                .is_some_and(|c| t.is_expired(c.at.saturating_sub(c.slack))))
    {
        d.stop = Some(stop::app_token_expired());
    }
    d
}

/// An app token answer without the `hashType` member: current servers always send it
/// (`KalturaAppToken::$hashType`, SHA1 when none was set), so the server may be one that
/// predates hashType and always hashes SHA1 (`AppToken::calcHash` before it), or the copy was
/// cut. Said in `hash_type_assumed`, with what the hash is under SHA1.
fn old_server_reading(d: &mut Diagnosis) {
    let sha1 = d
        .readings
        .iter()
        .find(|r| r.sent_ks == d.sent_ks_index && r.hash_type == HashType::Sha1);
    let under = match sha1.map(|r| &r.outcome) {
        Some(Outcome::Match) => "correct".to_string(),
        Some(Outcome::Explained(c)) => format!(
            "wrong: {}",
            c.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" + ")
        ),
        Some(Outcome::Unexplained) => "wrong, and no known mistake reproduces it".to_string(),
        Some(Outcome::RuledOut(why)) => format!("ruled out ({why})"),
        None => return,
    };
    let msg = format!(
        "the app token given has no hashType member: current servers always send it (SHA1 when none was set), so it comes from a server that predates hashType, which always hashes SHA1, or the copy lost it. Under SHA1 (that server's only algorithm) the tokenHash is {under}; each type the server offers was tried as a reading too. Check the server's version, or run appToken.get again and pass its whole answer"
    );
    let f = Finding::new(FindingCode::HashTypeAssumed, msg)
        .with("reading", "server_without_hash_type")
        .with("under_sha1", &under);
    match d
        .findings
        .iter_mut()
        .find(|f| f.code == FindingCode::HashTypeAssumed)
    {
        Some(old) => *old = f,
        None => d.findings.push(f),
    }
}

impl Diagnosis {
    /// True when the server would accept this tokenHash: it is correct, and no check before
    /// the hash stops the call, and the server's answer does not reject it anyway (a rejected
    /// correct hash means an input is not what the server has).
    pub fn hash_accepted(&self) -> bool {
        self.verdict == Verdict::Match && self.stop.as_ref().is_none_or(|s| s.hash_accepted())
    }

    /// True when the server would accept the call, as far as the inputs show: the tokenHash
    /// is correct and no check (before the hash or after it, such as APP_TOKEN_EXPIRED)
    /// stops it. The ✓ and exit status 0 rest on this.
    pub fn call_accepted(&self) -> bool {
        self.verdict == Verdict::Match
            && self.stop.is_none()
            && !self.id_names_another_token()
            && !self.ks_of_another_partner()
    }

    /// The KS belongs to another partner than the app token given (even when an explicit
    /// partnerId moved the lookup, so that no stop is predicted), or than the partner id the
    /// user stated as the app token's: no call to accept.
    pub fn ks_of_another_partner(&self) -> bool {
        self.findings.iter().any(|f| {
            f.code == FindingCode::PartnerMismatch
                && (f
                    .details
                    .iter()
                    .any(|(k, v)| *k == "against" && v == "app token")
                    || f.refs
                        .iter()
                        .any(|(k, v)| *k == "against" && *v == Part::Field(Field::PartnerId)))
        })
    }

    /// The id sent names another app token than the one whose token was hashed: the server
    /// checks that other token's hash, so even a correct hash here fails there.
    pub fn id_names_another_token(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.code == FindingCode::TokenIdUnknown)
    }
}

/// A declared hashType that contradicts the app token's: the server hashes with the one it
/// stores on the app token (`alpha/lib/model/AppToken.php`, `calcHash`), so the diagnosis uses
/// the app token's; the declared one is tried too and what it would mean is said in an
/// `inputs_disagree` finding. Never a match under a value another input contradicts.
fn under_stored_hash_type(case: &Case<'_>, declared: HashType, stored: HashType) -> Diagnosis {
    let mut d = diagnose(&Case {
        hash_type: None,
        ..case.clone()
    });
    let other = diagnose(&Case {
        app_token: None,
        ..case.clone()
    });
    let (dk, sk) = (declared.kaltura_name(), stored.kaltura_name());
    let meaning = match other.verdict {
        Verdict::Match => format!(
            "under {dk} the tokenHash is correct: the client hashes with {dk} while the app token stores {sk}, so the server rejects it; hash with {sk}, or make the app token's hashType {dk} (appToken.update)"
        ),
        Verdict::Explained => format!(
            "under {dk} the tokenHash is explained by another mistake too ({}); it is still {sk} the server checks",
            other.explanations[0]
                .causes
                .iter()
                .map(|c| c.code.as_str())
                .collect::<Vec<_>>()
                .join(" + ")
        ),
        Verdict::Unexplained => format!("under {dk} nothing explains the tokenHash either"),
    };
    d.findings.insert(
        0,
        Finding::new(
            FindingCode::InputsDisagree,
            words![
                format!("the declared hash type ({dk}, "),
                Field::HashType,
                format!(") contradicts the app token's hashType ({sk}); the diagnosis uses {sk}, the one the server stores on the app token; {meaning}")
            ],
        )
        .with("fact", "hash_type")
        .with("kept", "app token")
        .with_ref("other", Field::HashType)
        .with("declared", dk)
        .with("stored", sk),
    );
    d
}
