//! [`gather`]: what the user gave ([`Given`]) into everything a diagnosis needs ([`Inputs`]):
//! every artifact parsed (app token, request, error, widget answer, log), the facts offered
//! to [`Gathered`] in order of authority (stated value, request, error, widget response,
//! log), the refusals (another action than appToken.startSession, a KS and a token given
//! the wrong way round, no KS, token or hash), the call's time and which KS was sent.
//!
//! ```
//! use ks_core::intake::gather::gather;
//! use ks_core::intake::given::Given;
//! use ks_core::source::{Field, Source};
//! let given = Given {
//!     request: Some("https://www.kaltura.com/api_v3/service/appToken/action/startSession?ks=djJ8MTIzfA%3D%3D&id=0_abc&tokenHash=5e1f".into()),
//!     token: Some("0123456789abcdef0123456789abcdef".into()),
//!     ..Given::default()
//! };
//! let inputs = gather(&given).unwrap();
//! assert_eq!(inputs.ks.value, "djJ8MTIzfA==");
//! assert_eq!(inputs.claimed.source, Source::Given(Field::Request));
//! let d = inputs.diagnose(None);
//! assert_eq!(d.expected_hash.len(), 40);
//! ```

use super::IntakeError;
use super::call_time;
use super::cross_check::{Gathered, KsRole, Sourced};
use super::given::{GatherError, Given, Inputs};
use super::ks_timing::timing;
use super::log_requests::start_sessions;
use super::log_scan::{self, FoundKs};
use super::paste;
use super::read_error;
use super::request::{self, Request};
use super::seen_request::SeenRequest;
use super::widget_response::{self, WidgetSession};
use crate::api_error::ApiError;
use crate::app_token::AppToken;
use crate::diagnose::{Finding, FindingCode};
use crate::message::{Message, Part};
use crate::source::{Field, LogPlace, Source};
use crate::words;

/// The documents given, read and parsed.
#[derive(Default)]
struct Artifacts {
    app_token: Option<AppToken>,
    request: Option<Request>,
    error: Option<Sourced<ApiError>>,
    widget: Option<WidgetSession>,
    /// startSession requests in the log, the latest first.
    log_requests: Vec<SeenRequest>,
    log_ks: Vec<FoundKs>,
    /// When the latest startSession call in the log was made, if the log shows it, and
    /// how far off that may be.
    log_call_time: Option<(Sourced<i64>, i64)>,
}

/// A value given (an empty one too: the front end decides whether empty means absent).
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref()
}

/// `{field}: {error}`, the error's hint naming fields by reference.
fn at(field: Field, e: IntakeError) -> GatherError {
    GatherError::new(
        Some(field),
        words![
            field,
            format!(": {} (at {}); hint: ", e.what, e.place),
            e.hint
        ],
    )
}

/// `{field}: {error}` for an error that names no field.
fn at_text(field: Field, e: impl std::fmt::Display) -> GatherError {
    GatherError::new(Some(field), words![field, format!(": {e}")])
}

/// Where a request seen in the log is.
fn log_source(s: &SeenRequest) -> Source {
    // `place` is `line N` or `HAR entry N` (log_requests); never anything else.
    Source::Log(LogPlace::parse(&s.place).unwrap_or(LogPlace::Line(0)))
}

fn read_artifacts(g: &Given, findings: &mut Vec<Finding>) -> Result<Artifacts, GatherError> {
    let mut art = Artifacts::default();
    if let Some(text) = given(&g.app_token) {
        art.app_token = Some(match AppToken::parse(text) {
            Ok(t) => t,
            // A print of the KalturaAppToken object (print_r, var_dump, a Python or Node print).
            Err(e) => paste::value_of(text)
                .and_then(|(_, v)| AppToken::parse(&v.to_string()).ok())
                .ok_or_else(|| at_text(Field::AppToken, e))?,
        });
    }
    if let Some(text) = given(&g.request) {
        // A print of the request's parameters (var_export, print_r, a Python or Node print)
        // reads as a form body that holds nothing: read the print instead.
        let printed = || paste::request_body(text).and_then(|b| request::parse(&b).ok());
        let req = match request::parse(text) {
            Ok(q) if q.ks.is_none() && q.token_hash.is_none() => printed().unwrap_or(q),
            Ok(q) => q,
            Err(e) => printed().ok_or_else(|| at(Field::Request, e))?,
        };
        refuse_other_action(&req)?;
        art.request = Some(req);
    }
    if let Some(text) = given(&g.error) {
        let value = read_error::parse(text).map_err(|e| at(Field::Error, e))?;
        art.error = Some(Sourced {
            value,
            source: Source::Given(Field::Error),
        });
    }
    if let Some(text) = given(&g.widget_response) {
        art.widget = Some(match widget_response::parse(text) {
            Ok(w) => w,
            Err(e) => paste::value_of(text)
                .and_then(|(_, v)| widget_response::parse(&v.to_string()).ok())
                .ok_or_else(|| at(Field::WidgetResponse, e))?,
        });
    }
    if let Some(text) = given(&g.log) {
        read_log(text, &mut art, findings);
    }
    Ok(art)
}

