//! Turns the diagnose flags and artifacts (--url, --widget-response, --error, --log,
//! --app-token) into one case, cross-checked: the first source of a fact wins, in the order
//! explicit flag, request, error, widget response, log.

use crate::cli::DiagnoseArgs;
use crate::input::{MAX_VALUE_BYTES, Reader, Source};
use anyhow::{Context, Result, bail};
use ks_core::app_token::AppToken;
use ks_core::diagnose::{Finding, FindingCode};
use ks_core::digest::HashType;
use ks_core::intake::api_error::{self, ApiError};
use ks_core::intake::call_time;
use ks_core::intake::cross_check::{Gathered, KsRole, Sourced};
use ks_core::intake::ks_timing::timing;
use ks_core::intake::log_requests::{SeenRequest, start_sessions};
use ks_core::intake::log_scan::{self, FoundKs};
use ks_core::intake::paste;
use ks_core::intake::request::{self, Request};
use ks_core::intake::widget_response::{self, WidgetSession};

/// Largest log, HAR file or trace read by --log.
pub const MAX_LOG_BYTES: usize = 16 * 1024 * 1024;

/// Everything needed for one diagnosis.
pub struct Inputs {
    pub ks: Sourced<String>,
    /// The KS is the text the server received (from --url, a logged request or the
    /// server's error), so it is diagnosed as it is, not cleaned like a pasted value.
    pub ks_verbatim: bool,
    /// The tokenHash is the text a request or a log holds, exactly as sent.
    pub hash_verbatim: bool,
    pub other_ks: Vec<Sourced<String>>,
    pub token: String,
    pub claimed: String,
    pub hash_source: String,
    pub token_source: String,
    pub token_id: Option<String>,
    pub token_id_source: Option<String>,
    pub partner_id: Option<i64>,
    pub app_token: Option<AppToken>,
    pub error: Option<ApiError>,
    pub findings: Vec<Finding>,
    /// Whether an input said which KS was sent (else `ks` is the newest candidate).
    pub sent_ks_known: bool,
    /// --hash-type, read by the value conventions (env:NAME, @PATH, ...) and parsed.
    pub hash_type: Option<HashType>,
    /// The request given carried no KS: `ks` is only a candidate for what was hashed.
    pub sent_without_ks: bool,
    /// The request's explicit `partnerId` parameter, when it has one.
    pub request_partner_id: Option<i64>,
    /// When the call was made, as the inputs show (a HAR entry's or a log line's time).
    pub call_time: Option<Sourced<i64>>,
    /// Seconds either way that time may be off (a stamp without a time zone).
    pub call_time_slack: i64,
}

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

