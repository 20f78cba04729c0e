//! One diagnosis with the sent KS settled: every hashType reading still open is searched.

use super::finding::{Finding, FindingCode};
use super::readings::{Condition, Outcome, READINGS, Reading, ruled_out_by};
use super::recipe::Parts;
use super::{
    Case, Cause, CauseCode, Diagnosis, Explanation, HashTypeSource, HashedMessage,
    MAX_EXPLANATIONS, Verdict, algorithm, appended, canonical, claimed, evidence, explain_hits,
    findings, invisible_chars, rank, search, shape_findings, stop, value_forms,
};
use crate::app_token::AppTokenStatus;
use crate::digest::{HashType, token_hash};
use crate::message::{Message, Part};
use crate::source::Field;
use crate::words;

/// The claimed hash without a file's final newline, which is not evidence of anything.
fn trim_claimed(claimed: &str) -> &str {
    claimed
        .strip_suffix('\n')
        .map(|c| c.strip_suffix('\r').unwrap_or(c))
        .unwrap_or(claimed)
}

/// What could not be tried with these inputs, and the input that would allow it.
fn not_tried(case: &Case<'_>, token_id: Option<&str>) -> Vec<Message> {
    let mut out = Vec::new();
    if token_id.is_none() {
        out.push(words!["token_id_for_token (the app token id hashed in place of the token): no token id given; ", Part::Give, " ", Field::TokenId, " or ", Field::AppToken]);
    }
    if case.other_ks.is_empty() {
        out.push(words!["different_ks (the hash made over another KS, e.g. from an earlier startWidgetSession call): only one KS given; ", Part::Give, " ", Field::Log, " or ", Field::WidgetResponse, ", or more ", Field::Ks]);
    }
    out
}