fn read_log(text: &str, art: &mut Artifacts, findings: &mut Vec<Finding>) {
    // The latest startSession request first: it is the one that failed last.
    art.log_requests = start_sessions(text);
    art.log_requests.reverse();
    art.log_ks = log_scan::scan(text);
    art.log_call_time = art.log_requests.iter().find_map(|s| {
        // A stamp without a year takes the one nearest the request's KS's own time.
        let near =
            s.ks.as_deref()
                .and_then(timing)
                .and_then(|t| t.created.or(t.valid_until))
                .or_else(|| {
                    art.log_ks
                        .iter()
                        .find_map(|k| k.timing.created.or(k.timing.valid_until))
                });
        call_time::stamp_of_request(text, &s.place, near).map(|t| {
            (
                Sourced {
                    value: t.at,
                    source: log_source(s),
                },
                t.slack,
            )
        })
    });
    if art.log_ks.is_empty() {
        let mut m = words![
            Field::Log,
            ": no KS found in the log (looked for base64 text that parses as a v1 or v2 KS)"
        ];
        // Syslog stamps have no year: only a KS's own time in the log would date the call.
        if art.log_call_time.is_none()
            && let Some(s) = art
                .log_requests
                .iter()
                .find(|s| call_time::yearless_stamp(text, &s.place))
        {
            m.push(words![
                "; the time stamp of the request at ",
                log_source(s),
                " is syslog's, with no year, which a KS in the log would pick (the year nearest its own time): the call's time is not known (",
                Part::Give,
                " ",
                Field::Now,
                " to say when the call was made)"
            ]);
        }
        findings.push(Finding::new(FindingCode::LogWithoutKs, m));
    }
    // Without an error given, the server's answer to the latest startSession in a HAR file,
    // or the exception Kaltura's own API log recorded for it.
    if art.error.is_none()
        && let Some((seen, value)) = art.log_requests.iter().find_map(|s| {
            let from_response = s
                .response
                .as_deref()
                .and_then(|r| read_error::parse(r).ok());
            s.error.clone().or(from_response).map(|e| (s, e))
        })
    {
        art.error = Some(Sourced {
            value,
            source: log_source(seen),
        });
    }
    // A log with the client's exception text but no request in it; a trace whose
    // startSession request shows only its path (curl -v) gives that call's answer first.
    if art.error.is_none()
        && art.log_requests.is_empty()
        && let Some((line, value)) =
            paste::error_after_start_session_line(text).or_else(|| paste::lone_error(text))
    {
        art.error = Some(Sourced {
            value,
            source: Source::Log(LogPlace::Line(line)),
        });
    }
}

/// Offers every KS in order of authority: stated as sent first, then candidates.
fn offer_ks(given_in: &Given, art: &Artifacts, g: &mut Gathered) {
    if let Some(s) = &given_in.sent_ks {
        g.offer_ks(s, Source::Given(Field::SentKs), KsRole::Sent);
    }
    if let Some(ks) = art.request.as_ref().and_then(|q| q.ks.as_deref()) {
        g.offer_ks(ks, Source::Given(Field::Request), KsRole::Sent);
    }
    if let Some(e) = &art.error
        && let Some(ks) = &e.value.ks
    {
        g.offer_ks(ks, e.source, KsRole::Sent);
    }
    for (i, v) in given_in.ks.iter().enumerate() {
        let role = if i == 0 {
            KsRole::Sent
        } else {
            KsRole::Candidate
        };
        g.offer_ks(v, Source::GivenNth(Field::Ks, i), role);
    }
    for s in &art.log_requests {
        if let Some(ks) = &s.ks {
            g.offer_ks(ks, log_source(s), KsRole::Sent);
        }
    }
    if let Some(w) = &art.widget {
        g.offer_ks(
            &w.ks,
            Source::Given(Field::WidgetResponse),
            KsRole::Candidate,
        );
    }
    // In a HAR file the requests are known entry by entry (log_requests, above); a KS found
    // elsewhere in it (a startWidgetSession answer, on the same line of a minified file) is
    // only a candidate, never the KS sent.
    let har = art
        .log_requests
        .iter()
        .any(|s| s.place.starts_with("HAR entry"));
    for f in &art.log_ks {
        let role = if f.sent_to_start_session && !har {
            KsRole::Sent
        } else {
            KsRole::Candidate
        };
        g.offer_ks(&f.ks, Source::Log(LogPlace::Line(f.line)), role);
    }
}

