//! The page's case: the fields of `POST /ksdiag/diagnose` turned into a diagnosis, and the
//! renderers of `ks-report` on it.
//!
//! Every field the server takes, the artifacts too (url, widget_response, error, log: a
//! request, a curl command, a HAR file, a log): the same body reader as the server
//! (`ks_report::api_body`) and the same intake as the CLI (`ks_core::intake::gather`), so the
//! page from disk gives the CLI's verdict without a server.

use ks_core::diagnose::Diagnosis;
use ks_core::intake::gather::gather;
use ks_report::api_body::{DIAGNOSE_FIELDS, DiagnoseBody};
use ks_report::redact::Redactor;
use ks_report::source_words::{self, Voice};
use ks_report::verdict_words::KsNames;
use serde::Deserialize;
use serde_json::Value;

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
    /// Whose words: the page's boxes, or the server's JSON fields (the default).
    voice: Option<String>,
}

/// The `voice` of a request: `"page"` names what the user gave by the page's boxes (`the Log
/// or HAR box, line 5`); `"api"`, the default, answers in the words of `POST /ksdiag/diagnose`
/// (`log line 5`), so a server's body gets the server's answer.
fn voice(v: Option<&str>) -> Result<Voice, String> {
    match v {
        None | Some("api") => Ok(Voice::Api),
        Some("page") => Ok(Voice::Page),
        Some(other) => Err(format!(
            "field \"voice\": {other:?} is not a voice; hint: \"page\" or \"api\" (the default)"
        )),
    }
}

fn request(v: &Value) -> Result<Request, String> {
    Request::deserialize(v)
        .map_err(|e| format!("{e}; hint: send a JSON object with {DIAGNOSE_FIELDS}"))
}

/// A diagnosis with the names of the KS it was given.
struct Analysed {
    d: Diagnosis,
    names: KsNames,
    sources: Value,
}

fn analyse(r: &Request) -> Result<Analysed, String> {
    let voice = voice(r.voice.as_deref())?;
    // The server's body, read the same way (ks_report::api_body).
    let given = DiagnoseBody {
        ks: r.ks.clone(),
        token: r.token.clone(),
        hash: r.hash.clone(),
        hash_type: r.hash_type.clone(),
        token_id: r.token_id.clone(),
        app_token: r.app_token.clone(),
        other_ks: r.other_ks.clone(),
        now: r.now,
        url: r.url.clone(),
        widget_response: r.widget_response.clone(),
        error: r.error.clone(),
        log: r.log.clone(),
    }
    .given_in(voice)?;
    // The same intake as the CLI and the server (ks_core::intake::gather), in the asker's words.
    let inputs = gather(&given).map_err(|e| source_words::message(&e.message, voice))?;
    let (d, provenance, names) = ks_report::provenance::diagnose(&inputs, r.today, voice);
    Ok(Analysed {
        d,
        names,
        sources: provenance.json(),
    })
}

/// What `diagnose --json` prints (redacted).
pub fn diagnose_json(v: &Value) -> Result<Value, String> {
    let a = analyse(&request(v)?)?;
    let redact = Redactor::api();
    let mut out = ks_report::render_json::diagnosis_named(&a.d, &redact, &a.names);
    if let Value::Object(o) = &mut out {
        o.insert("inputs".into(), a.sources);
    }
    // Each cause in the CLI's words ("extra whitespace was hashed along: a trailing newline
    // after the token"), which the page shows instead of the wire's details.
    let rendered = out.get_mut("explanations").and_then(Value::as_array_mut);
    for (e, json) in a.d.explanations.iter().zip(rendered.into_iter().flatten()) {
        let words = ks_report::cause_words::explanation_words(&a.d, e, &redact);
        let causes = json.get_mut("causes").and_then(Value::as_array_mut);
        for (c, w) in causes.into_iter().flatten().zip(words) {
            if let Value::Object(c) = c {
                c.insert("words".into(), Value::String(w));
            }
        }
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
    voice: Option<String>,
}

/// What `decode --json` prints (redacted).
pub fn decode(v: &Value) -> Result<Value, String> {
    let r = DecodeRequest::deserialize(v).map_err(|e| {
        format!("{e}; hint: send {{\"ks\": \"…\", \"now\": UNIX, \"admin_secret\": \"…\"}} (admin_secret optional)")
    })?;
    let voice = voice(r.voice.as_deref())?;
    let secret = r.admin_secret.as_deref().filter(|s| !s.is_empty());
    ks_report::decoded::with_decoded(&r.ks, secret, r.now, |view| {
        ks_report::decoded::to_json(view, &Redactor::api())
    })
    .map_err(|e| e.words(voice))
}
