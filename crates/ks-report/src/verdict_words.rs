//! The verdict in words, with what it rests on: the one headline every format shares.

use crate::source_words::Voice;
use ks_core::diagnose::{Condition, Diagnosis, Outcome, StopSource, Verdict};
use ks_core::digest::HashType;
use ks_core::source::Source;

macro_rules! proven {
    () => {
        "recomputing this mistake reproduces the claimed hash byte for byte."
    };
}
/// What an explained verdict rests on, after "Proven: " (the terminal report).
pub const PROVEN: &str = proven!();
/// The same as the page says it, whole.
pub const PROVEN_LINE: &str = concat!("Proven: ", proven!());

/// Where each KS of a diagnosis came from (index 0 is the case's KS, n its n-th other KS: the
/// numbering of `Diagnosis::sent_ks_index` and of `different_ks`'s `which`), and the front
/// end whose words name them and every other reference to what the user gave.
#[derive(Debug, Clone, Default)]
pub struct KsNames {
    /// Each KS's name, in the voice's words (`--log line 3`, `other_ks[0]`, or a server's
    /// own words for the KS it issued).
    pub names: Vec<String>,
    /// Whose words.
    pub voice: Voice,
}

impl KsNames {
    /// Names for a case without artifacts (`ks`, then `other_ks #1`, ...), in the CLI's words.
    pub fn plain() -> KsNames {
        KsNames::default()
    }

    /// The KS of these sources, named in `voice`.
    pub fn of_sources(sources: impl IntoIterator<Item = Source>, voice: Voice) -> KsNames {
        KsNames {
            names: sources.into_iter().map(|s| voice.source(s)).collect(),
            voice,
        }
    }

    /// The name of KS `i`.
    pub fn name(&self, i: usize) -> String {
        self.names.get(i).cloned().unwrap_or_else(|| match i {
            0 => "ks".to_string(),
            _ => format!("other_ks #{i}"),
        })
    }
}

/// `SHA256`, `SHA256 or SHA512`, `SHA256, SHA512 or MD5`.
pub fn either(types: &[HashType]) -> String {
    let names: Vec<&str> = types.iter().map(|h| h.kaltura_name()).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// The hashTypes the verdict rests on, when no input stated it.
pub fn hash_type_condition(d: &Diagnosis) -> Option<&[HashType]> {
    d.conditions.iter().find_map(|c| match c {
        Condition::HashType(t) => Some(t.as_slice()),
        Condition::SentKs(_) => None,
    })
}

/// The KS the verdict takes as sent, when no input said which one was.
pub fn sent_ks_condition(d: &Diagnosis) -> Option<usize> {
    d.conditions.iter().find_map(|c| match c {
        Condition::SentKs(i) => Some(*i),
        Condition::HashType(_) => None,
    })
}

/// The hashTypes the server's answer ruled out for the KS diagnosed.
pub fn ruled_out_types(d: &Diagnosis) -> Vec<HashType> {
    d.readings
        .iter()
        .filter(|r| r.sent_ks == d.sent_ks_index && matches!(r.outcome, Outcome::RuledOut(_)))
        .map(|r| r.hash_type)
        .collect()
}

/// The correct tokenHash under each hashType still open, when no input stated it; under
/// the stated one otherwise: `(label, hash)`.
pub fn correct_hashes(d: &Diagnosis, names: &KsNames) -> Vec<(String, String)> {
    let ks = if d.sent_ks_known {
        String::new()
    } else {
        format!(", for the KS at {}", names.name(d.sent_ks_index))
    };
    if d.hash_type_source.is_known() {
        return vec![(
            format!("{}{ks}", d.hash_type.kaltura_name()),
            d.expected_hash.clone(),
        )];
    }
    d.readings
        .iter()
        .filter(|r| r.sent_ks == d.sent_ks_index && !matches!(r.outcome, Outcome::RuledOut(_)))
        .map(|r| {
            (
                format!(
                    "{}{ks}, if that is your app token's hashType",
                    r.hash_type.kaltura_name()
                ),
                r.expected_hash.clone(),
            )
        })
        .collect()
}

/// The condition in words: `if your app token's hashType is SHA256 and the KS at --log
/// line 5 is the one you sent`.
pub fn condition(d: &Diagnosis, names: &KsNames) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(t) = hash_type_condition(d) {
        let out = ruled_out_types(d);
        let why = if out.is_empty() {
            String::new()
        } else {
            format!(" ({} ruled out by the server's answer)", either(&out))
        };
        parts.push(format!("your app token's hashType is {}{why}", either(t)));
    }
    if let Some(i) = sent_ks_condition(d) {
        parts.push(format!("the KS at {} is the one you sent", names.name(i)));
    }
    (!parts.is_empty()).then(|| format!("if {}", parts.join(" and ")))
}