/// Offers the tokenHash, the app token id and the partner ids.
fn offer_facts(given_in: &Given, art: &Artifacts, g: &mut Gathered, findings: &mut Vec<Finding>) {
    let req = art.request.as_ref();
    if let Some(h) = &given_in.hash {
        g.offer_hash(h, Source::Given(Field::Hash));
    }
    if let Some(h) = req.and_then(|q| q.token_hash.as_deref()) {
        g.offer_hash(h, Source::Given(Field::Request));
    }
    for s in &art.log_requests {
        if let Some(h) = &s.token_hash {
            g.offer_hash(h, log_source(s));
        }
    }
    if let Some(id) = &given_in.token_id {
        g.offer_token_id(id, Source::Given(Field::TokenId));
    }
    if let Some(id) = req.and_then(|q| q.token_id.as_deref()) {
        g.offer_token_id(id, Source::Given(Field::Request));
    }
    for s in &art.log_requests {
        if let Some(id) = &s.token_id {
            g.offer_token_id(id, log_source(s));
        }
    }
    if let Some(p) = given_in.partner_id {
        g.offer_partner_id(p, Source::Given(Field::PartnerId));
    }
    if let Some(p) = art.widget.as_ref().and_then(|w| w.partner_id) {
        g.offer_partner_id(p, Source::Given(Field::WidgetResponse));
    }
    if let Some(p) = req.and_then(|q| q.partner_id.as_deref()) {
        match p.trim().parse() {
            Ok(p) => g.offer_partner_id(p, Source::Given(Field::Request)),
            Err(_) => findings.push(Finding::new(
                FindingCode::WrongRequest,
                format!("the request's partnerId {p:?} is not a number"),
            )),
        }
    }
}

/// The token and where it came from.
fn read_token(
    given_in: &Given,
    app_token: Option<&AppToken>,
    findings: &mut Vec<Finding>,
) -> Result<Sourced<String>, GatherError> {
    let token = match (&given_in.token, app_token.and_then(|t| t.token.clone())) {
        (Some(t), _) => {
            if given_in.token_given_literally {
                findings.push(Finding::new(
                    FindingCode::SecretOnCommandLine,
                    "the token was given on the command line; prefer env:NAME, @PATH or @-",
                ));
            }
            Sourced {
                value: t.clone(),
                source: Source::Given(Field::Token),
            }
        }
        (None, Some(t)) => Sourced {
            value: t,
            source: Source::Given(Field::AppToken),
        },
        (None, None) => {
            return Err(GatherError::new(
                Some(Field::Token),
                words![
                    "no token given; hint: ",
                    Part::Give,
                    " ",
                    Field::Token,
                    " VALUE (the app token's `token`, not its id) or ",
                    Field::AppToken,
                    " JSON"
                ],
            ));
        }
    };
    if token.value.is_empty() {
        return Err(GatherError::new(
            Some(Field::Token),
            words![
                Field::Token,
                " is empty; hint: ",
                Part::Give,
                " the app token's `token` value"
            ],
        ));
    }
    Ok(token)
}

