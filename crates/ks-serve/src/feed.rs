//! The latest calls (GET /ksdiag/requests, newest first, at most 500) and the stderr line
//! per failed call. Secrets are redacted as in `diagnose --json` without `--show-secrets`.

use ks_api::{CallRecord, StartWith, StartWithWords};
use ks_core::diagnose::{Diagnosis, Verdict};
use ks_report::redact::Redactor;
use ks_report::source_words::Voice;
use ks_report::verdict_words::KsNames;
use serde_json::Value;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, OnceLock};

/// How many calls the feed keeps.
pub const FEED_LEN: usize = 500;

/// The latest calls, newest first, and whether a failed call also gets a stderr line.
pub struct Feed {
    items: Mutex<VecDeque<Arc<Item>>>,
    /// No stderr line per failed call: `check --serve` reports the calls itself.
    quiet: std::sync::atomic::AtomicBool,
    /// What the server could be started with, in the words of the front end that started it
    /// (the stderr line only; the feed says it in neutral words).
    start_with_words: StartWithWords,
}

impl Default for Feed {
    fn default() -> Feed {
        Feed::new(ks_api::neutral_words)
    }
}

/// `reason`, and what the server could be started with (`; start the server with …`).
fn with_hint(reason: &str, hint: Option<String>) -> String {
    match hint {
        Some(h) => format!("{reason}; {h}"),
        None => reason.to_string(),
    }
}

/// One call as [`Feed::calls`] hands it out.
pub struct Seen {
    /// The request's path (what a refused request is known by).
    pub path: String,
    /// The call's service, as sent (empty for a refused request).
    pub service: String,
    /// The call's action, as sent (empty for a refused request).
    pub action: String,
    /// The Kaltura error code, `None` when the call succeeded.
    pub code: Option<&'static str>,
    /// Why it failed, in a sentence.
    pub reason: Option<String>,
    /// For INVALID_APP_TOKEN_HASH: the diagnosis.
    pub proof: Option<Arc<Proof>>,
}

/// A failed call, judged: the header value and the stderr sentence.
pub struct Judged {
    /// `X-Ksdiag-Diagnosis`: cause codes joined by `+`, `unexplained`, or a reason code.
    pub header: String,
    /// Why, in a sentence (the feed's `reason`).
    pub reason: String,
    /// The stderr sentence: for a rejected tokenHash the causes in words, as the CLI says
    /// them ("a trailing newline after the token"), and which KS was hashed.
    pub line: String,
    /// For INVALID_APP_TOKEN_HASH: the diagnosis, rendered for the feed when it is read.
    pub proof: Option<Arc<Proof>>,
    /// What the server could be started with to answer the call (the `reason` says it in
    /// neutral words; the stderr line in the front end's, after the `line`).
    pub start_with: Option<StartWith>,
}

/// A diagnosis and the names of its KS; its redacted JSON is made once, when first read.
pub struct Proof {
    diagnosis: Diagnosis,
    names: KsNames,
    json: OnceLock<Value>,
}

impl Proof {
    /// The diagnosis of the rejected tokenHash.
    pub fn diagnosis(&self) -> &Diagnosis {
        &self.diagnosis
    }

    fn json(&self) -> &Value {
        self.json.get_or_init(|| {
            ks_report::render_json::diagnosis_named(&self.diagnosis, &Redactor::api(), &self.names)
        })
    }
}

fn causes(d: &Diagnosis) -> Option<String> {
    let e = d.explanations.first()?;
    Some(
        e.causes
            .iter()
            .map(|c| c.code.as_str())
            .collect::<Vec<_>>()
            .join("+"),
    )
}

