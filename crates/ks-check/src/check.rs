//! `ksdiag check` without `--serve`: what was asked ([`Options`]), the run and the grading
//! ([`check`]), and what came of it ([`Report`]).

use crate::Error;
use crate::answers::{self, Answer};
use crate::grade::{Group, GroupKind, grade, hard_coded};
use crate::known_answers::{KnownAnswer, check_cases};
use ks_core::digest::HashType;
use std::time::Duration;

/// What the flags asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The program and its arguments; `{ks}`, `{token}` and `{hash_type}` in them are replaced
    /// per case.
    pub cmd: Vec<String>,
    /// Test this hash type only; `None`: all four ([`HashType::ALL`]).
    pub hash_type: Option<HashType>,
    /// Cases per hash type (the CLI takes 1 to 100000; 0 makes an empty, passing report).
    pub count: usize,
    /// The same seed gives the same cases on every machine.
    pub seed: u64,
    /// Start the program once, a `KS<TAB>TOKEN<TAB>HASH_TYPE` line per case on its stdin.
    pub lines: bool,
    /// How long one run may take (with `lines`: the whole run) before it is stopped.
    pub timeout: Duration,
}

/// How the program was run, as `--json` names it (`mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Once per case.
    PerCase,
    /// Once, a line per case (`--lines`).
    Lines,
}

impl Mode {
    /// `per_case` or `lines`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::PerCase => "per_case",
            Mode::Lines => "lines",
        }
    }
}

/// A program that hashes with one algorithm whatever KALTURA_HASH_TYPE says: it is judged on
/// that algorithm's cases only, and told so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HardCoded {
    /// The algorithm it always uses.
    pub hash_type: HashType,
    /// How many cases of the other types it answered with that algorithm (left out).
    pub other_cases: usize,
}

/// What came of a check.
#[derive(Debug, Clone)]
pub struct Report {
    /// The program and its arguments, as given.
    pub command: Vec<String>,
    /// How it was run.
    pub mode: Mode,
    /// The seed of the cases.
    pub seed: u64,
    /// Cases per hash type, as asked.
    pub count: usize,
    /// The cases judged (with `hard_coded`: only that algorithm's).
    pub cases: Vec<KnownAnswer>,
    /// The hash types judged, in the order of the cases.
    pub types: Vec<HashType>,
    /// The wrong answers by cause, biggest group first.
    pub groups: Vec<Group>,
    /// Set when every answer of another type was that algorithm's.
    pub hard_coded: Option<HardCoded>,
}

impl Report {
    /// How many cases were answered wrong.
    pub fn wrong(&self) -> usize {
        self.groups.iter().map(|g| g.cases.len()).sum()
    }

    /// Every case right and the program not hard-coded to one type: what exit 0 means.
    pub fn passed(&self) -> bool {
        self.wrong() == 0 && self.hard_coded.is_none()
    }

    /// How many cases of each judged type `g` holds, with how many cases of that type there
    /// are: `(SHA256, 25, 25)`. Types the group has no case of are left out.
    pub fn per_type(&self, g: &Group) -> Vec<(HashType, usize, usize)> {
        self.types
            .iter()
            .map(|t| {
                let of_type = self.cases.iter().filter(|c| c.hash_type == *t).count();
                let n = g
                    .cases
                    .iter()
                    .filter(|i| self.cases[**i].hash_type == *t)
                    .count();
                (*t, n, of_type)
            })
            .filter(|(_, n, _)| *n > 0)
            .collect()
    }
}

/// Runs the program on `count` cases of each type and grades its answers.
///
/// # Errors
/// [`Error::CannotRun`] when the program does not start; [`Error::FailedEveryCase`] when it
/// exits with a failure on every case without printing anything (a usage problem, not a
/// wrong hash).
pub fn check(o: &Options) -> Result<Report, Error> {
    let types: Vec<HashType> = match o.hash_type {
        Some(t) => vec![t],
        None => HashType::ALL.to_vec(),
    };
    let cases: Vec<KnownAnswer> = types
        .iter()
        .flat_map(|t| check_cases(o.seed, *t, o.count))
        .collect();
    let limit = o.timeout.max(Duration::from_secs(1));
    let answers = if o.lines {
        answers::lines(&o.cmd, &cases, limit)?
    } else {
        answers::each(&o.cmd, &cases, limit)?
    };
    // A program hard-coded to one algorithm is judged on that algorithm's cases, and told so.
    let fixed = o
        .hash_type
        .is_none()
        .then(|| hard_coded(&cases, &answers, &types))
        .flatten();
    let (cases, answers, types, hard_coded) = match fixed {
        Some(h) => {
            let other_cases = cases.iter().filter(|c| c.hash_type != h).count();
            let (c, an): (Vec<KnownAnswer>, Vec<Answer>) = cases
                .into_iter()
                .zip(answers)
                .filter(|(c, _)| c.hash_type == h)
                .unzip();
            let hc = HardCoded {
                hash_type: h,
                other_cases,
            };
            (c, an, vec![h], Some(hc))
        }
        None => (cases, answers, types, None),
    };
    let groups = grade(&cases, &answers);
    // A program that fails every case without a word on stdout was not run: a usage problem.
    if let [only] = groups.as_slice()
        && only.kind == GroupKind::Failed
        && only.cases.len() == cases.len()
    {
        return Err(Error::FailedEveryCase {
            cmd: o.cmd.clone(),
            message: only.stderr.clone().unwrap_or_else(|| "no message".into()),
            lines: o.lines,
        });
    }
    Ok(Report {
        command: o.cmd.clone(),
        mode: if o.lines { Mode::Lines } else { Mode::PerCase },
        seed: o.seed,
        count: o.count,
        cases,
        types,
        groups,
        hard_coded,
    })
}
