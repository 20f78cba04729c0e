//! The page's case: the fields of `POST /ksdiag/diagnose` turned into a diagnosis, and the
//! renderers of `ks-report` on it.
//!
//! For now this takes the typed values only (ks, token, hash, hash_type, token_id, app_token,
//! other_ks, now), as `diagnose --batch` lines do: the artifacts (url, widget_response, error,
//! log) are read by the binary's intake (crates/ksdiag/gather.rs), which is moving into a
//! library (issue 21, "intake in one place"); until then a request with them is refused in
//! words rather than diagnosed differently from the CLI.

use ks_core::app_token::AppToken;
use ks_core::diagnose::{CallTime, Case, CauseCode, Diagnosis, diagnose};
use ks_core::digest::HashType;
use ks_core::intake::cross_check::{Gathered, KsRole, Sourced};
use ks_core::intake::ks_timing::timing;
use ks_report::redact::Redactor;
use ks_report::verdict_words::KsNames;
use serde::Deserialize;
use serde_json::{Value, json};

/// The body of `POST /ksdiag/diagnose`, plus the browser's clock.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    #[allow(dead_code)]
    op: String,
    ks: Option<String>,
    token: Option<String>,
    hash: Option<String>,
    hash_type: Option<String>,
    token_id: Option<String>,
    app_token: Option<Value>,
    #[serde(default)]
    other_ks: Vec<String>,
    now: Option<i64>,
    /// The browser's clock (unix seconds): what has expired since; not the call's time.
    today: Option<i64>,
    url: Option<String>,
    widget_response: Option<String>,
    error: Option<String>,
    log: Option<String>,
    /// `fix` only: the language of the code.
    lang: Option<String>,
}

const FIELDS: &str =
    "ks, token, hash (and optionally hash_type, token_id, app_token, other_ks, now)";

fn request(v: &Value) -> Result<Request, String> {
    Request::deserialize(v).map_err(|e| format!("{e}; hint: send a JSON object with {FIELDS}"))
}

/// A diagnosis with the names of the KS it was given.
struct Analysed {
    d: Diagnosis,
    names: KsNames,
    sources: Value,
}

fn ordinal(n: usize) -> String {
    match n {
        1 => "1st".into(),
        2 => "2nd".into(),
        3 => "3rd".into(),
        n => format!("{n}th"),
    }
}

fn analyse(r: &Request) -> Result<Analysed, String> {
    for (field, v) in [
        ("url", &r.url),
        ("widget_response", &r.widget_response),
        ("error", &r.error),
        ("log", &r.log),
    ] {
        if v.as_deref().is_some_and(|s| !s.is_empty()) {
            return Err(format!(
                "field \"{field}\": this page build reads only the typed values so far; hint: paste the KS, the token and the tokenHash, or use `ksdiag diagnose` or `ksdiag serve` for requests, logs, widget answers and errors"
            ));
        }
    }
    let app_token = match &r.app_token {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(AppToken::parse(s)),
        Some(other) => Some(AppToken::parse(&other.to_string())),
    }
    .transpose()
    .map_err(|e| format!("field \"app_token\": {e}"))?;
    let hash_type = r
        .hash_type
        .as_deref()
        .filter(|h| !h.is_empty())
        .map(str::parse::<HashType>)
        .transpose()
        .map_err(|e| format!("field \"hash_type\": {e}"))?;

    let mut g = Gathered::default();
    let given: Vec<&String> = r.ks.iter().chain(&r.other_ks).collect();
    for (i, k) in given.iter().enumerate() {
        let source = if i == 0 {
            "ks".to_string()
        } else {
            format!("other_ks ({})", ordinal(i))
        };
        let role = if i == 0 {
            KsRole::Sent
        } else {
            KsRole::Candidate
        };
        g.offer_ks(k, &source, role);
    }
    let Some((ks, other_ks)) = g.ks_to_diagnose() else {
        return Err(
            "no KS given; hint: send \"ks\" (the KS sent with appToken.startSession)".into(),
        );
    };
    let (token, token_source) = match (&r.token, app_token.as_ref().and_then(|t| t.token.clone())) {
        (Some(t), _) if !t.is_empty() => (t.clone(), "token"),
        (_, Some(t)) => (t, "app_token"),
        _ => {
            return Err("no token given; hint: send \"token\" (the app token's `token`, not its id) or \"app_token\"".into());
        }
    };
    let Some(claimed) = r.hash.clone().filter(|h| !h.is_empty()) else {
        return Err(
            "no claimed hash given; hint: send \"hash\" (the tokenHash that was sent)".into(),
        );
    };
    if let Some(id) = r.token_id.as_deref().filter(|s| !s.is_empty()) {
        g.offer_token_id(id, "token_id");
    }
    if let Some(t) = &app_token
        && let Some(id) = &t.id
    {
        g.offer_token_id(id, "app_token");
    }
    let others: Vec<String> = other_ks.iter().map(|k| k.value.clone()).collect();
    let call_time = r.now.map(|at| CallTime::exact(at, "now"));
    let case = Case {
        ks: &ks.value,
        token: &token,
        claimed: &claimed,
        hash_type,
        token_id: g.token_id.as_ref().map(|t| t.value.as_str()),
        partner_id: None,
        app_token: app_token.as_ref(),
        other_ks: &others,
        call_time,
        today: r.today,
        sent_without_ks: false,
        request_partner_id: None,
        ks_verbatim: false,
        hash_verbatim: false,
        sent_ks_unknown: false,
        server_error: None,
    };
    let mut d = diagnose(&case);
    let all: Vec<Sourced<String>> = std::iter::once(ks).chain(other_ks).collect();
    name_candidate_ks(&mut d, &all);
    d.findings.append(&mut g.findings);
    let names = KsNames(all.iter().map(|k| k.source.clone()).collect());
    let sources = json!({
        "ks": names.name(d.sent_ks_index),
        "sent_ks_known": d.sent_ks_known,
        "hash": "hash",
        "token": token_source,
        "other_ks": all.iter().enumerate().filter(|(i, _)| *i != d.sent_ks_index).map(|(_, k)| k.source.clone()).collect::<Vec<_>>(),
    });
    Ok(Analysed { d, names, sources })
}

