//! The search: every chain of up to two message causes (three when all are common ones),
//! hashed with a shared KS prefix state, matched against every reading of the claimed hash.

use super::algorithm::{Algorithm, AnyHasher};
use super::cause::Cause;
use super::claimed::{Matcher, Target};
use super::forms::Form;
use super::recipe::{Order, Parts, Recipe};
use super::variants::{Encoding, INVISIBLE, Insert, SEPARATORS, WHITESPACE};
use crate::digest::{HashType, Hasher, RawDigest, hmac_digest};

/// How the digest was computed from the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Plain,
    /// HMAC keyed with the token over the KS (`true`) or keyed with the KS over the token;
    /// `whole`: over KS + token, keyed with the token (`hash_hmac(alg, $ks . $token, $token)`).
    Hmac {
        key_is_token: bool,
        whole: bool,
    },
    /// `H_outer(hex(H_inner(message)))`.
    Double {
        inner: HashType,
    },
}

/// A recipe whose digest reproduced the claimed hash.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub recipe: Recipe,
    pub method: Method,
    pub algorithm: Algorithm,
    pub render: Vec<Cause>,
    pub digest: RawDigest,
}

fn unpadded_eq(digest: &[u8], text: &[u8]) -> bool {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut i = 0;
    for &b in digest {
        if b >= 0x10 {
            if text.get(i) != Some(&HEX[(b >> 4) as usize]) {
                return false;
            }
            i += 1;
        }
        if text.get(i) != Some(&HEX[(b & 0x0f) as usize]) {
            return false;
        }
        i += 1;
    }
    i == text.len()
}

pub(crate) fn matches(target: &Target, digest: &RawDigest, message: Option<&[u8]>) -> bool {
    if let Some(need) = &target.needs_message
        && message != Some(need.as_slice())
    {
        return false;
    }
    match &target.matcher {
        Matcher::Bytes(b) => digest.as_bytes() == b.as_slice(),
        Matcher::HexWithoutLeadingZeros(h) => {
            let hex = digest.to_hex();
            let s = hex.as_str();
            s.len() > h.len() && s.trim_start_matches('0') == h
        }
        Matcher::HexUnpadded(h) => unpadded_eq(digest.as_bytes(), h.as_bytes()),
        Matcher::Utf8Lossy(t) => String::from_utf8_lossy(digest.as_bytes()) == t.as_str(),
    }
}

struct Dim<T> {
    choice: T,
    cost: u8,
    common: bool,
}

fn inserts(table: &[&[Insert]]) -> Vec<Dim<Option<Insert>>> {
    let mut out = vec![Dim {
        choice: None,
        cost: 0,
        common: true,
    }];
    for t in table {
        out.extend(t.iter().map(|i| Dim {
            choice: Some(*i),
            cost: 1,
            common: i.common,
        }));
    }
    out
}

fn forms(list: &[Form]) -> Vec<Dim<Option<usize>>> {
    let mut out = vec![Dim {
        choice: None,
        cost: 0,
        common: true,
    }];
    out.extend(list.iter().enumerate().map(|(i, f)| Dim {
        choice: Some(i),
        cost: f.causes.len() as u8,
        common: f.common,
    }));
    out
}