/// The proven causes in the words the CLI prints (`cause_words::describe`), joined by `; `.
fn in_words(d: &Diagnosis) -> String {
    let Some(e) = d.explanations.first() else {
        return String::new();
    };
    e.causes
        .iter()
        .map(|c| ks_report::cause_words::describe(c, Some(e)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A KS by the call of this server that issued it: "the KS session.start issued at 14:37:07
/// UTC (ADMIN; the last session.start)", "… (USER; the session.startWidgetSession before the
/// last one)".
pub fn issued_words(o: &ks_api::IssuedKs) -> String {
    let at = ks_report::timefmt::iso8601(o.at);
    let time = at.get(11..19).unwrap_or(&at);
    let kind = if o.ks_type == 2 { "ADMIN" } else { "USER" };
    let which = match o.later {
        0 => format!("the last {}", o.call),
        1 => format!("the {} before the last one", o.call),
        n => format!("the {} {n} calls before the last one", o.call),
    };
    format!("the KS {} issued at {time} UTC ({kind}; {which})", o.call)
}

/// Judges a failed call: runs the diagnosis of a rejected tokenHash.
pub fn judge(record: &CallRecord) -> Option<Judged> {
    let f = record.failure.as_ref()?;
    let Some(check) = &f.hash_check else {
        return Some(Judged {
            header: f.reason_code.to_string(),
            reason: with_hint(&f.reason, f.start_with.as_ref().map(|h| h.to_string())),
            line: f.reason.clone(),
            proof: None,
            start_with: f.start_with.as_deref().cloned(),
        });
    };
    let candidates = check.candidates();
    let mut d = check.diagnose_with(&candidates);
    // The sent KS first, then the KS this server issued to the partner lately.
    // Each named by the call of this server that issued it, when one did.
    let sent = match check.origin(&check.ks) {
        Some(o) => format!("the ks parameter: {}", issued_words(o)),
        None => "the ks parameter".to_string(),
    };
    let values: Vec<&str> = std::iter::once(check.ks.as_str())
        .chain(candidates.iter().map(String::as_str))
        .collect();
    let names = KsNames {
        names: std::iter::once(sent)
            .chain(candidates.iter().map(|k| {
                check.origin(k).map_or_else(
                    || "a KS this server issued to the partner".to_string(),
                    issued_words,
                )
            }))
            .collect(),
        voice: Voice::Api,
    };
    ks_report::provenance::name_candidate_ks(&mut d, &values, &names);
    // The engine's advice names what to give; here the candidates are the server's own.
    for n in &mut d.not_tried {
        if n.to_string().starts_with("different_ks") {
            *n = "different_ks (the hash made over another KS, e.g. from an earlier startWidgetSession call): this server issued no other KS to the partner in the last hour".into();
        }
    }
    let (header, reason, line) = match (d.verdict, causes(&d)) {
        (Verdict::Explained, Some(c)) => {
            let tail = format!(
                "the correct tokenHash is {}(ks + token); GET /ksdiag/requests has the proof",
                d.hash_type.kaltura_name()
            );
            let words = in_words(&d);
            (
                c.clone(),
                format!("the mistake is proven: {} ({tail})", c.replace('+', " + ")),
                format!("the mistake is proven: {words} [{c}]; {tail}"),
            )
        }
        (Verdict::Match, _) => (
            "match".into(),
            "the hash matches".into(),
            "the hash matches".into(),
        ),
        _ => {
            let r = format!(
                "no known mistake reproduces the tokenHash; expected {}(ks + token); GET /ksdiag/requests has what was tried",
                d.hash_type.kaltura_name()
            );
            ("unexplained".into(), r.clone(), r)
        }
    };
    Some(Judged {
        header,
        reason,
        line,
        start_with: None,
        proof: Some(Arc::new(Proof {
            diagnosis: d,
            names,
            json: OnceLock::new(),
        })),
    })
}

/// One call as the feed keeps it.
struct Item {
    time: i64,
    path: String,
    service: String,
    action: String,
    format: u8,
    code: Option<&'static str>,
    reason: Option<String>,
    proof: Option<Arc<Proof>>,
    /// For a call with a stderr line: whether it was written or dropped (a stuck reader).
    stderr: Option<&'static str>,
}

/// One call of GET /ksdiag/requests, as sent: the fields in alphabetical order, the order
/// the feed has always had (it was a `serde_json` map, which sorts its keys).
#[derive(serde::Serialize)]
struct Wire<'a> {
    action: &'a str,
    code: Option<&'static str>,
    /// What `diagnose --json` prints for the call, redacted.
    diagnosis: Option<&'a Value>,
    format: u8,
    ok: bool,
    path: &'a str,
    reason: Option<&'a str>,
    service: &'a str,
    /// `written` or `dropped`, for a call with a stderr line.
    #[serde(skip_serializing_if = "Option::is_none")]
    stderr: Option<&'static str>,
    time: i64,
}

impl Item {
    fn wire(&self) -> Wire<'_> {
        Wire {
            action: &self.action,
            code: self.code,
            diagnosis: self.proof.as_ref().map(|p| p.json()),
            format: self.format,
            ok: self.code.is_none(),
            path: &self.path,
            reason: self.reason.as_deref(),
            service: &self.service,
            stderr: self.stderr,
            time: self.time,
        }
    }
}

fn written(ok: bool) -> &'static str {
    if ok { "written" } else { "dropped" }
}