/// As the CLI does (crates/ksdiag/cmd_diagnose.rs): each `different_ks` cause names the KS
/// behind it, and when it was made and until when it is valid.
fn name_candidate_ks(d: &mut Diagnosis, all: &[Sourced<String>]) {
    for c in d.explanations.iter_mut().flat_map(|e| &mut e.causes) {
        if c.code != CauseCode::DifferentKs {
            continue;
        }
        let which = c
            .details
            .iter()
            .find(|(k, _)| *k == "which")
            .and_then(|(_, v)| v.parse::<usize>().ok());
        let Some(k) = which.and_then(|n| all.get(n)) else {
            continue;
        };
        c.details.push(("source", k.source.clone()));
        if let Some(t) = timing(&k.value) {
            if let Some(created) = t.created {
                c.details
                    .push(("created", ks_report::timefmt::iso8601(created)));
            }
            if let Some(until) = t.valid_until {
                c.details
                    .push(("valid_until", ks_report::timefmt::iso8601(until)));
            }
        }
    }
}

/// What `diagnose --json` prints (redacted).
pub fn diagnose_json(v: &Value) -> Result<Value, String> {
    let a = analyse(&request(v)?)?;
    let mut out =
        ks_report::render_json::diagnosis_named(&a.d, &Redactor { show: false }, &a.names);
    if let Value::Object(o) = &mut out {
        o.insert("inputs".into(), a.sources);
    }
    Ok(out)
}

/// The redacted Markdown report of `diagnose --format markdown`.
pub fn report(v: &Value) -> Result<String, String> {
    let a = analyse(&request(v)?)?;
    let mut out = Vec::new();
    ks_report::render_markdown::write(&mut out, &a.d, &a.names).map_err(|e| e.to_string())?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// `fix_code` of `diagnose --lang LANG --json`.
pub fn fix(v: &Value) -> Result<Value, String> {
    let r = request(v)?;
    let lang: ks_snippets::Lang = r
        .lang
        .as_deref()
        .ok_or("no \"lang\" given; hint: bash, python, node, php, ruby, go, java, csharp or perl")?
        .parse()
        .map_err(|e| format!("field \"lang\": {e}"))?;
    let a = analyse(&r)?;
    Ok(ks_report::render_fix_code::json(&a.d, lang))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecodeRequest {
    #[allow(dead_code)]
    op: String,
    ks: String,
    admin_secret: Option<String>,
    /// The clock expiry is judged against: the browser's, unless the page was given a time.
    now: i64,
}

/// What `decode --json` prints (redacted).
pub fn decode(v: &Value) -> Result<Value, String> {
    let r = DecodeRequest::deserialize(v).map_err(|e| {
        format!("{e}; hint: send {{\"ks\": \"…\", \"now\": UNIX, \"admin_secret\": \"…\"}} (admin_secret optional)")
    })?;
    let secret = r.admin_secret.as_deref().filter(|s| !s.is_empty());
    ks_report::decoded::with_decoded(&r.ks, secret, r.now, |view| {
        ks_report::decoded::to_json(view, &Redactor { show: false })
    })
    .map_err(|e| e.to_string())
}