/// Every recipe with at most two message causes, or three when every one is common.
pub(crate) fn recipes(p: &Parts<'_>) -> Vec<Recipe> {
    let orders = [
        Dim {
            choice: Order::KsToken,
            cost: 0,
            common: true,
        },
        Dim {
            choice: Order::TokenKs,
            cost: 1,
            common: true,
        },
        Dim {
            choice: Order::KsOnly,
            cost: 1,
            common: false,
        },
        Dim {
            choice: Order::TokenOnly,
            cost: 1,
            common: false,
        },
    ];
    let ks = forms(p.ks_forms);
    let token = forms(p.token_forms);
    let ends = inserts(&[&WHITESPACE, &INVISIBLE]);
    let between = inserts(&[&WHITESPACE, &INVISIBLE, &SEPARATORS]);
    let mut encodings = vec![Dim {
        choice: Encoding::Utf8,
        cost: 0,
        common: true,
    }];
    encodings.extend(Encoding::ALTERNATIVES.iter().map(|e| Dim {
        choice: *e,
        cost: 1,
        common: e.common(),
    }));

    let allowed = |cost: u8, common: bool| cost <= 2 || (cost == 3 && common);
    let mut out = Vec::with_capacity(4096);
    for o in &orders {
        for k in &ks {
            if o.choice == Order::TokenOnly && k.choice.is_some() {
                continue;
            }
            for t in &token {
                if o.choice == Order::KsOnly && t.choice.is_some() {
                    continue;
                }
                let c3 = o.cost + k.cost + t.cost;
                let m3 = o.common && k.common && t.common;
                if !allowed(c3, m3) {
                    continue;
                }
                for b in &between {
                    if matches!(o.choice, Order::KsOnly | Order::TokenOnly) && b.choice.is_some() {
                        continue;
                    }
                    let (c4, m4) = (c3 + b.cost, m3 && b.common);
                    if !allowed(c4, m4) {
                        continue;
                    }
                    for l in &ends {
                        let (c5, m5) = (c4 + l.cost, m4 && l.common);
                        if !allowed(c5, m5) {
                            continue;
                        }
                        for r in &ends {
                            let (c6, m6) = (c5 + r.cost, m5 && r.common);
                            if !allowed(c6, m6) {
                                continue;
                            }
                            for e in &encodings {
                                if !allowed(c6 + e.cost, m6 && e.common) {
                                    continue;
                                }
                                out.push(Recipe {
                                    cost: c6 + e.cost,
                                    order: o.choice,
                                    ks: k.choice,
                                    token: t.choice,
                                    lead: l.choice,
                                    between: b.choice,
                                    trail: r.choice,
                                    encoding: e.choice,
                                });
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// One algorithm the claim's shape allows, with the KS already hashed into its state.
struct Lane {
    algorithm: Algorithm,
    prefix: AnyHasher,
    /// Some target takes any message; otherwise only messages of `lens` bytes can match.
    free: bool,
    lens: Vec<usize>,
}

/// Algorithms the server does not offer are tried with at most one message cause, so a
/// 64-hex claim (SHA256, SHA-512/256, SHA3-256) does not triple the search.
const MAX_COST_OTHER_ALGORITHMS: u8 = 1;

/// Runs the whole search; returns every hit and how many candidate messages were hashed.
/// `readings` are the app token hashTypes still possible (the inner digests of a double hash).
pub(crate) fn run(p: &Parts<'_>, targets: &[Target], readings: &[HashType]) -> (Vec<Hit>, usize) {
    let mut algos: Vec<Algorithm> = targets.iter().map(|t| t.algorithm).collect();
    algos.sort();
    algos.dedup();
    if algos.is_empty() {
        return (Vec::new(), 0);
    }
    let lanes: Vec<Lane> = algos
        .iter()
        .map(|&a| {
            let mut s = AnyHasher::new(a);
            s.update(p.ks.as_bytes());
            let mine = targets.iter().filter(|t| t.algorithm == a);
            Lane {
                algorithm: a,
                prefix: s,
                free: mine.clone().any(|t| t.needs_message.is_none()),
                lens: mine
                    .filter_map(|t| t.needs_message.as_ref().map(Vec::len))
                    .collect(),
            }
        })
        .collect();
    let ks_len = p.ks.len();
    let mut hits = Vec::new();
    let mut buf = Vec::with_capacity(ks_len * 4 + 256);
    let check = |recipe: Recipe,
                 method: Method,
                 a: Algorithm,
                 digest: RawDigest,
                 message: Option<&[u8]>,
                 hits: &mut Vec<Hit>| {
        for t in targets.iter().filter(|t| t.algorithm == a) {
            if matches(t, &digest, message) {
                hits.push(Hit {
                    recipe,
                    method,
                    algorithm: a,
                    render: t.render.clone(),
                    digest,
                });
            }
        }
    };
    let all = recipes(p);
    let mut tried = 0;
    for recipe in all {
        recipe.write(p, &mut buf);
        let reuse = recipe.starts_with_canonical_ks();
        for lane in &lanes {
            if lane.algorithm.server().is_none() && recipe.cost > MAX_COST_OTHER_ALGORITHMS {
                continue;
            }
            if !lane.free && !lane.lens.contains(&buf.len()) {
                continue;
            }
            tried += 1;
            let digest = if reuse {
                let mut h = lane.prefix.clone();
                h.update(&buf[ks_len..]);
                h.finalize()
            } else {
                let mut h = AnyHasher::new(lane.algorithm);
                h.update(&buf);
                h.finalize()
            };
            check(
                recipe,
                Method::Plain,
                lane.algorithm,
                digest,
                Some(&buf),
                &mut hits,
            );
        }
    }
    // Keyed and nested digests, over the message as it should be (the server's algorithms).
    let base = Recipe::base();
    for ht in algos.iter().filter_map(|a| a.server()) {
        let whole_msg = [p.ks, p.token].concat();
        for (key_is_token, whole) in [(true, false), (false, false), (true, true)] {
            let (key, msg) = match (key_is_token, whole) {
                (true, false) => (p.token, p.ks),
                (false, _) => (p.ks, p.token),
                (true, true) => (p.token, whole_msg.as_str()),
            };
            check(
                base,
                Method::Hmac {
                    key_is_token,
                    whole,
                },
                ht.into(),
                hmac_digest(ht, key.as_bytes(), msg.as_bytes()),
                None,
                &mut hits,
            );
        }
        let mut inners = readings.to_vec();
        if !inners.contains(&ht) {
            inners.push(ht);
        }
        for inner in inners {
            let mut h = Hasher::new(inner);
            h.update(p.ks.as_bytes());
            h.update(p.token.as_bytes());
            let inner_hex = h.finalize().to_hex();
            let mut outer = Hasher::new(ht);
            outer.update(inner_hex.as_str().as_bytes());
            check(
                base,
                Method::Double { inner },
                ht.into(),
                outer.finalize(),
                None,
                &mut hits,
            );
        }
    }
    (hits, tried)
}
