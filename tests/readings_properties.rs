//! Property tests for verdicts that rest on readings (issue 9): withholding the hashType or
//! which KS was sent never produces a verdict the full inputs contradict.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure should be loud

use ks_core::diagnose::{Case, CauseCode, Condition, Outcome, Verdict, diagnose};
use ks_core::digest::token_hash;
use ks_core::intake::read_error;
use ks_core::testing::{hash_type, mistake, token, widget_ks};
use proptest::prelude::*;

const TOKEN_ID: &str = "0_x7k2m9qa";

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(40))]

    /// The hashType withheld, the server's answer kept: no match or explanation under a
    /// reading the server's answer (what the full inputs imply) contradicts, and the true
    /// hashType is always among the readings left, with the same verdict the full inputs give.
    #[test]
    fn a_withheld_hash_type_never_yields_a_verdict_the_full_inputs_contradict(
        ks in widget_ks(), token in token(), ht in hash_type(), m in prop::option::of(mistake()),
    ) {
        let claimed = match m {
            Some(m) => m.apply(ht, &ks, &token, TOKEN_ID),
            None => token_hash(ht, &ks, &token).as_str().to_string(),
        };
        let mut full = Case::new(&ks, &token, &claimed);
        full.hash_type = Some(ht);
        full.token_id = Some(TOKEN_ID);
        let d_full = diagnose(&full);
        // What the server answered, given the full inputs.
        let rejected = d_full.verdict != Verdict::Match;
        let error = read_error::parse("INVALID_APP_TOKEN_HASH").unwrap();
        let mut withheld = full.clone();
        withheld.hash_type = None;
        withheld.server_error = rejected.then_some(&error);
        let d = diagnose(&withheld);

        let correct_under = |h| token_hash(h, &ks, &token).as_str() == claimed;
        match d.verdict {
            Verdict::Match => {
                prop_assert!(!rejected, "called correct though the server rejected it");
                prop_assert!(correct_under(d.hash_type));
            }
            Verdict::Explained => {
                for h in &d.explanations[0].hash_types {
                    prop_assert!(!correct_under(*h), "explained under {h}, where the hash is correct");
                }
            }
            Verdict::Unexplained => {}
        }
        for c in &d.conditions {
            if let Condition::HashType(types) = c {
                prop_assert!(types.iter().all(|h| correct_under(*h) != rejected));
            }
        }
        // The true reading is never ruled out, and says what the full inputs say.
        let truth = d.readings.iter().find(|r| r.hash_type == ht).unwrap();
        match (&truth.outcome, d_full.verdict) {
            (Outcome::Match, Verdict::Match) | (Outcome::Unexplained, Verdict::Unexplained) => {}
            (Outcome::Explained(codes), Verdict::Explained) => {
                let full_codes: Vec<CauseCode> = d_full.explanations[0].causes.iter().map(|c| c.code).collect();
                prop_assert_eq!(codes, &full_codes);
            }
            (o, v) => prop_assert!(false, "true reading {:?} but the full inputs give {:?}", o, v),
        }
    }

    /// Which KS was sent withheld (two startWidgetSession answers, no request): different_ks
    /// is never proven, and a verdict that needs a KS taken as sent names it.
    #[test]
    fn a_withheld_sent_ks_never_proves_different_ks(
        older in widget_ks(), newer in widget_ks(), token in token(), ht in hash_type(),
        hashed_newer in any::<bool>(), m in prop::option::of(mistake()),
    ) {
        prop_assume!(older != newer);
        let hashed = if hashed_newer { &newer } else { &older };
        let claimed = match m {
            Some(m) => m.apply(ht, hashed, &token, TOKEN_ID),
            None => token_hash(ht, hashed, &token).as_str().to_string(),
        };
        let others = vec![older.clone()];
        let mut case = Case::new(&newer, &token, &claimed);
        case.hash_type = Some(ht);
        case.token_id = Some(TOKEN_ID);
        case.other_ks = &others;
        case.sent_ks_unknown = true;
        let d = diagnose(&case);
        prop_assert!(!d.sent_ks_known);
        for e in &d.explanations {
            prop_assert!(
                e.causes.iter().all(|c| c.code != CauseCode::DifferentKs),
                "different_ks proven without knowing the KS sent: {:?}", e.causes
            );
        }
        if d.verdict != Verdict::Unexplained {
            prop_assert!(d.conditions.iter().any(|c| matches!(c, Condition::SentKs(_))));
        }
        // A correct hash for either KS is a match, under that KS.
        if m.is_none() {
            prop_assert_eq!(d.verdict, Verdict::Match);
            prop_assert_eq!(d.sent_ks_index, if hashed_newer { 0 } else { 1 });
        }
    }
}

proptest! {
    #![proptest_config(config(40))]

    /// Issue 19: no verdict rests on today's clock. With no call time known, moving today's
    /// clock past the KS's valid_until changes neither the verdict, the stop, the causes nor
    /// whether the call is accepted; only the `ks_expired` finding ("expired since") appears.
    #[test]
    fn no_verdict_changes_when_only_the_clock_moves_past_valid_until(
        ks in widget_ks(), token in token(), ht in hash_type(), m in prop::option::of(mistake()),
        later in 1i64..1_000_000_000, with_error in any::<bool>(),
    ) {
        let claimed = match m {
            Some(m) => m.apply(ht, &ks, &token, TOKEN_ID),
            None => token_hash(ht, &ks, &token).as_str().to_string(),
        };
        let until = ks_core::intake::ks_timing::timing(&ks).and_then(|t| t.valid_until);
        let error = read_error::parse("INVALID_APP_TOKEN_HASH").unwrap();
        let mut before = Case::new(&ks, &token, &claimed);
        before.hash_type = Some(ht);
        before.token_id = Some(TOKEN_ID);
        before.server_error = (with_error && m.is_some()).then_some(&error);
        before.today = Some(until.map_or(1_000_000_000, |u| u - 1));
        let mut after = before.clone();
        after.today = Some(until.map_or(1_000_000_000, |u| u) + later);
        let (a, b) = (diagnose(&before), diagnose(&after));
        prop_assert_eq!(a.verdict, b.verdict);
        prop_assert_eq!(&a.stop, &b.stop);
        prop_assert_eq!(a.call_accepted(), b.call_accepted());
        let causes = |d: &ks_core::diagnose::Diagnosis| {
            d.explanations.iter().map(|e| e.causes.iter().map(|c| c.code).collect::<Vec<_>>()).collect::<Vec<_>>()
        };
        prop_assert_eq!(causes(&a), causes(&b));
        prop_assert!(b.stop.as_ref().is_none_or(|s| s.code != "INVALID_KS"));
        if until.is_some() {
            prop_assert!(b.findings.iter().any(|f| f.code == ks_core::diagnose::FindingCode::KsExpired));
        }
    }
}
