//! Gathers the same facts from several artifacts (flags, request, responses, error, log),
//! decides which value to use, and reports where they disagree.
//!
//! ```
//! use ks_core::intake::cross_check::{Gathered, KsRole};
//! use ks_core::source::{Field, LogPlace, Source};
//! let mut g = Gathered::default();
//! let log_line_2 = Source::Log(LogPlace::Line(2));
//! g.offer_ks("KS-SENT", Source::Given(Field::Request), KsRole::Sent);
//! g.offer_ks("KS-EARLIER", log_line_2, KsRole::Candidate);
//! g.offer_hash("ab12", Source::Given(Field::Hash));
//! g.offer_hash("cd34", Source::Given(Field::Request)); // disagrees: kept as a finding
//! let (sent, others) = g.ks_to_diagnose().unwrap();
//! assert_eq!((sent.value.as_str(), others[0].source), ("KS-SENT", log_line_2));
//! assert_eq!(g.findings[0].code.as_str(), "inputs_disagree");
//! ```

use crate::api_error::{ApiError, Stage};
use crate::diagnose::{Diagnosis, Finding, FindingCode, Verdict};
use crate::digest::HashType;
use crate::message::Part;
use crate::source::Source;
use crate::words;

/// A value and where it came from (the KS given, the request, the log at line 12, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Where it came from (worded by the front end).
    pub source: Source,
}

/// How much a KS offer says about what was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KsRole {
    /// The source states that this KS rode on the startSession request.
    Sent,
    /// Only a candidate the client may have hashed.
    Candidate,
}

/// The facts gathered so far. Offer values in order of authority: the first offer of a fact
/// is kept, a later different one becomes a finding (and, for a KS, a candidate).
#[derive(Debug, Clone, Default)]
pub struct Gathered {
    /// The KS sent, once one was offered as sent.
    pub sent_ks: Option<Sourced<String>>,
    /// Other KS strings the client may have hashed, in order.
    pub candidate_ks: Vec<Sourced<String>>,
    /// The tokenHash sent.
    pub hash: Option<Sourced<String>>,
    /// The app token id sent.
    pub token_id: Option<Sourced<String>>,
    /// The partner ids stated by the artifacts.
    pub partner_ids: Vec<Sourced<i64>>,
    /// Disagreements found while gathering.
    pub findings: Vec<Finding>,
}

impl Gathered {
    /// Offers a KS.
    pub fn offer_ks(&mut self, value: &str, source: Source, role: KsRole) {
        let known = self
            .sent_ks
            .iter()
            .chain(&self.candidate_ks)
            .any(|k| k.value == value);
        match (&self.sent_ks, role) {
            (None, KsRole::Sent) => {
                self.candidate_ks.retain(|k| k.value != value);
                self.sent_ks = Some(sourced(value, source));
            }
            (Some(sent), KsRole::Sent) if sent.value != value => {
                self.findings.push(
                    Finding::new(
                        FindingCode::InputsDisagree,
                        words![sent.source, " and ", source, " give different KS strings as the one sent; ", sent.source, "'s is used as sent and the other is tried as a KS that may have been hashed instead"],
                    )
                    .with("fact", "ks")
                    .with_ref("kept", sent.source)
                    .with_ref("other", source),
                );
                if !known {
                    self.candidate_ks.push(sourced(value, source));
                }
            }
            _ => {
                if !known {
                    self.candidate_ks.push(sourced(value, source));
                }
            }
        }
    }

    /// The KS to diagnose (the sent one, else the first candidate) and the others.
    pub fn ks_to_diagnose(&self) -> Option<(Sourced<String>, Vec<Sourced<String>>)> {
        match &self.sent_ks {
            Some(s) => Some((s.clone(), self.candidate_ks.clone())),
            None => {
                let (first, rest) = self.candidate_ks.split_first()?;
                Some((first.clone(), rest.to_vec()))
            }
        }
    }

    /// Offers the tokenHash.
    pub fn offer_hash(&mut self, value: &str, source: Source) {
        offer(
            &mut self.hash,
            value,
            source,
            "tokenHash",
            &mut self.findings,
        );
    }

