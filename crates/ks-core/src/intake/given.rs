//! What the user gave for one diagnosis, as texts the front end already read ([`Given`]),
//! what [`gather`](super::gather::gather) makes of it ([`Inputs`]), and why it could not
//! ([`GatherError`]). The CLI reads flags, files, stdin and `env:` into a [`Given`]; the server
//! deserializes its JSON body into one; the page fills one from its boxes. All three then call
//! the same `gather` and [`Inputs::diagnose`].

use super::cross_check::{Sourced, check_error, check_error_token_id};
use crate::api_error::ApiError;
use crate::app_token::AppToken;
use crate::diagnose::{CallTime, Case, Diagnosis, Finding, diagnose};
use crate::digest::HashType;
use crate::message::Message;
use crate::source::{Field, Source};
use crate::words;

/// Largest value a front end takes (a KS is a few hundred bytes; an app token answer, a
/// request or an error a few KiB).
pub const MAX_VALUE_BYTES: usize = 64 * 1024;

/// Largest log, HAR file or trace a front end takes.
pub const MAX_LOG_BYTES: usize = 16 * 1024 * 1024;

/// What the user gave, every document as text (nothing here names a file: reading is the
/// front end's job). An empty string is a value given empty; a front end for which empty
/// means absent (a JSON body, a form) leaves the field `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Given {
    /// The KS given, in order: the first is taken as the one sent, the others are candidates
    /// the client may have hashed.
    pub ks: Vec<String>,
    /// The KS stated as the one sent (above every other source).
    pub sent_ks: Option<String>,
    /// The app token's `token`.
    pub token: Option<String>,
    /// The token was typed where others can see it (a command line): a finding says so.
    pub token_given_literally: bool,
    /// The tokenHash that was sent (a claimed hash a program wrote as raw bytes is kept one
    /// char per byte by the front end).
    pub hash: Option<String>,
    /// The app token id.
    pub token_id: Option<String>,
    /// The partner id the user states as the app token's.
    pub partner_id: Option<i64>,
    /// The declared hash type.
    pub hash_type: Option<HashType>,
    /// The app token: appToken.get's answer (JSON, XML) or a print of the object.
    pub app_token: Option<String>,
    /// The failing request: URL, form body, JSON body, curl command or a print of its
    /// parameters.
    pub request: Option<String>,
    /// The server's error: its code, message, or the whole answer.
    pub error: Option<String>,
    /// startWidgetSession's answer.
    pub widget_response: Option<String>,
    /// A log, HAR file or `curl -v` trace.
    pub log: Option<String>,
    /// When the call was made (unix seconds), as the user states it.
    pub now: Option<i64>,
}

impl Given {
    /// The first value larger than a front end takes ([`MAX_VALUE_BYTES`], [`MAX_LOG_BYTES`]
    /// for the log), for front ends that receive values whole (a JSON body, the page's boxes);
    /// the CLI refuses them while reading.
    pub fn too_large(&self) -> Option<GatherError> {
        let big = |v: &Option<String>, limit: usize| v.as_ref().is_some_and(|v| v.len() > limit);
        let kib = |limit: usize| format!(" is larger than {} KiB", limit / 1024);
        if let Some(i) = self.ks.iter().position(|k| k.len() > MAX_VALUE_BYTES) {
            let s = Source::GivenNth(Field::Ks, i);
            return Some(GatherError::new(
                Some(Field::Ks),
                words![s, kib(MAX_VALUE_BYTES)],
            ));
        }
        let fields = [
            (Field::SentKs, &self.sent_ks, MAX_VALUE_BYTES),
            (Field::Token, &self.token, MAX_VALUE_BYTES),
            (Field::Hash, &self.hash, MAX_VALUE_BYTES),
            (Field::TokenId, &self.token_id, MAX_VALUE_BYTES),
            (Field::AppToken, &self.app_token, MAX_VALUE_BYTES),
            (Field::Request, &self.request, MAX_VALUE_BYTES),
            (Field::Error, &self.error, MAX_VALUE_BYTES),
            (
                Field::WidgetResponse,
                &self.widget_response,
                MAX_VALUE_BYTES,
            ),
            (Field::Log, &self.log, MAX_LOG_BYTES),
        ];
        fields
            .into_iter()
            .find(|(_, v, limit)| big(v, *limit))
            .map(|(f, _, limit)| GatherError::new(Some(f), words![f, kib(limit)]))
    }
}

