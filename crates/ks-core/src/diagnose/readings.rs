//! Readings: what the user did not tell, taken one possibility at a time.
//!
//! Without a hashType (no flag, no app token that names it), each type the server offers is
//! a reading; without a statement of which KS was sent, each candidate KS is one. A verdict
//! under a reading says so ([`Condition`]); the server's error rules readings out.

use super::{Case, CauseCode, Diagnosis, Verdict, one_ks, rank};
use crate::api_error::{ApiError, Stage};
use crate::digest::HashType;

/// The hashTypes the server offers (`KalturaAppTokenHashType`), the default (SHA1) first.
/// Source: alpha/lib/enums/AppTokenHashType.php in kaltura/server.
pub const READINGS: [HashType; 4] = [
    HashType::Sha1,
    HashType::Sha256,
    HashType::Sha512,
    HashType::Md5,
];

/// At most this many candidate KS are tried as the one sent (the newest ones).
pub const MAX_KS_READINGS: usize = 8;

/// Something the verdict rests on that no input stated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// The verdict holds if the app token's hashType is one of these.
    HashType(Vec<HashType>),
    /// The verdict holds if this KS (0 is [`Case::ks`], n is `other_ks[n-1]`) was the one
    /// sent.
    SentKs(usize),
}

/// What a reading makes of the claimed hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Correct under this reading.
    Match,
    /// Wrong, reproduced by these causes (the best explanation under this reading).
    Explained(Vec<CauseCode>),
    /// Wrong, and nothing reproduces it under this reading.
    Unexplained,
    /// Impossible: the server's answer contradicts it (the reason says how).
    RuledOut(String),
}

impl Outcome {
    /// `match`, `explained`, `unexplained`, `ruled_out`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Match => "match",
            Outcome::Explained(_) => "explained",
            Outcome::Unexplained => "unexplained",
            Outcome::RuledOut(_) => "ruled_out",
        }
    }
}

/// One reading: a hashType and a KS taken as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The app token's hashType under this reading.
    pub hash_type: HashType,
    /// The KS taken as sent (0 is [`Case::ks`], n is `other_ks[n-1]`).
    pub sent_ks: usize,
    /// The correct tokenHash under this reading.
    pub expected_hash: String,
    /// What the claimed hash is under it.
    pub outcome: Outcome,
}

/// Why the server's answer rules out a reading under which the claimed hash is `correct`.
pub(crate) fn ruled_out_by(error: Option<&ApiError>, correct: bool) -> Option<String> {
    let e = error?;
    match e.stage() {
        Stage::Hash if correct => Some(format!(
            "the server answered {}: under this reading it would have accepted the hash",
            e.code
        )),
        Stage::AfterHash if !correct => Some(format!(
            "the server answered {}, which it checks after accepting the hash: under this reading the hash is wrong",
            e.code
        )),
        _ => None,
    }
}

/// Maps `which` (1-based into the others of reading `sent`) to the case's numbering.
fn renumber(which: usize, sent: usize) -> usize {
    if which > sent { which } else { which - 1 }
}

/// Diagnoses with each candidate KS taken as the one sent, newest first, and keeps the
/// verdict that needs the fewest assumptions: a match, else the simplest explanation.
/// `different_ks` is kept only when the KS it names was ruled out as the one sent.
pub(crate) fn over_sent_ks(case: &Case<'_>) -> Diagnosis {
    let all: Vec<&str> = std::iter::once(case.ks)
        .chain(case.other_ks.iter().map(String::as_str))
        .collect();
    let n = all.len().min(MAX_KS_READINGS);
    let mut runs: Vec<Diagnosis> = Vec::with_capacity(n);
    for i in 0..n {
        let others: Vec<String> = all
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, k)| k.to_string())
            .collect();
        let sub = Case {
            ks: all[i],
            other_ks: &others,
            sent_ks_unknown: false,
            ks_verbatim: case.ks_verbatim && i == 0,
            ..case.clone()
        };
        let mut d = one_ks::diagnose_sent(&sub);
        d.sent_ks_index = i;
        for r in &mut d.readings {
            r.sent_ks = i;
        }
        for e in &mut d.explanations {
            for seg in e.hashed.iter_mut().flat_map(|h| h.segments.iter_mut()) {
                if let Some(w) = seg.role.strip_prefix("ks#").and_then(|w| w.parse().ok()) {
                    seg.role = format!("ks#{}", renumber(w, i));
                }
            }
            for c in &mut e.causes {
                if c.code == CauseCode::DifferentKs
                    && let Some(w) = c.detail("which").and_then(|w| w.parse::<usize>().ok())
                {
                    let k = renumber(w, i);
                    c.details.retain(|(key, _)| *key != "which");
                    c.details.insert(0, ("which", k.to_string()));
                }
            }
        }
        runs.push(d);
    }
    // A KS under which the server would have answered otherwise was not the one sent.
    let excluded: Vec<bool> = runs
        .iter_mut()
        .map(|d| {
            let why = ruled_out_by(case.server_error, d.verdict == Verdict::Match);
            if let Some(why) = &why {
                for r in &mut d.readings {
                    r.outcome = Outcome::RuledOut(format!("{why}, had this KS been the one sent"));
                }
            }
            why.is_some()
                || d.readings
                    .iter()
                    .all(|r| matches!(r.outcome, Outcome::RuledOut(_)))
        })
        .collect();
    for d in &mut runs {
        d.explanations.retain(|e| {
            e.causes.iter().all(|c| {
                c.code != CauseCode::DifferentKs
                    || c.detail("which")
                        .and_then(|w| w.parse::<usize>().ok())
                        .is_some_and(|k| excluded.get(k).copied().unwrap_or(false))
            })
        });
        if d.verdict == Verdict::Explained && d.explanations.is_empty() {
            d.verdict = Verdict::Unexplained;
        }
    }
    let open = |i: &usize| !excluded[*i];
    let pick = (0..n)
        .filter(open)
        .find(|&i| runs[i].verdict == Verdict::Match)
        .or_else(|| {
            (0..n)
                .filter(open)
                .filter(|&i| runs[i].verdict == Verdict::Explained)
                .min_by_key(|&i| (rank(&runs[i].explanations[0].causes), i))
        })
        .or_else(|| (0..n).find(open))
        .unwrap_or(0);
    let readings: Vec<_> = runs.iter().flat_map(|d| d.readings.clone()).collect();
    let mut d = runs.swap_remove(pick);
    d.readings = readings;
    d.sent_ks_known = false;
    if d.verdict == Verdict::Unexplained {
        // Said once for all the KS below, rather than per reading.
        d.evidence.retain(|e| !e.contains("(different_ks)"));
        d.evidence.insert(
            0,
            format!("ruled out in this run: each of the {n} KS found, taken as the one sent, with every mistake in the catalogue"),
        );
    } else {
        d.conditions.push(Condition::SentKs(pick));
    }
    if all.len() > n {
        d.not_tried.push(crate::words![
            format!(
                "only the {MAX_KS_READINGS} newest of the {} KS found were tried as the one sent; ",
                all.len()
            ),
            crate::message::Part::Give,
            " ",
            crate::source::Field::SentKs,
            " to name it"
        ]);
    }
    d
}