/// Turns what the user gave into everything a diagnosis needs; see the module
/// documentation. Errors name what to give by reference ([`GatherError`]).
pub fn gather(given_in: &Given) -> Result<Inputs, GatherError> {
    let mut g = Gathered::default();
    let mut findings = Vec::new();
    let art = read_artifacts(given_in, &mut findings)?;

    offer_ks(given_in, &art, &mut g);
    // The request (or the latest logged startSession) carried no KS: the server answers
    // SERVICE_FORBIDDEN; every KS given is only a candidate for what the client hashed.
    let sent_without_ks = art.request.as_ref().is_some_and(|q| q.ks.is_none())
        || (art.request.is_none()
            && art
                .log_requests
                .first()
                .is_some_and(|s| s.ks.is_none() && s.token_hash.is_some()));
    if sent_without_ks && art.request.is_none() {
        findings.push(Finding::new(
            FindingCode::WrongRequest,
            "the logged appToken.startSession request carries no ks: the client attached no KS to it (in the official clients, `client.ks = …` or a KS kept in a variable instead of `client.setKs(…)`), so the server answers SERVICE_FORBIDDEN before startSession runs; attach the widget KS you hashed to the startSession call",
        ).with("parameter", "ks"));
    }
    if sent_without_ks {
        if let Some(s) = g.sent_ks.take() {
            g.candidate_ks.insert(0, s);
        }
        if g.candidate_ks.is_empty() {
            // Nothing else to go on: the client hashed its own (empty) KS, if any.
            g.offer_ks("", Source::RequestWithoutKs, KsRole::Candidate);
        }
    }
    let sent_ks_known = g.sent_ks.is_some();
    if !sent_ks_known {
        newest_first(&mut g.candidate_ks);
    }
    if !sent_ks_known && g.candidate_ks.len() > 1 {
        findings.push(Finding::new(
            FindingCode::SentKsAssumed,
            words![
                format!("no input says which KS was sent: each of the {} KS found was tried as the one sent, the newest first (", g.candidate_ks.len()),
                g.candidate_ks[0].source,
                "), since clients send their newest KS; ",
                Part::Give,
                " ",
                Field::SentKs,
                ", ",
                Field::Request,
                ", or a log with the startSession request to be sure"
            ],
        ));
    }
    let Some((ks, other_ks)) = g.ks_to_diagnose() else {
        return Err(GatherError::new(
            Some(Field::Ks),
            words![
                "no KS given; hint: ",
                Part::Give,
                " ",
                Field::Ks,
                " VALUE (the KS sent with appToken.startSession), ",
                Field::Request,
                " with the failing request",
                Part::OrTryExample
            ],
        ));
    };
    if let Some(w) = &art.widget
        && w.ks != ks.value
    {
        findings.push(Finding::new(
            FindingCode::InputsDisagree,
            words![
                "the KS in ",
                Field::WidgetResponse,
                " is not the KS diagnosed (",
                ks.source,
                "): each startWidgetSession call returns a new KS; hash the one you send"
            ],
        ));
    }

    let ks_verbatim = art.request.as_ref().and_then(|q| q.ks.as_ref()) == Some(&ks.value)
        || art
            .log_requests
            .iter()
            .any(|s| s.ks.as_ref() == Some(&ks.value))
        || art.error.as_ref().and_then(|e| e.value.ks.as_ref()) == Some(&ks.value);

    offer_facts(given_in, &art, &mut g, &mut findings);
    let token = read_token(given_in, art.app_token.as_ref(), &mut findings)?;
    refuse_swapped(&ks, &token)?;
    let Some(mut claimed) = g.hash.clone() else {
        return Err(GatherError::new(
            Some(Field::Hash),
            words![
                "no claimed hash given; hint: ",
                Part::Give,
                " ",
                Field::Hash,
                " VALUE (the tokenHash that was sent), ",
                Field::Request,
                " with the failing request, or a ",
                Field::Log,
                " that contains it"
            ],
        ));
    };
    if claimed.value.is_empty() {
        return Err(GatherError::new(
            claimed.source.field(),
            words![
                claimed.source,
                " gives an empty tokenHash; hint: ",
                Part::Give,
                " the tokenHash that was sent"
            ],
        ));
    }
    let hash_verbatim = art.request.as_ref().and_then(|q| q.token_hash.as_ref())
        == Some(&claimed.value)
        || art
            .log_requests
            .iter()
            .any(|s| s.token_hash.as_ref() == Some(&claimed.value));
    // A hash copied out of a print keeps the print's quotes; they were not sent (a request
    // that sent them shows them, and its hash is read verbatim).
    if !hash_verbatim && let Some((inner, form)) = paste::unquote(&claimed.value) {
        findings.push(Finding::new(
            FindingCode::InputNormalized,
            words![
                claimed.source,
                format!(": the {form} it was copied with were taken off; quotes count as sent only when the request ("),
                Field::Request,
                ") shows them"
            ],
        ));
        claimed.value = inner;
    }
    let request_partner_id = art
        .request
        .as_ref()
        .and_then(|q| q.partner_id.as_deref())
        .and_then(|p| p.trim().parse().ok());
    if let Some(q) = art.request {
        findings.extend(q.findings);
    }
    findings.extend(g.findings);
    // The time stated for the call wins over what the log shows, and is exact.
    let (call_time, call_time_slack) = match (given_in.now, art.log_call_time) {
        (Some(at), _) => (
            Some(Sourced {
                value: at,
                source: Source::Given(Field::Now),
            }),
            0,
        ),
        (None, Some((t, slack))) => (Some(t), slack),
        (None, None) => (None, 0),
    };
    Ok(Inputs {
        ks_verbatim,
        hash_verbatim,
        partner_id: g.partner_ids.first().map(|p| p.value),
        token_id: g.token_id,
        ks,
        other_ks,
        token,
        claimed,
        app_token: art.app_token,
        error: art.error.map(|e| e.value),
        findings,
        sent_ks_known,
        hash_type: given_in.hash_type,
        sent_without_ks,
        request_partner_id,
        call_time,
        call_time_slack,
    })
}

