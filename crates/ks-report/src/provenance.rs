//! Where each input of a diagnosis came from, for the report's "Inputs" line and the JSON
//! `inputs` object: with several artifacts, readers need to know which one was used. The
//! sources are typed ([`Source`]); the front end's [`Voice`] words them.

use crate::source_words::Voice;
use crate::timefmt;
use crate::verdict_words::KsNames;
use ks_core::diagnose::{CauseCode, Diagnosis};
use ks_core::intake::given::Inputs;
use ks_core::intake::ks_timing::timing;
use ks_core::source::{Field, Source};
use serde_json::{Value, json};

/// The source of each value a diagnosis used.
#[derive(Debug, Clone)]
pub struct Provenance {
    /// The KS diagnosed as sent.
    pub ks: Source,
    /// False when no input said which KS was sent (the KS named is a reading).
    pub sent_ks_known: bool,
    /// The request carried no KS: the KS named is only what the client hashed.
    pub sent_without_ks: bool,
    /// The tokenHash.
    pub hash: Source,
    /// The token.
    pub token: Source,
    /// The app token id.
    pub token_id: Option<Source>,
    /// The other KS tried.
    pub other_ks: Vec<Source>,
    /// Whose words.
    pub voice: Voice,
}

/// The sources a plain case (a KS, a token and a hash, or the example) has: nothing to say.
fn plain(s: Source) -> bool {
    matches!(
        s,
        Source::GivenNth(Field::Ks, 0) | Source::Given(Field::Hash | Field::Token | Field::Example)
    )
}

impl Provenance {
    /// The provenance of a diagnosis of `inputs`.
    pub fn of(inputs: &Inputs, d: &Diagnosis, voice: Voice) -> Provenance {
        let all = inputs.all_ks();
        Provenance {
            ks: all
                .get(d.sent_ks_index)
                .map_or(inputs.ks.source, |k| k.source),
            sent_ks_known: d.sent_ks_known,
            sent_without_ks: d.sent_without_ks,
            hash: inputs.claimed.source,
            token: inputs.token.source,
            token_id: inputs.token_id.as_ref().map(|t| t.source),
            other_ks: all
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != d.sent_ks_index)
                .map(|(_, k)| k.source)
                .collect(),
            voice,
        }
    }

    /// Worth showing: something came from an artifact, or other KS were tried.
    pub fn is_interesting(&self) -> bool {
        !self.other_ks.is_empty() || [self.ks, self.hash, self.token].iter().any(|s| !plain(*s))
    }

    /// `KS sent from --url; tokenHash from --url; token from --app-token; …`
    pub fn sentence(&self) -> String {
        let w = |s: Source| self.voice.source(s);
        let ks = if self.sent_without_ks {
            format!(
                "no KS sent (the request carries none); KS diagnosed as the one hashed: {}",
                w(self.ks)
            )
        } else if self.sent_ks_known {
            format!("KS sent from {}", w(self.ks))
        } else {
            format!(
                "KS taken as sent: {} (no input says which was sent)",
                w(self.ks)
            )
        };
        let mut parts = vec![
            ks,
            format!("tokenHash from {}", w(self.hash)),
            format!("token from {}", w(self.token)),
        ];
        if let Some(id) = self.token_id {
            parts.push(format!("app token id from {}", w(id)));
        }
        if !self.other_ks.is_empty() {
            let names: Vec<String> = self.other_ks.iter().map(|s| w(*s)).collect();
            parts.push(format!(
                "{} other KS tried ({})",
                self.other_ks.len(),
                names.join(", ")
            ));
        }
        parts.join("; ")
    }

    /// The JSON `inputs` object.
    pub fn json(&self) -> Value {
        let w = |s: Source| self.voice.source(s);
        let mut v = json!({
            "ks": w(self.ks),
            "sent_ks_known": self.sent_ks_known,
            "hash": w(self.hash),
            "token": w(self.token),
            "other_ks": self.other_ks.iter().map(|s| w(*s)).collect::<Vec<_>>(),
        });
        if let (Some(id), Value::Object(o)) = (self.token_id, &mut v) {
            o.insert("token_id".into(), json!(w(id)));
        }
        v
    }
}

/// Names the KS behind each `different_ks` cause: where it came from (`names`, in the order
/// of `all`) and, when its text says, when it was made and until when it is valid.
pub fn name_candidate_ks(d: &mut Diagnosis, all: &[&str], names: &KsNames) {
    for c in d.explanations.iter_mut().flat_map(|e| &mut e.causes) {
        if c.code != CauseCode::DifferentKs {
            continue;
        }
        let which = c
            .details
            .iter()
            .find(|(k, _)| *k == "which")
            .and_then(|(_, v)| v.parse::<usize>().ok());
        let Some((n, k)) = which.and_then(|n| all.get(n).map(|k| (n, k))) else {
            continue;
        };
        c.details.push(("source", names.name(n)));
        if let Some(t) = timing(k) {
            if let Some(created) = t.created {
                c.details.push(("created", timefmt::iso8601(created)));
            }
            if let Some(until) = t.valid_until {
                c.details.push(("valid_until", timefmt::iso8601(until)));
            }
        }
    }
}

/// A diagnosis of `inputs` as a front end shows it: the engine's ([`Inputs::diagnose`]) with
/// each candidate KS named, the KS names and the provenance, all in `voice`.
pub fn diagnose(
    inputs: &Inputs,
    today: Option<i64>,
    voice: Voice,
) -> (Diagnosis, Provenance, KsNames) {
    let mut d = inputs.diagnose(today);
    let all = inputs.all_ks();
    let names = KsNames::of_sources(all.iter().map(|k| k.source), voice);
    let values: Vec<&str> = all.iter().map(|k| k.value.as_str()).collect();
    name_candidate_ks(&mut d, &values, &names);
    let provenance = Provenance::of(inputs, &d, voice);
    (d, provenance, names)
}

/// What `diagnose --json` prints (and `POST /ksdiag/diagnose` answers): the diagnosis on the
/// wire with its `inputs` object.
pub fn json_report(
    d: &Diagnosis,
    provenance: &Provenance,
    names: &KsNames,
    redact: &crate::redact::Redactor,
) -> Value {
    let mut v = crate::render_json::diagnosis_named(d, redact, names);
    if let Value::Object(o) = &mut v {
        o.insert("inputs".into(), provenance.json());
    }
    v
}
