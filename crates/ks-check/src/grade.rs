//! Sorting wrong answers by why they are wrong: each one is diagnosed like a pasted tokenHash
//! (`ks_core::diagnose`, the case's KS, token and hash type known), and answers whose best
//! explanation has the same chain of causes form one group.

use crate::answers::Answer;
use crate::known_answers::KnownAnswer;
use ks_core::diagnose::{Case, Cause, CauseCode, Explanation, Verdict, diagnose};
use ks_core::digest::{HashType, token_hash};

/// How the answers of a group are wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    /// A wrong hash that a known mistake reproduces: the group's `explanation` says which.
    Explained,
    /// A wrong hash that no known mistake reproduces.
    Unexplained,
    /// Nothing on stdout.
    Empty,
    /// The program exited with a failure status.
    Failed,
    /// The program was stopped at the time limit.
    Timeout,
    /// `--lines`: fewer answer lines than cases.
    NoAnswer,
}

impl GroupKind {
    /// The stable code, as `--json` writes it (`kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            GroupKind::Explained => "explained",
            GroupKind::Unexplained => "unexplained",
            GroupKind::Empty => "empty",
            GroupKind::Failed => "failed",
            GroupKind::Timeout => "timeout",
            GroupKind::NoAnswer => "no_answer",
        }
    }
}

/// The wrong answers that share one cause (or one way of failing).
#[derive(Debug, Clone)]
pub struct Group {
    /// How they are wrong.
    pub kind: GroupKind,
    /// For [`GroupKind::Explained`]: the best explanation of the first case (its `causes` are
    /// the proven chain, the same for every case of the group).
    pub explanation: Option<Explanation>,
    /// Indices of the cases, in order; the first is the example.
    pub cases: Vec<usize>,
    /// For [`GroupKind::Failed`]: the exit status and last lines of stderr on the example.
    pub stderr: Option<String>,
    /// What the program printed for the example, when it printed something.
    pub example_text: Option<String>,
}

impl Group {
    fn of(kind: GroupKind) -> Group {
        Group {
            kind,
            explanation: None,
            cases: Vec::new(),
            stderr: None,
            example_text: None,
        }
    }

    /// The proven chain of causes, in order (empty unless explained).
    pub fn causes(&self) -> &[Cause] {
        self.explanation.as_ref().map_or(&[], |e| &e.causes)
    }

    /// What groups answers: the cause codes joined by `+` (`swapped_order+hex_case`), else
    /// the kind's code.
    pub fn key(&self) -> String {
        match self.kind {
            GroupKind::Explained => self
                .causes()
                .iter()
                .map(|c| c.code.as_str())
                .collect::<Vec<_>>()
                .join("+"),
            k => k.as_str().to_string(),
        }
    }
}

fn diagnosed(c: &KnownAnswer, printed: &str) -> ks_core::diagnose::Diagnosis {
    diagnose(&Case {
        hash_type: Some(c.hash_type),
        ..Case::new(&c.ks, &c.token, printed)
    })
}

/// Sorts each wrong answer into its group; returns the groups, biggest first (a stable sort:
/// groups of one size stay in the order of their first case).
pub fn grade(cases: &[KnownAnswer], answers: &[Answer]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (i, (c, a)) in cases.iter().zip(answers).enumerate() {
        let mut g = match a {
            Answer::Text(t) if *t == c.hash => continue,
            Answer::Text(t) if t.is_empty() => Group::of(GroupKind::Empty),
            Answer::Text(t) => {
                let d = diagnosed(c, t);
                match d.verdict {
                    Verdict::Match => continue,
                    Verdict::Unexplained => Group::of(GroupKind::Unexplained),
                    Verdict::Explained => Group {
                        explanation: d.explanations.into_iter().next(),
                        ..Group::of(GroupKind::Explained)
                    },
                }
            }
            Answer::Failed(e) => Group {
                stderr: Some(e.clone()),
                ..Group::of(GroupKind::Failed)
            },
            Answer::TimedOut => Group::of(GroupKind::Timeout),
            Answer::Missing => Group::of(GroupKind::NoAnswer),
        };
        let key = g.key();
        match groups.iter_mut().find(|x| x.key() == key) {
            Some(x) => x.cases.push(i),
            None => {
                if let Answer::Text(t) = a {
                    g.example_text = Some(t.clone());
                }
                g.cases.push(i);
                groups.push(g);
            }
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.cases.len()));
    groups
}