/// Refuses a pasted request that is another action than appToken.startSession, naming it
/// and what to give instead: its KS is not the one startSession got.
fn refuse_other_action(q: &Request) -> Result<(), GatherError> {
    let is = |v: &Option<String>, want: &str| {
        v.as_deref()
            .is_some_and(|s| s.trim().eq_ignore_ascii_case(want))
    };
    if is(&q.action, "startWidgetSession") {
        let riding = if q.ks.is_some() {
            " It also carries a ks, which startWidgetSession does not need: a stale KS sent with it can make it fail (send none)."
        } else {
            ""
        };
        return Err(GatherError::new(
            Some(Field::Request),
            words![
                Field::Request,
                format!(
                    ": this request is session.startWidgetSession, not appToken.startSession: it makes the widget KS, and its answer holds the KS to hash.{riding} hint: "
                ),
                Part::Give,
                " its answer as ",
                Field::WidgetResponse,
                ", and the appToken.startSession request (ks, id, tokenHash) as ",
                Field::Request
            ],
        ));
    }
    if is(&q.service, "session") && is(&q.action, "start") {
        return Err(GatherError::new(
            Some(Field::Request),
            words![
                Field::Request,
                ": this request is session.start, not appToken.startSession: it makes a KS from the admin secret, with no tokenHash; hint: ",
                Part::Give,
                " the appToken.startSession request (ks, id, tokenHash) as ",
                Field::Request,
                ", or the KS you hashed as ",
                Field::Ks
            ],
        ));
    }
    Ok(())
}

/// Refuses a KS and a token given the wrong way round: the KS given does not parse as a KS
/// while the token given does. Nothing of either value is said.
fn refuse_swapped(ks: &Sourced<String>, token: &Sourced<String>) -> Result<(), GatherError> {
    let ks_text = ks.value.trim();
    if token.source != Source::Given(Field::Token)
        || !matches!(ks.source, Source::GivenNth(Field::Ks, _))
        || crate::ks::parse(ks_text).is_ok()
        || crate::ks::parse(token.value.trim()).is_err()
    {
        return Ok(());
    }
    let looks = if ks_text.len() == 32 && ks_text.bytes().all(|b| b.is_ascii_hexdigit()) {
        "32 hex characters, the shape of an app token's token"
    } else {
        "not a KS"
    };
    let m: Message = words![
        Field::Ks,
        " and ",
        Field::Token,
        " look swapped: the ",
        Field::Ks,
        format!(" value does not parse as a KS ({looks}) while the "),
        Field::Token,
        " value parses as one; hint: ",
        Field::Ks,
        " takes the KS sent with appToken.startSession, ",
        Field::Token,
        " the app token's `token`"
    ];
    Err(GatherError::new(Some(Field::Ks), m))
}

