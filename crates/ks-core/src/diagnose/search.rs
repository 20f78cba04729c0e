//! The search: every chain of up to two message causes (three when all are common ones),
//! hashed with a shared KS prefix state, matched against every reading of the claimed hash.

use super::algorithm::{Algorithm, AnyHasher};
use super::cause::Cause;
use super::claimed::{Matcher, Target};
use super::recipe::{Parts, Recipe};
use super::table::{MAX_COST, Table};
use crate::digest::{HashType, Hasher, RawDigest, hmac_digest};
use std::ops::ControlFlow;

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

impl Lane {
    /// Whether a recipe of `cost` causes is tried in this lane.
    fn tries(&self, cost: u8) -> bool {
        self.algorithm.server().is_some() || cost <= MAX_COST_OTHER_ALGORITHMS
    }
}

/// Runs the whole search; returns every hit and how many candidate messages were hashed.
/// `readings` are the app token hashTypes still possible (the inner digests of a double hash).
pub(crate) fn run(p: &Parts<'_>, targets: &[Target], readings: &[HashType]) -> (Vec<Hit>, usize) {
    run_with(p, targets, readings, !exhaustive())
}

#[cfg(test)]
thread_local! {
    /// Tests set this to diagnose with every shortcut off, the reference a diagnosis with
    /// them on must equal.
    pub(crate) static EXHAUSTIVE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True when every candidate must be hashed (tests only).
pub(crate) fn exhaustive() -> bool {
    #[cfg(test)]
    return EXHAUSTIVE.with(std::cell::Cell::get);
    #[cfg(not(test))]
    false
}

/// [`run`], with `after_proof` saying whether the search may stop hashing once a message
/// reproduced the claim (`false`: every candidate is hashed; the tests compare the two).
pub(crate) fn run_with(
    p: &Parts<'_>,
    targets: &[Target],
    readings: &[HashType],
    after_proof: bool,
) -> (Vec<Hit>, usize) {
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
    let mut hits: Vec<Hit> = Vec::new();
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
    let table = Table::new(p);
    let mut tried = 0;
    // Hashes one recipe's message in every lane it may match in; `stop` ends it at the
    // first lane with a hit, which is returned.
    let mut hash = |recipe: Recipe, buf: &[u8], hits: &mut Vec<Hit>, stop: bool| {
        let reuse = recipe.starts_with_canonical_ks();
        for (li, lane) in lanes.iter().enumerate() {
            if !lane.tries(recipe.cost) {
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
                h.update(buf);
                h.finalize()
            };
            let before = hits.len();
            check(
                recipe,
                Method::Plain,
                lane.algorithm,
                digest,
                Some(buf),
                hits,
            );
            if stop && hits.len() > before {
                return Some((li, digest));
            }
        }
        None
    };
    // A lossy reading of the claim (`Utf8Lossy`) matches many digests: every recipe is hashed.
    if !after_proof || !targets.iter().all(Target::is_exact) {
        let _ = table.walk(None, None, |_, recipe, _| {
            recipe.write(p, &mut buf);
            hash(recipe, &buf, &mut hits, false);
            ControlFlow::Continue(())
        });
    } else {
        // The cheapest recipes first: a common mistake is proven after a few dozen digests.
        // Once a message M reproduced the claim under algorithm A, another recipe can only
        // reproduce it by writing M again (a different message, or M under another algorithm,
        // doing so would be a collision of the digests), and of the recipes that write M the
        // report names the table's first. So the search stops hashing there, and looks for
        // M among the recipes before it in the table by length and bytes.
        let mut proof = None;
        for cost in 0..=MAX_COST {
            let _ = table.walk(Some(cost), None, |key, recipe, _| {
                recipe.write(p, &mut buf);
                match hash(recipe, &buf, &mut hits, true) {
                    Some((li, digest)) => {
                        proof = Some((key, li, buf.clone(), digest));
                        ControlFlow::Break(())
                    }
                    None => ControlFlow::Continue(()),
                }
            });
            if proof.is_some() {
                break;
            }
        }
        if let Some((at, li, message, digest)) = proof {
            let lane = &lanes[li];
            let mut earlier = Vec::new();
            let _ = table.walk(None, Some(message.len()), |key, recipe, _| {
                if key >= at {
                    return ControlFlow::Break(());
                }
                if !lane.tries(recipe.cost) {
                    return ControlFlow::Continue(());
                }
                recipe.write(p, &mut buf);
                if buf != message {
                    return ControlFlow::Continue(());
                }
                check(
                    recipe,
                    Method::Plain,
                    lane.algorithm,
                    digest,
                    Some(&buf),
                    &mut earlier,
                );
                ControlFlow::Break(())
            });
            if !earlier.is_empty() {
                hits = earlier;
            }
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