fn read_artifacts(
    a: &DiagnoseArgs,
    r: &mut Reader,
    findings: &mut Vec<Finding>,
) -> Result<Artifacts> {
    let mut art = Artifacts::default();
    if let Some(raw) = &a.app_token {
        let text = r
            .read_document("--app-token", raw, MAX_VALUE_BYTES, false)?
            .text;
        art.app_token = Some(match AppToken::parse(&text) {
            Ok(t) => t,
            // A print of the KalturaAppToken object (print_r, var_dump, a Python or Node print).
            Err(e) => paste::value_of(&text)
                .and_then(|(_, v)| AppToken::parse(&v.to_string()).ok())
                .ok_or(e)
                .context("--app-token")?,
        });
    }
    if let Some(raw) = &a.url {
        let text = r.read("--url", raw)?.text;
        // A print of the request's parameters (var_export, print_r, a Python or Node print)
        // reads as a form body that holds nothing: read the print instead.
        let printed = || paste::request_body(&text).and_then(|b| request::parse(&b).ok());
        let req = match request::parse(&text) {
            Ok(q) if q.ks.is_none() && q.token_hash.is_none() => printed().unwrap_or(q),
            Ok(q) => q,
            Err(e) => printed().ok_or(e).context("--url")?,
        };
        refuse_other_action(&req)?;
        art.request = Some(req);
    }
    if let Some(raw) = &a.error {
        let text = r.read_document("--error", raw, MAX_VALUE_BYTES, true)?.text;
        let value = api_error::parse(&text).context("--error")?;
        art.error = Some(Sourced {
            value,
            source: "--error".into(),
        });
    }
    if let Some(raw) = &a.widget_response {
        let text = r
            .read_document("--widget-response", raw, MAX_VALUE_BYTES, false)?
            .text;
        art.widget = Some(match widget_response::parse(&text) {
            Ok(w) => w,
            Err(e) => paste::value_of(&text)
                .and_then(|(_, v)| widget_response::parse(&v.to_string()).ok())
                .ok_or(e)
                .context("--widget-response")?,
        });
    }
    if let Some(raw) = &a.log {
        let text = r.read_log("--log", raw, MAX_LOG_BYTES)?.text;
        // The latest startSession request first: it is the one that failed last.
        art.log_requests = start_sessions(&text);
        art.log_requests.reverse();
        art.log_ks = log_scan::scan(&text);
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
            call_time::stamp_of_request(&text, &s.place, near).map(|t| {
                let zone = if t.slack > 0 { ", no time zone" } else { "" };
                (
                    Sourced {
                        value: t.at,
                        source: format!("--log {}{zone}", s.place),
                    },
                    t.slack,
                )
            })
        });
        if art.log_ks.is_empty() {
            findings.push(Finding::new(
                FindingCode::LogWithoutKs,
                "--log: no KS found in the log (looked for base64 text that parses as a v1 or v2 KS)",
            ));
        }
        // Without --error, the server's answer to the latest startSession in a HAR file, or
        // the exception Kaltura's own API log recorded for it.
        if art.error.is_none()
            && let Some((seen, value)) = art.log_requests.iter().find_map(|s| {
                let from_response = s.response.as_deref().and_then(|r| api_error::parse(r).ok());
                s.error.clone().or(from_response).map(|e| (s, e))
            })
        {
            art.error = Some(Sourced {
                value,
                source: format!("--log {}", seen.place),
            });
        }
        // A log with the client's exception text but no request in it; a trace whose
        // startSession request shows only its path (curl -v) gives that call's answer first.
        if art.error.is_none()
            && art.log_requests.is_empty()
            && let Some((line, value)) =
                paste::error_after_start_session_line(&text).or_else(|| paste::lone_error(&text))
        {
            art.error = Some(Sourced {
                value,
                source: format!("--log line {line}"),
            });
        }
    }
    Ok(art)
}

/// Offers every KS in order of authority: stated as sent first, then candidates.
fn offer_ks(a: &DiagnoseArgs, r: &mut Reader, art: &Artifacts, g: &mut Gathered) -> Result<()> {
    if let Some(s) = &a.sent_ks {
        g.offer_ks(&r.read("--sent-ks", s)?.text, "--sent-ks", KsRole::Sent);
    }
    if let Some(ks) = art.request.as_ref().and_then(|q| q.ks.as_deref()) {
        g.offer_ks(ks, "--url", KsRole::Sent);
    }
    if let Some(e) = &art.error
        && let Some(ks) = &e.value.ks
    {
        g.offer_ks(ks, &e.source, KsRole::Sent);
    }
    for (i, k) in a.ks.iter().enumerate() {
        let v = r.read("--ks", k)?.text;
        let role = if i == 0 {
            KsRole::Sent
        } else {
            KsRole::Candidate
        };
        g.offer_ks(&v, &format!("--ks ({})", ordinal(i + 1)), role);
    }
    for s in &art.log_requests {
        if let Some(ks) = &s.ks {
            g.offer_ks(ks, &format!("--log {}", s.place), KsRole::Sent);
        }
    }
    if let Some(w) = &art.widget {
        g.offer_ks(&w.ks, "--widget-response", KsRole::Candidate);
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
        g.offer_ks(&f.ks, &format!("--log line {}", f.line), role);
    }
    Ok(())
}