    /// Offers the app token id.
    pub fn offer_token_id(&mut self, value: &str, source: Source) {
        offer(
            &mut self.token_id,
            value,
            source,
            "app token id",
            &mut self.findings,
        );
    }

    /// Offers a partner id; each different one is a finding.
    pub fn offer_partner_id(&mut self, value: i64, source: Source) {
        if let Some(first) = self.partner_ids.first()
            && first.value != value
        {
            self.findings.push(
                Finding::new(
                    FindingCode::InputsDisagree,
                    words![first.source, format!(" says partner {} but ", first.value), source, format!(" says partner {value}: the KS, the app token and the widget session must all belong to the same partner (else APP_TOKEN_ID_NOT_FOUND)")],
                )
                .with("fact", "partner_id"),
            );
        }
        self.partner_ids.push(Sourced { value, source });
    }
}

fn sourced(value: &str, source: Source) -> Sourced<String> {
    Sourced {
        value: value.to_string(),
        source,
    }
}

fn offer(
    slot: &mut Option<Sourced<String>>,
    value: &str,
    source: Source,
    what: &str,
    findings: &mut Vec<Finding>,
) {
    match slot {
        None => *slot = Some(sourced(value, source)),
        Some(kept) if kept.value != value => findings.push(
            Finding::new(
                FindingCode::InputsDisagree,
                words![
                    kept.source,
                    " and ",
                    source,
                    format!(" give different values for the {what}; "),
                    kept.source,
                    "'s is used"
                ],
            )
            .with("fact", what)
            .with_ref("kept", kept.source)
            .with_ref("other", source),
        ),
        Some(_) => {}
    }
}

/// The app token id the server's error names (`Application token id "0_ab" not found`, not
/// active, expired: KalturaErrors.php's APP_TOKEN_* templates take the id).
pub fn error_token_id(error: &ApiError) -> Option<String> {
    let m = crate::kaltura_errors::match_message(error.message.as_deref()?.trim())?;
    if !m.template.code.starts_with("APP_TOKEN_") {
        return None;
    }
    m.arg("ID")
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_string)
}

/// `inputs_disagree` when the server's error names another app token id than the one the
/// inputs give: the error came from a call with another app token (another environment's,
/// an older configuration), so it says nothing about this one's hash.
pub fn check_error_token_id(error: &ApiError, given: &Sourced<String>) -> Option<Finding> {
    let named = error_token_id(error)?;
    if named == given.value.trim() {
        return None;
    }
    Some(
        Finding::new(
            FindingCode::InputsDisagree,
            words![
                format!("the server's error ({}) names app token id \"{named}\", but ", error.code),
                given.source,
                format!(" gives \"{}\": the error comes from a call made with another app token; diagnose with that call's app token, or give the error of this one", given.value),
            ],
        )
        .with("field", "token_id")
        .with("error_token_id", named),
    )
}