/// Orders candidate KS newest first: by the creation time a server-made KS carries, else
/// later in the inputs (a later log line) before earlier.
fn newest_first(ks: &mut [Sourced<String>]) {
    ks.reverse();
    ks.sort_by_key(|k| std::cmp::Reverse(timing(&k.value).and_then(|t| t.created)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ks::{Generator, KsSpec, Randomness, generate};

    const TOKEN: &str = "0123456789abcdef0123456789abcdef";

    fn widget_ks(created: i64) -> String {
        generate(
            &KsSpec::widget(-5, created + 86_400),
            "secret",
            Generator::Server,
            &Randomness::V1Rand(format!("{created}.1")),
        )
        .ks
    }

    #[test]
    fn a_logged_request_is_the_ks_sent_and_its_line_is_the_source() {
        let ks = widget_ks(1_700_000_000);
        let log = format!(
            "noise\n2023-11-14 22:13:30 POST /api_v3/service/appToken/action/startSession ks={}&id=0_a&tokenHash=ab12\n",
            ks.replace('=', "%3D")
        );
        let mut g = Given {
            log: Some(log),
            token: Some(TOKEN.into()),
            ..Given::default()
        };
        let i = gather(&g).unwrap();
        let line2 = Source::Log(LogPlace::Line(2));
        assert_eq!((i.ks.value.as_str(), i.ks.source), (ks.as_str(), line2));
        assert_eq!(
            (i.claimed.value.as_str(), i.claimed.source),
            ("ab12", line2)
        );
        assert!(i.ks_verbatim && i.hash_verbatim && i.sent_ks_known);
        // A KS stated too comes first; the logged one is tried as a candidate, and the
        // disagreement is a finding that names both sources by reference.
        g.ks = vec!["not-the-one".into()];
        let i = gather(&g).unwrap();
        let first = Source::GivenNth(Field::Ks, 0);
        assert_eq!((i.ks.source, i.other_ks[0].source), (first, line2));
        let f = i
            .findings
            .iter()
            .find(|f| f.code == FindingCode::InputsDisagree)
            .unwrap();
        let named: Vec<Source> = f.message.sources().collect();
        assert_eq!(named[..2], [first, line2]);
    }

    #[test]
    fn a_time_given_wins_over_the_log_stamp_and_is_exact() {
        let ks = widget_ks(1_700_000_000);
        let log =
            format!("2023-11-14 22:13:30 appToken startSession ks={ks}&id=0_a&tokenHash=ab12\n");
        let mut g = Given {
            log: Some(log),
            token: Some(TOKEN.into()),
            ..Given::default()
        };
        let from_log = gather(&g).unwrap();
        let at = from_log.call_time.as_ref().map(|t| t.source);
        assert_eq!(at, Some(Source::Log(LogPlace::Line(1))));
        g.now = Some(1_700_000_500);
        let stated = gather(&g).unwrap();
        let t = stated.call_time.unwrap();
        assert_eq!(
            (t.value, t.source),
            (1_700_000_500, Source::Given(Field::Now))
        );
        assert_eq!(stated.call_time_slack, 0);
    }

    #[test]
    fn a_ks_and_a_token_given_the_wrong_way_round_are_refused_naming_both_fields() {
        let g = Given {
            ks: vec![TOKEN.into()],
            token: Some(widget_ks(1_700_000_000)),
            hash: Some("ab".into()),
            ..Given::default()
        };
        let e = gather(&g).unwrap_err();
        assert_eq!(e.field, Some(Field::Ks));
        assert_eq!(e.message.parts()[0], Part::Field(Field::Ks));
        assert!(e.message.contains("32 hex characters"), "{e}");
        // No value of either is in the message.
        assert!(!e.message.contains(TOKEN), "{e}");
    }

    #[test]
    fn nothing_given_is_refused_with_what_to_give() {
        let e = gather(&Given::default()).unwrap_err();
        assert_eq!(e.field, Some(Field::Ks));
        assert!(e.message.parts().contains(&Part::OrTryExample), "{e}");
        let e = gather(&Given {
            ks: vec!["x".into()],
            ..Given::default()
        })
        .unwrap_err();
        assert_eq!(e.field, Some(Field::Token));
    }

    #[test]
    fn another_action_than_start_session_is_refused_naming_where_its_answer_goes() {
        let g = Given {
            request: Some(
                "https://x/api_v3/service/session/action/startWidgetSession?widgetId=_1".into(),
            ),
            ..Given::default()
        };
        let e = gather(&g).unwrap_err();
        assert_eq!(e.field, Some(Field::Request));
        assert!(
            e.message
                .parts()
                .contains(&Part::Field(Field::WidgetResponse))
        );
    }
}
