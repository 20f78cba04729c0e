//! `ksdiag check --json`: one object for CI. Typed messages with `#[derive(Serialize)]`; the
//! fields of each are in alphabetical order, the order the report has always had (it was a
//! `serde_json::Map`, which sorts), so that the bytes stay the same.

use crate::check::Report;
use crate::grade::Group;
use crate::report_human::{description, fixes, hard_coded_hint};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

/// The whole report.
#[derive(Debug, Serialize)]
pub struct Wire<'a> {
    /// Per hash type judged: its cases and how many were right.
    pub by_hash_type: BTreeMap<&'static str, TypeCount>,
    /// Cases judged.
    pub cases: usize,
    /// The program and its arguments, as given.
    pub command: &'a [String],
    /// The wrong answers by cause, biggest first.
    pub groups: Vec<WireGroup<'a>>,
    /// Only when the program hashes with one algorithm whatever the type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hard_coded: Option<WireHardCoded>,
    /// `per_case` or `lines`.
    pub mode: &'static str,
    /// What exit 0 means: all right and not hard-coded.
    pub ok: bool,
    /// Cases right.
    pub right: usize,
    /// The seed of the cases.
    pub seed: u64,
    /// Cases wrong.
    pub wrong: usize,
}

/// One hash type's cases.
#[derive(Debug, Serialize)]
pub struct TypeCount {
    /// Cases of the type.
    pub cases: usize,
    /// Of them, answered right.
    pub right: usize,
}

/// `hard_coded`: the algorithm, the cases of other types left out, what to do.
#[derive(Debug, Serialize)]
pub struct WireHardCoded {
    /// The algorithm's Kaltura name (`SHA256`).
    pub hash_type: &'static str,
    /// What to do about it.
    pub hint: String,
    /// Cases of the other types, left out of the counts.
    pub other_cases: usize,
}

/// One group of wrong answers.
#[derive(Debug, Serialize)]
pub struct WireGroup<'a> {
    /// Cases per hash type (types without one left out).
    pub by_hash_type: BTreeMap<&'static str, usize>,
    /// The proven chain's cause codes (empty unless explained).
    pub causes: Vec<&'static str>,
    /// How many cases.
    pub count: usize,
    /// A line per cause, or what happened.
    pub description: Vec<String>,
    /// The first case of the group.
    pub example: Example<'a>,
    /// The fix of each cause.
    pub fix: Vec<&'static str>,
    /// `explained`, `unexplained`, `empty`, `failed`, `timeout` or `no_answer`.
    pub kind: &'static str,
}

/// A group's first case, in full.
#[derive(Debug, Serialize)]
pub struct Example<'a> {
    /// Its number, from 1.
    pub case: usize,
    /// For a failure: the exit status and last lines of stderr.
    pub error: Option<&'a str>,
    /// The correct tokenHash.
    pub expected: &'a str,
    /// The case's hash type (`SHA1`).
    pub hash_type: &'static str,
    /// The case's KS.
    pub ks: &'a str,
    /// What the program printed, when it printed something.
    pub printed: Option<&'a str>,
    /// The case's token.
    pub token: &'a str,
}

/// The report as its wire type.
pub fn wire(r: &Report) -> Wire<'_> {
    let wrong = r.wrong();
    let by_hash_type = r
        .types
        .iter()
        .map(|t| {
            let of = r.cases.iter().filter(|c| c.hash_type == *t).count();
            let bad = r
                .groups
                .iter()
                .flat_map(|g| &g.cases)
                .filter(|i| r.cases[**i].hash_type == *t)
                .count();
            (
                t.kaltura_name(),
                TypeCount {
                    cases: of,
                    right: of - bad,
                },
            )
        })
        .collect();
    Wire {
        by_hash_type,
        cases: r.cases.len(),
        command: &r.command,
        groups: r.groups.iter().map(|g| group(r, g)).collect(),
        hard_coded: r.hard_coded.map(|h| WireHardCoded {
            hash_type: h.hash_type.kaltura_name(),
            hint: hard_coded_hint(h.hash_type),
            other_cases: h.other_cases,
        }),
        mode: r.mode.as_str(),
        ok: r.passed(),
        right: r.cases.len() - wrong,
        seed: r.seed,
        wrong,
    }
}

fn group<'a>(r: &'a Report, g: &'a Group) -> WireGroup<'a> {
    let c = &r.cases[g.cases[0]];
    WireGroup {
        by_hash_type: r
            .per_type(g)
            .into_iter()
            .map(|(t, n, _)| (t.kaltura_name(), n))
            .collect(),
        causes: g.causes().iter().map(|c| c.code.as_str()).collect(),
        count: g.cases.len(),
        description: description(g),
        example: Example {
            case: g.cases[0] + 1,
            error: g.stderr.as_deref(),
            expected: &c.hash,
            hash_type: c.hash_type.kaltura_name(),
            ks: &c.ks,
            printed: g.example_text.as_deref(),
            token: &c.token,
        },
        fix: fixes(g),
        kind: g.kind.as_str(),
    }
}

/// Writes the report as one line of JSON.
pub fn write(out: &mut impl Write, r: &Report) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &wire(r))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::Answer;
    use crate::check::{HardCoded, Mode};
    use crate::grade::grade;
    use crate::known_answers::check_cases;
    use ks_core::digest::{HashType, token_hash};

    /// The report was a `serde_json::Map` (keys sorted): the typed fields must keep that
    /// order at every level, or CI scripts comparing bytes would see a change. A `Value`
    /// prints its keys sorted, so the two texts are equal only if the order is.
    #[test]
    fn wire_fields_keep_the_sorted_order_of_the_old_map() {
        let cases = check_cases(1, HashType::Sha1, 3);
        let answers = vec![
            Answer::Text(
                token_hash(HashType::Sha1, &cases[0].token, &cases[0].ks)
                    .as_str()
                    .into(),
            ),
            Answer::Failed("exit status 1".into()),
            Answer::Text(cases[2].hash.clone()),
        ];
        let report = Report {
            command: vec!["prog".into()],
            mode: Mode::PerCase,
            seed: 1,
            count: 3,
            groups: grade(&cases, &answers),
            cases,
            types: vec![HashType::Sha1],
            hard_coded: Some(HardCoded {
                hash_type: HashType::Sha1,
                other_cases: 9,
            }),
        };
        let mut out = Vec::new();
        write(&mut out, &report).unwrap();
        let text = String::from_utf8(out).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(text, format!("{value}\n"));
        assert_eq!(value["wrong"], 2);
        assert_eq!(value["groups"][0]["causes"][0], "swapped_order");
        assert_eq!(value["hard_coded"]["other_cases"], 9);
        assert_eq!(value["ok"], false);
    }
}