pub(crate) fn diagnose_sent(case: &Case<'_>) -> Diagnosis {
    let mut findings = Vec::new();
    let (ks, ks_fixes) = if case.ks_verbatim {
        (case.ks.to_string(), Vec::new())
    } else {
        canonical::canonicalize(case.ks, "ks", true)
    };
    // The app token's own `token` is what the server checks: when the token given differs,
    // diagnose with the app token's and try the given one as a copy of it.
    let app_token_token = case
        .app_token
        .and_then(|t| t.token.as_deref())
        .filter(|t| !t.is_empty());
    let given_clean = canonical::canonicalize(case.token, "token", false).0;
    let (token_raw, given) = match app_token_token {
        Some(t) if canonical::canonicalize(t, "token", false).0 != given_clean => {
            (t, Some(given_clean))
        }
        _ => (case.token, None),
    };
    let (token, token_fixes) = canonical::canonicalize(token_raw, "token", false);
    findings::from_fixes(&ks_fixes, &mut findings);
    findings::from_fixes(&token_fixes, &mut findings);
    let claimed = if case.hash_verbatim {
        case.claimed
    } else {
        trim_claimed(case.claimed)
    };

    let (stated, source) = match (case.hash_type, case.app_token.and_then(|t| t.hash_type)) {
        (Some(h), _) => (Some(h), HashTypeSource::Declared),
        (None, Some(h)) => (Some(h), HashTypeSource::AppToken),
        (None, None) => (None, HashTypeSource::Unknown),
    };
    let candidates: Vec<HashType> = stated.map_or(READINGS.to_vec(), |h| vec![h]);
    let mut readings: Vec<Reading> = candidates
        .iter()
        .map(|&h| {
            let expected = token_hash(h, &ks, &token).as_str().to_string();
            // A stated hashType is a fact: the server's answer cannot rule it out (a
            // contradiction is a finding instead).
            let outcome = stated
                .is_none()
                .then(|| ruled_out_by(case.server_error, expected == claimed))
                .flatten()
                .map_or(Outcome::Unexplained, Outcome::RuledOut);
            Reading {
                hash_type: h,
                sent_ks: 0,
                expected_hash: expected,
                outcome,
            }
        })
        .collect();
    let mut open: Vec<HashType> = readings
        .iter()
        .filter(|r| !matches!(r.outcome, Outcome::RuledOut(_)))
        .map(|r| r.hash_type)
        .collect();
    if open.is_empty() {
        open = candidates.clone();
    }
    let expected: Vec<(HashType, String)> = readings
        .iter()
        .map(|r| (r.hash_type, r.expected_hash.clone()))
        .collect();
    let expected_of = |h: HashType| {
        expected
            .iter()
            .find(|(t, _)| *t == h)
            .map(|(_, e)| e.clone())
            .unwrap_or_default()
    };

    let parsed = crate::ks::parse(&ks);
    let clock = findings::Clock {
        call: case.call_time,
        today: case.today,
        error: case.server_error,
    };
    // An empty KS is none to the server (what a swallowed startWidgetSession error leaves).
    let no_ks = case.sent_without_ks || ks.is_empty();
    let ks_expired_at_call = if ks.is_empty() {
        findings.push(Finding::new(FindingCode::WrongRequest, "the KS is empty: the server takes an empty ks for none and answers SERVICE_FORBIDDEN (the access to service [apptoken->startSession] is forbidden); an empty KS is what a failed startWidgetSession call leaves when its error is swallowed: check that call's answer").with("parameter", "ks"));
        false
    } else {
        findings::from_ks(
            &parsed,
            &clock,
            case.app_token,
            case.partner_id,
            &mut findings,
        )
    };
    let token_status = case
        .app_token
        .and_then(|t| t.status)
        .filter(|s| *s != AppTokenStatus::Active);
    if let Some(t) = case.app_token {
        findings::from_app_token(t, case.token_id, &clock, &mut findings);
    }
    if let Some(g) = &given {
        let ht = stated.unwrap_or(HashType::SERVER_DEFAULT);
        findings.push(disagreeing_token(g, &token, ht, &ks, claimed));
        findings.extend(shape_findings::token_shape(g, "the token given"));
    }
    findings.extend(shape_findings::token_shape(&token, "the token"));
    findings.extend(shape_findings::object_text(claimed));
    findings.extend(shape_findings::message_as_hash(claimed, &ks, &token));
    findings::about_hash(claimed, &token, stated, &mut findings);
    let token_id = case
        .token_id
        .or(case.app_token.and_then(|t| t.id.as_deref()));

    // Only a mismatch with the app token's own partner stops the lookup (a partner id
    // stated elsewhere may be the one the caller meant).
    // An explicit partnerId of the app token's partner moves the lookup there: what the
    // server then makes of the KS of another partner is not predicted.
    let explicit = case.request_partner_id.is_some()
        && case.request_partner_id == case.app_token.and_then(|t| t.partner_id);
    let partner_mismatch = !explicit
        && findings.iter().any(|f| {
            f.code == FindingCode::PartnerMismatch
                && f.details
                    .iter()
                    .any(|(k, v)| *k == "against" && v == "app token")
        });
    let before = stop::Before {
        no_ks,
        ks_unparsable: parsed.is_err() && !ks.is_empty(),
        ks_expired_at_call,
        partner_mismatch,
        status: token_status,
    };
    let mut d = Diagnosis {
        verdict: Verdict::Unexplained,
        hash_type: open[0],
        hash_type_source: source,
        expected_hash: expected_of(open[0]),
        ks: ks.clone(),
        token: token.clone(),
        explanations: Vec::new(),
        findings,
        evidence: Vec::new(),
        families_tried: CauseCode::ALL.to_vec(),
        candidates_tried: 0,
        conditions: Vec::new(),
        readings: Vec::new(),
        sent_ks_index: 0,
        sent_ks_known: true,
        sent_without_ks: case.sent_without_ks,
        stop: stop::find(case.server_error, before),
        not_tried: Vec::new(),
    };
    // An empty KS makes KS + token the token alone: a hash of it is the client hashing
    // the token only (its KS was empty), which is what to fix, not a correct hash.
    if ks.is_empty()
        && let Some(&h) = open.iter().find(|&&h| expected_of(h) == claimed)
    {
        d.verdict = Verdict::Explained;
        d.hash_type = h;
        d.expected_hash = expected_of(h);
        d.explanations.push(Explanation {
            causes: vec![Cause::new(CauseCode::TokenOnly)],
            hash_type: h.into(),
            reproduced_hash: claimed.to_string(),
            produced_digest: claimed.to_string(),
            hashed: Some(HashedMessage {
                segments: vec![super::Segment {
                    role: "token".into(),
                    text: token.clone(),
                }],
                encoding: "UTF-8",
                byte_len: token.len(),
                method: "plain".into(),
            }),
            note: Some("the KS was empty, so KS + token is the token alone: get a widget KS first (session.startWidgetSession) and hash it followed by the token".into()),
            hash_types: vec![h],
        });
        if stated.is_none() {
            d.hash_type_source = HashTypeSource::Inferred;
            d.conditions.push(Condition::HashType(vec![h]));
        }
        for r in &mut readings {
            r.outcome = if r.hash_type == h {
                Outcome::Explained(vec![CauseCode::TokenOnly])
            } else {
                Outcome::Explained(vec![CauseCode::WrongHashType, CauseCode::TokenOnly])
            };
        }
        d.readings = readings;
        return d;
    }
    if let Some(&h) = open.iter().find(|&&h| expected_of(h) == claimed) {
        d.verdict = Verdict::Match;
        d.hash_type = h;
        d.expected_hash = expected_of(h);
        if stated.is_none() {
            d.hash_type_source = HashTypeSource::Inferred;
            d.conditions.push(Condition::HashType(vec![h]));
        }
        for r in &mut readings {
            if r.hash_type == h {
                r.outcome = Outcome::Match;
            } else if r.outcome == Outcome::Unexplained {
                r.outcome = Outcome::Explained(vec![CauseCode::WrongHashType]);
            }
        }
        d.readings = readings;
        return d;
    }

    let mut explanations = Vec::new();
    let token_as_hash = claimed == token || claimed == case.token;
    if token_as_hash {
        explanations.push(Explanation {
            causes: vec![Cause::new(CauseCode::TokenAsHash)],
            hash_type: open[0].into(),
            reproduced_hash: claimed.to_string(),
            produced_digest: String::new(),
            hashed: None,
            note: None,
            hash_types: open.clone(),
        });
    }

    // The raw pasted values are candidates too: the client may have hashed them as pasted.
    let partner = parsed
        .as_ref()
        .ok()
        .and_then(|p| p.partner_id().trim().parse::<i64>().ok())
        .or(case.app_token.and_then(|t| t.partner_id))
        .or(case.partner_id);
    let mut targets = claimed::read_targets(claimed);
    // A raw digest (`raw_digest`) may end in the byte 0x0A: its final "\n" is part of the
    // digest, not a file's newline. Read the claim as given too; only a byte-for-byte match
    // of a digest can come of it.
    if claimed.len() != case.claimed.len() {
        targets.extend(
            claimed::read_targets(case.claimed)
                .into_iter()
                .filter(|t| t.render.iter().any(|c| c.code == CauseCode::RawDigest)),
        );
    }
    let mut ks_forms = value_forms::ks_forms(&ks, case.other_ks, partner);
    ks_forms.extend(value_forms::as_pasted(case.ks, &ks, &ks_fixes, "ks"));
    let mut token_forms = value_forms::token_forms(&token, token_id, given.as_deref());
    token_forms.extend(value_forms::as_pasted(
        token_raw,
        &token,
        &token_fixes,
        "token",
    ));
    let message = format!("{ks}{token}");
    if let Some((a, cause)) = appended::of_nothing(claimed, message.as_bytes()) {
        let f = explain_hits::Found {
            causes: vec![cause],
            hash_type: a,
            produced_digest: algorithm::digest(a, b"").to_hex().as_str().to_string(),
            hashed: Some(HashedMessage {
                segments: Vec::new(),
                encoding: "UTF-8",
                byte_len: 0,
                method: "plain".into(),
            }),
        };
        explanations.push(explain_hits::place(&f, &open, claimed));
    }
    let parts = Parts {
        ks: &ks,
        token: &token,
        ks_forms: &ks_forms,
        token_forms: &token_forms,
    };
    let (mut hit_list, mut tried) = search::run(&parts, &targets, &open);
    // An invisible character inside a value is one more form, searched for only when the
    // search without it proved nothing (or proved a message that has such a character).
    if invisible_chars::may_add(&hit_list, &targets, &parts) {
        let inside = invisible_chars::find(&ks, &token, &targets);
        if !inside.is_empty() {
            for f in inside {
                match f.role.as_str() {
                    "ks" => ks_forms.push(f),
                    _ => token_forms.push(f),
                }
            }
            let parts = Parts {
                ks: &ks,
                token: &token,
                ks_forms: &ks_forms,
                token_forms: &token_forms,
            };
            let (again, more) = search::run(&parts, &targets, &open);
            (hit_list, tried) = (again, tried + more);
        }
    }
    let parts = Parts {
        ks: &ks,
        token: &token,
        ks_forms: &ks_forms,
        token_forms: &token_forms,
    };
    d.candidates_tried = tried;
    let found = explain_hits::found(hit_list, &parts);
    explanations.extend(found.iter().map(|f| explain_hits::place(f, &open, claimed)));
    explanations.sort_by_key(|e| rank(&e.causes));
    explanations.truncate(MAX_EXPLANATIONS);

    for r in &mut readings {
        if r.outcome != Outcome::Unexplained {
            continue;
        }
        let best = found
            .iter()
            .map(|f| explain_hits::causes_under(f, r.hash_type))
            .chain(token_as_hash.then(|| vec![Cause::new(CauseCode::TokenAsHash)]))
            .min_by_key(|c| rank(c));
        if let Some(c) = best {
            r.outcome = Outcome::Explained(c.iter().map(|c| c.code).collect());
        }
    }
    d.readings = readings;
    d.not_tried = not_tried(case, token_id);

    if let Some(top) = explanations.first() {
        d.verdict = Verdict::Explained;
        d.hash_type = top.hash_types.first().copied().unwrap_or(open[0]);
        d.expected_hash = expected_of(d.hash_type);
        if stated.is_none() {
            d.hash_type_source = if top.hash_types.len() == 1 {
                HashTypeSource::Inferred
            } else {
                HashTypeSource::Unknown
            };
            // Wrong under every type the server offers: the verdict rests on no reading.
            if top.hash_types.len() < READINGS.len() {
                d.conditions
                    .push(Condition::HashType(top.hash_types.clone()));
            }
        }
    } else {
        d.evidence = evidence::describe(claimed, d.hash_type, &token);
        d.evidence.extend(evidence::other_algorithms(claimed));
        d.evidence.extend(evidence::ruled_out(
            case.other_ks.len(),
            token_id.is_some(),
            open.len(),
        ));
    }
    d.explanations = explanations;
    d
}

/// `inputs_disagree` for a token given that is not the app token's `token`.
fn disagreeing_token(given: &str, token: &str, ht: HashType, ks: &str, claimed: &str) -> Finding {
    let relation = value_forms::partial_of(token, given)
        .map(|r| format!(" (a partial copy of it: {r})"))
        .unwrap_or_default();
    let tail = if token_hash(ht, ks, given).as_str() == claimed {
        "; the claimed hash is right for the token given, so the client holds a wrong copy of the token"
    } else {
        "; the token given was tried too"
    };
    Finding::new(
        FindingCode::InputsDisagree,
        format!(
            "the token given ({} chars) is not the app token's `token` ({} chars){relation}: diagnosed with the app token's, the one the server checks{tail}",
            given.chars().count(),
            token.chars().count()
        ),
    )
    .with("field", "token")
}