/// What the reported error means, and where it contradicts the diagnosis of the inputs given.
/// (The KS an INVALID_KS error quotes is a fact to offer to [`Gathered`] as sent.)
pub fn check_error(error: &ApiError, d: &Diagnosis) -> Vec<Finding> {
    let mut out = Vec::new();
    let stage = error.stage();
    let meaning = match stage {
        Stage::Ks => {
            "the server rejected the KS itself (INVALID_KS); the tokenHash was never checked"
        }
        Stage::TokenId => {
            "the app token id was not found for the KS's partner; the tokenHash was never checked"
        }
        Stage::TokenStatus => "the app token is not active; the tokenHash was never checked",
        Stage::Hash => {
            "the KS and the app token id were accepted; only the tokenHash string is wrong"
        }
        Stage::AfterHash => "the tokenHash was accepted; the app token itself has expired",
        // The stop knows more (a request with no KS makes SERVICE_FORBIDDEN).
        Stage::Other => d
            .stop
            .as_ref()
            .filter(|s| s.code == error.code)
            .map_or("this error does not come from the tokenHash check", |s| {
                s.meaning
            }),
    };
    let detail = error
        .ks_error
        .as_deref()
        .map(|e| format!(" ({e})"))
        .unwrap_or_default();
    out.push(
        Finding::new(
            FindingCode::ServerError,
            format!("the server answered {}{detail}: {meaning}", error.code),
        )
        .with("error_code", &error.code),
    );
    let has = |code: FindingCode| d.findings.iter().any(|f| f.code == code);
    let contradiction: Option<crate::message::Message> = match stage {
        Stage::Hash if d.verdict == Verdict::Match => Some(
            format!(
                "the server rejected the tokenHash, yet it is correct for the KS, token and hashType given ({}): one of them is not what the server has: check the app token's hashType and token with appToken.get (by its id), and that the KS given is exactly the one sent with startSession (not another, not re-encoded){}",
                d.hash_type.kaltura_name(),
                if d.hash_type == HashType::Sha1 {
                    ""
                } else {
                    "; an old server release ignores hashType and always uses SHA1"
                }
            )
            .into(),
        ),
        // Never because of a clock: a KS that has expired since was valid at the call.
        Stage::Hash if has(FindingCode::KsUnparsable) => Some(
            "the server got past its KS checks, but the KS given is unparsable: it is not the KS the server received".into(),
        ),
        Stage::Hash if has(FindingCode::PartnerMismatch) => Some(
            "the server found the app token for the KS's partner, but the KS given belongs to another partner than the app token: one of them is not the one used".into(),
        ),
        Stage::AfterHash if d.verdict != Verdict::Match => Some(
            "APP_TOKEN_EXPIRED is checked after the tokenHash, so the server accepted the hash; it does not match the inputs given, which are therefore not the ones sent".into(),
        ),
        Stage::Ks if !has(FindingCode::KsUnparsable) && !has(FindingCode::KsExpired) => Some(
            words!["the server rejected the KS, though the KS given parses and has not expired: most often it was signed with another admin secret than the one the server holds for its partner (a rotated or stale secret, another partner's; check with ", Part::CheckSignature, "); else the KS the server received differs (re-encoded, truncated, '+' read as a space), it was ended (LOGOUT), or the server's clock is ahead; compare with the KS in the error"],
        ),
        _ => None,
    };
    if let Some(msg) = contradiction {
        out.push(
            Finding::new(FindingCode::ErrorContradictsInputs, msg).with("error_code", &error.code),
        );
    }
    out
}

#[cfg(test)]
mod error_token_id_tests {
    use super::*;