/// Offers the tokenHash, the app token id and the partner ids.
fn offer_facts(
    a: &DiagnoseArgs,
    r: &mut Reader,
    art: &Artifacts,
    g: &mut Gathered,
    findings: &mut Vec<Finding>,
) -> Result<()> {
    let req = art.request.as_ref();
    if let Some(h) = &a.hash {
        g.offer_hash(&r.read_claimed("--hash", h)?.text, "--hash");
    }
    if let Some(h) = req.and_then(|q| q.token_hash.as_deref()) {
        g.offer_hash(h, "--url");
    }
    for s in &art.log_requests {
        if let Some(h) = &s.token_hash {
            g.offer_hash(h, &format!("--log {}", s.place));
        }
    }
    if let Some(id) = &a.token_id {
        g.offer_token_id(&r.read("--token-id", id)?.text, "--token-id");
    }
    if let Some(id) = req.and_then(|q| q.token_id.as_deref()) {
        g.offer_token_id(id, "--url");
    }
    for s in &art.log_requests {
        if let Some(id) = &s.token_id {
            g.offer_token_id(id, &format!("--log {}", s.place));
        }
    }
    if let Some(p) = a.partner_id {
        g.offer_partner_id(p, "--partner-id");
    }
    if let Some(p) = art.widget.as_ref().and_then(|w| w.partner_id) {
        g.offer_partner_id(p, "--widget-response");
    }
    if let Some(p) = req.and_then(|q| q.partner_id.as_deref()) {
        match p.trim().parse() {
            Ok(p) => g.offer_partner_id(p, "--url"),
            Err(_) => findings.push(Finding::new(
                FindingCode::WrongRequest,
                format!("the request's partnerId {p:?} is not a number"),
            )),
        }
    }
    Ok(())
}

/// The token and where it came from.
fn read_token(
    a: &DiagnoseArgs,
    r: &mut Reader,
    app_token: Option<&AppToken>,
    findings: &mut Vec<Finding>,
) -> Result<(String, &'static str)> {
    let token = match (&a.token, app_token.and_then(|t| t.token.clone())) {
        (Some(t), _) => {
            let v = r.read("--token", t)?;
            if v.source == Source::Literal {
                crate::warn_if_literal_secret("--token", &v);
                findings.push(Finding::new(
                    FindingCode::SecretOnCommandLine,
                    "the token was given on the command line; prefer env:NAME, @PATH or @-",
                ));
            }
            (v.text, "--token")
        }
        (None, Some(t)) => (t, "--app-token"),
        (None, None) => bail!(
            "no token given; hint: pass --token VALUE (the app token's `token`, not its id) or --app-token JSON"
        ),
    };
    if token.0.is_empty() {
        bail!("--token is empty; hint: pass the app token's `token` value");
    }
    Ok(token)
}

pub fn gather(a: &DiagnoseArgs) -> Result<Inputs> {
    gather_with(a, Reader::default())
}

