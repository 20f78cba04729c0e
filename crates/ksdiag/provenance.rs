//! Where each input of a diagnosis came from, for the report's "Inputs" line and the JSON
//! `inputs` object: with several artifacts, readers need to know which one was used.

use serde_json::{Value, json};

/// The source of each value a diagnosis used.
pub struct Provenance {
    pub ks: String,
    /// False when no input said which KS was sent (the KS named is a reading).
    pub sent_ks_known: bool,
    /// The request carried no KS: the KS named is only what the client hashed.
    pub sent_without_ks: bool,
    pub hash: String,
    pub token: String,
    pub token_id: Option<String>,
    pub other_ks: Vec<String>,
}

const PLAIN: &[&str] = &["--ks (1st)", "--hash", "--token", "--example"];

impl Provenance {
    /// Worth showing: something came from an artifact, or other KS were tried.
    pub fn is_interesting(&self) -> bool {
        !self.other_ks.is_empty()
            || [&self.ks, &self.hash, &self.token]
                .iter()
                .any(|s| !PLAIN.contains(&s.as_str()))
    }

    /// `KS sent from --url; tokenHash from --url; token from --app-token; …`
    pub fn sentence(&self) -> String {
        let ks = if self.sent_without_ks {
            format!(
                "no KS sent (the request carries none); KS diagnosed as the one hashed: {}",
                self.ks
            )
        } else if self.sent_ks_known {
            format!("KS sent from {}", self.ks)
        } else {
            format!(
                "KS taken as sent: {} (no input says which was sent)",
                self.ks
            )
        };
        let mut parts = vec![
            ks,
            format!("tokenHash from {}", self.hash),
            format!("token from {}", self.token),
        ];
        if let Some(id) = &self.token_id {
            parts.push(format!("app token id from {id}"));
        }
        if !self.other_ks.is_empty() {
            parts.push(format!(
                "{} other KS tried ({})",
                self.other_ks.len(),
                self.other_ks.join(", ")
            ));
        }
        parts.join("; ")
    }

    pub fn json(&self) -> Value {
        let mut v = json!({
            "ks": self.ks,
            "sent_ks_known": self.sent_ks_known,
            "hash": self.hash,
            "token": self.token,
            "other_ks": self.other_ks,
        });
        if let (Some(id), Value::Object(o)) = (&self.token_id, &mut v) {
            o.insert("token_id".into(), json!(id));
        }
        v
    }
}