    #[test]
    fn error_naming_another_app_token_id_is_flagged() {
        let e = crate::intake::read_error::parse(
            r#"{"code":"APP_TOKEN_ID_NOT_FOUND","message":"Application token id \"0_other\" not found"}"#,
        )
        .unwrap();
        assert_eq!(error_token_id(&e).as_deref(), Some("0_other"));
        let given = Sourced {
            value: "0_mine".to_string(),
            source: Source::Given(crate::source::Field::AppToken),
        };
        let f = check_error_token_id(&e, &given).unwrap();
        assert_eq!(f.code, FindingCode::InputsDisagree);
        assert!(
            f.message.contains("names app token id \"0_other\", but "),
            "{}",
            f.message
        );
        assert!(f.message.contains(" gives \"0_mine\": "), "{}", f.message);
        assert_eq!(f.message.sources().next(), Some(given.source));
        let same = Sourced {
            value: "0_other".to_string(),
            source: Source::Given(crate::source::Field::TokenId),
        };
        assert!(check_error_token_id(&e, &same).is_none());
        let hash = crate::intake::read_error::parse("INVALID_APP_TOKEN_HASH").unwrap();
        assert!(check_error_token_id(&hash, &given).is_none());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::{Case, diagnose};
    use crate::digest::{HashType, token_hash};
    use crate::intake::read_error::parse;
    use crate::source::{Field, LogPlace};

    const URL: Source = Source::Given(Field::Request);
    const KS: Source = Source::GivenNth(Field::Ks, 0);
    const WIDGET: Source = Source::Given(Field::WidgetResponse);

    #[test]
    fn first_offer_wins_and_disagreements_are_reported() {
        let mut g = Gathered::default();
        g.offer_ks("A", URL, KsRole::Sent);
        g.offer_ks("B", KS, KsRole::Sent);
        g.offer_ks("A", WIDGET, KsRole::Candidate);
        g.offer_ks("C", Source::Log(LogPlace::Line(3)), KsRole::Candidate);
        let (sent, others) = g.ks_to_diagnose().unwrap();
        assert_eq!(sent.source, URL);
        assert_eq!(
            others.iter().map(|k| k.value.as_str()).collect::<Vec<_>>(),
            ["B", "C"]
        );
        g.offer_hash("h1", Source::Given(Field::Hash));
        g.offer_hash("h2", URL);
        assert_eq!(g.hash.as_ref().unwrap().value, "h1");
        g.offer_partner_id(1, Source::Given(Field::AppToken));
        g.offer_partner_id(2, WIDGET);
        assert_eq!(g.findings.len(), 3);
        assert!(
            g.findings
                .iter()
                .all(|f| f.code == FindingCode::InputsDisagree)
        );
    }

    #[test]
    fn candidates_only_promote_the_first() {
        let mut g = Gathered::default();
        g.offer_ks("X", Source::Log(LogPlace::Line(1)), KsRole::Candidate);
        g.offer_ks("Y", Source::Log(LogPlace::Line(2)), KsRole::Candidate);
        let (sent, others) = g.ks_to_diagnose().unwrap();
        assert_eq!((sent.value.as_str(), others.len()), ("X", 1));
    }

    #[test]
    fn invalid_hash_error_with_a_correct_hash_is_a_contradiction() {
        let (ks, token) = ("djJ8MTIzfGFiY2RlZmdoaWprbG1ub3Bx", "tok");
        let good = token_hash(HashType::Sha1, ks, token);
        let d = diagnose(&Case::new(ks, token, good.as_str()));
        let f = check_error(&parse("INVALID_APP_TOKEN_HASH").unwrap(), &d);
        let codes: Vec<_> = f.iter().map(|f| f.code).collect();
        assert_eq!(
            codes,
            [
                FindingCode::ServerError,
                FindingCode::ErrorContradictsInputs
            ]
        );
        // APP_TOKEN_EXPIRED with a correct hash is consistent.
        let f = check_error(&parse("APP_TOKEN_EXPIRED").unwrap(), &d);
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn invalid_ks_on_a_ks_that_parses_names_another_admin_secret_first() {
        use crate::ks::{Generator, KsSpec, Randomness, generate};
        let ks = generate(
            &KsSpec::widget(-5, 1_700_086_400),
            "stale-secret",
            Generator::Server,
            &Randomness::V1Rand("1700000000.1".into()),
        )
        .ks;
        let mut case = Case::new(&ks, "tok", "ab");
        case.today = Some(1_700_000_100);
        let d = diagnose(&case);
        let f = check_error(&parse("-1,INVALID_STR").unwrap(), &d);
        let why = f.last().unwrap().message.to_string();
        let secret = why.find("another admin secret").unwrap();
        assert!(secret < why.find("re-encoded").unwrap(), "{why}");
    }

    /// The old-report mistake: a KS that has expired since is not "not the KS the server
    /// received" when the server answered INVALID_APP_TOKEN_HASH (it passed the KS checks).
    #[test]
    fn a_ks_expired_since_never_contradicts_an_invalid_hash_answer() {
        use crate::ks::{Generator, KsSpec, Randomness, generate};
        let ks = generate(
            &KsSpec::widget(-5, 1_700_086_400),
            "secret",
            Generator::Server,
            &Randomness::V1Rand("1700000000.1".into()),
        )
        .ks;
        let error = parse("INVALID_APP_TOKEN_HASH").unwrap();
        let case = Case {
            today: Some(1_800_000_000),
            server_error: Some(&error),
            ..Case::new(&ks, "tok", "ab")
        };
        let d = diagnose(&case);
        let expired = d.findings.iter().find(|f| f.code == FindingCode::KsExpired);
        assert!(
            expired.is_some_and(|f| f.message.contains("still valid when the call was made")),
            "{:?}",
            d.findings
        );
        assert_eq!(d.stop, None);
        let f = check_error(&error, &d);
        assert!(
            f.iter()
                .all(|f| f.code != FindingCode::ErrorContradictsInputs),
            "{f:?}"
        );
    }
}