/// [`gather`] with a given reader (`Reader::literal_only` for values that came over HTTP).
pub fn gather_with(a: &DiagnoseArgs, mut r: Reader) -> Result<Inputs> {
    let mut g = Gathered::default();
    let mut findings = Vec::new();
    let hash_type = match &a.hash_type {
        Some(raw) => Some(
            r.read("--hash-type", raw)?
                .text
                .parse::<HashType>()
                .context("--hash-type")?,
        ),
        None => None,
    };
    let art = read_artifacts(a, &mut r, &mut findings)?;

    offer_ks(a, &mut r, &art, &mut g)?;
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
            g.offer_ks("", "the request (no ks)", KsRole::Candidate);
        }
    }
    let sent_ks_known = g.sent_ks.is_some();
    if !sent_ks_known {
        newest_first(&mut g.candidate_ks);
    }
    if !sent_ks_known && g.candidate_ks.len() > 1 {
        findings.push(Finding::new(
            FindingCode::SentKsAssumed,
            format!("no input says which KS was sent: each of the {} KS found was tried as the one sent, the newest first ({}), since clients send their newest KS; pass --sent-ks, --url, or a log with the startSession request to be sure", g.candidate_ks.len(), g.candidate_ks[0].source),
        ));
    }
    let Some((ks, other_ks)) = g.ks_to_diagnose() else {
        bail!(
            "no KS given; hint: pass --ks VALUE (the KS sent with appToken.startSession), --url with the failing request, or try --example"
        );
    };
    if let Some(w) = &art.widget
        && w.ks != ks.value
    {
        findings.push(Finding::new(
            FindingCode::InputsDisagree,
            format!("the KS in --widget-response is not the KS diagnosed ({}): each startWidgetSession call returns a new KS; hash the one you send", ks.source),
        ));
    }

    let ks_verbatim = art.request.as_ref().and_then(|q| q.ks.as_ref()) == Some(&ks.value)
        || art
            .log_requests
            .iter()
            .any(|s| s.ks.as_ref() == Some(&ks.value))
        || art.error.as_ref().and_then(|e| e.value.ks.as_ref()) == Some(&ks.value);

    offer_facts(a, &mut r, &art, &mut g, &mut findings)?;
    let (token, token_source) = read_token(a, &mut r, art.app_token.as_ref(), &mut findings)?;
    refuse_swapped(&ks, &token, token_source)?;
    let Some(claimed) = g.hash.clone() else {
        bail!(
            "no claimed hash given; hint: pass --hash VALUE (the tokenHash that was sent), --url with the failing request, or a --log that contains it"
        )
    };
    if claimed.value.is_empty() {
        bail!(
            "{} gives an empty tokenHash; hint: pass the tokenHash that was sent",
            claimed.source
        );
    }
    let hash_verbatim = art.request.as_ref().and_then(|q| q.token_hash.as_ref())
        == Some(&claimed.value)
        || art
            .log_requests
            .iter()
            .any(|s| s.token_hash.as_ref() == Some(&claimed.value));
    // A hash copied out of a print keeps the print's quotes; they were not sent (a request
    // that sent them shows them, and its hash is read verbatim).
    let mut claimed = claimed;
    if !hash_verbatim && let Some((inner, form)) = paste::unquote(&claimed.value) {
        findings.push(Finding::new(
            FindingCode::InputNormalized,
            format!("{}: the {form} it was copied with were taken off; quotes count as sent only when the request (--url) shows them", claimed.source),
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
    let (call_time, call_time_slack) = match art.log_call_time {
        Some((t, slack)) => (Some(t), slack),
        None => (None, 0),
    };
    Ok(Inputs {
        ks_verbatim,
        hash_verbatim,
        partner_id: g.partner_ids.first().map(|p| p.value),
        token_id_source: g.token_id.as_ref().map(|t| t.source.clone()),
        token_id: g.token_id.map(|t| t.value),
        ks,
        other_ks,
        token,
        token_source: token_source.to_string(),
        hash_source: claimed.source,
        claimed: claimed.value,
        app_token: art.app_token,
        error: art.error.map(|e| e.value),
        findings,
        sent_ks_known,
        hash_type,
        sent_without_ks,
        request_partner_id,
        call_time,
        call_time_slack,
    })
}

/// Refuses a pasted request that is another action than appToken.startSession, naming it
/// and what to pass instead: its KS is not the one startSession got.
fn refuse_other_action(q: &Request) -> Result<()> {
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
        bail!(
            "--url: this request is session.startWidgetSession, not appToken.startSession: it makes the widget KS, and its answer holds the KS to hash.{riding} hint: pass its answer as --widget-response, and the appToken.startSession request (ks, id, tokenHash) as --url"
        );
    }
    if is(&q.service, "session") && is(&q.action, "start") {
        bail!(
            "--url: this request is session.start, not appToken.startSession: it makes a KS from the admin secret, with no tokenHash; hint: pass the appToken.startSession request (ks, id, tokenHash) as --url, or the KS you hashed as --ks"
        );
    }
    Ok(())
}

/// Refuses `--ks` and `--token` given the wrong way round: the --ks value does not parse as
/// a KS while the --token value does. Nothing of either value is printed.
fn refuse_swapped(ks: &Sourced<String>, token: &str, token_source: &str) -> Result<()> {
    let ks_text = ks.value.trim();
    if token_source != "--token"
        || !ks.source.starts_with("--ks")
        || ks_core::ks::parse(ks_text).is_ok()
        || ks_core::ks::parse(token.trim()).is_err()
    {
        return Ok(());
    }
    let looks = if ks_text.len() == 32 && ks_text.bytes().all(|b| b.is_ascii_hexdigit()) {
        "32 hex characters, the shape of an app token's token"
    } else {
        "not a KS"
    };
    bail!(
        "--ks and --token look swapped: the --ks value does not parse as a KS ({looks}) while the --token value parses as one; hint: --ks takes the KS sent with appToken.startSession, --token the app token's `token`"
    )
}

/// Orders candidate KS newest first: by the creation time a server-made KS carries, else
/// later in the inputs (a later log line) before earlier.
fn newest_first(ks: &mut [Sourced<String>]) {
    ks.reverse();
    ks.sort_by_key(|k| std::cmp::Reverse(timing(&k.value).and_then(|t| t.created)));
}

/// `1st`, `2nd`, `3rd`, `4th`, ... for naming a repeated flag's values.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