impl Feed {
    /// An empty feed whose stderr lines word what the server could be started with by
    /// `start_with_words` (the binary's: its flags).
    pub fn new(start_with_words: StartWithWords) -> Feed {
        Feed {
            items: Mutex::default(),
            quiet: std::sync::atomic::AtomicBool::default(),
            start_with_words,
        }
    }

    /// Records a call to `path`; prints the stderr line when it failed.
    pub fn push(
        &self,
        time: i64,
        path: &str,
        format: u8,
        record: &CallRecord,
        judged: Option<&Judged>,
    ) {
        let code = record.failure.as_ref().map(|f| f.error.code);
        let quiet = self.quiet.load(std::sync::atomic::Ordering::Relaxed);
        let mut stderr = None;
        if let (Some(code), Some(j), false) = (code, judged, quiet) {
            let call = if record.action.is_empty() {
                record.service.clone()
            } else {
                format!("{}.{}", record.service, record.action)
            };
            let hint = j.start_with.as_ref().map(self.start_with_words);
            stderr = Some(written(super::log::line(format!(
                "ksdiag serve: {call} {code}: {}",
                with_hint(&j.line, hint)
            ))));
        }
        self.keep(Item {
            time,
            path: path.to_string(),
            service: record.service.clone(),
            action: record.action.clone(),
            format,
            code,
            reason: judged.map(|j| j.reason.clone()),
            proof: judged.and_then(|j| j.proof.clone()),
            stderr,
        });
    }

    /// Records a request that never reached the API (a path serve does not serve, a browser
    /// origin it does not answer): `code` says which, `reason` why; the stderr line is
    /// `ksdiag serve: METHOD PATH refused: REASON; HINT`, the hint in the front end's words.
    /// Answers the reason and hint in neutral words (the refusal's body, the feed's `reason`).
    pub fn refused(
        &self,
        time: i64,
        (method, path): (&str, &str),
        code: &'static str,
        reason: &str,
        start_with: Option<&StartWith>,
    ) -> String {
        let words = start_with.map(self.start_with_words);
        let ok = self.quiet.load(std::sync::atomic::Ordering::Relaxed)
            || super::log::line(format!(
                "ksdiag serve: {method} {path} refused: {}",
                with_hint(reason, words)
            ));
        let reason = with_hint(reason, start_with.map(|h| h.to_string()));
        self.keep(Item {
            time,
            path: path.to_string(),
            service: String::new(),
            action: String::new(),
            format: 0,
            code: Some(code),
            reason: Some(reason.clone()),
            proof: None,
            stderr: Some(written(ok)),
        });
        reason
    }

    fn keep(&self, item: Item) {
        let mut items = self.items.lock().unwrap_or_else(|e| e.into_inner());
        items.push_front(Arc::new(item));
        items.truncate(FEED_LEN);
    }

    /// Stops (or restarts) the stderr line per failed call.
    pub fn set_quiet(&self, quiet: bool) {
        self.quiet
            .store(quiet, std::sync::atomic::Ordering::Relaxed);
    }

    /// The calls kept, oldest first.
    pub fn calls(&self) -> Vec<Seen> {
        let items = self.items.lock().unwrap_or_else(|e| e.into_inner());
        items
            .iter()
            .rev()
            .map(|i| Seen {
                path: i.path.clone(),
                service: i.service.clone(),
                action: i.action.clone(),
                code: i.code,
                reason: i.reason.clone(),
                proof: i.proof.clone(),
            })
            .collect()
    }

    /// The feed as a JSON array, newest first. The diagnoses are rendered here, outside the
    /// feed's lock, each once.
    pub fn json(&self) -> Vec<u8> {
        let items: Vec<Arc<Item>> = {
            let items = self.items.lock().unwrap_or_else(|e| e.into_inner());
            items.iter().cloned().collect()
        };
        let list: Vec<Wire<'_>> = items.iter().map(|i| i.wire()).collect();
        serde_json::to_vec(&list).unwrap_or_else(|_| b"[]".to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::Feed;

    /// Scripts and the page read the feed: the typed items keep the bytes the map made.
    #[test]
    fn a_refused_request_in_the_feed_keeps_its_fields_and_their_order() {
        let feed = Feed::default();
        feed.set_quiet(true);
        feed.refused(
            1_700_000_000,
            ("POST", "/kaltura/x"),
            "NOT_SERVED",
            "why",
            None,
        );
        let text = String::from_utf8(feed.json()).unwrap_or_default();
        assert_eq!(
            text,
            r#"[{"action":"","code":"NOT_SERVED","diagnosis":null,"format":0,"ok":false,"path":"/kaltura/x","reason":"why","service":"","stderr":"written","time":1700000000}]"#
        );
    }
}