/// The one algorithm the program hashes with whatever KALTURA_HASH_TYPE says: every case of
/// every other type was answered with that algorithm's correct tokenHash, or with a hash whose
/// proven mistake includes hashing with it (`wrong_hash_type`, used that algorithm).
pub fn hard_coded(
    cases: &[KnownAnswer],
    answers: &[Answer],
    types: &[HashType],
) -> Option<HashType> {
    if types.len() < 2 {
        return None;
    }
    let used_only = |h: HashType, c: &KnownAnswer, t: &str| {
        if t == token_hash(h, &c.ks, &c.token).as_str() {
            return true;
        }
        let d = diagnosed(c, t);
        d.verdict == Verdict::Explained
            && d.explanations[0].causes.iter().any(|x| {
                x.code == CauseCode::WrongHashType && x.detail("used") == Some(h.cli_name())
            })
    };
    types.iter().copied().find(|&h| {
        cases
            .iter()
            .zip(answers)
            .all(|(c, a)| c.hash_type == h || matches!(a, Answer::Text(t) if used_only(h, c, t)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::known_answers::check_cases;

    #[test]
    fn the_same_mistake_on_every_case_is_one_group_with_the_first_case_as_example() {
        let cases = check_cases(1, HashType::Sha1, 5);
        let answers: Vec<Answer> = cases
            .iter()
            .map(|c| Answer::Text(token_hash(HashType::Sha1, &c.token, &c.ks).as_str().into()))
            .collect();
        let groups = grade(&cases, &answers);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].key(), "swapped_order");
        assert_eq!(groups[0].cases, [0, 1, 2, 3, 4]);
        assert_eq!(
            groups[0].example_text.as_deref(),
            Some(answers_text(&answers[0]))
        );
    }

    fn answers_text(a: &Answer) -> &str {
        match a {
            Answer::Text(t) => t,
            _ => "",
        }
    }

    #[test]
    fn right_answers_form_no_group_and_failures_group_by_kind_biggest_first() {
        let cases = check_cases(1, HashType::Md5, 4);
        let answers = vec![
            Answer::Text(cases[0].hash.clone()),
            Answer::TimedOut,
            Answer::Failed("exit status 1".into()),
            Answer::Failed("exit status 2".into()),
        ];
        let groups = grade(&cases, &answers);
        let got: Vec<(String, Vec<usize>)> =
            groups.iter().map(|g| (g.key(), g.cases.clone())).collect();
        assert_eq!(
            got,
            [
                ("failed".to_string(), vec![2, 3]),
                ("timeout".to_string(), vec![1])
            ]
        );
        assert_eq!(groups[0].stderr.as_deref(), Some("exit status 1"));
    }

    #[test]
    fn a_program_hard_coded_to_sha256_is_found_and_one_that_reads_the_type_is_not() {
        let types = HashType::ALL.to_vec();
        let cases: Vec<KnownAnswer> = types.iter().flat_map(|t| check_cases(1, *t, 3)).collect();
        let sha256 = |c: &KnownAnswer| token_hash(HashType::Sha256, &c.ks, &c.token);
        let fixed: Vec<Answer> = cases
            .iter()
            .map(|c| Answer::Text(sha256(c).as_str().into()))
            .collect();
        assert_eq!(hard_coded(&cases, &fixed, &types), Some(HashType::Sha256));
        let right: Vec<Answer> = cases.iter().map(|c| Answer::Text(c.hash.clone())).collect();
        assert_eq!(hard_coded(&cases, &right, &types), None);
        assert_eq!(hard_coded(&cases, &fixed, &[HashType::Sha256]), None);
    }
}
