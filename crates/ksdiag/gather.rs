//! Turns the diagnose flags and artifacts (--url, --widget-response, --error, --log,
//! --app-token) into one case, cross-checked: the first source of a fact wins, in the order
//! explicit flag, request, error, widget response, log.

use crate::cli::DiagnoseArgs;
use crate::input::{MAX_VALUE_BYTES, Reader, Source};
use anyhow::{Context, Result, bail};
use ks_core::app_token::AppToken;
use ks_core::diagnose::{Finding, FindingCode};
use ks_core::intake::api_error::{self, ApiError};
use ks_core::intake::cross_check::{Gathered, KsRole, Sourced};
use ks_core::intake::log_requests::{SeenRequest, start_sessions};
use ks_core::intake::{log_scan, request, widget_response};

/// Largest log, HAR file or trace read by --log.
pub const MAX_LOG_BYTES: usize = 16 * 1024 * 1024;

/// Everything needed for one diagnosis.
pub struct Inputs {
    pub ks: Sourced<String>,
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
}

pub fn gather(a: &DiagnoseArgs) -> Result<Inputs> {
    let mut r = Reader::default();
    let mut g = Gathered::default();
    let mut findings = Vec::new();

    let app_token = match &a.app_token {
        Some(raw) => {
            let text = r
                .read_document("--app-token", raw, MAX_VALUE_BYTES, false)?
                .text;
            Some(AppToken::from_json(&text).context("--app-token")?)
        }
        None => None,
    };
    let req = match &a.url {
        Some(raw) => {
            let text = r.read("--url", raw)?.text;
            Some(request::parse(&text).context("--url")?)
        }
        None => None,
    };
    let error = match &a.error {
        Some(raw) => {
            let text = r.read_document("--error", raw, MAX_VALUE_BYTES, true)?.text;
            Some(api_error::parse(&text).context("--error")?)
        }
        None => None,
    };
    let widget = match &a.widget_response {
        Some(raw) => {
            let text = r
                .read_document("--widget-response", raw, MAX_VALUE_BYTES, false)?
                .text;
            Some(widget_response::parse(&text).context("--widget-response")?)
        }
        None => None,
    };
    let mut seen: Vec<SeenRequest> = Vec::new();
    let log = match &a.log {
        Some(raw) => {
            let text = r.read_document("--log", raw, MAX_LOG_BYTES, false)?.text;
            // The latest startSession request first: it is the one that failed last.
            seen = start_sessions(&text);
            seen.reverse();
            let found = log_scan::scan(&text);
            if found.is_empty() {
                findings.push(Finding::new(
                    FindingCode::LogWithoutKs,
                    "--log: no KS found in the log (looked for base64 text that parses as a v1 or v2 KS)",
                ));
            }
            Some(found)
        }
        None => None,
    };

    // Without --error, the server's answer to the latest startSession in a HAR file.
    let error = error.or_else(|| {
        seen.iter()
            .find_map(|s| s.response.as_deref())
            .and_then(|body| api_error::parse(body).ok())
    });

    // The KS: sent ones first, in order of authority, then candidates.
    if let Some(s) = &a.sent_ks {
        g.offer_ks(&r.read("--sent-ks", s)?.text, "--sent-ks", KsRole::Sent);
    }
    if let Some(ks) = req.as_ref().and_then(|q| q.ks.as_deref()) {
        g.offer_ks(ks, "--url", KsRole::Sent);
    }
    if let Some(ks) = error.as_ref().and_then(|e| e.ks.as_deref()) {
        g.offer_ks(ks, "--error", KsRole::Sent);
    }
    for (i, k) in a.ks.iter().enumerate() {
        let v = r.read("--ks", k)?.text;
        let role = if i == 0 {
            KsRole::Sent
        } else {
            KsRole::Candidate
        };
        g.offer_ks(&v, &format!("--ks #{}", i + 1), role);
    }
    for s in &seen {
        if let Some(ks) = &s.ks {
            g.offer_ks(ks, &format!("--log {}", s.place), KsRole::Sent);
        }
    }
    if let Some(w) = &widget {
        g.offer_ks(&w.ks, "--widget-response", KsRole::Candidate);
    }
    for f in log.iter().flatten() {
        let role = if f.sent_to_start_session {
            KsRole::Sent
        } else {
            KsRole::Candidate
        };
        g.offer_ks(&f.ks, &format!("--log line {}", f.line), role);
    }
    if a.url.is_some() && g.sent_ks.is_none() && g.candidate_ks.is_empty() {
        bail!(
            "--url: the request has no 'ks' parameter (looked in the path, the query string and the body); hint: paste the whole request, or add --ks VALUE"
        );
    }
    if let Some(k) = g
        .sent_ks
        .iter()
        .chain(&g.candidate_ks)
        .find(|k| k.value.trim().is_empty())
    {
        bail!(
            "{} is empty; hint: pass the KS sent with appToken.startSession (the ks value of the request)",
            k.source.split(' ').next().unwrap_or("--ks")
        );
    }
    if g.sent_ks.is_none()
        && let Some(first) = g.candidate_ks.first()
    {
        findings.push(Finding::new(
            FindingCode::SentKsAssumed,
            format!("no input says which KS was sent; diagnosed against the first one found ({}); pass --sent-ks, --url, or a log with the startSession request to be sure", first.source),
        ));
    }
    let Some((ks, other_ks)) = g.ks_to_diagnose() else {
        bail!(
            "no KS given; hint: pass --ks VALUE (the KS sent with appToken.startSession), --url with the failing request, or try --example"
        );
    };
    if let Some(w) = &widget
        && w.ks != ks.value
    {
        findings.push(Finding::new(
            FindingCode::InputsDisagree,
            format!("the KS in --widget-response is not the KS diagnosed ({}): each startWidgetSession call returns a new KS; hash the one you send", ks.source),
        ));
    }

    // The claimed hash, the token id, the partner.
    if let Some(h) = &a.hash {
        g.offer_hash(&r.read("--hash", h)?.text, "--hash");
    }
    if let Some(h) = req.as_ref().and_then(|q| q.token_hash.as_deref()) {
        g.offer_hash(h, "--url");
    }
    for s in &seen {
        if let Some(h) = &s.token_hash {
            g.offer_hash(h, &format!("--log {}", s.place));
        }
    }
    if let Some(id) = &a.token_id {
        g.offer_token_id(id, "--token-id");
    }
    if let Some(id) = req.as_ref().and_then(|q| q.token_id.as_deref()) {
        g.offer_token_id(id, "--url");
    }
    for s in &seen {
        if let Some(id) = &s.token_id {
            g.offer_token_id(id, &format!("--log {}", s.place));
        }
    }
    if let Some(p) = a.partner_id {
        g.offer_partner_id(p, "--partner-id");
    }
    if let Some(p) = widget.as_ref().and_then(|w| w.partner_id) {
        g.offer_partner_id(p, "--widget-response");
    }
    if let Some(p) = req.as_ref().and_then(|q| q.partner_id.as_deref()) {
        match p.trim().parse() {
            Ok(p) => g.offer_partner_id(p, "--url"),
            Err(_) => findings.push(Finding::new(
                FindingCode::WrongRequest,
                format!("the request's partnerId {p:?} is not a number"),
            )),
        }
    }

    let token_source = if a.token.is_some() {
        "--token"
    } else {
        "--app-token"
    };
    let token = match (&a.token, app_token.as_ref().and_then(|t| t.token.clone())) {
        (Some(t), _) => {
            let v = r.read("--token", t)?;
            if v.source == Source::Literal {
                crate::warn_if_literal_secret("--token", &v);
                findings.push(Finding::new(
                    FindingCode::SecretOnCommandLine,
                    "the token was given on the command line; prefer env:NAME, @PATH or @-",
                ));
            }
            v.text
        }
        (None, Some(t)) => t,
        (None, None) => bail!(
            "no token given; hint: pass --token VALUE (the app token's `token`, not its id) or --app-token JSON"
        ),
    };
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
    if token.is_empty() {
        bail!("--token is empty; hint: pass the app token's `token` value");
    }
    if let Some(q) = req {
        findings.extend(q.findings);
    }
    findings.extend(g.findings);
    Ok(Inputs {
        partner_id: g.partner_ids.first().map(|p| p.value),
        token_id_source: g.token_id.as_ref().map(|t| t.source.clone()),
        token_id: g.token_id.map(|t| t.value),
        ks,
        other_ks,
        token,
        token_source: token_source.to_string(),
        hash_source: claimed.source,
        claimed: claimed.value,
        app_token,
        error,
        findings,
    })
}