/// Everything a diagnosis needs, gathered and cross-checked: the first source of a fact
/// wins, in the order stated value, request, error, widget response, log.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The KS diagnosed as the one sent, and where it came from.
    pub ks: Sourced<String>,
    /// The KS is the text the server received (from a request, a logged request or the
    /// server's error), so it is diagnosed as it is, not cleaned like a pasted value.
    pub ks_verbatim: bool,
    /// The tokenHash is the text a request or a log holds, exactly as sent.
    pub hash_verbatim: bool,
    /// The other KS the client may have hashed.
    pub other_ks: Vec<Sourced<String>>,
    /// The token, and where it came from.
    pub token: Sourced<String>,
    /// The tokenHash that was sent, and where it came from.
    pub claimed: Sourced<String>,
    /// The app token id, and where it came from.
    pub token_id: Option<Sourced<String>>,
    /// The partner id the inputs state first.
    pub partner_id: Option<i64>,
    /// The app token, parsed.
    pub app_token: Option<AppToken>,
    /// The server's error, parsed.
    pub error: Option<ApiError>,
    /// What gathering found (disagreements, normalized values, wrong requests).
    pub findings: Vec<Finding>,
    /// Whether an input said which KS was sent (else `ks` is the newest candidate).
    pub sent_ks_known: bool,
    /// The declared hash type.
    pub hash_type: Option<HashType>,
    /// The request given carried no KS: `ks` is only a candidate for what was hashed.
    pub sent_without_ks: bool,
    /// The request's explicit `partnerId` parameter, when it has one.
    pub request_partner_id: Option<i64>,
    /// When the call was made: the time stated, else what the inputs show (a HAR entry's or
    /// a log line's time).
    pub call_time: Option<Sourced<i64>>,
    /// Seconds either way that time may be off (a stamp without a time zone).
    pub call_time_slack: i64,
}

impl Inputs {
    /// Every KS: the one diagnosed first, then the others (the numbering of
    /// `Diagnosis::sent_ks_index` and of `different_ks`'s `which`).
    pub fn all_ks(&self) -> Vec<Sourced<String>> {
        std::iter::once(self.ks.clone())
            .chain(self.other_ks.iter().cloned())
            .collect()
    }

    /// Diagnoses the inputs: the engine, then what the server's error says against the
    /// diagnosis ([`check_error`]) and the findings of gathering. `today` (a clock) only
    /// says what has expired since; the call's time is [`Inputs::call_time`].
    pub fn diagnose(&self, today: Option<i64>) -> Diagnosis {
        let others: Vec<String> = self.other_ks.iter().map(|k| k.value.clone()).collect();
        let case = Case {
            ks: &self.ks.value,
            token: &self.token.value,
            claimed: &self.claimed.value,
            hash_type: self.hash_type,
            token_id: self.token_id.as_ref().map(|t| t.value.as_str()),
            partner_id: self.partner_id,
            app_token: self.app_token.as_ref(),
            other_ks: &others,
            call_time: self.call_time.as_ref().map(|c| CallTime {
                at: c.value,
                source: c.source,
                slack: self.call_time_slack,
            }),
            today,
            sent_without_ks: self.sent_without_ks,
            request_partner_id: self.request_partner_id,
            ks_verbatim: self.ks_verbatim,
            hash_verbatim: self.hash_verbatim,
            sent_ks_unknown: !self.sent_ks_known,
            server_error: self.error.as_ref(),
        };
        let mut d = diagnose(&case);
        if let Some(e) = &self.error {
            d.findings.extend(check_error(e, &d));
            // The id the inputs give, else the app token's own.
            let given = self.token_id.clone().or_else(|| {
                let id = self.app_token.as_ref()?.id.clone()?;
                Some(Sourced {
                    value: id,
                    source: Source::Given(Field::AppToken),
                })
            });
            if let Some(g) = given {
                d.findings.extend(check_error_token_id(e, &g));
            }
        }
        d.findings.extend(self.findings.iter().cloned());
        d
    }
}

/// Why the inputs cannot be diagnosed: what is wrong and what to give instead, naming what
/// the user gave by reference (worded by the front end: a flag, a JSON field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatherError {
    /// The field at fault, when one is.
    pub field: Option<Field>,
    /// What is wrong, where, and the hint.
    pub message: Message,
}

impl GatherError {
    pub(crate) fn new(field: Option<Field>, message: impl Into<Message>) -> GatherError {
        GatherError {
            field,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for GatherError {
    /// A neutral wording (references as `{field}`); front ends word it themselves.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message.fmt(f)
    }
}

impl std::error::Error for GatherError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Part;

    #[test]
    fn a_value_too_large_for_a_front_end_names_its_field_or_its_place_among_the_ks() {
        let big = "x".repeat(MAX_VALUE_BYTES + 1);
        let mut g = Given {
            ks: vec!["a".into(), big.clone()],
            ..Given::default()
        };
        let e = g.too_large().unwrap();
        assert_eq!(
            e.message.parts()[0],
            Part::Source(Source::GivenNth(Field::Ks, 1))
        );
        g.ks.pop();
        assert_eq!(g.too_large(), None);
        // A log may be larger than a value, up to its own limit.
        g.log = Some(big);
        assert_eq!(g.too_large(), None);
        g.log = Some("x".repeat(MAX_LOG_BYTES + 1));
        assert_eq!(g.too_large().unwrap().field, Some(Field::Log));
    }
}