/// The verdict about the hash, with its condition.
fn hash_verdict(d: &Diagnosis, names: &KsNames) -> String {
    let cond = condition(d, names);
    match d.verdict {
        Verdict::Match => match (hash_type_condition(d), sent_ks_condition(d)) {
            (None, None) => format!(
                "tokenHash is correct ({} of KS + token)",
                d.hash_type.kaltura_name()
            ),
            (None, Some(i)) if d.sent_without_ks => format!(
                "tokenHash is correct for the KS at {}, which was hashed but not sent (the request carries no ks)",
                names.name(i)
            ),
            (None, Some(i)) => format!(
                "tokenHash is correct for the KS at {}; if that is the one you sent, the hash is right",
                names.name(i)
            ),
            (Some(t), Some(i)) => format!(
                "tokenHash is correct for the KS at {} and hashType {}; if that is the KS you sent and your app token's hashType, the hash is right",
                names.name(i),
                either(t)
            ),
            (Some(t), None) => format!(
                "tokenHash is correct if your app token's hashType is {}",
                either(t)
            ),
        },
        Verdict::Explained => {
            let codes: Vec<&str> = d.explanations[0]
                .causes
                .iter()
                .map(|c| c.code.as_str())
                .collect();
            format!(
                "tokenHash is wrong, and the mistake is proven{}: {}",
                cond.map(|c| format!(" {c}")).unwrap_or_default(),
                codes.join(" + ")
            )
        }
        Verdict::Unexplained => {
            "tokenHash is wrong, and no known mistake reproduces it".to_string()
        }
    }
}

/// The headline: what stopped the call when the hash did not, then the hash's verdict.
pub fn headline(d: &Diagnosis, names: &KsNames) -> String {
    let mut hash = hash_verdict(d, names);
    if d.verdict == Verdict::Match && d.stop.is_none() && d.ks_of_another_partner() {
        hash.push_str(
            ", for the token given; but the KS belongs to another partner than the app token's",
        );
    }
    if d.verdict == Verdict::Match && d.id_names_another_token() {
        hash.push_str(
            ", for the app token given; but the id sent names another app token, whose token the server checks",
        );
    }
    match &d.stop {
        Some(s) if s.before_hash => {
            let detail = s
                .detail
                .as_deref()
                .map(|x| format!(" ({x})"))
                .unwrap_or_default();
            let (verb, when) = match s.source {
                StopSource::Reported => ("answered", "before checking tokenHash"),
                StopSource::Predicted => ("answers", "before it checks tokenHash"),
            };
            format!(
                "the server {verb} {}{detail} {when}; as for the hash: {hash}",
                s.code
            )
        }
        Some(s) => format!(
            "the server {} {}: {}; as for the hash: {hash}",
            match s.source {
                StopSource::Reported => "answered",
                StopSource::Predicted => "answers",
            },
            s.code,
            s.meaning
        ),
        None => hash,
    }
}

/// One line per reading that is not the verdict's own: what the hash is under it.
pub fn other_readings(d: &Diagnosis, names: &KsNames) -> Vec<String> {
    let own = (d.hash_type, d.sent_ks_index);
    let several_ks = d.readings.iter().any(|r| r.sent_ks != d.sent_ks_index);
    d.readings
        .iter()
        .filter(|r| (r.hash_type, r.sent_ks) != own)
        // One step away from the verdict's own reading: another hashType or another KS.
        .filter(|r| r.hash_type == own.0 || r.sent_ks == own.1)
        .filter(|_| d.readings.len() > 1)
        .filter(|r| !(d.verdict == Verdict::Unexplained && r.outcome == Outcome::Unexplained))
        .map(|r| {
            let mut who = Vec::new();
            if !d.hash_type_source.is_known() {
                who.push(format!("hashType {}", r.hash_type.kaltura_name()));
            }
            if several_ks {
                who.push(format!("KS sent from {}", names.name(r.sent_ks)));
            }
            let what = match &r.outcome {
                Outcome::Match => "the hash is correct".to_string(),
                Outcome::Explained(c) => format!(
                    "wrong: {}",
                    c.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" + ")
                ),
                Outcome::Unexplained => "wrong, and no known mistake reproduces it".to_string(),
                Outcome::RuledOut(why) => format!("ruled out: {why}"),
            };
            format!("{}: {what}", who.join(", "))
        })
        .collect()
}
